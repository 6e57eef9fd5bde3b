"""``scorecard check PATH [--json] [-o FILE]``: validate a dataset and verify every quote.

Prints a short summary and exits 0; on problems prints one line per problem on
standard error and exits 1 (see :mod:`scorecard.cli`). ``--json`` prints the
counts and every citation's W3C-style anchor (exact quote, prefix, suffix,
start, end) instead. ``-o FILE`` writes either to FILE, atomically.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from scorecard.commands._output import add_output, emit
from scorecard.errors import DataError, Problem
from scorecard.model import Programme

NAME = "check"
HELP = "Validate a dataset folder and verify that every quote occurs in its source."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    parser.add_argument(
        "--json", action="store_true", help="print counts and citation anchors as JSON"
    )
    add_output(parser)


def counts(programme: Programme) -> dict[str, int]:
    """What a dataset holds, as ``scorecard check`` reports it."""
    commitments = [c for _, c in programme.commitments()]
    indicators = [i for c in commitments for i in c.indicators]
    return {
        "pillars": len(programme.pillars),
        "commitments": len(commitments),
        "assessments": sum(len(c.assessments) for c in commitments),
        "indicators": len(indicators),
        "observations": sum(len(i.observations) for i in indicators),
        "citations": sum(1 for c in programme.citations() if c[1].span is not None),
        "sources": len(programme.sources),
    }


def anchors(programme: Programme) -> list[dict[str, Any]]:
    """Every citation as a W3C-style anchor, with where it is used."""
    from scorecard.citations import selector

    result: list[dict[str, Any]] = []
    for used_by, cit in programme.citations():
        if cit.span is None:
            continue
        text = programme.source(cit.source).text
        prefix, suffix = selector(text, cit.span)
        result.append(
            {
                "source": cit.source,
                "quote": cit.quote,
                "start": cit.span[0],
                "end": cit.span[1],
                "prefix": prefix,
                "suffix": suffix,
                "kind": cit.kind.value,
                "used_by": used_by,
            }
        )
    return result


def run(args: argparse.Namespace) -> int:
    from scorecard.loader import load

    try:
        programme = load(args.path)
    except (OSError, UnicodeError) as exc:  # the loader reports these itself; belt and braces
        raise DataError([Problem(str(args.path), "", f"cannot be read ({exc})")]) from None
    numbers = counts(programme)
    if args.json:
        payload = {"counts": numbers, "citations": anchors(programme)}
        emit(args, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    emit(
        args,
        f"{args.path}: {programme.title} ({programme.id}) is valid\n"
        f"  {numbers['pillars']} pillars, {numbers['commitments']} commitments, "
        f"{numbers['assessments']} assessments, {numbers['indicators']} indicators, "
        f"{numbers['observations']} observations\n"
        f"  {numbers['citations']} citations verified in {numbers['sources']} sources\n",
    )
    return 0
