"""Citation normalisation and verification (scorecard.citations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scorecard.citations import normalise, normalise_quote, selector, verify
from scorecard.dates import PartialDate
from scorecard.errors import DataError
from scorecard.model import (
    Assessment,
    Citation,
    Commitment,
    EvidenceKind,
    Programme,
    Source,
    citation_fields,
    cited_fields,
    walk_citations,
    with_spans,
)
from tests.strategies import (
    SOURCE,
    normalisable_texts,
    programme,
    programmes,
    retyped,
    worded_texts,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mexico\u2019s  plan", "Mexico s plan"),
        ("Mexico s plan", "Mexico s plan"),
        ("O'Neil", "O Neil"),
        ("\u201cshared\u201d \u2014 responsibility", '"shared" - responsibility'),
        ("drinking\u2011water", "drinking-water"),
        ("mu\u00adnicipal", "municipal"),
        ("zero\u200bwidth", "zerowidth"),
        ("line\r\n\n  break\tand\u00a0nbsp", "line break and nbsp"),
        ("\ufb01ne caf\u0065\u0301", "fine caf\u00e9"),
        ("x\u00b4s", "x s"),
        ("Keep Case", "Keep Case"),
    ],
)
def test_normalise_follows_the_documented_rules(text: str, expected: str) -> None:
    assert normalise(text)[0] == expected


def test_quote_ignores_leading_and_trailing_white_space() -> None:
    assert normalise_quote("  \n\u2018the plan\u2019 ") == "the plan"


@settings(max_examples=200)
@given(normalisable_texts)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise(text)[0]
    assert normalise(once)[0] == once


@settings(max_examples=100)
@given(normalisable_texts)
def test_offset_map_is_monotone_and_in_range(text: str) -> None:
    norm, offsets = normalise(text)
    previous = 0
    for i in range(len(norm)):
        start = offsets.start(i)
        if start is not None:
            assert previous <= start <= len(text)
            previous = start
    assert offsets.end(len(norm)) in (None, *range(len(text) + 1))


def _programme(text: str, *quotes: tuple[str, int | None]) -> Programme:
    source = attrs.evolve(SOURCE, text=text)
    commitment = Commitment(
        id="c1",
        title="A commitment",
        promise="A promise.",
        parties=("north", "south"),
        stated_in=tuple(
            Citation("src", q, EvidenceKind.STATEMENT, occurrence=k) for q, k in quotes
        ),
    )
    base = programme({"p1": (commitment,)})
    return attrs.evolve(base, sources=(source,))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_retyped_substring_is_found_at_its_span(data: st.DataObject) -> None:
    tokens, classes = data.draw(worded_texts())
    text = "".join(tokens)
    # A quote runs from a word to a word (even token indexes).
    first = data.draw(st.integers(0, (len(tokens) - 1) // 2)) * 2
    last = data.draw(st.integers(first // 2, (len(tokens) - 1) // 2)) * 2
    quote = data.draw(retyped(tokens[first : last + 1], classes[first : last + 1]))
    start = sum(len(t) for t in tokens[:first])
    end = start + sum(len(t) for t in tokens[first : last + 1])
    wanted = normalise_quote(quote)
    # Found once, counted as the verifier counts: overlapping occurrences too (in
    # "a a a", "a a" occurs twice; str.count says once), but not one whose ends fall
    # inside a rewritten unit (its span does not map back to the original text).
    norm, offsets = normalise(text)
    mapped = [s for s in _naive_starts(norm, wanted) if offsets.span(s, s + len(wanted))]
    assume(len(mapped) == 1)

    verified = verify(_programme(text, (quote, None)))

    span = verified.pillars[0].commitments[0].stated_in[0].span
    assert span == (start, end)
    assert normalise_quote(text[span[0] : span[1]]) == wanted


def test_verify_sets_spans_in_the_original_text() -> None:
    text = "Intro.\nMexico\u2019s  \u201cshared\nresponsibility\u201d \u2014 at last."
    verified = verify(_programme(text, ('Mexico s "shared responsibility" - at', None)))
    start, end = verified.pillars[0].commitments[0].stated_in[0].span or (0, 0)
    assert text[start:end] == "Mexico\u2019s  \u201cshared\nresponsibility\u201d \u2014 at"


def test_an_ambiguous_quote_needs_an_occurrence() -> None:
    text = "Work continues. Then more. Work continues."
    with pytest.raises(DataError) as info:
        verify(_programme(text, ("Work continues.", None)))
    (problem,) = info.value.problems
    assert problem.path == "commitments[0].stated_in[0].quote"
    assert "occurs 2 times" in problem.message
    assert "occurrence = 1 to 2" in problem.message

    second = verify(_programme(text, ("Work continues.", 2)))
    assert second.pillars[0].commitments[0].stated_in[0].span == (27, 42)


def test_an_occurrence_beyond_the_count_is_an_error() -> None:
    with pytest.raises(DataError) as info:
        verify(_programme("once only", ("once", 2)))
    assert info.value.problems[0].path == "commitments[0].stated_in[0].occurrence"


def test_a_missing_quote_shows_the_closest_passage() -> None:
    text = (
        "The panel met twice. Construction has not begun; the financing agreement "
        "is still under negotiation. Nothing else happened."
    )
    with pytest.raises(DataError) as info:
        verify(_programme(text, ("Construction has not started; the financing agreement", None)))
    (problem,) = info.value.problems
    assert problem.file == "pillars/p1.toml"
    assert problem.path == "commitments[0].stated_in[0].quote"
    assert "commitment 'c1'" in problem.message
    assert "did you mean 'Construction has not begun; the financing agreement'" in problem.message
    assert "% similar" in problem.message


def test_unknown_source_is_reported_by_verify() -> None:
    prog = _programme("text", ("text", None))
    cit = Citation("nowhere", "text")
    commitment = attrs.evolve(prog.pillars[0].commitments[0], stated_in=(cit,))
    prog = attrs.evolve(prog, pillars=(attrs.evolve(prog.pillars[0], commitments=(commitment,)),))
    with pytest.raises(DataError, match="unknown source 'nowhere'"):
        verify(prog)


def test_selector_gives_up_to_32_characters_of_context() -> None:
    text = "a" * 40 + "QUOTE" + "b" * 40
    prefix, suffix = selector(text, (40, 45))
    assert prefix == "a" * 32
    assert suffix == "b" * 32
    assert selector("xQy", (1, 2)) == ("x", "y")


def test_verification_scales_with_many_quotes_in_one_source() -> None:
    # 2,000 distinct quotes in one 1 MB source: one pass, each found at its place.
    sentences = [f"Sentence number {i} says something {i * 7}." for i in range(20_000)]
    text = "\n".join(sentences)
    quotes = [(sentences[i], None) for i in range(0, 20_000, 10)]
    verified = verify(_programme(text, *quotes))
    spans = [c.span for c in verified.pillars[0].commitments[0].stated_in]
    assert all(
        s is not None and text[s[0] : s[1]] == q for s, (q, _) in zip(spans, quotes, strict=True)
    )


def test_source_unchanged_is_not_copied_needlessly() -> None:
    """Verifying sets spans on citations only: the sources (and their texts, the
    largest objects of a dataset) and every part without citations are the very
    same objects, not copies."""
    original = _programme("plain text " * 10_000, ("plain", 1))
    verified = verify(original)
    assert verified.sources is original.sources
    assert verified.sources[0] is original.sources[0]
    assert verified.sources[0].text is original.sources[0].text
    assert isinstance(verified.sources[0], Source)
    for name in ("scale", "grades", "parties", "weightings"):
        assert getattr(verified, name) is getattr(original, name), name
    # the citation did change: the copy is where the span went
    assert verified.pillars[0].commitments[0].stated_in[0].span == (0, 5)
    assert original.pillars[0].commitments[0].stated_in[0].span is None


def test_the_white_space_list_is_complete() -> None:
    from scorecard.citations import WHITE_SPACE

    every = {chr(c) for c in range(0x110000) if chr(c).isspace()} - {" "}
    assert set(WHITE_SPACE) == every


@settings(max_examples=300, deadline=None)
@given(text=normalisable_texts | st.text())
def test_the_quote_fast_path_equals_the_full_normalisation(text: str) -> None:
    """normalise_quote skips the offset map; it must give the same text."""
    assert normalise_quote(text) == normalise(text)[0].strip(" ")


def _naive_starts(text: str, quote: str) -> list[int]:
    starts, at = [], text.find(quote)
    while at >= 0:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab c", min_size=1, max_size=200), data=st.data())
def test_anchored_search_finds_every_occurrence(text: str, data: st.DataObject) -> None:
    """Anchors shared by several quotes, overlapping and repeated occurrences: the
    anchored automaton finds exactly what a naive scan finds."""
    from scorecard.citations import _find_all

    # A letter is always there to start a quote, so no example is thrown away (picking
    # start points blindly and discarding empty quotes failed Hypothesis' health check).
    norm, offsets = normalise(text + "a")
    letters = [i for i, ch in enumerate(norm) if ch != " "]
    picks = data.draw(
        st.lists(st.tuples(st.sampled_from(letters), st.integers(1, 40)), min_size=1, max_size=8)
    )
    quotes = {norm[a : a + n].strip(" ") for a, n in picks}
    found = _find_all(norm, offsets, quotes)
    for quote in quotes:
        expected = [(s, s + len(quote)) for s in _naive_starts(norm, quote)]
        assert [offsets.span(*sp) for sp in expected] == found[quote]


# -- the large-corpus search and span mapping equal their reference paths ---------

# Few letters, so that keys repeat and quotes share them; "\u20ac" and "?" both become
# "?" in the one-byte encoding the hashed search scans, so candidates must be checked.
_corpus_texts = st.lists(
    st.lists(
        st.sampled_from(["a", "ab", "ba", "b\nc", "\u20ac", "?", "a?c"]), min_size=8, max_size=90
    ).map(" ".join),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(
    texts=_corpus_texts,
    picks=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 3),
            st.integers(0, 300),
            st.integers(1, 16) | st.integers(17, 60),  # without a key, with one
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_the_hashed_search_finds_what_a_naive_scan_finds(
    texts: list[str], picks: list[tuple[int, int, int, int]]
) -> None:
    """Quotes taken from one text and looked for in another (or the same), long and
    short (no key: the automaton's part): the hashed search, which scans all texts
    at once, finds exactly the occurrences a naive scan of each text finds."""
    from scorecard.citations import _search

    norms = [normalise(t)[0] for t in texts]
    quotes: list[set[str]] = [set() for _ in norms]
    for taken, sought, at, size in picks:
        source = norms[taken % len(norms)]
        at %= max(len(source), 1)
        quote = source[at : at + size].strip(" ")
        if quote:
            quotes[sought % len(norms)].add(quote)
    assume(any(quotes))
    fast = _search(norms, quotes, fast=True)
    slow = _search(norms, quotes, fast=False)
    for norm, qs, got, reference in zip(norms, quotes, fast, slow, strict=True):
        expected = {q: _naive_starts(norm, q) for q in qs if q in norm}
        assert {q: v for q, v in got.items() if v} == expected
        assert {q: v for q, v in reference.items() if v} == expected


@settings(max_examples=100, deadline=None)
@given(
    text=st.lists(normalisable_texts, min_size=1, max_size=6).map("".join),
    pairs=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 400)), min_size=32, max_size=80),
)
def test_offsets_mapped_together_equal_offsets_mapped_one_by_one(
    text: str, pairs: list[tuple[int, int]]
) -> None:
    """OffsetMap.spans (numpy, from 32 offsets on) agrees with OffsetMap.span,
    ``None`` inside rewritten units included."""
    norm, offsets = normalise(text)
    assume(norm)
    starts = [min(a, len(norm) - 1) for a, _ in pairs]
    ends = [min(s + n, len(norm)) for s, (_, n) in zip(starts, pairs, strict=True)]
    assert offsets.spans(starts, ends) == [
        offsets.span(s, e) for s, e in zip(starts, ends, strict=True)
    ]


def test_the_large_corpus_path_verifies_like_the_small_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Mérida and a programme full of problems, verified with the hashed search forced
    on and off: the same spans and the same problems, in the same order."""
    import scorecard
    from scorecard import citations

    merida = scorecard.load("fixtures/merida", verify=False)
    text = "Work continues. Then more. Work continues. " + "Filler words go here. " * 40
    troubled = _programme(
        text,
        ("Work continues.", None),
        ("Work continues.", 2),
        ("Work continues.", 3),
        ("Then more. Work continues. Filler", None),
        ("Then less. Work continues. Filler", None),
        ("\u2019 \u2019", None),
        ("Filler", None),
        ("words go here. Filler words go", 5),
    )
    outcomes = []
    for threshold in (0, 1 << 60):
        monkeypatch.setattr(citations, "_FAST_FROM", threshold)
        with pytest.raises(DataError) as info:
            verify(troubled)
        outcomes.append((verify(merida), info.value.problems))
    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0][1]) == 5


# -- the one citation walk: keyed by path, derived from the model's fields ------------


@attrs.frozen(slots=True)
class ContestedAssessment(Assessment):
    """A test-only kind of citation: an assessment that also quotes what speaks against
    it (a tuple) and one rebuttal (a single, optional citation). Walked before the next
    assessment's evidence, so a walk that missed it would shift every later span."""

    counter: tuple[Citation, ...] = ()
    rebuttal: Citation | None = None


_CONTESTED_TEXT = (
    "Alpha one said this. Bravo two replied. Charlie three objected. Delta four agreed. "
    "Echo five doubted. Foxtrot six concluded. Golf seven wrote later."
)


def _contested() -> Programme:
    def cite(quote: str) -> Citation:
        return Citation("src", quote)

    commitment = Commitment(
        id="c1",
        title="A commitment",
        promise="A promise.",
        parties=("north", "south"),
        stated_in=(cite("Alpha one said this."),),
        assessments=(
            ContestedAssessment(
                PartialDate(2010),
                "partial",
                "because",
                (cite("Bravo two replied."),),
                counter=(cite("Charlie three objected."), cite("Delta four agreed.")),
                rebuttal=cite("Echo five doubted."),
            ),
            Assessment(PartialDate(2011), "achieved", "because", (cite("Foxtrot six"),)),
        ),
    )
    base = programme({"p1": (commitment,)})
    return attrs.evolve(base, sources=(attrs.evolve(SOURCE, text=_CONTESTED_TEXT),))


def test_a_new_kind_of_citation_is_walked_and_every_span_lands_on_its_quote() -> None:
    verified = verify(_contested())
    walked = walk_citations(verified)
    assert [path for path, _ in walked] == [
        ("pillars", 0, "commitments", 0, "stated_in", 0),
        ("pillars", 0, "commitments", 0, "assessments", 0, "evidence", 0),
        ("pillars", 0, "commitments", 0, "assessments", 0, "counter", 0),
        ("pillars", 0, "commitments", 0, "assessments", 0, "counter", 1),
        ("pillars", 0, "commitments", 0, "assessments", 0, "rebuttal", 0),
        ("pillars", 0, "commitments", 0, "assessments", 1, "evidence", 0),
    ]
    for _, cit in walked:
        assert cit.span is not None
        assert _CONTESTED_TEXT[cit.span[0] : cit.span[1]] == cit.quote
    contested = verified.pillars[0].commitments[0].assessments[0]
    assert type(contested) is ContestedAssessment  # rebuilt as its own kind
    assert contested.rebuttal is not None
    assert contested.rebuttal.span is not None
    # the model's own listing sees the new kind too, labelled by its assessment
    labels = [label for label, _ in verified.citations()]
    assert labels == ["c1/stated_in"] + ["c1/assessment/2010"] * 4 + ["c1/assessment/2011"]


def test_a_new_kind_of_citation_is_checked_by_verification_and_integrity() -> None:
    from scorecard.integrity import check

    contested = _contested()
    first = contested.pillars[0].commitments[0]
    assessment = first.assessments[0]
    assert isinstance(assessment, ContestedAssessment)
    broken = attrs.evolve(
        assessment,
        counter=(assessment.counter[0], Citation("src", "Delta four disagreed.")),
        rebuttal=Citation("later", "Echo five doubted."),
    )
    commitment = attrs.evolve(first, assessments=(broken, first.assessments[1]))
    later = attrs.evolve(SOURCE, id="later", published=PartialDate(2015), text=_CONTESTED_TEXT)
    bad = attrs.evolve(
        contested,
        pillars=(attrs.evolve(contested.pillars[0], commitments=(commitment,)),),
        sources=(*contested.sources, later),
    )
    with pytest.raises(DataError) as info:
        verify(bad)
    assert [p.path for p in info.value.problems] == [
        "commitments[0].assessments[0].counter[1].quote"
    ]
    hindsight = [p for p in check(bad, today=dt.date(2020, 1, 1)) if "hindsight" in p.message]
    assert [p.path for p in hindsight] == ["commitments[0].assessments[0].rebuttal[0].source"]


def test_spans_are_keyed_by_field_not_by_position() -> None:
    """Spans given for one field never reach another, whatever the walk order."""
    verified = verify(_contested())
    fields = dict(cited_fields(verified))
    counter = ("pillars", 0, "commitments", 0, "assessments", 0, "counter")
    only = with_spans(verified, {counter: [c.span for c in fields[counter]]})
    spans = {path: cit.span for path, cit in walk_citations(only)}
    assert {path for path, span in spans.items() if span is not None} == {
        (*counter, 0),
        (*counter, 1),
    }
    with pytest.raises(ValueError, match="1 spans for 2 citations"):
        with_spans(verified, {counter: [(0, 5)]})


@settings(max_examples=50, deadline=None)
@given(programmes())
def test_every_walked_path_leads_to_its_citation(generated: Programme) -> None:
    walked = walk_citations(generated)
    assert [cit for _, cit in walked] == [cit for _, cit in generated.citations()]
    for path, cit in walked:
        node: Any = generated
        for key in path:
            node = node[key] if isinstance(key, int) else getattr(node, key)
        assert node is cit
    cleared = with_spans(generated, {})
    assert all(cit.span is None for _, cit in walk_citations(cleared))
    restored = with_spans(
        cleared, {path: [c.span for c in cs] for path, cs in cited_fields(generated)}
    )
    assert restored == generated


def test_citations_the_walk_cannot_follow_are_refused() -> None:
    @attrs.frozen
    class Bag:
        quotes: dict[str, Citation]

    with pytest.raises(TypeError, match="cannot be walked"):
        citation_fields(Bag)


def test_walk_plans_a_class_that_refers_to_itself() -> None:
    # A date interval's end is itself a PartialDate: the walk must plan such a class
    # without recursing forever, and find no citations in it.
    from scorecard.dates import PartialDate
    from scorecard.model import citation_fields, cited_fields

    assert citation_fields(PartialDate) == ()
    assert cited_fields(PartialDate.parse("2009-06/2009-08")) == []
