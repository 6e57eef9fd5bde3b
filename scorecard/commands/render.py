"""``scorecard render PATH [--html OUT] [--pdf OUT] ...``: the report as HTML and/or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scorecard.commands import _scoring

NAME = "render"
HELP = "Render a dataset's scorecard as a self-contained HTML page and/or a PDF report."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    parser.add_argument("--html", metavar="OUT", help="write the HTML report here")
    parser.add_argument("--pdf", metavar="OUT", help="write the PDF report here")
    _scoring.add_weights(parser)
    _scoring.add_options(parser)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    parser.add_argument(
        "--variant",
        choices=("pdf/ua-1", "pdf/a-3a", "pdf/a-3b"),
        default="pdf/ua-1",
        help="PDF flavour: tagged for accessibility (default), archival and tagged "
        "(pdf/a-3a) or archival untagged (pdf/a-3b)",
    )
    parser.add_argument("--template-dir", metavar="DIR", help="templates overriding the built-ins")
    parser.add_argument(
        "--draws", type=int, default=10_000, help="sensitivity draws (default: 10000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="sensitivity seed (default: 0)")


def run(args: argparse.Namespace) -> int:
    from scorecard.engine import score
    from scorecard.errors import ScorecardError
    from scorecard.loader import load
    from scorecard.report import render_html, render_pdf

    if not args.html and not args.pdf:
        raise ScorecardError("nothing to do: give --html OUT and/or --pdf OUT")
    scoring = _scoring.options(args)  # checked before the dataset is read
    programme = load(args.path)
    result = score(programme, _scoring.weights_arg(args.weights), options=scoring)
    options: dict[str, Any] = {
        "paper": args.paper,
        "template_dir": args.template_dir,
        "draws": args.draws,
        "seed": args.seed,
    }
    from scorecard.report.analyses import analyse

    options["analyses"] = analyse(result, draws=args.draws, seed=args.seed)
    if args.html:
        render_html(result, args.html, **options)
        print(Path(args.html))
    if args.pdf:
        render_pdf(result, args.pdf, variant=args.variant, **options)
        print(Path(args.pdf))
    return 0
