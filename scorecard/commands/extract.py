"""``scorecard extract REPORT.pdf DIR``: recover a report's dataset, weights and result.

The PDF library's own warnings and log lines (``invalid pdf header``, ``EOF marker
not found``) are kept off standard error: a broken file gives one ``error:`` line
saying what is wrong, nothing before it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import shlex
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard.report.extract import Extracted

NAME = "extract"
HELP = "Write the dataset, weights and result embedded in a report PDF into a folder."
EXAMPLES = (
    "scorecard extract out/merida.pdf recovered/",
    "scorecard check recovered/dataset   # the dataset the report was built from",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", help="a PDF written by 'scorecard render'")
    parser.add_argument("dir", help="folder to write into (new or empty; created if missing)")


@contextlib.contextmanager
def quiet_pdf_library() -> Iterator[None]:
    """Silence pypdf's warnings and log records for the duration of the block."""
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


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

    with quiet_pdf_library():
        out = extract(args.pdf, args.dir)
    for path in out.files:
        print(path)
    print(f"re-score with: {shlex.join(rescore_command(out))}")
    return 0
