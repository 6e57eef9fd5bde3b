"""What scoring returns: frozen records of scores, grades, coverage and provenance.

Scores are on 0-100 and kept unrounded; ``None`` means *missing* (no assessment
on or before the as-of date, or only a "no evidence" level). Rounding and
percentages are for display only (:mod:`scorecard.display`).

Weights: ``weight`` is the child's normalised weight within its parent (the
weights of a group sum to 1 over all its children, assessed or not);
``effective_weight`` is its share of the overall score (the product of the
normalised weights on its path: pillar, objective where the pillar has objectives,
commitment). ``coverage`` is the share of weight that was assessed, in [0, 1];
``coverage_current`` and ``coverage_carried`` split it into readings that a later
source renewed or left alone, and readings carried forward past a later review.

A pillar's ``rollup`` is its score from commitments; ``score`` equals it unless a
verdict is blended in (``verdict_weight > 0``). ``verdict`` is the sources' latest
own judgement on or before the as-of date, ``divergence`` how far it is from the
roll-up in grade bands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from scorecard.dates import PartialDate
from scorecard.model import Citation, Programme
from scorecard.options import (
    DEFAULT_FLOOR,
    Aggregation,
    IndicatorPick,
    Methods,
    MissingPolicy,
    ScoringOptions,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CommitmentResult",
    "Divergence",
    "ObjectiveResult",
    "OverallResult",
    "PartyResult",
    "PillarResult",
    "Provenance",
    "Result",
    "VerdictResult",
]


@attrs.frozen(slots=True)
class VerdictResult:
    """A source's own verdict on a pillar or the programme, as attached to a result."""

    scope: str  # a pillar id or "programme"
    level: str  # a scored level of the scale
    level_label: str
    value: float  # level value x 100
    grade: str
    source: str  # the source of its first evidence citation
    as_of: PartialDate
    quote: str  # the first evidence quote
    rationale: str
    note: str | None = None  # the divergence note, if the data gives one


@attrs.frozen(slots=True)
class Divergence:
    """How far a roll-up and a verdict are apart: ``bands_apart`` grade bands;
    ``divergent`` when more than one; ``explained`` when the verdict has a note."""

    bands_apart: int
    divergent: bool
    explained: bool
    note: str | None = None


@attrs.frozen(slots=True)
class CommitmentResult:
    id: str
    title: str
    pillar: str
    parties: tuple[str, ...]  # ids of the declared parties that made the commitment
    score: float | None
    grade: str | None
    status: str | None  # level id of the assessment used; None when never assessed
    status_label: str | None
    as_of: PartialDate | None  # date of the assessment used
    rationale: str | None
    evidence: tuple[Citation, ...]
    weight: float
    effective_weight: float
    sources: int  # distinct sources behind the assessment used
    outcome_share: float | None  # share of evidence citations that show outcomes
    status_score: float | None  # the status part alone (0-100)
    indicator_score: float | None  # indicator progress alone (0-100), if blended
    history: tuple[tuple[PartialDate, str], ...] = ()  # (as_of, status) up to as_of
    objective: str | None = None  # the objective it serves, where its pillar has them
    age_days: int | None = None  # days from its reading's last day to the reference day
    carried_forward: bool = False  # a later source reviewing its pillar did not renew it

    @property
    def from_indicators(self) -> bool:
        """Scored from its indicators alone: no usable assessment as of the date."""
        return self.score is not None and self.status_score is None


@attrs.frozen(slots=True)
class ObjectiveResult:
    """One objective of a pillar, rolled up from its commitments; ``weight`` is
    normalised within the pillar."""

    id: str
    title: str
    score: float | None
    grade: str | None
    coverage: float
    weight: float
    effective_weight: float
    commitments: tuple[str, ...]  # commitment ids, data order


@attrs.frozen(slots=True)
class PillarResult:
    id: str
    title: str
    in_framework: bool
    score: float | None
    grade: str | None
    coverage: float
    weight: float
    effective_weight: float
    sources: int
    outcome_share: float | None  # share of assessed weight resting on outcome evidence
    outputs_only: bool  # assessed, but no outcome evidence at all
    commitments: tuple[CommitmentResult, ...]  # all of the pillar's, data order
    objectives: tuple[ObjectiveResult, ...] = ()  # empty when the pillar has none
    rollup: float | None = None  # the score from commitments, before any verdict blend
    verdict: VerdictResult | None = None
    divergence: Divergence | None = None
    coverage_current: float = 0.0
    coverage_carried: float = 0.0


@attrs.frozen(slots=True)
class OverallResult:
    score: float | None
    grade: str | None
    coverage: float
    sources: int
    outcome_share: float | None
    rollup: float | None = None
    verdict: VerdictResult | None = None
    divergence: Divergence | None = None
    coverage_current: float = 0.0
    coverage_carried: float = 0.0


@attrs.frozen(slots=True)
class PartyResult:
    """One declared party's commitments rolled up across pillars; a commitment of
    several parties counts its effective weight divided by their number."""

    party: str  # the party's id
    label: str  # its declared label
    score: float | None
    grade: str | None
    coverage: float
    commitments: int
    verdict: VerdictResult | None = None  # the latest programme-scope verdict on this party


def _methods(value: Any) -> dict[str, Aggregation]:
    return Methods.parse(value).as_dict()


@attrs.frozen(slots=True)
class Provenance:
    """How a result was made. The scoring choices are kept as flat fields (the JSON
    form); :attr:`options` gives them back as one
    :class:`~scorecard.options.ScoringOptions`."""

    programme: str
    weighting: str  # name of the weighting ("designed", "equal", "custom", a file name)
    pillar_weights: dict[str, float]  # normalised
    commitment_weights: dict[str, float]  # normalised within objective (or pillar)
    # {"commitments": ..., "objectives": ..., "pillars": ..., "overall": ...}
    methods: dict[str, Aggregation] = attrs.field(converter=_methods)
    missing: MissingPolicy = attrs.field(converter=MissingPolicy)
    as_of: PartialDate | None
    dataset_digest: str  # sha256 over the programme's canonical JSON
    library_version: str
    indicator_pick: IndicatorPick = attrs.field(default=IndicatorPick.MID, converter=IndicatorPick)
    floor: float = DEFAULT_FLOOR  # geometric/harmonic means take max(x, floor)
    objective_weights: dict[str, float] = attrs.field(factory=dict)  # normalised in pillar
    stale_after: int | None = None  # months; older readings counted as missing
    verdict_weight: float = 0.0  # the blend used (the option, else the weighting's)
    # the verdict_weight option as given (None: the weighting's own), for ``options``
    verdict_weight_option: float | None = None
    # each indicator's share within its commitment ("commitment.indicator"; empty:
    # the weighting weighs no indicator, so they weigh the same)
    indicator_weights: dict[str, float] = attrs.field(factory=dict)

    @property
    def options(self) -> ScoringOptions:
        """The scoring options the result was made with, every method, missing policy
        and floor explicit (as resolved against the weighting's declaration);
        ``score(programme, weights, options=result.provenance.options)`` scores it
        again."""
        return ScoringOptions(
            as_of=self.as_of,
            method=self.methods,
            missing=self.missing,
            floor=self.floor,
            indicator_pick=self.indicator_pick,
            stale_after=self.stale_after,
            verdict_weight=self.verdict_weight_option,
        )


@attrs.frozen(slots=True, repr=False)
class Result:
    programme_id: str
    programme_title: str
    overall: OverallResult
    pillars: tuple[PillarResult, ...]
    parties: tuple[PartyResult, ...]
    provenance: Provenance
    # The programme that was scored, so that reports and analyses can go back to
    # the evidence. Not part of equality or of the serialised form; ``None`` for a
    # result read back from JSON.
    programme: Programme | None = attrs.field(default=None, eq=False, repr=False)

    # -- serialisation (see scorecard._serial) ---------------------------------

    def __repr__(self) -> str:
        from scorecard._repr import result_repr

        return result_repr(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: dates as ``"YYYY[-MM[-DD]]"``, parties as their ids. The
        scored programme is not included (see ``provenance.dataset_digest``)."""
        from scorecard._serial import unstructure

        data: dict[str, Any] = unstructure(self)
        return data

    def to_json(self) -> str:
        """Deterministic JSON of :meth:`to_dict`: sorted keys, shortest round-tripping
        floats, UTF-8; ``Result.from_json(r.to_json()) == r``."""
        from scorecard._serial import dumps

        return dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """The inverse of :meth:`to_dict` (``programme`` is ``None``)."""
        from scorecard._serial import structure

        return structure(data, cls)

    @classmethod
    def from_json(cls, text: str) -> Result:
        """The inverse of :meth:`to_json`."""
        from scorecard._text import parse_json
        from scorecard.errors import DataError

        data, problem = parse_json(text, "result JSON")
        if problem is not None:
            raise DataError([problem])
        return cls.from_dict(data)

    # -- notebooks (see scorecard.notebook and scorecard.frames) -----------------

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter: overall grade, one row per pillar, the party view."""
        from scorecard.notebook import result_html

        return result_html(self)

    def to_frame(self) -> pd.DataFrame:
        """A tidy pandas DataFrame: one row per entity (overall, pillar, commitment,
        party); columns in :mod:`scorecard.frames`. Needs pandas (the ``pandas`` extra)."""
        from scorecard.frames import result_frame

        return result_frame(self)

    def pillar(self, pillar_id: str) -> PillarResult:
        for p in self.pillars:
            if p.id == pillar_id:
                return p
        raise KeyError(pillar_id)

    def commitment(self, commitment_id: str) -> CommitmentResult:
        for p in self.pillars:
            for c in p.commitments:
                if c.id == commitment_id:
                    return c
        raise KeyError(commitment_id)
