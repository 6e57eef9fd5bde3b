"""Charts as data: the geometry of small inline SVG charts, computed in Python.

A chart is a list of shapes (rectangles, lines, polylines, circles, text) with
their colours as presentation attributes, so it renders the same in a browser and
in WeasyPrint without any stylesheet or script. The templates print the shapes
(``_charts.html.j2``); every chart carries a ``title`` and a ``desc`` that say in
words what it shows, for screen readers and for anyone who cannot see it.

Colours, numbers and the time axis follow :mod:`scorecard.display`, as the notebook
plots do: the grade palette and rule, floored scores, and dates placed by
:func:`scorecard.display.time_axis`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import attrs

from scorecard import display
from scorecard.dates import PartialDate
from scorecard.report.filters import date_long, date_short, number, score

__all__ = [
    "Chart",
    "Shape",
    "date_positions",
    "grade_colours",
    "indicator_chart",
    "score_bars",
    "text_box",
    "trend_chart",
]

INK = "#1d2733"
MUTED = "#5d6b7a"
GRID = "#d5dbe1"
BAND_FILL = "#f1f3f5"
ACCENT = "#1f4e79"


@attrs.frozen(slots=True)
class Shape:
    """One SVG element. ``kind`` is ``rect``, ``line``, ``polyline``, ``circle`` or ``text``;
    only the attributes that kind uses are set."""

    kind: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    r: float = 0.0
    points: str = ""
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 0.0
    dash: str = ""
    text: str = ""
    anchor: str = "start"
    size: float = 10.0
    weight: str = "normal"
    label: str = ""  # a tooltip (<title>) for the shape


@attrs.frozen(slots=True)
class Chart:
    width: float
    height: float
    title: str
    desc: str
    shapes: tuple[Shape, ...]
    css_class: str = "chart"


def _r(value: float) -> float:
    return round(value, 1)


def _rect(x: float, y: float, w: float, h: float, fill: str, label: str = "") -> Shape:
    return Shape(
        "rect", x=_r(x), y=_r(y), w=_r(max(w, 0.0)), h=_r(max(h, 0.0)), fill=fill, label=label
    )


def _line(
    x: float, y: float, x2: float, y2: float, stroke: str, width: float = 1.0, dash: str = ""
) -> Shape:
    return Shape(
        "line", x=_r(x), y=_r(y), x2=_r(x2), y2=_r(y2), stroke=stroke, stroke_width=width, dash=dash
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = 10.0,
    fill: str = INK,
    weight: str = "normal",
) -> Shape:
    return Shape(
        "text", x=_r(x), y=_r(y), text=text, anchor=anchor, size=size, fill=fill, weight=weight
    )


def grade_colours(grades: Sequence[str]) -> dict[str, str]:
    """A fill colour per grade, best first (:func:`scorecard.display.grade_colour`)."""
    return {grade: display.grade_colour(grade, grades).fill for grade in grades}


@attrs.frozen(slots=True)
class Bar:
    """One bar of :func:`score_bars`: a label, a score, a grade and an optional
    5th-95th percentile interval from the sensitivity analysis."""

    label: str
    score: float | None
    grade: str | None
    low: float | None = None
    high: float | None = None
    emphasis: bool = False


def score_bars(
    bars: Sequence[Bar],
    bands: Sequence[tuple[str, float, float]],
    colours: dict[str, str],
    *,
    title: str,
    width: float = 640.0,
    label_width: float = 210.0,
) -> Chart:
    """Horizontal bars on a 0-100 axis over the grade bands, with whiskers for the
    interval a grade moves in under plausible weightings."""
    row = 30.0
    top = 22.0
    plot_left = label_width
    plot_width = width - label_width - 58.0
    height = top + row * len(bars) + 24.0
    shapes: list[Shape] = []

    def sx(value: float) -> float:
        return plot_left + plot_width * max(0.0, min(100.0, value)) / 100.0

    for i, (grade, low, high) in enumerate(sorted(bands, key=lambda b: b[1])):
        fill = BAND_FILL if i % 2 == 0 else "#ffffff"
        shapes.append(_rect(sx(low), top - 6, sx(high) - sx(low), row * len(bars) + 6, fill))
        shapes.append(
            _text((sx(low) + sx(high)) / 2, top - 9, grade, anchor="middle", size=9, fill=MUTED)
        )
    for tick in (0, 20, 40, 60, 80, 100):
        shapes.append(_line(sx(tick), top - 6, sx(tick), top + row * len(bars), GRID, 0.6))
        shapes.append(
            _text(
                sx(tick),
                top + row * len(bars) + 14,
                str(tick),
                anchor="middle",
                size=8.5,
                fill=MUTED,
            )
        )
    descs: list[str] = []
    for i, bar in enumerate(bars):
        y = top + i * row
        weight = "bold" if bar.emphasis else "normal"
        shapes.append(
            _text(
                plot_left - 8,
                y + row / 2 + 3.5,
                _clip(bar.label, 34),
                anchor="end",
                size=10,
                weight=weight,
            )
        )
        if bar.score is None:
            shapes.append(
                _text(plot_left + 4, y + row / 2 + 3.5, display.MISSING_TEXT, size=9, fill=MUTED)
            )
            descs.append(f"{bar.label}: {display.MISSING_TEXT}")
            continue
        colour = colours.get(bar.grade or "", ACCENT)
        label = f"{bar.label}: {score(bar.score)} ({bar.grade})"
        shapes.append(_rect(plot_left, y + 7, sx(bar.score) - plot_left, row - 14, colour, label))
        if bar.low is not None and bar.high is not None:
            mid = y + row / 2
            shapes.append(_line(sx(bar.low), mid, sx(bar.high), mid, INK, 1.2))
            shapes.append(_line(sx(bar.low), mid - 4, sx(bar.low), mid + 4, INK, 1.2))
            shapes.append(_line(sx(bar.high), mid - 4, sx(bar.high), mid + 4, INK, 1.2))
            label += f", 90% of weightings between {score(bar.low)} and {score(bar.high)}"
        shapes.append(
            _text(width - 52, y + row / 2 + 4, f"{score(bar.score)}", size=10, weight="bold")
        )
        shapes.append(
            _text(width - 16, y + row / 2 + 4, bar.grade or "", size=11, weight="bold", fill=colour)
        )
        descs.append(label)
    desc = "Scores out of 100 with grade bands. " + "; ".join(descs) + "."
    return Chart(width, height, title, desc, tuple(shapes), "chart chart-bars")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# Average advance of a DejaVu Sans glyph, in ems (digits are 0.64, lower case ~0.56): an
# estimate on the wide side, so that labels estimated apart are apart.
_EM = 0.62


def text_box(shape: Shape) -> tuple[float, float, float, float]:
    """The estimated box ``(x0, y0, x1, y1)`` a text shape covers (y grows downwards)."""
    width = len(shape.text) * shape.size * _EM
    if shape.anchor == "middle":
        x0 = shape.x - width / 2
    elif shape.anchor == "end":
        x0 = shape.x - width
    else:
        x0 = shape.x
    return (x0, shape.y - shape.size * 0.8, x0 + width, shape.y + shape.size * 0.25)


def date_positions(
    dates: Sequence[PartialDate], left: float, width: float, *, min_gap: float = 8.0
) -> dict[PartialDate, float]:
    """The x of each date on a time axis from ``left`` to ``left + width``: the relative
    place :func:`scorecard.display.time_axis` gives it (the same as in the notebook
    plots), with dates kept ``min_gap`` apart."""
    places = display.time_axis(dates, min_gap=min_gap / width if width > 0 else 0.0)
    return {d: left + width * x for d, x in places.items()}


def _axis_labels(
    positions: dict[PartialDate, float],
    *,
    y: float,
    size: float,
    lo: float,
    hi: float,
    gap: float = 6.0,
) -> tuple[list[Shape], int]:
    """Date labels under an axis, short (``Sep 2009``), each centred on its date but kept
    within ``lo``..``hi``; a label that would touch the one before it goes on the next
    row down. Returns the shapes and the number of rows used."""
    rows: list[float] = []  # right edge of the last label in each row
    shapes: list[Shape] = []
    for d, x in sorted(positions.items(), key=lambda item: item[1]):
        text = date_short(d)
        width = len(text) * size * _EM
        x0 = min(max(x - width / 2, lo), hi - width)
        row = next((i for i, right in enumerate(rows) if x0 >= right + gap), len(rows))
        if row == len(rows):
            rows.append(0.0)
        rows[row] = x0 + width
        row_y = y + row * (size + 3)
        shapes.append(_text(x0 + width / 2, row_y, text, anchor="middle", size=size, fill=MUTED))
    return shapes, len(rows)


@attrs.frozen(slots=True)
class Series:
    label: str
    points: tuple[tuple[PartialDate, float | None], ...]
    emphasis: bool = False


def trend_chart(
    series: Sequence[Series], *, title: str, width: float = 640.0, height: float = 200.0
) -> Chart:
    """Scores over the as-of dates, one line per series (the overall score emphasised).
    Dates are placed as :func:`date_positions` says, and the description says so."""
    left, right, top = 34.0, 170.0, 12.0
    dates = sorted({d for s in series for d, _ in s.points})
    shapes: list[Shape] = []
    if not dates:
        return Chart(width, 40.0, title, "No dated scores.", (), "chart chart-trend")
    plot_w = width - left - right
    xs = date_positions(dates, left, plot_w, min_gap=display.TIME_GAP * plot_w)
    label_size = 8.0
    plot_h = height - top - 26.0
    labels, rows = _axis_labels(
        xs, y=top + plot_h + 14, size=label_size, lo=2.0, hi=left + plot_w + right / 2
    )
    height += (rows - 1) * (label_size + 3)

    def sy(value: float) -> float:
        return top + plot_h * (1 - value / 100.0)

    for tick in (0, 25, 50, 75, 100):
        shapes.append(_line(left, sy(tick), left + plot_w, sy(tick), GRID, 0.6))
        shapes.append(_text(left - 5, sy(tick) + 3, str(tick), anchor="end", size=8, fill=MUTED))
    for d in dates:
        shapes.append(_line(xs[d], top, xs[d], top + plot_h, GRID, 0.6, "2 2"))
    shapes.extend(labels)
    descs: list[str] = []
    label_slots: list[float] = []
    for i, s in enumerate(series):
        colour = INK if s.emphasis else display.SERIES_COLOURS[i % len(display.SERIES_COLOURS)]
        known = [(d, v) for d, v in s.points if v is not None]
        if not known:
            continue
        pts = " ".join(f"{_r(xs[d])},{_r(sy(v))}" for d, v in known)
        shapes.append(
            Shape("polyline", points=pts, stroke=colour, stroke_width=2.6 if s.emphasis else 1.5)
        )
        for d, v in known:
            shapes.append(
                Shape(
                    "circle",
                    x=_r(xs[d]),
                    y=_r(sy(v)),
                    r=3.0 if s.emphasis else 2.2,
                    fill=colour,
                    label=f"{s.label}, {date_long(d)}: {score(v)}",
                )
            )
        end_y = sy(known[-1][1]) + 3
        for slot in sorted(label_slots):
            if abs(end_y - slot) < 10:
                end_y = slot + 10
        label_slots.append(end_y)
        shapes.append(
            _text(
                xs[known[-1][0]] + 8,
                end_y,
                _clip(s.label, 28),
                size=8.5,
                fill=colour,
                weight="bold" if s.emphasis else "normal",
            )
        )
        descs.append(s.label + ": " + ", ".join(f"{date_long(d)} {score(v)}" for d, v in known))
    desc = (
        "Scores out of 100 at each as-of date. "
        + "; ".join(descs)
        + ". Time runs left to right; a date known only to the month or the year is "
        "placed at its last day (2009 at 31 December 2009), the order used throughout "
        "the report."
    )
    return Chart(width, height, title, desc, tuple(shapes), "chart chart-trend")


@attrs.frozen(slots=True)
class Point:
    """An indicator observation: a value, or a ``low``-``high`` range. ``date`` is the
    period the figure measures (where the chart places it); ``known``, when given and
    different, the date the figure became known (said in the description)."""

    date: PartialDate
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None
    known: PartialDate | None = None


def indicator_chart(
    points: Sequence[Point],
    *,
    title: str,
    unit: str,
    better: str,
    width: float = 300.0,
    height: float = 120.0,
) -> Chart:
    """Observations of one indicator by the period they measure: dots for values, bars
    for ranges, each labelled with its value. Periods are placed as
    :func:`date_positions` says."""
    right, top, bottom = 10.0, 20.0, 22.0
    label_size = 9.0
    if not points:
        return Chart(width, 30.0, title, "No observations.", (), "chart chart-indicator")
    values = [v for p in points for v in (p.value, p.low, p.high) if v is not None]
    vmax = max(values)
    vmin = min(0.0, min(values))
    if vmax == vmin:
        vmax = vmin + 1.0
    vmax = _nice(vmax * 1.05)
    widest = max(len(number(vmin)), len(number(vmax)))
    left = max(30.0, widest * label_size * _EM + 8)
    dates = sorted({p.date for p in points})
    plot_w = width - left - right
    xs = date_positions(dates, left + 14, plot_w - 28, min_gap=10.0)
    labels, rows = _axis_labels(xs, y=height - bottom + 14, size=label_size, lo=2.0, hi=width)
    height += (rows - 1) * (label_size + 3)
    plot_h = height - top - bottom - (rows - 1) * (label_size + 3)

    def sx(date: PartialDate) -> float:
        return xs[date]

    def sy(value: float) -> float:
        return top + plot_h * (1 - (value - vmin) / (vmax - vmin))

    shapes: list[Shape] = [
        _line(left, top + plot_h, left + plot_w, top + plot_h, MUTED, 0.8),
        _line(left, top, left, top + plot_h, MUTED, 0.8),
        _text(left - 4, sy(vmin) + 3, number(vmin), anchor="end", size=label_size, fill=MUTED),
        _text(left - 4, top + 7, number(vmax), anchor="end", size=label_size, fill=MUTED),
        *labels,
    ]
    descs: list[str] = []
    for p in points:
        marks, text = _indicator_point(p, sx(p.date), sy, unit, (left + 2, width - 2))
        shapes += marks
        descs.append(text)
    desc = (
        f"{title} ({unit}; {better} is better), by the period each figure measures. "
        + "; ".join(descs)
        + "."
    )
    return Chart(width, height, title, desc, tuple(shapes), "chart chart-indicator")


def _indicator_point(
    p: Point,
    x: float,
    sy: Callable[[float], float],
    unit: str,
    bounds: tuple[float, float],
) -> tuple[list[Shape], str]:
    """The marks of one observation (a dot for a value, a bar for a range, with its value
    printed above) and the sentence that describes it."""
    lo, hi = bounds
    qual = f"{p.qualifier} " if p.qualifier else ""
    known = f" (known {date_long(p.known)})" if p.known is not None and p.known != p.date else ""
    if p.value is not None:
        text = f"{date_long(p.date)}{known}: {qual}{number(p.value)} {unit}"
        return [
            Shape("circle", x=_r(x), y=_r(sy(p.value)), r=3.2, fill=ACCENT, label=text),
            _value_label(x, sy(p.value), f"{qual}{number(p.value)}", lo, hi),
        ], text
    assert p.low is not None
    assert p.high is not None
    between = (
        f"{qual}{number(p.low)}\u2013{number(p.high)}"
        if qual
        else f"between {number(p.low)} and {number(p.high)}"
    )
    text = f"{date_long(p.date)}{known}: {between} {unit}"
    y1, y2 = sy(p.high), sy(p.low)
    return [
        _rect(x - 4, y1, 8, max(y2 - y1, 1.5), "#9fb7cf", text),
        _line(x - 6, y1, x + 6, y1, ACCENT, 1.2),
        _line(x - 6, y2, x + 6, y2, ACCENT, 1.2),
        _value_label(x, y1, f"{qual}{number(p.low)}\u2013{number(p.high)}", lo, hi),
    ], text


def _value_label(x: float, y: float, text: str, lo: float, hi: float) -> Shape:
    """A point's value, printed just above it, centred on it but kept within ``lo``..``hi``."""
    size = 7.5
    half = len(text) * size * _EM / 2
    centre = max(lo + half, min(x, hi - half))
    return _text(centre, y - 6, text, anchor="middle", size=size, fill=INK)


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= value - 1e-9:
            return step * power
    return 10.0 * power  # pragma: no cover
