"""Scoring options: every choice a scorer makes, in one frozen object.

:class:`ScoringOptions` holds the as-of date, the aggregation method of each level,
the missing-data policy, the floor of geometric and harmonic means and which end of
an observed range counts. It is built once, checked where it is built (a bad choice
is an :class:`~scorecard.errors.OptionsError` naming every bad option), and then
passed around whole: to :func:`scorecard.score`, :func:`scorecard.sensitivity`,
:func:`scorecard.compare` and :func:`scorecard.timeline`; the result's provenance
records it (:attr:`Provenance.options <scorecard.result.Provenance.options>`); and
:meth:`ScoringOptions.to_flags` turns it back into the command-line flags that
rebuild it, so that a printed re-score command drops nothing.

The fixed choices are string enums (:class:`Aggregation`, :class:`MissingPolicy`,
:class:`IndicatorPick`): each member equals its string value, so
``options.missing == "zero"`` holds and JSON keeps the same strings.
"""

from __future__ import annotations

import contextlib
import enum
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeAlias, TypedDict, TypeVar

import attrs

from scorecard.dates import DateLike, PartialDate
from scorecard.errors import OptionProblem, OptionsError, expect

if TYPE_CHECKING:
    import argparse

__all__ = [
    "DECLARABLE",
    "DEFAULT_FLOOR",
    "LEVELS",
    "Aggregation",
    "Declaration",
    "DeclaredMethods",
    "IndicatorPick",
    "MethodSpec",
    "Methods",
    "MissingPolicy",
    "ScoringChoices",
    "ScoringOptions",
    "expect_programme",
    "resolve_options",
]


class Aggregation(enum.StrEnum):
    """How a group of scores is averaged (see ``docs/scoring.md``)."""

    ARITHMETIC = "arithmetic"
    GEOMETRIC = "geometric"
    HARMONIC = "harmonic"


class MissingPolicy(enum.StrEnum):
    """How a commitment without an assessment counts."""

    RENORMALIZE = "renormalize"  # left out; the assessed weights are rescaled
    ZERO = "zero"  # counts as a score of 0
    ERROR = "error"  # scoring stops with a ScoringError naming it


class IndicatorPick(enum.StrEnum):
    """Which value of an observation given as a range counts."""

    MID = "mid"
    LOW = "low"
    HIGH = "high"


LEVELS: Final = ("commitments", "objectives", "pillars", "overall")
"""The levels a method can be chosen for: ``commitments`` combines a commitment's
indicators, ``objectives`` an objective's commitments, ``pillars`` its pillar's
objectives (or its commitments, where the pillar has no objectives), ``overall`` the
pillars."""

DEFAULT_FLOOR: Final = 1.0
"""Geometric and harmonic means take ``max(x, floor)``; the default is 1 point of 100."""

DEFAULT_SPREAD: Final = 0.2
"""Sensitivity's default weight spread (:func:`scorecard.robustness.sensitivity`); here
so that the command line's ``--help`` shows it without loading the engine."""

_E = TypeVar("_E", bound=enum.StrEnum)


def _names(choices: type[enum.StrEnum]) -> str:
    return ", ".join(m.value for m in choices)


def _choice(choices: type[_E], option: str, what: str, value: object) -> _E:
    """``value`` as a member of ``choices``: a member, or its string value."""
    if isinstance(value, choices):
        return value
    if isinstance(value, str):
        try:
            return choices(value)
        except ValueError:
            pass
    raise OptionsError(
        [OptionProblem(option, f"unknown {what} {value!r} (choose from: {_names(choices)})")]
    )


# -- methods ------------------------------------------------------------------------


def _aggregation(level: str, value: object) -> Aggregation:
    return _choice(Aggregation, f"method.{level}", "method", value)


def _commitments_method(value: object) -> Aggregation:
    return _aggregation("commitments", value)


def _objectives_method(value: object) -> Aggregation:
    return _aggregation("objectives", value)


def _pillars_method(value: object) -> Aggregation:
    return _aggregation("pillars", value)


def _overall_method(value: object) -> Aggregation:
    return _aggregation("overall", value)


@attrs.frozen(slots=True, repr=False)
class Methods:
    """The aggregation method of each level. ``Methods.parse`` reads every form the
    ``method`` option takes; ``str(methods)`` is the ``--method`` flag's value."""

    commitments: Aggregation = attrs.field(
        default=Aggregation.ARITHMETIC, converter=_commitments_method
    )
    objectives: Aggregation = attrs.field(
        default=Aggregation.ARITHMETIC, converter=_objectives_method
    )
    pillars: Aggregation = attrs.field(default=Aggregation.ARITHMETIC, converter=_pillars_method)
    overall: Aggregation = attrs.field(default=Aggregation.ARITHMETIC, converter=_overall_method)

    @classmethod
    def parse(cls, value: object) -> Methods:
        """A :class:`Methods` from ``"geometric"`` (every level), a mapping
        ``{"overall": "geometric"}`` or the flag form ``"overall=geometric,pillars=
        harmonic"`` (unnamed levels are arithmetic). Raises
        :class:`~scorecard.errors.OptionsError` naming each bad level or method."""
        if isinstance(value, Methods):
            return value
        if isinstance(value, str) and "=" in value:
            value = _read_flag(value)
        if isinstance(value, str):
            method = _choice(Aggregation, "method", "method", value)
            return cls(method, method, method, method)
        if not isinstance(value, Mapping):
            raise OptionsError(
                [
                    OptionProblem(
                        "method",
                        f"must be a method name or a mapping of levels to methods, not {value!r}",
                    )
                ]
            )
        problems = [
            OptionProblem(f"method.{k}", f"unknown level (levels: {', '.join(LEVELS)})")
            for k in value
            if k not in LEVELS
        ]
        chosen: dict[str, Aggregation] = {}
        for level in LEVELS:
            if level in value:
                try:
                    chosen[level] = _aggregation(level, value[level])
                except OptionsError as exc:
                    problems.extend(exc.problems)
        if problems:
            raise OptionsError(problems)
        return cls(**chosen)

    def __getitem__(self, level: str) -> Aggregation:
        if level not in LEVELS:
            raise KeyError(level)
        method: Aggregation = getattr(self, level)
        return method

    def as_dict(self) -> dict[str, Aggregation]:
        """``{"commitments": ..., "objectives": ..., "pillars": ..., "overall": ...}``,
        as the provenance records it."""
        return {level: self[level] for level in LEVELS}

    def __str__(self) -> str:
        # One name when the levels agree, else the levels that are not arithmetic.
        values = set(self.as_dict().values())
        if len(values) == 1:
            return str(values.pop())
        return ",".join(
            f"{level}={self[level]}"
            for level in LEVELS
            if self[level] is not Aggregation.ARITHMETIC
        )

    def __repr__(self) -> str:
        return f"Methods.parse({str(self)!r})"


MethodSpec: TypeAlias = Methods | Aggregation | str | Mapping[str, Aggregation | str]
"""What the ``method`` option takes (see :meth:`Methods.parse`)."""


def _read_flag(text: str) -> dict[str, str]:
    """``"overall=geometric,pillars=harmonic"`` as a mapping of levels to methods."""
    chosen: dict[str, str] = {}
    for part in text.split(","):
        level, sep, method = part.partition("=")
        if not sep or not level.strip() or not method.strip():
            raise OptionsError(
                [OptionProblem("method", f"cannot read {part!r}: use LEVEL=METHOD,...")]
            )
        chosen[level.strip()] = method.strip()
    return chosen


def _named_levels(value: object) -> frozenset[str]:
    """The levels a ``method`` value names: all of them for a single method name or a
    :class:`Methods`, the keys of a mapping or of the flag form. Only called on a value
    :meth:`Methods.parse` accepted."""
    if isinstance(value, str) and "=" in value:
        value = _read_flag(value)
    if isinstance(value, Mapping):
        return frozenset(level for level in value if level in LEVELS)
    return frozenset(LEVELS)


# -- the options --------------------------------------------------------------------

DECLARABLE: Final = (*(f"method.{level}" for level in LEVELS), "missing", "floor")
"""The choices a weighting may declare (``aggregation`` per level, ``missing``,
``floor``), by the names :attr:`ScoringOptions.explicit` uses."""


@attrs.frozen(slots=True)
class DeclaredMethods:
    """The methods a weighting declares, per level (``aggregation = { overall =
    "geometric" }`` in a dataset); a level left out (``None``) declares nothing."""

    commitments: Aggregation | None = None
    objectives: Aggregation | None = None
    pillars: Aggregation | None = None
    overall: Aggregation | None = None

    def as_dict(self) -> dict[str, Aggregation]:
        """The declared levels only: ``{"overall": Aggregation.GEOMETRIC}``."""
        return {level: method for level in LEVELS if (method := getattr(self, level)) is not None}


class Declaration(Protocol):
    """What a weighting declares about the method (a
    :class:`~scorecard.weights.Weights`): ``aggregation`` maps levels to methods;
    ``None`` declares nothing."""

    @property
    def aggregation(self) -> Mapping[str, Aggregation]: ...

    @property
    def floor(self) -> float | None: ...

    @property
    def missing(self) -> MissingPolicy | None: ...


def _as_of(value: Any) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.coerce(value)  # which checks the type
    except (TypeError, ValueError) as exc:
        raise OptionsError([OptionProblem("as_of", str(exc))]) from None


def _floor(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and 0.0 <= value < 100.0)
    ):
        raise OptionsError([OptionProblem("floor", f"must be a number in [0, 100), not {value!r}")])
    return float(value)


def _missing(value: object) -> MissingPolicy:
    return _choice(MissingPolicy, "missing", "policy", value)


def _pick(value: object) -> IndicatorPick:
    return _choice(IndicatorPick, "indicator_pick", "pick", value)


def _stale_after(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionsError(
            [
                OptionProblem(
                    "stale_after", f"must be a positive whole number of months, not {value!r}"
                )
            ]
        )
    return value


def _verdict_weight(value: object) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and 0.0 <= value <= 1.0)
    ):
        raise OptionsError(
            [OptionProblem("verdict_weight", f"must be a number in [0, 1], not {value!r}")]
        )
    return float(value)


class ScoringChoices(TypedDict, total=False):
    """The scoring choices as keyword arguments (what ``score(p, **choices)`` takes)."""

    as_of: DateLike | None
    method: MethodSpec
    missing: MissingPolicy | str
    floor: float
    indicator_pick: IndicatorPick | str
    stale_after: int | None
    verdict_weight: float | None


@attrs.frozen(slots=True, init=False, repr=False)
class ScoringOptions:
    """Every scoring choice, checked when built; a variant is a copy
    (``attrs.evolve(options, floor=0.5)``).

    - ``as_of``: only assessments and observations on or before this date count
      (``None``: all of them). A :class:`~scorecard.dates.PartialDate`, a
      :class:`datetime.date` or ``"YYYY[-MM[-DD]]"``.
    - ``method``: the aggregation method of each level (:class:`Methods`): a name
      from :class:`Aggregation` for every level, a mapping ``{"commitments"?,
      "pillars"?, "overall"?}`` (unnamed levels: the weighting's declaration, else
      arithmetic) or the flag form
      ``"overall=geometric,pillars=arithmetic"``.
    - ``missing``: :class:`MissingPolicy` (``"renormalize"``, ``"zero"``, ``"error"``).
    - ``floor``: geometric and harmonic means take ``max(x, floor)``; in [0, 100);
      0 makes a zero under those means a :class:`~scorecard.errors.ScoringError`.
    - ``indicator_pick``: :class:`IndicatorPick`, the value of a range that counts.
    - ``stale_after``: months (a positive integer) or ``None`` (default, off): a
      reading older than that at the reference day counts as missing.
    - ``verdict_weight``: in [0, 1], the share of a pillar's (or the overall) score
      taken from the sources' own verdict; ``None`` (default) uses the weighting's
      own ``verdict_weight``.

    Bad values raise one :class:`~scorecard.errors.OptionsError` naming all of them.

    **Explicit and declared choices.** A weighting may declare the method of each
    level, the missing policy and the floor (``aggregation = { overall =
    "geometric" }``, ``floor``, ``missing`` in its ``[[weightings]]`` entry; see
    ``docs/scoring.md``). ``method``, ``missing`` and
    ``floor`` left out (or ``None``) take the built-in defaults *and* leave the
    choice to the weighting: :meth:`resolve` (which :func:`scorecard.score` and
    every other scoring function calls) fills them from its declaration. A choice
    given here is *explicit* and always wins: explicit > the weighting's declaration
    > built-in default. :attr:`explicit` names the explicit choices
    (``"method.overall"``, ``"missing"``, ``"floor"``, ...); it is not part of
    equality, and a value that differs from the built-in default is always explicit
    (so ``attrs.evolve(options, floor=0.5)`` is explicit too).
    """

    as_of: PartialDate | None
    method: Methods
    missing: MissingPolicy
    floor: float
    indicator_pick: IndicatorPick
    stale_after: int | None
    verdict_weight: float | None
    explicit: frozenset[str] = attrs.field(eq=False)

    def __init__(
        self,
        *,
        as_of: DateLike | None = None,
        method: MethodSpec | None = None,
        missing: MissingPolicy | str | None = None,
        floor: float | None = None,
        indicator_pick: IndicatorPick | str = IndicatorPick.MID,
        stale_after: int | None = None,
        verdict_weight: float | None = None,
        explicit: Iterable[str] | None = None,
    ) -> None:
        given: dict[str, object] = {
            "as_of": as_of,
            "method": Aggregation.ARITHMETIC if method is None else method,
            "missing": MissingPolicy.RENORMALIZE if missing is None else missing,
            "floor": DEFAULT_FLOOR if floor is None else floor,
            "indicator_pick": indicator_pick,
            "stale_after": stale_after,
            "verdict_weight": verdict_weight,
        }
        values: dict[str, Any] = {}
        problems: list[OptionProblem] = []
        for name, value in given.items():
            try:
                values[name] = _CONVERTERS[name](value)
            except OptionsError as exc:
                problems.extend(exc.problems)
        if problems:
            raise OptionsError(problems)
        if explicit is None:  # built from choices: the ones given are explicit
            chosen = set() if method is None else {f"method.{x}" for x in _named_levels(method)}
            chosen |= {
                name for name, v in (("missing", missing), ("floor", floor)) if v is not None
            }
        else:  # a copy (attrs.evolve) or a resolved variant
            chosen = {name for name in explicit if name in DECLARABLE}
        chosen |= _non_default(values)
        self.__attrs_init__(**values, explicit=frozenset(chosen))

    def resolve(self, declared: Declaration) -> ScoringOptions:
        """These options with every choice that is not explicit taken from the
        weighting's declaration where it declares one (explicit > declared > built-in
        default). Resolving twice changes nothing more."""
        changes: dict[str, Any] = {}
        chosen = set(self.explicit)
        levels = {
            level: method
            for level, method in declared.aggregation.items()
            if level in LEVELS and f"method.{level}" not in self.explicit
        }
        if levels:
            changes["method"] = attrs.evolve(self.method, **levels)
            chosen |= {f"method.{level}" for level in levels}
        for name in ("missing", "floor"):
            value = getattr(declared, name)
            if value is not None and name not in self.explicit:
                changes[name] = value
                chosen.add(name)
        if not changes:
            return self
        return attrs.evolve(self, **changes, explicit=frozenset(chosen))

    # -- other ways in ------------------------------------------------------------

    @classmethod
    def from_kwargs(cls, **choices: Any) -> ScoringOptions:
        """The options from keyword choices; an unknown keyword is a :class:`TypeError`."""
        unknown = sorted(set(choices) - set(_CONVERTERS))
        if unknown:
            raise TypeError(f"unknown scoring option {unknown[0]!r} (options: {_FIELDS})")
        return cls(**choices)

    @classmethod
    def from_cli(cls, args: argparse.Namespace) -> ScoringOptions:
        """The options from parsed command-line flags (``--as-of``, ``--method``,
        ``--missing``, ``--floor``, ``--indicator-pick``, ``--stale-after``,
        ``--verdict-weight``); a flag a command does not have takes its default.
        Flags arrive as text: numbers are read here, so that a bad value is an
        :class:`~scorecard.errors.OptionsError` like any other."""
        floor: Any = _number(getattr(args, "floor", None), float)

        def given(name: str, default: Any) -> Any:
            # an empty value (--method '') is a bad value, not the default
            value = getattr(args, name, None)
            return default if value is None else value

        return cls(
            as_of=getattr(args, "as_of", None),
            method=getattr(args, "method", None),  # None: the weighting's, else default
            missing=getattr(args, "missing", None),
            floor=floor,
            indicator_pick=given("indicator_pick", IndicatorPick.MID),
            stale_after=_number(getattr(args, "stale_after", None), int),
            verdict_weight=_number(getattr(args, "verdict_weight", None), float),
        )

    # -- ways out -----------------------------------------------------------------

    def to_flags(self) -> list[str]:
        """The command-line flags that rebuild these options (defaults left out):
        ``ScoringOptions.from_cli(parser.parse_args(options.to_flags())) == options``.

        The flags give the values relative to the built-in defaults: a choice
        explicitly set to its default (``method="arithmetic"`` against a weighting
        that declares ``geometric``) has no flag, so the weights the flags go with
        must declare nothing (as the ``weights.toml`` a report carries, written
        from the provenance, does)."""
        flags: list[str] = []
        if self.as_of is not None:
            flags += ["--as-of", self.as_of.isoformat()]
        if self.method != Methods():
            flags += ["--method", str(self.method)]
        if self.missing is not MissingPolicy.RENORMALIZE:
            flags += ["--missing", self.missing.value]
        if self.floor != DEFAULT_FLOOR:
            flags += ["--floor", repr(self.floor)]
        if self.indicator_pick is not IndicatorPick.MID:
            flags += ["--indicator-pick", self.indicator_pick.value]
        if self.stale_after is not None:
            flags += ["--stale-after", str(self.stale_after)]
        if self.verdict_weight is not None:
            flags += ["--verdict-weight", repr(self.verdict_weight)]
        return flags

    def to_kwargs(self) -> dict[str, Any]:
        """Plain keyword arguments (strings, a dict of methods) that rebuild these options."""
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "method": {k: v.value for k, v in self.method.as_dict().items()},
            "missing": self.missing.value,
            "floor": self.floor,
            "indicator_pick": self.indicator_pick.value,
            "stale_after": self.stale_after,
            "verdict_weight": self.verdict_weight,
        }

    def __repr__(self) -> str:
        # Only what differs from the defaults, in a form that rebuilds the options.
        default = _defaults()
        parts = []
        for name in _CONVERTERS:
            value = getattr(self, name)
            if value != getattr(default, name):
                shown = str(value) if isinstance(value, Methods | PartialDate) else value
                if isinstance(shown, enum.StrEnum):
                    shown = shown.value
                parts.append(f"{name}={shown!r}")
        return f"ScoringOptions({', '.join(parts)})"


_CONVERTERS: Final[dict[str, Any]] = {
    "as_of": _as_of,
    "method": Methods.parse,
    "missing": _missing,
    "floor": _floor,
    "indicator_pick": _pick,
    "stale_after": _stale_after,
    "verdict_weight": _verdict_weight,
}
_FIELDS: Final = ", ".join(_CONVERTERS)


def _non_default(values: Mapping[str, Any]) -> set[str]:
    """The declarable choices whose value differs from the built-in default."""
    out = {
        f"method.{level}"
        for level, method in values["method"].as_dict().items()
        if method is not Aggregation.ARITHMETIC
    }
    if values["missing"] is not MissingPolicy.RENORMALIZE:
        out.add("missing")
    if values["floor"] != DEFAULT_FLOOR:
        out.add("floor")
    return out


def _number(value: Any, kind: type[int] | type[float]) -> Any:
    """A flag's text read as ``kind``; text that is not a number is left as it is,
    for the constructor to name."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return kind(value)
    return value


def _defaults() -> ScoringOptions:
    return ScoringOptions()


def expect_programme(programme: object, call: str) -> None:
    """A :class:`~scorecard.errors.WrongTypeError` unless ``programme`` is a
    :class:`~scorecard.model.Programme` (``call`` names the function: ``score()``)."""
    from scorecard.model import Programme

    expect(
        programme,
        Programme,
        f"{call} programme",
        "a Programme",
        "load one first, e.g. scorecard.load('path/to/dataset')",
    )


def resolve_options(
    options: ScoringOptions | None, choices: Mapping[str, Any], caller: str
) -> ScoringOptions:
    """What a scoring function was asked for: ``options``, or the keyword choices, not
    both (a :class:`TypeError` naming ``caller``)."""
    if options is not None:
        if choices:
            raise TypeError(
                f"{caller}() takes options= or keyword choices, not both "
                f"(got options= and {', '.join(sorted(choices))})"
            )
        expect(
            options,
            ScoringOptions,
            f"{caller}() options=",
            "a ScoringOptions",
            "build one with ScoringOptions(as_of=..., method=...)",
        )
        return options
    unknown = sorted(set(choices) - set(_CONVERTERS))
    if unknown:
        raise TypeError(f"{caller}() got an unexpected keyword argument {unknown[0]!r}")
    return ScoringOptions(**choices)
