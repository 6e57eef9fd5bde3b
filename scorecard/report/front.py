"""The facts of the report's front pages, computed from a result, its timeline and analyses.

Page 1 is the verdict (a headline sentence, the grade with its change, a pillar table
with a confidence label, findings, the basis and limits of the evidence); page 2 is
every commitment at every assessment date. This module computes what those pages say,
as raw numbers and ids; :mod:`scorecard.report.view` words and formats them. Nothing
here picks one item out of a tie: where several items are equal *as a reader sees
them* (their displayed values are the same, :mod:`scorecard.display`), every function
returns all of them, and the words say they are tied.

**Baseline dates.** A source marked ``baseline`` was written before the programme
began. The *baseline dates* are those of :func:`scorecard.analysis.baseline_dates` (the
leading dates whose readings cite baseline sources only), the same dates the trend
chart draws apart: a baseline date is never the "previous assessment date", never the
peak or the low of the programme's trajectory.

**The confidence rule** (:func:`confidence`), stated once here and in
``docs/methodology.md``: a pillar's grade is held with

- **high** confidence when its grade survives at least :data:`HIGH_ROBUSTNESS` of
  plausible weightings, at least :data:`HIGH_SOURCES` distinct sources stand behind
  its scored readings, and at most :data:`HIGH_CARRIED` of its assessed weight rests on
  readings carried forward;
- **low** confidence when its grade survives less than :data:`LOW_ROBUSTNESS` of
  weightings, or at most :data:`LOW_SOURCES` source stands behind it, or more than
  :data:`LOW_CARRIED` of its assessed weight is carried forward;
- **medium** confidence otherwise (and when the robustness was not analysed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import attrs

from scorecard import display
from scorecard.dates import PartialDate
from scorecard.report.analyses import GradeOdds
from scorecard.result import PartyResult, Result

T = TypeVar("T")

__all__ = [
    "ALTERNATIVE_SHARE",
    "HIGH_CARRIED",
    "HIGH_ROBUSTNESS",
    "HIGH_SOURCES",
    "LOW_CARRIED",
    "LOW_ROBUSTNESS",
    "LOW_SOURCES",
    "ROBUST_SHARE",
    "Confidence",
    "IntervalAxis",
    "Move",
    "Point",
    "Trajectory",
    "carried_share",
    "confidence",
    "grade_alternatives",
    "interval_axis",
    "is_baseline",
    "largest_moves",
    "lowest_parties",
    "moves",
    "tied",
    "trajectory",
]

# -- the confidence rule: one place, named thresholds ------------------------------

HIGH_ROBUSTNESS = 0.9  # share of plausible weightings keeping the grade, at least
LOW_ROBUSTNESS = 0.6  # below this share: low
HIGH_SOURCES = 3  # distinct sources behind the pillar's scored readings, at least
LOW_SOURCES = 1  # this many or fewer: low
HIGH_CARRIED = 0.25  # share of the assessed weight carried forward, at most
LOW_CARRIED = 0.5  # above this share: low

# A grade kept in fewer than ROBUST_SHARE of weightings is shown with the grades it
# becomes ("D or F"); a grade is named as an alternative when it holds in at least
# ALTERNATIVE_SHARE of them.
ROBUST_SHARE = 0.8
ALTERNATIVE_SHARE = 0.1


@attrs.frozen(slots=True)
class Confidence:
    """A confidence label and what it was built from. ``short`` names the inputs that
    keep it from "high" (for "low": those on the low side): "robustness", "sources",
    "carried"; empty for "high"."""

    level: str  # "high", "medium" or "low"
    robustness: float | None  # share of weightings keeping the grade; None: not analysed
    sources: int
    carried: float  # share of the assessed weight carried forward
    short: tuple[str, ...]


def confidence(robustness: float | None, sources: int, carried: float) -> Confidence:
    """The confidence label of a grade (the rule is in this module's docstring)."""
    low = tuple(
        name
        for name, failed in (
            ("robustness", robustness is not None and robustness < LOW_ROBUSTNESS),
            ("sources", sources <= LOW_SOURCES),
            ("carried", carried > LOW_CARRIED),
        )
        if failed
    )
    if low:
        return Confidence("low", robustness, sources, carried, low)
    short = tuple(
        name
        for name, failed in (
            ("robustness", robustness is None or robustness < HIGH_ROBUSTNESS),
            ("sources", sources < HIGH_SOURCES),
            ("carried", carried > HIGH_CARRIED),
        )
        if failed
    )
    return Confidence("medium" if short else "high", robustness, sources, carried, short)


def carried_share(coverage_current: float, coverage_carried: float) -> float:
    """The share of the assessed weight that rests on carried-forward readings."""
    assessed = coverage_current + coverage_carried
    return 0.0 if assessed <= 0 else min(coverage_carried / assessed, 1.0)


def grade_alternatives(
    odds: GradeOdds | None, grade: str | None, grades: Sequence[str]
) -> tuple[str, ...]:
    """The grades a reader should see for a pillar: its grade alone when it holds in at
    least :data:`ROBUST_SHARE` of weightings (or robustness was not analysed), else
    every grade holding in at least :data:`ALTERNATIVE_SHARE` of them (its own always),
    best first."""
    if odds is None or grade is None or odds.grades.get(grade, 0.0) >= ROBUST_SHARE:
        return () if grade is None else (grade,)
    return tuple(g for g in grades if g == grade or odds.grades.get(g, 0.0) >= ALTERNATIVE_SHARE)


# -- ties, as a reader sees them ---------------------------------------------------


def tied(
    items: Iterable[T], value: Callable[[T], float], shown: Callable[[float], str], *, lowest: bool
) -> tuple[T, ...]:
    """Every item whose value, as shown (``shown``), equals the shown value of the
    lowest (``lowest=True``) or highest item; in their given order. Empty for no items."""
    listed = list(items)
    if not listed:
        return ()
    pick = min if lowest else max
    extreme = shown(value(pick(listed, key=value)))
    return tuple(item for item in listed if shown(value(item)) == extreme)


def _score_text(value: float) -> str:
    return display.format_score(value)


def _change_text(value: float) -> str:
    return display.format_delta(value)


def lowest_parties(result: Result) -> tuple[PartyResult, ...]:
    """The scored parties whose score, as shown, is the lowest (all of them when they
    are tied); empty when fewer than two parties are scored."""
    scored = [p for p in result.parties if p.score is not None]
    if len(scored) < 2:
        return ()
    return tied(scored, lambda p: p.score or 0.0, _score_text, lowest=True)


# -- the trajectory: where the overall score stands against earlier dates -------------


def is_baseline(result: Result, baseline: frozenset[PartialDate]) -> bool:
    """Whether ``result`` is scored at one of the ``baseline`` dates
    (:func:`scorecard.analysis.baseline_dates`): it describes the starting point, not
    the programme."""
    return result.provenance.as_of is not None and result.provenance.as_of in baseline


@attrs.frozen(slots=True)
class Point:
    """The overall score at one assessment date of the programme (never a baseline
    date)."""

    date: PartialDate | None
    score: float
    grade: str | None
    result: Result = attrs.field(eq=False, repr=False)


@attrs.frozen(slots=True)
class Trajectory:
    """The overall score now, at the previous assessment date, at its highest and at
    its lowest. ``peaks`` and ``lows`` hold every date at the shown extreme (several
    when tied), oldest first; they include ``current`` when it is the extreme.
    ``first`` is the programme's first scored date."""

    current: Point
    previous: Point | None
    first: Point
    peaks: tuple[Point, ...]
    lows: tuple[Point, ...]
    points: tuple[Point, ...]  # every programme date up to the current one, oldest first

    @property
    def previous_is_peak(self) -> bool:
        return self.previous is not None and self.previous in self.peaks

    @property
    def current_is_peak(self) -> bool:
        return self.current in self.peaks and len(self.points) > 1

    @property
    def peak(self) -> Point:
        """The latest of the tied peaks: the one a change "since the peak" counts from."""
        return self.peaks[-1]


def trajectory(
    result: Result, timeline: Sequence[Result], baseline: frozenset[PartialDate]
) -> Trajectory | None:
    """The trajectory of ``result``'s overall score through ``timeline`` (results at
    earlier dates; baseline dates and unscored dates are left out); ``None`` when the
    result has no overall score."""
    if result.overall.score is None:
        return None
    as_of = result.provenance.as_of
    current = Point(as_of, result.overall.score, result.overall.grade, result)
    earlier = [
        Point(r.provenance.as_of, r.overall.score, r.overall.grade, r)
        for r in timeline
        if r.overall.score is not None
        and r.provenance.as_of is not None
        and (as_of is None or r.provenance.as_of < as_of)
        and not is_baseline(r, baseline)
    ]
    if as_of is None and earlier:
        # a result "as of the latest data" is the timeline's last date
        earlier = earlier[:-1]
    points = (*earlier, current)
    return Trajectory(
        current=current,
        previous=earlier[-1] if earlier else None,
        first=points[0],
        peaks=tied(points, lambda p: p.score, _score_text, lowest=False),
        lows=tied(points, lambda p: p.score, _score_text, lowest=True),
        points=points,
    )


# -- what moved most since the previous date ----------------------------------------


@attrs.frozen(slots=True)
class Move:
    """A counted pillar's score at the previous date and now."""

    pillar: str
    before: float
    after: float
    before_grade: str | None
    after_grade: str | None

    @property
    def change(self) -> float:
        return self.after - self.before


def moves(current: Result, previous: Result) -> tuple[Move, ...]:
    """The counted pillars (in the overall grade) scored at both dates, in data order."""
    before = {p.id: p for p in previous.pillars}
    out = []
    for p in current.pillars:
        b = before.get(p.id)
        if p.in_framework and p.score is not None and b is not None and b.score is not None:
            out.append(Move(p.id, b.score, p.score, b.grade, p.grade))
    return tuple(out)


def largest_moves(current: Result, previous: Result) -> tuple[Move, ...]:
    """The counted pillars whose change since ``previous``, as shown, is the largest in
    size (every one of them when tied); empty when the largest change shows as 0.0."""
    found = tied(moves(current, previous), lambda m: abs(m.change), _change_text, lowest=False)
    if not found or _change_text(abs(found[0].change)) == _change_text(0.0):
        return ()
    return found


# -- the interval of a score on a band-shaded axis -----------------------------------


@attrs.frozen(slots=True)
class AxisBand:
    x: float
    width: float
    grade: str
    fill: str  # the grade's colour (drawn light)
    label_x: float


@attrs.frozen(slots=True)
class IntervalAxis:
    """A small 0-100 axis in viewBox units: the grade bands shaded, ticks at the band
    edges, the 5th-95th percentile interval as a line and the score as a dot."""

    width: float
    height: float
    bands: tuple[AxisBand, ...]
    ticks: tuple[float, ...]
    low: float | None
    high: float | None
    score: float | None
    label: str  # what it shows, in words (its accessible name)
    desc: str  # how to read it


AXIS_WIDTH = 120.0
AXIS_HEIGHT = 18.0


def interval_axis(
    bands: Sequence[tuple[str, float, float]],
    grades: Sequence[str],
    score: float | None,
    low: float | None,
    high: float | None,
    label: str,
    desc: str = "",
) -> IntervalAxis:
    """The axis of one score: ``bands`` are (grade, min, max) on 0-100."""

    def x(value: float) -> float:
        return round(display.snap(value) / 100.0 * AXIS_WIDTH, 1)

    shaded = tuple(
        AxisBand(
            x(lo),
            round(x(hi) - x(lo), 1),
            grade,
            display.grade_colour(grade, grades).fill,
            round((x(lo) + x(hi)) / 2, 1),
        )
        for grade, lo, hi in bands
    )
    edges = sorted({x(lo) for _, lo, _ in bands} | {x(hi) for _, _, hi in bands})
    return IntervalAxis(
        AXIS_WIDTH,
        AXIS_HEIGHT,
        shaded,
        tuple(edges),
        None if low is None else x(low),
        None if high is None else x(high),
        None if score is None else x(score),
        label,
        desc,
    )
