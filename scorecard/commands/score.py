"""``scorecard score PATH``: score a dataset and print the result.

Formats:

- ``table`` (default): the overall score, then each pillar (with its objectives,
  where it has some) and its commitments, then the party view, as an aligned text
  table; the sources' latest verdict stands beside the overall and each pillar
  (``B (progressing, review-2016 2016-11)``), marked ``!`` when it diverges from
  the roll-up by more than one grade band. Scores are floored to one decimal
  (display never lifts a score into a higher band); ``—`` marks missing.
- ``json``: :meth:`Result.to_json <scorecard.result.Result.to_json>` (the shape is
  documented in ``docs/scoring.md``: ``overall``, ``pillars`` with their
  ``objectives`` and ``commitments``, ``parties``, ``provenance``); the overall
  and each pillar carry ``verdict`` (an object with ``grade``, ``level``,
  ``source``, ``as_of``, ``quote``, or ``null``) and ``divergence``.
- ``csv``: one row per commitment, with its pillar's columns repeated:
  ``pillar, pillar_title, pillar_in_framework, pillar_score, pillar_grade,
  pillar_coverage, pillar_weight, commitment, commitment_title, party, status,
  as_of, score, grade, weight, effective_weight, sources, outcome_share``.
  Numbers are unrounded; missing values are empty cells.

On a collection folder (one holding ``collection.toml``) every format gives the
ranking, one row per unit (see :mod:`scorecard.commands._collection`).

``-o FILE`` writes the output to FILE (atomically) instead of standard output.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Sequence

from scorecard.commands import _scoring
from scorecard.commands._output import add_output, emit
from scorecard.display import format_percent, format_score, format_weight
from scorecard.result import CommitmentResult, Divergence, PillarResult, Result, VerdictResult

NAME = "score"
HELP = "Score a dataset: grades for every pillar, overall and by party."
EXAMPLES = (
    "scorecard score fixtures/merida",
    "scorecard score fixtures/merida --weights institutions-first --as-of 2010-12-20",
    "scorecard score fixtures/merida --format csv -o scores.csv",
    "scorecard score examples/index --format csv   # a collection: one row per unit",
)

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
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="a table for people, JSON (the whole result) or CSV (one row per commitment) "
        "(default: table)",
    )
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


def verdict_cell(verdict: VerdictResult | None, divergence: Divergence | None) -> str:
    """``B (progressing, review-2016 2016-11)``, with ``!`` when it diverges from the
    roll-up; empty without a verdict."""
    if verdict is None:
        return ""
    mark = " !" if divergence is not None and divergence.divergent else ""
    return f"{verdict.grade} ({verdict.level}, {verdict.source} {verdict.as_of}){mark}"


def _commitment_rows(commitments: Sequence[CommitmentResult], indent: str) -> list[list[str]]:
    return [
        [
            f"{indent}{c.title}",
            c.status_label or "not assessed",
            format_score(c.score, 1),
            c.grade or "—",
            "",
            format_weight(c.weight, 0),
            "",
        ]
        for c in commitments
    ]


def _pillar_rows(p: PillarResult) -> list[list[str]]:
    title = p.title if p.in_framework else f"{p.title} (outside the framework)"
    rows = [
        [
            title,
            "",
            format_score(p.score, 1),
            p.grade or "—",
            format_percent(p.coverage),
            format_weight(p.weight, 0),
            verdict_cell(p.verdict, p.divergence),
        ]
    ]
    if not p.objectives:
        return rows + _commitment_rows(p.commitments, "  ")
    by_id = {c.id: c for c in p.commitments}
    for o in p.objectives:
        rows.append(
            [
                f"  {o.title}",
                "objective",
                format_score(o.score, 1),
                o.grade or "—",
                format_percent(o.coverage),
                format_weight(o.weight, 0),
                "",
            ]
        )
        rows += _commitment_rows([by_id[c] for c in o.commitments], "    ")
    return rows


def to_table(result: Result) -> str:
    rows = [
        [
            "Overall",
            "",
            format_score(result.overall.score, 1),
            result.overall.grade or "—",
            format_percent(result.overall.coverage),
            "",
            verdict_cell(result.overall.verdict, result.overall.divergence),
        ]
    ]
    for p in result.pillars:
        rows += _pillar_rows(p)
    for party in result.parties:
        rows.append(
            [
                f"Party: {party.label}",
                "",
                format_score(party.score, 1),
                party.grade or "—",
                format_percent(party.coverage),
                "",
                verdict_cell(party.verdict, None),
            ]
        )
    prov = result.provenance
    methods = {k: v for k, v in prov.methods.items() if k != "objectives" or prov.objective_weights}
    head = (
        f"{result.programme_title}\n"
        f"weighting {prov.weighting}; methods "
        + ", ".join(f"{k} {v}" for k, v in methods.items())
        + f"; missing {prov.missing}; as of {prov.as_of or 'latest'}\n\n"
    )
    return head + _scoring.table(
        ["", "status", "score", "grade", "coverage", "weight", "verdict"],
        rows,
        [False, False, True, False, True, True, False],
    )


def run(args: argparse.Namespace) -> int:
    from scorecard.collection import is_collection
    from scorecard.engine import score

    if is_collection(args.path):
        from scorecard.commands import _collection

        return _collection.score(args)
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
