"""The shapes of a dataset's files, before they are assembled into a Programme.

The loader structures each TOML file into these records; the integrity rules
(:mod:`scorecard.integrity`) run on them, so that every problem can be reported
with its file and its path even when it would make a :class:`~scorecard.model.Programme`
impossible to build (a duplicate id, for instance).
"""

from __future__ import annotations

import attrs

from scorecard.model import (
    Adjudication,
    Coding,
    Commitment,
    GradeBand,
    Level,
    Objective,
    Party,
    Pillar,
    Publication,
    Source,
    Verdict,
    Weighting,
)

__all__ = ["CodingFile", "Draft", "PillarFile", "ProgrammeFile"]


@attrs.frozen(slots=True)
class ProgrammeFile:
    """``programme.toml``. Its pillars carry no commitments: those live in ``pillars/``."""

    id: str
    title: str
    description: str
    scale: tuple[Level, ...]
    grades: tuple[GradeBand, ...]
    pillars: tuple[Pillar, ...]
    parties: tuple[Party, ...]
    weightings: tuple[Weighting, ...] = ()
    default_weighting: str | None = None
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    publication: Publication = attrs.field(factory=Publication)


@attrs.frozen(slots=True)
class PillarFile:
    """One ``pillars/*.toml`` file: the objectives and commitments of one pillar.

    ``commitments`` pairs each commitment with its index in the file, and
    ``objectives`` each objective, so paths stay right when some entries of the
    file could not be read.
    """

    file: str
    pillar: str
    commitments: tuple[tuple[int, Commitment], ...] = ()
    complete: bool = True  # False when some entries of the file could not be read
    objectives: tuple[tuple[int, Objective], ...] = ()


@attrs.frozen(slots=True)
class CodingFile:
    """One ``codings/round-<N>/<coder>.toml`` file: one coder's readings in one round."""

    file: str
    coding: Coding


@attrs.frozen(slots=True)
class Draft:
    """Everything read from a dataset folder, not yet assembled or checked.

    ``programme`` is ``None`` when ``programme.toml`` could not be read; ``sources``
    pairs each source with its index in ``sources.toml``, ``verdicts`` each verdict
    with its index in ``verdicts.toml`` and ``adjudications`` each adjudication with
    its index in ``codings/adjudication.toml`` (both files are optional).
    """

    programme: ProgrammeFile | None
    sources: tuple[tuple[int, Source], ...] = ()
    pillar_files: tuple[PillarFile, ...] = ()
    programme_file: str = "programme.toml"
    sources_file: str = "sources.toml"
    sources_complete: bool = True
    pillars_complete: bool = True  # False when a pillars/*.toml file could not be read
    verdicts: tuple[tuple[int, Verdict], ...] = ()
    verdicts_file: str = "verdicts.toml"
    codings: tuple[CodingFile, ...] = ()
    adjudications: tuple[tuple[int, Adjudication], ...] = ()
    adjudications_file: str = "codings/adjudication.toml"
