"""``scorecard check``: summary, JSON anchors, and one line per problem on errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.citations import normalise_quote
from scorecard.cli import main

EXAMPLE = Path(__file__).parent / "data" / "example"


def test_check_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "3 pillars, 7 commitments, 12 assessments, 2 indicators, 4 observations" in out
    assert "24 citations verified in 3 sources" in out


def test_check_json_gives_counts_and_anchors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"] == {
        "pillars": 3,
        "commitments": 7,
        "assessments": 12,
        "indicators": 2,
        "observations": 4,
        "citations": 24,
        "sources": 3,
    }
    texts = {
        "declaration-2014": "2014-03-10-joint-declaration.txt",
        "progress-2015": "2015-progress-report.txt",
        "review-2016": "2016-11-mid-term-review.txt",
    }
    for anchor in payload["citations"]:
        assert set(anchor) == {
            "source", "quote", "start", "end", "prefix", "suffix", "kind", "used_by"
        }  # fmt: skip
        text = (EXAMPLE / "sources" / texts[anchor["source"]]).read_text("utf-8")
        start, end = anchor["start"], anchor["end"]
        assert normalise_quote(text[start:end]) == normalise_quote(anchor["quote"])
        assert text[:start].endswith(anchor["prefix"])
        assert text[end:].startswith(anchor["suffix"])
        assert len(anchor["prefix"]) <= 32
        assert len(anchor["suffix"]) <= 32
        assert anchor["kind"] in {"output", "outcome", "statement"}
    used_by = {a["used_by"] for a in payload["citations"]}
    assert "access.connections/assessment/2016-11" in used_by
    assert "access.connections/households-connected/2015" in used_by
    assert "quality.standard/stated_in" in used_by


def test_a_misquote_names_file_commitment_and_closest_passage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    path = root / "pillars" / "quality.toml"
    path.write_text(
        path.read_text("utf-8").replace(
            "Construction has not begun; the financing",
            "Construction has not started; the financing",
        ),
        "utf-8",
    )
    assert main(["check", str(root)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(
        "error: pillars/quality.toml: commitments[1].assessments[0].evidence[0].quote: "
        "commitment 'quality.treatment': "
    )
    assert (
        "did you mean 'Construction has not begun; the financing agreement is still under "
        "negotiation.'" in line
    )
    assert "% similar" in line


@pytest.mark.parametrize("kind", ["missing", "file", "binary"])
def test_bad_paths_exit_1_without_a_traceback(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "data"
    if kind == "file":
        target.write_text("not a folder")
    elif kind == "binary":
        shutil.copytree(EXAMPLE, target)
        (target / "programme.toml").write_bytes(b"\x00\xff\xfe binary")
    done = subprocess.run(
        [sys.executable, "-m", "scorecard", "check", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")
    assert done.stdout == ""
