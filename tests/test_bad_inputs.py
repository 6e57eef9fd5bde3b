"""Every case of the bad-input catalogue (tests/bad_inputs.py) gets a clear error.

The library raises one DataError listing exactly the expected problems, each with
its file and path; ``scorecard check``, ``score``, ``sensitivity``, ``timeline``,
``render`` and ``export`` exit 1 with one ``error: file: path: message`` line per
problem, print no traceback and write nothing: no new file, and an earlier output
file (``--output``, ``--pdf``) stays as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import scorecard
from scorecard.cli import main
from scorecard.errors import DataError, Problem
from tests.bad_inputs import CASES, EXAMPLE, Case, materialise, resolve

Materialiser = Callable[[Case], Path]


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
EARLIER = "earlier.out"
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
    for file, path, _ in case.expect:
        assert any(line.startswith(f"error: {resolve(file)}") and path in line for line in lines)
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


def test_unreadable_file(tmp_path: Path) -> None:
    """A source file without read permission. Root reads through ``chmod 000`` (CI runs
    as root), so this case can only be exercised where permissions bind; the FIFO and
    dangling-symlink cases of the catalogue cover unreadable files everywhere."""
    root = materialise(Case("unreadable", [], []), tmp_path / "data")
    text = root / resolve("@cited")
    text.chmod(0)
    try:
        try:
            text.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running with CAP_DAC_OVERRIDE (root): chmod 000 does not stop reads")
        with pytest.raises(DataError) as info:
            scorecard.load(root)
        assert [p.file for p in info.value.problems] == ["sources.toml"]
        assert "sources[1].file" in info.value.problems[0].path
    finally:
        text.chmod(0o644)
