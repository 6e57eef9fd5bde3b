"""Read back what a report PDF carries: its manifest, result, weights and dataset.

The attachments of a PDF are untrusted input: a name is written only if the
manifest lists it with a matching checksum and it stays inside the target folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import attrs

from scorecard._io import atomic_write
from scorecard.errors import OptionsError, ScorecardError
from scorecard.options import ScoringOptions
from scorecard.report.dataset import safe_relative

__all__ = ["Extracted", "extract"]

_MANIFEST = "manifest.json"
_FORMAT = "scorecard-report"


@attrs.frozen(slots=True)
class Extracted:
    """What :func:`extract` wrote: the dataset folder, the other files, and how the
    report was scored (``rescore``: the manifest's record of the weighting's name,
    as-of date, methods, missing policy, indicator pick and floor; ``options``: the
    same scoring choices as :class:`~scorecard.options.ScoringOptions`)."""

    folder: Path
    dataset: Path
    files: tuple[Path, ...]
    rescore: dict[str, Any]
    options: ScoringOptions = attrs.field(factory=ScoringOptions)


def _read_attachments(pdf: Path) -> dict[str, bytes]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(pdf))
        found = reader.attachments
        return {name: data[0] for name, data in found.items() if data}
    except (OSError, PdfReadError, ValueError, KeyError) as exc:
        raise ScorecardError(f"{pdf}: not a readable PDF ({exc})") from exc


def _options(source: Path, rescore: dict[str, Any]) -> ScoringOptions:
    """The scoring options a manifest records (absent ones take their defaults)."""
    given = {
        "as_of": rescore.get("as_of"),
        "method": rescore.get("methods"),
        "missing": rescore.get("missing"),
        "floor": rescore.get("floor"),
        "indicator_pick": rescore.get("indicator_pick"),
    }
    try:
        return ScoringOptions(**{k: v for k, v in given.items() if v is not None})
    except OptionsError as exc:
        raise ScorecardError(
            f"{source}: its {_MANIFEST} records bad scoring options ({exc})"
        ) from None


def extract(pdf: str | os.PathLike[str], folder: str | os.PathLike[str]) -> Extracted:
    """Write the files a report PDF carries into ``folder`` (created if missing; it must
    be empty): ``dataset/`` (a dataset ``scorecard check`` passes), ``result.json``,
    ``weights.toml`` and ``manifest.json``."""
    source = Path(pdf)
    if not source.is_file():
        raise ScorecardError(f"{source}: no such file")
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScorecardError(f"{target}: the folder must be new or empty")
    attachments = _read_attachments(source)
    raw = attachments.get(_MANIFEST)
    if raw is None:
        raise ScorecardError(f"{source}: not a scorecard report (it carries no {_MANIFEST})")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScorecardError(f"{source}: its {_MANIFEST} is not valid JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        raise ScorecardError(f"{source}: its {_MANIFEST} is not a scorecard report manifest")
    plan: list[tuple[str, bytes]] = [(_MANIFEST, raw)]
    problems: list[str] = []
    for entry in manifest.get("files", []):
        name = entry.get("name") if isinstance(entry, dict) else None
        safe = safe_relative(name) if isinstance(name, str) else None
        if safe is None or safe != name or safe == _MANIFEST:
            problems.append(f"refusing the attachment name {name!r}")
            continue
        data = attachments.get(name)
        if data is None:
            problems.append(f"{name}: listed in the manifest but not attached")
            continue
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"{name}: its checksum does not match the manifest")
            continue
        plan.append((name, data))
    if problems:
        raise ScorecardError(f"{source}: " + "; ".join(problems))
    rescore = manifest.get("rescore")
    if not isinstance(rescore, dict):
        rescore = {}
    options = _options(source, rescore)
    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    written = []
    for name, data in plan:
        path = (root / name).resolve()
        if not path.is_relative_to(root):  # pragma: no cover - safe_relative prevents it
            raise ScorecardError(f"refusing to write outside {root}: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(atomic_write(path, data))
    return Extracted(
        folder=root,
        dataset=root / "dataset",
        files=tuple(written),
        rescore=rescore,
        options=options,
    )
