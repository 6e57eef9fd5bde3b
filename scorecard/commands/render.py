"""``scorecard render PATH [--html OUT] [--pdf OUT] ...``: the report as HTML and/or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

NAME = "render"
HELP = "Render a dataset's scorecard as a self-contained HTML page and/or a PDF report."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    parser.add_argument("--html", metavar="OUT", help="write the HTML report here")
    parser.add_argument("--pdf", metavar="OUT", help="write the PDF report here")
    parser.add_argument(
        "--weights",
        metavar="NAME|equal|FILE",
        help="a weighting of the dataset, 'equal', or a TOML weights file "
        "(default: the dataset's default weighting)",
    )
    parser.add_argument("--as-of", metavar="DATE", help="score as of YYYY[-MM[-DD]]")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    parser.add_argument(
        "--variant",
        choices=("pdf/ua-1", "pdf/a-3b"),
        default="pdf/ua-1",
        help="PDF flavour: tagged for accessibility (default) or archival",
    )
    parser.add_argument("--template-dir", metavar="DIR", help="templates overriding the built-ins")
    parser.add_argument("--draws", type=int, default=10_000, help="sensitivity draws")
    parser.add_argument("--seed", type=int, default=0, help="sensitivity seed")


def weights_spec(value: str | None) -> Any:
    """``--weights``: a TOML file when one exists at that path, else a weighting name."""
    if value is None:
        return None
    if value.endswith(".toml") or Path(value).is_file():
        from scorecard.weights import Weights

        return Weights.from_toml(value)
    return value


def run(args: argparse.Namespace) -> int:
    from scorecard.engine import score
    from scorecard.errors import ScorecardError
    from scorecard.loader import load
    from scorecard.report import render_html, render_pdf

    if not args.html and not args.pdf:
        raise ScorecardError("nothing to do: give --html OUT and/or --pdf OUT")
    programme = load(args.path)
    result = score(programme, weights_spec(args.weights), as_of=args.as_of)
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
