"""The pledges the store holds, with their status and links, as DataFrames.

A pledge's status is computed when asked, against the store's latest day (its newest document's
date), so that it changes as the store grows and never needs rewriting:
- `fulfilled` or `contradicted`: the later of its fulfilling and contradicting links decides;
- else `overdue`: its due's period ended before the latest day, with no fulfilment;
- else `reaffirmed`: it was made again;
- else `open`.
A dyad here is a pair of actors in either direction ("CHN-KAZ" is China's pledges to Kazakhstan and
Kazakhstan's to China): a pledge is often mutual, and what became of it runs both ways.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from tidings.store.filters import Day, QueryError, day_conditions, parse_actor, parse_count, parse_dyad
from tidings.store.pledge_tables import PLEDGE_LINKS, PLEDGES

STATUSES = ("open", "reaffirmed", "fulfilled", "contradicted", "overdue")

PLEDGE_COLUMNS = ("pledge_id, p.doc_id, p.made, p.doc_date, p.source_code, p.target_code, p.cameo, p.what, p.acts, "
                  "p.amount_text, p.amount_value, p.amount_unit, p.due_text, p.due, p.due_precision, p.fulfilled_by, "
                  "p.mutual, p.sentence_text, p.sentence_start, p.trigger_start, p.trigger_end")


def status_sql(latest: str = "latest.day") -> str:
    """Gives the SQL of a pledge's status over alias `p` (pledges) and `l` (its link counts)."""
    return f"""CASE WHEN l.decisive = 'fulfils' THEN 'fulfilled'
                    WHEN l.decisive = 'contradicts' THEN 'contradicted'
                    WHEN p.due_end IS NOT NULL AND p.due_end < {latest} THEN 'overdue'
                    WHEN coalesce(l.reaffirms, 0) > 0 THEN 'reaffirmed'
                    ELSE 'open' END"""


def parse_status(status: str) -> str:
    """Gives a pledge status in lower case; raises QueryError for an unknown one."""
    if status.strip().lower() not in STATUSES:
        raise QueryError("status", status, f"a status is one of {', '.join(STATUSES)}")
    return status.strip().lower()


def pledges(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
            status: str | None = None, since: Day | None = None, until: Day | None = None,
            limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Gives the matching pledges newest first, with status, latest day and link counts by relation."""
    where, params = _where(dyad, actor, since, until)
    limit = parse_count("limit", limit)
    tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    order = "ORDER BY p.made DESC NULLS LAST, p.doc_id, p.sentence_index, p.event_id"
    if status is None:
        # the page first, then the links of its pledges only: a page costs its rows, not the store's
        chosen = f"(SELECT * FROM {PLEDGES} p WHERE {where} {order}{tail})"
        where, tail = "TRUE", ""
        links_of = f"WHERE pledge_id IN (SELECT event_id FROM {chosen})"
    else:
        chosen = PLEDGES
        where += f" AND {status_sql()} = ?"
        params = params + [parse_status(status)]
        links_of = ""
    return con.execute(f"""
        WITH latest AS (SELECT max(date) AS day FROM documents),
             l AS (SELECT pledge_id, arg_max(relation, event_day) FILTER (WHERE relation <> 'reaffirms') AS decisive,
                          count(*) FILTER (WHERE relation = 'fulfils') AS fulfils,
                          count(*) FILTER (WHERE relation = 'reaffirms') AS reaffirms,
                          count(*) FILTER (WHERE relation = 'contradicts') AS contradicts
                   FROM {PLEDGE_LINKS} {links_of} GROUP BY pledge_id)
        SELECT p.event_id AS {PLEDGE_COLUMNS}, {status_sql()} AS status, latest.day AS latest,
               coalesce(l.fulfils, 0) AS fulfils, coalesce(l.reaffirms, 0) AS reaffirms,
               coalesce(l.contradicts, 0) AS contradicts
        FROM {chosen} p CROSS JOIN latest LEFT JOIN l ON l.pledge_id = p.event_id
        WHERE {where}
        {order}{tail}""", params * 2 if status is None else params).df()


def count_pledges(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
                  since: Day | None = None, until: Day | None = None) -> dict[str, int]:
    """Gives how many matching pledges have each status (a status with none is left out)."""
    where, params = _where(dyad, actor, since, until)
    rows = con.execute(f"""
        WITH latest AS (SELECT max(date) AS day FROM documents),
             l AS (SELECT pledge_id, arg_max(relation, event_day) FILTER (WHERE relation <> 'reaffirms') AS decisive,
                          count(*) FILTER (WHERE relation = 'reaffirms') AS reaffirms
                   FROM {PLEDGE_LINKS} WHERE pledge_id IN (SELECT event_id FROM {PLEDGES} p WHERE {where}) GROUP BY pledge_id)
        SELECT {status_sql()} AS status, count(*) FROM {PLEDGES} p CROSS JOIN latest LEFT JOIN l ON l.pledge_id = p.event_id
        WHERE {where} GROUP BY 1""", params + params).fetchall()
    return {s: n for s, n in rows}


def links(con: duckdb.DuckDBPyConnection, pledge_ids: Sequence[str]) -> pd.DataFrame:
    """Gives the links of the pledges `pledge_ids`, each with both sentences and the later event's actors."""
    return con.execute(f"""
        SELECT k.pledge_id, k.event_id, k.relation, k.score, k.event_day, k.event_doc_id, k.event_cameo, k.shared,
               k.pledge_sentence, k.event_sentence, k.source_code, k.target_code, k.trigger_at, k.trigger_until
        FROM {PLEDGE_LINKS} k
        WHERE k.pledge_id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY k.pledge_id, k.event_day, k.event_id""", [list(pledge_ids)]).df()


def _where(dyad: str | None, actor: str | None, since: Day | None, until: Day | None) -> tuple[str, list[Any]]:
    conditions, params = ["TRUE"], []
    if dyad is not None:
        a, b = parse_dyad(dyad)
        conditions.append("((p.source_code = ? AND p.target_code = ?) OR (p.source_code = ? AND p.target_code = ?))")
        params += [a, b, b, a]
    if actor is not None:
        code = parse_actor(actor)
        conditions.append("(p.source_code = ? OR p.target_code = ?)")
        params += [code, code]
    days, day_params = day_conditions(since, until, day="p.made")
    return " AND ".join(conditions + days), params + day_params
