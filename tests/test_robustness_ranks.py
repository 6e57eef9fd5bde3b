"""Rank shares: the sort-based ``_rank_shares`` against the pairwise loop it replaced
(kept here as the oracle), on random score matrices with ties and missing scores."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scorecard.robustness import _rank_shares


def _pairwise_rank_shares(pillars: np.ndarray) -> list[tuple[float, ...]]:
    """The implementation before issue 16: every pair of pillars compared per draw."""
    values = np.where(np.isnan(pillars), -np.inf, pillars)
    n = values.shape[1]
    shares = []
    for p in range(n):
        rank = np.zeros(values.shape[0], dtype=np.int64)
        for q in range(n):
            if q == p:
                continue
            beats = values[:, q] >= values[:, p] if q < p else values[:, q] > values[:, p]
            rank += beats
        counts = np.bincount(rank, minlength=n)
        shares.append(tuple(float(c) / values.shape[0] for c in counts))
    return shares


# Few distinct values (ties are common), a missing score now and then, and -0.0.
_SCORES = st.sampled_from([0.0, -0.0, 12.5, 50.0, 50.0000001, 100.0, float("nan")]) | st.floats(
    0, 100
)


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 40), st.integers(1, 9)),
        elements=_SCORES,
    )
)
def test_rank_shares_equal_the_pairwise_oracle(pillars: np.ndarray) -> None:
    assert _rank_shares(pillars) == _pairwise_rank_shares(pillars)


def test_rank_shares_hand_computed() -> None:
    # draw 1: b > a = c (a first of the tie); draw 2: c > a, b missing (last)
    pillars = np.array([[10.0, 20.0, 10.0], [5.0, np.nan, 7.0]])
    assert _rank_shares(pillars) == [(0.0, 1.0, 0.0), (0.5, 0.0, 0.5), (0.5, 0.0, 0.5)]
