"""The dashboard's questions of one page: an event, its document and its cluster; a page of events.

Each reads as little as it can of a store of a million events: rows by their ids (the primary
key's index), a document by its id, a cluster's reports from its row in `clusters`, a page of
happenings from that table (happenings.py), not by grouping every event. queries.py gives them
too, with the store's other questions.
"""
from __future__ import annotations

import datetime
from typing import Any

import duckdb

from tidings.output import schema_columns
from tidings.tables import plain
from tidings.store import happenings
from tidings.store.filters import QueryError, parse_count, where_clause
from tidings.store.known import check_codes
from tidings.store.schema import CLUSTERS, DATED_EVENTS, PUBLISHER_SQL

# what a report's document says of it: its title, URL, publisher and date
_DOCUMENT = f"d.doc_id, d.title, d.url, {PUBLISHER_SQL.replace('e.doc_id', 'd.doc_id')} AS publisher, d.date AS published"


def event_by_id(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """Gives one stored event by id (flat columns, `cluster_id`, `record` as stored, and its document's
    `title`, `url`, `publisher` and `published` date), or None when the store has no such event."""
    columns = ", ".join(f"e.{c}" for c in schema_columns() + ["cluster_id", "record"])
    cursor = con.execute(f"SELECT {columns} FROM events e WHERE e.id = ?", [event_id])
    row = cursor.fetchone()
    if row is None:
        return None
    event = dict(zip([d[0] for d in cursor.description], row))
    document = _documents(con, [event["doc_id"]]).get(event["doc_id"], {})
    return {**event, **{k: document.get(k, event["doc_id"] if k == "publisher" else None)
                        for k in ("title", "url", "publisher", "published")}}


def _documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Gives the title, url, publisher and published date of each of `doc_ids` the store holds,
    looked up in the primary key's index (the ids as values, not a join with every document)."""
    if not doc_ids:
        return {}
    marks = ", ".join("?" for _ in doc_ids)
    cursor = con.execute(f"SELECT {_DOCUMENT} FROM documents d WHERE d.doc_id IN ({marks})", doc_ids)
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}


def document_sentences(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]]:
    """Gives the sentences of a document that the store holds (those events were coded from), in
    order, as plain records (tables.plain).

    The store keeps no article text, only each event's sentence: these are the parts of the document
    it can show. Rows: sentence_index, sentence_start, sentence_end, sentence_text, events (how many
    stored events that sentence gave).
    """
    return _records(con.execute("""
        SELECT sentence_index, any_value(sentence_start) AS sentence_start,
               any_value(sentence_end) AS sentence_end, any_value(sentence_text) AS sentence_text,
               count(*) AS events
        FROM events WHERE doc_id = ? AND sentence_text IS NOT NULL
        GROUP BY sentence_index ORDER BY sentence_index NULLS LAST""", [doc_id]))


def cluster_mentions(con: duckdb.DuckDBPyConnection, cluster: str) -> list[dict[str, Any]]:
    """Gives every stored report of one cluster as plain records (flat columns, cluster_id, and its
    document's title, url and publisher), first report first; an unclustered event is a cluster
    whose id is its own.

    Its reports are listed in its row of `clusters`, and read by their ids. Records straight from
    DuckDB's values: through a DataFrame they took a quarter of an event page's time.
    """
    row = con.execute(f"SELECT reports FROM {CLUSTERS} WHERE unit = ?", [cluster]).fetchone()
    ids = list(row[0]) if row else []
    columns = ", ".join(f"e.{c}" for c in schema_columns() + ["cluster_id"])
    marks = ", ".join("?" for _ in ids) or "NULL"
    rows = _records(con.execute(f"""
        SELECT {columns} FROM {DATED_EVENTS} e WHERE e.id IN ({marks})
        ORDER BY e.day NULLS LAST, e.doc_id, e.sentence_index, e.id""", ids))
    documents = _documents(con, sorted({r["doc_id"] for r in rows}))
    for r in rows:
        document = documents.get(r["doc_id"], {})
        r.update({name: plain(document.get(name, r["doc_id"] if name == "publisher" else None))
                  for name in ("title", "url", "publisher")})
    return rows


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Gives the rows of an executed query as plain records (tables.plain), named by its columns."""
    names = [d[0] for d in cursor.description]
    return [{n: plain(v) for n, v in zip(names, row)} for row in cursor.fetchall()]


def events_page(con: duckdb.DuckDBPyConnection, offset: int = 0, limit: int = 50, dyad: str | None = None,
                actor: str | None = None, event: str | None = None, cameo: str | None = None,
                since: str | datetime.date | None = None, until: str | datetime.date | None = None,
                text: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Gives one page of `events()` (one row per cluster, same rows and order, as page_rows' records)
    and how many clusters match.

    `offset` rows are skipped, then at most `limit` given. The same question as `events()`, asked so
    that a page of a store of a million events costs a fraction of listing them all: the matching
    happenings and their first reports come from the `clusters` table (happenings.py), or, for a
    CAMEO code or words (which differ between the reports of one happening), from the events
    (`_page_from_events`). Then only the page's rows are read, by their ids (the primary key's
    index), with their happenings' counts. Raises known.UnknownActor for a code no event has.
    """
    check_codes(con, dyad, actor)
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise QueryError("offset", offset, "give a whole number of 0 or more")
    limit = parse_count("limit", limit)
    if cameo is None and text is None:
        sql, params = happenings.matching(con, dyad, actor, event, since, until)
        total, page = _page_of_happenings(con, sql, params, offset, limit, since is not None or until is not None)
    else:
        total, firsts = _page_from_events(con, offset, limit, dyad, actor, event, cameo, since, until, text)
        page = [[first_id, *counts] for first_id, counts in _with_counts(con, firsts)]
    return page_rows(con, page or []), int(total)


_ORDER = "first_day DESC NULLS LAST, first_doc_date DESC NULLS LAST, first_doc_id, first_sentence, first_id"


def _page_of_happenings(con: duckdb.DuckDBPyConnection, sql: str, params: list, offset: int, limit: int,
                        days: bool) -> tuple[int, list[list[str]]]:
    """Gives how many happenings `sql` (happenings.matching's) finds and the page's [first id,
    mentions, articles, sources], newest first.

    Only happenings whose first day reaches the page's last one are sorted whole (a sort of one
    date picks that day); undated ones come last, so when the page reaches them all are. Without
    days the happenings are read twice from `clusters`, the page's with that day as a bound the
    scan can skip by; with days (which read events) they are found once and kept: a dyad's page
    of a year and a quarter 32 ms of CPU against 39 when found twice, at a million events."""
    listed = f"SELECT list([first_id, mentions::VARCHAR, articles::VARCHAR, sources::VARCHAR] ORDER BY {_ORDER})"
    if days:
        return con.execute(f"""
            WITH m AS MATERIALIZED ({sql}),
            cut AS (SELECT first_day AS day FROM m ORDER BY first_day DESC NULLS LAST LIMIT 1 OFFSET ?)
            SELECT (SELECT count(*) FROM m),
                   ({listed} FROM (SELECT * FROM m WHERE (SELECT day FROM cut) IS NULL OR first_day >= (SELECT day FROM cut)
                                   ORDER BY {_ORDER} LIMIT ? OFFSET ?))""",
                           params + [offset + limit - 1, limit, offset]).fetchone()
    total, cut = con.execute(f"""
        WITH m AS NOT MATERIALIZED ({sql})
        SELECT (SELECT count(*) FROM m),
               (SELECT first_day FROM m ORDER BY first_day DESC NULLS LAST LIMIT 1 OFFSET ?)""",
                             params + [offset + limit - 1]).fetchone()
    reach, reach_params = ("first_day >= ?", [cut]) if cut is not None else ("TRUE", [])
    page = con.execute(f"{listed} FROM (SELECT * FROM ({sql}) WHERE {reach} ORDER BY {_ORDER} LIMIT ? OFFSET ?)",
                       params + reach_params + [limit, offset]).fetchone()[0]
    return total, page


def _with_counts(con: duckdb.DuckDBPyConnection, firsts: list[list[str]]) -> list[tuple[str, list[str]]]:
    """Gives each [id, unit] of `firsts` as (id, [mentions, articles, sources] of its happening), in
    order. The units as values, so that DuckDB finds their rows through the index on `clusters.unit`
    (a page's 50 rows 4 ms against 40 by a join of their ids with every happening)."""
    units = list(dict.fromkeys(unit for _, unit in firsts))
    marks = ", ".join("?" for _ in units) or "NULL"
    counts = {unit: [str(m), str(a), str(s)] for unit, m, a, s in con.execute(
        f"SELECT unit, mentions, articles, sources FROM {CLUSTERS} WHERE unit IN ({marks})", units).fetchall()}
    return [(first_id, counts[unit]) for first_id, unit in firsts if unit in counts]


def page_rows(con: duckdb.DuckDBPyConnection, page: list[list[str]]) -> list[dict[str, Any]]:
    """Gives the rows of a page's events as plain records (the flat record columns and cluster_id,
    as tables.plain gives them: days as YYYY-MM-DD, nulls as None) with their happenings'
    mentions, articles and sources, in the order of `page`, which holds [id, mentions, articles,
    sources] per row; an id the store lacks is left out."""
    columns = schema_columns() + ["cluster_id"]
    ids = [row[0] for row in page]
    marks = ", ".join("?" for _ in ids) or "NULL"
    # The ids as values, not a subquery: DuckDB then looks them up in the primary key's index. The
    # order and the counts, known already, are put on here, and the rows made records straight from
    # DuckDB's values: joined and sorted in SQL they cost a third more, made a DataFrame first
    # 14 ms of CPU against 8 (a page of 50 rows at a million events).
    found = {row[0]: row for row in con.execute(
        f"SELECT {', '.join(f'e.{c}' for c in columns)} FROM events e WHERE e.id IN ({marks})", ids).fetchall()}
    rows = []
    for event_id, mentions, articles, sources in page:
        if event_id in found:
            rows.append({**{c: plain(v) for c, v in zip(columns, found[event_id])},
                         "mentions": int(mentions), "articles": int(articles), "sources": int(sources)})
    return rows


def _page_from_events(con: duckdb.DuckDBPyConnection, offset: int, limit: int, *filters: Any) -> tuple[int, list]:
    """Gives how many clusters have a report matching `filters` (events_page's, in its order) and
    the page's first reports as [id, unit], read from the events.

    A cluster's first sort key is its earliest matching day: that is found for every cluster (a
    cheap aggregate of one date), and only the clusters whose earliest day reaches the page's last
    one (ties included) are looked at whole, to pick their first report and break ties. When the
    page reaches undated clusters, all are looked at.
    """
    where, params = where_clause(*filters)
    matches = (f"SELECT e.unit, e.day, e.doc_date, e.doc_id, e.sentence_index, e.id "
               f"FROM {DATED_EVENTS} e WHERE {where}")
    order = "day DESC NULLS LAST, doc_date DESC NULLS LAST, doc_id, sentence_index, id"
    # The first report of a cluster as events() picks it: earliest day (undated last), then document
    # and sentence order. The key holds no NULLs, so the struct compares as that ORDER BY would.
    total, ids = con.execute(f"""
        WITH m AS MATERIALIZED ({matches}),
        spans AS MATERIALIZED (SELECT unit, min(day) AS day FROM m GROUP BY unit),
        cut AS (SELECT day FROM spans ORDER BY day DESC NULLS LAST LIMIT 1 OFFSET ?),
        candidates AS (SELECT unit FROM spans
                       WHERE (SELECT day FROM cut) IS NULL OR day >= (SELECT day FROM cut)),
        firsts AS (
            SELECT m.unit, arg_min(struct_pack(id := m.id, day := m.day, doc_date := m.doc_date, doc_id := m.doc_id,
                                       sentence_index := m.sentence_index),
                           struct_pack(d := coalesce(m.day, DATE '9999-12-31'), doc := m.doc_id,
                                       s := coalesce(m.sentence_index, 2147483647), i := m.id)) AS f
            FROM m
            -- a candidate's reports are all on or after the cut (undated ones never come first)
            WHERE ((SELECT day FROM cut) IS NULL OR m.day >= (SELECT day FROM cut))
              AND m.unit IN (SELECT unit FROM candidates)
            GROUP BY m.unit),
        page AS (SELECT unit, f.* FROM firsts ORDER BY f.day DESC NULLS LAST, f.doc_date DESC NULLS LAST, f.doc_id,
                                                 f.sentence_index, f.id
                 LIMIT ? OFFSET ?)
        SELECT (SELECT count(*) FROM spans), (SELECT list([id, unit] ORDER BY {order}) FROM page)""",
                             params + [offset + limit - 1, limit, offset]).fetchone()
    return total, ids or []
