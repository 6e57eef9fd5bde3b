"""Determinism: the same inputs give byte-identical JSON, CSV, HTML and PDF across runs
and across processes with different hash seeds, locales, time zones and clocks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.bad_inputs import EXAMPLE

ROOT = Path(__file__).parent.parent

# One process writes every output of the CLI for the example dataset into a folder.
_WRITE_ALL = textwrap.dedent(
    """
    import contextlib, io, sys
    from pathlib import Path
    from scorecard.cli import main

    data, out = sys.argv[1], Path(sys.argv[2])
    commands = {
        "score.json": ["score", data, "--format", "json"],
        "score.csv": ["score", data, "--format", "csv"],
        "score-health.json": ["score", data, "--weights", "health-first", "--format", "json"],
        "score-2015.csv": ["score", data, "--as-of", "2015", "--format", "csv"],
        "sensitivity.json": ["sensitivity", data, "--draws", "3000", "--format", "json"],
        "timeline.json": ["timeline", data, "--format", "json"],
        "check.json": ["check", data, "--json"],
        "export.json": ["export", data, "--format", "json"],
    }
    for name, argv in commands.items():
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(argv) == 0, name
        (out / name).write_bytes(buffer.getvalue().encode("utf-8"))
    html, pdf = str(out / "report.html"), str(out / "report.pdf")
    assert main(["render", data, "--html", html, "--pdf", pdf, "--draws", "2000"]) == 0
    """
)

ENVIRONMENTS = {
    "seed-1-C-UTC": {"PYTHONHASHSEED": "1", "LC_ALL": "C", "TZ": "UTC"},
    "seed-random-utf8-plus14": {
        "PYTHONHASHSEED": "random",
        "LC_ALL": "C.UTF-8",
        "LANG": "de_DE.UTF-8",
        "TZ": "XYZ-14",
    },
    "seed-4242-posix-minus11": {"PYTHONHASHSEED": "4242", "LC_ALL": "POSIX", "TZ": "ABC+11"},
}


def _run(env_extra: dict[str, str], out: Path) -> dict[str, bytes]:
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "LANG")}
    env.update(env_extra)
    proc = subprocess.run(
        [sys.executable, "-c", _WRITE_ALL, str(EXAMPLE), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.slow
def test_outputs_are_byte_identical_across_processes(tmp_path: Path) -> None:
    runs = {name: _run(env, tmp_path / name) for name, env in ENVIRONMENTS.items()}
    first, *others = runs.values()
    assert set(first) == {
        "score.json",
        "score.csv",
        "score-health.json",
        "score-2015.csv",
        "sensitivity.json",
        "timeline.json",
        "check.json",
        "export.json",
        "report.html",
        "report.pdf",
    }
    assert all(len(data) > 100 for data in first.values())
    for other in others:
        for name, data in first.items():
            assert other[name] == data, f"{name} differs between processes"
    # different weightings and dates really give different bytes
    assert first["score.json"] != first["score-health.json"]
