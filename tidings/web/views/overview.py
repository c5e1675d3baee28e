"""The overview (`/`, `/index.json`): corpus counts, events over time by quad, a map of where they
happened, the most active dyads (international and domestic apart) and actors, and how many events
have no day and where they are. `since` and `until` narrow the chart, the map and the rankings;
every table is also a download (`/index.csv?table=NAME`, downloads.py).

Its figures scan the whole store, so they are computed once per version of the store file and
given again until the file changes (see app.StoreReader.cached).
"""
from __future__ import annotations

import datetime
from typing import Any

import duckdb
from starlette.requests import Request
from starlette.responses import Response

from tidings.store import overview_cuts, queries
from tidings.tables import plain
from tidings.web import downloads
from tidings.web.charts import period_end, quad_chart
from tidings.web.maps import world_map
from tidings.web.params import Params
from tidings.web.render import respond, url
from tidings.web.threads import in_page_thread
from tidings.web.views import choose_period, located_tables, records, series_span

TOP = 10  # dyads and actors listed
STORE_WIDE = ("overview", "store")   # the key the overview's store-wide part is kept under
TABLES = ("series", "international_dyads", "domestic_dyads", "top_actors", "event_types", "map_points",
          "map_countries", "undated_documents", "undated_dyads")


async def page(request: Request) -> Response:
    """Gives the overview page, its JSON twin, or one of its tables: kept, at once; else computed in a
    page thread."""
    p = Params(request)
    by, (since, until) = p.period(), p.days()
    fmt = downloads.asked(request)
    store = request.app.state.store
    key = ("overview", by, since, until)
    whole, part = store.kept(STORE_WIDE), store.kept(key)
    if whole is None or part is None:
        whole, part = await in_page_thread(request, lambda: (
            store.cached(STORE_WIDE, store_wide), store.cached(key, lambda con: within(con, by, since, until))))
    data = {"store": {"file": store.path.name, **whole["store"]}, "undated": whole["undated"], **part}
    query = {"by": by, "since": since, "until": until}
    if fmt:
        return downloads.download(request, fmt, "overview", {
            "series": data["series"], "international_dyads": data["international_dyads"],
            "domestic_dyads": data["domestic_dyads"], "top_actors": data["top_actors"],
            "event_types": data["store"]["top_events"], "map_points": data["map"]["points"],
            "map_countries": data["map"]["countries"], "undated_documents": data["undated"]["documents"],
            "undated_dyads": data["undated"]["dyads"]})
    data["filters"] = {"since": since, "until": until}
    data["downloads"] = {t: downloads.links("/", query, t) for t in TABLES}
    return respond(request, "overview.html", data, html=lambda: {
        "chart": _chart(data), "map": world_map(data["map"]["points"], data["map"]["countries"])})


def overview(con: duckdb.DuckDBPyConnection, by: str | None = None, since: datetime.date | None = None,
             until: datetime.date | None = None) -> dict[str, Any]:
    """Gives the overview's data: the store's counts and undated events (store_wide), and the series,
    rankings and map within `since`..`until` (within)."""
    return {**store_wide(con), **within(con, by, since, until)}


def store_wide(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Gives what the overview shows of the whole store whatever its days: its counts, and how many
    events are undated and where (kept apart, so that a page with days does not count them again)."""
    undated = overview_cuts.undated(con)
    return {"store": queries.stats(con),
            "undated": {**undated, "documents": records(undated["documents"]), "dyads": records(undated["dyads"])}}


def within(con: duckdb.DuckDBPyConnection, by: str | None = None, since: datetime.date | None = None,
           until: datetime.date | None = None) -> dict[str, Any]:
    """Gives the overview's tables within `since`..`until`: the series by quad per period, the dyads
    (all, international, domestic) and actors ranked, in one pass over the happenings; and the map's tables."""
    first, last = series_span(con, since, until)  # the days the chart draws, news days only
    days = {"since": since, "until": until}
    if first is not None and last is not None:
        by = choose_period(by, first, last)
    ranked = {name: [plain(r) for r in rows]
              for name, rows in overview_cuts.rankings(con, TOP, by=by if first is not None else None, **days).items()}
    return {
        "by": by, "first_day": first, "last_day": last, "series": ranked.get("series", []),
        "top_dyads": ranked["all"], "international_dyads": ranked["international"],
        "domestic_dyads": ranked["domestic"],
        # within days, the actors of the charted happenings; else every happening's, named
        "top_actors": ranked["actors"] if since or until else records(queries.actors(con, limit=TOP)),
        "map": located_tables(con, **days),
    }


def _chart(data: dict[str, Any]):
    """Gives the quad chart of the overview, each period linking to a search of its days (None if empty)."""
    if not data["series"]:
        return None
    by = data["by"]

    def href(start: datetime.date) -> str:
        return url("/search", since=start, until=period_end(start, by))  # a bar's days, whatever the range

    return quad_chart(data["series"], by, data["first_day"], data["last_day"], href)


def warm(store: Any) -> bool:
    """Gives True once the overview of the store as it is now is computed and kept, so that the first
    reader does not wait for it; False when the store cannot be read now (an ingest is writing)."""
    from tidings.web.errors import WebError

    try:
        store.cached(STORE_WIDE, store_wide)
        store.cached(("overview", None, None, None), lambda con: within(con))
    except WebError:
        return False
    return True
