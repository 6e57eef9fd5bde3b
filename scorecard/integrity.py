"""Cross-reference rules of a dataset, checked at load.

Each rule yields :class:`~scorecard.errors.Problem` records naming the file and
the path of the offending value, and says what to do. The rules:

- **unique ids**: pillars, scale levels, grades, parties, sources, weightings,
  commitments and indicators (commitments and indicators across the whole dataset);
- **parties**: a commitment names only declared parties (with a "did you mean");
- **pillar files**: every ``pillars/*.toml`` names a pillar of ``programme.toml``,
  no two files name the same pillar, and every pillar has a file with at least one
  commitment (an empty pillar cannot be scored: leave it out instead);
- **citations** name a known source (those of commitments, objectives and verdicts);
- **statuses** are level ids of the scale;
- **no hindsight**: an assessment or an observation cites only sources published
  on or before its ``as_of`` (:meth:`PartialDate.on_or_before`); the ``stated_in``
  citations of a promise are exempt;
- **one judgement per date**: the assessments of a commitment have distinct
  ``as_of`` dates (``"2010"`` and ``"2010-12-31"`` are distinct: the one starting
  later sorts last, so "the latest assessment on or before D" is always one
  assessment). Observations of an indicator may share a date: one source often
  reports figures for several years, and ``as_of`` is when the figure was known;
- **no future dates**: a date whose first possible day is after today is an error;
- **weightings**: ids refer to known pillars and commitments; weights are finite and
  >= 0 (checked when read) and not all zero within a group (the in-framework pillars;
  the commitments of one pillar); no positive weight is below
  :data:`~scorecard.weights.MIN_RELATIVE_WEIGHT` of its group's largest (the pillars;
  the commitments of one pillar); ``default_weighting`` names a weighting;
- **checksums**: a source's ``sha256`` is the checksum of its file's bytes.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from scorecard._files import CodingFile, Draft, PillarFile, ProgrammeFile
from scorecard._paths import DataPath, format_path
from scorecard.dates import PartialDate
from scorecard.errors import Problem
from scorecard.model import Commitment, Programme, Source, cited_fields, walk_citations
from scorecard.weights import too_small

__all__ = ["check", "check_draft"]


def check(programme: Programme, *, today: _dt.date | None = None) -> list[Problem]:
    """Problems of an assembled programme (built in Python, say).

    Files are named as the loader would expect them (``pillars/<id>.toml``);
    checksums are checked only for sources whose text is set.
    """
    draft = Draft(
        programme=ProgrammeFile(
            id=programme.id,
            title=programme.title,
            description=programme.description,
            scale=programme.scale.levels,
            grades=programme.grades.bands,
            pillars=programme.pillars,
            parties=programme.parties,
            weightings=programme.weightings,
            default_weighting=programme.default_weighting,
            authors=programme.authors,
            keywords=programme.keywords,
        ),
        sources=tuple(enumerate(programme.sources)),
        pillar_files=tuple(
            PillarFile(
                f"pillars/{p.id}.toml",
                p.id,
                tuple(enumerate(p.commitments)),
                objectives=tuple(enumerate(p.objectives)),
            )
            for p in programme.pillars
        ),
        verdicts=tuple(enumerate(programme.verdicts)),
        codings=tuple(
            CodingFile(f"codings/round-{c.round}/{c.coder}.toml", c) for c in programme.codings
        ),
        adjudications=tuple(enumerate(programme.adjudications)),
    )
    return check_draft(draft, today=today, checksums_of_empty=False)


def check_draft(
    draft: Draft, *, today: _dt.date | None = None, checksums_of_empty: bool = True
) -> list[Problem]:
    """Problems of a dataset as read from its files (see the module docstring)."""
    if draft.programme is None:
        return []
    day = today or _dt.date.today()
    problems: list[Problem] = []
    problems += _unique_ids(draft)
    problems += _pillar_files(draft)
    problems += _parties(draft)
    problems += _citations(draft)
    problems += _statuses(draft)
    problems += _dates(draft, day)
    problems += _weightings(draft)
    problems += _checksums(draft, checksums_of_empty)
    return problems


# -- helpers -------------------------------------------------------------------------


def _commitments(draft: Draft) -> Iterator[tuple[PillarFile, int, Commitment]]:
    for pf in draft.pillar_files:
        for index, commitment in pf.commitments:
            yield pf, index, commitment


def _duplicates(kind: str, items: Iterable[tuple[str, str, str]]) -> Iterator[Problem]:
    """``items`` are ``(id, file, path)``; every repeat of an id is a problem."""
    seen: dict[str, tuple[str, str]] = {}
    for item_id, file, path in items:
        if item_id in seen:
            first_file, first_path = seen[item_id]
            where = first_path if first_file == file else f"{first_file}: {first_path}"
            yield Problem(
                file,
                path,
                f"{kind} id {item_id!r} is already used by {where}; ids must be unique: rename one",
            )
        else:
            seen[item_id] = (file, path)


# -- rules ---------------------------------------------------------------------------


def _unique_ids(draft: Draft) -> Iterator[Problem]:
    head = draft.programme
    assert head is not None
    pf_ = draft.programme_file
    yield from _duplicates(
        "pillar", ((p.id, pf_, f"pillars[{i}].id") for i, p in enumerate(head.pillars))
    )
    yield from _duplicates(
        "level", ((lv.id, pf_, f"scale[{i}].id") for i, lv in enumerate(head.scale))
    )
    yield from _duplicates(
        "grade", ((b.grade, pf_, f"grades[{i}].grade") for i, b in enumerate(head.grades))
    )
    yield from _duplicates(
        "weighting", ((w.id, pf_, f"weightings[{i}].id") for i, w in enumerate(head.weightings))
    )
    yield from _duplicates(
        "party", ((p.id, pf_, f"parties[{i}].id") for i, p in enumerate(head.parties))
    )
    yield from _duplicates(
        "source", ((s.id, draft.sources_file, f"sources[{i}].id") for i, s in draft.sources)
    )
    yield from _duplicates(
        "commitment",
        ((c.id, pf.file, f"commitments[{i}].id") for pf, i, c in _commitments(draft)),
    )
    yield from _duplicates(
        "indicator",
        (
            (ind.id, pf.file, f"commitments[{i}].indicators[{j}].id")
            for pf, i, c in _commitments(draft)
            for j, ind in enumerate(c.indicators)
        ),
    )


def _pillar_files(draft: Draft) -> Iterator[Problem]:
    head = draft.programme
    assert head is not None
    known = [p.id for p in head.pillars]
    claimed: dict[str, str] = {}
    for pf in draft.pillar_files:
        if pf.pillar not in known:
            yield Problem(
                pf.file,
                "pillar",
                f"{pf.pillar!r} is not a pillar of {draft.programme_file} "
                f"(pillars: {', '.join(known)}); fix the id or add the pillar there",
            )
        elif pf.pillar in claimed:
            yield Problem(
                pf.file,
                "pillar",
                f"pillar {pf.pillar!r} already has its commitments in {claimed[pf.pillar]}; "
                "keep one file per pillar",
            )
        else:
            claimed[pf.pillar] = pf.file
            if not pf.commitments and pf.complete:
                yield Problem(
                    pf.file,
                    "commitments",
                    f"pillar {pf.pillar!r} has no commitments, so it cannot be scored; "
                    "add [[commitments]] or remove the pillar from "
                    f"{draft.programme_file}",
                )
    for i, p in enumerate(head.pillars):
        # a pillar file that could not be read may be this pillar's: already reported
        if p.id not in claimed and draft.pillars_complete:
            yield Problem(
                draft.programme_file,
                f"pillars[{i}]",
                f"pillar {p.id!r} has no commitments file: add pillars/{p.id}.toml with "
                f'pillar = "{p.id}" and its [[commitments]]',
            )


def _unknown_party(party: str, known: Sequence[str], file: str) -> str:
    close = difflib.get_close_matches(party, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        f"party {party!r} is not declared (parties: {', '.join(known) or 'none'}); {hint}"
        f"use a declared id or add a [[parties]] entry to {file}"
    )


def _parties(draft: Draft) -> Iterator[Problem]:
    head = draft.programme
    assert head is not None
    known = [p.id for p in head.parties]
    for pf, i, c in _commitments(draft):
        for j, party in enumerate(c.parties):
            if party not in known:
                yield Problem(
                    pf.file,
                    f"commitments[{i}].parties[{j}]",
                    f"commitment {c.id!r}: " + _unknown_party(party, known, draft.programme_file),
                )


def _sources(draft: Draft) -> dict[str, Source]:
    return {s.id: s for _, s in reversed(draft.sources)}  # the first definition wins


def _cited(draft: Draft) -> Iterator[tuple[str, str, str, Any]]:
    """Every object of the dataset that holds citations, as ``(file, path, label,
    object)``: commitments and objectives of each pillar file, then the verdicts."""
    for pf in draft.pillar_files:
        for i, c in pf.commitments:
            yield pf.file, f"commitments[{i}]", f"commitment {c.id!r}", c
        for i, o in pf.objectives:
            yield pf.file, f"objectives[{i}]", f"objective {o.id!r}", o
    for i, v in draft.verdicts:
        yield draft.verdicts_file, f"verdicts[{i}]", f"verdict on {v.scope!r} as of {v.as_of}", v


def _citations(draft: Draft) -> Iterator[Problem]:
    if not draft.sources_complete:
        return  # a source that could not be read would be reported as unknown
    sources = _sources(draft)
    listing = ", ".join(sorted(sources)) or "none"
    for file, path, label, obj in _cited(draft):
        for keys, cit in walk_citations(obj):
            if cit.source not in sources:
                yield Problem(
                    file,
                    format_path((*keys, "source"), path),
                    f"{label}: unknown source {cit.source!r} (sources: {listing}); "
                    f"fix the id or add the source to {draft.sources_file}",
                )


def _statuses(draft: Draft) -> Iterator[Problem]:
    head = draft.programme
    assert head is not None
    levels = [lv.id for lv in head.scale]
    for pf, i, c in _commitments(draft):
        for j, a in enumerate(c.assessments):
            if a.status not in levels:
                yield Problem(
                    pf.file,
                    f"commitments[{i}].assessments[{j}].status",
                    f"{a.status!r} is not a level of the scale (levels: {', '.join(levels)})",
                )


def _dates(draft: Draft, today: _dt.date) -> Iterator[Problem]:
    sources = _sources(draft)

    def future(date: PartialDate) -> bool:
        return date.first > today

    for i, s in draft.sources:
        if future(s.published):
            yield Problem(
                draft.sources_file,
                f"sources[{i}].published",
                f"{s.published} is in the future (today is {today.isoformat()}); fix the date",
            )
    for pf, i, c in _commitments(draft):
        dated: list[tuple[DataPath, PartialDate, str]] = []
        seen: dict[PartialDate, int] = {}
        for j, a in enumerate(c.assessments):
            if a.as_of in seen:
                yield Problem(
                    pf.file,
                    f"commitments[{i}].assessments[{j}].as_of",
                    f"commitment {c.id!r} already has an assessment as of {a.as_of} "
                    f"(assessments[{seen[a.as_of]}]); keep one assessment per date",
                )
            seen.setdefault(a.as_of, j)
            dated.append((("assessments", j), a.as_of, "assessment"))
        for k, ind in enumerate(c.indicators):
            for j, o in enumerate(ind.observations):
                dated.append((("indicators", k, "observations", j), o.as_of, "observation"))
        fields = cited_fields(c)
        for keys, as_of, what in dated:
            if future(as_of):
                yield Problem(
                    pf.file,
                    format_path((*keys, "as_of"), f"commitments[{i}]"),
                    f"{as_of} is in the future (today is {today.isoformat()}); fix the date",
                )
            # every citation held by the dated object, whatever field holds it
            for field, cited in fields:
                if field[: len(keys)] != keys:
                    continue
                for j, cit in enumerate(cited):
                    source = sources.get(cit.source)
                    if source is not None and not source.published.on_or_before(as_of):
                        yield Problem(
                            pf.file,
                            format_path((*field, j, "source"), f"commitments[{i}]"),
                            f"commitment {c.id!r}: this {what} is dated {as_of} but cites "
                            f"{source.id!r}, published {source.published} (no hindsight: "
                            f"cite only sources published on or before {as_of}); move as_of "
                            f"to {source.published} or later, or cite an earlier source",
                        )


def _weightings(draft: Draft) -> Iterator[Problem]:
    head = draft.programme
    assert head is not None
    pf_ = draft.programme_file
    pillar_ids = [p.id for p in head.pillars]
    by_pillar: dict[str, list[str]] = {p: [] for p in pillar_ids}
    for pf, _, c in _commitments(draft):
        if pf.pillar in by_pillar:
            by_pillar[pf.pillar].append(c.id)
    commitment_ids = {c for ids in by_pillar.values() for c in ids}
    all_read = draft.pillars_complete and all(pf.complete for pf in draft.pillar_files)
    framework = [p.id for p in head.pillars if p.in_framework] or pillar_ids
    for i, w in enumerate(head.weightings):
        for group, weights in (("pillars", w.pillars), ("commitments", w.commitments)):
            for key, value in weights.items():
                path = f"weightings[{i}].{group}.{key}"
                if not math.isfinite(value) or value < 0:
                    yield Problem(pf_, path, f"a weight must be finite and >= 0, not {value!r}")
        for key in w.pillars:
            if key not in pillar_ids:
                yield Problem(
                    pf_,
                    f"weightings[{i}].pillars.{key}",
                    f"{key!r} is not a pillar (pillars: {', '.join(pillar_ids)})",
                )
        for key in w.commitments:
            if all_read and key not in commitment_ids:
                yield Problem(
                    pf_,
                    f"weightings[{i}].commitments.{key}",
                    f"{key!r} is not a commitment of any pillar file; fix the id",
                )
        yield from _too_small(pf_, i, "pillars", w.pillars, pillar_ids)
        for ids in by_pillar.values():
            yield from _too_small(pf_, i, "commitments", w.commitments, ids)
        if all(w.pillars.get(p, 1.0) == 0 for p in framework):
            yield Problem(
                pf_,
                f"weightings[{i}].pillars",
                f"weighting {w.id!r} gives every pillar weight 0; give at least one a "
                "positive weight",
            )
        for pillar, ids in by_pillar.items():
            if ids and all(w.commitments.get(c, 1.0) == 0 for c in ids):
                yield Problem(
                    pf_,
                    f"weightings[{i}].commitments",
                    f"weighting {w.id!r} gives every commitment of pillar {pillar!r} "
                    "weight 0; give at least one a positive weight",
                )
    ids = [w.id for w in head.weightings]
    if head.default_weighting is not None and head.default_weighting not in ids:
        yield Problem(
            pf_,
            "default_weighting",
            f"{head.default_weighting!r} is not a weighting (weightings: "
            f"{', '.join(ids) or 'none'}); fix the id or add a [[weightings]] entry",
        )


def _too_small(
    file: str, i: int, group: str, listed: dict[str, float], ids: Iterable[str]
) -> Iterator[Problem]:
    """Positive weights too small to count within one group (unlisted ids weigh 1);
    non-finite and negative weights are reported on their own, and left out here."""
    raw = {key: listed.get(key, 1.0) for key in ids}
    clean = {key: v for key, v in raw.items() if math.isfinite(v) and v >= 0}
    for key, message in too_small(clean).items():
        yield Problem(
            file,
            f"weightings[{i}].{group}.{key}",
            message if key in listed else f"not listed: {message}",
        )


def _checksums(draft: Draft, of_empty: bool) -> Iterator[Problem]:
    for i, s in draft.sources:
        if not s.text and not of_empty:
            continue
        actual = hashlib.sha256(s.text.encode("utf-8")).hexdigest()
        if actual != s.sha256:
            yield Problem(
                draft.sources_file,
                f"sources[{i}].sha256",
                f"does not match {s.file} (its sha256 is {actual}); if the text changed on "
                "purpose, update sha256 and re-check the quotes that cite it",
            )
