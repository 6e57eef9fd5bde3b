"""``scorecard init DIR``: start a dataset.

Writes a small valid dataset into ``DIR`` (created if missing; refused unless
empty): ``programme.toml`` (a scale, grade bands, one pillar, one party, one
weighting), ``sources.toml`` with one source and its checksum, the source text
under ``sources/`` and ``pillars/<pillar>.toml`` with one commitment assessed
from a quote of that text. Comments in every file point to the documentation. It
passes ``scorecard check`` as written; replace its contents with your programme's.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

from scorecard.errors import ScorecardError

NAME = "init"
HELP = "Start a dataset: write a small valid one (one pillar, commitment and source) into DIR."
EXAMPLES = (
    "scorecard init my-programme",
    "scorecard init my-programme --id border-health --title 'The Border Health Compact'",
    "scorecard check my-programme && scorecard score my-programme",
)

DOCS = "docs/data-format.md"
SOURCE_FILE = "sources/2024-03-01-joint-statement.txt"

SOURCE_TEXT = """\
Joint Statement on Cooperation

Issued on 1 March 2024.

The two governments agree to train 500 inspectors by the end of 2025.
By the date of this statement, 120 inspectors had completed the course.
"""

PROGRAMME = """\
# The programme: its scale of statuses, grade bands, pillars, parties and weightings.
# Every key is explained in {docs} (section "programme.toml").
id = "{id}"
title = "{title}"
description = "What the programme set out to do, in one or two sentences."
authors = ["Who made this assessment"]
default_weighting = "equal"

# Status levels, LOWEST FIRST. A level with missing = true counts as "no evidence".
[[scale]]
id = "no-evidence"
label = "No evidence"
meaning = "The sources say nothing about delivery yet."
missing = true

[[scale]]
id = "stalled"
label = "Stalled"
meaning = "Nothing delivered, or the work was dropped."
value = 0.0

[[scale]]
id = "limited"
label = "Limited progress"
meaning = "First steps taken; most of the promise is undelivered."
value = 0.33

[[scale]]
id = "substantial"
label = "Substantial progress"
meaning = "Much of the promise delivered, with gaps."
value = 0.67

[[scale]]
id = "achieved"
label = "Achieved"
meaning = "The promise was kept."
value = 1.0

# Grade bands: contiguous, covering 0-100; min inclusive, max exclusive (the top
# band includes 100).
[[grades]]
grade = "A"
min = 80
max = 100

[[grades]]
grade = "B"
min = 60
max = 80

[[grades]]
grade = "C"
min = 40
max = 60

[[grades]]
grade = "D"
min = 20
max = 40

[[grades]]
grade = "F"
min = 0
max = 20

# One [[pillars]] table per pillar, in display order; each has a file in pillars/.
[[pillars]]
id = "training"
title = "Train the inspectors"
short_title = "Training"
description = "Build the workforce the programme depends on."

# Whoever makes commitments in this programme (at least one).
[[parties]]
id = "partners"
label = "The partner governments"
short_label = "Partners"

# Weightings are value judgements: say whose and why. Unlisted ids weigh 1.
# See docs/scoring.md for how weights are normalised.
[[weightings]]
id = "equal"
label = "Equal weights"
rationale = "No pillar or commitment is presumed more important than another."
"""

SOURCES = """\
# One [[sources]] table per source text (plain UTF-8 under sources/).
# See {docs} (section "sources.toml"). After editing a text, run
#   scorecard check DIR --update-checksums
# to rewrite its sha256 here.
[[sources]]
id = "statement"
title = "Joint Statement on Cooperation"
authors = ["The partner governments"]
published = 2024-03-01
kind = "joint statement"
file = "{file}"
sha256 = "{sha256}"
"""

PILLAR = """\
# The commitments of one pillar (named by `pillar`), each judged over time by dated
# assessments that quote the sources verbatim. See {docs} (section "pillars/*.toml")
# and docs/concepts.md. Add a commitment by copying the [[commitments]] table below.
pillar = "training"

[[commitments]]
id = "training.inspectors"
title = "Train 500 inspectors by the end of 2025"
promise = "The partners train 500 inspectors by the end of 2025."
parties = ["partners"]
stated_in = [
  {{ source = "statement", quote = "train 500 inspectors by the end of 2025", kind = "statement" }},
]

[[commitments.assessments]]
as_of = 2024-03-01        # no earlier than the sources it cites
status = "limited"        # a level id of the scale in programme.toml
rationale = "About a quarter of the inspectors had been trained a year into the programme."
evidence = [
  {{ source = "statement", quote = "120 inspectors had completed the course", kind = "output" }},
]
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", help="folder to create the dataset in (new or empty)")
    parser.add_argument(
        "--id",
        help="the programme's id: lower-case letters, digits, '-' and '.' "
        "(default: made from DIR's name)",
    )
    parser.add_argument("--title", help="the programme's title (default: made from DIR's name)")


def programme_id(name: str) -> str:
    """An id in the documented alphabet made from a folder name (``My Programme`` ->
    ``my-programme``)."""
    made = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return made or "my-programme"


def files(folder_name: str, pid: str | None = None, title: str | None = None) -> dict[str, str]:
    """The dataset ``init`` writes, as file name -> text."""
    pid = pid or programme_id(folder_name)
    title = title or pid.replace("-", " ").replace(".", " ").title()
    checksum = hashlib.sha256(SOURCE_TEXT.encode("utf-8")).hexdigest()
    return {
        "programme.toml": PROGRAMME.format(docs=DOCS, id=pid, title=_escape(title)),
        "sources.toml": SOURCES.format(docs=DOCS, file=SOURCE_FILE, sha256=checksum),
        SOURCE_FILE: SOURCE_TEXT,
        "pillars/training.toml": PILLAR.format(docs=DOCS),
    }


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise ScorecardError(f"{folder}: exists and is not a folder: give a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScorecardError(
            f"{folder}: is not empty: 'scorecard init' only writes into a new or empty "
            "folder, so that it never overwrites a dataset"
        )
    if args.id is not None and programme_id(args.id) != args.id:
        raise ScorecardError(
            f"--id: {args.id!r} is not a valid id: use lower-case letters, digits, '-' "
            f"and '.', e.g. {programme_id(args.id)!r}"
        )
    written = files(folder.resolve().name, args.id, args.title)
    for name, text in written.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    for name in written:
        print(folder / name)
    print(f"next: scorecard check {folder}   (then edit the files; {DOCS} explains every key)")
    return 0
