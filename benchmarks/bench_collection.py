"""Collections: many units of a Mérida-sized framework, against a loop over the units.

Units are synthetic: the Mérida framework (5 pillars, 21 commitments, objectives and
verdicts) with, for every unit and commitment, a random prefix of Mérida's own
assessments kept (so some commitments are missing, and every quote still verifies).
Baselines are measured in the same run, in turn with the collection, so that load on the
shared machine falls on both:

1. scoring 200 units: ``scorecard.score(collection)`` against a loop of
   ``scorecard.score(programme)`` over the units' programmes (median of 5);
2. loading and scoring 50 units from files: ``load_collection`` of one collection folder
   against ``load`` of 50 dataset folders, each then scored (median of 3);
3. rank intervals over 200 units, 100,000 draws: ``scorecard.sensitivity(collection)``
   (one weight draw shared by all units, batched) against the loop a user would write:
   the single-programme draws (``scorecard.robustness``'s vectorised path) unit by unit
   with the same seed, stacked and ranked. The loop is timed on 20 units and multiplied
   by 10 (its cost is the same for every unit); the collection on all 200 (median of 3);
4. growth: score and rank intervals (10,000 draws) at 10, 100 and 1,000 units; the
   cost per unit at 1,000 over that at 100.

Targets: the collection no slower than the loop (1-3), and linear in units: the cost per
unit at 1,000 units within 1.25x of that at 100 (4).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from benchmarks._figures import figure

ROOT = Path(__file__).resolve().parent.parent
UNITS = 200
LOAD_UNITS = 50
DRAWS = 100_000
LOOP_UNITS = 20
GROWTH = (10, 100, 1000)
GROWTH_DRAWS = 10_000
LINEAR = 1.25


def _units(count: int, seed: int = 0) -> tuple[Any, list[Any]]:
    """The Mérida framework and ``count`` unit programmes drawn from it."""
    import scorecard

    merida = attrs.evolve(
        scorecard.load(ROOT / "fixtures" / "merida"), codings=(), adjudications=()
    )
    rng = random.Random(seed)
    out = []
    for i in range(count):
        pillars = []
        for p in merida.pillars:
            cs = []
            for c in p.commitments:
                kept = c.assessments[: rng.randint(0, len(c.assessments))]
                cs.append(attrs.evolve(c, assessments=kept))
            pillars.append(attrs.evolve(p, commitments=tuple(cs)))
        out.append(attrs.evolve(merida, id=f"u{i:04d}", pillars=tuple(pillars)))
    return merida, out


def _collection(framework: Any, programmes: list[Any]) -> Any:
    from scorecard.collection import Collection, Unit

    units = tuple(Unit(p.id, p.id.upper(), p, f"units/{p.id}") for p in programmes)
    return Collection("bench", "Bench", framework, units)


def _turns(*fns: Callable[[], Any], repeats: int) -> list[list[float]]:
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - start)
    return times


def _loop_ranks(programmes: list[Any], draws: int, seed: int) -> Any:
    """The loop baseline: each unit's draws on its own (same seed), then the ranks."""
    import numpy as np

    import scorecard
    from scorecard.collection_result import draw_ranks
    from scorecard.engine import compile_programme, score_compiled
    from scorecard.robustness import _draw

    chosen = scorecard.ScoringOptions()
    columns = []
    for p in programmes:
        compiled = compile_programme(p, options=chosen)
        overall, _ = _draw(compiled, score_compiled(compiled), chosen, draws, 0.2, 0, False, seed)
        columns.append(overall)
    table = np.stack(columns, axis=1)
    n = table.shape[1]
    counts = np.zeros((n, n), dtype=np.int64)
    for start in range(0, draws, 4096):
        ranks = draw_ranks(table[start : start + 4096])
        counts += np.bincount((np.arange(n) * n + ranks - 1).ravel(), minlength=n * n).reshape(n, n)
    return counts


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _scoring(framework: Any, programmes: list[Any]) -> bool:
    import scorecard

    collection = _collection(framework, programmes)
    scorecard.score(collection)  # warm: imports and each programme's digest
    coll, loop = _turns(
        lambda: scorecard.score(collection),
        lambda: [scorecard.score(p) for p in programmes],
        repeats=5,
    )
    ratio = [c / lo for c, lo in zip(coll, loop, strict=True)]
    figure(f"score, {len(programmes)} units: collection", coll, "s", "-", True)
    figure(f"score, {len(programmes)} units: loop of score()", loop, "s", "-", True)
    return figure(
        "score: collection / loop",
        ratio,
        "x",
        "<= 1.1 (no slower)",
        statistics.median(ratio) <= 1.1,
    )


def _loading(programmes: list[Any]) -> bool:
    import scorecard
    from scorecard.report.collection_files import collection_files
    from scorecard.report.dataset import dataset_files

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        _write(
            base / "c", collection_files("bench", "Bench", [(p.id, p.id, p) for p in programmes])
        )
        folders = []
        for p in programmes:
            folders.append(base / "d" / p.id)
            _write(folders[-1], dataset_files(p))
        coll, loop = _turns(
            lambda: scorecard.score(scorecard.load_collection(base / "c")),
            lambda: [scorecard.score(scorecard.load(f)) for f in folders],
            repeats=3,
        )
    ratio = [c / lo for c, lo in zip(coll, loop, strict=True)]
    figure(f"load+score, {len(programmes)} units: collection", coll, "s", "-", True)
    figure(f"load+score, {len(programmes)} units: loop", loop, "s", "-", True)
    return figure(
        "load+score: collection / loop",
        ratio,
        "x",
        "<= 1.1 (no slower)",
        statistics.median(ratio) <= 1.1,
    )


def _intervals(framework: Any, programmes: list[Any]) -> bool:
    import scorecard

    collection = _collection(framework, programmes)
    scorecard.sensitivity(collection, draws=1000)  # warm
    sample = programmes[:LOOP_UNITS]
    factor = len(programmes) / len(sample)
    coll, loop = _turns(
        lambda: scorecard.sensitivity(collection, draws=DRAWS),
        lambda: _loop_ranks(sample, DRAWS, 0),
        repeats=3,
    )
    loop = [t * factor for t in loop]
    ratio = [c / lo for c, lo in zip(coll, loop, strict=True)]
    n = len(programmes)
    figure(f"rank intervals, {n} units, {DRAWS:,} draws: coll.", coll, "s", "-", True)
    figure(f"rank intervals: loop ({LOOP_UNITS} units x {factor:g})", loop, "s", "-", True)
    return figure(
        "rank intervals: collection / loop",
        ratio,
        "x",
        "<= 1 (no slower)",
        statistics.median(ratio) <= 1.0,
    )


def _growth(framework: Any, programmes: list[Any]) -> bool:
    import scorecard

    per_unit: dict[str, dict[int, float]] = {"score": {}, "rank intervals": {}}
    for n in GROWTH:
        collection = _collection(framework, programmes[:n])
        scorecard.score(collection)  # warm the digests
        s, r = _turns(
            lambda c=collection: scorecard.score(c),
            lambda c=collection: scorecard.sensitivity(c, draws=GROWTH_DRAWS),
            repeats=3,
        )
        per_unit["score"][n] = statistics.median(s) / n
        per_unit["rank intervals"][n] = statistics.median(r) / n
        print(
            f"{n:>5} units: score {statistics.median(s):.3f} s, rank intervals "
            f"({GROWTH_DRAWS:,} draws) {statistics.median(r):.3f} s"
        )
    ok = True
    low, high = GROWTH[-2], GROWTH[-1]
    for name, costs in per_unit.items():
        growth = costs[high] / costs[low]
        ok &= figure(
            f"{name}: cost per unit {high:,} / {low:,} units",
            [growth],
            "x",
            f"<= {LINEAR} (linear)",
            growth <= LINEAR,
        )
    return ok


def main() -> bool:
    framework, programmes = _units(max(GROWTH))
    n_c = sum(1 for _ in framework.commitments())
    print(f"framework: Mérida, {len(framework.pillars)} pillars, {n_c} commitments")
    ok = _scoring(framework, programmes[:UNITS])
    ok &= _loading(programmes[:LOAD_UNITS])
    ok &= _intervals(framework, programmes[:UNITS])
    ok &= _growth(framework, programmes)
    print("targets met" if ok else "targets MISSED")
    return ok
