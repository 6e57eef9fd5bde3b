"""The normaliser of issue 16 against the one it replaced.

``_OldNormaliser`` below is the implementation before issue 16 (``str.translate``
with a dict, one regular expression for every gap, a callback per gap), kept
verbatim as the oracle: the faster one must give the same text and the same offset
map on random Unicode text and on every source text shipped.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given

from scorecard.citations import (
    _APOSTROPHES,
    _DASHES,
    _DOUBLE_QUOTES,
    _INVISIBLE,
    _MAX_ROUNDS,
    WHITE_SPACE,
    OffsetMap,
    _Layer,
    _normalised_text,
    normalise,
)
from tests.strategies import typographic_texts

ROOT = Path(__file__).resolve().parent.parent


class _OldNormaliser:
    """``normalise`` and ``_normalised_text`` as they were before issue 16."""

    def __init__(self) -> None:
        table: dict[int, str] = {ord(ch): " " for ch in WHITE_SPACE}
        table |= {ord(ch): " " for ch in _APOSTROPHES}
        table |= {ord(ch): '"' for ch in _DOUBLE_QUOTES}
        table |= {ord(ch): "-" for ch in _DASHES}
        self.translate = table
        self.gap = re.compile(f"[ {_INVISIBLE}]{{2,}}|[{_INVISIBLE}]")
        self.non_ascii = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
        self.invisible_run = re.compile(f"[{_INVISIBLE}]+")
        self.spaces = re.compile(" {2,}")

    def nfkc(self, text: str) -> tuple[str, _Layer | None]:
        if unicodedata.is_normalized("NFKC", text):
            return text, None
        layer = _Layer()
        pieces: list[str] = []
        copied = 0
        delta = 0
        for match in self.non_ascii.finditer(text):
            seg_start, seg_end = match.span()
            segment = match.group()
            if unicodedata.is_normalized("NFKC", segment):
                continue
            pieces.append(text[copied:seg_start])
            whole = unicodedata.normalize("NFKC", segment)
            bounds = [0] + [
                i for i in range(1, len(segment)) if unicodedata.combining(segment[i]) == 0
            ]
            bounds.append(len(segment))
            units = [segment[a:b] for a, b in itertools.pairwise(bounds)]
            outs = [unicodedata.normalize("NFKC", u) for u in units]
            if "".join(outs) == whole:
                for a, b, unit, out in zip(bounds, bounds[1:], units, outs, strict=False):
                    if out != unit:
                        start = seg_start + a
                        layer.add(start + delta, start + delta + len(out), start, seg_start + b)
                        delta += len(out) - len(unit)
            else:
                layer.add(seg_start + delta, seg_start + delta + len(whole), seg_start, seg_end)
                delta += len(whole) - len(segment)
            pieces.append(whole)
            copied = seg_end
        pieces.append(text[copied:])
        return "".join(pieces), layer

    def gaps(self, text: str) -> tuple[str, _Layer | None]:
        layer = _Layer()
        delta = 0

        def replace(match: re.Match[str]) -> str:
            nonlocal delta
            start, end = match.span()
            run = match.group()
            out = " " if " " in run else ""
            layer.add(start + delta, start + delta + len(out), start, end)
            delta += len(out) - (end - start)
            return out

        result = self.gap.sub(replace, text)
        return result, (layer if len(layer.out_start) else None)

    def normalise(self, text: str) -> tuple[str, list[_Layer]]:
        layers: list[_Layer] = []
        current = text
        for _ in range(_MAX_ROUNDS):
            current = current.translate(self.translate)
            current, layer = self.nfkc(current)
            if layer is not None:
                layers.append(layer)
                current = current.translate(self.translate)
            current, layer = self.gaps(current)
            if layer is not None:
                layers.append(layer)
            if unicodedata.is_normalized("NFKC", current):
                break
        return current, layers

    def normalised_text(self, text: str) -> str:
        current = text
        for _ in range(_MAX_ROUNDS):
            current = current.translate(self.translate)
            if not unicodedata.is_normalized("NFKC", current):
                current = self.nfkc(current)[0].translate(self.translate)
            current = self.spaces.sub(" ", self.invisible_run.sub("", current))
            if unicodedata.is_normalized("NFKC", current):
                break
        return current


OLD = _OldNormaliser()


def _layers(offsets: OffsetMap) -> list[tuple[list[int], ...]]:
    return [_arrays(layer) for layer in offsets._layers]


def _arrays(layer: _Layer) -> tuple[list[int], ...]:
    return (
        list(layer.out_start),
        list(layer.out_end),
        list(layer.in_start),
        list(layer.in_end),
    )


def assert_same_as_before(text: str) -> None:
    new_text, new_map = normalise(text)
    old_text, old_layers = OLD.normalise(text)
    assert new_text == old_text
    assert _layers(new_map) == [_arrays(layer) for layer in old_layers]
    assert _normalised_text(text) == OLD.normalised_text(text)


@given(typographic_texts)
def test_normalise_equals_the_old_implementation(text: str) -> None:
    assert_same_as_before(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "a\u00a0\u00a0b",
        "\u00e9\u0301x",  # a run of non-ASCII at the start, with a combining mark
        "e\u0301\u00b9 \ufb01",  # combining mark on an ASCII base, then more
        "x\u00ad\u00ady  \u200bz",  # invisible characters and spaces mixed
        "Mexico\u2019s \u201cplan\u201d \u2014 done",
    ],
)
def test_normalise_equals_the_old_implementation_on_edge_cases(text: str) -> None:
    assert_same_as_before(text)


SOURCES = sorted([*ROOT.glob("fixtures/*/sources/*.txt"), *ROOT.glob("tests/data/*/sources/*.txt")])


def test_every_shipped_source_is_found() -> None:
    assert any("merida" in str(p) for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_normalise_equals_the_old_implementation_on_shipped_sources(path: Path) -> None:
    assert_same_as_before(path.read_bytes().decode("utf-8"))
