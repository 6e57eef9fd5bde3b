"""Tidy pandas DataFrames of results, behind the ``pandas`` extra.

The result classes delegate their ``to_frame()`` to the functions here. pandas is
imported only when a frame is asked for; without it the call raises a
``ScorecardError`` saying how to install pandas (see :mod:`scorecard._extras`).

Every frame is *tidy*: one row per entity (and per as-of date or weighting where
there are several), one column per variable, scores on 0-100 unrounded, shares in
[0, 1], missing values as ``NaN`` (``None`` for missing dates and ids).

**Result frame** (``Result.to_frame()``): one row for the overall score, one per
pillar, one per objective (for pillars that have them), one per commitment and one
per declared party.

| column | meaning |
|---|---|
| `weighting` | name of the weighting used |
| `as_of` | the as-of date, a datetime: its last day (`2022-06`: 2022-06-30); `NaT`: latest |
| `as_of_label` | the as-of date as written (`"2022-06"`), `None` for "latest" |
| `level` | `"overall"`, `"pillar"`, `"objective"`, `"commitment"` or `"party"` |
| `id` | the entity's id (`"overall"`; the party's id for parties) |
| `title` | its title (the party's label for parties) |
| `pillar` | the pillar a commitment belongs to; the pillar's own id for pillars |
| `objective` | the objective of a commitment (or the objective row's own id); `None` elsewhere |
| `party` | the party's id (parties); its parties' ids, comma-separated (commitments) |
| `parties` | the same as a list of ids (commitments and parties); `None` elsewhere |
| `status` | the level id of the assessment used (commitments); ordered, lowest first |
| `score` | 0-100, `NaN` when missing (with a verdict blend: the blended score) |
| `grade` | the letter grade, `NaN` when the score is missing; ordered, worst first |
| `rollup` | the roll-up from commitments before any verdict blend (overall and pillars) |
| `coverage` | share of weight assessed, in [0, 1] (a commitment: 1 or 0) |
| `coverage_current` | coverage by current readings (overall, pillars) |
| `coverage_carried` | coverage by carried-forward readings; the two sum to `coverage` |
| `weight` | normalised weight within its parent (`NaN` for overall and parties) |
| `effective_weight` | share of the overall score (1 for overall; `NaN` for parties) |
| `sources` | distinct sources behind it (nullable integer) |
| `outcome_share` | share resting on outcome (not output) evidence, `NaN` if unknown |
| `carried_forward` | a later source reviewing its pillar left the reading unrenewed |
| `age_days` | days from a commitment's reading to the reference day (nullable integer) |
| `verdict_level` | the level of the source's own verdict (overall, pillars, parties) |
| `verdict_grade`, `verdict_score` | that level's grade (ordered as `grade`) and value on 0-100 |
| `verdict_source`, `verdict_as_of` | who gave the verdict, and when (a datetime, as `as_of`) |
| `bands_apart` | grade bands between the roll-up and the verdict (nullable integer) |
| `divergent` | more than one band apart (nullable boolean) |
| `explained` | the data says in writing why they differ (nullable boolean) |

Grades (`grade`, `verdict_grade`) are ordered categoricals, worst first, so that
``df.grade >= "B"`` means "B or better"; levels (`status`, `verdict_level`) are
ordered by the scale, lowest first. A result read back from JSON has no programme:
its grades are then ordered by the scores that got them, and its levels are plain
categories.

**Comparison and timeline frames** (``Comparison.to_frame()``,
``Timeline.to_frame()``) stack result frames, with the same columns: one row per
weighting (named as given to ``scorecard.compare``, in `weighting`) or per as-of
date (`as_of`), and entity.

**Wide comparison frame** (``Comparison.to_frame(wide=True)``): one row per entity,
indexed by (`level`, `id`), with `title` and then two column levels: the variable
(`score`, `grade`, `coverage`, `weight`, `effective_weight`) and the weighting, so
that ``df["score"]`` holds one column of scores per weighting, side by side.

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
| `as_of_before`, `as_of_after` | the two as-of dates, datetimes as `as_of` (`NaT`: latest) |
| `level` | `"overall"` or `"pillar"`: the change this row explains |
| `id` | `"overall"` or the pillar's id |
| `pillar` | the pillar of the contributing commitment |
| `commitment` | the commitment, `None` when a pillar itself entered, left or moved weight |
| `status_before`, `status_after` | its status (level id) before and after, `None` if unassessed |
| `score_before`, `score_after` | its score before and after, `NaN` if missing |
| `amount` | points of the level's change owed to it; per level they sum to the change |
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scorecard.errors import ScorecardError

if TYPE_CHECKING:
    import pandas as pd

    from scorecard.analysis import Comparison, Explanation, Timeline
    from scorecard.dates import PartialDate
    from scorecard.result import (
        CommitmentResult,
        Divergence,
        ObjectiveResult,
        PartyResult,
        PillarResult,
        Result,
        VerdictResult,
    )
    from scorecard.robustness import SensitivityResult

__all__ = [
    "EXPLANATION_COLUMNS",
    "RESULT_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "WIDE_VARIABLES",
    "comparison_frame",
    "comparison_wide_frame",
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
    "as_of_label",
    "level",
    "id",
    "title",
    "pillar",
    "objective",
    "party",
    "parties",
    "status",
    "score",
    "grade",
    "rollup",
    "coverage",
    "coverage_current",
    "coverage_carried",
    "weight",
    "effective_weight",
    "sources",
    "outcome_share",
    "carried_forward",
    "age_days",
    "verdict_level",
    "verdict_grade",
    "verdict_score",
    "verdict_source",
    "verdict_as_of",
    "bands_apart",
    "divergent",
    "explained",
)

_NAN = math.nan


def require_pandas(what: str = "to_frame()") -> Any:
    """The pandas module, or a :class:`ScorecardError` saying how to install it."""
    try:
        import pandas
    except ImportError as exc:
        from scorecard._extras import needs

        raise ScorecardError(needs(what, "pandas")) from exc
    return pandas


def _num(value: float | None) -> float:
    return _NAN if value is None else float(value)


def result_records(result: Result) -> list[dict[str, Any]]:
    """The rows of :func:`result_frame` as plain dicts (no pandas needed): the overall
    score, then each pillar followed by its objectives and its commitments, then the
    parties."""
    prov = result.provenance
    common = {
        "weighting": prov.weighting,
        "as_of": _day(prov.as_of),
        "as_of_label": None if prov.as_of is None else prov.as_of.isoformat(),
    }
    rows = [{**common, **_overall_row(result)}]
    for p in result.pillars:
        rows.append({**common, **_pillar_row(p)})
        rows.extend({**common, **_objective_row(p, o)} for o in p.objectives)
        rows.extend({**common, **_commitment_row(c)} for c in p.commitments)
    rows.extend({**common, **_party_row(q)} for q in result.parties)
    return rows


def _blank() -> dict[str, Any]:
    """Every column of a result row at its "does not apply" value."""
    return {
        "pillar": None,
        "objective": None,
        "party": None,
        "parties": None,
        "status": None,
        "rollup": _NAN,
        "coverage_current": _NAN,
        "coverage_carried": _NAN,
        "weight": _NAN,
        "effective_weight": _NAN,
        "sources": None,
        "outcome_share": _NAN,
        "carried_forward": None,
        "age_days": None,
        **_verdict_columns(None, None),
    }


def _verdict_columns(
    verdict: VerdictResult | None, divergence: Divergence | None
) -> dict[str, Any]:
    return {
        "verdict_level": None if verdict is None else verdict.level,
        "verdict_grade": None if verdict is None else verdict.grade,
        "verdict_score": _NAN if verdict is None else verdict.value,
        "verdict_source": None if verdict is None else verdict.source,
        "verdict_as_of": None if verdict is None else _day(verdict.as_of),
        "bands_apart": None if divergence is None else divergence.bands_apart,
        "divergent": None if divergence is None else divergence.divergent,
        "explained": None if divergence is None else divergence.explained,
    }


def _overall_row(result: Result) -> dict[str, Any]:
    o = result.overall
    return {
        **_blank(),
        "level": "overall",
        "id": "overall",
        "title": result.programme_title,
        "score": _num(o.score),
        "grade": o.grade,
        "rollup": _num(o.rollup),
        "coverage": o.coverage,
        "coverage_current": o.coverage_current,
        "coverage_carried": o.coverage_carried,
        "effective_weight": 1.0,
        "sources": o.sources,
        "outcome_share": _num(o.outcome_share),
        **_verdict_columns(o.verdict, o.divergence),
    }


def _pillar_row(p: PillarResult) -> dict[str, Any]:
    return {
        **_blank(),
        "level": "pillar",
        "id": p.id,
        "title": p.title,
        "pillar": p.id,
        "score": _num(p.score),
        "grade": p.grade,
        "rollup": _num(p.rollup),
        "coverage": p.coverage,
        "coverage_current": p.coverage_current,
        "coverage_carried": p.coverage_carried,
        "weight": p.weight,
        "effective_weight": p.effective_weight,
        "sources": p.sources,
        "outcome_share": _num(p.outcome_share),
        **_verdict_columns(p.verdict, p.divergence),
    }


def _objective_row(p: PillarResult, o: ObjectiveResult) -> dict[str, Any]:
    return {
        **_blank(),
        "level": "objective",
        "id": o.id,
        "title": o.title,
        "pillar": p.id,
        "objective": o.id,
        "score": _num(o.score),
        "grade": o.grade,
        "coverage": o.coverage,
        "weight": o.weight,
        "effective_weight": o.effective_weight,
    }


def _commitment_row(c: CommitmentResult) -> dict[str, Any]:
    return {
        **_blank(),
        "level": "commitment",
        "id": c.id,
        "title": c.title,
        "pillar": c.pillar,
        "objective": c.objective,
        "party": ",".join(c.parties),
        "parties": list(c.parties),
        "status": c.status,
        "score": _num(c.score),
        "grade": c.grade,
        "coverage": 0.0 if c.score is None else 1.0,
        "weight": c.weight,
        "effective_weight": c.effective_weight,
        "sources": c.sources,
        "outcome_share": _num(c.outcome_share),
        "carried_forward": c.carried_forward,
        "age_days": c.age_days,
    }


def _party_row(q: PartyResult) -> dict[str, Any]:
    return {
        **_blank(),
        "level": "party",
        "id": q.party,
        "title": q.label,
        "party": q.party,
        "parties": [q.party],
        "score": _num(q.score),
        "grade": q.grade,
        "coverage": q.coverage,
        **_verdict_columns(q.verdict, None),
    }


def frame(rows: Iterable[Mapping[str, Any]], columns: Iterable[str], what: str) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``, in that order."""
    pandas = require_pandas(what)
    df: pd.DataFrame = pandas.DataFrame.from_records(list(rows), columns=list(columns))
    return df


def _typed(df: pd.DataFrame, results: Sequence[Result]) -> None:
    """The dtypes of a result frame: nullable counts and flags (missing stays missing),
    datetimes for dates, ordered categoricals for grades and levels."""
    pandas = require_pandas()
    for column in ("sources", "age_days", "bands_apart"):
        df[column] = df[column].astype("Int64")
    for column in ("carried_forward", "divergent", "explained"):
        df[column] = df[column].astype("boolean")
    for column in ("as_of", "verdict_as_of"):
        df[column] = pandas.to_datetime(df[column])
    grades = _grade_order(df, results)
    levels = _level_order(results)
    for column in ("grade", "verdict_grade"):
        df[column] = pandas.Categorical(df[column], categories=grades, ordered=True)
    for column in ("status", "verdict_level"):
        if levels is None:
            df[column] = df[column].astype("category")
        else:
            df[column] = pandas.Categorical(df[column], categories=levels, ordered=True)


def _day(date: PartialDate | None) -> _dt.date | None:
    """The last day a date can mean (the day it counts from), for a datetime column."""
    return None if date is None else date.last


def _grade_order(df: pd.DataFrame, results: Sequence[Result]) -> list[str]:
    """The grades worst first: the programme's bands, or (without the programme) the
    grades seen, by the lowest score that got each."""
    for result in results:
        if result.programme is not None:
            return list(reversed(result.programme.grades.grades))
    lowest: dict[str, float] = {}
    for grade, value in zip(df["grade"], df["score"], strict=True):
        if isinstance(grade, str) and not math.isnan(value):
            lowest[grade] = min(value, lowest.get(grade, value))
    seen = {g for g in df["verdict_grade"] if isinstance(g, str)} - set(lowest)
    return sorted(lowest, key=lambda g: (lowest[g], g)) + sorted(seen)


def _level_order(results: Sequence[Result]) -> list[str] | None:
    """The scale's level ids, lowest first (``None`` without the programme)."""
    for result in results:
        if result.programme is not None:
            return list(result.programme.scale.ids)
    return None


def result_frame(result: Result) -> pd.DataFrame:
    """One row per entity of a result; the columns are documented in this module."""
    df = frame(result_records(result), RESULT_COLUMNS, "Result.to_frame()")
    _typed(df, [result])
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
    _typed(df, comparison.results)
    return df


WIDE_VARIABLES: tuple[str, ...] = ("score", "grade", "coverage", "weight", "effective_weight")
"""The variables of a wide comparison frame, each with one column per weighting."""


def comparison_wide_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per entity, indexed by (``level``, ``id``): ``title``, then each of
    :data:`WIDE_VARIABLES` with one column per weighting (a two-level column index)."""
    pandas = require_pandas("Comparison.to_frame(wide=True)")
    long = comparison_frame(comparison)
    keys = ["level", "id"]
    order = long.drop_duplicates(keys)[[*keys, "title"]]
    parts = {
        variable: long.pivot(index=keys, columns="weighting", values=variable).reindex(
            columns=list(comparison.names)
        )
        for variable in WIDE_VARIABLES
    }
    wide: pd.DataFrame = pandas.concat(parts, axis=1)
    wide.columns.names = ["variable", "weighting"]
    index = pandas.MultiIndex.from_frame(order[keys])
    wide = wide.reindex(index)
    wide.insert(0, ("title", ""), order["title"].to_numpy())
    for name in comparison.names:
        column = ("grade", name)
        wide[column] = wide[column].astype(long["grade"].dtype)
    return wide


def timeline_frame(timeline: Timeline) -> pd.DataFrame:
    """One row per as-of date and entity, oldest date first."""
    rows = [row for result in timeline.results for row in result_records(result)]
    df = frame(rows, RESULT_COLUMNS, "Timeline.to_frame()")
    _typed(df, timeline.results)
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
        "as_of_before": _day(explanation.as_of_before),
        "as_of_after": _day(explanation.as_of_after),
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
    df = frame(rows, EXPLANATION_COLUMNS, "Explanation.to_frame()")
    pandas = require_pandas()
    for column in ("as_of_before", "as_of_after"):
        df[column] = pandas.to_datetime(df[column])
    return df
