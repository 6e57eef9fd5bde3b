"""Programmes written as the files of one collection folder (the inverse of
:func:`scorecard.load_collection`): used to turn datasets that share a framework
into a collection, by the tests and by the benchmarks.

The framework (``framework/programme.toml`` and ``framework/pillars/*.toml``) is the
first unit's programme without its assessments and observations; each unit gets
its sources, its verdicts and a ``readings.toml`` of the assessments and
observations of its programme, keyed by commitment (and indicator) id. Every unit's
programme must have the framework of the first one; codings are not carried.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from typing import Any

import tomli_w

from scorecard.errors import RenderError
from scorecard.model import Programme

__all__ = ["collection_files"]


def _dump(table: dict[str, Any]) -> bytes:
    return tomli_w.dumps(table, multiline_strings=False).encode("utf-8")


def _split(pillar: dict[str, Any]) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """A pillar file's table without readings, and its assessments and observations
    keyed by commitment (and indicator)."""
    assessments: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    for c in pillar.get("commitments", []):
        for a in c.pop("assessments", []):
            assessments.append({"commitment": c["id"], **a})
        for ind in c.get("indicators", []):
            for o in ind.pop("observations", []):
                observations.append({"commitment": c["id"], "indicator": ind["id"], **o})
    return pillar, assessments, observations


def collection_files(
    collection_id: str,
    title: str,
    units: Sequence[tuple[str, str, Programme]],
    description: str | None = None,
) -> dict[str, bytes]:
    """The files of a collection folder: relative path -> bytes. ``units`` are
    ``(id, title, programme)``; see the module docstring."""
    from scorecard.report.dataset import dataset_files

    head: dict[str, Any] = {"id": collection_id, "title": title}
    if description is not None:
        head["description"] = description
    files: dict[str, bytes] = {"collection.toml": _dump({"collection": head})}
    framework: dict[str, bytes] = {}
    for unit_id, unit_title, programme in units:
        if programme.codings or programme.adjudications:
            raise RenderError(f"unit {unit_id!r}: a collection's units carry no codings")
        assessments: list[Any] = []
        observations: list[Any] = []
        base = f"units/{unit_id}"
        for name, data in dataset_files(programme).items():
            if name == "programme.toml":
                framework.setdefault("framework/programme.toml", data)
            elif name.startswith("pillars/"):
                table, a, o = _split(tomllib.loads(data.decode("utf-8")))
                assessments += a
                observations += o
                framework.setdefault(f"framework/{name}", _dump(table))
            else:
                files[f"{base}/{name}"] = data
        files[f"{base}/unit.toml"] = _dump({"unit": {"id": unit_id, "title": unit_title}})
        readings: dict[str, Any] = {}
        if assessments:
            readings["assessments"] = assessments
        if observations:
            readings["observations"] = observations
        files[f"{base}/readings.toml"] = _dump(readings)
    return {**files, **framework}
