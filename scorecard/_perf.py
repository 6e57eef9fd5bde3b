"""Small helpers for code that builds very many objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["no_cyclic_gc"]


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (a
    programme, its citations, a result): on a large programme it would otherwise
    rescan the whole heap again and again. Reference counting frees everything as
    usual; the collector is restored (if it was on) on the way out."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
