"""Who publishes a report and which edition it is: the cover's lines and the PDF's metadata.

The dataset's ``[publication]`` table (:class:`scorecard.model.Publication`) is
printed on the cover (publisher, edition date, version, license, contact) and
written into the document's metadata: HTML ``<meta>`` elements (Dublin Core terms)
and, in the PDF, the document information dictionary. The PDF's creation and
modification dates are the edition date, so every render of one edition is
byte-identical. A dataset without an edition date gets no creation date at all:
the clock would break reproducibility, and the as-of date is when the evidence
stops, not when the document was made.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from scorecard.model import Programme
from scorecard.report.filters import date_long

__all__ = ["PublicationView", "edition_date", "publication_view"]


@attrs.frozen(slots=True)
class PublicationView:
    """The publication block as text, each field ``""`` when the dataset leaves it out.

    ``edition`` is the edition date in words (``29 November 2026``), ``edition_iso``
    the same as a W3C date (``2026-11-29``) for the metadata; ``contact_href`` is the
    contact as a link target (``mailto:`` added to an e-mail address).
    """

    publisher: str = ""
    edition: str = ""
    edition_iso: str = ""
    version: str = ""
    license: str = ""
    contact: str = ""
    contact_href: str = ""

    @property
    def empty(self) -> bool:
        return not (self.publisher or self.edition or self.version or self.license or self.contact)

    def pdf_metadata(self) -> dict[str, str]:
        """The custom entries of the PDF's document information dictionary."""
        entries = {
            "Publisher": self.publisher,
            "Edition": self.edition_iso,
            "Version": self.version,
            "Rights": self.license,
            "Contact": self.contact,
        }
        return {key: value for key, value in entries.items() if value}


def publication_view(programme: Programme) -> PublicationView:
    """The view of ``programme``'s publication block."""
    pub = programme.publication
    contact = pub.contact or ""
    href = contact
    if contact and "://" not in contact and not contact.startswith("mailto:"):
        href = "mailto:" + contact
    date = pub.edition_date
    return PublicationView(
        publisher=pub.publisher or "",
        edition="" if date is None else date_long(date),
        edition_iso="" if date is None else date.first.isoformat(),
        version=pub.version or "",
        license=pub.license or "",
        contact=contact.removeprefix("mailto:"),
        contact_href=href,
    )


def edition_date(programme: Programme) -> _dt.date | None:
    """The edition date of ``programme``'s reports, ``None`` when the dataset gives none."""
    date = programme.publication.edition_date
    return None if date is None else date.first
