"""The bad-input catalogue: named malformed datasets, one broken thing each.

Each :class:`Case` is a small declarative mutation of ``tests/data/example``: a
TOML key set, deleted or renamed, a file replaced, removed or turned into a
directory, a symlink or a FIFO. :func:`materialise` copies the example into a
folder and applies the mutation; every source checksum in ``sources.toml`` is
then recomputed (unless the case is about checksums) so that the case breaks
exactly one thing. ``expect`` lists the problems the loader must report, each as
``(file, path, message fragment)``: the file exactly, the path as a substring of
the reported path, the fragment case-insensitively in the message.

Files are named relative to the dataset folder; ``@cited`` stands for the text file
of the source cited by the first evidence of ``pillars/access.toml``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import tomli_w

EXAMPLE = Path(__file__).parent / "data" / "example"
ACCESS = "pillars/access.toml"
QUALITY = "pillars/quality.toml"
FIRST_ASSESSMENT = "commitments[0].assessments[0]"
FIRST_EVIDENCE = f"{FIRST_ASSESSMENT}.evidence[0]"

Key = str | int


def parse_path(path: str) -> list[Key]:
    """``commitments[0].weights["a.b"]`` -> ``["commitments", 0, "weights", "a.b"]``."""
    keys: list[Key] = []
    for name, index, quoted in re.findall(r'([^.\[\]"]+)|\[(\d+)\]|\["([^"]*)"\]', path):
        keys.append(name if name else int(index) if index else quoted)
    return keys


@attrs.frozen
class Ref:
    """The value found at ``path`` in ``file`` of the example dataset."""

    file: str
    path: str

    def get(self, root: Path) -> Any:
        node: Any = _read_toml(root / self.file)
        for key in parse_path(self.path):
            node = node[key]
        return node


# -- operations -----------------------------------------------------------------


@attrs.frozen
class Set:
    file: str
    path: str
    value: Any

    def apply(self, root: Path) -> None:
        value = self.value.get(root) if isinstance(self.value, Ref) else self.value
        _edit(root / self.file, self.path, lambda parent, key: _assign(parent, key, value))


@attrs.frozen
class Delete:
    file: str
    path: str

    def apply(self, root: Path) -> None:
        _edit(root / self.file, self.path, lambda parent, key: parent.pop(key))


@attrs.frozen
class Rename:
    file: str
    path: str
    new: str

    def apply(self, root: Path) -> None:
        def rename(parent: Any, key: Key) -> None:
            # keep the key's position, so the file reads as a typo would
            items = [(self.new if k == key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)

        _edit(root / self.file, self.path, rename)


@attrs.frozen
class Append:
    """Append to the array at ``path`` a copy of its item ``copy_of`` with ``changes``."""

    file: str
    path: str
    copy_of: int = 0
    changes: dict[str, Any] = attrs.field(factory=dict)

    def apply(self, root: Path) -> None:
        def append(parent: Any, key: Key) -> None:
            item = dict(parent[key][self.copy_of])
            item.update(
                {k: v.get(root) if isinstance(v, Ref) else v for k, v in self.changes.items()}
            )
            parent[key].append(item)

        _edit(root / self.file, self.path, append)


@attrs.frozen
class Write:
    """Replace a file's bytes: ``data`` is bytes, or a function of the old bytes."""

    file: str
    data: bytes | Callable[[bytes], bytes]

    def apply(self, root: Path) -> None:
        target = root / self.file
        if callable(self.data):
            target.write_bytes(self.data(target.read_bytes()))
        else:
            target.write_bytes(self.data)


@attrs.frozen
class Remove:
    file: str

    def apply(self, root: Path) -> None:
        (root / self.file).unlink()


@attrs.frozen
class MakeDir:
    """A directory where a file should be."""

    file: str

    def apply(self, root: Path) -> None:
        (root / self.file).unlink()
        (root / self.file).mkdir()
        (root / self.file / "inside.txt").write_text("a file inside\n")


@attrs.frozen
class Symlink:
    file: str
    target: str

    def apply(self, root: Path) -> None:
        (root / self.file).unlink()
        (root / self.file).symlink_to(self.target)


@attrs.frozen
class Fifo:
    """A named pipe where a file should be: reading it would block forever."""

    file: str

    def apply(self, root: Path) -> None:
        (root / self.file).unlink()
        os.mkfifo(root / self.file)


@attrs.frozen
class Large:
    """A large file (``megabytes`` of ``byte``) generated at test time, never committed."""

    file: str
    megabytes: int
    byte: bytes = b"\x00"

    def apply(self, root: Path) -> None:
        with (root / self.file).open("wb") as handle:
            chunk = self.byte * (1 << 20)
            for _ in range(self.megabytes):
                handle.write(chunk)


@attrs.frozen
class Add:
    """A new file (and its folders) holding ``text``."""

    file: str
    text: str

    def apply(self, root: Path) -> None:
        (root / self.file).parent.mkdir(parents=True, exist_ok=True)
        (root / self.file).write_text(self.text, "utf-8")


Op = Set | Delete | Rename | Append | Write | Remove | MakeDir | Symlink | Fifo | Large | Add


@attrs.frozen
class Case:
    name: str
    ops: Sequence[Op]
    expect: Sequence[tuple[str, str, str]]
    fix_checksums: bool = True
    """Recompute the checksums in sources.toml after the mutation."""


# -- helpers ------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _assign(parent: Any, key: Key, value: Any) -> None:
    parent[key] = value


def _edit(path: Path, dotted: str, action: Callable[[Any, Key], Any]) -> None:
    data = _read_toml(path)
    *head, last = parse_path(dotted)
    node: Any = data
    for key in head:
        node = node[key]
    action(node, last)
    path.write_bytes(_dump(data))


def _dump(data: dict[str, Any]) -> bytes:
    return tomli_w.dumps(data).encode("utf-8")


def resolve(file: str, root: Path = EXAMPLE) -> str:
    """The dataset-relative file a case names (``@cited`` resolved)."""
    if file != "@cited":
        return file
    source_id = Ref(ACCESS, f"{FIRST_EVIDENCE}.source").get(root)
    for source in _read_toml(root / "sources.toml")["sources"]:
        if source["id"] == source_id:
            return str(source["file"])
    raise LookupError(source_id)


def _resolve_op(op: Op, root: Path) -> Op:
    return attrs.evolve(op, file=resolve(op.file, root))


def materialise(case: Case, folder: Path) -> Path:
    """Copy the example dataset into ``folder`` and apply ``case``'s mutation."""
    shutil.copytree(EXAMPLE, folder)
    for op in case.ops:
        _resolve_op(op, folder).apply(folder)
    if case.fix_checksums:
        _fix_checksums(folder)
    return folder


def _fix_checksums(root: Path) -> None:
    path = root / "sources.toml"
    if not path.is_file():
        return
    try:
        data = _read_toml(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return
    changed = False
    for source in data.get("sources", []):
        text = root / str(source.get("file", ""))
        if isinstance(source.get("file"), str) and text.is_file() and not text.is_symlink():
            digest = hashlib.sha256(text.read_bytes()).hexdigest()
            if "sha256" in source and source["sha256"] != digest:
                source["sha256"] = digest
                changed = True
    if changed:
        path.write_bytes(_dump(data))


def _quote_again(old: bytes) -> bytes:
    """The source text with the second quote of the first assessment appended once more."""
    quote = Ref(ACCESS, f"{FIRST_ASSESSMENT}.evidence[1].quote").get(EXAMPLE)
    return old + b"\n" + quote.encode("utf-8") + b"\n"


def _latin1(old: bytes) -> bytes:
    return old.decode("utf-8").encode("latin-1", errors="replace") + "\nAño café\n".encode(
        "latin-1"
    )


# A CSV source added to the example (a copy of the 2015 progress report's entry, so
# that the 2015 observation may cite it), cited by the first observation.
TABLE = "sources/stats-2015.csv"
TABLE_TEXT = 'year,households,note\n2014,0,none\n2015,"12,000",about\n'
FIRST_OBSERVATION = "commitments[0].indicators[0].observations[0]"
CELL = f"{FIRST_OBSERVATION}.evidence[0]"
NEW_SOURCE = "sources[3]"


def tabular(
    text: str | bytes = TABLE_TEXT, cell: dict[str, Any] | None = None, **source: Any
) -> list[Op]:
    """Operations adding the CSV source ``stats-2015`` (``text``, its entry updated by
    ``source``) and making the first observation's evidence a cell of it (``cell``
    updates ``row = "2015", column = "households"``; a key given ``None`` is left out)."""
    entry = {"id": "stats-2015", "title": "Connections 2015", "file": TABLE}
    entry |= {"kind": "statistics table", **source}
    citation = {"source": "stats-2015", "row": "2015", "column": "households", "kind": "outcome"}
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    cited = {k: v for k, v in (citation | (cell or {})).items() if v is not None}
    return [Write(TABLE, data), Append(S, "sources", 1, entry), Set(ACCESS, CELL, cited)]


# -- the catalogue -----------------------------------------------------------------

DEEP = 10_000
"""Levels of nesting of the pathological cases (tomllib and json recurse per level)."""

CONFUSABLE = "access.\u0430ccess"
"""An id with a Cyrillic 'а' (U+0430) where a Latin 'a' would be."""

A = FIRST_ASSESSMENT
E = FIRST_EVIDENCE
P = "programme.toml"
S = "sources.toml"
V = "verdicts.toml"
OBSERVATION = "commitments[0].indicators[0].observations[1]"

# A valid verdict (the example's review judges the programme "mixed") and valid readings
# of two coders with an adjudication, for the cases that break one thing in them.
VERDICT = """\
[[verdicts]]
scope = "programme"
as_of = "2016-11"
level = "limited"
rationale = "The review calls the record mixed."
evidence = [{ source = "review-2016", quote = "The programme s record is mixed." }]
"""
ANA = "codings/round-1/ana.toml"
BEN = "codings/round-1/ben.toml"
ADJUDICATION = "codings/adjudication.toml"
_READING = """\
round = 1
coder = "{coder}"

[[readings]]
source = "review-2016"
commitment = "access.connections"
status = "{status}"
"""
CODINGS = (
    Add(ANA, _READING.format(coder="ana", status="progressing")),
    Add(BEN, _READING.format(coder="ben", status="limited")),
    Add(
        ADJUDICATION,
        '[[adjudications]]\nround = 1\nsource = "review-2016"\n'
        'commitment = "access.connections"\nstatus = "progressing"\nnote = "Rule 2."\n',
    ),
)
HOMES = {"id": "access.homes", "title": "Connect homes"}
RURAL = {"id": "access.rural", "title": "Serve rural settlements"}
OBJECTIVES = (
    Set(ACCESS, "objectives", [HOMES, RURAL]),
    Set(ACCESS, "commitments[0].objective", "access.homes"),
    Set(ACCESS, "commitments[1].objective", "access.rural"),
)

CASES: tuple[Case, ...] = (
    # missing, misspelt and unknown keys
    Case("missing-programme-title", [Delete(P, "title")], [(P, "title", "missing")]),
    Case("missing-rationale", [Delete(ACCESS, f"{A}.rationale")], [(ACCESS, f"{A}.rationale", "")]),
    Case("missing-source-sha256", [Delete(S, "sources[1].sha256")], [(S, "sources[1].sha256", "")]),
    Case(
        "misspelt-rationale",
        [Rename(ACCESS, f"{A}.rationale", "rationle")],
        [
            (ACCESS, f"{A}.rationle", "did you mean 'rationale'"),
            (ACCESS, f"{A}.rationale", "missing"),
        ],
    ),
    Case("unknown-key-source", [Set(S, "sources[0].autor", "Jane")], [(S, "sources[0]", "autor")]),
    Case("unknown-top-level-key", [Set(P, "colour", "blue")], [(P, "", "colour")]),
    # wrong types and values that would be coerced
    Case("number-as-string", [Set(P, "scale[2].value", "0.25")], [(P, "scale[2].value", "")]),
    Case("bool-as-number", [Set(P, "grades[0].min", True)], [(P, "grades[0].min", "")]),
    Case(
        "bool-as-indicator-weight",
        [Set(ACCESS, "commitments[0].indicator_weight", True)],
        [(ACCESS, "commitments[0].indicator_weight", "")],
    ),
    Case(
        "float-as-bool",
        [Set(P, "pillars[2].in_framework", 0)],
        [(P, "pillars[2].in_framework", "")],
    ),
    Case("number-as-title", [Set(P, "pillars[0].title", 3)], [(P, "pillars[0].title", "")]),
    Case(
        "string-as-list",
        [Set(S, "sources[0].authors", "Jane Doe")],
        [(S, "sources[0].authors", "")],
    ),
    Case(
        "table-as-string", [Set(P, "weightings[1].pillars", "access")], [(P, "weightings[1]", "")]
    ),
    # duplicate ids
    Case("duplicate-pillar-id", [Append(P, "pillars")], [(P, "pillars[3].id", "access")]),
    Case(
        "duplicate-commitment-id",
        [
            Append(
                QUALITY, "commitments", copy_of=2, changes={"id": Ref(ACCESS, "commitments[0].id")}
            )
        ],
        [(QUALITY, "commitments[3].id", "access.connections")],
    ),
    Case(
        "duplicate-source-id",
        [Append(S, "sources", copy_of=1)],
        [(S, "sources[3].id", "progress-2015")],
    ),
    # unknown references
    Case(
        "unknown-pillar",
        [Set(ACCESS, "pillar", "acess")],
        [(ACCESS, "pillar", "acess"), (P, "pillars[0]", "no commitments file")],
    ),
    Case("unknown-source", [Set(ACCESS, f"{E}.source", "nowhere-2015")], [(ACCESS, E, "nowhere")]),
    Case(
        "unknown-level",
        [Set(ACCESS, f"{A}.status", "partial")],
        [(ACCESS, f"{A}.status", "partial")],
    ),
    Case(
        "unknown-evidence-kind", [Set(ACCESS, f"{E}.kind", "anecdote")], [(ACCESS, E, "anecdote")]
    ),
    Case(
        "unknown-default-weighting",
        [Set(P, "default_weighting", "lopsided")],
        [(P, "default_weighting", "lopsided")],
    ),
    Case(
        "weighting-names-unknown-pillar",
        [Set(P, 'weightings[1].pillars["acces"]', 1)],
        [(P, "weightings[1].pillars", "acces")],
    ),
    # citations
    Case(
        "quote-not-found",
        [Set(ACCESS, f"{E}.quote", "connected about 15,000 households to piped water")],
        [(ACCESS, E, "did you mean")],
    ),
    Case("quote-twice", [Write("@cited", _quote_again)], [(ACCESS, f"{A}.evidence[1]", "")]),
    Case("occurrence-too-high", [Set(ACCESS, f"{E}.occurrence", 3)], [(ACCESS, E, "")]),
    Case("empty-quote", [Set(ACCESS, f"{E}.quote", "   ")], [(ACCESS, E, "")]),
    Case(
        "hindsight",
        [Set(ACCESS, f"{A}.as_of", "2014-01")],
        [(ACCESS, f"{E}.source", "hindsight"), (ACCESS, f"{A}.evidence[1].source", "hindsight")],
    ),
    # weights
    Case(
        "negative-weight",
        [Set(P, 'weightings[1].pillars["access"]', -1)],
        [(P, "weightings[1]", "-1")],
    ),
    Case(
        "nan-weight",
        [Set(P, 'weightings[1].pillars["access"]', float("nan"))],
        [(P, "weightings[1]", "nan")],
    ),
    Case(
        "infinite-weight",
        [Set(P, 'weightings[1].pillars["quality"]', float("inf"))],
        [(P, "weightings[1]", "inf")],
    ),
    Case(
        "subnormal-weight",
        [Set(P, 'weightings[1].pillars["access"]', 5e-324)],
        [(P, "weightings[1].pillars.access", "too small to count")],
    ),
    Case(
        "all-zero-weights",
        [Set(P, "weightings[1].pillars", {"access": 0, "quality": 0, "governance": 0})],
        [(P, "weightings[1].pillars", "every pillar weight 0")],
    ),
    # the method and the indicator weights a weighting declares (issue 14)
    Case(
        "declared-unknown-level",
        [Set(P, "weightings[1].aggregation", {"top": "geometric"})],
        [(P, "weightings[1].aggregation.top", "unknown key 'top'")],
    ),
    Case(
        "declared-bad-method",
        [Set(P, "weightings[1].aggregation", {"overall": "median"})],
        [(P, "weightings[1].aggregation.overall", "is not one of: arithmetic")],
    ),
    Case(
        "declared-floor-out-of-range",
        [Set(P, "weightings[1].floor", 100.0)],
        [(P, "weightings[1].floor", "in [0, 100)")],
    ),
    Case(
        "declared-bad-missing-policy",
        [Set(P, "weightings[1].missing", "skip")],
        [(P, "weightings[1].missing", "renormalize, zero, error")],
    ),
    Case(
        "unknown-indicator-weight-key",
        [Set(P, "weightings[1].indicators", {"access.connections.households": 2})],
        [(P, "weightings[1].indicators", "did you mean")],
    ),
    # scale and grades
    Case("level-value-above-one", [Set(P, "scale[4].value", 1.5)], [(P, "scale[4]", "1.5")]),
    Case("overlapping-grades", [Set(P, "grades[1].max", 85)], [(P, "grades", "overlap")]),
    Case("gapped-grades", [Set(P, "grades[1].min", 65)], [(P, "grades", "gap")]),
    # dates
    Case(
        "impossible-date", [Set(ACCESS, f"{A}.as_of", "2015-02-30")], [(ACCESS, f"{A}.as_of", "")]
    ),
    Case("malformed-date", [Set(ACCESS, f"{A}.as_of", "15/02/2015")], [(ACCESS, f"{A}.as_of", "")]),
    # bad EDTF: forms outside the supported level-1 subset, and an interval that runs backwards
    Case(
        "uncertain-date",
        [Set(ACCESS, f"{A}.as_of", "2015?")],
        [(ACCESS, f"{A}.as_of", "uncertain")],
    ),
    Case("open-interval", [Set(ACCESS, f"{A}.as_of", "2015/..")], [(ACCESS, f"{A}.as_of", "open")]),
    Case(
        "level-2-season",
        [Set(ACCESS, f"{A}.as_of", "2015-25")],
        [(ACCESS, f"{A}.as_of", "level 2")],
    ),
    Case(
        "reversed-interval",
        [Set(ACCESS, f"{A}.as_of", "2015-09/2015-22")],
        [(ACCESS, f"{A}.as_of", "ends before it starts")],
    ),
    Case(
        "future-date",
        [Set(ACCESS, "commitments[1].assessments[1].as_of", "2106-11")],
        [(ACCESS, "commitments[1].assessments[1].as_of", "future")],
    ),
    Case(
        "impossible-toml-date",
        [Write(ACCESS, lambda b: b.replace(b'as_of = "2015"', b"as_of = 2015-02-30", 1))],
        [(ACCESS, "", "syntax error")],
    ),
    # parties
    Case(
        "unknown-party",
        [Set(ACCESS, "commitments[0].parties", ["mexic"])],
        [(ACCESS, "commitments[0].parties[0]", "did you mean 'mexico'")],
    ),
    Case(
        "duplicate-party-id",
        [Append(P, "parties", copy_of=0)],
        [(P, "parties[2].id", "already used")],
    ),
    Case(
        "party-listed-twice",
        [Set(ACCESS, "commitments[0].parties", ["mexico", "mexico"])],
        [(ACCESS, "commitments[0]", "more than once")],
    ),
    # objectives
    Case(
        "commitment-without-its-pillars-objective",
        [*OBJECTIVES, Delete(ACCESS, "commitments[1].objective")],
        [(ACCESS, "commitments[1].objective", "groups its commitments under objectives")],
    ),
    Case(
        "unknown-objective",
        [*OBJECTIVES, Set(ACCESS, "commitments[1].objective", "access.rura")],
        [(ACCESS, "commitments[1].objective", "did you mean 'access.rural'")],
    ),
    Case(
        "objective-of-another-pillar",
        [*OBJECTIVES, Set(QUALITY, "commitments[0].objective", "access.homes")],
        [(QUALITY, "commitments[0].objective", "belongs to pillar 'access'")],
    ),
    Case(
        "duplicate-objective-id",
        [*OBJECTIVES, Set(ACCESS, "objectives", [HOMES, RURAL, HOMES])],
        [(ACCESS, "objectives[2].id", "already used")],
    ),
    Case(
        "objective-weight-names-no-objective",
        [*OBJECTIVES, Set(P, "weightings[1].objectives", {"access.home": 2})],
        [(P, "weightings[1].objectives", "did you mean 'access.homes'")],
    ),
    Case(
        "negative-objective-weight",
        [*OBJECTIVES, Set(P, "weightings[1].objectives", {"access.homes": -1})],
        [(P, "weightings[1]", "-1")],
    ),
    # verdicts
    Case(
        "verdict-of-no-pillar",
        [Add(V, VERDICT), Set(V, "verdicts[0].scope", "acess")],
        [(V, "verdicts[0].scope", "did you mean 'access'")],
    ),
    Case(
        "verdict-at-unknown-level",
        [Add(V, VERDICT), Set(V, "verdicts[0].level", "mixed")],
        [(V, "verdicts[0].level", "not a level of the scale")],
    ),
    Case(
        "verdict-at-missing-level",
        [Add(V, VERDICT), Set(V, "verdicts[0].level", "no-evidence")],
        [(V, "verdicts[0].level", "scores as missing")],
    ),
    Case(
        "verdict-of-undeclared-party",
        [Add(V, VERDICT), Set(V, "verdicts[0].party", "canada")],
        [(V, "verdicts[0].party", "not declared")],
    ),
    Case(
        "verdict-citing-a-later-source",
        [Add(V, VERDICT), Set(V, "verdicts[0].as_of", "2016-10")],
        [(V, "verdicts[0].evidence[0].source", "hindsight")],
    ),
    Case(
        "verdict-misquoted",
        [Add(V, VERDICT), Set(V, "verdicts[0].evidence[0].quote", "The record is mixed.")],
        [(V, "verdicts[0].evidence[0].quote", "did you mean")],
    ),
    Case(
        "two-verdicts-same-scope-and-date",
        [Add(V, VERDICT), Append(V, "verdicts")],
        [(V, "verdicts[1]", "keep one verdict per scope, party and date")],
    ),
    Case(
        "verdict-with-unknown-key",
        [Add(V, VERDICT), Set(V, "verdicts[0].grade", "C")],
        [(V, "verdicts[0].grade", "unknown key")],
    ),
    # the scale's evidence rules
    Case(
        "level-requires-unknown-kind",
        [Set(P, "scale[4].requires", ["results"])],
        [(P, "scale[4].requires[0]", "not one of")],
    ),
    Case(
        "assessment-lacks-required-evidence",
        [Set(P, "scale[4].requires", ["outcome"])],
        [(QUALITY, "commitments[0].assessments[1].evidence", "needs evidence of kind outcome")],
    ),
    # reference periods
    Case(
        "period-after-as-of",
        [Set(ACCESS, f"{OBSERVATION}.period", "2017")],
        [(ACCESS, f"{OBSERVATION}.period", "period after as_of")],
    ),
    Case(
        "two-observations-same-date-and-period",
        [Append(ACCESS, "commitments[0].indicators[0].observations", copy_of=1)],
        [(ACCESS, "commitments[0].indicators[0].observations[2]", "already gives the figure")],
    ),
    Case(
        "bad-edtf-period",
        [Set(ACCESS, f"{OBSERVATION}.period", "2016-13")],
        [(ACCESS, f"{OBSERVATION}.period", "")],
    ),
    # independent codings
    Case(
        "coding-of-unknown-commitment",
        [*CODINGS, Set(ANA, "readings[0].commitment", "access.conections")],
        [(ANA, "readings[0].commitment", "did you mean 'access.connections'")],
    ),
    Case(
        "coding-of-unknown-scope",
        [
            *CODINGS,
            Rename(ANA, "readings[0].commitment", "scope"),
            Set(ANA, "readings[0].scope", "programe"),
        ],
        [(ANA, "readings[0].scope", "neither a pillar nor 'programme'")],
    ),
    Case(
        "coding-of-a-verdict-on-an-undeclared-party",
        [
            *CODINGS,
            Rename(ANA, "readings[0].commitment", "scope"),
            Set(ANA, "readings[0].scope", "programme"),
            Set(ANA, "readings[0].party", "united-kingdom"),
        ],
        [(ANA, "readings[0].party", "party 'united-kingdom' is not declared")],
    ),
    Case(
        "coding-of-unknown-source",
        [*CODINGS, Set(BEN, "readings[0].source", "review-2061")],
        [(BEN, "readings[0].source", "unknown source 'review-2061'")],
    ),
    Case(
        "coding-at-unknown-level",
        [*CODINGS, Set(BEN, "readings[0].status", "partial")],
        [(BEN, "readings[0].status", "not a level of the scale")],
    ),
    Case(
        "round-with-one-coder",
        [*CODINGS, Remove(BEN)],
        [(ANA, "round", "agreement needs at least two")],
    ),
    Case(
        "adjudication-of-a-unit-no-coding-read",
        [*CODINGS, Set(ADJUDICATION, "adjudications[0].round", 2)],
        [(ADJUDICATION, "adjudications[0]", "no coding of round 2")],
    ),
    Case(
        "coding-in-the-wrong-round-folder",
        [*CODINGS, Set(BEN, "round", 2)],
        [(BEN, "round", "round-2/")],
    ),
    # structure
    Case(
        "empty-pillar", [Remove("pillars/governance.toml")], [(P, "pillars[2]", "no commitments")]
    ),
    Case(
        "no-commitments-in-file",
        [Set(QUALITY, "commitments", [])],
        [(QUALITY, "commitments", "no commitments"), (P, "weightings[1]", "quality.testing")],
    ),
    Case(
        "observation-low-above-high",
        [
            Set(ACCESS, "commitments[0].indicators[0].observations[1].low", 30000),
        ],
        [(ACCESS, "commitments[0].indicators[0].observations[1]", "")],
    ),
    # files
    Case("missing-programme-file", [Remove(P)], [(P, "", "")]),
    Case("missing-source-file", [Remove("@cited")], [(S, "sources[1].file", "")]),
    Case(
        "checksum-mismatch",
        [Write("@cited", lambda b: b + b" ")],
        [(S, "sources[1].sha256", "")],
        fix_checksums=False,
    ),
    Case(
        "bad-sha256-format",
        [Set(S, "sources[0].sha256", "abc123")],
        [(S, "sources[0]", "sha256")],
        fix_checksums=False,
    ),
    Case(
        "source-file-outside-dataset",
        [Set(S, "sources[0].file", "../../../etc/passwd")],
        [(S, "sources[0].file", "")],
    ),
    Case(
        "toml-syntax-error",
        [Write(P, lambda b: b.replace(b'title = "', b"title = ", 1))],
        [(P, "", "syntax error")],
    ),
    Case(
        "toml-unclosed-table",
        [Write(QUALITY, lambda b: b + b"\n[[commitments\n")],
        [(QUALITY, "", "syntax error")],
    ),
    Case(
        "binary-toml",
        [Write(QUALITY, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")],
        [(QUALITY, "", "")],
    ),
    Case(
        "non-utf8-toml",
        [Write(P, lambda b: b.replace(b"Clean", "Límpia".encode("latin-1")))],
        [(P, "", "utf-8")],
    ),
    Case("non-utf8-source", [Write("@cited", _latin1)], [(S, "sources[1].file", "utf-8")]),
    Case("large-binary-source", [Large("@cited", 50)], [(S, "sources[1].file", "")]),
    Case("directory-as-programme", [MakeDir(P)], [(P, "", "")]),
    Case("directory-as-source", [MakeDir("@cited")], [(S, "sources[1].file", "")]),
    Case(
        "dangling-symlink-source",
        [Symlink("@cited", "nowhere/missing.txt")],
        [(S, "sources[1].file", "")],
    ),
    Case("fifo-as-source", [Fifo("@cited")], [(S, "sources[1].file", "")]),
    # pathological nesting: capped before the parser recurses (no RecursionError)
    Case(
        "inline-tables-nested-10000-deep",
        [Write(ACCESS, lambda b: b"deep = " + b"{ a = " * DEEP + b"1" + b" }" * DEEP + b"\n" + b)],
        [(ACCESS, "", "nest more than 100 levels")],
    ),
    Case(
        "arrays-nested-10000-deep",
        [Write(P, lambda b: b"deep = " + b"[" * DEEP + b"]" * DEEP + b"\n" + b)],
        [(P, "", "nest more than 100 levels")],
    ),
    # ids outside the alphabet: a Cyrillic letter cannot make a second "same" id
    Case(
        "confusable-commitment-id",
        [Set(ACCESS, "commitments[1].id", CONFUSABLE)],
        [(ACCESS, "commitments[1].id", "CYRILLIC SMALL LETTER A")],
    ),
    Case(
        "upper-case-pillar-id",
        [Set(P, "pillars[2].id", "Governance")],
        [(P, "pillars[2].id", "write 'governance'")],
    ),
    # the common TOML slips get a hint
    Case(
        "bare-partial-date",
        [Write(ACCESS, lambda b: b.replace(b'as_of = "2015"', b"as_of = 2015-09", 1))],
        [(ACCESS, "", 'quote partial dates: "2015-09"')],
    ),
    Case(
        "unescaped-quote-in-string",
        [Write(P, lambda b: b.replace(b'title = "', b'title = "The "', 1))],
        [(P, "", 'a " inside a string ends it')],
    ),
    # tabular (CSV) sources and cell citations
    Case(
        "csv-missing-row",
        tabular(cell={"row": "2016"}),
        [(ACCESS, f"{CELL}.row", "row '2016' is not in source 'stats-2015'")],
    ),
    Case(
        "csv-missing-column",
        tabular(cell={"column": "househlds"}),
        [(ACCESS, f"{CELL}.column", "did you mean 'households'")],
    ),
    Case(
        "csv-value-differs",
        [*tabular(), Set(ACCESS, f"{FIRST_OBSERVATION}.value", 12500)],
        [(ACCESS, CELL, "reads '12,000', but the observation's value is 12500")],
    ),
    Case(
        "csv-non-numeric-cell",
        tabular(cell={"column": "note"}),
        [(ACCESS, f"{CELL}.column", "'about', which is not a number")],
    ),
    Case(
        "csv-other-delimiter",
        tabular("year;households\n2015;12000\n"),
        [(S, f"{NEW_SOURCE}.file", 'declare delimiter = ";"')],
    ),
    Case(
        "csv-other-encoding",
        tabular("year,households,note\n2015,12000,año\n".encode("latin-1")),
        [
            (
                S,
                f"{NEW_SOURCE}.file",
                "not valid utf-8 (byte 33, line 2): save it as utf-8, or declare",
            )
        ],
    ),
    Case(
        "csv-duplicate-row-keys",
        tabular(TABLE_TEXT + "2015,12000,again\n"),
        [(S, f"{NEW_SOURCE}.file", "line 4: row key '2015' is already the key of line 3")],
    ),
    Case(
        "csv-ragged-row",
        tabular(TABLE_TEXT + "2016,20000\n"),
        [(S, f"{NEW_SOURCE}.file", "line 4: 2 cells, but the header names 3 columns")],
    ),
    Case(
        "csv-unknown-key-column",
        tabular(key="yaer"),
        [(S, f"{NEW_SOURCE}.file", "did you mean 'year'")],
    ),
    Case(
        "csv-quoted",
        tabular(cell={"quote": "12,000", "row": None, "column": None}),
        [(ACCESS, f"{CELL}.quote", "which is a CSV table: cite a cell instead")],
    ),
    Case(
        "cell-of-a-text-source",
        [Set(ACCESS, CELL, {"source": "progress-2015", "row": "2015", "column": "households"})],
        [(ACCESS, f"{CELL}.row", "is a text, not a CSV table")],
    ),
    Case(
        "cell-without-column",
        tabular(cell={"column": None}),
        [(ACCESS, CELL, "a cell citation needs both row and column; give column")],
    ),
    Case(
        "key-of-a-text-source",
        [Set(S, "sources[1].key", "year")],
        [(S, "sources[1]", "apply only to CSV sources")],
    ),
    Case(
        "status-typo",
        [Set(ACCESS, f"{A}.status", "progresing")],
        [(ACCESS, f"{A}.status", "did you mean 'progressing'")],
    ),
)
