"""Display helpers: rounding never lifts a score into a higher band."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.display import format_percent, format_score, format_weight, grade_of, snap
from scorecard.model import GradeBands
from tests.strategies import STANDARD_BANDS, grade_bands


def test_format_score_floors() -> None:
    assert format_score(79.96) == "79"
    assert format_score(79.96, 1) == "79.9"
    assert format_score(80.0) == "80"
    assert format_score(79.99999999999999) == "80"  # float noise for a true 80
    assert format_score(0.0, 2) == "0.00"
    assert format_score(100.0) == "100"
    assert format_score(None) == "—"
    assert grade_of(STANDARD_BANDS, 79.99999999999999) == "A"
    assert grade_of(STANDARD_BANDS, 79.96) == "B"


def test_format_percent_has_no_false_extremes() -> None:
    assert format_percent(0.999) == "99%"
    assert format_percent(1.0) == "100%"
    assert format_percent(0.001) == "1%"
    assert format_percent(0.001, 1) == "0.1%"
    assert format_percent(0.0) == "0%"
    assert format_percent(0.125, 1) == "12.5%"
    assert format_percent(None) == "—"
    with pytest.raises(ValueError, match="between 0 and 1"):
        format_percent(1.5)


def test_format_weight() -> None:
    assert format_weight(1 / 3) == "33.3%"


@settings(max_examples=200, deadline=None)
@given(grade_bands(), st.floats(min_value=0, max_value=100), st.integers(0, 3))
def test_shown_score_is_never_in_a_higher_band(
    bands: GradeBands, score: float, digits: int
) -> None:
    order = bands.grades  # best first
    shown = float(format_score(score, digits))
    assert shown <= snap(score)
    assert order.index(bands.grade(shown)) >= order.index(grade_of(bands, score))
