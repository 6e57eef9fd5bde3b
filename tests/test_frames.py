"""Tidy DataFrames (``to_frame()``), and the message when pandas is missing."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

import scorecard
from scorecard.errors import ScorecardError
from scorecard.frames import EXPLANATION_COLUMNS, RESULT_COLUMNS, SENSITIVITY_COLUMNS
from scorecard.model import Programme
from scorecard.result import Result
from scorecard.robustness import SensitivityResult

NEWCOMER = Path(__file__).parent / "data" / "newcomer"


@pytest.fixture(scope="module")
def programme() -> Programme:
    return scorecard.load(NEWCOMER)


@pytest.fixture(scope="module")
def result(programme: Programme) -> Result:
    return scorecard.score(programme, as_of="2022-06")


def test_result_frame_has_one_row_per_entity(result: Result) -> None:
    df = result.to_frame()
    assert tuple(df.columns) == RESULT_COLUMNS
    commitments = sum(len(p.commitments) for p in result.pillars)
    assert len(df) == 1 + len(result.pillars) + commitments + len(result.parties)
    assert df["level"].value_counts().to_dict() == {
        "overall": 1,
        "pillar": 2,
        "commitment": commitments,
        "party": len(result.parties),
    }
    assert set(df["as_of"]) == {"2022-06"}
    assert set(df["weighting"]) == {"designed"}
    assert not df.duplicated(["level", "id"]).any()


def test_result_frame_values_are_the_results(result: Result) -> None:
    df = result.to_frame().set_index(["level", "id"])
    assert df.loc[("overall", "overall"), "score"] == result.overall.score
    assert df.loc[("overall", "overall"), "grade"] == result.overall.grade
    for p in result.pillars:
        row = df.loc[("pillar", p.id)]
        assert row["score"] == p.score
        assert row["coverage"] == p.coverage
        assert row["effective_weight"] == p.effective_weight
    deploy = df.loc[("commitment", "crews.deploy")]
    assert deploy["pillar"] == "crews"
    assert deploy["party"] == "united-states,mexico"
    assert deploy["status"] == "substantial"
    # The never-assessed commitment is missing, not zero.
    maintenance = df.loc[("commitment", "warning.maintenance")]
    assert math.isnan(maintenance["score"])
    assert pd.isna(maintenance["grade"])
    assert maintenance["coverage"] == 0.0
    # Effective weights of all commitments add up to the whole overall score.
    commitments = df.xs("commitment", level="level")
    assert commitments["effective_weight"].sum() == pytest.approx(1.0)
    assert str(df["sources"].dtype) == "Int64"


def test_result_frame_is_numeric_where_it_should_be(result: Result) -> None:
    df = result.to_frame()
    for column in ("score", "coverage", "weight", "effective_weight", "outcome_share"):
        assert pd.api.types.is_float_dtype(df[column]), column


def test_without_pandas_the_error_says_what_to_install(
    result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ScorecardError, match=r"scorecard\[pandas\]"):
        result.to_frame()


@pytest.fixture(scope="module")
def sens(programme: Programme) -> SensitivityResult:
    return scorecard.sensitivity(programme, draws=500, seed=7, spread=0.3)


def test_sensitivity_frame_summarises_each_entity(sens: SensitivityResult) -> None:
    df = sens.to_frame()
    grades = ["A", "B", "C", "D", "F"]
    assert list(df.columns) == [
        *SENSITIVITY_COLUMNS,
        *(f"p_{g}" for g in grades),
        "rank_1",
        "rank_2",
    ]
    assert list(df["id"]) == ["overall", "crews", "warning"]
    assert set(df["draws"]) == {500}
    assert set(df["seed"]) == {7}
    by_id = df.set_index("id")
    assert by_id.loc["overall", "median"] == sens.overall.median
    assert by_id.loc["crews", "p95"] == sens.pillar("crews").p95
    assert by_id.loc["warning", "base_score"] == sens.base.pillar("warning").score
    # Grade shares of each row and rank shares of each pillar are distributions.
    assert df[[f"p_{g}" for g in grades]].sum(axis=1).tolist() == pytest.approx([1.0] * 3)
    ranks = by_id.loc[["crews", "warning"], ["rank_1", "rank_2"]]
    assert ranks.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])
    assert ranks.sum(axis=0).tolist() == pytest.approx([1.0, 1.0])
    assert by_id.loc[["overall"], ["rank_1", "rank_2"]].isna().all(axis=None)


def test_sensitivity_frame_without_pandas(
    sens: SensitivityResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ScorecardError, match=r"install .*scorecard\[pandas\]"):
        sens.to_frame()


def test_comparison_and_timeline_frames_stack_result_frames(programme: Programme) -> None:
    comparison = scorecard.compare(programme, {"designed": "designed", "mine": {"warning": 3}})
    df = comparison.to_frame()
    assert tuple(df.columns) == RESULT_COLUMNS
    assert list(df["weighting"].unique()) == ["designed", "mine"]
    mine = df[(df["weighting"] == "mine") & (df["level"] == "overall")]
    assert mine["score"].item() == comparison.result("mine").overall.score

    timeline = scorecard.timeline(programme)
    df = timeline.to_frame()
    assert list(df["as_of"].unique()) == [d.isoformat() for d in timeline.dates]
    overall = df[df["level"] == "overall"]["score"].tolist()
    assert overall == [r.overall.score for r in timeline.results]


def test_explanation_frame_sums_to_each_change(programme: Programme) -> None:
    timeline = scorecard.timeline(programme)
    change = scorecard.explain(timeline.results[0], timeline.results[-1])
    df = change.to_frame()
    assert tuple(df.columns) == EXPLANATION_COLUMNS
    assert set(df["as_of_before"]) == {"2021"}
    sums = df.groupby(["level", "id"])["amount"].sum()
    assert sums[("overall", "overall")] == pytest.approx(change.overall.change)
    for pillar in change.pillars:
        if pillar.contributions:
            assert sums[("pillar", pillar.id)] == pytest.approx(pillar.change)
