"""Read a dataset folder into a :class:`~scorecard.model.Programme`.

The folder format is documented in ``docs/data-format.md``. Reading is strict:
unknown keys are errors, scalars are never coerced (``"0.5"`` is not a number,
``true`` is not a number, ``2009`` is not a date), and every problem found in the
folder (unreadable files, TOML syntax errors, wrong types, broken
cross-references, quotes not found in their sources) is collected and raised at
once as one :class:`~scorecard.errors.DataError`, each problem as
``file: path: message``.

Size limits: a TOML file may hold at most :data:`MAX_TOML_BYTES` bytes, a source
text (or CSV table) at most :data:`MAX_SOURCE_BYTES`. A CSV source is decoded with
its declared ``encoding`` (default UTF-8).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

import attrs

from scorecard import citations, integrity
from scorecard._convert import toml_converter, unknown_key
from scorecard._files import CodingFile, Draft, PillarFile, ProgrammeFile
from scorecard._paths import DataPath
from scorecard._perf import no_cyclic_gc
from scorecard._text import annotate, parse_toml
from scorecard.errors import DataError, Problem
from scorecard.model import (
    Adjudication,
    Coding,
    Commitment,
    GradeBands,
    Objective,
    Programme,
    Scale,
    Source,
    Span,
    Translation,
    Verdict,
    with_spans,
)
from scorecard.tables import tables_of

__all__ = ["MAX_SOURCE_BYTES", "MAX_TOML_BYTES", "load", "placed", "verify_draft"]

MAX_TOML_BYTES = 20 * 1024 * 1024
"""Largest TOML file read (20 MiB): a dataset is written by hand."""

MAX_SOURCE_BYTES = 512 * 1024 * 1024
"""Largest source text read (512 MiB)."""

PROGRAMME_FILE = "programme.toml"
SOURCES_FILE = "sources.toml"
PILLARS_DIR = "pillars"
VERDICTS_FILE = "verdicts.toml"
TRANSLATIONS_DIR = "translations"
CODINGS_DIR = "codings"
ADJUDICATION_FILE = f"{CODINGS_DIR}/adjudication.toml"
_ROUND_DIR = re.compile(r"round-([1-9][0-9]*)")

T = TypeVar("T")


def _structure(
    data: Any, cls: type[T], file: str, path: str = ""
) -> tuple[T | None, list[Problem]]:
    return toml_converter().check(data, cls, file, path)


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


def _decode_table(data: bytes, rel: str, encoding: str) -> tuple[str | None, Problem | None]:
    """A CSV source's bytes decoded with its declared ``encoding``."""
    if b"\x00" in data:
        return None, Problem(rel, "", "is a binary file, but a CSV source must be text")
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        other = "latin-1" if codecs.lookup(encoding).name == "utf-8" else "utf-8"
        return None, Problem(
            rel,
            "",
            f"is not valid {encoding} (byte {exc.start}, line {line}): save it as {encoding}, "
            f'or declare the encoding it is written in, e.g. encoding = "{other}"',
        )


def _read_toml(folder: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    data, problem = _read_bytes(folder, rel, MAX_TOML_BYTES, "a TOML file")
    if data is None:
        return None, [problem] if problem else []
    text, problem = _decode(data, rel, "a TOML file")
    if text is None:
        return None, [problem] if problem else []
    parsed, problem = parse_toml(text, rel)
    return parsed, [problem] if problem is not None else []


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
        text, problem = _read_source_text(folder, source, f"sources[{i}].file")
        if problem is not None:
            problems.append(problem)
            complete = False
            continue
        sources.append((i, attrs.evolve(source, text=text)))
    return sources, complete, problems


def _read_source_text(folder: Path, source: Source, path: str) -> tuple[str, Problem | None]:
    rel = source.file
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
    if source.tabular:
        text, problem = _decode_table(data, rel, source.encoding)
    else:
        text, problem = _decode(data, rel, "a source text")
    if text is None:
        assert problem is not None
        return "", Problem(SOURCES_FILE, path, f"{rel}: {problem.message}")
    return text, None


def _read_pillar_file(folder: Path, rel: str) -> tuple[PillarFile | None, list[Problem]]:
    raw, problems = _read_toml(folder, rel)
    if raw is None:
        return None, problems
    allowed = ["pillar", "objectives", "commitments"]
    for key in sorted(set(raw) - set(allowed)):
        problems.append(Problem(rel, key, unknown_key(key, allowed)))
    if "pillar" not in raw:
        problems.append(Problem(rel, "pillar", 'missing: name the pillar, e.g. pillar = "p1"'))
        return None, problems
    pillar, found = _structure(raw["pillar"], str, rel, "pillar")
    problems.extend(found)
    if pillar is None:
        return None, problems
    objectives, objectives_complete, found = _read_entries(raw, "objectives", Objective, rel)
    problems.extend(found)
    commitments, complete, found = _read_entries(raw, "commitments", Commitment, rel)
    problems.extend(found)
    pillar_file = PillarFile(
        rel,
        pillar,
        tuple(commitments),
        complete=complete and objectives_complete,
        objectives=tuple(objectives),
    )
    return pillar_file, problems


def _read_entries(
    raw: dict[str, Any], key: str, cls: type[T], rel: str
) -> tuple[list[tuple[int, T]], bool, list[Problem]]:
    """The ``[[key]]`` tables of a file read as ``cls``, each with its index; whether
    all of them could be read; and the problems of those that could not."""
    entries = raw.get(key, [])
    if not isinstance(entries, list):
        return [], False, [Problem(rel, key, f"expected a list: write [[{key}]] tables")]
    problems: list[Problem] = []
    items: list[tuple[int, T]] = []
    for i, entry in enumerate(entries):
        item, found = _structure(entry, cls, rel, f"{key}[{i}]")
        problems.extend(found)
        if item is not None:
            items.append((i, item))
    return items, len(items) == len(entries), problems


def _read_list_file(
    folder: Path, rel: str, key: str, cls: type[T]
) -> tuple[list[tuple[int, T]], list[Problem]]:
    """An optional file holding only ``[[key]]`` tables of ``cls`` (none if absent)."""
    if not (folder / rel).exists():
        return [], []
    raw, problems = _read_toml(folder, rel)
    if raw is None:
        return [], problems
    for extra in sorted(set(raw) - {key}):
        problems.append(Problem(rel, extra, f"unknown key {extra!r}; only [[{key}]] go here"))
    items, _, found = _read_entries(raw, key, cls, rel)
    return items, problems + found


def _read_codings(folder: Path) -> tuple[list[CodingFile], list[Problem]]:
    """The coders' files ``codings/round-<N>/<coder>.toml`` (an optional folder): each
    is one :class:`~scorecard.model.Coding`, whose ``round`` and ``coder`` must match
    its folder and file name."""
    base = folder / CODINGS_DIR
    if not base.is_dir():
        return [], []
    problems: list[Problem] = []
    rounds: list[tuple[int, str]] = []
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        match = _ROUND_DIR.fullmatch(entry.name)
        if entry.name.startswith(".") or entry.name == "adjudication.toml":
            continue
        if match and entry.is_dir():
            rounds.append((int(match.group(1)), entry.name))
        else:
            problems.append(
                Problem(
                    f"{CODINGS_DIR}/{entry.name}",
                    "",
                    "unexpected here: codings/ holds round-<N>/ folders of <coder>.toml "
                    "files and adjudication.toml; move or rename it",
                )
            )
    codings: list[CodingFile] = []
    for number, name in sorted(rounds):
        for file in sorted((base / name).iterdir(), key=lambda e: e.name):
            if file.name.startswith(".") or not file.name.endswith(".toml"):
                continue
            rel = f"{CODINGS_DIR}/{name}/{file.name}"
            raw, found = _read_toml(folder, rel)
            problems.extend(found)
            if raw is None:
                continue
            coding, found = _structure(raw, Coding, rel)
            problems.extend(found)
            if coding is None:
                continue
            if coding.round != number:
                problems.append(
                    Problem(
                        rel,
                        "round",
                        f"round = {coding.round}, but the file is in {name}/; move the "
                        f"file to round-{coding.round}/ or write round = {number}",
                    )
                )
            if coding.coder != file.name.removesuffix(".toml"):
                problems.append(
                    Problem(
                        rel,
                        "coder",
                        f"coder = {coding.coder!r}, but the file is {file.name}; name the "
                        f"file {coding.coder}.toml or fix the coder",
                    )
                )
            # the folder and the file name decide (reported above), so the mistake
            # is reported once, not again as a round of one coder
            coding = attrs.evolve(coding, round=number, coder=file.name.removesuffix(".toml"))
            codings.append(CodingFile(rel, coding))
    return codings, problems


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
    verdicts, found = _read_list_file(folder, VERDICTS_FILE, "verdicts", Verdict)
    problems.extend(found)
    codings, found = _read_codings(folder)
    problems.extend(found)
    adjudications, found = _read_list_file(folder, ADJUDICATION_FILE, "adjudications", Adjudication)
    problems.extend(found)
    draft = Draft(
        programme=programme,
        sources=tuple(sources),
        pillar_files=tuple(pillar_files),
        sources_complete=sources_complete,
        pillars_complete=len(pillar_files) == len(names),
        verdicts=tuple(verdicts),
        verdicts_file=VERDICTS_FILE,
        codings=tuple(codings),
        adjudications=tuple(adjudications),
        adjudications_file=ADJUDICATION_FILE,
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
                attrs.evolve(
                    p,
                    commitments=tuple(c for _, c in by_pillar[p.id].commitments),
                    objectives=tuple(o for _, o in by_pillar[p.id].objectives),
                )
                for p in head.pillars
            ),
            parties=head.parties,
            sources=tuple(s for _, s in draft.sources),
            weightings=head.weightings,
            default_weighting=head.default_weighting,
            authors=head.authors,
            keywords=head.keywords,
            publication=head.publication,
            verdicts=tuple(v for _, v in draft.verdicts),
            codings=tuple(cf.coding for cf in draft.codings),
            adjudications=tuple(a for _, a in draft.adjudications),
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
    date after which dates count as "in the future". The optional
    ``translations/<lang>.toml`` files go onto ``Programme.translations``, checked
    once the rest of the dataset is valid (see :mod:`scorecard.translations`). Raises
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
        spans, found = verify_draft(draft)
        problems.extend(found)
    if problems:
        raise DataError(placed(path, problems))
    programme, problems = _assemble(draft)
    if programme is None or problems:
        raise DataError(placed(path, problems))
    translations, problems = _read_translations(_folder(path), programme)
    if problems:
        raise DataError(placed(path, problems))
    if translations:
        programme = attrs.evolve(programme, translations=translations)
    return with_spans(programme, spans) if verify else programme


def verify_draft(draft: Draft) -> tuple[dict[DataPath, tuple[Span | None, ...]], list[Problem]]:
    """Every citation of ``draft`` found in its source (quotes) or table (cells): the
    spans found, keyed by path in the programme, and the problems (also used by
    :mod:`scorecard.collection` for each unit)."""
    # a duplicated source id is reported by integrity; its first definition counts
    texts = {s.id: s.text for _, s in reversed(draft.sources)}
    files = {s.id: s.file for _, s in reversed(draft.sources)}
    tables = tables_of([s for _, s in draft.sources])
    return citations.locate(texts, files, _citing(draft), tables=tables)


def _folder(path: str | os.PathLike[str]) -> Path:
    folder = Path(path)
    return folder.parent if folder.is_file() else folder


def _read_translations(
    folder: Path, programme: Programme
) -> tuple[dict[str, Translation], list[Problem]]:
    """The optional ``translations/<lang>.toml`` files, checked against the assembled
    programme (their keys name its ids and quotes), by language."""
    from scorecard.translations import check_file

    base = folder / TRANSLATIONS_DIR
    if not base.is_dir():
        return {}, []
    problems: list[Problem] = []
    out: dict[str, Translation] = {}
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        rel = f"{TRANSLATIONS_DIR}/{entry.name}"
        if entry.name.startswith("."):
            continue
        if not entry.name.endswith(".toml") or entry.is_dir():
            problems.append(
                Problem(
                    rel,
                    "",
                    "unexpected here: translations/ holds one <lang>.toml file per "
                    "language (es.toml); move or rename it",
                )
            )
            continue
        raw, found = _read_toml(folder, rel)
        problems.extend(found)
        if raw is None:
            continue
        translation, found = check_file(raw, rel, programme)
        problems.extend(found)
        if translation is not None:
            out[translation.language] = translation
    return out, problems


def placed(path: str | os.PathLike[str], problems: list[Problem]) -> list[Problem]:
    """The problems with their lines, columns and subjects (the TOML files they name
    are read again: only when there are problems)."""
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    texts: dict[str, str] = {}
    for rel in sorted({p.file for p in problems if p.file.endswith(".toml")}):
        data, _ = _read_bytes(folder, rel, MAX_TOML_BYTES, "a TOML file")
        text, _ = (None, None) if data is None else _decode(data, rel, "a TOML file")
        if text is not None:
            texts[rel] = text
    return annotate(problems, texts)


def _citing(draft: Draft) -> list[citations.Citing]:
    """The commitments and objectives of the pillar files and the verdicts, keyed by
    where :func:`_assemble` puts them in the programme (a file of an unknown pillar,
    reported by integrity, by its file)."""
    order: dict[str, int] = {}
    if draft.programme is not None:
        order = {p.id: i for i, p in enumerate(draft.programme.pillars)}
    out: list[citations.Citing] = []
    for pf in draft.pillar_files:
        at = order.get(pf.pillar, pf.file)
        out += [
            citations.Citing.commitment(
                pf.file, f"commitments[{index}]", ("pillars", at, "commitments", k), commitment
            )
            for k, (index, commitment) in enumerate(pf.commitments)
        ]
        out += [
            citations.Citing.objective(
                pf.file, f"objectives[{index}]", ("pillars", at, "objectives", k), objective
            )
            for k, (index, objective) in enumerate(pf.objectives)
        ]
    out += [
        citations.Citing.verdict(draft.verdicts_file, f"verdicts[{index}]", ("verdicts", k), v)
        for k, (index, v) in enumerate(draft.verdicts)
    ]
    return out
