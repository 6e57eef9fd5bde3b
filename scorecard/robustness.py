"""Sensitivity analysis: how scores, grades and ranks move when weights and ratings move.

(The module is called ``robustness`` so that importing it never shadows the
:func:`scorecard.sensitivity` function on the package.)

The programme is compiled once (:func:`scorecard.engine.compile_programme`) into
numpy arrays; the draws are then processed in chunks of :data:`CHUNK` rows, so
memory stays bounded (besides the ``draws x (pillars + 1)`` scores kept for the
quantiles).

The distribution (see ``docs/scoring.md``):

- **Weights.** Each group (the pillars; the objectives of each pillar that has
  some; the commitments of each objective, or of each pillar without objectives)
  draws its weights from a Dirichlet distribution centred on its base weights ``w``:
  ``Dir(kappa * w)`` with ``kappa = 1 / spread**2 - 1``. Then ``E[W_i] = w_i`` and
  ``sd(W_i) = spread * sqrt(w_i (1 - w_i))``: ``spread`` is the standard deviation
  of a weight of 0.5. ``spread = 0`` means no perturbation; ``spread`` < 1. A weight
  of 0 stays 0.
- **Ratings** (``vary_ratings = q``). Each assessed commitment's status moves one
  scored level down with probability ``q/2`` and up with probability ``q/2``
  (staying put at the ends of the scale); indicator parts do not move.
  ``vary_ratings=True`` means ``q = 0.25``.
- **Method** (``vary_method``). For each draw the pillar-level and the overall
  aggregation methods (and the objective-level one, where the programme has
  objectives) are each drawn uniformly from arithmetic, geometric and harmonic.

A programme without objectives draws exactly as before the objectives level
existed: the same seed gives the same numbers.

With ``spread = 0``, no rating noise and a fixed method every draw equals
:func:`scorecard.score`. The same seed gives the same answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Unpack, overload

import attrs

from scorecard.engine import AGGREGATORS, CompiledProgramme, compile_programme, score_compiled
from scorecard.errors import OptionProblem, OptionsError
from scorecard.model import Programme
from scorecard.options import (
    DEFAULT_SPREAD,
    Methods,
    ScoringChoices,
    ScoringOptions,
    expect_programme,
    resolve_options,
)
from scorecard.progress import track
from scorecard.result import Result
from scorecard.weights import WeightsSpec

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from scorecard.collection import Collection
    from scorecard.collection_result import CollectionSensitivity

    Array = npt.NDArray[np.float64]

__all__ = [
    "CHUNK",
    "DEFAULT_RATING_NOISE",
    "DEFAULT_SPREAD",
    "OverallSensitivity",
    "PillarSensitivity",
    "SensitivityResult",
    "sensitivity",
]

CHUNK: Final = 1 << 15
DEFAULT_RATING_NOISE: Final = 0.25
_METHODS: Final = tuple(AGGREGATORS)  # arithmetic, geometric, harmonic


@attrs.frozen(slots=True)
class OverallSensitivity:
    """The overall score over the draws. ``grades`` maps every grade to the share of
    draws with that grade (draws without a score count in none)."""

    median: float | None
    p05: float | None
    p95: float | None
    grades: dict[str, float]
    base_score: float | None
    base_grade: str | None


@attrs.frozen(slots=True)
class PillarSensitivity:
    """One pillar over the draws; ``ranks[k]`` is the share of draws in which the pillar
    ranks ``k + 1`` among all pillars (1 = highest score; ties go to data order; a
    pillar without a score ranks last)."""

    id: str
    title: str
    in_framework: bool
    median: float | None
    p05: float | None
    p95: float | None
    grades: dict[str, float]
    ranks: tuple[float, ...]
    base_score: float | None
    base_grade: str | None


@attrs.frozen(slots=True, repr=False)
class SensitivityResult:
    """What :func:`sensitivity` returns; ``base`` is the unperturbed :func:`score`."""

    draws: int
    seed: int
    spread: float
    vary_ratings: float
    vary_method: bool
    overall: OverallSensitivity
    pillars: tuple[PillarSensitivity, ...]
    base: Result

    def __repr__(self) -> str:
        from scorecard._repr import sensitivity_repr

        return sensitivity_repr(self)

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter (see :mod:`scorecard.notebook`)."""
        from scorecard.notebook import sensitivity_html

        return sensitivity_html(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per entity summarising the draws; columns in :mod:`scorecard.frames`.
        Needs pandas (the ``pandas`` extra)."""
        from scorecard.frames import sensitivity_frame

        return sensitivity_frame(self)

    def pillar(self, pillar_id: str) -> PillarSensitivity:
        for p in self.pillars:
            if p.id == pillar_id:
                return p
        raise KeyError(pillar_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (``ranks`` as a list, rank 1 first); includes the base result."""
        from scorecard._serial import unstructure

        data: dict[str, Any] = unstructure(self)
        return data

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys)."""
        from scorecard._serial import dumps

        return dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SensitivityResult:
        from scorecard._serial import structure

        return structure(data, cls)


# -- compiled arrays ------------------------------------------------------------


@attrs.frozen(slots=True)
class _Arrays:
    n_c: int
    n_p: int
    member: Array  # (n_c, n_p) 0/1
    wc: Array  # (n_c,) normalised within pillar
    wp: Array  # (n_p,)
    present: Array  # (n_c,) 1 if the commitment counts, else 0
    s0: Array  # (n_c,) base score (0 where missing)
    s_down: Array  # (n_c,) score one level down (= s0 at the bottom or when missing)
    s_up: Array
    floor: float
    missing_zero: bool


@attrs.frozen(slots=True)
class _Levels:
    """The objectives level: ``groups`` holds commitments -> groups (an objective, or
    the whole of a pillar without objectives), and these arrays hold groups ->
    pillars."""

    groups: _Arrays  # its ``member`` is (n_c, n_g), its ``wp`` unused
    member: Array  # (n_g, n_p) 0/1
    wg: Array  # (n_g,) normalised within pillar (1 for a whole pillar)
    real: Array  # (n_g,) bool: an objective (else a whole pillar, passed through)
    passthrough: tuple[tuple[int, int], ...]  # (group, pillar) of the whole pillars


def _compile_levels(compiled: CompiledProgramme, missing: str, floor: float) -> _Levels:
    """Arrays for a programme with objectives (see :class:`_Levels`)."""
    import numpy as np

    n_p = len(compiled.programme.pillars)
    keys: list[tuple[int, str | None]] = [(o.pillar, o.id) for o in compiled.objectives]
    weights = [o.weight for o in compiled.objectives]
    with_objectives = {o.pillar for o in compiled.objectives}
    for index in range(n_p):
        if index not in with_objectives:
            keys.append((index, None))
            weights.append(1.0)
    column = {key: i for i, key in enumerate(keys)}
    base = _compile_arrays(compiled, missing, floor)
    member = np.zeros((base.n_c, len(keys)))
    for row, cc in enumerate(compiled.commitments):
        key = (cc.pillar, cc.objective if cc.pillar in with_objectives else None)
        member[row, column[key]] = 1.0
    upper = np.zeros((len(keys), n_p))
    upper[np.arange(len(keys)), [k[0] for k in keys]] = 1.0
    return _Levels(
        groups=attrs.evolve(base, member=member, n_p=len(keys)),
        member=upper,
        wg=np.array(weights, dtype=float),
        real=np.array([k[1] is not None for k in keys]),
        passthrough=tuple((i, k[0]) for i, k in enumerate(keys) if k[1] is None),
    )


def _compile_arrays(
    compiled: CompiledProgramme, missing: str, floor: float, *, merge: bool = False
) -> _Arrays:
    """The arrays the draws run on, one row per commitment.

    With ``merge`` (only valid without rating noise) commitments of one pillar with
    the same score become one row whose weight is the sum of theirs, and those that
    do not count (missing, under ``renormalize``) are dropped. This is exact in
    distribution: a pillar's mean depends on the weights only through the total
    weight on each distinct score, and by the aggregation property of the
    Dirichlet distribution (a sum of independent gamma variables with shapes
    ``a_i`` is gamma with shape ``sum(a_i)``) the merged row's share has exactly
    the distribution of the summed shares.
    """
    import numpy as np

    n_p = len(compiled.programme.pillars)
    levels = compiled.scored_levels
    rows: list[
        tuple[int, float, float, float, float, float]
    ] = []  # pillar, w, present, s, down, up
    for cc in compiled.commitments:
        if cc.score is None:
            counts = 1.0 if missing == "zero" else 0.0
            rows.append((cc.pillar, cc.weight, counts, 0.0, 0.0, 0.0))
            continue
        if cc.level is None:  # scored from its indicators alone: no rating to vary
            down = up = cc.score
        else:
            down = cc.score_at_level(levels[max(cc.level - 1, 0)])
            up = cc.score_at_level(levels[min(cc.level + 1, len(levels) - 1)])
        rows.append((cc.pillar, cc.weight, 1.0, cc.score, down, up))
    if merge:
        merged: dict[tuple[int, float], list[float]] = {}
        for pillar, w, present, score_, _, _ in rows:
            if present == 0.0 or w == 0.0:
                continue
            merged.setdefault((pillar, score_), [0.0])[0] += w
        rows = [(pl, ws[0], 1.0, sc, sc, sc) for (pl, sc), ws in merged.items()]
    n_c = len(rows)
    member = np.zeros((n_c, n_p))
    member[np.arange(n_c), [r[0] for r in rows]] = 1.0
    columns = np.array([r[1:] for r in rows], dtype=float).reshape(n_c, 5)
    return _Arrays(
        n_c=n_c,
        n_p=n_p,
        member=member,
        wc=columns[:, 0].copy(),
        wp=np.array(compiled.pillar_weights, dtype=float),
        present=columns[:, 1].copy(),
        s0=columns[:, 2].copy(),
        s_down=columns[:, 3].copy(),
        s_up=columns[:, 4].copy(),
        floor=floor,
        missing_zero=missing == "zero",
    )


def _transform(x: Array, method: str, floor: float) -> Array:
    import numpy as np

    if method == "arithmetic":
        return x
    y = np.maximum(x, floor)
    return np.log(y) if method == "geometric" else 1.0 / y


def _untransform(mean: Array, method: str) -> Array:
    import numpy as np

    if method == "arithmetic":
        return mean
    return np.exp(mean) if method == "geometric" else 1.0 / mean


def _pillar_scores(
    arr: _Arrays, g: Array | None, scores: Array | None, method: str, rows: int
) -> Array:
    """(rows, n_p) pillar scores, NaN where a pillar has no weight assessed."""
    import numpy as np

    if scores is None:  # the base scores for every draw
        x = _transform(arr.s0, method, arr.floor) * arr.present
        if g is None:
            num = (arr.wc * x) @ arr.member
            den = (arr.wc * arr.present) @ arr.member
            out = np.broadcast_to(_mean(num, den, method), (rows, arr.n_p))
            return np.array(out)
        stacked = np.concatenate([x[:, None] * arr.member, arr.present[:, None] * arr.member], 1)
        both = g @ stacked
        return _mean(both[:, : arr.n_p], both[:, arr.n_p :], method)
    x = _transform(scores, method, arr.floor) * arr.present
    weights = arr.wc if g is None else g
    num = (weights * x) @ arr.member
    den = (weights * arr.present) @ arr.member
    if den.ndim == 1:
        den = np.broadcast_to(den, num.shape)
    return _mean(num, den, method)


def _mean(num: Array, den: Array, method: str) -> Array:
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        out = _untransform(num / den, method)
    return np.where(den > 0, out, np.nan)


def _overall(arr: _Arrays, h: Array | None, pillars: Array, method: str) -> Array:
    import numpy as np

    missing = np.isnan(pillars)
    weights = arr.wp if h is None else h
    if arr.missing_zero:
        values = np.where(missing, 0.0, pillars)
        mask = weights * np.ones_like(values)
    else:
        values = np.where(missing, 0.0, pillars)
        mask = np.where(missing, 0.0, weights)
    x = _transform(values, method, arr.floor)
    num = np.sum(mask * x, axis=1)
    den = np.sum(mask, axis=1)
    return _mean(num, den, method)


@attrs.frozen(slots=True)
class _Verdicts:
    """The verdicts blended into scores: each pillar's value (NaN: none), the
    overall one, and the blend weight."""

    pillars: Array
    overall: float
    weight: float

    def pillar_scores(self, p: Array) -> Array:
        return _blended(p, self.pillars, self.weight)

    def overall_scores(self, o: Array) -> Array:
        import numpy as np

        return _blended(o, np.full(o.shape, self.overall), self.weight)


def _blended(x: Array, verdict: Array, w: float) -> Array:
    """``(1 - w) x + w v`` where there is a verdict (``v`` alone where ``x`` is NaN)."""
    import numpy as np

    mixed = np.where(np.isnan(x), verdict, (1.0 - w) * x + w * verdict)
    return np.where(np.isnan(verdict), x, mixed)


def _verdicts(base: Result) -> _Verdicts | None:
    """What :func:`scorecard.score` blends in, or ``None`` when nothing is."""
    import numpy as np

    w = base.provenance.verdict_weight
    if w <= 0:
        return None
    values = [np.nan if p.verdict is None else p.verdict.value for p in base.pillars]
    overall = np.nan if base.overall.verdict is None else base.overall.verdict.value
    if np.all(np.isnan(values)) and np.isnan(overall):
        return None
    return _Verdicts(np.array(values, dtype=float), float(overall), w)


def _upper(
    levels: _Levels, f: Array | None, groups: Array, method: str, floor: float, zero: bool
) -> Array:
    """(rows, n_p) pillar scores from (rows, n_g) group scores: objectives are
    averaged with ``method`` (missing ones left out, or 0 under ``zero``), a whole
    pillar's group is its score."""
    import numpy as np

    missing = np.isnan(groups)
    weights = levels.wg if f is None else f
    values = np.where(missing, 0.0, groups)
    mask = weights * np.ones_like(values) if zero else np.where(missing, 0.0, weights)
    x = _transform(values, method, floor)
    out = _mean((mask * x) @ levels.member, mask @ levels.member, method)
    for group, pillar in levels.passthrough:
        out[:, pillar] = groups[:, group]
    return out


def _chunks(draws: int) -> Iterator[int]:
    """The first row of each chunk of draws, counted as progress (on the command line)."""
    return track(
        range(0, draws, CHUNK), "sensitivity", draws, "draw", lambda s: min(CHUNK, draws - s)
    )


def _run_levels(
    levels: _Levels,
    wp: Array,
    methods: Methods | Mapping[str, str],
    draws: int,
    spread: float,
    noise: float,
    vary_method: bool,
    seed: int,
    verdicts: _Verdicts | None = None,
) -> tuple[Array, Array]:
    """:func:`_run` for a programme with objectives: three levels of weights drawn."""
    import numpy as np

    arr = levels.groups
    rng = np.random.default_rng(seed)
    overall = np.empty(draws)
    pillars = np.empty((draws, wp.size))
    kappa = None if spread == 0 else 1.0 / spread**2 - 1.0
    top = attrs.evolve(arr, wp=wp)
    for start in _chunks(draws):
        rows = min(CHUNK, draws - start)
        g = f = h = None
        if kappa is not None:
            g = rng.standard_gamma(arr.wc * kappa, size=(rows, arr.n_c))
            f = np.where(
                levels.real, rng.standard_gamma(levels.wg * kappa, size=(rows, arr.n_p)), 1.0
            )
            h = rng.standard_gamma(wp * kappa, size=(rows, wp.size))
        scores = None
        if noise > 0:
            u = rng.random((rows, arr.n_c))
            scores = np.where(u < noise / 2, arr.s_down, np.where(u < noise, arr.s_up, arr.s0))
        picks = [methods["objectives"], methods["pillars"], methods["overall"]]
        if vary_method:
            picks = [_METHODS[int(i)] for i in rng.integers(0, 3, size=3)]
        # A whole pillar's group is averaged with the pillar-level method, as in score().
        by_group = _pillar_scores(arr, g, scores, picks[0], rows)
        if picks[1] != picks[0]:
            whole = _pillar_scores(arr, g, scores, picks[1], rows)
            by_group = np.where(levels.real, by_group, whole)
        p = _upper(levels, f, by_group, picks[1], arr.floor, arr.missing_zero)
        if verdicts is not None:
            p = verdicts.pillar_scores(p)
        o = _overall(top, h, p, picks[2])
        if verdicts is not None:
            o = verdicts.overall_scores(o)
        pillars[start : start + rows] = p
        overall[start : start + rows] = o
    np.clip(pillars, 0.0, 100.0, out=pillars)
    np.clip(overall, 0.0, 100.0, out=overall)
    return overall, pillars


def _run(
    arr: _Arrays,
    methods: Methods | Mapping[str, str],
    draws: int,
    spread: float,
    noise: float,
    vary_method: bool,
    seed: int,
    verdicts: _Verdicts | None = None,
) -> tuple[Array, Array]:
    import numpy as np

    rng = np.random.default_rng(seed)
    overall = np.empty(draws)
    pillars = np.empty((draws, arr.n_p))
    kappa = None if spread == 0 else 1.0 / spread**2 - 1.0
    alpha_c = None if kappa is None else arr.wc * kappa
    alpha_p = None if kappa is None else arr.wp * kappa
    for start in _chunks(draws):
        rows = min(CHUNK, draws - start)
        g = None if alpha_c is None else rng.standard_gamma(alpha_c, size=(rows, arr.n_c))
        h = None if alpha_p is None else rng.standard_gamma(alpha_p, size=(rows, arr.n_p))
        scores = None
        if noise > 0:
            u = rng.random((rows, arr.n_c))
            scores = np.where(u < noise / 2, arr.s_down, np.where(u < noise, arr.s_up, arr.s0))
        if vary_method:
            pick_p = rng.integers(0, 3, size=rows)
            pick_o = rng.integers(0, 3, size=rows)
            per_p = [_pillar_scores(arr, g, scores, m, rows) for m in _METHODS]
            p = np.choose(pick_p[:, None], per_p)
            if verdicts is not None:
                p = verdicts.pillar_scores(p)
            per_o = [_overall(arr, h, p, m) for m in _METHODS]
            o = np.choose(pick_o, per_o)
        else:
            p = _pillar_scores(arr, g, scores, methods["pillars"], rows)
            if verdicts is not None:
                p = verdicts.pillar_scores(p)
            o = _overall(arr, h, p, methods["overall"])
        if verdicts is not None:
            o = verdicts.overall_scores(o)
        pillars[start : start + rows] = p
        overall[start : start + rows] = o
    np.clip(pillars, 0.0, 100.0, out=pillars)
    np.clip(overall, 0.0, 100.0, out=overall)
    return overall, pillars


# -- summaries ------------------------------------------------------------------


def _quantiles(x: Array) -> tuple[float | None, float | None, float | None]:
    import numpy as np

    valid = x[~np.isnan(x)]
    if valid.size == 0:
        return None, None, None
    q = np.quantile(valid, [0.05, 0.5, 0.95])
    return float(q[1]), float(q[0]), float(q[2])


def _grade_shares(x: Array, compiled: CompiledProgramme) -> dict[str, float]:
    import numpy as np

    bands = sorted(compiled.programme.grades.bands, key=lambda b: b.min)
    mins = np.array([b.min for b in bands])
    valid = x[~np.isnan(x)]
    snapped = np.clip(np.round(valid, 9), 0.0, 100.0)
    index = np.searchsorted(mins, snapped, side="right") - 1
    counts = np.bincount(index, minlength=len(bands))
    total = x.size
    shares = {b.grade: float(counts[i]) / total for i, b in enumerate(bands)}
    return {g: shares[g] for g in compiled.programme.grades.grades}  # best grade first


def _rank_shares(pillars: Array) -> list[tuple[float, ...]]:
    """``shares[p][k]``: the share of draws (rows) in which pillar (column) ``p`` ranks
    ``k + 1``: higher scores first, ties in column order, no score (NaN) last.

    One stable sort per draw instead of comparing every pair of pillars: sorting the
    negated scores puts the highest first and keeps tied pillars in column order, so a
    pillar's position is the number of pillars that beat it (a higher score, or an
    equal one earlier in the data), which is its rank minus one.
    """
    import numpy as np

    values = np.where(np.isnan(pillars), -np.inf, pillars)
    draws, n = values.shape
    order = np.argsort(-values, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(n), order.shape), axis=1)
    # counts[p, k]: the draws in which pillar p ranks k + 1, from one bincount
    counts = np.bincount((ranks + np.arange(n) * n).ravel(), minlength=n * n).reshape(n, n)
    return [tuple(float(c) / draws for c in row) for row in counts.tolist()]


# -- the public function --------------------------------------------------------


def _draw(
    compiled: CompiledProgramme,
    base: Result,
    chosen: ScoringOptions,
    draws: int,
    spread: float,
    noise: float,
    vary_method: bool,
    seed: int,
) -> tuple[Array, Array]:
    """The overall and pillar scores of every draw: through the objectives level
    where the programme has one, else exactly as before it existed."""
    import numpy as np

    verdicts = _verdicts(base)
    chosen = compiled.options  # as resolved against the weighting's declared method
    if compiled.objectives:
        levels = _compile_levels(compiled, chosen.missing, chosen.floor)
        wp = np.array(compiled.pillar_weights, dtype=float)
        return _run_levels(
            levels, wp, compiled.methods, draws, spread, noise, vary_method, seed, verdicts
        )
    arr = _compile_arrays(compiled, chosen.missing, chosen.floor, merge=noise == 0)
    return _run(arr, compiled.methods, draws, spread, noise, vary_method, seed, verdicts)


def _draw_problems(
    draws: object, spread: object, vary_ratings: object, seed: object
) -> list[OptionProblem]:
    problems = []
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        problems.append(OptionProblem("draws", f"must be a positive integer, not {draws!r}"))
    if isinstance(spread, bool) or not (
        isinstance(spread, int | float) and math.isfinite(spread) and 0 <= spread < 1
    ):
        problems.append(OptionProblem("spread", f"must be in [0, 1), not {spread!r}"))
    if not isinstance(vary_ratings, bool) and not (
        isinstance(vary_ratings, int | float)
        and math.isfinite(vary_ratings)
        and 0 <= vary_ratings <= 1
    ):
        problems.append(OptionProblem("vary_ratings", f"must be in [0, 1], not {vary_ratings!r}"))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.append(OptionProblem("seed", f"must be a non-negative integer, not {seed!r}"))
    return problems


def checked_draws(
    draws: int,
    spread: float,
    vary_ratings: float | bool,
    seed: int,
    options: ScoringOptions | None,
    choices: Mapping[str, Any],
) -> tuple[ScoringOptions, float]:
    """The scoring options and the rating noise of a perturbation run (of a programme
    or of a collection), or one :class:`~scorecard.errors.OptionsError` naming every
    bad argument, the draws' and the scoring choices' alike, before any draw."""
    problems = _draw_problems(draws, spread, vary_ratings, seed)
    try:
        chosen = resolve_options(options, choices, "sensitivity")
    except OptionsError as exc:
        raise OptionsError([*problems, *exc.problems]) from None
    if problems:
        raise OptionsError(problems)
    return chosen, DEFAULT_RATING_NOISE if vary_ratings is True else float(vary_ratings)


@overload
def sensitivity(
    programme: Programme,
    weights: WeightsSpec = None,
    *,
    draws: int = 10_000,
    spread: float = DEFAULT_SPREAD,
    vary_ratings: float | bool = 0.0,
    vary_method: bool = False,
    seed: int = 0,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> SensitivityResult: ...


@overload
def sensitivity(
    programme: Collection,
    weights: WeightsSpec = None,
    *,
    draws: int = 10_000,
    spread: float = DEFAULT_SPREAD,
    vary_ratings: float | bool = 0.0,
    vary_method: bool = False,
    seed: int = 0,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> CollectionSensitivity: ...


def sensitivity(
    programme: Programme | Collection,
    weights: WeightsSpec = None,
    *,
    draws: int = 10_000,
    spread: float = DEFAULT_SPREAD,
    vary_ratings: float | bool = 0.0,
    vary_method: bool = False,
    seed: int = 0,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> SensitivityResult | CollectionSensitivity:
    """Perturb weights (and optionally ratings and methods) ``draws`` times around
    :func:`scorecard.score` with the same scoring choices (``options=`` or the same
    keyword arguments), and summarise the overall score and each pillar: median, 5th
    and 95th percentiles, the share of draws per grade, and each pillar's rank
    distribution. See the module docstring for the distribution.

    Bad arguments (here or among the scoring choices) raise one
    :class:`~scorecard.errors.OptionsError` naming them all, before any draw.
    A :class:`~scorecard.collection.Collection` gets each unit's rank interval
    (:func:`scorecard.collection_result.collection_sensitivity`)."""
    if not isinstance(programme, Programme):
        args = (weights, draws, spread, vary_ratings, vary_method, seed, options, choices)
        return _collection_sensitivity(programme, *args)
    expect_programme(programme, "sensitivity()")
    chosen, noise = checked_draws(draws, spread, vary_ratings, seed, options, choices)
    compiled = compile_programme(programme, weights, options=chosen)
    base = score_compiled(compiled)  # raises as score() would
    overall, pillars = _draw(
        compiled, base, chosen, draws, float(spread), noise, bool(vary_method), seed
    )
    med, p05, p95 = _quantiles(overall)
    ranks = _rank_shares(pillars)
    pillar_results = []
    for i, pr in enumerate(base.pillars):
        column = pillars[:, i]
        pm, p5, p9 = _quantiles(column)
        pillar_results.append(
            PillarSensitivity(
                id=pr.id,
                title=pr.title,
                in_framework=pr.in_framework,
                median=pm,
                p05=p5,
                p95=p9,
                grades=_grade_shares(column, compiled),
                ranks=ranks[i],
                base_score=pr.score,
                base_grade=pr.grade,
            )
        )
    return SensitivityResult(
        draws=draws,
        seed=seed,
        spread=float(spread),
        vary_ratings=noise,
        vary_method=bool(vary_method),
        overall=OverallSensitivity(
            median=med,
            p05=p05,
            p95=p95,
            grades=_grade_shares(overall, compiled),
            base_score=base.overall.score,
            base_grade=base.overall.grade,
        ),
        pillars=tuple(pillar_results),
        base=base,
    )


def _collection_sensitivity(
    collection: object,
    weights: WeightsSpec,
    draws: int,
    spread: float,
    vary_ratings: float | bool,
    vary_method: bool,
    seed: int,
    options: ScoringOptions | None,
    choices: Mapping[str, Any],
) -> CollectionSensitivity:
    from scorecard.collection import Collection
    from scorecard.collection_result import collection_sensitivity

    if not isinstance(collection, Collection):
        expect_programme(collection, "sensitivity()")  # neither kind: a WrongTypeError
        raise AssertionError("unreachable")
    if vary_method:
        raise OptionsError(
            [
                OptionProblem(
                    "vary_method",
                    "is not offered for a collection: rank intervals compare units under "
                    "one method; run it once per method instead",
                )
            ]
        )
    return collection_sensitivity(
        collection,
        weights,
        draws=draws,
        spread=spread,
        vary_ratings=vary_ratings,
        seed=seed,
        options=options,
        **choices,
    )
