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
- **weightings**: ids refer to known pillars, commitments and indicators (keyed
  ``commitment-id.indicator-id``); weights are finite and
  >= 0 (checked when read) and not all zero within a group (the in-framework pillars;
  the commitments of one pillar); no positive weight is below
  :data:`~scorecard.weights.MIN_RELATIVE_WEIGHT` of its group's largest (the pillars;
  the commitments of one pillar); ``default_weighting`` names a weighting;
- **checksums**: a source's ``sha256`` is the checksum of its file's bytes.
- **tables**: a CSV source reads as a table (a header, one cell per column in every
  row, unique row keys, the declared delimiter).
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
from scorecard.model import (
    PROGRAMME_SCOPE,
    Adjudication,
    CodedReading,
    Commitment,
    Programme,
    Source,
    cited_fields,
    walk_citations,
)
from scorecard.tables import read as read_table
from scorecard.weights import indicator_key, too_small

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
            publication=programme.publication,
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
    problems += _objectives(draft)
    problems += _citations(draft)
    problems += _statuses(draft)
    problems += _requires(draft)
    problems += _verdicts(draft)
    problems += _dates(draft, day)
    problems += _periods(draft)
    problems += _weightings(draft)
    problems += _codings(draft)
    problems += _checksums(draft, checksums_of_empty)
    problems += _tables(draft)
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
        "objective",
        (
            (o.id, pf.file, f"objectives[{i}].id")
            for pf in draft.pillar_files
            for i, o in pf.objectives
        ),
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
                f"(pillars: {', '.join(known)}); {_hint(pf.pillar, list(known))}"
                "fix the id or add the pillar there",
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


def _hint(value: str, known: Sequence[str]) -> str:
    """``"did you mean 'x'? "`` for the closest of ``known``, or nothing."""
    close = difflib.get_close_matches(value, known, n=1)
    return f"did you mean {close[0]!r}? " if close else ""


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


def _objectives(draft: Draft) -> Iterator[Problem]:
    """A pillar that declares objectives puts every commitment under one of its own."""
    owner: dict[str, str] = {}  # objective id -> its pillar (the first definition)
    for pf in draft.pillar_files:
        for _, o in pf.objectives:
            owner.setdefault(o.id, pf.pillar)
    for pf, i, c in _commitments(draft):
        own = [o.id for _, o in pf.objectives]
        path = f"commitments[{i}].objective"
        if c.objective is None:
            if own:
                yield Problem(
                    pf.file,
                    path,
                    f"commitment {c.id!r}: pillar {pf.pillar!r} groups its commitments under "
                    f"objectives ({', '.join(own)}); name the one this commitment serves, "
                    f'e.g. objective = "{own[0]}"',
                )
        elif c.objective in own:
            continue
        elif c.objective in owner:
            yield Problem(
                pf.file,
                path,
                f"commitment {c.id!r}: objective {c.objective!r} belongs to pillar "
                f"{owner[c.objective]!r}, not {pf.pillar!r}; a commitment serves an objective "
                f"of its own pillar ({', '.join(own) or 'it declares none'}): move the "
                "commitment or name one of those",
            )
        elif own:
            yield Problem(
                pf.file,
                path,
                f"commitment {c.id!r}: {c.objective!r} is not an objective of pillar "
                f"{pf.pillar!r} (objectives: {', '.join(own)}); {_hint(c.objective, own)}"
                "fix the id or add the [[objectives]] entry",
            )
        else:
            yield Problem(
                pf.file,
                path,
                f"commitment {c.id!r}: pillar {pf.pillar!r} declares no objectives, so there is "
                f"no {c.objective!r} to serve; add [[objectives]] to {pf.file} or remove the key",
            )


def _requires(draft: Draft) -> Iterator[Problem]:
    """An assessment cites at least one piece of evidence of a kind its level requires."""
    head = draft.programme
    assert head is not None
    rules = {lv.id: lv.requires for lv in head.scale if lv.requires}
    for pf, i, c in _commitments(draft):
        for j, a in enumerate(c.assessments):
            required = rules.get(a.status)
            if not required:
                continue
            kinds = [cit.kind for _, cit in walk_citations(a)]
            if any(kind in required for kind in kinds):
                continue
            found = ", ".join(dict.fromkeys(str(k) for k in kinds))
            needed = [str(k) for k in required]
            either = " or ".join(
                [", ".join(needed[:-1]), needed[-1]] if len(needed) > 1 else needed
            )
            yield Problem(
                pf.file,
                f"commitments[{i}].assessments[{j}].evidence",
                f"commitment {c.id!r}: status {a.status!r} needs evidence of kind "
                f"{either} (the scale's rule); this assessment cites only "
                f"{found}: cite such evidence, or choose the level the evidence supports",
            )


def _verdicts(draft: Draft) -> Iterator[Problem]:
    """A verdict judges a pillar or the programme, at a scored level, for a declared party
    (or none), once per scope, party and date."""
    head = draft.programme
    assert head is not None
    scopes = [p.id for p in head.pillars] + [PROGRAMME_SCOPE]
    levels = {lv.id: lv for lv in head.scale}
    scored = [lv.id for lv in head.scale if not lv.missing]
    parties = [p.id for p in head.parties]
    seen: dict[tuple[str, str | None, PartialDate], int] = {}
    file = draft.verdicts_file
    for i, v in draft.verdicts:
        if v.scope not in scopes:
            yield Problem(
                file,
                f"verdicts[{i}].scope",
                f"{v.scope!r} is neither a pillar nor {PROGRAMME_SCOPE!r} (scopes: "
                f"{', '.join(scopes)}); {_hint(v.scope, scopes)}fix the scope",
            )
        level = levels.get(v.level)
        if level is None:
            yield Problem(
                file,
                f"verdicts[{i}].level",
                f"{v.level!r} is not a level of the scale (scored levels: {', '.join(scored)}); "
                f"{_hint(v.level, scored)}fix the level",
            )
        elif level.missing:
            yield Problem(
                file,
                f"verdicts[{i}].level",
                f"{v.level!r} scores as missing, but a verdict is a judgement on the scale: "
                f"use a scored level ({', '.join(scored)}) or leave the verdict out",
            )
        if v.party is not None and v.party not in parties:
            yield Problem(
                file,
                f"verdicts[{i}].party",
                _unknown_party(v.party, parties, draft.programme_file),
            )
        key = (v.scope, v.party, v.as_of)
        if key in seen:
            whose = "" if v.party is None else f" for party {v.party!r}"
            yield Problem(
                file,
                f"verdicts[{i}]",
                f"verdicts[{seen[key]}] is already a verdict on {v.scope!r}{whose} as of "
                f"{v.as_of}; keep one verdict per scope, party and date",
            )
        seen.setdefault(key, i)


def _periods(draft: Draft) -> Iterator[Problem]:
    """An observation's period does not start after it became known, and one indicator
    has one observation per known date and period."""
    for pf, i, c in _commitments(draft):
        for k, ind in enumerate(c.indicators):
            seen: dict[tuple[PartialDate, PartialDate], int] = {}
            for j, o in enumerate(ind.observations):
                path = f"commitments[{i}].indicators[{k}].observations[{j}]"
                if o.period is not None and o.period.first > o.as_of.last:
                    yield Problem(
                        pf.file,
                        f"{path}.period",
                        f"indicator {ind.id!r}: period after as_of: the period {o.period} "
                        f"starts after the figure was known ({o.as_of}); a figure measures a "
                        "period that has begun: fix period or as_of",
                    )
                key = (o.as_of, o.measured)
                if key in seen:
                    yield Problem(
                        pf.file,
                        path,
                        f"indicator {ind.id!r}: observations[{seen[key]}] already gives the "
                        f"figure known as of {o.as_of} for the period {o.measured}; keep one, "
                        "or give each its own period",
                    )
                seen.setdefault(key, j)


def _codings(draft: Draft) -> Iterator[Problem]:
    """Coders' readings and adjudications name known units, sources and levels; a round
    has at least two coders; an adjudication settles a unit some coding of its round read."""
    head = draft.programme
    assert head is not None
    commitments = [c.id for _, _, c in _commitments(draft)]
    scopes = [p.id for p in head.pillars] + [PROGRAMME_SCOPE]
    levels = [lv.id for lv in head.scale]
    sources = list(_sources(draft)) if draft.sources_complete else None
    declared = ([p.id for p in head.parties], draft.programme_file)
    units: dict[int, set[tuple[str, str, str]]] = {}
    coders: dict[int, list[CodingFile]] = {}
    for cf in draft.codings:
        coders.setdefault(cf.coding.round, []).append(cf)
        for j, r in enumerate(cf.coding.readings):
            units.setdefault(cf.coding.round, set()).add(r.unit)
            yield from _unit_problems(
                cf.file, f"readings[{j}]", r, commitments, scopes, levels, sources, *declared
            )
    for number, files in sorted(coders.items()):
        if len({cf.coding.coder for cf in files}) < 2:
            yield Problem(
                files[0].file,
                "round",
                f"round {number} has one coder ({files[0].coding.coder}); agreement needs at "
                f"least two: add another coder's file to codings/round-{number}/",
            )
    for i, a in draft.adjudications:
        path = f"adjudications[{i}]"
        yield from _unit_problems(
            draft.adjudications_file, path, a, commitments, scopes, levels, sources, *declared
        )
        if a.unit not in units.get(a.round, set()):
            kind, unit, source = a.unit
            yield Problem(
                draft.adjudications_file,
                path,
                f"no coding of round {a.round} reads {kind} {unit!r} in {source!r}, so there "
                "is no disagreement to settle: fix the round or the unit, or add the readings",
            )


def _unit_problems(
    file: str,
    path: str,
    item: CodedReading | Adjudication,
    commitments: Sequence[str],
    scopes: Sequence[str],
    levels: Sequence[str],
    sources: Sequence[str] | None,
    parties: Sequence[str] | None = None,
    programme_file: str = "programme.toml",
) -> Iterator[Problem]:
    if item.commitment is not None and item.commitment not in commitments:
        yield Problem(
            file,
            f"{path}.commitment",
            f"{item.commitment!r} is not a commitment of any pillar file; "
            f"{_hint(item.commitment, commitments)}fix the id",
        )
    if item.scope is not None and item.scope not in scopes:
        yield Problem(
            file,
            f"{path}.scope",
            f"{item.scope!r} is neither a pillar nor {PROGRAMME_SCOPE!r} (scopes: "
            f"{', '.join(scopes)}); {_hint(item.scope, scopes)}fix the scope",
        )
    if sources is not None and item.source not in sources:
        yield Problem(
            file,
            f"{path}.source",
            f"unknown source {item.source!r} (sources: {', '.join(sorted(sources)) or 'none'}); "
            f"{_hint(item.source, sources)}fix the id",
        )
    if item.status not in levels:
        yield Problem(
            file,
            f"{path}.status",
            f"{item.status!r} is not a level of the scale (levels: {', '.join(levels)}); "
            f"{_hint(item.status, levels)}fix the status",
        )
    if item.party is not None and parties is not None and item.party not in parties:
        yield Problem(file, f"{path}.party", _unknown_party(item.party, parties, programme_file))


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
                    f"{a.status!r} is not a level of the scale (levels: {', '.join(levels)}); "
                    f"{_hint(a.status, list(levels))}fix the status",
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
        yield from _hindsight(
            pf.file, f"commitments[{i}]", f"commitment {c.id!r}: this", c, dated, sources, today
        )
    for i, v in draft.verdicts:
        yield from _hindsight(
            draft.verdicts_file,
            f"verdicts[{i}]",
            "this",
            v,
            [((), v.as_of, f"verdict on {v.scope!r}")],
            sources,
            today,
        )


def _hindsight(
    file: str,
    prefix: str,
    label: str,
    obj: Any,
    dated: Sequence[tuple[DataPath, PartialDate, str]],
    sources: dict[str, Source],
    today: _dt.date,
) -> Iterator[Problem]:
    """Dates in the future, and citations of sources published after the date of the
    dated part of ``obj`` (at ``keys``) that holds them."""
    fields = cited_fields(obj)
    for keys, as_of, what in dated:
        if as_of.first > today:
            yield Problem(
                file,
                format_path((*keys, "as_of"), prefix),
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
                        file,
                        format_path((*field, j, "source"), prefix),
                        f"{label} {what} is dated {as_of} but cites "
                        f"{source.id!r}, published {source.published} (no hindsight: "
                        f"cite only sources published on or before {as_of}); move as_of "
                        f"to {source.published} or later, or cite an earlier source",
                    )


def _weight_groups(draft: Draft) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The groups weights are relative within: the objectives of each pillar (by pillar
    id), and the commitments of each objective, or of each pillar without objectives
    (keyed ``"pillar 'p1'"`` or ``"objective 'p1.a'"``, as messages name them)."""
    head = draft.programme
    assert head is not None
    objectives: dict[str, list[str]] = {p.id: [] for p in head.pillars}
    commitments: dict[str, list[str]] = {}
    for pf in draft.pillar_files:
        if pf.pillar not in objectives:
            continue
        objectives[pf.pillar] += [o.id for _, o in pf.objectives]
        for _, c in pf.commitments:
            if pf.objectives and c.objective is not None:
                group = f"objective {c.objective!r}"
            else:
                group = f"pillar {pf.pillar!r}"
            commitments.setdefault(group, []).append(c.id)
    return objectives, commitments


def _weightings(draft: Draft) -> Iterator[Problem]:
    head = draft.programme
    assert head is not None
    pf_ = draft.programme_file
    pillar_ids = [p.id for p in head.pillars]
    objectives, commitments = _weight_groups(draft)
    # the indicators of each commitment, by the key a weighting weighs them with
    indicators = {
        f"commitment {c.id!r}": [indicator_key(c.id, ind.id) for ind in c.indicators]
        for pf in draft.pillar_files
        for _, c in pf.commitments
        if c.indicators
    }
    known = {
        "pillars": set(pillar_ids),
        "objectives": {o for ids in objectives.values() for o in ids},
        "commitments": {c for ids in commitments.values() for c in ids},
        "indicators": {k for ids in indicators.values() for k in ids},
    }
    all_read = draft.pillars_complete and all(pf.complete for pf in draft.pillar_files)
    framework = [p.id for p in head.pillars if p.in_framework] or pillar_ids
    for i, w in enumerate(head.weightings):
        listed = {
            "pillars": w.pillars,
            "objectives": w.objectives,
            "commitments": w.commitments,
            "indicators": w.indicators,
        }
        for group, weights in listed.items():
            for key, value in weights.items():
                path = f"weightings[{i}].{group}.{key}"
                if not math.isfinite(value) or value < 0:
                    yield Problem(pf_, path, f"a weight must be finite and >= 0, not {value!r}")
                elif key not in known[group] and (group == "pillars" or all_read):
                    yield Problem(pf_, path, _not_a(group, key, known[group], pillar_ids))
        yield from _too_small(pf_, i, "pillars", w.pillars, pillar_ids)
        if all(w.pillars.get(p, 1.0) == 0 for p in framework):
            yield Problem(
                pf_,
                f"weightings[{i}].pillars",
                f"weighting {w.id!r} gives every pillar weight 0; give at least one a "
                "positive weight",
            )
        for group, weights, members in (
            *(
                ("objectives", w.objectives, (f"pillar {p!r}", ids))
                for p, ids in objectives.items()
            ),
            *(("commitments", w.commitments, item) for item in commitments.items()),
            *(("indicators", w.indicators, item) for item in indicators.items()),
        ):
            name, ids = members
            yield from _too_small(pf_, i, group, weights, ids)
            if ids and all(weights.get(key, 1.0) == 0 for key in ids):
                yield Problem(
                    pf_,
                    f"weightings[{i}].{group}",
                    f"weighting {w.id!r} gives every {group[:-1]} of {name} weight 0; give "
                    "at least one a positive weight",
                )
    ids = [w.id for w in head.weightings]
    if head.default_weighting is not None and head.default_weighting not in ids:
        yield Problem(
            pf_,
            "default_weighting",
            f"{head.default_weighting!r} is not a weighting (weightings: "
            f"{', '.join(ids) or 'none'}); {_hint(head.default_weighting, list(ids))}"
            "fix the id or add a [[weightings]] entry",
        )


def _not_a(group: str, key: str, known: set[str], pillar_ids: Sequence[str]) -> str:
    if group == "pillars":
        return (
            f"{key!r} is not a pillar (pillars: {', '.join(pillar_ids)}); "
            f"{_hint(key, pillar_ids)}fix the id"
        )
    if group == "objectives":
        listing = ", ".join(sorted(known)) or "none"
        return (
            f"{key!r} is not an objective (objectives: {listing}); "
            f"{_hint(key, sorted(known))}fix the id"
        )
    if group == "indicators":
        return (
            f"{key!r} is not an indicator of any commitment (keys are "
            f"'commitment-id.indicator-id'); {_hint(key, sorted(known))}fix the key"
        )
    return f"{key!r} is not a commitment of any pillar file; fix the id"


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
        actual = hashlib.sha256(s.text.encode(s.encoding)).hexdigest()
        if actual != s.sha256:
            yield Problem(
                draft.sources_file,
                f"sources[{i}].sha256",
                f"does not match {s.file} (its sha256 is {actual}); if the text changed on "
                "purpose, run `scorecard check DIR --update-checksums` (or update sha256 by "
                "hand) and re-check the quotes that cite it",
            )


def _tables(draft: Draft) -> Iterator[Problem]:
    """Tabular sources that cannot be read as a table (see :mod:`scorecard.tables`)."""
    for i, s in draft.sources:
        if s.tabular and s.text:
            for message in read_table(s)[1]:
                yield Problem(draft.sources_file, f"sources[{i}].file", f"{s.file}, {message}")
