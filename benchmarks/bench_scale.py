"""Scale: how load, citation verification, scoring and sensitivity grow with the corpus.

Synthetic datasets (:mod:`benchmarks.synth`) at 1x, 10x and 100x a small base; at
100x: 2,000 source texts of 50 KB (100 MB), 50 pillars, 10,000 commitments and
200,000 citations. For each size and step: the median wall time of a few repeats
and the peak traced memory of one more run (tracemalloc; it slows that run, so it
is timed apart). The baseline and verification are timed in turn, five times each,
so that a change of load on the (shared) machine falls on both.

Targets (from the issue):

- verification within 1.6x of just reading and normalising the corpus once at the
  median, and within 2x in every one of five in-turn pairs (the practical limit of
  any verifier);
- growth linear in corpus size: the cost per MB at 100x within 1.5x of that at 10x
  (1x is too small: fixed costs dominate it);
- scoring the largest dataset under a second in every one of five runs (a fresh
  programme object, so the dataset digest is computed, as on a user's first call).
- ``render_html`` linear in the number of commitments: the log-log slope of its
  time from the two largest sizes (1,000 to 10,000 commitments) at most 1.1 (the
  analyses behind it, timeline, changes and robustness, included).

``python -m benchmarks scale`` runs it; ``SCALE_FACTORS=1,10`` shortens it.
"""

from __future__ import annotations

import gc
import math
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from benchmarks._figures import figure
from benchmarks.synth import Size, write_dataset

FACTORS = tuple(int(f) for f in os.environ.get("SCALE_FACTORS", "1,10,100").split(","))
REPEATS = 3
DRAWS = 1000
STEPS = ("read+normalise", "load", "verify", "score", "sensitivity")
PAIRED = ("read+normalise", "verify")
PAIRED_REPEATS = 5
SCORE_REPEATS = 5


RAW: dict[tuple[Path, str], list[float]] = {}
"""Every time measured, by dataset folder and step (for min / median / max)."""


def _runs(*fns: Callable[[], Any], repeats: int = REPEATS) -> list[list[float]]:
    """The times of each of ``fns``, run in turn ``repeats`` times: steps that are
    compared with each other see the same load on a shared machine."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, spent in zip(fns, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - start)
    return times


def _timed(*fns: Callable[[], Any], repeats: int = REPEATS) -> list[float]:
    """The median time of each of ``fns`` (see :func:`_runs`)."""
    return [statistics.median(spent) for spent in _runs(*fns, repeats=repeats)]


def _peak(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _read_and_normalise(folder: Path) -> None:
    """The practical limit: read every source file and normalise its text once."""
    from scorecard.citations import normalise

    for path in sorted((folder / "sources").iterdir()):
        normalise(path.read_bytes().decode("utf-8"))


def measure(folder: Path, *, peaks: bool = True) -> dict[str, tuple[float, int]]:
    """``{step: (median seconds, peak bytes)}`` for one dataset folder."""
    import scorecard

    unverified = scorecard.load(folder, verify=False)
    programme = scorecard.verify(unverified)
    steps: dict[str, Callable[[], Any]] = {
        "read+normalise": lambda: _read_and_normalise(folder),
        "load": lambda: scorecard.load(folder, verify=False),
        "verify": lambda: scorecard.verify(unverified),
        # a fresh object each time: the digest is cached per programme object
        "score": lambda: scorecard.score(attrs.evolve(programme)),
        "sensitivity": lambda: scorecard.sensitivity(programme, draws=DRAWS),
    }
    # the baseline and verification alternate (their ratio is a target), more often
    paired = _runs(*(steps[name] for name in PAIRED), repeats=PAIRED_REPEATS)
    RAW.update({(folder, name): spent for name, spent in zip(PAIRED, paired, strict=True)})
    for name, fn in steps.items():
        if name not in PAIRED:
            RAW[folder, name] = _runs(fn, repeats=SCORE_REPEATS if name == "score" else REPEATS)[0]
    seconds = {name: statistics.median(RAW[folder, name]) for name in steps}
    return {name: (seconds[name], _peak(fn) if peaks else 0) for name, fn in steps.items()}


RENDER_SLOPE = 1.1


def _render_seconds(folder: Path) -> float:
    """The median time of ``render_html`` (its analyses included) on the dataset."""
    import scorecard

    result = scorecard.score(scorecard.verify(scorecard.load(folder, verify=False)))
    return _timed(lambda: scorecard.render_html(result, draws=DRAWS))[0]


def _render_slope(seconds: dict[int, float], commitments: dict[int, int]) -> bool:
    """Print render_html's times and the log-log slope over the two largest sizes."""
    for factor, spent in seconds.items():
        print(f"render_html at {commitments[factor]:,} commitments: {spent:.2f} s")
    if len(seconds) < 2:
        return True
    low, high = sorted(seconds)[-2:]
    slope = math.log(seconds[high] / seconds[low]) / math.log(commitments[high] / commitments[low])
    met = slope <= RENDER_SLOPE
    print(
        f"render_html log-log slope {commitments[low]:,} -> {commitments[high]:,} commitments: "
        f"{slope:.2f} (target <= {RENDER_SLOPE}) {'PASS' if met else 'MISSED'}"
    )
    return met


def _mb(size: Size) -> float:
    return size.corpus_bytes / 1e6


def main() -> bool:
    base = Size()
    results: dict[int, dict[str, tuple[float, int]]] = {}
    renders: dict[int, float] = {}
    commitments: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="scorecard-scale-") as tmp:
        for factor in FACTORS:
            size = base.scaled(factor)
            folder = write_dataset(Path(tmp) / f"x{factor}", size)
            results[factor] = measure(folder)
            renders[factor] = _render_seconds(folder)
            commitments[factor] = size.commitments
            print(
                f"{factor:>4}x: {size.sources} sources ({_mb(size):.0f} MB), "
                f"{size.pillars} pillars, {size.commitments} commitments, "
                f"{size.citations} citations",
                flush=True,
            )
    print()
    header = f"{'step':<16}" + "".join(f"{f'{f}x s':>10}{f'{f}x MiB':>10}" for f in FACTORS)
    print(header)
    for step in STEPS:
        cells = "".join(
            f"{results[f][step][0]:>10.3f}{results[f][step][1] / 2**20:>10.1f}" for f in FACTORS
        )
        print(f"{step:<16}{cells}")
    print(
        f"(medians of {REPEATS}, of {PAIRED_REPEATS} for read+normalise and verify, run in "
        f"turn; peak traced memory of one more run; {DRAWS} draws)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB")
    print()

    ok = True
    largest = max(FACTORS)
    folders = {factor: Path(tmp) / f"x{factor}" for factor in FACTORS}
    for factor in FACTORS:
        pairs = [
            v / r
            for v, r in zip(
                RAW[folders[factor], "verify"], RAW[folders[factor], "read+normalise"], strict=True
            )
        ]
        median = results[factor]["verify"][0] / results[factor]["read+normalise"][0]
        met = median <= 1.6 and max(pairs) <= 2.0
        ok &= met or factor != largest
        figure(
            f"verify / read+normalise at {factor}x, per pair",
            pairs,
            "x",
            f"median {median:.2f} <= 1.6, all <= 2",
            met,
        )
    if len(FACTORS) > 1:
        low, high = sorted(FACTORS)[-2:]
        scale = high / low
        for step in ("read+normalise", "load", "verify"):
            growth = results[high][step][0] / results[low][step][0]
            per_unit = growth / scale
            met = per_unit <= 1.5
            ok &= met
            print(
                f"{step} {low}x -> {high}x: {growth:.1f}x the time for {scale:.0f}x the corpus "
                f"(cost per MB x{per_unit:.2f}, target <= 1.5) {'PASS' if met else 'MISSED'}"
            )
    runs = RAW[folders[largest], "score"]
    ok &= figure(f"score at {largest}x (first call)", runs, "s", "every run < 1 s", max(runs) < 1.0)
    ok &= _render_slope(renders, commitments)
    print("targets met" if ok else "targets MISSED")
    return ok
