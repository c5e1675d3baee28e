"""Date expressions resolve against the publication date: weekdays, relative words, full dates."""
from __future__ import annotations

import datetime

import pytest

from tidings.days import BadDay, parse_day
from tidings.stages.dates import ResolvedDate, resolve_date

WEDNESDAY = datetime.date(2024, 7, 3)


def day(y: int, m: int, d: int) -> ResolvedDate:
    return ResolvedDate(datetime.date(y, m, d), "day")


def month(y: int, m: int) -> ResolvedDate:
    return ResolvedDate(datetime.date(y, m, 1), "month")


def year(y: int) -> ResolvedDate:
    return ResolvedDate(datetime.date(y, 1, 1), "year")


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("Wednesday", day(2024, 7, 3)),  # the publication day itself, not a week before
        ("Monday", day(2024, 7, 1)),
        ("Thursday", day(2024, 6, 27)),
        ("on Tuesday", day(2024, 7, 2)),
        ("Tuesday night", day(2024, 7, 2)),
        ("Tuesday morning", day(2024, 7, 2)),
        ("Tuesday's", day(2024, 7, 2)),
        ("last Friday", day(2024, 6, 28)),
        ("last Wednesday", day(2024, 6, 26)),
        ("next Monday", day(2024, 7, 8)),
        ("next Wednesday", day(2024, 7, 10)),
        ("this Friday", day(2024, 7, 5)),
        ("this Monday", day(2024, 7, 1)),
    ],
)
def test_weekdays(expression: str, expected: ResolvedDate) -> None:
    assert resolve_date(expression, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("today", day(2024, 7, 3)),
        ("tonight", day(2024, 7, 3)),
        ("this morning", day(2024, 7, 3)),
        ("earlier today", day(2024, 7, 3)),
        ("yesterday", day(2024, 7, 2)),
        ("yesterday afternoon", day(2024, 7, 2)),
        ("last night", day(2024, 7, 2)),
        ("the day before", day(2024, 7, 2)),
        ("tomorrow", day(2024, 7, 4)),
        ("two days ago", day(2024, 7, 1)),
        ("a week ago", day(2024, 6, 26)),
        ("10 days ago", day(2024, 6, 23)),
        ("a couple of weeks ago", day(2024, 6, 19)),
        ("three months ago", month(2024, 4)),
        ("32 years ago", year(1992)),
    ],
)
def test_relative_days(expression: str, expected: ResolvedDate) -> None:
    assert resolve_date(expression, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("last year", year(2023)),
        ("this year", year(2024)),
        ("next year", year(2025)),
        ("earlier this year", year(2024)),
        ("late last year", year(2023)),
        ("the end of last year", year(2023)),
        ("last month", month(2024, 6)),
        ("next month", month(2024, 8)),
        ("this month", month(2024, 7)),
        ("earlier this month", month(2024, 7)),
        # Weeks give the month of their Monday: the record has no "week" precision.
        ("last week", month(2024, 6)),
        ("this week", month(2024, 7)),
        ("earlier this week", month(2024, 7)),
        ("next week", month(2024, 7)),
        ("over the weekend", month(2024, 6)),
    ],
)
def test_periods(expression: str, expected: ResolvedDate) -> None:
    assert resolve_date(expression, WEDNESDAY) == expected


def test_periods_cross_year_ends() -> None:
    new_year = datetime.date(2025, 1, 2)  # a Thursday
    assert resolve_date("last month", new_year) == month(2024, 12)
    assert resolve_date("last week", new_year) == month(2024, 12)
    assert resolve_date("next month", datetime.date(2024, 12, 20)) == month(2025, 1)


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("in 2025", year(2025)),
        ("2025", year(2025)),
        ("early 2019", year(2019)),
        ("the first half of 2022", year(2022)),
        ("March 2023", month(2023, 3)),
        ("in March", month(2024, 3)),
        ("mid-March", month(2024, 3)),
        ("in September", month(2024, 9)),  # within two months ahead: this year
        ("in October", month(2023, 10)),  # further ahead: the last one
        ("July 3", day(2024, 7, 3)),
        ("on July 3", day(2024, 7, 3)),
        ("3 July", day(2024, 7, 3)),
        ("the 3rd of July", day(2024, 7, 3)),
        ("July 3, 2024", day(2024, 7, 3)),
        ("2024-07-03", day(2024, 7, 3)),
        ("July 3rd", day(2024, 7, 3)),
        ("Sept. 11, 2001", day(2001, 9, 11)),
        ("Monday, July 1", day(2024, 7, 1)),
        ("December 24", day(2023, 12, 24)),
    ],
)
def test_absolute(expression: str, expected: ResolvedDate) -> None:
    assert resolve_date(expression, WEDNESDAY) == expected


def test_month_without_year_near_new_year() -> None:
    december = datetime.date(2024, 12, 10)
    assert resolve_date("in January", december) == month(2025, 1)
    assert resolve_date("in November", december) == month(2024, 11)
    assert resolve_date("December 31", datetime.date(2025, 1, 4)) == day(2024, 12, 31)


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("last summer", year(2023)),  # the summer under way is not the last one
        ("the summer of 2021", year(2021)),
        ("this winter", year(2025)),  # December to February, filed under its January
    ],
)
def test_seasons_with_a_qualifier(expression: str, expected: ResolvedDate) -> None:
    assert resolve_date(expression, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "32 years", "three decades", "years", "the past", "recent years", "decades",
        "the 1990s", "the '80s", "the 19th century", "summer", "annual", "daily", "weekly",
        "the past week", "the following day", "2000 years", "between 2019 and 2021",
        "Feb. 30", "", "   ",
    ],
)
def test_no_point_in_time(expression: str) -> None:
    assert resolve_date(expression, WEDNESDAY) is None


def test_month_names_must_be_capitalised() -> None:
    assert resolve_date("may", WEDNESDAY) is None
    assert resolve_date("May", WEDNESDAY) == month(2024, 5)


def test_without_a_publication_date_only_full_dates_resolve() -> None:
    assert resolve_date("July 3, 2024", None) == day(2024, 7, 3)
    assert resolve_date("March 2023", None) == month(2023, 3)
    assert resolve_date("in 2025", None) == year(2025)
    for expression in ("yesterday", "Monday", "last year", "in March", "July 3", "last summer"):
        assert resolve_date(expression, None) is None


def test_parse_day() -> None:
    assert parse_day("2024-07-03") == WEDNESDAY


@pytest.mark.parametrize("value", ["2024-7-3", "20240703", "July 3", "2024-02-30", "2024-07-03 "])
def test_parse_day_refuses(value: str) -> None:
    with pytest.raises(BadDay) as caught:
        parse_day(value)
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value) and repr(value) in str(caught.value)
