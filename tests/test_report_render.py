"""HTML rendering: escaping, strict templates, user overrides, self-containment, gold file."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import attrs
import jinja2
import pytest
import report_support as rs
from gold_support import check_gold
from markupsafe import escape

import scorecard
from scorecard.errors import RenderError, ScorecardError
from scorecard.report.analyses import Analyses, GradeOdds, Robustness
from scorecard.report.env import environment
from scorecard.result import Result

GOLD = Path(__file__).parent / "gold" / "report_example.html"


class _Tags(HTMLParser):
    """Collects start tags and their attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_import_scorecard_stays_light() -> None:
    code = (
        "import sys, scorecard; scorecard.render_html; "
        "print(sorted(m for m in ('weasyprint', 'numpy', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_html_is_self_contained_and_script_free() -> None:
    html = rs.example_html()
    tags = _tags(html)
    names = {t for t, _ in tags}
    assert "script" not in names
    assert not names & {"img", "link", "iframe", "object", "embed", "base"}
    csp = [a for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    policy = csp[0]["content"] or ""
    assert "default-src 'none'" in policy
    assert "script-src 'none'" in policy
    for _, attributes in tags:
        for key in ("src", "href"):
            value = attributes.get(key)
            assert value is None or value.startswith("#"), (key, value)
        assert not any(k.startswith("on") for k in attributes)


def test_html_says_what_the_result_says() -> None:
    html = rs.example_html()
    result = rs.example_result()
    for pillar in result.pillars:
        assert pillar.title in html
        for c in pillar.commitments:
            assert c.title in html
    assert 'class="overall-grade' in html
    for source in rs.example().sources:
        assert source.sha256 in html
    # every chart has a name, a text summary and its data table for screen readers
    # (page 1's range glyphs are named by a title and a desc; their numbers are in the row)
    charts = html.count("<svg") - html.count('<svg class="interval"')
    assert charts + html.count('<svg class="interval"') == html.count("<desc id=")
    assert charts == html.count('class="chart-data"')
    assert charts == len(re.findall(r'<svg [^>]*aria-label="[^"]+"', html))
    assert charts >= 3


def test_html_is_deterministic() -> None:
    again = scorecard.render_html(rs.example_result(), analyses=rs.example_analyses())
    assert again == rs.example_html()


def _scrub(html: str) -> str:
    """Only what is unstable: digests (they change with the model's serialisation and
    the inputs' bytes, checked by other tests) and the library's version. The
    stylesheet stays: a change of it is a change of the report."""
    html = re.sub(r"[0-9a-f]{64}", "[sha256]", html)
    return html.replace(f"scorecard {scorecard.__version__}", "scorecard [version]")


def _gold_analyses(result: Result) -> Analyses:
    # fixed robustness figures, so the gold file does not depend on the sampler
    odds = GradeOdds(50.0, 40.0, 60.0, {"A": 0.1, "B": 0.2, "C": 0.7})
    robust = Robustness(
        1000, 0, 0.2, False, "Weights are perturbed.", odds, {p.id: odds for p in result.pillars}
    )
    return attrs.evolve(rs.example_analyses(), robustness=robust)


def test_gold_html(capsys: pytest.CaptureFixture[str]) -> None:
    """The example's HTML, with checksums and version scrubbed. Set
    SCORECARD_UPDATE_GOLD=1 to rewrite the gold file after an intended change (the
    diff is printed); :func:`test_html_figures_match_the_result` checks the figures
    independently of the snapshot."""
    result = rs.example_result()
    actual = _scrub(scorecard.render_html(result, analyses=_gold_analyses(result)))
    check_gold(GOLD, actual, capsys)


# -- the figures of the page, checked against the result (not against the snapshot) --


@attrs.define
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node] = attrs.field(factory=list)
    text: list[str] = attrs.field(factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[_Node]:
        """Every descendant (document order) with ``tag`` and class ``cls``."""
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                found.append(child)
            found.extend(child.all(tag, cls))
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> _Node:
        (found,) = self.all(tag, cls)[:1] or [None]
        assert found is not None, (tag, cls)
        return found

    def string(self) -> str:
        parts = [*self.text]
        for child in self.children:
            parts.append(child.string())
        return " ".join(" ".join(parts).split())


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Tree(HTMLParser):
    """A small DOM: enough to find sections, tables and cells by tag, class and id."""

    def __init__(self) -> None:
        super().__init__()
        self.root = _Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attributes})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attributes}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def _tree(html: str) -> _Node:
    parser = _Tree()
    parser.feed(html)
    return parser.root


def _shown(score: float | None) -> str:
    # the display policy truncates to one decimal (rounding never lifts a score into a
    # higher band): 91.666... -> "91.6"
    assert score is not None
    return f"{math.floor(score * 10 + 1e-9) / 10:.1f}"


def _cell(row: _Node, label: str) -> _Node:
    (cell,) = [td for td in row.all("td") if td.attrs.get("data-label") == label]
    return cell


def test_html_figures_match_the_result() -> None:
    """Page order, summary order, pillar and party figures of the gold page, read from
    its structure (section ids, classes, data-label cells) and compared with the
    result object: a wrong figure fails here even if the gold file was rewritten."""
    result = rs.example_result()
    page = _tree(scorecard.render_html(result, analyses=_gold_analyses(result)))
    programme = rs.example()
    # page order: the pillar sections in the result's order, then the parties,
    # the methodology and the sources
    ids = [s.attrs.get("id", "") for s in page.all("section")]
    pillar_sections = page.all("section", "pillar")
    assert len(pillar_sections) == len(result.pillars)
    order = [ids.index(s.attrs["id"]) for s in pillar_sections]
    assert order == sorted(order)
    assert max(order) < ids.index("shared-responsibility")
    assert ids.index("shared-responsibility") < ids.index("methodology") < ids.index("sources")
    # each pillar section shows its own pillar's title, grade and score
    for section, pillar in zip(pillar_sections, result.pillars, strict=True):
        assert pillar.title in section.one("h2").string()
        head = section.one("div", "pillar-head")
        assert head.one("span", "grade").string() == pillar.grade
        assert head.one("span", "pillar-score").string() == f"{_shown(pillar.score)} / 100"
    # page 1's pillar table: one row per pillar, in the result's order, linking to its
    # section (the overall row links nowhere; the grade cell may list a second grade
    # when the first is not robust, so the pillar's own grade must be among its chips)
    table = page.one("table", "front-table")
    anchors = {"#" + section.attrs["id"] for section in pillar_sections}
    rows = [r for r in table.all("tr") if r.all("a") and r.one("a").attrs["href"] in anchors]
    assert len(rows) == len(result.pillars)
    for row, pillar, section in zip(rows, result.pillars, pillar_sections, strict=True):
        spec = programme.pillar(pillar.id)
        assert row.one("a").attrs["href"] == "#" + section.attrs["id"]
        assert row.one("a").string() == (spec.short_title or spec.title)
        chips = [g.string() for g in _cell(row, "Grade").all("span", "grade")]
        assert pillar.grade in chips
        assert _cell(row, "Score").string() == _shown(pillar.score)
    # the parties: one row per party, in the result's order, with its own figures
    parties = page.one("section", "parties").one("table", "party-table").one("tbody").all("tr")
    assert len(parties) == len(result.parties) >= 2
    for row, party in zip(parties, result.parties, strict=True):
        assert row.one("th").string() == party.label
        assert _cell(row, "Grade").string() == party.grade
        assert _cell(row, "Score").string() == _shown(party.score)
        assert _cell(row, "Commitments").string() == str(party.commitments)
    # the overall grade and score on the cover
    assert page.one("p", "overall-grade").string() == result.overall.grade
    assert page.one("p", "overall-score").string() == f"{_shown(result.overall.score)} / 100"


def test_hostile_text_is_escaped() -> None:
    programme = rs.hostile_programme()
    html = scorecard.render_html(scorecard.score(programme), draws=200)
    tags = _tags(html)
    names = [t for t, _ in tags]
    assert "script" not in names
    assert "img" not in names
    assert "link" not in names
    assert names.count("style") == 2  # the package's own two
    assert not any(k.startswith("on") for _, a in tags for k in a)
    assert "&lt;script&gt;" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "{{ 7 * 7 }}" in html  # data is never evaluated as a template
    assert rs.LONG not in html
    assert "100,000 characters in all" in html


def test_every_template_is_autoescaped_and_strict(tmp_path: Path) -> None:
    env = environment()
    for name in ("x.html.j2", "x.html", "x.svg.j2", "x.txt", "x"):
        assert env.autoescape(name) if callable(env.autoescape) else env.autoescape
    assert env.from_string("{{ v }}").render(v="<b>") == "&lt;b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing.attr }}").render()


def test_user_templates_extend_the_builtins(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}'
        "{% block cover_note %}<p class=note>Prepared for {{ report.meta.programme }}</p>"
        "{% endblock %}",
        encoding="utf-8",
    )
    html = scorecard.render_html(
        rs.example_result(), template_dir=tmp_path, analyses=rs.example_analyses()
    )
    assert f"Prepared for {rs.example().title}" in html
    assert "Key findings" in html


def test_bad_options_are_clear_errors(tmp_path: Path) -> None:
    result = rs.example_result()
    with pytest.raises(RenderError, match="paper"):
        scorecard.render_html(result, paper="a3", analyses=rs.example_analyses())
    with pytest.raises(RenderError, match="template directory"):
        scorecard.render_html(
            result, template_dir=tmp_path / "nope", analyses=rs.example_analyses()
        )
    bare = scorecard.Result.from_json(result.to_json())
    with pytest.raises(RenderError, match="no programme"):
        scorecard.render_html(bare, analyses=rs.example_analyses())


def test_failed_render_keeps_the_earlier_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("earlier", encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.html.j2").write_text("{{ no_such_name.x }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        scorecard.render_html(
            rs.example_result(),
            target,
            template_dir=tmp_path / "tpl",
            analyses=rs.example_analyses(),
        )
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["report.html"]
    assert isinstance(RenderError("x"), ScorecardError)


# -- the report's sentences, in templates/report/_messages.txt.j2 -----------------

_KEY = re.compile(
    r"Range: where the score falls in 90% of plausible weightings \(5th to 95th percentile\), "
    r"on a 0\u2013100 axis shaded by grade band; the dot is the score\. "
    r"Change: points since the previous assessment, (?P<previous>[^.]+)\. "
    r"Confidence: [^<]*?\(the rule is in the Methodology\)\."
)
_REWORDED = (
    "{% macro front_key(previous) -%}"
    "Read the range; the change is since <b>{{ previous }}</b>"
    "{%- endmacro %}"
)


def _reworded(plain: str) -> tuple[str, str]:
    """The built-in key to page 1's table in ``plain``, and what ``_REWORDED`` makes of
    it (both as the HTML prints them)."""
    found = _KEY.search(unescape(plain))
    assert found is not None
    new = "Read the range; the change is since <b>{previous}</b>".format(**found.groupdict())
    return str(escape(found.group(0))), str(escape(new))


def test_a_template_directory_rewords_a_sentence(tmp_path: Path) -> None:
    """A ``_messages.txt.j2`` that defines one macro changes that sentence and nothing
    else: every other sentence still comes from the built-in file, and what the macro
    returns is text, escaped like dataset text (``<b>`` is printed, not obeyed)."""
    (tmp_path / "_messages.txt.j2").write_text(_REWORDED, encoding="utf-8")
    plain = rs.example_html()
    custom = scorecard.render_html(
        rs.example_result(), template_dir=tmp_path, analyses=rs.example_analyses()
    )
    old, new = _reworded(plain)
    assert plain.count(old) == 1
    assert "&lt;b&gt;2015&lt;/b&gt;" in new
    assert custom == plain.replace(old, new)


def test_the_cli_template_dir_rewords_a_sentence(tmp_path: Path) -> None:
    from scorecard.cli import main

    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "_messages.txt.j2").write_text(_REWORDED, encoding="utf-8")
    args = ["render", str(rs.EXAMPLE), "--draws", "200"]
    assert main([*args, "--html", str(tmp_path / "plain.html")]) == 0
    assert main([*args, "--html", str(tmp_path / "custom.html"), "--template-dir", "x"]) != 0
    assert (
        main(
            [
                *args,
                "--html",
                str(tmp_path / "custom.html"),
                "--template-dir",
                str(tmp_path / "tpl"),
            ]
        )
        == 0
    )
    plain = (tmp_path / "plain.html").read_text(encoding="utf-8")
    old, new = _reworded(plain)
    assert (tmp_path / "custom.html").read_text(encoding="utf-8") == plain.replace(old, new)


def test_every_sentence_the_view_asks_for_is_a_builtin_macro() -> None:
    """The names the view model calls and the macros of the built-in file are the same
    set: no sentence is missing from the file, and the file has no dead macro (private
    helpers such as ``_and_list``, which the sentences share, aside)."""
    source = (rs.ROOT / "scorecard" / "report" / "view.py").read_text(encoding="utf-8")
    called = set(re.findall(r"""(?:say|ctx\.say)\(\s*["']([a-z_]+)["']""", source))
    called.add("cut_note")
    builtin = (rs.ROOT / "templates" / "report" / "_messages.txt.j2").read_text(encoding="utf-8")
    defined = set(re.findall(r"\{% macro ([a-z][a-z_]*)\(", builtin))
    assert called == defined


def test_an_unknown_sentence_is_a_clear_error() -> None:
    from scorecard.report.messages import MESSAGES, builtin_messages

    with pytest.raises(RenderError, match=MESSAGES) as info:
        builtin_messages()("no_such_sentence")
    assert "no_such_sentence" in str(info.value)


def test_the_cookbook_recipe_for_sentences_works(tmp_path: Path) -> None:
    """The overriding-templates page's ``_messages.txt.j2`` example, used as it says."""
    page = (rs.ROOT / "docs" / "cookbook" / "overriding-templates.md").read_text(encoding="utf-8")
    block = re.search(r"```jinja\n(\{# my-templates/_messages\.txt\.j2 #\}.*?)```", page, re.S)
    assert block is not None
    (tmp_path / "_messages.txt.j2").write_text(block.group(1), encoding="utf-8")
    custom = scorecard.render_html(
        rs.example_result(), template_dir=tmp_path, analyses=rs.example_analyses()
    )
    plain = rs.example_html()
    assert "of plausible weightings</dd>" in plain  # the robustness of each pillar
    assert "of plausible weightings</dd>" not in custom
    assert "of the weightings tried</dd>" in custom


def test_a_gold_update_prints_its_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SCORECARD_UPDATE_GOLD", raising=False)  # also under an update run
    gold = tmp_path / "page.html"
    gold.write_text("a\nb\n", encoding="utf-8")
    check_gold(gold, "a\nb\n", capsys)  # equal: passes, nothing written
    with pytest.raises(AssertionError, match=r"(?s)-b\n\+c") as info:
        check_gold(gold, "a\nc\n", capsys)
    assert "SCORECARD_UPDATE_GOLD=1" in str(info.value)
    assert gold.read_text(encoding="utf-8") == "a\nb\n"
    with pytest.raises(AssertionError, match="missing"):
        check_gold(tmp_path / "none.html", "x", capsys)
    monkeypatch.setenv("SCORECARD_UPDATE_GOLD", "1")
    check_gold(gold, "a\nc\n", capsys)
    assert gold.read_text(encoding="utf-8") == "a\nc\n"
