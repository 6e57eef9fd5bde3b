"""(Un)structuring of results to plain data and JSON, with the strict converter.

Plain data: partial dates are ``"YYYY[-MM[-DD]]"`` strings, enums their values,
tuples lists. Reading it back is as strict as reading a dataset
(:mod:`scorecard._convert`). JSON is deterministic: sorted keys, two-space indent,
floats written with Python's shortest round-tripping ``repr`` (so the round trip is
exact), no NaN or infinity, UTF-8 text.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from scorecard._convert import result_converter
from scorecard.errors import DataError

__all__ = ["dumps", "structure", "unstructure"]

T = TypeVar("T")


def unstructure(obj: Any) -> Any:
    """An attrs record as plain data (dicts, lists, strings, numbers, None)."""
    return result_converter().unstructure(obj)


def structure(data: Any, cls: type[T]) -> T:
    """Plain data back into ``cls``; every problem is reported at once, with its path
    (``Result.overall.score``)."""
    value, problems = result_converter().check(data, cls, "", cls.__name__)
    if value is None:
        raise DataError(problems)
    return value


def dumps(data: Any) -> str:
    """Deterministic JSON text of plain data, ending with a newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
