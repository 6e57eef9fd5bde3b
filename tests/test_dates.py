"""Partial and uncertain dates: parsing, meaning, order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scorecard
from scorecard.dates import PartialDate
from scorecard.engine import score
from scorecard.errors import DataError
from scorecard.report.filters import date_long, date_short
from tests.dataset_support import copy_example, edit
from tests.strategies import commitment, edtf_dates, partial_dates, programme

FORMS = [
    "2009",
    "2012-12",
    "2010-12-20",
    "2009-21",
    "2009-22",
    "2009-23",
    "2009-24",
    "2009-06/2009-08",
    "2009-22/2010-01-15",
    "2008/2009-21",
]


@pytest.mark.parametrize("text", FORMS)
def test_parse_and_isoformat_round_trip(text: str) -> None:
    assert PartialDate.parse(text).isoformat() == text
    assert str(PartialDate.parse(text)) == text


@pytest.mark.parametrize("text", ["09", "2009-13", "2009-02-30", "2009-1", "Nov 2016", ""])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"YYYY|month|day|out of range"):
        PartialDate.parse(text)


# Each refused form with the words that must say why; every message lists what is taken.
BAD_EDTF = [
    ("2009?", "uncertain"),
    ("2009-06~", "approximate"),
    ("2009-06%", "approximate"),
    ("200X", "unspecified"),
    ("2009-XX", "unspecified"),
    ("2009/..", "open interval"),
    ("../2009", "open interval"),
    ("2009/", "unknown end"),
    ("/2009", "unknown end"),
    ("2009-25", "level 2"),
    ("2009-41", "level 2"),
    ("[2009,2010]", "sets"),
    ("{2009,2010}", "sets"),
    ("-0500", "negative"),
    ("Y170000002", "long years"),
    ("1950S2", "significant digits"),
    ("2009-06-01T10:00", "times"),
    ("2009/2010/2011", "not a date"),
    ("2009-22-05", "a season has no day"),
    ("2009-20", "neither a month"),
    ("2009 /2010", "not a date"),
    ("\uff12\uff10\uff10\uff19", "not a date"),  # full-width digits
]


@pytest.mark.parametrize(("text", "why"), BAD_EDTF)
def test_unsupported_edtf_is_refused_saying_what_is_supported(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why) as info:
        PartialDate.parse(text)
    if why not in ("neither a month",):
        assert "2009-06/2009-08" in str(info.value)  # the supported forms, by example


@settings(max_examples=300)
@given(st.text(alphabet="0123456789-/?~%X.T:[]", max_size=24) | edtf_dates.map(str))
def test_parse_takes_exactly_the_canonical_forms(text: str) -> None:
    # Any text either parses to a date written exactly as the text, or is refused with a
    # ValueError (never another exception, never a date written differently).
    try:
        date = PartialDate.parse(text)
    except ValueError as exc:
        message = str(exc)
        assert message  # says what is wrong
    else:
        assert date.isoformat() == text


@pytest.mark.parametrize(
    "text", ["2010/2009", "2009-09/2009-22", "2010-24/2010-11", "2009-12-31/2009-12-30"]
)
def test_an_interval_may_not_end_before_it_starts(text: str) -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        PartialDate.parse(text)


def test_the_first_day_of_the_start_may_be_the_last_day_of_the_end() -> None:
    # Only A.first <= B.last is required: the two sides may overlap.
    assert PartialDate.parse("2009-12-31/2009-12-31").last == dt.date(2009, 12, 31)
    assert PartialDate.parse("2009-24/2009-12").first == dt.date(2009, 12, 1)
    assert PartialDate.parse("2009-24/2009-12").last == dt.date(2009, 12, 31)


def test_a_partial_date_denotes_its_days() -> None:
    assert PartialDate(2009).first == dt.date(2009, 1, 1)
    assert PartialDate(2009).last == dt.date(2009, 12, 31)
    assert PartialDate(2012, 2).last == dt.date(2012, 2, 29)
    # A source of "2009" may be from December: not on or before September.
    assert not PartialDate(2009).on_or_before("2009-09")
    assert PartialDate(2009, 9).on_or_before("2009")
    assert PartialDate.coerce(dt.date(2010, 12, 20)) == PartialDate(2010, 12, 20)


# Hand-computed: Northern-hemisphere meteorological seasons; winter runs into the next year.
SEASON_DAYS = [
    ("2009-21", "season", (2009, 3, 1), (2009, 5, 31)),
    ("2009-22", "season", (2009, 6, 1), (2009, 8, 31)),
    ("2009-23", "season", (2009, 9, 1), (2009, 11, 30)),
    ("2009-24", "season", (2009, 12, 1), (2010, 2, 28)),
    ("2011-24", "season", (2011, 12, 1), (2012, 2, 29)),  # into a leap February
    ("2009-06/2009-08", "interval", (2009, 6, 1), (2009, 8, 31)),
    ("2009-22/2010", "interval", (2009, 6, 1), (2010, 12, 31)),
    ("2008-24/2009-03-15", "interval", (2008, 12, 1), (2009, 3, 15)),
    ("2009/2009-24", "interval", (2009, 1, 1), (2010, 2, 28)),
]


@pytest.mark.parametrize(("text", "precision", "first", "last"), SEASON_DAYS)
def test_seasons_and_intervals_denote_their_days(
    text: str, precision: str, first: tuple[int, int, int], last: tuple[int, int, int]
) -> None:
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert date.first == dt.date(*first)
    assert date.last == dt.date(*last)


def test_construction_by_fields_and_by_interval() -> None:
    summer = PartialDate(2009, season=22)
    assert summer == PartialDate.parse("2009-22")
    assert summer.month is None
    assert summer.day is None
    span = PartialDate.interval(PartialDate(2009, 6), PartialDate(2009, 8))
    assert span == PartialDate.parse("2009-06/2009-08")
    assert (span.start, span.end) == (PartialDate(2009, 6), PartialDate(2009, 8))
    assert (span.year, span.month, span.day) == (2009, 6, None)
    assert summer.start is summer
    assert summer.end is None
    assert [d.precision for d in map(PartialDate.parse, FORMS[:3])] == ["year", "month", "day"]
    with pytest.raises(ValueError, match="not supported"):
        PartialDate(2009, season=25)
    with pytest.raises(ValueError, match="no month or day"):
        PartialDate(2009, 6, season=22)
    with pytest.raises(ValueError, match="not another interval"):
        PartialDate.interval(span, PartialDate(2010))
    with pytest.raises(ValueError, match="not another interval"):
        PartialDate(2009, end=span)
    with pytest.raises(ValueError, match="10000"):
        PartialDate(9999, season=24)
    with pytest.raises(TypeError, match="interval"):
        PartialDate.coerce(2009)  # type: ignore[arg-type]


def test_a_season_sorts_by_its_interval() -> None:
    summer, september, year = (PartialDate.parse(t) for t in ("2009-22", "2009-09", "2009"))
    # Summer 2009 is over before September begins; 2009 may mean December.
    assert summer < september < year
    assert summer.on_or_before(september)
    assert not september.on_or_before(summer)
    # 2009-22 lies inside 2009 and ends first: it sorts first, and is on or before 2009,
    # while 2009 is not on or before summer 2009 (it may mean December).
    assert summer.on_or_before(year)
    assert not year.on_or_before(summer)
    # Winter 2009 ends in February 2010: after 2009 and 2010-01, before 2010-03 and 2010.
    winter = PartialDate.parse("2009-24")
    assert year < PartialDate(2010, 1) < winter < PartialDate(2010, 3) < PartialDate(2010)
    # The same days written two ways are two dates, in a fixed order: the single one first.
    span = PartialDate.parse("2009-06/2009-08")
    assert span != summer
    assert hash(span) != hash(summer)
    assert summer < span
    assert not span < summer
    assert not span.on_or_before("2009-07")
    assert span.on_or_before("2009-22")


@settings(max_examples=200)
@given(edtf_dates)
def test_isoformat_round_trips_and_is_canonical(d: PartialDate) -> None:
    text = d.isoformat()
    assert PartialDate.parse(text) == d
    assert PartialDate.parse(text).isoformat() == text
    assert d.first <= d.last
    if d.end is not None:
        assert d.first == d.start.first
        assert d.last == d.end.last
        assert d.precision == "interval"


@settings(max_examples=200)
@given(edtf_dates, edtf_dates)
def test_equality_is_equality_of_the_written_form(a: PartialDate, b: PartialDate) -> None:
    assert (a == b) == (a.isoformat() == b.isoformat())
    if a == b:
        assert hash(a) == hash(b)


@settings(max_examples=200)
@given(st.one_of(partial_dates, edtf_dates), edtf_dates)
def test_order_agrees_with_on_or_before(a: PartialDate, b: PartialDate) -> None:
    # Sorting never puts a date before one it is not on or before ...
    if a <= b:
        assert a.on_or_before(b)
    # ... and a date strictly on or before another sorts first. Dates with the same last
    # day (2001-01-31 and 2001-01) are on or before each other; the order then puts the
    # one whose first day is earlier first.
    if a.on_or_before(b) and not b.on_or_before(a):
        assert a < b
    if a < b:
        assert a.last <= b.last
    assert (a <= b) or (b <= a)
    assert (a <= b and b <= a) == (a == b)
    assert (a < b) == (b > a)
    assert (a <= b) == (b >= a)


@settings(max_examples=200)
@given(edtf_dates, edtf_dates)
def test_order_agrees_with_interval_containment(a: PartialDate, b: PartialDate) -> None:
    # Every day a may mean comes before every day b may mean: a sorts first.
    if a.last < b.first:
        assert a < b
    # b lies inside a: b sorts first if it ends earlier; if both end on the same day, the
    # wider a (which starts earlier) sorts first.
    if a.first <= b.first and b.last <= a.last:
        if b.last < a.last:
            assert b < a
        elif a.first < b.first:
            assert a < b


@settings(max_examples=200)
@given(edtf_dates, st.one_of(edtf_dates, st.dates(dt.date(2000, 1, 1), dt.date(2022, 12, 31))))
def test_on_or_before_compares_last_days(x: PartialDate, y: PartialDate | dt.date) -> None:
    other = PartialDate.coerce(y)
    assert x.on_or_before(y) == (x.last <= other.last)
    assert x.on_or_before(other.isoformat()) == x.on_or_before(y)


@settings(max_examples=200)
@given(edtf_dates, st.dates(dt.date(2000, 1, 1), dt.date(2022, 12, 31)))
def test_a_reading_never_counts_before_the_latest_day_its_date_can_mean(
    d: PartialDate, day: dt.date
) -> None:
    # As of any single day, a dated reading counts exactly from its last possible day.
    assert d.on_or_before(day) == (day >= d.last)


@settings(max_examples=200)
@given(
    st.lists(edtf_dates, max_size=8).flatmap(lambda ds: st.tuples(st.just(ds), st.permutations(ds)))
)
def test_sorting_is_deterministic(lists: tuple[list[PartialDate], list[PartialDate]]) -> None:
    # Sets of dates are sorted for output: the order may not depend on the input's order
    # (sorting is stable, so two distinct dates that neither sort before the other would
    # come out in input order).
    dates, shuffled = lists
    assert sorted(dates) == sorted(shuffled)
    assert sorted(set(dates)) == sorted(dict.fromkeys(shuffled))
    assert sorted(dates) == sorted(dates, key=PartialDate.sort_key)


def test_no_two_single_dates_denote_the_same_days() -> None:
    # Exhaustive over three years: years, months, days and seasons each denote different
    # days, so only an interval can share its days with another date (and the order's
    # tie-break between such dates never has to look at a single date's text).
    singles = []
    for year in (2008, 2009, 2010):
        singles.append(PartialDate(year))
        singles += [PartialDate(year, season=s) for s in (21, 22, 23, 24)]
        for month in range(1, 13):
            singles.append(PartialDate(year, month))
            day = dt.date(year, month, 1)
            while day.month == month:
                singles.append(PartialDate.coerce(day))
                day += dt.timedelta(days=1)
    assert len(singles) == 3 * (1 + 4 + 12) + 366 + 365 + 365
    assert len({(d.first, d.last) for d in singles}) == len(singles)


# -- in the engine and the loader --------------------------------------------------


def test_an_assessment_counts_from_the_last_day_of_its_season() -> None:
    c = commitment("c", ("l1", "2009"), ("l3", "2010-22"), ("l4", "2010-24/2011-03"))
    prog = programme({"p": (c,)})
    # Summer 2010 may mean 31 August: not yet as of the 30th, or as of July.
    assert score(prog, as_of=dt.date(2010, 8, 30)).commitment("c").status == "l1"
    assert score(prog, as_of="2010-07").commitment("c").status == "l1"
    assert score(prog, as_of=dt.date(2010, 8, 31)).commitment("c").status == "l3"
    assert score(prog, as_of="2010-08").commitment("c").status == "l3"
    # ... nor as of 2010, which ends before the interval's end in March 2011.
    assert score(prog, as_of="2010").commitment("c").status == "l3"
    assert score(prog, as_of="2011-03").commitment("c").status == "l4"
    assert score(prog).commitment("c").history == (
        (PartialDate(2009), "l1"),
        (PartialDate(2010, season=22), "l3"),
        (PartialDate.parse("2010-24/2011-03"), "l4"),
    )


def test_the_loader_reads_seasons_and_intervals(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit(root, "sources.toml", 'published = "2015"', 'published = "2015-23"')
    edit(root, "sources.toml", 'published = "2016-11"', 'published = "2016-09/2016-11"')
    prog = scorecard.load(root)
    assert prog.source("progress-2015").published == PartialDate(2015, season=23)
    assert prog.source("review-2016").published.isoformat() == "2016-09/2016-11"


def test_no_hindsight_uses_the_last_day_of_a_season(tmp_path: Path) -> None:
    # Winter 2015 may mean February 2016: an assessment as of 2015 may not cite it.
    root = copy_example(tmp_path)
    edit(root, "sources.toml", 'published = "2015"', 'published = "2015-24"')
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    hindsight = [p for p in info.value.problems if "no hindsight" in p.message]
    assert hindsight
    assert all("2015-24" in p.message for p in hindsight)


def test_the_loader_names_bad_edtf(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit(root, "sources.toml", 'published = "2015"', 'published = "2015?"')
    with pytest.raises(DataError) as info:
        scorecard.load(root)
    [problem] = [p for p in info.value.problems if p.path.endswith("published")]
    assert problem.file == "sources.toml"
    assert "uncertain" in problem.message
    assert "not supported" in problem.message


@pytest.mark.parametrize(
    ("text", "long", "short"),
    [
        ("2009-22", "summer 2009", "summer 2009"),
        ("2009-24", "winter 2009", "winter 2009"),
        ("2009-06/2009-08", "June 2009 \u2013 August 2009", "Jun 2009\u2013Aug 2009"),
        ("2009-21/2010", "spring 2009 \u2013 2010", "spring 2009\u20132010"),
        ("2009", "2009", "2009"),
    ],
)
def test_reports_print_seasons_and_intervals_in_words(text: str, long: str, short: str) -> None:
    # An interval is never printed as its start alone ("June 2009" would be a false date).
    assert date_long(text) == long
    assert date_short(text) == short
    assert PartialDate.parse(text).season_name == (
        {"21": "spring", "22": "summer", "24": "winter"}.get(text[5:]) if len(text) == 7 else None
    )
