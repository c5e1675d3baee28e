"""What a day is, and which day an event happened: the two date rules every layer shares.

- A day is written YYYY-MM-DD and is a real calendar day (`parse_day`, `is_day`). Python's
  `date.fromisoformat` alone also takes "20240703" and "2024-W27-3", so the shape is checked first.
- A news day lies in the years FIRST_YEAR..LAST_YEAR (`parse_news_day`, `news_day_problem`): an
  article dated year 202 or 9999 is a typing slip, not news, and such a date would stretch every
  chart over centuries. Readers reject documents dated outside them, the query parameters
  (`since`, `until`, a chart's `period`) refuse them, and charts draw only these years (`news_span`).
- A document's date may be written as a day or as an ISO datetime (`2024-05-03T23:30:00-05:00`):
  its day is the calendar day in the zone it is written in, the day its readers saw on the page
  (`document_day`), not the day in UTC.
- An event the text gives no date for happened on its article's day (`event_day`). The store's
  SQL view `dated_events` (store/schema.py) says the same in SQL, and is the only place it does.
"""
from __future__ import annotations

import datetime
import re

__all__ = ["BadDay", "FIRST_YEAR", "LAST_YEAR", "FIRST_NEWS_DAY", "LAST_NEWS_DAY", "parse_day", "is_day",
           "as_day", "document_day", "parse_news_day", "news_day_problem", "news_span", "event_day"]

# The years a news article can be dated in: the first newspapers archived in bulk are of the 19th
# century, and a date past 2100 is a slip (9999-12-31 is a common "no end" placeholder).
FIRST_YEAR, LAST_YEAR = 1800, 2100
FIRST_NEWS_DAY, LAST_NEWS_DAY = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# a day, then a time (T or one space), then an optional zone: Z or +hh:mm / +hhmm / +hh
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?", re.I)


class BadDay(ValueError):
    """A value that is not a real calendar day written YYYY-MM-DD; str(e) says which and how to write it."""


def parse_day(value: object) -> datetime.date:
    """Gives the day written strictly as YYYY-MM-DD; raises BadDay otherwise."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise BadDay(f"bad date {value!r}: write it as YYYY-MM-DD, e.g. 2024-07-03")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadDay(f"bad date {value!r}: no such day in the calendar") from None


def is_day(value: object) -> bool:
    """Gives True when `value` is a real calendar day written YYYY-MM-DD."""
    try:
        parse_day(value)
    except BadDay:
        return False
    return True


def as_day(value: str | datetime.date | None) -> datetime.date | None:
    """Gives a day from a date or its YYYY-MM-DD text, None for None; raises BadDay for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_day(value)


def document_day(value: object) -> datetime.date:
    """Gives the day of a document's date: a day YYYY-MM-DD, an ISO datetime (its day in the zone it
    is written in), or a date/datetime object (an aware one's day in its own zone); raises BadDay otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()  # an aware datetime's date is the one in its own zone
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        m = _DATETIME.fullmatch(value.strip())
        if m:
            try:
                datetime.datetime.fromisoformat(value.strip().replace("z", "Z"))
            except ValueError:
                raise BadDay(f"bad date {value!r}: no such day or time in the calendar") from None
            return parse_day(m.group(1))
        return parse_day(value.strip())
    raise BadDay(f"bad date {value!r}: write it as YYYY-MM-DD, e.g. 2024-07-03")


def news_day_problem(day: datetime.date) -> str | None:
    """Gives why `day` cannot date news (its year is outside FIRST_YEAR..LAST_YEAR), None when it can."""
    if FIRST_NEWS_DAY <= day <= LAST_NEWS_DAY:
        return None
    return f"year {day.year} is outside {FIRST_YEAR}-{LAST_YEAR}, the years news is dated in"


def parse_news_day(value: object) -> datetime.date:
    """Gives the day written YYYY-MM-DD when news can be dated on it; raises BadDay otherwise."""
    day = parse_day(value)
    problem = news_day_problem(day)
    if problem is not None:
        raise BadDay(f"bad date {value!r}: {problem}")
    return day


def news_span(first: datetime.date, last: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """Gives first..last cut to the news days, None when none of them is a news day."""
    first, last = max(first, FIRST_NEWS_DAY), min(last, LAST_NEWS_DAY)
    return (first, last) if first <= last else None


def event_day(date: str | None, doc_date: str | None) -> str | None:
    """Gives the day an event happened: its own date, else its article's (the text gave no date)."""
    return date or doc_date
