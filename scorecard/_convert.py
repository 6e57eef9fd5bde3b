"""The strict converter: one policy for everything scorecard reads with cattrs.

Reading is strict in every format: unknown keys are errors (with a "did you mean"
hint), scalars are never coerced (``"0.5"`` is not a number, ``true`` is not a
number, ``2009`` is not a date), an enum takes only its values, and every problem
is reported with its path. :func:`strict` configures a cattrs converter with that
policy; :func:`toml_converter`, :func:`json_converter` and :func:`result_converter`
add only what their format needs; :func:`problems` turns cattrs' exception groups
into :class:`~scorecard.errors.Problem` records, in the same words for every format.

What differs by format, and nothing else:

- **dates**: TOML has dates of its own (``2010-12-20``) besides strings; in JSON a
  date is a string. Either way a date is written back as ``"YYYY[-MM[-DD]]"``;
- **numbers**: the JSON export keeps an integer an integer, so that exporting what
  was read gives the same bytes; a dataset's TOML and a result make every number a
  float;
- **fields**: a dataset's files leave out what is computed (citation spans, source
  texts, a pillar's commitments and objectives, which
  its own file holds); a result leaves out the programme it scored; the
  JSON export holds everything, with the scale and the grade bands as lists and a
  span as ``[start, end]``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import enum
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from scorecard._paths import join_path
from scorecard.dates import PartialDate
from scorecard.errors import Problem, did_you_mean
from scorecard.model import (
    Citation,
    GradeBand,
    GradeBands,
    Level,
    Pillar,
    Programme,
    Scale,
    Source,
    Weighting,
)
from scorecard.options import LEVELS, DeclaredMethods

__all__ = [
    "ID_ALPHABET",
    "MISSING",
    "Bad",
    "StrictConverter",
    "bad_id",
    "describe",
    "did_you_mean",
    "json_converter",
    "optional_fields",
    "problems",
    "result_converter",
    "strict",
    "toml_converter",
    "unknown_key",
]

T = TypeVar("T")

MISSING = "this required key is missing; add it"
"""The message for a required key that is not there."""


class Bad(ValueError):
    """A value of the wrong type or shape; the message is written for the user."""


ID_ALPHABET = "ASCII lower-case letters, digits, '.', '-' and '_'"
"""The characters an id may hold (``docs/data-format.md``): two ids that look alike
are then the same id, never a Latin and a Cyrillic ``a``."""

_ID = re.compile(r"[a-z0-9._-]*")


def bad_id(value: str) -> str | None:
    """What is wrong with ``value`` as an id (``None``: nothing)."""
    if _ID.fullmatch(value):
        return None
    char = next(c for c in value if not _ID.fullmatch(c))
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    what = f"{char!r} ({name}, U+{ord(char):04X})" if not char.isascii() else repr(char)
    hint = f"; write {value.lower()!r}" if _ID.fullmatch(value.lower()) else ""
    return f"id {value!r} holds the character {what}: ids use only {ID_ALPHABET}{hint}"


def describe(value: Any) -> str:
    """A value as a message shows it: ``the string '0.5'``, ``the number 2``, ``a table``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, _dt.datetime | _dt.time):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def unknown_key(key: str, allowed: Sequence[str]) -> str:
    """The message for an unknown key: the closest allowed key, or all of them."""
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
    return f"unknown key {key!r}; {hint}"


# -- the converter -----------------------------------------------------------------


class StrictConverter(cattrs.Converter):
    """A cattrs converter configured by :func:`strict`.

    ``omit`` names the fields of each class that the format leaves out (both ways);
    ``native_dates`` accepts the format's own dates besides strings; ``keep_ints``
    structures an integer given for a ``float`` as an integer.
    """

    __slots__ = ("check_ids", "keep_ints", "native_dates", "omit")

    def __init__(
        self,
        *,
        omit: Mapping[type, Collection[str]] | None = None,
        native_dates: bool = False,
        keep_ints: bool = False,
        check_ids: bool = True,
    ) -> None:
        super().__init__(detailed_validation=True, forbid_extra_keys=True)
        self.omit = {cls: tuple(names) for cls, names in (omit or {}).items()}
        self.native_dates = native_dates
        self.keep_ints = keep_ints
        self.check_ids = check_ids
        strict(self)

    def keys(self, cls: type) -> list[str]:
        """The keys a table of attrs class ``cls`` may hold, in field order."""
        omit = self.omit.get(cls, ())
        return [a.name for a in attrs.fields(cls) if a.name not in omit]

    def check(
        self, data: Any, cls: type[T], file: str, path: str = ""
    ) -> tuple[T | None, list[Problem]]:
        """``data`` structured as ``cls`` and no problems, or ``None`` and every problem
        found, each in ``file`` at a path below ``path``."""
        try:
            return self.structure(data, cls), []
        except Exception as exc:  # cattrs raises exception groups of every problem
            return None, list(problems(exc, file, path, keys=self.keys))


def strict(conv: StrictConverter) -> None:
    """Configure ``conv`` with the strict policy (see the module docstring)."""
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _number if conv.keep_ints else _float)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(PartialDate, _date if conv.native_dates else _string_date)
    conv.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    # By class: a StrEnum is also a str, and the str hook must not take it.
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        conv.register_structure_hook(base, _enum)
    conv.register_structure_hook_factory(_is_tuple, lambda t: _tuple_factory(t, conv))
    conv.register_structure_hook_factory(_is_table, lambda t: _table_factory(t, conv))
    conv.register_structure_hook_factory(attrs.has, lambda t: _class_factory(t, conv))
    conv.register_unstructure_hook_factory(
        lambda t: t in conv.omit or t in OPTIONAL, lambda t: _class_unstructure(t, conv)
    )


OPTIONAL: dict[type, tuple[str, ...]] = {
    Weighting: ("indicators", "aggregation", "floor", "missing"),
    DeclaredMethods: LEVELS,
    Citation: ("row", "column", "bound", "translation"),
    Source: ("format", "key", "delimiter", "encoding"),
}
"""Fields written only where they differ from their default, in every format: they
came later (the method declared in a weighting, cell citations, tabular sources), and
a dataset (or result) that does not use them keeps the same bytes and the same digest.
Structuring takes them, or their default when absent."""


def optional_fields(cls: type) -> dict[str, Any]:
    """cattrs overrides that leave ``cls``'s :data:`OPTIONAL` fields out at their
    default (for converters outside this module, such as the dataset digest's)."""
    return {name: override(omit_if_default=True) for name in OPTIONAL.get(cls, ())}


# -- the three formats -----------------------------------------------------------

COMPUTED: dict[type, tuple[str, ...]] = {
    Citation: ("span", "translation"),
    Source: ("text",),
    Pillar: ("commitments", "objectives"),
}
"""Fields that a dataset's files never hold: the loader computes them (a quote's
translation comes from ``translations/``, never from the citation itself)."""


@cache
def toml_converter() -> StrictConverter:
    """For a dataset's TOML files: TOML dates, computed fields left out."""
    return StrictConverter(omit=COMPUTED, native_dates=True)


@cache
def json_converter() -> StrictConverter:
    """For the JSON export of a programme: every field; integers kept; the scale and
    the grade bands as lists (as in ``programme.toml``); a span as ``[start, end]``.
    A programme's translations are left out (the export is the dataset in its main
    language); a citation's translation (a localised programme's) is written only
    where it is set."""
    conv = StrictConverter(keep_ints=True, omit={Programme: ("translations",)})
    span = tuple[int, int] | None
    conv.register_structure_hook_func(lambda t: t == span, _span)
    conv.register_unstructure_hook_func(
        lambda t: t == span, lambda s: None if s is None else list(s)
    )
    conv.register_unstructure_hook(Scale, lambda s: [conv.unstructure(lv) for lv in s.levels])
    conv.register_structure_hook(Scale, lambda v, _: Scale(conv.structure(v, tuple[Level, ...])))
    conv.register_unstructure_hook(GradeBands, lambda g: [conv.unstructure(b) for b in g.bands])
    conv.register_structure_hook(
        GradeBands, lambda v, _: GradeBands(conv.structure(v, tuple[GradeBand, ...]))
    )
    return conv


@cache
def result_converter() -> StrictConverter:
    """For results (:mod:`scorecard._serial`): the scored programme left out."""
    from scorecard.result import Provenance, Result

    conv = StrictConverter(omit={Result: ("programme",)}, check_ids=False)
    conv.register_unstructure_hook(
        Provenance,
        make_dict_unstructure_fn(
            Provenance, conv, indicator_weights=override(omit_if_default=True)
        ),
    )
    return conv


# -- strict hooks --------------------------------------------------------------------


def _str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise Bad(f"expected a string, got {describe(value)}: put text in quotes")
    return value


def _number_hint(value: Any, example: str) -> str:
    if isinstance(value, str):
        return f"write it without quotes, e.g. {example}"
    return f"write a number, e.g. {example}"


def _int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        hint = _number_hint(value, "2")
        raise Bad(f"expected a whole number, got {describe(value)}: {hint}")
    return value


def _number(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad(f"expected a number, got {describe(value)}: {_number_hint(value, '0.5')}")
    return value  # an integer stays an integer


def _float(value: Any, _: Any) -> float:
    return float(_number(value, float))


def _bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"expected true or false, got {describe(value)}")
    return value


_DATE_STRINGS = 'a string "YYYY", "YYYY-MM" or "YYYY-MM-DD"'


def _date(value: Any, _: Any) -> PartialDate:
    """A date of the format (TOML: ``2010-12-20``) or a partial date as a string."""
    if isinstance(value, _dt.datetime | _dt.time) or not isinstance(value, str | _dt.date):
        raise Bad(
            f"expected a date, got {describe(value)}: write a TOML date (2010-12-20) "
            f"or {_DATE_STRINGS}"
        )
    try:
        return PartialDate.coerce(value)
    except ValueError as exc:
        raise Bad(str(exc)) from None


def _string_date(value: Any, _: Any) -> PartialDate:
    """A partial date as a string: a format without dates of its own (JSON)."""
    if not isinstance(value, str):
        raise Bad(f"expected a date, got {describe(value)}: write {_DATE_STRINGS}")
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise Bad(str(exc)) from None


@cache
def _values(cls: type[enum.Enum]) -> str:
    return ", ".join(str(m.value) for m in cls)


def _enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, bool | list | dict):
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member
    shown = repr(value) if isinstance(value, str) else describe(value)
    close = (
        difflib.get_close_matches(value, [str(m.value) for m in cls], n=1)
        if isinstance(value, str)
        else []
    )
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise Bad(f"{shown} is not one of: {_values(cls)}{hint}")


def _span(value: Any, _: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        raise Bad(f"expected a span [start, end], got {describe(value)}")
    return (_int(value[0], int), _int(value[1], int))


def _is_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _note(index: int | str, tp: Any) -> IterableValidationNote:
    return IterableValidationNote(f"index {index!r}", index, tp)


def _tuple_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(tp)[0]
    handler = conv.get_structure_hook(item_type)

    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Bad(f"expected a list, got {describe(value)}: write [ ... ]")
        items: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                items.append(handler(item, item_type))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _note(i, item_type)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("while structuring a list", errors, tp)
        return tuple(items)

    return hook


def _is_table(tp: Any) -> bool:
    return get_origin(tp) is dict and get_args(tp)[:1] == (str,)


def _table_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], dict[str, Any]]:
    value_type = get_args(tp)[1]
    handler = conv.get_structure_hook(value_type)
    what, hint = (
        ("a table of weights", "give each id a weight")
        if value_type is float
        else (
            "a table",
            "give each key a value",
        )
    )

    def hook(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Bad(f"expected {what}, got {describe(value)}: {hint}")
        result: dict[str, Any] = {}
        errors: list[Exception] = []
        for key, item in value.items():
            try:
                result[_str(key, str)] = handler(item, value_type)
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _note(key, value_type)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {what}", errors, tp)
        return result

    return hook


def _checked(conv: StrictConverter, tp: Any, check: Callable[[Any], str | None]) -> Any:
    """A field's own hook: its type's strict hook, then ``check`` (a message or ``None``),
    so that a value in range is refused at the field's path, not its table's."""
    inner = conv.get_structure_hook(tp)

    def hook(value: Any, tp_: Any) -> Any:
        result = inner(value, tp_)
        message = check(result)
        if message is not None:
            raise Bad(message)
        return result

    return override(struct_hook=hook)


def _class_factory(cls: type, conv: StrictConverter) -> Callable[[Any, Any], Any]:
    overrides: dict[str, Any] = {name: override(omit=True) for name in conv.omit.get(cls, ())}
    # fields whose metadata carries a "check" (a model validator's message as data)
    for a in attrs.fields(attrs.resolve_types(cls)):
        check = a.metadata.get("check")
        if check is not None and a.name not in overrides:
            overrides[a.name] = _checked(conv, a.type, check)
    fn: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        conv,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **overrides,
    )

    has_id = conv.check_ids and any(a.name == "id" for a in attrs.fields(cls))

    def hook(value: Any, tp: Any) -> Any:
        if not isinstance(value, dict):
            raise Bad(f"expected a table, got {describe(value)}")
        wrong = _id_problem(cls, value) if has_id else None
        if wrong is None:
            return fn(value, tp)
        try:
            fn(value, tp)
        except ClassValidationError as exc:
            raise ClassValidationError(exc.message, [*exc.exceptions, wrong], cls) from None
        raise ClassValidationError(f"While structuring {cls.__name__}", [wrong], cls)

    return hook


def _id_problem(cls: type, value: dict[str, Any]) -> Exception | None:
    """An id outside :data:`ID_ALPHABET`, as the error of the class's ``id`` field."""
    ident = value.get("id")
    message = bad_id(ident) if isinstance(ident, str) else None
    if message is None:
        return None
    error = Bad(message)
    error.__notes__ = [AttributeValidationNote(f"Structuring {cls.__name__} @ id", "id", str)]
    return error


def _class_unstructure(cls: type, conv: StrictConverter) -> Callable[[Any], Any]:
    overrides: dict[str, Any] = optional_fields(cls)
    overrides |= {name: override(omit=True) for name in conv.omit.get(cls, ())}
    fn: Callable[[Any], Any] = make_dict_unstructure_fn(cls, conv, **overrides)
    return fn


# -- turning cattrs errors into problems -------------------------------------------


def _all_keys(cls: type) -> list[str]:
    return [a.name for a in attrs.fields(cls)]


def problems(
    exc: BaseException, file: str, path: str = "", *, keys: Callable[[type], list[str]] = _all_keys
) -> Iterator[Problem]:
    """The problems of a structuring error, with paths like ``a[1].b`` below ``path``;
    ``keys`` gives the keys a class allows (for the "did you mean" hint)."""
    if isinstance(exc, IterableValidationError):
        items, without = exc.group_exceptions()
        for sub, inote in items:
            yield from problems(sub, file, join_path(path, inote.index), keys=keys)
        for sub in without:
            yield from problems(sub, file, path, keys=keys)
    elif isinstance(exc, ClassValidationError):
        fields, rest = exc.group_exceptions()
        for sub, anote in fields:
            yield from problems(sub, file, join_path(path, anote.name), keys=keys)
        for sub in rest:
            yield from problems(sub, file, path, keys=keys)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = keys(exc.cl)
        for key in sorted(exc.extra_fields):
            yield Problem(file, join_path(path, key), unknown_key(key, allowed))
    elif isinstance(exc, KeyError):
        yield Problem(file, path, MISSING)
    elif isinstance(exc, Bad):
        yield Problem(file, path, str(exc))
    elif isinstance(exc, ValueError | TypeError):
        # A model validator refused the object (e.g. low above high).
        yield Problem(file, path, f"{exc}; fix the values")
    else:  # pragma: no cover - a bug, but still reported as data, never a traceback
        yield Problem(file, path, f"could not read this value ({type(exc).__name__}: {exc})")
