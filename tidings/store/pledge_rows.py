"""Pledge records into the store: one row of `pledges` per event record that carries a pledge.

Called by both writers (schema.write_document, writing.write_documents) after a document's events
are stored; then its links are made (pledge_links.py).
"""
from __future__ import annotations

import calendar
import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from tidings.days import as_day
from tidings.store import pledge_links
from tidings.store.pledge_tables import PLEDGE_LINKS, PLEDGES


def due_end(due: str | None, precision: str | None) -> datetime.date | None:
    """Gives the last day of a due's period: a due of 2030 (year) has passed only after 2030-12-31."""
    day = as_day(due) if due else None
    if day is None:
        return None
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def pledge_rows(records: Iterable[dict[str, Any]]) -> list[tuple]:
    """Gives the `pledges` rows of the event records that carry a pledge, mutual ones marked."""
    pledged = [r for r in records if r.get("pledge")]
    pairs = {(r["doc_id"], (r.get("sentence") or {}).get("index"), (r.get("source") or {}).get("code"),
              (r.get("target") or {}).get("code")) for r in pledged}
    rows = []
    for r in pledged:
        p, s, source, target = r["pledge"], r.get("sentence") or {}, r.get("source") or {}, r.get("target") or {}
        doc_date, date = r.get("doc_date"), r.get("date") or r.get("doc_date")
        amount, due = p.get("amount") or {}, p.get("due") or {}
        # made when reported, or earlier when the report looks back ("promised in May"); a pledge with a
        # due looks ahead, and its event's date is the promised act's, not the promise's
        made = doc_date if due.get("date") or not date else min(d for d in (date, doc_date) if d)
        mutual = (r["doc_id"], s.get("index"), target.get("code"), source.get("code")) in pairs
        trigger = r.get("trigger") or {}
        rows.append((r["id"], r["doc_id"], made, doc_date, source.get("code"), target.get("code"), r["cameo"],
                     s.get("index"), s.get("text"), trigger.get("start"), trigger.get("end"), s.get("start"),
                     p.get("what"), list(p.get("acts") or []), amount.get("text"), amount.get("value"), amount.get("unit"),
                     due.get("text"), due.get("date"), due.get("precision"),
                     due_end(due.get("date"), due.get("precision")), list(p.get("fulfilled_by") or []),
                     json.dumps(p.get("terms") or {}, ensure_ascii=False), mutual and source.get("code") != target.get("code")))
    return rows


def store_pledges(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], records: Iterable[dict[str, Any]]) -> None:
    """Stores the pledges of documents `doc_ids` in place of theirs, and links them and their events."""
    ids = list(doc_ids)
    con.execute(f"DELETE FROM {PLEDGE_LINKS} WHERE pledge_id IN (SELECT event_id FROM {PLEDGES} "
                f"WHERE doc_id IN (SELECT unnest(?::VARCHAR[])))", [ids])
    con.execute(f"DELETE FROM {PLEDGES} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    rows = pledge_rows(records)
    if rows:
        con.executemany(f"INSERT OR REPLACE INTO {PLEDGES} VALUES ({', '.join('?' for _ in rows[0])})", rows)
    pledge_links.link_documents(con, ids)


def fill_pledges(con: duckdb.DuckDBPyConnection) -> None:
    """Fills the pledge tables from the records the store holds (the migration to schema 6)."""
    docs = [r[0] for r in con.execute("SELECT DISTINCT doc_id FROM events WHERE record LIKE '%\"pledge\"%'").fetchall()]
    for start in range(0, len(docs), 500):
        part = docs[start:start + 500]
        records = [json.loads(r[0]) for r in con.execute(
            "SELECT record FROM events WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [part]).fetchall()]
        store_pledges(con, part, records)
