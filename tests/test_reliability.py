"""Krippendorff's alpha: an independent re-computation on hand-worked examples, the
package call checked against it, and the unit bookkeeping of :func:`agreement`."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from collections import Counter
from itertools import permutations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard import agreement, load
from scorecard.reliability import alpha


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


# -- agreement() on a dataset with codings ----------------------------------------------


EXAMPLE = Path(__file__).parent / "data" / "example"

# Two coders, one round, on the example programme (scored levels: stalled 0, limited 1,
# progressing 2, achieved 3):
#   access.connections @ progress-2015   X limited      Y limited
#   access.kiosks      @ review-2016     X stalled      Y limited
#   quality.testing    @ review-2016     X achieved     Y achieved
#   governance.register@ review-2016     X progressing  Y progressing
#   governance.tariffs @ progress-2015   X no-evidence  Y stalled     (not paired on levels)
#   verdict programme  @ review-2016     X progressing  Y (not coded)
CODER_X = """
round = 1
coder = "X"
[[readings]]
commitment = "access.connections"
source = "progress-2015"
status = "limited"
[[readings]]
commitment = "access.kiosks"
source = "review-2016"
status = "stalled"
[[readings]]
commitment = "quality.testing"
source = "review-2016"
status = "achieved"
[[readings]]
commitment = "governance.register"
source = "review-2016"
status = "progressing"
[[readings]]
commitment = "governance.tariffs"
source = "progress-2015"
status = "no-evidence"
[[readings]]
scope = "programme"
source = "review-2016"
status = "progressing"
"""
CODER_Y = """
round = 1
coder = "Y"
[[readings]]
commitment = "access.connections"
source = "progress-2015"
status = "limited"
[[readings]]
commitment = "access.kiosks"
source = "review-2016"
status = "limited"
[[readings]]
commitment = "quality.testing"
source = "review-2016"
status = "achieved"
[[readings]]
commitment = "governance.register"
source = "review-2016"
status = "progressing"
[[readings]]
commitment = "governance.tariffs"
source = "progress-2015"
status = "stalled"
"""


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    folder = tmp_path / "coded"
    shutil.copytree(EXAMPLE, folder)
    (folder / "codings" / "round-1").mkdir(parents=True)
    (folder / "codings" / "round-1" / "X.toml").write_text(CODER_X)
    (folder / "codings" / "round-1" / "Y.toml").write_text(CODER_Y)
    return folder


def test_agreement_of_a_coded_dataset_by_hand(coded: Path) -> None:
    result = agreement(load(coded))
    (only,) = result.rounds
    assert only.round == 1
    assert only.coders == ("X", "Y")
    # Overall, levels of the four paired units: X 1,0,3,2 and Y 1,1,3,2. Coincidences
    # (1,1)x2, (0,1), (1,0), (3,3)x2, (2,2)x2; n0 = 1, n1 = 3, n2 = 2, n3 = 2, n = 8.
    # Ordinal d(c,k) = (sum of n_g from c to k - (n_c + n_k)/2)^2: d01 = 4, d02 = 20.25,
    # d03 = 42.25, d12 = 6.25, d13 = 20.25, d23 = 4. Observed: 2 x d01 = 8. Expected:
    # 2 x (3x4 + 2x20.25 + 2x42.25 + 6x6.25 + 6x20.25 + 4x4) = 624.
    # alpha = 1 - 7 x 8 / 624 = 0.910256...
    assert only.overall.status == pytest.approx(1 - 7 * 8 / 624)
    assert only.overall.units == 6
    assert only.overall.paired == 4
    assert only.overall.agreement == pytest.approx(3 / 4)
    # Coded or not (nominal), six units: X scored x5 and no-evidence once, Y scored x5 and
    # one unit not coded. n0 = 1, n1 = 1, n2 = 10, n = 12; 4 disagreeing ordered pairs;
    # expected 2 x (1 + 10 + 10) = 42: alpha = 1 - 11 x 4 / 42.
    assert only.overall.coded == pytest.approx(1 - 11 * 4 / 42)
    # access: X 1,0 and Y 1,1: n0 = 1, n1 = 3, d01 = 4; 1 - 3 x 8 / 24 = 0.
    assert only.pillars["access"].status == pytest.approx(0.0)
    # one paired unit, one value: no expected disagreement, alpha undefined
    assert only.pillars["quality"].status is None
    assert only.pillars["governance"].paired == 1
    # the programme verdict counts overall, in no pillar
    assert sum(p.units for p in only.pillars.values()) == only.overall.units - 1


def _agreement(folder: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """``scorecard agreement FOLDER [FLAGS]`` in a fresh interpreter, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "scorecard", "agreement", str(folder), *flags],
        capture_output=True,
        text=True,
        check=False,
    )


def test_agreement_command(coded: Path) -> None:
    run = _agreement(coded, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    (only,) = data["rounds"]
    assert only["overall"]["status"] == pytest.approx(1 - 7 * 8 / 624)
    assert set(only["pillars"]) == {"access", "quality", "governance"}
    table = _agreement(coded)
    assert table.returncode == 0, table.stderr
    assert "0.910, at or above the 0.80 target" in table.stdout


def test_a_round_with_one_coder_is_an_error(coded: Path) -> None:
    (coded / "codings" / "round-1" / "Y.toml").unlink()
    run = _agreement(coded)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "round-1" in run.stderr


def test_the_report_has_a_reliability_section_only_with_codings(coded: Path) -> None:
    from scorecard import render_html, score

    html = render_html(score(load(coded)))
    section = html[html.index('id="reliability"') :]
    section = section[: section.index("</table>")]
    # round 1: coders X and Y, 6 units, 4 paired, the alphas computed by hand above
    assert '<td data-label="Coders">X, Y</td>' in section
    assert ">0.910<" in section  # levels, ordinal
    assert ">\u22120.048<" in section  # coded, nominal: 1 - 44/42, with a true minus sign
    assert "the target is 0.800" in html
    plain = render_html(score(load(EXAMPLE)))
    assert 'id="reliability"' not in plain


def test_alpha_display() -> None:
    from scorecard.display import format_alpha

    assert format_alpha(None) == "\u2014"
    assert format_alpha(1.0) == "1.000"
    assert format_alpha(0.8709677) == "0.871"
    assert format_alpha(-0.0476) == "\u22120.048"
