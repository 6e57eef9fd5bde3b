"""Weightings: construction, validation against a programme, normalisation."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings

from scorecard.errors import WeightsError
from scorecard.model import Programme, Weighting
from scorecard.weights import Weights
from tests.strategies import commitment, programme, programmes, weight_specs


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
    with pytest.raises(WeightsError, match=r"bad\.toml: pillars\.p"):
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
