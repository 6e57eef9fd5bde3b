"""Where the package's own assets are, in every kind of install.

The report templates live in the top-level ``templates/`` folder of the source
tree. A wheel ships them inside the package as ``scorecard/templates`` (hatchling
``force-include``); an editable install or an sdist checkout keeps them next to
the package. :func:`templates_dir` finds whichever is there.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["templates_dir"]

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """The folder holding the report templates (``report/`` inside it)."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (candidate / "report").is_dir():
            return candidate
    raise FileNotFoundError(
        f"scorecard's templates are missing (looked in {_PACKAGE / 'templates'} and "
        f"{_PACKAGE.parent / 'templates'}): reinstall the package"
    )
