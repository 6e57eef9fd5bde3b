"""A programme as one JSON document, and back, losslessly.

:func:`to_dict` turns a :class:`~scorecard.model.Programme` into plain JSON data:
every field of every object, the source texts and the resolved citation spans
included. :func:`export_json` writes that as canonical JSON (sorted keys, UTF-8,
``\\n`` line ends), so the same programme always gives the same bytes.
:func:`from_dict` reads it back with the same strictness as the TOML loader
(unknown keys are errors, scalars are never coerced) and reports every problem
as one :class:`~scorecard.errors.DataError`. ``scorecard.load("x.json")`` goes
through :func:`read_json`.

The document has the shape ``{"format": "scorecard-programme", "version": 1,
"programme": {...}}``; inside, dates are ``YYYY[-MM[-DD]]`` strings, enums their
string values, spans ``[start, end]`` and absent optional values ``null``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import math
import os
from functools import cache
from pathlib import Path
from typing import Any

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from scorecard.dates import PartialDate
from scorecard.errors import DataError, Problem
from scorecard.model import (
    Direction,
    EvidenceKind,
    GradeBand,
    GradeBands,
    Level,
    Party,
    Programme,
    Scale,
    with_spans,
)

__all__ = ["FORMAT", "VERSION", "export_json", "from_dict", "read_json", "to_dict"]

FORMAT = "scorecard-programme"
VERSION = 1


# -- strict scalars -------------------------------------------------------------


def _strict_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_json_type(value)}")
    return value


def _strict_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_json_type(value)}")
    return value


def _strict_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {_json_type(value)}")
    return value


def _strict_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_json_type(value)}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return value  # an int stays an int: the TOML it came from said so


def _enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    allowed = ", ".join(repr(m.value) for m in cls)
    if not isinstance(value, str):
        raise TypeError(f"expected one of {allowed}, got {_json_type(value)}")
    try:
        return cls(value)
    except ValueError:
        raise ValueError(f"{value!r} is not one of {allowed}") from None


def _date(value: Any, _: Any) -> PartialDate:
    if not isinstance(value, str):
        raise TypeError(f"expected a 'YYYY[-MM[-DD]]' string, got {_json_type(value)}")
    return PartialDate.parse(value)


def _span(value: Any, _: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        raise TypeError(f"a span is [start, end], got {_json_type(value)}")
    return (_strict_int(value[0], int), _strict_int(value[1], int))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        return f"{value!r} (a string)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _weights(value: Any, _: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a table of weights, got {_json_type(value)}")
    out: dict[str, float] = {}
    for key, weight in value.items():
        try:
            out[_strict_str(key, str)] = _strict_float(weight, float)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{key}: {exc}") from None
    return out


@cache
def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(PartialDate, _date)
    # by class, to win over the str hook: a StrEnum is a str but must come back as its enum
    for cls in (Party, EvidenceKind, Direction):
        conv.register_structure_hook(cls, _enum)
    conv.register_unstructure_hook(PartialDate, lambda d: d.isoformat())
    span_type = tuple[int, int] | None
    conv.register_structure_hook_func(lambda t: t == span_type, _span)
    conv.register_unstructure_hook_func(
        lambda t: t == span_type, lambda s: None if s is None else list(s)
    )
    conv.register_structure_hook_func(lambda t: t == dict[str, float], _weights)
    # The scale and the grade bands are lists, as in programme.toml.
    conv.register_unstructure_hook(Scale, lambda s: [conv.unstructure(lv) for lv in s.levels])
    conv.register_structure_hook(Scale, lambda v, _: Scale(conv.structure(v, tuple[Level, ...])))
    conv.register_unstructure_hook(GradeBands, lambda g: [conv.unstructure(b) for b in g.bands])
    conv.register_structure_hook(
        GradeBands,
        lambda v, _: GradeBands(conv.structure(v, tuple[GradeBand, ...])),
    )
    return conv


# -- public API -----------------------------------------------------------------


def to_dict(programme: Programme) -> dict[str, Any]:
    """The whole programme as JSON data (source texts and citation spans included)."""
    body: dict[str, Any] = _converter().unstructure(programme)
    return {"format": FORMAT, "version": VERSION, "programme": body}


def export_json(programme: Programme) -> str:
    """Canonical JSON of :func:`to_dict`: sorted keys, two-space indent, final newline."""
    return json.dumps(to_dict(programme), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def from_dict(data: Any, *, file: str = "<json>") -> Programme:
    """Structure JSON data written by :func:`to_dict` back into a programme.

    Every problem is reported in one :class:`DataError` as ``file: path: message``.
    Citation spans are taken as written; :func:`read_json` checks them against the
    source texts.
    """
    if not isinstance(data, dict):
        raise DataError([Problem(file, "", f"expected a JSON object, got {_json_type(data)}")])
    problems = []
    if data.get("format") != FORMAT:
        problems.append(Problem(file, "format", f"expected {FORMAT!r}, got {data.get('format')!r}"))
    if data.get("version") != VERSION:
        problems.append(
            Problem(
                file,
                "version",
                f"this library reads version {VERSION}, not {data.get('version')!r}",
            )
        )
    extra = sorted(set(data) - {"format", "version", "programme"})
    problems.extend(Problem(file, key, "unknown key") for key in extra)
    if "programme" not in data:
        problems.append(Problem(file, "programme", "missing"))
    if problems:
        raise DataError(problems)
    try:
        return _converter().structure(data["programme"], Programme)
    except (ClassValidationError, IterableValidationError) as exc:
        raise DataError(_problems(exc, file, "programme")) from None
    except (TypeError, ValueError) as exc:  # a validator of the top-level object
        raise DataError([Problem(file, "programme", str(exc))]) from None


def read_json(
    path: str | os.PathLike[str], *, verify: bool = True, today: _dt.date | None = None
) -> Programme:
    """Read a programme written by :func:`export_json`, check its integrity (as the
    TOML loader does) and, unless ``verify=False``, re-verify every citation span
    against the embedded source texts."""
    target = Path(path)
    name = target.name
    try:
        raw = target.read_bytes()
    except OSError as exc:
        raise DataError([Problem(name, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            [Problem(name, "", f"not UTF-8 text (byte {exc.start}): is it a binary file?")]
        ) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise DataError([Problem(name, "", f"invalid JSON: {exc}")]) from None
    programme = from_dict(data, file=name)
    return _recheck(programme, name, verify=verify, today=today)


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a JSON number")


def _json_path(programme: Programme, problem: Problem) -> str:
    """Where a problem that integrity names by dataset file sits in the JSON document."""
    for i, pillar in enumerate(programme.pillars):
        if problem.file == f"pillars/{pillar.id}.toml":
            return _join("programme", f"pillars[{i}]", problem.path)
    return _join("programme", problem.path)


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _recheck(programme: Programme, name: str, *, verify: bool, today: _dt.date | None) -> Programme:
    """Run the loader's integrity rules and citation verification on a read-back
    programme; a stored span that disagrees with the text is a problem."""
    from scorecard import citations, integrity

    problems = integrity.check(programme, today=today)
    if problems:
        raise DataError([Problem(name, _json_path(programme, p), p.message) for p in problems])
    if not verify:
        return programme
    try:
        verified = citations.verify(with_spans(programme, {}))
    except DataError as error:
        raise DataError(
            [Problem(name, _json_path(programme, p), p.message) for p in error.problems]
        ) from None
    if verified != programme:
        raise DataError(
            [Problem(name, "", "citation spans do not match the embedded source texts")]
        )
    return programme


def _problems(exc: BaseException, file: str, path: str) -> list[Problem]:
    """Flatten a cattrs validation error tree into problems with data paths."""
    out: list[Problem] = []
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub in without:
            out.extend(_problems(sub, file, path))
        for sub, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                sub_path = f"{path}.{name}" if path else str(name)
            elif index is not None:
                sub_path = f"{path}[{index}]"
            else:
                sub_path = path
            out.extend(_problems(sub, file, sub_path))
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            Problem(file, f"{path}.{key}" if path else key, "unknown key")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, KeyError):
        return [Problem(file, path, "missing")]
    return [Problem(file, path, str(exc))]
