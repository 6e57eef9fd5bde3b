"""A programme written back as a dataset folder: TOML files and source texts.

The PDF embeds these files, so that ``scorecard extract`` can recover a dataset
that ``scorecard check`` passes and that re-scores to the same result. The files
follow ``docs/data-format.md``; dates are written as ``YYYY[-MM[-DD]]`` strings,
citation spans are left out (they are computed at load time), and every source
text is written as the UTF-8 bytes its checksum was taken over.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import PurePosixPath
from typing import Any

import tomli_w

from scorecard.dates import PartialDate
from scorecard.errors import RenderError
from scorecard.model import (
    Citation,
    Coding,
    Commitment,
    Indicator,
    Objective,
    Observation,
    Programme,
    Verdict,
    Weighting,
)

__all__ = ["dataset_files", "safe_relative"]

_SAFE_NAME = re.compile(r"[^a-z0-9.-]+")


def safe_relative(name: str) -> str | None:
    """``name`` as a normalised relative POSIX path if it stays inside its folder, else
    ``None`` (absolute paths, ``..``, backslashes, drive letters and empty parts)."""
    if not name or "\\" in name or "\x00" in name or ":" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", "..", ".") for part in path.parts):
        return None
    return path.as_posix()


def _drop_none(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v is not None}


def _citation(c: Citation) -> dict[str, Any]:
    return _drop_none(
        {
            "source": c.source,
            "quote": c.quote,
            "row": c.row,
            "column": c.column,
            "bound": c.bound,
            "kind": c.kind.value,
            "occurrence": c.occurrence,
        }
    )


def _observation(o: Observation) -> dict[str, Any]:
    return _drop_none(
        {
            "as_of": o.as_of.isoformat(),
            "period": None if o.period is None else o.period.isoformat(),
            "value": o.value,
            "low": o.low,
            "high": o.high,
            "qualifier": o.qualifier,
            "note": o.note,
            "evidence": [_citation(c) for c in o.evidence],
        }
    )


def _indicator(ind: Indicator) -> dict[str, Any]:
    goalposts = (
        None
        if ind.goalposts is None
        else {"low": ind.goalposts.low, "high": ind.goalposts.high, "log": ind.goalposts.log}
    )
    table = _drop_none(
        {
            "id": ind.id,
            "title": ind.title,
            "unit": ind.unit,
            "direction": ind.direction.value,
            "kind": ind.kind.value,
            "description": ind.description,
            "goalposts": goalposts,
            "target": ind.target,
        }
    )
    if ind.observations:
        table["observations"] = [_observation(o) for o in ind.observations]
    return table


def _commitment(c: Commitment) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": c.id,
        "title": c.title,
        "promise": c.promise,
        "parties": list(c.parties),
        "indicator_weight": c.indicator_weight,
        "tags": list(c.tags),
        "stated_in": [_citation(x) for x in c.stated_in],
    }
    if c.objective is not None:
        table["objective"] = c.objective
    if c.assessments:
        table["assessments"] = [
            {
                "as_of": a.as_of.isoformat(),
                "status": a.status,
                "rationale": a.rationale,
                "evidence": [_citation(x) for x in a.evidence],
            }
            for a in c.assessments
        ]
    if c.indicators:
        table["indicators"] = [_indicator(i) for i in c.indicators]
    return table


def _objective(o: Objective) -> dict[str, Any]:
    table = _drop_none({"id": o.id, "title": o.title, "description": o.description})
    if o.stated_in:
        table["stated_in"] = [_citation(x) for x in o.stated_in]
    return table


def _verdict(v: Verdict) -> dict[str, Any]:
    return _drop_none(
        {
            "scope": v.scope,
            "as_of": v.as_of.isoformat(),
            "level": v.level,
            "party": v.party,
            "rationale": v.rationale,
            "evidence": [_citation(x) for x in v.evidence],
            "divergence_note": v.divergence_note,
        }
    )


def _coding(c: Coding) -> dict[str, Any]:
    table = _drop_none({"round": c.round, "coder": c.coder, "note": c.note})
    table["readings"] = [
        _drop_none(
            {
                "source": r.source,
                "commitment": r.commitment,
                "scope": r.scope,
                "status": r.status,
                "kind": None if r.kind is None else r.kind.value,
                "rule": r.rule,
                "rationale": r.rationale,
            }
        )
        for r in c.readings
    ]
    return table


def _day(date: PartialDate | None) -> _dt.date | None:
    """A single-day date as a TOML date (``2026-11-29``), as a dataset writes it."""
    return None if date is None else date.first


def _programme_toml(p: Programme) -> dict[str, Any]:
    table: dict[str, Any] = _drop_none(
        {
            "id": p.id,
            "title": p.title,
            "description": p.description,
            "authors": list(p.authors),
            "keywords": list(p.keywords),
            "default_weighting": p.default_weighting,
        }
    )
    publication = _drop_none(
        {
            "publisher": p.publication.publisher,
            "edition_date": _day(p.publication.edition_date),
            "version": p.publication.version,
            "license": p.publication.license,
            "contact": p.publication.contact,
        }
    )
    if publication:
        table["publication"] = publication
    table["scale"] = [
        _drop_none(
            {
                "id": lv.id,
                "label": lv.label,
                "meaning": lv.meaning,
                "value": lv.value,
                "missing": True if lv.missing else None,
                "requires": [k.value for k in lv.requires] if lv.requires else None,
            }
        )
        for lv in p.scale.levels
    ]
    table["grades"] = [
        _drop_none({"grade": b.grade, "min": b.min, "max": b.max, "meaning": b.meaning})
        for b in sorted(p.grades.bands, key=lambda b: -b.min)
    ]
    table["pillars"] = [
        _drop_none(
            {
                "id": pl.id,
                "title": pl.title,
                "short_title": pl.short_title,
                "description": pl.description,
                "in_framework": pl.in_framework,
            }
        )
        for pl in p.pillars
    ]
    table["parties"] = [
        _drop_none({"id": pa.id, "label": pa.label, "short_label": pa.short_label})
        for pa in p.parties
    ]
    if p.weightings:
        table["weightings"] = [_weighting(w) for w in p.weightings]
    return table


def _weighting(w: Weighting) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": w.id,
        "label": w.label,
        "rationale": w.rationale,
        "pillars": dict(w.pillars),
        "commitments": dict(w.commitments),
    }
    if w.objectives:
        table["objectives"] = dict(w.objectives)
    if w.verdict_weight:
        table["verdict_weight"] = w.verdict_weight
    return table


def _dump(table: dict[str, Any]) -> bytes:
    return tomli_w.dumps(table, multiline_strings=False).encode("utf-8")


def dataset_files(programme: Programme) -> dict[str, bytes]:
    """The dataset folder of ``programme``: relative path -> file bytes, in a fixed order."""
    files: dict[str, bytes] = {"programme.toml": _dump(_programme_toml(programme))}
    sources = []
    texts: dict[str, bytes] = {}
    for s in programme.sources:
        name = safe_relative(s.file)
        if name is None or name in texts or name.endswith(".toml"):
            raise RenderError(f"source {s.id!r}: its file name {s.file!r} cannot be embedded")
        data = s.text.encode(s.encoding)
        if hashlib.sha256(data).hexdigest() != s.sha256:
            raise RenderError(
                f"source {s.id!r}: its text does not match its checksum, so the dataset "
                "cannot be embedded faithfully"
            )
        texts[name] = data
        sources.append(
            _drop_none(
                {
                    "id": s.id,
                    "title": s.title,
                    "authors": list(s.authors) if s.authors is not None else None,
                    "publisher": s.publisher,
                    "published": s.published.isoformat(),
                    "kind": s.kind,
                    "file": name,
                    "sha256": s.sha256,
                    "url": s.url,
                    "notes": s.notes,
                    "format": None if s.format is None else s.format.value,
                    "key": s.key,
                    "delimiter": None if s.delimiter == "," else s.delimiter,
                    "encoding": None if s.encoding == "utf-8" else s.encoding,
                }
            )
        )
    files["sources.toml"] = _dump({"sources": sources})
    for index, pillar in enumerate(programme.pillars):
        slug = _SAFE_NAME.sub("-", pillar.id.lower()).strip("-")[:40] or "pillar"
        table: dict[str, Any] = {"pillar": pillar.id}
        if pillar.objectives:
            table["objectives"] = [_objective(o) for o in pillar.objectives]
        if pillar.commitments:
            table["commitments"] = [_commitment(c) for c in pillar.commitments]
        files[f"pillars/{index + 1:02d}-{slug}.toml"] = _dump(table)
    if programme.verdicts:
        files["verdicts.toml"] = _dump({"verdicts": [_verdict(v) for v in programme.verdicts]})
    for coding in programme.codings:
        # the loader reads a coder's file name as the coder: it must be one plain name
        if "/" in coding.coder or safe_relative(coding.coder) is None:
            raise RenderError(f"coder {coding.coder!r}: the name cannot be a file name")
        files[f"codings/round-{coding.round}/{coding.coder}.toml"] = _dump(_coding(coding))
    if programme.adjudications:
        files["codings/adjudication.toml"] = _dump(
            {
                "adjudications": [
                    _drop_none(
                        {
                            "round": a.round,
                            "source": a.source,
                            "commitment": a.commitment,
                            "scope": a.scope,
                            "status": a.status,
                            "note": a.note,
                        }
                    )
                    for a in programme.adjudications
                ]
            }
        )
    files.update(texts)
    return files
