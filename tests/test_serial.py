"""Results as plain data and back (scorecard._serial): as strict as reading a dataset."""

from __future__ import annotations

from typing import Any

import pytest

import scorecard
from scorecard.errors import DataError
from scorecard.result import Result
from tests.bad_inputs import EXAMPLE

RESULT = scorecard.score(scorecard.load(EXAMPLE))


def _data() -> dict[str, Any]:
    return RESULT.to_dict()


def test_a_result_round_trips_exactly() -> None:
    assert Result.from_json(RESULT.to_json()) == RESULT
    assert "programme" not in _data()  # the scored programme is not part of the data


def test_every_problem_of_a_result_is_named_with_its_path() -> None:
    data = _data()
    data["overall"]["score"] = "71.5"
    data["pillars"][0]["commitments"][0]["parties"] = "canada"
    data["pillars"][1]["sources"] = True
    data["provenance"]["as_of"] = 2016
    data["parties"][0]["comitments"] = data["parties"][0].pop("commitments")
    with pytest.raises(DataError) as info:
        Result.from_dict(data)
    assert sorted(info.value.lines()) == [
        "Result.overall.score: expected a number, got the string '71.5': "
        "write it without quotes, e.g. 0.5",
        "Result.parties[0].comitments: unknown key 'comitments'; did you mean 'commitments'?",
        "Result.parties[0].commitments: this required key is missing; add it",
        "Result.pillars[0].commitments[0].parties: expected a list, got the string "
        "'canada': write [ ... ]",
        "Result.pillars[1].sources: expected a whole number, got the boolean true: "
        "write a number, e.g. 2",
        'Result.provenance.as_of: expected a date, got the number 2016: write a string "YYYY", '
        '"YYYY-MM" or "YYYY-MM-DD"',
    ]
