"""``python -m benchmarks [NAME...]``: run every ``benchmarks/bench_*.py`` module's ``main()``.

Names select modules (``sensitivity`` or ``bench_sensitivity``); without names all
run, in alphabetical order. The exit status is 1 if any benchmark's ``main()``
returns a false value or a non-zero int (a missed target), else 0.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def _modules() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    available = _modules()
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in argv] or available
    unknown = [n for n in wanted if n not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)} (have: {', '.join(available)})")
        return 2
    failed = []
    for name in wanted:
        print(f"== {name}")
        module = importlib.import_module(f"benchmarks.{name}")
        outcome = module.main()
        if outcome is False or (
            isinstance(outcome, int) and not isinstance(outcome, bool) and outcome
        ):
            failed.append(name)
        print()
    if failed:
        print(f"targets missed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
