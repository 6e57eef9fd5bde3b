"""``-o/--output FILE``: where a command's printed result goes.

Shared by ``check``, ``score``, ``sensitivity``, ``timeline`` and ``export``. A
command builds its whole output as one string first, then calls :func:`emit`:
without ``--output`` (or with ``-``) the text goes to standard output; with it,
the text is written to the file by :func:`scorecard._io.atomic_write`, so a failed
run writes nothing and keeps any earlier file, and the file holds exactly the bytes
the command would have printed (UTF-8).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_output", "emit"]

STDOUT = "-"


def add_output(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE`` to a subcommand's parser."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the output to FILE instead of standard output ('-': standard output); "
        "the file is replaced atomically, and an earlier file is kept if the command fails",
    )


def emit(args: argparse.Namespace, text: str) -> None:
    """Write a command's complete output where ``--output`` says."""
    output: str | None = getattr(args, "output", None)
    if output is None or output == STDOUT:
        sys.stdout.write(text)
        return
    from scorecard._io import atomic_write

    atomic_write(output, text)
