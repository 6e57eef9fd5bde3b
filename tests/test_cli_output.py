"""``-o/--output FILE`` (scorecard/commands/_output.py): the file holds exactly what the
command prints, is written atomically, and a failed run writes nothing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.cli import main
from tests.bad_inputs import CASES, EXAMPLE, materialise

ROOT = Path(__file__).parent.parent
EX = str(EXAMPLE)

# Every command and format that prints a result.
RUNS: dict[str, list[str]] = {
    "check": ["check", EX],
    "check-json": ["check", EX, "--json"],
    "score-table": ["score", EX],
    "score-json": ["score", EX, "--format", "json"],
    "score-csv": ["score", EX, "--format", "csv", "--weights", "equal"],
    "sensitivity-table": ["sensitivity", EX, "--draws", "300"],
    "sensitivity-json": ["sensitivity", EX, "--draws", "300", "--format", "json"],
    "timeline-table": ["timeline", EX],
    "timeline-json": ["timeline", EX, "--format", "json"],
    "export": ["export", EX],
}


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["check", "score", "sensitivity", "timeline", "export"])
def test_every_printing_command_has_the_option(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([name, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "-o FILE, --output FILE" in help_text
    assert "replaced atomically" in help_text


@pytest.mark.parametrize("name", list(RUNS))
def test_the_file_equals_what_is_printed(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _ = run(capsys, RUNS[name])
    assert code == 0
    assert printed
    target = tmp_path / "out"
    code, out, err = run(capsys, [*RUNS[name], "--output", str(target)])
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes() == printed.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    # '-' is standard output
    assert run(capsys, [*RUNS[name], "-o", "-"]) == (0, printed, "")


def test_a_second_run_replaces_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scores.csv"
    target.write_text("stale\n" * 10_000)
    assert run(capsys, ["score", EX, "--format", "csv", "-o", str(target)])[0] == 0
    _, printed, _ = run(capsys, ["score", EX, "--format", "csv"])
    assert target.read_text(encoding="utf-8") == printed
    assert target.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    "argv", [["score", EX, "--format", "json"], ["timeline", EX], ["check", EX, "--json"]]
)
def test_byte_for_byte_in_a_real_process(argv: list[str], tmp_path: Path) -> None:
    """Through the real standard output (its encoding and newline handling)."""
    command = [sys.executable, "-m", "scorecard", *argv]
    env = {**os.environ, "LC_ALL": "C", "PYTHONHASHSEED": "random"}
    printed = subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=env).stdout
    target = tmp_path / "out.json"
    done = subprocess.run(
        [*command, "-o", str(target)], capture_output=True, check=True, cwd=ROOT, env=env
    )
    assert done.stdout == b""
    assert target.read_bytes() == printed
    assert len(printed.splitlines()) >= 5  # a real result, not an empty file


def _earlier(folder: Path) -> tuple[Path, int]:
    earlier = folder / "earlier.json"
    earlier.write_bytes(b'{"an": "earlier run"}\n')
    return earlier, earlier.stat().st_mtime_ns


@pytest.mark.parametrize("command", ["score", "sensitivity", "timeline", "check", "export"])
def test_a_bad_dataset_keeps_the_earlier_file_and_creates_nothing(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.name == "quote-not-found")
    root = materialise(case, tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    earlier, stamp = _earlier(out)
    extra = ["--draws", "100"] if command == "sensitivity" else []
    for target in (earlier, out / "new.json"):
        code, printed, err = run(capsys, [command, str(root), *extra, "-o", str(target)])
        assert code == 1
        assert printed == ""
        assert err.startswith("error: pillars/access.toml:")
        assert ": commitments[0]" in err
        assert "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["earlier.json"]
    assert earlier.read_bytes() == b'{"an": "earlier run"}\n'
    assert earlier.stat().st_mtime_ns == stamp


def test_an_error_after_loading_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad weights fail in the engine, after the dataset loaded (bad options before
    it is read): still nothing written."""
    earlier, stamp = _earlier(tmp_path)
    for argv in (
        ["score", EX, "--weights", "nope"],
        ["sensitivity", EX, "--method", "overall=median"],
        ["timeline", EX, "--weights", str(tmp_path / "absent.toml")],
    ):
        code, printed, err = run(capsys, [*argv, "-o", str(earlier)])
        assert (code, printed) == (1, "")
        assert err.startswith("error: ")
    assert [p.name for p in tmp_path.iterdir()] == ["earlier.json"]
    assert earlier.stat().st_mtime_ns == stamp


def test_unwritable_targets_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, err = run(capsys, ["score", EX, "-o", str(tmp_path / "no" / "such.txt")])
    assert (code, printed) == (1, "")
    assert (
        err
        == f"error: {tmp_path / 'no' / 'such.txt'}: the folder {tmp_path / 'no'} does not exist\n"
    )
    code, _, err = run(capsys, ["timeline", EX, "-o", str(tmp_path)])
    assert code == 1
    assert err == f"error: {tmp_path}: is a folder, not a file\n"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_earlier_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier, stamp = _earlier(tmp_path)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, printed, err = run(capsys, ["score", EX, "--format", "json", "-o", str(earlier)])
    assert (code, printed) == (1, "")
    assert err == f"error: {earlier}: cannot write the file (No space left on device)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["earlier.json"]
    assert earlier.read_bytes() == b'{"an": "earlier run"}\n'
    assert earlier.stat().st_mtime_ns == stamp
