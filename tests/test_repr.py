"""Analysis records print as one short line at a REPL, with their headline figures."""

from __future__ import annotations

from pathlib import Path

import pytest

import scorecard
from scorecard.model import Programme

MERIDA = Path(__file__).parent.parent / "fixtures" / "merida"


@pytest.fixture(scope="module")
def programme() -> Programme:
    return scorecard.load(MERIDA)


def test_result_repr_is_short_and_says_the_grades(programme: Programme) -> None:
    result = scorecard.score(programme)
    text = repr(result)
    assert len(text) < 400
    assert "\n" not in text
    assert f"weighting {result.provenance.weighting!r}" in text
    assert result.overall.grade is not None
    assert f"overall {result.overall.grade} (" in text
    for pillar in result.pillars:
        assert f"{pillar.id} {pillar.grade} (" in text


def test_comparison_timeline_sensitivity_explanation_reprs_are_short(
    programme: Programme,
) -> None:
    names = {w.id: w.id for w in programme.weightings}
    comparison = scorecard.compare(programme, names)
    timeline = scorecard.timeline(programme)
    sensitivity = scorecard.sensitivity(programme, draws=500)
    explanation = scorecard.explain(timeline.results[0], timeline.results[-1])
    for obj in (comparison, timeline, sensitivity, explanation):
        text = repr(obj)
        assert len(text) < 600, type(obj).__name__
        assert text.startswith(f"<{type(obj).__name__} ")
    for name in names:
        assert f"{name}: " in repr(comparison)
    for date in timeline.dates:
        assert f"{date}: " in repr(timeline)
    assert "500 draws" in repr(sensitivity)
    # a grade share that is not exactly zero never prints as 0 %
    assert " 0%" not in repr(sensitivity)
