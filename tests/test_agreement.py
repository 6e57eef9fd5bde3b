"""Krippendorff's alpha: an independent re-computation on hand-worked examples, the
package call checked against it, and the unit bookkeeping of :func:`agreement`."""

from __future__ import annotations

import math
from collections import Counter
from itertools import permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.agreement import alpha


def _reference_alpha(data: list[list[float]], level: str) -> float:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', written out
    from the coincidence matrix with no shared code."""
    units = [[row[i] for row in data if not math.isnan(row[i])] for i in range(len(data[0]))]
    units = [u for u in units if len(u) >= 2]
    coincidence: Counter[tuple[float, float]] = Counter()
    for values in units:
        for a, b in permutations(range(len(values)), 2):
            coincidence[(values[a], values[b])] += 1 / (len(values) - 1)
    marginals: Counter[float] = Counter()
    for (c, _), count in coincidence.items():
        marginals[c] += count
    n = sum(marginals.values())
    ordered = sorted(marginals)

    def delta(c: float, k: float) -> float:
        if c == k:
            return 0.0
        if level == "nominal":
            return 1.0
        lo, hi = sorted((ordered.index(c), ordered.index(k)))
        between = sum(marginals[ordered[g]] for g in range(lo, hi + 1))
        return (between - (marginals[c] + marginals[k]) / 2) ** 2

    observed = sum(count * delta(c, k) for (c, k), count in coincidence.items())
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in ordered for k in ordered)
    return 1 - (n - 1) * observed / expected


# Two coders, four units (levels 0-2): u1 0/0, u2 1/1, u3 1/2, u4 2/2.
# Coincidences o00 = 2, o11 = 2, o12 = o21 = 1, o22 = 2; marginals n0 = 2, n1 = 3, n2 = 3, n = 8.
# Nominal: 1 - 7 x 2 / ((2x3 + 2x3 + 3x3) x 2) = 1 - 14/42 = 2/3.
# Ordinal: d(0,1) = (5/2)^2 = 6.25, d(1,2) = (6/2)^2 = 9, d(0,2) = (8 - (2 + 3)/2)^2 = 30.25;
# observed 2 x 9 = 18; expected 2 x (6 x 6.25 + 9 x 9 + 6 x 30.25) = 600; 1 - 7 x 18/600 = 0.79.
HAND = [[0.0, 1.0, 1.0, 2.0], [0.0, 1.0, 2.0, 2.0]]


def test_hand_computed_example() -> None:
    assert alpha(HAND, "nominal") == pytest.approx(2 / 3)
    assert alpha(HAND, "ordinal", range(3)) == pytest.approx(0.79)
    assert _reference_alpha(HAND, "nominal") == pytest.approx(2 / 3)
    assert _reference_alpha(HAND, "ordinal") == pytest.approx(0.79)


def test_missing_values_and_three_coders() -> None:
    nan = math.nan
    data = [
        [0.0, 1.0, nan, 3.0, 2.0, 2.0],
        [0.0, 2.0, 1.0, 3.0, nan, 2.0],
        [nan, 1.0, 1.0, 2.0, 2.0, nan],
    ]
    for level in ("nominal", "ordinal"):
        assert alpha(data, level) == pytest.approx(_reference_alpha(data, level))


def test_perfect_agreement_is_one_and_undefined_is_none() -> None:
    assert alpha([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]], "ordinal") == pytest.approx(1.0)
    assert alpha([[1.0, 1.0], [1.0, 1.0]], "ordinal") is None  # one value: no expected disagreement
    assert alpha([[1.0, math.nan], [math.nan, 2.0]], "nominal") is None  # nothing paired
    assert alpha([[1.0, 2.0]], "nominal") is None  # one coder


@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 5)),
        min_size=2,
        max_size=30,
    )
)
def test_package_agrees_with_reference(rows: list[tuple[int, int, int]]) -> None:
    # a third coder who sometimes did not code the unit (5 = missing)
    data = [
        [float(a) for a, _, _ in rows],
        [float(b) for _, b, _ in rows],
        [math.nan if c == 5 else float(c) for _, _, c in rows],
    ]
    for level in ("nominal", "ordinal"):
        got = alpha(data, level, range(5) if level == "ordinal" else None)
        present = {v for row in data for v in row if not math.isnan(v)}
        if got is None:
            assert len(present) < 2
        else:
            assert got == pytest.approx(_reference_alpha(data, level), abs=1e-9)
