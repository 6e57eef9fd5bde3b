"""The report's view model: what the templates print, checked on the Mérida report."""

from __future__ import annotations

import report_support as rs

from scorecard.report.analyses import Contribution
from scorecard.report.messages import builtin_messages
from scorecard.report.view import _context, _contribution_view, build


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
