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
    assert set(df["as_of_label"]) == {"2022-06"}
    assert set(df["as_of"]) == {pd.Timestamp("2022-06-30")}  # the last day it can mean
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


def _issue10(result: Result) -> Result:
    """``result`` with what the engine adds for issue 10, set by hand: two objectives in
    the first pillar, a divergent verdict on it, and a carried-forward commitment."""
    import attrs

    from scorecard.dates import PartialDate
    from scorecard.result import Divergence, ObjectiveResult, VerdictResult

    pr = result.pillars[0]
    ids = [c.id for c in pr.commitments]
    commitments = tuple(
        attrs.evolve(
            c,
            objective="o1" if i == 0 else "o2",
            carried_forward=i == 0,
            age_days=400 if i == 0 else 10,
        )
        for i, c in enumerate(pr.commitments)
    )
    objectives = (
        ObjectiveResult("o1", "One", 75.0, "B", 1.0, 0.6, 0.3, (ids[0],)),
        ObjectiveResult("o2", "Two", None, None, 0.0, 0.4, 0.2, tuple(ids[1:])),
    )
    verdict = VerdictResult(
        pr.id, "stalled", "Stalled", 0.0, "F", "src", PartialDate(2022, 5), "q", "r", "why"
    )
    pillar = attrs.evolve(
        pr,
        commitments=commitments,
        objectives=objectives,
        rollup=pr.score,
        verdict=verdict,
        divergence=Divergence(3, True, True, "why"),
        coverage_current=0.25,
        coverage_carried=0.75,
    )
    return attrs.evolve(result, pillars=(pillar, *result.pillars[1:]))


def test_result_frame_carries_objectives_verdicts_and_carried_forward_readings(
    result: Result,
) -> None:
    changed = _issue10(result)
    df = changed.to_frame()
    assert tuple(df.columns) == RESULT_COLUMNS
    assert df["level"].value_counts()["objective"] == 2
    rows = df.set_index(["level", "id"])
    pillar = changed.pillars[0]
    one = rows.loc[("objective", "o1")]
    assert (one["pillar"], one["objective"], one["score"], one["grade"]) == (
        pillar.id,
        "o1",
        75.0,
        "B",
    )
    assert (one["weight"], one["effective_weight"]) == (0.6, 0.3)
    assert math.isnan(rows.loc[("objective", "o2"), "score"])
    first = rows.loc[("commitment", pillar.commitments[0].id)]
    assert first["objective"] == "o1"
    assert first["carried_forward"]
    assert first["age_days"] == 400
    assert list(first["parties"]) == list(pillar.commitments[0].parties)
    assert first["party"] == ",".join(pillar.commitments[0].parties)
    p = rows.loc[("pillar", pillar.id)]
    assert (p["verdict_level"], p["verdict_grade"], p["verdict_score"]) == ("stalled", "F", 0.0)
    assert (p["verdict_source"], p["verdict_as_of"]) == ("src", pd.Timestamp("2022-05-31"))
    assert (p["bands_apart"], p["divergent"], p["explained"]) == (3, True, True)
    assert (p["coverage_current"], p["coverage_carried"]) == (0.25, 0.75)
    assert p["rollup"] == pillar.score
    # where a field does not apply it is missing, never a made-up value
    other = rows.loc[("pillar", changed.pillars[1].id)]
    assert pd.isna(other["verdict_grade"])
    assert pd.isna(other["bands_apart"])
    assert pd.isna(rows.loc[("overall", "overall"), "carried_forward"])
    for column in ("age_days", "bands_apart", "sources"):
        assert str(df[column].dtype) == "Int64", column
    for column in ("carried_forward", "divergent", "explained"):
        assert str(df[column].dtype) == "boolean", column
    for q in changed.parties:
        assert list(rows.loc[("party", q.party), "parties"]) == [q.party]


def test_without_pandas_the_error_says_what_to_install(
    result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ScorecardError, match=r"install 'pandas>=2\.2' .*-e '\.\[pandas\]'"):
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
    with pytest.raises(ScorecardError, match=r"install 'pandas>=2\.2'"):
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
    assert list(df["as_of_label"].unique()) == [d.isoformat() for d in timeline.dates]
    assert list(df["as_of"].unique()) == [pd.Timestamp(d.last) for d in timeline.dates]
    overall = df[df["level"] == "overall"]["score"].tolist()
    assert overall == [r.overall.score for r in timeline.results]


def test_explanation_frame_sums_to_each_change(programme: Programme) -> None:
    timeline = scorecard.timeline(programme)
    change = scorecard.explain(timeline.results[0], timeline.results[-1])
    df = change.to_frame()
    assert tuple(df.columns) == EXPLANATION_COLUMNS
    assert set(df["as_of_before"]) == {pd.Timestamp("2021-12-31")}
    sums = df.groupby(["level", "id"])["amount"].sum()
    assert sums[("overall", "overall")] == pytest.approx(change.overall.change)
    for pillar in change.pillars:
        if pillar.contributions:
            assert sums[("pillar", pillar.id)] == pytest.approx(pillar.change)


# -- dtypes a notebook user can compute with -------------------------------------------


def test_grades_and_levels_are_ordered_categoricals(programme: Programme, result: Result) -> None:
    df = result.to_frame()
    grade = df["grade"].dtype
    assert isinstance(grade, pd.CategoricalDtype)
    assert grade.ordered
    assert list(grade.categories) == list(reversed(programme.grades.grades))  # worst first
    status = df["status"].dtype
    assert isinstance(status, pd.CategoricalDtype)
    assert status.ordered
    assert list(status.categories) == list(programme.scale.ids)  # lowest first
    # "B or better" is a comparison, not a list of letters
    better = df[(df["level"] == "commitment") & (df["grade"] >= "B")]["id"].tolist()
    expected = [c.id for p in result.pillars for c in p.commitments if c.grade in ("A", "B")]
    assert better == expected
    assert df["verdict_grade"].dtype == grade


def test_dates_are_datetime_columns_and_latest_is_nat(programme: Programme) -> None:
    df = scorecard.score(programme).to_frame()
    assert pd.api.types.is_datetime64_any_dtype(df["as_of"])
    assert df["as_of"].isna().all()
    assert df["as_of_label"].isna().all()
    assert pd.api.types.is_datetime64_any_dtype(df["verdict_as_of"])


def test_a_result_read_back_orders_grades_by_score(result: Result) -> None:
    back = Result.from_json(result.to_json())
    df = back.to_frame()
    categories = list(df["grade"].dtype.categories)
    lowest = df.dropna(subset=["grade"]).groupby("grade", observed=True)["score"].min()
    assert categories == sorted(categories, key=lambda g: lowest[g])
    assert set(categories) == set(df["grade"].dropna())


def test_a_wide_comparison_has_one_column_per_weighting(programme: Programme) -> None:
    comparison = scorecard.compare(programme, {"designed": "designed", "mine": {"warning": 3}})
    long = comparison.to_frame()
    wide = comparison.to_frame(wide=True)
    entities = long[long["weighting"] == "designed"]
    assert list(wide.index) == list(zip(entities["level"], entities["id"], strict=True))
    assert list(wide["score"].columns) == ["designed", "mine"]
    for name in ("designed", "mine"):
        rows = long[long["weighting"] == name].set_index(["level", "id"])
        pd.testing.assert_series_equal(wide[("score", name)], rows["score"], check_names=False)
        assert wide[("grade", name)].tolist() == rows["grade"].tolist()
    assert wide.loc[("overall", "overall"), ("score", "mine")] == (
        comparison.result("mine").overall.score
    )
    assert wide[("title", "")].iloc[0] == programme.title
    assert wide[("grade", "mine")].dtype.ordered


def test_a_wrong_wide_flag_is_a_type_error(programme: Programme) -> None:
    comparison = scorecard.compare(programme, ["designed"])
    with pytest.raises(TypeError, match="wide= must be True or False"):
        comparison.to_frame(wide="yes")  # type: ignore[arg-type]
