"""``scorecard export PATH --format json [--output FILE]``: the whole programme as one file.

The JSON holds every field, the source texts and the resolved citation spans;
``scorecard.load(FILE)`` reads it back to an equal programme. Without
``--output`` the JSON goes to standard output; with it, the file is written
atomically (an earlier file stays intact if anything fails).
"""

from __future__ import annotations

import argparse

from scorecard.commands._output import add_output, emit

NAME = "export"
HELP = "Write the whole programme (source texts and citation spans included) as one JSON file."
EXAMPLES = (
    "scorecard export fixtures/merida -o merida.json",
    "python -c \"import scorecard; print(scorecard.load('merida.json').title)\"   # read back",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (or a programme JSON file)")
    parser.add_argument(
        "--format", choices=["json"], default="json", help="output format (default: json)"
    )
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    from scorecard.export import export_json
    from scorecard.loader import load

    emit(args, export_json(load(args.path)))
    return 0
