"""Read a dataset folder into a :class:`~scorecard.model.Programme`.

The folder format is documented in ``docs/data-format.md``. Reading is strict:
unknown keys are errors, scalars are never coerced (``"0.5"`` is not a number,
``true`` is not a number, ``2009`` is not a date), and every problem found in the
folder (unreadable files, TOML syntax errors, wrong types, broken
cross-references, quotes not found in their sources) is collected and raised at
once as one :class:`~scorecard.errors.DataError`, each problem as
``file: path: message``.

Size limits: a TOML file may hold at most :data:`MAX_TOML_BYTES` bytes, a source
text at most :data:`MAX_SOURCE_BYTES`.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import enum
import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from scorecard import citations, integrity
from scorecard._files import Draft, PillarFile, ProgrammeFile
from scorecard._paths import DataPath
from scorecard._perf import no_cyclic_gc
from scorecard.dates import PartialDate
from scorecard.errors import DataError, Problem
from scorecard.model import (
    Citation,
    Commitment,
    Direction,
    EvidenceKind,
    GradeBands,
    Party,
    Pillar,
    Programme,
    Scale,
    Source,
    Span,
    with_spans,
)

__all__ = ["MAX_SOURCE_BYTES", "MAX_TOML_BYTES", "load"]

MAX_TOML_BYTES = 20 * 1024 * 1024
"""Largest TOML file read (20 MiB): a dataset is written by hand."""

MAX_SOURCE_BYTES = 512 * 1024 * 1024
"""Largest source text read (512 MiB)."""

PROGRAMME_FILE = "programme.toml"
SOURCES_FILE = "sources.toml"
PILLARS_DIR = "pillars"

T = TypeVar("T")


class _Bad(ValueError):
    """A value of the wrong type or shape; the message is written for the user."""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, _dt.datetime | _dt.time):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


# -- strict scalar hooks ---------------------------------------------------------


def _str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(f"expected a string, got {_describe(value)}: put text in quotes")
    return value


def _number_hint(value: Any, example: str) -> str:
    if isinstance(value, str):
        return f"write it without quotes, e.g. {example}"
    return f"write a number, e.g. {example}"


def _int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        hint = _number_hint(value, "2")
        raise _Bad(f"expected a whole number, got {_describe(value)}: {hint}")
    return value


def _float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"expected a number, got {_describe(value)}: {_number_hint(value, '0.5')}")
    return float(value)


def _bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected true or false, got {_describe(value)}")
    return value


def _date(value: Any, _: Any) -> PartialDate:
    if isinstance(value, _dt.datetime | _dt.time) or not isinstance(value, str | _dt.date):
        raise _Bad(
            f"expected a date, got {_describe(value)}: write a TOML date (2010-12-20) "
            'or a string "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
        )
    try:
        return PartialDate.coerce(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    allowed = [str(m.value) for m in cls]

    def hook(value: Any, _: Any) -> enum.Enum:
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else _describe(value)
            raise _Bad(f"{shown} is not one of: {', '.join(allowed)}")
        return cls(value)

    return hook


def _is_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(tp: Any, converter: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(tp)[0]
    handler = converter.get_structure_hook(item_type)

    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Bad(f"expected a list, got {_describe(value)}: write [ ... ]")
        items: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                items.append(handler(item, item_type))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _note(i, item_type)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("while structuring a list", errors, tp)
        return tuple(items)

    return hook


def _note(index: int | str, tp: Any) -> IterableValidationNote:
    return IterableValidationNote(f"index {index!r}", index, tp)


def _weights(value: Any, _: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise _Bad(f"expected a table of weights, got {_describe(value)}: write {{ id = 1, ... }}")
    result: dict[str, float] = {}
    errors: list[Exception] = []
    for key, weight in value.items():
        try:
            result[key] = _float(weight, float)
        except _Bad as exc:
            exc.__notes__ = [_note(key, float)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("while structuring weights", errors, dict)
    return result


# Fields that are computed, never read from a file.
_OMIT: dict[type, tuple[str, ...]] = {
    Citation: ("span",),
    Source: ("text",),
    Pillar: ("commitments",),
}


def _class_factory(cls: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    omit = _OMIT.get(cls, ())
    overrides: dict[str, Any] = {name: override(omit=True) for name in omit}
    fn: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **overrides,
    )

    def hook(value: Any, tp: Any) -> Any:
        if not isinstance(value, dict):
            raise _Bad(f"expected a table, got {_describe(value)}")
        return fn(value, tp)

    return hook


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(PartialDate, _date)
    conv.register_structure_hook_func(lambda t: t == dict[str, float], _weights)
    for kind in (Party, EvidenceKind, Direction):
        # Registered by class: a StrEnum would otherwise dispatch to the str hook.
        conv.register_structure_hook(kind, _enum_hook(kind))
    conv.register_structure_hook_factory(_is_tuple, lambda t: _tuple_factory(t, conv))
    conv.register_structure_hook_factory(attrs.has, lambda t: _class_factory(t, conv))
    return conv


_CONVERTER = _make_converter()


# -- turning cattrs errors into problems -------------------------------------------


def _allowed_keys(cls: Any) -> list[str]:
    omit = _OMIT.get(cls, ())
    return [a.name for a in attrs.fields(cls) if a.name not in omit]


def _join(path: str, part: int | str) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    if part.replace("-", "").replace("_", "").isalnum():
        return f"{path}.{part}" if path else part
    return f"{path}[{part!r}]"


def _problems(exc: BaseException, file: str, path: str = "") -> Iterator[Problem]:
    """Problems of a cattrs structuring error, with paths like ``a[1].b``."""
    if isinstance(exc, IterableValidationError):
        items, without = exc.group_exceptions()
        for sub, inote in items:
            yield from _problems(sub, file, _join(path, inote.index))
        for sub in without:
            yield from _problems(sub, file, path)
    elif isinstance(exc, ClassValidationError):
        fields, rest = exc.group_exceptions()
        for sub, anote in fields:
            yield from _problems(sub, file, _join(path, anote.name))
        for sub in rest:
            yield from _problems(sub, file, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = _allowed_keys(exc.cl)
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            yield Problem(file, _join(path, key), f"unknown key {key!r}; {hint}")
    elif isinstance(exc, KeyError):
        yield Problem(file, path, "this required key is missing; add it")
    elif isinstance(exc, _Bad):
        yield Problem(file, path, str(exc))
    elif isinstance(exc, ValueError | TypeError):
        # A model validator refused the object (e.g. low above high).
        yield Problem(file, path, f"{exc}; fix the values")
    else:  # pragma: no cover - a bug, but still reported as data, never a traceback
        yield Problem(file, path, f"could not read this value ({type(exc).__name__}: {exc})")


def _structure(
    data: Any, cls: type[T], file: str, path: str = ""
) -> tuple[T | None, list[Problem]]:
    try:
        return _CONVERTER.structure(data, cls), []
    except Exception as exc:
        return None, list(_problems(exc, file, path))


# -- reading files -----------------------------------------------------------------


def _read_bytes(
    folder: Path, rel: str, limit: int, what: str
) -> tuple[bytes | None, Problem | None]:
    path = folder / rel
    try:
        if path.is_dir():
            return None, Problem(rel, "", f"is a folder, but {what} must be a file")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(
                rel, "", f"is not a regular file (a pipe or a device?), but {what} must be a file"
            )
        size = info.st_size
        if size > limit:
            return None, Problem(
                rel,
                "",
                f"is {size / 1e6:.1f} MB, over the {limit // (1024 * 1024)} MiB limit "
                f"for {what}; split it or check that it is the right file",
            )
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, Problem(rel, "", f"not found: {what} must exist in {folder}")
    except PermissionError:
        return None, Problem(rel, "", "cannot be read (permission denied); fix its permissions")
    except OSError as exc:
        return None, Problem(rel, "", f"cannot be read ({exc.strerror or exc}); check the file")


def _decode(data: bytes, rel: str, what: str) -> tuple[str | None, Problem | None]:
    if b"\x00" in data[:65536] or b"\x00" in data:
        return None, Problem(rel, "", f"is a binary file, but {what} must be plain UTF-8 text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(
            rel,
            "",
            f"is not valid UTF-8 (byte {exc.start}, line {line}); save it as UTF-8 text",
        )


def _read_toml(folder: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    data, problem = _read_bytes(folder, rel, MAX_TOML_BYTES, "a TOML file")
    if data is None:
        return None, [problem] if problem else []
    text, problem = _decode(data, rel, "a TOML file")
    if text is None:
        return None, [problem] if problem else []
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(rel, "", f"TOML syntax error: {exc}; fix the syntax there")]


def _read_programme(folder: Path) -> tuple[ProgrammeFile | None, list[Problem]]:
    raw, problems = _read_toml(folder, PROGRAMME_FILE)
    if raw is None:
        return None, problems
    return _structure(raw, ProgrammeFile, PROGRAMME_FILE)


def _read_sources(folder: Path) -> tuple[list[tuple[int, Source]], bool, list[Problem]]:
    raw, problems = _read_toml(folder, SOURCES_FILE)
    if raw is None:
        return [], False, problems
    extra = sorted(set(raw) - {"sources"})
    for key in extra:
        problems.append(
            Problem(SOURCES_FILE, key, f"unknown key {key!r}; only [[sources]] go here")
        )
    entries = raw.get("sources", [])
    if not isinstance(entries, list):
        problems.append(
            Problem(SOURCES_FILE, "sources", "expected a list: write [[sources]] tables")
        )
        return [], False, problems
    sources: list[tuple[int, Source]] = []
    complete = True
    for i, entry in enumerate(entries):
        source, found = _structure(entry, Source, SOURCES_FILE, f"sources[{i}]")
        problems.extend(found)
        if source is None:
            complete = False
            continue
        text, problem = _read_source_text(folder, source.file, f"sources[{i}].file")
        if problem is not None:
            problems.append(problem)
            complete = False
            continue
        sources.append((i, attrs.evolve(source, text=text)))
    return sources, complete, problems


def _read_source_text(folder: Path, rel: str, path: str) -> tuple[str, Problem | None]:
    target = (folder / rel).resolve()
    if Path(rel).is_absolute() or not target.is_relative_to(folder.resolve()):
        return "", Problem(
            SOURCES_FILE,
            path,
            f"{rel!r} must be a path inside the dataset folder, e.g. sources/x.txt",
        )
    data, problem = _read_bytes(folder, rel, MAX_SOURCE_BYTES, "a source text")
    if data is None:
        assert problem is not None
        return "", Problem(SOURCES_FILE, path, f"{rel}: {problem.message}")
    text, problem = _decode(data, rel, "a source text")
    if text is None:
        assert problem is not None
        return "", Problem(SOURCES_FILE, path, f"{rel}: {problem.message}")
    return text, None


def _read_pillar_file(folder: Path, rel: str) -> tuple[PillarFile | None, list[Problem]]:
    raw, problems = _read_toml(folder, rel)
    if raw is None:
        return None, problems
    for key in sorted(set(raw) - {"pillar", "commitments"}):
        close = difflib.get_close_matches(key, ["pillar", "commitments"], n=1)
        hint = f"did you mean {close[0]!r}?" if close else "allowed: pillar, commitments"
        problems.append(Problem(rel, key, f"unknown key {key!r}; {hint}"))
    if "pillar" not in raw:
        problems.append(Problem(rel, "pillar", 'missing: name the pillar, e.g. pillar = "p1"'))
        return None, problems
    pillar, found = _structure(raw["pillar"], str, rel, "pillar")
    problems.extend(found)
    if pillar is None:
        return None, problems
    entries = raw.get("commitments", [])
    if not isinstance(entries, list):
        problems.append(
            Problem(rel, "commitments", "expected a list: write [[commitments]] tables")
        )
        return PillarFile(rel, pillar, (), complete=False), problems
    commitments: list[tuple[int, Commitment]] = []
    for i, entry in enumerate(entries):
        commitment, found = _structure(entry, Commitment, rel, f"commitments[{i}]")
        problems.extend(found)
        if commitment is not None:
            commitments.append((i, commitment))
    complete = len(commitments) == len(entries)
    return PillarFile(rel, pillar, tuple(commitments), complete=complete), problems


def _pillar_files(folder: Path) -> tuple[list[str], list[Problem]]:
    pillars = folder / PILLARS_DIR
    try:
        names = sorted(
            entry.name
            for entry in pillars.iterdir()
            if entry.name.endswith(".toml") and not entry.name.startswith(".")
        )
    except FileNotFoundError:
        return [], [
            Problem(f"{PILLARS_DIR}/", "", "not found: add a pillars/ folder of *.toml files")
        ]
    except NotADirectoryError:
        return [], [Problem(PILLARS_DIR, "", "is a file, but it must be a folder of *.toml files")]
    except OSError as exc:
        return [], [Problem(f"{PILLARS_DIR}/", "", f"cannot be read ({exc.strerror or exc})")]
    return [f"{PILLARS_DIR}/{name}" for name in names], []


def read(path: str | os.PathLike[str]) -> tuple[Draft, list[Problem]]:
    """Read every file of a dataset folder, without cross-checking them."""
    folder = Path(path)
    if folder.is_file() and folder.name == PROGRAMME_FILE:
        folder = folder.parent
    if not folder.exists():
        raise DataError([Problem(str(path), "", "not found: give the path of a dataset folder")])
    if not folder.is_dir():
        raise DataError(
            [Problem(str(path), "", "is not a folder: give the folder holding programme.toml")]
        )
    if not os.access(folder, os.R_OK | os.X_OK):
        raise DataError([Problem(str(path), "", "cannot be read (permission denied)")])
    problems: list[Problem] = []
    programme, found = _read_programme(folder)
    problems.extend(found)
    sources, sources_complete, found = _read_sources(folder)
    problems.extend(found)
    pillar_files: list[PillarFile] = []
    names, found = _pillar_files(folder)
    problems.extend(found)
    for rel in names:
        pillar_file, found = _read_pillar_file(folder, rel)
        problems.extend(found)
        if pillar_file is not None:
            pillar_files.append(pillar_file)
    draft = Draft(
        programme=programme,
        sources=tuple(sources),
        pillar_files=tuple(pillar_files),
        sources_complete=sources_complete,
        pillars_complete=len(pillar_files) == len(names),
    )
    return draft, problems


def _assemble(draft: Draft) -> tuple[Programme | None, list[Problem]]:
    head = draft.programme
    assert head is not None
    problems: list[Problem] = []
    scale: Scale | None = None
    grades: GradeBands | None = None
    try:
        scale = Scale(head.scale)
    except (ValueError, TypeError) as exc:
        problems.append(Problem(draft.programme_file, "scale", f"{exc}; fix the scale"))
    try:
        grades = GradeBands(head.grades)
    except (ValueError, TypeError) as exc:
        problems.append(Problem(draft.programme_file, "grades", f"{exc}; fix the grade bands"))
    if scale is None or grades is None:
        return None, problems
    by_pillar = {pf.pillar: pf for pf in draft.pillar_files}
    try:
        programme = Programme(
            id=head.id,
            title=head.title,
            description=head.description,
            scale=scale,
            grades=grades,
            pillars=tuple(
                attrs.evolve(p, commitments=tuple(c for _, c in by_pillar[p.id].commitments))
                for p in head.pillars
            ),
            sources=tuple(s for _, s in draft.sources),
            weightings=head.weightings,
            default_weighting=head.default_weighting,
            authors=head.authors,
            keywords=head.keywords,
        )
    except (ValueError, TypeError, KeyError) as exc:  # integrity should have caught it
        return None, [Problem(draft.programme_file, "", f"{exc}; fix the dataset")]
    return programme, problems


def load(
    path: str | os.PathLike[str], *, verify: bool = True, today: _dt.date | None = None
) -> Programme:
    """Read, check and (by default) verify the dataset folder at ``path``.

    ``path`` may also be a ``.json`` file written by ``scorecard export`` (see
    :mod:`scorecard.export`): it is checked and verified the same way.

    Every citation of the returned programme carries its ``span`` in its source's
    text unless ``verify=False``. ``today`` (default: the current date) is the
    date after which dates count as "in the future". Raises
    :class:`~scorecard.errors.DataError` listing every problem found.
    """
    if os.fspath(path).endswith(".json") and Path(path).is_file():
        from scorecard.export import read_json

        return read_json(path, verify=verify, today=today)
    with no_cyclic_gc():
        return _load(path, verify=verify, today=today)


def _load(path: str | os.PathLike[str], *, verify: bool, today: _dt.date | None) -> Programme:
    draft, problems = read(path)
    if draft.programme is not None:
        problems.extend(integrity.check_draft(draft, today=today))
    spans: dict[DataPath, tuple[Span | None, ...]] = {}
    if verify:
        # a duplicated source id is reported by integrity; its first definition counts
        texts = {s.id: s.text for _, s in reversed(draft.sources)}
        files = {s.id: s.file for _, s in reversed(draft.sources)}
        spans, found = citations.locate(texts, files, _citing(draft))
        problems.extend(found)
    if problems:
        raise DataError(problems)
    programme, problems = _assemble(draft)
    if programme is None or problems:
        raise DataError(problems)
    return with_spans(programme, spans) if verify else programme


def _citing(draft: Draft) -> list[citations.Citing]:
    """The commitments of the pillar files, keyed by where :func:`_assemble` puts them
    in the programme (a file of an unknown pillar, reported by integrity, by its file)."""
    order: dict[str, int] = {}
    if draft.programme is not None:
        order = {p.id: i for i, p in enumerate(draft.programme.pillars)}
    return [
        citations.Citing(
            pf.file,
            f"commitments[{index}]",
            ("pillars", order.get(pf.pillar, pf.file), "commitments", k),
            commitment,
        )
        for pf in draft.pillar_files
        for k, (index, commitment) in enumerate(pf.commitments)
    ]
