"""Formatting scores, shares and weights for display, without ever flattering them.

Scores are kept unrounded in results. Two rules make display honest:

1. **Grading** compares :func:`snap` of a score with the band edges: the score
   rounded to 9 decimals (only float noise such as ``79.99999999999999`` for a true
   80 is removed) and clamped to [0, 100].
2. **Showing** floors the snapped score to the shown precision
   (:func:`format_score`). A floored number is never above the snapped score, so
   the band of the number shown is never higher than the grade: rounding never
   lifts a score into a higher band. ``79.6`` shows as ``79``, not ``80``.

Shares (coverage, outcome share) are floored too (:func:`format_percent`), and a
share that is not exactly 0 is never shown as 0 % (coverage.py's rule: no false
100 %, no false 0 %).
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, Decimal

from scorecard.model import GradeBands

__all__ = ["format_percent", "format_score", "format_weight", "grade_of", "snap"]

SNAP_DIGITS = 9


def snap(score: float) -> float:
    """The score as graded: rounded to 9 decimals and clamped to [0, 100]."""
    if not math.isfinite(score):
        raise ValueError(f"a score must be finite, not {score!r}")
    return min(max(round(score, SNAP_DIGITS), 0.0), 100.0)


def grade_of(bands: GradeBands, score: float) -> str:
    """The grade of a score (after :func:`snap`)."""
    return bands.grade(snap(score))


def _floor_text(value: float, digits: int) -> str:
    if digits < 0:
        raise ValueError("digits must be >= 0")
    # Decimal(repr) keeps the shortest decimal that round-trips, so flooring it is exact.
    quantum = Decimal(1).scaleb(-digits)
    shown = Decimal(repr(value)).quantize(quantum, rounding=ROUND_FLOOR)
    if shown == 0:
        shown = abs(shown)  # no "-0"
    return f"{shown:.{digits}f}"


def format_score(score: float | None, digits: int = 0, missing: str = "—") -> str:
    """A score floored to ``digits`` decimals (``79.96`` -> ``"79"`` or ``"79.9"``);
    ``missing`` for ``None``."""
    if score is None:
        return missing
    return _floor_text(snap(score), digits)


def format_percent(share: float | None, digits: int = 0, missing: str = "—") -> str:
    """A share in [0, 1] as a percentage, floored; never a false 0 % or 100 %."""
    if share is None:
        return missing
    if not (math.isfinite(share) and 0.0 <= share <= 1.0 + 1e-12):
        raise ValueError(f"a share must be between 0 and 1, not {share!r}")
    pct = min(round(share * 100.0, SNAP_DIGITS), 100.0)
    text = _floor_text(pct, digits)
    if pct > 0 and Decimal(text) == 0:
        text = _floor_text(float(Decimal(1).scaleb(-digits)), digits)
    return text + "%"


def format_weight(weight: float, digits: int = 1) -> str:
    """A normalised weight as a percentage rounded to ``digits`` (weights carry no
    grade, so ordinary rounding is fine)."""
    return f"{weight * 100.0:.{digits}f}%"
