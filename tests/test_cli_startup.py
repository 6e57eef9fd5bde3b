"""Start-up of the command line (issue 16, item 5): what ``--help`` and ``check``
import, read from ``python -X importtime`` in a fresh process. No timings here (the
machine is shared); ``make bench`` measures the time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imported(*args: str) -> set[str]:
    """The modules a fresh ``python -X importtime -m scorecard ARGS`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scorecard", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert "scorecard.cli" in modules  # the parse worked: this is the import log
    return modules


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("sensitivity", "--help")])
def test_help_loads_neither_numpy_nor_cattrs_nor_the_engine(args: tuple[str, ...]) -> None:
    heavy = {"numpy", "cattrs", "scorecard.engine"} & _imported(*args)
    assert not heavy, f"'scorecard {' '.join(args)}' imports {sorted(heavy)}"


def test_check_on_merida_does_without_numpy() -> None:
    modules = _imported("check", "fixtures/merida")
    assert "scorecard.citations" in modules  # it did verify the quotes
    assert "numpy" not in modules
