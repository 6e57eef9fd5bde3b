"""The report's view model: everything the templates print, prepared in Python.

:func:`build` turns a :class:`~scorecard.result.Result` (with the programme it
scored) and its :class:`~scorecard.report.analyses.Analyses` into a
:class:`Report`. Templates only print its fields: no arithmetic, no lookups, no
decisions beyond ``if``/``for``. Every string here may come from the dataset and
is untrusted; the templates escape it.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from scorecard import display
from scorecard.dates import PartialDate
from scorecard.errors import RenderError
from scorecard.model import Citation, Commitment, Programme, Source
from scorecard.report import charts
from scorecard.report.analyses import Analyses, Change, Contribution, GradeOdds, Robustness
from scorecard.report.filters import (
    date_long,
    date_short,
    delta,
    number,
    percent,
    score,
    short_author,
    short_title,
)
from scorecard.result import CommitmentResult, PillarResult, Result

__all__ = ["LONG_TEXT", "SHORT_TEXT", "Report", "build", "clip"]

_MISSING_TEXT = {
    "renormalize": (
        "Commitments with no assessment on or before the as-of date are left out, and the "
        "weights of the assessed ones are rescaled to sum to one; coverage reports the share "
        "of weight that was assessed. No evidence is not scored as zero."
    ),
    "zero": (
        "Commitments with no assessment on or before the as-of date score zero. This is a "
        "deliberate, visible choice: it treats the absence of evidence as failure."
    ),
    "error": "Every commitment must be assessed: a missing assessment stops scoring.",
}

_METHOD_TEXT = {
    "arithmetic": "weighted arithmetic mean (full compensation between children)",
    "geometric": "weighted geometric mean (partial compensation: weak children weigh more)",
    "harmonic": "weighted harmonic mean (least compensation)",
}


# Dataset text longer than this is cut in the report (the full text stays in the
# dataset, which the PDF carries): a report is read, and a 100,000-character
# rationale would take minutes to lay out and dozens of pages to print.
LONG_TEXT = 3000
SHORT_TEXT = 300


def clip(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and a note saying how much was cut."""
    if len(text) <= limit:
        return text
    return (
        f"{text[:limit]}\u2026 [cut here: {len(text):,} characters in all; the full text is "
        "in the dataset]"
    )


# -- records the templates print -------------------------------------------------


@attrs.frozen(slots=True)
class Footnote:
    number: int
    text: str  # short: "Selee 2010, “Success or Failure?”"
    source_anchor: str


@attrs.frozen(slots=True)
class Quote:
    text: str
    kind: str
    note: Footnote


@attrs.frozen(slots=True)
class Badge:
    label: str
    css: str  # "lv-0" .. "lv-4", "lv-missing"


@attrs.frozen(slots=True)
class AssessmentView:
    date: str
    badge: Badge
    rationale: str
    quotes: tuple[Quote, ...]
    current: bool  # the assessment the score uses


@attrs.frozen(slots=True)
class ObservationView:
    date: str
    value: str
    note: str
    quotes: tuple[Quote, ...]


@attrs.frozen(slots=True)
class IndicatorView:
    title: str
    unit: str
    better: str
    kind: str
    description: str
    chart: charts.Chart | None  # drawn when there is a series or a range to show
    observations: tuple[ObservationView, ...]


@attrs.frozen(slots=True)
class CommitmentView:
    anchor: str
    title: str
    promise: str
    party: str
    badge: Badge
    score: str
    grade: str
    last_assessed: str
    trend: str  # "up", "down", "steady", "new", "none"
    trend_text: str
    sources: int
    effective_weight: str
    stated_in: tuple[Quote, ...]
    assessments: tuple[AssessmentView, ...]
    indicators: tuple[IndicatorView, ...]


@attrs.frozen(slots=True)
class PillarView:
    anchor: str
    number: str
    title: str
    description: str
    in_framework: bool
    running: str  # the running header of its pages: "Pillar 1: Disrupt organized crime"
    score: str
    grade: str
    grade_css: str
    coverage: str
    weight: str
    robustness: str
    evidence_note: str
    outputs_only: bool
    trend: str
    commitments: tuple[CommitmentView, ...]
    notes: tuple[Footnote, ...]


@attrs.frozen(slots=True)
class SummaryRow:
    anchor: str
    title: str
    grade: str
    grade_css: str
    score: str
    coverage: str
    robustness: str
    trend: str


@attrs.frozen(slots=True)
class ContributionView:
    title: str
    pillar: str
    before: str
    after: str
    points: str
    direction: str


@attrs.frozen(slots=True)
class ChangeView:
    heading: str
    summary: str
    pillars: tuple[tuple[str, str, str, str], ...]  # title, before, after, change
    contributions: tuple[ContributionView, ...]
    note: str


@attrs.frozen(slots=True)
class PartyView:
    party: str
    grade: str
    grade_css: str
    score: str
    coverage: str
    commitments: int


@attrs.frozen(slots=True)
class LevelView:
    label: str
    value: str
    meaning: str
    badge: Badge


@attrs.frozen(slots=True)
class BandView:
    grade: str
    grade_css: str
    range: str
    meaning: str


@attrs.frozen(slots=True)
class WeightRow:
    title: str
    weight: str
    effective: str
    level: str  # "pillar" or "commitment"


@attrs.frozen(slots=True)
class SourceView:
    anchor: str
    number: int
    authors: str
    title: str
    publisher: str
    published: str
    kind: str
    sha256: str
    citations: int
    url: str  # printed as text, never fetched
    notes: str


@attrs.frozen(slots=True)
class Methodology:
    levels: tuple[LevelView, ...]
    bands: tuple[BandView, ...]
    weighting: str
    weighting_rationale: str
    weights: tuple[WeightRow, ...]
    methods: tuple[tuple[str, str], ...]
    missing: str
    sensitivity: str
    indicator_pick: str
    digest: str
    version: str


@attrs.frozen(slots=True)
class Meta:
    title: str
    subtitle: str
    programme: str
    description: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    as_of: str
    date_iso: str  # W3C date for dcterms.created/modified, from the data
    paper: str
    lang: str


@attrs.frozen(slots=True)
class Report:
    meta: Meta
    overall_grade: str
    overall_grade_css: str
    overall_score: str
    overall_coverage: str
    overall_robustness: str
    overall_trend: str
    sources_count: int
    commitments_count: int
    findings: tuple[str, ...]
    summary: tuple[SummaryRow, ...]
    pillar_chart: charts.Chart
    trend_chart: charts.Chart | None
    pillars: tuple[PillarView, ...]
    changes: tuple[ChangeView, ...]
    parties: tuple[PartyView, ...]
    party_chart: charts.Chart
    methodology: Methodology
    sources: tuple[SourceView, ...]
    grade_legend: tuple[BandView, ...]


# -- building --------------------------------------------------------------------


def report_date(result: Result, programme: Programme) -> _dt.date:
    """The date a report is "as of", from the data: the as-of date of the result, else the
    latest date in the dataset (never the clock)."""
    if result.provenance.as_of is not None:
        return result.provenance.as_of.last
    dates: list[PartialDate] = [s.published for s in programme.sources]
    for _, c in programme.commitments():
        dates.extend(a.as_of for a in c.assessments)
        for ind in c.indicators:
            dates.extend(o.as_of for o in ind.observations)
    if not dates:
        return _dt.date(1970, 1, 1)
    return max(dates).last


class _Notes:
    """Numbers footnotes in document order."""

    def __init__(self, programme: Programme, source_numbers: dict[str, int]) -> None:
        self._programme = programme
        self._numbers = source_numbers
        self.count = 0

    def quotes(self, citations: Iterable[Citation]) -> tuple[Quote, ...]:
        out = []
        for cit in citations:
            self.count += 1
            src = self._programme.source(cit.source)
            note = Footnote(self.count, cite(src), f"src-{self._numbers[cit.source]}")
            out.append(Quote(clip(cit.quote, LONG_TEXT), cit.kind.value, note))
        return tuple(out)


def cite(source: Source) -> str:
    """A short footnote citation: who (author's surname, else a short publisher), year,
    short title: ``Selee 2010, “Success or Failure?”``. The full entry, with its
    checksum, is in the report's bibliography, which the footnote links to."""
    who = short_author(source.authors, source.publisher)
    title = f"\u201c{short_title(source.title)}\u201d"
    year = str(source.published.year)
    return f"{who} {year}, {title}" if who else f"{title}, {year}"


def _grade_css(grade: str | None, grades: Sequence[str]) -> str:
    step = display.grade_step(grade, grades)
    return "g-none" if step is None else f"g-{step}"


def _badges(programme: Programme) -> dict[str, Badge]:
    scored = [lv for lv in programme.scale.levels if not lv.missing]
    out: dict[str, Badge] = {}
    for lv in programme.scale.levels:
        if lv.missing:
            out[lv.id] = Badge(lv.label, "lv-missing")
        else:
            idx = scored.index(lv)
            step = round(4 * idx / max(len(scored) - 1, 1))
            out[lv.id] = Badge(lv.label, f"lv-{step}")
    return out


def _odds_text(odds: GradeOdds | None, grade: str | None) -> str:
    if odds is None or grade is None:
        return ""
    share = odds.grades.get(grade, 0.0)
    return f"{grade} in {percent(share)} of plausible weightings"


def _trend(history: Sequence[tuple[PartialDate, str]], programme: Programme) -> tuple[str, str]:
    """The trend of a commitment and its text for a table cell (short dates)."""
    if not history:
        return "none", "not assessed"
    values = []
    for date, status in history:
        level = programme.scale.level(status)
        if level.value is not None:
            values.append((date, level.value))
    if not values:
        return "none", "no evidence yet"
    if len(values) == 1:
        return "new", f"first rated {date_short(values[0][0])}"
    (d0, v0), (_d1, v1) = values[-2], values[-1]
    if v1 > v0:
        return "up", f"up since {date_short(d0)}"
    if v1 < v0:
        return "down", f"down since {date_short(d0)}"
    return "steady", f"unchanged since {date_short(d0)}"


def _timeline_text(timeline: Sequence[Result], pick: str | None) -> str:
    parts = []
    for r in timeline:
        if pick is None:
            g, s = r.overall.grade, r.overall.score
        else:
            try:
                pr = r.pillar(pick)
            except KeyError:
                continue
            g, s = pr.grade, pr.score
        if s is None:
            continue
        when = date_long(r.provenance.as_of) if r.provenance.as_of else "latest"
        parts.append(f"{when}: {g or display.MISSING} ({score(s)})")
    return " \u2192 ".join(parts)


def build(result: Result, analyses: Analyses, *, paper: str = "a4") -> Report:
    """The view model of a report on ``result``."""
    programme = result.programme
    if programme is None:
        raise RenderError(
            "this result carries no programme (it was read back from JSON?): render the "
            "result of scorecard.score(programme, ...) so the report can cite the evidence"
        )
    grades = programme.grades.grades
    badges = _badges(programme)
    colours = charts.grade_colours(grades)
    robust = analyses.robustness
    as_of_date = report_date(result, programme)
    as_of_text = (
        date_long(result.provenance.as_of)
        if result.provenance.as_of is not None
        else date_long(PartialDate(as_of_date.year, as_of_date.month, as_of_date.day))
    )

    source_numbers = {s.id: i + 1 for i, s in enumerate(programme.sources)}
    notes = _Notes(programme, source_numbers)
    citation_counts = Counter(cit.source for _, cit in programme.citations())

    pillar_views: list[PillarView] = []
    summary: list[SummaryRow] = []
    bars: list[charts.Bar] = []
    for p_index, pr in enumerate(result.pillars):
        pillar = programme.pillar(pr.id)
        anchor = f"pillar-{p_index + 1}"
        start = notes.count
        commitments = tuple(
            _commitment_view(
                cr,
                programme.commitment(cr.id),
                f"{anchor}-c{c_index + 1}",
                programme,
                badges,
                notes,
                result,
            )
            for c_index, cr in enumerate(pr.commitments)
        )
        pillar_notes = _collect_notes(commitments, start)
        odds = robust.pillars.get(pr.id) if robust else None
        rob_text = _odds_text(odds, pr.grade)
        number_text = str(p_index + 1) if pr.in_framework else "\u2013"
        view = PillarView(
            anchor=anchor,
            number=number_text,
            title=clip(pr.title, SHORT_TEXT),
            description=clip(pillar.description, LONG_TEXT),
            in_framework=pr.in_framework,
            running=clip(
                f"Pillar {number_text}: {pillar.short_title or pr.title}"
                if pr.in_framework
                else pr.title,
                SHORT_TEXT,
            ),
            score=score(pr.score),
            grade=pr.grade or display.MISSING,
            grade_css=_grade_css(pr.grade, grades),
            coverage=percent(pr.coverage),
            weight=percent(pr.effective_weight),
            robustness=rob_text,
            evidence_note=_evidence_note(pr),
            outputs_only=pr.outputs_only,
            trend=_timeline_text(analyses.timeline, pr.id),
            commitments=commitments,
            notes=pillar_notes,
        )
        pillar_views.append(view)
        summary.append(
            SummaryRow(
                anchor,
                clip(pillar.short_title or pr.title, SHORT_TEXT),
                view.grade,
                view.grade_css,
                view.score,
                view.coverage,
                rob_text,
                view.trend,
            )
        )
        bars.append(
            charts.Bar(
                pillar.short_title or pr.title,
                pr.score,
                pr.grade,
                odds.p05 if odds else None,
                odds.p95 if odds else None,
            )
        )
    overall_odds = robust.overall if robust else None
    bars.append(
        charts.Bar(
            "Overall",
            result.overall.score,
            result.overall.grade,
            overall_odds.p05 if overall_odds else None,
            overall_odds.p95 if overall_odds else None,
            emphasis=True,
        )
    )
    band_tuples = [(b.grade, b.min, b.max) for b in programme.grades.bands]
    pillar_chart = charts.score_bars(bars, band_tuples, colours, title="Grades by pillar")

    trend_chart = None
    if len(analyses.timeline) > 1:
        series = [
            charts.Series(
                "Overall",
                tuple(
                    (r.provenance.as_of or PartialDate(as_of_date.year), r.overall.score)
                    for r in analyses.timeline
                ),
                emphasis=True,
            )
        ]
        for pr in result.pillars:
            pillar = programme.pillar(pr.id)
            pts = []
            for r in analyses.timeline:
                try:
                    s = r.pillar(pr.id).score
                except KeyError:
                    s = None
                pts.append((r.provenance.as_of or PartialDate(as_of_date.year), s))
            series.append(charts.Series(pillar.short_title or pillar.title, tuple(pts)))
        trend_chart = charts.trend_chart(series, title="Scores over time")

    party_bars = [charts.Bar(pa.party.label, pa.score, pa.grade) for pa in result.parties]
    party_chart = charts.score_bars(
        party_bars, band_tuples, colours, title="Grades by responsible party", label_width=140
    )
    parties = tuple(
        PartyView(
            pa.party.label,
            pa.grade or display.MISSING,
            _grade_css(pa.grade, grades),
            score(pa.score),
            percent(pa.coverage),
            pa.commitments,
        )
        for pa in result.parties
    )

    legend = tuple(
        BandView(b.grade, _grade_css(b.grade, grades), _band_range(b.min, b.max), b.meaning or "")
        for b in programme.grades.bands
    )
    meta = Meta(
        title=f"{programme.title}: scorecard as of {as_of_text}",
        subtitle=f"A pillar-by-pillar assessment as of {as_of_text}",
        programme=programme.title,
        description=clip(programme.description, LONG_TEXT),
        authors=programme.authors,
        keywords=programme.keywords,
        as_of=as_of_text,
        date_iso=as_of_date.isoformat(),
        paper=paper,
        lang="en",
    )
    commitments_count = sum(len(p.commitments) for p in result.pillars)
    return Report(
        meta=meta,
        overall_grade=result.overall.grade or display.MISSING,
        overall_grade_css=_grade_css(result.overall.grade, grades),
        overall_score=score(result.overall.score),
        overall_coverage=percent(result.overall.coverage),
        overall_robustness=_odds_text(overall_odds, result.overall.grade),
        overall_trend=_timeline_text(analyses.timeline, None),
        sources_count=len(programme.sources),
        commitments_count=commitments_count,
        findings=_findings(result, programme, analyses),
        summary=tuple(summary),
        pillar_chart=pillar_chart,
        trend_chart=trend_chart,
        pillars=tuple(pillar_views),
        changes=tuple(_change_view(ch) for ch in analyses.changes),
        parties=parties,
        party_chart=party_chart,
        methodology=_methodology(result, programme, badges, grades, robust),
        sources=tuple(
            SourceView(
                anchor=f"src-{source_numbers[s.id]}",
                number=source_numbers[s.id],
                authors=", ".join(s.authors) if s.authors else "Author not stated",
                title=clip(s.title, SHORT_TEXT),
                publisher=s.publisher or "",
                published=date_long(s.published),
                kind=s.kind,
                sha256=s.sha256,
                citations=citation_counts.get(s.id, 0),
                url=s.url or "",
                notes=s.notes or "",
            )
            for s in programme.sources
        ),
        grade_legend=legend,
    )


def _band_range(low: float, high: float) -> str:
    top = "100" if high >= 100 else f"under {number(high)}"
    return f"{number(low)} to {top}"


def _collect_notes(commitments: Sequence[CommitmentView], start: int) -> tuple[Footnote, ...]:
    found: dict[int, Footnote] = {}
    for c in commitments:
        for q in c.stated_in:
            found[q.note.number] = q.note
        for a in c.assessments:
            for q in a.quotes:
                found[q.note.number] = q.note
        for ind in c.indicators:
            for o in ind.observations:
                for q in o.quotes:
                    found[q.note.number] = q.note
    return tuple(found[n] for n in sorted(found) if n > start)


def _evidence_note(pr: PillarResult) -> str:
    if pr.score is None:
        return "Not assessed yet."
    if pr.outputs_only:
        return "Graded on outputs alone: none of the evidence behind it shows an outcome."
    if pr.outcome_share is not None:
        return f"{percent(pr.outcome_share)} of the assessed weight rests on outcome evidence."
    return ""


def _commitment_view(
    cr: CommitmentResult,
    commitment: Commitment,
    anchor: str,
    programme: Programme,
    badges: dict[str, Badge],
    notes: _Notes,
    result: Result,
) -> CommitmentView:
    trend, trend_text = _trend(cr.history, programme)
    stated = notes.quotes(commitment.stated_in)
    used = cr.as_of
    as_of = result.provenance.as_of
    history = sorted(
        (a for a in commitment.assessments if as_of is None or a.as_of.on_or_before(as_of)),
        key=lambda a: a.as_of,
    )
    assessments = tuple(
        AssessmentView(
            date=date_long(a.as_of),
            badge=badges.get(a.status, Badge(a.status, "lv-missing")),
            rationale=clip(a.rationale, LONG_TEXT),
            quotes=notes.quotes(a.evidence),
            current=(a.as_of == used and a.status == cr.status),
        )
        for a in history
    )
    indicators = []
    for ind in commitment.indicators:
        obs_sorted = sorted(
            (o for o in ind.observations if as_of is None or o.as_of.on_or_before(as_of)),
            key=lambda o: o.as_of,
        )
        points = [charts.Point(o.as_of, o.value, o.low, o.high, o.qualifier) for o in obs_sorted]
        better = "higher" if ind.direction.value == "higher" else "lower"
        chart = (
            charts.indicator_chart(points, title=ind.title, unit=ind.unit, better=better)
            if len(points) > 1 or any(p.value is None for p in points)
            else None
        )
        obs_views = tuple(
            ObservationView(
                date=date_short(o.as_of),
                value=_obs_value(o.value, o.low, o.high, o.qualifier),
                note=o.note or "",
                quotes=notes.quotes(o.evidence),
            )
            for o in obs_sorted
        )
        indicators.append(
            IndicatorView(
                ind.title, ind.unit, better, ind.kind.value, ind.description or "", chart, obs_views
            )
        )
    status_badge = badges[cr.status] if cr.status in badges else Badge("Not assessed", "lv-missing")
    return CommitmentView(
        anchor=anchor,
        title=clip(cr.title, SHORT_TEXT),
        promise=clip(commitment.promise, LONG_TEXT),
        party=cr.party.label,
        badge=status_badge,
        score=score(cr.score),
        grade=cr.grade or display.MISSING,
        last_assessed=date_short(cr.as_of, missing="never"),
        trend=trend,
        trend_text=trend_text,
        sources=cr.sources,
        effective_weight=percent(cr.effective_weight),
        stated_in=stated,
        assessments=assessments,
        indicators=tuple(indicators),
    )


def _obs_value(
    value: float | None, low: float | None, high: float | None, qualifier: str | None
) -> str:
    qual = f"{qualifier} " if qualifier else ""
    if value is not None:
        return f"{qual}{number(value)}"
    return f"{qual}{number(low)}\u2013{number(high)}"


def _findings(result: Result, programme: Programme, analyses: Analyses) -> tuple[str, ...]:
    found: list[str] = []
    assessed = [
        c for p in result.pillars if p.in_framework for c in p.commitments if c.score is not None
    ]
    if assessed:
        best = max(assessed, key=lambda c: c.score or 0.0)
        worst = min(assessed, key=lambda c: c.score or 0.0)
        found.append(
            f"Strongest commitment: \u201c{clip(best.title, SHORT_TEXT)}\u201d "
            f"({best.party.label}), rated "
            f"{(best.status_label or '').lower()} as of {date_long(best.as_of)}."
        )
        if worst.id != best.id:
            found.append(
                f"Weakest commitment: \u201c{clip(worst.title, SHORT_TEXT)}\u201d "
                f"({worst.party.label}), rated "
                f"{(worst.status_label or '').lower()} as of {date_long(worst.as_of)}."
            )
    if len(analyses.timeline) > 1:
        first, last = analyses.timeline[0], analyses.timeline[-1]
        moves = []
        for pr in last.pillars:
            if not pr.in_framework:
                continue
            try:
                before = first.pillar(pr.id)
            except KeyError:
                continue
            if before.score is not None and pr.score is not None:
                moves.append((pr.score - before.score, pr, before))
        if moves:
            change, pr, before = max(moves, key=lambda m: abs(m[0]))
            if abs(change) >= 0.05:
                word = "rose" if change > 0 else "fell"
                found.append(
                    f"Biggest change: {clip(pr.title, SHORT_TEXT)} {word} "
                    f"{delta(abs(change)).lstrip('+')} points "
                    f"between {date_long(first.provenance.as_of, 'the start')} and "
                    f"{date_long(last.provenance.as_of, 'the latest data')} "
                    f"({before.grade} to {pr.grade})."
                )
    outputs_only = [clip(p.title, SHORT_TEXT) for p in result.pillars if p.outputs_only]
    if outputs_only:
        names = "; ".join(outputs_only)
        verb = "rests" if len(outputs_only) == 1 else "rest"
        found.append(
            f"Outputs, not outcomes: {names} {verb} on evidence of activity alone; none of "
            "its evidence shows a change in outcomes."
        )
    missing = [c for p in result.pillars for c in p.commitments if c.score is None]
    if missing and len(found) < 5:
        found.append(
            f"{len(missing)} of {sum(len(p.commitments) for p in result.pillars)} commitments "
            f"have no assessment yet; the overall grade covers {percent(result.overall.coverage)} "
            "of the weight."
        )
    robust = analyses.robustness
    if robust is not None and result.overall.grade is not None and len(found) < 5:
        share = robust.overall.grades.get(result.overall.grade, 0.0)
        qualifier = "robust" if share >= 0.8 else ("fragile" if share < 0.6 else "fairly robust")
        found.append(
            f"The overall grade {result.overall.grade} is {qualifier}: it holds in "
            f"{percent(share)} of plausible weightings."
        )
    return tuple(found[:5])


def _change_view(change: Change) -> ChangeView:
    before = date_long(change.before, "the start")
    after = date_long(change.after, "the latest data")
    if change.overall_after is None:
        summary = "No commitment counted in the overall score was assessed yet."
    elif change.overall_before is None:
        summary = f"The overall score is {_score_grade(change.overall_after, change.grade_after)}."
    else:
        diff = change.overall_after - change.overall_before
        summary = (
            f"The overall score went from {score(change.overall_before)} "
            f"({change.grade_before}) to {score(change.overall_after)} ({change.grade_after}), "
            f"{delta(diff)} points."
        )
    pillars = tuple(
        (
            pc.title,
            _score_grade(pc.before, pc.grade_before),
            _score_grade(pc.after, pc.grade_after),
            _score_change(pc.before, pc.after),
        )
        for pc in change.pillars
    )
    contributions = tuple(
        _contribution_view(c) for c in sorted(change.contributions, key=lambda c: -abs(c.overall))
    )
    return ChangeView(f"From {before} to {after}", summary, pillars, contributions, change.note)


def _score_grade(value: float | None, grade: str | None) -> str:
    """``"12.5 (D)"``, or ``"not assessed"``."""
    if value is None:
        return "not assessed"
    return f"{score(value)} ({grade})" if grade else score(value)


def _score_change(before: float | None, after: float | None) -> str:
    if before is not None and after is not None:
        return delta(after - before)
    if after is not None:
        return "first assessed"
    if before is not None:
        return "no longer assessed"
    return display.MISSING


# What a change of a pillar as a whole is called in the "What changed" tables.
_PILLAR_CHANGE = {
    "pillar-entered": "Pillar first assessed (enters the overall score)",
    "pillar-left": "Pillar no longer assessed (leaves the overall score)",
    "pillar-reweighted": (
        "Pillar's share of the overall score changed (other pillars entered or left)"
    ),
}


def _contribution_view(c: Contribution) -> ContributionView:
    direction = "up" if c.overall > 0 else ("down" if c.overall < 0 else "steady")
    if c.kind == "commitment":
        return ContributionView(
            c.title,
            c.pillar,
            c.before or "not assessed",
            c.after or "not assessed",
            delta(c.overall),
            direction,
        )
    return ContributionView(
        _PILLAR_CHANGE.get(c.kind, c.kind),
        c.pillar,
        "not assessed" if c.score_before is None else f"pillar {score(c.score_before)}",
        "not assessed" if c.score_after is None else f"pillar {score(c.score_after)}",
        delta(c.overall),
        direction,
    )


def _methodology(
    result: Result,
    programme: Programme,
    badges: dict[str, Badge],
    grades: Sequence[str],
    robust: Robustness | None,
) -> Methodology:
    levels = tuple(
        LevelView(
            lv.label,
            "missing" if lv.value is None else number(round(lv.value * 100, 2)),
            lv.meaning,
            badges[lv.id],
        )
        for lv in reversed(programme.scale.levels)
    )
    bands = tuple(
        BandView(b.grade, _grade_css(b.grade, grades), _band_range(b.min, b.max), b.meaning or "")
        for b in programme.grades.bands
    )
    prov = result.provenance
    rows: list[WeightRow] = []
    for pr in result.pillars:
        rows.append(
            WeightRow(
                clip(pr.title, SHORT_TEXT),
                percent(pr.weight),
                percent(pr.effective_weight),
                "pillar",
            )
        )
        for cr in pr.commitments:
            rows.append(
                WeightRow(
                    clip(cr.title, SHORT_TEXT),
                    percent(cr.weight),
                    percent(cr.effective_weight),
                    "commitment",
                )
            )
    try:
        weighting = programme.weighting(prov.weighting)
        w_label, w_rationale = weighting.label, weighting.rationale
    except KeyError:
        w_label = "Equal weights" if prov.weighting == "equal" else prov.weighting
        w_rationale = (
            "Every pillar, and every commitment within its pillar, weighs the same."
            if prov.weighting == "equal"
            else "Weights supplied by the user for this report."
        )
    methods = tuple(
        (level.capitalize(), _METHOD_TEXT.get(method, method))
        for level, method in prov.methods.items()
    )
    if robust is not None:
        sens = (
            f"{robust.setup} {robust.draws:,} draws with seed {robust.seed}; a grade's "
            "robustness is the share of draws in which it is unchanged, and the whiskers on "
            "the summary chart span the 5th to the 95th percentile of the scores."
        )
    else:
        sens = "No sensitivity analysis was run for this report."
    pick = {
        "mid": "the midpoint of the range",
        "low": "its low end",
        "high": "its high end",
    }.get(prov.indicator_pick, prov.indicator_pick)
    return Methodology(
        levels=levels,
        bands=bands,
        weighting=w_label,
        weighting_rationale=w_rationale,
        weights=tuple(rows),
        methods=methods,
        missing=_MISSING_TEXT.get(prov.missing, prov.missing),
        sensitivity=sens,
        indicator_pick=f"Where an observation is a range, scoring uses {pick}.",
        digest=prov.dataset_digest,
        version=prov.library_version,
    )
