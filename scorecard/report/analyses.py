"""What a report needs besides the result: robustness, the timeline and the changes.

These are small frozen records in the report's own terms, so that the view model
does not depend on the engine's internal shapes. :func:`analyse` fills them from
the engine (:func:`scorecard.sensitivity`, :func:`scorecard.timeline`,
:func:`scorecard.explain`) using the programme, the weights and the scoring options
recorded in the result's provenance.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs

from scorecard.dates import PartialDate
from scorecard.model import Programme
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
    # "commitment", or what happened to a pillar as a whole: "pillar-entered" (first
    # assessed, so it enters the overall score), "pillar-left" (no longer assessed) or
    # "pillar-reweighted" (its share of the overall score changed as other pillars
    # entered or left), or the same of an objective within its pillar ("objective-...");
    # for these, before/after hold None and the pillar's (objective's) scores are in
    # score_before/score_after.
    kind: str = "commitment"
    score_before: float | None = None
    score_after: float | None = None


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
    weights = {"pillars": dict(prov.pillar_weights), "commitments": dict(prov.commitment_weights)}
    if prov.objective_weights:
        weights["objectives"] = dict(prov.objective_weights)
    if prov.indicator_weights:
        weights["indicators"] = dict(prov.indicator_weights)
    return weights


def analyse(result: Result, *, draws: int, seed: int) -> Analyses:
    """Robustness, timeline and changes for ``result``, from the engine
    (:func:`scorecard.sensitivity`, :func:`scorecard.timeline`, :func:`scorecard.explain`)."""
    from scorecard.analysis import timeline

    programme = result.programme
    if programme is None:
        return Analyses()
    options = result.provenance.options
    as_of = options.as_of
    line = timeline(programme, weights_of(result), options=attrs.evolve(options, as_of=None))
    results = tuple(
        r
        for d, r in zip(line.dates, line.results, strict=True)
        if as_of is None or d.on_or_before(as_of)
    )
    return Analyses(
        robustness=robustness(result, draws=draws, seed=seed),
        timeline=results,
        changes=changes(results),
    )


def _label(programme: Programme, status: str | None) -> str | None:
    if status is None:
        return None
    try:
        return programme.scale.level(status).label
    except KeyError:
        return status


def _kind(
    commitment: str | None, objective: str | None, before: float | None, after: float | None
) -> str:
    """What a contribution is: a commitment's, or which change of a pillar (or, within a
    pillar, of an objective) as a whole."""
    if commitment is not None:
        return "commitment"
    level = "pillar" if objective is None else "objective"
    if before is None and after is not None:
        return f"{level}-entered"
    if before is not None and after is None:
        return f"{level}-left"
    return f"{level}-reweighted"


def changes(results: tuple[Result, ...]) -> tuple[Change, ...]:
    """What changed between consecutive results, attributed by :func:`scorecard.explain`;
    steps in which nothing moved are left out."""
    from scorecard.analysis import explain

    out: list[Change] = []
    for before, after in itertools.pairwise(results):
        exp = explain(before, after)
        programme = after.programme
        assert programme is not None
        pillar_points = {
            (c.pillar, c.commitment, c.objective): c.amount
            for pc in exp.pillars
            for c in pc.contributions
        }
        titles = {p.id: p.title for p in programme.pillars}
        objectives = {o.id: o.title for p in programme.pillars for o in p.objectives}
        contributions = tuple(
            Contribution(
                commitment=c.commitment or "",
                title=(
                    programme.commitment(c.commitment).title
                    if c.commitment is not None
                    else objectives.get(c.objective or "", titles.get(c.pillar, c.pillar))
                ),
                pillar=titles.get(c.pillar, c.pillar),
                before=_label(programme, c.status_before),
                after=_label(programme, c.status_after),
                overall=c.amount,
                pillar_points=pillar_points.get((c.pillar, c.commitment, c.objective), 0.0),
                kind=_kind(c.commitment, c.objective, c.score_before, c.score_after),
                score_before=c.score_before,
                score_after=c.score_after,
            )
            for c in exp.overall.contributions
            if abs(c.amount) > 1e-9
        )
        pillars = tuple(
            PillarChange(
                pc.id,
                titles.get(pc.id, pc.id),
                pc.before,
                pc.after,
                pc.grade_before,
                pc.grade_after,
            )
            for pc in exp.pillars
        )
        moved = (
            bool(contributions)
            or any(pc.before != pc.after for pc in exp.pillars)
            or exp.overall.before != exp.overall.after
        )
        if not moved:
            continue
        arithmetic = all(m == "arithmetic" for m in exp.method.values())
        note = (
            ""
            if arithmetic
            else "With geometric or harmonic means the contributions sum to the change, but "
            "the split is exact only on the means' own (log or reciprocal) scale."
        )
        out.append(
            Change(
                before=before.provenance.as_of,
                after=after.provenance.as_of,
                overall_before=exp.overall.before,
                overall_after=exp.overall.after,
                grade_before=exp.overall.grade_before,
                grade_after=exp.overall.grade_after,
                pillars=pillars,
                contributions=contributions,
                note=note,
            )
        )
    return tuple(out)


def _odds(
    median: float | None, p05: float | None, p95: float | None, grades: dict[str, float]
) -> GradeOdds:
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
        options=result.provenance.options,
    )
    groups = (
        "the weights of the objectives within each pillar and of the commitments within "
        "each objective"
        if any(p.objectives for p in programme.pillars)
        else "the weights of the commitments within each pillar"
    )
    setup = (
        f"Pillar weights, and {groups}, are drawn "
        "from Dirichlet distributions centered on the weights used, with a spread of "
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
