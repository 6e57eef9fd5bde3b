"""The one display policy: numbers, shares, deltas, missing marks, colours and time axes,
and every output (CLI, repr, notebook, report) using it."""

from __future__ import annotations

import html
import itertools
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard import display
from scorecard.commands.score import to_table
from scorecard.dates import PartialDate
from scorecard.display import (
    GRADE_PALETTE,
    HTML,
    MISSING,
    MISSING_COLOUR,
    format_delta,
    format_percent,
    format_score,
    format_weight,
    grade_colour,
    grade_of,
    grade_step,
    palette_css,
    snap,
    time_axis,
)
from scorecard.model import GradeBands
from scorecard.notebook import result_html
from scorecard.report import filters
from scorecard.report.view import build
from scorecard.result import Result
from tests import report_support as rs
from tests.bad_inputs import EXAMPLE
from tests.strategies import STANDARD_BANDS, grade_bands, partial_dates

CSS = Path(__file__).parent.parent / "templates" / "report" / "report.css"

scores = st.floats(min_value=0, max_value=100)
shares = st.one_of(
    st.floats(min_value=0, max_value=1),
    st.sampled_from([0.0, 1e-9, 0.004, 0.005, 0.125, 0.675, 0.995, 0.999999, 1.0]),
)


def test_format_score_floors_to_one_decimal() -> None:
    assert format_score(79.96) == "79.9"
    assert format_score(79.96, 0) == "79"
    assert format_score(80.0) == "80.0"
    assert format_score(79.99999999999999) == "80.0"  # float noise for a true 80
    assert format_score(0.0, 2) == "0.00"
    assert format_score(100.0, 0) == "100"
    assert format_score(None) == "—"
    assert grade_of(STANDARD_BANDS, 79.99999999999999) == "A"
    assert grade_of(STANDARD_BANDS, 79.96) == "B"


@pytest.mark.parametrize(
    ("share", "digits", "text"),
    [
        (0.675, 0, "68%"),  # half to even: 67.5 -> 68
        (0.665, 0, "66%"),  # half to even: 66.5 -> 66
        (0.125, 0, "12%"),
        (0.125, 1, "12.5%"),
        (0.5, 0, "50%"),
        (0.0, 0, "0%"),
        (0.001, 0, "<1%"),  # positive, would show 0
        (0.004, 0, "<1%"),
        (0.005, 0, "<1%"),  # 0.5 -> 0 (half to even), but positive
        (0.0051, 0, "1%"),
        (0.001, 1, "0.1%"),
        (0.0004, 1, "<0.1%"),
        (0.994, 0, "99%"),
        (0.995, 0, ">99%"),  # below 1, would show 100
        (0.999, 0, ">99%"),
        (0.9996, 1, ">99.9%"),
        (1.0, 0, "100%"),
        (None, 0, "—"),
    ],
)
def test_format_percent_rounds_half_to_even_without_false_extremes(
    share: float | None, digits: int, text: str
) -> None:
    assert format_percent(share, digits) == text


def test_format_percent_refuses_what_is_not_a_share() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        format_percent(1.5)


def test_format_weight_is_a_share() -> None:
    assert format_weight(1 / 3) == "33.3%"
    assert format_weight(1 / 3, 0) == "33%"
    assert format_weight(0.003, 0) == "<1%"


def test_format_delta() -> None:
    assert format_delta(3.24) == "+3.2"
    assert format_delta(-0.5) == "-0.5"
    assert format_delta(-0.5, style=HTML) == "\u22120.5"
    assert format_delta(0.01) == "0.0"
    assert format_delta(-0.04) == "0.0"  # no "-0.0"
    assert format_delta(0.25) == "+0.2"  # half to even
    assert format_delta(0.35) == "+0.4"  # the decimal 0.35, not the float below it
    assert format_delta(None) == MISSING


@settings(max_examples=200, deadline=None)
@given(grade_bands(), scores, st.integers(0, 3))
def test_shown_score_is_never_in_a_higher_band(
    bands: GradeBands, score: float, digits: int
) -> None:
    order = bands.grades  # best first
    shown = float(format_score(score, digits))
    assert shown <= snap(score)
    assert order.index(bands.grade(shown)) >= order.index(grade_of(bands, score))


@settings(max_examples=300, deadline=None)
@given(shares, st.integers(0, 2))
def test_a_shown_share_is_its_nearest_value_or_says_which_side(share: float, digits: int) -> None:
    text = format_percent(share, digits)
    step = Decimal(1).scaleb(-digits)
    pct = Decimal(repr(round(share * 100, 9)))
    if text.startswith("<"):
        assert 0 < pct <= step / 2
    elif text.startswith(">"):
        assert 100 - step / 2 <= pct < 100
    else:
        shown = Decimal(text.rstrip("%"))
        assert abs(shown - pct) <= step / 2
        assert (shown == 0) == (pct == 0)
        assert (shown == 100) == (pct == 100)


# --- every output shows a score and a share the same way ------------------------------


def _with(result: Result, score: float, coverage: float) -> Result:
    overall = attrs.evolve(result.overall, score=score, coverage=coverage)
    first = attrs.evolve(result.pillars[0], score=score, coverage=coverage)
    return attrs.evolve(result, overall=overall, pillars=(first, *result.pillars[1:]))


@settings(max_examples=40, deadline=None)
@given(scores, shares)
def test_every_output_formats_a_score_and_a_share_identically(
    score: float, coverage: float
) -> None:
    result = _with(rs.example_result(), score, coverage)
    shown, share = format_score(score), format_percent(coverage)
    grade = result.overall.grade
    # the CLI table: the overall row and the first pillar's row
    table = to_table(result)
    overall_row = next(line for line in table.splitlines() if line.startswith("Overall"))
    assert overall_row.split()[1:4] == [shown, grade, share]
    pillar_row = next(
        line for line in table.splitlines() if line.startswith(result.pillars[0].title)
    )
    assert f" {shown} " in pillar_row
    assert f" {share} " in pillar_row
    # the repr
    text = repr(result)
    assert f"overall {grade} ({shown})" in text
    assert f"coverage {share};" in text
    # the notebook view
    view = result_html(result)
    assert f"<strong>{shown}</strong>" in view
    assert f"coverage {html.escape(share)}" in view
    assert f'<td style="{_num_style(view)}">{html.escape(share)}</td>' in view
    # the report
    report = build(result, rs.example_analyses())
    assert (report.overall_score, report.overall_coverage) == (shown, share)
    assert (report.pillars[0].score, report.pillars[0].coverage) == (shown, share)
    assert (filters.score(score), filters.percent(coverage)) == (shown, share)


def _num_style(view: str) -> str:
    found = re.search(r'<td style="([^"]*text-align:right[^"]*)">', view)
    assert found is not None
    return found.group(1)


def test_one_missing_mark() -> None:
    assert format_score(None) == format_percent(None) == format_delta(None) == MISSING == "—"
    assert filters.score(None) == filters.percent(None) == filters.delta(None) == MISSING
    assert filters.number(None) == MISSING


# --- colours ---------------------------------------------------------------------------


def test_report_css_carries_the_display_palette() -> None:
    css = CSS.read_text(encoding="utf-8")
    block = re.search(r"/\* grade palette: [^\n]*\*/\n(.*?)/\* end of grade palette \*/", css, re.S)
    assert block is not None, "report.css has lost its grade palette markers"
    assert block.group(1) == palette_css(), (
        "report.css's grade palette differs from scorecard.display: paste the output of "
        "`python -c 'from scorecard.display import palette_css; print(palette_css())'` "
        "between its markers"
    )
    # and no grade colour is set anywhere else in the stylesheet
    outside = css.replace(block.group(1), "")
    assert not re.search(r"\.g-(?:\d|none)[^{]*\{[^}]*#[0-9a-fA-F]{3,6}", outside)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    low, high = sorted([_luminance(a), _luminance(b)])
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", [*GRADE_PALETTE, MISSING_COLOUR])
def test_palette_text_is_legible(colour: display.GradeColour) -> None:
    assert _contrast(colour.fill, colour.on_fill) >= 4.5  # WCAG AA, normal text
    assert _contrast(colour.on_paper, "#ffffff") >= 3.0  # WCAG AA, large bold letters


def test_grade_step_spreads_ranks_over_the_palette() -> None:
    five = ("A", "B", "C", "D", "F")
    assert [grade_step(g, five) for g in five] == [0, 1, 2, 3, 4]
    eleven = tuple("ABCDEFGHIJK")
    steps = [grade_step(g, eleven) for g in eleven]
    assert steps[0] == 0
    assert steps[-1] == len(GRADE_PALETTE) - 1
    assert steps == sorted(steps)
    assert grade_step("A", ("A",)) == 0
    assert grade_step(None, five, 50.0) is None
    assert grade_colour(None, five) == MISSING_COLOUR
    # without the programme's grades, the score's place on 100..0 decides
    assert grade_step("A", (), 95.0) == 0
    assert grade_step("F", (), 2.0) == len(GRADE_PALETTE) - 1
    assert grade_step("X", (), None) is None


@settings(max_examples=100, deadline=None)
@given(grade_bands())
def test_report_chart_notebook_and_plot_agree_on_grade_colours(bands: GradeBands) -> None:
    from scorecard.report import charts
    from scorecard.report.view import grade_css as _grade_css

    grades = bands.grades
    fills = charts.grade_colours(grades)
    for grade in grades:
        step = grade_step(grade, grades)
        assert fills[grade] == GRADE_PALETTE[step or 0].fill
        assert _grade_css(grade, grades) == f"g-{step}"
    assert _grade_css(None, grades) == "g-none"


# --- time -----------------------------------------------------------------------------


@settings(max_examples=150)
@given(st.lists(partial_dates, min_size=1, max_size=9, unique=True))
def test_time_axis_keeps_order_and_bounds(dates: list[PartialDate]) -> None:
    places = time_axis(dates)
    values = [places[d] for d in sorted(dates)]
    assert all(0.0 <= x <= 1.0 for x in values)
    assert all(
        b - a >= display.TIME_GAP / (1 + display.TIME_GAP * len(dates)) - 1e-12
        for a, b in itertools.pairwise(values)
    )
    if len(values) > 1:
        assert values[0] == 0.0
        assert values[-1] == 1.0


def test_time_axis_spans_the_axis_when_every_date_ends_on_the_same_day() -> None:
    """ "2001" and "2001-12" both end on 31 December 2001: the gap alone spreads them, and
    the axis still runs from 0 to 1 (found by the property above)."""
    year, december = PartialDate.parse("2001"), PartialDate.parse("2001-12")
    assert time_axis([december, year]) == {year: 0.0, december: 1.0}


def test_time_axis_is_proportional_to_time() -> None:
    d = [PartialDate.parse(t) for t in ("2010-01-01", "2010-01-11", "2010-01-31")]
    places = time_axis(d)
    assert places[d[1]] == pytest.approx(1 / 3)


# -- shares shown together -------------------------------------------------------------


@pytest.mark.parametrize(
    ("shares", "shown"),
    [
        # the case: 0.5 %, 99 %, 0.5 % showed as 1 %, 99 %, 1 % (101 %)
        ([0.005, 0.99, 0.005], ["1%", "99%", "<1%"]),
        # thirds: floors 33+33+33 = 99, the one point left goes to the first of the tie
        ([1 / 3, 1 / 3, 1 / 3], ["34%", "33%", "33%"]),
        # 67.5 / 32.5: remainders tie at .5; the larger share takes the point
        ([0.675, 0.325], ["68%", "32%"]),
        # 99.6 % and 0.4 %: 100 + 0 by the remainders, shown as >99 % and <1 %
        ([0.996, 0.004], [">99%", "<1%"]),
        ([1.0, 0.0], ["100%", "0%"]),
        # not parts of one whole: each on its own
        ([0.2, 0.3], ["20%", "30%"]),
        ([0.25, None, 0.75], ["25%", MISSING, "75%"]),
    ],
)
def test_shares_shown_together_add_up(shares: list[float | None], shown: list[str]) -> None:
    assert display.format_shares(shares) == shown


def test_shares_with_a_decimal_add_up() -> None:
    assert display.format_shares([1 / 3, 1 / 3, 1 / 3], digits=1) == ["33.4%", "33.3%", "33.3%"]


@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_shares_of_one_whole_always_add_up_to_100(counts: list[int]) -> None:
    total = sum(counts)
    if total == 0:
        return
    shares = [c / total for c in counts]
    shown = display.format_shares(shares)
    values = []
    for text, share in zip(shown, shares, strict=True):
        if text == "<1%":
            assert 0 < share < 0.01
            values.append(0)
        elif text == ">99%":
            assert 0.99 <= share < 1
            values.append(100)
        else:
            values.append(int(text.rstrip("%")))
        # never more than one point away from the share itself
        assert abs(values[-1] - share * 100) < 1
    assert sum(values) == 100


def test_cli_repr_and_plot_show_the_same_shares() -> None:
    """One policy: the CLI's sensitivity table, the repr and the plot's labels show the
    same grade probabilities for the same draws."""
    import scorecard
    from scorecard.commands.sensitivity import to_table as sensitivity_table

    sens = scorecard.sensitivity(scorecard.load(EXAMPLE), draws=300, seed=3)
    grades = list(sens.overall.grades)
    expected = display.format_shares([sens.overall.grades[g] for g in grades])
    table = sensitivity_table(sens)
    overall = next(line for line in table.splitlines() if line.startswith("Overall"))
    assert overall.split()[-len(grades) :] == expected
    positive = [f"{g} {s}" for g, s in zip(grades, expected, strict=True) if sens.overall.grades[g]]
    assert ", ".join(positive) in repr(sens)
