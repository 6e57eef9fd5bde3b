"""Start-up and the normaliser on real text (issue 16, items 3 and 5).

- ``scorecard --help`` in a fresh process, wall time of eleven runs: target a median
  under 80 ms, and neither numpy, cattrs nor the engine imported (``-X importtime``);
- ``scorecard check fixtures/merida`` in a fresh process: no numpy (time shown);
- ``normalise()`` on the five Mérida source texts, nanoseconds per character (best of
  three passes, eleven times): target a median of at most 40 ns.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks._figures import figure

ROOT = Path(__file__).resolve().parent.parent
RUNS = 11
HEAVY = ("numpy", "cattrs", "scorecard.engine")


def _wall(*args: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scorecard", *args], capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def _imports(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scorecard", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


def _normalise_ns() -> list[float]:
    from scorecard.citations import normalise

    texts = [
        p.read_bytes().decode("utf-8") for p in sorted(ROOT.glob("fixtures/merida/sources/*.txt"))
    ]
    chars = sum(map(len, texts))
    out = []
    for _ in range(RUNS):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for text in texts:
                normalise(text)
            best = min(best, time.perf_counter() - start)
        out.append(best / chars * 1e9)
    return out


def main() -> bool:
    ok = True
    helped = [t * 1000 for t in _wall("--help")]
    heavy = [m for m in HEAVY if m in _imports("--help")]
    ok &= figure(
        "scorecard --help, wall", helped, "ms", "median < 80 ms", sorted(helped)[RUNS // 2] < 80
    )
    ok &= figure(
        "scorecard --help imports " + (", ".join(heavy) or "none of numpy/cattrs/engine"),
        [len(heavy)],
        "modules",
        "0",
        not heavy,
    )
    checked = [t * 1000 for t in _wall("check", "fixtures/merida")]
    numpy = "numpy" in _imports("check", "fixtures/merida")
    ok &= figure(
        f"scorecard check fixtures/merida ({'with' if numpy else 'no'} numpy)",
        checked,
        "ms",
        "no numpy",
        not numpy,
    )
    ns = _normalise_ns()
    ok &= figure(
        "normalise() on the Mérida texts",
        ns,
        "ns/char",
        "median <= 40",
        sorted(ns)[RUNS // 2] <= 40,
    )
    return ok
