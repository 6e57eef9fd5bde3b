"""The report's front pages: page 1 is the verdict, page 2 every commitment at a glance.

Every number page 1 prints is checked against the result object it came from; the
findings and the headline never pick one item out of a tie; the confidence rule is
checked on hand-made cases; gold files hold the two pages' HTML for Mérida and for a
three-party programme (the example dataset with its parties renamed and one commitment
given to a third party).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import attrs
import pytest
import report_support as rs
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard import display
from scorecard.model import Party, Programme
from scorecard.report import front
from scorecard.report.analyses import Analyses, GradeOdds, Robustness, analyse
from scorecard.report.view import Report, build
from scorecard.result import PartyResult, Result

GOLD = Path(__file__).parent / "gold"


def _fixed_robustness(result: Result, grades: dict[str, dict[str, float]]) -> Robustness:
    """Robustness figures set by hand (the gold files do not depend on the sampler): an
    interval of the score +-5 points, and the grade shares given (the grade alone when
    none are given)."""

    def odds(score: float | None, grade: str | None, shares: dict[str, float] | None) -> GradeOdds:
        if score is None:
            return GradeOdds(None, None, None, {})
        return GradeOdds(
            score, max(score - 5, 0.0), min(score + 5, 100.0), shares or {grade or "": 1.0}
        )

    o = result.overall
    return Robustness(
        1000,
        0,
        0.2,
        False,
        "Weights are perturbed.",
        odds(o.score, o.grade, grades.get("overall")),
        {p.id: odds(p.score, p.grade, grades.get(p.id)) for p in result.pillars},
    )


@functools.cache
def merida() -> tuple[Result, Analyses]:
    result = rs.merida_result()
    robust = _fixed_robustness(result, {"p3": {"D": 0.5, "F": 0.5}})
    return result, attrs.evolve(rs.merida_analyses(), robustness=robust)


def three_parties() -> Programme:
    """The example dataset with three parties of other names: the United States becomes
    Arland, Mexico Belmar, and the tariffs commitment passes to a third party, Corvia."""
    programme = rs.example()
    rename = {"united-states": "arland", "mexico": "belmar"}
    pillars = []
    for p in programme.pillars:
        commitments = []
        for c in p.commitments:
            parties = (
                ("corvia",) if c.id == "governance.tariffs" else tuple(rename[x] for x in c.parties)
            )
            commitments.append(attrs.evolve(c, parties=parties))
        pillars.append(attrs.evolve(p, commitments=tuple(commitments)))
    return attrs.evolve(
        programme,
        id="tri-water",
        title="The Tri-Border Water Compact",
        parties=(
            Party("arland", "Republic of Arland", "Arland"),
            Party("belmar", "Belmar"),
            Party("corvia", "Corvia"),
        ),
        pillars=tuple(pillars),
    )


@functools.cache
def trio() -> tuple[Result, Analyses]:
    result = scorecard.score(three_parties())
    analyses = analyse(result, draws=200, seed=0)
    return result, attrs.evolve(analyses, robustness=_fixed_robustness(result, {}))


def _front_html(result: Result, analyses: Analyses) -> str:
    html = scorecard.render_html(result, analyses=analyses)
    start = html.index('<header class="cover front"')
    end = html.index('<section class="glance"')
    fragment = html[start:end]
    return fragment.replace(f"scorecard {scorecard.__version__}", "scorecard [version]")


@pytest.mark.parametrize(("name", "case"), [("merida", merida), ("three_parties", trio)])
def test_gold_front_pages(name: str, case: object) -> None:
    """Pages 1 and 2 as HTML. SCORECARD_UPDATE_GOLD=1 rewrites the gold files after an
    intended change."""
    result, analyses = case()  # type: ignore[operator]
    actual = _front_html(result, analyses)
    gold = GOLD / f"front_{name}.html"
    if os.environ.get("SCORECARD_UPDATE_GOLD") == "1":
        gold.write_text(actual, encoding="utf-8")
    assert gold.exists(), f"the gold file {gold} is missing: create it with SCORECARD_UPDATE_GOLD=1"
    assert actual == gold.read_text(encoding="utf-8")


# -- every number on page 1 is the result's ------------------------------------------


def _report(case: tuple[Result, Analyses]) -> Report:
    return build(*case)


def _prev(result: Result, analyses: Analyses) -> Result:
    """The previous assessment date's result, found here independently: the latest
    timeline result before the as-of date with an overall score and a non-baseline
    source behind one of its readings."""
    baseline = {s.id for s in result.programme.sources if s.baseline}  # type: ignore[union-attr]
    found = [
        r
        for r in analyses.timeline[:-1]
        if r.overall.score is not None
        and any(
            cit.source not in baseline
            for p in r.pillars
            for c in p.commitments
            if c.score is not None
            for cit in c.evidence
        )
    ]
    return found[-1]


def test_merida_headline_says_what_the_result_says() -> None:
    result, analyses = merida()
    report = _report(merida())
    prev = _prev(result, analyses)
    o = result.overall
    s = display.format_score
    headline = report.front.headline
    assert f"scores {o.grade} ({s(o.score)} out of 100)" in headline
    drop = display.format_delta(abs(o.score - prev.overall.score))  # type: ignore[operator]
    assert f"down {drop.lstrip('+')} points since its highest, {s(prev.overall.score)}" in headline
    # the facts the brief gives, as a reader checks them
    assert "D (18.1 out of 100)" in headline
    assert "down 5.9 points since its highest, 24.0 (20 December 2010)" in headline
    assert (
        "Rule of law moved most since 20 December 2010: down 12.5 points, from 28.1 to 15.6"
        in headline
    )
    us, mx = (p for p in result.parties)
    assert s(us.score) == s(mx.score) == "17.9"
    assert "United States and Mexico commitments score the same: 17.9 (D) each." in headline
    assert "weakest" not in headline.lower()


def test_every_number_in_the_pillar_table_is_the_results() -> None:
    result, analyses = merida()
    report = _report(merida())
    prev = {p.id: p for p in _prev(result, analyses).pillars}
    rows = {r.anchor: r for r in (*report.front.rows, *report.front.outside)}
    robust = analyses.robustness
    assert robust is not None
    for index, p in enumerate(result.pillars):
        row = rows[f"pillar-{index + 1}"]
        assert row.score == display.format_score(p.score)
        before = prev[p.id].score
        assert before is not None
        assert p.score is not None
        assert row.change == display.format_delta(p.score - before, style=display.HTML)
        odds = robust.pillars[p.id]
        assert odds.p05 is not None
        assert odds.p95 is not None
        assert row.axis.low == pytest.approx(odds.p05 * 1.2, abs=0.06)
        assert row.axis.high == pytest.approx(odds.p95 * 1.2, abs=0.06)
        assert row.axis.score == pytest.approx(p.score * 1.2, abs=0.06)
        assert row.weight == display.format_percent(p.effective_weight)
    overall = report.front.rows[-1]
    assert overall.overall
    assert overall.score == display.format_score(result.overall.score)
    # outside the pillars: below the rule, labelled with its weight from the data
    assert [r.title for r in report.front.outside] == ["Outside the pillars"]
    assert report.front.outside_label == "Not counted in the overall grade (weight 0%)"
    # a pillar that is D in half the weightings does not read as a plain D
    border = rows["pillar-3"]
    assert [g.grade for g in border.grades] == ["D", "F"]
    assert border.grade_note == "D in 50% of plausible weightings"
    assert border.confidence == "low"


def test_the_basis_box_counts_what_the_result_holds() -> None:
    result, _ = merida()
    basis = _report(merida()).front.basis
    counted = [c for p in result.pillars if p.in_framework for c in p.commitments]
    scored = [c for c in counted if c.score is not None]
    carried = sum(1 for c in scored if c.carried_forward)
    assert f"{carried} of {len(scored)} readings" in " ".join(basis)
    assert f"{len(scored)} of {len(counted)} counted commitments" in " ".join(basis)
    assert basis[0].startswith("5 sources (news analysis, op-ed, policy essay")
    assert "all in English" in basis[0]
    assert any("predates the program" in line and "15 August 2007" in line for line in basis)


def test_a_language_not_recorded_is_said() -> None:
    programme = rs.example()
    sources = (attrs.evolve(programme.sources[0], language="es"), *programme.sources[1:])
    result = scorecard.score(attrs.evolve(programme, sources=sources))
    basis = build(result, rs.example_analyses()).front.basis
    assert "2 language not recorded, 1 in Spanish" in basis[0]


def test_merida_findings_tell_the_rise_and_fall_and_pick_no_tie() -> None:
    findings = _report(merida()).findings
    assert 3 <= len(findings) <= 5
    assert findings[0] == (
        "The overall score at each assessment date: 18.7 (summer 2009), 15.6 (September "
        "2009), 24.0 (20 December 2010), 18.1 (December 2012). It peaked at 24.0 (20 "
        "December 2010) and stands 5.9 points lower. The baseline of 15 August 2007, "
        "before the program, is left out."
    )
    assert findings[1].startswith("Since 20 December 2010: Rule of law \u221212.5 (28.1 to 15.6)")
    text = " ".join(findings)
    assert "Weakest commitment" not in text
    assert "Strongest commitment" not in text
    assert "rose 9.5 points" not in text


def test_the_grid_has_every_commitment_at_every_date() -> None:
    result, analyses = merida()
    f = _report(merida()).front
    assert [c.baseline for c in f.grid_columns] == [True, False, False, False, False]
    rows = [r for g in f.grid for r in g.rows]
    assert len(rows) == sum(len(p.commitments) for p in result.pillars)
    assert all(len(r.cells) == len(analyses.timeline) for r in rows)
    # a carried-forward cell is marked where the engine says the reading was carried
    last = {c.id: c for p in analyses.timeline[-1].pillars for c in p.commitments}
    titles = {c.title: c.id for c in last.values()}
    for r in rows:
        assert r.cells[-1].carried == last[titles[r.title]].carried_forward


# -- ties ------------------------------------------------------------------------------


def _with_party_scores(result: Result, scores: list[float]) -> Result:
    parties = tuple(
        PartyResult(f"p{i}", f"Party {i}", s, "D", 1.0, 1) for i, s in enumerate(scores)
    )
    return attrs.evolve(result, parties=parties)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([12.5, 17.91, 17.93, 17.99, 20.0, 33.3]), min_size=2, max_size=5))
def test_the_lowest_parties_are_every_party_tied_as_shown(scores: list[float]) -> None:
    result = _with_party_scores(rs.example_result(), scores)
    lowest = front.lowest_parties(result)
    shown = [display.format_score(s) for s in scores]
    least = min(scores)
    expected = {f"Party {i}" for i, s in enumerate(shown) if s == display.format_score(least)}
    assert {p.label for p in lowest} == expected
    headline = build(result, rs.example_analyses()).front.headline
    sentence = next(x for x in re.split(r"(?<=\.) ", headline) if " commitments score" in x)
    named = set(re.findall(r"Party \d", sentence.split(" commitments score")[0]))
    assert named == expected  # every tied party is named, and no other
    if len(expected) == len(scores):
        assert "score the same" in sentence
    else:
        assert "score lowest" in sentence


def test_tied_movers_are_all_named_or_none() -> None:
    result = rs.example_result()
    previous = attrs.evolve(
        result,
        pillars=tuple(attrs.evolve(p, score=(p.score or 0.0) - 10.0) for p in result.pillars),
    )
    moved = front.largest_moves(result, previous)
    counted = [p for p in result.pillars if p.in_framework and p.score is not None]
    assert len(moved) == len(counted) == 2  # both moved 10 points: both named
    same = front.largest_moves(result, result)
    assert same == ()  # nothing moved: no mover


def test_tied_is_by_the_value_a_reader_sees() -> None:
    assert front.tied([17.91, 17.99, 18.0], lambda x: x, display.format_score, lowest=True) == (
        17.91,
        17.99,
    )
    assert front.tied([], lambda x: x, display.format_score, lowest=True) == ()


# -- the confidence rule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("robustness", "sources", "carried", "level", "short"),
    [
        (0.95, 3, 0.0, "high", ()),
        (0.90, 3, 0.25, "high", ()),  # every threshold met exactly
        (0.89, 3, 0.0, "medium", ("robustness",)),
        (0.95, 2, 0.0, "medium", ("sources",)),
        (0.95, 3, 0.26, "medium", ("carried",)),
        (0.60, 2, 0.5, "medium", ("robustness", "sources", "carried")),
        (0.59, 5, 0.0, "low", ("robustness",)),
        (0.99, 1, 0.0, "low", ("sources",)),
        (0.99, 0, 0.0, "low", ("sources",)),
        (0.99, 4, 0.51, "low", ("carried",)),
        (None, 4, 0.0, "medium", ("robustness",)),  # not analysed: never high
        (0.5, 1, 0.9, "low", ("robustness", "sources", "carried")),
    ],
)
def test_the_confidence_rule(
    robustness: float | None, sources: int, carried: float, level: str, short: tuple[str, ...]
) -> None:
    c = front.confidence(robustness, sources, carried)
    assert (c.level, c.short) == (level, short)


def test_merida_confidence_labels() -> None:
    result, analyses = rs.merida_result(), rs.merida_analyses()
    report = build(result, analyses)
    robust = analyses.robustness
    assert robust is not None
    for index, p in enumerate(result.pillars):
        row = next(
            r
            for r in (*report.front.rows, *report.front.outside)
            if r.anchor == f"pillar-{index + 1}"
        )
        share = robust.pillars[p.id].grades.get(p.grade or "", 0.0)
        carried = front.carried_share(p.coverage_current, p.coverage_carried)
        assert row.confidence == front.confidence(share, p.sources, carried).level
    # two sources behind every pillar: nothing in Mérida is held with high confidence
    assert {r.confidence for r in report.front.rows} <= {"medium", "low"}


def test_a_grade_with_low_robustness_shows_its_alternatives() -> None:
    odds = GradeOdds(20.0, 10.0, 30.0, {"C": 0.05, "D": 0.55, "F": 0.40})
    assert front.grade_alternatives(odds, "D", ("A", "B", "C", "D", "F")) == ("D", "F")
    odds = GradeOdds(20.0, 10.0, 30.0, {"D": 0.85, "F": 0.15})
    assert front.grade_alternatives(odds, "D", ("A", "B", "C", "D", "F")) == ("D",)
    assert front.grade_alternatives(None, "D", ("D",)) == ("D",)


# -- in a browser: pages 1 and 2 fit at desktop and phone width ------------------------

_OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const parts = [document.querySelector('header.cover'),
                 document.querySelector('#commitments-at-a-glance')];
  const over = [];
  for (const part of parts) {
    for (const el of part.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)) {
        over.push(el.tagName + '.' + el.className + ' ' + Math.round(box.right));
      }
    }
  }
  return [document.documentElement.scrollWidth, over.slice(0, 5),
          parts.map(p => p.getBoundingClientRect().height)];
})()"""


@pytest.fixture(scope="module")
def browser() -> object:
    from test_report_browser import CHROMIUM, Browser

    if CHROMIUM is None and not os.environ.get("CI"):
        pytest.skip("chromium is not installed: run scripts/system-deps.sh")
    b = Browser()
    yield b
    b.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("name", "case"), [("merida", merida), ("three_parties", trio)])
def test_front_pages_fit_in_chromium(browser: object, name: str, case: object, width: int) -> None:
    result, analyses = case()  # type: ignore[operator]
    page = rs.work_dir() / f"front-{name}.html"
    page.write_text(scorecard.render_html(result, analyses=analyses), encoding="utf-8")
    b = browser
    target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]  # type: ignore[attr-defined]
    session = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]  # type: ignore[attr-defined]
    for domain in ("Runtime", "Page"):
        b.send(f"{domain}.enable", session=session)  # type: ignore[attr-defined]
    b.send(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    b.send("Page.navigate", {"url": page.as_uri()}, session=session)  # type: ignore[attr-defined]
    b.wait_for("Page.loadEventFired")  # type: ignore[attr-defined]
    scroll, over, heights = b.send(  # type: ignore[attr-defined]
        "Runtime.evaluate", {"expression": _OVERFLOW, "returnByValue": True}, session=session
    )["result"]["value"]
    b.send("Target.closeTarget", {"targetId": target})  # type: ignore[attr-defined]
    b.events.clear()  # type: ignore[attr-defined]
    assert over == [], f"elements of pages 1-2 stick out at {width}px: {over}"
    assert scroll <= width, f"the page scrolls sideways at {width}px"
    assert all(h > 200 for h in heights), heights  # both pages are drawn
