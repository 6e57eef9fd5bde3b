"""Rich display in Jupyter: compact HTML for results, comparisons, timelines and
sensitivity analyses.

The result classes delegate their ``_repr_html_`` to the functions here. Each returns
one ``<div class="scorecard-repr">`` fragment:

- **escaped**: the HTML comes from Jinja templates with autoescaping on, so dataset
  text (titles, ids) can never inject markup;
- **scoped**: every style is an inline ``style`` attribute; there is no ``<style>``
  element and no class-based rule, so nothing leaks into the notebook around it;
- **honest**: scores, shares, deltas and missing marks go through
  :mod:`scorecard.display` (floored scores, so a shown score never reaches a band its
  grade does not), as in the CLI and the report.

Grade badges take the colours of :func:`scorecard.display.grade_colour`: the grade's
rank among the programme's bands (best green, worst red), or, when the programme is
not at hand (a result read back from JSON), the score's position on 0-100.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scorecard import display
from scorecard.display import format_percent, format_score, format_weight

if TYPE_CHECKING:
    import jinja2

    from scorecard.analysis import Comparison, Explanation, Timeline
    from scorecard.result import Result
    from scorecard.robustness import SensitivityResult

__all__ = [
    "comparison_html",
    "explanation_html",
    "result_html",
    "sensitivity_html",
    "timeline_html",
]

_MACROS = """
{%- macro badge(grade, score, grades) -%}
{%- set c = colours(grade, grades, score) -%}
<span style="display:inline-block;min-width:1.6em;padding:0 .35em;border-radius:.25em;\
text-align:center;font-weight:bold;background:{{ c.fill }};color:{{ c.on_fill }}"\
{%- if grade is none %} title="{{ missing_text }}" aria-label="{{ missing_text }}"{% endif %}>\
{{ grade if grade is not none else missing }}</span>
{%- endmacro -%}
"""

_BOX = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.45"
_TABLE = "border-collapse:collapse;margin:.3em 0"
_TH = "text-align:left;padding:.15em .6em;border-bottom:1px solid #999;font-weight:600"
_TD = "padding:.15em .6em;border-bottom:1px solid #e4e4e4"
_NUM = _TD + ";text-align:right;font-variant-numeric:tabular-nums"
_MUTED = "color:#666"

_RESULT = (
    _MACROS
    + """
{%- macro verdict(v, d) -%}
{%- if v -%}
{{ badge(v.grade, v.value, grades) }} {{ v.level_label }}
<span style="{{ s.muted }}">({{ v.source }}, {{ v.as_of }})
{%- if d is not none %} · {% if d.bands_apart == 0 %}agrees{% elif not d.divergent %}one band apart
{%- else %}{{ d.bands_apart }} bands apart, {{ "explained" if d.explained else "unexplained" }}
{%- endif %}{% endif %}</span>
{%- endif -%}
{%- endmacro -%}
<div class="scorecard-repr" style="{{ s.box }}">
<div><strong>{{ r.programme_title }}</strong>
<span style="{{ s.muted }}"> · weighting <code>{{ r.provenance.weighting }}</code>
 · as of {{ r.provenance.as_of if r.provenance.as_of is not none else "latest" }}
 · missing: {{ r.provenance.missing }}</span></div>
<div style="margin:.25em 0">Overall {{ badge(r.overall.grade, r.overall.score, grades) }}
 <strong>{{ score(r.overall.score, 1) }}</strong><span style="{{ s.muted }}"> / 100
 · coverage {{ percent(r.overall.coverage) }}</span></div>
<table style="{{ s.table }}">
<thead><tr><th style="{{ s.th }}">Pillar</th><th style="{{ s.th }}">Grade</th>
<th style="{{ s.th }}">Score</th><th style="{{ s.th }}">Coverage</th>
<th style="{{ s.th }}">Weight</th><th style="{{ s.th }}">Assessed</th>
{%- if verdicts %}<th style="{{ s.th }}">Source's verdict</th>{% endif %}</tr></thead>
<tbody>
{%- for p in r.pillars %}
<tr><td style="{{ s.td }}">{{ p.title }}<span style="{{ s.muted }}"> ({{ p.id }})
{%- if not p.in_framework %} · outside the framework{% endif %}
{%- if p.outputs_only %} · outputs only{% endif %}</span></td>
<td style="{{ s.td }}">{{ badge(p.grade, p.score, grades) }}</td>
<td style="{{ s.num }}">{{ score(p.score, 1) }}</td>
<td style="{{ s.num }}">{{ percent(p.coverage) }}</td>
<td style="{{ s.num }}">{{ weight(p.weight) }}</td>
<td style="{{ s.num }}">{{ p.commitments | selectattr("score", "ne", none) | list | length }}
 of {{ p.commitments | length }}
{%- set carried = p.commitments | selectattr("carried_forward") | list | length %}
{%- if carried %}<span style="{{ s.muted }}"> ({{ carried }} carried forward)</span>{% endif %}</td>
{%- if verdicts %}<td style="{{ s.td }}">{{ verdict(p.verdict, p.divergence) }}</td>{% endif %}</tr>
{%- for o in p.objectives %}
<tr><td style="{{ s.td }};padding-left:1.6em">{{ o.title }}<span style="{{ s.muted }}">
 ({{ o.id }}, objective)</span></td>
<td style="{{ s.td }}">{{ badge(o.grade, o.score, grades) }}</td>
<td style="{{ s.num }}">{{ score(o.score, 1) }}</td>
<td style="{{ s.num }}">{{ percent(o.coverage) }}</td>
<td style="{{ s.num }}">{{ weight(o.weight) }}</td>
<td style="{{ s.num }}">{{ o.commitments | length }} commitments</td>
{%- if verdicts %}<td style="{{ s.td }}"></td>{% endif %}</tr>
{%- endfor %}
{%- endfor %}
</tbody></table>
{%- if r.overall.verdict %}
<div style="{{ s.muted }}">Overall, source's verdict:
 {{ verdict(r.overall.verdict, r.overall.divergence) }}</div>
{%- endif %}
{%- if r.parties %}
<div style="{{ s.muted }}">By party:
{%- for q in r.parties %} {{ q.label }} {{ badge(q.grade, q.score, grades) }}
 {{ score(q.score, 1) }}{{ " ·" if not loop.last }}{% endfor %}</div>
{%- endif %}
</div>
"""
)


_SENSITIVITY = (
    _MACROS
    + """
{%- macro odds(entry) -%}
{%- set shown = shares(entry.grades, grades) -%}
<span style="display:inline-flex;width:140px;height:.9em;vertical-align:middle;\
background:#eeeeee;border-radius:2px;overflow:hidden">
{%- for g in grades if entry.grades.get(g, 0) > 0 -%}
<span title="{{ g }}: {{ shown[g] }}" \
style="width:{{ '%.2f' % (100 * entry.grades[g]) }}%;\
background:{{ colours(g, grades, 50.0).fill }}"></span>
{%- endfor -%}
</span>
{%- set top = likeliest(entry.grades) -%}
{%- if top %} <span style="{{ s.muted }}">{{ top[0] }} in \
{{ shown.get(top[0]) or share(top[1]) }}</span>{% endif -%}
{%- endmacro -%}
<div class="scorecard-repr" style="{{ s.box }}">
<div><strong>Sensitivity of {{ r.base.programme_title }}</strong>
<span style="{{ s.muted }}"> · weighting <code>{{ r.base.provenance.weighting }}</code>
 · {{ "{:,}".format(r.draws) }} draws, seed {{ r.seed }}, spread {{ r.spread }}
 · ratings {{ "varied (" ~ share(r.vary_ratings) ~ ")" if r.vary_ratings else "fixed" }}
 · method {{ "varied" if r.vary_method else "fixed" }}</span></div>
<table style="{{ s.table }}">
<thead><tr><th style="{{ s.th }}"></th><th style="{{ s.th }}">Score</th>
<th style="{{ s.th }}">Median</th><th style="{{ s.th }}">5th-95th</th>
<th style="{{ s.th }}">Grade probabilities</th>
<th style="{{ s.th }}">Likeliest rank</th></tr></thead>
<tbody>
{%- for label, e, rank in rows %}
<tr><td style="{{ s.td }}">{{ label }}</td>
<td style="{{ s.td }}">{{ badge(e.base_grade, e.base_score, grades) }}
 {{ score(e.base_score, 1) }}</td>
<td style="{{ s.num }}">{{ score(e.median, 1) }}</td>
<td style="{{ s.num }}">{{ score(e.p05, 1) }}-{{ score(e.p95, 1) }}</td>
<td style="{{ s.td }}">{{ odds(e) }}</td>
<td style="{{ s.num }}">{{ rank }}</td></tr>
{%- endfor %}
</tbody></table>
</div>
"""
)


_GRID = (
    _MACROS
    + """
<div class="scorecard-repr" style="{{ s.box }}">
<div><strong>{{ heading }}</strong><span style="{{ s.muted }}"> · {{ note }}</span></div>
<table style="{{ s.table }}">
<thead><tr><th style="{{ s.th }}"></th>
{%- for c in columns %}<th style="{{ s.th }}">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{%- for label, cells in rows %}
<tr><td style="{{ s.td }}">{{ label }}</td>
{%- for grade, value in cells %}
<td style="{{ s.td }}">{{ badge(grade, value, grades) }} {{ score(value, 1) }}</td>
{%- endfor %}</tr>
{%- endfor %}
</tbody></table>
</div>
"""
)

_EXPLANATION = (
    _MACROS
    + """
<div class="scorecard-repr" style="{{ s.box }}">
<div><strong>What changed</strong><span style="{{ s.muted }}"> · from {{ before }} to {{ after }}
 · contributions add up to each change{{ "" if e.additive
    else " (apportioned: the means are not arithmetic)" }}</span></div>
<table style="{{ s.table }}">
<thead><tr><th style="{{ s.th }}"></th><th style="{{ s.th }}">Before</th>
<th style="{{ s.th }}">After</th><th style="{{ s.th }}">Change</th>
<th style="{{ s.th }}">Largest contributions</th></tr></thead>
<tbody>
{%- for label, c, top in rows %}
<tr><td style="{{ s.td }}">{{ label }}</td>
<td style="{{ s.td }}">{{ badge(c.grade_before, c.before, grades) }} {{ score(c.before, 1) }}</td>
<td style="{{ s.td }}">{{ badge(c.grade_after, c.after, grades) }} {{ score(c.after, 1) }}</td>
<td style="{{ s.num }}">{{ signed(c.change) }}</td>
<td style="{{ s.td }}">
{%- for k in top %}{{ k.commitment or k.pillar }}
<span style="{{ s.muted }}">({{ k.status_before or missing }} → \
{{ k.status_after or missing }})</span>
 {{ signed(k.amount) }}{{ "; " if not loop.last }}{% endfor %}</td></tr>
{%- endfor %}
</tbody></table>
</div>
"""
)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.update(
        colours=display.grade_colour,
        score=lambda value, digits=display.SCORE_DIGITS: format_score(value, digits),
        percent=lambda share: format_percent(share),
        weight=lambda value: format_weight(value),
        share=lambda value: format_percent(value),
        shares=_shares,
        likeliest=_likeliest,
        signed=_signed,
        missing=display.MISSING,
        missing_text=display.MISSING_TEXT,
        s={
            "box": _BOX,
            "table": _TABLE,
            "th": _TH,
            "td": _TD,
            "num": _NUM,
            "muted": _MUTED,
        },
    )
    return env


def _render(template: str, **context: Any) -> str:
    html: str = _environment().from_string(template).render(**context)
    return html.strip()


def _grades_of(result: Result) -> tuple[str, ...]:
    return result.programme.grades.grades if result.programme is not None else ()


def result_html(result: Result) -> str:
    """A result as compact HTML: overall grade, one row per pillar (and per objective
    under it), the sources' verdicts beside them where there are any, the party view."""
    verdicts = result.overall.verdict is not None or any(
        p.verdict is not None for p in result.pillars
    )
    return _render(_RESULT, r=result, grades=_grades_of(result), verdicts=verdicts)


def _shares(shares: dict[str, float], grades: Sequence[str]) -> dict[str, str]:
    """The grade probabilities of one entry as shown together (they add up)."""
    order = [*grades, *(g for g in shares if g not in grades)]
    return dict(zip(order, display.format_shares([shares.get(g, 0.0) for g in order]), strict=True))


def _likeliest(shares: dict[str, float]) -> tuple[str, float] | None:
    """The grade (or rank) with the largest share; the first listed wins ties."""
    best: tuple[str, float] | None = None
    for key, value in shares.items():
        if value > 0 and (best is None or value > best[1]):
            best = (key, value)
    return best


def _rank_text(ranks: Sequence[float]) -> str:
    top = _likeliest({str(k + 1): v for k, v in enumerate(ranks)})
    if top is None:
        return display.MISSING
    return f"{top[0]} of {len(ranks)} ({format_percent(top[1])})"


def sensitivity_html(sens: SensitivityResult) -> str:
    """A sensitivity analysis as compact HTML: for the overall score and each pillar,
    the unperturbed grade, the median and 5th-95th percentile of the draws, the
    probability of each grade and the likeliest rank."""
    base = sens.base
    grades = _grades_of(base) or tuple(sens.overall.grades)
    rows: list[tuple[str, Any, str]] = [("Overall", sens.overall, "")]
    for p in sens.pillars:
        label = p.title if p.in_framework else f"{p.title} (outside the framework)"
        rows.append((label, p, _rank_text(p.ranks)))
    return _render(_SENSITIVITY, r=sens, rows=rows, grades=grades)


def _signed(value: float | None) -> str:
    return display.format_delta(value, style=display.HTML)


def _entity_rows(
    results: Sequence[Result],
) -> list[tuple[str, list[tuple[str | None, float | None]]]]:
    """Overall and each pillar of the first result, with (grade, score) in every result."""
    first = results[0]
    rows = [("Overall", [(r.overall.grade, r.overall.score) for r in results])]
    for p in first.pillars:
        cells = [(r.pillar(p.id).grade, r.pillar(p.id).score) for r in results]
        rows.append((p.title, cells))
    return rows


def comparison_html(comparison: Comparison) -> str:
    """Weightings side by side: one column per weighting, grade badges and scores."""
    results = comparison.results
    grades = _grades_of(results[0])
    note = "scores and grades under each weighting"
    return _render(
        _GRID,
        heading=f"{results[0].programme_title}: weightings compared",
        note=note,
        columns=list(comparison.names),
        rows=_entity_rows(results),
        grades=grades,
    )


def timeline_html(timeline: Timeline) -> str:
    """Scores at every as-of date of the data: one column per date."""
    results = timeline.results
    if not results:
        return _render(
            _GRID, heading="Timeline", note="no dated data", columns=[], rows=[], grades=()
        )
    note = f"weighting {results[0].provenance.weighting}, scored as of each date of the data"
    return _render(
        _GRID,
        heading=f"{results[0].programme_title}: timeline",
        note=note,
        columns=[d.isoformat() for d in timeline.dates],
        rows=_entity_rows(results),
        grades=_grades_of(results[0]),
    )


def explanation_html(explanation: Explanation, grades: Sequence[str] = ()) -> str:
    """A change between two results: per level, before, after, and the three largest
    contributions."""
    levels = [("Overall", explanation.overall)] + [(c.id, c) for c in explanation.pillars]
    rows = [
        (label, change, sorted(change.contributions, key=lambda k: -abs(k.amount))[:3])
        for label, change in levels
    ]
    return _render(
        _EXPLANATION,
        e=explanation,
        before=explanation.as_of_before or "latest",
        after=explanation.as_of_after or "latest",
        rows=rows,
        grades=tuple(grades),
    )
