"""Model validators: local invariants fail when an object is built."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from scorecard import load, model
from scorecard.dates import PartialDate
from scorecard.model import (
    Citation,
    GradeBand,
    GradeBands,
    Level,
    Observation,
    Programme,
    Scale,
    Source,
)
from tests.strategies import programmes

MERIDA = Path(__file__).resolve().parent.parent / "fixtures" / "merida"


def test_a_missing_level_takes_no_value() -> None:
    with pytest.raises(ValueError, match="takes no value"):
        Level("none", "None", "Nothing.", value=0.0, missing=True)
    with pytest.raises(ValueError, match="needs a value"):
        Level("low", "Low", "Little.")


def test_scale_values_never_decrease() -> None:
    with pytest.raises(ValueError, match="scores lower"):
        Scale((Level("a", "A", "a", value=0.5), Level("b", "B", "b", value=0.2)))


def test_grade_bands_cover_0_to_100_without_gaps() -> None:
    with pytest.raises(ValueError, match="gap"):
        GradeBands((GradeBand("A", 60, 100), GradeBand("F", 0, 50)))
    with pytest.raises(ValueError, match="overlap"):
        GradeBands((GradeBand("A", 40, 100), GradeBand("F", 0, 50)))
    bands = GradeBands((GradeBand("F", 0, 50), GradeBand("A", 50, 100)))
    assert bands.grades == ("A", "F")
    assert bands.grade(100) == "A"
    assert bands.grade(49.999) == "F"


def test_an_observation_is_a_value_or_a_range() -> None:
    cite = (Citation("s", "q"),)
    with pytest.raises(ValueError, match="not both"):
        Observation(PartialDate(2010), cite, value=1.0, low=0.0, high=2.0)
    with pytest.raises(ValueError, match="above high"):
        Observation(PartialDate(2010), cite, low=3.0, high=2.0)
    assert Observation(PartialDate(2010), cite, low=1.0, high=3.0).point() == 2.0


def test_citation_and_source_checks() -> None:
    with pytest.raises(ValueError, match="start < end"):
        Citation("s", "q", span=(5, 5))
    with pytest.raises(ValueError, match="occurrence"):
        Citation("s", "q", occurrence=0)
    with pytest.raises(ValueError, match="sha256"):
        Source("s", "T", PartialDate(2010), "report", "sources/s.txt", "ABC")


# -- publication ---------------------------------------------------------------------


def test_publication_fields_are_optional_but_validated() -> None:
    from scorecard.model import Publication

    assert Publication().empty
    full = Publication(
        publisher="Scorecard project",
        edition_date=PartialDate(2026, 11, 29),
        version="2",
        license="CC-BY-4.0",
        contact="https://example.org/scorecard",
    )
    assert not full.empty
    assert Publication(contact="team@example.org").contact == "team@example.org"
    assert Publication(contact="mailto:team@example.org").contact
    with pytest.raises(ValueError, match="single day"):
        Publication(edition_date=PartialDate(2026, 11))
    with pytest.raises(ValueError, match="single day"):
        Publication(edition_date=PartialDate.parse("2026-11-01/2026-11-29"))
    with pytest.raises(ValueError, match="must not be empty"):
        Publication(publisher="  ")
    for contact in ("the project", "example.org", "ftp://example.org/x", "a@b"):
        with pytest.raises(ValueError, match="web address"):
            Publication(contact=contact)


def test_a_bad_publication_block_is_reported_with_its_path(tmp_path: Path) -> None:
    import shutil

    import scorecard
    from scorecard.errors import DataError

    folder = tmp_path / "example"
    shutil.copytree(Path(__file__).parent / "data" / "example", folder)
    head = folder / "programme.toml"
    text = head.read_text(encoding="utf-8")
    head.write_text(
        text + '\n[publication]\nedition_date = "2016-11"\ncontact = "nobody"\nlicence = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        scorecard.load(folder)
    message = str(caught.value)
    assert "programme.toml" in message
    assert "publication" in message
    assert "licence" in message  # an unknown key, with a hint
    head.write_text(
        text + '\n[publication]\npublisher = "P"\nedition_date = 2017-01-15\n', encoding="utf-8"
    )
    programme = scorecard.load(folder)
    assert programme.publication.edition_date == PartialDate(2017, 1, 15)
    # the dataset a PDF carries keeps the block, and reads back the same
    from scorecard.report.dataset import dataset_files

    out = tmp_path / "again"
    out.mkdir()
    for name, data in dataset_files(programme).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    assert scorecard.load(out).publication == programme.publication


# -- Programme.index: lookups by id built once ---------------------------------------


def _scan(items: Iterable[Any], wanted: str) -> Any:
    """The linear lookup the index replaces: the first item with id ``wanted``."""
    return next((item for item in items if item.id == wanted), None)


def _assert_index_agrees(programme: Programme) -> None:
    index = programme.index
    commitments = [c for _, c in programme.commitments()]
    objectives = [o for p in programme.pillars for o in p.objectives]
    groups = [
        (index.pillars, programme.pillars),
        (index.commitments, commitments),
        (index.objectives, objectives),
        (index.sources, programme.sources),
        (index.parties, programme.parties),
        (index.weightings, programme.weightings),
    ]
    for mapping, items in groups:
        ids = {item.id for item in items}
        assert set(mapping) == ids
        for wanted in [*ids, "no-such-id"]:
            assert mapping.get(wanted) is _scan(items, wanted)
    for p, c in programme.commitments():
        assert programme.commitment(c.id) is _scan(commitments, c.id)
        assert index.pillar_of[c.id] is next(q for q, d in programme.commitments() if d.id == c.id)
        assert programme.pillar(p.id) is _scan(programme.pillars, p.id)
    for s in programme.sources:
        assert programme.source(s.id) is s
        assert index.source_numbers[s.id] == programme.sources.index(s) + 1
    for missing in (programme.commitment, programme.source, programme.pillar, programme.party):
        with pytest.raises(KeyError):
            missing("no-such-id")
    every = list(programme.citations())
    assert index.citations_by_source == {
        sid: tuple(pair for pair in every if pair[1].source == sid)
        for sid in {cit.source for _, cit in every}
    }


@settings(max_examples=60, deadline=None)
@given(programmes(objectives=None, with_verdicts=True, periods=True))
def test_index_agrees_with_linear_lookups(programme: Programme) -> None:
    _assert_index_agrees(programme)


def test_index_agrees_on_merida_and_is_built_once() -> None:
    programme = load(MERIDA)
    _assert_index_agrees(programme)
    assert len(programme.index.sources) == 5
    assert sum(len(v) for v in programme.index.citations_by_source.values()) == len(
        list(programme.citations())
    )
    # one index per object, its mappings built once; a copy gets its own
    assert programme.index is programme.index
    assert programme.index.commitments is programme.index.commitments
    copy = attrs.evolve(programme, sources=programme.sources[:1])
    assert copy.index is not programme.index
    assert set(copy.index.sources) == {programme.sources[0].id}


def test_index_is_dropped_with_its_programme() -> None:
    programme = load(MERIDA)
    programme.index.commitments  # noqa: B018 (built)
    index = programme.index
    key = id(programme)
    assert model._INDEXES[key] is index
    del programme
    gc.collect()
    assert key not in model._INDEXES
    with pytest.raises(ReferenceError):
        index.programme  # noqa: B018
