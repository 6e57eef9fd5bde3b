"""The scoring engine: oracles computed by hand, policies, and hypothesis properties."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.dates import PartialDate
from scorecard.engine import AGGREGATORS, indicator_progress, score
from scorecard.errors import OptionsError, ScoringError, WeightsError
from scorecard.model import (
    Citation,
    Direction,
    EvidenceKind,
    Goalposts,
    Indicator,
    Observation,
    Programme,
    Weighting,
)
from scorecard.result import Result
from tests.strategies import (
    assessment,
    commitment,
    programme,
    programmes,
    valid_weight_specs,
)

METHODS = tuple(AGGREGATORS)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def obs(as_of: str, value: float | None = None, **kw: float) -> Observation:
    return Observation(
        PartialDate.parse(as_of),
        (Citation("src", "figure", EvidenceKind.OUTCOME),),
        value=value,
        **kw,
    )


def indicator(iid: str, direction: str, *observations: Observation, **kw: object) -> Indicator:
    return Indicator(
        id=iid,
        title=iid,
        unit="units",
        direction=Direction(direction),
        kind=EvidenceKind.OUTCOME,
        observations=observations,
        **kw,  # type: ignore[arg-type]
    )


# -- oracle: a three-level tree -------------------------------------------------


def oracle_programme() -> Programme:
    # Scale l0..l4 = 0, 25, 50, 75, 100.
    a1 = commitment(
        "a1",
        "l3",
        indicator_weight=0.4,
        indicators=(
            indicator("hom", "lower", obs("2009", 16000), goalposts=Goalposts(1000, 21000)),
        ),
    )
    a2 = commitment(
        "a2",
        "l1",
        indicator_weight=0.5,
        indicators=(
            indicator(
                "funds", "higher", obs("2009", 100), goalposts=Goalposts(10, 10000, log=True)
            ),
        ),
    )
    a3 = commitment(
        "a3",
        "l4",
        indicator_weight=0.5,
        indicators=(
            indicator(
                "officers", "higher", obs("2009", low=6000, high=8000), goalposts=Goalposts(0, 5000)
            ),
        ),
    )
    b1 = commitment("b1", "l2")
    b2 = commitment("b2", "l4")
    lens = Weighting("lens", "Lens", "Test.", {"a": 3, "b": 1}, {"a1": 2})
    return programme({"a": (a1, a2, a3), "b": (b1, b2)}, weightings=(lens,))


def test_oracle_three_level_tree_with_goalposts_log_clip_and_geometric_top() -> None:
    # By hand:
    # a1: status 75; homicides 16000 on goalposts 1000..21000 -> t = 15000/20000 = 0.75,
    #     lower is better -> 0.25 -> 25; blend 0.6*75 + 0.4*25 = 55.
    # a2: status 25; funds 100 on log goalposts 10..10000 -> (2 - 1)/(4 - 1) = 1/3 -> 33.33;
    #     blend 0.5*25 + 0.5*33.33 = 29.1667.
    # a3: status 100; officers range 6000-8000 -> midpoint 7000 on 0..5000 -> 1.4, clipped
    #     to 1 -> 100; blend 100.
    # pillar a (weights 2:1:1 -> .5/.25/.25): 27.5 + 7.291667 + 25 = 59.791667.
    # pillar b (equal): (50 + 100)/2 = 75.
    # overall, geometric, weights 3:1: 59.791667**0.75 * 75**0.25 = 63.27699 (grade B).
    result = score(oracle_programme(), "lens", method={"overall": "geometric"})
    assert result.commitment("a1").score == pytest.approx(55.0)
    assert result.commitment("a1").indicator_score == pytest.approx(25.0)
    assert result.commitment("a2").score == pytest.approx(29.166666666666668)
    assert result.commitment("a3").score == pytest.approx(100.0)
    assert result.pillar("a").score == pytest.approx(59.791666666666664)
    assert result.pillar("b").score == pytest.approx(75.0)
    assert result.overall.score == pytest.approx(63.27698973499649)
    assert result.overall.grade == "B"
    assert result.commitment("a1").effective_weight == pytest.approx(0.75 * 0.5)
    assert result.provenance.methods == {
        "commitments": "arithmetic",
        "objectives": "arithmetic",
        "pillars": "arithmetic",
        "overall": "geometric",
    }
    # Arithmetic at the top instead: 0.75*59.791667 + 0.25*75 = 63.59375.
    assert score(oracle_programme(), "lens").overall.score == pytest.approx(63.59375)


def test_oracle_range_pick_low_high() -> None:
    ind = indicator("x", "higher", obs("2009", low=1000, high=3000), goalposts=Goalposts(0, 4000))
    assert indicator_progress(ind)[0] == pytest.approx(0.5)  # type: ignore[index]
    assert indicator_progress(ind, pick="low")[0] == pytest.approx(0.25)  # type: ignore[index]
    assert indicator_progress(ind, pick="high")[0] == pytest.approx(0.75)  # type: ignore[index]


def test_oracle_distance_to_target_from_baseline() -> None:
    # Lower is better, baseline 200 (2008), target 50: at 2010 value 110 -> (200-110)/150 = 0.6.
    ind = indicator("x", "lower", obs("2008", 200), obs("2010", 110), target=50.0)
    assert indicator_progress(ind)[0] == pytest.approx(0.6)  # type: ignore[index]
    # As of 2009 only the baseline is known: no progress yet.
    assert indicator_progress(ind, PartialDate(2009))[0] == 0.0  # type: ignore[index]
    assert indicator_progress(ind, PartialDate(2007)) is None


def test_log_goalposts_nonpositive_value_counts_below_low() -> None:
    ind = indicator("x", "higher", obs("2009", 0), goalposts=Goalposts(1, 100, log=True))
    assert indicator_progress(ind)[0] == 0.0  # type: ignore[index]


def test_indicators_ignored_without_weight_or_observations() -> None:
    ind = indicator("x", "higher", obs("2012", 10), goalposts=Goalposts(0, 10))
    c = commitment("c", "l2", indicator_weight=0.5, indicators=(ind,))
    prog = programme({"p": (c,)})
    assert score(prog).commitment("c").score == pytest.approx(75.0)  # 0.5*50 + 0.5*100
    early = score(prog, as_of="2011").commitment("c")
    assert early.score == pytest.approx(50.0)  # observation is from 2012: status alone
    assert early.indicator_score is None


# -- as-of, missing data, floors ------------------------------------------------


def test_as_of_uses_latest_assessment_on_or_before_with_partial_dates() -> None:
    c = commitment("c", ("l1", "2009"), ("l3", "2010-06"), ("l4", "2011-12-20"))
    prog = programme({"p": (c,)})
    assert score(prog, as_of="2008").commitment("c").score is None
    # "2009" may mean December 2009: not on or before 2009-09.
    assert score(prog, as_of="2009-09").commitment("c").score is None
    assert score(prog, as_of="2009").commitment("c").score == 25.0
    assert score(prog, as_of=PartialDate(2010, 6)).commitment("c").score == 75.0
    import datetime as dt

    assert score(prog, as_of=dt.date(2011, 12, 19)).commitment("c").score == 75.0
    at_end = score(prog).commitment("c")
    assert at_end.score == 100.0
    assert at_end.history == (
        (PartialDate(2009), "l1"),
        (PartialDate(2010, 6), "l3"),
        (PartialDate(2011, 12, 20), "l4"),
    )


def test_missing_policies_and_coverage() -> None:
    prog = programme({"p": (commitment("a", "l4"), commitment("b", "none"), commitment("c"))})
    renorm = score(prog)
    assert renorm.pillar("p").score == 100.0
    assert renorm.pillar("p").coverage == pytest.approx(1 / 3)
    assert renorm.overall.coverage == pytest.approx(1 / 3)
    assert renorm.commitment("b").score is None  # a "missing" level is missing, not zero
    assert renorm.commitment("b").status == "none"
    zero = score(prog, missing="zero")
    assert zero.pillar("p").score == pytest.approx(100 / 3)
    assert zero.pillar("p").coverage == pytest.approx(1 / 3)
    with pytest.raises(ScoringError) as err:
        score(prog, missing="error")
    assert [p.path for p in err.value.problems] == ["b", "c"]
    with pytest.raises(OptionsError, match="unknown policy"):
        score(prog, missing="ignore")


def test_all_missing_pillar_is_missing_and_overall_renormalises() -> None:
    prog = programme({"p": (commitment("a", "l2"),), "q": (commitment("b"),)})
    result = score(prog)
    assert result.pillar("q").score is None
    assert result.pillar("q").grade is None
    assert result.overall.score == 50.0
    assert result.overall.coverage == pytest.approx(0.5)


def test_geometric_and_harmonic_floor_zeros() -> None:
    prog = programme({"p": (commitment("a", "l0"), commitment("b", "l4"))})
    # floor 1: geometric sqrt(1 * 100) = 10; harmonic 2 / (1/1 + 1/100) = 1.980198...
    assert score(prog, method="geometric").pillar("p").score == pytest.approx(10.0)
    assert score(prog, method="harmonic").pillar("p").score == pytest.approx(2 / 1.01)
    assert score(prog, method="geometric", floor=4).pillar("p").score == pytest.approx(20.0)
    with pytest.raises(ScoringError, match="floor"):
        score(prog, method="geometric", floor=0)
    # Arithmetic ignores the floor.
    assert score(prog, floor=0).pillar("p").score == 50.0


def test_unknown_method_names_the_level() -> None:
    prog = programme({"p": (commitment("a", "l2"),)})
    with pytest.raises(OptionsError, match=r"method\.overall"):
        score(prog, method={"overall": "median"})
    with pytest.raises(OptionsError, match=r"method\.top"):
        score(prog, method={"top": "arithmetic"})


def test_outside_framework_pillar_is_scored_but_weighs_what_the_weighting_says() -> None:
    lens = Weighting("designed", "Designed", "Test.", {"demand": 0})
    prog = programme(
        {"p": (commitment("a", "l4"),), "demand": (commitment("d", "l0"),)},
        weightings=(lens,),
        default_weighting="designed",
        outside=("demand",),
    )
    result = score(prog)
    demand = result.pillar("demand")
    assert demand.score == 0.0
    assert demand.grade == "F"
    assert not demand.in_framework
    assert demand.effective_weight == 0.0
    assert result.overall.score == 100.0
    assert result.provenance.weighting == "designed"
    assert score(prog, "equal").overall.score == 50.0


def test_party_view() -> None:
    prog = programme(
        {
            "p": (
                commitment("n", "l4", parties=("north",)),
                commitment("s", "l0", parties=("south",)),
            ),
            "q": (commitment("j", "l2"), commitment("s2", "l2", parties=("south",))),
        }
    )
    parties = {p.party: p for p in score(prog).parties}
    assert [(p.party, p.label) for p in score(prog).parties] == [
        ("north", "North"),
        ("south", "South"),
    ]
    # Each commitment has effective weight .25; the shared j counts .125 for each party.
    # North: n (.25, 100) and j (.125, 50) -> (25 + 6.25) / .375 = 83.33...
    assert parties["north"].score == pytest.approx(250 / 3)
    assert parties["north"].commitments == 2
    # South: s (.25, 0), j (.125, 50), s2 (.25, 50) -> (0 + 6.25 + 12.5) / .625 = 30.
    assert parties["south"].score == pytest.approx(30.0)
    assert parties["south"].commitments == 3


def test_a_party_without_commitments_is_left_out() -> None:
    prog = programme({"p": (commitment("n", "l4", parties=("north",)),)})
    assert [p.party for p in score(prog).parties] == ["north"]


def test_sources_and_outcome_share() -> None:
    c = attrs.evolve(
        commitment("a"),
        assessments=(
            attrs.evolve(
                assessment("l2"),
                evidence=(
                    Citation("src", "x", EvidenceKind.OUTCOME),
                    Citation("src", "y", EvidenceKind.OUTPUT),
                    Citation("other", "z", EvidenceKind.OUTPUT),
                ),
            ),
        ),
    )
    result = score(programme({"p": (c, commitment("b", "l1"))}))
    assert result.commitment("a").sources == 2
    assert result.commitment("a").outcome_share == pytest.approx(1 / 3)
    assert result.pillar("p").outcome_share == pytest.approx(1 / 6)
    assert not result.pillar("p").outputs_only
    only_outputs = score(programme({"p": (commitment("b", "l1"),)}))
    assert only_outputs.pillar("p").outputs_only


def test_weights_errors_surface_from_score() -> None:
    prog = programme({"p": (commitment("a", "l2"),)})
    with pytest.raises(WeightsError, match="nope"):
        score(prog, "nope")
    with pytest.raises(WeightsError, match=r"pillars\.zz"):
        score(prog, {"pillars": {"zz": 1}})


def test_result_records_provenance_and_programme() -> None:
    prog = programme({"p": (commitment("a", "l2"),)})
    result = score(prog, as_of="2011")
    assert result.programme is prog
    assert result.provenance.as_of == PartialDate(2011)
    assert len(result.provenance.dataset_digest) == 64
    assert result.provenance.pillar_weights == {"p": 1.0}
    other = programme({"p": (commitment("a", "l3"),)})
    assert score(other).provenance.dataset_digest != result.provenance.dataset_digest


# -- serialisation --------------------------------------------------------------


@PROPERTY
@given(
    programmes(targets=True, weighted=True),
    st.sampled_from(METHODS),
    st.sampled_from(["renormalize", "zero"]),
)
def test_round_trip_is_lossless_and_json_deterministic(
    prog: Programme, method: str, missing: str
) -> None:
    result = score(prog, method=method, missing=missing)
    text = result.to_json()
    back = Result.from_json(text)
    assert back == result
    assert back.programme is None
    assert back.to_json() == text
    assert Result.from_dict(result.to_dict()) == result


def test_json_shape_for_the_cli() -> None:
    data = score(oracle_programme(), "lens").to_dict()
    assert set(data["overall"]) >= {"score", "grade", "coverage"}
    pillar = data["pillars"][0]
    assert set(pillar) >= {"id", "title", "score", "grade", "coverage", "commitments"}
    assert set(pillar["commitments"][0]) >= {"id", "title", "parties", "status", "score", "as_of"}
    assert pillar["commitments"][0]["parties"] == ["north", "south"]
    assert pillar["commitments"][0]["as_of"] == "2010"
    assert set(data["parties"][0]) >= {"party", "label", "score", "grade"}
    assert data["provenance"]["weighting"] == "lens"


# -- properties -----------------------------------------------------------------


def _scores(result: Result) -> list[float]:
    values = [result.overall.score] + [p.score for p in result.pillars]
    values += [c.score for p in result.pillars for c in p.commitments]
    values += [p.score for p in result.parties]
    return [v for v in values if v is not None]


def _mean(method: str, missing: str, pairs: list[tuple[float, float | None]]) -> float | None:
    """The weighted mean of ``(weight, score)`` pairs as the methodology defines it:
    weight 0 left out, a missing score left out (``renormalize``) or 0 (``zero``),
    geometric and harmonic means on ``max(x, 1)`` (the default floor)."""
    kept = [
        (w, 0.0 if x is None else x)
        for w, x in pairs
        if w > 0 and (x is not None or missing == "zero")
    ]
    if not kept:
        return None
    total = sum(w for w, _ in kept)
    if method == "arithmetic":
        return sum(w * x for w, x in kept) / total
    floored = [(w, max(x, 1.0)) for w, x in kept]
    if method == "geometric":
        return math.exp(sum(w * math.log(x) for w, x in floored) / total)
    return total / sum(w / x for w, x in floored)


def _approx(expected: float | None) -> object:
    return None if expected is None else pytest.approx(expected, rel=1e-9, abs=1e-9)


@PROPERTY
@given(
    programmes(targets=True, weighted=True),
    st.sampled_from(METHODS),
    st.sampled_from(["renormalize", "zero"]),
    st.data(),
)
def test_every_score_is_in_0_100(
    prog: Programme, method: str, missing: str, data: st.DataObject
) -> None:
    # the programme's own (unequal, drawn) weighting, or another drawn one
    spec = data.draw(st.none() | valid_weight_specs(prog))
    result = score(prog, spec, method=method, missing=missing)
    assert all(0.0 <= v <= 100.0 for v in _scores(result))
    assert all(0.0 <= p.coverage <= 1.0 for p in result.pillars)
    assert 0.0 <= result.overall.coverage <= 1.0
    # The range alone is guaranteed by a clamp: each score must also be the weighted
    # mean of the scores below it, recomputed here from the result's own weights.
    for p in result.pillars:
        expected = _mean(method, missing, [(c.weight, c.score) for c in p.commitments])
        assert p.score == _approx(expected), p.id
    expected = _mean(method, missing, [(p.weight, p.score) for p in result.pillars])
    assert result.overall.score == _approx(expected)
    for party in result.parties:
        mine = [c for p in result.pillars for c in p.commitments if party.party in c.parties]
        shares = [(c.effective_weight / len(c.parties), c.score) for c in mine]
        expected = _mean(method, "zero" if missing == "zero" else "renormalize", shares)
        assert party.score == _approx(expected), party.party


def _raise_one(prog: Programme, data: st.DataObject) -> tuple[Programme, str] | None:
    """Give one commitment whose latest status is scored a new, higher status (dated 2030)."""
    scored = [lv for lv in prog.scale.levels if not lv.missing]
    candidates = []
    for _, c in prog.commitments():
        if c.assessments:
            latest = max(c.assessments, key=lambda a: a.as_of.sort_key())
            level = prog.scale.level(latest.status)
            ties = [a for a in c.assessments if a.as_of.sort_key() == latest.as_of.sort_key()]
            if not level.missing and len(ties) == 1:
                higher = [lv for lv in scored if lv.value >= level.value]  # type: ignore[operator]
                candidates.append((c, higher))
    if not candidates:
        return None
    c, higher = data.draw(st.sampled_from(candidates))
    new_level = data.draw(st.sampled_from(higher))
    raised = attrs.evolve(c, assessments=(*c.assessments, assessment(new_level.id, "2030")))
    pillars = tuple(
        attrs.evolve(p, commitments=tuple(raised if x.id == c.id else x for x in p.commitments))
        for p in prog.pillars
    )
    return attrs.evolve(prog, pillars=pillars), c.id


@PROPERTY
@given(
    programmes(targets=True),
    st.sampled_from(METHODS),
    st.sampled_from(["renormalize", "zero"]),
    st.data(),
)
def test_raising_a_status_never_lowers_pillar_or_overall(
    prog: Programme, method: str, missing: str, data: st.DataObject
) -> None:
    got = _raise_one(prog, data)
    if got is None:
        return
    raised, cid = got
    spec = data.draw(valid_weight_specs(prog))
    before = score(prog, spec, method=method, missing=missing)
    after = score(raised, spec, method=method, missing=missing)
    pillar = before.commitment(cid).pillar
    assert after.commitment(cid).score >= before.commitment(cid).score  # type: ignore[operator]
    # A commitment of weight 0 (or in a pillar of weight 0) may leave a level unscored.
    for b, a in [
        (before.pillar(pillar).score, after.pillar(pillar).score),
        (before.overall.score, after.overall.score),
    ]:
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            assert a >= b - 1e-9


@PROPERTY
@given(
    programmes(targets=True),
    st.sampled_from(METHODS),
    st.floats(min_value=0.01, max_value=1000),
    st.data(),
)
def test_scaling_a_group_changes_nothing(
    prog: Programme, method: str, factor: float, data: st.DataObject
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    pillar = data.draw(st.sampled_from(prog.pillars))
    scaled = {
        "pillars": {k: v * factor for k, v in spec["pillars"].items()},
        "commitments": {
            k: (v * factor if any(c.id == k for c in pillar.commitments) else v)
            for k, v in spec["commitments"].items()
        },
    }
    _assert_same(score(prog, spec, method=method), score(prog, scaled, method=method))


def _assert_same(one: Result, two: Result) -> None:
    def approx(x: float | None, y: float | None) -> bool:
        return (x is None and y is None) or (
            x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
        )

    assert approx(one.overall.score, two.overall.score)
    assert math.isclose(one.overall.coverage, two.overall.coverage, abs_tol=1e-9)
    for p in one.pillars:
        q = two.pillar(p.id)
        assert approx(p.score, q.score)
        assert math.isclose(p.coverage, q.coverage, abs_tol=1e-9)
        for c in p.commitments:
            assert approx(c.effective_weight, two.commitment(c.id).effective_weight)


@PROPERTY
@given(programmes(targets=True), st.sampled_from(METHODS), st.data())
def test_reordering_children_changes_nothing(
    prog: Programme, method: str, data: st.DataObject
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    shuffled = attrs.evolve(
        prog,
        pillars=tuple(
            attrs.evolve(p, commitments=tuple(data.draw(st.permutations(p.commitments))))
            for p in data.draw(st.permutations(prog.pillars))
        ),
    )
    _assert_same(score(prog, spec, method=method), score(shuffled, spec, method=method))


@PROPERTY
@given(programmes())
def test_equal_weights_arithmetic_is_the_plain_mean(prog: Programme) -> None:
    result = score(prog, "equal")
    means = []
    for p in result.pillars:
        present = [c.score for c in p.commitments if c.score is not None]
        if present:
            assert p.score == pytest.approx(sum(present) / len(present))
            means.append(p.score)
        else:
            assert p.score is None
    if means:
        assert result.overall.score == pytest.approx(sum(means) / len(means))


@settings(max_examples=50, deadline=None)
@given(programme=programmes())
def test_the_fast_digest_equals_the_plain_one(programme: Programme) -> None:
    """programme_digest unstructures through cattrs; _plain is the readable definition."""
    import hashlib
    import json

    from scorecard.engine import _plain, programme_digest

    text = json.dumps(_plain(programme), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert programme_digest(programme) == hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- direct oracles for bugs only the gold file or nothing caught -----------------
# A mutation run (docs/testing.md) found these one-line bugs surviving the suite.


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "latest", "expected"),
    [
        # higher is better, baseline 60 already meets target 50: gap = 50 - 60 = -10 <= 0,
        # so the score is 1 if the latest meets the target (50 >= 50), else 0.
        ("higher", 60.0, 50.0, 50.0, 1.0),
        ("higher", 60.0, 50.0, 49.0, 0.0),  # 49 < 50: missed
        # lower is better, baseline 40 already at or below target 50: gap = 40 - 50 = -10;
        # latest 50 <= 50 meets it, 51 does not.
        ("lower", 40.0, 50.0, 50.0, 1.0),
        ("lower", 40.0, 50.0, 51.0, 0.0),
        # baseline exactly on target: gap 0, same rule (x >= target, not x > target)
        ("higher", 50.0, 50.0, 50.0, 1.0),
    ],
)
def test_oracle_baseline_already_meets_the_target(
    direction: str, baseline: float, target: float, latest: float, expected: float
) -> None:
    ind = indicator("x", direction, obs("2008", baseline), obs("2010", latest), target=target)
    got = indicator_progress(ind)
    assert got is not None
    assert got[0] == expected
    assert [o.value for o in got[1]] == [baseline, latest]


def test_oracle_same_date_assessments_the_later_in_data_order_counts() -> None:
    # Two readings dated 2010: data order breaks the tie, the second (l3 = 75) counts,
    # not the first (l1 = 25).
    c = commitment("c", ("l1", "2010"), ("l3", "2010"))
    assert score(programme({"p": (c,)})).commitment("c").score == 75.0
    c = commitment("c", ("l3", "2010"), ("l1", "2010"))
    assert score(programme({"p": (c,)})).commitment("c").score == 25.0


def test_oracle_same_date_observations_the_later_in_data_order_counts() -> None:
    # Goalposts 0..1, two figures of 2010: the later in data order, 0.9, is the latest
    # (t = (0.9 - 0) / (1 - 0) = 0.9); with the tie-break reversed it would be 0.1.
    ind = indicator("x", "higher", obs("2010", 0.1), obs("2010", 0.9), goalposts=Goalposts(0, 1))
    assert indicator_progress(ind) == (pytest.approx(0.9), (ind.observations[1],))
    # Target 1 from the baseline: the baseline is the first in data order (0.1), the
    # latest the last (0.9): (0.9 - 0.1) / (1 - 0.1) = 0.8 / 0.9 = 0.888...
    ind = indicator("x", "higher", obs("2010", 0.1), obs("2010", 0.9), target=1.0)
    assert indicator_progress(ind)[0] == pytest.approx(0.8 / 0.9)  # type: ignore[index]


def test_oracle_party_roll_up_follows_the_missing_policy() -> None:
    # North has a (l4 = 100) and b (never assessed), equal weights 1/2 each.
    # missing="zero": (0.5 * 100 + 0.5 * 0) / 1 = 50; "renormalize": 100 / 1 = 100.
    prog = programme(
        {"p": (commitment("a", "l4", parties=("north",)), commitment("b", parties=("north",)))}
    )
    (zero,) = score(prog, missing="zero").parties
    assert zero.score == pytest.approx(50.0)
    assert zero.coverage == pytest.approx(0.5)
    (renorm,) = score(prog).parties
    assert renorm.score == pytest.approx(100.0)
    assert renorm.coverage == pytest.approx(0.5)


def test_oracle_party_scores_follow_unequal_weights() -> None:
    # Lens: pillars p:q = 3:1 (.75/.25); in p, n:s = 1:3 (.25/.75).
    # Effective weights: n = .75 * .25 = .1875, s = .75 * .75 = .5625, j = .25 (shared by
    # both parties: .125 each).
    # North: n (.1875, 100), j (.125, 50) -> (18.75 + 6.25) / .3125 = 80
    #   (equal shares would give (100 + 50) / 2 = 75).
    # South: s (.5625, 0), j (.125, 50) -> 6.25 / .6875 = 9.0909...
    #   (equal shares would give 25).
    lens = Weighting("lens", "Lens", "Test.", {"p": 3, "q": 1}, {"n": 1, "s": 3})
    prog = programme(
        {
            "p": (
                commitment("n", "l4", parties=("north",)),
                commitment("s", "l0", parties=("south",)),
            ),
            "q": (commitment("j", "l2"),),
        },
        weightings=(lens,),
    )
    result = score(prog, "lens")
    parties = {p.party: p for p in result.parties}
    assert parties["north"].score == pytest.approx(80.0)
    assert parties["south"].score == pytest.approx(6.25 / 0.6875)
    assert parties["north"].grade == "A"  # 80 is in A's band [80, 100]
    assert parties["south"].grade == "F"
    assert result.commitment("n").effective_weight == pytest.approx(0.1875)
    assert result.commitment("j").effective_weight == pytest.approx(0.25)
