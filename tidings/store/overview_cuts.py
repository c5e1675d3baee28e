"""The overview's own questions: dyads international and domestic, the most active actors within
days, and where the undated events are. Read from the happenings as actor_pages.py reads them."""
# (the undated tables are DataFrames; the rankings plain rows, as actor_pages.answers gives them)
from __future__ import annotations

from typing import Any

import duckdb

from tidings.store.actor_pages import NET, WEIGHTS, Day, answers, counted
from tidings.store.filters import parse_count, parse_period
from tidings.store.schema import DATED_EVENTS

UNDATED_SHOWN = 10  # documents and dyads listed as holding undated events


def rankings(con: duckdb.DuckDBPyConnection, limit: int = 10, since: Day = None, until: Day = None,
             by: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Gives the overview's rankings of the charted happenings within the days, from one pass over them
    (actor_pages.answers), each its `limit` first, most happenings first, then codes:

    - `all`: dyads as queries.top_dyads ranks them; `international` (two codes) and `domestic` (one
      code on both sides) apart: quad counts, Goldstein sum, cooperation, conflict, net, first and last day;
    - `actors`: actors, with their happenings as source, as target and in all (once for one of an
      actor toward itself);
    - with `by`, `series`: per period, the happenings by quad, Goldstein sum, cooperation, conflict and
      net, as queries.period_series counts them.
    """
    limit = parse_count("limit", limit)
    units, params = counted(con, None, since, until)
    series = {} if by is None else {"series": (
        f"""SELECT date_trunc(?, series_day)::DATE AS period, {WEIGHTS}, coalesce(sum(goldstein), 0) AS goldstein_sum,
                   {NET} FROM u GROUP BY period""", "period", [parse_period(by)])}
    dyads = f"""SELECT source_code, target_code, {WEIGHTS}, coalesce(sum(goldstein), 0) AS goldstein_sum, {NET},
                       min(series_day) AS first_day, max(series_day) AS last_day
                FROM coded WHERE {{}} GROUP BY source_code, target_code
                ORDER BY events DESC, source_code, target_code LIMIT ?"""
    coded = "(SELECT * FROM u WHERE source_code IS NOT NULL AND target_code IS NOT NULL) coded"
    order = "events DESC, source_code, target_code"
    return answers(con, units, params, {
        "all": (dyads.replace("coded", coded, 1).format("TRUE"), order, [limit]),
        "international": (dyads.replace("coded", coded, 1).format("source_code <> target_code"), order, [limit]),
        "domestic": (dyads.replace("coded", coded, 1).format("source_code = target_code"), order, [limit]),
        "actors": ("""SELECT code, count(*) FILTER (WHERE src) AS as_source, count(*) FILTER (WHERE NOT src) AS as_target,
                             count(*) - count(*) FILTER (WHERE NOT src AND twice) AS events
                      FROM (SELECT source_code AS code, TRUE AS src, FALSE AS twice FROM u WHERE source_code IS NOT NULL
                            UNION ALL
                            SELECT target_code, FALSE, target_code = source_code FROM u WHERE target_code IS NOT NULL)
                      GROUP BY code ORDER BY events DESC, code LIMIT ?""", "events DESC, code", [limit]),
        **series,
    }, columns="source_code, target_code, series_day, quad, goldstein")


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
