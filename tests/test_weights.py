"""Weightings: construction, validation against a programme, normalisation."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import event, given, settings

from scorecard.errors import WeightsError
from scorecard.model import Programme, Weighting
from scorecard.weights import MIN_RELATIVE_WEIGHT, Weights
from tests.strategies import commitment, extreme_weights, programme, programmes, weight_specs


def two_pillars() -> Programme:
    lens = Weighting("lens", "Lens", "Why.", {"p": 3, "q": 1}, {"a": 2})
    return programme(
        {"p": (commitment("a", "l1"), commitment("b", "l2")), "q": (commitment("c", "l3"),)},
        weightings=(lens,),
        default_weighting="lens",
    )


def test_normalise_within_groups() -> None:
    n = Weights.resolve(two_pillars()).normalise(two_pillars())
    assert n.id == "lens"
    assert n.pillars == {"p": 0.75, "q": 0.25}
    assert n.commitments == pytest.approx({"a": 2 / 3, "b": 1 / 3, "c": 1.0})
    assert n.effective(two_pillars()) == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.25})


def test_resolve_sources() -> None:
    prog = two_pillars()
    assert Weights.resolve(prog, "equal") == Weights.equal()
    assert Weights.resolve(prog, None).id == "lens"
    no_default = programme({"p": (commitment("a"),)})
    assert Weights.resolve(no_default, None).id == "equal"
    flat = Weights.resolve(prog, {"p": 2, "a": 5})
    assert flat.pillars == {"p": 2.0}
    assert flat.commitments == {"a": 5.0}
    mine = Weights(pillars={"q": 0})
    assert Weights.resolve(prog, mine) is mine
    with pytest.raises(TypeError):
        Weights.resolve(prog, 3)  # type: ignore[arg-type]


def test_unknown_weighting_names_it_and_lists_known() -> None:
    with pytest.raises(WeightsError, match=r"'nope'.*known: equal, lens"):
        Weights.resolve(two_pillars(), "nope")


def test_bad_values_name_the_weighting_and_id() -> None:
    with pytest.raises(WeightsError) as err:
        Weights.from_dict(
            {"id": "w", "pillars": {"p": -1, "q": math.nan}, "commitments": {"a": "2"}}
        )
    lines = err.value.lines()
    assert lines == [
        "weighting 'w': pillars.p: a weight must be >= 0, not -1",
        "weighting 'w': pillars.q: a weight must be finite, not nan",
        "weighting 'w': commitments.a: a weight must be a number, not '2'",
    ]
    with pytest.raises(WeightsError, match="inf"):
        Weights(pillars={"p": math.inf})
    with pytest.raises(WeightsError, match="unknown key"):
        Weights.from_dict({"pilars": {}})


def test_unknown_ids_and_all_zero_groups() -> None:
    prog = two_pillars()
    with pytest.raises(WeightsError) as err:
        Weights(id="w", pillars={"p": 0, "q": 0, "zz": 1}, commitments={"c": 0, "x": 1}).normalise(
            prog
        )
    text = "\n".join(err.value.lines())
    assert "pillars.zz: unknown pillar" in text
    assert "commitments.x: unknown commitment" in text
    assert "commitments of pillar 'q': all commitment weights of this pillar are zero" in text
    with pytest.raises(WeightsError, match="all pillar weights are zero"):
        Weights(pillars={"p": 0, "q": 0}).normalise(prog)


def test_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "security-first.toml"
    path.write_text('label = "Security first"\npillars = { p = 4 }\n', encoding="utf-8")
    w = Weights.from_toml(path)
    assert w.id == "security-first"
    assert w.normalise(two_pillars()).pillars == {"p": 0.8, "q": 0.2}
    bad = tmp_path / "bad.toml"
    bad.write_text("pillars = { p = -2 }\n", encoding="utf-8")
    with pytest.raises(WeightsError, match=r"bad\.toml:1:\d+: pillars\.p"):
        Weights.from_toml(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("pillars = {", encoding="utf-8")
    with pytest.raises(WeightsError, match="TOML syntax error"):
        Weights.from_toml(broken)
    with pytest.raises(WeightsError, match="cannot read"):
        Weights.from_toml(tmp_path / "absent.toml")


@settings(max_examples=100, deadline=None)
@given(programmes().flatmap(lambda p: weight_specs(p).map(lambda s: (p, s))))
def test_any_spec_either_normalises_to_sums_of_one_or_raises_weights_error(
    case: tuple[Programme, dict[str, dict[str, object]]],
) -> None:
    prog, spec = case
    failure: WeightsError | None = None
    try:
        n = Weights.from_dict(spec).normalise(prog)
    except WeightsError as err:
        failure = err
    if failure is not None:
        assert all(line.startswith("weighting 'custom': ") for line in failure.lines())
        return
    assert math.isclose(sum(n.pillars.values()), 1.0)
    for pillar in prog.pillars:
        assert math.isclose(sum(n.commitments[c.id] for c in pillar.commitments), 1.0)
    assert all(v >= 0 for v in n.commitments.values())


def test_a_subnormal_weight_next_to_normal_ones_is_an_error_naming_it() -> None:
    """Found by fuzzing: 5e-324 next to 1 normalised to a share whose effective weight
    (pillar share x commitment share) was 0, so the commitment silently counted as
    unweighted."""
    prog = two_pillars()
    with pytest.raises(WeightsError) as err:
        Weights(id="w", commitments={"a": 5e-324}, pillars={"q": 1e-13}).normalise(prog)
    assert err.value.lines() == [
        "weighting 'w': pillars.q: a weight of 1e-13 is less than 1e-12 of the largest "
        "weight in its group (1.0), too small to count: write 0 to leave it out, or give "
        "it a larger weight",
        "weighting 'w': commitments.a: a weight of 5e-324 is less than 1e-12 of the "
        "largest weight in its group (1.0), too small to count: write 0 to leave it out, "
        "or give it a larger weight",
    ]
    # an id left out weighs 1, which can be too small next to a huge listed weight
    with pytest.raises(WeightsError, match=r"pillars\.q: not listed: a weight of 1\.0"):
        Weights(pillars={"p": 1e13}).normalise(prog)
    # at the threshold, and in a group of tiny weights only, shares are exact
    n = Weights(pillars={"p": 1.0, "q": MIN_RELATIVE_WEIGHT}).normalise(prog)
    assert n.pillars["q"] == MIN_RELATIVE_WEIGHT / (1 + MIN_RELATIVE_WEIGHT) > 0
    n = Weights(commitments={"a": 5e-324, "b": 1.5e-323}).normalise(prog)
    assert n.commitments["a"] == 0.25
    assert n.effective(prog)["a"] == 0.125


def test_huge_weights_do_not_overflow() -> None:
    """Their total overflows a float (math.fsum raised OverflowError): the group is
    scaled by its largest weight first."""
    prog = two_pillars()
    n = Weights(pillars={"p": 1.7e308, "q": 1.7e308}, commitments={"a": 1e308, "b": 1e300})
    shares = n.normalise(prog)
    assert shares.pillars == {"p": 0.5, "q": 0.5}
    assert shares.commitments["a"] == pytest.approx(1.0)
    assert shares.commitments["b"] == pytest.approx(1e-8)


def _expected_too_small(
    prog: Programme, spec: dict[str, dict[str, float]]
) -> tuple[set[str], set[str]]:
    """Ids surely too small and ids surely not, by exact rational arithmetic (a
    margin of 1e-9 around the threshold leaves float rounding at the edge to the code)."""
    groups = [("pillars", [p.id for p in prog.pillars])]
    groups += [("commitments", [c.id for c in p.commitments]) for p in prog.pillars]
    low, high = (
        Fraction(MIN_RELATIVE_WEIGHT) * (1 - Fraction(1, 10**9)),
        Fraction(MIN_RELATIVE_WEIGHT) * (1 + Fraction(1, 10**9)),
    )
    sure: set[str] = set()
    maybe: set[str] = set()
    for group, members in groups:
        raw = {m: Fraction(spec[group].get(m, 1.0)) for m in members}
        largest = max(raw.values(), default=Fraction(0))
        for m, w in raw.items():
            if w > 0 and w / largest < high:
                (sure if w / largest < low else maybe).add(f"{group}.{m}")
    return sure, sure | maybe


@settings(max_examples=200, deadline=None)
@given(
    programmes().flatmap(
        lambda p: weight_specs(p, bad=False, values=extreme_weights).map(lambda s: (p, s))
    )
)
def test_a_positive_weight_never_normalises_to_zero(
    case: tuple[Programme, dict[str, dict[str, float]]],
) -> None:
    """Every positive weight keeps a positive normalised and effective weight, or the
    weighting is refused with an error naming each weight too small to count."""
    prog, spec = case
    sure, possible = _expected_too_small(prog, spec)
    failure: WeightsError | None = None
    try:
        n = Weights.from_dict(spec).normalise(prog)
    except WeightsError as err:
        failure = err
    event("refused" if failure else "normalised")
    if failure is not None:
        named = {p.path for p in failure.problems if "too small to count" in p.message}
        assert sure <= named <= possible
        other = [p for p in failure.problems if p.path not in named]
        assert all("are zero" in p.message for p in other), failure.lines()
        return
    assert not sure
    raw_p = {p.id: spec["pillars"].get(p.id, 1.0) for p in prog.pillars}
    raw_c = {c.id: spec["commitments"].get(c.id, 1.0) for _, c in prog.commitments()}
    assert all((n.pillars[k] > 0) == (w > 0) for k, w in raw_p.items())
    assert all((n.commitments[k] > 0) == (w > 0) for k, w in raw_c.items())
    effective = n.effective(prog)
    for pillar, c in prog.commitments():
        assert (effective[c.id] > 0) == (raw_p[pillar.id] > 0 and raw_c[c.id] > 0)
        assert math.isfinite(effective[c.id])
    assert math.isclose(math.fsum(n.pillars.values()), 1.0, rel_tol=1e-12)
