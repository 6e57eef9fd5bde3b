"""The exceptions scorecard raises.

Every exception the library raises on bad input is a :class:`ScorecardError`.
Errors carry data (file, path, ids) and build their message from it. Loading
collects every problem of a dataset and raises once, as one :class:`DataError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DataError",
    "Problem",
    "RenderError",
    "ScorecardError",
    "ScoringError",
    "WeightsError",
]


@attrs.frozen(slots=True)
class Problem:
    """One problem in one place of a dataset.

    ``file`` is relative to the dataset folder (``pillars/p1.toml``), ``path`` is
    the place inside the file in the data's own terms
    (``commitments[2].assessments[0].status``; empty for the whole file).
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.path:
            parts.append(self.path)
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
    """Scoring cannot go on as asked: missing data under ``missing="error"``, a zero
    under a geometric or harmonic mean without a floor, an unknown method name."""


class RenderError(ScorecardError):
    """A report could not be rendered (bad template directory, refused fetch, PDF failure)."""
