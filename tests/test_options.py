"""Scoring options: one frozen object, checked where it is built, that every scoring
function takes, the provenance records and the command line reads and writes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scorecard
from scorecard import errors
from scorecard.analysis import compare, explain, timeline
from scorecard.cli import build_parser, main
from scorecard.commands.extract import rescore_command
from scorecard.dates import PartialDate
from scorecard.engine import _outcome_share, score
from scorecard.errors import DataError, OptionProblem, OptionsError, ScorecardError, ScoringError
from scorecard.options import (
    DEFAULT_FLOOR,
    Aggregation,
    IndicatorPick,
    Methods,
    MissingPolicy,
    ScoringOptions,
)
from scorecard.report.extract import Extracted, _options
from scorecard.result import Result
from scorecard.robustness import sensitivity
from tests.strategies import commitment, programme, scoring_options

EXAMPLE = "tests/data/example"
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def small() -> scorecard.Programme:
    # "b" is unassessed, so missing="error" stops scoring (a ScoringError, not a bad option)
    return programme({"p": (commitment("a", "l0"), commitment("b")), "q": (commitment("c", "l3"),)})


# -- building -----------------------------------------------------------------------


def test_defaults_are_todays_keyword_defaults() -> None:
    o = ScoringOptions()
    assert o.as_of is None
    assert o.method == Methods(Aggregation.ARITHMETIC, Aggregation.ARITHMETIC, "arithmetic")
    assert (o.missing, o.floor, o.indicator_pick) == ("renormalize", 1.0, "mid")
    assert o.to_flags() == []
    assert repr(o) == "ScoringOptions()"


def test_strings_become_enums_that_still_equal_their_strings() -> None:
    o = ScoringOptions(
        as_of=dt.date(2015, 3, 1), method="geometric", missing="zero", indicator_pick="low"
    )
    assert o.as_of == PartialDate(2015, 3, 1)
    assert o.missing is MissingPolicy.ZERO
    assert o.missing == "zero"
    assert o.indicator_pick is IndicatorPick.LOW
    assert o.method.as_dict() == dict.fromkeys(
        ("commitments", "objectives", "pillars", "overall"), "geometric"
    )
    assert json.dumps(o.to_kwargs(), sort_keys=True) == (
        '{"as_of": "2015-03-01", "floor": 1.0, "indicator_pick": "low", "method": '
        '{"commitments": "geometric", "objectives": "geometric", "overall": "geometric", '
        '"pillars": "geometric"}, "missing": "zero", "stale_after": null, '
        '"verdict_weight": null}'
    )
    assert ScoringOptions(**o.to_kwargs()) == o
    assert hash(ScoringOptions(**o.to_kwargs())) == hash(o)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("harmonic", ("harmonic", "harmonic", "harmonic")),
        ({"overall": "geometric"}, ("arithmetic", "arithmetic", "geometric")),
        ("overall=geometric, pillars=harmonic", ("arithmetic", "harmonic", "geometric")),
        (Methods(pillars="geometric"), ("arithmetic", "geometric", "arithmetic")),
        (Aggregation.GEOMETRIC, ("geometric", "geometric", "geometric")),
    ],
)
def test_every_form_of_method(given: Any, expected: tuple[str, str, str]) -> None:
    m = ScoringOptions(method=given).method
    assert (m.commitments, m.pillars, m.overall) == expected
    assert m["overall"] == expected[2]
    assert Methods.parse(str(m)) == m


def test_options_are_frozen_and_a_variant_is_a_checked_copy() -> None:
    o = ScoringOptions(floor=2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        o.floor = 3  # type: ignore[misc]
    assert attrs.evolve(o, missing="zero") == ScoringOptions(floor=2, missing="zero")
    with pytest.raises(OptionsError, match="floor"):
        attrs.evolve(o, floor=100)


BAD: list[tuple[dict[str, Any], str, str]] = [
    ({"missing": "bogus"}, "missing", "unknown policy 'bogus'"),
    ({"missing": 0}, "missing", "unknown policy 0"),
    ({"missing": "ZERO"}, "missing", "choose from: renormalize, zero, error"),
    ({"floor": -5}, "floor", "in [0, 100), not -5"),
    ({"floor": 100}, "floor", "not 100"),
    ({"floor": math.nan}, "floor", "not nan"),
    ({"floor": math.inf}, "floor", "not inf"),
    ({"floor": "1"}, "floor", "must be a number"),
    ({"floor": True}, "floor", "must be a number"),
    ({"indicator_pick": "middle"}, "indicator_pick", "unknown pick 'middle'"),
    ({"method": "median"}, "method", "unknown method 'median'"),
    ({"method": {"overall": "median"}}, "method.overall", "unknown method"),
    ({"method": {"top": "arithmetic"}}, "method.top", "unknown level"),
    ({"method": "overall="}, "method", "cannot read 'overall='"),
    ({"method": 3}, "method", "must be a method name or a mapping"),
    ({"as_of": "2015-13"}, "as_of", "neither a month (01-12) nor a season"),
    ({"as_of": "soon"}, "as_of", "is not a date"),
    ({"as_of": 2015}, "as_of", "expected a date"),
    ({"as_of": dt.datetime(2015, 1, 1)}, "as_of", "a datetime is not a date"),
]


@pytest.mark.parametrize(("kwargs", "option", "fragment"), BAD)
def test_a_bad_choice_fails_where_the_options_are_built(
    kwargs: dict[str, Any], option: str, fragment: str
) -> None:
    with pytest.raises(OptionsError) as err:
        ScoringOptions(**kwargs)
    assert [p.option for p in err.value.problems] == [option]
    assert fragment in str(err.value)
    # a bad call is not a bad dataset, but it is a ValueError and a ScorecardError
    assert not isinstance(err.value, DataError)
    assert isinstance(err.value, ValueError)
    assert isinstance(err.value, ScorecardError)


def test_every_bad_choice_is_named_at_once_by_option_and_by_flag() -> None:
    with pytest.raises(OptionsError) as err:
        ScoringOptions(as_of="x", method={"pillars": "mode"}, floor=-1, indicator_pick="?")
    assert [p.option for p in err.value.problems] == [
        "as_of",
        "method.pillars",
        "floor",
        "indicator_pick",
    ]
    assert [line.split(":")[0] for line in err.value.lines()] == [
        "--as-of",
        "--method",
        "--floor",
        "--indicator-pick",
    ]
    assert err.value.lines()[1] == (
        "--method: pillars: unknown method 'mode' (choose from: arithmetic, geometric, harmonic)"
    )
    assert str(OptionProblem("vary_ratings", "bad")) == "vary_ratings: bad"
    assert OptionProblem("vary_ratings", "bad").flag == "--vary-ratings"


def test_from_kwargs_refuses_unknown_names() -> None:
    assert ScoringOptions.from_kwargs(floor=2.5) == ScoringOptions(floor=2.5)
    with pytest.raises(TypeError, match="'methd'"):
        ScoringOptions.from_kwargs(methd="geometric")


# -- the command line ---------------------------------------------------------------


def _parse(command: str, flags: list[str]) -> argparse.Namespace:
    return build_parser().parse_args([command, EXAMPLE, *flags])


@PROPERTY
@given(options=scoring_options())
def test_flags_round_trip(options: ScoringOptions) -> None:
    flags = options.to_flags()
    for command in ("score", "sensitivity", "render"):
        assert ScoringOptions.from_cli(_parse(command, flags)) == options
    timeline_flags = attrs.evolve(options, as_of=None).to_flags()
    assert ScoringOptions.from_cli(_parse("timeline", timeline_flags)) == attrs.evolve(
        options, as_of=None
    )


@PROPERTY
@given(options=scoring_options())
def test_keyword_and_provenance_round_trips(options: ScoringOptions) -> None:
    assert ScoringOptions(**options.to_kwargs()) == options
    assert ScoringOptions.from_kwargs(**options.to_kwargs()) == options
    assert eval(repr(options), {"ScoringOptions": ScoringOptions}) == options


def test_every_option_has_a_flag_on_every_scoring_command() -> None:
    everything = ScoringOptions(
        as_of="2015",
        method={"overall": "geometric"},
        missing="zero",
        floor=20,
        indicator_pick="low",
    )
    flags = everything.to_flags()
    assert {f for f in flags if f.startswith("--")} == {
        "--as-of",
        "--method",
        "--missing",
        "--floor",
        "--indicator-pick",
    }
    for command in ("score", "sensitivity", "render"):
        assert ScoringOptions.from_cli(_parse(command, flags)) == everything


@pytest.mark.parametrize("command", ["score", "sensitivity", "timeline", "render"])
def test_help_shows_the_new_flags_and_their_defaults(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--floor POINTS" in text
    assert "an error (default: the weighting's declared floor, else 1)" in text
    assert "--indicator-pick PICK" in text
    assert "mid, low, high (default: mid)" in text
    assert "(default: the weighting's declared missing, else renormalize)" in text
    assert "(default: the weighting's declared aggregation, else arithmetic)" in text
    assert ("--as-of DATE" in text) == (command != "timeline")


@pytest.mark.parametrize("command", ["score", "sensitivity", "timeline", "render"])
@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (["--floor", "abc"], "error: --floor: must be a number in [0, 100), not 'abc'"),
        (["--floor", "100"], "error: --floor: must be a number in [0, 100), not 100.0"),
        (["--floor", "nan"], "error: --floor: must be a number in [0, 100), not nan"),
        (["--indicator-pick", "middle"], "error: --indicator-pick: unknown pick 'middle'"),
        (["--missing", "bogus"], "error: --missing: unknown policy 'bogus'"),
        (["--method", "median"], "error: --method: unknown method 'median'"),
    ],
)
def test_a_bad_flag_is_one_line_naming_the_flag(
    command: str, flags: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--html", "never.html"] if command == "render" else []
    assert main([command, EXAMPLE, *flags, *extra]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(line)


def test_bad_sensitivity_flags_are_named_by_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", EXAMPLE, "--draws", "0", "--vary-ratings", "2"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: --draws: must be a positive integer, not 0",
        "error: --vary-ratings: must be in [0, 1], not 2.0",
    ]


def test_floor_and_pick_flags_reach_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["score", EXAMPLE, "--format", "json", "--method", "geometric"]
    assert main([*argv, "--floor", "20", "--indicator-pick", "high"]) == 0
    flagged = json.loads(capsys.readouterr().out)
    assert flagged["provenance"]["floor"] == 20.0
    assert flagged["provenance"]["indicator_pick"] == "high"
    programme_ = scorecard.load(EXAMPLE)
    expected = score(programme_, method="geometric", floor=20, indicator_pick="high")
    assert flagged["overall"]["score"] == expected.overall.score
    assert expected.overall.score != score(programme_, method="geometric").overall.score


# -- every scoring function takes the options ---------------------------------------


def test_options_or_keywords_not_both() -> None:
    prog = small()
    options = ScoringOptions(method="geometric", missing="zero", floor=5)
    assert score(prog, options=options) == score(prog, method="geometric", missing="zero", floor=5)
    for call in (
        lambda: score(prog, options=options, floor=2),
        lambda: sensitivity(prog, draws=5, options=options, missing="zero"),
        lambda: compare(prog, ["equal"], options=options, as_of="2012"),
        lambda: timeline(prog, options=options, method="harmonic"),
    ):
        with pytest.raises(TypeError, match="not both"):
            call()
    with pytest.raises(TypeError, match="ScoringOptions"):
        score(prog, options={"floor": 2})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'methd'"):
        score(prog, methd="geometric")  # type: ignore[call-arg]


def test_compare_timeline_and_sensitivity_use_the_options() -> None:
    prog = small()
    options = ScoringOptions(method="geometric", missing="zero", floor=5)
    expected = score(prog, "equal", options=options)
    assert compare(prog, ["equal"], options=options).result("equal") == expected
    assert compare(prog, ["equal"], **options.to_kwargs()).result("equal") == expected
    assert sensitivity(prog, "equal", draws=20, options=options).base == expected
    line = timeline(prog, "equal", options=options)
    assert line.results[-1] == score(prog, "equal", options=attrs.evolve(options, as_of="2010"))
    assert {r.provenance.options for r in line.results} == {attrs.evolve(options, as_of="2010")}
    with pytest.raises(TypeError, match="as-of dates itself"):
        timeline(prog, as_of="2012")  # type: ignore[call-arg]
    with pytest.raises(OptionsError, match="as_of"):
        timeline(prog, options=attrs.evolve(options, as_of="2012"))
    with pytest.raises(OptionsError, match="weightings"):
        compare(prog, [])


def test_the_provenance_records_the_options_and_its_json_does_not_move() -> None:
    prog = small()
    options = ScoringOptions(
        as_of="2011",
        method={"overall": "harmonic"},
        missing="zero",
        floor=0.5,
        indicator_pick="high",
    )
    result = score(prog, options=options)
    assert result.provenance.options == options
    data = json.loads(result.to_json())["provenance"]
    assert data["methods"] == {
        "commitments": "arithmetic",
        "objectives": "arithmetic",
        "pillars": "arithmetic",
        "overall": "harmonic",
    }
    assert (data["missing"], data["floor"], data["indicator_pick"], data["as_of"]) == (
        "zero",
        0.5,
        "high",
        "2011",
    )
    again = Result.from_json(result.to_json())
    assert again == result
    assert again.provenance.options == options
    assert again.provenance.missing is MissingPolicy.ZERO


def test_explain_names_the_option_that_differs() -> None:
    prog = small()
    with pytest.raises(OptionsError) as err:
        explain(score(prog), score(prog, floor=3, missing="zero"))
    assert [p.option for p in err.value.problems] == ["missing", "floor"]
    # the as-of date and the indicator pick may differ
    explain(score(prog, as_of="2009"), score(prog, indicator_pick="low"))


# -- sensitivity rejects exactly what score rejects -----------------------------------


def _outcome(call: Any) -> tuple[str, tuple[Any, ...]]:
    try:
        call()
    except OptionsError as exc:
        return "options", exc.problems
    except ScoringError as exc:
        return "scoring", exc.problems
    return "ok", ()


@pytest.mark.parametrize(("kwargs", "option", "fragment"), BAD)
def test_sensitivity_rejects_what_score_rejects(
    kwargs: dict[str, Any], option: str, fragment: str
) -> None:
    prog = small()
    expected = _outcome(lambda: score(prog, **kwargs))
    assert expected[0] == "options"
    assert _outcome(lambda: sensitivity(prog, draws=5, **kwargs)) == expected


odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-200, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "arithmetic",
            "geometric",
            "zero",
            "error",
            "renormalize",
            "low",
            "high",
            "2012",
            "2012-02-30",
            "overall=harmonic",
            {"pillars": "geometric"},
            {"pillars": "nope"},
        ]
    ),
)


@PROPERTY
@given(
    name=st.sampled_from([f for f in attrs.fields_dict(ScoringOptions) if f != "explicit"]),
    value=odd,
)
def test_sensitivity_and_score_agree_on_any_value(name: str, value: Any) -> None:
    prog = small()
    kwargs = {name: value}
    expected = _outcome(lambda: score(prog, **kwargs))
    assert _outcome(lambda: sensitivity(prog, draws=5, **kwargs)) == expected
    # and both agree with the options object itself
    built = _outcome(lambda: ScoringOptions(**kwargs))
    assert built == expected or (built == ("ok", ()) and expected[0] == "scoring")


# -- the re-score command and the manifest ------------------------------------------


def test_the_rescore_command_drops_no_option(tmp_path: Any) -> None:
    options = ScoringOptions(method="geometric", missing="zero", floor=20, indicator_pick="high")
    out = Extracted(tmp_path, tmp_path / "dataset", (), {}, options)
    command = rescore_command(out)
    assert command[:6] == [
        "scorecard",
        "score",
        str(tmp_path / "dataset"),
        "--weights",
        str(tmp_path / "weights.toml"),
        "--method",
    ]
    assert ScoringOptions.from_cli(build_parser().parse_args(command[1:])) == options


def test_manifest_options_are_read_and_checked(tmp_path: Any) -> None:
    source = tmp_path / "r.pdf"
    recorded = {
        "weights": "designed",
        "as_of": "2012",
        "methods": {"commitments": "arithmetic", "pillars": "geometric", "overall": "arithmetic"},
        "missing": "zero",
        "indicator_pick": "low",
        "floor": 2.5,
    }
    assert _options(source, recorded) == ScoringOptions(
        as_of="2012",
        method={"pillars": "geometric"},
        missing="zero",
        floor=2.5,
        indicator_pick="low",
    )
    assert _options(source, {"weights": "equal", "as_of": None}) == ScoringOptions()
    with pytest.raises(ScorecardError, match="records bad scoring options") as err:
        _options(source, {"floor": -1})
    assert not isinstance(err.value, OptionsError)


# -- exports and the outcome-share helper ---------------------------------------------


def test_every_public_exception_is_exported() -> None:
    classes = {
        name
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), BaseException)
    }
    assert classes == {
        "DataError",
        "OptionsError",
        "RenderError",
        "ScorecardError",
        "ScoringError",
        "WeightsError",
        "WrongTypeError",
    }
    for name in [*errors.__all__, "ScoringOptions", "Methods", "Aggregation", "MissingPolicy"]:
        assert name in scorecard.__all__
        assert getattr(scorecard, name) is not None
    assert scorecard.IndicatorPick is IndicatorPick
    assert DEFAULT_FLOOR == 1.0


def test_outcome_share_is_the_assessed_weighted_mean() -> None:
    # (0.5 x 1 + 0.25 x 0) / (0.5 + 0.25): the unassessed quarter is left out
    assert _outcome_share([(0.5, 1.0), (0.25, None), (0.25, 0.0)]) == pytest.approx(2 / 3)
    assert _outcome_share([(0.5, None)]) is None
    assert _outcome_share([(0.0, 1.0)]) is None
    assert _outcome_share([]) is None
