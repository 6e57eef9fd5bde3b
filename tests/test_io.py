"""Atomic output: an output file is its old self or completely the new one, even when
the writing process is killed."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from scorecard import _io
from scorecard._io import atomic_write
from scorecard.errors import ScorecardError
from tests.bad_inputs import EXAMPLE

ROOT = Path(__file__).parent.parent


def test_writes_text_and_bytes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert atomic_write(target, "é\n") == target
    assert target.read_bytes() == "é\n".encode()
    atomic_write(target, b"\x00new")
    assert target.read_bytes() == b"\x00new"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_named_fallback_where_unnamed_files_are_unsupported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_io, "_unnamed", lambda folder: None)
    target = tmp_path / "out.csv"
    atomic_write(target, "a,b\n")
    assert target.read_text() == "a,b\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed", "named"])
def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    if not unnamed:
        monkeypatch.setattr(_io, "_unnamed", lambda folder: None)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ScorecardError, match="No space left"):
        atomic_write(target, "new" * 1000)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed", "named"])
@pytest.mark.parametrize("failing", ["replace", "chmod"])
def test_a_failed_rename_or_chmod_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool, failing: str
) -> None:
    """The data is written and named; then ``os.replace`` (or ``os.chmod``) fails: the
    old file stays and the hidden ``.NAME.*.part`` file is removed."""
    target = tmp_path / "report.html"
    target.write_text("old")
    if not unnamed:
        monkeypatch.setattr(_io, "_unnamed", lambda folder: None)
    temporary: list[str] = []

    def refuse(src: str, *args: object, **kwargs: object) -> None:
        temporary.append(src)
        assert Path(src).exists()  # the temporary file was there when the step failed
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, failing, refuse)
    with pytest.raises(ScorecardError, match="Permission denied"):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert len(temporary) == 1
    assert Path(temporary[0]).name.startswith(".report.html.")


def test_where_unnamed_files_work_no_named_file_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux the unnamed file is written, then linked under a hidden name
    ``.NAME.<12 hex digits>.part`` in the target's folder and renamed: the named
    fallback (which a killed process could leave behind) is not used."""
    # asked of the system directly, not of _io._unnamed (whose answer is under test)
    try:
        os.close(os.open(tmp_path, os.O_TMPFILE | os.O_WRONLY, 0o600))
    except (AttributeError, OSError):
        pytest.skip("this file system has no O_TMPFILE; the named case covers it")

    def no_named(*args: object, **kwargs: object) -> None:
        raise AssertionError("the named fallback was used")

    monkeypatch.setattr(tempfile, "mkstemp", no_named)
    renamed: list[tuple[str, str]] = []
    replace = os.replace

    def spy(src: str, dst: str) -> None:
        renamed.append((str(src), str(dst)))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    target = tmp_path / "out.json"
    atomic_write(target, "{}")
    assert target.read_text() == "{}"
    ((src, dst),) = renamed
    assert Path(src).parent == tmp_path
    assert re.fullmatch(r"\.out\.json\.[0-9a-f]{12}\.part", Path(src).name)
    assert dst == str(target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_the_named_fallback_writes_a_hidden_part_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_io, "_unnamed", lambda folder: None)
    renamed: list[str] = []
    replace = os.replace

    def spy(src: str, dst: str) -> None:
        renamed.append(str(src))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic_write(tmp_path / "out.csv", "a")
    (src,) = renamed
    assert Path(src).parent == tmp_path
    assert re.fullmatch(r"\.out\.csv\..+\.part", Path(src).name)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_temporary_file_already_gone_keeps_the_first_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """The clean-up after a failure tolerates a temporary file that is gone already:
    the error reported is the failure itself, not the clean-up's FileNotFoundError."""
    monkeypatch.setattr(_io, "_unnamed", lambda folder: None)
    target = tmp_path / "out.txt"

    def vanish_then_fail(first: int | str, *args: object) -> None:
        path = os.readlink(f"/proc/self/fd/{first}") if isinstance(first, int) else first
        os.unlink(path)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, step, vanish_then_fail)
    with pytest.raises(ScorecardError, match="No space left"):
        atomic_write(target, "x")
    assert list(tmp_path.iterdir()) == []


def test_a_taken_hidden_name_is_retried_100_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hidden name ``.NAME.<hex>.part`` is drawn again while it is taken; after 100
    taken names the write fails, naming the file and the folder."""
    try:
        os.close(os.open(tmp_path, os.O_TMPFILE | os.O_WRONLY, 0o600))
    except (AttributeError, OSError):
        pytest.skip("this file system has no O_TMPFILE")
    draws: list[int] = []

    def taken_once(n: int) -> bytes:  # the first name is taken, the second free
        draws.append(n)
        return bytes([min(len(draws), 2)]) * n

    (tmp_path / f".out.txt.{'01' * 6}.part").write_text("someone else's")
    monkeypatch.setattr(os, "urandom", taken_once)
    atomic_write(tmp_path / "out.txt", "mine")
    assert (tmp_path / "out.txt").read_text() == "mine"
    assert len(draws) == 2
    draws.clear()
    monkeypatch.setattr(os, "urandom", lambda n: draws.append(n) or b"\x01" * n)
    with pytest.raises(ScorecardError, match=r"no free temporary name for out\.txt in"):
        atomic_write(tmp_path / "out.txt", "again")
    assert len(draws) == 100
    assert (tmp_path / "out.txt").read_text() == "mine"


def test_an_unlinkable_unnamed_file_falls_back_to_a_named_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system refuses to name the unnamed file (``_name`` gives ``None``)
    the data is written again through a named temporary file."""
    monkeypatch.setattr(_io, "_name", lambda fd, folder, name: None)
    target = tmp_path / "out.txt"
    atomic_write(target, "data")
    assert target.read_text() == "data"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_bad_targets_are_scorecard_errors(tmp_path: Path) -> None:
    with pytest.raises(ScorecardError, match="does not exist"):
        atomic_write(tmp_path / "missing" / "x.pdf", b"")
    with pytest.raises(ScorecardError, match="is a folder"):
        atomic_write(tmp_path, b"")


_KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from scorecard import _io
    if sys.argv[2] == "named":
        _io._unnamed = lambda folder: None
    def stall(fd):
        print("written", flush=True)
        time.sleep(60)
    os.fsync = stall
    _io.atomic_write(sys.argv[1], b"NEW" * 1_000_000)
    """
)


@pytest.mark.parametrize("mode", ["unnamed", "named"])
def test_a_kill_while_writing_keeps_the_old_file(tmp_path: Path, mode: str) -> None:
    """SIGKILL after the data is written, before the rename. With an unnamed temporary
    file (Linux) nothing is left behind. A named temporary file cannot be cleaned up
    by a killed process: there a hidden ``.NAME.*.part`` remains, never the target."""
    target = tmp_path / "report.pdf"
    target.write_bytes(b"OLD")
    if mode == "unnamed" and _io._unnamed(tmp_path) is None:
        pytest.skip("this file system has no O_TMPFILE; the named case covers it")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), mode],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "written\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert target.read_bytes() == b"OLD"
    left = sorted(p.name for p in tmp_path.iterdir())
    if mode == "unnamed":
        assert left == ["report.pdf"]
    else:
        assert left[-1] == "report.pdf"
        assert all(n.startswith(".report.pdf.") and n.endswith(".part") for n in left[:-1])


def _render(out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scorecard",
            "render",
            str(EXAMPLE),
            "--html",
            str(out / "report.html"),
            "--pdf",
            str(out / "report.pdf"),
            "--draws",
            "2000",
        ],
        cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_a_render_killed_midway_leaves_the_previous_files_intact(tmp_path: Path) -> None:
    """Render once to learn the time and the complete output, then start again over
    old files and SIGKILL at a quarter, half and three quarters of that time: each
    file is then either its old self or the complete new one, and nothing else is
    in the folder."""
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    started = time.monotonic()
    assert _render(fresh).wait(timeout=300) == 0
    duration = time.monotonic() - started
    complete = {name: (fresh / name).read_bytes() for name in ("report.html", "report.pdf")}
    killed_midway = 0
    for fraction in (0.25, 0.5, 0.75):
        out = tmp_path / f"at-{fraction}"
        out.mkdir()
        for name in complete:
            (out / name).write_bytes(b"previous " + name.encode())
        proc = _render(out)
        time.sleep(duration * fraction)
        if proc.poll() is None:
            killed_midway += 1
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=300)
        assert sorted(p.name for p in out.iterdir()) == sorted(complete)
        for name, new in complete.items():
            assert (out / name).read_bytes() in (b"previous " + name.encode(), new)
    assert killed_midway >= 2  # the test really interrupted renders
