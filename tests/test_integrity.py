"""Cross-reference rules (scorecard.integrity): one test per rule, each naming file and path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from dataset_support import EXAMPLE, copy_example, edit

import scorecard
from scorecard.errors import DataError, Problem
from scorecard.integrity import check


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def problem_at(root: Path, file: str, path: str, today: dt.date | None = None) -> Problem:
    with pytest.raises(DataError) as info:
        scorecard.load(root, today=today)
    found = [p for p in info.value.problems if p.file == file and p.path == path]
    assert found, f"no problem at {file}: {path} in {info.value.lines()}"
    return found[0]


def test_commitment_ids_are_unique_across_files(example: Path) -> None:
    edit(example, "pillars/governance.toml", 'id = "governance.tariffs"', 'id = "access.kiosks"')
    problem = problem_at(example, "pillars/governance.toml", "commitments[0].id")
    assert "'access.kiosks' is already used by pillars/access.toml: commitments[1]" in (
        problem.message
    )


def test_source_ids_are_unique(example: Path) -> None:
    edit(example, "sources.toml", 'id = "review-2016"', 'id = "progress-2015"')
    assert "already used" in problem_at(example, "sources.toml", "sources[2].id").message


def test_weighting_ids_are_unique(example: Path) -> None:
    edit(example, "programme.toml", 'id = "health-first"', 'id = "equal"')
    assert "already used" in problem_at(example, "programme.toml", "weightings[1].id").message


def test_indicator_ids_are_unique(example: Path) -> None:
    edit(example, "pillars/quality.toml", 'id = "samples-failing"', 'id = "households-connected"')
    problem = problem_at(example, "pillars/quality.toml", "commitments[0].indicators[0].id")
    assert "already used" in problem.message


def test_a_citation_names_a_known_source(example: Path) -> None:
    edit(
        example,
        "pillars/governance.toml",
        '{ source = "review-2016", quote = "No utility',
        '{ source = "review-2061", quote = "No utility',
    )
    path = "commitments[0].assessments[0].evidence[0].source"
    problem = problem_at(example, "pillars/governance.toml", path)
    assert "unknown source 'review-2061'" in problem.message
    assert "governance.tariffs" in problem.message


def test_a_status_is_a_level_of_the_scale(example: Path) -> None:
    edit(example, "pillars/governance.toml", 'status = "stalled"', 'status = "partial"')
    problem = problem_at(example, "pillars/governance.toml", "commitments[0].assessments[0].status")
    assert problem.message == (
        "'partial' is not a level of the scale "
        "(levels: no-evidence, stalled, limited, progressing, achieved)"
    )


def test_a_pillar_file_names_a_known_pillar(example: Path) -> None:
    edit(example, "pillars/governance.toml", 'pillar = "governance"', 'pillar = "govern"')
    problem = problem_at(example, "pillars/governance.toml", "pillar")
    assert "'govern' is not a pillar of programme.toml" in problem.message
    missing = problem_at(example, "programme.toml", "pillars[2]")
    assert "has no commitments file" in missing.message


def test_an_empty_pillar_is_an_error(example: Path) -> None:
    (example / "pillars" / "governance.toml").write_text('pillar = "governance"\n', "utf-8")
    problem = problem_at(example, "pillars/governance.toml", "commitments")
    assert "no commitments" in problem.message


def test_no_hindsight(example: Path) -> None:
    edit(
        example,
        "pillars/quality.toml",
        'as_of = "2015"\nvalue = 30',
        'as_of = "2014-12"\nvalue = 30',
    )
    path = "commitments[0].indicators[0].observations[0].evidence[0].source"
    problem = problem_at(example, "pillars/quality.toml", path)
    assert "'progress-2015', published 2015" in problem.message
    assert "no hindsight" in problem.message


def test_stated_in_citations_are_exempt_from_hindsight() -> None:
    # Promises cite the 2014 declaration; moving it to 2030 breaks assessments only.
    programme = scorecard.load(EXAMPLE)
    late = attrs.evolve(programme.sources[0], published=scorecard.PartialDate(2016, 12))
    problems = check(attrs.evolve(programme, sources=(late, *programme.sources[1:])))
    assert [p.path for p in problems] == ["commitments[1].assessments[0].evidence[0].source"]
    assert problems[0].file == "pillars/governance.toml"


def test_assessments_of_a_commitment_have_distinct_dates(example: Path) -> None:
    edit(
        example,
        "pillars/governance.toml",
        'as_of = "2016-11"\nstatus = "progressing"',
        'as_of = "2014-03-10"\nstatus = "progressing"',
    )
    problem = problem_at(example, "pillars/governance.toml", "commitments[1].assessments[1].as_of")
    assert "already has an assessment as of 2014-03-10" in problem.message


def test_future_dates_are_errors(example: Path) -> None:
    problem = problem_at(example, "sources.toml", "sources[2].published", dt.date(2016, 10, 31))
    assert "in the future" in problem.message
    problem = problem_at(
        example, "pillars/access.toml", "commitments[0].assessments[1].as_of", dt.date(2016, 10, 31)
    )
    assert "in the future" in problem.message
    # A partial date is in the future only when its first day is.
    scorecard.load(example, today=dt.date(2016, 11, 1))


def test_weights_are_finite_and_not_negative(example: Path) -> None:
    edit(example, "programme.toml", "quality = 2,", "quality = -2,")
    problem = problem_at(example, "programme.toml", "weightings[1]")
    assert "finite and >= 0" in problem.message


def test_weights_not_all_zero_within_a_group(example: Path) -> None:
    edit(
        example,
        "programme.toml",
        "pillars = { access = 1, quality = 2, governance = 0.5 }",
        "pillars = { access = 0, quality = 0, governance = 0.5 }",
    )
    problem = problem_at(example, "programme.toml", "weightings[1].pillars")
    assert "every pillar weight 0" in problem.message


def test_commitment_weights_not_all_zero_within_a_pillar(example: Path) -> None:
    edit(
        example,
        "programme.toml",
        'commitments = { "quality.testing" = 2 }',
        'commitments = { "access.connections" = 0, "access.kiosks" = 0 }',
    )
    problem = problem_at(example, "programme.toml", "weightings[1].commitments")
    assert "pillar 'access'" in problem.message


def test_weighting_ids_refer_to_known_pillars_and_commitments(example: Path) -> None:
    edit(
        example,
        "programme.toml",
        'commitments = { "quality.testing" = 2 }',
        'commitments = { "quality.tests" = 2 }',
    )
    edit(example, "programme.toml", "governance = 0.5 }", "governance = 0.5, qualty = 1 }")
    assert (
        "not a pillar"
        in problem_at(example, "programme.toml", "weightings[1].pillars.qualty").message
    )
    problem = problem_at(example, "programme.toml", "weightings[1].commitments.quality.tests")
    assert "not a commitment" in problem.message


def test_default_weighting_exists(example: Path) -> None:
    edit(example, "programme.toml", 'default_weighting = "equal"', 'default_weighting = "equals"')
    problem = problem_at(example, "programme.toml", "default_weighting")
    assert "'equals' is not a weighting" in problem.message


def test_source_checksums_match(example: Path) -> None:
    path = example / "sources" / "2016-11-mid-term-review.txt"
    path.write_bytes(path.read_bytes() + b"Appendix.\n")
    problem = problem_at(example, "sources.toml", "sources[2].sha256")
    assert "does not match sources/2016-11-mid-term-review.txt" in problem.message


def test_check_accepts_the_example() -> None:
    assert check(scorecard.load(EXAMPLE)) == []
