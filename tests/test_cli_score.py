"""The score, sensitivity and timeline commands on the example dataset."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import scorecard
from scorecard.cli import main

EXAMPLE = str(Path(__file__).parent / "data" / "example")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data["overall"]) >= {"score", "grade", "coverage"}
    for pillar in data["pillars"]:
        assert set(pillar) >= {"id", "title", "score", "grade", "coverage", "commitments"}
        for c in pillar["commitments"]:
            assert set(c) >= {"id", "title", "parties", "status", "score", "as_of"}
            assert set(c["parties"]) <= {"united-states", "mexico"}
    assert [(p["party"], p["label"]) for p in data["parties"]] == [
        ("united-states", "United States"),
        ("mexico", "Mexico"),
    ]
    assert data["provenance"]["missing"] == "renormalize"


def test_score_options_reach_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys,
        "score",
        EXAMPLE,
        "--format",
        "json",
        "--method",
        "overall=geometric",
        "--as-of",
        "2015",
        "--missing",
        "zero",
        "--weights",
        "equal",
    )
    data = json.loads(out)
    prov = data["provenance"]
    assert prov["methods"]["overall"] == "geometric"
    assert prov["as_of"] == "2015"
    assert prov["missing"] == "zero"
    assert prov["weighting"] == "equal"
    # The scores are the engine's under these options, and differ from the defaults'.
    expected = scorecard.score(
        scorecard.load(EXAMPLE),
        "equal",
        as_of="2015",
        method={"overall": "geometric"},
        missing="zero",
    )
    assert data["overall"]["score"] == pytest.approx(expected.overall.score)
    for pillar in data["pillars"]:
        assert pillar["score"] == pytest.approx(expected.pillar(pillar["id"]).score)
    # ... and each option moves the overall score on its own, so a match shows that
    # each one reached the engine (the example's default weighting is equal already).
    options = {"as_of": "2015", "method": {"overall": "geometric"}, "missing": "zero"}
    for name in options:
        rest = {k: v for k, v in options.items() if k != name}
        other = scorecard.score(scorecard.load(EXAMPLE), "equal", **rest)  # type: ignore[arg-type]
        assert data["overall"]["score"] != pytest.approx(other.overall.score), name


def test_score_csv_has_one_row_per_commitment(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", EXAMPLE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    _, js, _ = run(capsys, "score", EXAMPLE, "--format", "json")
    data = json.loads(js)
    assert len(rows) == sum(len(p["commitments"]) for p in data["pillars"])
    assert rows[0]["pillar"] == data["pillars"][0]["id"]
    assert float(rows[0]["pillar_score"]) == data["pillars"][0]["score"]


def test_score_table_and_weights_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, json_out, _ = run(capsys, "score", EXAMPLE, "--format", "json")
    first = json.loads(json_out)["pillars"][0]["id"]
    weights = tmp_path / "mine.toml"
    weights.write_text(f"pillars = {{ {first} = 5 }}\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", EXAMPLE, "--weights", str(weights))
    assert code == 0
    assert "weighting mine" in out
    assert out.splitlines()[5].startswith("Overall")


def test_errors_are_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", EXAMPLE, "--weights", "nope")
    assert code == 1
    assert out == ""
    assert err.startswith("error: weighting 'nope': unknown weighting")
    code, _, err = run(capsys, "score", EXAMPLE, "--method", "overall=median")
    assert code == 1
    assert err.startswith("error: --method: overall: unknown method 'median'")
    assert len(err.splitlines()) == 1


def test_sensitivity_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sensitivity", EXAMPLE, "--draws", "500", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["draws"] == 500
    assert data["seed"] == 0
    assert set(data["overall"]) >= {"median", "p05", "p95", "grades"}
    for p in data["pillars"]:
        assert set(p) >= {"id", "median", "p05", "p95", "grades", "ranks"}
        assert sum(p["ranks"]) == pytest.approx(1.0)
    _, again, _ = run(capsys, "sensitivity", EXAMPLE, "--draws", "500", "--format", "json")
    assert again == out
    code, table, _ = run(capsys, "sensitivity", EXAMPLE, "--draws", "200")
    assert code == 0
    assert "Rank of each pillar" in table


def test_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", EXAMPLE, "--format", "json")
    assert code == 0
    points = json.loads(out)["points"]
    dates = [p["as_of"] for p in points]
    assert len(dates) == len(set(dates)) >= 2
    code, table, _ = run(capsys, "timeline", EXAMPLE)
    assert table.splitlines()[0].startswith("as of")
    assert len(table.splitlines()) == len(points) + 2


VERDICTS = str(Path(__file__).parent / "data" / "verdicts")


def test_score_json_gives_each_pillar_a_verdict_and_a_divergence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "score", VERDICTS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    access, quality, governance = data["pillars"]
    assert {k: access["verdict"][k] for k in ("grade", "level", "source", "as_of", "quote")} == {
        "grade": "B",
        "level": "progressing",
        "source": "review-2016",
        "as_of": "2016-11",
        "quote": "Connections accelerated in 2016 once the land-tenure disputes were settled",
    }
    assert access["divergence"] == {
        "bands_apart": 2,
        "divergent": True,
        "explained": False,
        "note": None,
    }
    assert quality["divergence"]["bands_apart"] == 1
    assert governance["verdict"] is None
    assert governance["divergence"] is None
    assert data["overall"]["verdict"]["level"] == "limited"
    assert access["rollup"] == access["score"]


def test_score_table_shows_verdicts_beside_pillars(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", VERDICTS)
    assert code == 0
    access = next(line for line in out.splitlines() if line.startswith("Extend safe water"))
    assert access.endswith("B (progressing, review-2016 2016-11) !")
    assert "objectives" not in out.splitlines()[1]  # no objectives in this dataset


def test_the_new_scoring_flags_reach_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "score",
        VERDICTS,
        "--format",
        "json",
        "--verdict-weight",
        "0.5",
        "--stale-after",
        "12",
        "--method",
        "objectives=geometric",
    )
    assert code == 0
    data = json.loads(out)
    prov = data["provenance"]
    assert (prov["verdict_weight"], prov["stale_after"]) == (0.5, 12)
    assert prov["methods"]["objectives"] == "geometric"
    access = data["pillars"][0]
    # stale after 12 months at 2016-11-30: the 2015 readings are missing; the access
    # roll-up is the connections reading alone, blended half and half with B (75)
    assert access["score"] == pytest.approx(0.5 * access["rollup"] + 0.5 * 75.0)
    code, _, err = run(capsys, "score", VERDICTS, "--stale-after", "0")
    assert code == 1
    assert "stale_after" in err or "--stale-after" in err
