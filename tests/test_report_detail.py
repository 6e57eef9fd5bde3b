"""The report's level of detail: a page per commitment, or (above a size, or when
asked) pillar and objective pages with compact commitment tables. Both carry every
grade and every citation count; the Mérida report is full by itself."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest
import report_support as rs

import scorecard
from scorecard.errors import RenderError
from scorecard.report.render import DETAIL_THRESHOLD
from scorecard.report.view import choose_detail
from scorecard.result import CommitmentResult, PillarResult, Result


@pytest.fixture(scope="module")
def html() -> dict[str, str]:
    result, analyses = rs.merida_result(), rs.merida_analyses()
    return {
        detail: scorecard.render_html(result, analyses=analyses, detail=detail)
        for detail in ("full", "summary", "auto")
    }


def _pillar_sections(page: str) -> list[str]:
    return page.split('<section class="pillar" id="')[1:]


def _row(page: str, anchor: str) -> str:
    """The compact table's row of the commitment whose page (or row) is ``anchor``."""
    found = re.search(rf'<tr[^>]*>\s*<th scope="row"><a href="#{anchor}">.*?</tr>', page, re.S)
    assert found is not None, anchor
    return found.group(0)


def _carries_every_grade_and_count(page: str, result: Result) -> None:
    programme = result.programme
    assert programme is not None
    assert f">{result.overall.grade}<" in page
    sections = _pillar_sections(page)
    assert len(sections) == len(result.pillars)
    for number, (pr, section) in enumerate(zip(result.pillars, sections, strict=True), 1):
        assert section.startswith(f'pillar-{number}"')
        assert re.search(rf'class="grade big [^"]*">{re.escape(str(pr.grade))}</span>', section)
        for objective in pr.objectives:
            assert re.search(
                rf'objective-title">.*?{re.escape(unescape(objective.title)[:20])}.*?'
                rf'class="grade [^"]*">{re.escape(str(objective.grade))}</span>',
                unescape(section),
                re.S,
            ), objective.id
        counts = [
            int(n) for n in re.findall(r'data-label="Sources" class="num">(\d+)</td>', section)
        ]
        assert len(counts) == len(pr.commitments)
        assert counts == [cr.sources for cr in _table_order(pr, section)]
    # every source's citation count, recounted from the model
    cited = Counter(cit.source for _, cit in programme.citations())
    for s in programme.sources:
        n = cited[s.id]
        assert f"Supports {n} citation{'' if n == 1 else 's'}." in page, s.id


def _table_order(pr: PillarResult, section: str) -> list[CommitmentResult]:
    """The pillar's commitment results in the order its tables list them (by title)."""
    commitments = pr.commitments
    titles = [
        unescape(t)
        for t in re.findall(r'<tr[^>]*>\s*<th scope="row"><a href="#[^"]+">([^<]*)</a>', section)
    ]
    by_title = {}
    programme = rs.merida_result().programme
    assert programme is not None
    for cr in commitments:
        by_title[programme.commitment(cr.id).title] = cr
    return [by_title[t] for t in titles if t in by_title]


@pytest.mark.parametrize("detail", ["full", "summary"])
def test_both_levels_carry_every_grade_and_citation_count(
    html: dict[str, str], detail: str
) -> None:
    _carries_every_grade_and_count(html[detail], rs.merida_result())


def test_summary_has_no_commitment_pages_and_no_dangling_links(html: dict[str, str]) -> None:
    full, summary = html["full"], html["summary"]
    result = rs.merida_result()
    count = sum(len(p.commitments) for p in result.pillars)
    assert full.count('<article class="commitment"') == count
    assert summary.count('<article class="commitment"') == 0
    assert '<aside class="endnotes"' in full
    assert '<aside class="endnotes"' not in summary
    # no assessment histories (the sources' own verdicts on pillars stay)
    assert 'class="history"' in full
    assert 'class="history"' not in summary
    assert summary.count('class="note detail-note"') == 1
    assert f"its {count} commitments in compact tables" in summary
    # a summary asked for says nothing of the threshold
    assert f"more than {DETAIL_THRESHOLD}" not in summary
    for page in (full, summary):
        ids = set(re.findall(r'id="([^"]+)"', page))
        assert set(re.findall(r'href="#([^"]+)"', page)) <= ids


def test_merida_is_full_by_itself(html: dict[str, str]) -> None:
    # Mérida's 21 commitments: auto is full, byte for byte (so its PDF is unchanged)
    assert html["auto"] == html["full"]


@pytest.mark.parametrize(
    ("detail", "count", "chosen"),
    [
        ("auto", 0, "full"),
        ("auto", DETAIL_THRESHOLD, "full"),
        ("auto", DETAIL_THRESHOLD + 1, "summary"),
        ("full", 10_000, "full"),
        ("summary", 1, "summary"),
    ],
)
def test_choose_detail(detail: str, count: int, chosen: str) -> None:
    assert choose_detail(detail, count) == chosen


def test_a_bad_detail_fails_before_anything_is_computed(tmp_path: object) -> None:
    result = rs.merida_result()
    with pytest.raises(RenderError, match="detail must be one of auto, full, summary"):
        scorecard.render_html(result, detail="brief")
    with pytest.raises(RenderError, match="not 'brief'"):
        scorecard.render_pdf(result, "never.pdf", detail="brief")


def test_render_help_states_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    from scorecard.cli import main

    with pytest.raises(SystemExit):
        main(["render", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert f"auto: full up to {DETAIL_THRESHOLD} commitments" in out
    assert "--detail {auto,full,summary}" in out
