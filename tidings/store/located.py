"""Where events happened, for a map: located events as points, and events per country.

A point is a place rounded to a tenth of a degree (about 11 km: one city), with how many reports
were placed there and how many of each quad; a country is the ISO3 code of the place (the record's
`location.code`). Reports, not happenings: where a happening took place is said by each report,
and counting reports is one pass over the events (counting distinct happenings per place took
1.4 s at a million events, reports 0.1 s). Only reports that a tally counts (schema.COUNTED: dated,
not negated) are placed. Lists are bounded: the POINTS places with most reports.
"""
from __future__ import annotations

import datetime
from typing import Any
import duckdb

from tidings.store.filters import where_clause
from tidings.store.known import check_codes
from tidings.store.schema import COUNTED, DATED_EVENTS

POINTS = 300      # places a map draws at most
COUNTRIES = 250   # more than there are countries

Day = str | datetime.date | None


def _located(dyad: str | None, actor: str | None, event: str | None, since: Day, until: Day) -> tuple[str, list]:
    where, params = where_clause(dyad=dyad, actor=actor, event=event, since=since, until=until)
    return f"FROM {DATED_EVENTS} e WHERE {where} AND {COUNTED}", params


def places(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
           event: str | None = None, since: Day = None, until: Day = None,
           limit: int = POINTS) -> dict[str, list[dict[str, Any]]]:
    """Gives a map's two tables, as rows, from one pass over the placed reports:

    - `points`: the `limit` places with most reports: lat, lon (rounded to 0.1°), place and country
      (the first in alphabetical order of those given there), events (reports), quad1..quad4;
    - `countries`: per country (ISO3 of the place), its reports as `events`.
    Both most reports first.
    """
    check_codes(con, dyad, actor)
    body, params = _located(dyad, actor, event, since, until)
    quads = ", ".join(f"coalesce(sum(n) FILTER (WHERE quad = {q}), 0)::BIGINT AS quad{q}" for q in (1, 2, 3, 4))
    rows = con.execute(f"""
        WITH cells AS MATERIALIZED (
            SELECT round(e.location_lat, 1) AS lat, round(e.location_lon, 1) AS lon, e.location_text AS place,
                   e.location_code AS country, e.quad AS quad, count(*) AS n
            {body} AND e.location_lat BETWEEN -90 AND 90 AND e.location_lon BETWEEN -180 AND 180
            GROUP BY ALL)
        SELECT (SELECT coalesce(list(p ORDER BY p.events DESC, p.lat, p.lon), []) FROM (
                    SELECT lat, lon, min(place) AS place, min(country) AS country, sum(n)::BIGINT AS events, {quads}
                    FROM cells GROUP BY lat, lon ORDER BY events DESC, lat, lon LIMIT ?) p),
               (SELECT coalesce(list(c ORDER BY c.events DESC, c.country), []) FROM (
                    SELECT country, sum(n)::BIGINT AS events FROM cells WHERE country IS NOT NULL
                    GROUP BY country ORDER BY events DESC, country LIMIT ?) c)""",
                       params + [limit, COUNTRIES]).fetchone()
    return {"points": list(rows[0]), "countries": list(rows[1])}
