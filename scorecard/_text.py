"""What the parsers do not say: nesting depth, where a value sits, and hints for slips.

The standard library's ``tomllib`` and ``json`` give no positions for values that
parse, and both recurse once per level of nesting, so a file nested thousands of
levels deep ends in ``RecursionError`` deep inside them. Three small scans over the
text fill the gaps:

- :func:`too_deep` finds the first place where arrays and tables nest deeper than
  :data:`MAX_DEPTH` (run before parsing, so the parser never sees such a file);
- :func:`toml_positions` maps every key and array item of a TOML text that parsed
  to its line and column, and :func:`locate` finds the place of a problem's path
  there (or of the nearest enclosing table when the path names a missing key);
- :func:`toml_hint` adds a hint to a syntax error for the common slips (a bare
  partial date, an unescaped quote inside a string).

The scans never raise on odd input: a text they cannot follow gives no position.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

from scorecard._paths import DataPath, Key
from scorecard.errors import Problem

__all__ = [
    "MAX_DEPTH",
    "Position",
    "annotate",
    "locate",
    "parse_json",
    "parse_path",
    "parse_toml",
    "syntax_problem",
    "toml_hint",
    "toml_positions",
    "too_deep",
]

MAX_DEPTH = 100
"""Deepest nesting of arrays and tables read (a dataset nests four or five levels)."""

Position = tuple[int, int]
"""A 1-based line and column."""


def _line_col(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# -- nesting depth ---------------------------------------------------------------------

_OPEN = frozenset("[{")
_CLOSE = frozenset("]}")


def too_deep(
    text: str, kind: Literal["toml", "json"] = "toml", limit: int = MAX_DEPTH
) -> tuple[int, Position] | None:
    """``None``, or the nesting limit that was passed and the line and column of the
    first bracket past it. Strings and (TOML) comments are skipped; a text that is
    not valid is scanned as far as it goes (the parser then reports its error)."""
    depth = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            depth += 1
            if depth > limit:
                return limit, _line_col(text, i)
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch == '"' or (ch == "'" and kind == "toml"):
            i = _skip_string(text, i)
            continue
        elif ch == "#" and kind == "toml":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        i += 1
    return None


def _skip_string(text: str, i: int) -> int:
    """The index just after the string starting at ``i`` (TOML's four kinds, or JSON's)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        if end < 0:
            return len(text)
        end += 3
        while end < len(text) and text[end] == quote:  # up to two quotes may close it
            end += 1
        return end
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\" and quote == '"':
            j += 2
            continue
        if ch == quote or ch == "\n":
            return j + 1
        j += 1
    return j


# -- positions of keys ---------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = " \t"


class _Scan:
    """A TOML text that ``tomllib`` accepted, walked for positions (see
    :func:`toml_positions`)."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.at: dict[DataPath, int] = {}
        self.arrays: dict[DataPath, int] = {}  # array of tables -> its last index

    def skip(self, newlines: bool) -> None:
        s = self.s
        while self.i < len(s):
            ch = s[self.i]
            if ch in _SPACE or (newlines and ch in "\r\n"):
                self.i += 1
            elif ch == "#":
                end = s.find("\n", self.i)
                self.i = len(s) if end < 0 else end
            else:
                return

    def key(self) -> tuple[Key, ...]:
        parts: list[Key] = []
        while True:
            self.skip(False)
            ch = self.s[self.i]
            if ch in "\"'":
                end = _skip_string(self.s, self.i)
                raw = self.s[self.i : end]
                try:
                    parts.append(str(ast.literal_eval(raw)) if ch == '"' else raw[1:-1])
                except (ValueError, SyntaxError):
                    parts.append(raw[1:-1])
                self.i = end
            else:
                match = _BARE.match(self.s, self.i)
                if match is None:
                    raise ValueError(f"no key at {self.i}")
                parts.append(match.group())
                self.i = match.end()
            self.skip(False)
            if self.i < len(self.s) and self.s[self.i] == ".":
                self.i += 1
                continue
            return tuple(parts)

    def concrete(self, keys: tuple[Key, ...]) -> DataPath:
        out: DataPath = ()
        for k in keys:
            out += (k,)
            if out in self.arrays:
                out += (self.arrays[out],)
        return out

    def run(self) -> dict[DataPath, int]:
        table: DataPath = ()
        s = self.s
        while True:
            self.skip(True)
            if self.i >= len(s):
                return self.at
            start = self.i
            if s.startswith("[[", self.i):
                self.i += 2
                keys = self.key()
                self.i += 2
                parent = (*self.concrete(keys[:-1]), keys[-1])
                index = self.arrays.get(parent, -1) + 1
                self.arrays[parent] = index
                self.at.setdefault(parent, start)
                table = (*parent, index)
                self.at[table] = start
            elif s[self.i] == "[":
                self.i += 1
                keys = self.key()
                self.i += 1
                table = self.concrete(keys)
                self.at.setdefault(table, start)
            else:
                keys = self.key()
                self.i += 1  # "="
                path = table + keys
                self.at[path] = start
                self.value(path)

    def value(self, path: DataPath) -> None:
        self.skip(False)
        s = self.s
        ch = s[self.i]
        if ch == "[":
            self.i += 1
            index = 0
            while True:
                self.skip(True)
                if s[self.i] == "]":
                    self.i += 1
                    return
                if s[self.i] == ",":
                    self.i += 1
                    index += 1
                    continue
                self.at[(*path, index)] = self.i
                self.value((*path, index))
        elif ch == "{":
            self.i += 1
            while True:
                self.skip(False)
                if s[self.i] == "}":
                    self.i += 1
                    return
                if s[self.i] == ",":
                    self.i += 1
                    continue
                start = self.i
                keys = self.key()
                self.i += 1  # "="
                self.at[path + keys] = start
                self.value(path + keys)
        elif ch in "\"'":
            self.i = _skip_string(s, self.i)
        else:
            end = self.i
            while end < len(s) and s[end] not in ",]}\n#":
                end += 1
            self.i = end


def toml_positions(text: str) -> dict[DataPath, Position]:
    """Every key, table and array item of a TOML text mapped to its line and column
    (the key's first character, or the item's); empty if the text cannot be followed."""
    scan = _Scan(text)
    try:
        found = scan.run()
    except (IndexError, ValueError, RecursionError):  # not TOML we can follow: no positions
        found = scan.at
    return {path: _line_col(text, index) for path, index in found.items()}


_PATH = re.compile(r"""([^.\[\]]+)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\]""")


def parse_path(path: str) -> DataPath:
    """A problem's path as keys: ``"a[1].b['x y']"`` -> ``("a", 1, "b", "x y")``
    (the inverse of :func:`scorecard._paths.format_path`)."""
    keys: list[Key] = []
    for name, index, quoted in _PATH.findall(path):
        if name:
            keys.append(name)
        elif index:
            keys.append(int(index))
        else:
            keys.append(str(ast.literal_eval(quoted)))
    return tuple(keys)


def locate(positions: dict[DataPath, Position], path: str) -> Position | None:
    """The place of ``path`` (a problem's path), or of its nearest enclosing key or
    table that the text holds (a missing key is reported where its table starts)."""
    keys = parse_path(path)
    for end in range(len(keys), 0, -1):
        found = positions.get(keys[:end])
        if found is not None:
            return found
    return None


# -- hints for TOML slips ------------------------------------------------------------

_BARE_PARTIAL_DATE = re.compile(r"=\s*(\d{4}-\d{2}|\d{4})\s*(#.*)?$")


def toml_hint(text: str, line: int | None) -> str | None:
    """A hint for the syntax error reported on ``line`` (1-based) of ``text``, for
    the slips people make: ``as_of = 2023-09`` (a partial date must be a string) and
    a ``"`` inside a ``"``-quoted string."""
    if line is None:
        return None
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    date = _BARE_PARTIAL_DATE.search(content)
    if date is not None:
        return f'quote partial dates: "{date.group(1)}"'
    value = content.partition("=")[2].strip()
    if value.startswith('"') and not value.startswith('"""'):
        body = value[1:]
        closing = _first_unescaped(body, '"')
        if closing is not None and body[closing + 1 :].strip()[:1] not in ("", "#", ",", "}", "]"):
            return (
                "a \" inside a string ends it: write the string in ''' quotes or escape it as \\\""
            )
    return None


def _first_unescaped(text: str, quote: str) -> int | None:
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return None


# -- problems with their places ------------------------------------------------------

_SUBJECTS = {
    "commitments": "commitment",
    "objectives": "objective",
    "sources": "source",
    "pillars": "pillar",
    "parties": "party",
    "weightings": "weighting",
    "scale": "level",
}


def _subject(data: Any, keys: DataPath, message: str) -> str | None:
    """``commitment p1.arrests`` for a path through ``commitments[i]`` (by the entry's
    id), unless the message names it already."""
    if len(keys) < 2 or keys[0] not in _SUBJECTS or not isinstance(keys[1], int):
        return None
    entries = data.get(str(keys[0])) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not 0 <= keys[1] < len(entries):
        return None
    entry = entries[keys[1]]
    ident = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(ident, str) or not ident or ident in message:
        return None
    return f"{_SUBJECTS[str(keys[0])]} {ident}"


def annotate(problems: Sequence[Problem], texts: Mapping[str, str]) -> list[Problem]:
    """``problems`` with the line, column and subject of each one in a TOML file of
    ``texts`` (file name -> text) that parses; the others as they are."""
    known: dict[str, tuple[dict[DataPath, Position], Any] | None] = {}
    out: list[Problem] = []
    for problem in problems:
        text = texts.get(problem.file)
        if text is None or problem.line is not None or not problem.path:
            out.append(problem)
            continue
        if problem.file not in known:
            known[problem.file] = _parsed(text)
        parsed = known[problem.file]
        if parsed is None:
            out.append(problem)
            continue
        positions, data = parsed
        place = locate(positions, problem.path)
        out.append(
            attrs.evolve(
                problem,
                line=None if place is None else place[0],
                column=None if place is None else place[1],
                subject=_subject(data, parse_path(problem.path), problem.message),
            )
        )
    return out


def _parsed(text: str) -> tuple[dict[DataPath, Position], Any] | None:
    if too_deep(text) is not None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    return toml_positions(text), data


# -- reading TOML --------------------------------------------------------------------

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def syntax_problem(file: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """A TOML syntax error as a problem at its line and column, with a hint for the
    common slips (:func:`toml_hint`)."""
    message = str(error)
    found = _AT.search(message)
    line = column = None
    if found is not None and found.group(1):
        line, column = int(found.group(1)), int(found.group(2))
    elif found is not None:  # at the end of the document
        line, column = _line_col(text, len(text))
    reason = _AT.sub("", message)
    hint = toml_hint(text, line) or "fix the syntax there"
    return Problem(file, "", f"TOML syntax error: {reason}; {hint}", line=line, column=column)


def parse_toml(text: str, file: str) -> tuple[dict[str, Any] | None, Problem | None]:
    """``text`` parsed, or the problem that stops it: a syntax error, or nesting
    deeper than :data:`MAX_DEPTH` (caught before the parser sees it)."""
    deep = too_deep(text)
    if deep is not None:
        return None, _too_deep_problem(file, *deep)
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return None, syntax_problem(file, text, exc)


def parse_json(text: str, file: str, **options: Any) -> tuple[Any, Problem | None]:
    """``text`` parsed as JSON (``options`` go to :func:`json.loads`), or the problem
    that stops it: invalid JSON, or nesting deeper than :data:`MAX_DEPTH`."""
    import json

    deep = too_deep(text, "json")
    if deep is not None:
        return None, _too_deep_problem(file, *deep)
    try:
        return json.loads(text, **options), None
    except json.JSONDecodeError as exc:
        return None, Problem(
            file, "", f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno
        )
    except ValueError as exc:
        return None, Problem(file, "", f"invalid JSON: {exc}")


def _too_deep_problem(file: str, limit: int, place: Position) -> Problem:
    return Problem(
        file,
        "",
        f"arrays and tables nest more than {limit} levels deep here; a dataset needs a "
        "handful: check the brackets",
        line=place[0],
        column=place[1],
    )
