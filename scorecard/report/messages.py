"""The report's sentences, read from the template ``_messages.txt.j2``.

Every sentence and label the view model writes (findings, notes, methodology
text, table cells such as "not assessed") is a macro of that template, so a
``--template-dir`` can reword the report without touching Python. A user's
``_messages.txt.j2`` needs to define only the macros it changes: a name it does
not define is looked up in the built-in file.

The macros return plain text (the environment does not escape them); the report
templates escape that text where they print it, exactly as they escape dataset
text. Values are passed to a macro as arguments, never as template source, so
dataset text is never evaluated as a template.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from scorecard.errors import RenderError
from scorecard.report.env import environment

__all__ = ["MESSAGES", "Messages", "builtin_messages"]

MESSAGES = "_messages.txt.j2"


class Messages:
    """The macros of ``_messages.txt.j2`` on a template path, called by name."""

    def __init__(self, template_dir: str | os.PathLike[str] | None = None) -> None:
        env = environment(template_dir, escape=False)
        # the user's file first (the built-in one when there is none), then the built-in
        self._modules: tuple[Any, ...] = (
            env.get_template(MESSAGES).module,
            env.get_template(f"builtin/{MESSAGES}").module,
        )
        self._macros: dict[str, Any] = {}

    def _macro(self, name: str) -> Any:
        found = self._macros.get(name)
        if found is None:
            for module in self._modules:
                found = getattr(module, name, None)
                if found is not None:
                    break
            else:
                raise RenderError(
                    f"{MESSAGES}: the report needs a macro {name!r}, which neither the template "
                    "directory nor the built-in templates define; check its spelling"
                )
            self._macros[name] = found
        return found

    def __call__(self, name: str, *args: object) -> str:
        """The text of macro ``name`` called with ``args`` (plain text, not yet escaped)."""
        return str(self._macro(name)(*args))


@functools.cache
def builtin_messages() -> Messages:
    """The built-in sentences (shared: they never change within a process)."""
    return Messages()
