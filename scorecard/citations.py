"""Citation verification: find every quote in its source and record where it is.

A quote is stored as its exact text; its character span ``(start, end)`` in the
source's ORIGINAL text is computed here, never typed by hand. Quote and source are
compared after :func:`normalise` (the rules are listed in ``docs/data-format.md``):

- Unicode NFKC;
- typographic single quotes and apostrophes (``‘ ’ ʼ ´``) and ``'`` become a space
  (text extraction often lost apostrophes: "Mexico s"); they are mapped as listed
  even where NFKC would decompose them (``´``);
- typographic double quotes (``“ ” „``) become ``"``; dashes (``‐ ‑ ‒ – — ― −``) become ``-``;
- soft hyphens and zero-width characters are removed;
- every run of white space becomes one space; case is kept.

Verification is linear in the size of the corpus: each source is normalised once
and all of its quotes are found in one Aho-Corasick pass. The slow, bounded fuzzy
search for "did you mean" runs only for quotes that were not found.

A cell citation (``row`` and ``column`` of a CSV source, see :mod:`scorecard.tables`)
has no span: :func:`locate` checks that its cell exists and, in an observation's
evidence, that the cell states the observation's value at the cell's precision.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from scorecard._paths import DataPath, format_path
from scorecard._perf import no_cyclic_gc
from scorecard.errors import DataError, Problem
from scorecard.model import (
    Citation,
    Commitment,
    Objective,
    Observation,
    Programme,
    Span,
    Verdict,
    cited_fields,
    with_spans,
)
from scorecard.progress import track
from scorecard.tables import Table, closest, matches, number, tables_of

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Citing",
    "OffsetMap",
    "citing",
    "locate",
    "normalise",
    "normalise_quote",
    "selector",
    "verify",
]

CONTEXT = 32
"""Characters of original text kept before and after a quote (W3C TextQuoteSelector)."""

_APOSTROPHES = "'\u2018\u2019\u02bc\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Removed outright: soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


# Every character for which str.isspace() holds, but " " (tests check the list).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _table() -> dict[int, str]:
    table: dict[int, str] = {ord(ch): " " for ch in WHITE_SPACE}
    for ch in _APOSTROPHES:
        table[ord(ch)] = " "
    for ch in _DOUBLE_QUOTES:
        table[ord(ch)] = '"'
    for ch in _DASHES:
        table[ord(ch)] = "-"
    return table


# Length-preserving character mapping: white space and apostrophes to a space,
# typographic quotes and dashes to ASCII. Offsets are unchanged by it.
_TRANSLATE = _table()
# The same mapping as (character, replacement) pairs, for :func:`_translate`; the
# ASCII ones first (the only ones an ASCII text can hold).
_REPLACE = tuple(sorted(((chr(k), v) for k, v in _TRANSLATE.items()), key=lambda kv: kv[0]))
_REPLACE_ASCII = tuple((k, v) for k, v in _REPLACE if k.isascii())
# After translation, the only white space left is " ": a gap is two or more spaces
# and/or invisible characters, or one invisible character alone.
_GAP = re.compile(f"[ {_INVISIBLE}]{{2,}}|[{_INVISIBLE}]")
# The same gaps in a text without invisible characters: the literal prefix lets the
# regular expression engine jump from one double space to the next.
_SPACE_GAP = re.compile("  +")


def _translate(text: str) -> str:
    """``text.translate(_TRANSLATE)``, faster.

    ``str.translate`` with a dict costs about 45 ns per character on a text that is
    not pure ASCII (one dict lookup per character); looking for each mapped character
    (a fast scan each) and replacing only those present costs a few. The
    replacements are ASCII characters that are not mapped themselves, so the order
    of the replacements does not matter.
    """
    for char, replacement in _REPLACE_ASCII if text.isascii() else _REPLACE:
        if char in text:
            text = text.replace(char, replacement)
    return text


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_MAX_ROUNDS = 4
_VECTOR_FROM = 1024
"""Offsets from which :meth:`OffsetMap.spans` maps them through numpy: below it, bisection
in Python costs less than importing numpy (Mérida's ``check`` runs without it)."""


class _Layer:
    """Edits of one rewriting step: output ``[out_start, out_end)`` came from input
    ``[in_start, in_end)`` as one unit; text between edits was copied one to one."""

    __slots__ = ("in_end", "in_start", "out_end", "out_start")

    def __init__(self) -> None:
        self.out_start = array("q")
        self.out_end = array("q")
        self.in_start = array("q")
        self.in_end = array("q")

    def add(self, out_start: int, out_end: int, in_start: int, in_end: int) -> None:
        self.out_start.append(out_start)
        self.out_end.append(out_end)
        self.in_start.append(in_start)
        self.in_end.append(in_end)

    def start(self, pos: int) -> int | None:
        """Input offset of output character ``pos``; ``None`` inside a unit."""
        i = bisect.bisect_right(self.out_start, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_end[i]:
            return self.in_start[i] if pos == self.out_start[i] else None
        return self.in_end[i] + (pos - self.out_end[i])

    def end(self, pos: int) -> int | None:
        """Input offset just after output character ``pos - 1``; ``None`` inside a unit."""
        if pos <= 0:
            return 0
        i = bisect.bisect_right(self.out_start, pos - 1) - 1
        if i < 0:
            return pos
        if pos - 1 < self.out_end[i]:
            return self.in_end[i] if pos == self.out_end[i] else None
        return self.in_end[i] + (pos - self.out_end[i])

    # Vectorised :meth:`start` and :meth:`end` over int64 arrays; -1 stands for None
    # both ways (an offset that is already None stays None).

    def _arrays(self) -> tuple[NDArray[np.int64], ...]:
        import numpy as np

        return tuple(
            np.frombuffer(a, dtype=np.int64)
            for a in (self.out_start, self.out_end, self.in_start, self.in_end)
        )

    def starts(self, pos: NDArray[np.int64]) -> NDArray[np.int64]:
        """:meth:`start` of every offset in ``pos``."""
        import numpy as np

        if not len(self.out_start):
            return pos
        out_start, out_end, in_start, in_end = self._arrays()
        i = np.searchsorted(out_start, pos, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.where(pos == out_start[j], in_start[j], -1)
        mapped = np.where(pos < out_end[j], inside, in_end[j] + (pos - out_end[j]))
        return np.where(i < 0, pos, mapped)  # and -1 (None) stays -1

    def ends(self, pos: NDArray[np.int64]) -> NDArray[np.int64]:
        """:meth:`end` of every offset in ``pos``."""
        import numpy as np

        if not len(self.out_start):
            return pos
        out_start, out_end, _, in_end = self._arrays()
        i = np.searchsorted(out_start, pos - 1, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.where(pos == out_end[j], in_end[j], -1)
        mapped = np.where(pos - 1 < out_end[j], inside, in_end[j] + (pos - out_end[j]))
        mapped = np.where(i < 0, pos, mapped)
        return np.where(pos <= 0, np.minimum(pos, 0), mapped)


class OffsetMap:
    """Maps offsets in a normalised text back to the original text.

    Piecewise: a handful of sorted arrays per rewriting step, not one entry per
    character. An offset that falls inside a rewritten unit (the middle of a ligature
    expanded by NFKC, say) has no original offset and maps to ``None``.
    """

    __slots__ = ("_layers",)

    def __init__(self, layers: Sequence[_Layer] = ()) -> None:
        self._layers = tuple(layers)

    def start(self, pos: int) -> int | None:
        """The original offset where normalised character ``pos`` starts."""
        result: int | None = pos
        for layer in reversed(self._layers):
            if result is None:
                return None
            result = layer.start(result)
        return result

    def end(self, pos: int) -> int | None:
        """The original offset where the normalised text up to ``pos`` ends."""
        result: int | None = pos
        for layer in reversed(self._layers):
            if result is None:
                return None
            result = layer.end(result)
        return result

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The original span of normalised ``[start, end)``, or ``None`` if either end
        falls inside a rewritten unit."""
        first = self.start(start)
        last = self.end(end)
        if first is None or last is None:
            return None
        return first, last

    def spans(self, starts: Sequence[int], ends: Sequence[int]) -> list[tuple[int, int] | None]:
        """:meth:`span` of each ``(starts[i], ends[i])``; many at once through numpy."""
        if not self._layers:
            return list(zip(starts, ends, strict=True))
        if len(starts) < _VECTOR_FROM:
            return [self.span(a, b) for a, b in zip(starts, ends, strict=True)]
        import numpy as np

        first = np.array(starts, dtype=np.int64)
        last = np.array(ends, dtype=np.int64)
        for layer in reversed(self._layers):
            first = layer.starts(first)
            last = layer.ends(last)
        return [
            None if a < 0 or b < 0 else (a, b)
            for a, b in zip(first.tolist(), last.tolist(), strict=True)
        ]


def _nfkc(text: str) -> tuple[str, _Layer | None]:
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    layer = _Layer()
    pieces: list[str] = []
    copied = 0  # input offset up to which text was copied
    delta = 0  # output offset minus input offset
    for match in _NON_ASCII.finditer(text):
        # each run of non-ASCII characters with the ASCII character before it (a
        # base for the run's combining marks); the run alone is found much faster
        seg_start, seg_end = match.span()
        if seg_start:
            seg_start -= 1
        segment = text[seg_start:seg_end]
        if unicodedata.is_normalized("NFKC", segment):
            continue
        pieces.append(text[copied:seg_start])
        whole = unicodedata.normalize("NFKC", segment)
        # Split into units, each a starter and the combining marks after it.
        bounds = [0] + [i for i in range(1, len(segment)) if unicodedata.combining(segment[i]) == 0]
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


def _space_gaps(text: str) -> tuple[str, _Layer | None]:
    """:func:`_gaps` of a text without invisible characters: each run of two or more
    spaces becomes one, with no Python call per run."""
    spans = [m.span() for m in _SPACE_GAP.finditer(text)]
    if not spans:
        return text, None
    layer = _Layer()
    # characters removed before each run: the lengths of the earlier runs, less one each
    removed = list(itertools.accumulate((end - start - 1 for start, end in spans), initial=0))
    layer.in_start = array("q", [start for start, _ in spans])
    layer.in_end = array("q", [end for _, end in spans])
    layer.out_start = array(
        "q", [start - r for (start, _), r in zip(spans, removed[:-1], strict=True)]
    )
    layer.out_end = array("q", [start + 1 for start in layer.out_start])
    return _SPACE_GAP.sub(" ", text), layer


def _gaps(text: str) -> tuple[str, _Layer | None]:
    if not any(char in text for char in _INVISIBLE):
        return _space_gaps(text)
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

    result = _GAP.sub(replace, text)
    return result, (layer if len(layer.out_start) else None)


def normalise(text: str) -> tuple[str, OffsetMap]:
    """Normalise ``text`` for matching; return it with a map back to ``text``'s offsets.

    Idempotent: ``normalise(normalise(t)[0])[0] == normalise(t)[0]``.
    """
    layers: list[_Layer] = []
    current = text
    for _ in range(_MAX_ROUNDS):
        current = _translate(current)
        current, layer = _nfkc(current)
        if layer is not None:
            layers.append(layer)
            current = _translate(current)
        current, layer = _gaps(current)
        if layer is not None:
            layers.append(layer)
        if unicodedata.is_normalized("NFKC", current):
            break
    return current, OffsetMap(layers)


_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")
_SPACES = re.compile(" {2,}")


def _normalised_text(text: str) -> str:
    """``normalise(text)[0]`` without the offset map, for quotes (many, short).

    Removing the invisible characters and then collapsing runs of spaces is what
    ``_gaps`` does to a run of both, without a Python call per run.
    """
    current = text
    for _ in range(_MAX_ROUNDS):
        current = current.translate(_TRANSLATE)
        if not unicodedata.is_normalized("NFKC", current):
            current = _nfkc(current)[0].translate(_TRANSLATE)
        current = _SPACES.sub(" ", _INVISIBLE_RUN.sub("", current))
        if unicodedata.is_normalized("NFKC", current):
            break
    return current


def normalise_quote(quote: str) -> str:
    """A quote as it is matched: normalised, without leading or trailing white space."""
    if quote.isascii():
        if (
            quote.isprintable()  # no white space but " " (nor any other control character)
            and "  " not in quote
            and "'" not in quote
            and quote[:1] != " "
            and quote[-1:] != " "
        ):
            return quote  # already normal: most quotes, and no new string for them
        # NFKC leaves ASCII alone, and str.split() splits on exactly the characters
        # the table maps to a space; only the apostrophe is left to map.
        return " ".join(quote.replace("'", " ").split())
    return _normalised_text(quote).strip(" ")


def selector(text: str, span: tuple[int, int], width: int = CONTEXT) -> tuple[str, str]:
    """Prefix and suffix (up to ``width`` characters of original text) around ``span``,
    as in a W3C TextQuoteSelector."""
    start, end = span
    return text[max(0, start - width) : start], text[end : end + width]


# -- finding quotes -------------------------------------------------------------


@attrs.frozen(slots=True)
class Citing:
    """A model object whose citations :func:`locate` looks for (a commitment, an
    objective, a verdict), and where it is.

    ``file`` and ``path`` say where it is written (``pillars/access.toml``,
    ``commitments[3]``), for messages; ``key`` is its path in the programme
    (``("pillars", 0, "commitments", 3)``), which the spans found are keyed under;
    ``label`` names it at the start of a message (``commitment 'a.ramps'``).
    """

    file: str
    path: str
    key: DataPath
    item: Any
    label: str

    @classmethod
    def commitment(cls, file: str, path: str, key: DataPath, commitment: Commitment) -> Citing:
        return cls(file, path, key, commitment, f"commitment {commitment.id!r}")

    @classmethod
    def objective(cls, file: str, path: str, key: DataPath, objective: Objective) -> Citing:
        return cls(file, path, key, objective, f"objective {objective.id!r}")

    @classmethod
    def verdict(cls, file: str, path: str, key: DataPath, verdict: Verdict) -> Citing:
        return cls(file, path, key, verdict, f"verdict on {verdict.scope!r} as of {verdict.as_of}")


def citing(
    programme: Programme,
    files: Mapping[str, str] | None = None,
    verdicts_file: str = "verdicts.toml",
) -> list[Citing]:
    """Every object of ``programme`` that holds citations, as :func:`locate` takes them:
    each pillar's commitments and objectives, then the verdicts. ``files`` maps pillar
    ids to their file names (default ``pillars/<id>.toml``)."""
    out: list[Citing] = []
    for i, p in enumerate(programme.pillars):
        file = (files or {}).get(p.id, f"pillars/{p.id}.toml")
        out += [
            Citing.commitment(file, f"commitments[{k}]", ("pillars", i, "commitments", k), c)
            for k, c in enumerate(p.commitments)
        ]
        out += [
            Citing.objective(file, f"objectives[{k}]", ("pillars", i, "objectives", k), o)
            for k, o in enumerate(p.objectives)
        ]
    out += [
        Citing.verdict(verdicts_file, f"verdicts[{k}]", ("verdicts", k), v)
        for k, v in enumerate(programme.verdicts)
    ]
    return out


class _Wanted:
    """The citations of some cited objects, in :func:`~scorecard.model.cited_fields`
    order, and where each is written.

    Paths are formatted only when a problem needs one: the many citations that are
    found cost no string formatting.
    """

    __slots__ = ("_citing", "_starts", "citations", "fields")

    def __init__(self, citing: Iterable[Citing]) -> None:
        self._citing = tuple(citing)
        self._starts: list[int] = []  # index of the first citation of each cited object
        # the path of each field of citations, and the index of its first citation
        self.fields: list[tuple[DataPath, int]] = []
        self.citations: list[Citation] = []
        for c in self._citing:
            self._starts.append(len(self.citations))
            for path, cited in cited_fields(c.item, c.key):
                self.fields.append((path, len(self.citations)))
                self.citations += cited

    def spans(self, spans: Sequence[Span | None]) -> dict[DataPath, tuple[Span | None, ...]]:
        """One span per citation, keyed by field as :func:`~scorecard.model.with_spans`
        takes them."""
        bounds = [start for _, start in self.fields] + [len(self.citations)]
        return {
            path: tuple(spans[start:end])
            for (path, _), (start, end) in zip(self.fields, itertools.pairwise(bounds), strict=True)
        }

    def where(self, i: int) -> tuple[str, str, str]:
        """``(file, path, label of the cited object)`` of citation ``i``."""
        citing = self._citing[bisect.bisect_right(self._starts, i) - 1]
        field, start = self.fields[bisect.bisect_right(self.fields, i, key=lambda f: f[1]) - 1]
        inside = (*field[len(citing.key) :], i - start)
        return citing.file, format_path(inside, citing.path), citing.label

    def holder(self, i: int) -> Any:
        """The model object whose field holds citation ``i`` (an observation, say)."""
        citing = self._citing[bisect.bisect_right(self._starts, i) - 1]
        field, _ = self.fields[bisect.bisect_right(self.fields, i, key=lambda f: f[1]) - 1]
        obj = citing.item
        for step in field[len(citing.key) : -1]:
            obj = obj[step] if isinstance(step, int) else getattr(obj, step)
        return obj

    def problem(self, i: int, field: str, message: str) -> Problem:
        """A problem with citation ``i``'s ``field``; ``message`` follows its object's label."""
        file, path, label = self.where(i)
        return Problem(file, f"{path}.{field}" if field else path, f"{label}: {message}")


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = (limit - 5) // 2
    return f"{flat[:half]} ... {flat[-half:]}"


def _closest(haystack: str, needle: str) -> tuple[int, int, float] | None:
    """The passage of ``haystack`` most similar to ``needle``: ``(start, end, ratio)``.

    Bounded: candidate places come from occurrences (at most 300 each) of the
    needle's six longest words; at most eight candidate windows are compared.
    """
    words = sorted(set(re.findall(r"\w{3,}", needle)), key=len, reverse=True)[:6]
    if not words:
        words = sorted(set(re.findall(r"\w+", needle)), key=len, reverse=True)[:3]
    size = len(needle)
    bucket = max(8, size // 4)
    votes: dict[int, set[str]] = defaultdict(set)
    for word in words:
        offset = needle.find(word)
        pos = haystack.find(word)
        hits = 0
        while pos >= 0 and hits < 300:
            votes[(pos - offset) // bucket].add(word)
            pos = haystack.find(word, pos + 1)
            hits += 1
    best: tuple[int, int, float] | None = None
    ranked = sorted(votes.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:8]
    for key, _ in ranked:
        lo = max(0, key * bucket - size // 2)
        hi = min(len(haystack), key * bucket + size + size // 2 + bucket)
        window = haystack[lo:hi]
        matcher = difflib.SequenceMatcher(None, needle, window, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        start = max(0, blocks[0].b - blocks[0].a)
        end = min(
            len(window), blocks[-1].b + blocks[-1].size + (size - blocks[-1].a - blocks[-1].size)
        )
        while start > 0 and window[start - 1].isalnum():
            start -= 1
        while end < len(window) and window[end].isalnum():
            end += 1
        passage = window[start:end]
        ratio = difflib.SequenceMatcher(None, needle, passage, autojunk=False).ratio()
        if best is None or ratio > best[2]:
            best = (lo + start, lo + end, ratio)
    return best


_CHUNK = 1 << 20
"""Characters of normalised text searched together (see :func:`_search`)."""

_FAST_FROM = 1 << 19
"""Characters of cited text from which the hashed search pays for importing numpy."""


def locate(
    texts: Mapping[str, str],
    files: Mapping[str, str],
    citing: Iterable[Citing],
    *,
    unknown_sources: bool = False,
    tables: Mapping[str, Table | None] | None = None,
) -> tuple[dict[DataPath, tuple[Span | None, ...]], list[Problem]]:
    """Find every citation of ``citing`` whose source text is known, and check every
    cell citation against ``tables`` (the tabular sources by id, ``None`` for one that
    could not be read: see :func:`scorecard.tables.tables_of`).

    Returns the spans found (``None`` for a citation not located), keyed by the path
    of the field holding the citations (the cited object's ``key`` followed by the
    field's path in it, as :func:`~scorecard.model.cited_fields` gives it), ready
    for :func:`~scorecard.model.with_spans`; and the problems, those of citations of
    unknown sources first if ``unknown_sources``. ``texts`` maps a source id to its
    text, ``files`` to its text file, for messages.
    """
    # Long (about 85 lines) on purpose: this is the verification hot path that
    # benchmarks/ measures. Grouping the quotes, searching each chunk of sources and
    # placing the spans share per-source state (groups, pinned, spans); split into
    # functions, that state would cross several calls per chunk for no clearer code.
    wanted = _Wanted(citing)
    citations = wanted.citations
    spans: list[tuple[int, int] | None] = [None] * len(citations)
    unknown: list[int] = []
    # source id -> normalised quote -> indexes of the citations quoting it without
    # an occurrence, in the order the sources are first cited; those with one are
    # placed apart (rare, and they need their own look at each citation)
    groups: dict[str, dict[str, list[int]]] = {}
    pinned: dict[str, list[tuple[str, int]]] = defaultdict(list)
    tables = tables or {}
    cells: list[int] = []  # cell citations, and any citation of a table
    for i, cit in enumerate(citations):
        if cit.quote is None or (tables and cit.source in tables):
            (cells if cit.source in texts or cit.source in tables else unknown).append(i)
            continue
        group = groups.get(cit.source)
        if group is None:
            if cit.source not in texts:
                unknown.append(i)
                continue
            group = groups[cit.source] = {}
        quote = normalise_quote(cit.quote)
        if cit.occurrence is not None and quote:
            pinned[cit.source].append((quote, i))
            continue
        indexes = group.get(quote)
        if indexes is None:
            group[quote] = [i]
        else:
            indexes.append(i)
    problems = [
        wanted.problem(i, "source", f"unknown source {citations[i].source!r}")
        for i in (unknown if unknown_sources else ())
    ]
    problems += _cells(wanted, cells, files, tables)
    empty = {source: group.pop("") for source, group in groups.items() if "" in group}
    fast = sum(len(texts[source]) for source in groups) >= _FAST_FROM
    chunks = track(_chunks(groups, texts), "verifying quotes", len(groups), "source", len)
    for chunk in chunks:
        norms = [normalise(texts[source]) for source in chunk]
        quotes = [
            {*groups[s], *(q for q, _ in pinned[s])} if s in pinned else groups[s] for s in chunk
        ]
        found = _search([n for n, _ in norms], quotes, fast=fast)
        for source, (norm, offsets), starts in zip(chunk, norms, found, strict=True):
            located = _spans(offsets, starts)
            where = f"source {source!r} ({files.get(source, source)})"
            problems += [
                wanted.problem(
                    i,
                    "quote",
                    "the quote is empty once white space and punctuation marks are "
                    "normalised; quote some words of the source",
                )
                for i in empty.get(source, ())
            ]
            issues: list[tuple[int, list[tuple[int, int]]]] = []
            for quote, indexes in groups[source].items():
                places = located.get(quote)
                if places is not None and len(places) == 1:
                    place = places[0]
                    for i in indexes:
                        spans[i] = place
                else:
                    issues += [(i, places or []) for i in indexes]
            for quote, i in pinned.get(source, ()):
                places = located.get(quote, [])
                occurrence = citations[i].occurrence
                if occurrence is not None and 0 < occurrence <= len(places):
                    spans[i] = places[occurrence - 1]
                else:
                    issues.append((i, places))
            issues.sort(key=lambda issue: issue[0])
            problems += [
                _misplaced(wanted, i, places, where, texts[source], norm, offsets)
                for i, places in issues
            ]
    return wanted.spans(spans), problems


def _cells(
    wanted: _Wanted,
    cells: Iterable[int],
    files: Mapping[str, str],
    tables: Mapping[str, Table | None],
) -> list[Problem]:
    """The problems of the cell citations ``cells`` and of quotes of tables."""
    problems: list[Problem] = []
    for i in cells:
        cit = wanted.citations[i]
        where = f"source {cit.source!r} ({files.get(cit.source, cit.source)})"
        if cit.source not in tables:
            problems.append(
                wanted.problem(
                    i,
                    "row",
                    f"cites a cell (row {cit.row!r}, column {cit.column!r}), but {where} is "
                    'a text, not a CSV table: quote it instead, or declare format = "csv" '
                    "for a table",
                )
            )
            continue
        table = tables[cit.source]
        if cit.quote is not None:
            example = "" if table is None else f' = "{next(iter(table.rows), "...")}"'
            problems.append(
                wanted.problem(
                    i,
                    "quote",
                    f"quotes {where}, which is a CSV table: cite a cell instead, e.g. "
                    f'row{example or " = ..."}, column = "{table.columns[-1] if table else "..."}"',
                )
            )
        elif table is not None:
            problems += _cell(wanted, i, cit, table, where)
    return problems


def _cell(wanted: _Wanted, i: int, cit: Citation, table: Table, where: str) -> list[Problem]:
    """The problems of cell citation ``i`` of ``table``: its row and column must exist;
    in an observation's evidence the cell must state the observed value."""
    assert cit.row is not None
    assert cit.column is not None
    problems = []
    if cit.row not in table.rows:
        problems.append(
            wanted.problem(
                i,
                "row",
                f"row {cit.row!r} is not in {where} (row keys in column {table.key!r}: "
                f"{_listing(list(table.rows))}); {closest(cit.row, list(table.rows))}"
                "fix the row key",
            )
        )
    if cit.column not in table.columns:
        problems.append(
            wanted.problem(
                i,
                "column",
                f"column {cit.column!r} is not in {where} (columns: "
                f"{_listing(table.columns)}); {closest(cit.column, table.columns)}fix the "
                "column name",
            )
        )
    if problems:
        return problems
    holder = wanted.holder(i)
    if not isinstance(holder, Observation):
        if cit.bound is None:
            return []
        return [
            wanted.problem(i, "bound", "bound applies only to an observation's evidence; remove it")
        ]
    problem = _value_problem(holder, cit, table.cell(cit.row, cit.column) or "", where)
    return [] if problem is None else [wanted.problem(i, *problem)]


def _value_problem(
    obs: Observation, cit: Citation, cell: str, where: str
) -> tuple[str, str] | None:
    """``(field, message)`` when the cell does not state the observation's value."""
    at = f"the cell at row {cit.row!r}, column {cit.column!r} of {where}"
    if obs.value is not None:
        if cit.bound is not None:
            return "bound", "bound applies only to a range (low and high); remove it"
        value = obs.value
    elif cit.bound is None:
        return (
            "bound",
            f"the observation is a range ({_number(obs.low)} to {_number(obs.high)}): add "
            'bound = "low" or bound = "high" to say which end this cell states',
        )
    else:
        bound = obs.low if cit.bound == "low" else obs.high
        assert bound is not None  # a range has both ends
        value = bound
    parsed = number(cell)
    if parsed is None:
        return (
            "column",
            f"{at} {'is empty' if not cell else f'reads {cell!r}'}, which is not a number: "
            "cite a cell holding the figure "
            "(digits, optionally a point and decimals, commas between thousands)",
        )
    stated, decimals = parsed
    if matches(value, stated, decimals):
        return None
    what = "value" if cit.bound is None else cit.bound
    return (
        "",
        f"{at} reads {cell!r}, but the observation's {what} is {_number(value)} (to "
        f"{decimals} decimal{'' if decimals == 1 else 's'}: "
        f"{round(value, decimals):.{decimals}f}); fix the {what} or cite the right cell",
    )


def _number(value: float | None) -> str:
    text = repr(value)
    return text.removesuffix(".0")


def _listing(items: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def _chunks(groups: Mapping[str, object], texts: Mapping[str, str]) -> Iterator[list[str]]:
    """The source ids of ``groups`` in order, in runs of about :data:`_CHUNK` characters."""
    chunk: list[str] = []
    size = 0
    for source in groups:
        chunk.append(source)
        size += len(texts[source])
        if size >= _CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _spans(offsets: OffsetMap, starts: Mapping[str, list[int]]) -> dict[str, list[tuple[int, int]]]:
    """The original spans of quotes found at normalised ``starts``; an occurrence whose
    ends fall inside a rewritten unit does not count."""
    firsts = [start for places in starts.values() for start in places]
    lasts = [start + len(quote) for quote, places in starts.items() for start in places]
    mapped = offsets.spans(firsts, lasts)
    out: dict[str, list[tuple[int, int]]] = {}
    at = 0
    for quote, places in starts.items():
        if len(places) == 1:
            span = mapped[at]
            at += 1
            if span is not None:
                out[quote] = [span]
            continue
        kept = [span for span in mapped[at : at + len(places)] if span is not None]
        at += len(places)
        if kept:
            out[quote] = kept
    return out


def _misplaced(
    wanted: _Wanted,
    i: int,
    places: Sequence[tuple[int, int]],
    where: str,
    text: str,
    norm: str,
    offsets: OffsetMap,
) -> Problem:
    """The problem with citation ``i``, whose quote is at ``places`` (maybe none)."""
    occurrence = wanted.citations[i].occurrence
    if not places:
        return wanted.problem(i, "quote", _not_found(wanted, i, where, text, norm, offsets))
    if occurrence is None:
        at = ", ".join(str(p[0]) for p in places[:5])
        more = ", ..." if len(places) > 5 else ""
        return wanted.problem(
            i,
            "quote",
            f"the quote occurs {len(places)} times in {where} (at characters {at}{more}); "
            f"add occurrence = 1 to {len(places)} to say which one, or quote a longer passage",
        )
    return wanted.problem(
        i,
        "occurrence",
        f"occurrence = {occurrence}, but the quote occurs only {len(places)} time(s) in "
        f"{where}; use 1 to {len(places)}",
    )


def _not_found(
    wanted: _Wanted, i: int, where: str, text: str, norm: str, offsets: OffsetMap
) -> str:
    raw = wanted.citations[i].quote
    assert raw is not None  # only quotes are searched
    quote = normalise_quote(raw)
    head = (
        f"quote {_one_line(raw, 80)!r} is not in {where}, "
        "even after normalising quotes, dashes and white space"
    )
    best = _closest(norm, quote)
    if best is None:
        return (
            f"{head}; no passage shares its words: check the source id and copy the quote verbatim"
        )
    start, end, ratio = best
    span = offsets.span(start, end)
    passage = text[span[0] : span[1]] if span else norm[start:end]
    return (
        f"{head}; did you mean {_one_line(passage)!r} ({round(ratio * 100)}% similar)? "
        "Copy the passage from the source verbatim"
    )


# -- searching --------------------------------------------------------------------


def _search(
    norms: Sequence[str], quotes: Sequence[Iterable[str]], *, fast: bool
) -> list[dict[str, list[int]]]:
    """Where each quote of ``quotes[k]`` starts in normalised text ``norms[k]``: every
    occurrence, in order, in one pass over the texts.

    ``fast`` picks the hashed search of :func:`_search_hashed` (worth its numpy import
    on a large corpus); otherwise each text gets the anchored automaton of
    :func:`_find_starts`. Both find exactly the occurrences a naive scan finds.
    """
    if fast:
        return _search_hashed(norms, quotes)
    return [_find_starts(norm, set(qs)) for norm, qs in zip(norms, quotes, strict=True)]


_ANCHOR = 16
"""Characters of a quote the automaton looks for (see :func:`_find_starts`)."""


def _find_starts(norm: str, quotes: set[str]) -> dict[str, list[int]]:
    """All occurrences of all quotes in one Aho-Corasick pass, as normalised starts.

    The automaton holds a short *anchor* of each quote, taken from its first space
    on: most characters of a text then leave the automaton's root at once, which
    scans about three times faster than with whole quotes, and a shorter automaton
    is quicker to build. Every occurrence of a quote contains its anchor at a fixed
    offset, so each anchor hit is checked against the whole quote in place; no
    occurrence is missed.
    """
    import ahocorasick

    found: dict[str, list[int]] = defaultdict(list)
    if not quotes:
        return found
    anchors: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for quote in sorted(quotes):
        at = max(quote.find(" "), 0)
        anchors[quote[at : at + _ANCHOR]].append((quote, at))
    keys = list(anchors)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for index, key in enumerate(keys):
        automaton.add_word(key, index)
    automaton.make_automaton()
    for last, index in automaton.iter(norm):
        key = keys[index]
        hit = last - len(key) + 1
        for quote, at in anchors[key]:
            start = hit - at
            if start >= 0 and norm.startswith(quote, start):
                found[quote].append(start)
    return found


def _find_all(norm: str, offsets: OffsetMap, quotes: set[str]) -> dict[str, list[tuple[int, int]]]:
    """All occurrences of all quotes (:func:`_find_starts`) as original spans; one
    whose ends fall inside a rewritten unit does not count."""
    return defaultdict(list, _spans(offsets, _find_starts(norm, quotes)))


_KEY = 16
"""Characters after a space that the hashed search compares (see :func:`_search_hashed`)."""
_TABLE_BITS = 20
_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)


def _hashes(data: bytes, at: NDArray[np.int64]) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """A 64-bit hash of the 16 bytes of ``data`` from each offset in ``at``, and its
    top :data:`_TABLE_BITS` bits (its slot in a bit table).

    In place where it can be (``at`` is changed and restored): on a megabyte of text,
    fresh temporaries cost more in page faults than the arithmetic.
    """
    import numpy as np

    words = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    low, high = (np.uint64(m) for m in _MULTIPLIERS)
    hashes: NDArray[np.uint64] = words[at]
    hashes *= low
    at += 8
    spare: NDArray[np.uint64] = words[at]
    at -= 8
    spare *= high
    hashes ^= spare
    np.right_shift(hashes, np.uint64(64 - _TABLE_BITS), out=spare)
    return hashes, spare


def _search_hashed(
    norms: Sequence[str], quotes: Sequence[Iterable[str]]
) -> list[dict[str, list[int]]]:
    """:func:`_search` for a large corpus, with numpy doing the scan.

    The texts of about a megabyte at a time are joined and encoded to one byte per
    character (Latin-1, anything else as ``?``), so that offsets are unchanged. A
    quote is anchored at its first space: its *key* is the 16 characters after it.
    Numpy hashes the 16 bytes after every space of the text and keeps the places
    whose hash, looked up in a bit table of the keys' hashes, may be a key; Python
    looks only at those, and checks the whole quote in place. Wherever a quote
    occurs, the bytes after its first space are its key (both sides are encoded
    character by character), so no occurrence is missed. Quotes too short for a
    key go to :func:`_find_starts`.
    """
    import numpy as np

    found: list[dict[str, list[int]]] = [{} for _ in norms]
    short: dict[int, set[str]] = defaultdict(set)
    # (its text, the quote, where its key starts in the joined texts less where the
    # quote starts in its text, the list its occurrences go to)
    anchored: list[tuple[str, str, int, list[int]]] = []
    keys: list[str] = []
    base = 0
    for k, (norm, qs) in enumerate(zip(norms, quotes, strict=True)):
        places = found[k]
        for quote in qs:
            at = quote.find(" ") + 1
            if 0 < at <= len(quote) - _KEY:
                keys.append(quote[at : at + _KEY])
                anchored.append((norm, quote, base + at, places.setdefault(quote, [])))
            else:
                short[k].add(quote)
        base += len(norm)
    data = "".join(norms).encode("latin-1", "replace") if anchored else b""
    if len(data) > _KEY:
        encoded = "".join(keys).encode("latin-1", "replace")
        hashed, slots = _hashes(encoded, np.arange(len(keys)) * _KEY)
        wanted: dict[int, list[tuple[str, str, int, list[int]]]]
        wanted = {h: [item] for h, item in zip(hashed.tolist(), anchored, strict=True)}
        if len(wanted) < len(anchored):  # keys sharing a hash
            wanted = defaultdict(list)
            for h, item in zip(hashed.tolist(), anchored, strict=True):
                wanted[h].append(item)
        table = np.zeros(1 << _TABLE_BITS, dtype=bool)
        table[slots] = True
        text = np.frombuffer(data, dtype=np.uint8)
        after = np.flatnonzero(text[: len(data) - _KEY] == 32)
        after += 1
        there, slots = _hashes(data, after)
        near = table[slots]
        for pos, h in zip(after[near].tolist(), there[near].tolist(), strict=True):
            for norm, quote, delta, starts in wanted.get(h, ()):
                start = pos - delta
                if start >= 0 and norm.startswith(quote, start):
                    starts.append(start)
    for k, qs in short.items():
        found[k].update(_find_starts(norms[k], qs))
    return found


# -- verifying a programme -------------------------------------------------------


def verify(programme: Programme, *, files: Mapping[str, str] | None = None) -> Programme:
    """Locate every citation of ``programme`` in its source's text.

    Returns a copy whose citations carry ``span = (start, end)`` in the original
    source text, such that ``normalise(text[start:end])`` equals the normalised
    quote. Raises :class:`~scorecard.errors.DataError` listing every quote that is
    missing (with the closest passage), ambiguous or cites an unknown source.
    ``files`` maps pillar ids to their file names, for messages (default
    ``pillars/<id>.toml``). Commitments, objectives and verdicts are verified alike.
    """
    with no_cyclic_gc():
        return _verify(programme, files)


def _verify(programme: Programme, files: Mapping[str, str] | None) -> Programme:
    texts = {s.id: s.text for s in programme.sources}
    files_of = {s.id: s.file for s in programme.sources}
    spans, problems = locate(
        texts,
        files_of,
        citing(programme, files),
        unknown_sources=True,
        tables=tables_of(programme.sources),
    )
    if problems:
        raise DataError(problems)
    return with_spans(programme, spans)
