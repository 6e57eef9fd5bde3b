"""The report on what issue 10 adds to a result: objectives under their pillar, the
sources' own verdicts beside the roll-up, carried-forward readings, every party of a
commitment, and indicator charts by reference period.

The engine fills these fields; here they are set by hand on the example's result, so
each test says exactly what the report must print for a given result.
"""

from __future__ import annotations

from collections import Counter

import attrs
import report_support as rs
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.dates import PartialDate
from scorecard.model import Citation, Direction, EvidenceKind, Indicator, Observation
from scorecard.report import charts
from scorecard.report.messages import builtin_messages
from scorecard.report.view import _context, _indicator_view, build, cite
from scorecard.result import (
    CommitmentResult,
    Divergence,
    ObjectiveResult,
    PillarResult,
    Result,
    VerdictResult,
)


def _with_pillar(result: Result, index: int, **changes: object) -> Result:
    pillars = list(result.pillars)
    pillars[index] = attrs.evolve(pillars[index], **changes)
    return attrs.evolve(result, pillars=tuple(pillars))


def _objectives(pr: PillarResult, split: int) -> PillarResult:
    """``pr`` with two objectives: its first ``split`` commitments serve the first."""
    ids = [c.id for c in pr.commitments]
    first, second = ids[:split], ids[split:]
    commitments = tuple(
        attrs.evolve(c, objective=f"{pr.id}.one" if c.id in first else f"{pr.id}.two")
        for c in pr.commitments
    )
    return attrs.evolve(
        pr,
        commitments=commitments,
        objectives=(
            ObjectiveResult(
                f"{pr.id}.one", "First objective", 80.0, "A", 1.0, 0.75, 0.25, tuple(first)
            ),
            ObjectiveResult(
                f"{pr.id}.two", "Second objective", None, None, 0.0, 0.25, 0.08, tuple(second)
            ),
        ),
    )


def _verdict(scope: str, grade: str, level: str = "stalled") -> VerdictResult:
    return VerdictResult(
        scope=scope,
        level=level,
        level_label="Stalled or abandoned",
        value=0.0,
        grade=grade,
        source="review-2016",
        as_of=PartialDate(2016, 11),
        quote="The kiosks <never> opened.",
        rationale="The review calls the pillar stalled.",
        note=None,
    )


# -- objectives -----------------------------------------------------------------------


def test_a_pillar_shows_its_objectives_with_their_commitments_under_them() -> None:
    base = rs.example_result()
    quality = base.pillars[1]  # three commitments
    pillars = list(base.pillars)
    pillars[1] = _objectives(quality, 1)
    result = attrs.evolve(base, pillars=tuple(pillars))
    report = build(result, rs.example_analyses())
    view = report.pillars[1]
    assert view.has_objectives
    assert [g.objective.title if g.objective else None for g in view.groups] == [
        "First objective",
        "Second objective",
    ]
    first, second = view.groups
    assert first.objective is not None
    assert second.objective is not None
    assert (first.objective.grade, first.objective.score, first.objective.weight) == (
        "A",
        "80.0",
        "75%",
    )
    assert second.objective.grade == builtin_messages()("no_grade")
    assert [c.title for c in first.commitments] == [quality.commitments[0].title]
    assert [c.title for c in second.commitments] == [c.title for c in quality.commitments[1:]]
    # anchors keep the commitment's place in the pillar, whatever its group
    assert [c.anchor for c in view.commitments] == ["pillar-2-c1", "pillar-2-c2", "pillar-2-c3"]
    # a pillar without objectives is one group without a heading
    assert [g.objective for g in report.pillars[0].groups] == [None]
    html = scorecard.render_html(result, analyses=rs.example_analyses())
    assert html.count('class="objective"') == 2
    assert '<span class="kicker">Objective</span> First objective' in html
    # the weights table lists each objective above its commitments
    levels = [w.level for w in report.methodology.weights]
    assert levels[levels.index("objective") :][:2] == ["objective", "commitment"]
    assert levels.count("objective") == 2


# -- verdicts ---------------------------------------------------------------------------


def test_a_pillar_verdict_agrees_differs_by_one_band_or_diverges() -> None:
    base = rs.example_result()
    cases = {
        "agree": Divergence(0, False, False, None),
        "one-band": Divergence(1, False, False, None),
        "divergent": Divergence(3, True, True, "The review weighs the kiosks <only>."),
    }
    say = builtin_messages()
    for expected, divergence in cases.items():
        verdict = attrs.evolve(_verdict("access", "F"), note=divergence.note)
        result = _with_pillar(base, 0, verdict=verdict, divergence=divergence)
        report = build(result, rs.example_analyses())
        v = report.pillars[0].verdict
        assert v is not None
        assert v.agreement == expected
        assert v.who.endswith("(Nov 2016)")
        assert (v.level, v.grade, v.quote) == ("Stalled or abandoned", "F", verdict.quote)
        assert v.agreement_text == say(
            "verdict_agreement", expected, divergence.bands_apart, divergence.explained
        )
        assert report.has_verdicts
        assert report.summary[0].verdict == v
        html = scorecard.render_html(result, analyses=rs.example_analyses())
        assert "The kiosks &lt;never&gt; opened." in html  # escaped
        assert f"agreement-{expected}" in html
        if expected == "divergent":
            assert v.note == divergence.note
            assert "3 grade bands apart; the dataset explains why" in v.agreement_text
            assert "The review weighs the kiosks &lt;only&gt;." in html
        else:
            assert v.note == ""
    assert "one grade band" in say("verdict_agreement", "one-band", 1, False)
    assert "unexplained" in say("verdict_agreement", "divergent", 2, False)


def test_no_verdict_no_verdict_column() -> None:
    report = build(rs.example_result(), rs.example_analyses())
    assert not report.has_verdicts
    assert report.overall_verdict is None
    html = scorecard.render_html(rs.example_result(), analyses=rs.example_analyses())
    assert '<th scope="col">Sources\' verdict</th>' not in html
    assert 'class="verdict' not in html


def test_the_overall_verdict_is_shown_on_the_front_pages() -> None:
    base = rs.example_result()
    overall = attrs.evolve(
        base.overall,
        verdict=_verdict("programme", "F"),
        divergence=Divergence(2, True, False, None),
    )
    result = attrs.evolve(base, overall=overall)
    report = build(result, rs.example_analyses())
    assert report.overall_verdict is not None
    assert report.overall_verdict.agreement == "divergent"
    assert "unexplained" in report.overall_verdict.agreement_text
    html = scorecard.render_html(result, analyses=rs.example_analyses())
    # page 1's table gives its grade and how far the roll-up is from it; the full
    # verdict, with its quote, stands before the first pillar
    cover = html[: html.index('id="commitments-at-a-glance"')]
    assert "2 bands apart; unexplained" in cover
    assert "The kiosks &lt;never&gt; opened." in html[: html.index('id="pillar-1"')]


# -- carried-forward readings -------------------------------------------------------------


def test_a_carried_forward_reading_is_marked_with_when_it_was_last_read() -> None:
    base = rs.example_result()
    access = base.pillars[0]
    kiosks = attrs.evolve(
        access.commitments[1], as_of=PartialDate(2015), carried_forward=True, age_days=335
    )
    result = _with_pillar(
        base,
        0,
        commitments=(access.commitments[0], kiosks),
        coverage_current=0.5,
        coverage_carried=0.5,
    )
    report = build(result, rs.example_analyses())
    view = report.pillars[0]
    current, carried = view.commitments
    assert not current.carried_forward
    assert current.carried_note == ""
    assert carried.carried_forward
    # the pillar's 2016-11 assessments cite the 2016 review, which did not renew this one
    review = rs.example().source("review-2016")
    assert carried.carried_note == (
        f"Carried forward: last read 2015; not renewed by {cite(review)}."
    )
    assert view.coverage_split == "50% current, 50% carried forward"
    html = scorecard.render_html(result, analyses=rs.example_analyses())
    assert html.count('<span class="carried-mark">carried forward</span>') == 1
    assert 'class="note carried-note"' in html


# -- parties ----------------------------------------------------------------------------


def test_a_shared_commitment_lists_every_party_by_its_declared_label() -> None:
    result = rs.example_result()
    report = build(result, rs.example_analyses())
    by_title = {c.title: c for p in report.pillars for c in p.commitments}
    labels = {p.id: p for p in rs.example().parties}
    for cr in (c for p in result.pillars for c in p.commitments):
        view = by_title[cr.title]
        for party in cr.parties:
            assert labels[party].label in view.responsible
            assert labels[party].short in view.party
    shared = [c for p in result.pillars for c in p.commitments if len(c.parties) > 1]
    assert shared
    assert by_title[shared[0].title].responsible == "United States and Mexico"
    assert [pa.party for pa in report.parties] == [pa.label for pa in result.parties]


def test_the_party_section_names_no_party_of_its_own() -> None:
    """The report's words name no party: labels come only from the data."""
    template = (rs.ROOT / "templates" / "report" / "report.html.j2").read_text()
    messages = (rs.ROOT / "templates" / "report" / "_messages.txt.j2").read_text()
    for text in (template, messages):
        for name in ("United States", "Mexico", "jointly", "U.S."):
            assert name not in text


# -- indicator charts by reference period -------------------------------------------------


def _cite() -> tuple[Citation, ...]:
    return (Citation("review-2016", "quote"),)


def test_an_indicator_chart_places_figures_at_the_period_they_measure() -> None:
    """Two figures known in November 2016, for 2007 and 2011, and one known in 2015 for
    2015: the chart runs 2007, 2011, 2015 left to right, whatever the order they were
    known in, and labels each point with its value."""
    indicator = Indicator(
        id="homicides",
        title="Homicides",
        unit="deaths",
        direction=Direction.LOWER,
        kind=EvidenceKind.OUTCOME,
        observations=(
            Observation(PartialDate(2016, 11), _cite(), value=16000.0, period=PartialDate(2011)),
            Observation(PartialDate(2015), _cite(), value=9000.0),
            Observation(PartialDate(2016, 11), _cite(), value=2000.0, period=PartialDate(2007)),
        ),
    )
    ctx = _context(rs.example_result(), rs.example_analyses(), builtin_messages())
    view = _indicator_view(ctx, indicator)
    assert [o.date for o in view.observations] == ["2007", "2011", "2015"]
    assert [o.known for o in view.observations] == [
        "(reported Nov 2016)",
        "(reported Nov 2016)",
        "",
    ]
    assert view.chart is not None
    dots = [s for s in view.chart.shapes if s.kind == "circle"]
    assert [d.label[:4] for d in dots] == ["2007", "2011", "2015"]
    x = {d.label[:4]: d.x for d in dots}
    assert x["2007"] < x["2011"] < x["2015"]
    # lower is better and the killings rose: the 2011 dot is higher than the 2007 one
    y = {d.label[:4]: d.y for d in dots}
    assert y["2011"] < y["2007"]
    labels = {s.text: s for s in view.chart.shapes if s.kind == "text"}
    for value, year in (("2,000", "2007"), ("16,000", "2011"), ("9,000", "2015")):
        assert labels[value].x == x[year]
    assert "known November 2016" in view.chart.desc
    assert "by the period each figure measures" in view.chart.desc


def test_a_revised_figure_for_a_period_replaces_the_earlier_one_in_the_chart() -> None:
    points = [
        charts.Point(PartialDate(2010), 10.0, None, None),
        charts.Point(PartialDate(2011), 12.0, None, None),
    ]
    chart = charts.indicator_chart(points, title="t", unit="u", better="lower")
    assert len([s for s in chart.shapes if s.kind == "circle"]) == 2
    indicator = Indicator(
        id="i",
        title="I",
        unit="u",
        direction=Direction.LOWER,
        kind=EvidenceKind.OUTCOME,
        observations=(
            Observation(PartialDate(2014), _cite(), value=5.0, period=PartialDate(2010)),
            Observation(PartialDate(2015), _cite(), value=6.0, period=PartialDate(2010)),
            Observation(PartialDate(2015), _cite(), value=7.0),
        ),
    )
    ctx = _context(rs.example_result(), rs.example_analyses(), builtin_messages())
    view = _indicator_view(ctx, indicator)
    assert len(view.observations) == 3  # the table keeps every figure
    assert view.chart is not None
    dots = [s for s in view.chart.shapes if s.kind == "circle"]
    assert len(dots) == 2
    assert any(": 6 u" in d.label for d in dots)
    assert not any(": 5 u" in d.label for d in dots)


# -- every commitment exactly once ---------------------------------------------------------


@st.composite
def _regrouped(draw: st.DrawFn) -> Result:
    """The Mérida result with any pillar given 0-3 objectives and each of its
    commitments any of them, or none (which integrity forbids, but the view must not
    lose or repeat a commitment even then)."""
    result = rs.merida_result()
    pillars = []
    for pr in result.pillars:
        n = draw(st.integers(0, 3))
        ids = [f"{pr.id}.o{i}" for i in range(n)]
        choice = st.sampled_from([*ids, None]) if ids else st.none()
        commitments = tuple(attrs.evolve(c, objective=draw(choice)) for c in pr.commitments)
        objectives = tuple(
            ObjectiveResult(
                i,
                f"Objective {i}",
                50.0,
                "C",
                1.0,
                1 / n,
                pr.effective_weight / n,
                tuple(c.id for c in commitments if c.objective == i),
            )
            for i in ids
        )
        pillars.append(attrs.evolve(pr, commitments=commitments, objectives=objectives))
    return attrs.evolve(result, pillars=tuple(pillars))


def _ids(result: Result) -> dict[str, CommitmentResult]:
    return {c.title: c for p in result.pillars for c in p.commitments}


@settings(max_examples=15, deadline=None)
@given(_regrouped())
def test_every_commitment_appears_exactly_once_whatever_its_objectives(result: Result) -> None:
    report = build(result, rs.merida_analyses())
    for pr, view in zip(result.pillars, report.pillars, strict=True):
        shown = Counter(c.anchor for g in view.groups for c in g.commitments)
        expected = {f"{view.anchor}-c{i + 1}" for i in range(len(pr.commitments))}
        assert set(shown) == expected
        assert all(n == 1 for n in shown.values())
        assert len([g for g in view.groups if g.objective is not None]) == len(pr.objectives)
        # each commitment stands under the objective it names (or in the trailing group)
        for g in view.groups:
            for c in g.commitments:
                index = int(c.anchor.rsplit("-c", 1)[1]) - 1
                objective = pr.commitments[index].objective
                if g.objective is None:
                    assert objective not in {o.id for o in pr.objectives}
                else:
                    assert objective is not None
    # footnotes are still numbered 1..n in print order
    numbers = [n.number for p in report.pillars for n in p.notes]
    assert numbers == list(range(1, len(numbers) + 1))


# -- end to end, with the engine's results -------------------------------------------------


def test_the_report_prints_the_engines_verdicts_beside_the_roll_ups() -> None:
    """tests/data/verdicts: the access pillar's roll-up (D) and the panel's verdict (B)
    are two bands apart and unexplained; quality's are one band apart; governance has no
    verdict; the programme's verdict is on the cover."""
    result = scorecard.score(scorecard.load(rs.ROOT / "tests" / "data" / "verdicts"))
    report = build(result, rs.example_analyses())
    by_id = dict(zip((p.id for p in result.pillars), report.pillars, strict=True))
    access, quality, governance = by_id["access"], by_id["quality"], by_id["governance"]
    assert access.verdict is not None
    assert (access.grade, access.verdict.grade, access.verdict.agreement) == ("D", "B", "divergent")
    assert "2 grade bands apart, unexplained" in access.verdict.agreement_text
    assert quality.verdict is not None
    assert quality.verdict.agreement == "one-band"
    assert governance.verdict is None
    assert report.overall_verdict is not None
    html = scorecard.render_html(result, draws=100)
    assert html.count('<div class="verdict agreement-') == 3
    assert '<th scope="col">Sources\' verdict</th>' in html
    assert html.count('<td data-label="Sources\' verdict"></td>') >= 1  # governance
