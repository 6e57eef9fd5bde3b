"""Jupyter display (``_repr_html_``): compact, escaped, and styled without leaking."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import scorecard
from scorecard.display import MISSING, MISSING_TEXT, format_percent, grade_colour
from scorecard.model import Programme
from scorecard.notebook import result_html
from scorecard.result import Result
from scorecard.robustness import SensitivityResult

NEWCOMER = Path(__file__).parent / "data" / "newcomer"
VOID = {"br", "hr", "img", "meta", "link", "input", "col", "wbr"}


class _Shape(HTMLParser):
    """Records the element tree's shape: balanced tags, roots, style and class use."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.roots: list[tuple[str, dict[str, str | None]]] = []
        self.tags: list[str] = []
        self.classes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs_)
        if not self.stack:
            self.roots.append((tag, attributes))
        self.tags.append(tag)
        if attributes.get("class"):
            self.classes.append(str(attributes["class"]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def shape(html: str) -> _Shape:
    parser = _Shape()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


@pytest.fixture(scope="module")
def programme() -> Programme:
    return scorecard.load(NEWCOMER)


@pytest.fixture(scope="module")
def result(programme: Programme) -> Result:
    return scorecard.score(programme)


def test_result_shows_grades_scores_and_coverage(result: Result) -> None:
    html = result._repr_html_()
    text = " ".join(shape(html).text)
    assert result.programme_title in text
    for pillar in result.pillars:
        assert pillar.title in text
        assert pillar.grade is not None
        assert pillar.grade in text
    # warning: 3 of 4 commitments assessed, coverage floored to a whole percent.
    assert "75%" in text
    assert "3 of 4" in " ".join(text.split())
    assert result.overall.grade == "B"
    assert "Overall" in text


def test_one_scoped_root_and_no_global_styles(result: Result) -> None:
    html = result._repr_html_()
    parsed = shape(html)
    assert len(parsed.roots) == 1
    tag, attributes = parsed.roots[0]
    assert tag == "div"
    assert attributes["class"] == "scorecard-repr"
    # Styles are inline attributes only: no <style> or <link> that could restyle the notebook,
    # no script, and no class other than the root's (nothing for a notebook rule to hit).
    assert not {"style", "link", "script"} & set(parsed.tags)
    assert parsed.classes == ["scorecard-repr"]


def test_dataset_text_is_escaped(programme: Programme) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    pillars = (attrs.evolve(programme.pillars[0], title=hostile), *programme.pillars[1:])
    bad = attrs.evolve(programme, title=f"Pact & {hostile}", pillars=pillars)
    html = result_html(scorecard.score(bad))
    parsed = shape(html)
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert "&lt;script&gt;" in html
    assert "Pact &amp; " in html
    assert hostile in "".join(parsed.text)  # shown as text, intact


def test_a_result_read_back_from_json_still_displays(result: Result) -> None:
    again = Result.from_json(result.to_json())
    assert again.programme is None
    html = again._repr_html_()
    assert result.overall.grade is not None
    assert result.overall.grade in " ".join(shape(html).text)


def test_badges_take_the_display_palette(result: Result) -> None:
    """Every badge is painted with the colours display.grade_colour gives its grade (the
    report's palette), and a missing grade says so in words."""
    html = result_html(result)
    grades = result.programme.grades.grades if result.programme is not None else ()
    for grade, score in [(result.overall.grade, result.overall.score)] + [
        (p.grade, p.score) for p in result.pillars
    ]:
        colour = grade_colour(grade, grades, score)
        assert f"background:{colour.fill};color:{colour.on_fill}" in html
    missing = attrs.evolve(result, overall=attrs.evolve(result.overall, score=None, grade=None))
    html = result_html(missing)
    assert f'aria-label="{MISSING_TEXT}">{MISSING}</span>' in html


@pytest.fixture(scope="module")
def sens(programme: Programme) -> SensitivityResult:
    return scorecard.sensitivity(programme, draws=400, seed=3, vary_ratings=True)


def test_sensitivity_shows_intervals_grade_odds_and_ranks(sens: SensitivityResult) -> None:
    html = sens._repr_html_()
    parsed = shape(html)
    text = " ".join(" ".join(parsed.text).split())
    assert len(parsed.roots) == 1
    assert parsed.classes == ["scorecard-repr"]
    assert not {"style", "link", "script"} & set(parsed.tags)
    assert "400 draws, seed 3" in text
    assert "ratings varied (25%)" in text
    for p in sens.pillars:
        assert p.title in text
    # The likeliest grade of the overall score is named with its share.
    best = max(sens.overall.grades.items(), key=lambda kv: kv[1])
    assert f"{best[0]} in {format_percent(best[1])}" in text
    # Two pillars: every pillar's likeliest rank is "k of 2".
    assert text.count(" of 2 (") == len(sens.pillars)


def test_comparison_timeline_and_explanation_display(programme: Programme) -> None:
    comparison = scorecard.compare(programme, {"designed": "designed", "<mine>": {"warning": 3}})
    timeline = scorecard.timeline(programme)
    change = scorecard.explain(timeline.results[0], timeline.results[-1])
    for obj in (comparison, timeline, change):
        html = obj._repr_html_()
        parsed = shape(html)
        assert len(parsed.roots) == 1
        assert parsed.classes == ["scorecard-repr"]
        assert not {"style", "link", "script"} & set(parsed.tags)
    text = " ".join(shape(comparison._repr_html_()).text)
    assert "designed" in text
    assert "<mine>" in text  # a weighting's name is text, not markup
    assert "&lt;mine&gt;" in comparison._repr_html_()
    text = " ".join(shape(timeline._repr_html_()).text)
    assert "2021" in text
    assert "2022-06" in text
    # The explanation names the commitment that moved most, with its status change.
    text = " ".join(" ".join(shape(change._repr_html_()).text).split())
    top = max(change.overall.contributions, key=lambda k: abs(k.amount))
    assert f"{top.commitment} ({top.status_before} → {top.status_after}) {top.amount:+.1f}" in text


def test_objectives_verdicts_and_carried_readings_display(result: Result) -> None:
    """A pillar's objectives are rows under it; a source's verdict on a pillar shows in
    its own column with how far apart it is; carried-forward readings are counted."""
    from scorecard._repr import result_repr
    from scorecard.dates import PartialDate
    from scorecard.result import Divergence, ObjectiveResult, VerdictResult

    pr = result.pillars[0]
    verdict = VerdictResult(
        pr.id, "stalled", "Stalled <x>", 0.0, "F", "src", PartialDate(2022, 5), "q", "r", None
    )
    pillar = attrs.evolve(
        pr,
        objectives=(ObjectiveResult("o<1>", "Objective <one>", 75.0, "B", 1.0, 1.0, 0.5, ()),),
        commitments=tuple(attrs.evolve(c, carried_forward=True) for c in pr.commitments),
        verdict=verdict,
        divergence=Divergence(3, True, False, None),
    )
    changed = attrs.evolve(result, pillars=(pillar, *result.pillars[1:]))
    html = result_html(changed)
    assert "Source's verdict" in html
    assert "Objective &lt;one&gt;" in html
    assert "Stalled &lt;x&gt;" in html
    assert "3 bands apart, unexplained" in html
    assert f"({len(pr.commitments)} carried forward)" in html
    assert shape(html).stack == []
    assert "Source's verdict" not in result_html(result)
    assert f"{pr.id} " in result_repr(changed)
    assert "[verdict F, 3 bands apart]" in result_repr(changed)
    assert "[verdict" not in result_repr(result)
