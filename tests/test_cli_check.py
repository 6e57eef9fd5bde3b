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

MERIDA = Path(__file__).resolve().parent.parent / "fixtures" / "merida"

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
    assert line.startswith("error: pillars/quality.toml:")
    assert (
        ": commitments[1].assessments[0].evidence[0].quote: commitment 'quality.treatment': "
        in line
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


# -- verdicts beside their roll-ups ---------------------------------------------------

VERDICTS = Path(__file__).parent / "data" / "verdicts"


def test_check_names_each_verdict_and_its_divergence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(VERDICTS)]) == 0  # a divergence is a warning
    out = capsys.readouterr().out
    assert "3 verdicts, 1 divergent (1 unexplained)" in out
    # access as of 2016-11: connections 65.625 and kiosks 0 -> 32.8 (D) vs B: two bands
    assert (
        "verdicts.toml: verdicts[0]: access as of 2016-11: computed D (32.8) vs "
        "Independent Review Panel's verdict B (progressing, \"Connections accelerated in "
        '2016 once the land-tenure disputes were settled"): 2 bands apart '
        "[unexplained divergence]"
    ) in out
    assert "verdicts[2]: programme as of 2016-11: computed C (53.9)" in out
    assert "1 band apart\n" in out
    # a dataset without verdicts prints what it printed before
    assert main(["check", str(EXAMPLE)]) == 0
    assert "verdict" not in capsys.readouterr().out


def test_check_json_lists_verdicts_and_divergences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(VERDICTS), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [v["scope"] for v in payload["verdicts"]] == ["access", "quality", "programme"]
    (divergence,) = payload["divergences"]
    assert divergence == {
        "file": "verdicts.toml",
        "path": "verdicts[0]",
        "scope": "access",
        "party": None,
        "as_of": "2016-11",
        "computed_score": 32.8125,
        "computed_grade": "D",
        "verdict_grade": "B",
        "verdict_level": "progressing",
        "source": "review-2016",
        "quote": "Connections accelerated in 2016 once the land-tenure disputes were settled",
        "bands_apart": 2,
        "divergent": True,
        "explained": False,
        "note": None,
    }
    assert payload["counts"]["citations"] == 27


def test_strict_fails_while_a_divergence_is_unexplained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(VERDICTS), "--strict"]) == 1
    captured = capsys.readouterr()
    assert "1 unexplained divergence(s)" in captured.err
    assert "divergence_note" in captured.err
    assert main(["check", str(VERDICTS), "--strict", "--json"]) == 1
    capsys.readouterr()
    root = tmp_path / "verdicts"
    shutil.copytree(VERDICTS, root)
    file = root / "verdicts.toml"
    text = file.read_text(encoding="utf-8")
    explained = text.replace(
        'rationale = "The panel reads access as moving well',
        'divergence_note = "The panel weighs the 2016 pace; the kiosks never built weigh '
        'half of the pillar here."\nrationale = "The panel reads access as moving well',
        1,
    )
    assert explained != text
    file.write_text(explained, encoding="utf-8")
    assert main(["check", str(root), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "[explained divergence]" in out
    assert "1 divergent (0 unexplained)" in out


def test_check_on_merida_gives_a_reason_for_every_grade_a_verdict_differs_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The re-coded Mérida dataset: no divergence, and each one-band difference carries a
    # written reason, which check says (--strict passes).
    assert main(["check", str(MERIDA), "--strict"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "verdicts[" in line]
    assert len(lines) == 11
    one_band = [line for line in lines if ": 1 band apart" in line]
    assert len(one_band) == 4
    assert all(line.endswith("[reason given]") for line in one_band)
    assert not any("divergence]" in line for line in lines)
