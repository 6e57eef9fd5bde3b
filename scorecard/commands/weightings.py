"""``scorecard weightings PATH``: the dataset's weightings ("lenses").

For each weighting of ``programme.toml`` (and the built-in ``equal``, unless the
dataset defines its own): its id and label, whether it is the default, its
rationale, every pillar's relative weight with its normalised share of the overall
score, the objective and commitment weights it lists (unlisted ones weigh 1) and
its verdict weight. ``--format json`` prints a list of ``{"id", "label",
"rationale", "default", "builtin", "pillars": {id: weight}, "pillar_shares": {id:
share}, "objectives", "commitments", "verdict_weight"}``. Any of the ids can be
given to ``--weights`` of the scoring commands.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from scorecard.commands import _scoring
from scorecard.commands._output import add_output, emit
from scorecard.display import format_percent
from scorecard.model import Programme

NAME = "weightings"
HELP = "List a dataset's weightings: name, rationale and the weights of each."
EXAMPLES = (
    "scorecard weightings fixtures/merida",
    "scorecard weightings fixtures/merida --format json",
    "scorecard score fixtures/merida --weights institutions-first   # use one",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a listing for people or JSON for programs (default: table)",
    )
    add_output(parser)


def describe(programme: Programme) -> list[dict[str, Any]]:
    """Every weighting of ``programme``, as ``--format json`` prints them."""
    from scorecard.weights import Weights

    default = programme.default_weighting or "equal"
    ids = [w.id for w in programme.weightings]
    if "equal" not in ids:
        ids.append("equal")
    out = []
    for wid in ids:
        weights = Weights.resolve(programme, wid)
        shares = weights.normalise(programme).pillars
        known = {w.id: w for w in programme.weightings}
        w = known.get(wid)
        out.append(
            {
                "id": wid,
                "label": w.label if w else "Equal weights",
                "rationale": w.rationale
                if w
                else "Built in: every pillar, objective and commitment weighs the same.",
                "default": wid == default,
                "builtin": w is None,
                "pillars": {p.id: weights.pillars.get(p.id, 1.0) for p in programme.pillars},
                "pillar_shares": {p.id: shares[p.id] for p in programme.pillars},
                "objectives": dict(weights.objectives),
                "commitments": dict(weights.commitments),
                "verdict_weight": weights.verdict_weight,
            }
        )
    return out


def _listed(weights: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in weights.items())


def to_text(programme: Programme, described: list[dict[str, Any]]) -> str:
    lines = [f"{programme.title}: {len(described)} weightings (unlisted ids weigh 1)", ""]
    for d in described:
        tags = [t for t, on in (("default", d["default"]), ("built in", d["builtin"])) if on]
        lines.append(f"{d['id']}: {d['label']}" + (f" ({', '.join(tags)})" if tags else ""))
        lines.append(f"  {d['rationale']}")
        pillars = ", ".join(
            f"{pid} {w:g} ({format_percent(d['pillar_shares'][pid])})"
            for pid, w in d["pillars"].items()
        )
        lines.append(f"  pillars: {pillars}")
        if d["objectives"]:
            lines.append(f"  objectives: {_listed(d['objectives'])}")
        if d["commitments"]:
            lines.append(f"  commitments: {_listed(d['commitments'])}")
        if d["verdict_weight"]:
            lines.append(f"  verdict weight: {d['verdict_weight']:g}")
        lines.append("")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    programme = _scoring.load(args.path)
    described = describe(programme)
    if args.format == "json":
        emit(args, json.dumps(described, indent=2, ensure_ascii=False) + "\n")
    else:
        emit(args, to_text(programme, described))
    return 0
