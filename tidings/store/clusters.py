"""Which stored events report the same happening: the cluster rule, its ids, and its counts.

The rule. Two events report one happening when they have the same source country code, target
country code, PLOVER event type, `negated` and `intent` flags and date precision, and their dates
fall in one window:

- day precision: a window of two calendar days, opened by the earliest date not yet in a window of
  that key ([d, d+1], then the next window opens at the first later date, and so on). Why one day
  of slack: the coder dates an event without date words by its article's publication date, which
  for news is usually the day after; a report saying "on Tuesday" and next morning's report saying
  nothing of the day both describe Tuesday's meeting. Why not more: two meetings of the same pair
  a few days apart are two happenings, and an open-ended chain of daily reports (shelling every
  day of a war) must not melt into one.
- month and year precision: same precision and same calendar month (year): "in March" cannot be
  placed on a day, so it clusters only with other reports as vague as itself.
- `intent` is part of the key because a pledge to send aid and the aid arriving are different
  happenings; `negated` because "did not meet" is not a report of the meeting.

An event without a source or target code, or without a date, is a happening of its own: with no
country on one side (or no time) there is nothing safe to match it on.

Cluster ids are stable: "c_" + a hash of the key and the window's first date (of the event id for
an event on its own), so the same stored events always get the same ids, whatever the batch order.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from tidings.store import summary
from tidings.store.schema import DATED_EVENTS, PUBLISHER_SQL

WINDOW_DAYS = 1  # a day-precision window spans its first date and this many days after it
KEY = ("source_code", "target_code", "event", "negated", "intent", "date_precision")


def _period(t: str) -> str:
    """Gives SQL for the part of an event's date (table `t`) a cluster is matched on: the day, or its
    month or year."""
    return (f"CASE {t}.date_precision WHEN 'month' THEN date_trunc('month', {t}.date)::DATE "
            f"WHEN 'year' THEN date_trunc('year', {t}.date)::DATE ELSE {t}.date END")


_KEYED = "source_code IS NOT NULL AND target_code IS NOT NULL AND event IS NOT NULL AND date IS NOT NULL"
_KEY_SQL = ("source_code, target_code, event, coalesce(negated, false) AS negated, "
            "coalesce(intent, false) AS intent, coalesce(date_precision, 'day') AS date_precision")
_KEY_MATCH = " AND ".join(
    [f"events.{c} = k.{c}" for c in ("source_code", "target_code", "event")]
    + ["coalesce(events.negated, false) = k.negated", "coalesce(events.intent, false) = k.intent",
       "coalesce(events.date_precision, 'day') = k.date_precision"])

CLUSTERS_SQL = f"""
SELECT e.unit AS cluster_id,
       any_value(e.source_code) AS source_code, any_value(e.target_code) AS target_code,
       any_value(e.event) AS event, bool_or(e.negated) AS negated, bool_or(e.intent) AS intent,
       any_value(e.date_precision) AS date_precision, min(e.date) AS date, max(e.date) AS last_date,
       count(*) AS mentions, count(DISTINCT e.doc_id) AS articles, count(DISTINCT {PUBLISHER_SQL}) AS sources
FROM {DATED_EVENTS} e LEFT JOIN documents d ON d.doc_id = e.doc_id
GROUP BY e.unit
"""


def cluster_id(key: Sequence[object], first: datetime.date) -> str:
    """Gives the id of the cluster of `key` (values in KEY order) whose window opens on `first`."""
    parts = [str(v) for v in key] + [first.isoformat()]
    return "c_" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def windows(precision: str, periods: Sequence[datetime.date]) -> dict[datetime.date, datetime.date]:
    """Gives each period (sorted dates of one key) with the first date of the window it falls in."""
    if precision in ("month", "year"):
        return {p: p for p in periods}  # a month (year) is its own window
    first: dict[datetime.date, datetime.date] = {}
    opened: datetime.date | None = None
    for day in periods:
        if opened is None or (day - opened).days > WINDOW_DAYS:
            opened = day
        first[day] = opened
    return first


def runs(precision: str, periods: Sequence[datetime.date]) -> list[list[datetime.date]]:
    """Gives the sorted periods of one key cut where no window can reach across the gap.

    A run's windows depend on the run alone, so a change re-clusters the runs it falls in, not the
    key's whole history.
    """
    cut: list[list[datetime.date]] = []
    for period in periods:
        if cut and precision not in ("month", "year") and (period - cut[-1][-1]).days <= WINDOW_DAYS:
            cut[-1].append(period)
        else:
            cut.append([period])
    return cut


def release(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Marks for re-clustering the events near the stored events of `doc_ids` (same key, dates
    within a window's reach).

    Call it before replacing those documents: once their events are gone, nothing else would say
    which clusters lost members (and may now open their windows on another day). The neighbours
    marked lie in every run the removal changes, and assign_clusters redoes whole runs.
    """
    if not doc_ids:
        return
    near = f"""(
            SELECT DISTINCT {_KEY_SQL}, {_period('events')} AS period FROM events
            WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) AND {_KEYED}) k
        WHERE {_KEY_MATCH} AND abs(date_diff('day', k.period, {_period('events')})) <= {WINDOW_DAYS}"""
    summary.mark(con, f"SELECT DISTINCT events.cluster_id FROM events, {near}", [list(doc_ids)])
    con.execute(f"UPDATE events SET cluster_id = NULL FROM {near}", [list(doc_ids)])


def assign_clusters(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str] | None = None) -> int:
    """Gives the number of events whose cluster_id it set, re-clustering what `doc_ids` touched.

    Touched: the events of `doc_ids` and those not yet clustered (cluster_id NULL). Their clusters
    are worked out against all stored events of the same key, so they span articles and batches.
    `doc_ids=None` re-clusters the whole store. The `clusters` table follows (summary.py): the
    happenings these events leave and join are computed again. Not a transaction of its own
    (ingest runs it inside each batch's).
    """
    if doc_ids is None:
        changed = _assign(con, "true", [])
        summary.rebuild(con)
        return changed
    scope, params = "(doc_id IN (SELECT unnest(?::VARCHAR[])) OR cluster_id IS NULL)", [list(doc_ids)]
    summary.mark(con, f"SELECT DISTINCT unit FROM {DATED_EVENTS} WHERE {scope}", params)  # the happenings left
    changed = _assign(con, scope, params)
    summary.refresh(con)
    return changed


def _assign(con: duckdb.DuckDBPyConnection, scope: str, params: list) -> int:
    """Gives the number of events whose cluster_id it set among `scope` and the runs they fall in;
    notes for summary.refresh the happenings events join, and those left by events outside `scope`."""
    # Events that cannot be matched are clusters of their own.
    joined = con.execute(f"""
        UPDATE events SET cluster_id = 'c_' || left(sha1(id), 16)
        WHERE {scope} AND NOT ({_KEYED}) AND cluster_id IS DISTINCT FROM 'c_' || left(sha1(id), 16)
        RETURNING cluster_id""", params).fetchall()
    summary.mark_units(con, [unit for unit, in joined])
    changed = len(joined)

    touched = con.execute(f"""
        SELECT DISTINCT {_KEY_SQL}, {_period('events')} AS period FROM events WHERE {scope} AND {_KEYED}""",
                          params).fetchall()
    if not touched:
        return changed
    touched_periods: dict[tuple, set[datetime.date]] = {}
    for row in touched:
        touched_periods.setdefault(tuple(row[:len(KEY)]), set()).add(row[len(KEY)])
    keys = pa.table({name: [key[i] for key in touched_periods] for i, name in enumerate(KEY)})
    con.register("tidings_touched_keys", keys)
    try:
        rows = con.execute(f"""
            SELECT DISTINCT k.*, {_period('events')} AS period
            FROM events JOIN tidings_touched_keys k ON {_KEY_MATCH} WHERE events.date IS NOT NULL
            ORDER BY ALL""").fetchall()
    finally:
        unregister(con, "tidings_touched_keys")

    assigned = _assignments(rows, touched_periods)
    if not assigned["cluster_id"]:
        return changed
    con.register("tidings_assigned_clusters", pa.table(assigned))
    moved = f"""FROM tidings_assigned_clusters k
            WHERE {_KEY_MATCH} AND {_period('events')} = k.period
              AND events.cluster_id IS DISTINCT FROM k.cluster_id"""
    try:
        summary.mark(con, f"SELECT DISTINCT events.cluster_id FROM events, {moved.removeprefix('FROM ')}")   # the happenings they leave
        joined = con.execute(f"UPDATE events SET cluster_id = k.cluster_id {moved} RETURNING cluster_id").fetchall()
        summary.mark_units(con, [unit for unit, in joined])
        changed += len(joined)
    finally:
        unregister(con, "tidings_assigned_clusters")
    return changed


def _assignments(rows: list[tuple], touched: dict[tuple, set[datetime.date]]) -> dict[str, list]:
    """Gives the cluster ids of the runs that touched periods fall in, as columns (KEY, period,
    cluster_id); `rows` are every stored (key, period), sorted."""
    assigned: dict[str, list] = {name: [] for name in (*KEY, "period", "cluster_id")}
    start = 0
    while start < len(rows):
        key = tuple(rows[start][:len(KEY)])
        end = start
        while end < len(rows) and tuple(rows[end][:len(KEY)]) == key:
            end += 1
        wanted = touched.get(key, set())
        for run in runs(key[-1], [row[len(KEY)] for row in rows[start:end]]):
            if wanted.isdisjoint(run):
                continue  # no change reaches this run: its ids stand
            for period, first in windows(key[-1], run).items():
                for name, value in zip(KEY, key):
                    assigned[name].append(value)
                assigned["period"].append(period)
                assigned["cluster_id"].append(cluster_id(key, first))
        start = end
    return assigned


def cluster_counts(con: duckdb.DuckDBPyConnection):
    """Gives one row per happening (a pandas DataFrame): its key, first and last date, and its
    mentions (events), articles (distinct documents) and sources (distinct publishers)."""
    return con.execute(CLUSTERS_SQL + " ORDER BY date, cluster_id").df()


def unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drops a registered Arrow view; quietly when the transaction has failed (the failure is the news)."""
    with contextlib.suppress(duckdb.Error):
        con.unregister(name)
