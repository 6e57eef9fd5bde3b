"""Hypothesis strategies shared by the property tests.

- :func:`programmes`: valid in-memory programmes (scale, grade bands, 1-3 declared
  parties, pillars, commitments of 1-2 parties with dated assessments citing one
  source, often several on one date; on request objectives, verdicts, indicators with
  reference periods, indicators with targets and baselines on either side of them,
  and a default weighting with unequal weights at every level), for the engine.
- :func:`weight_specs`: weightings for a programme, good and bad (unknown ids,
  negative, NaN, infinite and all-zero weights); ``extreme_weights`` for
  valid but extreme values (subnormal, huge, zero).
- ``partial_dates`` (year, month, day), ``seasons``, ``single_dates`` and
  ``edtf_dates`` (any form, intervals too): dates, 2001-2020.
- :func:`dataset_mutations`: a TOML edit of the example dataset, for the loader.
- :func:`scoring_options`: any valid :class:`~scorecard.options.ScoringOptions`.
- :func:`tabular_programmes`: a programme with a CSV source (any delimiter, UTF-8 or
  Latin-1, numbers with decimals and thousands separators) whose cells back an
  indicator's observations (values and ranges) and an assessment; checksums true.
- :func:`scoring_choices`: keyword choices for one, any subset of the declarable ones.
- :func:`method_declarations`: what a weighting may declare about the method
  (``aggregation`` per level, ``floor``, ``missing``), any subset of it.
- :func:`partial_translations`: a translation of some of a programme's texts and
  quotes into Spanish (any text at all, so nothing can depend on its content).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import string
from typing import Any

import attrs
from hypothesis import strategies as st

from scorecard.dates import PartialDate
from scorecard.model import (
    PROGRAMME_SCOPE,
    Assessment,
    Citation,
    Commitment,
    Direction,
    EvidenceKind,
    Goalposts,
    GradeBand,
    GradeBands,
    Indicator,
    Level,
    Objective,
    Observation,
    Party,
    Pillar,
    Programme,
    Scale,
    Source,
    SourceFormat,
    Translation,
    Verdict,
    Weighting,
)
from scorecard.options import (
    LEVELS,
    Aggregation,
    DeclaredMethods,
    IndicatorPick,
    MissingPolicy,
    ScoringOptions,
)

ids = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=8)
unit_values = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    values = sorted(draw(st.lists(unit_values, min_size=2, max_size=6)))
    levels = [Level(f"l{i}", f"Level {i}", "meaning", value=v) for i, v in enumerate(values)]
    if draw(st.booleans()):
        levels.insert(0, Level("no-evidence", "No evidence", "nothing yet", missing=True))
    return Scale(tuple(levels))


@st.composite
def grade_bands(draw: st.DrawFn) -> GradeBands:
    cuts = draw(st.lists(st.integers(1, 99), max_size=5, unique=True).map(sorted))
    edges = [0, *cuts, 100]
    bands = [GradeBand(f"G{i}", edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    return GradeBands(bands)


partial_dates = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision > 0 else None, d.day if precision > 1 else None
    ),
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2020, 12, 31)),
    st.integers(0, 2),
)

#: A few dates, so that assessments and observations often share one (data order breaks the tie).
_FEW_DATES = st.sampled_from([PartialDate(2008), PartialDate(2009, 6), PartialDate(2010)])


#: EDTF level-1 seasons (``2009-22``), 2001-2020.
seasons = st.builds(
    lambda year, code: PartialDate(year, season=code), st.integers(2001, 2020), st.integers(21, 24)
)
#: A single date: a year, month, day or season.
single_dates = partial_dates | seasons


@st.composite
def _intervals(draw: st.DrawFn) -> PartialDate:
    a, b = draw(single_dates), draw(single_dates)
    if a.first > b.last:  # then b lies wholly before a: the other way round is valid
        a, b = b, a
    return PartialDate.interval(a, b)


#: Any date :meth:`PartialDate.parse` takes: a year, month, day, season or interval.
edtf_dates = single_dates | _intervals()

SOURCE = Source(
    id="src",
    title="A source",
    published=PartialDate(2000),
    kind="report",
    file="sources/src.txt",
    sha256="0" * 64,
    text="evidence text",
)


@st.composite
def parties(draw: st.DrawFn) -> tuple[Party, ...]:
    """1-3 declared parties, ``party0``, ``party1``, ..., some with a short label."""
    count = draw(st.integers(1, 3))
    return tuple(
        Party(f"party{i}", f"Party {i}", draw(st.sampled_from([None, f"P{i}"])))
        for i in range(count)
    )


@st.composite
def commitments(
    draw: st.DrawFn, cid: str, scale: Scale, declared: tuple[Party, ...] = ()
) -> Commitment:
    assessments = []
    for as_of in draw(st.lists(partial_dates | _FEW_DATES, max_size=4)):
        kinds = draw(st.lists(st.sampled_from(list(EvidenceKind)), min_size=1, max_size=3))
        evidence = tuple(Citation("src", "evidence", k, span=(0, 8)) for k in kinds)
        status = draw(st.sampled_from(scale.ids))
        assessments.append(Assessment(as_of, status, "because", evidence))
    return Commitment(
        id=cid,
        title=f"Commitment {cid}",
        promise="a promise",
        parties=tuple(
            draw(
                st.lists(
                    st.sampled_from([p.id for p in declared or PARTIES]),
                    min_size=1,
                    max_size=2,
                    unique=True,
                )
            )
        ),
        assessments=tuple(assessments),
    )


def _objectives_for(
    draw: st.DrawFn, pid: str, cs: tuple[Commitment, ...]
) -> tuple[tuple[Objective, ...], tuple[Commitment, ...]]:
    """1-3 objectives of pillar ``pid``, every commitment naming one of them."""
    count = draw(st.integers(1, 3))
    objectives = tuple(Objective(f"{pid}.o{i}", f"Objective {i} of {pid}") for i in range(count))
    named = tuple(
        attrs.evolve(c, objective=draw(st.sampled_from([o.id for o in objectives]))) for c in cs
    )
    return objectives, named


@st.composite
def verdicts(draw: st.DrawFn, scale: Scale, scopes: list[str]) -> tuple[Verdict, ...]:
    """0-4 verdicts on pillars or the programme, at scored levels."""
    scored = [lv.id for lv in scale.levels if not lv.missing]
    return tuple(
        Verdict(
            scope=draw(st.sampled_from([*scopes, PROGRAMME_SCOPE])),
            as_of=draw(partial_dates),
            level=draw(st.sampled_from(scored)),
            rationale="the source says so",
            evidence=(Citation("src", "evidence", EvidenceKind.STATEMENT, span=(0, 8)),),
            divergence_note=draw(st.none() | st.just("read differently")),
        )
        for _ in range(draw(st.integers(0, 4)))
    )


@st.composite
def period_indicators(draw: st.DrawFn, iid: str) -> Indicator:
    """An indicator with goalposts and 1-4 observations, some for an earlier period."""
    observations = []
    for _ in range(draw(st.integers(1, 4))):
        as_of = draw(partial_dates)
        period = draw(st.none() | st.integers(1990, as_of.year).map(PartialDate))
        observations.append(
            Observation(
                as_of=as_of,
                evidence=(Citation("src", "evidence", EvidenceKind.OUTCOME, span=(0, 8)),),
                value=draw(st.floats(0, 100, allow_nan=False)),
                period=period,
            )
        )
    return Indicator(
        id=iid,
        title="An indicator",
        unit="count",
        direction=draw(st.sampled_from(list(Direction))),
        kind=EvidenceKind.OUTCOME,
        observations=tuple(observations),
        goalposts=Goalposts(0.0, 100.0),
    )


@st.composite
def target_indicators(draw: st.DrawFn, iid: str) -> Indicator:
    """An indicator with a target and no goalposts: a baseline on either side of the
    target (or on it), 1-3 later figures anywhere in [0, 100], often on the same date
    as the baseline or as each other."""
    direction = draw(st.sampled_from(list(Direction)))
    target = draw(st.sampled_from([20.0, 50.0, 80.0]))
    baseline = target + draw(st.sampled_from([-30.0, -5.0, 0.0, 5.0, 30.0]))
    cite = (Citation("src", "evidence", EvidenceKind.OUTCOME, span=(0, 8)),)
    observations = [Observation(as_of=PartialDate(2008), evidence=cite, value=baseline)]
    for _ in range(draw(st.integers(1, 3))):
        value = draw(st.sampled_from([0.0, target, 100.0]) | st.floats(0, 100))
        observations.append(Observation(as_of=draw(_FEW_DATES), evidence=cite, value=value))
    return Indicator(
        id=iid,
        title="A targeted indicator",
        unit="count",
        direction=direction,
        kind=EvidenceKind.OUTCOME,
        observations=tuple(observations),
        target=target,
    )


def _unequal_weighting(draw: st.DrawFn, pillars: list[Pillar]) -> Weighting:
    """A weighting with unequal weights at every level (pillars, objectives,
    commitments), some 0, never a group of zeros."""
    step = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 7.5])

    def group(ids: list[str]) -> dict[str, float]:
        ws = {i: draw(step) for i in ids}
        if not any(ws.values()):
            ws[ids[0]] = draw(st.sampled_from([1.0, 4.0]))
        return ws

    pillar_w = group([p.id for p in pillars])
    objective_w: dict[str, float] = {}
    commitment_w: dict[str, float] = {}
    for p in pillars:
        if p.objectives:
            objective_w.update(group([o.id for o in p.objectives]))
        members: dict[str | None, list[str]] = {}
        for c in p.commitments:
            members.setdefault(c.objective, []).append(c.id)
        for ids_ in members.values():
            commitment_w.update(group(ids_))
    return Weighting(
        "drawn", "Drawn", "Unequal weights.", pillar_w, commitment_w, objectives=objective_w
    )


@st.composite
def programmes(
    draw: st.DrawFn,
    *,
    max_pillars: int = 4,
    max_commitments: int = 5,
    objectives: bool | None = False,
    with_verdicts: bool = False,
    periods: bool = False,
    targets: bool = False,
    weighted: bool = False,
) -> Programme:
    """A valid programme; pillars have at least one commitment. ``objectives``:
    True gives every pillar objectives, None some pillars, False none;
    ``with_verdicts`` adds verdicts; ``periods`` gives commitments indicators whose
    observations measure periods (blended in with a drawn indicator weight);
    ``targets`` gives some commitments an indicator with a target and a baseline on
    either side of it, with same-date observations (:func:`target_indicators`);
    ``weighted`` makes a drawn weighting with unequal weights at every level the
    default. Same-date assessments and commitments of several parties are drawn
    always."""
    scale = draw(scales())
    declared = draw(parties())
    pillars = []
    for p in range(draw(st.integers(1, max_pillars))):
        count = draw(st.integers(1, max_commitments))
        cs = tuple(draw(commitments(f"p{p}.c{c}", scale, declared)) for c in range(count))
        if periods:
            cs = tuple(
                attrs.evolve(
                    c,
                    indicators=(draw(period_indicators(f"{c.id}.i")),),
                    indicator_weight=draw(st.sampled_from([0.0, 0.25, 0.5])),
                )
                for c in cs
            )
        if targets:
            cs = tuple(
                attrs.evolve(
                    c,
                    indicators=(draw(target_indicators(f"{c.id}.t")),),
                    indicator_weight=draw(st.sampled_from([0.25, 0.5, 1.0])),
                )
                if draw(st.booleans())
                else c
                for c in cs
            )
        objs: tuple[Objective, ...] = ()
        if objectives or (objectives is None and draw(st.booleans())):
            objs, cs = _objectives_for(draw, f"p{p}", cs)
        pillars.append(
            Pillar(
                f"p{p}",
                f"Pillar {p}",
                "description",
                cs,
                in_framework=draw(st.booleans()),
                objectives=objs,
            )
        )
    if not any(p.in_framework for p in pillars):
        pillars[0] = attrs.evolve(pillars[0], in_framework=True)
    weightings = (_unequal_weighting(draw, pillars),) if weighted else ()
    return Programme(
        id="fuzz",
        title="Fuzzed programme",
        description="generated",
        scale=scale,
        grades=draw(grade_bands()),
        pillars=tuple(pillars),
        parties=declared,
        sources=(SOURCE,),
        verdicts=draw(verdicts(scale, [p.id for p in pillars])) if with_verdicts else (),
        weightings=weightings,
        default_weighting="drawn" if weighted else None,
    )


weights = st.one_of(
    st.floats(min_value=0.0, max_value=100.0, allow_nan=False),
    st.integers(0, 10),
)
extreme_weights = st.one_of(
    st.sampled_from([0.0, 5e-324, 1e-320, 1e-300, 1e-13, 1e-12, 1.0, 1e12, 1e300, 1.7e308]),
    st.floats(min_value=0.0, allow_nan=False, allow_infinity=False, allow_subnormal=True),
    st.floats(min_value=0.0, max_value=1e-300, allow_subnormal=True),
)
"""Valid relative weights (finite, >= 0) at the edges of the float range."""
bad_weights = st.one_of(
    st.floats(max_value=-1e-9, allow_nan=False),
    st.just(float("nan")),
    st.just(float("inf")),
    st.just("1"),
    st.just(True),
)


@st.composite
def weight_specs(
    draw: st.DrawFn,
    programme: Programme,
    *,
    bad: bool = True,
    values: st.SearchStrategy[float | int] = weights,
) -> dict[str, Any]:
    """``{"pillars": {...}, "commitments": {...}}`` over the programme's ids, with
    sometimes an unknown id or a bad value when ``bad``."""
    pillar_ids = [p.id for p in programme.pillars]
    commitment_ids = [c.id for _, c in programme.commitments()]
    value = st.one_of(values, bad_weights) if bad else values
    pillars = draw(st.dictionaries(st.sampled_from(pillar_ids), value))
    commitments = draw(st.dictionaries(st.sampled_from(commitment_ids), value))
    if bad and draw(st.integers(0, 9)) == 0:
        pillars[draw(ids.filter(lambda i: i not in pillar_ids))] = 1.0
    return {"pillars": pillars, "commitments": commitments}


# -- loader mutations -------------------------------------------------------------

odd_values = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.text(alphabet="0123456789-", max_size=12),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a TOML document, the root excluded."""
    out: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        out.append((*prefix, key))
        if isinstance(value, dict | list):
            out.extend(_paths(value, (*prefix, key)))
    return out


@st.composite
def dataset_mutations(draw: st.DrawFn, documents: dict[str, Any]) -> tuple[str, str, Any]:
    """``(file, action, argument)`` for one edit of one TOML document of a dataset:
    ``("set", (path, value))``, ``("delete", path)``, ``("rename", (path, new))``,
    ``("bytes", (offset, junk))``. ``documents`` maps file names to parsed TOML."""
    file = draw(st.sampled_from(sorted(documents)))
    paths = _paths(documents[file])
    action = draw(st.sampled_from(["set", "delete", "rename", "bytes"]))
    if action == "bytes":
        junk = draw(st.binary(min_size=1, max_size=8))
        return file, action, (draw(st.integers(0, 10_000)), junk)
    path = draw(st.sampled_from(paths))
    if action == "set":
        return file, action, (path, draw(odd_values))
    if action == "rename" and isinstance(path[-1], str):
        return file, action, (path, path[-1] + draw(st.sampled_from(["e", "_", "s"])))
    return file, "delete", path


# -- scoring engine: hand-built programmes and valid weightings -----------------

STANDARD_BANDS = GradeBands(
    (
        GradeBand("A", 80, 100),
        GradeBand("B", 60, 80),
        GradeBand("C", 40, 60),
        GradeBand("D", 20, 40),
        GradeBand("F", 0, 20),
    )
)


def engine_scale(values: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)) -> Scale:
    """A missing level "none", then levels l0, l1, ... scoring ``values`` (lowest first)."""
    levels = [Level("none", "No evidence", "Nothing yet.", missing=True)]
    levels += [Level(f"l{i}", f"Level {i}", f"Level {i}.", value=v) for i, v in enumerate(values)]
    return Scale(tuple(levels))


def assessment(
    status: str, as_of: str = "2010", kind: EvidenceKind = EvidenceKind.OUTPUT
) -> Assessment:
    return Assessment(
        PartialDate.parse(as_of), status, "Because.", (Citation("src", "evidence", kind),)
    )


PARTIES = (Party("north", "North", "N."), Party("south", "South"))
"""The parties :func:`programme` declares."""


def commitment(
    cid: str,
    *statuses: str | tuple[str, str],
    parties: tuple[str, ...] = ("north", "south"),
    **extra: Any,
) -> Commitment:
    """A commitment of ``parties`` (default: both of :data:`PARTIES`), assessed ``"l2"``
    (dated 2010) or ``("l2", "2011")``, oldest first."""
    made = tuple(assessment(s) if isinstance(s, str) else assessment(*s) for s in statuses)
    return Commitment(
        id=cid,
        title=f"Commitment {cid}",
        promise="A promise.",
        parties=parties,
        assessments=made,
        **extra,
    )


def programme(
    pillars: dict[str, tuple[Commitment, ...]],
    *,
    scale: Scale | None = None,
    weightings: tuple[Weighting, ...] = (),
    default_weighting: str | None = None,
    outside: tuple[str, ...] = (),
) -> Programme:
    """A programme from ``{pillar_id: commitments}``; ``outside`` pillars are out of framework."""
    return Programme(
        id="prog",
        title="Programme",
        description="A test programme.",
        scale=scale or engine_scale(),
        grades=STANDARD_BANDS,
        pillars=tuple(
            Pillar(pid, f"Pillar {pid}", "A pillar.", cs, in_framework=pid not in outside)
            for pid, cs in pillars.items()
        ),
        parties=PARTIES,
        sources=(SOURCE,),
        weightings=weightings,
        default_weighting=default_weighting,
    )


@st.composite
def valid_weight_specs(draw: st.DrawFn, programme: Programme) -> dict[str, Any]:
    """``{"pillars": {...}, "objectives": {...}?, "commitments": {...}}`` listing every
    id, unequal weights at every level, some 0, never a group of all zeros."""
    step = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 7.5])
    pillars = {p.id: draw(step) for p in programme.pillars}
    if not any(pillars.values()):
        pillars[programme.pillars[0].id] = 1.0
    commitments: dict[str, float] = {}
    objectives: dict[str, float] = {}
    for p in programme.pillars:
        os_ = {o.id: draw(step) for o in p.objectives}
        if os_ and not any(os_.values()):
            os_[p.objectives[0].id] = 1.0
        objectives.update(os_)
        groups: dict[str | None, list[Commitment]] = {}
        for c in p.commitments:
            groups.setdefault(c.objective if p.objectives else None, []).append(c)
        for members in groups.values():
            ws = {c.id: draw(step) for c in members}
            if not any(ws.values()):
                ws[members[0].id] = 1.0
            commitments.update(ws)
    spec: dict[str, Any] = {"pillars": pillars, "commitments": commitments}
    if objectives:
        spec["objectives"] = objectives
    return spec


# -- citations: source texts made of words and separators, and retyped quotes -----

# Each separator class lists spellings that normalise alike (docs/data-format.md).
_SPACES = (" ", "  ", "\n", "\r\n", " \n  ", "\t", "\u00a0")
_APOSTROPHES = ("'", "\u2019", "\u2018", "\u02bc")
_SEPARATORS: tuple[tuple[str, ...], ...] = (
    _SPACES,
    _SPACES,
    _SPACES,
    _APOSTROPHES,
    (", ", ",\n", ",  "),
    (" \u2014 ", " - ", "\n\u2013 "),
    (" \u201c", ' "', '\n"'),
    ("\u201d ", '" ', '"\n'),
    ("\u00ad", ""),  # soft hyphen: removed
)
_UNITS = (*string.ascii_letters, *string.digits, "é", "ñ", "e\u0301", "\ufb01")

words = st.lists(st.sampled_from(_UNITS), min_size=1, max_size=7).map("".join)


@st.composite
def worded_texts(draw: st.DrawFn, max_words: int = 40) -> tuple[list[str], list[int]]:
    """``(tokens, classes)``: words at even positions, separators at odd ones;
    ``classes[i]`` is the separator class of token ``i`` (-1 for words)."""
    count = draw(st.integers(2, max_words))
    tokens: list[str] = []
    classes: list[int] = []
    for i in range(count):
        if i:
            cls = draw(st.integers(0, len(_SEPARATORS) - 1))
            tokens.append(draw(st.sampled_from(_SEPARATORS[cls])))
            classes.append(cls)
        tokens.append(draw(words))
        classes.append(-1)
    return tokens, classes


@st.composite
def retyped(draw: st.DrawFn, tokens: list[str], classes: list[int]) -> str:
    """The tokens retyped as a person would: other quotes, spaces and line breaks."""
    out = []
    for token, cls in zip(tokens, classes, strict=True):
        out.append(token if cls < 0 else draw(st.sampled_from(_SEPARATORS[cls])))
    return "".join(out)


normalisable_texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            [*" \n\r\t\u00a0", *_APOSTROPHES, *"\u00ad\u200b\ufeff\u00b4\u2011\u0301e\ufb01"]
        ),
    ),
    max_size=60,
)


# -- scoring options ----------------------------------------------------------------


@st.composite
def scoring_options(draw: st.DrawFn) -> ScoringOptions:
    """Any valid :class:`ScoringOptions` (floors anywhere in [0, 100))."""
    method = draw(
        st.sampled_from(list(Aggregation))
        | st.dictionaries(st.sampled_from(LEVELS), st.sampled_from(list(Aggregation)))
    )
    return ScoringOptions(
        as_of=draw(st.none() | partial_dates),
        method=method,
        missing=draw(st.sampled_from(list(MissingPolicy))),
        floor=draw(
            st.floats(min_value=0.0, max_value=100.0, exclude_max=True, allow_nan=False)
            | st.sampled_from([0.0, 1.0, 1e-300, 99.99999999999999])
        ),
        indicator_pick=draw(st.sampled_from(list(IndicatorPick))),
        stale_after=draw(st.none() | st.integers(1, 240)),
        verdict_weight=draw(st.none() | unit_values),
    )


_FLOORS = st.floats(min_value=0.0, max_value=100.0, exclude_max=True, allow_nan=False)


@st.composite
def scoring_choices(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword choices for :class:`ScoringOptions` giving any subset of ``method``
    (one name, or some levels), ``missing`` and ``floor``."""
    choices: dict[str, Any] = {}
    if draw(st.booleans()):
        choices["method"] = draw(
            st.sampled_from(list(Aggregation))
            | st.dictionaries(st.sampled_from(LEVELS), st.sampled_from(list(Aggregation)))
        )
    if draw(st.booleans()):
        choices["missing"] = draw(st.sampled_from(list(MissingPolicy)))
    if draw(st.booleans()):
        choices["floor"] = draw(_FLOORS | st.sampled_from([0.5, 1.0, 5.0]))
    return choices


@st.composite
def method_declarations(draw: st.DrawFn) -> dict[str, Any]:
    """``{"aggregation": DeclaredMethods, "floor": float | None, "missing": ... | None}``,
    as a :class:`~scorecard.model.Weighting` takes them (``attrs.evolve``)."""
    levels = draw(st.dictionaries(st.sampled_from(LEVELS), st.sampled_from(list(Aggregation))))
    return {
        "aggregation": DeclaredMethods(**levels),
        "floor": draw(st.none() | _FLOORS.filter(lambda f: f > 0)),
        "missing": draw(
            st.none() | st.sampled_from([MissingPolicy.RENORMALIZE, MissingPolicy.ZERO])
        ),
    }


# Every character the normaliser maps or removes, with combining marks, ligatures and
# compatibility forms around them: typographic text as the sources have it.
_TYPOGRAPHIC = (
    *"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2007\u200a\u2028\u2029\u202f",
    *"\u205f\u3000'\u2018\u2019\u02bc\u00b4\u201c\u201d\u201e",
    *"\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\u200b\u200c\u200d\u2060\ufeff",
    *"\u0301\u0308\u0327\ufb01\u00b9\u00bd\u2126\uff71\u1e9b\u0323\u00e9\u00f1\u00c5",
    *"  ",
)
typographic_texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(_TYPOGRAPHIC),
        st.characters(codec="utf-8"),
        st.sampled_from(string.ascii_letters),
    ),
    max_size=200,
)
"""Random Unicode text dense in what the normaliser rewrites (for equivalence tests)."""


_COLUMN_NAMES = st.text(alphabet=string.ascii_lowercase + "_ ", min_size=1, max_size=10).filter(
    lambda s: s.strip() == s and s not in ("key", "note")
)
_ROW_KEYS = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=6)


def _figure(value: int, decimals: int, grouped: bool) -> str:
    """``value`` hundredths-of-thousandths as a cell: ``decimals`` decimals, maybe grouped."""
    number = value / 1000
    return f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"


@st.composite
def tabular_programmes(draw: st.DrawFn) -> Programme:
    """A valid programme whose evidence includes cells of a CSV source (see the module
    docstring); every citation verifies against its source."""
    columns = draw(st.lists(_COLUMN_NAMES, min_size=2, max_size=4, unique=True))
    keys = draw(st.lists(_ROW_KEYS, min_size=1, max_size=5, unique=True))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    encoding = draw(st.sampled_from(["utf-8", "latin-1"]))
    cells = {
        (k, c): _figure(
            draw(st.integers(-(10**9), 10**9)), draw(st.integers(0, 3)), draw(st.booleans())
        )
        for k in keys
        for c in columns
    }
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow(["key", *columns, "note"])
    for k in keys:
        writer.writerow([k, *(cells[k, c] for c in columns), "año"])
    text = out.getvalue()
    tabular = draw(st.booleans())
    table = Source(
        id="table",
        title="A statistics table",
        published=PartialDate(2000),
        kind="statistics table",
        file="sources/table.csv" if tabular else "sources/table.dat",
        sha256=hashlib.sha256(text.encode(encoding)).hexdigest(),
        text=text,
        format=None if tabular else SourceFormat.CSV,
        key=draw(st.sampled_from([None, "key"])),
        delimiter=delimiter,
        encoding=encoding,
    )
    quoted = Source(
        id="src",
        title="A source",
        published=PartialDate(2000),
        kind="report",
        file="sources/src.txt",
        sha256=hashlib.sha256(b"evidence text").hexdigest(),
        text="evidence text",
    )
    observations = []
    for n in range(draw(st.integers(1, 3))):
        row, column = draw(st.sampled_from(sorted(cells)))
        low = float(cells[row, column].replace(",", ""))
        other = draw(st.sampled_from(sorted(cells)))
        high = float(cells[other].replace(",", ""))
        cite = functools.partial(Citation, "table", kind=EvidenceKind.OUTCOME)
        if low <= high and draw(st.booleans()):
            observations.append(
                Observation(
                    as_of=PartialDate(2001),
                    period=PartialDate(1990 + n),
                    evidence=(
                        cite(row=row, column=column, bound="low"),
                        cite(row=other[0], column=other[1], bound="high"),
                    ),
                    low=low,
                    high=high,
                )
            )
        else:
            observations.append(
                Observation(
                    PartialDate(2001),
                    (cite(row=row, column=column),),
                    value=low,
                    period=PartialDate(1990 + n),
                )
            )
    indicator = Indicator(
        "figures", "Figures", "count", Direction.HIGHER, EvidenceKind.OUTCOME, tuple(observations)
    )
    row, column = draw(st.sampled_from(sorted(cells)))
    judged = Assessment(
        PartialDate(2001),
        "l2",
        "Because.",
        (Citation("src", "evidence", span=(0, 8)), Citation("table", row=row, column=column)),
    )
    made = commitment("c1", indicators=(indicator,))
    made = attrs.evolve(made, assessments=(judged,))
    return attrs.evolve(programme({"p": (made,)}), sources=(quoted, table))


@st.composite
def partial_translations(draw: st.DrawFn, programme: Programme) -> Translation:
    """A random translation of a random part of ``programme``'s texts and quotes."""
    from scorecard.translations import texts

    keys = sorted(texts(programme))
    quotes = sorted({(c.source, c.quote) for _, c in programme.citations()})
    some = st.text(min_size=1, max_size=12).filter(lambda s: s.strip())
    chosen = draw(st.lists(st.sampled_from(keys), unique=True)) if keys else []
    cited = draw(st.lists(st.sampled_from(quotes), unique=True)) if quotes else []
    return Translation(
        language="es",
        locale="es-MX",
        texts={key: draw(some) for key in chosen},
        quotes={q: draw(some) for q in cited},
    )
