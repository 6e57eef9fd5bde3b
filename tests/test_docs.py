"""The documentation site builds with warnings as errors, and its examples are true.

The build runs MkDocs in a subprocess (``--strict``: a broken link, a page missing from
the navigation or a docstring mkdocstrings cannot read fails it) into a temporary folder.
The cookbook's "new programme from scratch" page is executed: its titled code blocks are
written out as files and must form a dataset whose checksums match.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NEW_PROGRAMME = DOCS / "cookbook" / "new-programme.md"

_BLOCK = re.compile(r'^```(\w+) title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "WARNING" not in log, log
    return out


def _page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def test_every_markdown_page_is_built(site: Path) -> None:
    for md in DOCS.rglob("*.md"):
        rel = md.relative_to(DOCS).with_suffix("")
        url = rel.parent if rel.name == "index" else rel
        built = site / url / "index.html"
        assert built.is_file(), f"{md} was not built"


def test_cli_reference_lists_every_subcommand(site: Path) -> None:
    from scorecard import cli

    page = _page(site, "cli")
    assert "usage: scorecard" in page
    for module in cli._load_commands():
        assert f"usage: scorecard {module.NAME}" in page, module.NAME


def test_api_reference_documents_the_public_model(site: Path) -> None:
    page = _page(site, "reference/api")
    for name in ("Programme", "Commitment", "Citation", "GradeBands", "PartialDate", "DataError"):
        assert re.search(rf'id="scorecard\.\w+\.{name}"', page), name
    for name in ("engine.score", "analysis.compare", "robustness.sensitivity", "loader.load"):
        assert f'id="scorecard.{name}"' in page, name
    for name in ("render.render_pdf", "render.render_html"):
        assert f'id="scorecard.report.{name}"' in page, name


def test_changelog_is_included(site: Path) -> None:
    page = _page(site, "changelog")
    assert "Keep a Changelog" in page
    assert "Unreleased" in page


def test_example_notebook_is_shipped(site: Path) -> None:
    assert (site / "examples" / "alternate-weightings.ipynb").is_file()


def _cookbook_files() -> dict[str, str]:
    text = NEW_PROGRAMME.read_text(encoding="utf-8")
    return {title: body for _lang, title, body in _BLOCK.findall(text)}


def write_cookbook_dataset(folder: Path) -> Path:
    """Write the new-programme page's titled code blocks as files under ``folder``."""
    for name, body in _cookbook_files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body.encode("utf-8"))
    return folder


def test_cookbook_dataset_checksums_match_its_texts(tmp_path: Path) -> None:
    files = _cookbook_files()
    assert {"programme.toml", "sources.toml"} <= files.keys()
    assert any(name.startswith("pillars/") for name in files)
    folder = write_cookbook_dataset(tmp_path)
    sources = tomllib.loads(files["sources.toml"])["sources"]
    assert sources
    for source in sources:
        data = (folder / source["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"], source["id"]


def test_cookbook_dataset_loads_as_the_page_says(tmp_path: Path) -> None:
    import scorecard

    programme = scorecard.load(write_cookbook_dataset(tmp_path / "harbour"))
    assert [p.id for p in programme.pillars] == ["sewage", "monitoring"]
    assert sum(len(p.commitments) for p in programme.pillars) == 3
    assert sum(len(c.assessments) for _, c in programme.commitments()) == 3
    assert len(list(programme.citations())) == 5
    assert len(programme.sources) == 2


def test_template_override_recipe_works(tmp_path: Path) -> None:
    """The overriding-templates page's Jinja example, used as it says."""
    import scorecard

    page = (DOCS / "cookbook" / "overriding-templates.md").read_text(encoding="utf-8")
    block = re.search(r"```jinja\n(.*?)```", page, re.DOTALL)
    assert block is not None
    template = block.group(1)
    name = re.search(r"\{# my-templates/(\S+) #\}", template)
    assert name is not None
    folder = tmp_path / "my-templates"
    folder.mkdir()
    (folder / name.group(1)).write_text(template, encoding="utf-8")
    programme = scorecard.load(ROOT / "tests" / "data" / "newcomer")
    result = scorecard.score(programme)
    plain = scorecard.render_html(result, draws=100)
    custom = scorecard.render_html(result, template_dir=folder, draws=100)
    note = "Prepared for the committee"
    assert note not in plain
    assert note in custom


# -- the recipes that build on the harbour dataset ---------------------------------------

_APPENDED = " (added at the end)"


def _recipe(name: str, upto: str | None = None) -> list[tuple[str, str]]:
    """The titled blocks of cookbook page ``name`` in page order (before the heading
    ``upto`` when given)."""
    text = (DOCS / "cookbook" / name).read_text(encoding="utf-8")
    if upto is not None:
        text = text[: text.index(upto)]
    return [(title, body) for _lang, title, body in _BLOCK.findall(text)]


def _apply(folder: Path, blocks: list[tuple[str, str]]) -> Path:
    """Write ``blocks`` into ``folder``: a title ending "(added at the end)" appends to
    that file, any other title writes the file whole."""
    for title, body in blocks:
        name = title.removesuffix(_APPENDED)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if title.endswith(_APPENDED):
            path.write_bytes(path.read_bytes() + body.encode("utf-8"))
        else:
            path.write_bytes(body.encode("utf-8"))
    return folder


def test_verdict_recipe_records_a_divergence_then_explains_and_blends_it(
    tmp_path: Path,
) -> None:
    import scorecard
    from scorecard.engine import verdict_comparisons

    folder = write_cookbook_dataset(tmp_path / "harbour")
    _apply(folder, _recipe("recording-a-verdict.md", upto="## 4."))
    programme = scorecard.load(folder)
    assert [(v.scope, v.level) for v in programme.verdicts] == [("sewage", "not-started")]
    result = scorecard.score(programme)
    sewage = result.pillar("sewage")
    assert (sewage.score, sewage.grade) == (50.0, "B")
    assert sewage.verdict is not None
    assert (sewage.verdict.grade, sewage.verdict.source) == ("D", "evaluation-2018")
    assert sewage.divergence is not None
    assert sewage.divergence.bands_apart == 2
    assert (sewage.divergence.divergent, sewage.divergence.explained) == (True, False)
    assert result.commitment("sewage.plant").carried_forward
    assert [c.divergent and not c.explained for c in verdict_comparisons(programme)] == [True]
    html = scorecard.render_html(result, draws=50)
    assert "Carried forward: last read November 2017; not renewed by" in html
    assert "2 grade bands apart, unexplained" in html

    _apply(folder, _recipe("recording-a-verdict.md")[3:])  # step 4's note, step 5's lens
    programme = scorecard.load(folder)
    assert programme.verdicts[0].divergence_note
    explained = scorecard.score(programme).pillar("sewage").divergence
    assert explained is not None
    assert explained.explained
    blended = scorecard.score(programme, "sources-judge").pillar("sewage")
    assert blended.score == pytest.approx(25.0)
    assert blended.grade == "C"
    assert blended.rollup == pytest.approx(50.0)


def test_objectives_recipe_groups_and_weights_as_the_page_says(tmp_path: Path) -> None:
    import scorecard

    folder = write_cookbook_dataset(tmp_path / "harbour")
    plain = scorecard.score(scorecard.load(folder)).pillar("monitoring").score
    _apply(folder, _recipe("objectives.md"))
    programme = scorecard.load(folder)
    result = scorecard.score(programme)
    monitoring = result.pillar("monitoring")
    assert monitoring.score == pytest.approx(plain)
    assert monitoring.score == pytest.approx(25.0)
    assert [(o.id, o.score, o.weight) for o in monitoring.objectives] == [
        ("monitoring.measure", 50.0, 0.5),
        ("monitoring.publish-data", 0.0, 0.5),
    ]
    assert result.commitment("monitoring.publish").objective == "monitoring.publish-data"
    html = scorecard.render_html(result, draws=50)
    assert '<span class="kicker">Objective</span> Measure the sediment' in html
    assert '<span class="kicker">Objective</span> Publish what is measured' in html
    lens = scorecard.score(programme, "transparency").pillar("monitoring")
    assert lens.score == pytest.approx(50 / 3)
    assert lens.grade == "D"
