"""The report's formatting filters."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.dates import PartialDate
from scorecard.model import GradeBand, GradeBands
from scorecard.report.filters import (
    date_long,
    date_short,
    delta,
    number,
    percent,
    score,
    short_author,
    short_title,
)


def test_score_truncates_so_display_never_reaches_a_higher_band() -> None:
    assert score(79.96) == "79.9"
    assert score(80.0) == "80.0"
    assert score(None) == "—"


@settings(max_examples=100)
@given(st.floats(min_value=0, max_value=100))
def test_displayed_score_has_the_same_grade(value: float) -> None:
    bands = GradeBands((GradeBand("A", 80, 100), GradeBand("B", 60, 80), GradeBand("F", 0, 60)))
    assert bands.grade(float(score(value))) == bands.grade(value)


@pytest.mark.parametrize(
    ("share", "text"),
    [(1.0, "100%"), (0.999, ">99%"), (0.001, "<1%"), (0.0, "0%"), (0.5, "50%"), (0.675, "68%")],
)
def test_percent_never_overstates(share: float, text: str) -> None:
    assert percent(share) == text


def test_dates_print_at_their_own_precision() -> None:
    assert date_long(PartialDate.parse("2009")) == "2009"
    assert date_long(PartialDate.parse("2009-09")) == "September 2009"
    assert date_long(PartialDate.parse("2010-12-20")) == "20 December 2010"
    assert date_long(None) == "undated"


def test_delta_and_number() -> None:
    assert delta(3.24) == "+3.2"
    assert delta(-0.5) == "\u22120.5"
    assert delta(0.01) == "0.0"
    assert number(24000.0) == "24,000"
    assert number(2.50) == "2.5"


def test_short_dates_for_tables_and_axes() -> None:
    assert date_short(PartialDate.parse("2009")) == "2009"
    assert date_short(PartialDate.parse("2009-09")) == "Sep 2009"
    assert date_short(PartialDate.parse("2010-12-20")) == "20 Dec 2010"
    assert date_short(None, "never") == "never"


@pytest.mark.parametrize(
    ("title", "short"),
    [
        (
            "Success or Failure? Evaluating U.S.-Mexico Efforts to Address Organized Crime",
            "Success or Failure?",
        ),
        (
            "Security. U.S.-Mexico Cooperation: A New Opportunity?",
            "Security. U.S.-Mexico Cooperation",
        ),
        (
            "U.S.-Mexico National Security Cooperation against Organized Crime: The Road Ahead",
            "U.S.-Mexico National Security Cooperation\u2026",
        ),
        ("Mid-term Review of the Border Clean Water Programme", "Mid-term Review\u2026"),
        ("Securing Mexico with US Aid", "Securing Mexico with US Aid"),
        (": odd", ": odd"),
    ],
)
def test_short_titles(title: str, short: str) -> None:
    assert short_title(title) == short


def test_short_authors() -> None:
    assert short_author(("Andrew Selee",), "Wilson Center") == "Selee"
    assert short_author(("Shannon K. O'Neil",), None) == "O'Neil"
    assert short_author(("Sigrid Arzt", "Andrew Selee"), None) == "Arzt and Selee"
    assert short_author(("A B", "C D", "E F"), None) == "B et al."
    assert short_author(("Government of Mexico",), None) == "Government of Mexico"
    assert short_author(None, "International Relations and Security Network (ISN)") == "ISN"
    assert short_author(None, "Council on Foreign Relations, Policy Memorandum") == (
        "Council on Foreign Relations"
    )
    assert short_author(None, None) == ""


def test_footnote_citation_is_short_with_author_date_and_title() -> None:
    from strategies import SOURCE

    from scorecard.report.view import cite

    source = attrs.evolve(
        SOURCE,
        title="Success or Failure? Evaluating U.S.-Mexico Efforts",
        authors=("Andrew Selee",),
        publisher="Woodrow Wilson Center, Perspectives on the Americas",
        published=PartialDate.parse("2010-12-20"),
    )
    assert cite(source) == "Selee 2010, \u201cSuccess or Failure?\u201d"
    anonymous = attrs.evolve(source, authors=None, publisher=None)
    assert cite(anonymous) == "\u201cSuccess or Failure?\u201d, 2010"


@settings(max_examples=100)
@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip()))
def test_short_title_is_never_longer_and_never_empty(title: str) -> None:
    short = short_title(title)
    assert short.strip()
    assert len(short) <= len(" ".join(title.split())) + 1
