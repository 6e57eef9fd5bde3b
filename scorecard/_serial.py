"""(Un)structuring of results to plain data and JSON, with cattrs.

Plain data: partial dates are ``"YYYY[-MM[-DD]]"`` strings, enums their values,
tuples lists. JSON is deterministic: sorted keys, two-space indent, floats written
with Python's shortest round-tripping ``repr`` (so the round trip is exact), no
NaN or infinity, UTF-8 text.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from scorecard.dates import PartialDate
from scorecard.result import Result

__all__ = ["dumps", "structure", "unstructure"]

T = TypeVar("T")


@cache
def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(PartialDate, lambda d: d.isoformat())
    conv.register_structure_hook(PartialDate, lambda v, _: PartialDate.parse(v))

    def _float(value: Any, _: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)

    conv.register_structure_hook(float, _float)
    # A result keeps the scored programme for reports; it is not part of its data.
    conv.register_unstructure_hook(
        Result, make_dict_unstructure_fn(Result, conv, programme=override(omit=True))
    )
    conv.register_structure_hook(
        Result,
        make_dict_structure_fn(
            Result, conv, _cattrs_forbid_extra_keys=True, programme=override(omit=True)
        ),
    )
    return conv


def unstructure(obj: Any) -> Any:
    """An attrs record as plain data (dicts, lists, strings, numbers, None)."""
    return _converter().unstructure(obj)


def structure(data: Any, cls: type[T]) -> T:
    """Plain data back into ``cls``; errors name the path."""
    try:
        return _converter().structure(data, cls)
    except Exception as exc:  # cattrs raises ExceptionGroups with paths
        from scorecard.errors import DataError, Problem

        messages = (
            cattrs.transform_error(exc)
            if isinstance(exc, cattrs.BaseValidationError)
            else [str(exc)]
        )
        raise DataError([Problem("", cls.__name__, m) for m in messages]) from exc


def dumps(data: Any) -> str:
    """Deterministic JSON text of plain data, ending with a newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
