"""Shared helpers for tests that edit a copy of the example dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).parent / "data" / "example"


def copy_example(folder: Path) -> Path:
    """A writable copy of tests/data/example in ``folder/example``."""
    root = folder / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def edit(root: Path, file: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``root/file`` by ``new``."""
    path = root / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    path.write_text(text.replace(old, new, 1), "utf-8")


VERDICTS = """\
[[verdicts]]
scope = "programme"
as_of = "2016-11"
level = "limited"
rationale = "The review calls the record mixed."
evidence = [
  { source = "review-2016", quote = "The programme s record is mixed.", kind = "statement" },
]

[[verdicts]]
scope = "access"
as_of = "2016-11"
level = "progressing"
party = "mexico"
rationale = "Connections accelerated once the disputes were settled."
evidence = [
  { source = "review-2016", quote = "Connections accelerated in 2016", kind = "output" },
]
divergence_note = "The kiosks were never built."
"""

OBJECTIVES = """\
pillar = "access"

[[objectives]]
id = "access.homes"
title = "Connect homes"
description = "Piped water to households."
stated_in = [
  { source = "declaration-2014", quote = "to piped, treated water by the end of 2016" },
]

[[objectives]]
id = "access.rural"
title = "Serve rural settlements"
"""

CODINGS = {
    "codings/round-1/ana.toml": """\
round = 1
coder = "ana"
note = "First reading."

[[readings]]
source = "review-2016"
commitment = "access.connections"
status = "progressing"
kind = "outcome"
rule = "R2"
rationale = "Half the target."

[[readings]]
source = "review-2016"
scope = "programme"
status = "limited"
""",
    "codings/round-1/ben.toml": """\
round = 1
coder = "ben"

[[readings]]
source = "review-2016"
commitment = "access.connections"
status = "limited"
kind = "outcome"

[[readings]]
source = "review-2016"
scope = "programme"
status = "limited"
""",
    "codings/adjudication.toml": """\
[[adjudications]]
round = 1
source = "review-2016"
commitment = "access.connections"
status = "progressing"
note = "R2: half or more delivered is substantial progress."
""",
}


def add_new_kinds_of_data(root: Path) -> None:
    """Give the example at ``root`` one of everything issue 10 added: verdicts (one of
    a party), objectives with a citation, commitments under them, an observation
    period, a scale level that requires evidence kinds, weights of objectives and a
    verdict weight, and two coders' readings with an adjudication."""
    (root / "verdicts.toml").write_text(VERDICTS, "utf-8")
    edit(root, "pillars/access.toml", 'pillar = "access"\n', OBJECTIVES)
    edit(
        root,
        "pillars/access.toml",
        'parties = ["mexico"]\n',
        'parties = ["mexico"]\nobjective = "access.homes"\n',
    )
    edit(
        root,
        "pillars/access.toml",
        'parties = ["united-states"]\n',
        'parties = ["united-states"]\nobjective = "access.rural"\n',
    )
    edit(
        root,
        "pillars/access.toml",
        'as_of = "2016-11"\nlow = 20000',
        'as_of = "2016-11"\nperiod = "2016-09"\nlow = 20000',
    )
    edit(
        root,
        "programme.toml",
        "value = 1\n",
        'value = 1\nrequires = ["output", "outcome"]\n',
    )
    edit(
        root,
        "programme.toml",
        'commitments = { "quality.testing" = 2 }\n',
        'commitments = { "quality.testing" = 2 }\n'
        'objectives = { "access.homes" = 3 }\nverdict_weight = 0.25\n',
    )
    for name, text in CODINGS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
