"""The report's charts: dates placed in the order the report sorts them, labels that
never overlap, series told apart under colour blindness, carried-forward segments
dashed, the baseline apart, and charts that scale to their container with their data
as their description."""

from __future__ import annotations

import functools
import itertools
import math
import os
import re
from pathlib import Path

import attrs
import pytest
import report_support as rs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import partial_dates
from test_report_browser import CHROMIUM, Browser

import scorecard
from scorecard import display
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
    guides = [s for s in chart.shapes if s.kind == "line" and s.dash and s.x == s.x2]
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


# -- colour: the series palette under simulated colour blindness ------------------------

# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
PROTANOPIA = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
Matrix = tuple[tuple[float, float, float], ...]


def _linear(hex_colour: str) -> tuple[float, ...]:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return tuple(channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))


def _simulate(rgb: tuple[float, ...], matrix: Matrix | None) -> tuple[float, ...]:
    if matrix is None:
        return rgb
    return tuple(
        min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0.0), 1.0) for row in matrix
    )


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    """CIELAB (D65 white) of a linear sRGB colour."""
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def _delta_e(a: str, b: str, matrix: Matrix | None) -> float:
    return math.dist(_lab(_simulate(_linear(a), matrix)), _lab(_simulate(_linear(b), matrix)))


def test_colour_science_matches_published_values() -> None:
    """Oracles: sRGB white is L* 100, a* b* 0; pure red is (53.24, 80.09, 67.20); the
    simulations keep greys grey (each matrix row sums to 1)."""
    assert _lab(_linear("#ffffff")) == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert _lab(_linear("#ff0000")) == pytest.approx((53.24, 80.09, 67.20), abs=0.02)
    for matrix in (PROTANOPIA, DEUTERANOPIA):
        assert _simulate((0.5, 0.5, 0.5), matrix) == pytest.approx((0.5, 0.5, 0.5), abs=1e-4)
    # red and green, far apart in normal vision, merge under deuteranopia
    assert _delta_e("#ff0000", "#00ff00", None) > 80
    assert _delta_e("#d62728", "#2ca02c", DEUTERANOPIA) < 15


@pytest.mark.parametrize(
    ("vision", "matrix"),
    [("normal", None), ("deuteranopia", DEUTERANOPIA), ("protanopia", PROTANOPIA)],
)
def test_series_colours_stay_apart_under_colour_blindness(
    vision: str, matrix: Matrix | None
) -> None:
    """Every pair of series colours is at least SERIES_MIN_DELTA_E (15, CIE 1976) apart;
    the palette this replaced merged two pillars to 5.7 under protanopia."""
    worst = min(
        (_delta_e(a, b, matrix), a, b) for a, b in itertools.combinations(display.SERIES_COLOURS, 2)
    )
    assert worst[0] >= display.SERIES_MIN_DELTA_E, (vision, worst)
    old = ("#1f4e79", "#c9733a", "#4f9a6a", "#8e5ea2", "#b23a3a", "#5d6b7a", "#2a9d8f", "#7d5a3c")
    if matrix is PROTANOPIA:
        assert min(_delta_e(a, b, matrix) for a, b in itertools.combinations(old, 2)) < 6


def test_series_differ_in_marker_as_well_as_colour() -> None:
    styles = [
        display.series_style(i)
        for i in range(len(display.SERIES_COLOURS) * len(display.SERIES_MARKERS))
    ]
    assert len(set(styles)) == len(styles)
    assert [m for _, m in styles[: len(display.SERIES_MARKERS)]] == list(display.SERIES_MARKERS)


# -- end labels ------------------------------------------------------------------------

targets_strategy = st.lists(
    st.floats(min_value=-50, max_value=250, allow_nan=False), min_size=0, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(targets_strategy)
def test_place_labels_keeps_them_apart_in_bounds_and_in_order(targets: list[float]) -> None:
    lo, hi, gap = 10.0, 170.0, 10.5
    placed = charts.place_labels(targets, gap=gap, lo=lo, hi=hi)
    assert placed == charts.place_labels(targets, gap=gap, lo=lo, hi=hi)  # deterministic
    assert all(lo - 1e-9 <= y <= hi + 1e-9 for y in placed)
    order = sorted(range(len(targets)), key=lambda i: (targets[i], i))
    ys = [placed[i] for i in order]
    assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(ys))  # no overlap, in order
    # labels already apart and in bounds stay exactly where they were wanted
    wanted = [targets[i] for i in order]
    if all(lo <= t <= hi for t in wanted) and all(
        b - a >= gap for a, b in itertools.pairwise(wanted)
    ):
        assert placed == pytest.approx(targets)


def test_place_labels_centres_a_crowd_on_its_targets_and_refuses_what_cannot_fit() -> None:
    # three labels wanted at 50: centred on 50, gap apart
    assert charts.place_labels([50.0, 50.0, 50.0], gap=10.0, lo=0.0, hi=100.0) == [40.0, 50.0, 60.0]
    # pushed into bounds at the bottom
    assert charts.place_labels([99.0, 100.0], gap=10.0, lo=0.0, hi=100.0) == [90.0, 100.0]
    with pytest.raises(ValueError, match="do not fit"):
        charts.place_labels([0.0] * 12, gap=10.0, lo=0.0, hi=100.0)


def _end_label_check(chart: charts.Chart, series: list[charts.Series]) -> None:
    """Every series' label is printed once; no two label boxes overlap; each label is
    within 16 px of its line's end, or a leader line runs from the end to the label."""
    names = [charts._clip(s.label, 26) for s in series]
    texts = [s for s in chart.shapes if s.kind == "text" and s.text in names]
    assert sorted(t.text for t in texts) == sorted(names)
    boxes = [charts.text_box(t) for t in texts]
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    leaders = [
        s
        for s in chart.shapes
        if s.kind == "line" and not s.dash and s.x2 > s.x + 5 and s.stroke == charts.MUTED
    ]
    for t, s in zip(sorted(texts, key=lambda t: names.index(t.text)), series, strict=True):
        dots = [
            c
            for c in chart.shapes
            if c.label.startswith(f"{s.label}, ") and "(baseline)" not in c.label
        ]
        end = max(
            dots,
            key=lambda c: (
                c.x if c.kind == "circle" else float(c.points.split(",")[0]) if c.points else c.x
            ),
        )
        ex, ey = _centre(end)
        box = charts.text_box(t)
        centre_y = (box[1] + box[3]) / 2
        near = box[0] - ex <= 26 and abs(centre_y - ey) <= 4
        joined = any(
            abs(ln.x - ex - 4) < 0.2 and abs(ln.y - ey) < 0.2 and abs(ln.y2 - (t.y - 3)) < 0.2
            for ln in leaders
        )
        assert near or joined, (s.label, ex, ey, box)
        assert box[2] <= chart.width + 0.5


def _centre(shape: charts.Shape) -> tuple[float, float]:
    if shape.kind == "circle":
        return shape.x, shape.y
    if shape.kind == "rect":
        return shape.x + shape.w / 2, shape.y + shape.h / 2
    pts = [tuple(map(float, p.split(","))) for p in shape.points.split()]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    if len(pts) == 4:  # diamond: symmetric
        return sum(xs) / 4, sum(ys) / 4
    return (min(xs) + max(xs)) / 2, _marker_y(shape)


def _marker_y(shape: charts.Shape) -> float:
    """The centre of a triangle or cross marker (drawn around its point)."""
    pts = [tuple(map(float, p.split(","))) for p in shape.points.split()]
    ys = [p[1] for p in pts]
    if len(pts) == 3:  # triangle: apex 1.2 r from the centre, base 0.8 r
        apex = min(ys) if ys.count(min(ys)) == 1 else max(ys)
        base = max(ys) if apex == min(ys) else min(ys)
        return apex + (base - apex) * 1.2 / 2.0
    return (min(ys) + max(ys)) / 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), st.floats(min_value=0, max_value=100)), min_size=3, max_size=3
        ),
        min_size=1,
        max_size=8,
    )
)
def test_end_labels_never_overlap_and_stay_by_their_lines(values: list[list[float | None]]) -> None:
    dates = [PartialDate.parse(t) for t in ("2009", "2010-06", "2012-12")]
    series = [
        charts.Series(f"Series {i}", tuple(zip(dates, vs, strict=True)), emphasis=i == 0)
        for i, vs in enumerate(values)
    ]
    shown = [s for s in series if any(v is not None for _, v in s.points)]
    chart = charts.trend_chart(series, title="t")
    _end_label_check(chart, shown)


# -- carried forward and the baseline -----------------------------------------------------

D = [PartialDate.parse(t) for t in ("2007-08-15", "2009", "2010", "2011", "2012")]


def _polylines(chart: charts.Chart) -> list[charts.Shape]:
    return [s for s in chart.shapes if s.kind == "polyline"]


def test_carried_forward_segments_are_dashed_and_only_they() -> None:
    s = charts.Series(
        "P", tuple((d, 10.0 * i) for i, d in enumerate(D[1:], 1)), carried=frozenset({D[2], D[3]})
    )
    chart = charts.trend_chart([s], title="t")
    # 2009 -> 2010 -> 2011 lead to carried values (dashed), 2011 -> 2012 to a new one
    assert [(ln.dash, len(ln.points.split())) for ln in _polylines(chart)] == [
        (display.CARRIED_DASH, 3),
        ("", 2),
    ]
    assert any(t.text == charts.TrendWords().carried for t in chart.shapes if t.kind == "text")
    assert "(carried forward)" in chart.desc
    # no carried date: no dash, no legend
    plain = charts.trend_chart([attrs.evolve(s, carried=frozenset())], title="t")
    assert {ln.dash for ln in _polylines(plain)} == {""}
    assert not any(t.text == charts.TrendWords().carried for t in plain.shapes if t.kind == "text")


def test_baseline_is_a_hollow_point_apart_from_the_line_and_labelled() -> None:
    s = charts.Series("P", ((D[0], 40.0), (D[1], 20.0), (D[2], 30.0)))
    chart = charts.trend_chart([s], title="t", baseline=frozenset({D[0]}))
    hollow = [m for m in chart.shapes if "(baseline)" in m.label]
    assert len(hollow) == 1
    assert hollow[0].fill == "#ffffff"
    assert hollow[0].stroke == display.SERIES_COLOURS[0]
    lines = _polylines(chart)
    assert len(lines) == 1
    assert len(lines[0].points.split()) == 2
    assert all(f"{hollow[0].x}," not in ln.points for ln in lines)
    label = [t for t in chart.shapes if t.kind == "text" and t.text == charts.TrendWords().baseline]
    assert len(label) == 1
    assert "baseline (before the program)" in chart.desc
    assert chart.table[1][0].endswith("(baseline (before the program))")


def test_merida_trend_marks_its_pre_programme_baseline_and_carried_segment() -> None:
    """Mérida's 15 August 2007 (the ISN text, a baseline source) has nothing scored:
    it is labelled as the baseline with "nothing scored", and no line starts there.
    Disrupt organized crime is not renewed in September 2009: its segment is dashed."""
    chart = build(rs.merida_result(), rs.merida_analyses()).trend_chart
    assert chart is not None
    texts = [t.text for t in chart.shapes if t.kind == "text"]
    assert "baseline (before the program): nothing scored" in texts
    assert "15 August 2007: baseline (before the program), nothing scored." in chart.desc
    dashed = [ln for ln in _polylines(chart) if ln.dash]
    assert len(dashed) == 1
    assert "Disrupt organized crime" in chart.desc
    assert "September 2009 25.0 (carried forward)" in chart.desc
    xs = sorted({float(p.split(",")[0]) for ln in _polylines(chart) for p in ln.points.split()})
    guides = sorted(s.x for s in chart.shapes if s.kind == "line" and s.dash and s.x == s.x2)
    assert xs[0] > guides[0]  # nothing drawn at the baseline date
    series_count = 1 + len(rs.merida_result().pillars)
    _end_label_check(chart, [charts.Series(lbl, ()) for lbl in chart.table[0][1:]][:series_count])


# -- indicators by reference period ------------------------------------------------------


def test_indicator_points_sit_at_the_period_measured_with_their_value() -> None:
    """A figure measured for 2007 but published in 2009 is placed at 2007, and the
    description says when it became known; every point carries its value label."""
    y2007, y2009, pub = (
        PartialDate.parse("2007"),
        PartialDate.parse("2009"),
        PartialDate.parse("2009-06"),
    )
    points = [
        charts.Point(y2007, 2000.0, None, None, "just over", known=pub),
        charts.Point(y2009, 6500.0, None, None, known=y2009),
        charts.Point(PartialDate.parse("2011"), None, 10.0, 20.0),
    ]
    chart = charts.indicator_chart(points, title="Killings", unit="deaths", better="lower")
    dots = [s for s in chart.shapes if s.kind == "circle"]
    xs = charts.date_positions([y2007, y2009, PartialDate.parse("2011")], 0, 1)
    assert xs[y2007] < xs[y2009]
    assert [d.label.split(":")[0] for d in dots] == ["2007 (known June 2009)", "2009"]
    texts = {t.text for t in chart.shapes if t.kind == "text"}
    assert {"just over 2,000", "6,500", "10\u201320"} <= texts
    assert chart.table[1] == ("2007", "just over 2,000", "June 2009")


def test_merida_indicator_charts_use_the_period_measured() -> None:
    report = build(rs.merida_result(), rs.merida_analyses())
    found = 0
    programme = rs.merida_result().programme
    assert programme is not None
    periods = {
        ind.title: {o.measured for o in ind.observations}
        for _, c in programme.commitments()
        for ind in c.indicators
    }
    for pillar in report.pillars:
        for c in pillar.commitments:
            for ind in c.indicators:
                if ind.chart is None:
                    continue
                found += 1
                labels = {date_short(d) for d in periods[ind.title]}
                axis = {
                    t.text for t in ind.chart.shapes if t.kind == "text" and t.fill == charts.MUTED
                }
                assert labels <= axis, (ind.title, labels, axis)
                assert "by the period each figure measures" in ind.chart.desc
    assert found >= 3


# -- scaling and accessible descriptions -------------------------------------------------


@functools.cache
def _merida_html() -> str:
    return scorecard.render_html(rs.merida_result(), analyses=rs.merida_analyses())


def test_every_chart_scales_and_is_described_by_its_data() -> None:
    html = _merida_html()
    tags = re.findall(r"<svg\b[^>]*>", html)
    # page 1's range glyphs sit in table rows that print their numbers; they scale by their
    # viewBox and name their range in a title, but carry no data table of their own
    intervals = [t for t in tags if 'class="interval"' in t]
    assert len(intervals) >= 5
    for tag in intervals:
        assert 'viewBox="0 0 ' in tag
        assert 'role="img"' in tag
        assert "aria-labelledby=" in tag
    svgs = [t for t in tags if t not in intervals]
    assert len(svgs) >= 5
    for tag in svgs:
        assert 'viewBox="0 0 ' in tag
        assert 'width="100%"' in tag
        assert "height=" not in tag.replace("height: auto", "")
        described = re.search(r'aria-describedby="([^"]+)"', tag)
        assert described is not None
        ids = described.group(1).split()
        assert len(ids) == 2, tag  # the text summary and the data table
        for ref in ids:
            assert f'id="{ref}"' in html
    # the <title> (a tagged PDF's alt text) is more than the title: it holds the summary
    titles = re.findall(r"<svg\b(?![^>]*class=\"interval\")[^>]*>\s*<title>([^<]*)</title>", html)
    assert len(titles) == len(svgs)
    assert all(len(t) > 60 and "." in t for t in titles)
    # and there is no fixed-width rule left for charts on a phone
    css = (rs.ROOT / "templates" / "report" / "report.css").read_text(encoding="utf-8")
    assert "min-width: 36rem" not in css


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="needs chromium")
def test_merida_charts_fit_a_phone_without_sideways_scroll(tmp_path: Path) -> None:
    """At 390 px in Chromium every chart is as wide as its figure or narrower, and the
    page does not scroll sideways; each chart's data table is in the document."""
    page = tmp_path / "merida.html"
    page.write_text(_merida_html(), encoding="utf-8")
    browser = Browser()
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        browser.send("Page.enable", session=session)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True},
            session=session,
        )
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        expression = (
            "[document.documentElement.scrollWidth,"
            " Array.from(document.querySelectorAll('svg:not(.interval)')).map(s =>"
            " [s.getBoundingClientRect().width, s.parentElement.getBoundingClientRect().width,"
            " s.getBoundingClientRect().right]),"
            " document.querySelectorAll('details.chart-data table').length]"
        )
        value = browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
        )["result"]["value"]
    finally:
        browser.close()
    scroll_width, boxes, tables = value
    assert scroll_width <= 390
    assert len(boxes) >= 5
    for width, parent, right in boxes:
        assert 100 < width <= parent + 0.5
        assert right <= 390
    assert tables == len(boxes)
