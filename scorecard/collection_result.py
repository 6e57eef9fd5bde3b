"""Score a :class:`~scorecard.collection.Collection`: one result per unit, a ranking,
and rank intervals under perturbed weights.

**Ranking.** Units are ranked by their overall score, highest first. Units with
exactly the same overall score share a rank, and the next rank skips as many places
("1, 2, 2, 4": standard competition ranking); tied units keep the collection's
order. A unit without an overall score (nothing assessed) has no rank and comes
last. Because every unit is scored under the same framework and weights, units with
the same readings get bit-for-bit the same score, so exact equality is the right
test for a tie.

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
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack

import attrs

from scorecard.collection import Collection
from scorecard.errors import OptionsError
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
    """Standard competition ranks of ``values``, highest first: equal values share a
    rank, the next one skips; ``None`` gets no rank."""
    scored = sorted(v for v in values if v is not None)
    out: list[int | None] = []
    for v in values:
        if v is None:
            out.append(None)
        else:
            out.append(1 + sum(1 for w in scored if w > v))
    return out


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
        results = {
            u.id: score_compiled(compile_programme(u.programme, weights, options=chosen))
            for u in collection.units
        }
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
    (no score) ranks after every score."""
    import numpy as np

    v = np.where(np.isnan(values), -np.inf, values)
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


def _chunk_rows(units: int) -> int:
    """Draws per chunk: about 2**21 unit scores held at once."""
    return max(256, min(1 << 15, (1 << 21) // max(units, 1)))


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

    from scorecard.engine import compile_programme
    from scorecard.robustness import DEFAULT_RATING_NOISE, _draw_problems, _verdicts

    problems = _draw_problems(draws, spread, vary_ratings, seed)
    try:
        chosen = resolve_options(options, choices, "sensitivity")
    except OptionsError as exc:
        raise OptionsError([*problems, *exc.problems]) from None
    if problems:
        raise OptionsError(problems)
    noise = DEFAULT_RATING_NOISE if vary_ratings is True else float(vary_ratings)
    base = score_collection(collection, weights, options=chosen)
    compiled = [compile_programme(u.programme, weights, options=chosen) for u in collection]
    levels = [_levels_of(c, chosen.missing, chosen.floor) for c in compiled]
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

    from scorecard.robustness import _Arrays

    first = levels[0]
    arr0 = first if isinstance(first, _Arrays) else first.groups
    wp = np.array(compiled[0].pillar_weights, dtype=float)
    for other in levels[1:]:  # one framework, one weighting: the same base weights
        arr = other if isinstance(other, _Arrays) else other.groups
        assert np.array_equal(arr.wc, arr0.wc)
    rng = np.random.default_rng(seed)
    kappa = None if spread == 0 else 1.0 / spread**2 - 1.0
    n = len(levels)
    counts = np.zeros((n, n), dtype=np.int64)
    step = _chunk_rows(n)
    methods = {k: str(v) for k, v in compiled[0].methods.as_dict().items()}
    for start in range(0, draws, step):
        rows = min(step, draws - start)
        g = f = h = u = None
        if kappa is not None:
            g = rng.standard_gamma(arr0.wc * kappa, size=(rows, arr0.n_c))
            if not isinstance(first, _Arrays):
                f = np.where(
                    first.real,
                    rng.standard_gamma(first.wg * kappa, size=(rows, arr0.n_p)),
                    1.0,
                )
            h = rng.standard_gamma(wp * kappa, size=(rows, wp.size))
        if noise > 0:
            u = rng.random((rows, arr0.n_c))
        overall = np.empty((rows, n))
        for i, lv in enumerate(levels):
            overall[:, i] = _unit_scores(lv, wp, g, f, h, u, noise, methods, verdicts[i], rows)
        ranks = draw_ranks(overall)
        counts += np.bincount((np.arange(n) * n + (ranks - 1)).ravel(), minlength=n * n).reshape(
            n, n
        )
    return counts


def _intervals(
    collection: Collection, base: CollectionResult, counts: Any
) -> tuple[RankInterval, ...]:
    index = {u.id: i for i, u in enumerate(collection)}
    out = []
    for r in base.ranking:
        row = [int(c) for c in counts[index[r.unit]]] if len(collection) else []
        scored = r.overall is not None and not math.isnan(r.overall)
        out.append(
            RankInterval(
                unit=r.unit,
                title=r.title,
                rank=r.rank,
                median=_percentile_rank(row, 0.5) if scored else None,
                p05=_percentile_rank(row, 0.05) if scored else None,
                p95=_percentile_rank(row, 0.95) if scored else None,
                overall=r.overall,
            )
        )
    return tuple(out)
