"""``scorecard check --update-checksums``: rewrite stale ``sha256`` values in
``sources.toml``.

Each ``[[sources]]`` table's ``sha256`` value is replaced, in the text, by the
checksum of its file's bytes where the two differ (and added after its ``file =``
line where it is missing); every other byte of the file stays as it was, comments
and layout included. The file is parsed first (with :mod:`tomllib`) to know each
source's file; the tables are then found in the text by their ``[[sources]]``
headers, in the same order. A file that cannot be parsed is left alone (``check``
then reports what is wrong as usual); sources written other than as ``[[sources]]``
tables (an inline array) are an error saying so.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import attrs

from scorecard.errors import ScorecardError

__all__ = ["Change", "update_checksums"]

SOURCES = "sources.toml"
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*sources[ \t]*\]\][ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_SHA = re.compile(r"^([ \t]*sha256[ \t]*=[ \t]*)([\"'])([^\"'\n]*)\2", re.MULTILINE)
_FILE = re.compile(r"^[ \t]*file[ \t]*=.*$", re.MULTILINE)


@attrs.frozen
class Change:
    """One source whose recorded checksum was replaced (``old`` is ``None`` where
    it had none)."""

    index: int
    source: str
    file: str
    old: str | None
    new: str

    def line(self) -> str:
        old = self.old if self.old is not None else "(none)"
        return (
            f"{SOURCES}: sources[{self.index}] ({self.source}, {self.file}): "
            f"sha256 {old} -> {self.new}"
        )


def _regions(text: str) -> list[tuple[int, int]]:
    """The span of each ``[[sources]]`` table in ``text``: from its header to the
    next one (or the end; ``sources.toml`` holds nothing else)."""
    starts = [m.start() for m in _HEADER.finditer(text)]
    return list(zip(starts, [*starts[1:], len(text)], strict=False))


def _actual(folder: Path, file: object) -> str | None:
    if not isinstance(file, str):
        return None
    path = folder / file
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # missing or unreadable: check reports it
        return None


def update_checksums(folder: str | Path) -> list[Change]:
    """Rewrite the stale ``sha256`` values of ``folder/sources.toml`` (atomically)
    and return what changed; nothing is written when nothing changed."""
    from scorecard._io import atomic_write

    folder = Path(folder)
    path = folder / SOURCES
    try:
        text = path.read_bytes().decode("utf-8")
        entries = tomllib.loads(text).get("sources")
    except (OSError, UnicodeError, tomllib.TOMLDecodeError):
        return []
    regions = _regions(text)
    if not isinstance(entries, list):
        return []  # check reports what is wrong
    if len(entries) != len(regions):
        raise ScorecardError(
            f"{path}: cannot find its {len(entries)} sources as [[sources]] tables in the "
            "text: write each source as a [[sources]] table to update checksums automatically"
        )
    changes: list[Change] = []
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
    for index, (entry, (start, end)) in enumerate(zip(entries, regions, strict=True)):
        if not isinstance(entry, dict):
            continue
        new = _actual(folder, entry.get("file"))
        old = entry.get("sha256")
        if new is None or old == new:
            continue
        table = text[start:end]
        found = _SHA.search(table)
        if found is not None:
            edits.append((start + found.start(3), start + found.end(3), new))
        else:
            after = _FILE.search(table)
            if after is None:
                continue
            at = start + after.end()
            newline = "\r\n" if text[at : at + 2] == "\r\n" else "\n"
            edits.append((at, at, f'{newline}sha256 = "{new}"'))
        changes.append(
            Change(
                index,
                str(entry.get("id", "?")),
                str(entry["file"]),
                old if isinstance(old, str) else None,
                new,
            )
        )
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    if edits:
        atomic_write(path, text.encode("utf-8"))
    return changes
