"""The dashboard's pages, one module each: overview, dyad, event, search.

Each module's `page(request)` answers both the HTML page and its JSON twin (the same path with
`.json`), from the same data; shared here: the event rows as pages list them, and
the series a chart draws.
"""
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from tidings.days import FIRST_NEWS_DAY, LAST_NEWS_DAY, news_span
from tidings.tables import frame_records
from tidings.store import located, queries
from tidings.store.filters import QueryError
from tidings.web.charts import MAX_PERIODS, auto_period, period_count
from tidings.web.evidence import highlighted, marks, with_words

SENTENCE_SHOWN = 220  # characters of a sentence in a list of events; the event page shows it whole


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Gives a DataFrame's rows as plain dicts (dates as YYYY-MM-DD, nulls as None)."""
    return list(frame_records(frame))


def choose_period(by: str | None, first: datetime.date, last: datetime.date) -> str:
    """Gives `by`, or the period that suits `first`..`last`; raises QueryError when `by` gives too many bars.

    Only news days count (tidings.days), as only they are charted: the period chosen for a store
    holding one article dated in year 202 is the one its other articles need.
    """
    span = news_span(first, last)
    if span is None:
        return by or "year"  # no day a chart draws: any period draws nothing
    first, last = span
    by = by or auto_period(first, last)
    n = period_count(first, last, by)
    if n > MAX_PERIODS:
        raise QueryError("by", by, f"{n:,} {by}s from {first} to {last} are too many bars (at most "
                                           f"{MAX_PERIODS:,}); use a longer period or a shorter since/until")
    return by


def series_span(con: duckdb.DuckDBPyConnection, since: datetime.date | None, until: datetime.date | None,
                **filters: Any) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the days a chart spans: `since`/`until` when given, else the first/last news day with
    events (tidings.days: a stray date in year 202 is no reason to draw eighteen centuries)."""
    if since and until:
        return since, until
    if since is None and until is None:
        # all days first, from the clusters alone; bounded to news days (which reads the events of
        # happenings a bound cuts) only when a stray day lies outside them
        first, last = queries.day_span(con, **filters)
        if first is None or (first >= FIRST_NEWS_DAY and last <= LAST_NEWS_DAY):
            return first, last
    first, last = queries.day_span(con, since=since or FIRST_NEWS_DAY, until=until or LAST_NEWS_DAY, **filters)
    return since or first, until or last


def listed(rows: list[Mapping[str, Any]], words: str | None = None) -> list[dict[str, Any]]:
    """Gives event rows for a list on a page: each with `evidence`, its sentence (cut to
    SENTENCE_SHOWN characters) with the trigger and actors marked, and the searched `words` too, escaped."""
    out = []
    for row in rows:
        sentence = row.get("sentence_text") or ""
        shown = sentence if len(sentence) <= SENTENCE_SHOWN else sentence[:SENTENCE_SHOWN - 1] + "…"
        found = [m for m in marks(row) if m.end <= SENTENCE_SHOWN - 1 or shown is sentence]
        out.append({**row, "evidence": highlighted(shown, with_words(shown, found, words),
                                                   {"q": "searched words"})})
    return out


def located_tables(con: duckdb.DuckDBPyConnection, **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Gives a map's two tables, `points` and `countries` (tidings.store.located), as rows."""
    return located.places(con, **filters)
