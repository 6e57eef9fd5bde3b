"""Shared helpers for tests that edit a copy of the example dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).parent / "data" / "example"


def copy_example(folder: Path) -> Path:
    """A writable copy of tests/data/example in ``folder/example``."""
    root = folder / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def edit(root: Path, file: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``root/file`` by ``new``."""
    path = root / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    path.write_text(text.replace(old, new, 1), "utf-8")
