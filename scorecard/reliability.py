"""Inter-coder reliability: Krippendorff's alpha for the dataset's independent codings.

(The module is ``reliability`` so that ``scorecard.agreement`` stays the function.)

A *unit* is one commitment read in one source (or one pillar or programme verdict
in one source). In each round every coder either read the unit (a level of the
scale, perhaps the missing "no evidence" level, and the kind of the decisive
evidence) or did not code it (the source does not speak to it, for that coder).
Three statistics per round, overall and per pillar:

- ``status``: ordinal alpha on the scored levels (lowest = 0). A unit counts where
  at least two coders gave it a scored level; "no evidence" and "not coded" are
  missing values here. This is the figure the codebook's target (0.80) refers to.
- ``coded``: nominal alpha on the decision itself (not coded / no evidence /
  scored), over every unit any coder coded, so that disagreement about *whether*
  a source speaks to a commitment is not hidden by the missing values above.
- ``kind``: nominal alpha on the evidence kind, where at least two coders gave one.

Alpha is computed with the maintained ``krippendorff`` package; it is ``None``
where it is undefined (fewer than two paired values, or a single value in the
data, where the expected disagreement is zero).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from scorecard.errors import Problem, ScoringError
from scorecard.model import PROGRAMME_SCOPE, Coding, EvidenceKind, Programme

__all__ = ["TARGET", "Agreement", "Alpha", "RoundAgreement", "agreement", "alpha"]

TARGET: Final = 0.80
"""Krippendorff's level for drawing conclusions from ordinal codings (alpha >= 0.800)."""

_NOT_CODED: Final = 0.0
_NO_EVIDENCE: Final = 1.0
_SCORED: Final = 2.0
_KINDS: Final = {kind: float(i) for i, kind in enumerate(EvidenceKind)}

Unit = tuple[str, str, str]


@attrs.frozen(slots=True)
class Alpha:
    """Reliability of one group of units in one round."""

    status: float | None  # ordinal alpha on scored levels
    coded: float | None  # nominal alpha on not coded / no evidence / scored
    kind: float | None  # nominal alpha on the decisive evidence kind
    units: int  # units coded by at least one coder
    paired: int  # units with a scored level from at least two coders
    agreement: float | None  # share of paired units where every coder gave the same level


@attrs.frozen(slots=True)
class RoundAgreement:
    """Alpha overall and per pillar (in programme order) for one round of coding."""

    round: int
    coders: tuple[str, ...]
    overall: Alpha
    pillars: dict[str, Alpha]


@attrs.frozen(slots=True, repr=False)
class Agreement:
    """Reliability of every round of a programme's codings, earliest first."""

    programme: str
    rounds: tuple[RoundAgreement, ...]
    target: float = TARGET

    @property
    def final(self) -> RoundAgreement | None:
        """The last round, whose codings the dataset's readings were adjudicated from."""
        return self.rounds[-1] if self.rounds else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``scorecard agreement --format json``)."""
        from scorecard._serial import unstructure

        data: dict[str, Any] = unstructure(self)
        return data

    def __repr__(self) -> str:
        parts = [
            f"round {r.round} {_fmt(r.overall.status)} ({r.overall.paired} units)"
            for r in self.rounds
        ]
        return f"<Agreement {self.programme}: {'; '.join(parts) or 'no codings'}>"


def _fmt(value: float | None) -> str:
    return "alpha n/a" if value is None else f"alpha {value:.3f}"


def alpha(
    data: Sequence[Sequence[float]],
    level: str = "ordinal",
    domain: Sequence[float] | None = None,
) -> float | None:
    """Krippendorff's alpha of a coders x units matrix (``math.nan`` = missing), or
    ``None`` where it is undefined. ``level``: ``"nominal"`` or ``"ordinal"``;
    ``domain``: the ordered values of the scale (defaults to those present)."""
    import krippendorff
    import numpy as np

    matrix = np.asarray(data, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] == 0:
        return None
    paired = (~np.isnan(matrix)).sum(axis=0) >= 2
    values = matrix[:, paired]
    present = values[~np.isnan(values)]
    if paired.sum() == 0 or len(np.unique(present)) < 2:
        return None
    value = krippendorff.alpha(
        reliability_data=matrix,
        level_of_measurement=level,  # type: ignore[arg-type]
        value_domain=None if domain is None else list(domain),
    )
    result = float(value)
    return result if math.isfinite(result) else None


def _group_alpha(
    codings: Sequence[Coding], units: Sequence[Unit], scored: Mapping[str, int]
) -> Alpha:
    by_coder = [{r.unit: r for r in c.readings} for c in codings]
    status_rows: list[list[float]] = []
    coded_rows: list[list[float]] = []
    kind_rows: list[list[float]] = []
    for readings in by_coder:
        status_row, coded_row, kind_row = [], [], []
        for unit in units:
            reading = readings.get(unit)
            if reading is None:
                status_row.append(math.nan)
                coded_row.append(_NOT_CODED)
                kind_row.append(math.nan)
                continue
            level = scored.get(reading.status)
            status_row.append(math.nan if level is None else float(level))
            coded_row.append(_NO_EVIDENCE if level is None else _SCORED)
            kind_row.append(math.nan if reading.kind is None else _KINDS[reading.kind])
        status_rows.append(status_row)
        coded_rows.append(coded_row)
        kind_rows.append(kind_row)
    pairs = [[row[i] for row in status_rows if not math.isnan(row[i])] for i in range(len(units))]
    paired = [values for values in pairs if len(values) >= 2]
    same = sum(1 for values in paired if len(set(values)) == 1)
    return Alpha(
        status=alpha(status_rows, "ordinal", range(len(scored))),
        coded=alpha(coded_rows, "nominal"),
        kind=alpha(kind_rows, "nominal"),
        units=len(units),
        paired=len(paired),
        agreement=same / len(paired) if paired else None,
    )


def _rounds(codings: Iterable[Coding]) -> dict[int, list[Coding]]:
    rounds: dict[int, list[Coding]] = {}
    for coding in codings:
        rounds.setdefault(coding.round, []).append(coding)
    return dict(sorted(rounds.items()))


def _home(unit: Unit, pillar_of: Mapping[str, str]) -> str | None:
    """The pillar a unit belongs to; ``None`` for a verdict on the whole programme."""
    kind, key, _ = unit
    if kind == "commitment":
        return pillar_of.get(key)
    scope = key.split("@", 1)[0]
    return None if scope == PROGRAMME_SCOPE else scope


def agreement(programme: Programme) -> Agreement:
    """Krippendorff's alpha for every round of the programme's independent codings,
    overall and per pillar (see the module docstring). Raises
    :class:`~scorecard.errors.ScoringError` when a round has fewer than two coders."""
    scored = {
        lv.id: i for i, lv in enumerate(lv for lv in programme.scale.levels if not lv.missing)
    }
    pillar_of = {c.id: p.id for p, c in programme.commitments()}
    problems = [
        Problem("", f"codings.round-{n}", f"needs at least two coders, has {len(group)}")
        for n, group in _rounds(programme.codings).items()
        if len(group) < 2
    ]
    if problems:
        raise ScoringError(problems)
    rounds = []
    for number, group in _rounds(programme.codings).items():
        group = sorted(group, key=lambda c: c.coder)
        units = sorted({r.unit for c in group for r in c.readings})
        homes = {u: _home(u, pillar_of) for u in units}
        pillars = {
            p.id: _group_alpha(group, [u for u in units if homes[u] == p.id], scored)
            for p in programme.pillars
            if p.id in homes.values()
        }
        rounds.append(
            RoundAgreement(
                round=number,
                coders=tuple(c.coder for c in group),
                overall=_group_alpha(group, units, scored),
                pillars=pillars,
            )
        )
    return Agreement(programme=programme.id, rounds=tuple(rounds))
