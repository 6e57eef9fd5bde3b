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

import datetime as _dt
import functools
import hashlib
import json
import math
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Unpack

import attrs
import cattrs

from scorecard._perf import no_cyclic_gc
from scorecard._version import __version__
from scorecard.dates import PartialDate
from scorecard.display import grade_of
from scorecard.errors import Problem, ScoringError
from scorecard.model import (
    Assessment,
    Citation,
    Commitment,
    Direction,
    EvidenceKind,
    Indicator,
    Observation,
    Programme,
    Scale,
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
    resolve_options,
)
from scorecard.result import (
    CommitmentResult,
    OverallResult,
    PartyResult,
    PillarResult,
    Provenance,
    Result,
)
from scorecard.weights import Weights, WeightsSpec

__all__ = [
    "AGGREGATORS",
    "DEFAULT_FLOOR",
    "LEVELS",
    "MISSING_POLICIES",
    "Aggregator",
    "CompiledCommitment",
    "CompiledProgramme",
    "a_amean",
    "a_gmean",
    "a_hmean",
    "compile_programme",
    "indicator_progress",
    "parse_methods",
    "programme_digest",
    "score",
    "score_compiled",
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


def indicator_progress(
    indicator: Indicator, as_of: PartialDate | None = None, pick: str = IndicatorPick.MID
) -> tuple[float, tuple[Observation, ...]] | None:
    """Normalised progress in [0, 1] of an indicator as of a date, with the
    observations it rests on; ``None`` when it cannot be normalised.

    - With goalposts: ``t = (x - low) / (high - low)`` (on ``log10`` of all three if
      ``log``), ``1 - t`` when lower is better, clipped to [0, 1]. ``x`` is the latest
      observation (a range's midpoint, or low/high as ``pick`` says); with ``log`` a
      value <= 0 counts as below ``low``.
    - Else with a target: distance to target from the baseline (the earliest
      observation on or before ``as_of``): ``(x - base) / (target - base)``, clipped;
      when the baseline already meets the target, 1 if ``x`` meets it, else 0.
    - Else, or without observations: ``None``.
    """
    observations = _latest_on_or_before(indicator.observations, as_of)
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
    weight: float  # normalised within its pillar
    assessment: Assessment | None
    level: int | None  # index among the scale's scored levels; None when missing
    status_score: float | None
    indicator_score: float | None
    blend: float  # share of the score from indicators (0 when none available)
    score: float | None
    sources: frozenset[str]
    outcome_share: float | None
    history: tuple[tuple[PartialDate, str], ...]

    def score_at_level(self, level_value: float) -> float:
        """The commitment score had its status been a level with ``level_value`` (0-1)."""
        status = 100.0 * level_value
        if self.indicator_score is None:
            return status
        return (1.0 - self.blend) * status + self.blend * self.indicator_score


@attrs.frozen(slots=True)
class CompiledProgramme:
    """A programme under one weighting and one set of options, flattened for aggregation."""

    programme: Programme
    weights_id: str
    pillar_weights: tuple[float, ...]  # normalised, in pillar order
    commitments: tuple[CompiledCommitment, ...]  # in data order
    scored_levels: tuple[float, ...]  # values (0-1) of the scale's scored levels, lowest first
    options: ScoringOptions

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


def _compile_commitment(
    commitment: Commitment,
    pillar: int,
    weight: float,
    scale: Scale,
    as_of: PartialDate | None,
    pick: IndicatorPick,
    method: Aggregation,
) -> CompiledCommitment:
    scored = _scored_levels(scale)
    assessments = _latest_on_or_before(commitment.assessments, as_of)
    history = tuple((a.as_of, a.status) for a in assessments)
    assessment = assessments[-1] if assessments else None
    level_index: int | None = None
    status_score: float | None = None
    sources: set[str] = set()
    outcome: float | None = None
    if assessment is not None:
        level = scale.level(assessment.status)
        if not level.missing:
            assert level.value is not None
            level_index = scored.index(level.id)
            status_score = 100.0 * level.value
            sources.update(c.source for c in assessment.evidence)
            outcome = _citation_outcome_share(assessment.evidence)
    indicator_score: float | None = None
    blend = 0.0
    if status_score is not None and commitment.indicator_weight > 0:
        progress: list[float] = []
        outcome_kinds = 0
        for indicator in commitment.indicators:
            got = indicator_progress(indicator, as_of, pick)
            if got is None:
                continue
            value, used = got
            progress.append(100.0 * value)
            outcome_kinds += indicator.kind is EvidenceKind.OUTCOME
            for obs in used:
                sources.update(c.source for c in obs.evidence)
        if progress:
            blend = commitment.indicator_weight
            indicator_score = _aggregate_values(progress, [1.0] * len(progress), method)
            assert outcome is not None
            outcome = (1 - blend) * outcome + blend * outcome_kinds / len(progress)
    total: float | None = None
    if status_score is not None:
        total = status_score
        if indicator_score is not None:
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
    options = resolve_options(options, choices, "compile_programme")
    resolved = Weights.resolve(programme, weights)
    normalised = resolved.normalise(programme)
    compiled: list[CompiledCommitment] = []
    for index, pillar in enumerate(programme.pillars):
        for commitment in pillar.commitments:
            compiled.append(
                _compile_commitment(
                    commitment,
                    index,
                    normalised.commitments[commitment.id],
                    programme.scale,
                    options.as_of,
                    options.indicator_pick,
                    options.method.commitments,
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


def _plain(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return {f.name: _plain(getattr(value, f.name)) for f in fields if f.name != "text"}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@functools.cache
def _digest_converter() -> cattrs.Converter:
    """Unstructures a programme exactly as :func:`_plain` does, through generated
    code (about ten times faster on large programmes)."""
    from cattrs.gen import make_dict_unstructure_fn, override

    from scorecard.model import Source

    conv = cattrs.Converter()
    conv.register_unstructure_hook(PartialDate, lambda d: d.isoformat())
    # spans: JSON writes a tuple of ints as a list, no per-item conversion needed
    conv.register_unstructure_hook_func(lambda t: t == tuple[int, int], lambda v: v)
    conv.register_unstructure_hook(
        Source, make_dict_unstructure_fn(Source, conv, text=override(omit=True))
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


def score(
    programme: Programme,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> Result:
    """Score a programme: every commitment, every pillar, overall and by party.

    ``weights``: ``None`` (the programme's default weighting, else equal), a
    weighting id, ``"equal"``, a :class:`~scorecard.weights.Weights`, or a mapping
    (see :meth:`Weights.resolve <scorecard.weights.Weights.resolve>`).

    The scoring choices come either as one
    :class:`~scorecard.options.ScoringOptions` (``options=``) or as keyword
    arguments with the same names (passing both is a :class:`TypeError`):

    - ``as_of``: a :class:`~scorecard.dates.PartialDate`, a :class:`datetime.date`
      or ``"YYYY[-MM[-DD]]"``; only assessments and observations on or before it count.
    - ``method``: a name from :data:`AGGREGATORS` for every level, or a mapping
      ``{"commitments"?, "pillars"?, "overall"?}`` (unnamed levels are arithmetic).
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
    """A commitment's share of the overall score: its pillar's weight times its own."""
    return compiled.pillar_weights[cc.pillar] * cc.weight


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
        effective_weight=pillar_weight * cc.weight,
        sources=len(cc.sources),
        outcome_share=cc.outcome_share,
        status_score=cc.status_score,
        indicator_score=cc.indicator_score,
        history=cc.history,
    )


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


def _pillar_result(
    compiled: CompiledProgramme,
    index: int,
    members: Sequence[CompiledCommitment],
    problems: list[Problem],
) -> PillarResult:
    programme, options = compiled.programme, compiled.options
    pillar = programme.pillars[index]
    pw = compiled.pillar_weights[index]
    value, coverage = _roll_up(
        [cc.score for cc in members],
        [cc.weight for cc in members],
        options.method.pillars,
        options.missing,
        options.floor,
        [cc.commitment.id for cc in members],
        problems,
    )
    outcome = _outcome_share((cc.weight, cc.outcome_share) for cc in members)
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
    )


def _overall_result(
    compiled: CompiledProgramme, pillars: Sequence[PillarResult], problems: list[Problem]
) -> OverallResult:
    """The pillars rolled up into the overall score."""
    options = compiled.options
    value, _ = _roll_up(
        [p.score for p in pillars],
        list(compiled.pillar_weights),
        options.method.overall,
        _never_stops(options.missing),
        options.floor,
        [f"pillar {p.id}" for p in compiled.programme.pillars],
        problems,
    )
    return OverallResult(
        score=value,
        grade=_grade(compiled.programme, value),
        coverage=min(1.0, math.fsum(p.weight * p.coverage for p in pillars)),
        sources=len(frozenset[str]().union(*(cc.sources for cc in compiled.commitments))),
        outcome_share=_outcome_share(
            (_effective(compiled, cc), cc.outcome_share) for cc in compiled.commitments
        ),
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
            )
        )
    return tuple(parties)


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
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
