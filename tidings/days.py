"""What a day is, and which day an event happened: the two date rules every layer shares.

- A day is written YYYY-MM-DD and is a real calendar day (`parse_day`, `is_day`). Python's
  `date.fromisoformat` alone also takes "20240703" and "2024-W27-3", so the shape is checked first.
- An event the text gives no date for happened on its article's day (`event_day`). The store's
  SQL view `dated_events` (store/schema.py) says the same in SQL, and is the only place it does.
"""
from __future__ import annotations

import datetime
import re

__all__ = ["BadDay", "parse_day", "is_day", "as_day", "event_day"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def event_day(date: str | None, doc_date: str | None) -> str | None:
    """Gives the day an event happened: its own date, else its article's (the text gave no date)."""
    return date or doc_date
