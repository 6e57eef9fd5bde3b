"""Sensitivity draws per second on the Mérida dataset, against two baselines.

(a) calling :func:`scorecard.score` once per draw with Dirichlet-perturbed weights
(a few hundred calls, extrapolated); (b) a bare-numpy pipeline doing the same
sampling, matrix products and summaries on the same compiled arrays, with no
checks or records: the practical limit. Targets: at least 200 times (a), and
within 1.5 times the time of (b). Each figure is the median of several repeats.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DRAWS = 1_000_000
SCORE_CALLS = 300
REPEATS = 5


def _programme() -> Any:
    import scorecard

    merida = ROOT / "fixtures" / "merida"
    if (merida / "programme.toml").is_file():
        return scorecard.load(merida), "Mérida"
    import tempfile

    from benchmarks.synth import Size, write_dataset  # pragma: no cover - fallback

    folder = Path(tempfile.mkdtemp()) / "synthetic"
    write_dataset(folder, Size())
    return scorecard.load(folder), "synthetic"


def bare_numpy(arrays: Any, spread: float, draws: int, seed: int, bands: Any) -> None:
    """Same sampling and products as the engine, written out flat (arithmetic means)."""
    import numpy as np

    from scorecard.robustness import CHUNK

    rng = np.random.default_rng(seed)
    kappa = 1.0 / spread**2 - 1.0
    alpha_c, alpha_p = arrays.wc * kappa, arrays.wp * kappa
    x = arrays.s0 * arrays.present
    stacked = np.concatenate(
        [x[:, None] * arrays.member, arrays.present[:, None] * arrays.member], 1
    )
    n_p = arrays.n_p
    overall = np.empty(draws)
    pillars = np.empty((draws, n_p))
    for start in range(0, draws, CHUNK):
        rows = min(CHUNK, draws - start)
        g = rng.standard_gamma(alpha_c, size=(rows, arrays.n_c))
        h = rng.standard_gamma(alpha_p, size=(rows, n_p))
        both = g @ stacked
        p = both[:, :n_p] / both[:, n_p:]
        pillars[start : start + rows] = p
        overall[start : start + rows] = np.sum(h * p, axis=1) / np.sum(h, axis=1)
    mins = np.array(sorted(b.min for b in bands))
    for column in (overall, *pillars.T):
        np.quantile(column, [0.05, 0.5, 0.95])
        np.bincount(np.searchsorted(mins, np.round(column, 9), side="right") - 1)
    for i in range(n_p):
        rank = np.zeros(draws, dtype=np.int64)
        for j in range(n_p):
            if j != i:
                rank += pillars[:, j] > pillars[:, i]
        np.bincount(rank, minlength=n_p)


def main() -> bool:
    import numpy as np

    import scorecard
    from scorecard.engine import compile_programme
    from scorecard.robustness import DEFAULT_SPREAD, _compile_arrays

    programme, name = _programme()
    spread = DEFAULT_SPREAD
    n_c = sum(1 for _ in programme.commitments())
    print(f"dataset: {name}, {len(programme.pillars)} pillars, {n_c} commitments")

    compiled = compile_programme(programme)
    arrays = _compile_arrays(compiled, "renormalize", 1.0, merge=True)
    full = _compile_arrays(compiled, "renormalize", 1.0)
    rng = np.random.default_rng(1)
    kappa = 1.0 / spread**2 - 1.0
    pillar_ids = [p.id for p in programme.pillars]
    commitment_ids = [c.id for _, c in programme.commitments()]
    specs = []
    for _ in range(SCORE_CALLS):
        wp = rng.standard_gamma(full.wp * kappa)
        wc = rng.standard_gamma(full.wc * kappa)
        specs.append(
            {
                "pillars": dict(zip(pillar_ids, map(float, wp), strict=True)),
                "commitments": dict(zip(commitment_ids, map(float, wc), strict=True)),
            }
        )

    def per_draw() -> None:
        for spec in specs:
            scorecard.score(programme, spec)

    def sens() -> None:
        scorecard.sensitivity(programme, draws=DRAWS, spread=spread)

    def bare() -> None:
        bare_numpy(arrays, spread, DRAWS, 0, programme.grades.bands)

    scorecard.sensitivity(programme, draws=1000)  # warm up imports and caches
    # The machine is shared: interleave the three so that load hits them alike.
    times: dict[str, list[float]] = {"sens": [], "bare": [], "score": []}
    for _ in range(REPEATS):
        for key, fn in (("sens", sens), ("bare", bare), ("score", per_draw)):
            start = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - start)
    t_sens = statistics.median(times["sens"])
    t_bare = statistics.median(times["bare"])
    t_score = statistics.median(times["score"])
    rate_sens = DRAWS / t_sens
    rate_bare = DRAWS / t_bare
    rate_score = SCORE_CALLS / t_score

    speedup = rate_sens / rate_score
    overhead = t_sens / t_bare
    print(f"sensitivity(): {DRAWS:,} draws in {t_sens:.3f} s = {rate_sens:,.0f} draws/s")
    print(f"(a) score() per draw: {rate_score:,.0f} draws/s ({SCORE_CALLS} calls, extrapolated)")
    print(f"(b) bare numpy: {DRAWS:,} draws in {t_bare:.3f} s = {rate_bare:,.0f} draws/s")
    ok_a = speedup >= 200
    ok_b = overhead <= 1.5
    print(f"speed-up over (a): {speedup:,.0f}x (target >= 200x) {'PASS' if ok_a else 'FAIL'}")
    print(f"time vs (b): {overhead:.2f}x (target <= 1.5x) {'PASS' if ok_b else 'FAIL'}")
    print(f"a million draws: {t_sens:.2f} s (target: about 1-2 s)")
    return ok_a and ok_b
