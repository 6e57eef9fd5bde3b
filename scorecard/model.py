"""The programme model: frozen, slotted attrs classes holding data and validators only.

Nothing here reads files, scores or renders. Reading is :mod:`scorecard.loader`,
citation spans are computed by :mod:`scorecard.citations`, scoring lives in the
engine. A variant of any object is a copy: ``attrs.evolve(obj, field=value)``.

Local invariants (a value in [0, 1], a range with low <= high, contiguous grade
bands) are checked by validators when an object is built, and raise
``ValueError``/``TypeError`` naming the field. Cross-references between objects
(a status that is a level of the scale, a citation that names a known source, no
hindsight) are checked by :func:`scorecard.integrity.check`, which the loader runs
before a :class:`Programme` is handed out.

The citations of any model object are found by one walk, :func:`cited_fields`,
worked out from the classes' fields: verification, the integrity rules, the JSON
export and :meth:`Programme.citations` all go through it, and spans are put back by
path with :func:`with_spans`.
"""

from __future__ import annotations

import codecs
import enum
import functools
import itertools
import math
import re
import types
import typing
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from scorecard._paths import DataPath, format_path
from scorecard.dates import PartialDate
from scorecard.options import DeclaredMethods, MissingPolicy

__all__ = [
    "Adjudication",
    "Assessment",
    "Citation",
    "CodedReading",
    "Coding",
    "Commitment",
    "Direction",
    "EvidenceKind",
    "Goalposts",
    "GradeBand",
    "GradeBands",
    "Indicator",
    "Level",
    "Objective",
    "Observation",
    "Party",
    "Pillar",
    "Programme",
    "ProgrammeIndex",
    "Publication",
    "Scale",
    "Source",
    "SourceFormat",
    "Translation",
    "Verdict",
    "Weighting",
    "citation_fields",
    "cited_fields",
    "walk_citations",
    "with_spans",
]

_T = TypeVar("_T")


class _HasId(typing.Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")

PROGRAMME_SCOPE = "programme"
"""The ``scope`` of a verdict on the whole programme (other verdicts name a pillar id)."""


class SourceFormat(enum.StrEnum):
    """How a source's file is read: a text that is quoted, or a CSV table cited by cell."""

    TEXT = "text"
    CSV = "csv"


class EvidenceKind(enum.StrEnum):
    """What a piece of evidence shows: an input (resources committed or spent, staff
    assigned, meetings held), an output (officers trained, equipment delivered, arrests
    made), an outcome (convictions, violence), a statement (a promise, a plan, a position
    or the problem) or a recommendation (what the source says should be done: never a
    finding)."""

    INPUT = "input"
    OUTPUT = "output"
    OUTCOME = "outcome"
    STATEMENT = "statement"
    RECOMMENDATION = "recommendation"


class Direction(enum.StrEnum):
    """Whether a higher or a lower indicator value is better."""

    HIGHER = "higher"
    LOWER = "lower"


# -- validators ---------------------------------------------------------------

_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "dozen",
        "dozens",
        "half",
        "twice",
        "double",
        "triple",
        "percent",
    ]
)
"""Words that state a number: an observation's qualifier must not contain them."""


def _non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{attribute.name} must not be empty")
    elif len(value) == 0:
        raise ValueError(f"{attribute.name} must not be empty")


def _finite(instance: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, not {value!r}")


def _unit_interval(instance: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{attribute.name} must be between 0 and 1, not {value!r}")


def _optional_text(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValueError(f"{attribute.name} must not be empty: leave it out instead")


def _unique_ids(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            raise ValueError(f"{attribute.name}: id {item.id!r} is used more than once")
        seen.add(item.id)


def _unique_strings(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name}: an entry is listed more than once")


def _weights_map(instance: Any, attribute: attrs.Attribute[Any], value: dict[str, float]) -> None:
    for key, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise TypeError(f"{attribute.name}.{key}: a weight must be a number")
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(
                f"{attribute.name}.{key}: a weight must be finite and >= 0, not {weight!r}"
            )


def floor_problem(value: float | None) -> str | None:
    """What is wrong with ``value`` as a declared floor (``None``: nothing)."""
    if value is not None and not (math.isfinite(value) and 0.0 <= value < 100.0):
        return f"must be a number in [0, 100), not {value!r}"
    return None


def _floor(instance: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    problem = floor_problem(value)
    if problem is not None:
        raise ValueError(f"{attribute.name}: {problem}")


# -- sources and evidence -----------------------------------------------------


@attrs.frozen(slots=True)
class Source:
    """A source document, as far as its text establishes it.

    ``authors`` is ``None`` when the text does not state them (unknown is not
    the same as "no authors"). ``text`` is the document's full text, put there by
    the loader; ``sha256`` is the checksum of the file's bytes. ``language`` is
    the text's language as a BCP 47 tag (``"en"``, ``"es"``), ``None`` when not
    recorded. ``baseline`` marks a source written before the programme began:
    its readings describe the starting point, not the programme's delivery, and
    reports draw them apart from the programme's trend.

    A source is *tabular* (:attr:`tabular`) when its ``format`` is ``"csv"``, or when
    no format is given and its file name ends in ``.csv``: it is cited by cell (a
    row key and a column), not quoted. ``key`` names its row-key column (default: the
    first), ``delimiter`` separates its cells and ``encoding`` is its files' encoding;
    all three apply to tabular sources only. ``text`` is then the file decoded.
    """

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    published: PartialDate
    kind: str = attrs.field(validator=_non_empty)
    file: str = attrs.field(validator=_non_empty)
    sha256: str = attrs.field()
    authors: tuple[str, ...] | None = None
    publisher: str | None = None
    url: str | None = None
    notes: str | None = None
    language: str | None = attrs.field(default=None)
    baseline: bool = False
    text: str = attrs.field(default="", repr=False)
    format: SourceFormat | None = None
    key: str | None = attrs.field(default=None)
    delimiter: str = attrs.field(default=",")
    encoding: str = attrs.field(default="utf-8")

    @property
    def tabular(self) -> bool:
        """Whether the source is a CSV table, cited by cell rather than quoted."""
        if self.format is None:
            return self.file.lower().endswith(".csv")
        return self.format is SourceFormat.CSV

    @key.validator
    def _check_key(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not value.strip():
            raise ValueError('key must name a column of the table, e.g. key = "year"')

    @delimiter.validator
    def _check_delimiter(self, attribute: attrs.Attribute[str], value: str) -> None:
        if len(value) != 1 or value in '"\r\n':
            raise ValueError(
                f"delimiter must be one character other than a quote or a line end, "
                f'not {value!r}: e.g. delimiter = ";" or delimiter = "\\t"'
            )

    @encoding.validator
    def _check_encoding(self, attribute: attrs.Attribute[str], value: str) -> None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(
                f"encoding {value!r} is not a known text encoding: e.g. encoding = "
                '"utf-8", "latin-1" or "cp1252"'
            ) from None

    def __attrs_post_init__(self) -> None:
        if not self.tabular:
            given = [
                name
                for name, value, default in (
                    ("key", self.key, None),
                    ("delimiter", self.delimiter, ","),
                    ("encoding", self.encoding, "utf-8"),
                )
                if value != default
            ]
            if given:
                raise ValueError(
                    f"{', '.join(given)} apply only to CSV sources, and {self.file!r} is a "
                    'text: remove them, or declare format = "csv"'
                )

    @language.validator
    def _check_language(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not _LANGUAGE.fullmatch(value):
            raise ValueError(
                f"language must be a BCP 47 tag such as 'en' or 'es-MX', not {value!r}"
            )

    @sha256.validator
    def _check_sha256(self, attribute: attrs.Attribute[str], value: str) -> None:
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError("sha256 must be 64 lower-case hexadecimal digits")


@attrs.frozen(slots=True)
class Citation:
    """Evidence from a source, backing an assessment, an observation or a promise:
    either a verbatim quote of a text, or a cell of a CSV table.

    ``quote`` is stored as its exact text. ``span`` is the resolved ``(start,
    end)`` character range in the source's original text, computed by
    :func:`scorecard.citations.verify` and never typed by hand. ``occurrence``
    (1-based) picks one when the quote occurs more than once.

    A *cell citation* gives ``row`` (the row's key) and ``column`` instead of a
    quote; verification checks that the cell exists and, for an observation, that
    it states the observation's value. ``bound`` (``"low"`` or ``"high"``) says
    which end of an observed range the cell gives.
    ``translation`` is
    the quote in a report's language, set by :func:`scorecard.localise` from the
    dataset's ``translations/`` (``None``: not translated); it is shown beside the
    quote, never instead of it, and plays no part in verification.
    """

    source: str = attrs.field(validator=_non_empty)
    quote: str | None = attrs.field(default=None)
    kind: EvidenceKind = EvidenceKind.STATEMENT
    occurrence: int | None = attrs.field(default=None)
    span: tuple[int, int] | None = attrs.field(default=None)
    row: str | None = attrs.field(default=None)
    column: str | None = attrs.field(default=None)
    bound: str | None = attrs.field(default=None)
    translation: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def cell(self) -> bool:
        """Whether this cites a cell of a table (``row`` and ``column``), not a quote."""
        return self.quote is None

    @quote.validator
    def _check_quote(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            _non_empty(self, attribute, value)

    @occurrence.validator
    def _check_occurrence(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and value < 1:
            raise ValueError("occurrence counts from 1")

    @span.validator
    def _check_span(
        self, attribute: attrs.Attribute[tuple[int, int] | None], value: tuple[int, int] | None
    ) -> None:
        if value is not None and not (0 <= value[0] < value[1]):
            raise ValueError(f"span must satisfy 0 <= start < end, not {value!r}")

    @bound.validator
    def _check_bound(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and value not in ("low", "high"):
            raise ValueError(f'bound must be "low" or "high", not {value!r}')

    def __attrs_post_init__(self) -> None:
        cell = self.row is not None or self.column is not None
        if self.quote is None and not cell:
            raise ValueError(
                'give a quote, or a row and a column of a CSV source (row = "2011", '
                'column = "total")'
            )
        if self.quote is not None and cell:
            raise ValueError("give either a quote or a row and a column, not both")
        if cell:
            for name in ("row", "column"):
                value = getattr(self, name)
                if value is None or not value.strip():
                    raise ValueError(
                        f"a cell citation needs both row and column; give {name}, e.g. "
                        + ('row = "2011"' if name == "row" else 'column = "total"')
                    )
            if self.occurrence is not None or self.span is not None:
                raise ValueError("occurrence and span apply to quotes only, not to a cell")
        elif self.bound is not None:
            raise ValueError("bound applies to a cell citation only (row and column)")


# -- scale and grades ---------------------------------------------------------


@attrs.frozen(slots=True)
class Level:
    """One level of the ordinal status scale.

    ``value`` in [0, 1] is what the level scores (times 100). A level with
    ``missing = true`` means "no evidence": it scores as missing, not as zero,
    and has no value. ``requires`` lists evidence kinds of which an assessment at
    this level must cite at least one (empty: no rule); the integrity check
    enforces it.
    """

    id: str = attrs.field(validator=_non_empty)
    label: str = attrs.field(validator=_non_empty)
    meaning: str = attrs.field(validator=_non_empty)
    value: float | None = attrs.field(default=None, validator=_unit_interval)
    missing: bool = False
    requires: tuple[EvidenceKind, ...] = ()

    def __attrs_post_init__(self) -> None:
        if len(set(self.requires)) != len(self.requires):
            raise ValueError(f"level {self.id!r}: requires names a kind more than once")
        if self.missing and self.value is not None:
            raise ValueError(f"level {self.id!r} is marked missing, so it takes no value")
        if not self.missing and self.value is None:
            raise ValueError(f"level {self.id!r} needs a value between 0 and 1")


@attrs.frozen(slots=True)
class Scale:
    """Ordered status levels, lowest first. Scored levels' values never decrease."""

    levels: tuple[Level, ...] = attrs.field(validator=[_non_empty, _unique_ids])

    def __attrs_post_init__(self) -> None:
        scored = [lv for lv in self.levels if not lv.missing]
        if len(scored) < 2:
            raise ValueError("a scale needs at least two scored (non-missing) levels")
        for low, high in itertools.pairwise(scored):
            assert low.value is not None
            assert high.value is not None
            if high.value < low.value:
                raise ValueError(
                    f"levels are ordered lowest first: {high.id!r} ({high.value}) "
                    f"comes after {low.id!r} ({low.value}) but scores lower"
                )

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lv.id for lv in self.levels)

    def level(self, level_id: str) -> Level:
        """The level with this id; ``KeyError`` if there is none."""
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)


@attrs.frozen(slots=True)
class GradeBand:
    """Scores in ``[min, max)`` get ``grade``; the top band also includes 100."""

    grade: str = attrs.field(validator=_non_empty)
    min: float = attrs.field(validator=_finite)
    max: float = attrs.field(validator=_finite)
    meaning: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.min < self.max:
            raise ValueError(f"grade {self.grade!r}: min {self.min} must be below max {self.max}")


def _highest_first(bands: Iterable[GradeBand]) -> tuple[GradeBand, ...]:
    return tuple(sorted(bands, key=lambda b: -b.min))


@attrs.frozen(slots=True)
class GradeBands:
    """Contiguous, non-overlapping bands covering 0-100, stored highest first."""

    bands: tuple[GradeBand, ...] = attrs.field(validator=_non_empty, converter=_highest_first)

    def __attrs_post_init__(self) -> None:
        grades = [b.grade for b in self.bands]
        if len(set(grades)) != len(grades):
            raise ValueError("each grade may appear in one band only")
        ordered = sorted(self.bands, key=lambda b: b.min)
        if ordered[0].min != 0:
            raise ValueError(f"the lowest band must start at 0, not {ordered[0].min}")
        if ordered[-1].max != 100:
            raise ValueError(f"the highest band must end at 100, not {ordered[-1].max}")
        for low, high in itertools.pairwise(ordered):
            if low.max < high.min:
                raise ValueError(
                    f"gap between grade {low.grade!r} (to {low.max}) "
                    f"and {high.grade!r} (from {high.min})"
                )
            if low.max > high.min:
                raise ValueError(
                    f"grades {low.grade!r} (to {low.max}) and {high.grade!r} "
                    f"(from {high.min}) overlap"
                )

    @property
    def grades(self) -> tuple[str, ...]:
        """Grades from best to worst."""
        return tuple(b.grade for b in self.bands)

    def grade(self, score: float) -> str:
        """The grade of a score in [0, 100]."""
        if not (math.isfinite(score) and 0.0 <= score <= 100.0):
            raise ValueError(f"score must be between 0 and 100, not {score!r}")
        for band in self.bands:
            if score >= band.min:
                return band.grade
        raise AssertionError("unreachable: bands cover 0-100")  # pragma: no cover


# -- assessments and indicators -----------------------------------------------


@attrs.frozen(slots=True)
class Assessment:
    """A dated judgement of a commitment: a level of the scale, a rationale in the
    dataset's own words, and the verbatim evidence it rests on."""

    as_of: PartialDate
    status: str = attrs.field(validator=_non_empty)
    rationale: str = attrs.field(validator=_non_empty)
    evidence: tuple[Citation, ...] = attrs.field(validator=_non_empty)


@attrs.frozen(slots=True)
class Observation:
    """A cited value of an indicator: either ``value`` or a ``low``-``high`` range,
    with an optional qualifier as the source states it ("over", "about", "up to").

    ``as_of`` is when the figure became known (the no-hindsight rule applies to it);
    ``period`` is the period it measures (the year of a homicide count), ``None``
    meaning the same as ``as_of``. One source may give figures for several periods.
    """

    as_of: PartialDate
    evidence: tuple[Citation, ...] = attrs.field(validator=_non_empty)
    value: float | None = attrs.field(default=None, validator=_finite)
    low: float | None = attrs.field(default=None, validator=_finite)
    high: float | None = attrs.field(default=None, validator=_finite)
    qualifier: str | None = attrs.field(default=None)
    note: str | None = None
    period: PartialDate | None = None

    @qualifier.validator
    def _check_qualifier(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        # The qualifier is printed before the number ("about 12"): a qualifier that states
        # the number itself would print it twice ("a dozen 12").
        if value is not None and (
            any(ch.isdigit() for ch in value)
            or _NUMBER_WORDS.intersection(re.findall(r"[a-z]+", value.lower()))
        ):
            raise ValueError(
                f"qualifier {value!r} states a number, which the value already gives: keep "
                'only the words around it ("about", "more than", "up to")'
            )

    @property
    def measured(self) -> PartialDate:
        """The period the figure measures: ``period``, or ``as_of`` when none is given."""
        return self.as_of if self.period is None else self.period

    def __attrs_post_init__(self) -> None:
        has_range = self.low is not None or self.high is not None
        if self.value is not None and has_range:
            raise ValueError("give either value or low and high, not both")
        if self.value is None and not has_range:
            raise ValueError("give a value, or low and high")
        if has_range:
            if self.low is None or self.high is None:
                raise ValueError("a range needs both low and high")
            if self.low > self.high:
                raise ValueError(f"low {self.low} is above high {self.high}")

    def point(self, pick: str = "mid") -> float:
        """The observed value; for a range its ``"mid"`` (default), ``"low"`` or ``"high"``."""
        if self.value is not None:
            return self.value
        assert self.low is not None
        assert self.high is not None
        if pick == "low":
            return self.low
        if pick == "high":
            return self.high
        if pick == "mid":
            return (self.low + self.high) / 2.0
        raise ValueError(f"pick must be 'mid', 'low' or 'high', not {pick!r}")


@attrs.frozen(slots=True)
class Goalposts:
    """Normalisation bounds: ``low`` maps to 0 and ``high`` to 1 (after an optional
    log10 transform of all three), clipped to [0, 1]; ``direction`` decides which
    end is good."""

    low: float = attrs.field(validator=_finite)
    high: float = attrs.field(validator=_finite)
    log: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"goalposts: low {self.low} must be below high {self.high}")
        if self.log and self.low <= 0:
            raise ValueError("goalposts with log = true need low > 0")


@attrs.frozen(slots=True)
class Indicator:
    """A quantitative measure attached to a commitment, with dated observations."""

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    unit: str = attrs.field(validator=_non_empty)
    direction: Direction
    kind: EvidenceKind
    observations: tuple[Observation, ...] = ()
    description: str | None = None
    goalposts: Goalposts | None = None
    target: float | None = attrs.field(default=None, validator=_finite)


# -- publication ----------------------------------------------------------------

_CONTACT = re.compile(
    r"(?:https?://[^\s/]+\.[^\s]+|mailto:[^\s@]+@[^\s@]+\.[^\s@]+|[^\s@:/]+@[^\s@]+\.[^\s@]+)"
)


@attrs.frozen(slots=True)
class Publication:
    """Who publishes a dataset's reports, and which edition they are: shown on a
    report's cover and written into its PDF metadata. Every field is optional.

    ``edition_date`` is the day this edition was published, a full date
    (``2026-11-29``): the PDF's creation and modification dates are set to it, so
    renders of one edition stay byte-identical. ``license`` names the license of the
    dataset's own prose (an SPDX identifier such as ``CC-BY-4.0`` or its name);
    ``contact`` is a web address (``https://...``) or an e-mail address.
    """

    publisher: str | None = attrs.field(default=None, validator=_optional_text)
    edition_date: PartialDate | None = attrs.field(default=None)
    version: str | None = attrs.field(default=None, validator=_optional_text)
    license: str | None = attrs.field(default=None, validator=_optional_text)
    contact: str | None = attrs.field(default=None, validator=_optional_text)

    @edition_date.validator
    def _check_edition_date(
        self, attribute: attrs.Attribute[PartialDate | None], value: PartialDate | None
    ) -> None:
        if value is not None and (value.day is None or value.end is not None):
            raise ValueError(
                f"edition_date must be a single day such as 2026-11-29, not {value.isoformat()!r}"
            )

    @contact.validator
    def _check_contact(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not _CONTACT.fullmatch(value):
            raise ValueError(
                "contact must be a web address (https://...) or an e-mail address "
                f"(name@example.org), not {value!r}"
            )

    @property
    def empty(self) -> bool:
        """True when no field is given."""
        return all(getattr(self, f.name) is None for f in attrs.fields(type(self)))


# -- parties, objectives, verdicts ----------------------------------------------


@attrs.frozen(slots=True)
class Party:
    """One of the programme's declared parties: who can make a commitment."""

    id: str = attrs.field(validator=_non_empty)
    label: str = attrs.field(validator=_non_empty)
    short_label: str | None = None

    @property
    def short(self) -> str:
        """The short label, or the label when none is given."""
        return self.short_label or self.label


@attrs.frozen(slots=True)
class Objective:
    """An optional level between a pillar and its commitments, following the structure
    the sources give (a pillar's "fronts", a plan's elements)."""

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    description: str | None = None
    stated_in: tuple[Citation, ...] = ()


@attrs.frozen(slots=True)
class Verdict:
    """A source's own judgement of a whole pillar (``scope`` = its id) or of the whole
    programme (``scope = "programme"``), dated as its source, on the programme's scale.

    A verdict is shown beside the roll-up from commitments, never silently mixed in.
    ``divergence_note`` says in writing why the dataset's roll-up reads the evidence
    differently, where the two disagree. ``party``, the id of a declared party, marks
    a verdict on one government's side only (pillar and overall results attach only
    verdicts without a party).
    """

    scope: str = attrs.field(validator=_non_empty)
    as_of: PartialDate
    level: str = attrs.field(validator=_non_empty)
    rationale: str = attrs.field(validator=_non_empty)
    evidence: tuple[Citation, ...] = attrs.field(validator=_non_empty)
    divergence_note: str | None = None
    party: str | None = None


# -- independent codings (reliability) -----------------------------------------


def _one_unit(instance: Any) -> None:
    if (instance.commitment is None) == (instance.scope is None):
        raise ValueError("name either a commitment or a verdict scope, not both or neither")
    if instance.party is not None and instance.scope is None:
        raise ValueError("a party goes with a verdict scope, not with a commitment")


def _unit(instance: Any) -> tuple[str, str, str]:
    if instance.commitment is not None:
        return ("commitment", instance.commitment, instance.source)
    scope = instance.scope if instance.party is None else f"{instance.scope}@{instance.party}"
    return ("verdict", scope, instance.source)


@attrs.frozen(slots=True)
class CodedReading:
    """One coder's reading of one unit: a commitment (or, with ``scope``, a pillar or
    programme verdict) in one source, with the level, the kind of the decisive
    evidence and the codebook rule applied. Kept for reliability statistics; the
    adjudicated reading is the dataset's assessment."""

    source: str = attrs.field(validator=_non_empty)
    status: str = attrs.field(validator=_non_empty)
    commitment: str | None = None
    scope: str | None = None
    kind: EvidenceKind | None = None
    rule: str | None = None
    rationale: str | None = None
    party: str | None = None  # a verdict on one party's side (with ``scope``)

    def __attrs_post_init__(self) -> None:
        _one_unit(self)

    @property
    def unit(self) -> tuple[str, str, str]:
        """``("commitment", id, source)``, or ``("verdict", scope, source)`` with the
        scope written ``scope@party`` for a verdict on one party's side."""
        return _unit(self)


@attrs.frozen(slots=True)
class Coding:
    """Everything one coder read in one round, working from the codebook and the
    sources alone."""

    round: int = attrs.field()
    coder: str = attrs.field(validator=_non_empty)
    readings: tuple[CodedReading, ...] = ()
    note: str | None = None

    @round.validator
    def _check_round(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 1:
            raise ValueError("rounds count from 1")


@attrs.frozen(slots=True)
class Adjudication:
    """How a disagreement between coders was settled: the unit, the round, the status
    the dataset adopts and a note citing the codebook rule that decided it."""

    round: int
    source: str = attrs.field(validator=_non_empty)
    status: str = attrs.field(validator=_non_empty)
    note: str = attrs.field(validator=_non_empty)
    commitment: str | None = None
    scope: str | None = None
    party: str | None = None

    def __attrs_post_init__(self) -> None:
        _one_unit(self)

    @property
    def unit(self) -> tuple[str, str, str]:
        """The unit settled, as :attr:`CodedReading.unit` names it."""
        return _unit(self)


# -- commitments, pillars, programme ------------------------------------------


@attrs.frozen(slots=True)
class Commitment:
    """Something one or more parties promised to do, judged over time by dated
    assessments.

    ``parties`` are ids of the programme's declared parties: a joint promise names
    several and stays one commitment (the party view shares it between them).
    ``objective`` is the id of the objective of its pillar it serves, where the
    pillar declares objectives. ``indicator_weight`` in [0, 1] is the share of the
    commitment score taken from its indicators' normalised progress (0: status only,
    the default).
    """

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    promise: str = attrs.field(validator=_non_empty)
    parties: tuple[str, ...] = attrs.field(validator=[_non_empty, _unique_strings])
    stated_in: tuple[Citation, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    indicators: tuple[Indicator, ...] = attrs.field(default=(), validator=_unique_ids)
    indicator_weight: float = attrs.field(default=0.0, validator=_unit_interval)
    tags: tuple[str, ...] = ()
    objective: str | None = None


@attrs.frozen(slots=True)
class Pillar:
    """A group of commitments, optionally under objectives. ``in_framework = false``
    marks a group the sources treat as essential but outside the programme's own
    pillars."""

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    description: str = attrs.field(validator=_non_empty)
    commitments: tuple[Commitment, ...] = attrs.field(default=(), validator=_unique_ids)
    in_framework: bool = True
    short_title: str | None = None
    objectives: tuple[Objective, ...] = attrs.field(default=(), validator=_unique_ids)

    def objective(self, objective_id: str) -> Objective:
        for o in self.objectives:
            if o.id == objective_id:
                return o
        raise KeyError(objective_id)


@attrs.frozen(slots=True)
class Weighting:
    """A named weighting ("lens"): relative weights of pillars, of objectives within
    their pillar, and of commitments within their objective (or their pillar, where it
    has no objectives). Ids not listed weigh 1. Weights are value judgements:
    ``rationale`` says whose and why. ``verdict_weight`` in [0, 1] blends the sources'
    own verdicts into pillar and overall scores (0, the default: shown, not mixed in).

    ``indicators`` weighs the indicators within their commitment, keyed
    ``"commitment-id.indicator-id"``. The method the weighting is meant to be scored
    with may be declared with it: ``aggregation`` (a method per level, as
    :class:`~scorecard.options.Methods`), ``floor`` and ``missing``; explicit
    scoring options override them (see :meth:`ScoringOptions.resolve
    <scorecard.options.ScoringOptions.resolve>`)."""

    id: str = attrs.field(validator=_non_empty)
    label: str = attrs.field(validator=_non_empty)
    rationale: str = attrs.field(validator=_non_empty)
    pillars: dict[str, float] = attrs.field(factory=dict, validator=_weights_map)
    commitments: dict[str, float] = attrs.field(factory=dict, validator=_weights_map)
    objectives: dict[str, float] = attrs.field(factory=dict, validator=_weights_map)
    verdict_weight: float = attrs.field(default=0.0, validator=_unit_interval)
    indicators: dict[str, float] = attrs.field(factory=dict, validator=_weights_map)
    aggregation: DeclaredMethods = attrs.field(factory=DeclaredMethods)
    floor: float | None = attrs.field(
        default=None, validator=_floor, metadata={"check": floor_problem}
    )
    missing: MissingPolicy | None = None


TextKey = tuple[str, ...]
"""Where a translated text goes: ``("pillars", "p1", "title")``,
``("commitments", "p1.kingpins", "assessments", "2010-12-20", "rationale")`` (see
:mod:`scorecard.translations`)."""


@attrs.frozen(slots=True)
class Translation:
    """The dataset's own text in one more language, read from
    ``translations/<language>.toml``: ``texts`` by where each goes, ``quotes`` by
    ``(source id, verbatim quote)``. Quotes themselves never change; their
    translations are shown beside them. ``locale`` (``"es-MX"``) is the language as
    a report declares it."""

    language: str = attrs.field()
    locale: str | None = attrs.field(default=None)
    translator: str | None = attrs.field(default=None, validator=_optional_text)
    note: str | None = attrs.field(default=None, validator=_optional_text)
    texts: dict[TextKey, str] = attrs.field(factory=dict)
    quotes: dict[tuple[str, str], str] = attrs.field(factory=dict)

    @language.validator
    def _check_language(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not _LANGUAGE.fullmatch(value):
            raise ValueError(f"language must be a BCP 47 tag such as 'es', not {value!r}")

    @locale.validator
    def _check_locale(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not _LANGUAGE.fullmatch(value):
            raise ValueError(f"locale must be a BCP 47 tag such as 'es-MX', not {value!r}")


@attrs.frozen(slots=True)
class Programme:
    """A policy programme: its scale, grade bands, declared parties, pillars, sources,
    weightings and the sources' own verdicts on its pillars and on the whole.

    ``translations`` holds the dataset's own text in other languages, by language
    (``"es"``), as read from ``translations/*.toml``; :func:`scorecard.localise`
    applies one. They are no part of the programme's data in its main language:
    left out of the JSON export and of equality."""

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    description: str = attrs.field(validator=_non_empty)
    scale: Scale
    grades: GradeBands
    pillars: tuple[Pillar, ...] = attrs.field(validator=[_non_empty, _unique_ids])
    parties: tuple[Party, ...] = attrs.field(validator=[_non_empty, _unique_ids])
    sources: tuple[Source, ...] = attrs.field(default=(), validator=_unique_ids)
    weightings: tuple[Weighting, ...] = attrs.field(default=(), validator=_unique_ids)
    default_weighting: str | None = None
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    publication: Publication = attrs.field(factory=Publication)
    verdicts: tuple[Verdict, ...] = ()
    codings: tuple[Coding, ...] = ()
    adjudications: tuple[Adjudication, ...] = ()
    translations: dict[str, Translation] = attrs.field(factory=dict, eq=False)

    @property
    def index(self) -> ProgrammeIndex:
        """Lookups by id, built once per programme object (see :class:`ProgrammeIndex`)."""
        return ProgrammeIndex.of(self)

    def party(self, party_id: str) -> Party:
        return self.index.parties[party_id]

    def source(self, source_id: str) -> Source:
        return self.index.sources[source_id]

    def pillar(self, pillar_id: str) -> Pillar:
        return self.index.pillars[pillar_id]

    def weighting(self, weighting_id: str) -> Weighting:
        return self.index.weightings[weighting_id]

    def commitments(self) -> Iterator[tuple[Pillar, Commitment]]:
        """Every commitment with its pillar, in data order."""
        for p in self.pillars:
            for c in p.commitments:
                yield p, c

    def commitment(self, commitment_id: str) -> Commitment:
        return self.index.commitments[commitment_id]

    def citations(self) -> Iterator[tuple[str, Citation]]:
        """Every citation with where it is used: ``"<commitment>/stated_in"``,
        ``"<commitment>/assessment/<as_of>"``, ``"<commitment>/<indicator>/<as_of>"``,
        ``"<objective>/stated_in"`` or ``"verdict/<scope>/<as_of>"``, in
        :func:`walk_citations` order."""
        for path, cit in walk_citations(self):
            yield self._used_by(path), cit

    def _used_by(self, path: DataPath) -> str:
        if path[0] == "verdicts" and isinstance(path[1], int):
            verdict = self.verdicts[path[1]]
            return f"verdict/{verdict.scope}/{verdict.as_of}"
        assert path[0] == "pillars"
        assert isinstance(path[1], int)
        assert isinstance(path[3], int)
        pillar = self.pillars[path[1]]
        if path[2] == "objectives":
            return f"{pillar.objectives[path[3]].id}/{path[4]}"
        return _used_by(pillar.commitments[path[3]], path[4:])


def _first_by_id(items: Iterable[_Item]) -> dict[str, _Item]:
    """``{id: item}``; where an id repeats, the first item keeps it (as a scan would)."""
    out: dict[str, _Item] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


# Indexes live beside the programme, not in it: a field would be unstructured, walked
# and compared like data. Keyed by the object's id and dropped with the object.
_INDEXES: dict[int, ProgrammeIndex] = {}


class ProgrammeIndex:
    """Lookups by id into one programme, each built on first use and then kept for
    as long as the programme object lives (``programme.index``).

    Where an id repeats (a malformed programme built by hand), the first in data
    order wins, as a scan of the lists would give. The mappings are the index's own:
    read them, never change them. A cache, not a value: deliberately not an attrs
    class (it holds lazily built attributes and no data of its own).
    """

    def __init__(self, programme: Programme) -> None:
        # weakly: the module's cache holds the index, and must not keep the programme
        self._programme = weakref.ref(programme)

    @property
    def programme(self) -> Programme:
        """The programme indexed (``ReferenceError`` once it is gone)."""
        found = self._programme()
        if found is None:
            raise ReferenceError("the programme of this index no longer exists")
        return found

    @classmethod
    def of(cls, programme: Programme) -> ProgrammeIndex:
        """The index of ``programme``, built the first time it is asked for."""
        key = id(programme)
        found = _INDEXES.get(key)
        if found is None or found._programme() is not programme:
            found = cls(programme)
            _INDEXES[key] = found
            weakref.finalize(programme, _INDEXES.pop, key, None)
        return found

    @functools.cached_property
    def pillars(self) -> Mapping[str, Pillar]:
        return _first_by_id(self.programme.pillars)

    @functools.cached_property
    def commitments(self) -> Mapping[str, Commitment]:
        return _first_by_id(c for _, c in self.programme.commitments())

    @functools.cached_property
    def pillar_of(self) -> Mapping[str, Pillar]:
        """The pillar of each commitment, by commitment id."""
        out: dict[str, Pillar] = {}
        for p, c in self.programme.commitments():
            out.setdefault(c.id, p)
        return out

    @functools.cached_property
    def objectives(self) -> Mapping[str, Objective]:
        return _first_by_id(o for p in self.programme.pillars for o in p.objectives)

    @functools.cached_property
    def sources(self) -> Mapping[str, Source]:
        return _first_by_id(self.programme.sources)

    @functools.cached_property
    def source_numbers(self) -> Mapping[str, int]:
        """Each source's number in the report's list of sources (1-based, data order)."""
        out: dict[str, int] = {}
        for number, s in enumerate(self.programme.sources, start=1):
            out.setdefault(s.id, number)
        return out

    @functools.cached_property
    def citations_by_source(self) -> Mapping[str, tuple[tuple[str, Citation], ...]]:
        """Every citation of each source with where it is used, in
        :meth:`Programme.citations` order; sources never cited are absent."""
        out: dict[str, list[tuple[str, Citation]]] = {}
        for used_by, cit in self.programme.citations():
            out.setdefault(cit.source, []).append((used_by, cit))
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def parties(self) -> Mapping[str, Party]:
        return _first_by_id(self.programme.parties)

    @functools.cached_property
    def weightings(self) -> Mapping[str, Weighting]:
        return _first_by_id(self.programme.weightings)


def _used_by(commitment: Commitment, path: DataPath) -> str:
    """The label :meth:`Programme.citations` gives the citation at ``path`` in
    ``commitment``; a kind of citation without a label of its own is named by its
    field (``"<commitment>/<field>"``, ``"<commitment>/<indicator>/<field>"``)."""
    field, index = path[0], path[1] if len(path) > 2 else None
    if field == "assessments" and isinstance(index, int):
        return f"{commitment.id}/assessment/{commitment.assessments[index].as_of}"
    if field == "indicators" and isinstance(index, int):
        indicator = commitment.indicators[index]
        if path[2] == "observations" and isinstance(path[3], int) and len(path) > 4:
            return f"{commitment.id}/{indicator.id}/{indicator.observations[path[3]].as_of}"
        return f"{commitment.id}/{indicator.id}/{path[2]}"
    return f"{commitment.id}/{field}"


# -- walking the citations --------------------------------------------------------
#
# Every citation of a model object is found through the fields of its class: a field
# holding a Citation, an optional one or a tuple of them, or an attrs object (or a
# tuple of them, or an optional one) that holds citations further down. The plan of
# a class is worked out once from its type annotations, so a new citation-bearing
# field is picked up by verification, integrity, export and the model alike.

Span = tuple[int, int]

# (field name, (field name,) to extend a path with, True for a tuple of items, the
# attrs class to walk into or None when the items are citations)
_Step = tuple[str, tuple[str], bool, type | None]


def _item_type(tp: Any) -> tuple[bool, Any]:
    """``(many, item type)`` of an annotation: ``tuple[X, ...]`` is many X, ``X | None``
    is X."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union) and len(args) == 1:
        return _item_type(args[0])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        many, item = _item_type(args[0])
        return (True, item) if not many else (True, tp)
    return False, tp


def _holds_citations(tp: Any) -> bool:
    if isinstance(tp, type) and issubclass(tp, Citation):
        return True
    if attrs.has(tp):
        return bool(citation_fields(tp))
    return any(_holds_citations(arg) for arg in typing.get_args(tp))


_PLANS: dict[type, tuple[_Step, ...]] = {}


def citation_fields(cls: type) -> tuple[_Step, ...]:
    """The fields of attrs class ``cls`` through which its citations are reached,
    as ``(name, (name,), many, inner)``: ``many`` for a tuple of items, ``inner`` the attrs
    class of the items (``None`` when they are citations). Raises ``TypeError`` for
    a field that holds citations in a shape the walk cannot follow (a dict, say),
    so that no citation is ever skipped silently."""
    plan = _PLANS.get(cls)
    if plan is None:
        # A class that refers to itself (a date interval's end is a date) is planned
        # once: while its plan is being made, a reference back to it counts as holding
        # no citations. That is right for every such class of the model (dates hold
        # none); a self-referring class that held citations would need its own walk.
        _PLANS[cls] = ()
        try:
            plan = _PLANS[cls] = _plan(cls)
        except BaseException:
            del _PLANS[cls]
            raise
    return plan


def _plan(cls: type) -> tuple[_Step, ...]:
    hints = typing.get_type_hints(cls)
    steps: list[_Step] = []
    for field in attrs.fields(cls):
        tp = hints[field.name]
        many, item = _item_type(tp)
        if isinstance(item, type) and issubclass(item, Citation):
            steps.append((field.name, (field.name,), many, None))
        elif attrs.has(item) and citation_fields(item):
            steps.append((field.name, (field.name,), many, item))
        elif _holds_citations(tp):
            raise TypeError(
                f"{cls.__name__}.{field.name}: citations held as {tp} cannot be walked; "
                "hold them in a Citation field, a tuple of them, or an attrs object"
            )
    return tuple(steps)


CitedField = tuple[DataPath, tuple[Citation, ...]]
"""A field holding citations: its path and its citations (a single one as a 1-tuple)."""


def cited_fields(obj: Any, prefix: DataPath = ()) -> list[CitedField]:
    """Every field of model object ``obj``, or of an object below it, that holds
    citations, with its path: the field names and indexes that lead to it from
    ``obj`` (after ``prefix``), e.g. ``("assessments", 0, "evidence")`` in a
    commitment. In field order, which is :meth:`Programme.citations` order. The
    one walk of the model: every other visit of the citations goes through it."""
    out: list[CitedField] = []
    _collect(obj, prefix, out)
    return out


def _collect(obj: Any, path: DataPath, out: list[CitedField]) -> None:
    # tuples are extended with +, twice as fast as (*path, name)
    for name, key, many, inner in _PLANS.get(type(obj)) or citation_fields(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        if inner is None:
            out.append((path + key, value if many else (value,)))
        elif many:
            for i, item in enumerate(value):
                if item is not None:
                    _collect(item, path + (name, i), out)  # noqa: RUF005 (faster)
        else:
            _collect(value, path + key, out)


def walk_citations(obj: Any, prefix: DataPath = ()) -> list[tuple[DataPath, Citation]]:
    """Every citation held by ``obj`` with its path, the path of its field
    (:func:`cited_fields`) and its index there: ``("assessments", 0, "evidence", 1)``
    (a field holding one citation gives it index 0)."""
    return [
        ((*path, i), cit)
        for path, citations in cited_fields(obj, prefix)
        for i, cit in enumerate(citations)
    ]


def with_spans(
    obj: _T, spans: Mapping[DataPath, Sequence[Span | None]], prefix: DataPath = ()
) -> _T:
    """A copy of ``obj`` whose citations carry ``spans``: keyed by the path of a
    field (:func:`cited_fields`, after ``prefix``), one span per citation of that
    field in its order, ``None`` for a field that ``spans`` does not name
    (``with_spans(obj, {})`` clears every span). An object with nothing to change is
    kept, not copied. The key names the field, so a span never lands on a citation
    of another field, whatever fields are added to the model."""
    return _rebuilt(obj, prefix, spans)


def _rebuilt(obj: _T, path: DataPath, spans: Mapping[DataPath, Sequence[Span | None]]) -> _T:
    changes: dict[str, Any] = {}
    for name, key, many, inner in _PLANS.get(type(obj)) or citation_fields(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        if inner is None:
            cited = value if many else (value,)
            given = spans.get(path + key) or (None,) * len(cited)
            if len(given) != len(cited):
                raise ValueError(
                    f"{format_path(path + key)}: {len(given)} spans for {len(cited)} citations"
                )
            # the constructor, not attrs.evolve: this runs once per citation of the corpus
            new = tuple(
                [
                    Citation(
                        c.source, c.quote, c.kind, c.occurrence, span, translation=c.translation
                    )
                    if type(c) is Citation and c.quote is not None
                    else attrs.evolve(c, span=span)
                    for c, span in zip(cited, given, strict=True)
                ]
            )
            changes[name] = new if many else new[0]
        elif many:
            changes[name] = tuple(
                [
                    None if item is None else _rebuilt(item, path + (name, i), spans)  # noqa: RUF005
                    for i, item in enumerate(value)
                ]
            )
        else:
            changes[name] = _rebuilt(value, path + key, spans)
    return attrs.evolve(obj, **changes) if changes else obj  # type: ignore[misc]
