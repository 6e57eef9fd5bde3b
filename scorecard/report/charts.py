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

import itertools
import math
from collections.abc import Callable, Sequence

import attrs

from scorecard import display
from scorecard.dates import PartialDate
from scorecard.report.filters import date_long, date_short, number, percent, score
from scorecard.report.i18n import gettext as _

__all__ = [
    "Chart",
    "Shape",
    "date_positions",
    "grade_colours",
    "indicator_chart",
    "marker",
    "place_labels",
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
    """A chart: its shapes on a ``width`` x ``height`` view box (the SVG scales to its
    container), a title, a text summary (``desc``) and its data as a table (``table``:
    a header row, then one row per date or bar), both read by screen readers."""

    width: float
    height: float
    title: str
    desc: str
    shapes: tuple[Shape, ...]
    css_class: str = "chart"
    table: tuple[tuple[str, ...], ...] = ()


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
            missing = _(display.MISSING_TEXT)
            shapes.append(_text(plot_left + 4, y + row / 2 + 3.5, missing, size=9, fill=MUTED))
            descs.append(_("{label}: {value}").format(label=bar.label, value=missing))
            continue
        colour = colours.get(bar.grade or "", ACCENT)
        label = _("{label}: {score} ({grade})").format(
            label=bar.label, score=score(bar.score), grade=bar.grade
        )
        shapes.append(_rect(plot_left, y + 7, sx(bar.score) - plot_left, row - 14, colour, label))
        if bar.low is not None and bar.high is not None:
            mid = y + row / 2
            shapes.append(_line(sx(bar.low), mid, sx(bar.high), mid, INK, 1.2))
            shapes.append(_line(sx(bar.low), mid - 4, sx(bar.low), mid + 4, INK, 1.2))
            shapes.append(_line(sx(bar.high), mid - 4, sx(bar.high), mid + 4, INK, 1.2))
            label = _("{label}, {share} of weightings between {low} and {high}").format(
                label=label, share=percent(0.9), low=score(bar.low), high=score(bar.high)
            )
        shapes.append(
            _text(width - 52, y + row / 2 + 4, f"{score(bar.score)}", size=10, weight="bold")
        )
        shapes.append(
            _text(width - 16, y + row / 2 + 4, bar.grade or "", size=11, weight="bold", fill=colour)
        )
        descs.append(label)
    desc = _("Scores out of 100 with grade bands. {bars}.").format(bars="; ".join(descs))
    return Chart(width, height, title, desc, tuple(shapes), "chart chart-bars", _bars_table(bars))


def _bars_table(bars: Sequence[Bar]) -> tuple[tuple[str, ...], ...]:
    """A row per bar: its label, score, grade and 5th-95th percentile interval."""
    spread_head = _("{share} of weightings").format(share=percent(0.9))
    table: list[tuple[str, ...]] = [("", _("Score"), _("Grade"), spread_head)]
    for bar in bars:
        spread = (
            f"{score(bar.low)}\u2013{score(bar.high)}"
            if bar.low is not None and bar.high is not None
            else ""
        )
        table.append((bar.label, score(bar.score), bar.grade or "", spread))
    return tuple(table)


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


def place_labels(targets: Sequence[float], *, gap: float, lo: float, hi: float) -> list[float]:
    """Positions (same order as ``targets``) for labels wanted at ``targets`` on one
    axis: at least ``gap`` apart, within ``lo``..``hi``, each as near its target as the
    others allow.

    Deterministic: labels are sorted by target (ties by their order), each starts as a
    group of one at its target; a group that reaches into the one before it merges with
    it, and a group sits centred on the mean of its members' targets (a least-squares
    fit), clamped into ``lo``..``hi``. Raises :class:`ValueError` when ``lo``..``hi``
    cannot hold them all ``gap`` apart."""
    n = len(targets)
    if n == 0:
        return []
    if (n - 1) * gap > hi - lo + 1e-9:
        raise ValueError(f"{n} labels {gap} apart do not fit between {lo} and {hi}")
    order = sorted(range(n), key=lambda i: (targets[i], i))
    # each group: [first index in `order`, size, sum of (target - offset in group)]
    groups: list[list[float]] = []

    def start(group: list[float]) -> float:
        size = group[1]
        return min(max(group[2] / size, lo), hi - (size - 1) * gap)

    for k, i in enumerate(order):
        groups.append([float(k), 1.0, targets[i]])
        while len(groups) > 1 and start(groups[-1]) < start(groups[-2]) + groups[-2][1] * gap:
            last = groups.pop()
            before = groups[-1]
            # the merged group's members sit `before[1]` places further down
            before[2] += last[2] - last[1] * before[1] * gap
            before[1] += last[1]
    placed = [0.0] * n
    for group in groups:
        first, size = int(group[0]), int(group[1])
        y0 = start(group)
        for j in range(size):
            placed[order[first + j]] = y0 + j * gap
    return placed


_MARKER_POINTS: dict[str, tuple[tuple[float, float], ...]] = {
    "triangle": ((0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)),
    "down": ((0.0, 1.2), (1.1, -0.8), (-1.1, -0.8)),
    "diamond": ((0.0, -1.3), (1.3, 0.0), (0.0, 1.3), (-1.3, 0.0)),
    "cross": (
        (-0.4, -1.2), (0.4, -1.2), (0.4, -0.4), (1.2, -0.4), (1.2, 0.4), (0.4, 0.4),
        (0.4, 1.2), (-0.4, 1.2), (-0.4, 0.4), (-1.2, 0.4), (-1.2, -0.4), (-0.4, -0.4),
    ),
}  # fmt: skip


def marker(
    kind: str, x: float, y: float, r: float, colour: str, *, hollow: bool = False, label: str = ""
) -> Shape:
    """A point marker of a series (:data:`scorecard.display.SERIES_MARKERS`) centred on
    ``x, y`` with radius about ``r``; ``hollow``: white inside, outlined in ``colour``."""
    fill = "#ffffff" if hollow else colour
    stroke = colour if hollow else "none"
    width = 1.3 if hollow else 0.0
    if kind == "circle":
        return Shape(
            "circle", x=_r(x), y=_r(y), r=r, fill=fill, stroke=stroke, stroke_width=width,
            label=label,
        )  # fmt: skip
    if kind == "square":
        side = 1.7 * r
        return Shape(
            "rect", x=_r(x - side / 2), y=_r(y - side / 2), w=_r(side), h=_r(side), fill=fill,
            stroke=stroke, stroke_width=width, label=label,
        )  # fmt: skip
    points = " ".join(f"{_r(x + dx * r)},{_r(y + dy * r)}" for dx, dy in _MARKER_POINTS[kind])
    return Shape(
        "polygon", points=points, fill=fill, stroke=stroke, stroke_width=width, label=label
    )


@attrs.frozen(slots=True)
class Series:
    """One line of :func:`trend_chart`. ``carried``: the dates whose value no new
    reading renewed (the segment leading to each is dashed)."""

    label: str
    points: tuple[tuple[PartialDate, float | None], ...]
    emphasis: bool = False
    carried: frozenset[PartialDate] = frozenset()


@attrs.frozen(slots=True)
class TrendWords:
    """The words a trend chart prints: the baseline's label, its note when nothing was
    scored there, and the legend of the dashed segments."""

    baseline: str = "baseline (before the program)"
    baseline_unscored: str = "nothing scored"
    carried: str = "dashed: no new reading, value carried forward"


LABEL_SIZE = 8.5
LABEL_GAP = LABEL_SIZE + 2.0
"""End labels of a trend chart: their font size and the least distance between two."""
LEADER_AFTER = 1.5
"""An end label moved further than this from its line's end is joined to it by a leader."""


def trend_chart(
    series: Sequence[Series],
    *,
    title: str,
    baseline: frozenset[PartialDate] = frozenset(),
    words: TrendWords = TrendWords(),
    width: float = 640.0,
    height: float = 200.0,
) -> Chart:
    """Scores over the as-of dates, one line per series (the first, the overall score,
    emphasised), each in its colour and marker (:func:`scorecard.display.series_style`).

    A segment is dashed when it leads to a value that no new reading renewed. Dates of
    the pre-programme ``baseline`` are drawn apart: hollow points, not joined to the
    line, under the label ``words.baseline``. The end labels sit in one column right
    of the plot, placed by :func:`place_labels`, with a leader line to their line's end
    when moved. Dates are placed as :func:`date_positions` says."""
    left, right = 34.0, 176.0
    dates = sorted({d for s in series for d, _ in s.points})
    if not dates:
        return Chart(width, 40.0, title, _("No dated scores."), (), "chart chart-trend")
    plot_w = width - left - right
    # room for every end label, LABEL_GAP apart
    plot_h = max(height - 38.0, (len(series) - 1) * LABEL_GAP + 4)
    xs = date_positions(dates, left, plot_w, min_gap=display.TIME_GAP * plot_w)
    header = _trend_legend(series, baseline, xs, words, width)
    header_rows = max((row for row, _ in header), default=-1) + 1
    top = 12.0 + 12.0 * header_rows
    labels, rows = _axis_labels(
        xs, y=top + plot_h + 14, size=8.0, lo=2.0, hi=left + plot_w + right / 2
    )
    height = top + plot_h + 26.0 + (rows - 1) * (8.0 + 3)

    def sy(value: float) -> float:
        return top + plot_h * (1 - value / 100.0)

    shapes = _trend_frame(xs, sy, left, plot_w, top, plot_h, baseline)
    shapes.extend(labels)
    ends: list[tuple[int, float, float]] = []  # (series index, x, y) of each line's end
    lines: list[Shape] = []
    points: list[Shape] = []
    for i, s in enumerate(series):
        colour, kind = display.series_style(i)
        line, marks, end = _series_marks(s, kind, colour, xs, sy, baseline)
        lines += line
        points += marks
        if end is not None:
            ends.append((i, *end))
    shapes += lines + points  # markers over every line
    shapes += _end_labels(series, ends, left + plot_w, top, top + plot_h)
    for row, shape in header:  # line 0 just above the plot, line 1 above it
        dy = top - 8 - 12 * row
        shapes.append(attrs.evolve(shape, y=_r(shape.y + dy), y2=_r(shape.y2 + dy)))
    desc = _trend_desc(series, baseline, words)
    table = _trend_table(series, dates, baseline, words)
    return Chart(width, height, title, desc, tuple(shapes), "chart chart-trend", table)


def _trend_table(
    series: Sequence[Series],
    dates: Sequence[PartialDate],
    baseline: frozenset[PartialDate],
    words: TrendWords,
) -> tuple[tuple[str, ...], ...]:
    """A row per date, a column per series; a carried-forward value says so."""
    values = [dict(s.points) for s in series]
    rows: list[tuple[str, ...]] = [(_("Date"), *(s.label for s in series))]
    for d in dates:
        head = (
            _("{date} ({baseline})").format(date=date_long(d), baseline=words.baseline)
            if d in baseline
            else date_long(d)
        )
        cells = []
        for s, by_date in zip(series, values, strict=True):
            v = by_date.get(d)
            cell = _(display.MISSING_TEXT) if v is None else score(v)
            if v is not None and d in s.carried and d not in baseline:
                cell = _("{score} (carried forward)").format(score=cell)
            cells.append(cell)
        rows.append((head, *cells))
    return tuple(rows)


def _trend_frame(
    xs: dict[PartialDate, float],
    sy: Callable[[float], float],
    left: float,
    plot_w: float,
    top: float,
    plot_h: float,
    baseline: frozenset[PartialDate],
) -> list[Shape]:
    """Grid lines at 0, 25, ..., 100, and a dashed guide at each date (dotted and
    darker at a baseline date)."""
    shapes: list[Shape] = []
    for tick in (0, 25, 50, 75, 100):
        shapes.append(_line(left, sy(tick), left + plot_w, sy(tick), GRID, 0.6))
        shapes.append(_text(left - 5, sy(tick) + 3, str(tick), anchor="end", size=8, fill=MUTED))
    for d, x in sorted(xs.items()):
        if d in baseline:
            shapes.append(_line(x, top - 4, x, top + plot_h, MUTED, 0.8, "1 2"))
        else:
            shapes.append(_line(x, top, x, top + plot_h, GRID, 0.6, "2 2"))
    return shapes


def _series_marks(
    s: Series,
    kind: str,
    colour: str,
    xs: dict[PartialDate, float],
    sy: Callable[[float], float],
    baseline: frozenset[PartialDate],
) -> tuple[list[Shape], list[Shape], tuple[float, float] | None]:
    """(line segments, markers, the line's end) of one series. A run of known values is
    one line; a missing value breaks it; each run is cut where the dash changes."""
    width = 2.6 if s.emphasis else 1.6
    r = 3.2 if s.emphasis else 2.6
    lines: list[Shape] = []
    marks: list[Shape] = []
    end: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    run: list[tuple[float, float]] = []
    run_dash = ""

    def flush() -> None:
        if len(run) > 1:
            pts = " ".join(f"{_r(x)},{_r(y)}" for x, y in run)
            lines.append(
                Shape("polyline", points=pts, stroke=colour, stroke_width=width, dash=run_dash)
            )

    for d, v in s.points:
        if v is None or d in baseline:
            flush()
            run, previous = [], None
            if v is not None:  # the pre-programme value: a hollow point on its own
                tip = _("{series}, {date} (baseline): {score}").format(
                    series=s.label, date=date_long(d), score=score(v)
                )
                marks.append(marker(kind, xs[d], sy(v), r, colour, hollow=True, label=tip))
            continue
        here = (xs[d], sy(v))
        dash = display.CARRIED_DASH if d in s.carried else ""
        if previous is not None and dash != run_dash:
            flush()
            run = [previous]
        run_dash = dash if previous is not None else run_dash
        run.append(here)
        previous = end = here
        tip = _("{series}, {date}: {score}").format(
            series=s.label, date=date_long(d), score=score(v)
        )
        if d in s.carried:
            tip = _("{score} (carried forward)").format(score=tip)
        marks.append(marker(kind, here[0], here[1], r, colour, label=tip))
    flush()
    return lines, marks, end


def _end_labels(
    series: Sequence[Series],
    ends: list[tuple[int, float, float]],
    plot_right: float,
    lo: float,
    hi: float,
) -> list[Shape]:
    """Each line's label in a column right of the plot, with its series' marker, in
    ink; placed by :func:`place_labels` near its line's end (text baseline 3 below the
    centre), and joined to the end by a thin leader when moved or when the line ends
    before the last date."""
    column = plot_right + 14
    placed = place_labels([y for _, _, y in ends], gap=LABEL_GAP, lo=lo, hi=hi)
    shapes: list[Shape] = []
    for (i, x, y), at in zip(ends, placed, strict=True):
        s = series[i]
        colour, kind = display.series_style(i)
        if abs(at - y) > LEADER_AFTER or x < plot_right - 0.5:
            shapes.append(_line(x + 4, y, column - 2, at, MUTED, 0.6))
        shapes.append(marker(kind, column + 3, at, 2.4, colour))
        shapes.append(
            _text(
                column + 9,
                at + 3,
                _clip(s.label, 26),
                size=LABEL_SIZE,
                fill=INK,
                weight="bold" if s.emphasis else "normal",
            )
        )
    return shapes


def _trend_legend(
    series: Sequence[Series],
    baseline: frozenset[PartialDate],
    xs: dict[PartialDate, float],
    words: TrendWords,
    width: float,
) -> list[tuple[int, Shape]]:
    """The lines above the plot: the baseline's label over its date (with "nothing
    scored" when no series has a value there) and, when a segment is dashed, what a
    dash means, right-aligned; on a second line when the two would meet. Each shape
    comes with its line (0 or 1), at y = 0 (the caller moves it)."""
    size = 8.0
    out: list[tuple[int, Shape]] = []
    reach = 0.0
    if baseline:
        x = max(xs[min(baseline)] - 4, 2.0)
        scored = any(v is not None for s in series for d, v in s.points if d in baseline)
        text = (
            words.baseline
            if scored
            else _("{label}: {value}").format(label=words.baseline, value=words.baseline_unscored)
        )
        reach = x + len(text) * size * _EM
        out.append((0, _text(x, 0.0, text, size=size, fill=MUTED)))
    if any(_dashed(s, baseline) for s in series):
        text = words.carried
        x0 = width - 4 - len(text) * size * _EM
        row = 0 if x0 - 24 > reach + 10 else 1
        sample = _line(x0 - 22, -3.0, x0 - 4, -3.0, INK, 1.4, display.CARRIED_DASH)
        out.append((row, sample))
        out.append((row, _text(x0, 0.0, text, size=size, fill=MUTED)))
    return out


def _dashed(s: Series, baseline: frozenset[PartialDate]) -> bool:
    """Whether a segment of ``s`` is dashed: two known values in a row, outside the
    baseline, the second carried forward."""
    return any(
        v0 is not None and v1 is not None and d0 not in baseline and d1 in s.carried
        for (d0, v0), (d1, v1) in itertools.pairwise(s.points)
        if d1 not in baseline
    )


def _trend_desc(
    series: Sequence[Series], baseline: frozenset[PartialDate], words: TrendWords
) -> str:
    descs: list[str] = []
    for s in series:
        values = []
        for d, v in s.points:
            if v is None:
                continue
            point = _("{date} {score}").format(date=date_long(d), score=score(v))
            if d in baseline:
                point = _("{date} ({baseline})").format(date=point, baseline=words.baseline)
            elif d in s.carried:
                point = _("{score} (carried forward)").format(score=point)
            values.append(point)
        if values:
            descs.append(_("{label}: {value}").format(label=s.label, value=", ".join(values)))
    unscored = [
        date_long(d)
        for d in sorted(baseline)
        if all(v is None for s in series for e, v in s.points if e == d)
    ]
    lead = _("Scores out of 100 at each as-of date.") + " "
    if unscored:
        lead += _("{dates}: {baseline}, {unscored}.").format(
            dates=", ".join(unscored),
            baseline=words.baseline,
            unscored=words.baseline_unscored,
        )
        lead += " "
    text = lead + _(
        "{series}. Time runs left to right; a date known only to the month or the year is "
        "placed at its last day (2009 at 31 December 2009), the order used throughout "
        "the report."
    ).format(series="; ".join(descs))
    if any(_dashed(s, baseline) for s in series):
        text += " " + _("A dashed segment leads to a value that no new reading renewed.")
    return text


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
        return Chart(width, 30.0, title, _("No observations."), (), "chart chart-indicator")
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
    table: list[tuple[str, ...]] = [(_("Period measured"), unit, _("Known"))]
    for p in points:
        marks, text = _indicator_point(p, sx(p.date), sy, unit, (left + 2, width - 2))
        shapes += marks
        descs.append(text)
        qual = f"{p.qualifier} " if p.qualifier else ""
        value = (
            f"{qual}{number(p.value)}"
            if p.value is not None
            else f"{qual}{number(p.low or 0.0)}\u2013{number(p.high or 0.0)}"
        )
        known = date_long(p.known) if p.known is not None and p.known != p.date else ""
        table.append((date_long(p.date), value, known))
    template = (
        _("{title} ({unit}; higher is better), by the period each figure measures. {points}.")
        if better == "higher"
        else _("{title} ({unit}; lower is better), by the period each figure measures. {points}.")
    )
    desc = template.format(title=title, unit=unit, points="; ".join(descs))
    return Chart(width, height, title, desc, tuple(shapes), "chart chart-indicator", tuple(table))


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
    when = date_long(p.date)
    if p.known is not None and p.known != p.date:
        when = _("{date} (known {known})").format(date=when, known=date_long(p.known))
    if p.value is not None:
        text = _("{date}: {value} {unit}").format(
            date=when, value=f"{qual}{number(p.value)}", unit=unit
        )
        return [
            Shape("circle", x=_r(x), y=_r(sy(p.value)), r=3.2, fill=ACCENT, label=text),
            _value_label(x, sy(p.value), f"{qual}{number(p.value)}", lo, hi),
        ], text
    assert p.low is not None
    assert p.high is not None
    between = (
        f"{qual}{number(p.low)}\u2013{number(p.high)}"
        if qual
        else _("between {low} and {high}").format(low=number(p.low), high=number(p.high))
    )
    text = _("{date}: {value} {unit}").format(date=when, value=between, unit=unit)
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
