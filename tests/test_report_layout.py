"""Typography and layout of the report, measured where a reader meets them: chip contrast
(computed from the stylesheet and from Chromium's computed styles), the measure of running
text and header words at 1280 px (Chromium), labels that extract from the PDF as whole
words, pages that are not left near-empty (pypdfium2 text boxes), value cells that do not
repeat their number in words, and one spelling convention (US English)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import report_support as rs

import scorecard
from scorecard.dates import PartialDate
from scorecard.model import Observation

CSS = rs.ROOT / "templates" / "report" / "report.css"
MESSAGES = rs.ROOT / "templates" / "report" / "_messages.txt.j2"
TEMPLATES = rs.ROOT / "templates" / "report"

MEASURE_TYPICAL = 80  # characters on a typical (median) full line of running text
MEASURE = 90  # and on the longest: narrow letters ("illicit") fit more on a line
MIN_FILL = 1 / 3  # the least share of a page's text area a page (but a section's last) fills
MM = 72 / 25.4


@functools.cache
def merida_html() -> str:
    return scorecard.render_html(rs.merida_result(), analyses=rs.merida_analyses())


# -- contrast ------------------------------------------------------------------------


def _luminance(rgb: tuple[float, float, float]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _hex(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return (
        int(colour[0:2], 16) / 255,
        int(colour[2:4], 16) / 255,
        int(colour[4:6], 16) / 255,
    )


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (channels 0..1)."""
    low, high = sorted([_luminance(a), _luminance(b)])
    return (high + 0.05) / (low + 0.05)


def test_contrast_oracle() -> None:
    # WCAG's own extremes, and a pair computed by hand: #777 on white is 4.48:1
    assert contrast(_hex("#000"), _hex("#fff")) == pytest.approx(21.0)
    assert contrast(_hex("#fff"), _hex("#fff")) == pytest.approx(1.0)
    assert contrast(_hex("#777777"), _hex("#ffffff")) == pytest.approx(4.48, abs=0.01)


def _chip_rules() -> Iterator[tuple[str, str, str]]:
    """Every rule of the stylesheet that sets both a text colour and a background colour."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b", body)
        bg = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})\b", body)
        if fg and bg:
            yield selector.strip(), fg.group(1), bg.group(1)


def test_every_chip_and_badge_in_the_stylesheet_reads_at_4_5_to_1() -> None:
    rules = list(_chip_rules())
    selectors = {s for s, _, _ in rules}
    # the grade chips and the status badges are among them
    assert {".g-0", ".g-2", ".g-4", ".g-none", ".lv-0", ".lv-2", ".lv-4", ".lv-missing"} <= {
        s.split()[-1] for s in selectors
    }
    low = {
        s: round(contrast(_hex(fg), _hex(bg)), 2)
        for s, fg, bg in rules
        if contrast(_hex(fg), _hex(bg)) < 4.5
    }
    assert low == {}, f"text below WCAG AA contrast (4.5:1): {low}"


# -- Chromium ------------------------------------------------------------------------

chromium = pytest.mark.skipif(
    not (os.environ.get("CI") or shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="chromium is not installed: run scripts/system-deps.sh",
)


@pytest.fixture(scope="module")
def desktop() -> Iterator[tuple[Any, str]]:
    """Chromium showing the Mérida report at 1280 px: the browser and its session."""
    from test_report_browser import Browser

    page = rs.work_dir() / "merida-layout.html"
    page.write_text(merida_html(), encoding="utf-8")
    browser = Browser()
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        browser.send("Page.enable", session=session)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        yield browser, session
    finally:
        browser.close()


def _evaluate(desktop: tuple[Any, str], script: str) -> Any:
    browser, session = desktop
    reply = browser.send(
        "Runtime.evaluate",
        {"expression": script, "returnByValue": True},
        session=session,
        timeout=120,
    )
    if "exceptionDetails" in reply:
        raise AssertionError(json.dumps(reply["exceptionDetails"])[:2000])
    return reply["result"]["value"]


# The words of an element, each with the number of distinct line boxes it occupies.
_WORD_LINES = """
function wordLines(el) {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /[^\\s\\-\\u2013\\u2014\\/]+/g;
    let m;
    while ((m = re.exec(node.data)) !== null) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set();
      for (const r of range.getClientRects()) { if (r.width > 0) tops.add(Math.round(r.top)); }
      out.push([m[0], tops.size]);
    }
  }
  return out;
}
"""


@chromium
def test_no_table_header_breaks_inside_a_word_at_1280px(desktop: tuple[Any, str]) -> None:
    broken = _evaluate(
        desktop,
        _WORD_LINES
        + """
        (() => {
          const bad = [];
          const heads = document.querySelectorAll('thead th');
          for (const th of heads) {
            for (const [word, lines] of wordLines(th)) {
              if (lines > 1) bad.push(th.textContent.trim() + ' / ' + word);
            }
          }
          return [heads.length, bad];
        })()
        """,
    )
    count, bad = broken
    assert count > 50
    assert bad == [], f"header words broken across lines: {bad[:10]}"


# Characters on each line of an element's text, from the line box of each character.
_LINE_LENGTHS = """
(() => {
  const out = [];
  const prose = document.querySelectorAll('p, li:not(:has(p, li, blockquote)), dd');
  for (const el of prose) {
    if (el.closest('table, figure, svg, nav, .cover-band')) continue;
    const lines = new Map();
    let seen = 0;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && seen < 2000; node = walker.nextNode()) {
      if (node.parentElement.closest('.fn, .fn-ref')) continue;
      for (let i = 0; i < node.data.length && seen < 2000; i++, seen++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const top = Math.round(r.top + r.height / 2);
        lines.set(top, (lines.get(top) || 0) + 1);
      }
    }
    // every line but the last (which may be short), longest first
    const full = [...lines.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1).map((e) => e[1]);
    if (full.length) out.push([full, el.className, el.textContent.trim().slice(0, 60)]);
  }
  return out;
})()
"""


@chromium
def test_running_text_keeps_an_80_character_measure_at_1280px(
    desktop: tuple[Any, str],
) -> None:
    paragraphs = _evaluate(desktop, _LINE_LENGTHS)
    # the full lines of paragraphs of three lines or more (not a flex row of facts)
    lengths = sorted(n for full, _, _ in paragraphs if len(full) >= 2 for n in full)
    assert len(lengths) > 200
    median = lengths[len(lengths) // 2]
    print("median", median, "p95", lengths[int(len(lengths) * 0.95)], "max", lengths[-1])
    # about 80 characters a line: the typical full line, and no line far beyond it
    assert 60 <= median <= MEASURE_TYPICAL
    longest = max(paragraphs, key=lambda p: max(p[0]))
    assert max(longest[0]) <= MEASURE, f"{max(longest[0])} characters: {longest[1:]}"


@chromium
def test_rendered_chips_and_badges_read_at_4_5_to_1(desktop: tuple[Any, str]) -> None:
    pairs = _evaluate(
        desktop,
        """
        (() => {
          const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
          const out = [];
          for (const el of document.querySelectorAll('.badge, .grade')) {
            if (el.closest('.overall-grade')) continue;
            const fg = rgb(getComputedStyle(el).color);
            let bg = null;
            for (let e = el; e && !bg; e = e.parentElement) {
              const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] === 1)) bg = c.slice(0, 3);
            }
            out.push([el.className, el.textContent.trim(), fg.slice(0, 3), bg || [255, 255, 255]]);
          }
          return out;
        })()
        """,
    )
    assert len(pairs) > 100
    low = set()
    for css, text, fg, bg in pairs:
        ratio = contrast(
            (fg[0] / 255, fg[1] / 255, fg[2] / 255), (bg[0] / 255, bg[1] / 255, bg[2] / 255)
        )
        if ratio < 4.5:
            low.add((css, text, round(ratio, 2)))
    assert low == set()


# -- the PDF -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf() -> Iterator[pypdfium2.PdfDocument]:
    document = pypdfium2.PdfDocument(str(rs.merida_pdf()))
    yield document
    document.close()


@attrs.frozen
class PageText:
    """One PDF page's body text (without the running headers, footers and footnotes):
    where it ends, and the running header that names the section at the page's start."""

    number: int
    fill: float  # share of the text area from its top down to the last body line
    section: str


def page_texts(document: pypdfium2.PdfDocument) -> list[PageText]:
    out = []
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        text = page.get_textpage()
        top = height - (12 if index == 0 else 20) * MM
        bottom = 20 * MM
        lows = []
        header = []
        for i in range(text.count_chars()):
            left, low, right, high = text.get_charbox(i)
            if right <= left:
                continue
            if low > top and left > width / 2:
                header.append(text.get_text_range(i, 1))
                continue
            if low < bottom - 1 or high > top + 1:
                continue  # the running header and footer
            if pdfium_c.FPDFText_GetFontSize(text.raw, i) < 7.0:
                continue  # the footnotes (6.8 pt) and their calls (6 pt) sit at the foot
            lows.append(low)
        fill = (top - min(lows)) / (top - bottom) if lows else 0.0
        out.append(PageText(index + 1, fill, "".join(header).strip()))
    return out


def test_page_measure_oracle(pdf: pypdfium2.PdfDocument) -> None:
    pages = page_texts(pdf)
    # every page after the cover names its section; a page in the middle of a pillar is full
    assert all(p.section for p in pages[1:])
    middle = [p for p in pages if p.section.startswith("Pillar 1")]
    assert len(middle) >= 3
    assert all(p.fill > 0.9 for p in middle[:-1])


def test_no_page_is_less_than_a_third_full_but_a_sections_last(
    pdf: pypdfium2.PdfDocument,
) -> None:
    pages = page_texts(pdf)
    thin = [
        (p.number, round(p.fill, 2), p.section)
        for p, following in zip(pages, [*pages[1:], None], strict=True)
        if p.fill < MIN_FILL and following is not None and following.section == p.section
    ]
    assert thin == [], f"pages less than a third full inside a section: {thin}"


def _pdf_words(document: pypdfium2.PdfDocument) -> set[str]:
    words: set[str] = set()
    for index in range(len(document)):
        text = document[index].get_textpage().get_text_range()
        words.update(re.findall(r"[A-Za-z\u00c0-\u017f']+", text))
    return words


class _Labels(HTMLParser):
    """The text of the report's upper-case labels (captions, column headers, kickers)."""

    LABELS = frozenset({"kicker", "label", "overall-label", "series", "kind"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.labels: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag in {"meta", "br", "col", "img", "link", "input", "hr"}:
            return
        classes = set((dict(attrs_).get("class") or "").split())
        inherited = bool(self.stack) and self.stack[-1]
        self.stack.append(inherited or bool(classes & self.LABELS) or tag in {"caption", "dt"})

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"meta", "br", "col", "img", "link", "input", "hr"} and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] and data.strip():
            self.labels.append(data)


def test_upper_case_labels_extract_as_whole_words(pdf: pypdfium2.PdfDocument) -> None:
    parser = _Labels()
    parser.feed(merida_html())
    label_words = {w.upper() for text in parser.labels for w in re.findall(r"[A-Za-z]{4,}", text)}
    assert {"PILLAR", "OBJECTIVE", "ROBUSTNESS", "STATED", "COMMITMENTS"} <= label_words
    found = {w.upper() for w in _pdf_words(pdf)}
    missing = sorted(w for w in label_words if w not in found)
    assert missing == [], f"labels that do not extract as words: {missing}"
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "PILLAR 1" in text
    assert "PILL AR" not in text


# -- value cells ---------------------------------------------------------------------

NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|half)\b",
    re.I,
)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.cells: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag == "td" and dict(attrs_).get("data-label") == "Value":
            self.depth = 1
            self.cells.append("")
        elif self.depth and tag == "td":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "td":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.cells[-1] += data


def test_value_cells_never_repeat_the_number_in_words() -> None:
    cells = _Cells()
    cells.feed(merida_html())
    assert len(cells.cells) > 30
    assert all(re.search(r"\d", c) for c in cells.cells)
    repeated = [c for c in cells.cells if NUMBER_WORDS.search(c)]
    assert repeated == []


@pytest.mark.parametrize(
    "qualifier", ["a dozen", "more than a dozen", "only one or two out of every hundred", "2x"]
)
def test_a_qualifier_that_states_the_number_is_refused(qualifier: str) -> None:
    programme = rs.example()
    evidence = next(c for _, c in programme.commitments() if c.assessments).assessments[0]
    with pytest.raises(ValueError, match="states a number"):
        Observation(PartialDate(2010), evidence.evidence, value=12.0, qualifier=qualifier)
    ok = Observation(PartialDate(2010), evidence.evidence, value=12.0, qualifier="more than")
    assert ok.qualifier == "more than"


# -- spelling ------------------------------------------------------------------------


@functools.cache
def uk_spellings() -> dict[str, str]:
    """British spellings and their American forms: codespell's en-GB to en-US list
    (``behaviour``, ``organise``, ``licence``, ``programme``, ...)."""
    import codespell_lib

    path = Path(codespell_lib.__file__).parent / "data" / "dictionary_en-GB_to_en-US.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        uk, us = line.split("->")
        table[uk.strip()] = us.split(",")[0].strip()
    return table


# Accepted in American English too: "dialogue" is a conversation ("dialog" a UI box).
ALLOWED = frozenset({"dialogue", "dialogues"})
# Text written by others, kept as written: verbatim quotes, footnotes and the bibliography
# (source titles, authors and publishers are proper names), code and checksums.
VERBATIM = frozenset({"q", "fn", "bib", "url", "hash"})


class _Prose(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag in {"meta", "br", "col", "img", "link", "input", "hr"}:
            return
        classes = set((dict(attrs_).get("class") or "").split())
        skip = bool(classes & VERBATIM) or tag in {"style", "script", "code"}
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"meta", "br", "col", "img", "link", "input", "hr"} and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def british(text: str) -> list[str]:
    table = uk_spellings()
    return sorted(
        {
            f"{w} -> {table[w.lower()]}"
            for w in re.findall(r"[A-Za-z]+", text)
            if w.lower() in table and w.lower() not in ALLOWED
        }
    )


def test_british_finds_british_spellings() -> None:
    assert british("The programme's behaviour was analysed; a dialogue.") == [
        "analysed -> analyzed",
        "behaviour -> behavior",
        "programme -> program",
    ]
    assert british("Institutionalize the rule of law against organized crime") == []


def test_the_report_prose_is_in_us_english() -> None:
    prose = _Prose()
    prose.feed(merida_html())
    assert british(" ".join(prose.text)) == []


def test_the_templates_are_in_us_english() -> None:
    for path in [MESSAGES, *sorted(TEMPLATES.glob("*.html.j2"))]:
        text = path.read_text(encoding="utf-8")
        # the words a reader sees: not Jinja code or comments, not CSS classes
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        assert british(text) == [], path.name


def test_the_pillars_official_names_are_us_english() -> None:
    programme = scorecard.load(rs.MERIDA)
    titles = " ".join(p.title for p in programme.pillars)
    assert "Institutionalize" in titles
    assert british(titles) == []
