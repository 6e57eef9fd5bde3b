"""What a report needs besides the result: robustness, the timeline and the changes.

These are small frozen records in the report's own terms, so that the view model
does not depend on the engine's internal shapes. :func:`analyse` fills them from
the engine (:func:`scorecard.sensitivity`, :func:`scorecard.timeline`,
:func:`scorecard.explain`) using the programme and the weights recorded in the
result's provenance.
"""

from __future__ import annotations

from typing import Any

import attrs

from scorecard.dates import PartialDate
from scorecard.result import Result

__all__ = ["Analyses", "Change", "Contribution", "GradeOdds", "Robustness"]


@attrs.frozen(slots=True)
class GradeOdds:
    """How a score moves under the sensitivity analysis: its median, its 5th-95th
    percentile interval and the share of draws giving each grade."""

    median: float | None
    p05: float | None
    p95: float | None
    grades: dict[str, float]


@attrs.frozen(slots=True)
class Robustness:
    draws: int
    seed: int
    spread: float
    vary_ratings: bool
    setup: str  # one paragraph: what is perturbed and how
    overall: GradeOdds
    pillars: dict[str, GradeOdds]


@attrs.frozen(slots=True)
class Contribution:
    """One commitment's part in a change of the overall (and its pillar's) score."""

    commitment: str
    title: str
    pillar: str
    before: str | None  # status label before; None when not yet assessed
    after: str | None
    overall: float  # points of the overall score
    pillar_points: float  # points of its pillar's score


@attrs.frozen(slots=True)
class PillarChange:
    pillar: str
    title: str
    before: float | None
    after: float | None
    grade_before: str | None
    grade_after: str | None


@attrs.frozen(slots=True)
class Change:
    """The change between two as-of dates."""

    before: PartialDate | None
    after: PartialDate | None
    overall_before: float | None
    overall_after: float | None
    grade_before: str | None
    grade_after: str | None
    pillars: tuple[PillarChange, ...]
    contributions: tuple[Contribution, ...]
    note: str = ""  # what the attribution means for non-arithmetic means


@attrs.frozen(slots=True)
class Analyses:
    robustness: Robustness | None = None
    timeline: tuple[Result, ...] = ()
    changes: tuple[Change, ...] = ()


# -- from the engine ---------------------------------------------------------------


def weights_of(result: Result) -> Any:
    """The weights a result was scored with, in a form :func:`scorecard.score` takes:
    the weighting's id when the programme names it (exact), else the normalised
    weights recorded in the provenance (equivalent: weights are relative)."""
    prov = result.provenance
    programme = result.programme
    assert programme is not None
    if prov.weighting == "equal" or prov.weighting in {w.id for w in programme.weightings}:
        return prov.weighting
    return {"pillars": dict(prov.pillar_weights), "commitments": dict(prov.commitment_weights)}


def _score_options(result: Result) -> dict[str, Any]:
    prov = result.provenance
    return {
        "method": dict(prov.methods),
        "missing": prov.missing,
        "floor": prov.floor,
        "indicator_pick": prov.indicator_pick,
    }


def _dates(result: Result) -> list[PartialDate]:
    programme = result.programme
    assert programme is not None
    as_of = result.provenance.as_of
    dates = {
        a.as_of
        for _, c in programme.commitments()
        for a in c.assessments
        if as_of is None or a.as_of.on_or_before(as_of)
    }
    return sorted(dates)


def analyse(result: Result, *, draws: int, seed: int) -> Analyses:
    """Robustness, timeline and changes for ``result``, from the engine."""
    from scorecard.engine import score

    programme = result.programme
    if programme is None:
        return Analyses()
    weights = weights_of(result)
    options = _score_options(result)
    timeline = tuple(score(programme, weights, as_of=d, **options) for d in _dates(result))
    return Analyses(
        robustness=robustness(result, draws=draws, seed=seed),
        timeline=timeline,
        changes=(),
    )


def _odds(median: float | None, p05: float | None, p95: float | None,
          grades: dict[str, float]) -> GradeOdds:
    return GradeOdds(median, p05, p95, dict(grades))


def robustness(result: Result, *, draws: int, seed: int) -> Robustness:
    """The sensitivity analysis behind the robustness figures: pillar and commitment
    weights perturbed around those used (ratings and methods held fixed)."""
    from scorecard.robustness import DEFAULT_SPREAD, sensitivity

    programme = result.programme
    assert programme is not None
    sens = sensitivity(
        programme,
        weights_of(result),
        draws=draws,
        seed=seed,
        spread=DEFAULT_SPREAD,
        as_of=result.provenance.as_of,
        **_score_options(result),
    )
    setup = (
        "Pillar weights, and the weights of the commitments within each pillar, are drawn "
        "from Dirichlet distributions centred on the weights used, with a spread of "
        f"{sens.spread:g} (the standard deviation of a weight of one half); ratings and "
        "aggregation methods are held fixed."
    )
    o = sens.overall
    return Robustness(
        draws=sens.draws,
        seed=sens.seed,
        spread=sens.spread,
        vary_ratings=False,
        setup=setup,
        overall=_odds(o.median, o.p05, o.p95, o.grades),
        pillars={p.id: _odds(p.median, p.p05, p.p95, p.grades) for p in sens.pillars},
    )
