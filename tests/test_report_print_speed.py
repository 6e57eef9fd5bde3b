"""The print rules that keep WeasyPrint fast stay in force (docs/performance.md).

Nothing is timed here (the benchmark does that): these tests read the styles WeasyPrint
computed for the example report's boxes. ``overflow-wrap: anywhere`` on body text makes
WeasyPrint lay a text out once per character to size a table column or a flex item
(a quarter of the Mérida PDF's time); a flex item with an automatic minimum size is
laid out twice more.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import report_support as rs

from scorecard.report.render import builtin_dir

TEXT_TAGS = {"p", "li", "td", "th", "blockquote", "dd"}
# classes whose long unbroken strings (URLs, digests) may break anywhere on purpose
BREAK_ANYWHERE = {"url", "hash"}
FLEX_ROWS = {"headline", "pillar-head", "commitment-meta"}


@pytest.fixture(scope="module")
def boxes() -> list[Any]:
    import weasyprint

    document = weasyprint.HTML(
        string=rs.example_html(), base_url=builtin_dir().as_uri() + "/"
    ).render()

    def walk(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return [b for page in document.pages for b in walk(page._page_box)]


def _classes(box: Any) -> set[str]:
    element = box.element
    return set((element.get("class") or "").split()) if element is not None else set()


def test_body_text_does_not_break_anywhere_in_print(boxes: list[Any]) -> None:
    checked = [
        b
        for b in boxes
        if b.element_tag in TEXT_TAGS and b.element is not None and not _classes(b) & BREAK_ANYWHERE
    ]
    assert len(checked) > 50  # the example has tables and paragraphs
    offending = {
        (b.element_tag, " ".join(sorted(_classes(b))))
        for b in checked
        if b.style["overflow_wrap"] == "anywhere"
    }
    assert not offending, (
        "overflow-wrap: anywhere in print makes WeasyPrint size tables and flex items "
        f"character by character (docs/performance.md): {sorted(offending)[:5]}"
    )


def test_flex_rows_items_have_no_automatic_minimum_size(boxes: list[Any]) -> None:
    rows = [b for b in boxes if b.style["display"] == ("block", "flex") and _classes(b) & FLEX_ROWS]
    assert {c for b in rows for c in _classes(b)} >= {"pillar-head", "commitment-meta"}
    automatic = [
        (row.element.get("class"), item.element_tag, side)
        for row in rows
        for item in row.children
        for side in ("min_width", "min_height")
        if item.style[side] == "auto" or item.style[side].value != 0
    ]
    assert not automatic, automatic
