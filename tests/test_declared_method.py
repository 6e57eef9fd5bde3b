"""Issue 14 (parts 1, 3, 4, 6): the method a weighting declares, indicator weights and
indicator-driven commitments. Oracles by hand, Hypothesis properties, the command
line and the bad-input messages."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from dataset_support import copy_example, edit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.analysis import compare, timeline
from scorecard.cli import main
from scorecard.dates import PartialDate
from scorecard.display import format_score
from scorecard.engine import score
from scorecard.errors import DataError, ScoringError, WeightsError
from scorecard.export import export_json, from_dict
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
from scorecard.options import LEVELS, DeclaredMethods, MissingPolicy, ScoringOptions
from scorecard.result import Result
from scorecard.robustness import sensitivity
from scorecard.weights import Weights, indicator_key
from tests.strategies import (
    commitment,
    method_declarations,
    programme,
    programmes,
    scoring_choices,
)

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def obs(as_of: str, value: float) -> Observation:
    return Observation(
        PartialDate.parse(as_of), (Citation("src", "figure", EvidenceKind.OUTCOME),), value=value
    )


def percent(iid: str, value: float, as_of: str = "2009") -> Indicator:
    """An indicator on goalposts 0..100, higher is better: its progress is ``value``."""
    return Indicator(
        id=iid,
        title=f"Indicator {iid}",
        unit="percent",
        direction=Direction.HIGHER,
        kind=EvidenceKind.OUTCOME,
        observations=(obs(as_of, value),),
        goalposts=Goalposts(0, 100),
    )


def two_indicators() -> tuple[Indicator, Indicator]:
    return percent("x", 30), percent("y", 90)


def oracle(**declared: Any) -> Programme:
    """Pillar a: a1 (no assessment, indicators only) and a2 (status l2 = 50, half from
    its indicators); pillar b: b1 (status l4 = 100). The default weighting "lens"
    weighs a1's indicators 1:3 and a2's 3:1 and declares ``declared``."""
    a1 = commitment("a1", indicator_weight=1.0, indicators=two_indicators())
    a2 = commitment("a2", "l2", indicator_weight=0.5, indicators=two_indicators())
    b1 = commitment("b1", "l4")
    lens = Weighting(
        "lens",
        "Lens",
        "Test.",
        indicators={"a1.x": 1, "a1.y": 3, "a2.x": 3, "a2.y": 1},
        **declared,
    )
    return programme({"a": (a1, a2), "b": (b1,)}, weightings=(lens,), default_weighting="lens")


GEOMETRIC_OVERALL = {"aggregation": DeclaredMethods(overall="geometric")}  # type: ignore[arg-type]


# -- oracles ---------------------------------------------------------------------------


def test_oracle_two_weighted_indicators_and_a_geometric_overall_declared_in_data() -> None:
    # By hand:
    # a1: no assessment, indicator_weight 1: indicators alone, weights 1:3 ->
    #     (1 x 30 + 3 x 90) / 4 = 75.
    # a2: status 50; indicators weighted 3:1 -> (3 x 30 + 1 x 90) / 4 = 45;
    #     blend 0.5 x 50 + 0.5 x 45 = 47.5.
    # pillar a (equal): (75 + 47.5) / 2 = 61.25; pillar b: 100.
    # overall, geometric as the weighting declares: sqrt(61.25 x 100) = 78.26237921249264.
    result = score(oracle(**GEOMETRIC_OVERALL))
    a1, a2 = result.commitment("a1"), result.commitment("a2")
    assert a1.score == pytest.approx(75.0)
    assert a1.indicator_score == pytest.approx(75.0)
    assert a1.status is None
    assert a1.status_score is None
    assert a1.from_indicators
    assert a2.indicator_score == pytest.approx(45.0)
    assert a2.score == pytest.approx(47.5)
    assert not a2.from_indicators
    assert result.pillar("a").score == pytest.approx(61.25)
    assert result.overall.score == pytest.approx(78.26237921249264)
    assert result.provenance.methods["overall"] == "geometric"
    assert result.provenance.indicator_weights == {
        "a1.x": 0.25,
        "a1.y": 0.75,
        "a2.x": 0.75,
        "a2.y": 0.25,
    }
    # an explicit choice wins: arithmetic at the top gives (61.25 + 100) / 2 = 80.625
    explicit = score(oracle(**GEOMETRIC_OVERALL), method="arithmetic")
    assert explicit.overall.score == pytest.approx(80.625)
    assert explicit.provenance.methods["overall"] == "arithmetic"
    # without indicator weights: a1 = (30 + 90) / 2 = 60, a2 = 0.5 x 50 + 0.5 x 60 = 55
    plain = score(attrs.evolve(oracle(), weightings=(Weighting("lens", "Lens", "Test."),)))
    assert plain.commitment("a1").score == pytest.approx(60.0)
    assert plain.commitment("a2").score == pytest.approx(55.0)
    assert plain.provenance.indicator_weights == {}


def test_the_declared_floor_and_missing_policy_apply_and_options_override_them() -> None:
    # c2 is unassessed: with missing = "zero" declared, pillar a = (75 + 0) / 2 = 37.5
    # (a1 = 75 as in the oracle); b1 scores 0 (level l0) and a geometric overall with the
    # declared floor 4 gives sqrt(37.5 x 4) = 12.24744871391589.
    a1 = commitment("a1", indicator_weight=1.0, indicators=two_indicators())
    lens = Weighting(
        "lens",
        "Lens",
        "Test.",
        indicators={"a1.x": 1, "a1.y": 3},
        aggregation=DeclaredMethods(overall="geometric"),  # type: ignore[arg-type]
        floor=4.0,
        missing=MissingPolicy.ZERO,
    )
    prog = programme(
        {"a": (a1, commitment("c2")), "b": (commitment("b1", "l0"),)},
        weightings=(lens,),
        default_weighting="lens",
    )
    result = score(prog)
    assert result.pillar("a").score == pytest.approx(37.5)
    assert result.overall.score == pytest.approx(math.sqrt(37.5 * 4))
    assert (result.provenance.floor, result.provenance.missing) == (4.0, "zero")
    # explicit choices win, level by level: renormalize -> pillar a = 75,
    # floor 9 -> sqrt(75 x 9) = 25.98076211353316
    again = score(prog, missing="renormalize", floor=9)
    assert again.pillar("a").score == pytest.approx(75.0)
    assert again.overall.score == pytest.approx(math.sqrt(75 * 9))
    # the provenance's options rebuild the result, whatever the weighting declares
    assert score(prog, options=again.provenance.options) == again
    assert score(prog, options=result.provenance.options) == result


# -- indicator-driven commitments ---------------------------------------------------------


def _alone(**kw: Any) -> Result:
    c = commitment("a1", **kw)
    return score(programme({"a": (c, commitment("a2", "l4"))}))


def test_an_indicator_driven_commitment_needs_no_assessment() -> None:
    result = _alone(indicator_weight=0.3, indicators=(percent("x", 40),))
    # any indicator_weight > 0: with no usable status the indicators are the score
    assert result.commitment("a1").score == pytest.approx(40.0)
    assert result.pillar("a").coverage == pytest.approx(1.0)
    assert result.pillar("a").score == pytest.approx(70.0)


def test_a_missing_level_reading_leaves_the_indicators_alone() -> None:
    result = _alone(indicator_weight=0.5, indicators=(percent("x", 40),))
    with_none = score(
        programme(
            {
                "a": (
                    commitment("a1", "none", indicator_weight=0.5, indicators=(percent("x", 40),)),
                    commitment("a2", "l4"),
                )
            }
        )
    )
    assert with_none.commitment("a1").score == result.commitment("a1").score == 40.0
    assert with_none.commitment("a1").status == "none"


def test_without_indicator_weight_or_progress_it_stays_missing_never_zero() -> None:
    # indicator_weight 0 (the default): indicators are shown, not scored
    shown = _alone(indicators=(percent("x", 40),))
    assert shown.commitment("a1").score is None
    assert shown.pillar("a").coverage == pytest.approx(0.5)
    # no observation on or before the date: no progress, so no evidence
    early = score(
        programme(
            {
                "a": (
                    commitment("a1", indicator_weight=1.0, indicators=(percent("x", 40, "2012"),)),
                    commitment("a2", "l4"),
                )
            }
        ),
        as_of="2010",
    )
    assert early.commitment("a1").score is None
    assert early.pillar("a").score == 100.0
    # an indicator without goalposts or target has no progress either
    bare = Indicator("x", "X", "units", Direction.HIGHER, EvidenceKind.OUTCOME, (obs("2009", 1),))
    assert _alone(indicator_weight=1.0, indicators=(bare,)).commitment("a1").score is None


def test_indicator_driven_commitments_survive_sensitivity_and_rating_noise() -> None:
    prog = oracle(**GEOMETRIC_OVERALL)
    out = sensitivity(prog, draws=200, vary_ratings=True, seed=1)
    assert out.overall.median > 0
    assert score(prog).overall.score == pytest.approx(78.26237921249264)


def test_every_analysis_uses_the_declared_method() -> None:
    prog = oracle(**GEOMETRIC_OVERALL)
    geometric = score(prog).overall.score
    assert geometric == pytest.approx(78.26237921249264)
    base = sensitivity(prog, draws=20, spread=0.0)
    assert base.base.provenance.methods["overall"] == "geometric"
    assert base.overall.median == pytest.approx(geometric)
    line = timeline(prog)
    assert line.results[-1].overall.score == pytest.approx(geometric)
    assert {r.provenance.methods["overall"] for r in line.results} == {"geometric"}
    # each lens under its own declaration: "equal" declares nothing, so arithmetic,
    # and weighs no indicator: a1 = 60, a2 = 55, pillar a = 57.5, overall 78.75
    both = compare(prog, ["lens", "equal"])
    assert both.result("lens").overall.score == pytest.approx(geometric)
    assert both.result("equal").overall.score == pytest.approx(78.75)
    # an explicit choice applies to every lens alike
    flat = compare(prog, ["lens", "equal"], method="arithmetic")
    assert flat.result("lens").overall.score == pytest.approx(80.625)


# -- the options and the declaration ----------------------------------------------------


def test_options_know_what_was_chosen_and_resolve_fills_the_rest() -> None:
    assert ScoringOptions().explicit == frozenset()
    assert ScoringOptions(method={"overall": "geometric"}).explicit == {"method.overall"}
    assert ScoringOptions(method="arithmetic", floor=1.0).explicit == {
        *(f"method.{level}" for level in LEVELS),
        "floor",
    }
    # a value that differs from the default is explicit, also in a copy
    assert attrs.evolve(ScoringOptions(), floor=0.5).explicit == {"floor"}
    declared = Weights(aggregation={"overall": "geometric", "pillars": "harmonic"}, floor=3.0)  # type: ignore[dict-item]
    resolved = ScoringOptions(method={"pillars": "arithmetic"}).resolve(declared)
    assert str(resolved.method) == "overall=geometric"
    assert resolved.floor == 3.0
    assert resolved.resolve(declared) == resolved
    # not part of equality: the values are
    assert ScoringOptions(method="arithmetic") == ScoringOptions()


@PROPERTY
@given(choices=scoring_choices(), declared=method_declarations())
def test_explicit_options_always_win_over_the_weighting(
    choices: dict[str, Any], declared: dict[str, Any]
) -> None:
    options = ScoringOptions(**choices)
    weights = Weights.from_weighting(Weighting("w", "W", "Test.", **declared))
    resolved = options.resolve(weights)
    named = set(options.explicit)
    for level in LEVELS:
        if f"method.{level}" in named:
            expected = options.method[level]
        else:
            expected = getattr(declared["aggregation"], level) or "arithmetic"
        assert resolved.method[level] == expected
    for name, default in (("missing", "renormalize"), ("floor", 1.0)):
        if name in named:
            assert getattr(resolved, name) == getattr(options, name)
        else:
            assert getattr(resolved, name) == (
                default if declared[name] is None else declared[name]
            )
    # and the engine uses exactly the resolved options
    prog = oracle(**declared)
    try:
        result = score(prog, options=options)
    except ScoringError:
        return  # a zero under a floor of 0: the same for any way of asking
    assert result.provenance.options == resolved
    assert score(prog, options=resolved) == result


def _same_scores(a: Result, b: Result) -> None:
    assert a.overall == b.overall
    assert a.pillars == b.pillars
    assert a.parties == b.parties


@PROPERTY
@given(
    prog=programmes(weighted=True, periods=True, max_pillars=3, max_commitments=3),
    choices=scoring_choices(),
)
def test_declaring_the_defaults_is_declaring_nothing(
    prog: Programme, choices: dict[str, Any]
) -> None:
    (weighting,) = prog.weightings
    defaults = attrs.evolve(
        weighting,
        aggregation=DeclaredMethods(*(["arithmetic"] * len(LEVELS))),  # type: ignore[arg-type]
        floor=1.0,
        missing=MissingPolicy.RENORMALIZE,
    )
    declaring = attrs.evolve(prog, weightings=(defaults,))

    def outcome(p: Programme) -> Result | list[str]:
        try:
            return score(p, **choices)
        except ScoringError as exc:  # the same problems, or the same scores
            return exc.lines()

    plain, declared = outcome(prog), outcome(declaring)
    if isinstance(plain, Result) and isinstance(declared, Result):
        _same_scores(declared, plain)
    else:
        assert declared == plain


@PROPERTY
@given(
    prog=programmes(weighted=True, periods=True, max_pillars=3, max_commitments=3),
    weight=st.sampled_from([1e-3, 0.5, 1.0, 2.0, 7.5, 1e6]),
)
def test_equal_indicator_weights_are_no_indicator_weights(prog: Programme, weight: float) -> None:
    (weighting,) = prog.weightings
    keys = {indicator_key(c.id, i.id): weight for _, c in prog.commitments() for i in c.indicators}
    weighed = attrs.evolve(prog, weightings=(attrs.evolve(weighting, indicators=keys),))
    plain, equal = score(prog), score(weighed)
    _same_scores(plain, equal)
    assert [c for p in plain.pillars for c in p.commitments] == [
        c for p in equal.pillars for c in p.commitments
    ]


# -- the dataset, the command line and the report -----------------------------------------

GEOMETRIC_LINE = 'rationale = "No pillar or commitment is presumed more important than another."\n'


def _declaring(tmp_path: Path) -> Path:
    """The example dataset whose default weighting declares a geometric overall."""
    root = copy_example(tmp_path)
    edit(
        root,
        "programme.toml",
        GEOMETRIC_LINE,
        GEOMETRIC_LINE + 'aggregation = { overall = "geometric" }\n',
    )
    return root


def test_cli_score_uses_the_declared_method_without_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _declaring(tmp_path)
    geometric = score(scorecard.load(root), method={"overall": "geometric"}).overall.score
    arithmetic = score(scorecard.load(root), method="arithmetic").overall.score
    assert geometric is not None
    assert arithmetic is not None
    assert format_score(geometric, 1) != format_score(arithmetic, 1)
    assert main(["score", str(root)]) == 0
    out = capsys.readouterr().out
    assert "overall geometric" in out
    assert re.search(rf"^Overall\s+{format_score(geometric, 1)}\s", out, re.M)
    assert main(["score", str(root), "--method", "arithmetic"]) == 0
    out = capsys.readouterr().out
    assert "overall arithmetic" in out
    assert re.search(rf"^Overall\s+{format_score(arithmetic, 1)}\s", out, re.M)


def test_cli_render_uses_the_declared_method_without_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _declaring(tmp_path)
    out = tmp_path / "report.html"
    assert main(["render", str(root), "--html", str(out), "--draws", "50"]) == 0
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.read_text("utf-8")))
    assert "Overall: weighted geometric mean" in text
    geometric = score(scorecard.load(root), method={"overall": "geometric"}).overall.score
    assert geometric is not None
    assert format_score(geometric, 1) in text
    flagged = tmp_path / "flagged.html"
    argv = ["render", str(root), "--html", str(flagged), "--draws", "50", "--method", "arithmetic"]
    assert main(argv) == 0
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", flagged.read_text("utf-8")))
    assert "Overall: weighted arithmetic mean" in text


def _indicator_only(root: Path) -> None:
    """Drop quality.testing's assessments and score it from its indicator alone."""
    path = root / "pillars/quality.toml"
    text = path.read_text("utf-8")
    start = text.index(
        '[[commitments.assessments]]\nas_of = "2015"\nstatus = "limited"\nrationale = "Lab'
    )
    end = text.index('[[commitments.indicators]]\nid = "samples-failing"')
    text = text[:start] + text[end:]
    path.write_text(text, "utf-8")
    edit(
        root,
        "pillars/quality.toml",
        'id = "quality.testing"\n',
        'id = "quality.testing"\nindicator_weight = 1\n',
    )


def test_an_indicator_only_dataset_checks_scores_and_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scorecard.report import render_html

    root = copy_example(tmp_path)
    _indicator_only(root)
    assert main(["check", str(root)]) == 0
    capsys.readouterr()
    result = score(scorecard.load(root))
    testing = result.commitment("quality.testing")
    # failing samples 18 % on goalposts 0..50, lower is better: 1 - 18/50 = 0.64
    assert testing.score == pytest.approx(64.0)
    assert testing.from_indicators
    html = render_html(result)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Scored from indicators" in text
    assert "scored from its indicators alone" in text
    assert "Tap samples failing the coliform test" in text


def test_new_fields_round_trip_through_the_json_export(tmp_path: Path) -> None:
    root = _declaring(tmp_path)
    edit(
        root,
        "programme.toml",
        'commitments = { "quality.testing" = 2 }\n',
        'commitments = { "quality.testing" = 2 }\nfloor = 0.5\nmissing = "zero"\n'
        'indicators = { "access.connections.households-connected" = 2 }\n',
    )
    prog = scorecard.load(root)
    text = export_json(prog)
    assert '"aggregation": {\n' in text
    assert '"floor": 0.5' in text
    back = from_dict(json.loads(text))
    assert back.weightings == prog.weightings
    # a weighting that declares nothing writes none of the new keys
    plain = export_json(scorecard.load(copy_example(tmp_path / "plain")))
    assert '"aggregation"' not in plain
    assert '"indicators": {' not in plain


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        (
            'aggregation = { top = "geometric" }\n',
            "weightings[1].aggregation.top",
            "unknown key 'top'; allowed: commitments, objectives, pillars, overall",
        ),
        (
            'aggregation = { overal = "geometric" }\n',
            "weightings[1].aggregation.overal",
            "did you mean 'overall'?",
        ),
        (
            'aggregation = { overall = "median" }\n',
            "weightings[1].aggregation.overall",
            "'median' is not one of: arithmetic, geometric, harmonic",
        ),
        ("floor = 100.0\n", "weightings[1].floor", "must be a number in [0, 100), not 100.0"),
        ("floor = -1\n", "weightings[1].floor", "must be a number in [0, 100), not -1.0"),
        (
            'missing = "skip"\n',
            "weightings[1].missing",
            "'skip' is not one of: renormalize, zero, error",
        ),
        (
            'indicators = { "access.connections.households" = 2 }\n',
            "weightings[1].indicators.access.connections.households",
            "did you mean 'access.connections.households-connected'?",
        ),
        (
            'indicators = { "access.connections.households-connected" = 0 }\n',
            "weightings[1].indicators",
            "gives every indicator of commitment 'access.connections' weight 0",
        ),
    ],
)
def test_bad_declarations_are_named_with_file_and_path(
    tmp_path: Path, extra: str, path: str, message: str
) -> None:
    root = copy_example(tmp_path)
    edit(
        root,
        "programme.toml",
        'commitments = { "quality.testing" = 2 }\n',
        'commitments = { "quality.testing" = 2 }\n' + extra,
    )
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    found = [(p.file, p.path, p.message) for p in info.value.problems]
    assert any(f == "programme.toml" and p == path and message in m for f, p, m in found), found


def test_a_weights_file_gets_the_same_words(tmp_path: Path) -> None:
    file = tmp_path / "lens.toml"
    file.write_text(
        'aggregation = { top = "geometric", overall = "median" }\nfloor = 100.0\n'
        'missing = "skip"\n',
        "utf-8",
    )
    with pytest.raises(WeightsError) as info:
        Weights.from_toml(file)
    found = {(p.path, p.message) for p in info.value.problems}
    assert found >= {
        (
            "aggregation.top",
            "unknown key 'top'; allowed: commitments, objectives, pillars, overall",
        ),
        ("aggregation.overall", "'median' is not one of: arithmetic, geometric, harmonic"),
        ("floor", "must be a number in [0, 100), not 100.0"),
        ("missing", "'skip' is not one of: renormalize, zero, error"),
    }
    assert all(p.file == str(file) for p in info.value.problems)


def test_an_unknown_indicator_key_in_weights_given_in_python() -> None:
    with pytest.raises(WeightsError) as info:
        score(oracle(), {"indicators": {"a1.xx": 2.0}})
    (problem,) = info.value.problems
    assert problem.path == "indicators.a1.xx"
    assert "unknown indicator" in problem.message
    assert "did you mean 'a1.x'" in problem.message


def test_a_report_of_custom_weights_keeps_the_indicator_weights() -> None:
    from scorecard.report.analyses import weights_of

    custom = Weights(indicators={"a1.x": 1, "a1.y": 3, "a2.x": 3, "a2.y": 1})
    prog = attrs.evolve(oracle(), weightings=(), default_weighting=None)
    result = score(prog, custom)
    again = score(prog, weights_of(result), options=result.provenance.options)
    assert again.overall == result.overall
    assert again.commitment("a1").score == pytest.approx(75.0)


def test_the_weights_a_report_carries_keep_the_indicator_weights(tmp_path: Path) -> None:
    from scorecard.report.render import _weights_toml

    result = score(oracle(**GEOMETRIC_OVERALL))
    file = tmp_path / "weights.toml"
    file.write_bytes(_weights_toml(result))
    again = score(oracle(), Weights.from_toml(file), options=result.provenance.options)
    assert again.overall.score == pytest.approx(result.overall.score)
    assert again.provenance.indicator_weights == result.provenance.indicator_weights
