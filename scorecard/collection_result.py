"""Score a :class:`~scorecard.collection.Collection`: one result per unit, a ranking,
and rank intervals under perturbed weights.

**Ranking.** Units are ranked by their overall score, highest first. Units with
exactly the same overall score share a rank, and the next rank skips as many places
("1, 2, 2, 4": standard competition ranking); tied units keep the collection's
order. A unit without an overall score (nothing assessed) has no rank and comes
last. Scores are compared as graded (:func:`scorecard.display.snap`: rounded to nine
decimals), so two sums of the same numbers in another order, which may differ in the
last bit, still tie.

**Rank intervals** (:func:`collection_sensitivity`). Each draw perturbs the weights
once (the distribution of :mod:`scorecard.robustness`) and applies *the same*
weights (and, with ``vary_ratings``, the same random numbers) to every unit; the
units are ranked within the draw as above; then each unit's median, 5th and 95th
percentile rank over the draws are reported. Ranks are integers, so the percentiles
are the inverted empirical distribution: the ``q`` percentile is the smallest rank
``r`` with ``P(rank <= r) >= q``. The same seed gives the same answer.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack

import attrs

from scorecard.collection import Collection
from scorecard.options import DEFAULT_SPREAD, ScoringChoices, ScoringOptions, resolve_options
from scorecard.result import Result
from scorecard.weights import WeightsSpec

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from scorecard.engine import CompiledProgramme

    Array = npt.NDArray[np.float64]

__all__ = [
    "CollectionResult",
    "CollectionSensitivity",
    "RankInterval",
    "Ranked",
    "collection_sensitivity",
    "score_collection",
]


@attrs.frozen(slots=True)
class Ranked:
    """One row of a ranking: the unit, its overall score and grade, and each pillar's
    score and grade (in the framework's pillar order)."""

    rank: int | None
    unit: str
    title: str
    overall: float | None
    grade: str | None
    pillars: tuple[tuple[str, float | None, str | None], ...]  # (id, score, grade)


@attrs.frozen(slots=True)
class CollectionResult:
    """The results of every unit of a collection (``results``: unit id -> Result, in
    the collection's order) and their ranking (best first)."""

    collection_id: str
    title: str
    results: Mapping[str, Result]
    ranking: tuple[Ranked, ...]
    pillars: tuple[tuple[str, str], ...]  # (id, title) of the framework's pillars
    titles: Mapping[str, str]  # unit id -> title

    def __getitem__(self, unit_id: str) -> Result:
        try:
            return self.results[unit_id]
        except KeyError:
            from scorecard.collection import unknown_unit

            raise KeyError(unknown_unit(unit_id, tuple(self.results))) from None

    def to_records(self) -> list[dict[str, Any]]:
        """The rows of :meth:`to_frame` as plain dicts (no pandas needed)."""
        from scorecard.frames import result_records

        ranks = {r.unit: r.rank for r in self.ranking}
        return [
            {"unit": unit, "unit_title": self.titles[unit], "rank": ranks[unit], **row}
            for unit, result in self.results.items()
            for row in result_records(result)
        ]

    def to_frame(self) -> pd.DataFrame:
        """A tidy frame: one row per unit x entity (overall, pillar, objective,
        commitment, party): the columns of ``Result.to_frame()`` (see
        :mod:`scorecard.frames`) after ``unit``, ``unit_title`` and ``rank`` (the
        unit's rank, nullable integer). Needs pandas."""
        from scorecard.frames import RESULT_COLUMNS, _typed, frame

        columns = ("unit", "unit_title", "rank", *RESULT_COLUMNS)
        df = frame(self.to_records(), columns, "CollectionResult.to_frame()")
        _typed(df, list(self.results.values()))
        df["rank"] = df["rank"].astype("Int64")
        return df

    def ranking_rows(self) -> list[list[object]]:
        """The ranking as rows: rank, unit, title, overall, grade, then one score per
        pillar (``None`` where missing)."""
        return [
            [r.rank, r.unit, r.title, r.overall, r.grade, *(s for _, s, _ in r.pillars)]
            for r in self.ranking
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the ranking and every unit's result (``Result.to_dict()``)."""
        return {
            "collection": self.collection_id,
            "title": self.title,
            "ranking": [
                {
                    "rank": r.rank,
                    "unit": r.unit,
                    "title": r.title,
                    "overall": r.overall,
                    "grade": r.grade,
                    "pillars": {p: {"score": s, "grade": g} for p, s, g in r.pillars},
                }
                for r in self.ranking
            ],
            "results": {unit: result.to_dict() for unit, result in self.results.items()},
        }

    def to_json(self) -> str:
        """Deterministic JSON of :meth:`to_dict`."""
        from scorecard._serial import dumps

        return dumps(self.to_dict())


def competition_ranks(values: Sequence[float | None]) -> list[int | None]:
    """Standard competition ranks of ``values``, highest first: values equal as graded
    (:func:`~scorecard.display.snap`) share a rank, the next one skips; ``None`` gets
    no rank."""
    from scorecard.display import snap

    graded = [None if v is None else snap(v) for v in values]
    scored = sorted(v for v in graded if v is not None)
    # 1 + the number of scores strictly higher, found by bisection (n log n in all)
    return [None if v is None else 1 + len(scored) - bisect_right(scored, v) for v in graded]


def rank(collection_results: Mapping[str, Result], titles: Mapping[str, str]) -> tuple[Ranked, ...]:
    """The ranking of ``collection_results`` (see the module docstring)."""
    units = list(collection_results)
    ranks = competition_ranks([collection_results[u].overall.score for u in units])
    order = sorted(range(len(units)), key=lambda i: (ranks[i] is None, ranks[i] or 0, i))
    rows = []
    for i in order:
        result = collection_results[units[i]]
        rows.append(
            Ranked(
                rank=ranks[i],
                unit=units[i],
                title=titles[units[i]],
                overall=result.overall.score,
                grade=result.overall.grade,
                pillars=tuple((p.id, p.score, p.grade) for p in result.pillars),
            )
        )
    return tuple(rows)


def score_collection(
    collection: Collection,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> CollectionResult:
    """Score every unit of ``collection`` with the same weights and choices (those
    of :func:`scorecard.score`) and rank them."""
    from scorecard._perf import no_cyclic_gc
    from scorecard.engine import compile_programme, score_compiled

    chosen = resolve_options(options, choices, "score")
    with no_cyclic_gc():
        return _collection_result(
            collection,
            [
                score_compiled(compile_programme(u.programme, weights, options=chosen))
                for u in collection.units
            ],
        )


def _collection_result(collection: Collection, results_: Sequence[Result]) -> CollectionResult:
    results = {u.id: r for u, r in zip(collection.units, results_, strict=True)}
    titles = {u.id: u.title for u in collection.units}
    return CollectionResult(
        collection_id=collection.id,
        title=collection.title,
        results=results,
        ranking=rank(results, titles),
        pillars=tuple((p.id, p.title) for p in collection.framework.pillars),
        titles=titles,
    )


# -- rank intervals --------------------------------------------------------------


@attrs.frozen(slots=True)
class RankInterval:
    """A unit's rank under the base weights and over the draws (median, 5th and 95th
    percentile, see the module docstring); ``None`` where the unit has no score."""

    unit: str
    title: str
    rank: int | None
    median: int | None
    p05: int | None
    p95: int | None
    overall: float | None


@attrs.frozen(slots=True)
class CollectionSensitivity:
    """Rank intervals of every unit (in base-rank order), and how they were drawn."""

    draws: int
    seed: int
    spread: float
    vary_ratings: float
    units: tuple[RankInterval, ...]
    base: CollectionResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "spread": self.spread,
            "vary_ratings": self.vary_ratings,
            "units": [attrs.asdict(u) for u in self.units],
        }

    def to_json(self) -> str:
        from scorecard._serial import dumps

        return dumps(self.to_dict())

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: ``unit``, ``title``, ``rank``, ``median``, ``p05``,
        ``p95`` (nullable integers) and ``overall``. Needs pandas."""
        from scorecard.frames import frame

        columns = ("unit", "title", "rank", "median", "p05", "p95", "overall")
        df = frame(
            (attrs.asdict(u) for u in self.units), columns, "CollectionSensitivity.to_frame()"
        )
        for column in ("rank", "median", "p05", "p95"):
            df[column] = df[column].astype("Int64")
        df["overall"] = df["overall"].astype(float)
        return df


def _levels_of(compiled: CompiledProgramme, missing: str, floor: float) -> Any:
    from scorecard.robustness import _compile_arrays, _compile_levels

    if compiled.objectives:
        return _compile_levels(compiled, missing, floor)
    return _compile_arrays(compiled, missing, floor)


def _unit_scores(
    levels: Any,
    wp: Array,
    g: Array | None,
    f: Array | None,
    h: Array | None,
    u: Array | None,
    noise: float,
    methods: Mapping[str, str],
    verdicts: Any,
    rows: int,
) -> Array:
    """(rows,) overall scores of one unit under the shared draws ``g`` (commitments),
    ``f`` (objectives), ``h`` (pillars) and ``u`` (rating noise): the steps of
    :func:`scorecard.robustness._run` and ``_run_levels`` for one chunk."""
    import numpy as np

    from scorecard.robustness import _Arrays, _overall, _pillar_scores, _upper

    arr = levels if isinstance(levels, _Arrays) else levels.groups
    scores = None
    if u is not None:
        scores = np.where(u < noise / 2, arr.s_down, np.where(u < noise, arr.s_up, arr.s0))
    if isinstance(levels, _Arrays):
        p = _pillar_scores(arr, g, scores, methods["pillars"], rows)
    else:
        by_group = _pillar_scores(arr, g, scores, methods["objectives"], rows)
        if methods["pillars"] != methods["objectives"]:
            whole = _pillar_scores(arr, g, scores, methods["pillars"], rows)
            by_group = np.where(levels.real, by_group, whole)
        p = _upper(levels, f, by_group, methods["pillars"], arr.floor, arr.missing_zero)
    if verdicts is not None:
        p = verdicts.pillar_scores(p)
    top = attrs.evolve(arr, wp=wp, n_p=wp.size)
    o = _overall(top, h, p, methods["overall"])
    if verdicts is not None:
        o = verdicts.overall_scores(o)
    out: Array = np.clip(o, 0.0, 100.0)
    return out


def draw_ranks(values: Array) -> Any:
    """(rows, units) competition ranks (1 = best) of each row's ``values``; NaN
    (no score) ranks after every score; scores are compared as graded (rounded to nine
    decimals, as :func:`competition_ranks`)."""
    import numpy as np

    from scorecard.display import SNAP_DIGITS

    v = np.where(np.isnan(values), -np.inf, np.round(values, SNAP_DIGITS))
    rows, n = v.shape
    order = np.argsort(-v, axis=1, kind="stable")
    ordered = np.take_along_axis(v, order, axis=1)
    starts = np.ones((rows, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.where(starts, np.arange(n), 0)
    np.maximum.accumulate(first, axis=1, out=first)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks


def _percentile_rank(counts: Sequence[int], q: float) -> int:
    """The smallest rank ``r`` with ``P(rank <= r) >= q`` (``counts[k]``: draws at
    rank ``k + 1``)."""
    total = sum(counts)
    running = 0
    for k, c in enumerate(counts):
        running += c
        if running >= q * total - 1e-9:
            return k + 1
    return len(counts)


def _chunk_rows(width: int) -> int:
    """Draws per chunk: about 2**22 numbers per array held at once (``width`` numbers
    per draw)."""
    return max(64, min(1 << 15, (1 << 22) // max(width, 1)))


def collection_sensitivity(
    collection: Collection,
    weights: WeightsSpec = None,
    *,
    draws: int = 10_000,
    spread: float = DEFAULT_SPREAD,
    vary_ratings: float | bool = 0.0,
    seed: int = 0,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> CollectionSensitivity:
    """Rank intervals of every unit of ``collection`` when the weights (and, with
    ``vary_ratings``, the ratings) are perturbed ``draws`` times; each draw's
    weights are the same for every unit (see the module docstring). Arguments as
    for :func:`scorecard.sensitivity` (a varied method is not offered here)."""
    import numpy as np

    from scorecard.engine import compile_programme, score_compiled
    from scorecard.robustness import _verdicts, checked_draws

    chosen, noise = checked_draws(draws, spread, vary_ratings, seed, options, choices)
    compiled = [compile_programme(u.programme, weights, options=chosen) for u in collection]
    base = _collection_result(collection, [score_compiled(c) for c in compiled])
    # the options as compiled (resolved against the weighting, where it declares any)
    levels = [_levels_of(c, c.options.missing, c.options.floor) for c in compiled]
    verdicts = [_verdicts(base.results[u.id]) for u in collection]
    n = len(compiled)
    counts = np.zeros((n, n), dtype=np.int64)
    if n:
        counts = _draw_counts(compiled, levels, verdicts, draws, float(spread), noise, seed)
    return CollectionSensitivity(
        draws=draws,
        seed=seed,
        spread=float(spread),
        vary_ratings=noise,
        units=_intervals(collection, base, counts),
        base=base,
    )


@attrs.frozen(slots=True)
class _Stack:
    """Every unit's arrays side by side, for the draws (one framework, so the
    weights and the memberships are the same for all; ``U`` units, ``n_g`` groups).

    A programme without objectives is one group per pillar, each passed through;
    with objectives, the groups are those of :func:`scorecard.robustness._compile_levels`.
    """

    s0: Array  # (n_c, U)
    s_down: Array
    s_up: Array
    present: Array  # (n_c, U)
    member: Array  # (n_c, n_g)
    real: Array  # (n_g,) bool: an objective (else a whole pillar)
    up: Array  # (n_g, n_p)
    passthrough: tuple[tuple[int, int], ...]
    wc: Array  # (n_c,)
    wg: Array  # (n_g,)
    wp: Array  # (n_p,)
    floor: float
    missing_zero: bool
    objectives: bool
    verdict_pillars: Array | None  # (U, n_p), NaN where none
    verdict_overall: Array | None  # (U,)
    verdict_weight: float


def _stack(
    compiled: Sequence[CompiledProgramme], levels: Sequence[Any], verdicts: Sequence[Any]
) -> _Stack:
    import numpy as np

    from scorecard.robustness import _Arrays

    first = levels[0]
    objectives = not isinstance(first, _Arrays)
    arrays = [lv.groups if objectives else lv for lv in levels]
    a0 = arrays[0]
    for arr in arrays[1:]:  # one framework, one weighting: the same base weights
        if not np.array_equal(arr.wc, a0.wc) or arr.member.shape != a0.member.shape:
            raise ValueError("the units of a collection must share their framework and weights")
    n_p = len(compiled[0].pillar_weights)
    if objectives:
        real, up, wg, passthrough = first.real, first.member, first.wg, first.passthrough
    else:
        real = np.zeros(n_p, dtype=bool)
        up, wg = np.eye(n_p), np.ones(n_p)
        passthrough = tuple((i, i) for i in range(n_p))
    with_verdicts = [v for v in verdicts if v is not None]
    vp = vo = None
    weight = 0.0
    if with_verdicts:
        weight = with_verdicts[0].weight
        vp = np.array(
            [np.full(n_p, np.nan) if v is None else v.pillars for v in verdicts], dtype=float
        )
        vo = np.array([np.nan if v is None else v.overall for v in verdicts], dtype=float)
    return _Stack(
        s0=np.stack([a.s0 for a in arrays], axis=1),
        s_down=np.stack([a.s_down for a in arrays], axis=1),
        s_up=np.stack([a.s_up for a in arrays], axis=1),
        present=np.stack([a.present for a in arrays], axis=1),
        member=a0.member,
        real=np.asarray(real, dtype=bool),
        up=up,
        passthrough=passthrough,
        wc=a0.wc,
        wg=np.asarray(wg, dtype=float),
        wp=np.array(compiled[0].pillar_weights, dtype=float),
        floor=a0.floor,
        missing_zero=a0.missing_zero,
        objectives=objectives,
        verdict_pillars=vp,
        verdict_overall=vo,
        verdict_weight=weight,
    )


def _products(st: _Stack, method: str) -> Array:
    """(n_c, 2 U n_g): each unit's transformed base scores and presence, spread over
    its groups, so that one matrix product gives every unit's sums at once."""
    import numpy as np

    from scorecard.robustness import _transform

    n_c, units = st.present.shape
    n_g = st.member.shape[1]
    x = _transform(st.s0, method, st.floor) * st.present
    both: Array = np.concatenate(
        [
            (st.member[:, None, :] * x[:, :, None]).reshape(n_c, units * n_g),
            (st.member[:, None, :] * st.present[:, :, None]).reshape(n_c, units * n_g),
        ],
        axis=1,
    )
    return both


def _group_scores(
    st: _Stack, g: Array | None, scores: Array | None, method: str, cache: dict[str, Array]
) -> Array:
    """(rows, U, n_g) group scores: each unit's commitments averaged with ``method``
    under the draw's commitment weights ``g`` (rows, n_c), NaN where nothing counts."""
    import numpy as np

    from scorecard.robustness import _mean, _transform

    units = st.present.shape[1]
    n_g = st.member.shape[1]
    weights = st.wc[None, :] if g is None else g
    if scores is None:  # the base scores: one matrix product for every unit at once
        if method not in cache:
            cache[method] = _products(st, method)
        out = weights @ cache[method]
        rows = out.shape[0]
        num = out[:, : units * n_g].reshape(rows, units, n_g)
        den = out[:, units * n_g :].reshape(rows, units, n_g)
        return _mean(num, den, method)
    x = _transform(scores, method, st.floor) * st.present  # (rows, n_c, U)
    num = np.einsum("rc,cj,rcu->ruj", weights, st.member, x, optimize=True)
    den = np.einsum("rc,cj,cu->ruj", weights, st.member, st.present, optimize=True)
    return _mean(num, den, method)


def _batched_overall(
    st: _Stack,
    g: Array | None,
    f: Array | None,
    h: Array | None,
    u: Array | None,
    noise: float,
    methods: Mapping[str, str],
    cache: dict[str, Array] | None = None,
) -> Array:
    """(rows, U) overall scores of every unit under one chunk of shared draws: the
    steps of :func:`scorecard.robustness._run_levels` (and ``_run``), with a unit axis."""
    import numpy as np

    from scorecard.robustness import _blended, _mean, _transform

    cache = {} if cache is None else cache
    scores = None
    if u is not None:
        uu = u[:, :, None]
        scores = np.where(uu < noise / 2, st.s_down, np.where(uu < noise, st.s_up, st.s0))
    if st.objectives:
        groups = _group_scores(st, g, scores, methods["objectives"], cache)
        if methods["pillars"] != methods["objectives"]:  # a whole pillar: its own method
            whole = _group_scores(st, g, scores, methods["pillars"], cache)
            groups = np.where(st.real, groups, whole)
    else:
        groups = _group_scores(st, g, scores, methods["pillars"], cache)
    # objectives -> pillars (whole pillars pass through)
    method = methods["pillars"]
    missing = np.isnan(groups)
    weights = st.wg if f is None else f[:, None, :]
    values = np.where(missing, 0.0, groups)
    ones = np.ones_like(values)
    mask = weights * ones if st.missing_zero else np.where(missing, 0.0, weights * ones)
    x = _transform(values, method, st.floor)
    p = _mean((mask * x) @ st.up, mask @ st.up, method)
    for group, pillar in st.passthrough:
        p[..., pillar] = groups[..., group]
    if st.verdict_pillars is not None:
        p = _blended(p, np.broadcast_to(st.verdict_pillars, p.shape), st.verdict_weight)
    # pillars -> overall
    method = methods["overall"]
    missing = np.isnan(p)
    weights = st.wp if h is None else h[:, None, :]
    values = np.where(missing, 0.0, p)
    ones = np.ones_like(values)
    mask = weights * ones if st.missing_zero else np.where(missing, 0.0, weights * ones)
    x = _transform(values, method, st.floor)
    o = _mean(np.sum(mask * x, axis=2), np.sum(mask, axis=2), method)
    if st.verdict_overall is not None:
        o = _blended(o, np.broadcast_to(st.verdict_overall, o.shape), st.verdict_weight)
    out: Array = np.clip(o, 0.0, 100.0)
    return out


def _draw_counts(
    compiled: Sequence[CompiledProgramme],
    levels: Sequence[Any],
    verdicts: Sequence[Any],
    draws: int,
    spread: float,
    noise: float,
    seed: int,
) -> Any:
    """``counts[u, k]``: the draws in which unit ``u`` ranks ``k + 1``."""
    import numpy as np

    st = _stack(compiled, levels, verdicts)
    rng = np.random.default_rng(seed)
    kappa = None if spread == 0 else 1.0 / spread**2 - 1.0
    n_c, n = st.present.shape
    counts = np.zeros((n, n), dtype=np.int64)
    step = _chunk_rows(n * max(n_c, 2 * st.member.shape[1]))
    methods = {k: str(v) for k, v in compiled[0].methods.as_dict().items()}
    cache: dict[str, Array] = {}
    for start in range(0, draws, step):
        rows = min(step, draws - start)
        g = f = h = u = None
        if kappa is not None:
            g = rng.standard_gamma(st.wc * kappa, size=(rows, n_c))
            if st.objectives:
                f = np.where(
                    st.real, rng.standard_gamma(st.wg * kappa, size=(rows, st.wg.size)), 1.0
                )
            h = rng.standard_gamma(st.wp * kappa, size=(rows, st.wp.size))
        if noise > 0:
            u = rng.random((rows, n_c))
        overall = _batched_overall(st, g, f, h, u, noise, methods, cache)
        if g is None and u is None:  # nothing drawn: every row is the base
            overall = np.broadcast_to(overall, (rows, n))
        ranks = draw_ranks(overall)
        counts += np.bincount((np.arange(n) * n + (ranks - 1)).ravel(), minlength=n * n).reshape(
            n, n
        )
    return counts


def _percentile_ranks(counts: Any, q: float) -> list[int]:
    """:func:`_percentile_rank` of every row of ``counts`` at once."""
    import numpy as np

    if counts.shape[0] == 0:
        return []
    cumulative = np.cumsum(counts, axis=1)
    reached = cumulative >= q * cumulative[:, -1:] - 1e-9
    return [int(k) + 1 for k in np.argmax(reached, axis=1)]


def _intervals(
    collection: Collection, base: CollectionResult, counts: Any
) -> tuple[RankInterval, ...]:
    index = {u.id: i for i, u in enumerate(collection)}
    median, p05, p95 = (_percentile_ranks(counts, q) for q in (0.5, 0.05, 0.95))
    out = []
    for r in base.ranking:
        i = index[r.unit]
        scored = r.overall is not None and not math.isnan(r.overall)
        out.append(
            RankInterval(
                unit=r.unit,
                title=r.title,
                rank=r.rank,
                median=median[i] if scored else None,
                p05=p05[i] if scored else None,
                p95=p95[i] if scored else None,
                overall=r.overall,
            )
        )
    return tuple(out)
