"""Analyses built on :func:`scorecard.score`: side-by-side weightings, time travel, change.

- :func:`compare` scores one programme under several weightings.
- :func:`timeline` scores it at every distinct as-of date of its data.
- :func:`explain` attributes the change between two results to the commitments
  whose state changed.

How :func:`explain` attributes a change (``docs/scoring.md`` has the derivation):
for one group with normalised weights ``w`` (before) and ``w'`` (after), presence
``b``/``a`` (assessed before/after; under ``missing="zero"`` everything is
present) and ``phi`` the method's transform (identity for arithmetic, ``ln`` for
geometric, ``1/x`` for harmonic, on ``max(x, floor)``), with ``A`` the mean in
``phi`` space before and ``W' = sum(a w')``::

    delta_i = (a_i w'_i (phi(x'_i) - A) - b_i w_i (phi(x_i) - A)) / W'

The deltas sum exactly to the change of the mean in ``phi`` space, and are zero for
a child whose weight, presence and value did not change. For arithmetic means
they are the contributions in points. For geometric and harmonic means they are
scaled by ``(P' - P) / (A' - A)`` (a logarithmic-mean Divisia index), so they still
sum to the change in points, but the split is exact in ``ln`` / ``1/x`` space, not
additive in points. A commitment's part of the overall change is its part of its
pillar's change times the pillar's part of the overall change per point; what a
pillar contributes by entering, leaving or changing weight is listed as a
pillar-level item (``commitment=None``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack

import attrs

from scorecard.dates import PartialDate
from scorecard.engine import score
from scorecard.errors import OptionProblem, OptionsError, expect
from scorecard.model import Citation, Programme
from scorecard.options import (
    Methods,
    ScoringChoices,
    ScoringOptions,
    expect_programme,
    resolve_options,
)
from scorecard.progress import track
from scorecard.result import CommitmentResult, PillarResult, Result
from scorecard.weights import WeightsSpec

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Contribution",
    "Explanation",
    "LevelChange",
    "Timeline",
    "baseline_dates",
    "compare",
    "explain",
    "renewed",
    "timeline",
]


# -- compare ----------------------------------------------------------------------


@attrs.frozen(slots=True)
class ComparisonRow:
    """The overall score (``id = "overall"``) or one pillar under every weighting."""

    id: str
    title: str
    scores: dict[str, float | None]
    grades: dict[str, str | None]


@attrs.frozen(slots=True, repr=False)
class Comparison:
    """Results of one programme under several weightings, by name."""

    names: tuple[str, ...]
    results: tuple[Result, ...]

    def __repr__(self) -> str:
        from scorecard._repr import comparison_repr

        return comparison_repr(self)

    def result(self, name: str) -> Result:
        return self.results[self.names.index(name)]

    @property
    def rows(self) -> tuple[ComparisonRow, ...]:
        """Overall first, then the pillars, each with its score and grade per weighting."""
        first = self.results[0]
        rows = [
            ComparisonRow(
                "overall",
                "Overall",
                {n: r.overall.score for n, r in zip(self.names, self.results, strict=True)},
                {n: r.overall.grade for n, r in zip(self.names, self.results, strict=True)},
            )
        ]
        for pillar in first.pillars:
            found = [r.pillar(pillar.id) for r in self.results]
            rows.append(
                ComparisonRow(
                    pillar.id,
                    pillar.title,
                    {n: p.score for n, p in zip(self.names, found, strict=True)},
                    {n: p.grade for n, p in zip(self.names, found, strict=True)},
                )
            )
        return tuple(rows)

    def _repr_html_(self) -> str:
        """The weightings side by side in Jupyter (see :mod:`scorecard.notebook`)."""
        from scorecard.notebook import comparison_html

        return comparison_html(self)

    def to_frame(self, *, wide: bool = False) -> pd.DataFrame:
        """One row per weighting and entity (columns as :meth:`Result.to_frame`, with
        ``weighting`` the name given here); with ``wide=True`` one row per entity and
        one column per weighting for each of score, grade, coverage and weights (see
        :mod:`scorecard.frames`). Needs pandas (the ``pandas`` extra)."""
        from scorecard.frames import comparison_frame, comparison_wide_frame

        expect(wide, bool, "Comparison.to_frame() wide=", "True or False")
        return comparison_wide_frame(self) if wide else comparison_frame(self)

    def to_dict(self) -> dict[str, Any]:
        from scorecard._serial import unstructure

        return {
            "names": list(self.names),
            "rows": unstructure(list(self.rows)),
            "results": {n: r.to_dict() for n, r in zip(self.names, self.results, strict=True)},
        }


def compare(
    programme: Programme,
    weightings: Mapping[str, WeightsSpec] | Sequence[str] | None = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> Comparison:
    """Score ``programme`` under each weighting: ``{"name": weights, ...}``, a list of
    weighting ids, or ``None`` for equal weights and every weighting of the
    programme. The scoring choices (``options=`` or keyword arguments) are those of
    :func:`scorecard.score`, the same for every weighting; a choice not made
    explicitly follows each weighting's own declared method (``aggregation``,
    ``floor``, ``missing``), so a lens is compared as it is meant to be scored."""
    expect_programme(programme, "compare()")
    chosen = resolve_options(options, choices, "compare")
    if weightings is None:
        weightings = ["equal", *(w.id for w in programme.weightings)]
    if not isinstance(weightings, Mapping):
        weightings = {name: name for name in weightings}
    if not weightings:
        raise OptionsError([OptionProblem("weightings", "name at least one weighting")])
    names = tuple(weightings)
    return Comparison(names, tuple(score(programme, weightings[n], options=chosen) for n in names))


# -- timeline ---------------------------------------------------------------------


@attrs.frozen(slots=True, repr=False)
class Timeline:
    """Scores at each distinct as-of date of the data, oldest first."""

    dates: tuple[PartialDate, ...]
    results: tuple[Result, ...]

    def __repr__(self) -> str:
        from scorecard._repr import timeline_repr

        return timeline_repr(self)

    def __len__(self) -> int:
        return len(self.dates)

    def _repr_html_(self) -> str:
        """Scores by as-of date in Jupyter (see :mod:`scorecard.notebook`)."""
        from scorecard.notebook import timeline_html

        return timeline_html(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per as-of date and entity (columns as :meth:`Result.to_frame`).
        Needs pandas (the ``pandas`` extra)."""
        from scorecard.frames import timeline_frame

        return timeline_frame(self)

    def at(self, as_of: PartialDate) -> Result:
        return self.results[self.dates.index(as_of)]

    def changes(self) -> tuple[Explanation, ...]:
        """:func:`explain` for each pair of consecutive dates."""
        return tuple(explain(a, b) for a, b in zip(self.results, self.results[1:], strict=False))

    def to_dict(self) -> dict[str, Any]:
        """``{"points": [{"as_of", "overall": {score, grade, coverage}, "pillars": [...]}]}``."""
        return {
            "points": [
                {
                    "as_of": d.isoformat(),
                    "overall": {
                        "score": r.overall.score,
                        "grade": r.overall.grade,
                        "coverage": r.overall.coverage,
                    },
                    "pillars": [
                        {"id": p.id, "score": p.score, "grade": p.grade, "coverage": p.coverage}
                        for p in r.pillars
                    ],
                }
                for d, r in zip(self.dates, self.results, strict=True)
            ]
        }


def data_dates(programme: Programme) -> tuple[PartialDate, ...]:
    """Every distinct as-of date of assessments, of observations of indicators that
    are blended in (``indicator_weight > 0``) and of the sources' verdicts, oldest
    first."""
    dates: set[PartialDate] = {v.as_of for v in programme.verdicts}
    for _, c in programme.commitments():
        dates.update(a.as_of for a in c.assessments)
        if c.indicator_weight > 0:
            for ind in c.indicators:
                dates.update(o.as_of for o in ind.observations)
    return tuple(sorted(dates, key=PartialDate.sort_key))


def baseline_dates(programme: Programme) -> frozenset[PartialDate]:
    """The pre-programme baseline: the leading dates of :func:`data_dates` at which
    every reading (assessment, verdict, blended observation) cites only sources marked
    ``baseline`` (written before the programme began). Empty when the first date has a
    reading from any other source, or a reading that cites nothing. Charts draw these
    dates apart from the programme's line."""
    before = {s.id for s in programme.sources if s.baseline}
    if not before:
        return frozenset()
    cited: dict[PartialDate, set[str]] = {}

    def cite(as_of: PartialDate, evidence: Sequence[Citation]) -> None:
        cited.setdefault(as_of, set()).update(c.source for c in evidence)

    for v in programme.verdicts:
        cite(v.as_of, v.evidence)
    for _, c in programme.commitments():
        for a in c.assessments:
            cite(a.as_of, a.evidence)
        if c.indicator_weight > 0:
            for ind in c.indicators:
                for o in ind.observations:
                    cite(o.as_of, o.evidence)
    dates: list[PartialDate] = []
    for d in data_dates(programme):
        sources = cited.get(d, set())
        if not sources or not sources <= before:
            break
        dates.append(d)
    return frozenset(dates)


def renewed(result: Result, pillar: str | None = None) -> bool:
    """Whether a new reading is behind a pillar's score (``pillar``, an id) or the
    overall score (``None``) at the result's as-of date: a scored reading of one of
    its commitments dated that day, or a source's verdict on it of that day (for the
    overall score: on any pillar counted in it, or on the programme). ``False`` means every reading
    behind the score was carried forward from an earlier date (a chart dashes the
    segment that leads to it); ``True`` for a result scored at the latest data."""
    as_of = result.provenance.as_of
    if as_of is None:
        return True
    if pillar is None:
        verdict = result.overall.verdict
        if verdict is not None and verdict.as_of == as_of:
            return True
        return any(renewed(result, p.id) for p in result.pillars if p.in_framework)
    pr = result.pillar(pillar)
    if pr.verdict is not None and pr.verdict.as_of == as_of:
        return True
    return any(cr.score is not None and cr.as_of == as_of for cr in pr.commitments)


def timeline(
    programme: Programme,
    weights: WeightsSpec = None,
    *,
    options: ScoringOptions | None = None,
    **choices: Unpack[ScoringChoices],
) -> Timeline:
    """Score ``programme`` as of every date of :func:`data_dates`. The scoring choices
    (``options=`` or keyword arguments) are those of :func:`scorecard.score`, except
    ``as_of``: passing one is a :class:`TypeError`, an ``options.as_of`` that is set
    an :class:`~scorecard.errors.OptionsError`."""
    expect_programme(programme, "timeline()")
    if "as_of" in choices:
        raise TypeError("timeline() picks the as-of dates itself")
    chosen = resolve_options(options, choices, "timeline")
    if chosen.as_of is not None:
        raise OptionsError(
            [OptionProblem("as_of", "timeline() picks the as-of dates itself: leave it unset")]
        )
    dates = data_dates(programme)
    return Timeline(
        dates,
        tuple(
            score(programme, weights, options=attrs.evolve(chosen, as_of=d))
            for d in track(dates, "timeline", len(dates), "date")
        ),
    )


# -- explain ----------------------------------------------------------------------


@attrs.frozen(slots=True)
class Contribution:
    """Points of a level's change owed to one commitment (or, with ``commitment=None``,
    to its pillar entering, leaving or changing weight)."""

    pillar: str
    commitment: str | None
    status_before: str | None
    status_after: str | None
    score_before: float | None
    score_after: float | None
    amount: float
    objective: str | None = None  # the commitment's objective, or the objective whose
    # entering, leaving or weight change this pillar-level item is


@attrs.frozen(slots=True)
class LevelChange:
    """The change of the overall score (``id = "overall"``) or of one pillar."""

    id: str
    before: float | None
    after: float | None
    grade_before: str | None
    grade_after: str | None
    contributions: tuple[Contribution, ...]

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@attrs.frozen(slots=True, repr=False)
class Explanation:
    """Why scores changed between two results; contributions sum to each change."""

    as_of_before: PartialDate | None
    as_of_after: PartialDate | None
    method: dict[str, str]  # the methods of both results, by level
    overall: LevelChange
    pillars: tuple[LevelChange, ...]

    def __repr__(self) -> str:
        from scorecard._repr import explanation_repr

        return explanation_repr(self)

    @property
    def additive(self) -> bool:
        """Whether contributions are additive in points (arithmetic at both levels)."""
        return self.method["pillars"] == self.method["overall"] == "arithmetic"

    def _repr_html_(self) -> str:
        """The change and its largest contributions in Jupyter."""
        from scorecard.notebook import explanation_html

        return explanation_html(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per contribution; columns in :mod:`scorecard.frames`. Needs
        pandas (the ``pandas`` extra)."""
        from scorecard.frames import explanation_frame

        return explanation_frame(self)

    def pillar(self, pillar_id: str) -> LevelChange:
        for p in self.pillars:
            if p.id == pillar_id:
                return p
        raise KeyError(pillar_id)


def _phi(x: float, method: str, floor: float) -> float:
    if method == "arithmetic":
        return x
    y = max(x, floor)
    return math.log(y) if method == "geometric" else 1.0 / y


def _dphi(p: float, method: str, floor: float) -> float:
    """dP/dA at P: how a point of the mean moves per unit of phi space."""
    if method == "arithmetic":
        return 1.0
    y = max(p, floor)
    return y if method == "geometric" else -(y * y)


_Child = tuple[float, float | None, float, float | None]  # w_before, x_before, w_after, x_after


def _deltas(
    children: Sequence[_Child], method: str, floor: float, zero: bool
) -> tuple[list[float], float, float] | None:
    """Per-child deltas in phi space, and (A_before, A_after); None if a side has no mean."""

    def present(w: float, x: float | None) -> bool:
        return w > 0 and (x is not None or zero)

    def val(x: float | None) -> float:
        return _phi(0.0 if x is None else x, method, floor)

    wb = math.fsum(w for w, x, _, _ in children if present(w, x))
    wa = math.fsum(w for _, _, w, x in children if present(w, x))
    if wb <= 0 or wa <= 0:
        return None
    ab = math.fsum(w * val(x) for w, x, _, _ in children if present(w, x)) / wb
    aa = math.fsum(w * val(x) for _, _, w, x in children if present(w, x)) / wa
    deltas = []
    for w0, x0, w1, x1 in children:
        after = w1 * (val(x1) - ab) if present(w1, x1) else 0.0
        before = w0 * (val(x0) - ab) if present(w0, x0) else 0.0
        deltas.append((after - before) / wa)
    return deltas, ab, aa


def _scale(
    p_before: float, p_after: float, a_before: float, a_after: float, method: str, floor: float
) -> float:
    if method == "arithmetic":
        return 1.0
    gap = a_after - a_before
    if abs(gap) <= 1e-12 * max(1.0, abs(a_before)):
        return _dphi(p_before, method, floor)
    return (p_after - p_before) / gap


def _check_comparable(before: Result, after: Result) -> None:
    """Raise an OptionsError naming each choice in which the two results differ."""
    pb, pa = before.provenance, after.provenance
    ob, oa = pb.options, pa.options
    differ = [
        (name, getattr(ob, name), getattr(oa, name))
        for name in ("method", "missing", "floor")
        if getattr(ob, name) != getattr(oa, name)
    ]
    if pb.verdict_weight != pa.verdict_weight:
        differ.append(("verdict_weight", pb.verdict_weight, pa.verdict_weight))
    if pb.programme != pa.programme:
        differ.append(("programme", pb.programme, pa.programme))
    if differ:
        raise OptionsError(
            [
                OptionProblem(name, f"the two results differ: {str(b)!r} vs {str(a)!r}")
                for name, b, a in differ
            ]
        )


@attrs.frozen(slots=True)
class _Rule:
    """How one level aggregates: method, floor, and whether missing counts as zero."""

    method: str
    floor: float
    zero: bool


def _union(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """The ids after, then those only before (data order)."""
    seen = set(after)
    return [*after, *(i for i in before if i not in seen)]


def _leaf_items(
    pid: str,
    c0: Mapping[str, CommitmentResult],
    c1: Mapping[str, CommitmentResult],
    r0: float | None,
    r1: float | None,
    rule: _Rule,
) -> list[Contribution]:
    """The change of a group of commitments (``r0`` -> ``r1``), one item per
    commitment whose weight, presence, score or status changed."""
    ids = _union(list(c0), list(c1))
    children: list[_Child] = [
        (
            c0[cid].weight if cid in c0 else 0.0,
            c0[cid].score if cid in c0 else None,
            c1[cid].weight if cid in c1 else 0.0,
            c1[cid].score if cid in c1 else None,
        )
        for cid in ids
    ]
    got = (
        None if r0 is None or r1 is None else _deltas(children, rule.method, rule.floor, rule.zero)
    )
    if got is None or r0 is None or r1 is None:
        return []
    deltas, ab, aa = got
    k = _scale(r0, r1, ab, aa, rule.method, rule.floor)
    items = []
    for cid, (w0, x0s, w1, x1s), d in zip(ids, children, deltas, strict=True):
        x0, x1 = c0.get(cid), c1.get(cid)
        unchanged = w0 == w1 and x0s == x1s and (x0 and x0.status) == (x1 and x1.status)
        if d == 0.0 and unchanged:
            continue
        either = x1 or x0
        items.append(
            Contribution(
                pillar=pid,
                commitment=cid,
                status_before=x0.status if x0 else None,
                status_after=x1.status if x1 else None,
                score_before=x0s,
                score_after=x1s,
                amount=k * d,
                objective=either.objective if either else None,
            )
        )
    return items


_Kid = tuple[str, float, float | None, float, float | None]  # id, w0, y0, w1, y1


def _nested_items(
    kids: Sequence[_Kid],
    below: Mapping[str, Sequence[Contribution]],
    r0: float | None,
    r1: float | None,
    rule: _Rule,
    residual: Callable[[str, float | None, float | None, float], Contribution],
) -> list[Contribution]:
    """The change of a group of groups (objectives of a pillar, pillars of the
    programme): each child's own change is passed on to the items ``below`` it,
    scaled to points of this level; what a child adds by entering, leaving or
    changing weight is one ``residual`` item."""
    children: list[_Child] = [(w0, y0, w1, y1) for _, w0, y0, w1, y1 in kids]
    got = (
        None if r0 is None or r1 is None else _deltas(children, rule.method, rule.floor, rule.zero)
    )
    if got is None or r0 is None or r1 is None:
        return []
    deltas, ab, aa = got
    method, floor = rule.method, rule.floor
    k = _scale(r0, r1, ab, aa, method, floor)
    wa = math.fsum(w for _, _, w, x in children if w > 0 and (x is not None or rule.zero))
    items: list[Contribution] = []
    for (kid, _w0, y0, w1, y1), d in zip(kids, deltas, strict=True):
        total = k * d
        if y0 is not None and y1 is not None and w1 > 0:
            # The part owed to the child's own change, passed on to its items.
            own = k * w1 * (_phi(y1, method, floor) - _phi(y0, method, floor)) / wa
            moved = y1 - y0
            per_point = own / moved if moved != 0 else k * w1 / wa / _dphi(y0, method, floor)
            items += [attrs.evolve(i, amount=i.amount * per_point) for i in below.get(kid, ())]
            rest = total - own
        else:
            rest = total
        if rest != 0.0:
            items.append(residual(kid, y0, y1, rest))
    return items


def _rollup_items(
    pid: str,
    p0: PillarResult | None,
    p1: PillarResult | None,
    methods: Methods,
    floor: float,
    zero: bool,
) -> list[Contribution]:
    """A pillar's roll-up change: from its commitments, or through its objectives."""
    c0 = {c.id: c for c in p0.commitments} if p0 else {}
    c1 = {c.id: c for c in p1.commitments} if p1 else {}
    r0 = _rollup(p0)
    r1 = _rollup(p1)
    o0 = {o.id: o for o in p0.objectives} if p0 else {}
    o1 = {o.id: o for o in p1.objectives} if p1 else {}
    if not o0 and not o1:
        return _leaf_items(pid, c0, c1, r0, r1, _Rule(methods["pillars"], floor, zero))
    below: dict[str, list[Contribution]] = {}
    kids: list[_Kid] = []
    for oid in _union(list(o0), list(o1)):
        b, a = o0.get(oid), o1.get(oid)
        below[oid] = _leaf_items(
            pid,
            {c: c0[c] for c in (b.commitments if b else ())},
            {c: c1[c] for c in (a.commitments if a else ())},
            b.score if b else None,
            a.score if a else None,
            _Rule(methods["objectives"], floor, zero),
        )
        kids.append(
            (
                oid,
                b.weight if b else 0.0,
                b.score if b else None,
                a.weight if a else 0.0,
                a.score if a else None,
            )
        )

    def residual(oid: str, y0: float | None, y1: float | None, rest: float) -> Contribution:
        return Contribution(pid, None, None, None, y0, y1, rest, objective=oid)

    return _nested_items(kids, below, r0, r1, _Rule(methods["pillars"], floor, zero), residual)


def _rollup(p: PillarResult | None) -> float | None:
    if p is None:
        return None
    return p.score if p.rollup is None and p.verdict is None else p.rollup


def _with_verdict(
    pid: str,
    items: list[Contribution],
    scores: tuple[float | None, float | None],
    rollups: tuple[float | None, float | None],
    w: float,
    verdicts: tuple[bool, bool],
) -> list[Contribution]:
    """Where a verdict is blended in (``w > 0``), the roll-up's items count ``1 - w``
    of their points when both sides blend one (else none), and the rest of the
    change is one item with ``commitment`` and ``objective`` both ``None``."""
    (s0, s1), (r0, r1) = scores, rollups
    if w <= 0 or not any(verdicts) or s0 is None or s1 is None:
        return items
    both = all(verdicts) and r0 is not None and r1 is not None
    scaled = [attrs.evolve(i, amount=i.amount * (1.0 - w)) for i in items] if both else []
    rest = (s1 - s0) - math.fsum(i.amount for i in scaled)
    if rest != 0.0:
        scaled.append(Contribution(pid, None, None, None, r0, r1, rest))
    return scaled


def _pillar_change(
    pid: str,
    p0: PillarResult | None,
    p1: PillarResult | None,
    methods: Methods,
    floor: float,
    zero: bool,
    w: float,
) -> LevelChange:
    s0 = p0.score if p0 else None
    s1 = p1.score if p1 else None
    items = _rollup_items(pid, p0, p1, methods, floor, zero)
    blended = (p0 is not None and p0.verdict is not None, p1 is not None and p1.verdict is not None)
    items = _with_verdict(pid, items, (s0, s1), (_rollup(p0), _rollup(p1)), w, blended)
    return LevelChange(
        id=pid,
        before=s0,
        after=s1,
        grade_before=p0.grade if p0 else None,
        grade_after=p1.grade if p1 else None,
        contributions=tuple(items),
    )


def explain(before: Result, after: Result) -> Explanation:
    """Attribute each pillar's and the overall change from ``before`` to ``after`` to the
    commitments whose status, score, presence or weight changed (through their
    objectives, where a pillar has some). Both results must be of the same
    programme, with the same methods, missing policy, floor and verdict blend (else
    an :class:`~scorecard.errors.OptionsError` names what differs). See the module
    docstring."""
    how = "score the programme first, e.g. explain(score(p, as_of='2010'), score(p))"
    expect(before, Result, "explain() before", "a Result", how)
    expect(after, Result, "explain() after", "a Result", how)
    _check_comparable(before, after)
    oa = after.provenance.options
    methods, floor, zero = oa.method, oa.floor, oa.missing == "zero"
    w = after.provenance.verdict_weight
    p0s = {p.id: p for p in before.pillars}
    p1s = {p.id: p for p in after.pillars}
    pillar_ids = _union(list(p0s), list(p1s))
    changes = [
        _pillar_change(pid, p0s.get(pid), p1s.get(pid), methods, floor, zero, w)
        for pid in pillar_ids
    ]
    kids: list[_Kid] = [
        (
            pid,
            p0s[pid].weight if pid in p0s else 0.0,
            p0s[pid].score if pid in p0s else None,
            p1s[pid].weight if pid in p1s else 0.0,
            p1s[pid].score if pid in p1s else None,
        )
        for pid in pillar_ids
    ]

    def residual(pid: str, y0: float | None, y1: float | None, rest: float) -> Contribution:
        return Contribution(pid, None, None, None, y0, y1, rest)

    below = {c.id: c.contributions for c in changes}
    o0, o1 = before.overall, after.overall
    r0 = o0.score if o0.rollup is None and o0.verdict is None else o0.rollup
    r1 = o1.score if o1.rollup is None and o1.verdict is None else o1.rollup
    items = _nested_items(kids, below, r0, r1, _Rule(methods["overall"], floor, zero), residual)
    blended = (o0.verdict is not None, o1.verdict is not None)
    items = _with_verdict("overall", items, (o0.score, o1.score), (r0, r1), w, blended)
    return Explanation(
        as_of_before=before.provenance.as_of,
        as_of_after=after.provenance.as_of,
        method={level: m.value for level, m in methods.as_dict().items()},
        overall=LevelChange(
            id="overall",
            before=o0.score,
            after=o1.score,
            grade_before=o0.grade,
            grade_after=o1.grade,
            contributions=tuple(items),
        ),
        pillars=tuple(changes),
    )
