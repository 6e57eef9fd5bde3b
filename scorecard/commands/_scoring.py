"""Options shared by ``score``, ``sensitivity`` and ``timeline``, and a text table."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scorecard.engine import LEVELS, MISSING_POLICIES
from scorecard.errors import Problem, ScoringError
from scorecard.model import Programme
from scorecard.weights import Weights, WeightsSpec


def add_common(parser: argparse.ArgumentParser, *, as_of: bool = True) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    parser.add_argument(
        "--weights",
        metavar="NAME|equal|FILE",
        help="a weighting of the dataset, 'equal', or a TOML file of weights "
        "(default: the dataset's default weighting)",
    )
    if as_of:
        parser.add_argument(
            "--as-of", metavar="DATE", help="score as of YYYY, YYYY-MM or YYYY-MM-DD"
        )
    parser.add_argument(
        "--method",
        default="arithmetic",
        metavar="METHOD|LEVEL=METHOD,...",
        help="arithmetic, geometric or harmonic for every level, or per level, "
        "e.g. 'overall=geometric,pillars=arithmetic' (levels: " + ", ".join(LEVELS) + ")",
    )
    parser.add_argument(
        "--missing",
        default="renormalize",
        choices=MISSING_POLICIES,
        help="how unassessed commitments count (default: renormalize)",
    )


def parse_method(text: str) -> str | dict[str, str]:
    if "=" not in text:
        return text
    chosen: dict[str, str] = {}
    for part in text.split(","):
        level, sep, method = part.partition("=")
        if not sep or not level.strip() or not method.strip():
            raise ScoringError([Problem("", "--method", f"cannot read {part!r}: use LEVEL=METHOD")])
        chosen[level.strip()] = method.strip()
    return chosen


def weights_arg(value: str | None) -> WeightsSpec:
    if value is None:
        return None
    if value.endswith(".toml") or Path(value).is_file():
        return Weights.from_toml(value)
    return value


def load(path: str) -> Programme:
    from scorecard.loader import load as load_dataset

    return load_dataset(path)


def options(args: argparse.Namespace) -> dict[str, Any]:
    return {"method": parse_method(args.method), "missing": args.missing}


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """An aligned plain-text table."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        out = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)]) + "\n"
