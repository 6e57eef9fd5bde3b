"""Reading a dataset folder (scorecard.load): strict structuring and file problems."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from dataset_support import EXAMPLE, add_new_kinds_of_data, copy_example, edit

import scorecard
from scorecard.citations import normalise_quote
from scorecard.dates import PartialDate
from scorecard.errors import DataError, Problem
from scorecard.model import EvidenceKind

load_module = importlib.import_module("scorecard.loader")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def problems(root: Path) -> tuple[Problem, ...]:
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    return info.value.problems


def the_problem(root: Path, file: str, path: str) -> Problem:
    found = [p for p in problems(root) if p.file == file and p.path == path]
    assert found, f"no problem at {file}: {path}"
    return found[0]


def test_the_example_loads_with_every_span_set() -> None:
    programme = scorecard.load(EXAMPLE)
    assert [p.id for p in programme.pillars] == ["access", "quality", "governance"]
    assert [s.id for s in programme.sources] == ["declaration-2014", "progress-2015", "review-2016"]
    assert programme.sources[1].published == PartialDate(2015)
    assert programme.sources[1].authors is None
    connections = programme.commitment("access.connections")
    assert connections.parties == ("mexico",)
    assert [p.label for p in programme.parties] == ["United States", "Mexico"]
    assert programme.party("united-states").short == "U.S."
    assert connections.indicators[0].observations[1].low == 20000.0
    assert connections.indicators[0].observations[1].qualifier == "between"
    assert programme.weighting("health-first").pillars == {
        "access": 1.0,
        "quality": 2.0,
        "governance": 0.5,
    }
    cited = list(programme.citations())
    assert len(cited) == 24
    for _, citation in cited:
        assert isinstance(citation.kind, EvidenceKind)
        assert citation.span is not None
        text = programme.source(citation.source).text
        assert normalise_quote(text[citation.span[0] : citation.span[1]]) == normalise_quote(
            citation.quote
        )


def test_verify_false_skips_the_quotes() -> None:
    programme = scorecard.load(EXAMPLE, verify=False)
    assert all(c.span is None for _, c in programme.citations())


def test_programme_toml_as_the_path_means_its_folder() -> None:
    assert scorecard.load(EXAMPLE / "programme.toml").id == "border-water"


@pytest.mark.parametrize(
    ("file", "old", "new", "path", "fragment"),
    [
        ("programme.toml", "value = 0.25", 'value = "0.25"', "scale[2].value", "got the string"),
        ("programme.toml", "value = 0.25", "value = true", "scale[2].value", "boolean true"),
        ("programme.toml", "missing = true", "missing = 1", "scale[0].missing", "true or false"),
        ("programme.toml", "max = 80\n", 'max = "80"\n', "grades[1].max", "without quotes"),
        (
            "programme.toml",
            "in_framework = false",
            "in_framwork = false",
            "pillars[2].in_framwork",
            "did you mean 'in_framework'",
        ),
        ("programme.toml", "quality = 2,", 'quality = "2",', "weightings[1].pillars.quality", ""),
        ("sources.toml", "published = 2014-03-10", "published = 2014", "sources[0].published", ""),
        (
            "sources.toml",
            'published = "2016-11"',
            'published = "Nov 2016"',
            "sources[2].published",
            "YYYY-MM",
        ),
        (
            "sources.toml",
            'published = "2015"',
            "published = 2015-01-01T10:00:00",
            "sources[1].published",
            "date-time",
        ),
        (
            "pillars/access.toml",
            'parties = ["mexico"]',
            'parties = "mexico"',
            "commitments[0].parties",
            "expected a list",
        ),
        (
            "pillars/access.toml",
            "indicator_weight = 0.5",
            "indicator_weight = 1.5",
            "commitments[0]",
            "between 0 and 1",
        ),
        (
            "pillars/access.toml",
            "value = 12000",
            'value = "12,000"',
            "commitments[0].indicators[0].observations[0].value",
            "without quotes",
        ),
        (
            "pillars/access.toml",
            "low = 20000",
            "low = 30000",
            "commitments[0].indicators[0].observations[1]",
            "above high",
        ),
        (
            "pillars/quality.toml",
            'kind = "output" },\n]\n\n[[commitments.assessments]]\nas_of = "2016-11"\n'
            'status = "achieved"',
            'kind = "outputs" },\n]\n\n[[commitments.assessments]]\nas_of = "2016-11"\n'
            'status = "achieved"',
            "commitments[0].assessments[0].evidence[0].kind",
            "not one of: input, output, outcome, statement, recommendation",
        ),
        (
            "pillars/governance.toml",
            'rationale = "No utility',
            'rationle = "No utility',
            "commitments[0].assessments[0].rationle",
            "did you mean 'rationale'",
        ),
        (
            "pillars/governance.toml",
            'status = "stalled"',
            "status = 0",
            "commitments[0].assessments[0].status",
            "expected a string",
        ),
        (
            "pillars/governance.toml",
            'tariffs that recover their operating costs", kind = "statement" },',
            'tariffs that recover their operating costs", kind = "statement", span = [1, 2] },',
            "commitments[0].stated_in[0].span",
            "unknown key",
        ),
    ],
)
def test_values_are_never_coerced(
    example: Path, file: str, old: str, new: str, path: str, fragment: str
) -> None:
    edit(example, file, old, new)
    problem = the_problem(example, file, path)
    assert fragment in problem.message


def test_a_missing_key_is_named(example: Path) -> None:
    edit(example, "pillars/governance.toml", 'parties = ["mexico"]\n', "")
    problem = the_problem(example, "pillars/governance.toml", "commitments[0].parties")
    assert "missing" in problem.message


def test_a_string_where_a_list_belongs(example: Path) -> None:
    edit(example, "programme.toml", 'keywords = ["water", "example"]', 'keywords = "water"')
    assert "expected a list" in the_problem(example, "programme.toml", "keywords").message


def test_every_problem_is_reported_at_once(example: Path) -> None:
    edit(example, "programme.toml", "value = 0.25", 'value = "0.25"')
    edit(example, "sources.toml", 'kind = "progress report"', 'knd = "progress report"')
    edit(example, "pillars/quality.toml", 'parties = ["united-states"]', 'parties = "usa"')
    edit(example, "pillars/governance.toml", 'status = "stalled"', 'status = "partial"')
    found = {(p.file, p.path) for p in problems(example)}
    assert {
        ("programme.toml", "scale[2].value"),
        ("sources.toml", "sources[1].knd"),
        ("pillars/quality.toml", "commitments[1].parties"),
    } <= found


def test_a_toml_syntax_error_gives_line_and_column(example: Path) -> None:
    edit(example, "pillars/access.toml", 'title = "Fund rural', 'title = Fund rural "')
    problem = the_problem(example, "pillars/access.toml", "")
    assert "TOML syntax error" in problem.message
    line = (
        (EXAMPLE / "pillars" / "access.toml")
        .read_text()
        .split("\n")
        .index('title = "Fund rural water kiosks"')
    )
    assert (problem.line, problem.column) == (line + 1, 9)
    assert str(problem).startswith(f"pillars/access.toml:{line + 1}:9: TOML syntax error: ")


def test_a_binary_file_is_a_problem(example: Path) -> None:
    (example / "pillars" / "access.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "binary" in the_problem(example, "pillars/access.toml", "").message


def test_a_source_that_is_not_utf8_is_a_problem(example: Path) -> None:
    path = example / "sources" / "2015-progress-report.txt"
    path.write_bytes(path.read_bytes() + "Año".encode("latin-1"))
    problem = the_problem(example, "sources.toml", "sources[1].file")
    assert "not valid UTF-8" in problem.message
    lines = path.read_bytes().count(b"\n") + 1
    assert f"line {lines})" in problem.message


def test_a_folder_where_a_file_belongs(example: Path) -> None:
    path = example / "sources" / "2015-progress-report.txt"
    path.unlink()
    path.mkdir()
    assert "is a folder" in the_problem(example, "sources.toml", "sources[1].file").message


def test_a_missing_source_text(example: Path) -> None:
    (example / "sources" / "2015-progress-report.txt").unlink()
    assert "not found" in the_problem(example, "sources.toml", "sources[1].file").message


def test_a_source_outside_the_folder_is_refused(example: Path) -> None:
    edit(example, "sources.toml", 'file = "sources/2015', 'file = "../sources/2015')
    message = the_problem(example, "sources.toml", "sources[1].file").message
    assert "inside the dataset folder" in message


def test_files_over_the_size_cap(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "MAX_TOML_BYTES", 1000)
    assert "limit" in the_problem(example, "programme.toml", "").message


def test_an_unreadable_file(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "quality.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "permission denied" in the_problem(example, "pillars/quality.toml", "").message


def test_a_missing_or_wrong_path(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        scorecard.load(tmp_path / "nowhere")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(DataError, match="is not a folder"):
        scorecard.load(tmp_path / "file.txt")
    found = {p.file for p in problems(tmp_path)}
    assert {"programme.toml", "sources.toml", "pillars/"} <= found


def test_scorecard_load_stays_the_function_after_importing_the_module() -> None:
    # The module is `scorecard.loader`, so importing it can't rebind `scorecard.load`.
    importlib.import_module("scorecard.loader")
    assert scorecard.load is load_module.load
    assert scorecard.load(EXAMPLE, verify=False).id == "border-water"


# -- parties, objectives, verdicts, periods, codings (issue 10) --------------------


def test_every_new_kind_of_data_is_read_and_its_citations_verified(example: Path) -> None:
    add_new_kinds_of_data(example)
    programme = scorecard.load(example)
    access = programme.pillar("access")
    assert [o.id for o in access.objectives] == ["access.homes", "access.rural"]
    assert access.objectives[0].description == "Piped water to households."
    assert [c.objective for c in access.commitments] == ["access.homes", "access.rural"]
    assert [v.scope for v in programme.verdicts] == ["programme", "access"]
    assert programme.verdicts[1].party == "mexico"
    assert programme.verdicts[1].divergence_note == "The kiosks were never built."
    observation = access.commitments[0].indicators[0].observations[1]
    assert observation.period == PartialDate(2016, 9)
    assert observation.measured == PartialDate(2016, 9)
    assert programme.scale.level("achieved").requires == (
        EvidenceKind.OUTPUT,
        EvidenceKind.OUTCOME,
    )
    health = programme.weighting("health-first")
    assert health.objectives == {"access.homes": 3.0}
    assert health.verdict_weight == 0.25
    assert [(c.round, c.coder, len(c.readings)) for c in programme.codings] == [
        (1, "ana", 2),
        (1, "ben", 2),
    ]
    assert programme.codings[0].readings[1].scope == "programme"
    assert programme.adjudications[0].status == "progressing"
    # the one citation walk reaches objectives and verdicts: all are verified
    labels = [label for label, _ in programme.citations()]
    assert "access.homes/stated_in" in labels
    assert labels[-2:] == ["verdict/programme/2016-11", "verdict/access/2016-11"]
    for _, cit in programme.citations():
        assert cit.span is not None
        text = programme.source(cit.source).text
        assert normalise_quote(text[cit.span[0] : cit.span[1]]) == normalise_quote(cit.quote)


def test_a_misquoted_verdict_is_reported_with_file_and_path(example: Path) -> None:
    add_new_kinds_of_data(example)
    edit(example, "verdicts.toml", "Connections accelerated in 2016", "Connections slowed in 2016")
    problem = the_problem(example, "verdicts.toml", "verdicts[1].evidence[0].quote")
    assert problem.message.startswith("verdict on 'access' as of 2016-11: quote ")
    assert "did you mean 'Connections accelerated in 2016" in problem.message


def test_a_misquoted_objective_is_reported_with_file_and_path(example: Path) -> None:
    add_new_kinds_of_data(example)
    edit(example, "pillars/access.toml", "to piped, treated water", "to treated water")
    problem = the_problem(example, "pillars/access.toml", "objectives[0].stated_in[0].quote")
    assert problem.message.startswith("objective 'access.homes': quote ")


def test_a_verdict_citing_an_unknown_source_is_reported(example: Path) -> None:
    add_new_kinds_of_data(example)
    edit(
        example,
        "verdicts.toml",
        'source = "review-2016", quote = "The',
        'source = "x", quote = "The',
    )
    problem = the_problem(example, "verdicts.toml", "verdicts[0].evidence[0].source")
    assert "unknown source 'x'" in problem.message


@pytest.mark.parametrize(
    ("file", "old", "new", "path", "fragment"),
    [
        ("verdicts.toml", 'level = "limited"', "level = 1", "verdicts[0].level", "a string"),
        (
            "verdicts.toml",
            '[[verdicts]]\nscope = "programme"',
            '[[verdict]]\nscope = "programme"',
            "verdict",
            "[[verdicts]]",
        ),
        ("verdicts.toml", 'rationale = "The review', 'rationle = "The review', "verdicts[0]", ""),
        ("pillars/access.toml", 'title = "Connect homes"\n', "", "objectives[0].title", "missing"),
        (
            "programme.toml",
            'requires = ["output", "outcome"]',
            'requires = ["output", "results"]',
            "scale[4].requires[1]",
            "not one of: input, output",
        ),
        (
            "pillars/access.toml",
            'period = "2016-09"',
            "period = 2016",
            "commitments[0].indicators[0].observations[1].period",
            "expected a date",
        ),
        ("codings/round-1/ana.toml", "round = 1", 'round = "1"', "round", "whole number"),
        ("codings/round-1/ana.toml", "round = 1", "round = 2", "round", "round-2/"),
        ("codings/round-1/ben.toml", 'coder = "ben"', 'coder = "bea"', "coder", "bea.toml"),
        (
            "codings/round-1/ben.toml",
            'scope = "programme"',
            'scope = "programme"\ncommitment = "access.connections"',
            "readings[1]",
            "not both",
        ),
        ("codings/adjudication.toml", 'note = "R2', 'nite = "R2', "adjudications[0]", ""),
    ],
)
def test_the_new_files_are_read_strictly(
    example: Path, file: str, old: str, new: str, path: str, fragment: str
) -> None:
    add_new_kinds_of_data(example)
    edit(example, file, old, new)
    found = [p for p in problems(example) if p.file == file and p.path.startswith(path)]
    assert found, problems(example)
    assert fragment in found[0].message


def test_stray_files_in_codings_are_reported(example: Path) -> None:
    add_new_kinds_of_data(example)
    (example / "codings" / "notes.txt").write_text("scratch", "utf-8")
    (example / "codings" / "round-x").mkdir()
    found = {p.file for p in problems(example)}
    assert found == {"codings/notes.txt", "codings/round-x"}


def test_a_dataset_without_parties_is_told_to_declare_them(example: Path) -> None:
    text = (example / "programme.toml").read_text("utf-8")
    start = text.index("[[parties]]")
    end = text.index("[[weightings]]")
    (example / "programme.toml").write_text(text[:start] + text[end:], "utf-8")
    problem = the_problem(example, "programme.toml", "parties")
    assert "missing" in problem.message


# -- where a problem sits: line, column, the commitment --------------------------------

NESTED = """\
pillar = "p1"   # a comment with [brackets] and "quotes"

[[objectives]]
id = "p1.o"
title = "An objective"

[[commitments]]
id = "p1.first"
title = 'A "quoted" title'

[[commitments.assessments]]
as_of = 2010-01-01
status = "limited"

[[commitments.assessments]]
as_of = "2011"
status = "stalled"
evidence = [
  { source = "s", quote = "one" },
  { source = "s", quote = \"\"\"two
lines\"\"\", kind = "outcome" },
]

[[commitments]]
id = "p1.second"
title = "Second"
weights = { "odd key" = 1, plain.dotted = 2 }

[[commitments.assessments]]
status = "achieved"

[commitments.notes]
text = "a sub-table of the second commitment"
"""


def test_the_locator_walks_nested_arrays_of_tables() -> None:
    from scorecard._text import locate, toml_positions

    at = toml_positions(NESTED)

    def where(path: str) -> tuple[int, int] | None:
        return locate(at, path)

    assert where("pillar") == (1, 1)
    assert where("objectives[0].title") == (5, 1)
    assert where("commitments[0]") == (7, 1)
    assert where("commitments[0].title") == (9, 1)
    assert where("commitments[0].assessments[0].status") == (13, 1)
    assert where("commitments[0].assessments[1].status") == (17, 1)
    assert where("commitments[0].assessments[1].evidence[1]") == (20, 3)
    assert where("commitments[0].assessments[1].evidence[1].kind") == (21, 11)
    assert where("commitments[0].assessments[1].evidence[0].quote") == (19, 19)
    assert where("commitments[1].id") == (25, 1)
    assert where("commitments[1].weights['odd key']") == (27, 13)
    assert where("commitments[1].weights.plain.dotted") == (27, 28)
    # the second commitment's own first assessment: its index restarts at 0
    assert where("commitments[1].assessments[0].status") == (30, 1)
    assert where("commitments[1].notes.text") == (33, 1)
    # a missing key is reported where its table starts
    assert where("commitments[1].assessments[0].rationale") == (29, 1)
    assert where("nowhere.at.all") is None


def test_a_problem_names_its_line_column_and_commitment(example: Path) -> None:
    edit(example, "pillars/access.toml", 'status = "limited"', 'status = "limted"')
    problem = the_problem(example, "pillars/access.toml", "commitments[0].assessments[0].status")
    text = (example / "pillars" / "access.toml").read_text("utf-8").splitlines()
    assert problem.line is not None
    assert text[problem.line - 1].startswith('status = "limted"')
    assert problem.column == 1
    assert problem.subject == "commitment access.connections"
    assert str(problem).startswith(
        f"pillars/access.toml:{problem.line}:1: commitment access.connections, "
        "assessments[0].status: 'limted' is not a level of the scale"
    )
    assert "did you mean 'limited'?" in problem.message


@pytest.mark.parametrize(
    ("slip", "hint"),
    [
        ('as_of = "2015"\nstatus = "limited"', 'as_of = 2015-09\nstatus = "limited"'),
        ('title = "Connect', 'title = "Connect "all"'),
    ],
)
def test_common_toml_slips_get_a_hint(example: Path, slip: str, hint: str) -> None:
    edit(example, "pillars/access.toml", slip, hint)
    problem = the_problem(example, "pillars/access.toml", "")
    assert problem.line is not None
    expected = 'quote partial dates: "2015-09"' if "as_of" in slip else "write the string in '''"
    assert expected in problem.message


def test_an_id_outside_the_alphabet_is_named_by_its_character(example: Path) -> None:
    cyrillic = "access.\u0441onnections"  # a Cyrillic 'с' where a Latin 'c' stands
    edit(example, "pillars/access.toml", 'id = "access.connections"', f'id = "{cyrillic}"')
    problem = the_problem(example, "pillars/access.toml", "commitments[0].id")
    assert "'с' (CYRILLIC SMALL LETTER ES, U+0441)" in problem.message
    assert "ASCII lower-case letters, digits, '.', '-' and '_'" in problem.message
