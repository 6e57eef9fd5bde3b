"""Several units, one framework: read a collection folder into a :class:`Collection`.

A collection declares a framework once (programme, scale, grades, parties, pillars,
objectives, commitments, indicators, weightings) and scores it for many **units**
(countries, cities, programmes), each with its own sources and readings. The layout
(documented in ``docs/collections.md``)::

    DIR/collection.toml              [collection] id, title, description
    DIR/framework/programme.toml     as in a dataset
    DIR/framework/pillars/*.toml     as in a dataset, without assessments or observations
    DIR/units/<unit-id>/unit.toml    [unit] id (= the folder's name), title, description
    DIR/units/<unit-id>/sources.toml and its files (sources/...)
    DIR/units/<unit-id>/readings.toml [[assessments]] and [[observations]]
    DIR/units/<unit-id>/verdicts.toml optional, as in a dataset

A unit is loaded as an ordinary :class:`~scorecard.model.Programme` (the framework
with the unit's readings put in their commitments), checked by the same integrity
rules and verified by the same citation search as a dataset folder, so everything
downstream (:func:`scorecard.score`, :func:`scorecard.render_html`, ...) works on it
unchanged. Every problem names the file it is in, relative to the collection
folder (``units/a/readings.toml: assessments[3].commitment: ...``); all problems of
all units are raised at once as one :class:`~scorecard.errors.DataError`.

Units come in the order of their folder names (which are their ids).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from scorecard import integrity
from scorecard._files import Draft, PillarFile, ProgrammeFile
from scorecard._paths import DataPath
from scorecard._perf import no_cyclic_gc
from scorecard.errors import DataError, Problem
from scorecard.model import Assessment, Commitment, Observation, Programme, Span, with_spans

__all__ = [
    "COLLECTION_FILE",
    "Collection",
    "Unit",
    "is_collection",
    "load_collection",
]

COLLECTION_FILE = "collection.toml"
FRAMEWORK_DIR = "framework"
UNITS_DIR = "units"
UNIT_FILE = "unit.toml"
READINGS_FILE = "readings.toml"
VERDICTS_FILE = "verdicts.toml"
_UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@attrs.frozen(slots=True)
class CollectionFile:
    """The ``[collection]`` table of ``collection.toml``."""

    id: str
    title: str
    description: str | None = None


@attrs.frozen(slots=True)
class UnitFile:
    """The ``[unit]`` table of ``units/<id>/unit.toml``."""

    id: str
    title: str
    description: str | None = None


@attrs.frozen(slots=True)
class Unit:
    """One unit of a collection: its id, title and description, its folder (relative
    to the collection's), and its programme (the framework with its readings)."""

    id: str
    title: str
    programme: Programme = attrs.field(repr=False)
    folder: str
    description: str | None = None


@attrs.frozen(slots=True)
class Collection:
    """A framework scored for several units (see the module docstring).

    ``framework`` is the framework alone (no sources, no readings); ``units`` are in
    the order of their ids. Score it with :func:`scorecard.score`.
    """

    id: str
    title: str
    framework: Programme = attrs.field(repr=False)
    units: tuple[Unit, ...]
    description: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        """The units' ids, in order."""
        return tuple(u.id for u in self.units)

    def unit(self, unit_id: str) -> Unit:
        """The unit ``unit_id``; a ``KeyError`` naming the closest id otherwise."""
        for u in self.units:
            if u.id == unit_id:
                return u
        raise KeyError(unknown_unit(unit_id, self.ids))

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def score(self, weights: Any = None, **choices: Any) -> CollectionResult:
        """:func:`scorecard.score` of this collection."""
        from scorecard.collection_result import score_collection

        return score_collection(self, weights, **choices)


if TYPE_CHECKING:
    from scorecard.collection_result import CollectionResult


def unknown_unit(unit_id: str, known: tuple[str, ...]) -> str:
    """The message for an unknown unit id: the closest one, or all of them."""
    close = difflib.get_close_matches(unit_id, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"units: {', '.join(known) or 'none'}"
    return f"no unit {unit_id!r} in the collection; {hint}"


def is_collection(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a collection folder (it holds ``collection.toml``) or that file."""
    folder = Path(path)
    return (folder / COLLECTION_FILE).is_file() or (
        folder.name == COLLECTION_FILE and folder.is_file()
    )


# -- reading ----------------------------------------------------------------------


def _under(prefix: str, problems: list[Problem]) -> list[Problem]:
    """``problems`` of files named relative to a subfolder, renamed relative to the
    collection folder."""
    return [
        attrs.evolve(p, file=f"{prefix}/{p.file}" if p.file else prefix.rstrip("/"))
        for p in problems
    ]


def _read_head(folder: Path) -> tuple[CollectionFile | None, list[Problem]]:
    from scorecard.loader import _read_toml, _structure

    raw, problems = _read_toml(folder, COLLECTION_FILE)
    if raw is None:
        return None, problems
    for key in sorted(set(raw) - {"collection"}):
        problems.append(
            Problem(COLLECTION_FILE, key, f"unknown key {key!r}; only [collection] goes here")
        )
    if "collection" not in raw:
        problems.append(
            Problem(COLLECTION_FILE, "collection", "missing: add [collection] with id and title")
        )
        return None, problems
    head, found = _structure(raw["collection"], CollectionFile, COLLECTION_FILE, "collection")
    return head, problems + found


def _read_framework(
    folder: Path,
) -> tuple[ProgrammeFile | None, list[PillarFile], bool, list[Problem]]:
    """``framework/programme.toml`` and ``framework/pillars/*.toml``; a framework
    holds no readings (they belong to the units)."""
    from scorecard.loader import _pillar_files, _read_pillar_file, _read_programme

    base = folder / FRAMEWORK_DIR
    if not base.is_dir():
        return (
            None,
            [],
            False,
            [
                Problem(
                    f"{FRAMEWORK_DIR}/",
                    "",
                    "not found: a collection declares its framework in framework/ "
                    "(programme.toml and pillars/*.toml)",
                )
            ],
        )
    head, problems = _read_programme(base)
    names, found = _pillar_files(base)
    problems += found
    files: list[PillarFile] = []
    for rel in names:
        pf, found = _read_pillar_file(base, rel)
        problems += found
        if pf is not None:
            files.append(pf)
    complete = len(files) == len(names)
    problems = _under(FRAMEWORK_DIR, problems)
    files = [attrs.evolve(pf, file=f"{FRAMEWORK_DIR}/{pf.file}") for pf in files]
    for pf in files:
        for index, c in pf.commitments:
            if c.assessments:
                problems.append(_reading_in_framework(pf.file, f"commitments[{index}]"))
            for k, ind in enumerate(c.indicators):
                if ind.observations:
                    problems.append(
                        _reading_in_framework(
                            pf.file, f"commitments[{index}].indicators[{k}].observations"
                        )
                    )
    return head, files, complete, problems


def _reading_in_framework(file: str, path: str) -> Problem:
    what = "observations" if path.endswith("observations") else "assessments"
    return Problem(
        file,
        path if what == "observations" else f"{path}.assessments",
        f"a framework holds no {what}: they are a unit's readings; move them to "
        f"units/<unit>/{READINGS_FILE} as [[{what}]] with the commitment's id",
    )


@attrs.frozen(slots=True)
class _Readings:
    """A unit's ``readings.toml``: each reading with its index in the file."""

    assessments: tuple[tuple[int, str, Assessment], ...] = ()
    observations: tuple[tuple[int, str, str, Observation], ...] = ()


def _read_readings(folder: Path, rel: str) -> tuple[_Readings, list[Problem]]:
    from scorecard.loader import _read_toml, _structure

    if not (folder / READINGS_FILE).exists():
        return _Readings(), [
            Problem(
                rel,
                "",
                "not found: a unit's readings.toml holds its [[assessments]] and "
                "[[observations]] (it may be empty)",
            )
        ]
    raw, problems = _read_toml(folder, READINGS_FILE)
    problems = _under(rel.rpartition("/")[0], problems)
    if raw is None:
        return _Readings(), problems
    allowed = ["assessments", "observations"]
    from scorecard._convert import unknown_key

    for key in sorted(set(raw) - set(allowed)):
        problems.append(Problem(rel, key, unknown_key(key, allowed)))
    assessments: list[tuple[int, str, Assessment]] = []
    observations: list[tuple[int, str, str, Observation]] = []
    for key, keys in (
        ("assessments", ("commitment",)),
        ("observations", ("commitment", "indicator")),
    ):
        entries = raw.get(key, [])
        if not isinstance(entries, list):
            problems.append(Problem(rel, key, f"expected a list: write [[{key}]] tables"))
            continue
        for i, entry in enumerate(entries):
            path = f"{key}[{i}]"
            if not isinstance(entry, dict):
                problems.append(Problem(rel, path, f"expected a table: write [[{key}]]"))
                continue
            ids: list[str] = []
            for name in keys:
                value = entry.get(name)
                if not isinstance(value, str) or not value:
                    problems.append(
                        Problem(
                            rel,
                            f"{path}.{name}",
                            f"missing: name the {name} this reading is of, "
                            f'e.g. {name} = "{"p1.c1" if name == "commitment" else "homicides"}"',
                        )
                    )
                ids.append(value if isinstance(value, str) else "")
            rest = {k: v for k, v in entry.items() if k not in keys}
            cls: type[Assessment | Observation] = (
                Assessment if key == "assessments" else Observation
            )
            item, found = _structure(rest, cls, rel, path)
            problems += found
            if item is None or not all(ids):
                continue
            if isinstance(item, Assessment):
                assessments.append((i, ids[0], item))
            else:
                assert isinstance(item, Observation)
                observations.append((i, ids[0], ids[1], item))
    return _Readings(tuple(assessments), tuple(observations)), problems


@attrs.frozen(slots=True)
class _UnitDraft:
    """A unit as read: its draft (the framework with its readings merged in) and the
    map from the merged paths back to where each reading is written."""

    head: UnitFile
    folder: str
    draft: Draft
    moved: Mapping[tuple[str, str], tuple[str, str]]


def _merge(
    pillar_files: list[PillarFile], readings: _Readings, rel: str
) -> tuple[list[PillarFile], dict[tuple[str, str], tuple[str, str]], list[Problem]]:
    """The framework's pillar files with the unit's readings in their commitments;
    where each reading ends up (``(pillar file, commitments[i].assessments[j])`` ->
    ``(readings file, assessments[r])``); and the readings of unknown commitments
    or indicators."""
    where: dict[str, tuple[int, int]] = {}  # commitment id -> (file index, entry index)
    for f, pf in enumerate(pillar_files):
        for k, (_, c) in enumerate(pf.commitments):
            where.setdefault(c.id, (f, k))
    known = list(where)
    added: dict[str, list[tuple[int, Assessment]]] = {}
    observed: dict[tuple[str, str], list[tuple[int, Observation]]] = {}
    problems: list[Problem] = []
    for r, cid, a in readings.assessments:
        if cid not in where:
            problems.append(_unknown(rel, f"assessments[{r}].commitment", "commitment", cid, known))
            continue
        added.setdefault(cid, []).append((r, a))
    for r, cid, iid, o in readings.observations:
        if cid not in where:
            problems.append(
                _unknown(rel, f"observations[{r}].commitment", "commitment", cid, known)
            )
            continue
        f, k = where[cid]
        indicator_ids = [ind.id for ind in pillar_files[f].commitments[k][1].indicators]
        if iid not in indicator_ids:
            problems.append(
                _unknown(
                    rel,
                    f"observations[{r}].indicator",
                    f"indicator of commitment {cid!r}",
                    iid,
                    indicator_ids,
                )
            )
            continue
        observed.setdefault((cid, iid), []).append((r, o))
    moved: dict[tuple[str, str], tuple[str, str]] = {}
    merged: list[PillarFile] = []
    for pf in pillar_files:
        commitments: list[tuple[int, Commitment]] = []
        for index, c in pf.commitments:
            readings_of = added.get(c.id, [])
            for j, (r, _) in enumerate(readings_of):
                moved[(pf.file, f"commitments[{index}].assessments[{j}]")] = (
                    rel,
                    f"assessments[{r}]",
                )
            indicators = []
            for k, ind in enumerate(c.indicators):
                obs = observed.get((c.id, ind.id), [])
                for j, (r, _) in enumerate(obs):
                    moved[(pf.file, f"commitments[{index}].indicators[{k}].observations[{j}]")] = (
                        rel,
                        f"observations[{r}]",
                    )
                indicators.append(attrs.evolve(ind, observations=tuple(o for _, o in obs)))
            c = attrs.evolve(
                c, assessments=tuple(a for _, a in readings_of), indicators=tuple(indicators)
            )
            commitments.append((index, c))
        merged.append(attrs.evolve(pf, commitments=tuple(commitments)))
    return merged, moved, problems


def _unknown(rel: str, path: str, what: str, value: str, known: list[str]) -> Problem:
    close = difflib.get_close_matches(value, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return Problem(
        rel, path, f"{value!r} is not a {what} of the framework; {hint}use one of its ids"
    )


_MOVED = re.compile(
    r"(commitments\[\d+\]\.(?:assessments\[\d+\]|indicators\[\d+\]\.observations\[\d+\]))(.*)"
)


def _moved(problem: Problem, moved: Mapping[tuple[str, str], tuple[str, str]]) -> Problem:
    """A problem found in a merged pillar file, placed where its reading is written."""
    match = _MOVED.fullmatch(problem.path)
    if match is None:
        return problem
    target = moved.get((problem.file, match.group(1)))
    if target is None:
        return problem
    return attrs.evolve(problem, file=target[0], path=target[1] + match.group(2))


def _read_unit(
    folder: Path,
    name: str,
    head: ProgrammeFile,
    pillar_files: list[PillarFile],
    pillars_complete: bool,
) -> tuple[_UnitDraft | None, list[Problem]]:
    from scorecard.loader import (
        SOURCES_FILE,
        _read_list_file,
        _read_sources,
        _read_toml,
        _structure,
    )
    from scorecard.model import Verdict

    rel = f"{UNITS_DIR}/{name}"
    base = folder / UNITS_DIR / name
    raw, problems = _read_toml(base, UNIT_FILE)
    problems = _under(rel, problems)
    unit: UnitFile | None = None
    if raw is not None:
        for key in sorted(set(raw) - {"unit"}):
            problems.append(
                Problem(f"{rel}/{UNIT_FILE}", key, f"unknown key {key!r}; only [unit] goes here")
            )
        if "unit" not in raw:
            problems.append(
                Problem(f"{rel}/{UNIT_FILE}", "unit", "missing: add [unit] with id and title")
            )
        else:
            unit, found = _structure(raw["unit"], UnitFile, f"{rel}/{UNIT_FILE}", "unit")
            problems += found
    if unit is not None and unit.id != name:
        problems.append(
            Problem(
                f"{rel}/{UNIT_FILE}",
                "unit.id",
                f"id = {unit.id!r}, but the unit's folder is {rel}/; a unit's id is its "
                f"folder's name: rename the folder or write id = {name!r}",
            )
        )
    sources, sources_complete, found = _read_sources(base)
    problems += _under(rel, found)
    readings, found = _read_readings(base, f"{rel}/{READINGS_FILE}")
    problems += found
    verdicts, found = _read_list_file(base, VERDICTS_FILE, "verdicts", Verdict)
    problems += _under(rel, found)
    merged, moved, found = _merge(pillar_files, readings, f"{rel}/{READINGS_FILE}")
    problems += found
    if unit is None:
        return None, problems
    draft = Draft(
        programme=head,
        sources=tuple(sources),
        pillar_files=tuple(merged),
        programme_file=f"{FRAMEWORK_DIR}/programme.toml",
        sources_file=f"{rel}/{SOURCES_FILE}",
        sources_complete=sources_complete,
        pillars_complete=pillars_complete,
        verdicts=tuple(verdicts),
        verdicts_file=f"{rel}/{VERDICTS_FILE}",
    )
    return _UnitDraft(unit, rel, draft, moved), problems


def _unit_names(folder: Path) -> tuple[list[str], list[Problem]]:
    base = folder / UNITS_DIR
    if not base.is_dir():
        return [], [
            Problem(
                f"{UNITS_DIR}/",
                "",
                "not found: a collection's units live in units/<unit-id>/ folders",
            )
        ]
    names: list[str] = []
    problems: list[Problem] = []
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir() or not _UNIT_ID.fullmatch(entry.name):
            problems.append(
                Problem(
                    f"{UNITS_DIR}/{entry.name}",
                    "",
                    "unexpected here: units/ holds one folder per unit, named by its id "
                    "(letters, digits, '.', '_', '-'); move or rename it",
                )
            )
            continue
        names.append(entry.name)
    if not names and not problems:
        problems.append(Problem(f"{UNITS_DIR}/", "", "empty: add a folder per unit"))
    return names, problems


def _check_unit(
    ud: _UnitDraft, *, verify: bool, today: _dt.date | None
) -> tuple[dict[DataPath, tuple[Span | None, ...]], list[Problem]]:
    from scorecard.loader import verify_draft

    draft = ud.draft
    problems = integrity.check_draft(draft, today=today)
    spans: dict[DataPath, tuple[Span | None, ...]] = {}
    if verify:
        spans, found = verify_draft(draft)
        problems += found
    return spans, [_moved(p, ud.moved) for p in problems]


def _unit_programme(
    ud: _UnitDraft, spans: Mapping[DataPath, tuple[Span | None, ...]], verify: bool
) -> tuple[Programme | None, list[Problem]]:
    from scorecard.loader import _assemble

    programme, problems = _assemble(ud.draft)
    if programme is None:
        return None, problems
    programme = attrs.evolve(
        programme,
        id=ud.head.id,
        title=f"{programme.title}: {ud.head.title}",
        description=ud.head.description or programme.description,
    )
    return (with_spans(programme, spans) if verify else programme), problems


def load_collection(
    path: str | os.PathLike[str], *, verify: bool = True, today: _dt.date | None = None
) -> Collection:
    """Read, check and (by default) verify the collection folder at ``path`` (see the
    module docstring for its layout). Every unit is checked as a dataset would be;
    raises :class:`~scorecard.errors.DataError` listing every problem of every unit,
    each named by its file relative to ``path``."""
    with no_cyclic_gc():
        return _load(path, verify=verify, today=today)


def _folder(path: str | os.PathLike[str]) -> Path:
    folder = Path(path)
    if folder.is_file() and folder.name == COLLECTION_FILE:
        folder = folder.parent
    if not folder.is_dir():
        raise DataError([Problem(str(path), "", "not found: give the path of a collection folder")])
    if not (folder / COLLECTION_FILE).is_file():
        raise DataError(
            [
                Problem(
                    str(path),
                    "",
                    f"is not a collection: it has no {COLLECTION_FILE} (a dataset folder "
                    "is read with scorecard.load)",
                )
            ]
        )
    return folder


def _load(path: str | os.PathLike[str], *, verify: bool, today: _dt.date | None) -> Collection:
    folder = _folder(path)
    head, problems = _read_head(folder)
    framework, pillar_files, complete, found = _read_framework(folder)
    problems += found
    names, found = _unit_names(folder)
    problems += found
    if framework is None:
        raise DataError(_placed(folder, problems))
    drafts: list[_UnitDraft] = []
    for name in names:
        ud, found = _read_unit(folder, name, framework, pillar_files, complete)
        problems += found
        if ud is not None:
            drafts.append(ud)
    checked = []
    for ud in drafts:
        spans, found = _check_unit(ud, verify=verify, today=today)
        problems += found
        checked.append((ud, spans))
    problems = list(dict.fromkeys(problems))  # the framework's own, once
    if problems or head is None:
        raise DataError(_placed(folder, problems))
    units: list[Unit] = []
    for ud, spans in checked:
        programme, found = _unit_programme(ud, spans, verify)
        problems += found
        if programme is not None:
            units.append(
                Unit(
                    id=ud.head.id,
                    title=ud.head.title,
                    programme=programme,
                    folder=ud.folder,
                    description=ud.head.description,
                )
            )
    framework_programme = _framework_programme(framework, pillar_files)
    if problems or framework_programme is None:
        raise DataError(_placed(folder, problems))
    return Collection(
        id=head.id,
        title=head.title,
        framework=framework_programme,
        units=tuple(units),
        description=head.description,
    )


def _framework_programme(head: ProgrammeFile, pillar_files: list[PillarFile]) -> Programme | None:
    from scorecard.loader import _assemble

    programme, problems = _assemble(Draft(programme=head, pillar_files=tuple(pillar_files)))
    return None if problems else programme


def _placed(folder: Path, problems: list[Problem]) -> list[Problem]:
    """The problems with their lines and columns, as the loader places a dataset's."""
    from scorecard.loader import placed

    return placed(folder, problems)
