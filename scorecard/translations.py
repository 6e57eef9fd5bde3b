"""The dataset's own text in other languages: reading, checking and applying it.

A dataset folder may hold ``translations/<lang>.toml`` files (the format is in
``docs/data-format.md``): a ``[translation]`` header, then tables keyed by the
dataset's stable ids (``[pillars.p1]``, ``[commitments."p1.kingpins"]``, an
assessment by its ``as_of`` date) holding the translated text of each field, and
``[[quotes]]`` entries giving a quote's translation by its source id and verbatim
text. The loader reads them with :func:`check_file`; :func:`localise` returns the
programme in one language (untranslated text falls back to the dataset's main
language, quotes never change: their translations are set beside them on
:attr:`Citation.translation <scorecard.model.Citation.translation>`);
:func:`missing_translations` lists what is left to translate.

Every text field a translation may give is found by one walk, :func:`texts`, keyed
by :data:`~scorecard.model.TextKey`; checking, localising and the missing list all
go through it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from scorecard._paths import join_path
from scorecard.errors import OptionProblem, OptionsError, Problem, did_you_mean
from scorecard.model import (
    Citation,
    Commitment,
    Indicator,
    Observation,
    Programme,
    TextKey,
    Translation,
    Verdict,
    citation_fields,
)

__all__ = [
    "MAIN_LANGUAGE",
    "MissingTranslation",
    "TranslationFile",
    "check_file",
    "format_key",
    "localise",
    "missing_translations",
    "texts",
]

MAIN_LANGUAGE = "en"
"""The language a dataset's own files are written in."""


# -- the file's shape ------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Header:
    language: str
    locale: str | None = None
    translator: str | None = None
    note: str | None = None


@attrs.frozen(slots=True)
class _ProgrammeText:
    title: str | None = None
    description: str | None = None


@attrs.frozen(slots=True)
class _PublicationText:
    publisher: str | None = None


@attrs.frozen(slots=True)
class _PartyText:
    label: str | None = None
    short_label: str | None = None


@attrs.frozen(slots=True)
class _PillarText:
    title: str | None = None
    short_title: str | None = None
    description: str | None = None


@attrs.frozen(slots=True)
class _ObjectiveText:
    title: str | None = None
    description: str | None = None


@attrs.frozen(slots=True)
class _AssessmentText:
    rationale: str | None = None


@attrs.frozen(slots=True)
class _ObservationText:
    note: str | None = None


@attrs.frozen(slots=True)
class _IndicatorText:
    title: str | None = None
    unit: str | None = None
    description: str | None = None
    observations: dict[str, _ObservationText] = attrs.field(factory=dict)


@attrs.frozen(slots=True)
class _CommitmentText:
    title: str | None = None
    promise: str | None = None
    assessments: dict[str, _AssessmentText] = attrs.field(factory=dict)
    indicators: dict[str, _IndicatorText] = attrs.field(factory=dict)


@attrs.frozen(slots=True)
class _VerdictText:
    rationale: str | None = None
    divergence_note: str | None = None


@attrs.frozen(slots=True)
class _WeightingText:
    label: str | None = None
    rationale: str | None = None


@attrs.frozen(slots=True)
class _LevelText:
    label: str | None = None
    meaning: str | None = None


@attrs.frozen(slots=True)
class _GradeText:
    meaning: str | None = None


@attrs.frozen(slots=True)
class _QuoteText:
    source: str
    quote: str
    translation: str


@attrs.frozen(slots=True)
class TranslationFile:
    """The shape of ``translations/<lang>.toml``, as read (before its ids are checked)."""

    translation: _Header
    programme: _ProgrammeText = attrs.field(factory=_ProgrammeText)
    publication: _PublicationText = attrs.field(factory=_PublicationText)
    parties: dict[str, _PartyText] = attrs.field(factory=dict)
    levels: dict[str, _LevelText] = attrs.field(factory=dict)
    grades: dict[str, _GradeText] = attrs.field(factory=dict)
    pillars: dict[str, _PillarText] = attrs.field(factory=dict)
    objectives: dict[str, _ObjectiveText] = attrs.field(factory=dict)
    commitments: dict[str, _CommitmentText] = attrs.field(factory=dict)
    verdicts: dict[str, dict[str, _VerdictText]] = attrs.field(factory=dict)
    weightings: dict[str, _WeightingText] = attrs.field(factory=dict)
    quotes: tuple[_QuoteText, ...] = ()


# -- the one walk of the translatable text -------------------------------------------


def _obs_key(o: Observation) -> str:
    """An observation's key: its ``as_of`` date, with ``@period`` when it has one."""
    return (
        o.as_of.isoformat() if o.period is None else f"{o.as_of.isoformat()}@{o.period.isoformat()}"
    )


def _verdict_scope(v: Verdict) -> str:
    return v.scope if v.party is None else f"{v.scope}@{v.party}"


_Found = Iterator[tuple[TextKey, str | None]]


def _fields(obj: Any, key: TextKey, names: tuple[str, ...]) -> _Found:
    """The texts ``names`` of ``obj`` by key, ``None`` for one the dataset leaves out
    (a translation of it is refused: there is nothing to translate)."""
    for name in names:
        yield (*key, name), getattr(obj, name)


def _commitment_texts(c: Commitment) -> _Found:
    key: TextKey = ("commitments", c.id)
    yield from _fields(c, key, ("title", "promise"))
    for a in c.assessments:
        yield (*key, "assessments", a.as_of.isoformat(), "rationale"), a.rationale
    for ind in c.indicators:
        ikey: TextKey = (*key, "indicators", ind.id)
        yield from _fields(ind, ikey, ("title", "unit", "description"))
        for o in ind.observations:
            yield from _fields(o, (*ikey, "observations", _obs_key(o)), ("note",))


def _walk(programme: Programme) -> _Found:
    yield from _fields(programme, ("programme",), ("title", "description"))
    yield from _fields(programme.publication, ("publication",), ("publisher",))
    for party in programme.parties:
        yield from _fields(party, ("parties", party.id), ("label", "short_label"))
    for level in programme.scale.levels:
        yield from _fields(level, ("levels", level.id), ("label", "meaning"))
    for band in programme.grades.bands:
        yield from _fields(band, ("grades", band.grade), ("meaning",))
    for pillar in programme.pillars:
        yield from _fields(pillar, ("pillars", pillar.id), ("title", "short_title", "description"))
        for o in pillar.objectives:
            yield from _fields(o, ("objectives", o.id), ("title", "description"))
    for _, c in programme.commitments():
        yield from _commitment_texts(c)
    for v in programme.verdicts:
        key: TextKey = ("verdicts", _verdict_scope(v), v.as_of.isoformat())
        yield from _fields(v, key, ("rationale", "divergence_note"))
    for w in programme.weightings:
        yield from _fields(w, ("weightings", w.id), ("label", "rationale"))


def texts(programme: Programme) -> dict[TextKey, str]:
    """Every text of the programme that a translation may give, by key, in data order.
    Where two fields share a key (two assessments of one commitment on one date), the
    first keeps it and :func:`_ambiguous` names it."""
    out: dict[TextKey, str] = {}
    for key, text in _walk(programme):
        if text is not None:
            out.setdefault(key, text)
    return out


def _every(programme: Programme) -> dict[TextKey, str | None]:
    """:func:`texts` with the fields the dataset leaves out, as ``None``."""
    out: dict[TextKey, str | None] = {}
    for key, text in _walk(programme):
        out.setdefault(key, text)
    return out


def _ambiguous(programme: Programme) -> set[TextKey]:
    seen: set[TextKey] = set()
    twice: set[TextKey] = set()
    for key, _ in _walk(programme):
        (twice if key in seen else seen).add(key)
    return twice


def format_key(key: TextKey) -> str:
    """A key as the path of its value in the translation file:
    ``commitments['p1.kingpins'].assessments.2010-12-20.rationale``."""
    path = ""
    for part in key:
        path = join_path(path, part)
    return path


# -- checking a file ---------------------------------------------------------------------

_WHAT = {
    "parties": "party",
    "levels": "level",
    "grades": "grade",
    "pillars": "pillar",
    "objectives": "objective",
    "commitments": "commitment",
    "verdicts": "verdict scope",
    "weightings": "weighting",
    "assessments": "assessment as of",
    "indicators": "indicator",
    "observations": "observation",
}


def _flatten(file: TranslationFile) -> Iterator[tuple[TextKey, str]]:
    """Every text of a file with its key (the same keys :func:`texts` gives)."""
    data: Any = attrs.asdict(file, recurse=True, filter=lambda a, _: a.name != "quotes")
    del data["translation"]

    def walk(value: Any, key: TextKey) -> Iterator[tuple[TextKey, str]]:
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, (*key, k))
        elif isinstance(value, str):
            yield key, value

    yield from walk(data, ())


def _unknown(key: TextKey, known: set[TextKey]) -> tuple[TextKey, str]:
    """The first part of ``key`` that names nothing in the dataset, and why, with the
    closest existing id."""
    for i in range(1, len(key)):
        if key[: i + 1] in known:
            continue
        options = sorted({k[i] for k in known if len(k) > i and k[:i] == key[:i]})
        what = _WHAT.get(key[i - 1], "entry") if i > 1 else _WHAT.get(key[0], "entry")
        if key[0] == "verdicts" and i == 2:
            what = "verdict as of"
        where = f" in {format_key(key[:i])}" if i > 1 else ""
        return key[: i + 1], (
            f"no {what} {key[i]!r}{where} in the dataset{did_you_mean(key[i], options)}; "
            "use an id of the dataset"
        )
    raise AssertionError("unreachable: a known key")  # pragma: no cover


def _prefixes(keys: Mapping[TextKey, str | None]) -> set[TextKey]:
    return {key[:i] for key in keys for i in range(1, len(key) + 1)}


def check_file(
    raw: dict[str, Any], rel: str, programme: Programme
) -> tuple[Translation | None, list[Problem]]:
    """The translation in the parsed TOML ``raw`` of file ``rel``, checked against
    ``programme``; or ``None`` and every problem found. The file's language must be
    its name (``es.toml``: ``language = "es"``); every key must name a text of the
    dataset; every quote must be cited, verbatim, somewhere in the dataset."""
    from scorecard._convert import toml_converter

    parsed, problems = toml_converter().check(raw, TranslationFile, rel)
    if parsed is None:
        return None, problems
    problems += _header_problems(parsed.translation, rel)
    found, text_problems = _check_texts(parsed, rel, programme)
    problems += text_problems
    head = parsed.translation
    quotes, quote_problems = _check_quotes(parsed.quotes, rel, programme)
    problems += quote_problems
    if problems:
        return None, problems
    try:
        translation = Translation(
            language=head.language,
            locale=head.locale,
            translator=head.translator,
            note=head.note,
            texts=found,
            quotes=quotes,
        )
    except (ValueError, TypeError) as exc:
        return None, [Problem(rel, "translation", f"{exc}; fix the header")]
    return translation, []


def _header_problems(head: _Header, rel: str) -> list[Problem]:
    problems: list[Problem] = []
    stem = rel.rsplit("/", 1)[-1].removesuffix(".toml")
    if head.language != stem:
        problems.append(
            Problem(
                rel,
                "translation.language",
                f"language = {head.language!r}, but the file is {stem}.toml; name the file "
                f"{head.language}.toml or fix the language",
            )
        )
    if head.language.split("-")[0] == MAIN_LANGUAGE:
        problems.append(
            Problem(
                rel,
                "translation.language",
                f"{head.language!r} is the dataset's own language: its files already hold "
                "that text; remove this file",
            )
        )
    return problems


def _check_texts(
    parsed: TranslationFile, rel: str, programme: Programme
) -> tuple[dict[TextKey, str], list[Problem]]:
    """The file's texts by key, and a problem for each that names nothing to translate."""
    problems: list[Problem] = []
    english = _every(programme)
    known = _prefixes(english)
    ambiguous = _ambiguous(programme)
    found: dict[TextKey, str] = {}
    unknown: set[TextKey] = set()
    for key, text in _flatten(parsed):
        path = format_key(key)
        if not text.strip():
            problems.append(Problem(rel, path, "empty: give the translation or leave it out"))
        elif key not in english:
            where, message = _unknown(key, known)
            if where not in unknown:  # once per unknown id, not once per field of it
                unknown.add(where)
                problems.append(Problem(rel, format_key(where), message))
        elif english[key] is None:
            problems.append(
                Problem(
                    rel,
                    path,
                    f"the dataset gives no {key[-1]} here, so there is nothing to "
                    "translate; leave it out",
                )
            )
        elif key in ambiguous:
            problems.append(
                Problem(
                    rel,
                    path,
                    "two texts of the dataset share this key (two entries on one date); "
                    "give one of them another date to translate them apart",
                )
            )
        else:
            found[key] = text
    return found, problems


def _check_quotes(
    entries: tuple[_QuoteText, ...], rel: str, programme: Programme
) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    cited: dict[str, set[str]] = {}
    for _, cit in programme.citations():
        if cit.quote is not None:  # a cell of a table has no words to translate
            cited.setdefault(cit.source, set()).add(cit.quote)
    problems: list[Problem] = []
    out: dict[tuple[str, str], str] = {}
    for i, entry in enumerate(entries):
        path = f"quotes[{i}]"
        if entry.source not in cited:
            problems.append(
                Problem(
                    rel,
                    f"{path}.source",
                    f"no quote of source {entry.source!r} is cited in the dataset"
                    f"{did_you_mean(entry.source, cited)}; use the id of a cited source",
                )
            )
        elif entry.quote not in cited[entry.source]:
            problems.append(
                Problem(
                    rel,
                    f"{path}.quote",
                    f"this quote of {entry.source!r} is not cited anywhere in the dataset"
                    f"{_closest_quote(entry.quote, cited[entry.source])}; copy the quote "
                    "verbatim from the citation it translates",
                )
            )
        elif (entry.source, entry.quote) in out:
            problems.append(
                Problem(rel, path, "this quote is already translated above; keep one entry")
            )
        elif not entry.translation.strip():
            problems.append(
                Problem(rel, f"{path}.translation", "empty: give the translation or leave it out")
            )
        else:
            out[entry.source, entry.quote] = entry.translation
    return out, problems


def _closest_quote(quote: str, quotes: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(quote, sorted(quotes), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


# -- applying a translation ---------------------------------------------------------------


@attrs.frozen(slots=True)
class MissingTranslation:
    """A text of the dataset with no translation: where it would go in the
    translation file, and the text shown instead (the dataset's own)."""

    path: str
    text: str


def _translation(programme: Programme, lang: str) -> Translation | None:
    """The translation into ``lang`` (``None``: the dataset's own language), or
    :class:`~scorecard.errors.OptionsError` naming the languages there are."""
    if lang.split("-")[0] == MAIN_LANGUAGE:
        return None
    found = programme.translations.get(lang) or programme.translations.get(lang.split("-")[0])
    if found is None:
        available = ", ".join([f"{MAIN_LANGUAGE} (the dataset's own)", *programme.translations])
        raise OptionsError(
            [
                OptionProblem(
                    "lang",
                    f"the dataset has no translation into {lang!r}; available: {available} "
                    f"(add translations/{lang}.toml to translate it)",
                )
            ]
        )
    return found


def missing_translations(programme: Programme, lang: str) -> list[MissingTranslation]:
    """Every text of the dataset that has no translation into ``lang``, in data order
    (empty for the dataset's own language). Quotes are not listed: they stay in their
    source's language, a translation beside them is optional."""
    translation = _translation(programme, lang)
    if translation is None:
        return []
    return [
        MissingTranslation(format_key(key), text)
        for key, text in texts(programme).items()
        if key not in translation.texts
    ]


def localise(programme: Programme, lang: str) -> Programme:
    """``programme`` with its text in ``lang`` where the dataset translates it (the
    rest in the dataset's own language) and each translated quote's
    :attr:`~scorecard.model.Citation.translation` set. Ids, levels, dates, numbers,
    weights and quotes are unchanged, so every score is too. The dataset's own
    language (``"en"``) gives ``programme`` itself. An unknown language raises
    :class:`~scorecard.errors.OptionsError` naming those there are."""
    translation = _translation(programme, lang)
    if translation is None:
        return programme
    return _Localiser(translation).programme(programme)


@attrs.frozen(slots=True)
class _Localiser:
    translation: Translation

    def text(self, key: TextKey, value: str) -> str:
        return self.translation.texts.get(key, value)

    def maybe(self, key: TextKey, value: str | None) -> str | None:
        return None if value is None else self.text(key, value)

    def fields(self, obj: Any, key: TextKey, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: self.maybe((*key, name), getattr(obj, name)) for name in names}

    def citations(self, obj: Any) -> Any:
        """``obj`` with each of its citations' translations set (walked through the
        model's citation fields, so every kind of citation is reached)."""
        changes: dict[str, Any] = {}
        for name, _, many, inner in citation_fields(type(obj)):
            value = getattr(obj, name)
            if value is None:
                continue
            if inner is None:
                cited = tuple(self.quote(c) for c in (value if many else (value,)))
                changes[name] = cited if many else cited[0]
            elif many:
                changes[name] = tuple(self.citations(item) for item in value)
            else:
                changes[name] = self.citations(value)
        return attrs.evolve(obj, **changes) if changes else obj

    def quote(self, c: Citation) -> Citation:
        if c.quote is None:  # a cell of a table: nothing to translate
            return c
        found = self.translation.quotes.get((c.source, c.quote))
        return c if found is None else attrs.evolve(c, translation=found)

    def indicator(self, ind: Indicator, key: TextKey) -> Indicator:
        ikey: TextKey = (*key, "indicators", ind.id)
        observations = tuple(
            attrs.evolve(o, **self.fields(o, (*ikey, "observations", _obs_key(o)), ("note",)))
            for o in ind.observations
        )
        return attrs.evolve(
            ind,
            observations=observations,
            **self.fields(ind, ikey, ("title", "unit", "description")),
        )

    def commitment(self, c: Commitment) -> Commitment:
        key: TextKey = ("commitments", c.id)
        assessments = tuple(
            attrs.evolve(
                a,
                rationale=self.text(
                    (*key, "assessments", a.as_of.isoformat(), "rationale"), a.rationale
                ),
            )
            for a in c.assessments
        )
        return attrs.evolve(
            c,
            assessments=assessments,
            indicators=tuple(self.indicator(ind, key) for ind in c.indicators),
            **self.fields(c, key, ("title", "promise")),
        )

    def programme(self, p: Programme) -> Programme:
        p = self.citations(p)
        pillars = tuple(
            attrs.evolve(
                pillar,
                objectives=tuple(
                    attrs.evolve(
                        o, **self.fields(o, ("objectives", o.id), ("title", "description"))
                    )
                    for o in pillar.objectives
                ),
                commitments=tuple(self.commitment(c) for c in pillar.commitments),
                **self.fields(
                    pillar, ("pillars", pillar.id), ("title", "short_title", "description")
                ),
            )
            for pillar in p.pillars
        )
        scale = attrs.evolve(
            p.scale,
            levels=tuple(
                attrs.evolve(lv, **self.fields(lv, ("levels", lv.id), ("label", "meaning")))
                for lv in p.scale.levels
            ),
        )
        grades = attrs.evolve(
            p.grades,
            bands=tuple(
                attrs.evolve(b, **self.fields(b, ("grades", b.grade), ("meaning",)))
                for b in p.grades.bands
            ),
        )
        verdicts = tuple(
            attrs.evolve(
                v,
                **self.fields(
                    v,
                    ("verdicts", _verdict_scope(v), v.as_of.isoformat()),
                    ("rationale", "divergence_note"),
                ),
            )
            for v in p.verdicts
        )
        return attrs.evolve(
            p,
            pillars=pillars,
            scale=scale,
            grades=grades,
            verdicts=verdicts,
            parties=tuple(
                attrs.evolve(x, **self.fields(x, ("parties", x.id), ("label", "short_label")))
                for x in p.parties
            ),
            weightings=tuple(
                attrs.evolve(w, **self.fields(w, ("weightings", w.id), ("label", "rationale")))
                for w in p.weightings
            ),
            publication=attrs.evolve(
                p.publication, **self.fields(p.publication, ("publication",), ("publisher",))
            ),
            **self.fields(p, ("programme",), ("title", "description")),
        )
