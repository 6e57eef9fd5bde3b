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
import json
import os
from pathlib import Path
from typing import Any

from scorecard._convert import MISSING, describe, json_converter, unknown_key
from scorecard._text import parse_json
from scorecard.errors import DataError, Problem
from scorecard.model import Programme, with_spans

__all__ = ["FORMAT", "VERSION", "export_json", "from_dict", "read_json", "to_dict"]

FORMAT = "scorecard-programme"
VERSION = 1


# -- public API -----------------------------------------------------------------


def to_dict(programme: Programme) -> dict[str, Any]:
    """The whole programme as JSON data (source texts and citation spans included)."""
    body: dict[str, Any] = json_converter().unstructure(programme)
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
        raise DataError([Problem(file, "", f"expected a JSON object, got {describe(data)}")])
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
    keys = ["format", "version", "programme"]
    problems.extend(
        Problem(file, key, unknown_key(key, keys)) for key in sorted(set(data) - set(keys))
    )
    if "programme" not in data:
        problems.append(Problem(file, "programme", MISSING))
    if problems:
        raise DataError(problems)
    programme, problems = json_converter().check(data["programme"], Programme, file, "programme")
    if programme is None:
        raise DataError(problems)
    return programme


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
    data, problem = parse_json(text, name, parse_constant=_reject_constant)
    if problem is not None:
        raise DataError([problem])
    programme = from_dict(data, file=name)
    return _recheck(programme, name, verify=verify, today=today)


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a JSON number")


def _json_path(programme: Programme, problem: Problem) -> str:
    """Where a problem that integrity names by dataset file sits in the JSON document."""
    for i, pillar in enumerate(programme.pillars):
        if problem.file == f"pillars/{pillar.id}.toml":
            return _join("programme", f"pillars[{i}]", problem.path)
    for i, c in enumerate(programme.codings):
        if problem.file == f"codings/round-{c.round}/{c.coder}.toml":
            return _join("programme", f"codings[{i}]", problem.path)
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
