"""The overview's own questions: dyads international and domestic, the most active actors within
days, and where the undated events are. Read from the happenings as actor_pages.py reads them."""
from __future__ import annotations

import duckdb
import pandas as pd

from tidings.store.actor_pages import NET, WEIGHTS, Day, counted
from tidings.store.filters import parse_count
from tidings.store.schema import DATED_EVENTS

UNDATED_SHOWN = 10  # documents and dyads listed as holding undated events


def ranked_dyads(con: duckdb.DuckDBPyConnection, limit: int = 10, since: Day = None,
                 until: Day = None) -> dict[str, pd.DataFrame]:
    """Gives the `limit` dyads with most charted happenings, of all dyads (`all`, as queries.top_dyads
    ranks them), of the international ones (`international`: two codes) and of the domestic ones
    (`domestic`: one code on both sides), from one grouping: quad counts, Goldstein sum, cooperation,
    conflict, net, first and last day; most events first, then codes."""
    limit = parse_count("limit", limit)
    units, params = counted(None, since, until)
    frame = con.execute(f"""
        WITH u AS ({units} AND source_code IS NOT NULL AND target_code IS NOT NULL),
        d AS (SELECT source_code, target_code, {WEIGHTS}, coalesce(sum(goldstein), 0) AS goldstein_sum, {NET},
                     min(series_day) AS first_day, max(series_day) AS last_day, source_code = target_code AS domestic
              FROM u GROUP BY source_code, target_code),
        r AS (SELECT *, row_number() OVER (ORDER BY events DESC, source_code, target_code) AS overall,
                     row_number() OVER (PARTITION BY domestic ORDER BY events DESC, source_code, target_code) AS within
              FROM d)
        SELECT * FROM r WHERE overall <= ? OR within <= ? ORDER BY events DESC, source_code, target_code""",
                        params + [limit, limit]).df()
    columns = ["source_code", "target_code", "events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum",
               "cooperation", "conflict", "net_cooperation", "first_day", "last_day"]

    def part(rows: pd.DataFrame) -> pd.DataFrame:
        return rows[columns].reset_index(drop=True)

    return {"all": part(frame[frame["overall"] <= limit]),
            "international": part(frame[~frame["domestic"].astype(bool) & (frame["within"] <= limit)]),
            "domestic": part(frame[frame["domestic"].astype(bool) & (frame["within"] <= limit)])}


def active_actors(con: duckdb.DuckDBPyConnection, limit: int = 10, since: Day = None, until: Day = None) -> pd.DataFrame:
    """Gives the `limit` actors with most charted happenings within the days, as source, as target and in all."""
    limit = parse_count("limit", limit)
    units, params = counted(None, since, until)
    return con.execute(f"""
        WITH u AS ({units}),
        roles AS (SELECT source_code AS code, TRUE AS src, FALSE AS twice FROM u WHERE source_code IS NOT NULL
                  UNION ALL SELECT target_code, FALSE, target_code = source_code FROM u WHERE target_code IS NOT NULL)
        SELECT code, count(*) FILTER (WHERE src) AS as_source, count(*) FILTER (WHERE NOT src) AS as_target,
               count(*) - count(*) FILTER (WHERE NOT src AND twice) AS events
        FROM roles GROUP BY code ORDER BY events DESC, code LIMIT ?""", params + [limit]).df()


def undated(con: duckdb.DuckDBPyConnection) -> dict:
    """Gives how many happenings have no day (not the text's, not its article's), and where they are:
    the documents and dyads holding most undated reports, each with one report's id to open."""
    happenings_n, reports_n = con.execute(
        "SELECT count(*) FILTER (WHERE first_day IS NULL), coalesce(sum(mentions - reports_dated), 0)::BIGINT "
        "FROM clusters").fetchone()
    documents = con.execute(f"""
        SELECT e.doc_id, count(*) AS events, min(e.id) AS event_id FROM {DATED_EVENTS} e WHERE e.day IS NULL
        GROUP BY e.doc_id ORDER BY events DESC, e.doc_id LIMIT ?""", [UNDATED_SHOWN]).df()
    dyads = con.execute(f"""
        SELECT e.source_code, e.target_code, count(*) AS events FROM {DATED_EVENTS} e WHERE e.day IS NULL
        GROUP BY ALL ORDER BY events DESC, e.source_code NULLS LAST, e.target_code NULLS LAST LIMIT ?""",
                        [UNDATED_SHOWN]).df()
    return {"happenings": happenings_n, "reports": reports_n, "documents": documents, "dyads": dyads}
