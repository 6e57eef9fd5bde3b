"""The report's view model: what the templates print, checked on the Mérida report."""

from __future__ import annotations

import functools

import attrs
import report_support as rs
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.model import Programme
from scorecard.report.analyses import Contribution
from scorecard.report.messages import builtin_messages
from scorecard.report.view import (
    CommitmentView,
    Footnote,
    PillarView,
    Quote,
    Report,
    _context,
    _contribution_view,
    _pillar_view,
    build,
    number_notes,
)


def test_what_changed_names_what_happened_to_a_pillar() -> None:
    report = build(rs.merida_result(), rs.merida_analyses())
    assert report.changes
    cells = [cell for ch in report.changes for row in ch.pillars for cell in row]
    assert "n/a (n/a)" not in cells
    assert "not assessed" in cells
    assert "first assessed" in cells  # the change column of a pillar assessed for the first time
    rows = [c for ch in report.changes for c in ch.contributions]
    assert all("\u2013" not in (c.before, c.after) for c in rows)
    entered = [c for c in rows if c.title.startswith("Pillar first assessed")]
    assert entered
    for c in entered:
        assert c.before == "not assessed"
        assert c.after.startswith("pillar ")
        assert c.pillar  # which pillar it is, printed under the label


def test_every_kind_of_pillar_change_has_its_own_words() -> None:
    ctx = _context(rs.example_result(), rs.example_analyses(), builtin_messages())

    def row(kind: str, before: float | None, after: float | None) -> tuple[str, str, str]:
        c = Contribution("", "P", "Pillar P", None, None, 1.5, 0.0, kind, before, after)
        v = _contribution_view(ctx, c)
        return v.title, v.before, v.after

    assert row("pillar-entered", None, 20.0) == (
        "Pillar first assessed (enters the overall score)",
        "not assessed",
        "pillar 20.0",
    )
    assert row("pillar-left", 20.0, None)[0].startswith("Pillar no longer assessed")
    assert row("pillar-left", 20.0, None)[2] == "not assessed"
    assert "other pillars" in row("pillar-reweighted", 20.0, 25.0)[0]
    commitment = Contribution("c", "Do it", "Pillar P", None, "Limited", 0.7, 2.0)
    view = _contribution_view(ctx, commitment)
    assert (view.title, view.before, view.after) == ("Do it", "not assessed", "Limited")


# -- footnotes: numbered by a pure pass over the finished view ---------------------


def _all_notes(report: Report) -> list[Footnote]:
    """Every quote's note, in the order the report prints the quotes."""
    return [
        q.note
        for p in report.pillars
        for c in p.commitments
        for q in (
            *c.stated_in,
            *(q for a in c.assessments for q in a.quotes),
            *(q for ind in c.indicators for o in ind.observations for q in o.quotes),
        )
    ]


@functools.cache
def _merida() -> Report:
    return build(rs.merida_result(), rs.merida_analyses())


def test_notes_are_numbered_in_print_order_and_listed_under_their_pillar() -> None:
    report = _merida()
    notes = _all_notes(report)
    assert len(notes) == MERIDA_NOTES  # the Mérida report's quotes
    assert [n.number for n in notes] == list(range(1, MERIDA_NOTES + 1))
    for p in report.pillars:  # each pillar lists its own notes, and only those
        assert list(p.notes) == _all_notes_of(p)
    anchors = {s.anchor for s in report.sources}
    assert all(n.source_anchor in anchors for n in notes)


def test_numbering_twice_changes_nothing() -> None:
    report = _merida()
    assert number_notes(report) == report


def _scrambled(report: Report, order: list[int]) -> Report:
    """``report`` with its notes renumbered by ``order`` and the pillars' lists emptied."""
    numbers = iter(order)

    def renumber(quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
        return tuple(
            attrs.evolve(q, note=attrs.evolve(q.note, number=next(numbers))) for q in quotes
        )

    def commitment(c: CommitmentView) -> CommitmentView:
        stated = renumber(c.stated_in)
        assessments = tuple(attrs.evolve(a, quotes=renumber(a.quotes)) for a in c.assessments)
        indicators = tuple(
            attrs.evolve(
                ind,
                observations=tuple(
                    attrs.evolve(o, quotes=renumber(o.quotes)) for o in ind.observations
                ),
            )
            for ind in c.indicators
        )
        return attrs.evolve(c, stated_in=stated, assessments=assessments, indicators=indicators)

    pillars = []
    for p in report.pillars:
        groups = tuple(
            attrs.evolve(g, commitments=tuple(commitment(c) for c in g.commitments))
            for g in p.groups
        )
        pillars.append(attrs.evolve(p, groups=groups, notes=()))
    return attrs.evolve(report, pillars=tuple(pillars))


def _quotes_printed(programme: Programme) -> int:
    """What the report footnotes: every commitment's promise quotes, assessment evidence
    and observation evidence."""
    return sum(
        len(c.stated_in)
        + sum(len(a.evidence) for a in c.assessments)
        + sum(len(o.evidence) for ind in c.indicators for o in ind.observations)
        for _, c in programme.commitments()
    )


MERIDA_NOTES = _quotes_printed(scorecard.load(rs.MERIDA))


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(MERIDA_NOTES)))
def test_numbers_depend_only_on_where_a_quote_stands(order: list[int]) -> None:
    """Whatever numbers the notes carry before the pass (here: any permutation, and no
    pillar lists), the pass gives the same numbers."""
    report = _merida()
    scrambled = _scrambled(report, order)
    assert [n.number for n in _all_notes(scrambled)] == order
    assert number_notes(scrambled) == report


def test_building_the_pillars_in_another_order_gives_the_same_numbers() -> None:
    """The builders leave the notes unnumbered; building the last pillar first (or in any
    order) and numbering afterwards gives the report that :func:`build` gives."""
    result, report = rs.merida_result(), _merida()
    ctx = _context(result, rs.merida_analyses(), builtin_messages())
    backwards = {i: _pillar_view(ctx, i, pr) for i, pr in reversed(list(enumerate(result.pillars)))}
    assert {n.number for p in backwards.values() for n in _all_notes_of(p)} == {0}
    pillars = tuple(backwards[i] for i in range(len(result.pillars)))
    assert number_notes(attrs.evolve(report, pillars=pillars)) == report


def _all_notes_of(pillar: PillarView) -> list[Footnote]:
    return _all_notes(attrs.evolve(_merida(), pillars=(pillar,)))


def test_a_commitment_read_only_without_findings_is_not_called_unassessed() -> None:
    # p3.controls has readings, all "no evidence": the finding says no source reports on
    # its delivery, not that it was never assessed, and agrees in number
    findings = _merida().findings
    assert any(
        f.startswith("1 of 21 commitments has no scored reading yet (no source reports on its")
        for f in findings
    ), findings
