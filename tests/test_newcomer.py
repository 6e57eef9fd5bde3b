"""A second programme, written from the documentation alone (tests/data/newcomer/).

The Borderlands Wildfire Cooperation Arrangement is fictional: two pillars, three short
source texts of its own, partial dates, ranges, a qualifier, goalposts on both
directions, a blended indicator weight and a commitment nobody has assessed. It proves
that the data format as documented is enough to write a dataset that loads, scores
(checked against figures computed by hand below) and renders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scorecard
from scorecard.model import Direction, EvidenceKind, Programme

NEWCOMER = Path(__file__).parent / "data" / "newcomer"


@pytest.fixture(scope="module")
def programme() -> Programme:
    return scorecard.load(NEWCOMER)


def test_it_loads_with_every_citation_resolved(programme: Programme) -> None:
    assert [p.id for p in programme.pillars] == ["crews", "warning"]
    assert sum(len(p.commitments) for p in programme.pillars) == 7
    citations = list(programme.citations())
    assert len(citations) == 20
    for where, citation in citations:
        assert citation.span is not None, where
        start, end = citation.span
        text = programme.source(citation.source).text
        # The span covers the quote (a quote with a line break matches across lines).
        assert " ".join(text[start:end].split()) == " ".join(citation.quote.split()), where


def test_enumerations_are_typed(programme: Programme) -> None:
    leaders = programme.commitment("crews.leaders")
    assert leaders.parties == ("mexico",)
    assert leaders.indicators[0].direction is Direction.HIGHER
    assert leaders.indicators[0].kind is EvidenceKind.OUTPUT
    assert leaders.stated_in[0].kind is EvidenceKind.STATEMENT


def _blend(status: float, progress: float) -> float:
    return 0.5 * status + 0.5 * progress


def test_scores_latest_match_a_hand_computation(programme: Programme) -> None:
    result = scorecard.score(programme)
    # crews.deploy: "substantial" (0.67); hours 20-30 -> midpoint 25 on goalposts 24..120,
    # lower is better: 1 - (25 - 24) / 96.
    deploy = _blend(67.0, 100.0 * (1 - (25 - 24) / 96))
    # crews.leaders: "substantial"; about 35 of goalposts 0..40, higher is better.
    leaders = _blend(67.0, 100.0 * 35 / 40)
    equipment = 33.0
    crews = (2 * deploy + leaders + equipment) / 4  # deploy weighs 2 in "designed"
    # warning: achieved, substantial, limited; maintenance never assessed (renormalised).
    warning = (100.0 + 67.0 + 33.0) / 3
    overall = (crews + warning) / 2
    assert result.commitment("crews.deploy").score == pytest.approx(deploy)
    assert result.commitment("crews.leaders").score == pytest.approx(leaders)
    assert result.pillar("crews").score == pytest.approx(crews)
    assert result.pillar("warning").score == pytest.approx(warning)
    assert result.pillar("warning").coverage == pytest.approx(0.75)
    assert result.commitment("warning.maintenance").score is None
    assert result.overall.score == pytest.approx(overall)
    assert result.overall.grade == "B"


def test_scores_as_of_2021_use_only_what_was_known(programme: Programme) -> None:
    result = scorecard.score(programme, as_of="2021")
    # 3 and 5 days: 72-120 hours, midpoint 96; 12 of 40 leaders.
    deploy = _blend(33.0, 100.0 * (1 - (96 - 24) / 96))
    leaders = _blend(33.0, 100.0 * 12 / 40)
    crews = (2 * deploy + leaders + 33.0) / 4
    warning = (100.0 + 0.0 + 33.0) / 3
    assert result.pillar("crews").score == pytest.approx(crews)
    assert result.pillar("warning").score == pytest.approx(warning)
    assert result.overall.score == pytest.approx((crews + warning) / 2)
    assert result.overall.grade == "D"


def test_the_alternative_lens_weighs_warning_double(programme: Programme) -> None:
    designed = scorecard.score(programme)
    lens = scorecard.score(programme, "warning-first")
    # The lens lists no commitment weights, so deploy weighs 1 like the others.
    deploy = designed.commitment("crews.deploy").score
    leaders = designed.commitment("crews.leaders").score
    assert deploy is not None
    assert leaders is not None
    crews = (deploy + leaders + 33.0) / 3
    warning = designed.pillar("warning").score
    assert warning is not None
    assert lens.pillar("crews").score == pytest.approx(crews)
    assert lens.overall.score == pytest.approx((crews + 2 * warning) / 3)
    assert lens.provenance.weighting == "warning-first"


def test_it_renders_to_html_and_pdf(programme: Programme, tmp_path: Path) -> None:
    result = scorecard.score(programme, "warning-first")
    html = scorecard.render_html(result, tmp_path / "wildfire.html", draws=300)
    assert (tmp_path / "wildfire.html").read_text(encoding="utf-8") == html
    for pillar in programme.pillars:
        assert pillar.title in html
    assert "No engines have been lent" in html  # a quote, shown as evidence
    pdf = scorecard.render_pdf(result, tmp_path / "wildfire.pdf", draws=300)
    assert pdf.read_bytes().startswith(b"%PDF-")

    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Borderlands Wildfire Cooperation Arrangement" in text
    assert "Cross-border fire crews" in text
    attached = json.loads(reader.attachments["result.json"][0])
    assert attached["provenance"]["weighting"] == "warning-first"
