"""An actor's questions for its page (`/actor/CHN`): its events over time in each role, its partners,
and its event types.

Each reads the happenings (`clusters`, through happenings.matching), one row a happening, never the
million events: a happening counts once, on the day of its first counted report, with its most
frequent quad and mean Goldstein value, as every chart counts (queries._units). Every list is bounded;
overview_cuts.py asks the overview's questions the same way.
"""
from __future__ import annotations

import datetime
from typing import Any

import duckdb

from tidings.store import happenings
from tidings.store.filters import parse_actor, parse_count, parse_period
from tidings.store.known import check_codes

Day = str | datetime.date | None
PARTNERS = 20  # partners an actor's page lists
TYPES = 20     # event types (there are 16 PLOVER types and untyped)

# Goldstein-weighted cooperation and conflict over a group of happenings (`goldstein` their mean value)
WEIGHTS = """
    count(*) AS events,
    count(*) FILTER (WHERE quad = 1) AS quad1, count(*) FILTER (WHERE quad = 2) AS quad2,
    count(*) FILTER (WHERE quad = 3) AS quad3, count(*) FILTER (WHERE quad = 4) AS quad4,
    coalesce(sum(goldstein) FILTER (WHERE goldstein > 0), 0) AS cooperation,
    coalesce(-sum(goldstein) FILTER (WHERE goldstein < 0), 0) AS conflict"""
NET = "(cooperation - conflict) / nullif(cooperation + conflict, 0) AS net_cooperation"


def counted(con: duckdb.DuckDBPyConnection, actor: str | None = None, since: Day = None, until: Day = None,
            **more: Any) -> tuple[str, list]:
    """Gives SQL for the charted happenings matching the filters (series_day set), and its parameters."""
    sql, params = happenings.matching(con, actor=actor, since=since, until=until, **more)
    return f"SELECT * FROM ({sql}) WHERE series_day IS NOT NULL", params


def answers(con: duckdb.DuckDBPyConnection, units: str, params: list,
            questions: dict[str, tuple[str, str, list]], columns: str = "*") -> dict[str, list[dict[str, Any]]]:
    """Gives the rows of each of `questions` (name: (SELECT over table `u`, its ORDER BY, its
    parameters)), all asked in one statement over `units` (SQL for happenings, with `params`),
    computed once: with days, finding a page's happenings reads events (happenings.matching), and
    reading them once for all of a page's tables rather than once a table halves its time.
    `columns` are those of `units` the questions read: only they are kept (the happenings' ids and
    documents, when not asked, are text not worth copying)."""
    units = units if columns == "*" else f"SELECT {columns} FROM ({units})"
    parts, more = [], []
    for name, (select, order, given) in questions.items():
        parts.append(f"(SELECT coalesce(list(r ORDER BY r.rank), []) FROM "
                     f"(SELECT *, row_number() OVER (ORDER BY {order}) AS rank FROM ({select})) r) AS {name}")
        more += given
    row = con.execute(f"WITH u AS MATERIALIZED ({units}) SELECT {', '.join(parts)}", params + more).fetchone()
    return {name: [{k: v for k, v in r.items() if k != "rank"} for r in rows] for name, rows in zip(questions, row)}


def tables(con: duckdb.DuckDBPyConnection, actor: str, by: str = "month", since: Day = None, until: Day = None,
           offset: int = 0, limit: int = 50, partners: int = PARTNERS) -> dict[str, Any]:
    """Gives the tables of an actor's page, from one pass over its happenings within the days:

    - `series`: per period and role (`source`: the actor acts; `target`: it is acted upon), the
      charted happenings by quad, cooperation and conflict; one of the actor toward itself counts in both;
    - `partners`: the `partners` partners with most charted happenings either way, with `sent`
      (actor → partner), `received`, quads, cooperation, conflict and net over both directions;
    - `event_types`: charted happenings per PLOVER type, as source, as target and in all;
    - `page`: [first report's id, mentions, articles, sources] of the happenings `offset` to
      `offset + limit` in the lists' order, newest first (pages.page_rows reads their rows);
    - `total` happenings, of which `not_charted` (undated or negated: queries.left_out says which).
    """
    from tidings.store.event_lists import order

    code = parse_actor(actor)
    check_codes(con, actor=code)
    by, partners, limit = parse_period(by), parse_count("partners", partners), parse_count("limit", limit)
    units, params = happenings.matching(con, actor=code, since=since, until=until)
    charted = "(SELECT * FROM u WHERE series_day IS NOT NULL)"
    found = answers(con, units, params, {
        "series": (f"""SELECT date_trunc(?, series_day)::DATE AS period, role, {WEIGHTS}
                       FROM (SELECT 'source' AS role, * FROM {charted} WHERE source_code = ?
                             UNION ALL SELECT 'target', * FROM {charted} WHERE target_code = ?)
                       GROUP BY ALL""", "period, role", [by, code, code]),
        "partners": (f"""SELECT partner, {WEIGHTS}, {NET}, count(*) FILTER (WHERE sent) AS sent,
                                count(*) FILTER (WHERE NOT sent OR partner = ?) AS received
                         FROM (SELECT CASE WHEN source_code = ? THEN target_code ELSE source_code END AS partner,
                                      source_code = ? AS sent, *
                               FROM {charted} WHERE source_code IS NOT NULL AND target_code IS NOT NULL)
                         GROUP BY partner ORDER BY events DESC, partner LIMIT ?""", "events DESC, partner",
                     [code, code, code, partners]),
        "event_types": (f"""SELECT event, count(*) AS events, count(*) FILTER (WHERE source_code = ?) AS as_source,
                                   count(*) FILTER (WHERE target_code = ?) AS as_target,
                                   coalesce(sum(goldstein) FILTER (WHERE goldstein > 0), 0) AS cooperation,
                                   coalesce(-sum(goldstein) FILTER (WHERE goldstein < 0), 0) AS conflict
                            FROM {charted} GROUP BY event""", "events DESC, event NULLS LAST", [code, code]),
        "page": (f"""SELECT * FROM u ORDER BY {order('date')} LIMIT ? OFFSET ?""", order("date"), [limit, offset]),
        "counts": ("SELECT count(*) AS total, count(*) FILTER (WHERE series_day IS NULL) AS not_charted FROM u",
                   "total", []),
    })
    page = [[r["first_id"], str(r["mentions"]), str(r["articles"]), str(r["sources"])] for r in found["page"]]
    return {"series": found["series"], "partners": found["partners"], "event_types": found["event_types"],
            "page": page, **found["counts"][0]}


def day_span(con: duckdb.DuckDBPyConnection, actor: str, since: Day = None,
             until: Day = None) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the first and last day of the actor's charted happenings (None, None when none)."""
    code = parse_actor(actor)
    check_codes(con, actor=code)
    units, params = counted(con, code, since, until)
    first, last = con.execute(f"SELECT min(series_day), max(series_last_day) FROM ({units})", params).fetchone()
    return first, last
