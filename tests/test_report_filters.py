"""The report's formatting filters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.dates import PartialDate
from scorecard.model import GradeBand, GradeBands
from scorecard.report.filters import date_long, delta, number, percent, score


def test_score_truncates_so_display_never_reaches_a_higher_band() -> None:
    assert score(79.96) == "79.9"
    assert score(80.0) == "80.0"
    assert score(None) == "n/a"


@settings(max_examples=100)
@given(st.floats(min_value=0, max_value=100))
def test_displayed_score_has_the_same_grade(value: float) -> None:
    bands = GradeBands((GradeBand("A", 80, 100), GradeBand("B", 60, 80), GradeBand("F", 0, 60)))
    assert bands.grade(float(score(value))) == bands.grade(value)


@pytest.mark.parametrize(
    ("share", "text"), [(1.0, "100%"), (0.999, "99%"), (0.001, "<1%"), (0.0, "0%"), (0.5, "50%")]
)
def test_percent_never_overstates(share: float, text: str) -> None:
    assert percent(share) == text


def test_dates_print_at_their_own_precision() -> None:
    assert date_long(PartialDate.parse("2009")) == "2009"
    assert date_long(PartialDate.parse("2009-09")) == "September 2009"
    assert date_long(PartialDate.parse("2010-12-20")) == "20 December 2010"
    assert date_long(None) == "undated"


def test_delta_and_number() -> None:
    assert delta(3.24) == "+3.2"
    assert delta(-0.5) == "\u22120.5"
    assert delta(0.01) == "0.0"
    assert number(24000.0) == "24,000"
    assert number(2.50) == "2.5"
