"""The arguments of the store's questions, checked, and the WHERE conditions they make.

Each `parse_*` gives a clean value or raises QueryError saying which argument is wrong and how to
write it; the command line words it `--name value: hint`, the dashboard `name=value: hint`. What a
day is comes from tidings.days; the `since`/`until` bounds are checked and turned into SQL here,
once, for the queries, the exports and the dashboard alike.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

from tidings.days import FIRST_YEAR, LAST_YEAR, BadDay, as_day, news_day_problem
from tidings.ontology import PLOVER_TYPES

PERIODS = ("day", "week", "month", "year")
DAY_HINT = "not a day written YYYY-MM-DD (e.g. 2024-07-03)"
NEWS_HINT = f"give a day of the years {FIRST_YEAR} to {LAST_YEAR}, the years news is dated in"

_DYAD = re.compile(r"([A-Za-z]{3})-([A-Za-z]{3})")
_ACTOR = re.compile(r"[A-Za-z]{3}")
_CAMEO = re.compile(r"\d{2,4}")

Day = str | datetime.date


class QueryError(ValueError):
    """A query argument is malformed; `name`, `value` and `hint` say which, what and how to write it."""

    def __init__(self, name: str, value: object, hint: str):
        super().__init__(f"{name} {value}: {hint}")
        self.name, self.value, self.hint = name, value, hint


class DaysReversed(QueryError):
    """`since` comes after `until`; both are kept so that each surface can name them its own way."""

    def __init__(self, since: object, until: object):
        super().__init__("since", since, f"comes after --until {until}")
        self.until = until


def parse_dyad(dyad: str) -> tuple[str, str]:
    """Gives the (source, target) codes of a dyad written `AAA-BBB`; raises QueryError otherwise."""
    m = _DYAD.fullmatch(dyad.strip())
    if not m:
        raise QueryError("dyad", dyad, "write it as source and target codes joined by a hyphen, e.g. CHN-KAZ")
    return m.group(1).upper(), m.group(2).upper()


def parse_actor(actor: str) -> str:
    """Gives an actor code in upper case; raises QueryError unless it is three letters."""
    if not _ACTOR.fullmatch(actor.strip()):
        raise QueryError("actor", actor, "an actor code is three letters, e.g. CHN, UNO, IGO")
    return actor.strip().upper()


def parse_event(event: str) -> str:
    """Gives a PLOVER event type in upper case; raises QueryError for an unknown one."""
    if event.strip().upper() not in PLOVER_TYPES:
        raise QueryError("event", event, f"not a PLOVER event type; use one of {', '.join(PLOVER_TYPES)}")
    return event.strip().upper()


def parse_cameo(cameo: str) -> str:
    """Gives a CAMEO code prefix (2 to 4 digits); raises QueryError otherwise."""
    if not _CAMEO.fullmatch(cameo.strip()):
        raise QueryError("cameo", cameo, "a CAMEO code is 2 to 4 digits, e.g. 04 or 042")
    return cameo.strip()


def parse_day(name: str, day: Day) -> datetime.date:
    """Gives a news day from `YYYY-MM-DD` (or a date); raises QueryError naming the argument otherwise.

    A day outside the news years (tidings.days) is refused too: no stored article is dated on it,
    and as a bound it would stretch a chart over centuries.
    """
    try:
        parsed = as_day(day.strip() if isinstance(day, str) else day)
    except BadDay:
        parsed = None
    if parsed is None:
        raise QueryError(name, day, DAY_HINT)
    if news_day_problem(parsed) is not None:
        raise QueryError(name, day, NEWS_HINT)
    return parsed


def parse_period(by: str) -> str:
    """Gives the period name; raises QueryError unless it is day, week, month or year."""
    if by not in PERIODS:
        raise QueryError("by", by, f"use one of {', '.join(PERIODS)}")
    return by


def parse_count(name: str, n: int | None) -> int | None:
    """Gives `n` when it is a positive count (or None); raises QueryError otherwise."""
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
        raise QueryError(name, n, "give a whole number of 1 or more")
    return n


def day_bounds(since: Day | None, until: Day | None) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the `since` and `until` days (None where not given); raises QueryError for a bad day, and
    DaysReversed when `since` comes after `until`."""
    first = None if since is None else parse_day("since", since)
    last = None if until is None else parse_day("until", until)
    if first is not None and last is not None and first > last:
        raise DaysReversed(since, until)
    return first, last


def day_conditions(since: Day | None, until: Day | None, day: str = "e.day") -> tuple[list[str], list[Any]]:
    """Gives the SQL conditions keeping events whose `day` column falls in since..until (inclusive),
    and their parameters; raises as day_bounds does. An event with no day never falls in a bound."""
    first, last = day_bounds(since, until)
    conditions, params = [], []
    if first is not None:
        conditions.append(f"{day} >= ?")
        params.append(first)
    if last is not None:
        conditions.append(f"{day} <= ?")
        params.append(last)
    return conditions, params


def where_clause(dyad: str | None = None, actor: str | None = None, event: str | None = None,
                 cameo: str | None = None, since: Day | None = None, until: Day | None = None,
                 text: str | None = None) -> tuple[str, list[Any]]:
    """Gives the WHERE conditions (over alias `e` with its `day`) and their parameters; raises QueryError."""
    conditions, params = ["TRUE"], []
    if dyad is not None:
        conditions.append("e.source_code = ? AND e.target_code = ?")
        params += parse_dyad(dyad)
    if actor is not None:
        code = parse_actor(actor)
        conditions.append("(e.source_code = ? OR e.target_code = ?)")
        params += [code, code]
    if event is not None:
        conditions.append("e.event = ?")
        params.append(parse_event(event))
    if cameo is not None:
        conditions.append("starts_with(e.cameo, ?)")
        params.append(parse_cameo(cameo))
    days, day_params = day_conditions(since, until)
    conditions += days
    params += day_params
    if text is not None:
        # contains() on lowered text, not ILIKE: the word's % and _ stay plain characters.
        words = "contains(lower(e.sentence_text), lower(?))"
        if len(conditions) > 1:
            # DuckDB tests the words inside its scan, before a condition it keeps for later (an
            # actor's two sides): guarded so, only the sentences the other conditions keep are
            # lowered and searched (an actor's events of one type with a word 79 ms against 18 at
            # a million events).
            words = f"CASE WHEN {' AND '.join(conditions)} THEN {words} ELSE FALSE END"
            params += params
        conditions.append(words)
        params.append(text)
    return " AND ".join(conditions), params
