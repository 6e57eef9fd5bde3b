"""Weightings: relative weights of pillars, of objectives within their pillar, and of
commitments within their objective (or their pillar, where it has no objectives).

A :class:`Weights` holds *relative* weights, independent of any programme: ids not
listed weigh 1. :meth:`Weights.normalise` checks them against a programme (unknown
ids, all-zero groups, weights too small to count) and normalises each group to sum
to 1. Every problem is reported at once as a :class:`~scorecard.errors.WeightsError`
naming the weighting and the offending id.

A positive weight below :data:`MIN_RELATIVE_WEIGHT` (1e-12) of the largest weight in
its group is an error: its share would be lost to floating-point rounding (a weight
of 5e-324 next to weights of 1 normalises to 5e-324 and its effective weight in the
overall score to 0), so the child would silently count as unweighted. Write 0 to
leave a child out. Above the threshold every positive weight keeps a positive
normalised and effective weight, with full precision. Huge weights (1e308) are
fine: a group whose total would overflow is scaled by its largest weight first.

Where weights come from:

- :meth:`Weights.equal` - every pillar and every commitment weighs 1;
- :meth:`Weights.from_weighting` - a named weighting ("lens") of the dataset;
- :meth:`Weights.from_dict` - ``{"pillars": {...}, "objectives": {...},
  "commitments": {...}, "verdict_weight": w}``;
- :meth:`Weights.from_toml` - a TOML file with the keys of a ``[[weightings]]`` entry;
- :meth:`Weights.resolve` - any of the above, or ``None`` (the programme's default
  weighting, else equal), a weighting id, or a flat ``{id: weight}`` mapping.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from scorecard.errors import Problem, WeightsError, did_you_mean
from scorecard.model import Commitment, Pillar, Programme, Weighting, floor_problem
from scorecard.options import Aggregation, DeclaredMethods, MissingPolicy

__all__ = [
    "MIN_RELATIVE_WEIGHT",
    "NormalisedWeights",
    "Weights",
    "WeightsSpec",
    "indicator_key",
    "too_small",
]


def indicator_key(commitment: str, indicator: str) -> str:
    """The key that weighs an indicator within its commitment in a weighting's
    ``indicators`` table: ``"commitment-id.indicator-id"``."""
    return f"{commitment}.{indicator}"


_KEYS = frozenset(
    {
        "id",
        "label",
        "rationale",
        "pillars",
        "objectives",
        "commitments",
        "indicators",
        "verdict_weight",
        "aggregation",
        "floor",
        "missing",
    }
)

MIN_RELATIVE_WEIGHT = 1e-12
"""The smallest positive weight allowed, as a fraction of the largest weight in its
group (the pillars; the objectives of one pillar; the commitments of one objective
or pillar). Shares at or above it stay
positive and exact to double precision through normalisation, effective weights
(pillar share x commitment share, at least 1e-24 / group sizes) and aggregation."""


def too_small(group: Mapping[str, float]) -> dict[str, str]:
    """The positive weights of ``group`` (finite, >= 0) below :data:`MIN_RELATIVE_WEIGHT`
    times its largest weight, each with the message that explains it."""
    largest = max(group.values(), default=0.0)
    return {
        key: (
            f"a weight of {weight!r} is less than {MIN_RELATIVE_WEIGHT:g} of the largest "
            f"weight in its group ({largest!r}), too small to count: write 0 to leave "
            "it out, or give it a larger weight"
        )
        for key, weight in group.items()
        if weight > 0 and weight / largest < MIN_RELATIVE_WEIGHT
    }


def _shares(raw: Mapping[str, float]) -> dict[str, float]:
    """Each weight over the group's total (at least one weight > 0). Weights are
    relative: if the total overflows, they are divided by the largest one first."""
    try:
        total = math.fsum(raw.values())
    except OverflowError:
        largest = max(raw.values())
        raw = {key: weight / largest for key, weight in raw.items()}
        total = math.fsum(raw.values())
    return {key: weight / total for key, weight in raw.items()}


def _check_group(where: str, name: str, group: Any, problems: list[Problem]) -> dict[str, float]:
    if not isinstance(group, Mapping):
        problems.append(Problem(where, name, "must be a table of id = weight"))
        return {}
    clean: dict[str, float] = {}
    for key, value in group.items():
        path = f"{name}.{key}"
        if not isinstance(key, str):
            problems.append(Problem(where, path, "ids must be strings"))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(where, path, f"a weight must be a number, not {value!r}"))
        elif not math.isfinite(value):
            problems.append(Problem(where, path, f"a weight must be finite, not {value!r}"))
        elif value < 0:
            problems.append(Problem(where, path, f"a weight must be >= 0, not {value!r}"))
        else:
            clean[key] = float(value)
    return clean


@attrs.frozen(slots=True)
class NormalisedWeights:
    """Weights checked against one programme and normalised within each group.

    ``pillars[p]`` sums to 1 over all pillars; ``objectives[o]`` sums to 1 over the
    objectives of each pillar that has some; ``commitments[c]`` sums to 1 over the
    commitments of each (non-empty) objective, or of each pillar without objectives.
    ``verdict_weight`` is the weighting's blend of verdicts into scores.
    ``indicators[k]`` (``k`` = :func:`indicator_key`) sums to 1 over the indicators
    of each commitment that has some.
    """

    id: str
    pillars: dict[str, float]
    commitments: dict[str, float]
    objectives: dict[str, float] = attrs.field(factory=dict)
    verdict_weight: float = 0.0
    indicators: dict[str, float] = attrs.field(factory=dict)

    def effective(self, programme: Programme) -> dict[str, float]:
        """Each commitment's share of the overall score: pillar weight x objective
        weight (where its pillar has objectives) x commitment weight."""
        return {
            c.id: self.pillars[p.id]
            * (1.0 if c.objective is None else self.objectives.get(c.objective, 1.0))
            * self.commitments[c.id]
            for p, c in programme.commitments()
        }


@attrs.frozen(slots=True)
class Weights:
    """Relative weights of pillars, of objectives within their pillar and of
    commitments within their objective (or pillar), and the blend of the sources'
    verdicts into pillar and overall scores (``verdict_weight`` in [0, 1]).

    Ids not listed weigh 1. Building one checks every value (a number, finite,
    >= 0) and raises :class:`~scorecard.errors.WeightsError` naming the weighting
    and the id; :meth:`normalise` checks the ids against a programme.

    ``indicators`` weighs indicators within their commitment, keyed
    ``"commitment-id.indicator-id"`` (:func:`indicator_key`). ``aggregation``
    (``{level: method}``), ``floor`` and ``missing`` are the method the weighting
    declares: explicit scoring options win over them
    (:meth:`ScoringOptions.resolve <scorecard.options.ScoringOptions.resolve>`).
    """

    id: str = "custom"
    label: str = "Custom weighting"
    pillars: dict[str, float] = attrs.field(factory=dict)
    commitments: dict[str, float] = attrs.field(factory=dict)
    rationale: str | None = None
    objectives: dict[str, float] = attrs.field(factory=dict)
    verdict_weight: float = 0.0
    indicators: dict[str, float] = attrs.field(factory=dict)
    aggregation: dict[str, Aggregation] = attrs.field(factory=dict)
    floor: float | None = None
    missing: MissingPolicy | None = None

    def __attrs_post_init__(self) -> None:
        where = f"weighting {self.id!r}"
        problems: list[Problem] = []
        _check_group(where, "pillars", self.pillars, problems)
        _check_group(where, "objectives", self.objectives, problems)
        _check_group(where, "commitments", self.commitments, problems)
        _check_group(where, "indicators", self.indicators, problems)
        _check_blend(where, self.verdict_weight, problems)
        _check_method(where, self.aggregation, self.floor, self.missing, problems)
        if problems:
            raise WeightsError(problems)

    # -- construction ---------------------------------------------------------

    @classmethod
    def equal(cls) -> Weights:
        """Every pillar and every commitment weighs the same."""
        return cls(
            id="equal",
            label="Equal weights",
            rationale="Every pillar, and every commitment within its pillar, weighs the same.",
        )

    @classmethod
    def from_weighting(cls, weighting: Weighting) -> Weights:
        """A named weighting of the dataset."""
        return cls(
            id=weighting.id,
            label=weighting.label,
            pillars=dict(weighting.pillars),
            commitments=dict(weighting.commitments),
            rationale=weighting.rationale,
            objectives=dict(weighting.objectives),
            verdict_weight=weighting.verdict_weight,
            indicators=dict(weighting.indicators),
            aggregation=weighting.aggregation.as_dict(),
            floor=weighting.floor,
            missing=weighting.missing,
        )

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, id: str = "custom", where: str | None = None
    ) -> Weights:
        """Weights from ``{"pillars": {...}, "objectives": {...}, "commitments":
        {...}, "indicators": {...}}``, optionally with ``id``, ``label``,
        ``rationale``, ``verdict_weight`` and the declared method (``aggregation``,
        ``floor``, ``missing``). Unknown keys are errors."""
        where = where or f"weighting {data.get('id', id)!r}"
        problems: list[Problem] = []
        for key in data:
            if key not in _KEYS:
                problems.append(
                    Problem(
                        where,
                        str(key),
                        f"unknown key (keys: {', '.join(sorted(_KEYS))})"
                        + did_you_mean(str(key), _KEYS),
                    )
                )
        pillars = _check_group(where, "pillars", data.get("pillars", {}), problems)
        objectives = _check_group(where, "objectives", data.get("objectives", {}), problems)
        commitments = _check_group(where, "commitments", data.get("commitments", {}), problems)
        indicators = _check_group(where, "indicators", data.get("indicators", {}), problems)
        blend = data.get("verdict_weight", 0.0)
        _check_blend(where, blend, problems)
        aggregation, floor, missing = _read_method(where, data, problems)
        texts: dict[str, str] = {}
        for key in ("id", "label", "rationale"):
            value = data.get(key)
            if value is not None and not (isinstance(value, str) and value.strip()):
                problems.append(Problem(where, key, "must be a non-empty string"))
            elif value is not None:
                texts[key] = value
        if problems:
            raise WeightsError(problems)
        wid = texts.get("id", id)
        return cls(
            id=wid,
            label=texts.get("label", f"Weighting {wid}"),
            pillars=pillars,
            commitments=commitments,
            rationale=texts.get("rationale"),
            objectives=objectives,
            verdict_weight=float(blend),
            indicators=indicators,
            aggregation=aggregation,
            floor=floor,
            missing=missing,
        )

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Weights:
        """Weights from a TOML file holding the keys of one ``[[weightings]]`` entry
        (``pillars = {...}``, ``objectives = {...}``, ``commitments = {...}``,
        optional ``id``, ``label``, ``rationale``, ``verdict_weight``). Without ``id``
        the file's stem names the weighting."""
        from scorecard._text import annotate, parse_toml

        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise WeightsError([Problem(str(file), "", f"cannot read: {exc.strerror}")]) from exc
        except UnicodeDecodeError as exc:
            raise WeightsError([Problem(str(file), "", "not a UTF-8 text file")]) from exc
        data, problem = parse_toml(text, str(file))
        if data is None:
            raise WeightsError([problem] if problem is not None else [])
        try:
            return cls.from_dict(data, id=file.stem, where=str(file))
        except WeightsError as error:
            raise WeightsError(annotate(error.problems, {str(file): text})) from None

    @classmethod
    def resolve(cls, programme: Programme, spec: WeightsSpec = None) -> Weights:
        """Turn anything :func:`scorecard.score` accepts as ``weights`` into :class:`Weights`.

        ``None``: the programme's ``default_weighting``, or equal weights if it has
        none; the id of one of the programme's weightings; ``"equal"`` (built in,
        unless the programme defines a weighting of that id); a
        :class:`Weights` or :class:`~scorecard.model.Weighting`; a structured mapping
        (see :meth:`from_dict`) or a flat ``{id: weight}`` mapping whose ids are
        pillar or commitment ids of the programme.
        """
        if spec is None:
            if programme.default_weighting is None:
                return cls.equal()
            spec = programme.default_weighting
        if isinstance(spec, Weights):
            return spec
        if isinstance(spec, Weighting):
            return cls.from_weighting(spec)
        if isinstance(spec, str):
            try:
                return cls.from_weighting(programme.weighting(spec))
            except KeyError:
                if spec == "equal":  # built in, unless the dataset defines its own
                    return cls.equal()
                known = ", ".join(sorted({"equal", *(w.id for w in programme.weightings)}))
                raise WeightsError(
                    [
                        Problem(
                            "",
                            f"weighting {spec!r}",
                            f"unknown weighting (known: {known})"
                            + did_you_mean(spec, {"equal", *(w.id for w in programme.weightings)}),
                        )
                    ]
                ) from None
        if isinstance(spec, Mapping):
            if spec and all(k in _KEYS for k in spec):
                return cls.from_dict(spec)
            pillar_ids = {p.id for p in programme.pillars}
            objective_ids = {o.id for p in programme.pillars for o in p.objectives}
            pillars = {k: v for k, v in spec.items() if k in pillar_ids}
            objectives = {k: v for k, v in spec.items() if k in objective_ids}
            commitments = {
                k: v for k, v in spec.items() if k not in pillar_ids and k not in objective_ids
            }
            return cls.from_dict(
                {"pillars": pillars, "objectives": objectives, "commitments": commitments}
            )
        raise TypeError(
            "weights must be None, a weighting id, a Weights, a Weighting or a mapping, "
            f"not {type(spec).__name__}"
        )

    # -- use --------------------------------------------------------------------

    def normalise(self, programme: Programme) -> NormalisedWeights:
        """Check the ids against ``programme`` and normalise each group to sum to 1.

        Raises :class:`~scorecard.errors.WeightsError` listing every unknown id,
        every group whose weights are all zero and every positive weight below
        :data:`MIN_RELATIVE_WEIGHT` of its group's largest. Every positive weight
        that passes gets a positive normalised weight.
        """
        where = f"weighting {self.id!r}"
        problems: list[Problem] = []
        pillar_ids = [p.id for p in programme.pillars]
        for key in self.pillars:
            if key not in pillar_ids:
                problems.append(
                    Problem(
                        where,
                        f"pillars.{key}",
                        f"unknown pillar (pillars: {', '.join(pillar_ids)})"
                        + did_you_mean(key, pillar_ids),
                    )
                )
        commitment_ids = {c.id for _, c in programme.commitments()}
        for key in self.commitments:
            if key not in commitment_ids:
                problems.append(
                    Problem(
                        where,
                        f"commitments.{key}",
                        "unknown commitment" + did_you_mean(key, commitment_ids),
                    )
                )
        objective_ids = {o.id for p in programme.pillars for o in p.objectives}
        for key in self.objectives:
            if key not in objective_ids:
                problems.append(
                    Problem(
                        where,
                        f"objectives.{key}",
                        "unknown objective" + did_you_mean(key, objective_ids),
                    )
                )
        raw_p = {pid: self.pillars.get(pid, 1.0) for pid in pillar_ids}
        if not any(w > 0 for w in raw_p.values()):
            problems.append(Problem(where, "pillars", "all pillar weights are zero"))
        problems += _tiny(where, "pillars", raw_p, self.pillars)
        objectives: dict[str, float] = {}
        commitments: dict[str, float] = {}
        for pillar in programme.pillars:
            if pillar.objectives:
                raw_o = {o.id: self.objectives.get(o.id, 1.0) for o in pillar.objectives}
                objectives.update(
                    self._group(where, "objectives", f"pillar {pillar.id!r}", raw_o, problems)
                )
            for key, members in _commitment_groups(pillar).items():
                raw_c = {c.id: self.commitments.get(c.id, 1.0) for c in members}
                label = f"objective {key!r}" if key else f"pillar {pillar.id!r}"
                commitments.update(self._group(where, "commitments", label, raw_c, problems))
        indicators = self._indicator_shares(programme, where, problems)
        if problems:
            raise WeightsError(problems)
        return NormalisedWeights(
            id=self.id,
            pillars=_shares(raw_p),
            commitments=commitments,
            objectives=objectives,
            verdict_weight=self.verdict_weight,
            indicators=indicators,
        )

    def _indicator_shares(
        self, programme: Programme, where: str, problems: list[Problem]
    ) -> dict[str, float]:
        """Each indicator's share within its commitment, keyed by :func:`indicator_key`;
        empty when the weighting weighs no indicator (they then weigh the same)."""
        if not self.indicators:
            return {}
        owners: dict[str, list[str]] = {}
        for _, c in programme.commitments():
            for i in c.indicators:
                owners.setdefault(indicator_key(c.id, i.id), []).append(c.id)
        for key in self.indicators:
            if key not in owners:
                problems.append(
                    Problem(
                        where,
                        f"indicators.{key}",
                        "unknown indicator (keys are 'commitment-id.indicator-id')"
                        + did_you_mean(key, owners),
                    )
                )
            elif len(owners[key]) > 1:
                problems.append(
                    Problem(
                        where,
                        f"indicators.{key}",
                        f"ambiguous: commitments {', '.join(map(repr, owners[key]))} each "
                        "have an indicator of this key (ids holding '.'); rename one of them",
                    )
                )
        shares: dict[str, float] = {}
        for _, c in programme.commitments():
            if c.indicators:
                raw = {
                    (key := indicator_key(c.id, i.id)): self.indicators.get(key, 1.0)
                    for i in c.indicators
                }
                label = f"commitment {c.id!r}"
                shares.update(self._group(where, "indicators", label, raw, problems))
        return shares

    def _group(
        self,
        where: str,
        group: str,
        owner: str,
        raw: dict[str, float],
        problems: list[Problem],
    ) -> dict[str, float]:
        """One group's normalised shares, or nothing (with a problem) when all are zero."""
        if not raw:
            return {}
        if not any(w > 0 for w in raw.values()):
            problems.append(
                Problem(
                    where,
                    f"{group} of {owner}",
                    f"all {group[:-1]} weights of this {owner.split()[0]} are zero",
                )
            )
            return {}
        listed = {
            "objectives": self.objectives,
            "indicators": self.indicators,
        }.get(group, self.commitments)
        problems += _tiny(where, group, raw, listed)
        return _shares(raw)


def _commitment_groups(pillar: Pillar) -> dict[str, list[Commitment]]:
    """A pillar's commitments by objective id (``""`` where the pillar has no
    objectives, or a commitment names none), in data order."""
    groups: dict[str, list[Commitment]] = {}
    if pillar.objectives:
        for o in pillar.objectives:
            groups[o.id] = []
    for c in pillar.commitments:
        key = c.objective if pillar.objectives and c.objective is not None else ""
        groups.setdefault(key, []).append(c)
    return groups


def _check_method(
    where: str, aggregation: object, floor: object, missing: object, problems: list[Problem]
) -> None:
    """The declared method's problems, read by the strict converter that reads a
    dataset's weightings, so that the words are the same."""
    from scorecard._convert import toml_converter

    conv = toml_converter()
    if isinstance(aggregation, Mapping):  # enum members as their plain values
        aggregation = {
            k: str(v) if isinstance(v, Aggregation) else v for k, v in aggregation.items()
        }
    problems += conv.check(aggregation, DeclaredMethods, where, "aggregation")[1]
    if missing is not None:
        value = str(missing) if isinstance(missing, MissingPolicy) else missing
        problems += conv.check(value, MissingPolicy, where, "missing")[1]
    if floor is not None:
        number, found = conv.check(floor, float, where, "floor")
        problems += found
        message = floor_problem(number)
        if message is not None:
            problems.append(Problem(where, "floor", message))


def _read_method(
    where: str, data: Mapping[str, Any], problems: list[Problem]
) -> tuple[dict[str, Aggregation], float | None, MissingPolicy | None]:
    """The declared ``aggregation``, ``floor`` and ``missing`` of a weights table."""
    aggregation, floor, missing = (data.get(k) for k in ("aggregation", "floor", "missing"))
    before = len(problems)
    _check_method(where, {} if aggregation is None else aggregation, floor, missing, problems)
    if len(problems) > before:
        return {}, None, None
    assert aggregation is None or isinstance(aggregation, Mapping)
    return (
        {str(k): Aggregation(v) for k, v in (aggregation or {}).items()},
        None if floor is None else float(floor),
        None if missing is None else MissingPolicy(missing),
    )


def _check_blend(where: str, value: object, problems: list[Problem]) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and 0.0 <= value <= 1.0)
    ):
        problems.append(
            Problem(where, "verdict_weight", f"must be a number in [0, 1], not {value!r}")
        )


def _tiny(
    where: str, group: str, raw: Mapping[str, float], listed: Mapping[str, float]
) -> list[Problem]:
    return [
        Problem(where, f"{group}.{key}", message if key in listed else f"not listed: {message}")
        for key, message in too_small(raw).items()
    ]


WeightsSpec = Weights | Weighting | str | Mapping[str, Any] | None
"""What :func:`scorecard.score` accepts as ``weights`` (see :meth:`Weights.resolve`)."""
