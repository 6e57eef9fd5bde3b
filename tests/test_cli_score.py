"""The score, sensitivity and timeline commands on the example dataset."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

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
    prov = json.loads(out)["provenance"]
    assert prov["methods"]["overall"] == "geometric"
    assert prov["as_of"] == "2015"
    assert prov["missing"] == "zero"
    assert prov["weighting"] == "equal"


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
