"""Paths into data, as keys and as text.

A :data:`DataPath` is a tuple of field names and list indexes, such as
``("assessments", 0, "evidence", 1)``: a key that is hashable, cheap to build and
stable (it depends on where a value sits, not on how many values came before it).
:func:`format_path` writes one as the path a :class:`~scorecard.errors.Problem`
shows: ``assessments[0].evidence[1]``.
"""

from __future__ import annotations

__all__ = ["DataPath", "Key", "format_path", "join_path"]

Key = str | int
DataPath = tuple[Key, ...]


def join_path(path: str, key: Key) -> str:
    """``path`` followed by one key: ``a[1]``, ``a.b``, or ``a['odd key']`` for a
    table key that is not a plain name."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.replace("-", "").replace("_", "").isalnum():
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


def format_path(keys: DataPath, start: str = "") -> str:
    """``keys`` written after ``start``: ``format_path(("a", 0, "b"))`` is ``a[0].b``."""
    path = start
    for key in keys:
        path = join_path(path, key)
    return path
