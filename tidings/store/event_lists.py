"""Lists of happenings in another order than newest first, and whole lists to download.

A list shows one row per happening: its first matching report, with its counts (as
pages.events_page lists them). `sort` orders it: `date` (newest first, events_page's order),
`reports` (most reported first), `goldstein` (most cooperative first) or `-goldstein` (most
conflictual first); ties fall back to the date order. `listed_batches` gives the whole list in
batches, for a download to stream; `sorted_page` one page of it, choosing the page's happenings from
their rows in `clusters` before reading any event.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
import duckdb

from tidings.store import happenings
from tidings.store.pages import page_rows
from tidings.store.filters import QueryError, parse_count, where_clause
from tidings.store.known import check_codes
from tidings.store.schema import CLUSTERS, DATED_EVENTS

Day = str | datetime.date | None
SORTS = {"date": "newest first", "reports": "most reports first", "goldstein": "most cooperative first",
         "-goldstein": "most conflictual first"}
# what a list row shows, and what its download gives
LISTED = ("id", "day", "date", "date_precision", "doc_date", "source_code", "source_name", "event", "mode",
          "cameo", "target_code", "target_name", "sentence_text", "goldstein", "mentions", "articles", "sources",
          "negated", "intent", "doc_id")


def parse_sort(sort: str | None) -> str:
    """Gives a list's order (date when None); raises QueryError for an unknown one."""
    if sort is None:
        return "date"
    if sort not in SORTS:
        raise QueryError("sort", sort, f"use one of {', '.join(SORTS)}")
    return sort


def order(sort: str, m: str = "") -> str:
    """Gives the ORDER BY of a list in `sort` order, over happenings.COLUMNS (of alias `m`, given as "m.")."""
    date = (f"{m}first_day DESC NULLS LAST, {m}first_doc_date DESC NULLS LAST, {m}first_doc_id, "
            f"{m}first_sentence, {m}first_id")
    first = {"date": "", "reports": f"{m}mentions DESC, ", "goldstein": f"{m}goldstein DESC NULLS LAST, ",
             "-goldstein": f"{m}goldstein ASC NULLS LAST, "}[parse_sort(sort)]
    return first + date


def _happenings(con: duckdb.DuckDBPyConnection, dyad: str | None, actor: str | None, event: str | None, cameo: str | None, since: Day,
                until: Day, text: str | None) -> tuple[str, list]:
    """Gives SQL for the matching happenings (happenings.COLUMNS), each with its first matching report.

    For a CAMEO code or words, which differ between the reports of one happening, the first report
    is picked among the matching events; the happening's counts and Goldstein value stay its own."""
    if cameo is None and text is None:
        return happenings.matching(con, dyad, actor, event, since, until)
    where, params = where_clause(dyad, actor, event, cameo, since, until, text)
    return f"""
        WITH f AS (
            SELECT e.unit, arg_min(struct_pack(id := e.id, day := e.day, doc_date := e.doc_date,
                                               doc_id := e.doc_id, sentence := e.sentence_index),
                                   struct_pack(d := coalesce(e.day, DATE '9999-12-31'), doc := e.doc_id,
                                               s := coalesce(e.sentence_index, 2147483647), i := e.id)) AS f
            FROM {DATED_EVENTS} e WHERE {where} GROUP BY e.unit)
        SELECT c.unit, c.source_code, c.target_code, c.event, f.f.id AS first_id, f.f.day AS first_day,
               f.f.doc_date AS first_doc_date, f.f.doc_id AS first_doc_id, f.f.sentence AS first_sentence,
               c.mentions, c.articles, c.sources, c.series_day, c.series_last_day, c.quad, c.goldstein
        FROM f JOIN {CLUSTERS} c USING (unit)""", params


# happenings of a long list read at a time: 5,000 held the RSS flat (+80-99 MB from 138 to 336,000
# rows at a million events), 10,000 let it grow with the rows (+80-134 MB)
CHUNK = 5_000


def seek_key(sort: str) -> str:
    """Gives SQL for one value per happening (over happenings.COLUMNS) whose ascending order is the
    list's order (`order(sort)`): NULLs mapped past every value where that order puts them last,
    days as numbers. A list can then be read a chunk at a time, each chunk the next CHUNK
    happenings after the last one read, sorting no more than a chunk."""
    last = 2147483647
    date = (f"d := coalesce(-date_diff('day', DATE '1970-01-01', first_day), {last})::BIGINT, "
            f"p := coalesce(-date_diff('day', DATE '1970-01-01', first_doc_date), {last})::BIGINT, "
            f"doc := first_doc_id, s := coalesce(first_sentence, {last})::BIGINT, i := first_id")
    first = {"date": "", "reports": "r := -mentions::BIGINT, ",
             "goldstein": "g := coalesce(-goldstein, 'infinity'::DOUBLE), ",
             "-goldstein": "g := coalesce(goldstein, 'infinity'::DOUBLE), "}[parse_sort(sort)]
    return f"struct_pack({first}{date})"


def listed_batches(con: duckdb.DuckDBPyConnection, sort: str = "date", batch: int = 500, dyad: str | None = None,
                   actor: str | None = None, event: str | None = None, cameo: str | None = None, since: Day = None,
                   until: Day = None, text: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """Gives every listed row (LISTED columns) in the list's order, `batch` rows at a time, holding at
    most CHUNK happenings however long the list.

    The list is read a chunk at a time: the next CHUNK happenings after the last one read, in the
    list's order (seek_key), then their reports. Sorting the whole list at once held every
    happening's keys (+61 MB at 336,000); joining it with the events held their text too (+200 MB).
    Each chunk asks for the happenings again: 336,000 rows take ~20 s, 84,000 ~4 s.
    A chunk's reports are read through the primary key's index when there are at most `batch` of
    them (500 ids ~40 ms at a million events), else in one pass over the events' ids (5,000 ~100 ms).
    """
    check_codes(con, dyad, actor)
    key = seek_key(sort)
    sql, params = _happenings(con, dyad, actor, event, cameo, since, until, text)
    own = [c for c in LISTED if c not in ("goldstein", "mentions", "articles", "sources")]
    columns = ", ".join(f"e.{c}" for c in own)
    after: dict | None = None
    while True:
        seek, seek_params = ("WHERE k > ?", [after]) if after is not None else ("", [])
        chunk = [dict(zip(("k", "first_id", "goldstein", "mentions", "articles", "sources"), row))
                 for row in con.execute(f"""
                    SELECT k, first_id, goldstein, mentions, articles, sources
                    FROM (SELECT {key} AS k, * FROM ({sql})) {seek} ORDER BY k LIMIT ?""",
                                        params + seek_params + [CHUNK]).fetchall()]
        if not chunk:
            return
        after = chunk[-1]["k"]
        ids = [h["first_id"] for h in chunk]
        if len(ids) <= batch:   # by the index: the ids as values
            cursor = con.execute(f"SELECT {columns} FROM {DATED_EVENTS} e "
                                 f"WHERE e.id IN ({', '.join('?' for _ in ids)})", ids)
        else:
            cursor = con.execute(f"SELECT {columns} FROM {DATED_EVENTS} e "
                                 f"WHERE e.id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        rows = {r[0]: dict(zip(own, r)) for r in cursor.fetchall()}
        listed = [{c: (h[c] if c in h else rows[h["first_id"]][c]) for c in LISTED}
                  for h in chunk if h["first_id"] in rows]
        for at in range(0, len(listed), batch):
            yield listed[at:at + batch]
        if len(chunk) < CHUNK:
            return


def sorted_page(con: duckdb.DuckDBPyConnection, offset: int, limit: int, sort: str, dyad: str | None = None,
                actor: str | None = None, event: str | None = None, cameo: str | None = None, since: Day = None,
                until: Day = None, text: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Gives one page of the list in `sort` order (pages.page_rows' records) and how many happenings match."""
    check_codes(con, dyad, actor)
    limit = parse_count("limit", limit)
    sql, params = _happenings(con, dyad, actor, event, cameo, since, until, text)
    total, page = con.execute(f"""
        WITH m AS MATERIALIZED ({sql})
        SELECT (SELECT count(*) FROM m),
               (SELECT list([first_id, mentions::VARCHAR, articles::VARCHAR, sources::VARCHAR] ORDER BY n)
                FROM (SELECT *, row_number() OVER () AS n
                      FROM (SELECT * FROM m ORDER BY {order(sort)} LIMIT ? OFFSET ?)))""",
                              params + [limit, offset]).fetchone()
    return page_rows(con, list(page or [])), int(total)
