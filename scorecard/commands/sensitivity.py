"""``scorecard sensitivity PATH``: how robust are the grades to the weights (and ratings)?

``--format json`` prints ``{"draws", "seed", "spread", "vary_ratings", "vary_method",
"overall": {"median", "p05", "p95", "grades": {"A": p, ...}, "base_score",
"base_grade"}, "pillars": [{"id", "title", "median", "p05", "p95", "grades",
"ranks": [p(rank 1), p(rank 2), ...], ...}]}``. ``-o FILE`` writes the output to
FILE (atomically) instead of standard output. On a collection folder it reports
each unit's rank interval (see :mod:`scorecard.commands._collection`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from scorecard.commands import _scoring
from scorecard.commands._output import add_output, emit
from scorecard.display import format_score, format_shares

NAME = "sensitivity"
HELP = "Perturb weights (and optionally ratings) and report how often each grade survives."
EXAMPLES = (
    "scorecard sensitivity fixtures/merida",
    "scorecard sensitivity fixtures/merida --draws 100000 --vary-ratings 0.1 --vary-method",
    "scorecard sensitivity fixtures/merida --format json -o sensitivity.json",
    "scorecard sensitivity examples/index   # a collection: each unit's rank interval",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from scorecard.options import DEFAULT_SPREAD

    _scoring.add_common(parser)
    parser.add_argument(
        "--draws",
        type=int,
        default=10_000,
        metavar="N",
        help="number of random draws of the weights (default: 10000)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="random seed: the same seed gives the same figures (default: 0)",
    )
    parser.add_argument(
        "--spread",
        type=float,
        default=DEFAULT_SPREAD,
        metavar="S",
        help=f"weight spread in [0, 1): the sd of a weight of 0.5 (default: {DEFAULT_SPREAD})",
    )
    parser.add_argument(
        "--vary-ratings",
        type=float,
        default=0.0,
        metavar="P",
        help="probability in [0, 1] that a rating moves one level up or down (default: 0)",
    )
    parser.add_argument(
        "--vary-method",
        action="store_true",
        help="draw the aggregation methods too (default: keep the chosen ones)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a table for people or JSON for programs (default: table)",
    )
    add_output(parser)


def to_json_data(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = result.to_dict()
    data.pop("base", None)
    return data


def to_table(result: Any) -> str:
    """The text table: each score's base, median, 5-95% range and grade shares, then
    each pillar's rank distribution."""
    grades = list(result.overall.grades)
    header = ["", "base", "grade", "median", "p05", "p95", *grades]
    rows = []
    items: list[tuple[str, Any]] = [("Overall", result.overall)]
    items += [(p.title, p) for p in result.pillars]
    for title, s in items:
        rows.append(
            [
                title,
                format_score(s.base_score, 1),
                s.base_grade or "—",
                format_score(s.median, 1),
                format_score(s.p05, 1),
                format_score(s.p95, 1),
                *format_shares([s.grades[g] for g in grades]),
            ]
        )
    n = len(result.pillars)
    rank_rows = [[p.title, *format_shares(p.ranks)] for p in result.pillars]
    return (
        f"{result.draws} draws, seed {result.seed}, spread {result.spread}, "
        f"rating noise {result.vary_ratings}, methods varied: {result.vary_method}\n\n"
        + _scoring.table(
            header, rows, [False, True, False, True, True, True, *([True] * len(grades))]
        )
        + "\nRank of each pillar (share of draws)\n"
        + _scoring.table(["", *(f"#{i + 1}" for i in range(n))], rank_rows, [False, *([True] * n)])
    )


def run(args: argparse.Namespace) -> int:
    from scorecard.collection import is_collection
    from scorecard.collection_result import CollectionSensitivity
    from scorecard.commands import _collection
    from scorecard.robustness import sensitivity

    options = _scoring.options(args)  # checked before the dataset is read
    path = args.path
    subject = _collection.load(path) if is_collection(path) else _scoring.load(path)
    result = sensitivity(
        subject,
        _scoring.weights_arg(args.weights),
        draws=args.draws,
        seed=args.seed,
        spread=args.spread,
        vary_ratings=args.vary_ratings,
        vary_method=args.vary_method,
        options=options,
    )
    if isinstance(result, CollectionSensitivity):  # a collection: each unit's rank interval
        data: dict[str, Any] = result.to_dict()
        table = _collection.rank_table(result)
    else:
        data = to_json_data(result)
        table = to_table(result)
    if args.format == "json":
        emit(args, json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    else:
        emit(args, table)
    return 0
