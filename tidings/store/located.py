"""Where events happened, for a map: located events as points, and events per country.

A point is a place rounded to a tenth of a degree (about 11 km: one city), with how many happenings
were reported there and how many of each quad; a country is the ISO3 code of the place (the
record's `location.code`). Only reports that a tally counts (schema.COUNTED: dated, not negated)
are placed; a happening reported at two places counts at each. Lists are bounded: the POINTS
places with most happenings.
"""
from __future__ import annotations

import datetime
import duckdb
import pandas as pd

from tidings.store.filters import where_clause
from tidings.store.known import check_codes
from tidings.store.schema import COUNTED, DATED_EVENTS

POINTS = 300      # places a map draws at most
COUNTRIES = 250   # more than there are countries

Day = str | datetime.date | None


def _located(dyad: str | None, actor: str | None, event: str | None, since: Day, until: Day) -> tuple[str, list]:
    where, params = where_clause(dyad=dyad, actor=actor, event=event, since=since, until=until)
    return f"FROM {DATED_EVENTS} e WHERE {where} AND {COUNTED}", params


def points(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
           event: str | None = None, since: Day = None, until: Day = None, limit: int = POINTS) -> pd.DataFrame:
    """Gives the places with most happenings: lat, lon (rounded to 0.1°), place (its most frequent
    name), country, events, quad1..quad4; most events first."""
    check_codes(con, dyad, actor)
    body, params = _located(dyad, actor, event, since, until)
    return con.execute(f"""
        SELECT round(e.location_lat, 1) AS lat, round(e.location_lon, 1) AS lon,
               mode(e.location_text) AS place, mode(e.location_code) AS country,
               count(DISTINCT e.unit) AS events,
               count(DISTINCT e.unit) FILTER (WHERE e.quad = 1) AS quad1,
               count(DISTINCT e.unit) FILTER (WHERE e.quad = 2) AS quad2,
               count(DISTINCT e.unit) FILTER (WHERE e.quad = 3) AS quad3,
               count(DISTINCT e.unit) FILTER (WHERE e.quad = 4) AS quad4
        {body} AND e.location_lat BETWEEN -90 AND 90 AND e.location_lon BETWEEN -180 AND 180
        GROUP BY 1, 2 ORDER BY events DESC, lat, lon LIMIT ?""", params + [limit]).df()


def countries(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
              event: str | None = None, since: Day = None, until: Day = None) -> pd.DataFrame:
    """Gives per country (ISO3 of the place) the happenings located there, most first."""
    check_codes(con, dyad, actor)
    body, params = _located(dyad, actor, event, since, until)
    return con.execute(f"""
        SELECT e.location_code AS country, count(DISTINCT e.unit) AS events
        {body} AND e.location_code IS NOT NULL
        GROUP BY 1 ORDER BY events DESC, country LIMIT ?""", params + [COUNTRIES]).df()

