"""``scorecard check PATH [--json] [--strict] [--update-checksums] [-o FILE]``:
validate a dataset and verify every quote.

Prints a short summary and exits 0; on problems prints one line per problem on
standard error and exits 1 (see :mod:`scorecard.cli`). After the summary, one line
per verdict of the data compares it with the roll-up of its scope (under the
default weighting, as of the verdict's date; see
:func:`scorecard.engine.verdict_comparisons`): a divergence (more than one grade
band apart) is a warning, exit 0; with ``--strict`` an unexplained divergence (no
``divergence_note``) is an error, exit 1. ``--json`` prints the counts, every
citation's W3C-style anchor (exact quote, prefix, suffix, start, end), the
verdicts and the divergences instead. ``-o FILE`` writes either to FILE,
atomically. ``--update-checksums`` first rewrites stale ``sha256`` values in
``sources.toml`` (see :mod:`scorecard.commands._checksums`), naming each on
standard error as ``old -> new``, so that standard output stays the check's own.
On a collection folder every unit is loaded and verified (one line per unit).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.commands._output import add_output, emit
from scorecard.display import format_score
from scorecard.errors import DataError, Problem
from scorecard.model import Programme

if TYPE_CHECKING:
    from scorecard.engine import VerdictComparison

NAME = "check"
HELP = "Validate a dataset folder and verify that every quote occurs in its source."
EXAMPLES = (
    "scorecard check fixtures/merida",
    "scorecard check my-programme --update-checksums   # after editing a source text",
    "scorecard check fixtures/merida --strict --json -o check.json",
    "scorecard check examples/index   # a collection: every unit",
    "scorecard check fixtures/merida --lang es --strict   # every text translated",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="dataset folder (holding programme.toml)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print counts, citation anchors, verdicts and divergences as JSON",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) while a verdict and its roll-up diverge without a divergence_note, "
        "or (with --lang) while a text has no translation",
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="also list each text of the dataset not translated into LANG "
        "(translations/LANG.toml) as a warning; an error with --strict",
    )
    parser.add_argument(
        "--update-checksums",
        action="store_true",
        help="first rewrite each stale sha256 in sources.toml to its file's checksum, "
        "printing old -> new (the rest of the file is kept byte for byte), then check",
    )
    add_output(parser)


def counts(programme: Programme) -> dict[str, int]:
    """What a dataset holds, as ``scorecard check`` reports it."""
    commitments = [c for _, c in programme.commitments()]
    indicators = [i for c in commitments for i in c.indicators]
    return {
        "pillars": len(programme.pillars),
        "commitments": len(commitments),
        "assessments": sum(len(c.assessments) for c in commitments),
        "indicators": len(indicators),
        "observations": sum(len(i.observations) for i in indicators),
        # quotes located in their texts, and cells found in their tables
        "citations": sum(1 for c in programme.citations() if c[1].span is not None or c[1].cell),
        "sources": len(programme.sources),
    }


def anchors(programme: Programme) -> list[dict[str, Any]]:
    """Every citation as a W3C-style anchor, with where it is used."""
    from scorecard.citations import selector

    result: list[dict[str, Any]] = []
    for used_by, cit in programme.citations():
        if cit.span is None:
            continue
        text = programme.source(cit.source).text
        prefix, suffix = selector(text, cit.span)
        result.append(
            {
                "source": cit.source,
                "quote": cit.quote,
                "start": cit.span[0],
                "end": cit.span[1],
                "prefix": prefix,
                "suffix": suffix,
                "kind": cit.kind.value,
                "used_by": used_by,
            }
        )
    return result


def _source_name(programme: Programme, source_id: str) -> str:
    """A source as a reader names it: its first author's family name, else its
    publisher, else its id."""
    try:
        source = programme.source(source_id)
    except KeyError:
        return source_id
    if not source.authors or not source.authors[0].strip():
        return source.publisher or source_id
    first = source.authors[0].strip()
    # "Selee, Andrew" or "Andrew Selee" -> "Selee"
    return first.split(",")[0].strip() if "," in first else first.split()[-1]


def comparison_line(programme: Programme, c: VerdictComparison) -> str:
    """One verdict beside its roll-up, as ``scorecard check`` prints it."""
    scope = c.scope if c.party is None else f"{c.scope} ({c.party})"
    computed = (
        "no computed score"
        if c.computed_score is None
        else f"computed {c.computed_grade} ({format_score(c.computed_score, 1)})"
    )
    v = c.verdict
    line = (
        f"{c.file}: {c.path}: {scope} as of {c.as_of}: {computed} vs "
        f"{_source_name(programme, v.source)}'s verdict {v.grade} ({v.level}, "
        f'"{v.quote}")'
    )
    if c.divergence is None:
        return line
    bands = c.divergence.bands_apart
    line += f": {bands} band{'' if bands == 1 else 's'} apart"
    if c.divergent:
        line += " [explained divergence]" if c.explained else " [unexplained divergence]"
    elif bands and c.explained:
        line += " [reason given]"
    return line


def run(args: argparse.Namespace) -> int:
    from scorecard.collection import is_collection
    from scorecard.engine import verdict_comparisons
    from scorecard.loader import load

    collection = is_collection(args.path)
    if args.update_checksums:
        from scorecard.commands._checksums import update_checksums

        folders = [args.path]
        if collection:
            folders = sorted(str(p) for p in (Path(args.path) / "units").glob("*/sources.toml"))
            folders = [str(Path(f).parent) for f in folders]
        changes = [c for folder in folders for c in update_checksums(folder)]
        for change in changes:
            print(change.line(), file=sys.stderr)
        if not changes:
            print("sources.toml: every sha256 matches its file", file=sys.stderr)
    if collection:
        from scorecard.commands import _collection

        return _collection.check(args)
    try:
        programme = load(args.path)
    except (OSError, UnicodeError) as exc:  # the loader reports these itself; belt and braces
        raise DataError([Problem(str(args.path), "", f"cannot be read ({exc})")]) from None
    numbers = counts(programme)
    comparisons = verdict_comparisons(programme)
    unexplained = [c for c in comparisons if c.divergent and not c.explained]
    untranslated = _untranslated(programme, args.lang, strict=args.strict)
    status = 1 if args.strict and (unexplained or untranslated) else 0
    if args.json:
        payload = {
            "counts": numbers,
            "citations": anchors(programme),
            "verdicts": [c.to_dict() for c in comparisons],
            "divergences": [c.to_dict() for c in comparisons if c.divergent],
        }
        emit(args, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return status
    text = (
        f"{args.path}: {programme.title} ({programme.id}) is valid\n"
        f"  {numbers['pillars']} pillars, {numbers['commitments']} commitments, "
        f"{numbers['assessments']} assessments, {numbers['indicators']} indicators, "
        f"{numbers['observations']} observations\n"
        f"  {numbers['citations']} citations verified in {numbers['sources']} sources\n"
    )
    if comparisons:
        divergent = sum(c.divergent for c in comparisons)
        text += (
            f"  {len(comparisons)} verdicts, {divergent} divergent "
            f"({len(unexplained)} unexplained)\n"
        )
        text += "".join(f"{comparison_line(programme, c)}\n" for c in comparisons)
    emit(args, text)
    if unexplained and args.strict:
        print(
            f"error: {len(unexplained)} unexplained divergence(s) between verdicts and "
            "roll-ups (--strict): give each a divergence_note in verdicts.toml saying why "
            "the dataset reads the evidence differently, or re-code the commitments",
            file=sys.stderr,
        )
    return status


def _untranslated(programme: Programme, lang: str | None, *, strict: bool) -> int:
    """Print one line per text with no translation into ``lang`` on standard error
    (a warning, an error under ``--strict``) and how many there are."""
    if lang is None:
        return 0
    from scorecard.translations import missing_translations

    missing = missing_translations(programme, lang)
    file = f"translations/{lang.split('-')[0]}.toml"
    kind = "error" if strict else "warning"
    for m in missing:
        shown = m.text if len(m.text) <= 60 else m.text[:57] + "..."
        print(
            f"{kind}: {file}: {m.path}: no translation into {lang!r}; the report shows "
            f"{shown!r} instead: add the translation",
            file=sys.stderr,
        )
    translation = programme.translations.get(lang) or programme.translations.get(lang.split("-")[0])
    if translation is not None:
        quotes = {(c.source, c.quote) for _, c in programme.citations()}
        done = sum(1 for q in quotes if q in translation.quotes)
        print(
            f"{file}: {len(missing)} text(s) not translated; {done} of {len(quotes)} "
            "quotes have a translation shown beside them",
            file=sys.stderr,
        )
    return len(missing)
