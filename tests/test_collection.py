"""Collections: one framework, many units (scorecard.collection, collection_result)."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.cli import main
from scorecard.collection import Collection, Unit
from scorecard.collection_result import competition_ranks, draw_ranks
from scorecard.display import snap
from scorecard.model import Programme
from scorecard.report.collection_files import collection_files
from tests.strategies import programmes

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "index"
MERIDA = ROOT / "fixtures" / "merida"


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "index"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# -- the shipped example -----------------------------------------------------------


def test_example_loads_in_unit_order() -> None:
    collection = scorecard.load_collection(EXAMPLE)
    assert collection.id == "civic-index"
    assert collection.ids == ("country-a", "country-b", "country-c", "country-d")
    a = collection.unit("country-a")
    assert a.title == "Country A"
    assert a.folder == "units/country-a"
    assert a.programme.id == "country-a"
    assert a.programme.title == "Synthetic Civic Services Index: Country A"
    # the framework alone carries no readings
    assert all(not c.assessments for _, c in collection.framework.commitments())
    # every unit's cells were found in its own copy of the table
    from scorecard.commands.check import counts

    assert [counts(u.programme)["citations"] for u in collection] == [4, 4, 4, 3]
    assert [counts(u.programme)["observations"] for u in collection] == [4, 4, 4, 3]


# Each commitment scores its one indicator on goalposts 0-100 (indicator_weight = 1),
# a pillar the mean of its two commitments; the "designed" weighting weighs services 2,
# governance 1 and declares a geometric overall. From examples/index/civic-indicators.csv:
#   A: clinics 90, schools 80 | budget 100, courts 70  services 85, governance 85
#   B: 60, 70 | 40, 50                                  services 65, governance 45
#   C: 95, 85 | 30, 40                                  services 90, governance 35
#   D: 50, 40 | (budget cell empty: missing), 80        services 45, governance 80
PILLARS = {
    "country-a": (85.0, 85.0),
    "country-b": (65.0, 45.0),
    "country-c": (90.0, 35.0),
    "country-d": (45.0, 80.0),
}
GEOMETRIC = {u: (s**2 * g) ** (1 / 3) for u, (s, g) in PILLARS.items()}
ARITHMETIC = {u: (2 * s + g) / 3 for u, (s, g) in PILLARS.items()}


def test_example_scores_to_hand_computed_values() -> None:
    """The geometric overall is the weighting's own: no option asks for it."""
    result = scorecard.score(scorecard.load_collection(EXAMPLE))
    for unit, (services, governance) in PILLARS.items():
        assert result[unit].pillar("services").score == pytest.approx(services, abs=1e-9)
        assert result[unit].pillar("governance").score == pytest.approx(governance, abs=1e-9)
        assert result[unit].overall.score == pytest.approx(GEOMETRIC[unit], rel=1e-12)
    assert GEOMETRIC["country-c"] == pytest.approx(65.69, abs=0.01)  # (90^2 x 35)^(1/3)
    assert result["country-d"].pillar("governance").coverage == pytest.approx(0.5)
    assert [(r.rank, r.unit) for r in result.ranking] == [
        (1, "country-a"),  # 85
        (2, "country-c"),  # 65.69
        (3, "country-b"),  # 57.50
        (4, "country-d"),  # 54.51
    ]
    assert [r.grade for r in result.ranking] == ["A", "B", "B", "B"]
    assert result.ranking[0].pillars == (("services", 85.0, "A"), ("governance", 85.0, "A"))


def test_example_arithmetic_overall_when_asked() -> None:
    result = scorecard.score(scorecard.load_collection(EXAMPLE), method={"overall": "arithmetic"})
    for unit, expected in ARITHMETIC.items():
        assert result[unit].overall.score == pytest.approx(expected, rel=1e-12)
    assert [r.unit for r in result.ranking] == ["country-a", "country-c", "country-b", "country-d"]


def test_unknown_unit_names_the_closest() -> None:
    collection = scorecard.load_collection(EXAMPLE)
    with pytest.raises(KeyError, match="did you mean 'country-a'"):
        collection.unit("country-aa")
    with pytest.raises(KeyError, match="did you mean 'country-b'"):
        scorecard.score(collection)["contry-b"]


def test_to_frame_is_one_row_per_unit_and_entity() -> None:
    result = scorecard.score(scorecard.load_collection(EXAMPLE))
    df = result.to_frame()
    per_unit = len(result["country-a"].to_frame())
    assert len(df) == 4 * per_unit
    assert list(df.columns[:3]) == ["unit", "unit_title", "rank"]
    overall = df[df.level == "overall"].set_index("unit")
    assert overall.loc["country-c", "score"] == pytest.approx(GEOMETRIC["country-c"])
    assert overall.loc["country-c", "rank"] == 2
    assert str(overall["grade"].dtype) == "category"


# -- ranking -------------------------------------------------------------------------


def test_competition_ranks_share_and_skip() -> None:
    assert competition_ranks([50.0, 70.0, 50.0, None, 10.0]) == [2, 1, 2, None, 4]
    # equal as graded: a last-bit difference of two summation orders is a tie
    assert competition_ranks([0.1 + 0.2, 0.3]) == [1, 1]
    assert competition_ranks([]) == []


def test_draw_ranks_match_competition_ranks() -> None:
    import numpy as np

    values = np.array([[50.0, 70.0, 50.0, np.nan, 10.0], [1.0, 1.0, 1.0, 1.0, 1.0]])
    assert draw_ranks(values).tolist() == [[2, 1, 2, 5, 4], [1, 1, 1, 1, 1]]
    assert draw_ranks(np.array([[0.1 + 0.2, 0.3]])).tolist() == [[1, 1]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from([0.0, 12.5, 50.0, 99.0])), max_size=8))
def test_draw_ranks_agree_with_competition_ranks(values: list[float | None]) -> None:
    import numpy as np

    ranks = competition_ranks(values)
    row = np.array([[math.nan if v is None else v for v in values]], dtype=float)
    if not values:
        return
    scored = sum(v is not None for v in values)
    got = draw_ranks(row)[0].tolist()
    for r, g in zip(ranks, got, strict=True):
        assert g == (r if r is not None else scored + 1)


# -- Hypothesis: a unit's result is its own ---------------------------------------


def _variants(draw: st.DrawFn, base: Programme, n: int) -> list[Programme]:
    """``n`` programmes on ``base``'s framework: each commitment keeps or drops its
    assessments, or takes another commitment's (so units differ in their readings)."""
    pool = [c.assessments for _, c in base.commitments()]
    out = []
    for _ in range(n):
        pillars = []
        for p in base.pillars:
            cs = []
            for c in p.commitments:
                choice = draw(st.sampled_from(["keep", "drop", "swap"]))
                a = c.assessments
                if choice == "drop":
                    a = ()
                elif choice == "swap":
                    a = draw(st.sampled_from(pool))
                cs.append(attrs.evolve(c, assessments=a))
            pillars.append(attrs.evolve(p, commitments=tuple(cs)))
        out.append(attrs.evolve(base, pillars=tuple(pillars)))
    return out


def _collection(units: list[tuple[str, Programme]], framework: Programme) -> Collection:
    return Collection(
        id="c",
        title="C",
        framework=framework,
        units=tuple(Unit(uid, uid.upper(), p, f"units/{uid}") for uid, p in units),
    )


@st.composite
def _units(draw: st.DrawFn) -> tuple[Programme, list[Programme]]:
    base = draw(programmes(objectives=None, weighted=draw(st.booleans())))
    return base, _variants(draw, base, draw(st.integers(1, 5)))


@settings(max_examples=40, deadline=None)
@given(_units(), st.randoms(use_true_random=False))
def test_a_units_result_does_not_depend_on_the_others(
    drawn: tuple[Programme, list[Programme]], rng: object
) -> None:
    base, variants = drawn
    named = [(f"u{i}", p) for i, p in enumerate(variants)]
    alone = {uid: scorecard.score(p) for uid, p in named}
    whole = scorecard.score(_collection(named, base))
    assert dict(whole.results) == alone
    shuffled = list(named)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    subset = shuffled[: max(1, len(shuffled) // 2)]
    part = scorecard.score(_collection(subset, base))
    for uid, _ in subset:
        assert part[uid] == alone[uid]
    # ranking consistent with the scores (as graded): rank = 1 + units strictly better
    scores = {uid: r.overall.score for uid, r in whole.results.items()}
    graded = [snap(s) for s in scores.values() if s is not None]
    for row in whole.ranking:
        if row.overall is None:
            assert row.rank is None
        else:
            assert row.rank == 1 + sum(1 for s in graded if s > snap(row.overall))
    ranked = [snap(r.overall) for r in whole.ranking if r.overall is not None]
    assert ranked == sorted(ranked, reverse=True)


@settings(max_examples=15, deadline=None)
@given(_units(), st.integers(0, 2**16))
def test_rank_intervals_hold_the_base_rank_when_weights_do_not_move(
    drawn: tuple[Programme, list[Programme]], seed: int
) -> None:
    base, variants = drawn
    collection = _collection([(f"u{i}", p) for i, p in enumerate(variants)], base)
    sens = scorecard.sensitivity(collection, draws=50, spread=0.0, seed=seed)
    for u in sens.units:
        if u.rank is not None:
            assert u.median == u.p05 == u.p95 == u.rank


def test_a_collection_of_one_scores_as_the_dataset_alone(tmp_path: Path) -> None:
    """Through the files: Mérida written as a one-unit collection scores exactly as the
    dataset folder, at every level."""
    merida = attrs.evolve(scorecard.load(MERIDA), codings=(), adjudications=())
    folder = _write(tmp_path / "c", collection_files("m", "Mérida", [("merida", "M", merida)]))
    alone = scorecard.score(merida)
    result = scorecard.score(scorecard.load_collection(folder))["merida"]
    assert result.overall == alone.overall
    assert result.pillars == alone.pillars
    assert result.parties == alone.parties
    institutions = scorecard.score(scorecard.load_collection(folder), "institutions-first")
    assert institutions["merida"].pillars == scorecard.score(merida, "institutions-first").pillars


def test_rank_intervals_are_seeded_and_deterministic() -> None:
    collection = scorecard.load_collection(EXAMPLE)
    one = scorecard.sensitivity(collection, draws=3000, spread=0.3, seed=7)
    two = scorecard.sensitivity(collection, draws=3000, spread=0.3, seed=7)
    assert one.to_json() == two.to_json()
    by_unit = {u.unit: u for u in one.units}
    # A leads by 19 points: it keeps first place
    assert by_unit["country-a"].p05 == 1
    assert by_unit["country-a"].p95 <= 2
    for u in one.units:
        assert u.p05 is not None
        assert u.p95 is not None
        assert u.median is not None
        assert 1 <= u.p05 <= u.median <= u.p95 <= 4


def test_rank_intervals_share_one_draw_across_units() -> None:
    """Two units with the same readings get the same score in every draw, so they
    always tie: a shared draw, not one draw per unit."""
    collection = scorecard.load_collection(EXAMPLE)
    twin = attrs.evolve(collection.units[0], id="twin", title="Twin")
    doubled = attrs.evolve(collection, units=(*collection.units, twin))
    sens = scorecard.sensitivity(doubled, draws=2000, spread=0.4, seed=1)
    by_unit = {u.unit: u for u in sens.units}
    a, t = by_unit["country-a"], by_unit["twin"]
    assert (a.median, a.p05, a.p95) == (t.median, t.p05, t.p95)


def test_vary_method_is_refused_for_a_collection() -> None:
    with pytest.raises(scorecard.OptionsError, match="vary_method"):
        scorecard.sensitivity(scorecard.load_collection(EXAMPLE), vary_method=True)


# -- errors name the unit's file -------------------------------------------------------


def _problems(folder: Path) -> list[str]:
    with pytest.raises(scorecard.DataError) as info:
        scorecard.load_collection(folder)
    return info.value.lines()


def test_reading_of_an_unknown_commitment_names_the_closest(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "units/country-b/readings.toml", '"g.courts"', '"g.court"')
    lines = _problems(root)
    assert len(lines) == 1
    assert lines[0].startswith("units/country-b/readings.toml:")
    assert "observations[3].commitment" in lines[0]
    assert "did you mean 'g.courts'?" in lines[0]


def test_reading_of_an_unknown_indicator_names_the_closest(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "units/country-a/readings.toml", '"clinic-coverage"', '"clinics-coverage"')
    lines = _problems(root)
    assert len(lines) == 1
    assert lines[0].startswith("units/country-a/readings.toml:")
    assert "observations[0].indicator" in lines[0]
    assert "did you mean 'clinic-coverage'?" in lines[0]


def test_a_cell_that_differs_is_placed_in_the_units_readings(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "units/country-c/readings.toml", "value = 95", "value = 96")
    lines = _problems(root)
    assert len(lines) == 1
    assert lines[0].startswith("units/country-c/readings.toml:")
    assert "observations[0]" in lines[0]
    assert "95" in lines[0]


def test_problems_of_every_unit_come_at_once(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "units/country-a/readings.toml", 'column = "case_clearance"', 'column = "cases"')
    _edit(root / "units/country-d/unit.toml", 'id = "country-d"', 'id = "country-e"')
    lines = _problems(root)
    assert any(
        line.startswith("units/country-a/readings.toml:") and "case_clearance" in line
        for line in lines
    )
    assert any(line.startswith("units/country-d/unit.toml:") and "folder" in line for line in lines)


def test_a_framework_holds_no_readings(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "framework/pillars/services.toml").write_text(
        (root / "framework/pillars/services.toml").read_text("utf-8")
        + '\n[[commitments.assessments]]\nas_of = 2024-01-01\nstatus = "full"\n'
        'rationale = "r"\nevidence = [{ source = "x", quote = "q" }]\n',
        "utf-8",
    )
    lines = _problems(root)
    assert any(
        line.startswith("framework/pillars/services.toml:") and "units/<unit>/readings.toml" in line
        for line in lines
    )


def test_a_framework_problem_is_reported_once(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "framework/programme.toml", "services = 2", "servics = 2")
    lines = _problems(root)
    assert len([line for line in lines if "servics" in line]) == 1


def test_a_dataset_is_not_a_collection() -> None:
    with pytest.raises(scorecard.DataError, match=r"scorecard\.load"):
        scorecard.load_collection(MERIDA)


# -- the command line -----------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_csv_prints_one_row_per_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLE), "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["rank", "unit", "title", "overall", "grade", "services", "governance"]
    assert [r[:3] + r[4:] for r in rows[1:]] == [
        ["1", "country-a", "Country A", "A", "85.0", "85.0"],
        ["2", "country-c", "Country C", "B", "90.0", "35.0"],
        ["3", "country-b", "Country B", "B", "65.0", "45.0"],
        ["4", "country-d", "Country D", "B", "45.0", "80.0"],
    ]
    for row in rows[1:]:
        assert float(row[3]) == pytest.approx(GEOMETRIC[row[1]], rel=1e-12)


def test_score_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLE), "--format", "json")
    assert code == 0
    data = json.loads(out)
    ranked = [r["unit"] for r in data["ranking"]]
    assert ranked == ["country-a", "country-c", "country-b", "country-d"]
    assert set(data["results"]) == set(PILLARS)
    code, out, _ = run(capsys, "score", str(EXAMPLE))
    assert code == 0
    assert "overall geometric" in out  # the weighting's declaration
    assert "Country C     65.6  B" in out  # (90^2 x 35)^(1/3) = 65.69, floored
    code, out, _ = run(capsys, "score", str(EXAMPLE), "--method", "overall=arithmetic")
    assert code == 0
    assert "Country C     71.6  B" in out  # (2 x 90 + 35) / 3 = 71.67


def test_sensitivity_prints_rank_intervals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sensitivity", str(EXAMPLE), "--draws", "500", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["units"][0]["unit"] == "country-a"
    assert {"rank", "median", "p05", "p95"} <= set(data["units"][0])


def test_check_verifies_every_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE))
    assert code == 0
    assert "4 units on one framework" in out
    assert "  country-d: 0 assessments, 3 observations, 3 citations verified in 1 sources" in out


def test_render_unknown_unit_names_the_closest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    code, _, err = run(capsys, "render", str(EXAMPLE), "--unit", "country-z", "--html", str(out))
    assert code == 1
    assert "--unit" in err
    assert "did you mean" in err
    assert not out.exists()


def test_render_one_unit_and_the_comparison_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    one = tmp_path / "a.html"
    code, _, _ = run(capsys, "render", str(EXAMPLE), "--unit", "country-a", "--html", str(one))
    assert code == 0
    assert "Synthetic Civic Services Index: Country A" in one.read_text("utf-8")
    page = tmp_path / "index.html"
    code, _, _ = run(capsys, "render", str(EXAMPLE), "--html", str(page), "--draws", "500")
    assert code == 0
    html = page.read_text("utf-8")
    assert html.index("Country A") < html.index("Country C") < html.index("Country B")
    assert html.index("Country B") < html.index("Country D")
    assert "Rank interval" in html
    assert "65.6" in html


def test_comparison_page_is_autoescaped(tmp_path: Path) -> None:
    from scorecard.report.compare import comparison_html

    root = _copy(tmp_path)
    _edit(root / "units/country-a/unit.toml", 'title = "Country A"', 'title = "<b>A</b> & co"')
    html = comparison_html(scorecard.score(scorecard.load_collection(root)))
    assert html.count("<tr") == 5
    assert "&lt;b&gt;A&lt;/b&gt; &amp; co" in html
    assert "<b>A</b>" not in html


def test_comparison_pdf_renders(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from scorecard.report.compare import render_comparison_pdf

    collection = scorecard.load_collection(EXAMPLE)
    result = scorecard.score(collection)
    path = render_comparison_pdf(
        result, tmp_path / "index.pdf", scorecard.sensitivity(collection, draws=200)
    )
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Country A" in text
    assert "Rank interval" in text
    assert "collection-result.json" in reader.attachments


@st.composite
def _scored_units(draw: st.DrawFn) -> tuple[list[Programme], dict[str, object]]:
    base = draw(programmes(objectives=None, with_verdicts=True, weighted=draw(st.booleans())))
    choices: dict[str, object] = {
        "method": {
            level: draw(st.sampled_from(["arithmetic", "geometric", "harmonic"]))
            for level in ("objectives", "pillars", "overall")
        },
        "missing": draw(st.sampled_from(["renormalize", "zero"])),
        "verdict_weight": draw(st.sampled_from([0.0, 0.5])),
    }
    return _variants(draw, base, draw(st.integers(1, 4))), choices


@settings(max_examples=40, deadline=None)
@given(_scored_units(), st.integers(0, 2**16), st.sampled_from([0.0, 0.3]))
def test_batched_draws_equal_the_unit_by_unit_steps(
    drawn: tuple[list[Programme], dict[str, object]], seed: int, noise: float
) -> None:
    """The batched draws over all units give, unit by unit, what robustness's own
    single-programme steps give under the same shared random numbers."""
    import numpy as np

    from scorecard.collection_result import _batched_overall, _levels_of, _stack, _unit_scores
    from scorecard.engine import compile_programme, score_compiled
    from scorecard.robustness import _verdicts

    variants, choices = drawn
    options = scorecard.ScoringOptions(**choices)  # type: ignore[arg-type]
    compiled = [compile_programme(p, options=options) for p in variants]
    levels = [_levels_of(c, c.options.missing, c.options.floor) for c in compiled]
    verdicts = [_verdicts(score_compiled(c)) for c in compiled]
    st_ = _stack(compiled, levels, verdicts)
    rng = np.random.default_rng(seed)
    rows = 16
    g = rng.standard_gamma(st_.wc * 5 + 0.1, size=(rows, st_.wc.size))
    f = np.where(st_.real, rng.standard_gamma(st_.wg * 5, size=(rows, st_.wg.size)), 1.0)
    h = rng.standard_gamma(st_.wp * 5 + 0.1, size=(rows, st_.wp.size))
    u = rng.random((rows, st_.wc.size)) if noise else None
    methods = {k: str(v) for k, v in compiled[0].methods.as_dict().items()}
    batched = _batched_overall(st_, g, f if st_.objectives else None, h, u, noise, methods)
    for i, lv in enumerate(levels):
        one = _unit_scores(
            lv, st_.wp, g, f if st_.objectives else None, h, u, noise, methods, verdicts[i], rows
        )
        np.testing.assert_allclose(batched[:, i], one, rtol=1e-12, atol=1e-9)


def test_the_cookbook_recipe_builds_the_shipped_example(tmp_path: Path) -> None:
    """docs/cookbook/multi-unit-index.md, run as written: its titled blocks written out
    and its script run in the folder give the shipped examples/index, byte for byte."""
    import re
    import subprocess
    import sys

    text = (ROOT / "docs" / "cookbook" / "multi-unit-index.md").read_text("utf-8")
    blocks = re.findall(r'^```(\w+) title="([^"]+)"\n(.*?)^```$', text, re.MULTILINE | re.DOTALL)
    folder = tmp_path / "index"
    for _, title, body in blocks:
        (folder / title).parent.mkdir(parents=True, exist_ok=True)
        (folder / title).write_bytes(body.encode("utf-8"))
    subprocess.run([sys.executable, "make_units.py"], cwd=folder, check=True, timeout=60)
    built = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    shipped = {p.relative_to(EXAMPLE): p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()}
    assert built == shipped


def test_check_strict_and_lang_on_a_collection(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--strict judges each unit's verdicts as it judges a dataset's; --lang is refused."""
    merida = attrs.evolve(scorecard.load(MERIDA), codings=(), adjudications=())
    folder = _write(tmp_path / "c", collection_files("m", "Mérida", [("merida", "M", merida)]))
    alone, _, _ = run(capsys, "check", str(MERIDA), "--strict")
    code, out, _ = run(capsys, "check", str(folder), "--strict")
    assert code == alone
    assert "verdicts" in out
    code, _, err = run(capsys, "check", str(EXAMPLE), "--lang", "es")
    assert code == 1
    assert "--lang" in err


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 50), min_size=4, max_size=4), min_size=1, max_size=5))
def test_percentile_ranks_match_the_definition(rows: list[list[int]]) -> None:
    """The smallest rank r with P(rank <= r) >= q, row by row, against a plain loop."""
    import numpy as np

    from scorecard.collection_result import _percentile_rank, _percentile_ranks

    rows = [r if sum(r) else [1, 0, 0, 0] for r in rows]
    for q in (0.05, 0.5, 0.95):
        assert _percentile_ranks(np.array(rows), q) == [_percentile_rank(r, q) for r in rows]
    assert _percentile_rank([0, 3, 1, 0], 0.5) == 2  # 3 of 4 draws at rank 2
    assert _percentile_rank([0, 3, 1, 0], 0.95) == 3


def test_rank_intervals_frame_and_json() -> None:
    sens = scorecard.sensitivity(scorecard.load_collection(EXAMPLE), draws=500, seed=3)
    df = sens.to_frame()
    assert list(df.columns) == ["unit", "title", "rank", "median", "p05", "p95", "overall"]
    assert list(df["unit"]) == ["country-a", "country-c", "country-b", "country-d"]
    assert str(df["rank"].dtype) == "Int64"
    data = json.loads(sens.to_json())
    assert data["draws"] == 500
    assert [u["rank"] for u in data["units"]] == [1, 2, 3, 4]
