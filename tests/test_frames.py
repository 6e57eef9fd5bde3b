"""Tidy DataFrames (``to_frame()``), and the message when pandas is missing."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

import scorecard
from scorecard.errors import ScorecardError
from scorecard.frames import RESULT_COLUMNS
from scorecard.model import Programme
from scorecard.result import Result

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
    assert deploy["party"] == "joint"
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
