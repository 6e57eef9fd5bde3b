"""The report in another language: catalogs in step with the code, Spanish numbers and
dates, no template word left untranslated (a pseudo-locale), English unchanged, and the
Spanish Mérida PDF as structurally sound as the English one."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pypdf
import pytest
import report_support as rs
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

import scorecard
from scorecard import display
from scorecard.cli import main
from scorecard.dates import PartialDate
from scorecard.errors import RenderError
from scorecard.report import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "scorecard" / "locale"
POT = LOCALE / "messages.pot"
OPEN, CLOSE = "\u27e6", "\u27e7"


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


# -- the catalogs are in step with the code -----------------------------------------------


def test_the_template_catalog_holds_every_message_of_the_code_and_templates(
    tmp_path: Path,
) -> None:
    """Re-extract (as `make i18n-extract` does) and compare: a string marked for
    translation but missing from messages.pot (or left there after it was removed)
    means someone forgot `make i18n-update`."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert _ids(_catalog(fresh)) == _ids(_catalog(POT))


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_each_language_translates_every_message_and_its_mo_is_compiled_from_its_po(
    lang: str,
) -> None:
    po = LOCALE / lang / "LC_MESSAGES" / "messages.po"
    catalog = _catalog(po)
    assert _ids(catalog) == _ids(_catalog(POT))
    untranslated = [
        m.id
        for m in catalog
        if m.id
        and (
            not m.string
            or "fuzzy" in m.flags
            or not all(m.string if isinstance(m.string, tuple) else (m.string,))
        )
    ]
    assert untranslated == []
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # what `pybabel compile` writes
    assert (po.with_suffix(".mo")).read_bytes() == compiled.getvalue(), (
        "the .mo is stale: run `make i18n-compile`"
    )


def test_placeholders_survive_translation() -> None:
    """A translation keeps every named placeholder of its message (a lost one would
    drop a number from the report, a new one would raise at render time)."""
    fields = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
    for lang in (lang for lang in i18n.LANGUAGES if lang != "en"):
        for m in _catalog(LOCALE / lang / "LC_MESSAGES" / "messages.po"):
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            wanted = set(fields.findall(ids[-1])) | set(fields.findall(ids[0]))
            for text in strings:
                found = set(fields.findall(text))
                assert found <= wanted, (lang, m.id, text)
                # a plural form may leave out the count ("una cita"), nothing else
                assert wanted - found <= {"%(count)s", "%(num)s"}, (lang, m.id, text)


# -- numbers and dates by locale ----------------------------------------------------------


def test_spanish_numbers_percentages_and_dates_hand_checked() -> None:
    mx, es = "es_MX", "es"
    # Mexico writes a decimal point; Spain a comma (CLDR, as Babel has it)
    assert display.format_score(18.19, locale=mx) == "18.1"
    assert display.format_score(18.19, locale=es) == "18,1"
    assert display.format_score(79.96, locale=es) == "79,9"  # still floored
    assert display.format_percent(0.675, locale=mx) == "68%"
    assert display.format_percent(0.675, locale=es) == "68\u00a0%"
    assert display.format_percent(0.125, locale=es) == "12\u00a0%"  # half to even
    assert display.format_percent(0.001, locale=es) == "<1\u00a0%"
    assert display.format_percent(0.9999, locale=mx) == ">99%"
    assert display.format_weight(1 / 3, locale=es) == "33,3\u00a0%"
    assert display.format_shares([0.005, 0.99, 0.005], locale=es) == [
        "1\u00a0%",
        "99\u00a0%",
        "<1\u00a0%",
    ]
    assert display.format_delta(-12.55, style=display.HTML, locale=es) == "\u221212,6"
    assert display.format_delta(3.25, locale=es) == "+3,2"
    assert display.format_delta(0.04, locale=es) == "0,0"
    assert display.format_alpha(-0.0481, locale=es) == "\u22120,048"
    day, month = PartialDate(2010, 12, 20), PartialDate(2010, 12)
    assert display.format_date(day, locale=mx) == "20 de diciembre de 2010"
    assert display.format_date(month, locale=mx) == "diciembre de 2010"
    assert display.format_date(PartialDate(2010), locale=mx) == "2010"
    assert display.format_date(day, short=True, locale=mx) == "20 dic 2010"


@given(st.floats(min_value=0.0, max_value=100.0), st.floats(min_value=0.0, max_value=1.0))
def test_babel_english_formats_as_the_english_defaults(score: float, share: float) -> None:
    """The rounding rules do not move with the locale: Babel's English gives exactly the
    text of the default (locale-free) English path."""
    assert display.format_score(score, locale="en") == display.format_score(score)
    assert display.format_percent(share, locale="en") == display.format_percent(share)
    assert display.format_percent(share, 1, locale="en") == display.format_percent(share, 1)
    assert display.format_delta(score - 50, locale="en") == display.format_delta(score - 50)


def test_spanish_dates_in_the_report_filters() -> None:
    from scorecard.report.filters import date_long, date_short

    with i18n.activate("es"):
        assert date_long("2010-12-20") == "20 de diciembre de 2010"
        assert date_long("2009-22") == "verano de 2009"
        assert date_short("2009-12") == "dic 2009"
        assert date_long(None) == "sin fecha"
    assert date_long("2010-12-20") == "20 December 2010"  # back to English outside


# -- language choice ------------------------------------------------------------------------


def test_an_unknown_language_names_the_available_ones() -> None:
    with pytest.raises(RenderError, match=r"--lang.*'fr'.*available languages: en, es"):
        scorecard.render_html(rs.example_result(), analyses=rs.example_analyses(), lang="fr")


def test_cli_unknown_language_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    code = main(["render", str(rs.EXAMPLE), "--html", str(out), "--lang", "fr"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--lang" in err
    assert "en, es" in err
    assert not out.exists()


def test_spanish_html_declares_its_locale_and_english_stays_english() -> None:
    english = rs.example_html()
    assert '<html lang="en"' in english
    assert "col.f-grade { width: 11%; }" not in english  # report-lang.css
    assert "Página" not in english
    spanish = scorecard.render_html(rs.example_result(), analyses=rs.example_analyses(), lang="es")
    assert '<html lang="es-MX"' in spanish
    assert "Metodología" in spanish
    assert "Página" in spanish  # the page footer's words
    assert "col.f-grade { width: 11%; }" in spanish
    assert "Methodology" not in spanish


def test_the_spanish_report_prints_the_datasets_own_spanish_text_with_the_same_scores() -> None:
    from html import escape

    from scorecard.report.render import _in_language

    result = rs.merida_result()
    programme = result.programme
    assert programme is not None
    shown, tag = _in_language(result, "es")
    assert tag == "es-MX"  # the locale fixtures/merida/translations/es.toml declares
    # the same numbers and the same provenance (the digest of the published dataset)...
    assert shown.provenance == result.provenance
    assert shown.overall.score == result.overall.score
    for mine, theirs in zip(shown.pillars, result.pillars, strict=True):
        assert (mine.id, mine.score, mine.grade) == (theirs.id, theirs.score, theirs.grade)
        assert [c.score for c in mine.commitments] == [c.score for c in theirs.commitments]
    # ...with the titles, labels and party names of the translation
    spanish = scorecard.localise(programme, "es")
    assert [p.title for p in shown.pillars] == [p.title for p in spanish.pillars]
    assert [p.title for p in shown.pillars] != [p.title for p in result.pillars]
    html = scorecard.render_html(result, analyses=rs.merida_analyses(), lang="es")
    for pillar in spanish.pillars:
        assert escape(pillar.title) in html
    assert "Estados Unidos y México obtienen el mismo puntaje" in html
    # a verdict's quote stays verbatim, its translation beside it and marked as one
    verdict = next(p.verdict for p in result.pillars if p.verdict is not None)
    assert escape(verdict.quote) in html
    assert "[traducción]" in html
    # English stays English
    assert scorecard.render_html(result, analyses=rs.merida_analyses()).count("[translation]") == 0


def test_the_english_render_is_the_default_render() -> None:
    assert (
        scorecard.render_html(rs.example_result(), analyses=rs.example_analyses(), lang="en")
        == rs.example_html()
    )


# -- the pseudo-locale: no template word escapes the catalog ------------------------------


def _pseudo() -> gettext.GNUTranslations:
    """A catalog that wraps every message in ⟦ ⟧, plural forms too."""
    template = _catalog(POT)
    pseudo = Catalog(locale="es")
    for m in template:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            forms = tuple(OPEN + m.id[1] + CLOSE for _ in range(pseudo.num_plurals))
            pseudo.add(m.id, forms, flags=m.flags)
        else:
            pseudo.add(m.id, OPEN + m.id + CLOSE, flags=m.flags)
    buffer = io.BytesIO()
    write_mo(buffer, pseudo)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _Text(HTMLParser):
    """Every text node and every text attribute (title, aria-label, data-label) of a
    document, outside <style>, <code> and <script>."""

    SKIP = frozenset({"style", "code", "script"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.attributes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        for name, value in attrs_:
            if name in {"title", "aria-label", "data-label"} and value:
                self.attributes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


def _strings(value: Any, seen: set[int]) -> Iterator[str]:
    """Every string held by a model object, however deep."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _strings(getattr(value, field.name), seen)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, seen)
            yield from _strings(v, seen)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _strings(item, seen)


_WORD = re.compile(r"[^\W\d_]{2,}")
_WRAPPED = re.compile(OPEN + "[^" + OPEN + CLOSE + "]*" + CLOSE)  # innermost first


def _leftovers(html: str, programme: scorecard.Programme) -> list[str]:
    """The words of the report that are neither inside a translated message nor data.

    A message may span several text nodes (a link or a code span inside it), so the
    text nodes are read as one stream and everything between ⟦ and ⟧ is dropped. Data
    is the programme's own text: every string it holds (also lowercased, and as a
    footnote's short title) is removed where it appears whole, and a word left over
    counts as data only if no English message of the catalog uses it, so an
    untranslated template word cannot pass as data. Babel's month names (dates) are
    not template text either."""
    from scorecard.report.filters import short_title

    held = {s for s in _strings(programme, set()) if len(s) > 1}
    data = sorted({v.lower() for s in held for v in (s, short_title(s))}, key=len, reverse=True)
    message_words = {w.lower() for i in _ids(_catalog(POT)) for w in _WORD.findall(i)}
    data_words = {w.lower() for s in data for w in _WORD.findall(s)} - message_words
    locale = Locale.parse("es_MX")
    dates = {
        w.lower()
        for names in (locale.months["format"]["wide"], locale.months["format"]["abbreviated"])
        for name in names.values()
        for w in _WORD.findall(name)
    } | {"de"}
    neutral = {"sha"}  # "SHA-256", the name of the checksum, in every language
    parser = _Text()
    parser.feed(html)
    stream = "\x00".join(parser.nodes)
    while _WRAPPED.search(stream):
        stream = _WRAPPED.sub(" ", stream)
    out = []
    for node in stream.split("\x00") + parser.attributes:
        text = node.lower()
        cut = text.strip()
        if cut.endswith("…") and any(d.startswith(cut[:-1]) for d in data):
            continue  # a label cut short: the start of a string of the data
        while _WRAPPED.search(text):
            text = _WRAPPED.sub(" ", text)
        for s in data:
            if s in text:
                text = text.replace(s, " ")
        for word in _WORD.findall(text):
            if word not in data_words | dates | neutral:
                out.append(f"{word!r} in {node.strip()[:120]!r}")
    return out


@pytest.fixture(scope="module")
def pseudo_html() -> str:
    pseudo = _pseudo()
    original = i18n.catalog
    i18n.catalog = lambda lang: pseudo  # type: ignore[assignment]
    try:
        return scorecard.render_html(rs.merida_result(), analyses=rs.merida_analyses(), lang="es")
    finally:
        i18n.catalog = original  # type: ignore[assignment]


def test_pseudo_locale_leaves_no_template_word_untranslated(pseudo_html: str) -> None:
    assert OPEN in pseudo_html
    programme = rs.merida_result().programme
    assert programme is not None
    # the report prints the dataset's own text in Spanish (its translations/es.toml)
    assert _leftovers(pseudo_html, scorecard.localise(programme, "es")) == []


def test_the_pseudo_locale_check_catches_a_word_left_out(pseudo_html: str) -> None:
    """The check can fail: a heading printed without the catalog is found."""
    programme = rs.merida_result().programme
    assert programme is not None
    broken = pseudo_html.replace(f"<h2>{OPEN}What changed{CLOSE}</h2>", "<h2>What changed</h2>", 1)
    assert broken != pseudo_html
    assert any("'what'" in line for line in _leftovers(broken, scorecard.localise(programme, "es")))


# -- the Spanish Mérida PDF ----------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish() -> pypdf.PdfReader:
    return pypdf.PdfReader(str(rs.merida_pdf("es")))


def test_spanish_pdf_is_tagged_in_its_language(spanish: pypdf.PdfReader) -> None:
    root = spanish.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "es-MX"
    assert root["/StructTreeRoot"].get_object()["/K"]


def test_spanish_pdf_has_its_outline_and_attachments(spanish: pypdf.PdfReader) -> None:
    def titles(items: list[object]) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(titles(item) if isinstance(item, list) else [str(item.title)])  # type: ignore[attr-defined]
        return out

    outline = titles(spanish.outline)
    for section in ("Qué cambió", "Metodología", "Fuentes", "Responsabilidad compartida"):
        assert any(section in t for t in outline), section
    english = pypdf.PdfReader(str(rs.merida_pdf()))
    assert set(spanish.attachments) == set(english.attachments)
    assert spanish.attachments["result.json"] == english.attachments["result.json"]
    first = " ".join(spanish.pages[0].extract_text().split())
    assert "Calificación global" in first.replace("CALIFICACIÓN GLOBAL", "Calificación global")
    assert "Página 1 de" in first


def test_spanish_pdf_rerenders_byte_identical(spanish: pypdf.PdfReader) -> None:
    again = scorecard.render_pdf(
        rs.merida_result(),
        rs.work_dir() / "merida.es.again.pdf",
        analyses=rs.merida_analyses(),
        lang="es",
    )
    assert again.read_bytes() == rs.merida_pdf("es").read_bytes()


def test_cli_renders_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "es" / "report.html"
    code = main(["render", str(rs.EXAMPLE), "--html", str(out), "--lang", "es", "--draws", "200"])
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="es-MX"' in html
    assert "Hallazgos principales" in html
    assert str(out) in capsys.readouterr().out


# -- the comparison page of a collection -----------------------------------------------------


def test_the_comparison_page_is_in_the_report_language_with_every_word_in_the_catalog() -> None:
    from scorecard.report.compare import comparison_html

    collection = scorecard.load_collection(ROOT / "examples" / "index")
    result = scorecard.score(collection)
    intervals = scorecard.sensitivity(collection, draws=200)
    english = comparison_html(result, intervals)
    assert '<html lang="en">' in english
    assert "Ranking by overall score" in english
    spanish = comparison_html(result, intervals, lang="es")
    assert '<html lang="es-MX">' in spanish
    assert "Clasificación por puntaje global" in spanish
    assert "Ranking by" not in spanish
    assert "(mediana " in spanish
    # every word left outside the pseudo-locale's wrapper is the collection's own
    pseudo = _pseudo()
    original = i18n.catalog
    i18n.catalog = lambda lang: pseudo  # type: ignore[assignment]
    try:
        wrapped = comparison_html(result, intervals, lang="es")
    finally:
        i18n.catalog = original  # type: ignore[assignment]
    prov = next(iter(result.results.values())).provenance
    data = sorted(
        {
            result.title,
            *(r.title for r in result.ranking),
            *(title for _, title in result.pillars),
            prov.weighting,
            *(f"{level} {method}" for level, method in prov.methods.items()),
        },
        key=len,
        reverse=True,
    )
    parser = _Text()
    parser.feed(wrapped)
    left = []
    for node in parser.nodes + parser.attributes:
        text = node
        while _WRAPPED.search(text):
            text = _WRAPPED.sub(" ", text)
        for s in data:
            text = text.replace(s, " ")
        left += _WORD.findall(text)
    assert left == []
