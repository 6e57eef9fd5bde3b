"""compare, timeline and explain."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.analysis import compare, data_dates, explain, timeline
from scorecard.dates import PartialDate
from scorecard.engine import AGGREGATORS, score
from scorecard.errors import OptionsError
from scorecard.model import Programme, Weighting
from scorecard.options import ScoringOptions
from tests.strategies import commitment, programme, programmes, valid_weight_specs


def story() -> Programme:
    lens = Weighting("lens", "Lens", "Why.", {"a": 3, "b": 1})
    return programme(
        {
            "a": (
                commitment("a1", ("l1", "2009"), ("l3", "2011")),
                commitment("a2", ("l2", "2009")),
                commitment("a3", ("l4", "2011")),
            ),
            "b": (commitment("b1", ("l0", "2010"), ("l2", "2011")),),
        },
        weightings=(lens,),
    )


def test_compare_side_by_side() -> None:
    cmp = compare(story())
    assert cmp.names == ("equal", "lens")
    rows = {r.id: r for r in cmp.rows}
    assert list(rows) == ["overall", "a", "b"]
    # a: (75 + 50 + 100)/3 = 75; b: 50. equal -> 62.5, lens 3:1 -> 68.75.
    assert rows["overall"].scores == pytest.approx({"equal": 62.5, "lens": 68.75})
    assert rows["overall"].grades == {"equal": "B", "lens": "B"}
    assert cmp.result("lens").provenance.weighting == "lens"
    named = compare(story(), {"mine": {"a": 0}})
    assert named.rows[0].scores == {"mine": 50.0}
    assert set(named.to_dict()) == {"names", "rows", "results"}


def test_timeline_scores_every_data_date() -> None:
    tl = timeline(story(), "lens")
    assert tl.dates == (PartialDate(2009), PartialDate(2010), PartialDate(2011))
    assert [r.overall.score for r in tl.results] == pytest.approx([37.5, 28.125, 68.75])
    # 2009: a = (25 + 50)/2 = 37.5, b missing -> overall 37.5 with coverage .75 * 2/3.
    assert tl.at(PartialDate(2009)).overall.coverage == pytest.approx(0.5)
    points = tl.to_dict()["points"]
    assert points[0]["as_of"] == "2009"
    assert set(points[0]["overall"]) == {"score", "grade", "coverage"}
    assert len(tl.changes()) == 2
    with pytest.raises(TypeError):
        timeline(story(), as_of="2010")


def test_explain_by_hand() -> None:
    tl = timeline(story(), "lens")
    e = explain(tl.results[1], tl.results[2])  # 2010 -> 2011
    # Pillar a: a1 25 -> 75 (w 1/3): +16.667; a3 newly 100 with A_before 37.5:
    # (100 - 37.5)/3 = +20.833; total 75 - 37.5 = 37.5.
    a = e.pillar("a")
    amounts = {c.commitment: c.amount for c in a.contributions}
    assert amounts == pytest.approx({"a1": 50 / 3, "a3": 62.5 / 3})
    assert sum(amounts.values()) == pytest.approx(a.change)
    # Overall (3:1): 28.125 -> 68.75 = +40.625; a moved 37.5 points at weight .75
    # -> 28.125; b 0 -> 50 at .25 -> 12.5.
    overall = {c.commitment: c.amount for c in e.overall.contributions}
    assert overall == pytest.approx({"a1": 12.5, "a3": 15.625, "b1": 12.5})
    assert e.additive


def test_explain_refuses_different_methods() -> None:
    one = score(story())
    two = score(story(), method="geometric")
    with pytest.raises(OptionsError, match="method: the two results differ"):
        explain(one, two)


def _mutate(prog: Programme, data: st.DataObject) -> Programme:
    """A later state: some commitments get a new assessment dated 2030."""
    import attrs

    from tests.strategies import assessment

    statuses = list(prog.scale.ids)
    pillars = []
    for p in prog.pillars:
        cs = []
        for c in p.commitments:
            if data.draw(st.booleans()):
                new = assessment(data.draw(st.sampled_from(statuses)), "2030")
                c = attrs.evolve(c, assessments=(*c.assessments, new))
            cs.append(c)
        pillars.append(attrs.evolve(p, commitments=tuple(cs)))
    return attrs.evolve(prog, pillars=tuple(pillars))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    programmes(),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(["renormalize", "zero"]),
    st.data(),
)
def test_explanation_sums_to_the_change(
    prog: Programme, pillars: str, overall: str, missing: str, data: st.DataObject
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    method = {"pillars": pillars, "overall": overall}
    before = score(prog, spec, method=method, missing=missing)
    after = score(_mutate(prog, data), spec, method=method, missing=missing)
    e = explain(before, after)
    for level in (e.overall, *e.pillars):
        if level.change is None:
            continue
        total = math.fsum(c.amount for c in level.contributions)
        assert total == pytest.approx(level.change, abs=1e-7)
    # Commitments whose state did not change carry nothing.
    for p in e.pillars:
        for c in p.contributions:
            assert (c.status_before, c.score_before) != (c.status_after, c.score_after)


def test_data_dates_include_blended_indicator_observations() -> None:
    from scorecard.model import Citation, Direction, EvidenceKind, Goalposts, Indicator, Observation

    ind = Indicator(
        "x",
        "X",
        "u",
        Direction.HIGHER,
        EvidenceKind.OUTCOME,
        (Observation(PartialDate(2012, 5), (Citation("src", "q"),), value=1.0),),
        goalposts=Goalposts(0, 2),
    )
    prog = programme({"a": (commitment("a1", "l2", indicator_weight=0.5, indicators=(ind,)),)})
    assert data_dates(prog) == (PartialDate(2010), PartialDate(2012, 5))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    programmes(objectives=None, with_verdicts=True),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(["renormalize", "zero"]),
    st.sampled_from([None, 0.0, 0.4]),
    st.data(),
)
def test_explanation_sums_to_the_change_through_objectives_and_verdicts(
    prog: Programme,
    objectives: str,
    pillars: str,
    overall: str,
    missing: str,
    verdict_weight: float | None,
    data: st.DataObject,
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    options = ScoringOptions(
        method={"objectives": objectives, "pillars": pillars, "overall": overall},
        missing=missing,
        verdict_weight=verdict_weight,
        as_of="2025",
    )
    before = score(prog, spec, options=options)
    after = score(_mutate(prog, data), spec, options=attrs.evolve(options, as_of=None))
    e = explain(before, after)
    for level in (e.overall, *e.pillars):
        if level.change is None:
            continue
        total = math.fsum(c.amount for c in level.contributions)
        assert total == pytest.approx(level.change, abs=1e-7)
    for p in e.pillars:
        for c in p.contributions:
            if c.commitment is not None:
                assert c.objective == after.commitment(c.commitment).objective


def test_explain_through_an_objective_by_hand() -> None:
    # Pillar p: objectives o1 (weight 3) and o2 (weight 1); o1 holds a (l4 = 100) and
    # b; o2 holds c (l2 = 50). Before, b is unassessed: o1 = 100, o2 = 50, p = 0.75 *
    # 100 + 0.25 * 50 = 87.5. After, b is l0 (0): o1 = (100 + 0) / 2 = 50, p = 0.75 *
    # 50 + 0.25 * 50 = 50. The whole change (-37.5) is b's, through o1: b enters o1
    # at 0 and moves it by -50, which is -50 x 0.75 = -37.5 points of the pillar.
    from scorecard.model import Objective, Pillar

    cs = (
        commitment("a", "l4", objective="o1"),
        commitment("b", ("l0", "2012"), objective="o1"),
        commitment("c", "l2", objective="o2"),
    )
    pillar = Pillar(
        "p", "P", "A pillar.", cs, objectives=(Objective("o1", "1"), Objective("o2", "2"))
    )
    lens = Weighting("lens", "Lens", "Why.", objectives={"o1": 3})
    prog = attrs.evolve(
        programme({"p": ()}), pillars=(pillar,), weightings=(lens,), default_weighting="lens"
    )
    before, after = score(prog, as_of="2011"), score(prog)
    assert before.pillar("p").score == pytest.approx(87.5)
    assert after.pillar("p").score == pytest.approx(50.0)
    e = explain(before, after)
    (item,) = e.pillar("p").contributions
    assert (item.commitment, item.objective) == ("b", "o1")
    assert item.amount == pytest.approx(-37.5)
    assert [o.score for o in after.pillar("p").objectives] == [50.0, 50.0]
