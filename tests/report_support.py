"""Shared helpers of the report tests: rendered once per session, reused by every test."""

from __future__ import annotations

import functools
import hashlib
import tempfile
from pathlib import Path

import attrs

import scorecard
from scorecard.model import Citation, Programme, Source
from scorecard.report.analyses import Analyses, analyse
from scorecard.result import Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "example"
MERIDA = ROOT / "fixtures" / "merida"
DRAWS = 2000

HOSTILE = (
    "<script>alert('x')</script>",
    '<img src="file:///etc/passwd">',
    '<link rel=attachment href="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/hostname">x</a>',
    "<style>@import url(file:///etc/passwd); "
    "body { background: url(http://example.invalid/x.png) }</style>",
    "</style><script>document.write(1)</script>",
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
    "{{ 7 * 7 }} {% raw %}",
)
LONG = "A" * 100_000


@functools.cache
def work_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="scorecard-report-tests-"))


@functools.cache
def example() -> Programme:
    return scorecard.load(EXAMPLE)


@functools.cache
def example_result() -> Result:
    return scorecard.score(example())


@functools.cache
def example_analyses() -> Analyses:
    return analyse(example_result(), draws=DRAWS, seed=0)


@functools.cache
def example_html() -> str:
    return scorecard.render_html(example_result(), analyses=example_analyses())


@functools.cache
def example_pdf() -> Path:
    return scorecard.render_pdf(
        example_result(), work_dir() / "example.pdf", analyses=example_analyses()
    )


@functools.cache
def merida_result() -> Result:
    return scorecard.score(scorecard.load(MERIDA))


@functools.cache
def merida_analyses() -> Analyses:
    return analyse(merida_result(), draws=DRAWS, seed=0)


@functools.cache
def merida_pdf(lang: str = "en") -> Path:
    """The Mérida report, the one a stakeholder reads: 242 footnotes, five as-of dates
    (in ``lang``: ``merida.pdf`` in English, ``merida.<lang>.pdf`` otherwise)."""
    name = "merida.pdf" if lang == "en" else f"merida.{lang}.pdf"
    return scorecard.render_pdf(
        merida_result(), work_dir() / name, analyses=merida_analyses(), lang=lang
    )


def hostile_programme() -> Programme:
    """The example dataset with hostile text in every rationale, quote and title, and a
    100,000-character rationale; the quotes are appended to their source texts so the
    dataset stays consistent (checksums included)."""
    programme = example()
    extra: dict[str, list[str]] = {}

    def cite(c: Citation, i: int) -> Citation:
        quote = HOSTILE[i % len(HOSTILE)]
        extra.setdefault(c.source, []).append(quote)
        return attrs.evolve(c, quote=quote, span=None, occurrence=None)

    pillars = []
    counter = 0
    for p in programme.pillars:
        commitments = []
        for c in p.commitments:
            assessments = []
            for a in c.assessments:
                counter += 1
                rationale = HOSTILE[counter % len(HOSTILE)] + " " + a.rationale
                evidence = tuple(cite(e, counter + k) for k, e in enumerate(a.evidence))
                assessments.append(attrs.evolve(a, rationale=rationale, evidence=evidence))
            commitments.append(
                attrs.evolve(
                    c,
                    title=HOSTILE[counter % len(HOSTILE)] + c.title,
                    assessments=tuple(assessments),
                )
            )
        pillars.append(attrs.evolve(p, commitments=tuple(commitments)))
    first = pillars[0].commitments[0]
    long_assessment = attrs.evolve(first.assessments[-1], rationale=LONG)
    pillars[0] = attrs.evolve(
        pillars[0],
        commitments=(
            attrs.evolve(first, assessments=(*first.assessments[:-1], long_assessment)),
            *pillars[0].commitments[1:],
        ),
    )
    sources = []
    for s in programme.sources:
        text = s.text + "\n" + "\n".join(extra.get(s.id, [])) + "\n"
        sources.append(
            attrs.evolve(
                s,
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                title=HOSTILE[0] + s.title,
            )
        )
    return attrs.evolve(
        programme,
        pillars=tuple(pillars),
        sources=tuple(sources),
        description=HOSTILE[1] + programme.description,
    )


def sources_of(programme: Programme) -> tuple[Source, ...]:
    return programme.sources
