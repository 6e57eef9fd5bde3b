"""HTML to PDF with WeasyPrint: restricted fetching, attachments, reproducible bytes.

WeasyPrint is imported here only, on first use. Reproducibility: the PDF
identifier is derived from the HTML and the attachments, every date (document
metadata, attachments, font subsets through ``SOURCE_DATE_EPOCH``) comes from the
data, never from the clock. The document's creation and modification dates come
from the HTML (``<meta name="dcterms.created">``, the edition date); a report
without one has none.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from scorecard.errors import RenderError

__all__ = ["VARIANTS", "EmbeddedFile", "html_to_pdf"]

VARIANTS = ("pdf/ua-1", "pdf/a-3a", "pdf/a-3b")
"""PDF/UA-1 (tagged, accessible), PDF/A-3a (archival and tagged) and PDF/A-3b
(archival, untagged: kept for readers that ask for the level-B conformance)."""


@attrs.frozen(slots=True)
class EmbeddedFile:
    """One PDF attachment: its name, bytes, a description and its relationship to
    the document (PDF/A-3 ``AFRelationship``: ``Data``, ``Source``, ``Supplement``)."""

    name: str
    data: bytes
    description: str
    relationship: str = "Data"


@contextlib.contextmanager
def _source_date_epoch(when: _dt.datetime) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` for font subsetting, restoring any earlier value."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _info_finisher(info: Mapping[str, str]) -> Any:
    """A WeasyPrint finisher adding ``info`` to the document information dictionary."""
    import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, untyped

    def finish(document: Any, pdf: Any) -> None:
        for key, value in info.items():
            pdf.info[key] = pydyf.String(value)

    return finish


def identifier(html: str, files: Sequence[EmbeddedFile]) -> bytes:
    """A fixed PDF identifier: a digest of everything that goes into the PDF."""
    digest = hashlib.sha256(html.encode("utf-8"))
    for f in files:
        digest.update(f.name.encode("utf-8") + b"\0" + hashlib.sha256(f.data).digest())
    return digest.hexdigest()[:32].encode("ascii")


def html_to_pdf(
    html: str,
    *,
    roots: Sequence[Path],
    base_dir: Path,
    variant: str,
    when: _dt.date,
    files: Sequence[EmbeddedFile] = (),
    info: Mapping[str, str] | None = None,
) -> bytes:
    """Render ``html`` to PDF bytes with a fetcher restricted to ``roots``.

    ``when`` dates the attachments and the font subsets (the edition date, else the
    report's as-of date); ``info``: extra entries of the PDF's document information
    dictionary (``{"Publisher": ...}``).

    Raises :class:`RenderError` if WeasyPrint tried to fetch anything outside them
    (the PDF would silently lack it) or if ``variant`` is unknown.
    """
    if variant not in VARIANTS:
        raise RenderError(f"variant must be one of {', '.join(VARIANTS)}, not {variant!r}")
    import weasyprint

    from scorecard.report.fetcher import RestrictedFetcher

    stamp = _dt.datetime(when.year, when.month, when.day, tzinfo=_dt.UTC)
    fetcher = RestrictedFetcher(roots)
    capture = _Capture()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(capture)
    try:
        with _source_date_epoch(stamp):
            document = weasyprint.HTML(
                string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher
            )
            attachments = [
                weasyprint.Attachment(
                    string=f.data,
                    name=f.name,
                    description=f.description,
                    created=stamp,
                    modified=stamp,
                    relationship=f.relationship,
                    url_fetcher=fetcher,
                )
                for f in files
            ]
            pdf: bytes = document.write_pdf(
                pdf_variant=variant,
                pdf_identifier=identifier(html, files),
                attachments=attachments,
                finisher=_info_finisher(info or {}),
            )
    finally:
        logger.removeHandler(capture)
    if fetcher.refused:
        raise RenderError(
            "the report asked for resources outside the package's own assets, which were "
            "refused: " + ", ".join(repr(u) for u in fetcher.refused[:10])
        )
    return pdf
