"""The PDF, read as a reader (and a machine) would: text, metadata, outline, attachments,
page images; reproducibility, restricted fetching, and the extract round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import report_support as rs

import scorecard
from scorecard.cli import main
from scorecard.errors import RenderError, ScorecardError
from scorecard.report.fetcher import RestrictedFetcher
from scorecard.report.render import builtin_dir
from scorecard.result import Result


@pytest.fixture(scope="module")
def reader() -> pypdf.PdfReader:
    return pypdf.PdfReader(str(rs.example_pdf()))


@pytest.fixture(scope="module")
def text(reader: pypdf.PdfReader) -> str:
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(raw.split())


def test_text_has_every_pillar_grade_and_cited_author(text: str) -> None:
    result = rs.example_result()
    programme = rs.example()
    for pillar in result.pillars:
        assert " ".join(pillar.title.split()) in text
        assert pillar.grade is not None
    grades = {p.grade for p in result.pillars} | {result.overall.grade}
    for grade in grades:
        assert f"{grade} " in text or f" {grade}" in text
    cited = {cit.source for _, cit in programme.citations()}
    authors = {a for s in programme.sources if s.id in cited for a in (s.authors or ())}
    assert authors, "the example should cite at least one named author"
    for author in authors:
        assert author in text
    assert "Page 1 of" in text
    assert "Contents" in text


def test_metadata_comes_from_the_data(reader: pypdf.PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    programme = rs.example()
    assert programme.title in (meta.title or "")
    for author in programme.authors:
        assert author in (meta.author or "")
    assert programme.keywords[0] in str(meta.get("/Keywords"))
    created = str(meta.get("/CreationDate"))
    result = rs.example_result()
    from scorecard.report.view import report_date

    assert report_date(result, programme).strftime("%Y%m%d") in created


def test_outline_and_toc(reader: pypdf.PdfReader) -> None:
    def titles(items: list[object]) -> list[str]:
        out: list[str] = []
        for item in items:
            if isinstance(item, list):
                out.extend(titles(item))
            else:
                out.append(str(getattr(item, "title", "")))
        return out

    outline = titles(reader.outline)
    for section in ("What changed", "Methodology", "Sources", "Shared responsibility"):
        assert any(section in t for t in outline), section
    for pillar in rs.example_result().pillars:
        assert any(pillar.title in t for t in outline), pillar.title
    # the contents page lists page numbers taken from the layout
    toc = reader.pages[1].extract_text()
    page = re.search(r"Methodology\s*\.+\s*(\d+)", toc)
    assert page is not None
    methodology = reader.pages[int(page.group(1)) - 1].extract_text()
    assert "Methodology" in methodology
    assert "Grade bands" in methodology


def test_attachments_carry_the_rendered_result(reader: pypdf.PdfReader) -> None:
    attached = reader.attachments
    assert {
        "manifest.json",
        "result.json",
        "weights.toml",
        "dataset/programme.toml",
        "dataset/sources.toml",
    } <= set(attached)
    result = Result.from_json(attached["result.json"][0].decode("utf-8"))
    assert result == rs.example_result()
    manifest = json.loads(attached["manifest.json"][0])
    assert manifest["rescore"]["weights"] == rs.example_result().provenance.weighting


def test_pages_are_not_blank() -> None:
    pdf = pypdfium2.PdfDocument(str(rs.example_pdf()))
    assert len(pdf) >= 5
    for index in range(len(pdf)):
        image = pdf[index].render(scale=0.5).to_pil().convert("L")
        lo, hi = image.getextrema()
        assert hi - lo > 100, f"page {index + 1} looks blank"
        inked = image.point(lambda px: 255 if px < 200 else 0).histogram()[255]
        assert inked > 200, f"page {index + 1} has almost no ink"
    pdf.close()


def test_two_renders_are_byte_identical() -> None:
    again = scorecard.render_pdf(
        rs.example_result(), rs.work_dir() / "again.pdf", analyses=rs.example_analyses()
    )
    assert again.read_bytes() == rs.example_pdf().read_bytes()


def test_archival_variant_and_letter_paper() -> None:
    path = scorecard.render_pdf(
        rs.example_result(),
        rs.work_dir() / "letter.pdf",
        paper="letter",
        variant="pdf/a-3b",
        analyses=rs.example_analyses(),
    )
    reader = pypdf.PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp
    assert b'pdfaid:conformance="B"' in xmp
    with pytest.raises(RenderError, match="variant"):
        scorecard.render_pdf(
            rs.example_result(),
            rs.work_dir() / "x.pdf",
            variant="pdf/x-4",
            analyses=rs.example_analyses(),
        )


def test_extract_recovers_a_dataset_that_rescores_the_same(tmp_path: Path) -> None:
    out = scorecard.extract(rs.example_pdf(), tmp_path / "out")
    assert main(["check", str(out.dataset)]) == 0
    programme = scorecard.load(out.dataset)
    rescored = scorecard.score(programme, out.rescore["weights"], as_of=out.rescore["as_of"])
    assert rescored == rs.example_result()
    with pytest.raises(ScorecardError, match="new or empty"):
        scorecard.extract(rs.example_pdf(), tmp_path / "out")


def test_fetcher_serves_only_package_assets() -> None:
    fetcher = RestrictedFetcher([builtin_dir()])
    asset = (builtin_dir() / "report.css").as_uri()
    assert fetcher.fetch(asset).read()
    for url in (
        "file:///etc/passwd",
        "http://example.invalid/x.png",
        (builtin_dir() / ".." / ".." / "pyproject.toml").as_uri(),
    ):
        with pytest.raises(ValueError, match="refuses"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3


def test_refused_fetches_are_reported(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}'
        '{% block cover_note %}<img src="file:///etc/passwd" alt="">{% endblock %}',
        encoding="utf-8",
    )
    target = tmp_path / "out.pdf"
    target.write_bytes(b"earlier")
    with pytest.raises(RenderError, match="etc/passwd"):
        scorecard.render_pdf(
            rs.example_result(), target, template_dir=tmp_path, analyses=rs.example_analyses()
        )
    assert target.read_bytes() == b"earlier"


def test_hostile_dataset_fetches_nothing_and_leaks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.urls import URLFetcher

    fetched: list[str] = []
    original = URLFetcher.fetch

    def spy(self: URLFetcher, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    programme = rs.hostile_programme()
    result = scorecard.score(programme)
    path = scorecard.render_pdf(result, tmp_path / "hostile.pdf", draws=200)
    assert fetched == []  # our fetcher never defers to WeasyPrint's default one
    reader = pypdf.PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "<script>" in text  # printed as text, not run
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
    first_line = passwd.splitlines()[0]
    assert first_line not in text
    names = set(reader.attachments)
    assert all(
        n == "manifest.json" or n in {"result.json", "weights.toml"} or n.startswith("dataset/")
        for n in names
    )
    for blobs in reader.attachments.values():
        assert first_line.encode() not in blobs[0]
    out = scorecard.extract(path, tmp_path / "x")
    assert main(["check", str(out.dataset)]) == 0


def test_cli_render_and_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    code = main(
        [
            "render",
            str(rs.EXAMPLE),
            "--html",
            str(html),
            "--pdf",
            str(pdf),
            "--paper",
            "letter",
            "--draws",
            "200",
        ]
    )
    assert code == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["extract", str(pdf), str(tmp_path / "x")]) == 0
    assert "re-score with: scorecard score" in capsys.readouterr().out
    assert main(["render", str(rs.EXAMPLE)]) == 1
    assert "nothing to do" in capsys.readouterr().err
