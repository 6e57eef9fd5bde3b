"""The scoring engine: commitment scores, weighted roll-up to pillars and overall, grades.

:func:`score` is a pure function of a programme, a weighting and the scoring
choices (:class:`~scorecard.options.ScoringOptions`: as-of date, methods, missing
policy, floor, indicator pick). The maths is written out in ``docs/scoring.md``;
in short:

- A commitment scores the value of its latest assessment on or before ``as_of``
  (``level.value x 100``); a level marked ``missing`` scores as missing. Where
  ``indicator_weight > 0`` and indicator progress is available, the score is
  ``(1 - iw) x status + iw x indicators`` (see :func:`indicator_progress`).
- Pillars aggregate their commitments, the overall score aggregates the pillars,
  each level with its own method from :data:`AGGREGATORS` (``arithmetic``,
  ``geometric``, ``harmonic``). Geometric and harmonic means take
  ``max(x, floor)`` (``floor`` defaults to 1 point of 100); with ``floor=0`` a zero
  meeting them is a :class:`~scorecard.errors.ScoringError`, never a NaN.
- Missing data: ``renormalize`` (assessed children's weights are rescaled;
  coverage reports the share of weight assessed), ``zero`` or ``error``.

The programme is first *compiled* (:func:`compile_programme`) into flat per-
commitment records; :func:`score` aggregates them in plain Python and
:mod:`scorecard.robustness` turns the same records into numpy arrays.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import hashlib
import json
import math
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Unpack, overload

import attrs
import cattrs

from scorecard._perf import no_cyclic_gc
from scorecard._version import __version__
from scorecard.dates import PartialDate
from scorecard.display import grade_of
from scorecard.errors import Problem, ScoringError
from scorecard.model import (
    PROGRAMME_SCOPE,
    Assessment,
    Citation,
    Commitment,
    Direction,
    EvidenceKind,
    Indicator,
    Observation,
    Programme,
    Scale,
    Verdict,
)
from scorecard.options import (
    DEFAULT_FLOOR,
    LEVELS,
    Aggregation,
    IndicatorPick,
    Methods,
    MissingPolicy,
    ScoringChoices,
    ScoringOptions,
    expect_programme,
    resolve_options,
)
from scorecard.result import (
    CommitmentResult,
    Divergence,
    ObjectiveResult,
    OverallResult,
    PartyResult,
    PillarResult,
    Provenance,
    Result,
    VerdictResult,
)
from scorecard.weights import Weights, WeightsSpec, indicator_key

if TYPE_CHECKING:
    from scorecard.collection import Collection
    from scorecard.collection_result import CollectionResult

__all__ = [
    "AGGREGATORS",
    "DEFAULT_FLOOR",
    "LEVELS",
    "MISSING_POLICIES",
    "Aggregator",
    "CompiledCommitment",
    "CompiledObjective",
    "CompiledProgramme",
    "VerdictComparison",
    "a_amean",
    "a_gmean",
    "a_hmean",
    "compile_programme",
    "divergence",
    "indicator_progress",
    "latest_verdict",
    "months_before",
    "parse_methods",
    "programme_digest",
    "reference_day",
    "score",
    "score_compiled",
    "verdict_comparisons",
    "verdict_result",
]

MISSING_POLICIES: Final = tuple(m.value for m in MissingPolicy)
PICKS: Final = tuple(p.value for p in IndicatorPick)

Aggregator = Callable[[Sequence[float], Sequence[float]], float]
"""``f(values, weights) -> mean``: values in [0, 100] (already floored where the
method needs it), weights > 0 (not necessarily summing to 1)."""


# -- aggregators --------------------------------------------------------------


def _bounded(value: float, values: Sequence[float]) -> float:
    # A mean lies between the smallest and the largest value; clamp float noise.
    return min(max(value, min(values)), max(values))


def a_amean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted arithmetic mean ``sum(w x) / sum(w)``."""
    total = math.fsum(weights)
    return _bounded(math.fsum(w * x for w, x in zip(weights, values, strict=True)) / total, values)


def a_gmean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted geometric mean ``exp(sum(w ln x) / sum(w))``; values must be > 0."""
    total = math.fsum(weights)
    logs = math.fsum(w * math.log(x) for w, x in zip(weights, values, strict=True))
    return _bounded(math.exp(logs / total), values)


def a_hmean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted harmonic mean ``sum(w) / sum(w / x)``; values must be > 0."""
    total = math.fsum(weights)
    return _bounded(total / math.fsum(w / x for w, x in zip(weights, values, strict=True)), values)


AGGREGATORS: Final[dict[str, Aggregator]] = {
    Aggregation.ARITHMETIC: a_amean,
    Aggregation.GEOMETRIC: a_gmean,
    Aggregation.HARMONIC: a_hmean,
}
"""Aggregation methods by name. Geometric and harmonic need positive values: the
engine applies ``max(x, floor)`` first."""


def parse_methods(method: str | Mapping[str, str]) -> dict[str, Aggregation]:
    """``"geometric"`` or ``{"overall": "geometric"}`` -> a method for every level
    (unnamed levels are arithmetic); see :meth:`Methods.parse
    <scorecard.options.Methods.parse>`. Unknown names are an
    :class:`~scorecard.errors.OptionsError`."""
    return Methods.parse(method).as_dict()


# -- indicators ---------------------------------------------------------------


def _latest_on_or_before(items: Sequence[Any], as_of: PartialDate | None) -> list[Any]:
    """Items (with ``.as_of``) on or before ``as_of``, oldest first (data order breaks ties)."""
    kept = [
        (item.as_of.sort_key(), i, item)
        for i, item in enumerate(items)
        if as_of is None or item.as_of.on_or_before(as_of)
    ]
    kept.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in kept]


def _by_period(observations: Sequence[Observation], as_of: PartialDate | None) -> list[Observation]:
    """The observations known on or before ``as_of``, in the order of the period they
    measure (then of when they became known, then data order): baseline first,
    latest last."""
    kept = [
        (o.measured.sort_key(), o.as_of.sort_key(), i, o)
        for i, o in enumerate(observations)
        if as_of is None or o.as_of.on_or_before(as_of)
    ]
    kept.sort(key=lambda t: (t[0], t[1], t[2]))
    return [o for _, _, _, o in kept]


def indicator_progress(
    indicator: Indicator, as_of: PartialDate | None = None, pick: str = IndicatorPick.MID
) -> tuple[float, tuple[Observation, ...]] | None:
    """Normalised progress in [0, 1] of an indicator as of a date, with the
    observations it rests on; ``None`` when it cannot be normalised.

    Only observations known on or before ``as_of`` count; among them the order is
    that of the period they measure (:attr:`Observation.measured
    <scorecard.model.Observation.measured>`), then of ``as_of``, then data order:
    the latest figure is the last, the baseline the first.

    - With goalposts: ``t = (x - low) / (high - low)`` (on ``log10`` of all three if
      ``log``), ``1 - t`` when lower is better, clipped to [0, 1]. ``x`` is the latest
      observation (a range's midpoint, or low/high as ``pick`` says); with ``log`` a
      value <= 0 counts as below ``low``.
    - Else with a target: distance to target from the baseline (the earliest
      observation known on or before ``as_of``): ``(x - base) / (target - base)``, clipped;
      when the baseline already meets the target, 1 if ``x`` meets it, else 0.
    - Else, or without observations: ``None``.
    """
    observations = _by_period(indicator.observations, as_of)
    if not observations:
        return None
    last = observations[-1]
    x = last.point(pick)
    higher = indicator.direction is Direction.HIGHER
    gp = indicator.goalposts
    if gp is not None:
        if gp.log:
            lo, hi = math.log10(gp.low), math.log10(gp.high)
            t = (math.log10(x) - lo) / (hi - lo) if x > 0 else -math.inf
        else:
            t = (x - gp.low) / (gp.high - gp.low)
        if not higher:
            t = 1.0 - t
        return min(max(t, 0.0), 1.0), (last,)
    if indicator.target is not None:
        first = observations[0]
        base = first.point(pick)
        target = indicator.target
        gap = (target - base) if higher else (base - target)
        if gap <= 0:
            met = x >= target if higher else x <= target
            t = 1.0 if met else 0.0
        else:
            t = ((x - base) if higher else (base - x)) / gap
        used = (last,) if first is last else (first, last)
        return min(max(t, 0.0), 1.0), used
    return None


# -- compilation --------------------------------------------------------------


@attrs.frozen(slots=True)
class CompiledCommitment:
    """One commitment as of a date: its score parts and what they rest on."""

    commitment: Commitment
    pillar: int  # index of its pillar
    weight: float  # normalised within its objective (or its pillar, if it has none)
    assessment: Assessment | None
    level: int | None  # index among the scale's scored levels; None when missing
    status_score: float | None
    indicator_score: float | None
    blend: float  # share of the score from indicators (0 when none available)
    score: float | None
    sources: frozenset[str]
    outcome_share: float | None
    history: tuple[tuple[PartialDate, str], ...]
    objective: str | None = None  # its objective, where its pillar has objectives
    objective_weight: float = 1.0  # its objective's weight within the pillar (1 if none)
    age_days: int | None = None
    carried_forward: bool = False

    @property
    def within_pillar(self) -> float:
        """Its share of its pillar's score: objective weight x its own weight."""
        return self.objective_weight * self.weight

    def score_at_level(self, level_value: float) -> float:
        """The commitment score had its status been a level with ``level_value`` (0-1)."""
        status = 100.0 * level_value
        if self.indicator_score is None:
            return status
        return (1.0 - self.blend) * status + self.blend * self.indicator_score


@attrs.frozen(slots=True)
class CompiledObjective:
    """One objective of a pillar: its index in the pillar and its weight there."""

    id: str
    title: str
    pillar: int
    weight: float  # normalised within its pillar


@attrs.frozen(slots=True)
class CompiledProgramme:
    """A programme under one weighting and one set of options, flattened for aggregation."""

    programme: Programme
    weights_id: str
    pillar_weights: tuple[float, ...]  # normalised, in pillar order
    commitments: tuple[CompiledCommitment, ...]  # in data order
    scored_levels: tuple[float, ...]  # values (0-1) of the scale's scored levels, lowest first
    options: ScoringOptions
    objectives: tuple[CompiledObjective, ...] = ()  # in pillar, then data order
    verdict_weight: float = 0.0  # the blend of verdicts into scores in use
    reference_day: _dt.date | None = None  # the day ages are measured to
    # each indicator's share within its commitment, by indicator_key (empty: equal)
    indicator_weights: Mapping[str, float] = attrs.field(factory=dict)

    @property
    def methods(self) -> Methods:
        return self.options.method

    @property
    def as_of(self) -> PartialDate | None:
        return self.options.as_of


def _scored_levels(scale: Scale) -> list[str]:
    return [lv.id for lv in scale.levels if not lv.missing]


def _citation_outcome_share(citations: Sequence[Citation]) -> float:
    return sum(1 for c in citations if c.kind is EvidenceKind.OUTCOME) / len(citations)


def _after(date: PartialDate, reading: PartialDate, as_of: PartialDate | None) -> bool:
    """Whether ``date`` is later than ``reading`` and on or before ``as_of``."""
    return date.last > reading.last and (as_of is None or date.on_or_before(as_of))


@attrs.frozen(slots=True)
class _Context:
    """What compiling one commitment needs besides the commitment itself."""

    scale: Scale
    as_of: PartialDate | None
    pick: IndicatorPick
    method: Aggregation
    # each indicator's share within its commitment (empty: they weigh the same)
    indicator_weights: Mapping[str, float]
    reference_day: _dt.date | None
    stale_before: _dt.date | None  # a reading whose last day is before this is stale
    # per pillar: the last day of its latest review on or before as_of (a scored
    # reading of one of its commitments or a verdict on it), for the carried-forward flag
    reviews: tuple[_dt.date | None, ...]


def _reading(
    commitment: Commitment, scale: Scale, as_of: PartialDate | None
) -> tuple[list[Assessment], Assessment | None]:
    """The assessments on or before ``as_of`` (oldest first) and the one that counts:
    the latest SCORED one, else (only missing levels) the latest, else ``None``."""
    assessments = _latest_on_or_before(commitment.assessments, as_of)
    scored = [a for a in assessments if not scale.level(a.status).missing]
    if scored:
        return assessments, scored[-1]
    return assessments, (assessments[-1] if assessments else None)


def _carried_forward(
    commitment: Commitment,
    reading: Assessment,
    latest_review: _dt.date | None,
    as_of: PartialDate | None,
) -> bool:
    """Whether a later source reviewing the pillar (a scored reading of another of its
    commitments, a verdict on it, or a later "no evidence" reading of this commitment)
    left this reading unrenewed."""
    if latest_review is not None and latest_review > reading.as_of.last:
        return True  # the commitment's own scored readings are never later than this one
    # only a later missing-level reading can be later than the one used
    return any(_after(a.as_of, reading.as_of, as_of) for a in commitment.assessments)


def _indicator_part(
    commitment: Commitment, ctx: _Context, sources: set[str]
) -> tuple[float | None, float, float | None]:
    """(indicator score, blend, outcome share of the indicators) of a commitment: the
    indicators with progress as of the date, aggregated under the commitments
    level's method with their weights (renormalised over those with progress; one
    weighing 0 is left out)."""
    progress: list[float] = []
    weights: list[float] = []
    outcomes: list[bool] = []
    for indicator in commitment.indicators:
        weight = ctx.indicator_weights.get(indicator_key(commitment.id, indicator.id), 1.0)
        got = indicator_progress(indicator, ctx.as_of, ctx.pick)
        if got is None or weight <= 0:
            continue
        value, used = got
        progress.append(100.0 * value)
        weights.append(weight)
        outcomes.append(indicator.kind is EvidenceKind.OUTCOME)
        for obs in used:
            sources.update(c.source for c in obs.evidence)
    if not progress:
        return None, 0.0, None
    if len(set(weights)) == 1:  # equal weights: exactly the unweighted mean
        weights = [1.0] * len(weights)
    score = _aggregate_values(progress, weights, ctx.method)  # the default floor, as before
    kinds = math.fsum(w for w, o in zip(weights, outcomes, strict=True) if o) / math.fsum(weights)
    return score, commitment.indicator_weight, kinds


def _compile_commitment(
    commitment: Commitment,
    pillar: int,
    weight: float,
    ctx: _Context,
    objective_weight: float = 1.0,
) -> CompiledCommitment:
    scored = _scored_levels(ctx.scale)
    assessments, assessment = _reading(commitment, ctx.scale, ctx.as_of)
    history = tuple((a.as_of, a.status) for a in assessments)
    level_index: int | None = None
    status_score: float | None = None
    sources: set[str] = set()
    outcome: float | None = None
    age: int | None = None
    carried = False
    if assessment is not None:
        level = ctx.scale.level(assessment.status)
        if ctx.reference_day is not None:
            age = (ctx.reference_day - assessment.as_of.last).days
        stale = ctx.stale_before is not None and assessment.as_of.last < ctx.stale_before
        if not level.missing and not stale:
            assert level.value is not None
            level_index = scored.index(level.id)
            status_score = 100.0 * level.value
            sources.update(c.source for c in assessment.evidence)
            outcome = _citation_outcome_share(assessment.evidence)
            carried = _carried_forward(commitment, assessment, ctx.reviews[pillar], ctx.as_of)
    indicator_score: float | None = None
    blend = 0.0
    total: float | None = status_score
    if commitment.indicator_weight > 0:
        indicator_score, blend, kinds = _indicator_part(commitment, ctx, sources)
        if indicator_score is not None and kinds is not None:
            if status_score is None:  # indicator-driven: no usable status, indicators alone
                blend, outcome, total = 1.0, kinds, indicator_score
            else:
                assert outcome is not None
                outcome = (1 - blend) * outcome + blend * kinds
                total = (1.0 - blend) * status_score + blend * indicator_score
    return CompiledCommitment(
        commitment=commitment,
        pillar=pillar,
        weight=weight,
        assessment=assessment,
        level=level_index,
        status_score=status_score,
        indicator_score=indicator_score,
        blend=blend,
        score=total,
        sources=frozenset(sources),
        outcome_share=outcome,
        history=history,
        objective=commitment.objective,
        objective_weight=objective_weight,
        age_days=age,
        carried_forward=carried,
    )


def _aggregate_values(
    values: Sequence[float],
    weights: Sequence[float],
    method: Aggregation,
    floor: float = DEFAULT_FLOOR,
) -> float:
    if method is not Aggregation.ARITHMETIC:
        values = [max(v, floor) for v in values]
    return AGGREGATORS[method](values, weights)


def _data_days(programme: Programme) -> Iterable[_dt.date]:
    """The last day of every dated reading: assessments, observations, verdicts."""
    for _, c in programme.commitments():
        yield from (a.as_of.last for a in c.assessments)
        for indicator in c.indicators:
            yield from (o.as_of.last for o in indicator.observations)
    yield from (v.as_of.last for v in programme.verdicts)


def reference_day(programme: Programme, as_of: PartialDate | None) -> _dt.date | None:
    """The day readings' ages are measured to: the last day of ``as_of``, or of the
    latest date in the data when ``as_of`` is ``None`` (``None`` without data)."""
    if as_of is not None:
        return as_of.last
    return max(_data_days(programme), default=None)


def months_before(day: _dt.date, months: int) -> _dt.date:
    """``day`` moved back ``months`` calendar months (the day clamped to the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _reviews(programme: Programme, as_of: PartialDate | None) -> tuple[_dt.date | None, ...]:
    """Per pillar, the last day of the latest date on or before ``as_of`` at which a
    source reviewed it (a scored assessment of one of its commitments, a verdict
    with or without a party on it), ``None`` if none."""
    scale = programme.scale
    out = []
    for pillar in programme.pillars:
        dates = [
            a.as_of
            for c in pillar.commitments
            for a in c.assessments
            if not scale.level(a.status).missing
        ]
        dates += [v.as_of for v in programme.verdicts if v.scope == pillar.id]
        known = [d.last for d in dates if as_of is None or d.on_or_before(as_of)]
        out.append(max(known, default=None))
    return tuple(out)


def _verdict_weight(options: ScoringOptions, resolved: Weights) -> float:
    return resolved.verdict_weight if options.verdict_weight is None else options.verdict_weight


def compile_programme(
    programme: Programme,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> CompiledProgramme:
    """Resolve the weights and compute every commitment's score parts once, under
    ``options`` (or the keyword choices of :func:`score`). Shared by :func:`score`
    and :func:`scorecard.sensitivity`."""
    resolved = Weights.resolve(programme, weights)
    # explicit choices > the weighting's declared method > built-in defaults
    options = resolve_options(options, choices, "compile_programme").resolve(resolved)
    normalised = resolved.normalise(programme)
    day = reference_day(programme, options.as_of)
    ctx = _Context(
        scale=programme.scale,
        as_of=options.as_of,
        pick=options.indicator_pick,
        method=options.method.commitments,
        indicator_weights=normalised.indicators,
        reference_day=day,
        stale_before=(
            None
            if options.stale_after is None or day is None
            else months_before(day, options.stale_after)
        ),
        reviews=_reviews(programme, options.as_of),
    )
    compiled: list[CompiledCommitment] = []
    objectives: list[CompiledObjective] = []
    for index, pillar in enumerate(programme.pillars):
        has_objectives = bool(pillar.objectives)
        for o in pillar.objectives:
            objectives.append(CompiledObjective(o.id, o.title, index, normalised.objectives[o.id]))
        for commitment in pillar.commitments:
            ow = 1.0
            if has_objectives and commitment.objective is not None:
                ow = normalised.objectives.get(commitment.objective, 1.0)
            compiled.append(
                _compile_commitment(
                    commitment, index, normalised.commitments[commitment.id], ctx, ow
                )
            )
    levels = [programme.scale.level(i).value for i in _scored_levels(programme.scale)]
    return CompiledProgramme(
        programme=programme,
        weights_id=resolved.id,
        pillar_weights=tuple(normalised.pillars[p.id] for p in programme.pillars),
        commitments=tuple(compiled),
        scored_levels=tuple(float(v) for v in levels if v is not None),
        options=options,
        objectives=tuple(objectives),
        verdict_weight=_verdict_weight(options, resolved),
        reference_day=day,
        indicator_weights=normalised.indicators,
    )


# -- aggregation with missing data --------------------------------------------


def _roll_up(
    values: Sequence[float | None],
    weights: Sequence[float],
    method: Aggregation,
    missing: MissingPolicy,
    floor: float,
    where: Sequence[str],
    problems: list[Problem],
) -> tuple[float | None, float]:
    """Aggregate one group; returns (score or None, coverage). Weights sum to 1 (or 0)."""
    coverage = math.fsum(w for v, w in zip(values, weights, strict=True) if v is not None)
    pairs: list[tuple[float, float]] = []
    for v, w, name in zip(values, weights, where, strict=True):
        if w <= 0:
            continue
        if v is None:
            if missing is MissingPolicy.ERROR:
                problems.append(Problem("", name, "no assessment (missing='error')"))
                continue
            if missing is MissingPolicy.RENORMALIZE:
                continue
            v = 0.0
        if method is not Aggregation.ARITHMETIC and floor <= 0 and v <= 0:
            problems.append(
                Problem("", name, f"scores 0 under a {method} mean with floor=0: set a floor > 0")
            )
            continue
        pairs.append((v, w))
    if not pairs:
        return None, min(coverage, 1.0)
    return _aggregate_values([v for v, _ in pairs], [w for _, w in pairs], method, floor), min(
        coverage, 1.0
    )


def _grade(programme: Programme, value: float | None) -> str | None:
    return None if value is None else grade_of(programme.grades, value)


# -- the digest ---------------------------------------------------------------

_DIGESTS: dict[int, tuple[weakref.ref[Programme], str]] = {}


# A source's text enters through its sha256; a programme's translations are not its
# data (a localised programme's texts are); a citation's translation only when set
# (it is one of _convert.OPTIONAL), so that a programme without translations digests
# as it always has.
_NOT_DIGESTED = frozenset({"text", "translations"})


def _plain(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if attrs.has(type(value)):
        from scorecard._convert import OPTIONAL

        optional = OPTIONAL.get(type(value), ())
        return {
            f.name: _plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.name not in _NOT_DIGESTED
            and not (f.name in optional and getattr(value, f.name) == _default(f))
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    return default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]


@functools.cache
def _digest_converter() -> cattrs.Converter:
    """Unstructures a programme exactly as :func:`_plain` does, through generated
    code (about ten times faster on large programmes)."""
    from cattrs.gen import make_dict_unstructure_fn, override

    from scorecard._convert import optional_fields
    from scorecard.model import Citation, Source, Weighting

    conv = cattrs.Converter()
    conv.register_unstructure_hook(PartialDate, lambda d: d.isoformat())
    # spans: JSON writes a tuple of ints as a list, no per-item conversion needed
    conv.register_unstructure_hook_func(lambda t: t == tuple[int, int], lambda v: v)
    # fields added later (tables and cells, the method declared in a weighting) count
    # only where used: a dataset that does not use them keeps the digest it had before
    conv.register_unstructure_hook(
        Source,
        make_dict_unstructure_fn(Source, conv, text=override(omit=True), **optional_fields(Source)),
    )
    for cls in (Citation, Weighting):
        conv.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, conv, **optional_fields(cls))
        )
    # after the hooks above: generating this one generates those of the classes below
    conv.register_unstructure_hook(
        Programme, make_dict_unstructure_fn(Programme, conv, translations=override(omit=True))
    )
    return conv


def programme_digest(programme: Programme) -> str:
    """sha256 of the programme's canonical JSON (sorted keys; source texts enter through
    their ``sha256``). Cached per programme object."""
    key = id(programme)
    cached = _DIGESTS.get(key)
    if cached is not None and cached[0]() is programme:
        return cached[1]
    # Millions of short-lived, acyclic containers: the cyclic garbage collector would
    # only rescan the whole heap again and again (about 40% of the time at scale).
    with no_cyclic_gc():
        plain = _digest_converter().unstructure(programme)
        text = json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _DIGESTS[key] = (weakref.ref(programme, lambda _: _DIGESTS.pop(key, None)), digest)
    return digest


# -- score --------------------------------------------------------------------


@overload
def score(
    programme: Programme,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> Result: ...


@overload
def score(
    programme: Collection,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> CollectionResult: ...


def score(
    programme: Programme | Collection,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> Result | CollectionResult:
    """Score a programme: every commitment, every pillar, overall and by party.

    Given a :class:`~scorecard.collection.Collection` (see
    :func:`scorecard.load_collection`), score every unit with the same weights and
    choices and rank them: a
    :class:`~scorecard.collection_result.CollectionResult`.

    ``weights``: ``None`` (the programme's default weighting, else equal), a
    weighting id, ``"equal"``, a :class:`~scorecard.weights.Weights`, or a mapping
    (see :meth:`Weights.resolve <scorecard.weights.Weights.resolve>`).

    The scoring choices come either as one
    :class:`~scorecard.options.ScoringOptions` (``options=``) or as keyword
    arguments with the same names (passing both is a :class:`TypeError`):

    - ``as_of``: a :class:`~scorecard.dates.PartialDate`, a :class:`datetime.date`
      or ``"YYYY[-MM[-DD]]"``; only assessments and observations on or before it count.
    - ``method``: a name from :data:`AGGREGATORS` for every level, or a mapping
      ``{"commitments"?, "pillars"?, "overall"?}``. A level, ``missing`` or ``floor``
      not chosen takes the weighting's declared method (``aggregation``, ``floor``,
      ``missing`` of the weighting), else the default: explicit > declared > default.
    - ``missing``: ``"renormalize"`` (default), ``"zero"`` or ``"error"``.
    - ``floor``: geometric and harmonic means use ``max(x, floor)`` (default 1); 0
      makes a zero an error.
    - ``indicator_pick``: ``"mid"`` (default), ``"low"`` or ``"high"`` of ranges.

    Raises :class:`~scorecard.errors.OptionsError` for a bad choice (before any
    scoring), :class:`~scorecard.errors.WeightsError` for bad weights and
    :class:`~scorecard.errors.ScoringError` when the data cannot be scored as asked
    (missing data under ``missing="error"``, a zero under a geometric or harmonic
    mean with ``floor=0``).
    """
    if not isinstance(programme, Programme):
        from scorecard.collection import Collection

        if isinstance(programme, Collection):
            from scorecard.collection_result import score_collection

            return score_collection(programme, weights, options=options, **choices)
    expect_programme(programme, "score()")
    chosen = resolve_options(options, choices, "score")
    with no_cyclic_gc():
        return score_compiled(compile_programme(programme, weights, options=chosen))


def score_compiled(compiled: CompiledProgramme) -> Result:
    """Aggregate a compiled programme into a :class:`~scorecard.result.Result`, under
    the options it was compiled with. Raises :class:`~scorecard.errors.ScoringError`
    naming every commitment or pillar that cannot be aggregated as asked."""
    programme = compiled.programme
    problems: list[Problem] = []
    pillars = _pillar_results(compiled, problems)
    overall = _overall_result(compiled, pillars, problems)
    parties = _party_results(compiled, problems)
    if problems:
        raise ScoringError(_unique(problems))
    return Result(
        programme_id=programme.id,
        programme_title=programme.title,
        overall=overall,
        pillars=pillars,
        parties=parties,
        provenance=_provenance(compiled),
        programme=programme,
    )


def _outcome_share(weighted: Iterable[tuple[float, float | None]]) -> float | None:
    """The weighted mean of outcome shares over ``(weight, share)`` pairs, skipping
    those without a share (not assessed); ``None`` when no weight is assessed."""
    assessed = [(w, share) for w, share in weighted if share is not None]
    total = math.fsum(w for w, _ in assessed)
    if total <= 0:
        return None
    return math.fsum(w * share for w, share in assessed) / total


def _effective(compiled: CompiledProgramme, cc: CompiledCommitment) -> float:
    """A commitment's share of the overall score: the product of the weights on its
    path (pillar, objective where there is one, commitment)."""
    return compiled.pillar_weights[cc.pillar] * cc.objective_weight * cc.weight


def _never_stops(missing: MissingPolicy) -> MissingPolicy:
    """The policy above the pillars: a missing pillar (or party) is left out unless
    missing counts as zero; under ``error`` its commitments were reported already."""
    return MissingPolicy.ZERO if missing is MissingPolicy.ZERO else MissingPolicy.RENORMALIZE


def _commitment_result(
    programme: Programme, pillar_id: str, pillar_weight: float, cc: CompiledCommitment
) -> CommitmentResult:
    assessment = cc.assessment
    return CommitmentResult(
        id=cc.commitment.id,
        title=cc.commitment.title,
        pillar=pillar_id,
        parties=cc.commitment.parties,
        score=cc.score,
        grade=_grade(programme, cc.score),
        status=None if assessment is None else assessment.status,
        status_label=None if assessment is None else programme.scale.level(assessment.status).label,
        as_of=None if assessment is None else assessment.as_of,
        rationale=None if assessment is None else assessment.rationale,
        evidence=() if assessment is None else assessment.evidence,
        weight=cc.weight,
        effective_weight=pillar_weight * cc.objective_weight * cc.weight,
        sources=len(cc.sources),
        outcome_share=cc.outcome_share,
        status_score=cc.status_score,
        indicator_score=cc.indicator_score,
        history=cc.history,
        objective=cc.objective,
        age_days=cc.age_days,
        carried_forward=cc.carried_forward,
    )


# -- verdicts -----------------------------------------------------------------


def latest_verdict(
    programme: Programme, scope: str, as_of: PartialDate | None, party: str | None = None
) -> Verdict | None:
    """The latest verdict on ``scope`` (a pillar id or ``"programme"``) judging
    ``party`` (``None``: verdicts without a party) on or before ``as_of``; ties go to
    the last in data order."""
    mine = [v for v in programme.verdicts if v.scope == scope and v.party == party]
    kept = _latest_on_or_before(mine, as_of)
    return kept[-1] if kept else None


def verdict_result(programme: Programme, verdict: Verdict) -> VerdictResult:
    """A verdict as a result records it: its level's value and grade, its first quote."""
    level = programme.scale.level(verdict.level)
    value = 100.0 * (level.value or 0.0)
    first = verdict.evidence[0]
    return VerdictResult(
        scope=verdict.scope,
        level=level.id,
        level_label=level.label,
        value=value,
        grade=grade_of(programme.grades, value),
        source=first.source,
        as_of=verdict.as_of,
        # a verdict read from a table cell has no quote: it is named by its cell
        quote=first.quote if first.quote is not None else f"row {first.row}, column {first.column}",
        rationale=verdict.rationale,
        note=verdict.divergence_note,
    )


def divergence(
    programme: Programme, rollup: float | None, verdict: VerdictResult | None
) -> Divergence | None:
    """How many grade bands apart the roll-up and the verdict are; ``None`` without
    a verdict or a roll-up. More than one band apart is a divergence."""
    if rollup is None or verdict is None:
        return None
    order = programme.grades.grades
    apart = abs(order.index(grade_of(programme.grades, rollup)) - order.index(verdict.grade))
    return Divergence(
        bands_apart=apart,
        divergent=apart > 1,
        explained=verdict.note is not None,
        note=verdict.note,
    )


def _blend(rollup: float | None, verdict: VerdictResult | None, w: float) -> float | None:
    """``(1 - w) x roll-up + w x verdict`` (the verdict alone without a roll-up)."""
    if verdict is None or w <= 0:
        return rollup
    if rollup is None:
        return verdict.value
    return (1.0 - w) * rollup + w * verdict.value


# -- pillars, overall, parties --------------------------------------------------


def _pillar_results(
    compiled: CompiledProgramme, problems: list[Problem]
) -> tuple[PillarResult, ...]:
    """Each pillar rolled up from its commitments, in data order."""
    by_pillar: list[list[CompiledCommitment]] = [[] for _ in compiled.programme.pillars]
    for cc in compiled.commitments:
        by_pillar[cc.pillar].append(cc)
    return tuple(
        _pillar_result(compiled, index, members, problems)
        for index, members in enumerate(by_pillar)
    )


def _split_coverage(weighted: Iterable[tuple[float, CompiledCommitment]]) -> tuple[float, float]:
    """(current, carried): the weight of scored readings, renewed or carried forward."""
    current: list[float] = []
    carried: list[float] = []
    for w, cc in weighted:
        if cc.score is not None:
            (carried if cc.carried_forward else current).append(w)
    return min(math.fsum(current), 1.0), min(math.fsum(carried), 1.0)


def _objective_results(
    compiled: CompiledProgramme,
    index: int,
    members: Sequence[CompiledCommitment],
    problems: list[Problem],
) -> tuple[ObjectiveResult, ...]:
    """The objectives of one pillar, each rolled up from its commitments."""
    programme, options = compiled.programme, compiled.options
    pw = compiled.pillar_weights[index]
    out = []
    for o in (o for o in compiled.objectives if o.pillar == index):
        mine = [cc for cc in members if cc.objective == o.id]
        value, coverage = _roll_up(
            [cc.score for cc in mine],
            [cc.weight for cc in mine],
            options.method.objectives,
            options.missing,
            options.floor,
            [cc.commitment.id for cc in mine],
            problems,
        )
        out.append(
            ObjectiveResult(
                id=o.id,
                title=o.title,
                score=value,
                grade=_grade(programme, value),
                coverage=coverage,
                weight=o.weight,
                effective_weight=pw * o.weight,
                commitments=tuple(cc.commitment.id for cc in mine),
            )
        )
    return tuple(out)


def _pillar_rollup(
    compiled: CompiledProgramme,
    index: int,
    members: Sequence[CompiledCommitment],
    objectives: Sequence[ObjectiveResult],
    problems: list[Problem],
) -> tuple[float | None, float]:
    """A pillar's roll-up and coverage: from its objectives where it has some, else
    straight from its commitments (exactly as without the objectives level)."""
    options = compiled.options
    if not objectives:
        return _roll_up(
            [cc.score for cc in members],
            [cc.weight for cc in members],
            options.method.pillars,
            options.missing,
            options.floor,
            [cc.commitment.id for cc in members],
            problems,
        )
    value, _ = _roll_up(
        [o.score for o in objectives],
        [o.weight for o in objectives],
        options.method.pillars,
        _never_stops(options.missing),
        options.floor,
        [f"objective {o.id}" for o in objectives],
        problems,
    )
    return value, min(1.0, math.fsum(o.weight * o.coverage for o in objectives))


def _pillar_result(
    compiled: CompiledProgramme,
    index: int,
    members: Sequence[CompiledCommitment],
    problems: list[Problem],
) -> PillarResult:
    programme = compiled.programme
    pillar = programme.pillars[index]
    pw = compiled.pillar_weights[index]
    objectives = _objective_results(compiled, index, members, problems)
    rollup, coverage = _pillar_rollup(compiled, index, members, objectives, problems)
    found = latest_verdict(programme, pillar.id, compiled.as_of)
    verdict = None if found is None else verdict_result(programme, found)
    value = _blend(rollup, verdict, compiled.verdict_weight)
    current, carried = _split_coverage((cc.within_pillar, cc) for cc in members)
    outcome = _outcome_share((cc.within_pillar, cc.outcome_share) for cc in members)
    return PillarResult(
        id=pillar.id,
        title=pillar.title,
        in_framework=pillar.in_framework,
        score=value,
        grade=_grade(programme, value),
        coverage=coverage,
        weight=pw,
        effective_weight=pw,
        sources=len(frozenset[str]().union(*(cc.sources for cc in members))),
        outcome_share=outcome,
        outputs_only=outcome is not None and outcome == 0.0,
        commitments=tuple(_commitment_result(programme, pillar.id, pw, cc) for cc in members),
        objectives=objectives,
        rollup=rollup,
        verdict=verdict,
        divergence=divergence(programme, rollup, verdict),
        coverage_current=current,
        coverage_carried=carried,
    )


def _overall_result(
    compiled: CompiledProgramme, pillars: Sequence[PillarResult], problems: list[Problem]
) -> OverallResult:
    """The pillars rolled up into the overall score."""
    options, programme = compiled.options, compiled.programme
    rollup, _ = _roll_up(
        [p.score for p in pillars],
        list(compiled.pillar_weights),
        options.method.overall,
        _never_stops(options.missing),
        options.floor,
        [f"pillar {p.id}" for p in programme.pillars],
        problems,
    )
    found = latest_verdict(programme, PROGRAMME_SCOPE, compiled.as_of)
    verdict = None if found is None else verdict_result(programme, found)
    value = _blend(rollup, verdict, compiled.verdict_weight)
    current, carried = _split_coverage(
        (_effective(compiled, cc), cc) for cc in compiled.commitments
    )
    return OverallResult(
        score=value,
        grade=_grade(programme, value),
        coverage=min(1.0, math.fsum(p.weight * p.coverage for p in pillars)),
        sources=len(frozenset[str]().union(*(cc.sources for cc in compiled.commitments))),
        outcome_share=_outcome_share(
            (_effective(compiled, cc), cc.outcome_share) for cc in compiled.commitments
        ),
        rollup=rollup,
        verdict=verdict,
        divergence=divergence(programme, rollup, verdict),
        coverage_current=current,
        coverage_carried=carried,
    )


def _party_results(compiled: CompiledProgramme, problems: list[Problem]) -> tuple[PartyResult, ...]:
    """Each declared party's commitments rolled up across pillars (with the
    pillar-level method), a commitment of several parties counting its effective
    weight divided by their number; parties without commitments are left out."""
    options = compiled.options
    parties: list[PartyResult] = []
    for party in compiled.programme.parties:
        mine = [
            (cc, _effective(compiled, cc) / len(cc.commitment.parties))
            for cc in compiled.commitments
            if party.id in cc.commitment.parties
        ]
        if not mine:
            continue
        total = math.fsum(e for _, e in mine)
        value: float | None
        if total > 0:
            value, coverage = _roll_up(
                [cc.score for cc, _ in mine],
                [e / total for _, e in mine],
                options.method.pillars,
                _never_stops(options.missing),
                options.floor,
                [cc.commitment.id for cc, _ in mine],
                problems,
            )
        else:
            value, coverage = None, 0.0
        parties.append(
            PartyResult(
                party=party.id,
                label=party.label,
                score=value,
                grade=_grade(compiled.programme, value),
                coverage=coverage,
                commitments=len(mine),
                verdict=_party_verdict(compiled, party.id),
            )
        )
    return tuple(parties)


def _party_verdict(compiled: CompiledProgramme, party: str) -> VerdictResult | None:
    found = latest_verdict(compiled.programme, PROGRAMME_SCOPE, compiled.as_of, party)
    return None if found is None else verdict_result(compiled.programme, found)


def _provenance(compiled: CompiledProgramme) -> Provenance:
    """How the result was made: weights, options, dataset digest, library version."""
    programme, options = compiled.programme, compiled.options
    return Provenance(
        programme=programme.id,
        weighting=compiled.weights_id,
        pillar_weights={
            p.id: w for p, w in zip(programme.pillars, compiled.pillar_weights, strict=True)
        },
        commitment_weights={cc.commitment.id: cc.weight for cc in compiled.commitments},
        methods=options.method.as_dict(),
        missing=options.missing,
        as_of=options.as_of,
        dataset_digest=programme_digest(programme),
        library_version=__version__,
        indicator_pick=options.indicator_pick,
        floor=options.floor,
        objective_weights={o.id: o.weight for o in compiled.objectives},
        indicator_weights=dict(compiled.indicator_weights),
        stale_after=options.stale_after,
        verdict_weight=compiled.verdict_weight,
        verdict_weight_option=options.verdict_weight,
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# -- verdicts against roll-ups (scorecard check) --------------------------------


@attrs.frozen(slots=True)
class VerdictComparison:
    """One verdict of the data beside the roll-up of its scope, under the programme's
    default weighting, as of the verdict's own date.

    The roll-up of a pillar verdict is the pillar's, of a programme verdict the
    overall one; of a programme verdict on one party, that party's score (a pillar
    verdict on one party is compared with the whole pillar)."""

    file: str  # the data file holding the verdict
    path: str  # ``verdicts[i]``
    scope: str
    party: str | None
    as_of: PartialDate
    computed_score: float | None
    computed_grade: str | None
    verdict: VerdictResult
    divergence: Divergence | None

    @property
    def bands_apart(self) -> int | None:
        return None if self.divergence is None else self.divergence.bands_apart

    @property
    def divergent(self) -> bool:
        return self.divergence is not None and self.divergence.divergent

    @property
    def explained(self) -> bool:
        return self.verdict.note is not None

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as ``scorecard check --json`` prints it."""
        return {
            "file": self.file,
            "path": self.path,
            "scope": self.scope,
            "party": self.party,
            "as_of": self.as_of.isoformat(),
            "computed_score": self.computed_score,
            "computed_grade": self.computed_grade,
            "verdict_grade": self.verdict.grade,
            "verdict_level": self.verdict.level,
            "source": self.verdict.source,
            "quote": self.verdict.quote,
            "bands_apart": self.bands_apart,
            "divergent": self.divergent,
            "explained": self.explained,
            "note": self.verdict.note,
        }


def _computed(result: Result, verdict: Verdict) -> float | None:
    if verdict.scope == PROGRAMME_SCOPE:
        if verdict.party is None:
            return result.overall.rollup
        return next((p.score for p in result.parties if p.party == verdict.party), None)
    return next((p.rollup for p in result.pillars if p.id == verdict.scope), None)


def verdict_comparisons(programme: Programme) -> list[VerdictComparison]:
    """Each verdict of ``programme`` (data order) beside the roll-up of its scope,
    scored under the default weighting as of the verdict's date (one scoring per
    distinct date), with how many grade bands apart they are."""
    from scorecard.loader import VERDICTS_FILE

    results: dict[PartialDate, Result] = {}
    out = []
    for index, verdict in enumerate(programme.verdicts):
        if verdict.as_of not in results:
            results[verdict.as_of] = score(programme, options=ScoringOptions(as_of=verdict.as_of))
        computed = _computed(results[verdict.as_of], verdict)
        shown = verdict_result(programme, verdict)
        out.append(
            VerdictComparison(
                file=VERDICTS_FILE,
                path=f"verdicts[{index}]",
                scope=verdict.scope,
                party=verdict.party,
                as_of=verdict.as_of,
                computed_score=computed,
                computed_grade=_grade(programme, computed),
                verdict=shown,
                divergence=divergence(programme, computed, shown),
            )
        )
    return out
