"""The CLI frame: dispatch, --version, and behaviour when the reader goes away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard import __version__
from scorecard.cli import main

# A real dataset for the end-to-end checks.
MERIDA = Path(__file__).parent.parent / "fixtures" / "merida"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"scorecard {__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_closed_pipe_is_not_a_traceback() -> None:
    # `scorecard check ... | head -1` where the reader has already gone: every write
    # meets a closed pipe.
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run(
        [sys.executable, "-m", "scorecard", "check", str(MERIDA)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    os.close(write_end)
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert proc.returncode == 0
