"""Notebook figures: returned, never shown, drawn from the numbers they claim to show."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import scorecard
from scorecard import display, plot
from scorecard.analysis import Comparison, Timeline
from scorecard.dates import PartialDate
from scorecard.errors import ScorecardError
from scorecard.model import Programme
from scorecard.report import charts
from scorecard.result import Result
from scorecard.robustness import SensitivityResult
from tests.strategies import partial_dates

NEWCOMER = Path(__file__).parent / "data" / "newcomer"
MERIDA = Path(__file__).parent.parent / "fixtures" / "merida"
LABELS = ["Overall", "Crews", "Warning"]  # the newcomer's short titles


@pytest.fixture(scope="module")
def programme() -> Programme:
    return scorecard.load(NEWCOMER)


@pytest.fixture(scope="module")
def sens(programme: Programme) -> SensitivityResult:
    return scorecard.sensitivity(programme, draws=400, seed=5, vary_ratings=True)


@pytest.fixture(scope="module")
def timeline(programme: Programme) -> Timeline:
    return scorecard.timeline(programme)


@pytest.fixture(scope="module")
def comparison(programme: Programme) -> Comparison:
    return scorecard.compare(programme, {"designed": "designed", "mine": {"warning": 3}})


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


def _ticks(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def test_no_global_figure_is_created(sens: SensitivityResult) -> None:
    before = set(sys.modules)
    fig = plot.grade_probabilities(sens)
    assert isinstance(fig, Figure)
    # pyplot (the global figure manager) is never imported by the library.
    assert "matplotlib.pyplot" not in set(sys.modules) - before
    assert _png(fig).startswith(b"\x89PNG")


def test_grade_probabilities_stack_to_the_whole(sens: SensitivityResult) -> None:
    fig = plot.grade_probabilities(sens)
    assert _ticks(fig) == LABELS
    widths: dict[float, float] = {}
    for bar in fig.axes[0].patches:
        y = round(bar.get_y() + bar.get_height() / 2, 6)
        widths[y] = widths.get(y, 0.0) + bar.get_width()
    assert sorted(widths) == [0.0, 1.0, 2.0]
    for y, total in widths.items():
        entry = sens.overall if y == 0 else sens.pillars[int(y) - 1]
        assert total == pytest.approx(100.0 * sum(entry.grades.values()))


def test_score_intervals_span_p05_to_p95(sens: SensitivityResult) -> None:
    fig = plot.score_intervals(sens)
    assert _ticks(fig) == LABELS
    lines = fig.axes[0].get_lines()
    spans = [x for line in lines if len(line.get_xdata()) == 2 for x in line.get_xdata()]
    expected = [sens.overall.p05, sens.overall.p95]
    for p in sens.pillars:
        expected += [p.p05, p.p95]
    assert spans == pytest.approx(expected)


def test_timeline_draws_one_line_per_entity(timeline: Timeline) -> None:
    """One labelled series per entity, in the report's colour and marker."""
    fig = plot.timeline(timeline)
    lines = [ln for ln in fig.axes[0].get_lines() if not ln.get_label().startswith("_")]
    assert [line.get_label() for line in lines] == LABELS
    for i, line in enumerate(lines):
        colour, kind = display.series_style(i)
        assert line.get_color() == colour
        assert line.get_marker() == plot._MARKERS[kind]
    overall = np.array(lines[0].get_ydata(), dtype=float)
    assert overall.tolist() == pytest.approx([r.overall.score for r in timeline.results])
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == [d.isoformat() for d in timeline.dates]


def test_comparison_places_each_weighting_at_its_scores(comparison: Comparison) -> None:
    fig = plot.comparison(comparison)
    assert _ticks(fig) == LABELS
    lines = [line for line in fig.axes[0].get_lines() if line.get_label() in comparison.names]
    assert [line.get_label() for line in lines] == ["designed", "mine"]
    for line, result in zip(lines, comparison.results, strict=True):
        expected = [result.overall.score] + [p.score for p in result.pillars]
        assert list(line.get_xdata()) == pytest.approx(expected)


def test_pillar_scores_colour_bars_by_grade(comparison: Comparison) -> None:
    result = comparison.result("designed")
    fig = plot.pillar_scores(result)
    assert _ticks(fig) == LABELS
    bars = fig.axes[0].patches
    assert [b.get_width() for b in bars][-3:] == pytest.approx(
        [result.overall.score] + [p.score for p in result.pillars]
    )


def test_without_matplotlib_the_error_says_what_to_install(
    sens: SensitivityResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ScorecardError, match=r"install 'matplotlib>=3\.8' .*-e '\.\[plot\]'"):
        plot.score_intervals(sens)


def test_figures_show_themselves_in_jupyter_as_png(sens: SensitivityResult) -> None:
    fig = plot.score_intervals(sens)
    png = fig._repr_png_()  # type: ignore[attr-defined]
    assert png.startswith(b"\x89PNG")


def _chart_places(series: list[Result]) -> list[float]:
    """Relative x (first date 0, last 1) of each as-of date in the report's trend chart."""
    points = tuple((r.provenance.as_of, r.overall.score) for r in series)
    chart = charts.trend_chart([charts.Series("Overall", points, emphasis=True)], title="t")
    xs = [s.x for s in chart.shapes if s.kind == "circle" and s.label]  # not the end label's
    return [(x - xs[0]) / (xs[-1] - xs[0]) for x in xs]


def _plot_places(series: list[Result]) -> list[float]:
    """As :func:`_chart_places`, for the points the plot draws (a date without an overall
    score, such as Mérida's pre-programme baseline, has no point in either)."""
    line = plot.timeline(series).axes[0].get_lines()[0]
    xs = [x for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True) if y == y]
    return [(x - xs[0]) / (xs[-1] - xs[0]) for x in xs]


def test_plot_and_report_chart_share_the_merida_time_axis() -> None:
    """Mérida's timeline has summer 2009 ("2009-22") and "2009-09" among real dates
    years apart, and a baseline with no score: the notebook plot and the report's chart
    place them alike."""
    series = list(scorecard.timeline(scorecard.load(MERIDA)).results)
    assert len(series) > 2
    assert _plot_places(series) == pytest.approx(_chart_places(series), abs=1e-3)


@settings(max_examples=25, deadline=None)
@given(st.lists(partial_dates, min_size=2, max_size=7, unique=True))
def test_plot_and_report_chart_place_dates_alike(dates: list[PartialDate]) -> None:
    base = scorecard.score(scorecard.load(NEWCOMER))
    series = [
        attrs.evolve(base, provenance=attrs.evolve(base.provenance, as_of=d)) for d in sorted(dates)
    ]
    chart, figure = _chart_places(series), _plot_places(series)
    assert figure == pytest.approx(chart, abs=1e-3)


def test_timeline_dashes_carried_segments_and_leaves_the_baseline_apart() -> None:
    """Mérida: the pre-programme date (15 Aug 2007) is no part of any drawn segment; a
    pillar's segment to a date with no new reading of it is dashed, every other solid."""
    from scorecard.analysis import baseline_dates, renewed

    tl = scorecard.timeline(scorecard.load(MERIDA))
    before = baseline_dates(tl.results[-1].programme)  # type: ignore[arg-type]
    assert before == {PartialDate.parse("2007-08-15")}
    fig = plot.timeline(tl)
    xs = plot._time_places(list(tl.results))
    base_x = xs[tl.dates.index(PartialDate.parse("2007-08-15"))]
    segments = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) == 2]
    assert segments
    for seg in segments:
        assert base_x not in list(seg.get_xdata())
    dashed = [
        (tuple(s.get_xdata()), tuple(s.get_ydata())) for s in segments if s.get_linestyle() != "-"
    ]
    # Disrupt organized crime (p1) is 25.0 at summer 2009 and, unrenewed, at September 2009
    i = tl.dates.index(PartialDate.parse("2009-09"))
    assert not renewed(tl.results[i], "p1")
    assert ((xs[i - 1], xs[i]), (25.0, 25.0)) in dashed
    assert len(dashed) == sum(
        1
        for j in range(1, len(tl.results))
        for key in [None] + [p.id for p in tl.results[j].pillars]
        if not renewed(tl.results[j], key)
        and all(
            (r.overall.score if key is None else r.pillar(key).score) is not None
            and r.provenance.as_of not in before
            for r in tl.results[j - 1 : j + 1]
        )
    )
