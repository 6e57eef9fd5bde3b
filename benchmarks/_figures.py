"""One line per benchmarked figure: min / median / max, the target, PASS or MISSED."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def figure(name: str, values: Sequence[float], unit: str, target: str, passed: bool) -> bool:
    """Print ``name``'s spread of ``values`` against ``target``; return ``passed``."""
    low, mid, high = min(values), statistics.median(values), max(values)
    spread = f"{low:.3g} / {mid:.3g} / {high:.3g} {unit}"
    print(f"{name:<44} {spread:<30} target {target:<26} {'PASS' if passed else 'MISSED'}")
    return passed
