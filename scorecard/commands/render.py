"""``scorecard render PATH [--html OUT] [--pdf OUT] ...``: the report as HTML and/or PDF.

Each output's name must end in its format's suffix (``--html`` ``.html`` or
``.htm``, ``--pdf`` ``.pdf``): ``--pdf out.html`` is an error naming the flag, found
before anything is computed. Missing output folders are created (and removed
again if the run fails before writing into them). On a terminal, standard error
shows the progress: the timeline, the sensitivity draws, "laying out the PDF" and
then the page count; standard output gets only the paths written.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scorecard.commands import _scoring

NAME = "render"
HELP = "Render a dataset's scorecard as a self-contained HTML page and/or a PDF report."
EXAMPLES = (
    "scorecard render fixtures/merida --html out/merida.html --pdf out/merida.pdf",
    "scorecard render fixtures/merida --pdf reports/letter.pdf --paper letter --as-of 2010-12-20",
    "scorecard render fixtures/merida --pdf out/archive.pdf --variant pdf/a-3b --draws 100000",
    "scorecard render fixtures/merida --pdf out/summary.pdf --detail summary",
    "scorecard render fixtures/merida --pdf out/merida.es.pdf --lang es",
    "scorecard render examples/index --html out/index.html   # a collection's ranking",
    "scorecard render examples/index --unit country-a --pdf out/country-a.pdf",
)
SUFFIXES = {"html": (".html", ".htm"), "pdf": (".pdf",)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml) or collection folder")
    parser.add_argument(
        "--unit",
        metavar="ID",
        help="on a collection: render this unit's report (default: the comparison page "
        "of all units: ranking and rank intervals)",
    )
    parser.add_argument(
        "--html",
        metavar="OUT",
        help="write the HTML report to OUT (ending in .html; missing folders are created)",
    )
    parser.add_argument(
        "--pdf",
        metavar="OUT",
        help="write the PDF report to OUT (ending in .pdf; missing folders are created)",
    )
    _scoring.add_weights(parser)
    _scoring.add_options(parser)
    parser.add_argument(
        "--paper",
        choices=("a4", "letter"),
        default="a4",
        help="page size for the PDF and for printing the HTML (default: a4)",
    )
    parser.add_argument(
        "--variant",
        choices=("pdf/ua-1", "pdf/a-3a", "pdf/a-3b"),
        default="pdf/ua-1",
        help="PDF flavor: tagged for accessibility, archival and tagged "
        "(pdf/a-3a) or archival untagged (pdf/a-3b) (default: pdf/ua-1)",
    )
    parser.add_argument(
        "--detail",
        choices=("auto", "full", "summary"),
        default="auto",
        # the threshold is written out, not imported: parsing must not load the report
        help="the PDF's level of detail: a page per commitment (full) or pillar and "
        "objective pages with compact commitment tables (summary); auto: full up to 150 "
        "commitments (the HTML and the attached dataset always keep every detail) "
        "(default: auto)",
    )
    parser.add_argument(
        "--lang",
        default="en",
        metavar="LANG",
        # the languages are written out, not imported: parsing must not load the report
        help="language of the report's own words, numbers and dates: en or es; the "
        "dataset's text and quotes are printed as they are (default: en)",
    )
    parser.add_argument(
        "--template-dir",
        metavar="DIR",
        help="templates overriding the built-in ones of the same name (default: none)",
    )
    parser.add_argument(
        "--draws",
        type=int,
        default=10_000,
        metavar="N",
        help="random draws of the sensitivity analysis behind the robustness figures "
        "(default: 10000)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help="sensitivity seed (default: 0)"
    )


def check_outputs(args: argparse.Namespace) -> None:
    """Something to write, and each output named with its format's suffix."""
    from scorecard.errors import OptionProblem, OptionsError, ScorecardError

    if not args.html and not args.pdf:
        raise ScorecardError("nothing to do: give --html OUT and/or --pdf OUT")
    problems = []
    for flag, suffixes in SUFFIXES.items():
        out: str | None = getattr(args, flag)
        if out is None or out.lower().endswith(suffixes):
            continue
        other = next(f for f in SUFFIXES if f != flag)
        hint = (
            f"; for {other.upper()} use --{other}" if out.lower().endswith(SUFFIXES[other]) else ""
        )
        problems.append(
            OptionProblem(flag, f"{out!r} does not end in {' or '.join(suffixes)}{hint}")
        )
    if problems:
        raise OptionsError(problems)


@contextlib.contextmanager
def _folders(outputs: list[str]) -> Iterator[None]:
    """Create the outputs' missing folders; remove the ones still empty if the run fails."""
    created: list[Path] = []
    for out in outputs:
        missing = [p for p in Path(out).absolute().parents if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir()
            created.append(folder)
    try:
        yield
    except BaseException:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        raise


def _pages(pdf: Path) -> int | None:
    from pypdf import PdfReader

    try:
        return len(PdfReader(pdf).pages)
    except Exception:  # only for the progress line: never fail a written report
        return None


def _lang(lang: str) -> str:
    """``lang`` if the report has that language; else an error naming the flag and the
    languages it has (before the dataset is read)."""
    from scorecard.errors import OptionProblem, OptionsError
    from scorecard.report.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise OptionsError(
            [
                OptionProblem(
                    "lang",
                    f"no report language {lang!r}; available: {', '.join(LANGUAGES)}",
                )
            ]
        )
    return lang


def run(args: argparse.Namespace) -> int:
    from scorecard import progress
    from scorecard._io import atomic_write
    from scorecard.collection import is_collection
    from scorecard.engine import score
    from scorecard.loader import load
    from scorecard.report import render_html, render_pdf

    check_outputs(args)
    lang = _lang(args.lang)
    scoring = _scoring.options(args)  # checked before the dataset is read
    if is_collection(args.path):
        if args.unit is None:
            return _comparison(args, scoring)
        from scorecard.collection import load_collection, unknown_unit
        from scorecard.errors import OptionProblem, OptionsError

        collection = load_collection(args.path)
        if args.unit not in collection.ids:
            raise OptionsError([OptionProblem("unit", unknown_unit(args.unit, collection.ids))])
        programme = collection.unit(args.unit).programme
    else:
        if args.unit is not None:
            from scorecard.errors import OptionProblem, OptionsError

            raise OptionsError(
                [OptionProblem("unit", f"{args.path} is a dataset, not a collection: drop --unit")]
            )
        programme = load(args.path)
    result = score(programme, _scoring.weights_arg(args.weights), options=scoring)
    options: dict[str, Any] = {
        "paper": args.paper,
        "template_dir": args.template_dir,
        "draws": args.draws,
        "seed": args.seed,
        "lang": lang,
    }
    from scorecard.report.analyses import analyse

    options["analyses"] = analyse(result, draws=args.draws, seed=args.seed)
    # The HTML is rendered first but written last: a PDF that fails leaves no HTML of
    # this run behind (one command, one outcome; no partial output).
    html = render_html(result, **options) if args.html else None
    with _folders([o for o in (args.html, args.pdf) if o]):
        if args.pdf:
            progress.note(f"laying out the PDF (WeasyPrint): {args.pdf} ...")
            render_pdf(result, args.pdf, variant=args.variant, detail=args.detail, **options)
            pages = _pages(Path(args.pdf))
            if pages is not None:
                progress.note(f"{args.pdf}: {pages} pages")
        if args.html and html is not None:
            atomic_write(args.html, html)
            print(Path(args.html), flush=True)
        if args.pdf:
            print(Path(args.pdf), flush=True)
    return 0


def _comparison(args: argparse.Namespace, scoring: Any) -> int:
    """``render DIR`` on a collection: the comparison page (ranking and rank intervals)."""
    from scorecard._io import atomic_write
    from scorecard.collection import load_collection
    from scorecard.collection_result import collection_sensitivity, score_collection
    from scorecard.report.compare import comparison_html, render_comparison_pdf

    collection = load_collection(args.path)
    weights = _scoring.weights_arg(args.weights)
    result = score_collection(collection, weights, options=scoring)
    intervals = collection_sensitivity(
        collection, weights, draws=args.draws, seed=args.seed, options=scoring
    )
    lang = _lang(args.lang)
    html = comparison_html(result, intervals, template_dir=args.template_dir, lang=lang)
    with _folders([o for o in (args.html, args.pdf) if o]):
        if args.pdf:
            render_comparison_pdf(
                result,
                args.pdf,
                intervals,
                template_dir=args.template_dir,
                variant=args.variant,
                lang=lang,
            )
        if args.html:
            atomic_write(args.html, html)
            print(Path(args.html), flush=True)
        if args.pdf:
            print(Path(args.pdf), flush=True)
    return 0
