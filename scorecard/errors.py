"""The exceptions scorecard raises.

Every exception the library raises on bad input is a :class:`ScorecardError`.
Errors carry data (file, path, ids) and build their message from it. Loading
collects every problem of a dataset and raises once, as one :class:`DataError`.

Two kinds of bad input are kept apart, so that a caller can tell "fix your
dataset" from "fix your call":

- :class:`DataError` (and its :class:`WeightsError` and :class:`ScoringError`):
  something in the data, or in a weighting, is wrong or cannot be scored as asked.
- :class:`OptionsError` (also a :class:`ValueError`): an argument is wrong, such
  as an unknown aggregation method or a floor out of range. It names the option
  both as the Python parameter (``floor``) and as the command-line flag
  (``--floor``).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DataError",
    "OptionProblem",
    "OptionsError",
    "Problem",
    "RenderError",
    "ScorecardError",
    "ScoringError",
    "WeightsError",
    "WrongTypeError",
]


@attrs.frozen(slots=True)
class Problem:
    """One problem in one place of a dataset.

    ``file`` is relative to the dataset folder (``pillars/p1.toml``), ``path`` is
    the place inside the file in the data's own terms
    (``commitments[2].assessments[0].status``; empty for the whole file).

    Where the loader can tell, ``line`` and ``column`` (1-based) say where the value
    (or, for a missing key, its table) sits in the file, and ``subject`` names the
    entry the path runs through (``commitment p1.arrests``). The problem then reads
    ``pillars/p1.toml:42:5: commitment p1.arrests, assessments[0].status: ...``.
    """

    file: str
    path: str
    message: str
    line: int | None = attrs.field(default=None, kw_only=True)
    column: int | None = attrs.field(default=None, kw_only=True)
    subject: str | None = attrs.field(default=None, kw_only=True)

    @property
    def where(self) -> str:
        """``file:line:column`` (as far as known)."""
        where = self.file
        if self.file and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    @property
    def shown_path(self) -> str:
        """The path as shown: with a ``subject``, its entry named by id instead of by
        index (``commitment p1.arrests, assessments[0].status``)."""
        if self.subject is None:
            return self.path
        head, _, rest = self.path.partition("]")
        rest = rest.removeprefix(".")
        return f"{self.subject}, {rest}" if rest else self.subject if head else self.path

    def __str__(self) -> str:
        parts = [self.where] if self.file else []
        if self.path:
            parts.append(self.shown_path)
        parts.append(self.message)
        return ": ".join(parts)


class ScorecardError(Exception):
    """Base class of every error scorecard raises on bad input or bad use."""


class DataError(ScorecardError):
    """A dataset (or other input) has one or more problems; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)

    def lines(self) -> list[str]:
        """One line per problem, as the CLI prints them."""
        return [str(p) for p in self.problems]


class WeightsError(DataError):
    """A weighting is invalid: unknown ids, negative or non-finite weights, all-zero groups."""


class ScoringError(DataError):
    """The data cannot be scored as asked: missing data under ``missing="error"``,
    or a zero under a geometric or harmonic mean with ``floor=0``. (A bad choice,
    such as an unknown method name, is an :class:`OptionsError`.)"""


@attrs.frozen(slots=True)
class OptionProblem:
    """One bad argument: ``option`` is the Python parameter, with the level after a
    dot where the option has levels (``floor``, ``method.overall``)."""

    option: str
    message: str

    @property
    def flag(self) -> str:
        """The command-line flag that sets the option (``--floor``, ``--method``)."""
        return "--" + self.option.partition(".")[0].replace("_", "-")

    def cli_line(self) -> str:
        """The problem in command-line terms: ``--method: overall: unknown method ...``."""
        level = self.option.partition(".")[2]
        return f"{self.flag}: " + (f"{level}: " if level else "") + self.message

    def __str__(self) -> str:
        return f"{self.option}: {self.message}"


class OptionsError(ScorecardError, ValueError):
    """One or more arguments are bad (an unknown method, missing policy or indicator
    pick, a floor out of range, a bad as-of date, a non-positive number of draws);
    ``problems`` lists them all. Raised where the options are built
    (:class:`~scorecard.options.ScoringOptions`), before any scoring. Not a
    :class:`DataError`: the dataset is fine, the call is not."""

    def __init__(self, problems: Iterable[OptionProblem]) -> None:
        self.problems: tuple[OptionProblem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("OptionsError needs at least one problem")
        super().__init__("; ".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, naming the command-line flag, as the CLI prints them."""
        return [p.cli_line() for p in self.problems]


class WrongTypeError(ScorecardError, TypeError):
    """A function was given an argument of the wrong type (``explain(result, "p1.x")``).
    Also a :class:`TypeError`, so ``except TypeError`` keeps working; the message names
    the parameter, what it takes and how to get one."""


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``known`` to ``value``, or nothing.

    Here rather than with the converters so that modules the command line needs
    for ``--help`` (the weights) do not load cattrs for it.
    """
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def expect(
    value: object, kind: type | tuple[type, ...], call: str, what: str, how: str = ""
) -> None:
    """Raise :class:`WrongTypeError` unless ``value`` is a ``kind``: ``call`` is the
    function and parameter (``explain() after``), ``what`` what it takes (``a Result``),
    ``how`` how to get one (``score(programme)``)."""
    if isinstance(value, kind):
        return
    hint = f": {how}" if how else ""
    raise WrongTypeError(f"{call} must be {what}, not {_kind(value)}{hint}")


def _kind(value: object) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"the string {shown!r}"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


class RenderError(ScorecardError):
    """A report could not be rendered (bad template directory, refused fetch, PDF failure)."""
