"""The commands on a collection folder (see :mod:`scorecard.collection`).

``score``, ``sensitivity``, ``check`` and ``render`` take a collection folder (one
holding ``collection.toml``) wherever they take a dataset folder:

- ``score DIR``: the ranking, one row per unit. ``--format csv`` has the header
  ``rank, unit, title, overall, grade`` and then one column per pillar (its id),
  unrounded, missing values empty; ``json`` is
  :meth:`CollectionResult.to_json <scorecard.collection_result.CollectionResult.to_json>`.
- ``sensitivity DIR``: each unit's rank interval (the same weight draw applied to
  every unit per draw).
- ``check DIR``: every unit loaded and verified; one line per unit.
- ``render DIR --unit ID``: one unit's report, as for a dataset;
  ``render DIR``: the comparison page (ranking and rank intervals).
"""

from __future__ import annotations

import argparse
import csv
import io
import json

from scorecard.collection import Collection
from scorecard.collection_result import CollectionResult, CollectionSensitivity
from scorecard.commands import _scoring
from scorecard.commands._output import emit
from scorecard.display import format_score

__all__ = ["check", "rank_table", "ranking_csv", "ranking_table", "score"]


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def ranking_csv(result: CollectionResult) -> str:
    """One row per unit: rank, unit, title, overall, grade, one column per pillar."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rank", "unit", "title", "overall", "grade", *(p for p, _ in result.pillars)])
    for row in result.ranking_rows():
        writer.writerow(_cell(v) for v in row)
    return buffer.getvalue()


def ranking_table(result: CollectionResult) -> str:
    """The ranking as an aligned text table (scores floored to one decimal)."""
    rows = [
        [
            "—" if r.rank is None else str(r.rank),
            r.title,
            format_score(r.overall, 1),
            r.grade or "—",
            *(f"{format_score(s, 1)} {g or '—'}" for _, s, g in r.pillars),
        ]
        for r in result.ranking
    ]
    first = next(iter(result.results.values()), None)
    head = f"{result.title}: {len(result.results)} units"
    if first is not None:
        prov = first.provenance
        head += f"; weighting {prov.weighting}; methods " + ", ".join(
            f"{k} {v}" for k, v in prov.methods.items()
        )
    n = len(result.pillars)
    return (
        head
        + "\n\n"
        + _scoring.table(
            ["rank", "unit", "overall", "grade", *(t for _, t in result.pillars)],
            rows,
            [True, False, True, False, *([True] * n)],
        )
    )


def rank_table(result: CollectionSensitivity) -> str:
    """Each unit's base rank and rank interval."""
    rows = [
        [
            u.title,
            format_score(u.overall, 1),
            "—" if u.rank is None else str(u.rank),
            "—" if u.median is None else str(u.median),
            "—" if u.p05 is None else str(u.p05),
            "—" if u.p95 is None else str(u.p95),
        ]
        for u in result.units
    ]
    return (
        f"{result.draws} draws, seed {result.seed}, spread {result.spread}, "
        f"rating noise {result.vary_ratings}; the same draw for every unit\n\n"
        + _scoring.table(
            ["unit", "overall", "rank", "median", "p05", "p95"],
            rows,
            [False, True, True, True, True, True],
        )
    )


def load(path: str) -> Collection:
    from scorecard.collection import load_collection

    return load_collection(path)


def score(args: argparse.Namespace) -> int:
    from scorecard.collection_result import score_collection

    options = _scoring.options(args)
    collection = load(args.path)
    result = score_collection(collection, _scoring.weights_arg(args.weights), options=options)
    if args.format == "json":
        emit(args, result.to_json())
    elif args.format == "csv":
        emit(args, ranking_csv(result))
    else:
        emit(args, ranking_table(result))
    return 0


def check(args: argparse.Namespace) -> int:
    """Every unit loaded and verified; with ``--strict``, exit 1 while a unit's verdict
    diverges from its roll-up without a note (as for a dataset)."""
    import sys

    from scorecard.commands.check import counts
    from scorecard.engine import verdict_comparisons
    from scorecard.errors import OptionProblem, OptionsError

    if getattr(args, "lang", None):
        raise OptionsError(
            [OptionProblem("lang", "a collection's units have no translations: drop --lang")]
        )
    collection = load(args.path)
    units = {u.id: counts(u.programme) for u in collection}
    comparisons = {u.id: verdict_comparisons(u.programme) for u in collection}
    unexplained = {
        uid: sum(1 for c in found if c.divergent and not c.explained)
        for uid, found in comparisons.items()
    }
    status = 1 if args.strict and any(unexplained.values()) else 0
    if args.json:
        data = {
            uid: {**n, "divergences": [c.to_dict() for c in comparisons[uid] if c.divergent]}
            for uid, n in units.items()
        }
        emit(args, json.dumps({"units": data}, ensure_ascii=False, indent=2) + "\n")
        return status
    lines = [
        f"{args.path}: {collection.title} ({collection.id}) is valid: "
        f"{len(collection)} units on one framework"
    ]
    for u in collection:
        n = units[u.id]
        line = (
            f"  {u.id}: {n['assessments']} assessments, {n['observations']} observations, "
            f"{n['citations']} citations verified in {n['sources']} sources"
        )
        if comparisons[u.id]:
            divergent = sum(c.divergent for c in comparisons[u.id])
            line += (
                f"; {len(comparisons[u.id])} verdicts, {divergent} divergent "
                f"({unexplained[u.id]} unexplained)"
            )
        lines.append(line)
    emit(args, "\n".join(lines) + "\n")
    if status:
        print(
            f"error: {sum(unexplained.values())} unexplained divergence(s) between verdicts "
            "and roll-ups (--strict): give each a divergence_note in the unit's "
            "verdicts.toml, or re-code the commitments",
            file=sys.stderr,
        )
    return status
