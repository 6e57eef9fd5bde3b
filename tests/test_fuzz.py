"""Fuzzing: mutated datasets into the loader, random programmes and weightings into
the engine. Only the documented errors may come out, and the engine's invariants hold.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.engine import DEFAULT_FLOOR, MISSING_POLICIES, score
from scorecard.errors import DataError, Problem, ScoringError, WeightsError
from scorecard.model import Programme
from scorecard.result import Result
from tests.bad_inputs import EXAMPLE
from tests.strategies import dataset_mutations, partial_dates, programmes, weight_specs

DOCUMENTS: dict[str, Any] = {
    str(path.relative_to(EXAMPLE)): tomllib.loads(path.read_text("utf-8"))
    for path in sorted(EXAMPLE.rglob("*.toml"))
}
FILES = {str(p.relative_to(EXAMPLE)) for p in EXAMPLE.rglob("*") if p.is_file()}


def _apply(root: Path, mutation: tuple[str, str, Any]) -> None:
    file, action, argument = mutation
    target = root / file
    if action == "bytes":
        offset, junk = argument
        data = target.read_bytes()
        offset = min(offset, len(data))
        target.write_bytes(data[:offset] + junk + data[offset:])
        return
    document = tomllib.loads(target.read_text("utf-8"))
    path = argument[0] if action in ("set", "rename") else argument
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    last = path[-1]
    if action == "set":
        node[last] = argument[1]
    elif action == "rename":
        node[argument[1]] = node.pop(last)
    elif isinstance(node, list):
        del node[last]
    else:
        node.pop(last)
    target.write_text(tomli_w.dumps(document), "utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation=dataset_mutations(DOCUMENTS))
def test_mutated_datasets_raise_data_error_and_nothing_else(
    mutation: tuple[str, str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(EXAMPLE, root)
        _apply(root, mutation)
        problems: tuple[Problem, ...] = ()
        try:
            programme = scorecard.load(root)
        except DataError as error:
            problems = error.problems
        else:
            assert isinstance(programme, Programme)
            return
    assert problems
    for problem in problems:
        assert problem.message.strip()
        assert problem.file in FILES, str(problem)


# -- the engine ----------------------------------------------------------------------


def _check_invariants(
    programme: Programme, result: Result, missing: str, method: str = "arithmetic"
) -> None:
    grades = programme.grades
    scores = [result.overall.score]
    for pillar in result.pillars:
        scores.append(pillar.score)
        scores.extend(c.score for c in pillar.commitments)
        assert 0.0 <= pillar.coverage <= 1.0 + 1e-12
        weights = [c.weight for c in pillar.commitments]
        assert math.isclose(math.fsum(weights), 1.0, rel_tol=1e-9), weights
        assessed = [c.score for c in pillar.commitments if c.score is not None]
        if pillar.score is not None and missing == "renormalize":
            # any mean lies between the extremes of what it averages (geometric and
            # harmonic means average max(score, floor), the floor being 1 point)
            floor = 0.0 if method == "arithmetic" else DEFAULT_FLOOR
            floored = [max(s, floor) for s in assessed]
            assert min(floored) - 1e-9 <= pillar.score <= max(floored) + 1e-9
        if missing == "renormalize":
            # missing exactly when no assessed commitment carries weight
            weighted = [c for c in pillar.commitments if c.score is not None and c.weight > 0]
            assert (pillar.score is None) == (not weighted)
    assert math.isclose(math.fsum(p.weight for p in result.pillars), 1.0, rel_tol=1e-9)
    assert 0.0 <= result.overall.coverage <= 1.0 + 1e-12
    for value in scores:
        assert value is None or (math.isfinite(value) and 0.0 <= value <= 100.0)
    for pillar in result.pillars:
        assert pillar.grade == (None if pillar.score is None else grades.grade(pillar.score))
        for c in pillar.commitments:
            assert c.grade == (None if c.score is None else grades.grade(c.score))
    if result.overall.score is not None:
        assert result.overall.grade == grades.grade(result.overall.score)


methods = st.sampled_from(["arithmetic", "geometric", "harmonic"])


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_programmes_and_good_weights_score_with_invariants(data: st.DataObject) -> None:
    programme = data.draw(programmes())
    spec = data.draw(weight_specs(programme, bad=False))
    positive = {
        # a weight below 1e-12 of its group's largest is refused (WeightsError: too
        # small to count; tests/test_weights.py); good weights stay clear of it
        group: {k: v for k, v in spec[group].items() if v >= 1e-6}
        for group in ("pillars", "commitments")
    }
    method = data.draw(methods)
    missing = data.draw(st.sampled_from(MISSING_POLICIES))
    as_of = data.draw(st.none() | partial_dates)
    try:
        result = score(programme, positive, as_of=as_of, method=method, missing=missing)
    except ScoringError:
        assert missing == "error"  # only missing data may stop a good weighting
        return
    _check_invariants(programme, result, missing, method)
    assert score(programme, positive, as_of=as_of, method=method, missing=missing) == result


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_weightings_raise_only_documented_errors(data: st.DataObject) -> None:
    programme = data.draw(programmes())
    spec = data.draw(weight_specs(programme))
    bad_value = any(
        isinstance(v, bool | str) or not math.isfinite(v) or v < 0
        for group in spec.values()
        for v in group.values()
    )
    known = {p.id for p in programme.pillars}
    unknown_id = any(k not in known for k in spec["pillars"])
    try:
        result = score(programme, spec)
    except WeightsError:
        return  # WeightsError is documented for bad weights; other errors fail the test
    assert not bad_value, spec
    assert not unknown_id, spec
    _check_invariants(programme, result, "renormalize")
