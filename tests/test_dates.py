"""Partial dates: parsing, meaning, order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from scorecard.dates import PartialDate
from tests.strategies import partial_dates


@pytest.mark.parametrize("text", ["2009", "2012-12", "2010-12-20"])
def test_parse_and_isoformat_round_trip(text: str) -> None:
    assert PartialDate.parse(text).isoformat() == text


@pytest.mark.parametrize("text", ["09", "2009-13", "2009-02-30", "2009-1", "Nov 2016", ""])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"YYYY|month|day|out of range"):
        PartialDate.parse(text)


def test_a_partial_date_denotes_its_days() -> None:
    assert PartialDate(2009).first == dt.date(2009, 1, 1)
    assert PartialDate(2009).last == dt.date(2009, 12, 31)
    assert PartialDate(2012, 2).last == dt.date(2012, 2, 29)
    # A source of "2009" may be from December: not on or before September.
    assert not PartialDate(2009).on_or_before("2009-09")
    assert PartialDate(2009, 9).on_or_before("2009")
    assert PartialDate.coerce(dt.date(2010, 12, 20)) == PartialDate(2010, 12, 20)


@settings(max_examples=200)
@given(partial_dates, partial_dates)
def test_order_agrees_with_on_or_before(a: PartialDate, b: PartialDate) -> None:
    # Sorting never puts a date before one it is not on or before ...
    if a <= b:
        assert a.on_or_before(b)
    # ... and a date strictly on or before another sorts first. Dates with the same last
    # day (2001-01-31 and 2001-01) are on or before each other; the order then puts the
    # one whose first day is earlier first.
    if a.on_or_before(b) and not b.on_or_before(a):
        assert a < b
    if a < b:
        assert a.last <= b.last
    assert (a <= b) or (b <= a)
    assert (a <= b and b <= a) == (a == b)
