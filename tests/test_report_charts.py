"""The report's charts: dates placed in the order the report sorts them, labels that
never overlap."""

from __future__ import annotations

import itertools

import report_support as rs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import partial_dates

from scorecard.dates import PartialDate
from scorecard.report import charts
from scorecard.report.filters import date_short
from scorecard.report.view import build


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_axis(chart: charts.Chart, dates: list[PartialDate]) -> None:
    """The dashed date lines run left to right in date order, strictly, and the date
    labels (short, one per date) neither overlap nor leave the chart."""
    ordered = sorted(set(dates))
    guides = [s for s in chart.shapes if s.kind == "line" and s.dash]
    xs = [g.x for g in guides]
    assert len(xs) == len(ordered)
    assert all(a < b for a, b in itertools.pairwise(xs)), xs
    texts = {date_short(d) for d in ordered}
    labels = [s for s in chart.shapes if s.kind == "text" and s.text in texts]
    assert sorted(s.text for s in labels) == sorted(date_short(d) for d in ordered)
    boxes = [charts.text_box(s) for s in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    for box in boxes:
        assert box[0] >= 0
        assert box[2] <= chart.width
        assert box[3] <= chart.height


def test_merida_timeline_places_summer_2009_before_september_2009() -> None:
    """The op-ed of summer 2009 ("2009-22") sorts before Arzt's "2009-09" (by its last
    possible day, 31 August): the chart places it there, and the two labels are kept apart."""
    result = rs.merida_result()
    report = build(result, rs.merida_analyses())
    chart = report.trend_chart
    assert chart is not None
    dates = [r.provenance.as_of for r in rs.merida_analyses().timeline]
    assert None not in dates
    known = [d for d in dates if d is not None]
    assert PartialDate.parse("2009-09") in known
    assert PartialDate.parse("2009-22") in known
    _check_axis(chart, known)
    xs = charts.date_positions(known, 34.0, 436.0)
    assert xs[PartialDate.parse("2009-22")] < xs[PartialDate.parse("2009-09")]
    assert "placed at its last day" in chart.desc
    # every line of the chart runs forwards in time
    for shape in chart.shapes:
        if shape.kind == "polyline":
            points = [float(p.split(",")[0]) for p in shape.points.split()]
            assert all(a < b for a, b in itertools.pairwise(points)), shape.points


@settings(max_examples=150, deadline=None)
@given(st.lists(partial_dates, min_size=1, max_size=9, unique=True))
def test_trend_axis_is_ordered_and_legible(dates: list[PartialDate]) -> None:
    ordered = sorted(dates)
    series = [charts.Series("Overall", tuple((d, 50.0) for d in ordered), emphasis=True)]
    chart = charts.trend_chart(series, title="t")
    _check_axis(chart, dates)


@settings(max_examples=100, deadline=None)
@given(st.lists(partial_dates, min_size=2, max_size=6, unique=True))
def test_indicator_axis_labels_do_not_overlap(dates: list[PartialDate]) -> None:
    points = [charts.Point(d, float(i), None, None) for i, d in enumerate(sorted(dates))]
    chart = charts.indicator_chart(points, title="t", unit="u", better="higher")
    texts = {date_short(d) for d in dates}
    boxes = [charts.text_box(s) for s in chart.shapes if s.kind == "text" and s.text in texts]
    assert len(boxes) == len(dates)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b)
    xs = [s.x for s in chart.shapes if s.kind == "circle"]
    assert all(a < b for a, b in itertools.pairwise(xs))


def test_positions_follow_the_last_possible_day() -> None:
    d = [PartialDate.parse(t) for t in ("2009-09", "2009-12", "2009", "2010")]
    xs = charts.date_positions(d, 0.0, 100.0, min_gap=5.0)
    values = [xs[x] for x in sorted(d)]
    assert all(a < b for a, b in itertools.pairwise(values))
    assert values[0] == 0.0
    assert values[-1] == 100.0
    # "2009-12" and "2009" share their last day: kept apart by the minimum gap
    assert values[2] - values[1] >= 5.0 * 100.0 / 105.0 - 1e-9
