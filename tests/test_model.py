"""Model validators: local invariants fail when an object is built."""

from __future__ import annotations

import pytest

from scorecard.dates import PartialDate
from scorecard.model import Citation, GradeBand, GradeBands, Level, Observation, Scale, Source


def test_a_missing_level_takes_no_value() -> None:
    with pytest.raises(ValueError, match="takes no value"):
        Level("none", "None", "Nothing.", value=0.0, missing=True)
    with pytest.raises(ValueError, match="needs a value"):
        Level("low", "Low", "Little.")


def test_scale_values_never_decrease() -> None:
    with pytest.raises(ValueError, match="scores lower"):
        Scale((Level("a", "A", "a", value=0.5), Level("b", "B", "b", value=0.2)))


def test_grade_bands_cover_0_to_100_without_gaps() -> None:
    with pytest.raises(ValueError, match="gap"):
        GradeBands((GradeBand("A", 60, 100), GradeBand("F", 0, 50)))
    with pytest.raises(ValueError, match="overlap"):
        GradeBands((GradeBand("A", 40, 100), GradeBand("F", 0, 50)))
    bands = GradeBands((GradeBand("F", 0, 50), GradeBand("A", 50, 100)))
    assert bands.grades == ("A", "F")
    assert bands.grade(100) == "A"
    assert bands.grade(49.999) == "F"


def test_an_observation_is_a_value_or_a_range() -> None:
    cite = (Citation("s", "q"),)
    with pytest.raises(ValueError, match="not both"):
        Observation(PartialDate(2010), cite, value=1.0, low=0.0, high=2.0)
    with pytest.raises(ValueError, match="above high"):
        Observation(PartialDate(2010), cite, low=3.0, high=2.0)
    assert Observation(PartialDate(2010), cite, low=1.0, high=3.0).point() == 2.0


def test_citation_and_source_checks() -> None:
    with pytest.raises(ValueError, match="start < end"):
        Citation("s", "q", span=(5, 5))
    with pytest.raises(ValueError, match="occurrence"):
        Citation("s", "q", occurrence=0)
    with pytest.raises(ValueError, match="sha256"):
        Source("s", "T", PartialDate(2010), "report", "sources/s.txt", "ABC")
