"""Figures for notebooks, behind the ``plot`` extra (matplotlib).

Every function returns a new :class:`matplotlib.figure.Figure` built without
``pyplot``: no global state is touched, nothing is shown, and nothing is written.
Leave it as a cell's last expression in Jupyter to see it (the figure has a PNG
representation), or save it with ``fig.savefig("name.png")``. Without matplotlib, the call raises a
:class:`~scorecard.errors.ScorecardError` saying how to install matplotlib.

Grade colours, line colours, shares and the time axis are those of the reports
(:mod:`scorecard.display`): the grade palette best grade first, and dates placed by
:func:`scorecard.display.time_axis`, as the report's trend chart places them. Grade
bands are drawn as faint vertical stripes behind scores so that a bar's grade can
be read off.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scorecard import display
from scorecard.display import format_percent, format_shares, grade_colour
from scorecard.errors import ScorecardError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from scorecard.model import GradeBands
    from scorecard.result import Result
    from scorecard.robustness import SensitivityResult

__all__ = ["comparison", "grade_probabilities", "pillar_scores", "score_intervals", "timeline"]

# matplotlib's marker for each of the report's (display.SERIES_MARKERS)
_MARKERS = {
    "circle": "o",
    "square": "s",
    "triangle": "^",
    "diamond": "D",
    "down": "v",
    "cross": "P",
}


@functools.cache
def _figure_class() -> type[Figure]:
    """A :class:`~matplotlib.figure.Figure` that shows itself in Jupyter as a PNG.

    A figure made without ``pyplot`` has no display hook in IPython; this subclass
    adds ``_repr_png_`` and is otherwise a plain Figure.
    """
    from matplotlib.figure import Figure

    class NotebookFigure(Figure):
        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    return NotebookFigure


def _figure(width: float, height: float) -> Figure:
    try:
        import matplotlib.figure  # noqa: F401
    except ImportError as exc:
        from scorecard._extras import missing

        raise missing("plots", "matplotlib") from exc
    return _figure_class()(figsize=(width, height), layout="constrained")


def _bands_of(result: Result) -> GradeBands | None:
    return result.programme.grades if result.programme is not None else None


def _shade_bands(ax: Axes, bands: GradeBands | None, *, vertical: bool) -> None:
    """Faint stripes for the grade bands, labelled with their grade."""
    if bands is None:
        return
    grades = bands.grades
    for band in bands.bands:
        colour = grade_colour(band.grade, grades, band.min).fill
        if vertical:
            ax.axvspan(band.min, band.max, color=colour, alpha=0.08, lw=0)
            ax.text(
                (band.min + band.max) / 2,
                0.995,
                band.grade,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="top",
                fontsize=8,
                color="#777777",
            )
        else:
            ax.axhspan(band.min, band.max, color=colour, alpha=0.08, lw=0)


def _short(result: Result, pillar_id: str, title: str) -> str:
    """A pillar's short title when the programme gives one."""
    if result.programme is not None:
        try:
            return result.programme.pillar(pillar_id).short_title or title
        except KeyError:
            return title
    return title


def _labels(result: Result) -> list[tuple[str, str]]:
    """(id, label) of the overall score and each pillar, top to bottom."""
    return [("overall", "Overall")] + [
        (p.id, _short(result, p.id, p.title)) for p in result.pillars
    ]


def _score_rows(result: Result) -> list[tuple[str, float | None, str | None, float | None]]:
    """(label, score, grade, verdict value) of the overall score, each pillar and, under
    a pillar with objectives, each of its objectives (indented), top to bottom."""
    overall = result.overall
    rows = [
        (
            "Overall",
            overall.score,
            overall.grade,
            None if overall.verdict is None else overall.verdict.value,
        )
    ]
    for p in result.pillars:
        verdict = None if p.verdict is None else p.verdict.value
        rows.append((_short(result, p.id, p.title), p.score, p.grade, verdict))
        rows += [("    " + o.title, o.score, o.grade, None) for o in p.objectives]
    return rows


def pillar_scores(result: Result) -> Figure:
    """The overall score and each pillar's (and its objectives', if it has any) as
    horizontal bars coloured by grade; a missing one is labelled "not assessed". A
    source's own verdict on a pillar or the programme is a hollow diamond on its row."""
    entries = _score_rows(result)
    bands = _bands_of(result)
    grades = bands.grades if bands is not None else ()
    fig = _figure(7.0, 0.45 * len(entries) + 1.0)
    ax = fig.add_subplot()
    _shade_bands(ax, bands, vertical=True)
    marked = False
    for y, (label, value, grade, verdict) in enumerate(entries):
        objective = label.startswith("    ")
        if verdict is not None:
            ax.plot(
                [verdict],
                [y],
                marker="D",
                markersize=7,
                markerfacecolor="none",
                markeredgecolor="#1d2733",
                linestyle="none",
                label=None if marked else "source's verdict",
                zorder=3,
            )
            marked = True
        if value is None:
            ax.text(1, y, display.MISSING_TEXT, va="center", fontsize=9, color="#666666")
            continue
        colour = grade_colour(grade, grades, value).fill
        ax.barh(y, value, color=colour, height=0.4 if objective else 0.6)
        ax.text(value + 1, y, f"{grade}", va="center", fontsize=9, fontweight="bold")
    ax.set_yticks(range(len(entries)), [e[0] for e in entries])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100)")
    if marked:
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(f"{result.programme_title}: {result.provenance.weighting}", fontsize=10)
    return fig


def _as_results(obj: Any, attribute: str) -> Any:
    """Accept a wrapper (with ``attribute``) or the plain collection of results."""
    return getattr(obj, attribute, obj)


def _time_places(series: Sequence[Result]) -> list[float]:
    """The x of each result: its as-of date placed by :func:`scorecard.display.time_axis`
    (as the report's trend chart places it), on 0..1; a result scored at the latest data
    (no as-of date) follows the dated ones, one tenth of the axis apart."""
    places = display.time_axis([r.provenance.as_of for r in series if r.provenance.as_of])
    xs: list[float] = []
    latest = max(places.values(), default=-0.1)
    for r in series:
        if r.provenance.as_of is None:
            latest += 0.1
            xs.append(latest)
        else:
            xs.append(places[r.provenance.as_of])
    return xs


def timeline(results: Iterable[Result] | Any) -> Figure:
    """Pillar and overall scores at each as-of date of a timeline, one line each.

    Takes the value of :func:`scorecard.timeline` or any sequence of results scored
    at increasing as-of dates. Dates are placed in proportion to the time between
    them, at the last day each may denote, as in the report; each line has the
    report's colour and marker (:func:`scorecard.display.series_style`). A missing
    score leaves a gap in its line; a segment leading to a value that no new reading
    renewed is dashed (:func:`scorecard.analysis.renewed`); the pre-programme baseline
    (:func:`scorecard.analysis.baseline_dates`) is a hollow point, not joined.
    """
    from scorecard.analysis import baseline_dates, renewed

    series: Sequence[Result] = list(_as_results(results, "results"))
    if not series:
        raise ScorecardError("timeline(): there are no results to plot")
    dates = [r.provenance.as_of.isoformat() if r.provenance.as_of else "latest" for r in series]
    programme = series[-1].programme
    before = baseline_dates(programme) if programme is not None else frozenset()
    fig = _figure(7.5, 4.0)
    ax = fig.add_subplot()
    _shade_bands(ax, _bands_of(series[-1]), vertical=False)
    x = _time_places(series)
    for i, (key, label) in enumerate(_labels(series[-1])):
        pillar = None if key == "overall" else key
        values = [(r.overall.score if pillar is None else r.pillar(key).score) for r in series]
        base = [r.provenance.as_of in before for r in series]
        colour, kind = display.series_style(i)
        width = 2.5 if pillar is None else 1.4
        ys = [float("nan") if v is None or b else v for v, b in zip(values, base, strict=True)]
        ax.plot(x, ys, marker=_MARKERS[kind], linestyle="none", color=colour, label=label)
        hollow = [
            v if b and v is not None else float("nan") for v, b in zip(values, base, strict=True)
        ]
        ax.plot(x, hollow, marker=_MARKERS[kind], linestyle="none", mfc="white", mec=colour)
        for j in range(1, len(series)):
            if ys[j - 1] != ys[j - 1] or ys[j] != ys[j]:  # NaN: no segment
                continue
            style = "-" if renewed(series[j], pillar) else (0, (4, 3))
            ax.plot(x[j - 1 : j + 1], ys[j - 1 : j + 1], color=colour, linewidth=width, ls=style)
    ax.set_xticks(x, dates, rotation=30, ha="right")
    ax.set_xlim(min(x) - 0.05, max(x) + 0.05)
    ax.set_ylim(0, 100)
    ax.set_ylabel("score (0-100)")
    ax.set_title("Scores by as-of date", fontsize=10)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return fig


def comparison(results: Mapping[str, Result] | Any) -> Figure:
    """Overall and pillar scores under several weightings: one row per entity, one
    marker per weighting, over the grade bands.

    Takes the value of :func:`scorecard.compare` or a mapping ``{name: result}``.
    """
    named: Mapping[str, Result]
    if isinstance(results, Mapping):
        named = results
    else:  # a scorecard.Comparison
        named = dict(zip(results.names, results.results, strict=True))
    if not named:
        raise ScorecardError("comparison(): there are no results to plot")
    names = list(named)
    first = named[names[0]]
    entities = _labels(first)
    fig = _figure(7.5, 0.45 * len(entities) + 1.4)
    ax = fig.add_subplot()
    _shade_bands(ax, _bands_of(first), vertical=True)
    ax.hlines(range(len(entities)), 0, 100, color="#dddddd", linewidth=0.8)
    step = 0.5 / max(len(names), 1)
    for j, name in enumerate(names):
        result = named[name]
        offset = (j - (len(names) - 1) / 2) * step
        points = [
            (i + offset, result.overall.score if key == "overall" else result.pillar(key).score)
            for i, (key, _) in enumerate(entities)
        ]
        shown = [(y, x) for y, x in points if x is not None]
        ax.plot(
            [x for _, x in shown],
            [y for y, _ in shown],
            _MARKERS[display.series_style(j)[1]],
            color=display.series_style(j)[0],
            markersize=7,
            label=name,
        )
    ax.set_yticks(range(len(entities)), [label for _, label in entities])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100)")
    ax.set_title("Scores under each weighting", fontsize=10)
    fig.legend(fontsize=8, ncols=min(len(names), 4), loc="outside lower center", frameon=False)
    return fig


def _grade_order(sens: SensitivityResult) -> tuple[str, ...]:
    """Grades best first: the programme's bands, else the order of the ``grades`` maps."""
    if sens.base.programme is not None:
        return sens.base.programme.grades.grades
    order: tuple[str, ...] = tuple(sens.overall.grades)
    return order


def _sensitivity_rows(sens: SensitivityResult) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [("Overall", sens.overall)]
    return rows + [(_short(sens.base, p.id, p.title), p) for p in sens.pillars]


def grade_probabilities(sens: SensitivityResult) -> Figure:
    """For the overall score and each pillar, the share of draws giving each grade, as
    stacked horizontal bars (best grade on the left)."""
    grades = _grade_order(sens)
    rows = _sensitivity_rows(sens)
    fig = _figure(7.5, 0.45 * len(rows) + 1.4)
    ax = fig.add_subplot()
    for y, (_, entry) in enumerate(rows):
        left = 0.0
        shown = format_shares([entry.grades.get(g, 0.0) for g in grades])
        for grade, label in zip(grades, shown, strict=True):
            share = entry.grades.get(grade, 0.0)
            if share <= 0:
                continue
            colour = grade_colour(grade, grades, 50.0)
            ax.barh(y, share * 100, left=left, color=colour.fill, height=0.65, edgecolor="white")
            if share >= 0.08:
                ax.text(
                    left + share * 50,
                    y,
                    f"{grade} {label}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=colour.on_fill,
                )
            left += share * 100
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=grade_colour(g, grades, 50.0).fill, label=g) for g in grades]
    fig.legend(handles=handles, fontsize=8, ncols=len(grades), loc="outside lower center")
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of draws (%)")
    ax.set_title(_sensitivity_title(sens, "Grade probabilities"), fontsize=10)
    return fig


def score_intervals(sens: SensitivityResult) -> Figure:
    """For the overall score and each pillar: the 5th-95th percentile interval of the
    draws (line), their median (dot) and the unperturbed score (open diamond), over
    the grade bands."""
    rows = _sensitivity_rows(sens)
    fig = _figure(7.5, 0.45 * len(rows) + 1.2)
    ax = fig.add_subplot()
    _shade_bands(ax, _bands_of(sens.base), vertical=True)
    for y, (_, entry) in enumerate(rows):
        if entry.p05 is not None and entry.p95 is not None:
            ax.plot(
                [entry.p05, entry.p95],
                [y, y],
                color="#1f4e79",
                linewidth=3,
                alpha=0.6,
                label="5th-95th percentile" if y == 0 else None,
            )
        if entry.median is not None:
            ax.plot([entry.median], [y], "o", color="#1f4e79", label="median" if y == 0 else None)
        if entry.base_score is not None:
            ax.plot(
                [entry.base_score],
                [y],
                "D",
                mfc="none",
                mec="#1a1a1a",
                markersize=7,
                label="unperturbed score" if y == 0 else None,
            )
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100)")
    fig.legend(fontsize=8, ncols=3, loc="outside lower center", frameon=False)
    ax.set_title(_sensitivity_title(sens, "Score intervals"), fontsize=10)
    return fig


def _sensitivity_title(sens: SensitivityResult, what: str) -> str:
    ratings = f", ratings varied ({format_percent(sens.vary_ratings)})" if sens.vary_ratings else ""
    method = ", method varied" if sens.vary_method else ""
    return f"{what}: {sens.draws:,} draws, spread {sens.spread:g}{ratings}{method}"
