"""Mutation testing of the core modules with mutmut, one module at a time.

    python scripts/mutation.py [MODULE ...]     # run (default: all seven), then report
    python scripts/mutation.py --report         # only print the table of the last runs

Each module is mutated in its own copy of the project (``mutation/MODULE/``, with its
own ``[tool.mutmut]`` section), so each has its own fast test selection (the test
files that exercise it, in :data:`TESTS`) and its own cached results. mutmut runs
under ``nice -n 19`` with one worker (the machine is shared) and picks, per mutant,
the tests of that selection that reach the mutated function. Run times are kept in
``mutation/times.json``. The table gives, per module, the mutants and how many the
tests killed (a timeout counts as killed), how many survived, how many no test
reached, how many are not run yet, the kill rate and the run time.
``make mutation`` runs this; it is not part of ``make test``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutation"
TIMES = WORK / "times.json"
TARGET = 90.0
KILLED = {1, 3, 37, 36, 24, -24, 152, 255}  # failing test, pytest error, type check, timeout

#: The test files that exercise each module (``-m "not slow"`` keeps renders out).
TESTS: dict[str, tuple[str, ...]] = {
    "engine": (
        "test_engine.py",
        "test_engine_levels.py",
        "test_weights.py",
        "test_options.py",
        "test_cli_score.py",
    ),
    "weights": ("test_weights.py", "test_engine.py", "test_options.py"),
    "citations": ("test_citations.py", "test_loader.py", "test_bad_inputs.py"),
    "integrity": ("test_integrity.py", "test_bad_inputs.py", "test_cli_check.py"),
    "dates": ("test_dates.py", "test_engine.py", "test_engine_levels.py", "test_loader.py"),
    "loader": ("test_loader.py", "test_bad_inputs.py", "test_fuzz.py"),
    "_io": ("test_io.py", "test_cli_output.py"),
}
MODULES = tuple(TESTS)
COPIED = ("scorecard", "tests", "templates", "fixtures", "docs", "README.md")


def _prepare(module: str) -> Path:
    """A fresh copy of the project for ``module`` with its mutmut configuration."""
    where = WORK / module
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, where / name, ignore=ignore)
        else:
            shutil.copy2(source, where / name)
    selection = ["-m", "not slow", *(f"tests/{t}" for t in TESTS[module])]
    config = {
        "source_paths": ["scorecard"],
        "only_mutate": [f"scorecard/{module}.py"],
        "also_copy": ["templates", "fixtures", "docs", "README.md"],
        "pytest_add_cli_args_test_selection": selection,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q"],
    }
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lines = [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    (where / "pyproject.toml").write_text(
        project + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return where


def _counts(module: str) -> dict[str, int]:
    meta = WORK / module / "mutants" / "scorecard" / f"{module}.py.meta"
    codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
    out = {"mutants": len(codes), "killed": 0, "survived": 0, "no test": 0, "not run": 0}
    for code in codes.values():
        if code in KILLED:
            out["killed"] += 1
        elif code == 0:
            out["survived"] += 1
        elif code is None:
            out["not run"] += 1
        else:  # 33 or 5: no test of the selection reaches the mutated function
            out["no test"] += 1
    return out


def report() -> int:
    """Print the per-module table; 1 if a finished module is below the target."""
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    columns = ("mutants", "killed", "survived", "no test", "not run")
    print(f"{'module':<11}" + "".join(f"{c:>9}" for c in columns) + f"{'killed':>9}{'time':>10}")
    below = False
    for module in MODULES:
        c = _counts(module)
        done = c["mutants"] - c["not run"]
        rate = f"{100.0 * c['killed'] / done:.1f}%" if done else "-"
        seconds = times.get(module)
        shown = f"{seconds / 60:.1f} min" if seconds is not None else "-"
        if done and not c["not run"] and 100.0 * c["killed"] / done < TARGET:
            below = True
        print(f"{module:<11}" + "".join(f"{c[k]:>9}" for k in columns) + f"{rate:>9}{shown:>10}")
    print(
        f"target: {TARGET:.0f}% killed per module, or each survivor listed as equivalent "
        "in docs/testing.md; mutants not run yet are left out of the rate"
    )
    return 1 if below else 0


def run(modules: list[str]) -> None:
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    for module in modules:
        where = _prepare(module)
        started = time.monotonic()
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", "1"]
        subprocess.run(["nice", "-n", "19", *command], cwd=where, check=False)
        times[module] = round(time.monotonic() - started, 1)
        TIMES.write_text(json.dumps(times, indent=1, sort_keys=True))


def main(argv: list[str]) -> int:
    if argv != ["--report"]:
        unknown = sorted(set(argv) - set(MODULES))
        if unknown:
            print(f"unknown modules {unknown}; choose from {', '.join(MODULES)}", file=sys.stderr)
            return 2
        run(argv or list(MODULES))
    return report()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
