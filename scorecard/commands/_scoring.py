"""Flags shared by the scoring commands (``score``, ``sensitivity``, ``timeline``,
``render``), and a text table.

Every field of :class:`~scorecard.options.ScoringOptions` has a flag here; the flags
arrive as text and :meth:`ScoringOptions.from_cli
<scorecard.options.ScoringOptions.from_cli>` reads and checks them all at once, so
a bad value is one line naming the flag and exit status 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from scorecard.model import Programme
from scorecard.options import (
    DEFAULT_FLOOR,
    LEVELS,
    Aggregation,
    IndicatorPick,
    MissingPolicy,
    ScoringOptions,
)
from scorecard.weights import Weights, WeightsSpec


def _names(choices: type[Aggregation | MissingPolicy | IndicatorPick]) -> str:
    return ", ".join(m.value for m in choices)


def add_common(parser: argparse.ArgumentParser, *, as_of: bool = True) -> None:
    """The dataset path, ``--weights`` and the scoring options."""
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    add_weights(parser)
    add_options(parser, as_of=as_of)


def add_weights(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--weights",
        metavar="NAME|equal|FILE",
        help="a weighting of the dataset, 'equal', or a TOML file of weights "
        "(default: the dataset's default weighting)",
    )


def add_options(parser: argparse.ArgumentParser, *, as_of: bool = True) -> None:
    """One flag per scoring option (``--as-of`` only where the command takes a date)."""
    if as_of:
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            help="score as of YYYY, YYYY-MM or YYYY-MM-DD (default: all the data)",
        )
    parser.add_argument(
        "--method",
        metavar="METHOD|LEVEL=METHOD,...",
        help=f"{_names(Aggregation)} for every level, or per level, "
        "e.g. 'overall=geometric,pillars=arithmetic' (levels: "
        + ", ".join(LEVELS)
        + "; unnamed levels follow the weighting) (default: the weighting's declared "
        "aggregation, else arithmetic)",
    )
    parser.add_argument(
        "--missing",
        metavar="POLICY",
        help=f"how unassessed commitments count: {_names(MissingPolicy)} "
        "(default: the weighting's declared missing, else renormalize)",
    )
    parser.add_argument(
        "--floor",
        metavar="POINTS",
        help="geometric and harmonic means take max(score, POINTS), in [0, 100); "
        f"0 makes a zero under them an error (default: the weighting's declared floor, "
        f"else {DEFAULT_FLOOR:g})",
    )
    parser.add_argument(
        "--indicator-pick",
        metavar="PICK",
        help=f"which value of an observed range counts: {_names(IndicatorPick)} (default: mid)",
    )
    parser.add_argument(
        "--stale-after",
        metavar="MONTHS",
        help="treat a reading older than MONTHS at the reference day as missing (default: off)",
    )
    parser.add_argument(
        "--verdict-weight",
        metavar="W",
        help="blend the sources' own verdicts into pillar and overall scores with weight W "
        "in [0, 1] (default: the weighting's own, usually 0: shown, not mixed in)",
    )


def options(args: argparse.Namespace) -> ScoringOptions:
    """The scoring options the flags ask for (an OptionsError names each bad flag)."""
    return ScoringOptions.from_cli(args)


def weights_arg(value: str | None) -> WeightsSpec:
    if value is None:
        return None
    if value.endswith(".toml") or Path(value).is_file():
        return Weights.from_toml(value)
    return value


def load(path: str) -> Programme:
    from scorecard.loader import load as load_dataset

    return load_dataset(path)


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
