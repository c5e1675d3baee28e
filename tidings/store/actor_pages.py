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
import pandas as pd

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


def counted(actor: str | None = None, since: Day = None, until: Day = None, **more: Any) -> tuple[str, list]:
    """Gives SQL for the charted happenings matching the filters (series_day set), and its parameters."""
    sql, params = happenings.matching(actor=actor, since=since, until=until, **more)
    return f"SELECT * FROM ({sql}) WHERE series_day IS NOT NULL", params


def role_series(con: duckdb.DuckDBPyConnection, actor: str, by: str = "month", since: Day = None,
                until: Day = None) -> pd.DataFrame:
    """Gives per period and role (`source`: the actor acts; `target`: it is acted upon) the happenings
    counted, by quad, with cooperation, conflict and net. A happening of the actor toward itself
    counts in both roles."""
    code = parse_actor(actor)
    check_codes(con, actor=code)
    by = parse_period(by)
    units, params = counted(code, since, until)
    return con.execute(f"""
        WITH u AS ({units}),
        roles AS (SELECT 'source' AS role, * FROM u WHERE source_code = ?
                  UNION ALL SELECT 'target', * FROM u WHERE target_code = ?)
        SELECT date_trunc(?, series_day)::DATE AS period, role, {WEIGHTS}
        FROM roles GROUP BY ALL ORDER BY period, role""", params + [code, code, by]).df()


def partners(con: duckdb.DuckDBPyConnection, actor: str, since: Day = None, until: Day = None,
             limit: int = PARTNERS) -> pd.DataFrame:
    """Gives the actor's `limit` partners with most happenings (either direction), with how many it
    sent and received, and the Goldstein-weighted cooperation, conflict and net over both directions.

    Rows: partner, events, sent (actor → partner), received (partner → actor), quad1..quad4,
    cooperation, conflict, net_cooperation; most events first, then code.
    """
    code = parse_actor(actor)
    check_codes(con, actor=code)
    limit = parse_count("limit", limit)
    units, params = counted(code, since, until)
    return con.execute(f"""
        WITH u AS ({units} AND source_code IS NOT NULL AND target_code IS NOT NULL),
        sides AS (SELECT CASE WHEN source_code = ? THEN target_code ELSE source_code END AS partner,
                         source_code = ? AS sent, * FROM u)
        SELECT partner, {WEIGHTS}, {NET}, count(*) FILTER (WHERE sent) AS sent,
               count(*) FILTER (WHERE NOT sent OR partner = ?) AS received
        FROM sides GROUP BY partner
        ORDER BY events DESC, partner LIMIT ?""", params + [code, code, code, limit]).df()


def event_types(con: duckdb.DuckDBPyConnection, actor: str, since: Day = None, until: Day = None) -> pd.DataFrame:
    """Gives the actor's happenings per PLOVER type: as source, as target and in all, most first."""
    code = parse_actor(actor)
    check_codes(con, actor=code)
    units, params = counted(code, since, until)
    return con.execute(f"""
        WITH u AS ({units})
        SELECT event, count(*) AS events, count(*) FILTER (WHERE source_code = ?) AS as_source,
               count(*) FILTER (WHERE target_code = ?) AS as_target,
               coalesce(sum(goldstein) FILTER (WHERE goldstein > 0), 0) AS cooperation,
               coalesce(-sum(goldstein) FILTER (WHERE goldstein < 0), 0) AS conflict
        FROM u GROUP BY event ORDER BY events DESC, event NULLS LAST LIMIT ?""",
                       params + [code, code, TYPES]).df()


def day_span(con: duckdb.DuckDBPyConnection, actor: str, since: Day = None,
             until: Day = None) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the first and last day of the actor's charted happenings (None, None when none)."""
    code = parse_actor(actor)
    check_codes(con, actor=code)
    units, params = counted(code, since, until)
    first, last = con.execute(f"SELECT min(series_day), max(series_last_day) FROM ({units})", params).fetchone()
    return first, last
