"""Partial and uncertain dates: a year, a month, a day, a season or an interval.

Sources are often dated only to the year ("2009"), the month ("2012-12") or the
season ("summer 2009"), or known to lie between two dates. A :class:`PartialDate`
keeps exactly the precision the source gives and never invents a day. It is
written in ISO 8601-2 / EDTF level 1 notation, the subset listed here:

==================  ===================  =======================================
form                example              days it may denote
==================  ===================  =======================================
year                ``2009``             2009-01-01 .. 2009-12-31
month               ``2012-12``          2012-12-01 .. 2012-12-31
day                 ``2010-12-20``       that day
season              ``2009-22``          2009-06-01 .. 2009-08-31 (summer)
interval ``A/B``    ``2009-06/2009-08``  the first day of A .. the last day of B
==================  ===================  =======================================

Seasons are EDTF's level-1 codes, read for the Northern hemisphere (where the
first datasets are) by meteorological season: ``21`` spring (March to May),
``22`` summer (June to August), ``23`` autumn (September to November) and ``24``
winter (December of that year to February of the next, so ``2009-24`` ends on
2010-02-28). Each side of an interval is a year, month, day or season, and an
interval may not end before it starts (the first day of A must be on or before
the last day of B). Uncertain (``?``), approximate (``~``) and unspecified
(``X``) dates, open intervals (``..``), level-2 seasons and the like are refused
with a :class:`ValueError` that lists what is supported.

Meaning
-------
*On or before.* ``a.on_or_before(b)`` holds when every day ``a`` may denote is on
or before the last day ``b`` may denote, i.e. ``a.last <= b.last``. This is the
rule for "no hindsight" (a source dated ``2009`` may not back an assessment dated
``2009-09``: the source may be from December) and for scoring "as of" a date: a
reading never counts before the latest day its date can mean.

*Order.* Dates sort by ``(last, first)``: by the last day they may denote, then
by the first. This order agrees with ``on_or_before``: ``a <= b`` implies
``a.on_or_before(b)``, and if ``a`` is on or before ``b`` but not the other way
round, ``a < b``. It agrees with the intervals the dates denote: a date whose
days all come before another's sorts first (summer 2009, ``2009-22``, sorts
before ``2009-09``), and a date lying inside another sorts first unless both end
on the same day (``2009-22`` sorts before ``2009``, which ends in December).
Two dates with the same last day (``2001-01`` and ``2001-01-31``) are each on or
before the other; the one whose first day is earlier sorts first. Distinct
dates that denote the very same days (``2009-22`` and ``2009-06/2009-08``) are
not equal (equality is equality of the written form); a single date sorts
before an interval, and intervals by their text, so the order is total.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any

import attrs

__all__ = ["DateLike", "PartialDate"]

# EDTF level-1 season codes, their names and the months they cover: (first month,
#: number of months). Winter starts in December and runs into the next year.
_SEASONS: dict[int, tuple[str, int, int]] = {
    21: ("spring", 3, 3),
    22: ("summer", 6, 3),
    23: ("autumn", 9, 3),
    24: ("winter", 12, 3),
}

_SUPPORTED = (
    "write YYYY, YYYY-MM, YYYY-MM-DD, a season YYYY-21 (spring), -22 (summer), "
    "-23 (autumn), -24 (winter), or an interval A/B of these "
    "(e.g. '2009', '2009-09', '2009-22', '2009-06/2009-08')"
)
_SINGLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# Features of EDTF (and near misses) this module does not take, each with its name.
_UNSUPPORTED = (
    (re.compile(r"[?~%]"), "uncertain (?) and approximate (~, %) dates are"),
    (re.compile(r"[Xx]"), "unspecified digits (X) are"),
    (re.compile(r"\.\.|^/|/$"), "open intervals and intervals with an unknown end are"),
    (re.compile(r"[\[\]{}]"), "sets of dates ([...], {...}) are"),
    (re.compile(r"^[-+Y]|S\d"), "negative and long years and significant digits are"),
    (re.compile(r"[T:]"), "times of day are"),
)


@attrs.frozen(order=False, slots=True, repr=False)
class PartialDate:
    """A date known to the year, the month, the day or the season, or an interval.

    Build one with :meth:`parse` (``"2009"``, ``"2009-09"``, ``"2010-12-20"``,
    ``"2009-22"``, ``"2009-06/2009-08"``) or :meth:`coerce` (which also takes
    :class:`datetime.date`). ``PartialDate(2009, 9)`` is September 2009,
    ``PartialDate(2009, season=22)`` summer 2009, and an interval keeps its start in
    ``year``, ``month``, ``day`` and ``season`` and its end, itself a single date, in
    ``end`` (see :meth:`interval`).
    """

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    end: PartialDate | None = None

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range (1-9999)")
        if self.season is not None:
            if self.season not in _SEASONS:
                raise ValueError(
                    f"season {self.season} is not supported: seasons are 21 (spring), "
                    "22 (summer), 23 (autumn) and 24 (winter)"
                )
            if self.month is not None or self.day is not None:
                raise ValueError("a season has no month or day")
            if self.season == 24 and self.year == 9999:
                raise ValueError("winter 9999 runs into year 10000, which is out of range")
        elif self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
        else:
            if not 1 <= self.month <= 12:
                raise ValueError(f"month {self.month} is not between 1 and 12")
            if self.day is not None:
                last = calendar.monthrange(self.year, self.month)[1]
                if not 1 <= self.day <= last:
                    raise ValueError(
                        f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}"
                    )
        if self.end is not None:
            if self.end.end is not None:
                raise ValueError("an interval ends with a single date, not another interval")
            if self._start_first() > self.end.last:
                raise ValueError(
                    f"the interval {self.isoformat()} ends before it starts: "
                    "write the earlier date first"
                )

    # -- construction -------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the EDTF forms listed in the module docstring; raise ``ValueError``
        (saying what is supported) otherwise."""
        for pattern, what in _UNSUPPORTED:
            if pattern.search(text):
                raise ValueError(f"{text!r}: {what} not supported; {_SUPPORTED}")
        parts = text.split("/")
        if len(parts) > 2:
            raise ValueError(f"{text!r} is not a date: {_SUPPORTED}")
        start = _parse_single(parts[0], text)
        if len(parts) == 1:
            return start
        return cls.interval(start, _parse_single(parts[1], text))

    @classmethod
    def interval(cls, start: PartialDate, end: PartialDate) -> PartialDate:
        """The interval from ``start`` to ``end`` (two single dates): ``A/B``."""
        if start.end is not None:
            raise ValueError("an interval starts with a single date, not another interval")
        return cls(start.year, start.month, start.day, start.season, end)

    @classmethod
    def coerce(cls, value: DateLike) -> PartialDate:
        """Accept a :class:`PartialDate`, a :class:`datetime.date` or a date string."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            raise TypeError("a datetime is not a date: pass value.date()")
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            return cls.parse(value)
        raise TypeError(
            f"expected a date or an EDTF date string ('YYYY[-MM[-DD]]', a season "
            f"'YYYY-22' or an interval 'A/B'), got {type(value).__name__}"
        )

    # -- meaning ------------------------------------------------------------

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"``, ``"day"``, ``"season"`` or ``"interval"``."""
        if self.end is not None:
            return "interval"
        if self.season is not None:
            return "season"
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @property
    def season_name(self) -> str | None:
        """``"spring"``, ``"summer"``, ``"autumn"`` or ``"winter"`` for a season; ``None``
        for any other date, an interval too (whose ``start`` may be a season)."""
        if self.season is None or self.end is not None:
            return None
        return _SEASONS[self.season][0]

    @property
    def start(self) -> PartialDate:
        """The date an interval starts with; a single date is its own start."""
        if self.end is None:
            return self
        return PartialDate(self.year, self.month, self.day, self.season)

    @property
    def first(self) -> _dt.date:
        """The first day this date may denote."""
        return self._start_first()

    @property
    def last(self) -> _dt.date:
        """The last day this date may denote."""
        key = _KEYS.get(self)
        return (key or self._sort_key())[0]

    def _last(self) -> _dt.date:
        if self.end is not None:
            return self.end.last
        if self.season is not None:
            _, month, months = _SEASONS[self.season]
            year, month = divmod(self.year * 12 + month - 1 + months - 1, 12)
            return _dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        if self.month is None:
            return _dt.date(self.year, 12, 31)
        if self.day is None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, self.month, self.day)

    def _start_first(self) -> _dt.date:
        if self.season is not None:
            return _dt.date(self.year, _SEASONS[self.season][1], 1)
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def on_or_before(self, other: DateLike) -> bool:
        """Whether every day this may denote is on or before the last day of ``other``."""
        return self.last <= PartialDate.coerce(other).last

    def sort_key(self) -> tuple[_dt.date, _dt.date, bool, str]:
        """``(last, first, ...)``: the order of the module docstring. The last two
        items only part dates that denote the same days (a single date first)."""
        key = _KEYS.get(self)
        return key if key is not None else self._sort_key()

    def _sort_key(self) -> tuple[_dt.date, _dt.date, bool, str]:
        # Scoring asks for the last day of the same few dates hundreds of times per
        # call (ages, reviews, no hindsight), and calendar arithmetic dominated it:
        # each date's key is computed once and kept (dates are immutable values).
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        key = _KEYS[self] = (self._last(), self.first, self.end is not None, self.isoformat())
        return key

    # -- order and text -----------------------------------------------------

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Any) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Any) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Any) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    def isoformat(self) -> str:
        """The EDTF text, as written in the data: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
        ``YYYY-SS`` (a season) or ``A/B`` (an interval)."""
        if self.end is not None:
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        if self.season is not None:
            return f"{self.year:04d}-{self.season:02d}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"


def _parse_single(part: str, text: str) -> PartialDate:
    """One side of ``text``: a year, month, day or season."""
    match = _SINGLE.fullmatch(part)
    if match is None:
        raise ValueError(f"{text!r} is not a date: {_SUPPORTED}")
    year, middle, day = match.groups()
    if middle is not None and int(middle) > 12:
        code = int(middle)
        if code in _SEASONS and day is None:
            return PartialDate(int(year), season=code)
        if code in _SEASONS:
            raise ValueError(f"{text!r}: a season has no day; {_SUPPORTED}")
        if 25 <= code <= 41:
            raise ValueError(
                f"{text!r}: season {code} (EDTF level 2) is not supported; {_SUPPORTED}"
            )
        raise ValueError(f"{text!r}: {code} is neither a month (01-12) nor a season (21-24)")
    return PartialDate(int(year), int(middle) if middle else None, int(day) if day else None)


DateLike = PartialDate | _dt.date | str

_KEYS: dict[PartialDate, tuple[_dt.date, _dt.date, bool, str]] = {}
_KEYS_MAX = 100_000  # distinct dates remembered; a dataset has a few dozen
