"""Gold files: compare rendered output with a reviewed copy, and rewrite it on request.

``SCORECARD_UPDATE_GOLD=1`` rewrites a gold file whose output changed and prints the
unified diff of the change, so the update can be reviewed (and committed on its own,
see docs/testing.md). A missing gold file is a failure, never a pass.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

UPDATE = "SCORECARD_UPDATE_GOLD"


def unified_diff(old: str, new: str, name: str) -> str:
    """The change from ``old`` to ``new`` as a unified diff (empty when equal)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{name} (gold)",
            tofile=f"{name} (now)",
        )
    )


def check_gold(gold: Path, actual: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that ``actual`` equals the gold file, or rewrite it (printing the diff
    past pytest's capture) when ``SCORECARD_UPDATE_GOLD=1``."""
    old = gold.read_text(encoding="utf-8") if gold.exists() else ""
    if os.environ.get(UPDATE) == "1" and old != actual:
        diff = unified_diff(old, actual, gold.name)
        gold.write_text(actual, encoding="utf-8")
        with capsys.disabled():  # a gold update must be seen, even from a passing test
            print(f"\n{UPDATE}=1 rewrote {gold}:\n{diff}", flush=True)
        old = actual
    assert gold.exists(), (
        f"the gold file {gold} is missing: a missing gold file is a failure, never a pass. "
        f"Create it with {UPDATE}=1 .venv/bin/pytest tests/test_report_render.py "
        "and review it before committing"
    )
    if old != actual:
        diff = unified_diff(old, actual, gold.name)
        shown = diff if len(diff) < 6000 else diff[:6000] + "\n[... diff cut ...]\n"
        raise AssertionError(
            f"{gold.name} differs from the rendered output; if the change is intended, "
            f"rerun with {UPDATE}=1, review the printed diff and commit the gold file on "
            f"its own.\n{shown}"
        )
