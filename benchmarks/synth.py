"""Synthetic datasets for the scale benchmark, written in the TOML dataset format.

:func:`write_dataset` writes a dataset folder of a given :class:`Size`: source
texts of seeded pseudo-random prose, a programme with pillars and weightings,
and commitments whose assessments quote those texts verbatim (each quote a run
of words from one source, unique there, retyped with the variations the
normalisation must absorb: doubled spaces, line breaks; the texts carry accented
letters, typographic quotes, dashes, lost apostrophes and non-breaking spaces at the
rate of the Mérida sources, see ``_TYPOGRAPHY``). The same
size and seed always give the same bytes.

``Size.scaled(f)`` multiplies a small base: at ``f = 100`` the default base gives
2,000 sources of about 50 KB (100 MB of text), 50 pillars, 10,000 commitments and
200,000 citations.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import attrs

__all__ = ["Size", "write_dataset"]

_WORDS_PER_QUOTE = 9


@attrs.frozen
class Size:
    sources: int = 20
    source_bytes: int = 50_000
    pillars: int = 5
    commitments: int = 100
    assessments_per_commitment: int = 4
    citations_per_assessment: int = 5

    def scaled(self, factor: int) -> Size:
        """This size with ``factor`` times the sources, commitments and citations;
        pillars grow more slowly (a programme has tens of pillars, not thousands)."""
        return attrs.evolve(
            self,
            sources=self.sources * factor,
            commitments=self.commitments * factor,
            pillars=min(self.commitments * factor, self.pillars * max(1, round(factor**0.5))),
        )

    @property
    def citations(self) -> int:
        return self.commitments * self.assessments_per_commitment * self.citations_per_assessment

    @property
    def corpus_bytes(self) -> int:
        return self.sources * self.source_bytes


def _vocabulary(rng: random.Random, count: int = 4000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < count:
        words.add("".join(rng.choices(letters, k=rng.randint(2, 11))))
    return sorted(words)


def _source_words(rng: random.Random, vocab: list[str], size: int) -> list[str]:
    """Words whose text (joined with single spaces, plus sentence breaks) is about ``size``
    bytes. Every word carries a per-source serial every 50 words so that runs of words
    are unique within the source."""
    words: list[str] = []
    length = 0
    while length < size:
        chunk = [_typeset(rng, word) for word in rng.choices(vocab, k=50)]
        chunk[0] = f"section{len(words) // 50}"
        words.extend(chunk)
        length += sum(len(w) + 1 for w in chunk)
    return words


# What the real sources hold besides plain ASCII prose, per 71,677 characters of the five
# Mérida texts (counted): accented letters 57 ("México"), typographic apostrophes 14
# ("Mexico’s"), straight ones 39 ("Mexico's"), apostrophes lost in text extraction 20
# ("Mexico s"), typographic double quotes 3 pairs, dashes 6 ("—", "–"). The Mérida texts
# hold no non-breaking space; other extracted texts do (numbers, names): one in
# 10,000 characters here. Each becomes a chance per word (about 7.5 characters with
# its space), applied to the word in place so that quotes, taken from the same words,
# carry them too.
_MERIDA_CHARS = 71_677
_CHARS_PER_WORD = 7.5
_TYPOGRAPHY: tuple[tuple[float, str], ...] = (
    (57 / _MERIDA_CHARS, "accent"),
    (14 / _MERIDA_CHARS, "’s"),
    (39 / _MERIDA_CHARS, "'s"),
    (20 / _MERIDA_CHARS, " s"),
    (3 / _MERIDA_CHARS, "quotes"),
    (6 / _MERIDA_CHARS, " —"),
    (1 / 10_000, "nbsp"),
)
_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}


def _typeset(rng: random.Random, word: str) -> str:
    """``word`` with, now and then, what real sources have (see ``_TYPOGRAPHY``)."""
    for rate, what in _TYPOGRAPHY:
        if rng.random() >= rate * _CHARS_PER_WORD:
            continue
        if what == "accent":
            spots = [i for i, ch in enumerate(word) if ch in _ACCENTS]
            if spots:
                i = rng.choice(spots)
                word = word[:i] + _ACCENTS[word[i]] + word[i + 1 :]
        elif what == "quotes":
            word = f"“{word}”"
        elif what == "nbsp":
            word = f"{word} {len(word)}"
        else:
            word += what
    return word


def _render_text(words: list[str]) -> str:
    """Prose-like text: sentences of 12 words, paragraphs of 6 sentences."""
    out: list[str] = []
    for i in range(0, len(words), 12):
        sentence = " ".join(words[i : i + 12])
        out.append(sentence[0].upper() + sentence[1:] + ".")
        out.append("\n\n" if (i // 12) % 6 == 5 else " ")
    return "".join(out)


def _retype(quote: str, rng: random.Random) -> str:
    """The quote as an analyst might retype it: a doubled space or a line break."""
    words = quote.split(" ")
    if len(words) > 3 and rng.random() < 0.5:
        k = rng.randrange(1, len(words))
        words[k] = ("\n" if rng.random() < 0.5 else " ") + words[k]
    return " ".join(words)


def _toml_str(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_dataset(folder: Path, size: Size, *, seed: int = 0) -> Path:
    """Write a synthetic dataset of ``size`` into ``folder`` (created) and return it."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "pillars").mkdir(exist_ok=True)

    # Sources: published 2001-2010, so assessments dated 2011 or later never look ahead.
    source_words: list[list[str]] = []
    texts: list[str] = []
    meta: list[str] = []
    for i in range(size.sources):
        words = _source_words(rng, vocab, size.source_bytes)
        text = _render_text(words)
        source_words.append(words)
        texts.append(text)
        data = text.encode("utf-8")
        name = f"sources/s{i:05d}.txt"
        (folder / name).write_bytes(data)
        meta.append(
            "[[sources]]\n"
            f'id = "s{i:05d}"\n'
            f'title = "Synthetic source {i}"\n'
            f"published = {2001 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            'kind = "synthetic report"\n'
            f'file = "{name}"\n'
            f'sha256 = "{hashlib.sha256(data).hexdigest()}"\n'
        )
    (folder / "sources.toml").write_text("\n".join(meta), encoding="utf-8")

    levels = [("stalled", 0.0), ("limited", 0.25), ("uneven", 0.5), ("substantial", 0.75)]
    levels.append(("achieved", 1.0))
    programme = [
        'id = "synthetic"',
        'title = "A synthetic programme"',
        'description = "Generated for the scale benchmark."',
        'default_weighting = "designed"',
        "",
        '[[scale]]\nid = "no-evidence"\nlabel = "No evidence"\n'
        'meaning = "Nothing yet."\nmissing = true\n',
    ]
    for level, value in levels:
        programme.append(
            f'[[scale]]\nid = "{level}"\nlabel = "{level.title()}"\n'
            f'meaning = "The commitment is {level}."\nvalue = {value}\n'
        )
    for grade, low, high in [("A", 80, 100), ("B", 60, 80), ("C", 40, 60), ("D", 20, 40)]:
        programme.append(f'[[grades]]\ngrade = "{grade}"\nmin = {low}\nmax = {high}\n')
    programme.append('[[grades]]\ngrade = "F"\nmin = 0\nmax = 20\n')
    for p in range(size.pillars):
        programme.append(
            f'[[pillars]]\nid = "p{p}"\ntitle = "Pillar {p}"\n'
            f'description = "Synthetic pillar number {p}."\n'
        )
    for party, label in (("north", "North"), ("south", "South")):
        programme.append(f'[[parties]]\nid = "{party}"\nlabel = "{label}"\n')
    pillar_weights = ", ".join(f"p{p} = {1 + p % 3}" for p in range(size.pillars))
    programme.append(
        '[[weightings]]\nid = "designed"\nlabel = "Designed"\n'
        'rationale = "Synthetic weights."\n'
        f"pillars = {{ {pillar_weights} }}\n"
    )
    (folder / "programme.toml").write_text("\n".join(programme), encoding="utf-8")

    # Commitments, dealt round-robin to pillars; quotes from distinct positions.
    cursors = [0] * size.sources
    per_pillar: list[list[str]] = [[] for _ in range(size.pillars)]
    for c in range(size.commitments):
        pillar = c % size.pillars
        lines = [
            "[[commitments]]",
            f'id = "c{c:06d}"',
            f'title = "Commitment {c}"',
            f'promise = "Synthetic promise {c}."',
            "parties = " + ('["north"]', '["south"]', '["north", "south"]')[c % 3],
            "",
        ]
        for a in range(size.assessments_per_commitment):
            status = levels[rng.randrange(len(levels))][0]
            evidence = []
            for _ in range(size.citations_per_assessment):
                s = rng.randrange(size.sources)
                words = source_words[s]
                start = cursors[s] * 50 + 1 + rng.randrange(40 - _WORDS_PER_QUOTE)
                cursors[s] = (cursors[s] + 1) % (len(words) // 50 - 1)
                quote = _quote_from_text(texts[s], words, start)
                kind = ("output", "outcome", "statement")[rng.randrange(3)]
                evidence.append(
                    f'  {{ source = "s{s:05d}", quote = {_toml_str(_retype(quote, rng))}, '
                    f'kind = "{kind}" }},'
                )
            lines += [
                "[[commitments.assessments]]",
                f"as_of = {2011 + a}-06-30",
                f'status = "{status}"',
                f'rationale = "Synthetic rationale {c}.{a}."',
                "evidence = [",
                *evidence,
                "]",
                "",
            ]
        per_pillar[pillar].append("\n".join(lines))
    for p, blocks in enumerate(per_pillar):
        body = f'pillar = "p{p}"\n\n' + "\n".join(blocks)
        (folder / "pillars" / f"p{p}.toml").write_text(body, encoding="utf-8")
    return folder


def _quote_from_text(text: str, words: list[str], start: int) -> str:
    """The words ``start .. start + n`` as they read in the rendered text (a sentence
    break inside the run keeps its full stop and capital)."""
    # Sentences are 12 words; recover the rendered form word by word.
    out = []
    for k in range(start, start + _WORDS_PER_QUOTE):
        word = words[k]
        if k % 12 == 0:
            word = word[0].upper() + word[1:]
        if k % 12 == 11 and k != start + _WORDS_PER_QUOTE - 1:
            word += "."
        out.append(word)
    return " ".join(out)
