"""Cross-reference rules (scorecard.integrity): one test per rule, each naming file and path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from dataset_support import EXAMPLE, add_new_kinds_of_data, copy_example, edit

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
        "(levels: no-evidence, stalled, limited, progressing, achieved); fix the status"
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


# -- parties, objectives, verdicts, requires, periods, codings (issue 10) ----------


@pytest.fixture
def rich(example: Path) -> Path:
    """The example with one of everything issue 10 added (it loads cleanly)."""
    add_new_kinds_of_data(example)
    scorecard.load(example)
    return example


def test_a_party_must_be_declared(example: Path) -> None:
    edit(example, "pillars/access.toml", 'parties = ["mexico"]', 'parties = ["mexco"]')
    problem = problem_at(example, "pillars/access.toml", "commitments[0].parties[0]")
    assert problem.message == (
        "commitment 'access.connections': party 'mexco' is not declared (parties: "
        "united-states, mexico); did you mean 'mexico'? use a declared id or add a "
        "[[parties]] entry to programme.toml"
    )


def test_party_ids_are_unique(example: Path) -> None:
    edit(example, "programme.toml", 'id = "mexico"', 'id = "united-states"')
    problem = problem_at(example, "programme.toml", "parties[1].id")
    assert "party id 'united-states' is already used by parties[0]" in problem.message


def test_a_pillar_with_objectives_puts_every_commitment_under_one(rich: Path) -> None:
    edit(rich, "pillars/access.toml", 'objective = "access.rural"\n', "")
    problem = problem_at(rich, "pillars/access.toml", "commitments[1].objective")
    assert "pillar 'access' groups its commitments under objectives" in problem.message
    assert 'objective = "access.homes"' in problem.message


def test_an_unknown_objective_is_named_with_a_hint(rich: Path) -> None:
    edit(rich, "pillars/access.toml", 'objective = "access.rural"', 'objective = "access.rura"')
    problem = problem_at(rich, "pillars/access.toml", "commitments[1].objective")
    assert "'access.rura' is not an objective of pillar 'access'" in problem.message
    assert "did you mean 'access.rural'?" in problem.message


def test_a_commitment_serves_an_objective_of_its_own_pillar(rich: Path) -> None:
    edit(
        rich,
        "pillars/quality.toml",
        'parties = ["united-states", "mexico"]\n',
        'parties = ["united-states", "mexico"]\nobjective = "access.homes"\n',
    )
    problem = problem_at(rich, "pillars/quality.toml", "commitments[0].objective")
    assert "belongs to pillar 'access', not 'quality'" in problem.message


def test_objective_ids_are_unique_across_pillars(rich: Path) -> None:
    text = (rich / "pillars" / "quality.toml").read_text("utf-8")
    text = text.replace(
        'pillar = "quality"\n',
        'pillar = "quality"\n\n[[objectives]]\nid = "access.homes"\ntitle = "Twice"\n',
    )
    text = text.replace(
        'parties = ["united-states", "mexico"]\n',
        'parties = ["united-states", "mexico"]\nobjective = "access.homes"\n',
    )
    (rich / "pillars" / "quality.toml").write_text(text, "utf-8")
    problem = problem_at(rich, "pillars/quality.toml", "objectives[0].id")
    assert "objective id 'access.homes' is already used by pillars/access.toml" in (problem.message)


def test_objective_weights_name_objectives(rich: Path) -> None:
    edit(rich, "programme.toml", '"access.homes" = 3', '"access.home" = 3')
    path = "weightings[1].objectives.access.home"
    problem = problem_at(rich, "programme.toml", path)
    assert "'access.home' is not an objective" in problem.message
    assert "did you mean 'access.homes'?" in problem.message


def test_objective_weights_are_not_negative(rich: Path) -> None:
    # refused where the weighting is read, like pillar and commitment weights
    edit(rich, "programme.toml", '"access.homes" = 3', '"access.homes" = -1')
    problem = problem_at(rich, "programme.toml", "weightings[1]")
    assert "objectives.access.homes: a weight must be finite and >= 0, not -1" in problem.message


def test_objective_weights_not_all_zero_within_a_pillar(rich: Path) -> None:
    edit(rich, "programme.toml", '"access.homes" = 3', '"access.homes" = 0, "access.rural" = 0')
    problem = problem_at(rich, "programme.toml", "weightings[1].objectives")
    assert "gives every objective of pillar 'access' weight 0" in problem.message


def test_commitment_weights_are_relative_within_their_objective(rich: Path) -> None:
    edit(
        rich,
        "programme.toml",
        '"quality.testing" = 2 }',
        '"quality.testing" = 2, "access.connections" = 0 }',
    )
    problem = problem_at(rich, "programme.toml", "weightings[1].commitments")
    assert "every commitment of objective 'access.homes' weight 0" in problem.message


def _problems(root: Path, today: dt.date | None = None) -> dict[tuple[str, str], str]:
    with pytest.raises(DataError) as info:
        scorecard.load(root, today=today)
    return {(p.file, p.path): p.message for p in info.value.problems}


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment"),
    [
        ('scope = "access"', 'scope = "acess"', "verdicts[1].scope", "did you mean 'access'?"),
        ('level = "limited"', 'level = "partial"', "verdicts[0].level", "not a level of the scale"),
        ('level = "limited"', 'level = "no-evidence"', "verdicts[0].level", "scores as missing"),
        ('party = "mexico"', 'party = "mexic"', "verdicts[1].party", "did you mean 'mexico'?"),
        ('scope = "access"', 'scope = "programme"', "verdicts[1]", ""),
    ],
)
def test_verdict_rules(rich: Path, old: str, new: str, path: str, fragment: str) -> None:
    edit(rich, "verdicts.toml", old, new)
    if path == "verdicts[1]":  # same scope and date, but one is a party's: both stand
        scorecard.load(rich)
        edit(rich, "verdicts.toml", 'party = "mexico"\n', "")
    problem = problem_at(rich, "verdicts.toml", path)
    assert fragment in problem.message
    if path == "verdicts[1]":
        assert problem.message == (
            "verdicts[0] is already a verdict on 'programme' as of 2016-11; keep one verdict "
            "per scope, party and date"
        )


def test_a_verdict_cites_no_later_source(rich: Path) -> None:
    edit(
        rich,
        "verdicts.toml",
        'as_of = "2016-11"\nlevel = "limited"',
        'as_of = "2016-10"\nlevel = "limited"',
    )
    problem = problem_at(rich, "verdicts.toml", "verdicts[0].evidence[0].source")
    assert problem.message.startswith(
        "this verdict on 'programme' is dated 2016-10 but cites 'review-2016', published "
        "2016-11 (no hindsight"
    )


def test_a_verdict_is_not_dated_in_the_future(rich: Path) -> None:
    problem = problem_at(rich, "verdicts.toml", "verdicts[0].as_of", today=dt.date(2016, 10, 1))
    assert "is in the future" in problem.message


def test_an_assessment_cites_the_evidence_its_level_requires(rich: Path) -> None:
    # quality.testing's achieved assessment of 2016-11 cites one output
    edit(
        rich,
        "pillars/quality.toml",
        'residents use it.", kind = "output" }',
        'residents use it.", kind = "statement" }',
    )
    problem = problem_at(rich, "pillars/quality.toml", "commitments[0].assessments[1].evidence")
    assert problem.message == (
        "commitment 'quality.testing': status 'achieved' needs evidence of kind output or "
        "outcome (the scale's rule); this assessment cites only statement: cite such "
        "evidence, or choose the level the evidence supports"
    )


def test_a_period_does_not_start_after_as_of(rich: Path) -> None:
    edit(rich, "pillars/access.toml", 'period = "2016-09"', 'period = "2016-12"')
    path = "commitments[0].indicators[0].observations[1].period"
    problem = problem_at(rich, "pillars/access.toml", path)
    assert "period after as_of" in problem.message
    assert "2016-12 starts after the figure was known (2016-11)" in problem.message


def test_observations_share_a_date_only_for_different_periods(rich: Path) -> None:
    edit(
        rich,
        "pillars/access.toml",
        'as_of = "2015"\nvalue = 12000',
        'as_of = "2016-11"\nperiod = "2015"\nvalue = 12000',
    )
    scorecard.load(rich)  # same as_of, different periods: fine
    edit(rich, "pillars/access.toml", 'period = "2015"', 'period = "2016-09"')
    problem = problem_at(
        rich, "pillars/access.toml", "commitments[0].indicators[0].observations[1]"
    )
    assert (
        "observations[0] already gives the figure known as of 2016-11 for the period 2016-09"
        in (problem.message)
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "path", "fragment"),
    [
        (
            "codings/round-1/ana.toml",
            'commitment = "access.connections"',
            'commitment = "access.conections"',
            "readings[0].commitment",
            "did you mean 'access.connections'?",
        ),
        (
            "codings/round-1/ana.toml",
            'scope = "programme"',
            'scope = "programe"',
            "readings[1].scope",
            "neither a pillar nor 'programme'",
        ),
        (
            "codings/round-1/ana.toml",
            'source = "review-2016"\ncommitment',
            'source = "review-2061"\ncommitment',
            "readings[0].source",
            "unknown source 'review-2061'",
        ),
        (
            "codings/round-1/ben.toml",
            'status = "limited"\nkind',
            'status = "partial"\nkind',
            "readings[0].status",
            "not a level of the scale",
        ),
        (
            "codings/adjudication.toml",
            "round = 1",
            "round = 2",
            "adjudications[0]",
            "no coding of round 2 reads commitment 'access.connections' in 'review-2016'",
        ),
        (
            "codings/adjudication.toml",
            'status = "progressing"',
            'status = "progresing"',
            "adjudications[0].status",
            "did you mean 'progressing'?",
        ),
    ],
)
def test_coding_rules(rich: Path, file: str, old: str, new: str, path: str, fragment: str) -> None:
    edit(rich, file, old, new)
    assert fragment in problem_at(rich, file, path).message


def test_a_round_needs_two_coders(rich: Path) -> None:
    (rich / "codings" / "round-1" / "ben.toml").unlink()
    problem = problem_at(rich, "codings/round-1/ana.toml", "round")
    assert problem.message == (
        "round 1 has one coder (ana); agreement needs at least two: add another coder's "
        "file to codings/round-1/"
    )


def test_check_names_the_new_kinds_of_problem_in_a_built_programme(rich: Path) -> None:
    """integrity.check finds the same problems in a programme built in Python."""
    programme = scorecard.load(rich)
    verdict = attrs.evolve(programme.verdicts[0], scope="nowhere", party="atlantis")
    bad = attrs.evolve(programme, verdicts=(verdict, *programme.verdicts[1:]))
    found = {(p.file, p.path) for p in check(bad, today=dt.date(2020, 1, 1))}
    assert found == {("verdicts.toml", "verdicts[0].scope"), ("verdicts.toml", "verdicts[0].party")}
