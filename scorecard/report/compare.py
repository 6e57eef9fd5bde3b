"""The comparison page of a collection: the ranking table and each unit's rank
interval, as HTML and PDF (template ``compare.html.j2``, autoescaped like every
report template; a user's template directory may replace it).

The page prints what :func:`comparison_view` prepared: formatted scores (floored,
as everywhere: display never lifts a score into a higher band), grades and rank
intervals. Its date is the latest date any unit's report is "as of" (never the
clock), so the same collection gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any

import attrs

from scorecard._version import __version__
from scorecard.collection_result import CollectionResult, CollectionSensitivity
from scorecard.display import format_score
from scorecard.report import i18n
from scorecard.report.filters import number

__all__ = ["ComparisonView", "comparison_html", "comparison_view", "render_comparison_pdf"]

TEMPLATE = "compare.html.j2"


@attrs.frozen(slots=True)
class ComparisonRow:
    rank: str
    unit: str
    title: str
    overall: str
    grade: str
    pillars: tuple[str, ...]
    interval: str  # "1-3 (median 2)", or "" without rank intervals


@attrs.frozen(slots=True)
class ComparisonView:
    title: str
    description: str
    date_iso: str
    date: str  # the date in the page's language
    lang: str  # the page's locale tag ("en", "es-MX")
    pillars: tuple[str, ...]  # pillar titles, framework order
    rows: tuple[ComparisonRow, ...]
    weighting: str
    methods: str
    intervals: str  # how the rank intervals were drawn, "" without them


def _date(result: CollectionResult) -> _dt.date:
    from scorecard.report.view import report_date

    days = [report_date(r, r.programme) for r in result.results.values() if r.programme is not None]
    return max(days) if days else _dt.date(1970, 1, 1)


def _interval(sens: CollectionSensitivity | None, unit: str) -> str:
    if sens is None:
        return ""
    for u in sens.units:
        if u.unit == unit:
            if u.p05 is None or u.p95 is None:
                return "—"
            span = f"{u.p05}" if u.p05 == u.p95 else f"{u.p05}–{u.p95}"
            return i18n.gettext("%(span)s (median %(median)s)") % {
                "span": span,
                "median": u.median,
            }
    return "—"


def _shown_date(day: _dt.date) -> str:
    """The page's date: ISO in English (as it always was), in words elsewhere."""
    from scorecard.dates import PartialDate
    from scorecard.display import format_date

    locale = i18n.number_locale()
    if locale is None:
        return day.isoformat()
    return format_date(PartialDate(day.year, day.month, day.day), locale=locale)


def comparison_view(
    result: CollectionResult, sensitivity: CollectionSensitivity | None = None
) -> ComparisonView:
    """What the comparison page prints."""
    first = next(iter(result.results.values()), None)
    rows = tuple(
        ComparisonRow(
            rank="—" if r.rank is None else str(r.rank),
            unit=r.unit,
            title=r.title,
            overall=format_score(r.overall, 1),
            grade=r.grade or "—",
            pillars=tuple(
                f"{format_score(score, 1)} {grade or ''}".rstrip() for _, score, grade in r.pillars
            ),
            interval=_interval(sensitivity, r.unit),
        )
        for r in result.ranking
    )
    intervals = ""
    if sensitivity is not None:
        intervals = i18n.gettext(
            "%(draws)s draws of the weights (spread %(spread)s, seed %(seed)s), the same "
            "draw for every unit; 5th–95th percentile rank"
        ) % {
            "draws": number(sensitivity.draws),
            "spread": sensitivity.spread,
            "seed": sensitivity.seed,
        }
    prov = first.provenance if first is not None else None
    day = _date(result)
    return ComparisonView(
        title=result.title,
        description=i18n.ngettext(
            "%(count)s unit scored on one framework",
            "%(count)s units scored on one framework",
            len(result.results),
        )
        % {"count": len(result.results)},
        date_iso=day.isoformat(),
        date=_shown_date(day),
        lang=i18n.active().tag,
        pillars=tuple(title for _, title in result.pillars),
        rows=rows,
        weighting="" if prov is None else prov.weighting,
        methods="" if prov is None else ", ".join(f"{k} {v}" for k, v in prov.methods.items()),
        intervals=intervals,
    )


def comparison_html(
    result: CollectionResult,
    sensitivity: CollectionSensitivity | None = None,
    *,
    template_dir: str | os.PathLike[str] | None = None,
    lang: str = i18n.DEFAULT_LANG,
) -> str:
    """The comparison page as one self-contained HTML string; ``lang``: the language
    of its own words, numbers and dates (as :func:`scorecard.render_html`; the units'
    titles are the collection's own text)."""
    from scorecard.report.env import environment

    env = environment(template_dir)
    with i18n.activate(lang):
        view = comparison_view(result, sensitivity)
        html: str = env.get_template(TEMPLATE).render(view=view, version=__version__)
    return html


def render_comparison_pdf(
    result: CollectionResult,
    path: str | os.PathLike[str],
    sensitivity: CollectionSensitivity | None = None,
    *,
    template_dir: str | os.PathLike[str] | None = None,
    variant: str = "pdf/ua-1",
    lang: str = i18n.DEFAULT_LANG,
) -> Path:
    """Write the comparison page as a PDF to ``path`` (atomically); it embeds the
    collection result as JSON."""
    from scorecard._io import atomic_write
    from scorecard.report.env import builtin_dir
    from scorecard.report.pdf import EmbeddedFile, html_to_pdf

    html = comparison_html(result, sensitivity, template_dir=template_dir, lang=lang)
    roots = [builtin_dir()]
    if template_dir is not None:
        roots.append(Path(template_dir))
    files: list[Any] = [
        EmbeddedFile(
            "collection-result.json",
            result.to_json().encode(),
            "Every unit's result and the ranking (JSON)",
        )
    ]
    pdf = html_to_pdf(
        html,
        roots=roots,
        base_dir=builtin_dir(),
        variant=variant,
        when=_date(result),
        files=files,
    )
    return atomic_write(path, pdf)
