"""The store's questions as SQL: events, dyads, actors, stats and read-only SQL, each giving a DataFrame.

Every function takes an open connection (`schema.connect`) and plain arguments; user input reaches
DuckDB only as bound parameters, never formatted into the SQL text.

Counting: a happening reported in several sentences or articles is one cluster (`cluster_id`, set at
ingest by clusters.py), and the questions count clusters unless asked for `mentions` (every stored
report). The questions read the view `dated_events` (schema.py), whose `unit` is an event's
cluster (itself while it has none) and whose `day` is the day it happened (its date, else its
article's).
"""
from __future__ import annotations

import datetime
from typing import Any

import duckdb
import pandas as pd

from tidings.output import schema_columns
from tidings.store import happenings
from tidings.store.pages import cluster_mentions, document_sentences, event_by_id, events_page  # noqa: F401
from tidings.store.filters import QueryError, parse_count, parse_period, where_clause
from tidings.store.known import check_codes
from tidings.store.read_only import check_read_only, time_limit
from tidings.store.schema import CLUSTERS, COUNTED, DATED_EVENTS, PUBLISHER_SQL, rollback, schema_version

TOP_EVENT_TYPES = 10

# The publisher of a document, for the `sources` count: its `source`, else the host of its URL
# (without www.), else the document itself (an unknown publisher counts once per article).
# one rule for who published a report, shared with clustering and the exports
DOCUMENT_SOURCE = PUBLISHER_SQL


def cluster_counts(condition: str = "TRUE") -> str:
    """Gives SQL for, per cluster (`unit`), how many reports, articles and publishers tell of it.

    As GDELT's NumMentions, NumArticles and NumSources; `condition` (over alias `e`, the events)
    narrows which clusters are counted. Usable as a subquery by any module.
    """
    return f"""
        SELECT e.unit, count(*) AS mentions, count(DISTINCT e.doc_id) AS articles,
               count(DISTINCT {DOCUMENT_SOURCE}) AS sources
        FROM {DATED_EVENTS} e LEFT JOIN documents d ON d.doc_id = e.doc_id
        WHERE {condition}
        GROUP BY ALL"""


# --- the questions --------------------------------------------------------------------------------

def events(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
           event: str | None = None, cameo: str | None = None, since: str | datetime.date | None = None,
           until: str | datetime.date | None = None, text: str | None = None, limit: int | None = None,
           mentions: bool = False) -> pd.DataFrame:
    """Gives the events matching every filter given, newest first, in the flat record columns.

    By default one row per cluster: its first report among those that match (earliest day, then
    document and sentence order), with `mentions`, `articles` and `sources` counted over the whole
    cluster. With `mentions=True`, one row per stored report and no counts.
    `dyad` is ordered (`CHN-KAZ`: CHN acts toward KAZ); `actor` matches either side; `cameo` matches
    the code and its sub-codes; `since`/`until` are inclusive days; `text` is a case-insensitive
    substring of the sentence.
    """
    where, params = where_clause(dyad, actor, event, cameo, since, until, text)
    check_codes(con, dyad, actor)
    limit = parse_count("limit", limit)
    columns = ", ".join(f"e.{c}" for c in schema_columns() + ["cluster_id"])
    order = "e.day DESC NULLS LAST, e.doc_date DESC NULLS LAST, e.doc_id, e.sentence_index, e.id"
    limit_sql = "LIMIT ?" if limit else ""
    if mentions:
        sql = f"SELECT {columns} FROM {DATED_EVENTS} e WHERE {where} ORDER BY {order} {limit_sql}"
    else:
        # Count only the clusters shown: the page is cut before counting, not after.
        sql = f"""
            WITH hits AS (
                SELECT * FROM {DATED_EVENTS} e WHERE {where}
                QUALIFY row_number() OVER (PARTITION BY unit
                                           ORDER BY day NULLS LAST, doc_id, sentence_index, id) = 1),
            page AS (SELECT * FROM hits e ORDER BY {order} {limit_sql})
            SELECT {columns}, c.mentions, c.articles, c.sources
            FROM page e JOIN ({cluster_counts("e.unit IN (SELECT unit FROM page)")}) c
                ON c.unit = e.unit
            ORDER BY {order}"""
    return con.execute(sql, params + ([limit] if limit else [])).df()


def dyads(con: duckdb.DuckDBPyConnection, by: str = "month", actor: str | None = None, top: int | None = None,
          mentions: bool = False, since: str | datetime.date | None = None,
          until: str | datetime.date | None = None) -> pd.DataFrame:
    """Gives, per ordered dyad and period, event counts by quad, Goldstein mean and sum, and net cooperation.

    Rows: source_code, target_code, period (first day of the day/week/month/year, weeks from Monday),
    events, quad1..quad4, goldstein_mean, goldstein_sum, cooperation (sum of positive Goldstein
    values), conflict (sum of the magnitudes of negative ones) and net_cooperation =
    (cooperation - conflict) / (cooperation + conflict), in [-1, 1], null when both are 0.
    Only events with both codes and a day count; negated events (the text says it did not happen)
    do not. A cluster counts once, in the period of its first report, with its mean Goldstein
    value. `top` keeps the `top` dyads with most events over all periods; rows come most active
    dyad first, then by period.
    """
    by = parse_period(by)
    top = parse_count("top", top)
    check_codes(con, actor=actor)
    if mentions:
        where, params = where_clause(actor=actor, since=since, until=until)
        units = f"""
            SELECT e.id AS unit, e.source_code, e.target_code, e.day, e.quad, e.goldstein
            FROM {DATED_EVENTS} e
            WHERE {where} AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND {COUNTED}"""
    else:
        units, params = _units(con, coded=True, actor=actor, since=since, until=until)
    sql = f"""
        WITH units AS ({units}),
        cells AS (
            SELECT source_code, target_code, date_trunc(?, day)::DATE AS period, count(*) AS events,
                   count(*) FILTER (WHERE quad = 1) AS quad1, count(*) FILTER (WHERE quad = 2) AS quad2,
                   count(*) FILTER (WHERE quad = 3) AS quad3, count(*) FILTER (WHERE quad = 4) AS quad4,
                   avg(goldstein) AS goldstein_mean, coalesce(sum(goldstein), 0) AS goldstein_sum,
                   coalesce(sum(goldstein) FILTER (WHERE goldstein > 0), 0) AS cooperation,
                   coalesce(-sum(goldstein) FILTER (WHERE goldstein < 0), 0) AS conflict
            FROM units GROUP BY source_code, target_code, period),
        ranked AS (
            SELECT source_code, target_code,
                   row_number() OVER (ORDER BY sum(events) DESC, source_code, target_code) AS rank
            FROM cells GROUP BY source_code, target_code)
        SELECT c.source_code, c.target_code, c.period, c.events, c.quad1, c.quad2, c.quad3, c.quad4,
               c.goldstein_mean, c.goldstein_sum, c.cooperation, c.conflict,
               (c.cooperation - c.conflict) / nullif(c.cooperation + c.conflict, 0) AS net_cooperation
        FROM cells c JOIN ranked r USING (source_code, target_code)
        WHERE ? IS NULL OR r.rank <= ?
        ORDER BY r.rank, c.period"""
    return con.execute(sql, params + [by, top, top]).df()


def actors(con: duckdb.DuckDBPyConnection, mentions: bool = False, limit: int | None = None) -> pd.DataFrame:
    """Gives each actor code with its events as source, as target and in all, most active first.

    Also its `name` and `sector`: the ones most often resolved for that code (ties by name), over
    both roles. Counts are clusters unless `mentions`.
    """
    limit = parse_count("limit", limit)
    # who counts: every report, or each happening once (its row in `clusters`: one dyad a happening)
    table = DATED_EVENTS if mentions else CLUSTERS
    sql = f"""
        WITH roles AS (
            SELECT source_code AS code, 'source' AS role, FALSE AS twice FROM {table} WHERE source_code IS NOT NULL
            UNION ALL
            SELECT target_code, 'target', target_code = source_code FROM {table} WHERE target_code IS NOT NULL),
        -- a row (report or happening) has one source and one target: it counts once for each
        -- code it names, on either side, unless it names the same code twice
        counts AS (
            SELECT code, count(*) FILTER (WHERE role = 'source') AS as_source,
                   count(*) FILTER (WHERE role = 'target') AS as_target,
                   count(*) - count(*) FILTER (WHERE role = 'target' AND twice) AS events
            FROM roles GROUP BY code
            ORDER BY events DESC, code {"LIMIT ?" if limit else ""}),
        -- names and sectors are counted over reports, for the codes listed only
        named AS (
            SELECT source_code AS code, source_name AS name, source_sector AS sector FROM events
            WHERE source_code IN (SELECT code FROM counts)
            UNION ALL
            SELECT target_code, target_name, target_sector FROM events WHERE target_code IN (SELECT code FROM counts)),
        names AS (
            SELECT code, name FROM named WHERE name IS NOT NULL GROUP BY code, name
            QUALIFY row_number() OVER (PARTITION BY code ORDER BY count(*) DESC, name) = 1),
        sectors AS (
            SELECT code, sector FROM named WHERE sector IS NOT NULL GROUP BY code, sector
            QUALIFY row_number() OVER (PARTITION BY code ORDER BY count(*) DESC, sector) = 1)
        SELECT c.code, n.name, s.sector, c.as_source, c.as_target, c.events
        FROM counts c LEFT JOIN names n USING (code) LEFT JOIN sectors s USING (code)
        ORDER BY c.events DESC, c.code"""
    return con.execute(sql, [limit] if limit else []).df()


def stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Gives the store's totals: documents, events (reports), clusters, rejects, dates, version, top types."""
    documents, doc_first, doc_last = con.execute(
        "SELECT count(*), min(date), max(date) FROM documents").fetchone()
    events_n, unclustered = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE cluster_id IS NULL) FROM events").fetchone()
    # a happening's reports share its type (clusters.py), so its row counts them all
    clusters_n, first, last = con.execute(
        f"SELECT count(*), min(first_day), max(last_day) FROM {CLUSTERS}").fetchone()
    top = con.execute(
        f"SELECT event, count(*) AS clusters, sum(mentions)::BIGINT AS mentions FROM {CLUSTERS} "
        f"WHERE event IS NOT NULL GROUP BY event ORDER BY clusters DESC, mentions DESC, event LIMIT ?",
        [TOP_EVENT_TYPES]).fetchall()
    return {
        "schema_version": schema_version(con),
        "documents": documents,
        "events": events_n,
        "clusters": clusters_n,
        "unclustered": unclustered,
        "rejects": con.execute("SELECT count(*) FROM rejects").fetchone()[0],
        "first_date": _iso(first),
        "last_date": _iso(last),
        "first_doc_date": _iso(doc_first),
        "last_doc_date": _iso(doc_last),
        "top_events": [{"event": e, "clusters": c, "mentions": m} for e, c, m in top],
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def sql(con: duckdb.DuckDBPyConnection, query: str, timeout: float | None = None,
        setting: str = "--timeout") -> pd.DataFrame:
    """Gives the result of one read statement; raises NotReadOnly for anything else, before running it,
    and StatementTimeout (naming `setting`) when it runs longer than `timeout` seconds (None: no limit).

    It runs in a transaction that is rolled back: on a connection that could write, a statement the
    check let through by mistake would still leave nothing behind.
    """
    check_read_only(query)
    con.execute("BEGIN TRANSACTION")
    try:
        with time_limit(con, timeout, setting):
            return con.execute(query).df()
    finally:
        rollback(con)


# --- one event, its document and its cluster; pages of events (tidings/store/pages.py); series -------
# (used by the dashboard)

_SERIES_CELLS = """
    count(*) AS events,
    count(*) FILTER (WHERE quad = 1) AS quad1, count(*) FILTER (WHERE quad = 2) AS quad2,
    count(*) FILTER (WHERE quad = 3) AS quad3, count(*) FILTER (WHERE quad = 4) AS quad4,
    coalesce(sum(goldstein), 0) AS goldstein_sum,
    coalesce(sum(goldstein) FILTER (WHERE goldstein > 0), 0) AS cooperation,
    coalesce(-sum(goldstein) FILTER (WHERE goldstein < 0), 0) AS conflict"""


def _units(con: duckdb.DuckDBPyConnection, coded: bool = False, **filters: Any) -> tuple[str, list]:
    """Gives SQL for the happenings that count in series (one row each: unit, dyad, day, last_day,
    quad, Goldstein), and its parameters; `filters` are happenings.matching's.

    As in dyads(): a happening counts once, on the day of its first report, with its most frequent
    quad and its mean Goldstein value; undated and negated reports do not count; `coded` keeps only
    happenings with both actor codes. Read from the `clusters` table (happenings.py).
    """
    sql, params = happenings.matching(con, **filters)
    both = "AND source_code IS NOT NULL AND target_code IS NOT NULL" if coded else ""
    return (f"SELECT unit, source_code, target_code, series_day AS day, series_last_day AS last_day, quad, "
            f"goldstein FROM ({sql}) WHERE series_day IS NOT NULL {both}"), params


def left_out(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
             event: str | None = None, mentions: bool = False, coded: bool = True) -> dict[str, int]:
    """Gives how many events matching `dyad`/`actor`/`event` the tallies leave out (schema.COUNTED),
    and why: `undated` (neither the text nor its article gives a day), `negated` (the text says it
    did not happen). Clusters are counted unless `mentions`; `coded` keeps events with both codes."""
    where, params = where_clause(dyad=dyad, actor=actor, event=event)
    check_codes(con, dyad, actor)
    both = "AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL" if coded else ""
    if not mentions:
        return _clusters_left_out(con, where, both, params)
    # A report is left out when it does not count; then for its first reason.
    undated, negated = con.execute(f"""
        WITH units AS (
            SELECT e.id AS unit, bool_or({COUNTED}) AS counted,
                   bool_and(coalesce(e.negated, FALSE)) AS negated
            FROM {DATED_EVENTS} e WHERE {where} {both} GROUP BY ALL)
        SELECT count(*) FILTER (WHERE NOT counted AND NOT negated), count(*) FILTER (WHERE NOT counted AND negated)
        FROM units""", params).fetchone()
    return {"undated": undated, "negated": negated}


def _clusters_left_out(con: duckdb.DuckDBPyConnection, where: str, both: str, params: list) -> dict[str, int]:
    """left_out() of clusters, read from the clusters table: a cluster is left out when none of its
    reports counts (no series_day there); only the reports of those few are read, for the reason."""
    out = con.execute(f"SELECT e.unit, e.reports FROM {CLUSTERS} e WHERE {where} {both} AND e.series_day IS NULL",
                      params).fetchall()
    if not out:
        return {"undated": 0, "negated": 0}
    ids = [i for _, reports in out for i in reports]
    if len(ids) <= happenings.LOOKED_UP:   # as values, so that DuckDB looks them up in the primary key's index
        negated = dict(con.execute(f"SELECT id, coalesce(negated, FALSE) FROM events WHERE id IN "
                                   f"({', '.join('?' for _ in ids)})", ids).fetchall())
    else:
        negated = dict(con.execute("SELECT e.id, coalesce(e.negated, FALSE) FROM events e "
                                   "WHERE e.id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
    # left out for its first reason: undated unless every report says it did not happen
    by_negation = sum(all(negated.get(i, False) for i in reports) for _, reports in out)
    return {"undated": len(out) - by_negation, "negated": by_negation}


def left_out_line(counts: dict[str, int]) -> str | None:
    """Gives the sentence saying what a tally left out ("2 undated events left out ..."), None for nothing."""
    why = {"undated": "no day in the text or its article", "negated": "the text says it did not happen"}
    present = [k for k in ("undated", "negated") if counts.get(k)]
    if not present:
        return None
    told = " and ".join(f"{counts[k]} {k}" for k in present)
    reasons = "; ".join(f"{k}: {why[k]}" for k in present)
    return f"{told} {'event' if sum(counts[k] for k in present) == 1 else 'events'} left out of the counts ({reasons})"


def period_series(con: duckdb.DuckDBPyConnection, by: str = "month", dyad: str | None = None,
                  actor: str | None = None, event: str | None = None,
                  since: str | datetime.date | None = None,
                  until: str | datetime.date | None = None) -> pd.DataFrame:
    """Gives, per period that has any, the events counted as dyads() counts them, by quad and Goldstein.

    Rows: period (first day; weeks from Monday), events, quad1..quad4, goldstein_sum, cooperation
    (sum of positive Goldstein values), conflict (sum of the magnitudes of negative ones) and
    net_cooperation. With `dyad`, the cells are those of that dyad in dyads(); without, every dated
    cluster counts, coded actors or not. Periods with no events are not given.
    """
    by = parse_period(by)
    check_codes(con, dyad, actor)
    units, params = _units(con, coded=dyad is not None, dyad=dyad, actor=actor, event=event, since=since, until=until)
    return con.execute(f"""
        WITH units AS ({units})
        SELECT date_trunc(?, day)::DATE AS period, {_SERIES_CELLS},
               (cooperation - conflict) / nullif(cooperation + conflict, 0) AS net_cooperation
        FROM units GROUP BY period ORDER BY period""", params + [by]).df()


def top_dyads(con: duckdb.DuckDBPyConnection, limit: int = 10, since: str | datetime.date | None = None,
              until: str | datetime.date | None = None) -> pd.DataFrame:
    """Gives the `limit` dyads with most events, with dyads()'s totals over all periods.

    Rows: source_code, target_code, events, quad1..quad4, goldstein_sum, cooperation, conflict,
    net_cooperation, first_day, last_day; ranked as dyads(top=) ranks them (most events, then codes).
    """
    limit = parse_count("limit", limit)
    units, params = _units(con, coded=True, since=since, until=until)
    return con.execute(f"""
        WITH units AS ({units})
        SELECT source_code, target_code, {_SERIES_CELLS},
               (cooperation - conflict) / nullif(cooperation + conflict, 0) AS net_cooperation,
               min(day) AS first_day, max(day) AS last_day
        FROM units GROUP BY source_code, target_code
        ORDER BY events DESC, source_code, target_code LIMIT ?""", params + [limit]).df()


def day_span(con: duckdb.DuckDBPyConnection, dyad: str | None = None, event: str | None = None,
             since: str | datetime.date | None = None,
             until: str | datetime.date | None = None) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the first and last day of the events that period_series() would count (None, None if none)."""
    check_codes(con, dyad)
    units, params = _units(con, dyad=dyad, event=event, since=since, until=until)
    first, last = con.execute(f"SELECT min(day), max(last_day) FROM ({units})", params).fetchone()
    return first, last
