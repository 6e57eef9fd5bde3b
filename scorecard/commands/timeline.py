"""``scorecard timeline PATH``: the scores as of every date of the data.

``--format json`` prints ``{"points": [{"as_of", "overall": {"score", "grade",
"coverage"}, "pillars": [{"id", "score", "grade", "coverage"}]}]}``. ``-o FILE``
writes the output to FILE (atomically) instead of standard output.
"""

from __future__ import annotations

import argparse
import json

from scorecard.commands import _scoring
from scorecard.commands._output import add_output, emit
from scorecard.display import format_score

NAME = "timeline"
HELP = "Score a dataset as of every distinct date of its assessments."
EXAMPLES = (
    "scorecard timeline fixtures/merida",
    "scorecard timeline fixtures/merida --weights equal --format json -o timeline.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _scoring.add_common(parser, as_of=False)
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a table for people or JSON for programs (default: table)",
    )
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    from scorecard.analysis import timeline

    options = _scoring.options(args)  # checked before the dataset is read
    programme = _scoring.load(args.path)
    tl = timeline(programme, _scoring.weights_arg(args.weights), options=options)
    if args.format == "json":
        emit(args, json.dumps(tl.to_dict(), sort_keys=True, indent=2) + "\n")
        return 0
    pillars = [p.short_title or p.id for p in programme.pillars]
    rows = []
    for d, r in zip(tl.dates, tl.results, strict=True):
        cells = [d.isoformat(), f"{format_score(r.overall.score, 1)} {r.overall.grade or ''}"]
        cells += [f"{format_score(p.score, 1)} {p.grade or ''}".strip() for p in r.pillars]
        rows.append(cells)
    emit(
        args,
        _scoring.table(
            ["as of", "overall", *pillars], rows, [False, True, *([True] * len(pillars))]
        ),
    )
    return 0
