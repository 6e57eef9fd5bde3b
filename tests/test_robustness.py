"""Sensitivity analysis: agreement with score(), determinism, and the distribution."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.engine import AGGREGATORS, score
from scorecard.errors import DataError, OptionsError
from scorecard.model import Programme, Weighting
from scorecard.robustness import SensitivityResult, sensitivity
from tests.strategies import commitment, programme, programmes, valid_weight_specs


def close(x: float | None, y: float | None) -> bool:
    return (x is None and y is None) or (
        x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    programmes(),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(["renormalize", "zero"]),
    st.data(),
)
def test_zero_spread_without_noise_equals_score(
    prog: Programme, pillars: str, overall: str, missing: str, data: st.DataObject
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    method = {"pillars": pillars, "overall": overall}
    base = score(prog, spec, method=method, missing=missing)
    result = sensitivity(prog, spec, draws=7, spread=0, method=method, missing=missing)
    assert close(result.overall.median, base.overall.score)
    assert close(result.overall.p05, base.overall.score)
    assert result.base == base
    for ps, pr in zip(result.pillars, base.pillars, strict=True):
        assert close(ps.median, pr.score)
        assert close(ps.p95, pr.score)
        if pr.grade is not None:
            assert ps.grades[pr.grade] == 1.0


def three_pillars() -> Programme:
    lens = Weighting("lens", "Lens", "Why.", {"a": 2, "b": 1, "z": 0})
    return programme(
        {
            "a": (commitment("a1", "l4"), commitment("a2", "l3"), commitment("a3", "l1")),
            "b": (commitment("b1", "l2"), commitment("b2", "l0")),
            "z": (commitment("z1", "l4"),),
        },
        weightings=(lens,),
        default_weighting="lens",
        outside=("z",),
    )


def test_same_seed_same_answer_and_seed_matters() -> None:
    one = sensitivity(three_pillars(), draws=5000, seed=3, vary_ratings=0.3)
    two = sensitivity(three_pillars(), draws=5000, seed=3, vary_ratings=0.3)
    other = sensitivity(three_pillars(), draws=5000, seed=4, vary_ratings=0.3)
    assert one == two
    assert one.to_json() == two.to_json()
    assert one.overall.median != other.overall.median


def test_weights_move_scores_around_the_base() -> None:
    result = sensitivity(three_pillars(), draws=20_000, spread=0.3)
    base = result.base.overall.score
    assert base is not None
    assert result.overall.p05 is not None
    assert result.overall.p95 is not None
    assert result.overall.p05 < base < result.overall.p95
    assert sum(result.overall.grades.values()) == pytest.approx(1.0)
    assert list(result.overall.grades) == ["A", "B", "C", "D", "F"]
    # The zero-weight outside pillar has a fixed composition (one commitment) and
    # never moves; it does not enter the overall score.
    assert result.pillar("z").p05 == pytest.approx(100.0)
    assert result.pillar("z").p95 == pytest.approx(100.0)
    # Rank distributions are distributions; pillar z (100) always ranks first.
    for p in result.pillars:
        assert sum(p.ranks) == pytest.approx(1.0)
    assert result.pillar("z").ranks[0] == 1.0


def test_dirichlet_mean_and_spread_formula() -> None:
    # Two pillars of one commitment each scoring 100 and 0 with base weights .5/.5:
    # the overall score is 100 * W_a, W_a ~ Beta(k/2, k/2), k = 1/spread^2 - 1,
    # so its mean is 50 and its sd is spread * sqrt(.25) * 100 = 50 * spread.
    prog = programme({"a": (commitment("a1", "l4"),), "b": (commitment("b1", "l0"),)})
    spread = 0.2
    result = sensitivity(prog, "equal", draws=40_000, spread=spread)
    # For a symmetric Beta the median is 50; p95 - p05 ~ 2 * 1.645 * sd (near normal).
    assert result.overall.median == pytest.approx(50.0, abs=0.3)
    width = result.overall.p95 - result.overall.p05  # type: ignore[operator]
    assert width == pytest.approx(2 * 1.645 * 50 * spread, rel=0.05)


def test_rating_noise_moves_one_level() -> None:
    # One commitment at l2 (50): with q = 1 it moves to 25 or 75, half the time each.
    prog = programme({"a": (commitment("a1", "l2"),)})
    result = sensitivity(prog, draws=20_000, spread=0, vary_ratings=1.0)
    assert result.overall.grades["D"] == pytest.approx(0.5, abs=0.02)  # 25
    assert result.overall.grades["B"] == pytest.approx(0.5, abs=0.02)  # 75
    assert result.overall.grades["C"] == 0.0
    # At the top of the scale a move up stays put.
    top = programme({"a": (commitment("a1", "l4"),)})
    shares = sensitivity(top, draws=20_000, spread=0, vary_ratings=1.0).overall.grades
    assert shares["A"] == pytest.approx(0.5, abs=0.02)
    assert shares["B"] == pytest.approx(0.5, abs=0.02)


def test_method_perturbation_mixes_means() -> None:
    prog = programme({"a": (commitment("a1", "l0"), commitment("a2", "l4"))})
    result = sensitivity(prog, "equal", draws=3000, spread=0, vary_method=True)
    # arithmetic 50, geometric 10 (floor 1), harmonic 1.98: the median is 10.
    assert result.overall.median == pytest.approx(10.0)
    assert result.overall.p95 == pytest.approx(50.0)


def test_bad_arguments() -> None:
    with pytest.raises(OptionsError) as err:
        sensitivity(three_pillars(), draws=0, spread=1.0, vary_ratings=2.0, seed=-1, floor=-5)
    assert [p.option for p in err.value.problems] == [
        "draws",
        "spread",
        "vary_ratings",
        "seed",
        "floor",
    ]
    assert not isinstance(err.value, DataError)


def test_round_trip() -> None:
    result = sensitivity(three_pillars(), draws=500)
    assert SensitivityResult.from_dict(result.to_dict()) == result


def test_merging_equal_scores_keeps_the_distribution() -> None:
    import numpy as np

    from scorecard.engine import compile_programme
    from scorecard.robustness import _compile_arrays, _run

    prog = programme(
        {
            "a": (
                commitment("a1", "l4"),
                commitment("a2", "l4"),
                commitment("a3", "l1"),
                commitment("a4"),
            ),
            "b": (commitment("b1", "l2"), commitment("b2", "l2"), commitment("b3", "l0")),
        }
    )
    compiled = compile_programme(prog)
    full = _compile_arrays(compiled, "renormalize", 1.0)
    merged = _compile_arrays(compiled, "renormalize", 1.0, merge=True)
    assert (full.n_c, merged.n_c) == (7, 4)  # a4 (missing) dropped, equal scores merged
    methods = {"pillars": "arithmetic", "overall": "arithmetic"}
    o1, p1 = _run(full, methods, 200_000, 0.3, 0.0, False, 1)
    o2, p2 = _run(merged, methods, 200_000, 0.3, 0.0, False, 2)
    q = [0.05, 0.25, 0.5, 0.75, 0.95]
    assert np.quantile(o1, q) == pytest.approx(np.quantile(o2, q), abs=0.15)
    assert np.quantile(p1, q, axis=0) == pytest.approx(np.quantile(p2, q, axis=0), abs=0.25)


# -- the objectives level and verdicts ----------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    programmes(objectives=None, with_verdicts=True),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(tuple(AGGREGATORS)),
    st.sampled_from(["renormalize", "zero"]),
    st.sampled_from([None, 0.0, 0.3, 1.0]),
    st.data(),
)
def test_zero_spread_equals_score_with_objectives_and_verdicts(
    prog: Programme,
    objectives: str,
    pillars: str,
    overall: str,
    missing: str,
    verdict_weight: float | None,
    data: st.DataObject,
) -> None:
    spec = data.draw(valid_weight_specs(prog))
    method = {"objectives": objectives, "pillars": pillars, "overall": overall}
    kw: dict[str, object] = {"method": method, "missing": missing}
    kw["verdict_weight"] = verdict_weight
    base = score(prog, spec, **kw)  # type: ignore[arg-type]
    result = sensitivity(prog, spec, draws=5, spread=0, **kw)  # type: ignore[arg-type]
    assert close(result.overall.median, base.overall.score)
    for ps, pr in zip(result.pillars, base.pillars, strict=True):
        assert close(ps.median, pr.score)
        assert close(ps.p05, pr.score)


def test_objective_weights_are_drawn() -> None:
    # One pillar, two objectives (o1: a1 = 100; o2: a2 = 0): only the objective
    # weights can move the pillar, whose base score is 50.
    from scorecard.model import Objective, Pillar

    base = programme({"a": (commitment("a1", "l4"), commitment("a2", "l0"))})
    pillar = Pillar(
        "a",
        "Pillar a",
        "A pillar.",
        tuple(
            attrs.evolve(c, objective=o)
            for c, o in zip(base.pillars[0].commitments, ("o1", "o2"), strict=True)
        ),
        objectives=(Objective("o1", "One"), Objective("o2", "Two")),
    )
    prog = attrs.evolve(base, pillars=(pillar,))
    fixed = sensitivity(prog, draws=2000, spread=0)
    moved = sensitivity(prog, draws=2000, spread=0.3)
    assert fixed.pillars[0].p05 == fixed.pillars[0].p95 == 50.0
    assert moved.pillars[0].p05 is not None
    assert moved.pillars[0].p05 < 40.0
    assert moved.pillars[0].p95 is not None
    assert moved.pillars[0].p95 > 60.0
    assert moved.pillars[0].median == pytest.approx(50.0, abs=3.0)


def test_without_objectives_the_draws_do_not_move() -> None:
    # The same seed gives the same numbers as before the objectives level: pinned
    # from the draws of a programme without objectives (three_pillars, seed 0).
    result = sensitivity(three_pillars(), draws=2000, spread=0.3, seed=0)
    again = sensitivity(three_pillars(), draws=2000, spread=0.3, seed=0)
    assert result == again
    assert result.overall.median == pytest.approx(PINNED_MEDIAN, rel=0, abs=1e-12)


PINNED_MEDIAN = 52.85453647905963  # before the objectives level existed
