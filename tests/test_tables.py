"""Tabular (CSV) sources and cell citations: reading tables, checking cells, the
precision rule, export and load, the report and the checksum update."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.citations import verify
from scorecard.cli import main
from scorecard.errors import DataError
from scorecard.export import export_json, from_dict, read_json
from scorecard.model import Citation, Observation, Programme, Source, SourceFormat
from scorecard.tables import matches, number, parse
from tests.strategies import tabular_programmes

TABULAR = Path(__file__).parent / "data" / "tabular"
TABLE = "sources/2016-11-connections.csv"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "tabular"
    shutil.copytree(TABULAR, root)
    return root


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    return info.value.lines()


# -- reading a table -------------------------------------------------------------


def test_a_table_is_read_by_its_first_column() -> None:
    table, problems = parse('year,total\n2011," 1,200 "\n\n 2012 , 5.50\n')
    assert problems == []
    assert table is not None
    assert table.columns == ("year", "total")
    assert table.key == "year"
    assert table.cell("2011", "total") == "1,200"  # white space around a cell is dropped
    assert table.cell("2012", "total") == "5.50"
    assert table.rows["2012"][0] == 4  # the line a row is on, blank lines counted
    assert table.cell("2013", "total") is None
    assert table.cell("2011", "count") is None


def test_a_declared_key_column_a_delimiter_and_a_byte_order_mark() -> None:
    table, problems = parse("\ufeffname;code\nAlpha;A1\nBeta;B2\n", key="code", delimiter=";")
    assert problems == []
    assert table is not None
    assert table.columns == ("name", "code")  # the BOM is not part of the first name
    assert table.cell("B2", "name") == "Beta"


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("", {}, "line 1: no header row"),
        ("\n\n", {}, "line 1: no header row"),
        (
            "year;total\n2011;5\n",
            {},
            'line 1: the header is one column with no "," in it, but it holds ";"',
        ),
        ("year\ttotal\n2011\t5\n", {}, 'declare delimiter = "\\t"'),
        ("year,total\n2011,5\n", {"delimiter": ";"}, 'declare delimiter = ","'),
        ("year,year\n2011,5\n", {}, "line 1: column 'year' is named twice"),
        ("year,\n2011,5\n", {}, "line 1: a column has no name"),
        ("year,total\n2011,5\n", {"key": "yeer"}, "did you mean 'year'"),
        ("year,total\n2011,5\n2012\n", {}, "line 3: 1 cells, but the header names 2 columns"),
        ("year,total\n2011,5\n,6\n", {}, "line 3: the row has no key in column 'year'"),
        ("year,total\n2011,5\n2011,6\n", {}, "line 3: row key '2011' is already the key of line 2"),
        ('year,total\n2011,"5\n', {}, "not valid CSV"),
    ],
)
def test_a_table_that_cannot_be_read_says_where_and_what_to_do(
    text: str, options: dict[str, str], message: str
) -> None:
    table, problems = parse(text, **options)
    assert table is None
    assert len(problems) == 1, problems
    assert message in problems[0]


def test_a_one_column_table_is_fine_when_no_other_delimiter_shows() -> None:
    table, problems = parse("year\n2011\n2012\n")
    assert problems == []
    assert table is not None
    assert list(table.rows) == ["2011", "2012"]


# -- numbers and the precision rule -------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12", (Decimal(12), 0)),
        ("-12.50", (Decimal("-12.50"), 2)),
        ("+0.125", (Decimal("0.125"), 3)),
        ("1,234,567.8", (Decimal("1234567.8"), 1)),
        ("1234,567", None),  # a comma that does not group thousands
        ("12,34", None),
        ("1.2e3", None),
        ("12 %", None),
        ("", None),
        ("n/a", None),
        (".5", None),
    ],
)
def test_what_reads_as_a_number(cell: str, expected: tuple[Decimal, int] | None) -> None:
    assert number(cell) == expected


@pytest.mark.parametrize(
    ("value", "cell", "ok"),
    [
        (12.0, "12", True),
        (12.4, "12", True),
        (12.5, "12", True),  # an exact tie rounds either way
        (11.5, "12", True),
        (12.51, "12", False),
        (3.5, "3.50", True),
        (3.504, "3.50", True),
        (3.506, "3.50", False),
        (0.1, "0.1", True),  # the shortest decimal of the float, not its binary value
        (2.675, "2.68", True),  # round(2.675, 2) is 2.67 in binary; the rule says 2.68 is fine
        (12000.0, "12,000", True),
        (12000.0, "12,001", False),
        (-1.25, "-1.2", True),
        (-1.25, "-1.3", True),
    ],
)
def test_a_value_matches_a_cell_when_it_rounds_to_it(value: float, cell: str, ok: bool) -> None:
    parsed = number(cell)
    assert parsed is not None
    assert matches(value, *parsed) is ok


@given(
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.integers(0, 4),
    st.booleans(),
)
def test_a_value_always_matches_itself_written_to_any_precision(
    value: float, decimals: int, grouped: bool
) -> None:
    cell = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    parsed = number(cell)
    assert parsed is not None
    assert matches(value, *parsed)


@given(st.integers(-(10**6), 10**6), st.integers(0, 3))
def test_a_value_one_unit_of_the_last_decimal_off_never_matches(units: int, decimals: int) -> None:
    cell = Decimal(units).scaleb(-decimals)
    value = float(cell + Decimal(1).scaleb(-decimals))
    assert not matches(value, cell, decimals)


# -- the model -----------------------------------------------------------------------


def test_a_citation_is_a_quote_or_a_cell() -> None:
    assert Citation("s", "a quote").cell is False
    assert Citation("s", row="2011", column="total").cell is True
    with pytest.raises(ValueError, match="give a quote, or a row and a column"):
        Citation("s")
    with pytest.raises(ValueError, match="not both"):
        Citation("s", "a quote", row="2011", column="total")
    with pytest.raises(ValueError, match="give column"):
        Citation("s", row="2011")
    with pytest.raises(ValueError, match="give row"):
        Citation("s", row=" ", column="total")
    with pytest.raises(ValueError, match="quotes only"):
        Citation("s", row="2011", column="total", occurrence=1)
    with pytest.raises(ValueError, match="cell citation only"):
        Citation("s", "a quote", bound="low")
    with pytest.raises(ValueError, match='"low" or "high"'):
        Citation("s", row="2011", column="total", bound="mid")


def test_a_source_is_tabular_by_its_format_or_its_file_name() -> None:
    base = {"title": "T", "published": scorecard.PartialDate(2000), "kind": "k", "sha256": "0" * 64}
    assert Source("a", file="x.csv", **base).tabular
    assert Source("a", file="X.CSV", **base).tabular
    assert not Source("a", file="x.txt", **base).tabular
    assert Source("a", file="x.dat", format=SourceFormat.CSV, **base).tabular
    assert not Source("a", file="x.csv", format=SourceFormat.TEXT, **base).tabular
    with pytest.raises(ValueError, match="apply only to CSV sources"):
        Source("a", file="x.txt", delimiter=";", **base)
    with pytest.raises(ValueError, match="one character"):
        Source("a", file="x.csv", delimiter=";;", **base)
    with pytest.raises(ValueError, match="not a known text encoding"):
        Source("a", file="x.csv", encoding="klingon", **base)


# -- loading and verifying --------------------------------------------------------------


def test_the_tabular_dataset_loads_and_its_cells_are_checked() -> None:
    programme = scorecard.load(TABULAR)
    table = programme.source("connections-2016")
    assert table.tabular
    cells = [(used_by, c) for used_by, c in programme.citations() if c.cell]
    assert len(cells) == 5
    assert all(c.span is None for _, c in cells)  # a cell has no character span
    # the quotes still have theirs
    assert all(c.span is not None for _, c in programme.citations() if not c.cell)
    assert verify(programme) == programme


def test_score_of_the_tabular_dataset_by_hand() -> None:
    """The kiosks commitment blends its 2016-11 assessment (stalled: 0) half and half
    with an indicator read from the table: the latest period's 3.5 % of settlements
    served, on goalposts 0-100, is progress 3.5; so 0.5 x 0 + 0.5 x 3.5 = 1.75."""
    result = scorecard.score(scorecard.load(TABULAR))
    kiosks = next(c for p in result.pillars for c in p.commitments if c.id == "access.kiosks")
    assert kiosks.score == pytest.approx(1.75)


def test_an_assessment_may_cite_any_cell_without_a_value_check(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(
        root,
        "pillars/access.toml",
        '{ source = "connections-2016", row = "2016", column = "households_high", kind',
        '{ source = "connections-2016", row = "2014", column = "year", kind',
    )
    scorecard.load(root)


def test_an_observation_value_off_by_its_precision_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "pillars/access.toml", "value = 1.25", "value = 1.26")
    (line,) = _problems(root)
    assert "pillars/access.toml:" in line
    assert "commitments[1].indicators[0].observations[0].evidence[0]:" in line
    assert "reads '1.25', but the observation's value is 1.26 (to 2 decimals: 1.26)" in line
    _edit(root, "pillars/access.toml", "value = 1.26", "value = 1.254")
    scorecard.load(root)


def test_a_range_needs_a_bound_on_each_cell_and_a_value_none(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "pillars/access.toml", 'bound = "low", ', 'bound = "high", ')
    (line,) = _problems(root)
    assert "observations[1].evidence[1]" in line
    assert "reads '20000', but the observation's high is 25000" in line
    root = _copy(tmp_path / "2")
    _edit(
        root,
        "pillars/access.toml",
        'row = "2016", column = "served_pct", kind',
        'row = "2016", column = "served_pct", bound = "low", kind',
    )
    (line,) = _problems(root)
    assert "evidence[0].bound" in line
    assert "bound applies only to a range" in line


def test_a_bound_outside_an_observation_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(
        root,
        "pillars/access.toml",
        'column = "households_high", kind',
        'column = "households_high", bound = "high", kind',
    )
    (line,) = _problems(root)
    assert "assessments[1].evidence[1].bound" in line
    assert "only to an observation's evidence" in line


def test_a_table_in_another_encoding_and_delimiter_is_read_as_declared(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    csv = root / TABLE
    text = csv.read_text("utf-8").replace(",", ";").replace('"12;000"', "12000")
    text = text.replace("year;", "año;", 1)
    data = text.encode("latin-1")
    csv.write_bytes(data)
    old = hashlib.sha256((TABULAR / TABLE).read_bytes()).hexdigest()
    _edit(
        root,
        "sources.toml",
        f'sha256 = "{old}"',
        f'sha256 = "{hashlib.sha256(data).hexdigest()}"\ndelimiter = ";"\nencoding = "latin-1"',
    )
    programme = scorecard.load(root)
    table = programme.source("connections-2016")
    assert table.text.encode("latin-1") == data
    # and the same table, its encoding not declared, is one clear problem
    _edit(root, "sources.toml", 'encoding = "latin-1"', "")
    (line,) = _problems(root)
    assert "is not valid utf-8 (byte 1, line 1)" in line
    assert 'declare the encoding it is written in, e.g. encoding = "latin-1"' in line


def test_json_and_toml_give_the_same_words_for_a_cell_mistake(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "pillars/access.toml", "value = 1.25", "value = 1.5")
    toml_lines = _problems(root)
    data = json.loads(export_json(scorecard.load(TABULAR)))
    kiosks = data["programme"]["pillars"][0]["commitments"][1]
    kiosks["indicators"][0]["observations"][0]["value"] = 1.5
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DataError) as info:
        read_json(target)
    (toml_problem,) = toml_lines
    (json_problem,) = info.value.problems
    assert (
        json_problem.path
        == "programme.pillars[0].commitments[1].indicators[0].observations[0].evidence[0]"
    )
    assert toml_problem.endswith(json_problem.message)


# -- export and load ---------------------------------------------------------------


def test_the_tabular_dataset_round_trips_through_json(tmp_path: Path) -> None:
    programme = scorecard.load(TABULAR)
    target = tmp_path / "programme.json"
    target.write_text(export_json(programme), "utf-8")
    again = scorecard.load(target)
    assert again == programme
    assert export_json(again) == target.read_text("utf-8")
    body = json.loads(target.read_text("utf-8"))["programme"]
    cited = body["pillars"][0]["commitments"][0]["indicators"][0]["observations"][1]["evidence"]
    assert cited[1] == {
        "source": "connections-2016",
        "row": "2016",
        "column": "households_low",
        "bound": "low",
        "kind": "outcome",
        "occurrence": None,
        "quote": None,
        "span": None,
    }
    # the fields of cells and tables are written only where they are used
    assert "row" not in cited[0]
    assert "encoding" not in body["sources"][0]


@settings(max_examples=50, deadline=None)
@given(programme=tabular_programmes())
def test_cell_citations_round_trip_through_export_and_load(
    programme: Programme, tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("json") / "p.json"
    target.write_text(export_json(programme), "utf-8")
    again = read_json(target)  # integrity and verification included: every cell checks out
    assert again == programme
    assert from_dict(json.loads(target.read_text("utf-8")), file="p.json") == programme
    assert export_json(again) == target.read_text("utf-8")


@settings(max_examples=25, deadline=None)
@given(programme=tabular_programmes(), data=st.data())
def test_a_changed_cell_value_is_always_caught(programme: Programme, data: st.DataObject) -> None:
    commitment = programme.pillars[0].commitments[0]
    indicator = commitment.indicators[0]
    first = indicator.observations[0]
    shift = data.draw(st.sampled_from([1.0, -1.0, 1e6]))
    if first.value is not None:
        changed = attrs.evolve(first, value=first.value + shift)
    else:
        assert first.low is not None
        assert first.high is not None
        changed = Observation(
            first.as_of, first.evidence, low=first.low - abs(shift), high=first.high
        )
    broken = attrs.evolve(
        programme,
        pillars=(
            attrs.evolve(
                programme.pillars[0],
                commitments=(
                    attrs.evolve(
                        commitment,
                        indicators=(
                            attrs.evolve(
                                indicator, observations=(changed, *indicator.observations[1:])
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    with pytest.raises(DataError) as info:
        verify(broken)
    assert any("observations[0].evidence[0]" in p.path for p in info.value.problems)


# -- the report, the attached dataset and the checksum update ---------------------------


def test_the_report_names_the_table_row_and_column_and_links_the_source() -> None:
    html = scorecard.render_html(scorecard.score(scorecard.load(TABULAR)))
    cell = (
        '<span class="q cell">table Household Connections by Year, row 2016, column '
        "households_low</span>"
    )
    assert cell in html
    after = html[html.index(cell) :]
    anchor = after[after.index('<a href="#src-') :].split('"')[1]
    # the footnote links to the source's bibliography entry
    assert f'id="{anchor[1:]}"' in html
    assert "&ldquo;table Household" not in html  # a cell is not printed as a quotation


def test_the_attached_dataset_holds_the_table_as_its_bytes() -> None:
    from scorecard.report.dataset import dataset_files

    programme = scorecard.load(TABULAR)
    files = dataset_files(programme)
    assert files[TABLE] == (TABULAR / TABLE).read_bytes()
    sources = files["sources.toml"].decode("utf-8")
    assert 'file = "sources/2016-11-connections.csv"' in sources
    access = next(v for k, v in files.items() if k.startswith("pillars/") and b"access" in v)
    assert b'row = "2016"' in access
    assert b'bound = "low"' in access


def test_update_checksums_handles_a_table(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    csv = root / TABLE
    csv.write_bytes(csv.read_bytes().replace(b"3.50", b"3.5"))
    assert main(["check", str(root), "--update-checksums"]) == 0
    programme = scorecard.load(root)
    assert (
        programme.source("connections-2016").sha256 == hashlib.sha256(csv.read_bytes()).hexdigest()
    )


def test_check_counts_cells_as_verified_citations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(TABULAR)]) == 0
    assert "29 citations verified in 4 sources" in capsys.readouterr().out


def test_the_digest_sees_cells_and_tables_and_agrees_with_its_definition() -> None:
    from scorecard.engine import _plain, programme_digest

    programme = scorecard.load(TABULAR)
    text = json.dumps(_plain(programme), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert programme_digest(programme) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert '"row":"2016"' in text
    assert '"row":null' not in text  # quotes carry no cell fields: old digests stand
    commitment = programme.pillars[0].commitments[0]
    first = commitment.assessments[1]
    moved = attrs.evolve(
        first, evidence=(first.evidence[0], attrs.evolve(first.evidence[1], row="2015"))
    )
    other = attrs.evolve(
        programme,
        pillars=(
            attrs.evolve(
                programme.pillars[0],
                commitments=(
                    attrs.evolve(commitment, assessments=(commitment.assessments[0], moved)),
                    *programme.pillars[0].commitments[1:],
                ),
            ),
            *programme.pillars[1:],
        ),
    )
    assert programme_digest(other) != programme_digest(programme)
