"""Mutation testing of the core modules with mutmut, one module at a time.

    python scripts/mutation.py [MODULE ...]     # run (default: all seven), then report
    python scripts/mutation.py --report         # only print the table of the last runs

Each module runs under ``nice -n 19`` with one worker (the machine is shared); mutmut
picks, per mutant, the tests that reach the mutated function. Run times are kept in
``mutants/times.json``; the table gives, per module, the mutants, how many the tests
killed, survived, timed out or no test reached, the kill rate and the run time.
``make mutation`` runs this; it is not part of ``make test``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("engine", "weights", "citations", "integrity", "dates", "loader", "_io")
TIMES = ROOT / "mutants" / "times.json"
KILLED = {1, 3, 37}  # a failing test, an internal pytest error, a type-check failure
TIMEOUT = {36, 24, -24, 152, 255}  # mutmut's timeout exit codes
TARGET = 90.0


def _counts(module: str) -> dict[str, int]:
    meta = ROOT / "mutants" / "scorecard" / f"{module}.py.meta"
    codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
    out = {"mutants": len(codes), "killed": 0, "survived": 0, "no test": 0, "not run": 0}
    for code in codes.values():
        if code in KILLED or code in TIMEOUT:  # a mutant that hangs the tests is caught
            out["killed"] += 1
        elif code == 0:
            out["survived"] += 1
        elif code is None:
            out["not run"] += 1
        else:  # 33/5: no test reaches the mutated function (a survivor too)
            out["no test"] += 1
    return out


def report() -> int:
    """Print the per-module table; 1 if a finished module is below the target."""
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    columns = ("mutants", "killed", "survived", "no test", "not run")
    print(f"{'module':<11}" + "".join(f"{c:>9}" for c in columns) + f"{'killed %':>10}{'time':>10}")
    below = False
    for module in MODULES:
        c = _counts(module)
        done = c["mutants"] - c["not run"]
        rate = 100.0 * c["killed"] / done if done else 0.0
        seconds = times.get(module)
        shown = f"{seconds / 60:.1f} min" if seconds is not None else "-"
        if done and not c["not run"] and rate < TARGET:
            below = True
        print(
            f"{module:<11}"
            + "".join(f"{c[k]:>9}" for k in columns)
            + (f"{rate:>9.1f}%" if done else f"{'-':>10}")
            + f"{shown:>10}"
        )
    print(
        f"target: {TARGET:.0f}% killed per module, or each survivor listed as "
        "equivalent in docs/testing.md; 'not run' mutants are left out of the rate"
    )
    return 1 if below else 0


def run(modules: list[str]) -> None:
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    for module in modules:
        started = time.monotonic()
        subprocess.run(
            [
                "nice",
                "-n",
                "19",
                sys.executable,
                "-m",
                "mutmut",
                "run",
                "--max-children",
                "1",
                f"scorecard.{module}.*",
            ],
            cwd=ROOT,
            check=False,
        )
        times[module] = round(time.monotonic() - started, 1)
        TIMES.parent.mkdir(exist_ok=True)
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
