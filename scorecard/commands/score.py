"""``scorecard score PATH``: score a dataset and print the result.

Formats:

- ``table`` (default): the overall score, then each pillar and its commitments,
  then the party view, as an aligned text table. Scores are floored to one decimal
  (display never lifts a score into a higher band); ``—`` marks missing.
- ``json``: :meth:`Result.to_json <scorecard.result.Result.to_json>` (the shape is
  documented in ``docs/scoring.md``: ``overall``, ``pillars`` with their
  ``commitments``, ``parties``, ``provenance``).
- ``csv``: one row per commitment, with its pillar's columns repeated:
  ``pillar, pillar_title, pillar_in_framework, pillar_score, pillar_grade,
  pillar_coverage, pillar_weight, commitment, commitment_title, party, status,
  as_of, score, grade, weight, effective_weight, sources, outcome_share``.
  Numbers are unrounded; missing values are empty cells.

``-o FILE`` writes the output to FILE (atomically) instead of standard output.
"""

from __future__ import annotations

import argparse
import csv
import io

from scorecard.commands import _scoring
from scorecard.commands._output import add_output, emit
from scorecard.display import format_percent, format_score, format_weight
from scorecard.result import Result

NAME = "score"
HELP = "Score a dataset: grades for every pillar, overall and by party."

CSV_COLUMNS = (
    "pillar",
    "pillar_title",
    "pillar_in_framework",
    "pillar_score",
    "pillar_grade",
    "pillar_coverage",
    "pillar_weight",
    "commitment",
    "commitment_title",
    "party",
    "status",
    "as_of",
    "score",
    "grade",
    "weight",
    "effective_weight",
    "sources",
    "outcome_share",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _scoring.add_common(parser)
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_output(parser)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in result.pillars:
        for c in p.commitments:
            writer.writerow(
                _cell(v)
                for v in (
                    p.id,
                    p.title,
                    p.in_framework,
                    p.score,
                    p.grade,
                    p.coverage,
                    p.weight,
                    c.id,
                    c.title,
                    ",".join(c.parties),
                    c.status,
                    c.as_of,
                    c.score,
                    c.grade,
                    c.weight,
                    c.effective_weight,
                    c.sources,
                    c.outcome_share,
                )
            )
    return buffer.getvalue()


def to_table(result: Result) -> str:
    rows = [
        [
            "Overall",
            "",
            format_score(result.overall.score, 1),
            result.overall.grade or "—",
            format_percent(result.overall.coverage),
            "",
        ]
    ]
    for p in result.pillars:
        title = p.title if p.in_framework else f"{p.title} (outside the framework)"
        rows.append(
            [
                title,
                "",
                format_score(p.score, 1),
                p.grade or "—",
                format_percent(p.coverage),
                format_weight(p.weight, 0),
            ]
        )
        for c in p.commitments:
            rows.append(
                [
                    f"  {c.title}",
                    c.status_label or "not assessed",
                    format_score(c.score, 1),
                    c.grade or "—",
                    "",
                    format_weight(c.weight, 0),
                ]
            )
    for party in result.parties:
        rows.append(
            [
                f"Party: {party.label}",
                "",
                format_score(party.score, 1),
                party.grade or "—",
                format_percent(party.coverage),
                "",
            ]
        )
    prov = result.provenance
    head = (
        f"{result.programme_title}\n"
        f"weighting {prov.weighting}; methods "
        + ", ".join(f"{k} {v}" for k, v in prov.methods.items())
        + f"; missing {prov.missing}; as of {prov.as_of or 'latest'}\n\n"
    )
    return head + _scoring.table(
        ["", "status", "score", "grade", "coverage", "weight"],
        rows,
        [False, False, True, False, True, True],
    )


def run(args: argparse.Namespace) -> int:
    from scorecard.engine import score

    options = _scoring.options(args)  # checked before the dataset is read
    programme = _scoring.load(args.path)
    result = score(programme, _scoring.weights_arg(args.weights), options=options)
    if args.format == "json":
        emit(args, result.to_json())
    elif args.format == "csv":
        emit(args, to_csv(result))
    else:
        emit(args, to_table(result))
    return 0
