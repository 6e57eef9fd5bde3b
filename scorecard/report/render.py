"""The public rendering functions: a result to HTML, and to PDF.

Both compute what the report needs besides the result (robustness, timeline,
changes) from ``result.programme`` and the weights recorded in
``result.provenance``, build the view model, and print it through the templates.
The HTML is one self-contained file; the PDF is that same HTML through WeasyPrint,
with the result, the weights and the dataset attached.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import attrs

from scorecard._io import atomic_write
from scorecard._version import __version__
from scorecard.errors import RenderError
from scorecard.report import analyses as _analyses
from scorecard.report import i18n
from scorecard.report.env import builtin_dir, environment, language_stylesheet, stylesheet
from scorecard.report.messages import Messages, builtin_messages
from scorecard.report.pdf import VARIANTS, EmbeddedFile, html_to_pdf
from scorecard.report.publication import edition_date, publication_view
from scorecard.report.view import DETAIL_THRESHOLD, DETAILS, Report, build, report_date
from scorecard.result import Result

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_VARIANT",
    "DETAIL_THRESHOLD",
    "attachments",
    "render_html",
    "render_pdf",
]

PAPERS = {"a4": "A4", "letter": "letter"}
TEMPLATE = "report.html.j2"
DEFAULT_DRAWS = 10_000
# PDF/UA-1 by default: the readers include public officials, for whom accessible
# documents are a legal requirement (Section 508, EN 301 549); PDF/UA allows the
# embedded data files, and WeasyPrint embeds every font anyway. PDF/A-3a is there
# for archival deposit (tagged too; PDF/A-3b, untagged, for those who ask for it).
DEFAULT_VARIANT = "pdf/ua-1"
MANIFEST = "manifest.json"
FORMAT = "scorecard-report"


def _view(
    result: Result,
    *,
    paper: str,
    template_dir: str | os.PathLike[str] | None,
    draws: int,
    seed: int,
    analyses: _analyses.Analyses | None,
    detail: str,
) -> Report:
    if paper not in PAPERS:
        raise RenderError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    if detail not in DETAILS:
        raise RenderError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    # the sentences first: a bad template directory fails before the analyses run
    messages = builtin_messages() if template_dir is None else Messages(template_dir)
    if analyses is None:
        analyses = _analyses.analyse(result, draws=draws, seed=seed)
    return build(result, analyses, paper=paper, messages=messages, detail=detail)


def _html(report: Report, result: Result, template_dir: str | os.PathLike[str] | None) -> str:
    env = environment(template_dir)
    template = env.get_template(TEMPLATE)
    assert result.programme is not None  # checked by build()
    return template.render(
        report=report,
        publication=publication_view(result.programme),
        stylesheet=stylesheet(env),
        language_stylesheet=language_stylesheet(env),
        page_size=PAPERS[report.meta.paper],
        version=__version__,
    )


def _in_language(result: Result, lang: str) -> tuple[Result, str | None]:
    """``result`` with its programme's own text in ``lang`` where the dataset
    translates it (``translations/<lang>.toml``: see :func:`scorecard.localise`), and
    the locale that translation declares. Without a translation into ``lang`` the
    dataset's text stays in its own language. Scores do not move: ids, levels,
    dates and quotes are the same."""
    from scorecard.translations import localise

    programme = result.programme
    base = lang.split("-")[0]
    if programme is None or base == i18n.DEFAULT_LANG:
        return result, None
    translation = programme.translations.get(lang) or programme.translations.get(base)
    if translation is None:
        return result, None
    # The result carries titles, labels and rationales of the programme it scored:
    # score the localised programme again with the same weights and options (the
    # same numbers, since ids, levels and dates are the same) and keep the original
    # provenance, whose digest names the dataset as published.
    from scorecard.engine import score

    localised = localise(programme, lang)
    again = score(localised, _analyses.weights_of(result), options=result.provenance.options)
    return attrs.evolve(again, provenance=result.provenance), translation.locale


def _page(
    result: Result,
    lang: str,
    *,
    paper: str,
    template_dir: str | os.PathLike[str] | None,
    draws: int,
    seed: int,
    analyses: _analyses.Analyses | None,
    detail: str,
) -> str:
    """The report's HTML in ``lang``: the report's own words from the message
    catalog, the dataset's from its translation (the attachments keep the
    original dataset)."""
    shown, tag = _in_language(result, lang)
    if analyses is not None and shown is not result:
        analyses = _analyses.in_language(analyses, shown)
    with i18n.activate(lang, tag=tag):
        report = _view(
            shown,
            paper=paper,
            template_dir=template_dir,
            draws=draws,
            seed=seed,
            analyses=analyses,
            detail=detail,
        )
        return _html(report, shown, template_dir)


def render_html(
    result: Result,
    path: str | os.PathLike[str] | None = None,
    *,
    paper: str = "a4",
    template_dir: str | os.PathLike[str] | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    analyses: _analyses.Analyses | None = None,
    detail: str = "full",
    lang: str = i18n.DEFAULT_LANG,
) -> str:
    """The report on ``result`` as one self-contained HTML document.

    ``path``: also write it there (atomically). ``paper``: ``"a4"`` or ``"letter"``
    (for printing). ``template_dir``: a folder whose templates replace the built-in
    ones of the same name (they may ``{% extends "builtin/report.html.j2" %}``); its
    ``_messages.txt.j2``, if any, rewords the report's sentences.
    ``draws``/``seed``: the sensitivity analysis behind the robustness figures.
    ``analyses``: precomputed robustness, timeline and changes (skips computing them).
    ``detail``: ``"full"`` (the default: the HTML keeps every detail), ``"summary"``
    (commitments in compact tables only) or ``"auto"`` (as :func:`render_pdf`).
    ``lang``: the language of the report's own words, numbers and dates (``"en"``,
    the default, or ``"es"``: see :data:`scorecard.report.i18n.LOCALES`); the dataset's
    own text is printed in that language where the dataset translates it
    (``translations/<lang>.toml``), and quotes stay verbatim, with their translation
    beside them where one is given.
    """
    html = _page(
        result,
        lang,
        paper=paper,
        template_dir=template_dir,
        draws=draws,
        seed=seed,
        analyses=analyses,
        detail=detail,
    )
    if path is not None:
        atomic_write(path, html)
    return html


def render_pdf(
    result: Result,
    path: str | os.PathLike[str],
    *,
    paper: str = "a4",
    template_dir: str | os.PathLike[str] | None = None,
    variant: str = DEFAULT_VARIANT,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    analyses: _analyses.Analyses | None = None,
    detail: str = "auto",
    lang: str = i18n.DEFAULT_LANG,
) -> Path:
    """Write the report on ``result`` as a PDF to ``path`` (atomically) and return it.

    ``variant``: ``"pdf/ua-1"`` (tagged for accessibility, the default),
    ``"pdf/a-3a"`` (archival, tagged) or ``"pdf/a-3b"`` (archival, untagged). The
    PDF's creation date is the dataset's edition date (``[publication]``), and it
    has none when the dataset gives none. The PDF embeds the result JSON, the weights used and
    the dataset (see :func:`scorecard.extract`).

    ``detail``: ``"auto"`` (the default) prints a page per commitment (its promise,
    assessments, quotes and indicators) up to :data:`DETAIL_THRESHOLD` commitments,
    and above it pillar and objective pages with compact commitment tables (status,
    score, last assessment, trend, sources), so that a large programme still gives a
    readable report in bounded time and memory; ``"full"`` or ``"summary"`` choose
    either. Every grade and citation count is in both; the attached dataset and
    :func:`render_html` keep every detail. ``lang``: as :func:`render_html`; the PDF
    declares the language's locale (``/Lang es-MX``). Other options as :func:`render_html`.
    """
    if variant not in VARIANTS:
        raise RenderError(f"variant must be one of {', '.join(VARIANTS)}, not {variant!r}")
    html = _page(
        result,
        lang,
        paper=paper,
        template_dir=template_dir,
        draws=draws,
        seed=seed,
        analyses=analyses,
        detail=detail,
    )
    programme = result.programme
    assert programme is not None  # checked by build()
    roots = [builtin_dir()]
    if template_dir is not None:
        roots.append(Path(template_dir))
    pdf = html_to_pdf(
        html,
        roots=roots,
        base_dir=builtin_dir(),
        variant=variant,
        when=edition_date(programme) or report_date(result, programme),
        files=attachments(result),
        info=publication_view(programme).pdf_metadata(),
    )
    return atomic_write(path, pdf)


def _weights_toml(result: Result) -> bytes:
    import tomli_w

    prov = result.provenance
    table: dict[str, Any] = {
        "id": prov.weighting,
        "label": f"Weights used for this report ({prov.weighting}), normalised",
        "rationale": "The normalised weights recorded in the result's provenance.",
        "pillars": dict(prov.pillar_weights),
        "commitments": dict(prov.commitment_weights),
    }
    if prov.indicator_weights:  # only where the weighting weighs indicators
        table["indicators"] = dict(prov.indicator_weights)
    return tomli_w.dumps(table).encode("utf-8")


def attachments(result: Result) -> list[EmbeddedFile]:
    """The files a report PDF carries: manifest, result, weights and the dataset."""
    from scorecard.report.dataset import dataset_files

    programme = result.programme
    if programme is None:
        raise RenderError("this result carries no programme, so its dataset cannot be attached")
    prov = result.provenance
    options = prov.options.to_kwargs()
    files = [
        EmbeddedFile(
            "result.json",
            result.to_json().encode("utf-8"),
            "The scored result rendered in this report (JSON).",
        ),
        EmbeddedFile(
            "weights.toml",
            _weights_toml(result),
            "The weights used, normalised within each group (TOML).",
        ),
    ]
    for name, data in dataset_files(programme).items():
        files.append(EmbeddedFile(f"dataset/{name}", data, f"Dataset file {name}.", "Source"))
    manifest = {
        "format": FORMAT,
        "version": 1,
        "programme": programme.id,
        "library_version": __version__,
        # Everything `scorecard extract` needs to print a re-score command (the
        # weights are attached as weights.toml).
        "rescore": {
            "weights": prov.weighting,
            "as_of": options["as_of"],
            "methods": options["method"],
            "missing": options["missing"],
            "indicator_pick": options["indicator_pick"],
            "floor": options["floor"],
        },
        "files": [{"name": f.name, "sha256": hashlib.sha256(f.data).hexdigest()} for f in files],
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return [
        EmbeddedFile(
            MANIFEST,
            text.encode("utf-8"),
            "What this report carries and how to re-score it.",
            "Supplement",
        ),
        *files,
    ]
