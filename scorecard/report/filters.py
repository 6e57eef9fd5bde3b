"""Small formatting functions for reports, registered as Jinja filters.

Every one takes a plain value and returns text; none reads the clock or the
locale, so the same data always prints the same way. Scores are truncated, not
rounded, to one decimal: a displayed score never reaches a band the score itself
does not (79.96 prints as 79.9, not 80.0).
"""

from __future__ import annotations

import math

from scorecard.dates import PartialDate

__all__ = ["FILTERS", "date_long", "delta", "number", "percent", "score"]

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


def score(value: float | None, missing: str = "n/a") -> str:
    """A 0-100 score with one decimal, truncated toward zero; ``missing`` for ``None``."""
    if value is None:
        return missing
    truncated = math.floor(value * 10 + 1e-9) / 10
    return f"{truncated:.1f}"


def percent(share: float | None, missing: str = "n/a") -> str:
    """A share in [0, 1] as a whole percentage, never showing 100 % for less than all
    nor 0 % for more than nothing."""
    if share is None:
        return missing
    shown = round(share * 100)
    if shown >= 100 and share < 1:
        shown = 99
    if shown == 0 and share > 0:
        return "<1%"
    return f"{shown}%"


def delta(value: float | None, missing: str = "n/a") -> str:
    """A signed change in score points with one decimal: ``+3.2``, ``-0.5``, ``0.0``."""
    if value is None:
        return missing
    shown = round(value, 1)
    if shown == 0:
        return "0.0"
    return f"{shown:+.1f}".replace("-", "\u2212")


def date_long(value: PartialDate | str | None, missing: str = "undated") -> str:
    """A partial date as words at its own precision: ``2009``, ``September 2009``,
    ``20 December 2010``."""
    if value is None:
        return missing
    date = PartialDate.coerce(value)
    if date.month is None:
        return f"{date.year}"
    month = _MONTHS[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


def number(value: float | None, missing: str = "n/a") -> str:
    """An observed quantity: thousands separated, at most two decimals, no trailing zeros."""
    if value is None:
        return missing
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


FILTERS = {
    "score": score,
    "percent": percent,
    "delta": delta,
    "date_long": date_long,
    "number": number,
}
