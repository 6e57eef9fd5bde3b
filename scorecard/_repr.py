"""Short, readable ``repr`` texts for the analysis records.

The records nest whole programmes and results; attrs' generated ``repr`` would
print hundreds of kilobytes at a REPL prompt. These say what the object is and
its headline figures; the full data stays one attribute away. Numbers follow
:mod:`scorecard.display` in its plain-text style, as the CLI does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.display import MISSING, format_delta, format_percent, format_score, format_shares

if TYPE_CHECKING:
    from scorecard.analysis import Comparison, Explanation, Timeline
    from scorecard.result import OverallResult, PillarResult, Result
    from scorecard.robustness import SensitivityResult

__all__ = [
    "comparison_repr",
    "explanation_repr",
    "result_repr",
    "sensitivity_repr",
    "timeline_repr",
]


def _graded(score: float | None, grade: str | None) -> str:
    if score is None:
        return MISSING
    return f"{grade} ({format_score(score)})"


def result_repr(result: Result) -> str:
    prov = result.provenance
    as_of = "latest" if prov.as_of is None else str(prov.as_of)
    pillars = ", ".join(f"{p.id} {_graded(p.score, p.grade)}{_verdict(p)}" for p in result.pillars)
    return (
        f"<Result {result.programme_id} as of {as_of}, weighting {prov.weighting!r}: "
        f"overall {_graded(result.overall.score, result.overall.grade)}"
        f"{_verdict(result.overall)}, "
        f"coverage {format_percent(result.overall.coverage)}; {pillars}>"
    )


def _verdict(entry: PillarResult | OverallResult) -> str:
    """`` [verdict F, 2 bands apart]`` when a source's verdict is attached."""
    verdict, divergence = entry.verdict, entry.divergence
    if verdict is None:
        return ""
    bands = None if divergence is None else divergence.bands_apart
    apart = "" if bands is None else f", {bands} band{'' if bands == 1 else 's'} apart"
    return f" [verdict {verdict.grade or MISSING}{apart}]"


def comparison_repr(comparison: Comparison) -> str:
    items = ", ".join(
        f"{name}: {_graded(r.overall.score, r.overall.grade)}"
        for name, r in zip(comparison.names, comparison.results, strict=True)
    )
    return f"<Comparison of {len(comparison.names)} weightings, overall {items}>"


def timeline_repr(timeline: Timeline) -> str:
    items = ", ".join(
        f"{date}: {_graded(r.overall.score, r.overall.grade)}"
        for date, r in zip(timeline.dates, timeline.results, strict=True)
    )
    return f"<Timeline of {len(timeline.dates)} dates, overall {items}>"


def sensitivity_repr(result: SensitivityResult) -> str:
    overall = result.overall
    shown = dict(zip(overall.grades, format_shares(list(overall.grades.values())), strict=True))
    shares = ", ".join(f"{g} {shown[g]}" for g, p in overall.grades.items() if p > 0)
    spread = (
        "no score"
        if overall.median is None or overall.p05 is None or overall.p95 is None
        else f"median {format_score(overall.median)} "
        f"(p05 {format_score(overall.p05)}, p95 {format_score(overall.p95)})"
    )
    return (
        f"<SensitivityResult of {result.draws} draws (seed {result.seed}, spread "
        f"{result.spread}): overall {spread}; grades {shares or 'none'}>"
    )


def explanation_repr(explanation: Explanation) -> str:
    before = explanation.as_of_before or "latest"
    after = explanation.as_of_after or "latest"
    overall = explanation.overall
    return (
        f"<Explanation {before} -> {after}: overall "
        f"{_graded(overall.before, overall.grade_before)} -> "
        f"{_graded(overall.after, overall.grade_after)} ({format_delta(overall.change)}), "
        f"{len(overall.contributions)} contributions>"
    )
