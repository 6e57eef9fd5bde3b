"""Small formatting functions for reports, registered as Jinja filters.

Every one takes a plain value and returns text; none reads the clock or the
system locale, so the same data always prints the same way. They follow the
language of the render in progress (:mod:`scorecard.report.i18n`): English as it
always printed, another language with its catalog's words and Babel's numbers and
dates for its locale. Scores, shares and deltas are
shown by the one display policy (:mod:`scorecard.display`, in its ``HTML`` style):
a score is floored to one decimal, so a displayed score never reaches a band the
score itself does not (79.96 prints as 79.9, not 80.0); missing values print as
``—``.
"""

from __future__ import annotations

import re

from scorecard import display
from scorecard.dates import PartialDate
from scorecard.report.i18n import gettext as _
from scorecard.report.i18n import number_locale

__all__ = [
    "FILTERS",
    "confidence",
    "date_long",
    "date_short",
    "delta",
    "evidence_kind",
    "number",
    "percent",
    "score",
    "short_author",
    "short_title",
]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def score(value: float | None, missing: str = display.MISSING) -> str:
    """A 0-100 score with one decimal, floored (:func:`scorecard.display.format_score`)."""
    return display.format_score(value, missing=missing, locale=number_locale())


def percent(share: float | None, missing: str = display.MISSING) -> str:
    """A share in [0, 1] as a whole percentage (:func:`scorecard.display.format_percent`:
    half to even, ``<1%`` and ``>99%`` rather than a false 0 % or 100 %)."""
    return display.format_percent(share, missing=missing, locale=number_locale())


def delta(value: float | None, missing: str = display.MISSING) -> str:
    """A signed change in score points with one decimal: ``+3.2``, ``−0.5``, ``0.0``
    (:func:`scorecard.display.format_delta`, typeset minus)."""
    return display.format_delta(value, style=display.HTML, missing=missing, locale=number_locale())


def _undated() -> str:
    return _("undated")


def _season(date: PartialDate) -> str:
    """A season date in words (``summer 2009``)."""
    names = {
        "spring": _("spring {year}"),
        "summer": _("summer {year}"),
        "autumn": _("autumn {year}"),
        "winter": _("winter {year}"),
    }
    name = date.season_name or ""
    return names.get(name, name + " {year}").format(year=date.year)


def date_long(value: PartialDate | str | None, missing: str | None = None) -> str:
    """A partial date as words at its own precision: ``2009``, ``September 2009``,
    ``20 December 2010``, ``summer 2009``, ``June 2009 – August 2009``."""
    if value is None:
        return _undated() if missing is None else missing
    date = PartialDate.coerce(value)
    locale = number_locale()
    if date.end is not None:  # an interval: "June 2009 – August 2009"
        if locale is not None:
            return _("{start} – {end}").format(start=date_long(date.start), end=date_long(date.end))
        return f"{date_long(date.start)} – {date_long(date.end)}"
    if date.season_name is not None:
        return f"{date.season_name} {date.year}" if locale is None else _season(date)
    if locale is not None:
        return display.format_date(date, locale=locale)
    if date.month is None:
        return f"{date.year}"
    month = _MONTHS[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


def date_short(value: PartialDate | str | None, missing: str | None = None) -> str:
    """A partial date for tight spaces (chart axes, table cells), at its own precision:
    ``2009``, ``Sep 2009``, ``20 Dec 2010``, ``summer 2009``, ``Jun 2009–Aug 2009``."""
    if value is None:
        return _undated() if missing is None else missing
    date = PartialDate.coerce(value)
    locale = number_locale()
    if date.end is not None:  # an interval: "Jun 2009–Aug 2009"
        return f"{date_short(date.start)}–{date_short(date.end)}"
    if date.season_name is not None:
        return f"{date.season_name} {date.year}" if locale is None else _season(date)
    if locale is not None:
        return display.format_date(date, short=True, locale=locale)
    if date.month is None:
        return f"{date.year}"
    month = _MONTHS[date.month - 1][:3]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


# A title is cut at its first subtitle separator; the question mark stays with the question.
_SUBTITLE = re.compile(r"(?<=\?)\s|:\s|\s[\u2013\u2014-]\s")
_SHORT_WORDS = 5


def short_title(title: str) -> str:
    """A short title for a footnote: the main title without its subtitle, and at most
    five words (else its first four and an ellipsis). ``"Success or Failure? Evaluating
    ..."`` gives ``"Success or Failure?"``."""
    whole = " ".join(title.split())
    main = _SUBTITLE.split(whole, maxsplit=1)[0].strip() or whole
    words = main.split()
    if len(words) > _SHORT_WORDS:
        kept = words[: _SHORT_WORDS - 1]
        while len(kept) > 1 and kept[-1].lower() in _SMALL_WORDS:
            kept.pop()
        return " ".join(kept).rstrip(",;.:") + "\u2026"
    return main


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "de",
        "del",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "y",
    ]
)


def _surname(name: str) -> str:
    """A person's surname (``"Shannon K. O'Neil"`` gives ``"O'Neil"``); an organisation
    (a name with small words, or long) is named in full."""
    words = name.split()
    if not words or len(words) > 4 or any(w.lower() in _SMALL_WORDS for w in words[1:]):
        return " ".join(words) or name
    return words[-1]


def short_author(authors: tuple[str, ...] | None, publisher: str | None) -> str:
    """Who a short footnote names: the first author's surname (``"Selee"``, ``"Arzt and
    Selee"``, ``"Arzt et al."``; an organisation in full), else a short form of the
    publisher (its acronym in parentheses, or its name up to the first comma), else
    ``""``."""
    if authors:
        names = [_surname(a) for a in authors]
        if len(names) == 1:
            return names[0]
        pair = _("{first} and {second}").format(first=names[0], second=names[1])
        if len(names) == 2 and len(pair) <= 40:
            return pair
        return _("{first} et al.").format(first=names[0])
    if publisher:
        acronym = re.search(r"\(([A-Z][A-Za-z&.]{1,11})\)\s*$", publisher)
        if acronym:
            return acronym.group(1)
        return publisher.split(",")[0].strip()
    return ""


def number(value: float | None, missing: str = display.MISSING) -> str:
    """An observed quantity: thousands separated, at most two decimals, no trailing zeros."""
    if value is None:
        return missing
    locale = number_locale()
    if locale is not None:
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.##", locale=locale)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def evidence_kind(kind: str) -> str:
    """An evidence kind (``input``, ``output``, ``outcome``, ``statement``,
    ``recommendation``) in words of the report's language."""
    words = {
        "input": _("input"),
        "output": _("output"),
        "outcome": _("outcome"),
        "statement": _("statement"),
        "recommendation": _("recommendation"),
    }
    return words.get(kind, kind)


def confidence(level: str) -> str:
    """A confidence level (``high``, ``medium``, ``low``) in words of the report's language."""
    words = {"high": _("high"), "medium": _("medium"), "low": _("low")}
    return words.get(level, level)


FILTERS = {
    "score": score,
    "percent": percent,
    "delta": delta,
    "date_long": date_long,
    "date_short": date_short,
    "number": number,
    "evidence_kind": evidence_kind,
    "confidence": confidence,
}
