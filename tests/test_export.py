"""Nothing lost: a programme exported to JSON reads back equal, strictly."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from dataset_support import add_new_kinds_of_data, copy_example, edit
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.cli import main
from scorecard.errors import DataError, Problem
from scorecard.export import export_json, from_dict, read_json, to_dict
from scorecard.model import EvidenceKind, Programme, Weighting
from tests.bad_inputs import EXAMPLE
from tests.strategies import programmes

MERIDA = Path(__file__).parent.parent / "fixtures" / "merida"
PROGRAMME = scorecard.load(EXAMPLE)


@pytest.mark.parametrize("folder", [EXAMPLE, MERIDA], ids=["example", "merida"])
def test_export_then_load_gives_an_equal_programme(folder: Path, tmp_path: Path) -> None:
    programme = scorecard.load(folder)
    target = tmp_path / "programme.json"
    target.write_text(export_json(programme), "utf-8")
    again = scorecard.load(target)
    assert again == programme
    # the texts and spans survive, not only what equality looks at
    assert [s.text for s in again.sources] == [s.text for s in programme.sources]
    assert [c.span for _, c in again.citations()] == [c.span for _, c in programme.citations()]
    assert all(c.span is not None for _, c in again.citations())
    assert export_json(again) == target.read_text("utf-8")
    # enums come back as enums, not as equal strings
    assert again.parties == programme.parties
    assert all(type(cit.kind) is EvidenceKind for _, cit in again.citations())


def test_the_json_holds_every_field() -> None:
    data = to_dict(PROGRAMME)
    assert data["format"] == "scorecard-programme"
    body = data["programme"]
    # translations are the dataset's text in other languages: not exported
    assert set(body) == {f.name for f in attrs.fields(Programme)} - {"translations"}
    # a citation's translation is written only where it is set
    assert all("translation" not in cit for cit in _citations(body))
    source = body["sources"][0]
    assert source["text"] == PROGRAMME.sources[0].text
    first = body["pillars"][0]["commitments"][0]["assessments"][0]["evidence"][0]
    assert first["span"] == list(
        PROGRAMME.pillars[0].commitments[0].assessments[0].evidence[0].span
    )


def _citations(data: object) -> list[dict[str, object]]:
    if isinstance(data, dict):
        here = [data] if "quote" in data and "source" in data else []
        return here + [c for v in data.values() for c in _citations(v)]
    if isinstance(data, list):
        return [c for v in data for c in _citations(v)]
    return []


@settings(max_examples=60, deadline=None)
@given(programme=programmes())
def test_random_programmes_round_trip(programme: Programme) -> None:
    text = export_json(programme)
    again = from_dict(json.loads(text))
    assert again == programme
    assert export_json(again) == text


free_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
# within a group, a positive weight below 1e-12 of the largest is refused at load
# (scorecard.weights.MIN_RELATIVE_WEIGHT); 1e-5 / 1e6 keeps clear of it
weights = st.floats(min_value=1e-5, max_value=1e6) | st.integers(1, 10**6)


@settings(max_examples=60, deadline=None)
@given(title=free_text, rationale=free_text, access=weights, quality=weights)
def test_any_text_and_weight_survives_the_file(
    title: str, rationale: str, access: float, quality: float, tmp_path_factory: Any
) -> None:
    """Unicode text and binary floats come back exactly, through the full loader path."""
    programme = attrs.evolve(
        PROGRAMME,
        title=title,
        weightings=(
            *PROGRAMME.weightings,
            Weighting("fuzz", "Fuzzed", rationale, pillars={"access": access, "quality": quality}),
        ),
    )
    target = tmp_path_factory.mktemp("json") / "p.json"
    target.write_text(export_json(programme), "utf-8")
    again = read_json(target)
    assert again == programme
    w = again.weighting("fuzz")
    assert type(w.pillars["access"]) is type(access)


def _document() -> dict[str, Any]:
    return json.loads(export_json(PROGRAMME))


def _write(tmp_path: Path, data: Any) -> Path:
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(data), "utf-8")
    return target


def test_unknown_keys_and_coerced_values_are_reported_with_paths(tmp_path: Path) -> None:
    data = _document()
    data["programme"]["pillars"][0]["titel"] = "typo"
    data["programme"]["scale"][1]["value"] = "0.0"
    data["programme"]["pillars"][1]["commitments"][0]["party"] = "canada"
    with pytest.raises(DataError) as info:
        scorecard.load(_write(tmp_path, data))
    lines = info.value.lines()
    assert len(lines) == 3, lines
    assert any(line.startswith("bad.json: programme.pillars[0].titel: unknown") for line in lines)
    assert any(line.startswith("bad.json: programme.scale[1].value: ") for line in lines)
    assert any("programme.pillars[1].commitments[0].party" in line for line in lines)


def test_a_tampered_span_is_caught(tmp_path: Path) -> None:
    data = _document()
    evidence = data["programme"]["pillars"][0]["commitments"][0]["assessments"][0]["evidence"]
    evidence[0]["span"] = [0, 5]
    with pytest.raises(DataError, match="spans do not match"):
        scorecard.load(_write(tmp_path, data))


def test_integrity_rules_apply_to_json_with_json_paths(tmp_path: Path) -> None:
    data = _document()
    data["programme"]["pillars"][0]["commitments"][0]["assessments"][0]["status"] = "partial"
    with pytest.raises(DataError) as info:
        scorecard.load(_write(tmp_path, data))
    (problem,) = info.value.problems
    assert problem.file == "bad.json"
    assert problem.path.startswith("programme.pillars[0].commitments[0].assessments[0].status")
    assert "partial" in problem.message


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"format": "scorecard-programme", "version": 1, "programme": NaN}', "NaN"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"{", "invalid JSON"),
        (b"[]", "JSON object"),
        (b'{"format": "other", "version": 1, "programme": {}}', "format"),
    ],
)
def test_broken_json_files(tmp_path: Path, content: bytes, fragment: str) -> None:
    target = tmp_path / "bad.json"
    target.write_bytes(content)
    with pytest.raises(DataError, match=fragment):
        scorecard.load(target)


def test_cli_export_writes_the_file_and_check_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.json"
    assert main(["export", str(EXAMPLE), "--format", "json", "--output", str(out)]) == 0
    assert out.read_text("utf-8") == export_json(PROGRAMME)
    assert main(["export", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == export_json(PROGRAMME)
    assert main(["check", str(out)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]  # no temporary file left


# -- the same mistake gives the same message in TOML and in JSON ---------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(*path: str | int, value: Any) -> Mutation:
    def mutate(node: dict[str, Any]) -> None:
        target: Any = node
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _rename(old: str, new: str) -> Mutation:
    def mutate(node: dict[str, Any]) -> None:
        node[new] = node.pop(old)

    return mutate


def _rename_in(*path: str | int) -> Mutation:
    """Misspell the last key of ``path`` (drop its last letter) in the table before it."""

    def mutate(node: dict[str, Any]) -> None:
        for key in path[:-2]:
            node = node[key]
        _rename(str(path[-1]), str(path[-1])[:-1])(node[path[-2]])

    return mutate


def _delete(key: str) -> Mutation:
    return lambda node: node.pop(key) and None


# (what, where: "commitment" or "programme", the mistake)
MISTAKES: list[tuple[str, str, Mutation]] = [
    ("a number for a string", "commitment", _set("title", value=5)),
    ("a boolean for a string", "commitment", _set("promise", value=True)),
    ("a quoted number", "commitment", _set("indicator_weight", value="0.5")),
    ("a boolean for a number", "commitment", _set("indicator_weight", value=False)),
    ("a near-miss key", "commitment", _rename("title", "titel")),
    ("an unknown key", "commitment", _set("colour", value="blue")),
    ("a bad enum value", "commitment", _set("stated_in", 0, "kind", value="anecdote")),
    ("an enum value of the wrong type", "commitment", _set("stated_in", 0, "kind", value=1)),
    ("a string for a list of ids", "commitment", _set("parties", value="mexico")),
    ("a nested bad enum", "commitment", _set("stated_in", 0, "kind", value="outputs")),
    ("a missing required key", "commitment", _delete("promise")),
    ("a string for a list", "commitment", _set("stated_in", value="declaration-2014")),
    ("a string for a table", "commitment", _set("stated_in", 0, value="declaration-2014")),
    ("a quoted whole number", "commitment", _set("stated_in", 0, "occurrence", value="1")),
    ("a value a validator refuses", "commitment", _set("indicator_weight", value=1.5)),
    ("a quote and a cell", "commitment", _set("stated_in", 0, "row", value="2015")),
    ("a row key as a number", "commitment", _set("stated_in", 0, "row", value=2015)),
    ("a cell bound of a quote", "commitment", _set("stated_in", 0, "bound", value="low")),
    ("a quoted weight", "programme", _set("weightings", 1, "pillars", "quality", value="2")),
    ("a number for a table of weights", "programme", _set("weightings", 1, "pillars", value=2)),
    ("a near-miss key of a pillar", "programme", _rename_in("pillars", 2, "in_framework")),
    ("a bad scale level", "programme", _set("scale", 1, "missing", value="yes")),
    # the method and the indicator weights a weighting declares (issue 14)
    (
        "an unknown level",
        "programme",
        _set("weightings", 1, "aggregation", value={"top": "geometric"}),
    ),
    (
        "a near-miss level",
        "programme",
        _set("weightings", 1, "aggregation", value={"overal": "geometric"}),
    ),
    (
        "a bad method name",
        "programme",
        _set("weightings", 1, "aggregation", value={"overall": "median"}),
    ),
    (
        "a method for every level",
        "programme",
        _set("weightings", 1, "aggregation", value="geometric"),
    ),
    ("a floor out of range", "programme", _set("weightings", 1, "floor", value=100.0)),
    ("a quoted floor", "programme", _set("weightings", 1, "floor", value="1")),
    ("a bad missing policy", "programme", _set("weightings", 1, "missing", value="skip")),
    (
        "a quoted indicator weight",
        "programme",
        _set("weightings", 1, "indicators", value={"access.connections.households-connected": "2"}),
    ),
    # (an unknown indicator key is a cross-check at load, which a JSON export does not
    # run: it is refused where the weights are used, tests/test_declared_method.py)
]


def _problems_in(problems: Sequence[Problem], file: str, prefix: str) -> set[tuple[str, str]]:
    return {
        (p.path.removeprefix(prefix), p.message)
        for p in problems
        if p.file == file and p.path.startswith(prefix)
    }


@pytest.mark.parametrize(
    ("where", "mistake"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_toml_and_json_give_the_same_message_for_the_same_mistake(
    where: str, mistake: Mutation, tmp_path: Path
) -> None:
    # TOML: the first commitment of pillars/governance.toml, or programme.toml
    root = copy_example(tmp_path)
    file = "pillars/governance.toml" if where == "commitment" else "programme.toml"
    document = tomllib.loads((root / file).read_text("utf-8"))
    mistake(document["commitments"][0] if where == "commitment" else document)
    (root / file).write_text(tomli_w.dumps(document), "utf-8")
    with pytest.raises(DataError) as from_toml:
        scorecard.load(root)
    # JSON: the same commitment (governance is the third pillar), or the programme
    data = _document()
    body = data["programme"]
    mistake(body["pillars"][2]["commitments"][0] if where == "commitment" else body)
    with pytest.raises(DataError) as from_json:
        from_dict(data, file="bad.json")

    toml_prefix = "commitments[0]" if where == "commitment" else ""
    json_prefix = "programme.pillars[2].commitments[0]" if where == "commitment" else "programme."
    in_toml = _problems_in(from_toml.value.problems, file, toml_prefix)
    in_json = _problems_in(from_json.value.problems, "bad.json", json_prefix)
    assert in_toml, from_toml.value.lines()
    assert in_toml == in_json


def test_a_date_is_where_the_formats_differ(tmp_path: Path) -> None:
    """TOML has dates of its own, JSON does not: the hint says what each format takes."""
    root = copy_example(tmp_path)
    edit(root, "sources.toml", "published = 2014-03-10", "published = 2014")
    with pytest.raises(DataError) as from_toml:
        scorecard.load(root)
    data = _document()
    data["programme"]["sources"][0]["published"] = 2014
    with pytest.raises(DataError) as from_json:
        from_dict(data)
    (toml_problem,) = [p for p in from_toml.value.problems if p.path == "sources[0].published"]
    (json_problem,) = from_json.value.problems
    assert toml_problem.message == (
        "expected a date, got the number 2014: write a TOML date (2010-12-20) "
        'or a string "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
    )
    assert json_problem.message == (
        'expected a date, got the number 2014: write a string "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
    )


def test_top_level_keys_of_the_document_get_the_same_words(tmp_path: Path) -> None:
    data = _document()
    data["versoin"] = data.pop("version")
    del data["programme"]
    with pytest.raises(DataError) as info:
        from_dict(data, file="bad.json")
    assert sorted(info.value.lines()) == [
        "bad.json: programme: this required key is missing; add it",
        "bad.json: version: this library reads version 1, not None",
        "bad.json: versoin: unknown key 'versoin'; did you mean 'version'?",
    ]


def test_parties_objectives_verdicts_periods_and_codings_survive(tmp_path: Path) -> None:
    """Everything issue 10 added goes through the JSON export and through the dataset a
    report embeds, and comes back equal, spans included."""
    from scorecard.report.dataset import dataset_files

    root = copy_example(tmp_path)
    add_new_kinds_of_data(root)
    programme = scorecard.load(root)
    target = tmp_path / "programme.json"
    target.write_text(export_json(programme), "utf-8")
    again = scorecard.load(target)
    assert again == programme
    assert [c.span for _, c in again.citations()] == [c.span for _, c in programme.citations()]
    body = to_dict(programme)["programme"]
    assert body["parties"][0] == {
        "id": "united-states",
        "label": "United States",
        "short_label": "U.S.",
    }
    assert body["verdicts"][1]["party"] == "mexico"
    assert body["pillars"][0]["objectives"][0]["id"] == "access.homes"
    folder = tmp_path / "embedded"
    for name, data in dataset_files(programme).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    assert scorecard.load(folder) == programme
