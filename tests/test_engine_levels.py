"""Issue 10 in the engine: the objectives level, verdicts beside roll-ups, which
reading counts (latest scored, carried forward, stale), indicator progress by
reference period and the party split. Hand-computed oracles carry their arithmetic
in comments; properties use the shared strategies."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.dates import PartialDate
from scorecard.engine import indicator_progress, months_before, score, verdict_comparisons
from scorecard.model import (
    Citation,
    Direction,
    EvidenceKind,
    Goalposts,
    Indicator,
    Objective,
    Observation,
    Programme,
    Verdict,
    Weighting,
)
from scorecard.options import ScoringOptions
from tests.strategies import (
    commitment,
    edtf_dates,
    programme,
    programmes,
    scoring_options,
    valid_weight_specs,
)

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def verdict(scope: str, as_of: str, level: str, note: str | None = None, **kw: object) -> Verdict:
    return Verdict(
        scope=scope,
        as_of=PartialDate.parse(as_of),
        level=level,
        rationale="The source's own judgement.",
        evidence=(Citation("src", "a verdict", EvidenceKind.STATEMENT),),
        divergence_note=note,
        **kw,  # type: ignore[arg-type]
    )


def with_objectives(
    prog: Programme, pillar_id: str, objectives: dict[str, tuple[str, ...]]
) -> Programme:
    """``prog`` with pillar ``pillar_id`` under objectives ``{objective: commitment ids}``."""
    pillar = prog.pillar(pillar_id)
    where = {cid: oid for oid, cids in objectives.items() for cid in cids}
    new = attrs.evolve(
        pillar,
        objectives=tuple(Objective(oid, f"Objective {oid}") for oid in objectives),
        commitments=tuple(attrs.evolve(c, objective=where[c.id]) for c in pillar.commitments),
    )
    return attrs.evolve(prog, pillars=tuple(new if p.id == pillar_id else p for p in prog.pillars))


# -- roll-up oracles ------------------------------------------------------------------


def test_two_level_roll_up_with_unequal_weights() -> None:
    # Levels l0..l4 score 0, 25, 50, 75, 100.
    # Pillar a: a1 = 100 (weight 3), a2 = 25 (weight 1) -> 0.75 * 100 + 0.25 * 25 = 81.25.
    # Pillar b: b1 = 50 (weight 1), b2 = 0 (weight 4) -> 0.2 * 50 + 0.8 * 0 = 10.
    # Overall, pillars 1:3: 0.25 * 81.25 + 0.75 * 10 = 20.3125 + 7.5 = 27.8125 (grade D).
    lens = Weighting("lens", "Lens", "Why.", {"a": 1, "b": 3}, {"a1": 3, "b2": 4})
    prog = programme(
        {
            "a": (commitment("a1", "l4"), commitment("a2", "l1")),
            "b": (commitment("b1", "l2"), commitment("b2", "l0")),
        },
        weightings=(lens,),
    )
    result = score(prog, "lens")
    assert result.pillar("a").score == pytest.approx(81.25)
    assert result.pillar("b").score == pytest.approx(10.0)
    assert result.overall.score == pytest.approx(27.8125)
    assert result.overall.grade == "D"
    assert result.commitment("b2").effective_weight == pytest.approx(0.75 * 0.8)
    assert result.pillar("a").objectives == ()


def test_three_level_roll_up_with_unequal_weights() -> None:
    # Pillar a has objectives x (weight 3) and y (weight 1); pillar b has none.
    # x: a1 = 100 (weight 1), a2 = 0 (weight 3) -> 0.25 * 100 = 25.
    # y: a3 = 75 -> 75.
    # a = 0.75 * 25 + 0.25 * 75 = 18.75 + 18.75 = 37.5.
    # b: b1 = 50, b2 = 100, equal -> 75.
    # Overall, pillars 2:1: (2 * 37.5 + 75) / 3 = 150 / 3 = 50 (grade C).
    # Effective weights: a1 = 2/3 * 3/4 * 1/4 = 0.125, a3 = 2/3 * 1/4 * 1 = 1/6,
    # b1 = 1/3 * 1/2 = 1/6.
    lens = Weighting(
        "lens", "Lens", "Why.", {"a": 2, "b": 1}, {"a2": 3}, objectives={"x": 3, "y": 1}
    )
    base = programme(
        {
            "a": (commitment("a1", "l4"), commitment("a2", "l0"), commitment("a3", "l3")),
            "b": (commitment("b1", "l2"), commitment("b2", "l4")),
        },
        weightings=(lens,),
    )
    prog = with_objectives(base, "a", {"x": ("a1", "a2"), "y": ("a3",)})
    result = score(prog, "lens")
    x, y = result.pillar("a").objectives
    assert (x.id, x.score, x.weight) == ("x", pytest.approx(25.0), 0.75)
    assert (y.id, y.score, y.weight) == ("y", pytest.approx(75.0), 0.25)
    assert x.commitments == ("a1", "a2")
    assert x.effective_weight == pytest.approx(2 / 3 * 0.75)
    assert result.pillar("a").score == pytest.approx(37.5)
    assert result.overall.score == pytest.approx(50.0)
    assert result.overall.grade == "C"
    assert result.commitment("a1").effective_weight == pytest.approx(0.125)
    assert result.commitment("a1").weight == pytest.approx(0.25)  # within its objective
    assert result.commitment("a3").effective_weight == pytest.approx(1 / 6)
    assert result.commitment("b1").effective_weight == pytest.approx(1 / 6)
    assert result.provenance.objective_weights == {"x": 0.75, "y": 0.25}
    total = math.fsum(c.effective_weight for p in result.pillars for c in p.commitments)
    assert total == pytest.approx(1.0)


def test_objective_coverage_composes() -> None:
    # x: a1 assessed, a2 not (equal) -> coverage 0.5; y: a3 assessed -> 1.
    # Objectives 3:1 -> pillar coverage 0.75 * 0.5 + 0.25 * 1 = 0.625.
    lens = Weighting("lens", "Lens", "Why.", objectives={"x": 3})
    base = programme(
        {"a": (commitment("a1", "l4"), commitment("a2"), commitment("a3", "l3"))},
        weightings=(lens,),
    )
    result = score(with_objectives(base, "a", {"x": ("a1", "a2"), "y": ("a3",)}), "lens")
    assert result.pillar("a").coverage == pytest.approx(0.625)
    assert result.overall.coverage == pytest.approx(0.625)


@SLOW
@given(programmes(), scoring_options(), st.data())
def test_one_objective_per_pillar_scores_as_none(
    prog: Programme, options: ScoringOptions, data: st.DataObject
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    # the objectives level aggregates as the pillar level did
    methods = attrs.evolve(options.method, objectives=options.method.pillars)
    options = attrs.evolve(options, method=methods)
    wrapped = prog
    for p in prog.pillars:
        wrapped = with_objectives(
            wrapped, p.id, {f"{p.id}.all": tuple(c.id for c in p.commitments)}
        )
    try:
        plain = score(prog, spec, options=options)
    except Exception as exc:  # the same error either way
        with pytest.raises(type(exc)):
            score(wrapped, spec, options=options)
        return
    nested = score(wrapped, spec, options=options)
    assert nested.overall.score == plain.overall.score
    assert nested.overall.coverage == plain.overall.coverage
    for a, b in zip(nested.pillars, plain.pillars, strict=True):
        assert (a.score, a.grade, a.coverage) == (b.score, b.grade, b.coverage)
        assert [c.score for c in a.commitments] == [c.score for c in b.commitments]
        assert [c.effective_weight for c in a.commitments] == [
            c.effective_weight for c in b.commitments
        ]
    assert nested.parties == plain.parties


# -- verdicts ---------------------------------------------------------------------------


@SLOW
@given(programmes(objectives=None, with_verdicts=True), scoring_options())
def test_adding_verdicts_never_changes_a_roll_up_at_blend_zero(
    prog: Programme, options: ScoringOptions
) -> None:
    options = attrs.evolve(options, verdict_weight=0.0, stale_after=None)
    bare = attrs.evolve(prog, verdicts=())
    try:
        without = score(bare, options=options)
    except Exception:
        return
    with_ = score(prog, options=options)
    assert with_.overall.score == without.overall.score == with_.overall.rollup
    for a, b in zip(with_.pillars, without.pillars, strict=True):
        assert a.score == b.score == a.rollup
        assert a.grade == b.grade


def blend_programme() -> Programme:
    # Pillar a: a1 = 25, a2 = 25 -> roll-up 25 (D). Pillar b: b1 = 100 -> 100 (A).
    # Overall roll-up 62.5 (B).
    return attrs.evolve(
        programme(
            {"a": (commitment("a1", "l1"), commitment("a2", "l1")), "b": (commitment("b1", "l4"),)}
        ),
        verdicts=(
            verdict("a", "2009", "l4"),  # superseded by the later one
            verdict("a", "2010", "l3", note="The commitments miss the new money."),
            verdict("programme", "2010", "l0"),
            verdict("programme", "2010", "l4", party="north"),
        ),
    )


def test_verdict_attached_beside_the_roll_up() -> None:
    result = score(blend_programme())
    a = result.pillar("a")
    assert a.score == a.rollup == pytest.approx(25.0)
    assert a.verdict is not None
    assert (a.verdict.level, a.verdict.value, a.verdict.grade) == ("l3", 75.0, "B")
    assert a.verdict.as_of == PartialDate(2010)
    assert (a.verdict.source, a.verdict.quote) == ("src", "a verdict")
    # D (index 3 of A B C D F) vs B (index 1): two bands apart, a divergence, explained
    assert a.divergence is not None
    assert (a.divergence.bands_apart, a.divergence.divergent, a.divergence.explained) == (
        2,
        True,
        True,
    )
    assert result.pillar("b").verdict is None
    assert result.pillar("b").divergence is None
    # overall 62.5 (B) vs the programme verdict l0 = 0 (F): three bands apart, unexplained
    assert result.overall.verdict is not None
    assert result.overall.verdict.grade == "F"
    assert result.overall.divergence is not None
    assert (result.overall.divergence.bands_apart, result.overall.divergence.explained) == (
        3,
        False,
    )
    # the party verdict is the party's, not the overall's
    north = next(p for p in result.parties if p.party == "north")
    assert north.verdict is not None
    assert north.verdict.level == "l4"
    # as of 2009 only the first pillar verdict is known, and it is one band from... D vs A
    early = score(blend_programme(), as_of="2009")
    assert early.pillar("a").verdict is not None
    assert early.pillar("a").verdict.level == "l4"
    assert early.overall.verdict is None


def test_verdict_blend() -> None:
    # w = 0.4: pillar a = 0.6 * 25 + 0.4 * 75 = 15 + 30 = 45 (C); b = 100 (no verdict).
    # Overall roll-up from the blended pillars: (45 + 100) / 2 = 72.5; blended with the
    # programme verdict 0: 0.6 * 72.5 + 0.4 * 0 = 43.5 (C).
    result = score(blend_programme(), verdict_weight=0.4)
    assert result.pillar("a").rollup == pytest.approx(25.0)
    assert result.pillar("a").score == pytest.approx(45.0)
    assert result.pillar("a").grade == "C"
    assert result.overall.rollup == pytest.approx(72.5)
    assert result.overall.score == pytest.approx(43.5)
    assert result.provenance.verdict_weight == 0.4
    # the weighting's own blend, overridden by the option
    lens = Weighting("lens", "Lens", "Why.", verdict_weight=1.0)
    prog = attrs.evolve(blend_programme(), weightings=(lens,))
    assert score(prog, "lens").pillar("a").score == pytest.approx(75.0)
    assert score(prog, "lens", verdict_weight=0.0).pillar("a").score == pytest.approx(25.0)


def test_a_verdict_alone_scores_a_pillar_without_a_roll_up_when_blended() -> None:
    prog = attrs.evolve(
        programme({"a": (commitment("a1"),), "b": (commitment("b1", "l4"),)}),
        verdicts=(verdict("a", "2010", "l2"),),
    )
    assert score(prog).pillar("a").score is None
    blended = score(prog, verdict_weight=0.25)
    assert blended.pillar("a").score == 50.0
    assert blended.pillar("a").divergence is None  # no roll-up to compare


def test_one_band_apart_is_reported_but_is_no_divergence() -> None:
    # roll-up 25 (D) vs a verdict at 50 (C)
    prog = attrs.evolve(
        programme({"a": (commitment("a1", "l1"),)}), verdicts=(verdict("a", "2010", "l2"),)
    )
    d = score(prog).pillar("a").divergence
    assert d is not None
    assert (d.bands_apart, d.divergent, d.explained, d.note) == (1, False, False, None)


def test_verdict_comparisons_use_the_verdicts_own_date() -> None:
    prog = attrs.evolve(
        programme({"a": (commitment("a1", ("l4", "2009"), ("l0", "2011")),)}),
        verdicts=(verdict("a", "2010", "l0"), verdict("a", "2012", "l0")),
    )
    first, second = verdict_comparisons(prog)
    # 2010: a1 read l4 in 2009 -> 100 (A) vs F: four bands; 2012: 0 (F) vs F: none
    assert (first.computed_score, first.computed_grade, first.bands_apart) == (100.0, "A", 4)
    assert first.divergent
    assert not first.explained
    assert (first.path, first.file) == ("verdicts[0]", "verdicts.toml")
    assert (second.computed_score, second.bands_apart, second.divergent) == (0.0, 0, False)
    assert first.to_dict()["verdict_grade"] == "F"


# -- which reading counts -------------------------------------------------------------


def test_the_latest_scored_reading_counts() -> None:
    # a1: l3 in 2010, then "no evidence" (none) in 2012: the 2010 reading still counts,
    # the later one stays in the history and leaves it unrenewed.
    prog = programme({"a": (commitment("a1", ("l3", "2010"), ("none", "2012")),)})
    c = score(prog).commitment("a1")
    assert (c.status, c.score, c.as_of) == ("l3", 75.0, PartialDate(2010))
    assert [s for _, s in c.history] == ["l3", "none"]
    assert c.carried_forward
    only_missing = programme({"a": (commitment("a1", ("none", "2010")),)})
    assert score(only_missing).commitment("a1").score is None


def test_carried_forward_age_and_stale_after() -> None:
    # a1 read 2010 (last day 2010-12-31); a2 read 2010-06 and again 2012-03 (a later
    # source reviewing pillar a); b1 read 2010 alone in pillar b.
    prog = programme(
        {
            "a": (
                commitment("a1", ("l4", "2010")),
                commitment("a2", ("l0", "2010-06"), ("l2", "2012-03")),
            ),
            "b": (commitment("b1", ("l4", "2010")),),
        }
    )
    result = score(prog, as_of="2012-12")
    a1, a2, b1 = (result.commitment(c) for c in ("a1", "a2", "b1"))
    # reference day 2012-12-31: 2010-12-31 is 731 days before (2012 is a leap year)
    assert a1.age_days == (dt.date(2012, 12, 31) - dt.date(2010, 12, 31)).days == 731
    assert a2.age_days == (dt.date(2012, 12, 31) - dt.date(2012, 3, 31)).days == 275
    assert a1.carried_forward  # the 2012-03 source reviewed pillar a, not a1
    assert not a2.carried_forward
    assert not b1.carried_forward  # nobody reviewed pillar b later
    pa = result.pillar("a")
    assert (pa.coverage_current, pa.coverage_carried) == (0.5, 0.5)
    # overall: a1 carries 0.5 * 0.5 = 0.25 of the weight
    assert result.overall.coverage_carried == pytest.approx(0.25)
    assert result.overall.coverage_current == pytest.approx(0.75)
    # as of 2011 the 2012 reading is unknown: nothing is carried forward yet
    assert not score(prog, as_of="2011").commitment("a1").carried_forward
    # stale after 18 months at 2012-12-31 (cut-off 2011-06-30): the 2010 readings are
    # missing, so pillar a is a2 alone (50) and b has no score
    stale = score(prog, as_of="2012-12", stale_after=18)
    assert stale.commitment("a1").score is None
    assert stale.commitment("a1").status == "l4"  # still shown, with its date
    assert stale.pillar("a").score == 50.0
    assert stale.pillar("b").score is None
    assert stale.provenance.stale_after == 18
    # 24 months (cut-off 2010-12-31): the 2010 readings are exactly 24 months old: kept
    assert score(prog, as_of="2012-12", stale_after=24).commitment("a1").score == 100.0
    assert months_before(dt.date(2012, 3, 31), 1) == dt.date(2012, 2, 29)


def test_a_verdict_on_the_pillar_is_a_review() -> None:
    prog = attrs.evolve(
        programme({"a": (commitment("a1", ("l4", "2010")),)}),
        verdicts=(verdict("a", "2011", "l0"), verdict("programme", "2012", "l0")),
    )
    assert score(prog, as_of="2011").commitment("a1").carried_forward
    # a programme verdict does not review the pillar
    prog2 = attrs.evolve(prog, verdicts=(verdict("programme", "2012", "l0"),))
    assert not score(prog2).commitment("a1").carried_forward


def test_age_without_an_as_of_counts_to_the_latest_date_in_the_data() -> None:
    prog = programme({"a": (commitment("a1", ("l4", "2010")), commitment("a2", ("l1", "2011-06")))})
    assert (
        score(prog).commitment("a1").age_days == (dt.date(2011, 6, 30) - dt.date(2010, 12, 31)).days
    )


@SLOW
@given(edtf_dates, edtf_dates)
def test_a_reading_never_counts_before_the_latest_day_its_date_can_mean(
    dated: PartialDate, as_of: PartialDate
) -> None:
    c = commitment("a1", "l4")
    c = attrs.evolve(c, assessments=(attrs.evolve(c.assessments[0], as_of=dated),))
    result = score(programme({"a": (c,)}), as_of=as_of)
    counted = result.commitment("a1").score is not None
    assert counted == (dated.last <= as_of.last)


# -- indicators by period, parties ------------------------------------------------------


def obs(as_of: str, value: float, period: str | None = None) -> Observation:
    return Observation(
        as_of=PartialDate.parse(as_of),
        evidence=(Citation("src", "a figure", EvidenceKind.OUTCOME),),
        value=value,
        period=None if period is None else PartialDate.parse(period),
    )


def test_indicator_progress_by_reference_period() -> None:
    # Homicides (lower is better), target 0, no goalposts. A 2012 report gives the
    # 2007 figure (2,000) and the 2011 figure (16,000); a 2010 report gave 2009 (6,000).
    # As of 2012: by period, baseline 2007 = 2000, latest 2011 = 16000; gap = 2000 - 0;
    # progress (2000 - 16000) / 2000 = -7 -> clipped to 0 (things got worse).
    # As of 2010 only the 2009 figure is known: baseline = latest -> met? 6000 > 0 -> 0;
    # with goalposts 0..20000: 1 - 6000 / 20000 = 0.7.
    ind = Indicator(
        id="homicides",
        title="Homicides",
        unit="deaths",
        direction=Direction.LOWER,
        kind=EvidenceKind.OUTCOME,
        observations=(
            obs("2010", 6000, "2009"),
            obs("2012", 16000, "2011"),
            obs("2012", 2000, "2007"),
        ),
        target=0.0,
    )
    value, used = indicator_progress(ind, PartialDate(2012)) or (None, ())
    assert value == 0.0
    assert [o.value for o in used] == [2000, 16000]
    gp = attrs.evolve(ind, target=None, goalposts=Goalposts(0, 20000))
    got = indicator_progress(gp, PartialDate(2010))
    assert got is not None
    assert got[0] == pytest.approx(0.7)
    # as of 2012 the latest PERIOD is 2011 (16000), although 2007 was listed last:
    # 1 - 16000 / 20000 = 0.2
    got = indicator_progress(gp, PartialDate(2012))
    assert got is not None
    assert got[0] == pytest.approx(0.2)


def test_a_shared_commitment_is_split_between_its_parties() -> None:
    # One pillar, equal weights: s (both parties) = 100, n (north) = 0, m (south) = 50.
    # North: s counts 1/3 / 2 = 1/6, n 1/3 -> (1/6 * 100 + 1/3 * 0) / (1/2) = 33.33.
    # South: s 1/6, m 1/3 -> (1/6 * 100 + 1/3 * 50) / (1/2) = (16.67 + 16.67) * 2 = 66.67.
    # The pillar counts s once: (100 + 0 + 50) / 3 = 50.
    prog = programme(
        {
            "p": (
                commitment("s", "l4"),
                commitment("n", "l0", parties=("north",)),
                commitment("m", "l2", parties=("south",)),
            )
        }
    )
    result = score(prog)
    north, south = result.parties
    assert (north.party, north.label, north.commitments) == ("north", "North", 2)
    assert north.score == pytest.approx(100 / 3)
    assert south.score == pytest.approx(200 / 3)
    assert result.pillar("p").score == pytest.approx(50.0)


def test_a_pillar_without_objectives_keeps_its_commitments_in_one_group() -> None:
    result = score(programme({"p": (commitment("a", "l4"), commitment("b", "l0"))}))
    assert result.pillar("p").objectives == ()
    assert result.commitment("a").objective is None
