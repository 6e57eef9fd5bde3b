"""Every case of the bad-input catalogue (tests/bad_inputs.py) gets a clear error.

The library raises one DataError listing exactly the expected problems, each with
its file and path; ``scorecard check``, ``score``, ``sensitivity``, ``timeline``,
``render`` and ``export`` exit 1 with one ``error: file: path: message`` line per
problem, print no traceback and write nothing: no new file, and an earlier output
file (``--output``, ``--pdf``) stays as it was.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import scorecard
from scorecard.cli import main
from scorecard.errors import DataError, Problem
from tests.bad_inputs import CASES, EXAMPLE, Case, materialise, resolve

Materialiser = Callable[[Case], Path]
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Materialiser:
    """Materialise each case once per module (the 50 MB case is costly to repeat)."""
    made: dict[str, Path] = {}

    def get(case: Case) -> Path:
        if case.name not in made:
            made[case.name] = materialise(case, tmp_path_factory.mktemp(case.name) / "data")
        return made[case.name]

    return get


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under ``folder`` with its kind and size (FIFOs are not read)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            st = path.lstat()
            out[str(path.relative_to(folder))] = (oct(st.st_mode), st.st_size)
    return out


def _matches(problem: Problem, expected: tuple[str, str, str]) -> bool:
    file, path, fragment = expected
    return (
        problem.file == resolve(file)
        and path in problem.path
        and fragment.lower() in problem.message.lower()
    )


def test_the_catalogue_is_large_and_named_uniquely() -> None:
    names = [case.name for case in CASES]
    assert len(names) >= 30
    assert len(set(names)) == len(names)


def test_the_example_itself_is_clean() -> None:
    programme = scorecard.load(EXAMPLE)
    assert len(programme.pillars) == 3


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_load_reports_exactly_the_broken_thing(case: Case, dataset: Materialiser) -> None:
    root = dataset(case)
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    problems = info.value.problems
    assert len(problems) == len(case.expect), info.value.lines()
    for expected in case.expect:
        assert any(_matches(p, expected) for p in problems), (expected, info.value.lines())


# Each command as the catalogue runs it. ``{out}`` is a folder holding one earlier
# output file, ``EARLIER``: commands aimed at it must keep it, byte for byte;
# commands aimed at a new file must not create it.
EARLIER = "earlier.pdf"  # render checks its --pdf suffix
CLI: dict[str, list[str]] = {
    "check": ["check", "{root}"],
    "check-json-output": ["check", "{root}", "--json", "--output", "{out}/check.json"],
    "score": ["score", "{root}", "--format", "json"],
    "score-output": ["score", "{root}", "--format", "csv", "-o", "{out}/" + EARLIER],
    "sensitivity-output": [
        *("sensitivity", "{root}", "--draws", "100", "--format", "json"),
        *("--output", "{out}/" + EARLIER),
    ],
    "timeline-output": ["timeline", "{root}", "-o", "{out}/timeline.txt"],
    "render": ["render", "{root}", "--html", "{out}/r.html", "--pdf", "{out}/" + EARLIER],
    "export": ["export", "{root}", "--format", "json", "--output", "{out}/" + EARLIER],
}


def _cli_args(command: str, root: Path, out: Path) -> list[str]:
    return [arg.format(root=root, out=out) for arg in CLI[command]]


@pytest.mark.parametrize("command", list(CLI))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli_exits_1_with_one_line_per_problem_and_writes_nothing(
    case: Case,
    command: str,
    dataset: Materialiser,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = dataset(case)
    before = _snapshot(root)
    earlier = tmp_path / EARLIER
    earlier.write_bytes(b"an earlier run's output\n")
    stamp = earlier.stat().st_mtime_ns
    code = main(_cli_args(command, root, tmp_path))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert "Traceback" not in captured.err
    assert len(lines) == len(case.expect), lines
    assert all(line.startswith("error: ") for line in lines)
    for file, _, _ in case.expect:
        assert any(line.startswith(f"error: {resolve(file)}") for line in lines)
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    assert lines == [f"error: {line}" for line in info.value.lines()]
    assert [p.name for p in tmp_path.iterdir()] == [EARLIER]
    assert earlier.read_bytes() == b"an earlier run's output\n"
    assert earlier.stat().st_mtime_ns == stamp
    assert _snapshot(root) == before


@pytest.mark.parametrize(
    "name", ["toml-syntax-error", "binary-toml", "fifo-as-source", "quote-not-found"]
)
def test_real_process_exit_status_and_no_traceback(name: str, dataset: Materialiser) -> None:
    case = next(c for c in CASES if c.name == name)
    root = dataset(case)
    proc = subprocess.run(
        [sys.executable, "-m", "scorecard", "check", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {resolve(case.expect[0][0])}")


# -- a source file without read permission ------------------------------------------
#
# Root reads through ``chmod 000`` (CAP_DAC_OVERRIDE), and CI runs as root. There the
# CLI runs in a child process that drops to "nobody" (uid/gid 65534, no supplementary
# groups: no capabilities left) before it loads the dataset, a copy in a fresh folder
# that everyone may traverse. The interpreter may live where nobody cannot read it
# (pyenv under /root, mode 0700), so the child starts as root, imports what the
# commands need by running them once on the intact example (output discarded), then
# drops privileges and runs the command for real: every read of the dataset is then
# checked by the kernel against nobody. A control run on the still readable copy must
# succeed first. Where privileges cannot be dropped, the read is simulated in-process
# (``Path.read_bytes`` raises the kernel's PermissionError) with a warning saying
# why: the code path is tested anyway, never skipped. The "simulated" variant always
# runs, so the fallback itself is tested too.

NOBODY = 65534
UNREADABLE_RUNS = (["check"], ["score", "--format", "json"], ["export", "-o", "{out}"])
CANNOT_DROP = 77

_CHILD = f"""
import contextlib, io, json, os, sys
from scorecard.cli import main

warm_up, argv = json.loads(sys.argv[1]), json.loads(sys.argv[2])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    assert main(warm_up) == 0  # as root: imports every module the command needs
try:
    os.setgroups([])
    os.setgid({NOBODY})
    os.setuid({NOBODY})
except OSError as exc:
    print(f"cannot drop privileges to uid {NOBODY}: {{exc}}", file=sys.stderr)
    sys.exit({CANNOT_DROP})
assert os.geteuid() == {NOBODY} and os.getegid() == {NOBODY} and not os.getgroups()
sys.exit(main(argv))
"""


def _run_as_nobody(command: str, rest: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    """``scorecard COMMAND ROOT REST`` run by nobody, after a warm-up as root on the
    example (to standard output, so the warm-up writes no file)."""
    warm_up = [command, str(EXAMPLE), *(a for a in rest if a not in ("-o", "{out}"))]
    argv = _argv(command, rest, root)
    return subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(warm_up), json.dumps(argv)],
        cwd=root.parent,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _open_to_everyone(root: Path) -> None:
    root.chmod(0o755)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            Path(dirpath, name).chmod(0o755)
        for name in filenames:
            Path(dirpath, name).chmod(0o644)


def _argv(command: str, rest: list[str], root: Path) -> list[str]:
    return [command, str(root), *(a.format(out=root.parent / "out.json") for a in rest)]


def _simulated(
    root: Path, text: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[tuple[int, str, str]]:
    """Runs in-process with reads of ``text`` refused as the kernel would refuse them."""
    refused = text.resolve()
    read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.resolve() == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return read_bytes(self)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", guarded)
        with pytest.raises(DataError) as info:
            scorecard.load(root)
        assert [(p.file, p.path) for p in info.value.problems] == [
            ("sources.toml", "sources[1].file")
        ]
        return _in_process(root, capsys)


def _in_process(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    runs = []
    for command, *rest in UNREADABLE_RUNS:
        code = main(_argv(command, rest, root))
        out, err = capsys.readouterr()
        runs.append((code, out, err))
    return runs


def _really_unreadable(
    root: Path,
    text: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[str, list[tuple[int, str, str]]]:
    """``chmod 000`` on ``text``, then the CLI run by a user the permissions bind."""
    text.chmod(0)
    if os.geteuid() != 0:
        try:
            text.read_bytes()
        except PermissionError:
            return "chmod 000, in-process", _in_process(root, capsys)
        reason = "chmod 000 does not stop this non-root user's reads (capabilities?)"
    else:
        text.chmod(0o644)
        control = _run_as_nobody("check", [], root)
        if control.returncode == 0:
            text.chmod(0)
            runs = []
            for command, *rest in UNREADABLE_RUNS:
                done = _run_as_nobody(command, rest, root)
                runs.append((done.returncode, done.stdout, done.stderr))
            return f"chmod 000, child process as uid {NOBODY}", runs
        reason = (control.stderr.strip().splitlines() or ["?"])[-1]
        assert control.returncode == CANNOT_DROP, control.stderr  # else a real failure
        text.chmod(0)
    warnings.warn(f"unreadable-file test simulated in-process: {reason}", UserWarning, stacklevel=1)
    return "simulated", _simulated(root, text, monkeypatch, capsys)


@pytest.mark.parametrize("way", ["permissions", "simulated"])
def test_unreadable_source_file(
    way: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source file nobody may read: every command exits 1 with one line naming the
    file that lists it, the path, the file itself and what to do; nothing is written."""
    folder = Path(tempfile.mkdtemp(prefix="scorecard-unreadable-"))
    try:
        folder.chmod(0o755)  # mkdtemp makes it 0700: nobody could not enter it
        root = materialise(Case("unreadable", [], []), folder / "data")
        _open_to_everyone(root)
        text = root / resolve("@cited")
        if way == "simulated":
            used, runs = way, _simulated(root, text, monkeypatch, capsys)
        else:
            used, runs = _really_unreadable(root, text, monkeypatch, capsys)
        assert len(runs) == len(UNREADABLE_RUNS), used
        for code, out, err in runs:
            assert (code, out) == (1, ""), (used, err)
            assert "Traceback" not in err
            # the line of the file's `file = ...` key, and the source named by its id
            assert re.fullmatch(
                r"error: sources\.toml:\d+:1: source progress-2015, file: "
                + re.escape(resolve("@cited"))
                + r": cannot be read \(permission denied\); fix its permissions\n",
                err,
            ), (used, err)
        assert sorted(p.name for p in folder.iterdir()) == ["data"], used
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- every subcommand, every flag, bad values ---------------------------------------
#
# Exit status 2 is argparse's own, for a usage error it catches (an unknown choice, a
# value that is not a number where the flag's type is int); every other bad value is
# ours: exit 1 with ``error:`` lines. Never a traceback. The subcommands and their
# flags are read from the parser itself, so a new command or flag is covered too.

BAD_VALUES = ("", "nope-42", "-1", "nan", "1e999", "2021/05/01", "\u0430")
"""Bad values for every flag that takes one (paths get their own, below)."""

FILE_FLAGS = {"output", "html", "pdf"}
FOLDER_FLAGS = {"template_dir"}

# Arguments that make each command succeed, so that only the bad flag can fail it
# (a command not listed gets the dataset folder alone, and no control run).
GOOD: dict[str, list[str]] = {
    "check": ["{root}"],
    "score": ["{root}"],
    "sensitivity": ["{root}", "--draws", "20"],
    "timeline": ["{root}"],
    "export": ["{root}"],
    "render": ["{root}", "--html", "{out}/r.html", "--draws", "20"],
    "agreement": ["{root}"],
    "extract": ["{out}/missing.pdf", "{out}/extracted"],
}
CONTROLLED = ("check", "score", "sensitivity", "timeline", "export")


def _value_flags() -> list[tuple[str, str, str]]:
    """(command, flag, dest) for every option of every subcommand that takes a value."""
    import argparse

    from scorecard.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = []
    for name, command in sub.choices.items():
        for action in command._actions:
            if action.option_strings and action.nargs is None and action.dest != "help":
                found.append((name, max(action.option_strings, key=len), action.dest))
    return found


FLAGS = _value_flags()


def test_every_command_has_flags_to_try() -> None:
    commands = {command for command, _, _ in FLAGS}
    assert {"score", "sensitivity", "timeline", "render", "check", "export"} <= commands
    assert ("score", "--as-of", "as_of") in FLAGS


def _run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", CONTROLLED)
def test_the_good_arguments_succeed(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, *(a.format(root=EXAMPLE, out=tmp_path) for a in GOOD[command])]
    code, _, err = _run_cli(argv, capsys)
    assert code == 0, err


@pytest.mark.parametrize(("command", "flag", "dest"), FLAGS, ids=lambda v: str(v))
def test_a_bad_flag_value_exits_1_or_2_without_a_traceback(
    command: str, flag: str, dest: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("not a folder\n")
    base = [a.format(root=EXAMPLE, out=tmp_path) for a in GOOD.get(command, ["{root}"])]
    values: tuple[str, ...]
    if dest in FILE_FLAGS:  # a folder where the file goes; a file where its folder goes
        values = (str(tmp_path), str(a_file / "x.out"))
    elif dest in FOLDER_FLAGS:  # a file where the folder goes; a folder that is not there
        values = (str(a_file), str(tmp_path / "not-there"))
    else:
        values = BAD_VALUES
    for value in values:
        argv = [command, *base, f"{flag}={value}"]
        code, out, err = _run_cli(argv, capsys)
        assert code in (1, 2), (argv, code, err)
        assert "Traceback" not in err, argv
        lines = err.strip().splitlines()
        assert lines, argv
        if code == 1:
            assert all(line.startswith("error: ") for line in lines), (argv, err)
            assert "Traceback" not in out, argv
        else:
            assert lines[-1].startswith("usage: ") or "error:" in lines[-1], (argv, err)


@pytest.mark.parametrize("command", ["score", "sensitivity", "timeline", "render"])
def test_a_bad_as_of_is_one_line_naming_the_flag(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--as-of 2021/05/01``: one line naming ``--as-of``, exit 1 (timeline picks its
    own dates: there the flag is a usage error, exit 2)."""
    base = [a.format(root=EXAMPLE, out=tmp_path) for a in GOOD[command]]
    code, out, err = _run_cli([command, *base, "--as-of", "2021/05/01"], capsys)
    assert "Traceback" not in err
    if command == "timeline":
        assert code == 2
        return
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith("error: --as-of: '2021/05/01' is not a date")


def test_a_deeply_nested_weights_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weights = tmp_path / "deep.toml"
    weights.write_text("pillars = " + "{ a = " * 10_000 + "1" + " }" * 10_000 + "\n")
    code, out, err = _run_cli(["score", str(EXAMPLE), "--weights", str(weights)], capsys)
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith(f"error: {weights}:1:")
    assert "nest more than 100 levels" in line


@pytest.mark.parametrize("kind", ["arrays", "objects"])
def test_a_deeply_nested_json_export_is_a_data_error(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "programme.json"
    open_, close = ("[", "]") if kind == "arrays" else ('{"a": ', "}")
    path.write_text(open_ * 10_000 + "1" + close * 10_000)
    with pytest.raises(DataError) as info:
        scorecard.load(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("programme.json", 1)
    assert "nest more than 100 levels" in problem.message


def test_a_deeply_nested_result_json_is_a_data_error() -> None:
    with pytest.raises(DataError, match="nest more than 100 levels"):
        scorecard.Result.from_json("[" * 10_000 + "]" * 10_000)
