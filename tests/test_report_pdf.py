"""The PDF, read as a reader (and a machine) would: text, metadata, outline, attachments,
page images; reproducibility, restricted fetching, and the extract round trip."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import attrs
import pypdf
import pypdfium2
import pytest
import report_support as rs

import scorecard
from scorecard.cli import main
from scorecard.errors import RenderError, ScorecardError
from scorecard.model import Citation
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
    # the example gives no edition date: the PDF claims no creation date (neither the
    # clock's, which would break reproducibility, nor the as-of date's, which is false)
    assert programme.publication.edition_date is None
    assert "/CreationDate" not in meta
    assert "/ModDate" not in meta
    assert "/Publisher" not in meta


def test_merida_metadata_is_its_publication_block(merida: pypdf.PdfReader) -> None:
    programme = scorecard.load(rs.MERIDA)
    pub = programme.publication
    assert pub.edition_date is not None
    assert pub.publisher
    assert pub.version
    assert pub.license
    meta = merida.metadata
    assert meta is not None
    day = pub.edition_date.first.strftime("%Y%m%d")
    assert str(meta["/CreationDate"]).startswith(f"D:{day}")
    assert str(meta["/ModDate"]).startswith(f"D:{day}")
    assert meta["/Publisher"] == pub.publisher
    assert meta["/Version"] == pub.version
    assert meta["/Rights"] == pub.license
    assert meta["/Edition"] == pub.edition_date.first.isoformat()
    xmp = merida.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert f"<xmp:CreateDate>{pub.edition_date.first.isoformat()}".encode() in xmp
    # the attachments are dated by the edition too
    for spec in merida.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1::2]:
        params = spec.get_object()["/EF"]["/F"].get_object()["/Params"]
        assert str(params["/CreationDate"]).startswith(f"D:{day}")
    # and the cover says who publishes which edition, under which license
    cover = _page_text(merida.pages[0])
    assert f"Publisher: {pub.publisher}" in cover
    assert "Edition: 29 November 2026" in cover
    assert f"Version: {pub.version}" in cover
    assert f"License: {pub.license}" in cover


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


def test_tagged_archival_variant_carries_structure_and_attachments() -> None:
    path = scorecard.render_pdf(
        rs.example_result(),
        rs.work_dir() / "archival.pdf",
        variant="pdf/a-3a",
        analyses=rs.example_analyses(),
    )
    reader = pypdf.PdfReader(str(path))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp
    assert b'pdfaid:conformance="A"' in xmp
    # tagged: a structure tree, marked content, and the document's language
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    structure = root["/StructTreeRoot"].get_object()
    assert structure["/K"]
    # the attachments, each related to the document as PDF/A-3 asks
    assert set(reader.attachments) >= {"manifest.json", "result.json", "weights.toml"}
    # (WeasyPrint 70 lists each file specification twice in /AF: count distinct ones)
    specs = {spec.idnum: spec.get_object() for spec in root["/AF"]}
    assert len(specs) == len(reader.attachments)
    assert {str(spec["/AFRelationship"]) for spec in specs.values()} == {
        "/Data",
        "/Source",
        "/Supplement",
    }


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


def test_extract_prints_a_command_that_rescores_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Weights of the reader's own (no name in the dataset), a non-default method and
    # missing policy: the printed command must still give the attached result.
    programme = scorecard.load(rs.EXAMPLE)
    weights = {"pillars": {p.id: float(i + 1) for i, p in enumerate(programme.pillars)}}
    result = scorecard.score(programme, weights, method="geometric", missing="zero")
    pdf = tmp_path / "mine.pdf"
    scorecard.render_pdf(result, pdf, draws=200)
    capsys.readouterr()
    assert main(["extract", str(pdf), str(tmp_path / "x")]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith("re-score with: scorecard score ")
    argv = shlex.split(line.removeprefix("re-score with: scorecard "))
    assert main([*argv, "--format", "json"]) == 0
    rescored = json.loads(capsys.readouterr().out)
    attached = json.loads((tmp_path / "x" / "result.json").read_text(encoding="utf-8"))
    assert rescored["overall"] == attached["overall"]
    assert rescored["provenance"]["methods"] == attached["provenance"]["methods"]
    assert rescored["provenance"]["missing"] == "zero"


def test_the_printed_command_keeps_a_non_default_floor_and_indicator_pick(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both choices move the example's scores (the floor under a geometric mean, the
    # pick through a blended indicator observed as a range): a command that dropped
    # either would re-score to something else.
    programme = scorecard.load(rs.EXAMPLE)
    options = scorecard.ScoringOptions(method="geometric", floor=20.0, indicator_pick="high")
    result = scorecard.score(programme, options=options)
    for dropped in (attrs.evolve(options, floor=1.0), attrs.evolve(options, indicator_pick="mid")):
        assert scorecard.score(programme, options=dropped).overall != result.overall
    pdf = tmp_path / "floor.pdf"
    scorecard.render_pdf(result, pdf, draws=200)
    capsys.readouterr()
    assert main(["extract", str(pdf), str(tmp_path / "x")]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    argv = shlex.split(line.removeprefix("re-score with: scorecard "))
    assert argv[argv.index("--floor") + 1] == "20.0"
    assert argv[argv.index("--indicator-pick") + 1] == "high"
    assert main([*argv, "--format", "json"]) == 0
    rescored = json.loads(capsys.readouterr().out)
    attached = json.loads((tmp_path / "x" / "result.json").read_text(encoding="utf-8"))
    assert rescored["overall"] == attached["overall"]
    assert rescored["pillars"] == attached["pillars"]
    assert rescored["provenance"] == attached["provenance"]
    assert Result.from_dict(rescored).provenance.options == options


# -- the Mérida report, page by page ----------------------------------------------


@pytest.fixture(scope="module")
def merida() -> pypdf.PdfReader:
    return pypdf.PdfReader(str(rs.merida_pdf()))


def _page_text(page: pypdf.PageObject) -> str:
    """A page's text with its lines joined (a hyphen at a line end is kept, no space)."""
    raw = page.extract_text()
    return re.sub(r"[ \n]+", " ", raw.replace("-\n", "-"))


def test_every_footnote_is_on_its_calls_page_or_the_next(merida: pypdf.PdfReader) -> None:
    """Each quote's footnote call carries an anchor (call-N) and its note another
    (note-N); the note's printed text ("N\u00a0Selee 2010, “Success or Failure?”", the
    number a distinctive marker) must be on the page the anchor says."""
    from scorecard.report.view import cite

    programme = rs.merida_result().programme
    assert programme is not None
    notes = [cite(programme.source(cit.source)) for _, cit in _citations_in_report_order()]
    pages = {
        name: merida.get_destination_page_number(dest)
        for name, dest in merida.named_destinations.items()
    }
    texts = [_page_text(p) for p in merida.pages]
    lags = []
    for number, text in enumerate(notes, start=1):
        call, note = pages[f"call-{number}"], pages[f"note-{number}"]
        assert f"{number}\u00a0{text}" in texts[note], (number, text, note + 1)
        lags.append(note - call)
    assert len(lags) == len(notes) > 200
    assert min(lags) >= 0
    assert max(lags) <= 1, f"a footnote drifted {max(lags)} pages from its call"
    assert lags.count(0) >= 0.95 * len(lags)  # nearly all on the very page of their call


def _citations_in_report_order() -> list[tuple[str, Citation]]:
    """The citations in the order the report prints them: per commitment, its promise's
    quotes, then its assessments' (by date, those used by the result), then its
    indicators' (by period)."""
    result = rs.merida_result()
    programme = result.programme
    assert programme is not None
    out = []
    for pr in result.pillars:
        for cr in pr.commitments:
            c = programme.commitment(cr.id)
            out.extend((c.id, cit) for cit in c.stated_in)
            for a in sorted(c.assessments, key=lambda a: a.as_of):
                out.extend((c.id, cit) for cit in a.evidence)
            for ind in c.indicators:
                # by the period each figure measures, then when it became known
                for o in sorted(ind.observations, key=lambda o: (o.measured, o.as_of)):
                    out.extend((c.id, cit) for cit in o.evidence)
    return out


def test_footnotes_are_short_and_the_bibliography_is_full(merida: pypdf.PdfReader) -> None:
    from scorecard.report.view import cite

    programme = rs.merida_result().programme
    assert programme is not None
    for source in programme.sources:
        short = cite(source)
        assert len(short) <= 70, short
        assert str(source.published.year) in short
    texts = [_page_text(p) for p in merida.pages]
    bibliography = " ".join(texts[-3:])  # the bibliography ends the report, over a page or two
    assert "Sources" in texts[-1]
    for source in programme.sources:
        assert " ".join(source.title.split()) in bibliography
        assert source.sha256 in bibliography.replace(" ", "")


def test_what_changed_reads_as_a_stakeholder_would(merida: pypdf.PdfReader) -> None:
    texts = [_page_text(p) for p in merida.pages]
    raw = [p.extract_text() for p in merida.pages]
    changed = [i for i, t in enumerate(texts) if "What changed" in t]
    assert changed
    body = " ".join(texts[i] for i in changed)
    assert "n/a (n/a)" not in body
    assert "\u2013 \u2192 \u2013" not in body
    # Mérida's objectives enter their pillars in 2009 and 2010: named as objectives, once each
    assert "Objective first assessed (enters its pillar's score): Reform the courts" in body
    assert "Pillar first assessed (enters the overall score)" in body
    assert "not assessed" in body
    # a commitment title runs on as one line, not "Expand" alone and the rest below
    title = "Expand and professionalise the federal police"
    assert any(title in r for r in raw)
    assert not any(re.search(r"^Expand\s*$", r, re.M) for r in raw)
