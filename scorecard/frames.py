"""Tidy pandas DataFrames of results, behind the ``pandas`` extra.

The result classes delegate their ``to_frame()`` to the functions here. pandas is
imported only when a frame is asked for; without it the call raises a
``ScorecardError`` saying to install ``scorecard[pandas]``.

Every frame is *tidy*: one row per entity (and per as-of date or weighting where
there are several), one column per variable, scores on 0-100 unrounded, shares in
[0, 1], missing values as ``NaN`` (``None`` for missing dates and ids).

**Result frame** (``Result.to_frame()``): one row for the overall score, one per
pillar, one per commitment and one per responsible party.

| column | meaning |
|---|---|
| `weighting` | name of the weighting used |
| `as_of` | the as-of date (`"YYYY[-MM[-DD]]"`), `None` for "latest" |
| `level` | `"overall"`, `"pillar"`, `"commitment"` or `"party"` |
| `id` | the entity's id (`"overall"`; the party's id for parties) |
| `title` | its title (the party's label for parties) |
| `pillar` | the pillar a commitment belongs to; the pillar's own id for pillars |
| `party` | the party's id (parties); its parties' ids, comma-separated (commitments) |
| `status` | the level id of the assessment used (commitments) |
| `score` | 0-100, `NaN` when missing |
| `grade` | the letter grade, `NaN` when the score is missing |
| `coverage` | share of weight assessed, in [0, 1] (a commitment: 1 or 0) |
| `weight` | normalised weight within its parent (`NaN` for overall and parties) |
| `effective_weight` | share of the overall score (1 for overall; `NaN` for parties) |
| `sources` | distinct sources behind it (nullable integer) |
| `outcome_share` | share resting on outcome (not output) evidence, `NaN` if unknown |

**Comparison and timeline frames** (``Comparison.to_frame()``,
``Timeline.to_frame()``) stack result frames, with the same columns: one row per
weighting (named as given to ``scorecard.compare``, in `weighting`) or per as-of
date (`as_of`), and entity.

**Sensitivity frame** (``SensitivityResult.to_frame()``): one row for the overall
score and one per pillar, summarising the draws.

| column | meaning |
|---|---|
| `weighting` | name of the base weighting |
| `draws`, `seed`, `spread`, `vary_ratings`, `vary_method` | the set-up, on every row |
| `level` | `"overall"` or `"pillar"` |
| `id`, `title` | the entity (`"overall"` for the overall score) |
| `in_framework` | whether a pillar is inside the programme's own pillars |
| `base_score`, `base_grade` | the unperturbed score and its grade |
| `median`, `p05`, `p95` | median, 5th and 95th percentile of the score over the draws |
| `p_<grade>` | share of draws giving that grade, one column per grade, best first |
| `rank_<k>` | share of draws in which the pillar ranks k-th (1 = highest); `NaN` for overall |

**Explanation frame** (``Explanation.to_frame()``): one row per contribution to the
overall change or to a pillar's change.

| column | meaning |
|---|---|
| `as_of_before`, `as_of_after` | the two results' as-of dates (`None` for "latest") |
| `level` | `"overall"` or `"pillar"`: the change this row explains |
| `id` | `"overall"` or the pillar's id |
| `pillar` | the pillar of the contributing commitment |
| `commitment` | the commitment, `None` when a pillar itself entered, left or moved weight |
| `status_before`, `status_after` | its status (level id) before and after, `None` if unassessed |
| `score_before`, `score_after` | its score before and after, `NaN` if missing |
| `amount` | points of the level's change owed to it; per level they sum to the change |
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from scorecard.errors import ScorecardError

if TYPE_CHECKING:
    import pandas as pd

    from scorecard.analysis import Comparison, Explanation, Timeline
    from scorecard.result import Result
    from scorecard.robustness import SensitivityResult

__all__ = [
    "EXPLANATION_COLUMNS",
    "RESULT_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "comparison_frame",
    "explanation_frame",
    "require_pandas",
    "result_frame",
    "result_records",
    "sensitivity_frame",
    "sensitivity_records",
    "timeline_frame",
]

RESULT_COLUMNS: tuple[str, ...] = (
    "weighting",
    "as_of",
    "level",
    "id",
    "title",
    "pillar",
    "party",
    "status",
    "score",
    "grade",
    "coverage",
    "weight",
    "effective_weight",
    "sources",
    "outcome_share",
)

_NAN = math.nan


def require_pandas(what: str = "to_frame()") -> Any:
    """The pandas module, or a :class:`ScorecardError` saying how to install it."""
    try:
        import pandas
    except ImportError as exc:
        raise ScorecardError(
            f"{what} needs pandas, which is not installed: install the extra with "
            "pip install 'scorecard[pandas]'"
        ) from exc
    return pandas


def _num(value: float | None) -> float:
    return _NAN if value is None else float(value)


def result_records(result: Result) -> list[dict[str, Any]]:
    """The rows of :func:`result_frame` as plain dicts (no pandas needed)."""
    prov = result.provenance
    common = {
        "weighting": prov.weighting,
        "as_of": None if prov.as_of is None else prov.as_of.isoformat(),
    }
    o = result.overall
    rows: list[dict[str, Any]] = [
        {
            **common,
            "level": "overall",
            "id": "overall",
            "title": result.programme_title,
            "pillar": None,
            "party": None,
            "status": None,
            "score": _num(o.score),
            "grade": o.grade,
            "coverage": o.coverage,
            "weight": _NAN,
            "effective_weight": 1.0,
            "sources": o.sources,
            "outcome_share": _num(o.outcome_share),
        }
    ]
    for p in result.pillars:
        rows.append(
            {
                **common,
                "level": "pillar",
                "id": p.id,
                "title": p.title,
                "pillar": p.id,
                "party": None,
                "status": None,
                "score": _num(p.score),
                "grade": p.grade,
                "coverage": p.coverage,
                "weight": p.weight,
                "effective_weight": p.effective_weight,
                "sources": p.sources,
                "outcome_share": _num(p.outcome_share),
            }
        )
        for c in p.commitments:
            rows.append(
                {
                    **common,
                    "level": "commitment",
                    "id": c.id,
                    "title": c.title,
                    "pillar": c.pillar,
                    "party": ",".join(c.parties),
                    "status": c.status,
                    "score": _num(c.score),
                    "grade": c.grade,
                    "coverage": 0.0 if c.score is None else 1.0,
                    "weight": c.weight,
                    "effective_weight": c.effective_weight,
                    "sources": c.sources,
                    "outcome_share": _num(c.outcome_share),
                }
            )
    for q in result.parties:
        rows.append(
            {
                **common,
                "level": "party",
                "id": q.party,
                "title": q.label,
                "pillar": None,
                "party": q.party,
                "status": None,
                "score": _num(q.score),
                "grade": q.grade,
                "coverage": q.coverage,
                "weight": _NAN,
                "effective_weight": _NAN,
                "sources": None,
                "outcome_share": _NAN,
            }
        )
    return rows


def frame(rows: Iterable[Mapping[str, Any]], columns: Iterable[str], what: str) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``, in that order."""
    pandas = require_pandas(what)
    df: pd.DataFrame = pandas.DataFrame.from_records(list(rows), columns=list(columns))
    return df


def result_frame(result: Result) -> pd.DataFrame:
    """One row per entity of a result; the columns are documented in this module."""
    df = frame(result_records(result), RESULT_COLUMNS, "Result.to_frame()")
    df["sources"] = df["sources"].astype("Int64")
    return df


SENSITIVITY_COLUMNS: tuple[str, ...] = (
    "weighting",
    "draws",
    "seed",
    "spread",
    "vary_ratings",
    "vary_method",
    "level",
    "id",
    "title",
    "in_framework",
    "base_score",
    "base_grade",
    "median",
    "p05",
    "p95",
)


def _sensitivity_grades(sens: SensitivityResult) -> tuple[str, ...]:
    if sens.base.programme is not None:
        return sens.base.programme.grades.grades
    return tuple(sens.overall.grades)


def sensitivity_records(sens: SensitivityResult) -> list[dict[str, Any]]:
    """The rows of :func:`sensitivity_frame` as plain dicts (no pandas needed)."""
    grades = _sensitivity_grades(sens)
    n_ranks = len(sens.pillars)
    common = {
        "weighting": sens.base.provenance.weighting,
        "draws": sens.draws,
        "seed": sens.seed,
        "spread": sens.spread,
        "vary_ratings": float(sens.vary_ratings),
        "vary_method": sens.vary_method,
    }
    entries: list[tuple[str, str, str, bool, Any, tuple[float, ...] | None]] = [
        ("overall", "overall", sens.base.programme_title, True, sens.overall, None)
    ]
    entries += [("pillar", p.id, p.title, p.in_framework, p, p.ranks) for p in sens.pillars]
    rows: list[dict[str, Any]] = []
    for level, entity, title, in_framework, e, ranks in entries:
        row: dict[str, Any] = {
            **common,
            "level": level,
            "id": entity,
            "title": title,
            "in_framework": in_framework,
            "base_score": _num(e.base_score),
            "base_grade": e.base_grade,
            "median": _num(e.median),
            "p05": _num(e.p05),
            "p95": _num(e.p95),
        }
        for g in grades:
            row[f"p_{g}"] = float(e.grades.get(g, 0.0))
        for k in range(n_ranks):
            row[f"rank_{k + 1}"] = _NAN if ranks is None else float(ranks[k])
        rows.append(row)
    return rows


def sensitivity_frame(sens: SensitivityResult) -> pd.DataFrame:
    """A summary of a sensitivity analysis, one row per entity; the columns are
    documented in this module."""
    columns = [
        *SENSITIVITY_COLUMNS,
        *(f"p_{g}" for g in _sensitivity_grades(sens)),
        *(f"rank_{k + 1}" for k in range(len(sens.pillars))),
    ]
    return frame(sensitivity_records(sens), columns, "SensitivityResult.to_frame()")


def comparison_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per weighting and entity; ``weighting`` holds the comparison's names."""
    rows: list[dict[str, Any]] = []
    for name, result in zip(comparison.names, comparison.results, strict=True):
        rows += [{**row, "weighting": name} for row in result_records(result)]
    df = frame(rows, RESULT_COLUMNS, "Comparison.to_frame()")
    df["sources"] = df["sources"].astype("Int64")
    return df


def timeline_frame(timeline: Timeline) -> pd.DataFrame:
    """One row per as-of date and entity, oldest date first."""
    rows = [row for result in timeline.results for row in result_records(result)]
    df = frame(rows, RESULT_COLUMNS, "Timeline.to_frame()")
    df["sources"] = df["sources"].astype("Int64")
    return df


EXPLANATION_COLUMNS: tuple[str, ...] = (
    "as_of_before",
    "as_of_after",
    "level",
    "id",
    "pillar",
    "commitment",
    "status_before",
    "status_after",
    "score_before",
    "score_after",
    "amount",
)


def explanation_frame(explanation: Explanation) -> pd.DataFrame:
    """One row per contribution to the overall change or a pillar's change."""
    common = {
        "as_of_before": _iso(explanation.as_of_before),
        "as_of_after": _iso(explanation.as_of_after),
    }
    levels = [("overall", explanation.overall)] + [("pillar", c) for c in explanation.pillars]
    rows = [
        {
            **common,
            "level": level,
            "id": change.id,
            "pillar": k.pillar,
            "commitment": k.commitment,
            "status_before": k.status_before,
            "status_after": k.status_after,
            "score_before": _num(k.score_before),
            "score_after": _num(k.score_after),
            "amount": k.amount,
        }
        for level, change in levels
        for k in change.contributions
    ]
    return frame(rows, EXPLANATION_COLUMNS, "Explanation.to_frame()")


def _iso(date: Any) -> str | None:
    return None if date is None else str(date.isoformat())
