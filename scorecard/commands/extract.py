"""``scorecard extract REPORT.pdf DIR``: recover a report's dataset, weights and result."""

from __future__ import annotations

import argparse
import shlex

NAME = "extract"
HELP = "Write the dataset, weights and result embedded in a report PDF into a folder."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", help="a PDF written by 'scorecard render'")
    parser.add_argument("dir", help="folder to write into (new or empty)")


def run(args: argparse.Namespace) -> int:
    from scorecard.report.extract import extract

    out = extract(args.pdf, args.dir)
    for path in out.files:
        print(path)
    rescore = out.rescore
    command = ["scorecard", "score", str(out.dataset)]
    if rescore.get("weights"):
        command += ["--weights", str(rescore["weights"])]
    if rescore.get("as_of"):
        command += ["--as-of", str(rescore["as_of"])]
    print(f"re-score with: {shlex.join(command)}")
    return 0
