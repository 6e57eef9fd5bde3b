"""Tabular (CSV) sources: reading a table, and finding and reading its cells.

A CSV source is read with the standard library's :mod:`csv` module. Its first
line names the columns; every other non-blank line is a row, keyed by its cell in
the key column (the source's ``key``, default the first column). Names, keys and
cells are taken as written, less white space around them. A table whose header is
missing or repeats a name, whose rows have more or fewer cells than the header,
whose row keys repeat or are empty, or which seems to use another delimiter than
the declared one is refused, with the line and what to do.

A cell backs a number when it reads as one: an optional sign, digits (optionally
grouped in threes by commas: ``12,345``), optionally a point and decimals. Its
*precision* is its number of decimals; an observation's value matches the cell
when it rounds to it (see :func:`matches`).
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from scorecard.model import Source

__all__ = ["Table", "closest", "matches", "number", "parse", "read", "tables_of"]

_DELIMITERS = (",", ";", "\t", "|")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


@attrs.frozen(slots=True)
class Table:
    """A parsed CSV table: its column names, its key column, and each row's cells by
    row key, with the line the row ends on."""

    columns: tuple[str, ...]
    key: str
    rows: Mapping[str, tuple[int, tuple[str, ...]]] = attrs.field(repr=False)

    def cell(self, row: str, column: str) -> str | None:
        """The cell at ``row`` (a row key) and ``column``; ``None`` if either is absent."""
        found = self.rows.get(row)
        if found is None or column not in self.columns:
            return None
        return found[1][self.columns.index(column)]


def _delimiter_hint(first_line: str, delimiter: str) -> str | None:
    """The delimiter a one-column header seems to use instead of the declared one."""
    if delimiter in first_line:
        return None
    for other in _DELIMITERS:
        if other != delimiter and other in first_line:
            return other
    return None


def _shown(delimiter: str) -> str:
    return '"\\t"' if delimiter == "\t" else f'"{delimiter}"'


def parse(
    text: str, *, key: str | None = None, delimiter: str = ","
) -> tuple[Table | None, list[str]]:
    """The table in CSV ``text``, or ``None`` and what is wrong with it (each message
    starts with its line: ``"line 4: ..."``)."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(text.splitlines(), delimiter=delimiter, strict=True)
    try:
        lines = [(reader.line_num, [cell.strip() for cell in cells]) for cells in reader if cells]
    except csv.Error as exc:
        return None, [f"line {reader.line_num}: not valid CSV ({exc}); check its quotes"]
    lines = [(n, cells) for n, cells in lines if any(cells)]
    if not lines:
        return None, [
            "line 1: no header row; the first line must name the columns, e.g. year,total"
        ]
    line, header = lines[0]
    if len(header) == 1:
        other = _delimiter_hint(text.splitlines()[line - 1], delimiter)
        if other is not None:
            return None, [
                f"line {line}: the header is one column with no {_shown(delimiter)} in it, "
                f"but it holds {_shown(other)}: declare delimiter = {_shown(other)} in "
                "sources.toml"
            ]
    problems: list[str] = []
    seen: set[str] = set()
    for name in header:
        if not name:
            problems.append(f"line {line}: a column has no name; name every column in the header")
        elif name in seen:
            problems.append(f"line {line}: column {name!r} is named twice; rename one")
        seen.add(name)
    key = header[0] if key is None else key
    if key not in header:
        problems.append(
            f"line {line}: the key column {key!r} is not a column (columns: "
            f"{', '.join(header)}); {closest(key, header)}fix key in sources.toml"
        )
    if problems:
        return None, problems
    at = header.index(key)
    rows: dict[str, tuple[int, tuple[str, ...]]] = {}
    for n, cells in lines[1:]:
        if len(cells) != len(header):
            problems.append(
                f"line {n}: {len(cells)} cells, but the header names {len(header)} columns; "
                "give every row one cell per column (an empty cell is written as nothing "
                "between two delimiters)"
            )
            continue
        row = cells[at]
        if not row:
            problems.append(f"line {n}: the row has no key in column {key!r}; give it one")
        elif row in rows:
            problems.append(
                f"line {n}: row key {row!r} is already the key of line {rows[row][0]}; "
                f"row keys (column {key!r}) must be unique: merge or rename the rows, or "
                "declare another key column"
            )
        else:
            rows[row] = (n, tuple(cells))
    if problems:
        return None, problems
    return Table(tuple(header), key, rows), []


@functools.lru_cache(maxsize=16)
def _cached(text: str, key: str | None, delimiter: str) -> tuple[Table | None, tuple[str, ...]]:
    table, problems = parse(text, key=key, delimiter=delimiter)
    return table, tuple(problems)


def read(source: Source) -> tuple[Table | None, tuple[str, ...]]:
    """The table of tabular ``source`` (parsed once per text), or ``None`` and its
    problems."""
    return _cached(source.text, source.key, source.delimiter)


def tables_of(sources: Sequence[Source]) -> dict[str, Table | None]:
    """The tables of the tabular sources, by source id (``None`` for a table that
    cannot be read: its problems are reported where the sources are checked). The
    first definition of an id wins."""
    out: dict[str, Table | None] = {}
    for s in sources:
        if s.id not in out and s.tabular:
            out[s.id] = read(s)[0]
    return out


def closest(value: str, known: Sequence[str]) -> str:
    """``"did you mean 'x'? "`` for the closest of ``known``, or ``""``."""
    best = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"did you mean {best[0]!r}? " if best else ""


def number(cell: str) -> tuple[Decimal, int] | None:
    """The number a cell states and its precision (decimals written), or ``None``."""
    found = _NUMBER.fullmatch(cell)
    if found is None:
        return None
    return Decimal(cell.replace(",", "")), len(found.group(1) or "")


def matches(value: float, cell: Decimal, decimals: int) -> bool:
    """Whether ``value`` rounds to ``cell`` at ``decimals`` decimals: it lies within
    half a unit of the cell's last decimal (either way at an exact tie). The value is
    taken as its shortest decimal form (``0.1`` is 0.1), so binary rounding never
    decides."""
    half = Decimal(5).scaleb(-(decimals + 1))
    return abs(Decimal(repr(value)) - cell) <= half
