"""Progress of long jobs, shown on standard error by the command line only.

Library code marks its long loops with :func:`task` (citation verification, the
sensitivity draws, the timeline's dates) and its long single steps with
:func:`note` (laying out a PDF). Both do nothing unless a reporter is active:
:func:`scorecard.load`, :func:`scorecard.sensitivity` and the rest stay silent in
notebooks and scripts. The ``scorecard`` command activates one with
:func:`reporting` when standard error is a terminal and ``-q``/``--quiet`` is not
given; progress then goes to standard error through ``tqdm`` (a bar appears only
for a job that lasts longer than :data:`DELAY` seconds), and never to standard
output, which holds the command's result (JSON, CSV, tables).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import IO, Any, TypeVar

__all__ = ["DELAY", "Reporter", "note", "reporting", "task", "track", "wanted"]

T = TypeVar("T")

DELAY = 1.0
"""Seconds a job runs before its bar appears (shorter jobs show none)."""

Advance = Callable[[int], None]


def _nothing(_: int) -> None:
    return None


def _columns(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 0


class Reporter:
    """Draws bars and notes on one stream (standard error)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    @contextlib.contextmanager
    def task(self, description: str, total: int | None, unit: str) -> Iterator[Advance]:
        from tqdm import tqdm

        # a terminal that reports no size (a fresh pseudo-terminal) would get bars of
        # width 0 in 0 rows, which tqdm draws as nothing
        width = _columns(self.stream)
        size: dict[str, Any] = {} if width else {"ncols": 80, "nrows": 24}
        bar: Any = tqdm(
            total=total,
            desc=description,
            unit=unit,
            file=self.stream,
            delay=DELAY,
            leave=False,
            dynamic_ncols=bool(width),
            **size,
            unit_scale=unit == "draw",
        )
        try:
            yield bar.update
        finally:
            bar.close()

    def note(self, message: str) -> None:
        print(message, file=self.stream, flush=True)


_current: ContextVar[Reporter | None] = ContextVar("scorecard_progress", default=None)


@contextlib.contextmanager
def task(description: str, total: int | None = None, unit: str = "it") -> Iterator[Advance]:
    """A long loop: yields ``advance(n)``, to call as ``n`` more of ``total`` units
    are done. Without an active reporter ``advance`` does nothing."""
    reporter = _current.get()
    if reporter is None:
        yield _nothing
        return
    with reporter.task(description, total, unit) as advance:
        yield advance


def track(
    items: Iterable[T],
    description: str,
    total: int | None = None,
    unit: str = "it",
    size: Callable[[T], int] | None = None,
) -> Iterator[T]:
    """``items``, counted as done one by one (or by ``size(item)`` units, out of
    ``total``) once the loop body has run for each."""
    with task(description, total, unit) as advance:
        for item in items:
            yield item
            advance(1 if size is None else size(item))


def note(message: str) -> None:
    """One line about a long step without steps of its own (``laying out the PDF``)."""
    reporter = _current.get()
    if reporter is not None:
        reporter.note(message)


def wanted(quiet: bool, stream: IO[str] | None = None) -> bool:
    """Whether to show progress: not ``quiet``, and ``stream`` (standard error) is a
    terminal (a pipe, a file or a CI log gets none)."""
    stream = sys.stderr if stream is None else stream
    if quiet:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or exotic stream
        return False


@contextlib.contextmanager
def reporting(enabled: bool, stream: IO[str] | None = None) -> Iterator[None]:
    """Within the block, show progress on ``stream`` (standard error) if ``enabled``."""
    if not enabled:
        yield
        return
    token = _current.set(Reporter(sys.stderr if stream is None else stream))
    try:
        yield
    finally:
        _current.reset(token)
