"""Hold the Mérida dataset (fixtures/merida) to its own rules.

The loader already refuses a broken dataset (unknown source, hindsight, a quote not found,
a wrong checksum). These tests check what a loadable dataset must still get right to be worth
reading: enough commitments per pillar, every source used, every commitment judged and
backed, the methodology page in step with the data.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

import scorecard
from scorecard.citations import normalise_quote
from scorecard.dates import PartialDate
from scorecard.engine import verdict_comparisons
from scorecard.model import Assessment, Commitment, Programme

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "fixtures" / "merida"
METHODOLOGY = ROOT / "docs" / "methodology.md"
CODEBOOK = ROOT / "docs" / "codebook.md"

# The checksums of the seed texts (../shared/seeds/README.md), by fixture file name: the
# fixture copies must stay byte-identical to them.
SEED_SHA256 = {
    "sources/2007-08-15-isn-securing-mexico.txt": (
        "702f59d56b757d7427bf59ebe90a2ddfe375e58139987aaac03f902636207749"
    ),
    "sources/2009-americas-quarterly-new-opportunity.txt": (
        "7fa41119afd4319133bbce4cee58c84ba5c3faf9871338ae462341fbbabd1506"
    ),
    "sources/2009-09-arzt-road-ahead.txt": (
        "b7984d0a8afe9b9aebc788a3ce73363372d502a63c51c63b010edc3110d918c8"
    ),
    "sources/2010-12-20-selee-success-or-failure.txt": (
        "22aa6858c91e37aeff70b9ec06aa5965e4a918dca0ed5303fc543cd012a45827"
    ),
    "sources/2012-12-oneil-refocusing.txt": (
        "66a58d5ea08294bce75dabe557ad7a1e8381948ded407b8148c3973b703c6cb0"
    ),
}

FRAMEWORK_PILLARS = ("p1", "p2", "p3", "p4")
# The re-coding (docs/codebook.md, R7 and R9) follows the sources' own structure: pillar 4
# has two fronts in Selee (engage civil society, invest in the cities), one commitment each,
# now that a promise split by party is one joint commitment.
MIN_COMMITMENTS_PER_PILLAR = 2
MIN_CITATIONS_PER_SOURCE = 5
# A verbatim run this long in a rationale means it was copied, not written in our own words.
COPIED_WORDS = 12


@pytest.fixture(scope="module")
def programme() -> Programme:
    return scorecard.load(DATASET)


def _commitments(programme: Programme) -> list[Commitment]:
    return [c for _, c in programme.commitments()]


def _latest(commitment: Commitment) -> Assessment:
    """The reading that counts: the latest scored one (a later "no evidence" mention does
    not replace it), else the latest."""
    scored = [a for a in commitment.assessments if a.status != "no-evidence"]
    return max(scored or commitment.assessments, key=lambda a: a.as_of.sort_key())


# -- sources ----------------------------------------------------------------------------------


@pytest.mark.parametrize("file", sorted(SEED_SHA256))
def test_source_file_is_byte_identical_to_its_seed(file: str) -> None:
    digest = hashlib.sha256((DATASET / file).read_bytes()).hexdigest()
    assert digest == SEED_SHA256[file]


def test_source_metadata_records_the_seed_checksums(programme: Programme) -> None:
    assert {s.file: s.sha256 for s in programme.sources} == SEED_SHA256


def test_source_metadata_goes_only_as_far_as_the_texts(programme: Programme) -> None:
    by_id = {s.id: s for s in programme.sources}
    assert set(by_id) == {"isn-2007", "aq-2009", "arzt-2009", "selee-2010", "oneil-2012"}
    # Unknown authors stay unknown (not an empty list), and the notes say so.
    for unknown in ("isn-2007", "aq-2009"):
        assert by_id[unknown].authors is None
        assert "not stated" in (by_id[unknown].notes or "")
    assert by_id["arzt-2009"].authors == ("Sigrid Arzt",)
    assert by_id["selee-2010"].authors == ("Andrew Selee",)
    assert by_id["oneil-2012"].authors == ("Shannon K. O'Neil",)
    # Partial dates stay partial.
    assert by_id["isn-2007"].published == PartialDate(2007, 8, 15)
    # Summer 2009 (the journal's issue), an EDTF season: the text names no month.
    assert by_id["aq-2009"].published == PartialDate(2009, season=22)
    assert by_id["arzt-2009"].published == PartialDate(2009, 9)
    assert by_id["selee-2010"].published == PartialDate(2010, 12, 20)
    assert by_id["oneil-2012"].published == PartialDate(2012, 12)


def test_every_source_is_cited_at_least_five_times(programme: Programme) -> None:
    counts = Counter(cit.source for _, cit in programme.citations())
    assert {s.id: counts[s.id] for s in programme.sources if counts[s.id] < 5} == {}


# -- programme --------------------------------------------------------------------------------


def test_scale_and_grades_are_the_agreed_ones(programme: Programme) -> None:
    levels = [(lv.id, lv.value, lv.missing) for lv in programme.scale.levels]
    assert levels == [
        ("no-evidence", None, True),
        ("stalled", 0.0, False),
        ("limited", 0.25, False),
        ("uneven", 0.5, False),
        ("substantial", 0.75, False),
        ("achieved", 1.0, False),
    ]
    # A grade names the level a score is closest to: one band per scored level, best first,
    # with cut-points halfway between adjacent level values (docs/methodology.md, Grades).
    values = [100 * lv.value for lv in reversed(programme.scale.levels) if lv.value is not None]
    assert programme.grades.grades == ("A", "B", "C", "D", "F")
    assert len(programme.grades.bands) == len(values)
    for band, value in zip(programme.grades.bands, values, strict=True):
        assert programme.grades.grade(value) == band.grade
    cuts = [b.min for b in programme.grades.bands[:-1]]
    assert cuts == [(high + low) / 2 for high, low in itertools.pairwise(values)]


def test_pillars_are_the_four_plus_an_unweighted_outside_group(programme: Programme) -> None:
    assert [p.id for p in programme.pillars] == [*FRAMEWORK_PILLARS, "outside"]
    assert [p.in_framework for p in programme.pillars] == [True, True, True, True, False]
    designed = programme.weighting("designed")
    assert programme.default_weighting == "designed"
    assert designed.pillars == {"p1": 1, "p2": 1, "p3": 1, "p4": 1, "outside": 0}


def test_alternative_lenses_are_labelled_as_value_judgements(programme: Programme) -> None:
    lenses = [w for w in programme.weightings if w.id != "designed"]
    assert len(lenses) >= 2
    for w in programme.weightings:
        assert "value judgment" in w.rationale, w.id
    # A lens that weighs exactly like the designed one would not be an alternative.
    designed = programme.weighting("designed")
    for w in lenses:
        assert (w.pillars, w.commitments) != (designed.pillars, designed.commitments), w.id


# -- commitments ------------------------------------------------------------------------------


@pytest.mark.parametrize("pillar_id", FRAMEWORK_PILLARS)
def test_each_framework_pillar_has_at_least_four_commitments(
    programme: Programme, pillar_id: str
) -> None:
    assert len(programme.pillar(pillar_id).commitments) >= MIN_COMMITMENTS_PER_PILLAR


def test_commitment_ids_carry_their_pillar(programme: Programme) -> None:
    wrong = [c.id for p, c in programme.commitments() if not c.id.startswith(f"{p.id}.")]
    assert wrong == []


def test_every_commitment_is_stated_and_assessed(programme: Programme) -> None:
    unstated = [c.id for c in _commitments(programme) if not c.stated_in]
    unassessed = [c.id for c in _commitments(programme) if not c.assessments]
    assert (unstated, unassessed) == ([], [])


def test_every_assessment_and_observation_is_cited(programme: Programme) -> None:
    bare = []
    for c in _commitments(programme):
        bare += [f"{c.id}/{a.as_of}" for a in c.assessments if not a.evidence]
        for ind in c.indicators:
            assert ind.observations, f"{ind.id} has no observation"
            bare += [f"{ind.id}/{o.as_of}" for o in ind.observations if not o.evidence]
    assert bare == []


def test_assessments_are_dated_as_their_source_and_use_no_hindsight(
    programme: Programme,
) -> None:
    published = {s.id: s.published for s in programme.sources}
    problems = []
    for c in _commitments(programme):
        for a in c.assessments:
            cited = {cit.source for cit in a.evidence}
            if a.as_of not in {published[s] for s in cited}:
                problems.append(f"{c.id}/{a.as_of}: not dated as any source it cites")
            later = [s for s in cited if not published[s].on_or_before(a.as_of)]
            if later:
                problems.append(f"{c.id}/{a.as_of}: hindsight, cites {later}")
        for ind in c.indicators:
            for o in ind.observations:
                later = [
                    cit.source
                    for cit in o.evidence
                    if not published[cit.source].on_or_before(o.as_of)
                ]
                if later:
                    problems.append(f"{ind.id}/{o.as_of}: hindsight, cites {later}")
    assert problems == []


def test_one_assessment_per_source(programme: Programme) -> None:
    repeated = []
    for c in _commitments(programme):
        dates = [a.as_of for a in c.assessments]
        repeated += [f"{c.id}/{d}" for d, n in Counter(dates).items() if n > 1]
    assert repeated == []


# -- quotes and rationales --------------------------------------------------------------------


def test_every_quote_is_verified_against_its_source(programme: Programme) -> None:
    texts = {s.id: s.text for s in programme.sources}
    unverified = []
    for where, cit in programme.citations():
        if cit.span is None:
            unverified.append(f"{where}: no span")
            continue
        start, end = cit.span
        if normalise_quote(texts[cit.source][start:end]) != normalise_quote(cit.quote):
            unverified.append(f"{where}: span does not hold the quote")
    assert unverified == []


# Two sentences: a sentence end (a lower-case letter, digit or bracket, then . ? or !) followed
# by a capital. Abbreviations such as "U.S. Congress" end in a capital and do not match.
_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.?!][\"”’]?\s+[A-Z“\"]")


def test_quotes_are_a_sentence_or_less(programme: Programme) -> None:
    long = [where for where, cit in programme.citations() if _SENTENCE_BREAK.search(cit.quote)]
    assert long == []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalise_quote(text).lower())


def test_rationales_are_in_our_own_words(programme: Programme) -> None:
    runs: dict[str, set[tuple[str, ...]]] = {}
    for s in programme.sources:
        words = _words(s.text)
        runs[s.id] = {
            tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)
        }
    copied = []
    for c in _commitments(programme):
        for a in c.assessments:
            words = _words(a.rationale)
            grams = {
                tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)
            }
            for cit in a.evidence:
                if grams & runs[cit.source]:
                    copied.append(f"{c.id}/{a.as_of}")
                    break
    assert copied == []


# -- the methodology page ---------------------------------------------------------------------


def test_methodology_table_lists_every_commitment_with_its_latest_status(
    programme: Programme,
) -> None:
    rows = {}
    for line in METHODOLOGY.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([a-z0-9-]+\.[a-z0-9.-]+)`", line)
        if match:
            rows[match.group(1)] = line
    problems = []
    for c in _commitments(programme):
        row = rows.pop(c.id, None)
        if row is None:
            problems.append(f"{c.id}: no row")
            continue
        latest = _latest(c)
        label = programme.scale.level(latest.status).label
        if f"{label} ({latest.as_of})" not in row:
            problems.append(f"{c.id}: row does not say {label} ({latest.as_of})")
        quotes = [normalise_quote(cit.quote) for cit in latest.evidence]
        if not any(q.replace("|", "\\|") in normalise_quote(row) for q in quotes):
            problems.append(f"{c.id}: row quotes none of the latest assessment's evidence")
    problems += [f"{cid}: row for a commitment that does not exist" for cid in rows]
    assert problems == []


# -- issue 10: parties, uncertain dates, reference periods, evidence rules, verdicts ----------


def test_the_two_parties_are_declared_and_a_joint_promise_names_both(
    programme: Programme,
) -> None:
    assert [(p.id, p.label, p.short_label) for p in programme.parties] == [
        ("united-states", "United States", "U.S."),
        ("mexico", "Mexico", None),
    ]
    shared = programme.commitment("outside.strategy")
    assert shared.parties == ("united-states", "mexico")
    assert all(c.parties for c in _commitments(programme))


def test_the_summer_op_ed_sorts_before_arzt_of_september(programme: Programme) -> None:
    op_ed, arzt = programme.source("aq-2009"), programme.source("arzt-2009")
    assert op_ed.published < arzt.published
    # everything read from the op-ed is dated as it is: summer 2009, never the bare year
    for c in _commitments(programme):
        dated = [(a.as_of, a.evidence) for a in c.assessments]
        dated += [(o.as_of, o.evidence) for ind in c.indicators for o in ind.observations]
        for as_of, evidence in dated:
            assert as_of != PartialDate(2009), c.id
            if {cit.source for cit in evidence} == {"aq-2009"}:
                assert as_of == op_ed.published, c.id


def test_a_source_giving_several_periods_fills_one_series(programme: Programme) -> None:
    indicators = {ind.id: ind for c in _commitments(programme) for ind in c.indicators}
    assert "drug-homicides-earlier" not in indicators
    assert "municipalities-violence-before" not in indicators
    homicides = sorted(indicators["drug-homicides"].observations, key=lambda o: o.measured)
    assert [(str(o.measured), o.value) for o in homicides] == [
        ("2007", 2000),
        ("2009", 6500),
        ("2010", 10000),
        ("2011", 16000),
    ]
    spread = indicators["municipalities-violence"].observations
    assert [(str(o.measured), o.value) for o in spread] == [("2007", 46), ("2012-12", 225)]


def test_the_scale_states_the_evidence_each_level_needs(programme: Programme) -> None:
    requires = {lv.id: [str(k) for k in lv.requires] for lv in programme.scale.levels}
    assert requires == {
        # the codebook's kind ceilings (R17)
        "no-evidence": ["statement", "recommendation"],
        "stalled": ["input", "output", "outcome"],
        "limited": ["input", "output", "outcome"],
        "uneven": ["output", "outcome"],
        "substantial": ["output", "outcome"],
        "achieved": ["output", "outcome"],
    }


def test_the_verdicts_the_sources_state(programme: Programme) -> None:
    # Coded as verdicts under R25-R26 by both coders of both rounds (codings/), one per
    # scope, source and party; O'Neil's "most successful" names a part of pillar 1, not the
    # pillar, so it is evidence for p1.kingpins (R26), not a verdict.
    found = [(v.scope, v.party, str(v.as_of), v.level) for v in programme.verdicts]
    assert found == [
        ("programme", None, "2009-22", "limited"),
        ("p1", None, "2010-12-20", "uneven"),
        ("p2", None, "2010-12-20", "limited"),
        ("p3", None, "2010-12-20", "limited"),
        ("p4", None, "2010-12-20", "limited"),
        ("programme", None, "2010-12-20", "uneven"),
        ("programme", "united-states", "2010-12-20", "limited"),
        ("p2", None, "2012-12", "limited"),
        ("p3", None, "2012-12", "limited"),
        ("p4", None, "2012-12", "stalled"),
        ("programme", None, "2012-12", "uneven"),
    ]
    for v in programme.verdicts:
        (source,) = {cit.source for cit in v.evidence}
        assert programme.source(source).published == v.as_of


def test_every_grade_that_differs_from_a_verdict_says_why() -> None:
    # The brief's rule: a grade agrees with what the sources conclude, or says in writing
    # why it differs. No verdict is more than one band away (check --strict passes), and
    # every one-band difference carries a written note.
    comparisons = verdict_comparisons(scorecard.load(DATASET))
    assert [c for c in comparisons if c.divergent] == []
    unexplained = [
        (c.scope, str(c.as_of)) for c in comparisons if c.bands_apart > 0 and not c.explained
    ]
    assert unexplained == []
    assert sum(1 for c in comparisons if c.bands_apart == 1) == 4


def test_every_reading_names_the_codebook_rule_that_decided_it(programme: Programme) -> None:
    rules = set(re.findall(r"^### (R\d+)\.", CODEBOOK.read_text(encoding="utf-8"), re.M))
    assert len(rules) == 28
    for c in _commitments(programme):
        for a in c.assessments:
            cited = set(re.findall(r"\bR\d+\b", a.rationale))
            assert cited, (c.id, str(a.as_of))
            assert cited <= rules, (c.id, str(a.as_of), cited - rules)
    for coding in programme.codings:
        for reading in coding.readings:
            assert reading.rule is None or reading.rule in rules, (coding.coder, reading)


def test_no_quote_is_reused_across_pillars_without_a_note(programme: Programme) -> None:
    # R13: a quote supports one commitment unless the source ties them; a quote used in
    # two pillars must be named as shared in both rationales.
    uses: dict[tuple[str, tuple[int, int]], list[tuple[str, str, str]]] = {}
    for pillar, c in programme.commitments():
        for a in c.assessments:
            for cit in a.evidence:
                assert cit.span is not None
                uses.setdefault((cit.source, cit.span), []).append((pillar.id, c.id, a.rationale))
    for (source, _span), where in uses.items():
        pillars = {p for p, _, _ in where}
        if len(pillars) < 2:
            continue
        for _, cid, rationale in where:
            others = [other for _, other, _ in where if other != cid]
            assert any(other in rationale for other in others) or "R13" in rationale, (
                source,
                cid,
            )


def test_codings_of_both_rounds_and_every_disagreement_adjudicated(
    programme: Programme,
) -> None:
    rounds = {(c.round, c.coder) for c in programme.codings}
    assert rounds == {(1, "A"), (1, "B"), (2, "C"), (2, "D")}
    settled = {(a.round, a.unit) for a in programme.adjudications}
    for number in (1, 2):
        first, second = (
            {r.unit: r.status for r in c.readings} for c in programme.codings if c.round == number
        )
        disagreements = {u for u in first.keys() | second.keys() if first.get(u) != second.get(u)}
        assert disagreements
        assert {(number, u) for u in disagreements} <= settled
    final = {a.unit: a.status for a in programme.adjudications if a.round == 2}
    for pillar_commitment in programme.commitments():
        c = pillar_commitment[1]
        for a in c.assessments:
            (source,) = {cit.source for cit in a.evidence}
            unit = ("commitment", c.id, source)
            if unit in final:
                assert a.status == final[unit]


def test_final_round_reaches_the_reliability_target(programme: Programme) -> None:
    result = scorecard.agreement(programme)
    assert [r.round for r in result.rounds] == [1, 2]
    final = result.rounds[-1]
    assert final.overall.status is not None
    assert final.overall.status >= 0.80
    assert final.overall.paired >= 40


def test_methodology_lists_every_verdict(programme: Programme) -> None:
    page = METHODOLOGY.read_text(encoding="utf-8")
    section = page[page.index("## The sources' own verdicts") : page.index("## Known limits")]
    rows = [line for line in section.splitlines() if line.startswith("| p")]
    assert len(rows) == len(programme.verdicts)
    for row, v in zip(rows, programme.verdicts, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        scope, source, level, words = cells[:4]
        party = None if v.party is None else programme.party(v.party).label
        assert scope == (v.scope if party is None else f"{v.scope}, {party}")
        assert source.endswith(str(v.as_of))
        assert level == programme.scale.level(v.level).label
        first = normalise_quote(v.evidence[0].quote)
        for part in words.removeprefix('"').removesuffix('"').split(" ... "):
            assert normalise_quote(part) in first, (part, first)


def test_the_repr_names_the_verdict_beside_the_overall(programme: Programme) -> None:
    # O'Neil (2012) calls implementation uneven (C); the roll-up is D: one band apart
    assert "overall D (18.1) [verdict C, 1 band apart]" in repr(scorecard.score(programme))
