"""One display policy: how every output turns numbers into text and grades into colours.

The CLI, the reprs, the notebook views, the plots, the report's charts and the
report itself all format through this module (coverage.py's ``display_covered`` is
the model): results keep raw, unrounded numbers, and the rules below are applied
only when a number is shown.

**Scores** (0-100) are shown with one decimal (:data:`SCORE_DIGITS`). Grading
compares :func:`snap` of a score with the band edges: the score rounded to 9
decimals (only float noise such as ``79.99999999999999`` for a true 80 is removed)
and clamped to [0, 100]. Showing *floors* the snapped score to the shown precision
(:func:`format_score`), so the number shown is never above the score and rounding
never lifts a score into a higher band: ``79.96`` shows as ``79.9``, grade B.

**Shares** (coverage, weights, outcome shares, grade probabilities) are shown as
whole percentages by :func:`format_percent`, rounded **half to even** (``67.5 %``
shows as ``68%``, ``12.5 %`` as ``12%``: the rule of Python's ``round`` and of
ISO 80000-1, which does not drift upwards when many shares are read together),
applied to the decimal value of the share, with two exceptions so that a share is
never shown as an extreme it is not:

- a positive share that would show as ``0%`` shows as ``<1%``;
- a share below 1 that would show as ``100%`` shows as ``>99%``.

With ``digits`` decimals the thresholds follow (``<0.1%``, ``>99.9%``).

**Shares shown together** (the grade probabilities of one score, the ranks of one
pillar: parts of one whole) go through :func:`format_shares`, which rounds by the
largest-remainder method, so that the shown percentages add up to 100 % when the
shares add up to 1: ``0.5%, 99%, 0.5%`` shows as ``1%, 99%, <1%``, never as
``1%, 99%, 1%`` (101 %). The two exceptions above still hold.

**Deltas** (changes in score points) carry no grade, so they are rounded half to
even to one decimal and always signed (``+3.2``, ``-0.5``); a change that rounds
to zero shows as ``0.0``.

**Missing** values show as :data:`MISSING` (``—``) everywhere; where the mark
would be read aloud or stands alone (chart descriptions, plot labels) the words
:data:`MISSING_TEXT` say it instead.

**Locales.** Every formatter takes ``locale``: ``None`` (the default) is English as
shown above, byte for byte; a Babel locale (``"es_MX"``) formats the same rounded
number with that locale's decimal and group symbols and percent pattern (``68%`` in
es-MX, ``68 %`` in es), and :func:`format_date` writes dates in its words
(``20 de diciembre de 2010``, ``diciembre de 2010``). The rounding rules do not
change with the locale.

**Places differ** only in what a small frozen :class:`Style` holds: the minus sign
(``-`` in plain text that may be copied into code, ``−`` U+2212 in typeset HTML).

**Grade colours** come from one palette (:data:`GRADE_PALETTE`, best grade first)
and one rule (:func:`grade_step`); the report's stylesheet carries the same palette
as :func:`palette_css` prints it (a test checks that it does).

**Time axes** in the report's charts and in the notebook plots place dates by
:func:`time_axis`: at the last day each date may denote, in proportion to the time
between them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import attrs

from scorecard.dates import PartialDate
from scorecard.model import GradeBands

__all__ = [
    "CARRIED_DASH",
    "GRADE_PALETTE",
    "HTML",
    "MISSING",
    "MISSING_COLOUR",
    "MISSING_TEXT",
    "SCORE_DIGITS",
    "SERIES_COLOURS",
    "SERIES_MARKERS",
    "SERIES_MIN_DELTA_E",
    "TEXT",
    "TIME_GAP",
    "GradeColour",
    "Style",
    "format_alpha",
    "format_date",
    "format_delta",
    "format_percent",
    "format_score",
    "format_shares",
    "format_weight",
    "grade_colour",
    "grade_of",
    "grade_step",
    "palette_css",
    "series_style",
    "snap",
    "time_axis",
]

SNAP_DIGITS = 9
SCORE_DIGITS = 1
MISSING = "—"
MISSING_TEXT = "not assessed"


@attrs.frozen
class Style:
    """What differs between the places that show numbers; everything else is one rule.

    ``minus`` is the sign of a negative delta: ``-`` (:data:`TEXT`: the CLI and the
    reprs, whose text may be pasted into code) or ``−`` U+2212 (:data:`HTML`: the
    report, the notebook views and the plots).
    """

    minus: str = "-"


TEXT = Style()
HTML = Style(minus="\u2212")


def snap(score: float) -> float:
    """The score as graded: rounded to 9 decimals and clamped to [0, 100]."""
    if not math.isfinite(score):
        raise ValueError(f"a score must be finite, not {score!r}")
    return min(max(round(score, SNAP_DIGITS), 0.0), 100.0)


def grade_of(bands: GradeBands, score: float) -> str:
    """The grade of a score (after :func:`snap`)."""
    return bands.grade(snap(score))


def _decimal(value: float) -> Decimal:
    # Decimal(repr) is the shortest decimal that round-trips: what a reader would write.
    return Decimal(repr(round(value, SNAP_DIGITS)))


def _text(value: Decimal) -> str:
    return str(abs(value) if value == 0 else value)  # no "-0"


def _quantum(digits: int) -> Decimal:
    if digits < 0:
        raise ValueError("digits must be >= 0")
    return Decimal(1).scaleb(-digits)


def _number(value: Decimal, digits: int, locale: str | None) -> str:
    """An already rounded, unsigned-or-signed decimal as text: English as ``str`` writes
    it, another locale with its own symbols (the value is not rounded again)."""
    if locale is None:
        return _text(value)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(abs(value) if value == 0 else value, format=pattern, locale=locale)


def _percent(value: Decimal, digits: int, locale: str | None, prefix: str = "") -> str:
    """A rounded percentage (``value`` in points, 0-100) with the locale's percent sign."""
    if locale is None:
        return f"{prefix}{_text(value)}%"
    from babel import Locale
    from babel.numbers import format_percent

    pattern = Locale.parse(locale).percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    shown = format_percent(value / 100, format=pattern, locale=locale)
    return f"{prefix}{shown}"


def format_score(
    score: float | None,
    digits: int = SCORE_DIGITS,
    missing: str = MISSING,
    locale: str | None = None,
) -> str:
    """A score floored to ``digits`` decimals (``79.96`` -> ``"79.9"``, or ``"79"``
    with ``digits=0``); ``missing`` for ``None``."""
    if score is None:
        return missing
    quantum = _quantum(digits)
    floored = Decimal(repr(snap(score))).quantize(quantum, rounding=ROUND_FLOOR)
    return _number(floored, digits, locale)


def format_alpha(value: float | None, missing: str = MISSING, locale: str | None = None) -> str:
    """A reliability coefficient (Krippendorff's alpha, at most 1, possibly negative) to
    three decimals, as reliability figures are reported: ``0.871``, ``-0.048``."""
    if value is None:
        return missing
    if locale is not None:
        shown = _number(Decimal(f"{abs(value):.3f}"), 3, locale)
        return f"\u2212{shown}" if value < 0 and f"{value:.3f}" != "-0.000" else shown
    return f"{value:.3f}".replace("-", "\u2212") if value < 0 else f"{value:.3f}"


def format_percent(
    share: float | None, digits: int = 0, missing: str = MISSING, locale: str | None = None
) -> str:
    """A share in [0, 1] as a percentage: half to even, but ``<1%`` for a positive
    share that would show 0 and ``>99%`` for a share below 1 that would show 100."""
    if share is None:
        return missing
    if not (math.isfinite(share) and 0.0 <= share <= 1.0 + 1e-12):
        raise ValueError(f"a share must be between 0 and 1, not {share!r}")
    quantum = _quantum(digits)
    exact = min(_decimal(share * 100.0), Decimal(100))
    shown = exact.quantize(quantum, rounding=ROUND_HALF_EVEN)
    return _bounded(exact, shown, quantum, digits, locale)


def _bounded(
    exact: Decimal, shown: Decimal, quantum: Decimal, digits: int, locale: str | None
) -> str:
    """A rounded share, but never a false 0 % or 100 % (``<1%``, ``>99%``)."""
    if shown == 0 and exact > 0:
        return _percent(quantum, digits, locale, "<")
    if shown == 100 and exact < 100:
        return _percent((Decimal(100) - quantum).quantize(quantum), digits, locale, ">")
    return _percent(shown, digits, locale)


def format_shares(
    shares: Sequence[float | None],
    digits: int = 0,
    missing: str = MISSING,
    locale: str | None = None,
) -> list[str]:
    """Shares of one whole shown together: each as :func:`format_percent` shows it,
    except that the rounding is shared out by the largest-remainder method (Hamilton's),
    so that the shown values add up to 100 % when the shares add up to 1. Ties go to
    the larger share, then to the first; a positive share left at 0 shows as ``<1%``,
    a share below 1 given 100 as ``>99%``; ``None`` shows ``missing``."""
    known = [s for s in shares if s is not None]
    for given in known:
        if not (math.isfinite(given) and 0.0 <= given <= 1.0 + 1e-12):
            raise ValueError(f"a share must be between 0 and 1, not {given!r}")
    quantum = _quantum(digits)
    exact = [min(_decimal(s * 100.0), Decimal(100)) for s in known]
    total = sum(exact, Decimal(0))
    if abs(total - 100) > quantum / 2:  # not parts of one whole: each on its own
        return [format_percent(s, digits, missing, locale) for s in shares]
    floors = [e.quantize(quantum, rounding=ROUND_FLOOR) for e in exact]
    units = int(((Decimal(100) - sum(floors, Decimal(0))) / quantum).to_integral_value())
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), -exact[i], i))
    for i in order[: max(units, 0)]:
        floors[i] += quantum
    shown = iter(zip(exact, floors, strict=True))
    out: list[str] = []
    for share in shares:
        if share is None:
            out.append(missing)
            continue
        value, rounded = next(shown)
        out.append(_bounded(value, rounded, quantum, digits, locale))
    return out


def format_weight(weight: float, digits: int = 1, locale: str | None = None) -> str:
    """A normalised weight, a share of its group: :func:`format_percent`'s rule, one
    decimal by default (``1/3`` -> ``"33.3%"``)."""
    return format_percent(weight, digits, locale=locale)


def format_delta(
    change: float | None,
    digits: int = SCORE_DIGITS,
    style: Style = TEXT,
    missing: str = MISSING,
    locale: str | None = None,
) -> str:
    """A signed change in score points, half to even: ``+3.2``, ``-0.5`` (or ``−0.5``
    in the :data:`HTML` style); ``0.0`` for a change that rounds to zero."""
    if change is None:
        return missing
    if not math.isfinite(change):
        raise ValueError(f"a change must be finite, not {change!r}")
    shown = _decimal(change).quantize(_quantum(digits), rounding=ROUND_HALF_EVEN)
    if shown == 0:
        return _number(shown, digits, locale)
    size = _number(abs(shown), digits, locale)
    return f"+{size}" if shown > 0 else f"{style.minus}{size}"


def format_date(date: PartialDate, *, short: bool = False, locale: str) -> str:
    """A day or month date in ``locale``'s words at its own precision (the English
    report keeps its own wording, :mod:`scorecard.report.filters`): ``20 de diciembre
    de 2010``, ``diciembre de 2010``, ``2010``; short: ``20 dic 2010``, ``dic 2010``.
    Seasons and intervals are sentences, so the report words them."""
    import datetime as _dt

    from babel.dates import format_skeleton

    if date.month is None:
        return str(date.year)
    day = _dt.date(date.year, date.month, date.day or 1)
    if date.day is None:
        return format_skeleton("yMMM" if short else "yMMMM", day, locale=locale)
    return format_skeleton("yMMMd" if short else "yMMMMd", day, locale=locale)


# --- colours ---------------------------------------------------------------------------


@attrs.frozen
class GradeColour:
    """One step of the grade palette: ``fill`` (a badge's or a bar's background),
    ``on_fill`` (text on that background, at least 4.5:1 contrast) and ``on_paper``
    (the grade as large text on white, at least 3:1)."""

    fill: str
    on_fill: str
    on_paper: str


_DARK = "#1a1a1a"
_LIGHT = "#ffffff"

GRADE_PALETTE: tuple[GradeColour, ...] = (
    GradeColour("#1b6b5f", _LIGHT, "#1b6b5f"),
    GradeColour("#4f9a6a", _DARK, "#3f8a5a"),
    GradeColour("#c9a03a", _DARK, "#a67c14"),
    GradeColour("#d9753f", _DARK, "#c9652f"),
    GradeColour("#b23a3a", _LIGHT, "#b23a3a"),
    GradeColour("#7d2222", _LIGHT, "#7d2222"),
)
"""Best grade first. A programme with fewer grades uses the first steps; one with more
spreads its grades over the six (see :func:`grade_step`)."""

MISSING_COLOUR = GradeColour("#d0d0d0", _DARK, "#5d6b7a")

SERIES_COLOURS: tuple[str, ...] = (
    "#1d2733",  # ink: the first series (a chart's overall score)
    "#0072b2",  # blue
    "#d55e00",  # vermillion
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#e69f00",  # orange
    "#56b4e9",  # sky blue
)
"""Lines of a chart or plot with several series, in order (not grades): the Okabe-Ito
palette (Okabe and Ito, *Color Universal Design*, 2008) without its yellow, which is
too pale on paper, and with the report's ink for black. Every pair stays at least
:data:`SERIES_MIN_DELTA_E` apart (CIE 1976 delta E in CIELAB) in normal vision and
under simulated deuteranopia and protanopia (a test checks it). A chart with more
series than colours repeats them; :data:`SERIES_MARKERS` then still tells them apart.
Orange and sky blue are below 3:1 against white, so no label is set in a series
colour: labels are in ink beside their line's marker."""

SERIES_MIN_DELTA_E = 15.0
"""The least CIELAB distance (CIE 1976) between two series colours, in normal vision
and under deuteranopia and protanopia (Machado, Oliveira and Fernandes 2009, severity
1.0, applied in linear RGB). Measured today: 26.4 normal, 17.9 deuteranopia, 20.7
protanopia."""

SERIES_MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "down", "cross")
"""The point marker of each series, in order, so that series differ in shape as well as
in colour (in grey print, and for readers who see no colour at all). A chart cycles
through them; :data:`SERIES_COLOURS` has one more entry, so the pair (colour, marker)
of series ``i`` repeats only after 42 series."""

CARRIED_DASH = "4 3"
"""The dash pattern of a line segment leading to a value that no new reading renewed
(every reading behind it was carried forward from an earlier date). Solid segments end
at a value made with at least one new reading."""


def series_style(index: int) -> tuple[str, str]:
    """(colour, marker) of the ``index``-th series of a chart or plot."""
    return (
        SERIES_COLOURS[index % len(SERIES_COLOURS)],
        SERIES_MARKERS[index % len(SERIES_MARKERS)],
    )


def grade_step(
    grade: str | None, grades: Sequence[str] = (), score: float | None = None
) -> int | None:
    """The palette step of a grade, or ``None`` when there is no grade.

    ``grades`` lists the programme's grades best first: the ``i``-th of ``n`` takes
    step ``round(i * min(5, n - 1) / (n - 1))`` (its rank, spread over the palette
    when there are more than six). A grade not among them (a result read back
    without its programme) takes the step of ``score``'s position on 100..0.
    """
    if grade is None:
        return None
    last = len(GRADE_PALETTE) - 1
    if grade in grades:
        count = len(grades)
        if count == 1:
            return 0
        return round(grades.index(grade) * min(last, count - 1) / (count - 1))
    if score is None:
        return None
    return round((1.0 - snap(score) / 100.0) * last)


def grade_colour(
    grade: str | None, grades: Sequence[str] = (), score: float | None = None
) -> GradeColour:
    """The colours of a grade (:func:`grade_step`); :data:`MISSING_COLOUR` without one."""
    step = grade_step(grade, grades, score)
    return MISSING_COLOUR if step is None else GRADE_PALETTE[step]


def palette_css() -> str:
    """The grade palette as the report's stylesheet rules (``.g-0`` ... ``.g-5``,
    ``.g-none``, and the large grade letter ``.overall-grade.g-*``). The block between
    the palette markers of ``templates/report/report.css`` is exactly this text."""
    steps = [(str(i), c) for i, c in enumerate(GRADE_PALETTE)] + [("none", MISSING_COLOUR)]
    lines = [f".g-{k} {{ background: {c.fill}; color: {c.on_fill}; }}" for k, c in steps]
    lines += [f".overall-grade.g-{k} {{ color: {c.on_paper}; }}" for k, c in steps]
    return "\n".join(lines) + "\n"


# --- time -------------------------------------------------------------------------------

TIME_GAP = 0.02
"""The least distance, as a share of the axis, between two dates on a time axis."""


def time_axis(dates: Sequence[PartialDate], min_gap: float = TIME_GAP) -> dict[PartialDate, float]:
    """The relative x (0 = first, 1 = last) of each date on a time axis.

    A date is placed at the last day it may denote ("2009" at 31 December 2009), the
    order dates sort in everywhere, in proportion to the days between them; two dates
    are kept ``min_gap`` apart (so that "2009-12" and "2009" never share a place), and
    if that pushes the last past 1, all are scaled back into [0, 1]. A single date sits
    at 0.5.
    """
    ordered = sorted(set(dates))
    if not ordered:
        return {}
    if len(ordered) == 1:
        return {ordered[0]: 0.5}
    first = ordered[0].last.toordinal()
    span = max(ordered[-1].last.toordinal() - first, 1)
    xs: list[float] = []
    for d in ordered:
        x = (d.last.toordinal() - first) / span
        if xs and x < xs[-1] + min_gap:
            x = xs[-1] + min_gap
        xs.append(x)
    if xs[-1] != 1.0:
        # nudged past the end: squeeze back into the axis; or every date ends on the same
        # day ("2009-12" and "2009"), so only the gaps spread them: stretch them to 1
        xs = [x / xs[-1] for x in xs]
    return dict(zip(ordered, xs, strict=True))
