"""``scorecard agreement PATH``: how far the dataset's independent coders agreed.

For every round of ``codings/``, Krippendorff's alpha overall and per pillar:
ordinal alpha on the scored levels (the figure the 0.80 target refers to), nominal
alpha on whether a source speaks to a unit at all (not coded / no evidence /
scored) and on the evidence kind, with the number of units and of paired units.
``--format json`` prints :meth:`scorecard.reliability.Agreement.to_dict`. ``-o FILE``
writes the output to FILE (atomically) instead of standard output.
"""

from __future__ import annotations

import argparse
import json

from scorecard.commands import _scoring
from scorecard.commands._output import add_output, emit
from scorecard.display import format_percent

NAME = "agreement"
HELP = "Krippendorff's alpha between the dataset's independent codings, per round and pillar."
EXAMPLES = (
    "scorecard agreement fixtures/merida",
    "scorecard agreement fixtures/merida --format json -o agreement.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the dataset folder (with a codings/ folder)")
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a table for people or JSON for programs (default: table)",
    )
    add_output(parser)


def _alpha(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def run(args: argparse.Namespace) -> int:
    from scorecard.reliability import agreement

    programme = _scoring.load(args.path)
    result = agreement(programme)
    if args.format == "json":
        emit(args, json.dumps(result.to_dict(), sort_keys=True, indent=2) + "\n")
        return 0
    if not result.rounds:
        emit(args, f"{programme.id}: no codings (add a codings/ folder to measure agreement)\n")
        return 0
    headers = ["round", "group", "status α", "coded α", "kind α", "units", "paired", "same"]
    rows = []
    for r in result.rounds:
        groups = [("all", r.overall), *r.pillars.items()]
        for name, a in groups:
            same = format_percent(a.agreement)
            rows.append(
                [
                    f"{r.round} ({', '.join(r.coders)})" if name == "all" else "",
                    name,
                    _alpha(a.status),
                    _alpha(a.coded),
                    _alpha(a.kind),
                    str(a.units),
                    str(a.paired),
                    same,
                ]
            )
    table = _scoring.table(headers, rows, [False, False, True, True, True, True, True, True])
    final = result.final
    assert final is not None
    status = final.overall.status
    if status is None:
        verdict = "undefined (too few paired units)"
    elif status >= result.target:
        verdict = f"{status:.3f}, at or above the {result.target:.2f} target"
    else:
        verdict = f"{status:.3f}, BELOW the {result.target:.2f} target"
    emit(args, f"{table}\nfinal round ({final.round}), ordinal alpha on levels: {verdict}\n")
    return 0
