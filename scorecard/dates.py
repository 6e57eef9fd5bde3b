"""Partial dates: a year, a year and month, or a full date.

Sources are often dated only to the year ("2009") or month ("2012-12"). A
:class:`PartialDate` keeps exactly the precision the source gives and never
invents a day.

Meaning
-------
A partial date denotes an interval of days: ``2009`` is 2009-01-01..2009-12-31,
``2012-12`` is 2012-12-01..2012-12-31, ``2010-12-20`` is that one day.

*On or before.* ``a.on_or_before(b)`` holds when every day ``a`` may denote is on
or before the last day ``b`` may denote, i.e. ``a.last <= b.last``. This is the
rule for "no hindsight" (a source dated ``2009`` may not back an assessment dated
``2009-09``: the source may be from December) and for scoring "as of" a date.

*Order.* Partial dates sort by ``(last, first)``: by the last day they may
denote, then by the first. This order agrees with ``on_or_before``: ``a <= b``
implies ``a.on_or_before(b)``, and if ``a`` is on or before ``b`` but not the
other way round, ``a < b``. Two dates with the same last day (``2001-01`` and
``2001-01-31``) are each on or before the other; the one whose first day is
earlier sorts first.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any

import attrs

__all__ = ["DateLike", "PartialDate"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@attrs.frozen(order=False, slots=True, repr=False)
class PartialDate:
    """A date known to the year, the month or the day.

    Build one with :meth:`parse` (``"2009"``, ``"2009-09"``, ``"2010-12-20"``) or
    :meth:`coerce` (which also takes :class:`datetime.date`).
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range (1-9999)")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}"
                )

    # -- construction -------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
        match = _PATTERN.match(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. '2009-09')"
            )
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

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
        raise TypeError(f"expected a date or a 'YYYY[-MM[-DD]]' string, got {type(value).__name__}")

    # -- meaning ------------------------------------------------------------

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @property
    def first(self) -> _dt.date:
        """The first day this date may denote."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> _dt.date:
        """The last day this date may denote."""
        if self.month is None:
            return _dt.date(self.year, 12, 31)
        if self.day is None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, self.month, self.day)

    def on_or_before(self, other: DateLike) -> bool:
        """Whether every day this may denote is on or before the last day of ``other``."""
        return self.last <= PartialDate.coerce(other).last

    def sort_key(self) -> tuple[_dt.date, _dt.date]:
        return (self.last, self.first)

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
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as written in the data."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"


DateLike = PartialDate | _dt.date | str
