"""The report's view model: everything the templates print, prepared in Python.

:func:`build` turns a :class:`~scorecard.result.Result` (with the programme it
scored) and its :class:`~scorecard.report.analyses.Analyses` into a
:class:`Report`. Templates only print its fields: no arithmetic, no lookups, no
decisions beyond ``if``/``for``. Every string here may come from the dataset and
is untrusted; the templates escape it.

How it is built: :func:`_context` computes once what every part needs (indexes by
id, the badges, the as-of date, the sentences); small builders, one per part of
the report, read only that context; then :func:`number_notes`, a pure pass over
the finished view, numbers the footnotes in the order the report prints them, so
no builder depends on the order in which another one ran. The words come from the
macros of ``_messages.txt.j2`` (:mod:`scorecard.report.messages`), so a template
directory can reword the report.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from scorecard import display
from scorecard.analysis import baseline_dates, renewed
from scorecard.dates import PartialDate
from scorecard.errors import RenderError
from scorecard.model import Citation, Commitment, Indicator, Pillar, Programme, Source
from scorecard.reliability import TARGET
from scorecard.report import charts, front
from scorecard.report.analyses import Analyses, Change, Contribution, GradeOdds
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
from scorecard.report.messages import Messages, builtin_messages
from scorecard.result import (
    CommitmentResult,
    Divergence,
    ObjectiveResult,
    PillarResult,
    Result,
    VerdictResult,
)

__all__ = ["LONG_TEXT", "SHORT_TEXT", "Report", "build", "clip", "number_notes", "report_date"]

# Dataset text longer than this is cut in the report (the full text stays in the
# dataset, which the PDF carries): a report is read, and a 100,000-character
# rationale would take minutes to lay out and dozens of pages to print.
LONG_TEXT = 3000
SHORT_TEXT = 300


def clip(text: str, limit: int, messages: Messages | None = None) -> str:
    """``text``, or its first ``limit`` characters and a note saying how much was cut
    (the ``cut_note`` of ``messages``, the built-in sentences by default)."""
    if len(text) <= limit:
        return text
    say = messages if messages is not None else builtin_messages()
    return f"{text[:limit]}\u2026 {say('cut_note', f'{len(text):,}')}"


# -- records the templates print -------------------------------------------------


@attrs.frozen(slots=True)
class Footnote:
    """A quote's note. The builders leave ``number`` at 0; :func:`number_notes`, a pass
    over the finished view, numbers the notes in the order the report prints them."""

    number: int
    text: str  # short: "Selee 2010, “Success or Failure?”"
    source_anchor: str


@attrs.frozen(slots=True)
class Quote:
    text: str
    kind: str
    note: Footnote
    cell: bool = False  # a cell of a table ("table T, row R, column C"), not a quotation
    translation: str | None = None  # the quote in the report's language, shown beside it


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
    date: str  # the period the figure measures
    known: str  # when it became known, where that differs from the period ("" otherwise)
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
    party: str  # every party's short label, for a table cell
    responsible: str  # every party's full label
    badge: Badge
    score: str
    grade: str
    last_assessed: str
    carried_forward: bool  # a later source reviewing its pillar did not renew the reading
    carried_note: str  # "last read ...; not renewed by ..." ("" when current)
    trend: str  # "up", "down", "steady", "new", "none"
    trend_text: str
    sources: int
    effective_weight: str
    stated_in: tuple[Quote, ...]
    assessments: tuple[AssessmentView, ...]
    indicators: tuple[IndicatorView, ...]
    from_indicators: bool = False  # scored from its indicators alone


@attrs.frozen(slots=True)
class VerdictView:
    """A source's own verdict on a pillar or the programme, beside the roll-up."""

    who: str  # "Selee (Dec 2010)"
    level: str  # the level's label
    grade: str
    grade_css: str
    quote: str
    cite: str  # the short citation of its source
    source_anchor: str
    rationale: str
    agreement: str  # "agree", "one-band", "divergent" or "none" (no roll-up to compare)
    agreement_text: str
    note: str  # the dataset's divergence note ("" when none)
    agreement_short: str = ""  # for a table cell: "agrees", "one band apart; reason given"
    quote_translation: str | None = None  # the quote in the report's language


@attrs.frozen(slots=True)
class CommitmentGroup:
    """The commitments of one objective of a pillar (``objective`` is ``None`` for a
    pillar without objectives, or for commitments that name none of them)."""

    objective: ObjectiveView | None
    commitments: tuple[CommitmentView, ...]


@attrs.frozen(slots=True)
class ObjectiveView:
    anchor: str
    title: str
    description: str
    score: str
    grade: str
    grade_css: str
    coverage: str
    weight: str  # its weight within the pillar


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
    coverage_split: str  # "current and carried forward" shares ("" when nothing is carried)
    weight: str
    robustness: str
    evidence_note: str
    outputs_only: bool
    trend: str
    verdict: VerdictView | None
    # its commitments, one group per objective (one group when it has none): each
    # commitment of the pillar stands in exactly one group
    groups: tuple[CommitmentGroup, ...]
    notes: tuple[Footnote, ...]

    @property
    def commitments(self) -> tuple[CommitmentView, ...]:
        """Every commitment of the pillar, in the order the report prints them."""
        return tuple(c for g in self.groups for c in g.commitments)

    @property
    def has_objectives(self) -> bool:
        return any(g.objective is not None for g in self.groups)


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
    verdict: VerdictView | None = None


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
    verdict: VerdictView | None = None


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
    level: str  # "pillar", "objective" or "commitment"


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
class ReliabilityRow:
    """One round of independent coding: who coded, how many units, and the alphas."""

    round: str
    coders: str
    units: str
    paired: str
    status: str  # ordinal alpha on levels
    coded: str  # nominal alpha on not coded / no evidence / scored
    kind: str  # nominal alpha on the evidence kind


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
    reliability: tuple[ReliabilityRow, ...] = ()
    reliability_target: str = ""


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


# -- the front pages (page 1: the verdict; page 2: every commitment at a glance) -------


@attrs.frozen(slots=True)
class GradeChoice:
    """One grade a row shows: its letter and colour class."""

    grade: str
    css: str


@attrs.frozen(slots=True)
class FrontRow:
    """A row of page 1's pillar table (or its "overall" row)."""

    anchor: str
    title: str
    grades: tuple[GradeChoice, ...]  # the grade, or "D or F" when robustness is low
    grade_note: str  # "D in 50% of plausible weightings" when robustness is low
    score: str
    axis: front.IntervalAxis
    axis_text: str  # the interval in words, printed for readers and screen readers
    change: str  # "−12.5", "0.0", "new" or ""
    change_kind: str  # "up", "down", "steady", "new" or "none"
    change_text: str  # "since December 2010"
    verdict: VerdictView | None
    confidence: str  # "high", "medium", "low" ("" when not scored)
    confidence_text: str  # what it rests on
    weight: str  # its share of the overall score
    overall: bool = False


@attrs.frozen(slots=True)
class StripChip:
    """One commitment in the status strip."""

    anchor: str
    title: str
    badge: Badge


@attrs.frozen(slots=True)
class StripGroup:
    """The commitments of one party (or of several parties together)."""

    party: str
    chips: tuple[StripChip, ...]
    counts: str  # "3 stalled or reversed, 2 limited"


@attrs.frozen(slots=True)
class GridCell:
    badge: Badge | None  # None: not assessed by that date
    carried: bool  # carried forward at that date
    text: str  # the cell in words (its title)


@attrs.frozen(slots=True)
class GridRow:
    anchor: str
    title: str
    party: str
    cells: tuple[GridCell, ...]


@attrs.frozen(slots=True)
class GridGroup:
    """The commitments of one objective of a pillar (``objective`` empty when none)."""

    pillar: str
    pillar_anchor: str
    objective: str
    counted: bool  # the pillar counts in the overall grade
    rows: tuple[GridRow, ...]


@attrs.frozen(slots=True)
class GridColumn:
    date: str
    baseline: bool


@attrs.frozen(slots=True)
class Front:
    """Page 1 and page 2: what they print, every number from the result."""

    headline: str
    grade_change: str  # "−5.9" ("" without an earlier date)
    grade_change_kind: str
    grade_change_text: str  # "since December 2010"
    rows: tuple[FrontRow, ...]  # the counted pillars, then the overall row
    outside: tuple[FrontRow, ...]  # pillars not counted in the overall grade
    outside_label: str
    key: str  # how to read the table's range and change columns
    confidence_rule: str
    strip: tuple[StripGroup, ...]
    strip_legend: tuple[Badge, ...]
    basis: tuple[str, ...]
    grid_columns: tuple[GridColumn, ...]
    grid: tuple[GridGroup, ...]
    grid_note: str


@attrs.frozen(slots=True)
class Report:
    meta: Meta
    overall_grade: str
    overall_grade_css: str
    overall_score: str
    overall_coverage: str
    overall_robustness: str
    overall_trend: str
    overall_verdict: VerdictView | None
    has_verdicts: bool  # some pillar, the overall or a party carries a source's verdict
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
    front: Front
    # "full": a page per commitment (quotes, history, indicators); "summary": pillar and
    # objective pages with compact commitment tables (see choose_detail)
    detail: str = "full"
    detail_note: str = ""


# -- the level of detail --------------------------------------------------------------

# Up to this many commitments a report prints every commitment in full; above it the
# PDF keeps to pillar and objective pages with compact tables (a report of a thousand
# commitment pages is not read), while the HTML and the attached dataset keep it all.
DETAIL_THRESHOLD = 150
DETAILS = ("auto", "full", "summary")


def choose_detail(detail: str, commitments: int) -> str:
    """``"full"`` or ``"summary"``: ``detail`` itself, or for ``"auto"`` full up to
    :data:`DETAIL_THRESHOLD` commitments and summary above it."""
    if detail not in DETAILS:
        raise RenderError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    if detail == "auto":
        return "full" if commitments <= DETAIL_THRESHOLD else "summary"
    return detail


# -- the context, computed once ----------------------------------------------------


def report_date(result: Result, programme: Programme) -> _dt.date:
    """The date a report is "as of", from the data: the as-of date of the result, else the
    latest date in the dataset (never the clock); the last day it can mean."""
    return report_as_of(result, programme).last


def report_as_of(result: Result, programme: Programme) -> PartialDate:
    """The as-of date as precise as the data gives it: the result's as-of date, else the
    latest date in the dataset. "December 2012" stays a month: printing its last day
    would claim a precision the sources do not have."""
    if result.provenance.as_of is not None:
        return result.provenance.as_of
    dates: list[PartialDate] = [s.published for s in programme.sources]
    for _, c in programme.commitments():
        dates.extend(a.as_of for a in c.assessments)
        for ind in c.indicators:
            dates.extend(o.as_of for o in ind.observations)
    if not dates:
        return PartialDate(1970, 1, 1)
    return max(dates)


@attrs.frozen(slots=True, eq=False)
class _Context:
    """What every builder reads: the inputs, indexes by id and what is derived once."""

    result: Result
    programme: Programme
    analyses: Analyses
    say: Messages
    grade_classes: dict[str, str]  # grade -> its CSS class, "g-0" (best) .. "g-5"
    badges: dict[str, Badge]
    level_values: dict[str, float | None]  # status level id -> its value (None: missing)
    colours: dict[str, str]
    bands: tuple[tuple[str, float, float], ...]
    as_of_date: _dt.date
    as_of_text: str
    # the programme's own indexes (Programme.index), built once per programme
    pillars: Mapping[str, Pillar]
    commitments: Mapping[str, Commitment]
    sources: Mapping[str, Source]
    source_numbers: Mapping[str, int]
    citation_counts: dict[str, int]  # source id -> citations of it (absent: none)
    baseline: frozenset[PartialDate]  # the pre-programme dates (analysis.baseline_dates)
    # each result of the timeline, its pillars by id (for the trend lines and texts)
    timeline: tuple[tuple[Result, dict[str, PillarResult]], ...]
    # (source id, quote) -> its translation, for a localised programme (scorecard.localise)
    quote_translations: Mapping[tuple[str, str], str] = attrs.field(factory=dict)

    def clip(self, text: str, limit: int) -> str:
        return clip(text, limit, self.say)

    def grade_css(self, grade: str | None) -> str:
        return "g-none" if grade is None else self.grade_classes.get(grade, "g-none")

    def odds(self, odds: GradeOdds | None, grade: str | None) -> str:
        """How robust ``grade`` is, for a table cell; "" when not analysed."""
        if odds is None or grade is None:
            return ""
        return self.say("odds", grade, percent(odds.grades.get(grade, 0.0)))

    def score_grade(self, value: float | None, grade: str | None) -> str:
        """``"12.5 (D)"``, or ``"not assessed"``."""
        if value is None:
            return self.say("not_assessed")
        return self.say("score_grade", score(value), grade or "")


def grade_css(grade: str | None, grades: Sequence[str]) -> str:
    """The CSS class of a grade's colour (``g-<palette step>``, ``g-none`` when missing)."""
    step = display.grade_step(grade, grades)
    return "g-none" if step is None else f"g-{step}"


def _context(result: Result, analyses: Analyses, messages: Messages) -> _Context:
    programme = result.programme
    if programme is None:
        raise RenderError(
            "this result carries no programme (it was read back from JSON?): render the "
            "result of scorecard.score(programme, ...) so the report can cite the evidence"
        )
    index = programme.index
    grades = tuple(programme.grades.grades)
    as_of_partial = report_as_of(result, programme)
    as_of_date = as_of_partial.last
    as_of_text = date_long(as_of_partial)
    return _Context(
        result=result,
        programme=programme,
        analyses=analyses,
        say=messages,
        grade_classes={g: grade_css(g, grades) for g in grades},
        badges=_badges(programme),
        level_values={lv.id: lv.value for lv in programme.scale.levels},
        colours=charts.grade_colours(grades),
        bands=tuple((b.grade, b.min, b.max) for b in programme.grades.bands),
        as_of_date=as_of_date,
        as_of_text=as_of_text,
        pillars=index.pillars,
        commitments=index.commitments,
        sources=index.sources,
        source_numbers=index.source_numbers,
        citation_counts={s: len(cits) for s, cits in index.citations_by_source.items()},
        baseline=baseline_dates(programme),
        timeline=tuple((r, {p.id: p for p in r.pillars}) for r in analyses.timeline),
        quote_translations={
            (c.source, c.quote): c.translation
            for cits in index.citations_by_source.values()
            for _, c in cits
            if c.translation is not None and c.quote is not None
        },
    )


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


# -- the report, from its parts ----------------------------------------------------


def build(
    result: Result,
    analyses: Analyses,
    *,
    paper: str = "a4",
    messages: Messages | None = None,
    detail: str = "full",
) -> Report:
    """The view model of a report on ``result``.

    ``messages``: the report's sentences (those of a template directory); the built-in
    ones by default. ``detail``: ``"full"``, ``"summary"`` or ``"auto"``
    (:func:`choose_detail`).
    """
    ctx = _context(result, analyses, messages if messages is not None else builtin_messages())
    pillars = tuple(_pillar_view(ctx, index, pr) for index, pr in enumerate(result.pillars))
    robust = analyses.robustness
    overall = result.overall
    overall_verdict = _verdict_view(ctx, overall.verdict, overall.divergence)
    parties = _party_views(ctx)
    report = Report(
        meta=_meta(ctx, paper),
        overall_grade=overall.grade or ctx.say("no_grade"),
        overall_grade_css=ctx.grade_css(overall.grade),
        overall_score=score(overall.score),
        overall_coverage=percent(overall.coverage),
        overall_robustness=ctx.odds(robust.overall if robust else None, overall.grade),
        overall_trend=_timeline_text(ctx, None),
        overall_verdict=overall_verdict,
        has_verdicts=(
            overall_verdict is not None
            or any(p.verdict is not None for p in pillars)
            or any(pa.verdict is not None for pa in parties)
        ),
        sources_count=len(ctx.programme.sources),
        commitments_count=sum(len(p.commitments) for p in result.pillars),
        findings=_findings(ctx),
        summary=tuple(
            _summary_row(ctx, pr, view) for pr, view in zip(result.pillars, pillars, strict=True)
        ),
        pillar_chart=_pillar_chart(ctx),
        trend_chart=_trend_chart(ctx),
        pillars=pillars,
        changes=tuple(_change_view(ctx, ch) for ch in analyses.changes),
        parties=parties,
        party_chart=_party_chart(ctx),
        methodology=_methodology(ctx),
        sources=tuple(_source_view(ctx, s) for s in ctx.programme.sources),
        grade_legend=_band_views(ctx),
        front=_front(ctx, pillars, overall_verdict),
    )
    count = report.commitments_count
    chosen = choose_detail(detail, count)
    if chosen == "summary":
        note = ctx.say("detail_summary", count, DETAIL_THRESHOLD if detail == "auto" else None)
        report = attrs.evolve(report, detail=chosen, detail_note=note)
    return number_notes(report)


def _meta(ctx: _Context, paper: str) -> Meta:
    programme = ctx.programme
    return Meta(
        title=ctx.say("report_title", programme.title, ctx.as_of_text),
        subtitle=ctx.say("report_subtitle", ctx.as_of_text),
        programme=programme.title,
        description=ctx.clip(programme.description, LONG_TEXT),
        authors=programme.authors,
        keywords=programme.keywords,
        as_of=ctx.as_of_text,
        date_iso=ctx.as_of_date.isoformat(),
        paper=paper,
        lang="en",
    )


def _short_title(ctx: _Context, pillar_id: str, title: str) -> str:
    """A pillar's short title, for charts and tables (its title when it has none)."""
    return ctx.pillars[pillar_id].short_title or title


def _summary_row(ctx: _Context, pr: PillarResult, view: PillarView) -> SummaryRow:
    return SummaryRow(
        view.anchor,
        ctx.clip(_short_title(ctx, pr.id, pr.title), SHORT_TEXT),
        view.grade,
        view.grade_css,
        view.score,
        view.coverage,
        view.robustness,
        view.trend,
        view.verdict,
    )


def _band_views(ctx: _Context) -> tuple[BandView, ...]:
    return tuple(
        BandView(b.grade, ctx.grade_css(b.grade), _band_range(b.min, b.max), b.meaning or "")
        for b in ctx.programme.grades.bands
    )


def _band_range(low: float, high: float) -> str:
    top = "100" if high >= 100 else f"under {number(high)}"
    return f"{number(low)} to {top}"


def _source_view(ctx: _Context, s: Source) -> SourceView:
    number_ = ctx.source_numbers[s.id]
    return SourceView(
        anchor=f"src-{number_}",
        number=number_,
        authors=", ".join(s.authors) if s.authors else ctx.say("author_not_stated"),
        title=ctx.clip(s.title, SHORT_TEXT),
        publisher=s.publisher or "",
        published=date_long(s.published),
        kind=s.kind,
        sha256=s.sha256,
        citations=ctx.citation_counts.get(s.id, 0),
        url=s.url or "",
        notes=s.notes or "",
    )


# -- charts and parties ------------------------------------------------------------


def _pillar_chart(ctx: _Context) -> charts.Chart:
    robust = ctx.analyses.robustness
    bars: list[charts.Bar] = []
    for pr in ctx.result.pillars:
        odds = robust.pillars.get(pr.id) if robust else None
        bars.append(
            charts.Bar(
                _short_title(ctx, pr.id, pr.title),
                pr.score,
                pr.grade,
                odds.p05 if odds else None,
                odds.p95 if odds else None,
            )
        )
    overall = robust.overall if robust else None
    bars.append(
        charts.Bar(
            ctx.say("chart_overall"),
            ctx.result.overall.score,
            ctx.result.overall.grade,
            overall.p05 if overall else None,
            overall.p95 if overall else None,
            emphasis=True,
        )
    )
    return charts.score_bars(bars, ctx.bands, ctx.colours, title=ctx.say("chart_pillars"))


def _trend_chart(ctx: _Context) -> charts.Chart | None:
    """Scores at each as-of date of the evidence; none when there is only one. A value
    that no new reading renewed is reached by a dashed segment; the pre-programme
    baseline's dates stand apart from the line."""
    if len(ctx.timeline) <= 1:
        return None
    undated = PartialDate(ctx.as_of_date.year)

    def when(r: Result) -> PartialDate:
        return r.provenance.as_of or undated

    series = [
        charts.Series(
            ctx.say("chart_overall"),
            tuple((when(r), r.overall.score) for r, _ in ctx.timeline),
            emphasis=True,
            carried=frozenset(when(r) for r, _ in ctx.timeline if not renewed(r)),
        )
    ]
    for pr in ctx.result.pillars:
        pillar = ctx.pillars[pr.id]
        points = tuple(
            (when(r), by_id[pr.id].score if pr.id in by_id else None) for r, by_id in ctx.timeline
        )
        carried = frozenset(
            when(r) for r, by_id in ctx.timeline if pr.id in by_id and not renewed(r, pr.id)
        )
        series.append(charts.Series(pillar.short_title or pillar.title, points, carried=carried))
    words = charts.TrendWords(
        ctx.say("chart_baseline"), ctx.say("chart_baseline_unscored"), ctx.say("chart_carried")
    )
    return charts.trend_chart(
        series,
        title=ctx.say("chart_trend"),
        baseline=ctx.baseline,
        words=words,
    )


def _party_chart(ctx: _Context) -> charts.Chart:
    bars = [charts.Bar(pa.label, pa.score, pa.grade) for pa in ctx.result.parties]
    return charts.score_bars(
        bars, ctx.bands, ctx.colours, title=ctx.say("chart_parties"), label_width=140
    )


def _party_views(ctx: _Context) -> tuple[PartyView, ...]:
    """The party view, by the programme's declared parties (their labels come with the
    result); a party's own verdict is shown as it is, with no roll-up to compare."""
    return tuple(
        PartyView(
            pa.label,
            pa.grade or ctx.say("no_grade"),
            ctx.grade_css(pa.grade),
            score(pa.score),
            percent(pa.coverage),
            pa.commitments,
            _verdict_view(ctx, pa.verdict, None),
        )
        for pa in ctx.result.parties
    )


# -- the sources' own verdicts -------------------------------------------------------


def _verdict_view(
    ctx: _Context, verdict: VerdictResult | None, divergence: Divergence | None
) -> VerdictView | None:
    """A source's verdict beside a roll-up: who said it and when, the level, its quote,
    and whether the roll-up agrees, differs by one grade band or diverges."""
    if verdict is None:
        return None
    source = ctx.sources.get(verdict.source)
    who = (
        short_author(source.authors, source.publisher) or short_title(source.title)
        if source is not None
        else verdict.source
    )
    if divergence is None:
        agreement = "none"
    elif divergence.divergent:
        agreement = "divergent"
    elif divergence.bands_apart == 1:
        agreement = "one-band"
    else:
        agreement = "agree"
    number_ = ctx.source_numbers.get(verdict.source)
    return VerdictView(
        who=ctx.say("verdict_who", who, date_short(verdict.as_of)),
        level=verdict.level_label,
        grade=verdict.grade or ctx.say("no_grade"),
        grade_css=ctx.grade_css(verdict.grade),
        quote=ctx.clip(verdict.quote, LONG_TEXT),
        cite=cite(source) if source is not None else verdict.source,
        source_anchor=f"src-{number_}" if number_ is not None else "",
        rationale=ctx.clip(verdict.rationale, LONG_TEXT),
        agreement=agreement,
        agreement_text=ctx.say(
            "verdict_agreement",
            agreement,
            divergence.bands_apart if divergence is not None else 0,
            divergence.explained if divergence is not None else False,
        ),
        note=ctx.clip(verdict.note or "", LONG_TEXT),
        agreement_short=ctx.say(
            "verdict_agreement_short",
            agreement,
            divergence.bands_apart if divergence is not None else 0,
            bool(verdict.note) or (divergence.explained if divergence is not None else False),
        ),
        quote_translation=ctx.quote_translations.get((verdict.source, verdict.quote)),
    )


def _timeline_text(ctx: _Context, pillar_id: str | None) -> str:
    """A grade's history over the as-of dates (the overall grade's when ``pillar_id`` is
    ``None``), one point per date it was scored."""
    parts = []
    for r, by_id in ctx.timeline:
        if pillar_id is None:
            g, s = r.overall.grade, r.overall.score
        elif pillar_id in by_id:
            g, s = by_id[pillar_id].grade, by_id[pillar_id].score
        else:
            continue
        if s is None:
            continue
        when = date_long(r.provenance.as_of) if r.provenance.as_of else ""
        parts.append(ctx.say("timeline_point", when, g or ctx.say("no_grade"), score(s)))
    return ctx.say("timeline_separator").join(parts)


# -- pillars and commitments -------------------------------------------------------


def _pillar_view(ctx: _Context, index: int, pr: PillarResult) -> PillarView:
    """A pillar's section; its notes are listed by :func:`number_notes`."""
    pillar = ctx.pillars[pr.id]
    anchor = f"pillar-{index + 1}"
    robust = ctx.analyses.robustness
    number_text = str(index + 1) if pr.in_framework else "\u2013"
    running = (
        ctx.say("pillar_running", number_text, pillar.short_title or pr.title)
        if pr.in_framework
        else pr.title
    )
    return PillarView(
        anchor=anchor,
        number=number_text,
        title=ctx.clip(pr.title, SHORT_TEXT),
        description=ctx.clip(pillar.description, LONG_TEXT),
        in_framework=pr.in_framework,
        running=ctx.clip(running, SHORT_TEXT),
        score=score(pr.score),
        grade=pr.grade or ctx.say("no_grade"),
        grade_css=ctx.grade_css(pr.grade),
        coverage=percent(pr.coverage),
        coverage_split=_coverage_split(ctx, pr.coverage_current, pr.coverage_carried),
        weight=percent(pr.effective_weight),
        robustness=ctx.odds(robust.pillars.get(pr.id) if robust else None, pr.grade),
        evidence_note=_evidence_note(ctx, pr),
        outputs_only=pr.outputs_only,
        trend=_timeline_text(ctx, pr.id),
        verdict=_verdict_view(ctx, pr.verdict, pr.divergence),
        groups=_groups(ctx, pr, anchor),
        notes=(),
    )


def _coverage_split(ctx: _Context, current: float, carried: float) -> str:
    """How much of the assessed weight is current and how much carried forward; ""
    when nothing is carried forward."""
    if carried <= 0:
        return ""
    return ctx.say("coverage_split", percent(current), percent(carried))


def _groups(ctx: _Context, pr: PillarResult, anchor: str) -> tuple[CommitmentGroup, ...]:
    """A pillar's commitments, grouped under its objectives in their declared order
    (each in data order); commitments that name none of them follow, ungrouped. A
    commitment keeps its anchor (its place in the pillar's data order) whatever its
    group, so links do not move when objectives are added."""
    views = {
        cr.id: _commitment_view(ctx, cr, f"{anchor}-c{index + 1}")
        for index, cr in enumerate(pr.commitments)
    }
    groups: list[CommitmentGroup] = []
    placed: set[str] = set()
    for o_index, obj in enumerate(pr.objectives):
        members = tuple(
            views[cr.id] for cr in pr.commitments if cr.objective == obj.id and cr.id not in placed
        )
        placed.update(cr.id for cr in pr.commitments if cr.objective == obj.id)
        groups.append(
            CommitmentGroup(_objective_view(ctx, pr, obj, f"{anchor}-o{o_index + 1}"), members)
        )
    rest = tuple(views[cr.id] for cr in pr.commitments if cr.id not in placed)
    if rest or not groups:
        groups.append(CommitmentGroup(None, rest))
    return tuple(groups)


def _objective_view(
    ctx: _Context, pr: PillarResult, obj: ObjectiveResult, anchor: str
) -> ObjectiveView:
    declared = {o.id: o for o in ctx.pillars[pr.id].objectives}
    model = declared.get(obj.id)
    return ObjectiveView(
        anchor=anchor,
        title=ctx.clip(obj.title, SHORT_TEXT),
        description=ctx.clip(model.description or "", LONG_TEXT) if model is not None else "",
        score=score(obj.score),
        grade=obj.grade or ctx.say("no_grade"),
        grade_css=ctx.grade_css(obj.grade),
        coverage=percent(obj.coverage),
        weight=percent(obj.weight),
    )


def _evidence_note(ctx: _Context, pr: PillarResult) -> str:
    if pr.score is None:
        state = "unassessed"
    elif pr.outputs_only:
        state = "outputs-only"
    elif pr.outcome_share is not None:
        state = "outcomes"
    else:
        state = ""
    return ctx.say("evidence_note", state, percent(pr.outcome_share))


def _quotes(ctx: _Context, citations: Iterable[Citation]) -> tuple[Quote, ...]:
    """The quotes of ``citations``, their notes not numbered yet (see :func:`number_notes`)."""
    return tuple(
        Quote(
            ctx.clip(cit.quote, LONG_TEXT) if cit.quote is not None else _cell(ctx, cit),
            cit.kind.value,
            Footnote(0, cite(ctx.sources[cit.source]), f"src-{ctx.source_numbers[cit.source]}"),
            cell=cit.quote is None,
            translation=cit.translation,
        )
        for cit in citations
    )


def _cell(ctx: _Context, cit: Citation) -> str:
    """Where a cell citation points: ``table <title>, row 2011, column total``."""
    title = short_title(ctx.sources[cit.source].title)
    return ctx.say("cell_citation", title, cit.row, cit.column)


def cite(source: Source) -> str:
    """A short footnote citation: who (author's surname, else a short publisher), year,
    short title: ``Selee 2010, “Success or Failure?”``. The full entry, with its
    checksum, is in the report's bibliography, which the footnote links to."""
    who = short_author(source.authors, source.publisher)
    title = f"\u201c{short_title(source.title)}\u201d"
    year = str(source.published.year)
    return f"{who} {year}, {title}" if who else f"{title}, {year}"


def _parties(ctx: _Context, ids: tuple[str, ...], *, short: bool = False) -> str:
    """The parties of a commitment by their labels ("A and B"), or their short labels
    where space is short (a table column)."""
    known = {p.id: p for p in ctx.programme.parties}
    labels = [(known[i].short if short else known[i].label) if i in known else i for i in ids]
    return ctx.say("party_list", labels)


def _commitment_view(ctx: _Context, cr: CommitmentResult, anchor: str) -> CommitmentView:
    commitment = ctx.commitments[cr.id]
    trend, trend_text = _trend(ctx, cr.history)
    badge = _status_badge(ctx, cr)
    return CommitmentView(
        anchor=anchor,
        title=ctx.clip(cr.title, SHORT_TEXT),
        promise=ctx.clip(commitment.promise, LONG_TEXT),
        party=_parties(ctx, cr.parties, short=True),
        responsible=_parties(ctx, cr.parties),
        badge=badge,
        score=score(cr.score),
        grade=cr.grade or ctx.say("no_grade"),
        last_assessed=date_short(cr.as_of, missing=ctx.say("never_assessed")),
        carried_forward=cr.carried_forward,
        carried_note=_carried_note(ctx, cr),
        trend=trend,
        trend_text=trend_text,
        sources=cr.sources,
        effective_weight=percent(cr.effective_weight),
        stated_in=_quotes(ctx, commitment.stated_in),
        assessments=_assessment_views(ctx, cr, commitment),
        indicators=tuple(_indicator_view(ctx, ind) for ind in commitment.indicators),
        from_indicators=cr.from_indicators,
    )


def _status_badge(ctx: _Context, cr: CommitmentResult) -> Badge:
    """The badge of a commitment's status; a commitment scored from its indicators
    alone (no usable assessment) has no status, and says so."""
    if cr.from_indicators:
        return Badge(ctx.say("status_from_indicators"), "lv-missing")
    return ctx.badges.get(cr.status or "") or Badge(ctx.say("status_not_assessed"), "lv-missing")


def _carried_note(ctx: _Context, cr: CommitmentResult) -> str:
    """ "last read <date>; not renewed by <sources>" for a carried-forward reading: the
    sources that reviewed its pillar after the reading (a scored assessment of one of
    its commitments or a verdict on it) and on or before the as-of date."""
    if not cr.carried_forward or cr.as_of is None:
        return ""
    later = _later_reviewers(ctx, cr.pillar, cr.as_of)
    names = [cite(ctx.sources[s]) for s in later if s in ctx.sources]
    return ctx.say("carried_note", date_long(cr.as_of), names)


def _later_reviewers(ctx: _Context, pillar_id: str, read: PartialDate) -> list[str]:
    """Ids of the sources that read pillar ``pillar_id`` after ``read`` (and on or before
    the as-of date), in the order of the bibliography."""
    as_of = ctx.result.provenance.as_of
    seen: set[str] = set()

    def counts(date: PartialDate) -> bool:
        return read < date and (as_of is None or date.on_or_before(as_of))

    for c in ctx.pillars[pillar_id].commitments:
        for a in c.assessments:
            if counts(a.as_of) and ctx.level_values.get(a.status) is not None:
                seen.update(cit.source for cit in a.evidence)
    for v in ctx.programme.verdicts:
        if v.scope == pillar_id and counts(v.as_of):
            seen.update(cit.source for cit in v.evidence)
    return sorted(seen, key=lambda s: ctx.source_numbers.get(s, 0))


def _trend(ctx: _Context, history: Sequence[tuple[PartialDate, str]]) -> tuple[str, str]:
    """The trend of a commitment and its text for a table cell (short dates)."""
    if not history:
        return "none", ctx.say("trend", "none", "")
    values = []
    for date, status in history:
        value = ctx.level_values[status]
        if value is not None:
            values.append((date, value))
    if not values:
        return "none", ctx.say("trend", "no-evidence", "")
    if len(values) == 1:
        return "new", ctx.say("trend", "new", date_short(values[0][0]))
    (d0, v0), (_d1, v1) = values[-2], values[-1]
    kind = "up" if v1 > v0 else ("down" if v1 < v0 else "steady")
    return kind, ctx.say("trend", kind, date_short(d0))


def _assessment_views(
    ctx: _Context, cr: CommitmentResult, commitment: Commitment
) -> tuple[AssessmentView, ...]:
    """The assessments on or before the as-of date, oldest first; ``current`` marks the
    one the score uses."""
    as_of = ctx.result.provenance.as_of
    history = sorted(
        (a for a in commitment.assessments if as_of is None or a.as_of.on_or_before(as_of)),
        key=lambda a: a.as_of,
    )
    return tuple(
        AssessmentView(
            date=date_long(a.as_of),
            badge=ctx.badges.get(a.status, Badge(a.status, "lv-missing")),
            rationale=ctx.clip(a.rationale, LONG_TEXT),
            quotes=_quotes(ctx, a.evidence),
            current=(a.as_of == cr.as_of and a.status == cr.status),
        )
        for a in history
    )


def _indicator_view(ctx: _Context, ind: Indicator) -> IndicatorView:
    """An indicator's observations known on or before the as-of date, ordered by the
    period they measure (then by when they became known). The chart places each figure
    at its period; where several figures measure one period, it shows the latest known."""
    as_of = ctx.result.provenance.as_of
    observations = sorted(
        (o for o in ind.observations if as_of is None or o.as_of.on_or_before(as_of)),
        key=lambda o: (o.measured, o.as_of),
    )
    latest = {o.measured: o for o in observations}  # sorted: the last known per period wins
    points = [
        charts.Point(o.measured, o.value, o.low, o.high, o.qualifier, known=o.as_of)
        for o in latest.values()
    ]
    better = "higher" if ind.direction.value == "higher" else "lower"
    chart = (
        charts.indicator_chart(points, title=ind.title, unit=ind.unit, better=better)
        if len(points) > 1 or any(p.value is None for p in points)
        else None
    )
    views = tuple(
        ObservationView(
            date=date_short(o.measured),
            known="" if o.period is None else ctx.say("observation_known", date_short(o.as_of)),
            value=_obs_value(o.value, o.low, o.high, o.qualifier),
            note=o.note or "",
            quotes=_quotes(ctx, o.evidence),
        )
        for o in observations
    )
    return IndicatorView(
        ind.title, ind.unit, better, ind.kind.value, ind.description or "", chart, views
    )


def _obs_value(
    value: float | None, low: float | None, high: float | None, qualifier: str | None
) -> str:
    qual = f"{qualifier} " if qualifier else ""
    if value is not None:
        return f"{qual}{number(value)}"
    return f"{qual}{number(low)}\u2013{number(high)}"


# -- key findings ------------------------------------------------------------------


def _findings(ctx: _Context) -> tuple[str, ...]:
    """At most five findings, in this order: the overall score's path through the
    assessment dates, how each counted pillar moved since the previous date, how many
    commitments stand at the lowest and highest ratings, pillars graded on outputs alone,
    then (while there is room) what is missing and how robust the overall grade is.
    None of them picks one item out of several that a reader would see as tied: they
    count, or name every item of a small set."""
    line = front.trajectory(ctx.result, ctx.analyses.timeline, ctx.baseline)
    found = [*_path(ctx, line), *_pillar_moves(ctx, line), *_ratings(ctx), *_outputs_only(ctx)]
    if len(found) < 5:
        found.extend(_missing(ctx))
    if len(found) < 5:
        found.extend(_overall_robustness(ctx))
    return tuple(found[:5])


def _point_date(ctx: _Context, point: front.Point) -> str:
    return ctx.as_of_text if point.date is None else date_long(point.date)


def _path(ctx: _Context, line: front.Trajectory | None) -> Iterator[str]:
    """The overall score at each assessment date (baseline dates left out, and said
    so), where it peaked and how far it stands from the peak."""
    if line is None or len(line.points) < 2:
        return
    points = [(score(p.score), _point_date(ctx, p)) for p in line.points]
    baseline = [
        date_long(r.provenance.as_of)
        for r in ctx.analyses.timeline
        if r.provenance.as_of is not None and front.is_baseline(r, ctx.baseline)
    ]
    below = line.current.score - line.peak.score
    yield ctx.say(
        "finding_path",
        points,
        [_point_date(ctx, p) for p in line.peaks],
        score(line.peak.score),
        line.current in line.peaks,
        _points(below)[1],
        baseline,
    )


def _pillar_moves(ctx: _Context, line: front.Trajectory | None) -> Iterator[str]:
    """Every counted pillar's change since the previous assessment date, largest first
    (pillars that did not move, as shown, are named together)."""
    if line is None or line.previous is None:
        return
    moved = front.moves(ctx.result, line.previous.result)
    if not moved:
        return
    changes = sorted(
        (m for m in moved if _points(m.change)[0] != "unchanged"), key=lambda m: -abs(m.change)
    )
    still = [m for m in moved if _points(m.change)[0] == "unchanged"]
    yield ctx.say(
        "finding_pillar_moves",
        date_long(line.previous.date),
        [
            (
                _short_title(ctx, m.pillar, m.pillar),
                delta(m.change),
                score(m.before),
                score(m.after),
            )
            for m in changes
        ],
        [_short_title(ctx, m.pillar, m.pillar) for m in still],
    )


def _ratings(ctx: _Context) -> Iterator[str]:
    """How many commitments stand at the lowest scored level and at the highest level
    any of them reached; the latter named when there are at most three of them."""
    scored = [
        (c, ctx.level_values[c.status])
        for p in ctx.result.pillars
        for c in p.commitments
        if c.status is not None and ctx.level_values.get(c.status) is not None
    ]
    if not scored:
        return
    total = sum(len(p.commitments) for p in ctx.result.pillars)
    levels = [lv for lv in ctx.programme.scale.levels if lv.value is not None]
    lowest = min(levels, key=lambda lv: lv.value or 0.0)
    top_value = max(v or 0.0 for _, v in scored)
    top = [c for c, v in scored if v == top_value]
    top_label = ctx.programme.scale.level(top[0].status or "").label
    at_lowest = [c for c, v in scored if v == lowest.value]
    yield ctx.say(
        "finding_ratings",
        ctx.as_of_text,
        len(at_lowest),
        total,
        lowest.label.lower(),
        len(top),
        top_label.lower(),
        [ctx.clip(c.title, SHORT_TEXT) for c in top] if len(top) <= 3 else [],
        top_value == lowest.value,
    )


def _outputs_only(ctx: _Context) -> Iterator[str]:
    names = [ctx.clip(p.title, SHORT_TEXT) for p in ctx.result.pillars if p.outputs_only]
    if names:
        yield ctx.say("finding_outputs_only", "; ".join(names), len(names))


def _missing(ctx: _Context) -> Iterator[str]:
    pillars = ctx.result.pillars
    missing = sum(1 for p in pillars for c in p.commitments if c.score is None)
    if missing:
        total = sum(len(p.commitments) for p in pillars)
        yield ctx.say("finding_missing", missing, total, percent(ctx.result.overall.coverage))


def _overall_robustness(ctx: _Context) -> Iterator[str]:
    robust = ctx.analyses.robustness
    grade = ctx.result.overall.grade
    if robust is None or grade is None:
        return
    share = robust.overall.grades.get(grade, 0.0)
    qualifier = "robust" if share >= 0.8 else ("fragile" if share < 0.6 else "fairly")
    yield ctx.say("finding_robustness", grade, qualifier, percent(share))


# -- what changed ------------------------------------------------------------------


def _change_view(ctx: _Context, change: Change) -> ChangeView:
    before = date_long(change.before, ctx.say("change_start"))
    after = date_long(change.after, ctx.say("change_latest"))
    if change.overall_after is None:
        summary = ctx.say("change_none_assessed")
    elif change.overall_before is None:
        summary = ctx.say("change_first", ctx.score_grade(change.overall_after, change.grade_after))
    else:
        summary = ctx.say(
            "change_summary",
            score(change.overall_before),
            change.grade_before,
            score(change.overall_after),
            change.grade_after,
            delta(change.overall_after - change.overall_before),
        )
    pillars = tuple(
        (
            pc.title,
            ctx.score_grade(pc.before, pc.grade_before),
            ctx.score_grade(pc.after, pc.grade_after),
            _score_change(ctx, pc.before, pc.after),
        )
        for pc in change.pillars
    )
    contributions = tuple(
        _contribution_view(ctx, c)
        for c in sorted(change.contributions, key=lambda c: -abs(c.overall))
    )
    return ChangeView(
        ctx.say("change_heading", before, after), summary, pillars, contributions, change.note
    )


def _score_change(ctx: _Context, before: float | None, after: float | None) -> str:
    if before is not None and after is not None:
        return delta(after - before)
    if after is not None:
        return ctx.say("first_assessed")
    if before is not None:
        return ctx.say("no_longer_assessed")
    return ctx.say("no_change")


def _contribution_view(ctx: _Context, c: Contribution) -> ContributionView:
    direction = "up" if c.overall > 0 else ("down" if c.overall < 0 else "steady")
    not_assessed = ctx.say("not_assessed")
    if c.kind == "commitment":
        return ContributionView(
            c.title,
            c.pillar,
            c.before or not_assessed,
            c.after or not_assessed,
            delta(c.overall),
            direction,
        )
    label = ctx.say("pillar_change", c.kind)
    return ContributionView(
        label if c.kind.startswith("pillar") else f"{label}: {c.title}",
        c.pillar,
        _group_score(ctx, c.kind, c.score_before) or not_assessed,
        _group_score(ctx, c.kind, c.score_after) or not_assessed,
        delta(c.overall),
        direction,
    )


def _group_score(ctx: _Context, kind: str, value: float | None) -> str:
    """A pillar's (or, for an objective's change, an objective's) score in a change row;
    empty when there is none."""
    if value is None:
        return ""
    if kind.startswith("objective"):
        return ctx.say("objective_score", score(value))
    return ctx.say("pillar_score", score(value))


# -- methodology -------------------------------------------------------------------


def _methodology(ctx: _Context) -> Methodology:
    prov = ctx.result.provenance
    robust = ctx.analyses.robustness
    levels = tuple(
        LevelView(
            lv.label,
            ctx.say("level_missing") if lv.value is None else number(round(lv.value * 100, 2)),
            lv.meaning,
            ctx.badges[lv.id],
        )
        for lv in reversed(ctx.programme.scale.levels)
    )
    weighting, rationale = _weighting_text(ctx)
    methods = tuple(
        (ctx.say("method_level", level), ctx.say("method", method))
        for level, method in prov.methods.items()
        if level != "objectives" or prov.objective_weights  # only where there are objectives
    )
    sensitivity = (
        ctx.say("sensitivity", robust.setup, f"{robust.draws:,}", robust.seed)
        if robust is not None
        else ctx.say("no_sensitivity")
    )
    return Methodology(
        levels=levels,
        bands=_band_views(ctx),
        weighting=weighting,
        weighting_rationale=rationale,
        weights=_weight_rows(ctx),
        methods=methods,
        missing=ctx.say("missing_policy", prov.missing),
        sensitivity=sensitivity,
        indicator_pick=ctx.say("indicator_pick", prov.indicator_pick),
        digest=prov.dataset_digest,
        version=prov.library_version,
        reliability=_reliability_rows(ctx),
        reliability_target=display.format_alpha(TARGET),
    )


def _reliability_rows(ctx: _Context) -> tuple[ReliabilityRow, ...]:
    """Krippendorff's alpha of each round of the dataset's independent codings (none
    when the dataset keeps no codings)."""
    if not ctx.programme.codings:
        return ()
    from scorecard.reliability import agreement

    return tuple(
        ReliabilityRow(
            round=str(r.round),
            coders=", ".join(r.coders),
            units=str(r.overall.units),
            paired=str(r.overall.paired),
            status=display.format_alpha(r.overall.status),
            coded=display.format_alpha(r.overall.coded),
            kind=display.format_alpha(r.overall.kind),
        )
        for r in agreement(ctx.programme).rounds
    )


def _weighting_text(ctx: _Context) -> tuple[str, str]:
    """The weighting's label and rationale: the dataset's, else what the name says."""
    name = ctx.result.provenance.weighting
    try:
        weighting = ctx.programme.weighting(name)
    except KeyError:
        if name == "equal":
            return ctx.say("equal_weights"), ctx.say("equal_weights_rationale")
        return name, ctx.say("user_weights_rationale")
    return weighting.label, weighting.rationale


def _weight_rows(ctx: _Context) -> tuple[WeightRow, ...]:
    rows: list[WeightRow] = []
    for pr in ctx.result.pillars:
        rows.append(
            WeightRow(
                ctx.clip(pr.title, SHORT_TEXT),
                percent(pr.weight),
                percent(pr.effective_weight),
                "pillar",
            )
        )
        by_objective = {o.id: o for o in pr.objectives}
        shown: set[str] = set()
        for cr in _in_objective_order(pr):
            obj = by_objective.get(cr.objective or "")
            if obj is not None and obj.id not in shown:
                shown.add(obj.id)
                rows.append(
                    WeightRow(
                        ctx.clip(obj.title, SHORT_TEXT),
                        percent(obj.weight),
                        percent(obj.effective_weight),
                        "objective",
                    )
                )
            rows.append(
                WeightRow(
                    ctx.clip(cr.title, SHORT_TEXT),
                    percent(cr.weight),
                    percent(cr.effective_weight),
                    "commitment",
                )
            )
    return tuple(rows)


def _in_objective_order(pr: PillarResult) -> list[CommitmentResult]:
    """A pillar's commitments in the order the report groups them (see :func:`_groups`)."""
    order = {o.id: i for i, o in enumerate(pr.objectives)}
    return sorted(pr.commitments, key=lambda cr: order.get(cr.objective or "", len(order)))


# -- numbering: a pure pass over the finished view ---------------------------------


def number_notes(report: Report) -> Report:
    """``report`` with its footnotes numbered 1, 2, ... in the order the report prints
    its quotes, and each pillar's notes listed under it.

    A pure function of the finished view: the numbers depend only on where each quote
    stands (pillar, commitment; within a commitment: where the promise is stated, then
    each assessment, then each observation of each indicator), never on the numbers it
    already carries or on the order in which the parts were built. Numbering twice
    gives the same report.
    """
    pillars = []
    first = 1
    for p in report.pillars:
        numbered = _number_pillar(p, first)
        pillars.append(numbered)
        first += len(numbered.notes)
    return attrs.evolve(report, pillars=tuple(pillars))


def _number_pillar(p: PillarView, first: int) -> PillarView:
    groups = []
    for g in p.groups:
        commitments = []
        for c in g.commitments:
            commitments.append(_number_commitment(c, first))
            first += _quote_count(c)
        groups.append(attrs.evolve(g, commitments=tuple(commitments)))
    numbered = attrs.evolve(p, groups=tuple(groups))
    notes = tuple(q.note for c in numbered.commitments for q in _commitment_quotes(c))
    return attrs.evolve(numbered, notes=notes)


def _number_commitment(c: CommitmentView, first: int) -> CommitmentView:
    stated = _numbered(c.stated_in, first)
    first += len(stated)
    assessments = []
    for a in c.assessments:
        assessments.append(attrs.evolve(a, quotes=_numbered(a.quotes, first)))
        first += len(a.quotes)
    indicators = []
    for ind in c.indicators:
        observations = []
        for o in ind.observations:
            observations.append(attrs.evolve(o, quotes=_numbered(o.quotes, first)))
            first += len(o.quotes)
        indicators.append(attrs.evolve(ind, observations=tuple(observations)))
    return attrs.evolve(
        c, stated_in=stated, assessments=tuple(assessments), indicators=tuple(indicators)
    )


def _numbered(quotes: tuple[Quote, ...], first: int) -> tuple[Quote, ...]:
    return tuple(
        attrs.evolve(q, note=attrs.evolve(q.note, number=first + i)) for i, q in enumerate(quotes)
    )


def _commitment_quotes(c: CommitmentView) -> Iterator[Quote]:
    """A commitment's quotes in the order the report prints them."""
    yield from c.stated_in
    for a in c.assessments:
        yield from a.quotes
    for ind in c.indicators:
        for o in ind.observations:
            yield from o.quotes


def _quote_count(c: CommitmentView) -> int:
    return sum(1 for _ in _commitment_quotes(c))


# -- the front pages ---------------------------------------------------------------
# Page 1 is the verdict, page 2 every commitment at every assessment date. The facts
# (trajectory, movers, ties, the confidence rule) come from scorecard.report.front;
# here they are worded and formatted.


def _front(ctx: _Context, pillars: tuple[PillarView, ...], overall: VerdictView | None) -> Front:
    line = front.trajectory(ctx.result, ctx.analyses.timeline, ctx.baseline)
    previous = line.previous if line is not None else None
    views = {pr.id: v for pr, v in zip(ctx.result.pillars, pillars, strict=True)}
    rows = [_front_row(ctx, pr, views[pr.id], previous) for pr in ctx.result.pillars]
    counted = tuple(r for r, pr in zip(rows, ctx.result.pillars, strict=True) if pr.in_framework)
    outside = tuple(
        r for r, pr in zip(rows, ctx.result.pillars, strict=True) if not pr.in_framework
    )
    overall_row = _overall_row(ctx, overall, previous)
    change, kind, since = _change_cells(
        ctx, previous.score if previous else None, ctx.result.overall.score, previous
    )
    columns, grid = _grid(ctx)
    return Front(
        headline=_headline(ctx, line),
        grade_change=change,
        grade_change_kind=kind,
        grade_change_text=since,
        rows=(*counted, overall_row),
        outside=outside,
        outside_label=ctx.say(
            "outside_label",
            percent(sum(pr.effective_weight for pr in ctx.result.pillars if not pr.in_framework)),
        ),
        key=ctx.say("front_key", date_long(previous.date) if previous is not None else ""),
        confidence_rule=_confidence_rule(ctx),
        strip=_strip(ctx),
        strip_legend=tuple(ctx.badges[lv.id] for lv in reversed(ctx.programme.scale.levels)),
        basis=_basis(ctx),
        grid_columns=columns,
        grid=grid,
        grid_note=ctx.say("grid_note"),
    )


def _confidence_rule(ctx: _Context) -> str:
    return ctx.say(
        "confidence_rule",
        percent(front.HIGH_ROBUSTNESS),
        front.HIGH_SOURCES,
        percent(front.HIGH_CARRIED),
        percent(front.LOW_ROBUSTNESS),
        front.LOW_SOURCES,
        percent(front.LOW_CARRIED),
        percent(front.ROBUST_SHARE),
        percent(front.ALTERNATIVE_SHARE),
    )


def _change_cells(
    ctx: _Context, before: float | None, after: float | None, previous: front.Point | None
) -> tuple[str, str, str]:
    """A score's change since the previous assessment date: the signed points, its
    direction ("up", "down", "steady", "new", "none") and "since <date>"."""
    if previous is None or after is None:
        return "", "none", ""
    since = ctx.say("since", date_long(previous.date))
    if before is None:
        return ctx.say("first_assessed"), "new", since
    shown = delta(after - before)
    kind = "steady" if shown == delta(0.0) else ("up" if after > before else "down")
    return shown, kind, since


def _grades_shown(
    ctx: _Context, odds: GradeOdds | None, grade: str | None
) -> tuple[tuple[GradeChoice, ...], str]:
    grades = tuple(ctx.programme.grades.grades)
    shown = front.grade_alternatives(odds, grade, grades)
    choices = tuple(GradeChoice(g, ctx.grade_css(g)) for g in shown)
    if not choices:
        return (GradeChoice(ctx.say("no_grade"), ctx.grade_css(None)),), ""
    note = ctx.odds(odds, grade) if len(choices) > 1 else ""
    return choices, note


def _axis(
    ctx: _Context, value: float | None, odds: GradeOdds | None, title: str
) -> tuple[front.IntervalAxis, str]:
    low = odds.p05 if odds is not None else None
    high = odds.p95 if odds is not None else None
    text = (
        ctx.say("interval_text", score(value), score(low), score(high))
        if value is not None and low is not None and high is not None
        else ""
    )
    grades = tuple(ctx.programme.grades.grades)
    axis = front.interval_axis(
        ctx.bands,
        grades,
        value,
        low,
        high,
        ctx.say("interval_label", title, text),
        ctx.say("interval_desc"),
    )
    return axis, text


def _confidence_view(
    ctx: _Context,
    value: float | None,
    odds: GradeOdds | None,
    grade: str | None,
    sources: int,
    current: float,
    carried: float,
) -> tuple[str, str]:
    if value is None:
        return "", ""
    robust = odds.grades.get(grade or "", 0.0) if odds is not None else None
    c = front.confidence(robust, sources, front.carried_share(current, carried))
    return c.level, ctx.say(
        "confidence_text",
        c.level,
        "" if c.robustness is None else percent(c.robustness),
        c.sources,
        percent(c.carried),
        list(c.short),
    )


def _front_row(
    ctx: _Context, pr: PillarResult, view: PillarView, previous: front.Point | None
) -> FrontRow:
    robust = ctx.analyses.robustness
    odds = robust.pillars.get(pr.id) if robust else None
    grades, note = _grades_shown(ctx, odds, pr.grade)
    title = ctx.clip(_short_title(ctx, pr.id, pr.title), SHORT_TEXT)
    axis, axis_text = _axis(ctx, pr.score, odds, title)
    before = None
    if previous is not None:
        matching = [p for p in previous.result.pillars if p.id == pr.id]
        before = matching[0].score if matching else None
    change, kind, since = _change_cells(ctx, before, pr.score, previous)
    level, why = _confidence_view(
        ctx, pr.score, odds, pr.grade, pr.sources, pr.coverage_current, pr.coverage_carried
    )
    return FrontRow(
        anchor=view.anchor,
        title=title,
        grades=grades,
        grade_note=note,
        score=score(pr.score),
        axis=axis,
        axis_text=axis_text,
        change=change,
        change_kind=kind,
        change_text=since,
        verdict=view.verdict,
        confidence=level,
        confidence_text=why,
        weight=percent(pr.effective_weight),
    )


def _overall_row(
    ctx: _Context, verdict: VerdictView | None, previous: front.Point | None
) -> FrontRow:
    o = ctx.result.overall
    robust = ctx.analyses.robustness
    odds = robust.overall if robust else None
    grades, note = _grades_shown(ctx, odds, o.grade)
    title = ctx.say("chart_overall")
    axis, axis_text = _axis(ctx, o.score, odds, title)
    change, kind, since = _change_cells(
        ctx, previous.score if previous else None, o.score, previous
    )
    level, why = _confidence_view(
        ctx, o.score, odds, o.grade, o.sources, o.coverage_current, o.coverage_carried
    )
    return FrontRow(
        anchor="summary",
        title=title,
        grades=grades,
        grade_note=note,
        score=score(o.score),
        axis=axis,
        axis_text=axis_text,
        change=change,
        change_kind=kind,
        change_text=since,
        verdict=verdict,
        confidence=level,
        confidence_text=why,
        weight=percent(1.0),
        overall=True,
    )


def _headline(ctx: _Context, line: front.Trajectory | None) -> str:
    """The sentence a reader would quote: the level, the change since the previous
    assessment date and since the peak, what moved most, and the parties."""
    o = ctx.result.overall
    if line is None or o.score is None:
        return ctx.say("headline_none", ctx.programme.title, ctx.as_of_text)
    parts = [_headline_level(ctx, line)]
    if line.previous is not None:
        moved = front.largest_moves(ctx.result, line.previous.result)
        if 0 < len(moved) <= 3:
            parts.append(
                ctx.say(
                    "headline_mover",
                    [_short_title(ctx, m.pillar, m.pillar) for m in moved],
                    *_points(moved[0].change),
                    score(moved[0].before),
                    score(moved[0].after),
                    date_long(line.previous.date),
                )
            )
    parts.extend(_headline_parties(ctx))
    return " ".join(parts)


def _points(change: float) -> tuple[str, str]:
    """A change as its direction ("up", "down", "unchanged", as shown) and unsigned size."""
    shown = delta(change)
    if shown == delta(0.0):
        return "unchanged", shown
    return ("up" if change > 0 else "down"), delta(abs(change)).lstrip("+")


def _headline_level(ctx: _Context, line: front.Trajectory) -> str:
    current, previous, peak = line.current, line.previous, line.peak
    level = (
        ctx.programme.title,
        current.grade or ctx.say("no_grade"),
        score(current.score),
        ctx.as_of_text,
    )
    if previous is None:
        return ctx.say("headline_level", *level, "first", "", "", "", "", "", "", "")
    direction, points = _points(current.score - previous.score)
    if line.previous_is_peak:
        kind = "from-peak"
    elif line.current_is_peak:
        kind = "at-peak" if len(line.peaks) == 1 else "level-with-peak"
    else:
        kind = "below-peak"
    return ctx.say(
        "headline_level",
        *level,
        kind,
        direction,
        points,
        date_long(previous.date),
        score(previous.score),
        date_long(peak.date),
        score(peak.score),
        _points(current.score - peak.score)[1],
    )


def _headline_parties(ctx: _Context) -> Iterator[str]:
    lowest = front.lowest_parties(ctx.result)
    if not lowest:
        return
    scored = [p for p in ctx.result.parties if p.score is not None]
    names = [p.label for p in lowest]
    others = [
        ctx.say("party_score", p.label, score(p.score), p.grade or ctx.say("no_grade"))
        for p in scored
        if p not in lowest
    ]
    yield ctx.say(
        "headline_parties",
        names,
        len(lowest) == len(scored),
        score(lowest[0].score),
        lowest[0].grade or ctx.say("no_grade"),
        others,
    )


def _strip(ctx: _Context) -> tuple[StripGroup, ...]:
    """Every commitment as a chip of its status, grouped by who made it: each declared
    party alone, then each set of parties that share commitments, in declared order."""
    order = {p.id: i for i, p in enumerate(ctx.programme.parties)}
    groups: dict[tuple[str, ...], list[tuple[CommitmentResult, str]]] = {}
    for index, pr in enumerate(ctx.result.pillars):
        for c_index, cr in enumerate(pr.commitments):
            key = tuple(sorted(set(cr.parties), key=lambda p: (order.get(p, len(order)), p)))
            groups.setdefault(key, []).append((cr, f"pillar-{index + 1}-c{c_index + 1}"))
    out = []
    for key in sorted(groups, key=lambda k: (len(k), [order.get(p, len(order)) for p in k])):
        members = groups[key]
        chips = tuple(
            StripChip(
                anchor,
                ctx.clip(cr.title, SHORT_TEXT),
                _status_badge(ctx, cr),
            )
            for cr, anchor in members
        )
        tally = Counter(chip.badge.label for chip in chips)
        labels = [lv.label for lv in reversed(ctx.programme.scale.levels) if tally.get(lv.label)]
        labels += [label for label in tally if label not in labels]
        counts = ctx.say("strip_counts", [(tally[label], label) for label in labels])
        party = _parties(ctx, key, short=False) if key else ctx.say("no_party")
        out.append(StripGroup(ctx.say("strip_party", party, len(key), len(chips)), chips, counts))
    return tuple(out)


def _basis(ctx: _Context) -> tuple[str, ...]:
    """What the grades rest on, and their limits: the sources (how many, their kinds,
    languages and dates, which predate the programme), the coverage, how many readings
    are carried forward and how many rest on one source."""
    sources = ctx.programme.sources
    lines = []
    if sources:
        kinds = list(dict.fromkeys(s.kind for s in sources))
        languages = Counter(s.language for s in sources)
        lines.append(
            ctx.say(
                "basis_sources",
                len(sources),
                kinds,
                [
                    (n, ctx.say("language_name", tag or ""), tag is not None)
                    for tag, n in languages.most_common()
                ],
                date_long(min(s.published for s in sources)),
                date_long(max(s.published for s in sources)),
            )
        )
        baseline = [s for s in sources if s.baseline]
        if baseline:
            lines.append(
                ctx.say(
                    "basis_baseline",
                    [cite(s) for s in baseline],
                    [date_long(s.published) for s in baseline],
                )
            )
    o = ctx.result.overall
    readings = [
        c
        for p in ctx.result.pillars
        if p.in_framework
        for c in p.commitments
        if c.score is not None
    ]
    total = sum(len(p.commitments) for p in ctx.result.pillars if p.in_framework)
    carried = sum(1 for c in readings if c.carried_forward)
    single = sum(1 for c in readings if c.sources <= 1)
    lines.append(ctx.say("basis_coverage", len(readings), total, percent(o.coverage)))
    lines.append(
        ctx.say(
            "basis_carried",
            carried,
            len(readings),
            percent(front.carried_share(o.coverage_current, o.coverage_carried)),
        )
    )
    if readings:
        lines.append(ctx.say("basis_single", single, len(readings)))
    return tuple(lines)


def _grid(ctx: _Context) -> tuple[tuple[GridColumn, ...], tuple[GridGroup, ...]]:
    """Every commitment (by pillar and objective) with its status at each date of the
    timeline; a cell is marked when its reading was carried forward at that date."""
    timeline = ctx.analyses.timeline or (ctx.result,)
    columns = tuple(
        GridColumn(
            date_short(r.provenance.as_of, ctx.say("change_latest")),
            front.is_baseline(r, ctx.baseline),
        )
        for r in timeline
    )
    at = [{c.id: c for p in r.pillars for c in p.commitments} for r in timeline]
    groups: list[GridGroup] = []
    for index, pr in enumerate(ctx.result.pillars):
        anchor = f"pillar-{index + 1}"
        titles = {o.id: o.title for o in pr.objectives}
        position = {cr.id: i for i, cr in enumerate(pr.commitments)}
        for objective, members in _by_objective(pr):
            rows = tuple(
                GridRow(
                    f"{anchor}-c{position[cr.id] + 1}",
                    ctx.clip(cr.title, SHORT_TEXT),
                    _parties(ctx, cr.parties, short=True),
                    tuple(
                        _grid_cell(ctx, by_id.get(cr.id), col)
                        for by_id, col in zip(at, columns, strict=True)
                    ),
                )
                for cr in members
            )
            groups.append(
                GridGroup(
                    ctx.clip(_short_title(ctx, pr.id, pr.title), SHORT_TEXT),
                    anchor,
                    ctx.clip(titles.get(objective or "", ""), SHORT_TEXT),
                    pr.in_framework,
                    rows,
                )
            )
    return columns, tuple(groups)


def _by_objective(pr: PillarResult) -> list[tuple[str | None, list[CommitmentResult]]]:
    """A pillar's commitments by objective, in the order the report groups them."""
    out: dict[str | None, list[CommitmentResult]] = {}
    for cr in _in_objective_order(pr):
        known = cr.objective if any(o.id == cr.objective for o in pr.objectives) else None
        out.setdefault(known, []).append(cr)
    return list(out.items())


def _grid_cell(ctx: _Context, cr: CommitmentResult | None, column: GridColumn) -> GridCell:
    if cr is None or cr.status is None:
        return GridCell(None, False, ctx.say("grid_cell", "", column.date, False))
    badge = ctx.badges.get(cr.status) or Badge(cr.status_label or cr.status, "lv-missing")
    return GridCell(
        badge,
        cr.carried_forward,
        ctx.say("grid_cell", badge.label, column.date, cr.carried_forward),
    )
