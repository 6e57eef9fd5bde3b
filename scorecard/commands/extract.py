"""``scorecard extract REPORT.pdf DIR``: recover a report's dataset, weights and result."""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard.report.extract import Extracted

NAME = "extract"
HELP = "Write the dataset, weights and result embedded in a report PDF into a folder."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", help="a PDF written by 'scorecard render'")
    parser.add_argument("dir", help="folder to write into (new or empty)")


def rescore_command(out: Extracted) -> list[str]:
    """The ``scorecard score`` command that re-scores an extracted report as rendered.

    The weights are always the extracted ``weights.toml`` (the normalised weights the
    report used, whatever the weighting was called); every scoring choice that
    differs from its default is given as a flag (:meth:`ScoringOptions.to_flags
    <scorecard.options.ScoringOptions.to_flags>`), so nothing is dropped."""
    command = ["scorecard", "score", str(out.dataset)]
    command += ["--weights", str(out.folder / "weights.toml")]
    return command + out.options.to_flags()


def run(args: argparse.Namespace) -> int:
    from scorecard.report.extract import extract

    out = extract(args.pdf, args.dir)
    for path in out.files:
        print(path)
    print(f"re-score with: {shlex.join(rescore_command(out))}")
    return 0
