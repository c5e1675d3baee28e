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
from tidings.web import downloads
from tidings.web.charts import period_end, quad_chart
from tidings.web.maps import world_map
from tidings.web.params import Params
from tidings.web.render import respond, url
from tidings.web.threads import in_page_thread
from tidings.web.views import choose_period, located_tables, records, series_span

TOP = 10  # dyads and actors listed
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
    data = store.kept(key)
    if data is None:
        data = await in_page_thread(request, lambda: store.cached(key, lambda con: overview(con, by, since, until)))
    data = {"store": {"file": store.path.name, **data["store"]}, **{k: v for k, v in data.items() if k != "store"}}
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
    """Gives the overview's data: store counts, the series by quad per period, top dyads and actors,
    the map's tables and the undated events, within `since`..`until` (the store's counts are whole)."""
    stats = queries.stats(con)
    first, last = series_span(con, since, until)  # the days the chart draws, news days only
    days = {"since": since, "until": until}
    data: dict[str, Any] = {"store": stats, "by": by, "first_day": first, "last_day": last, "series": []}
    if first is not None and last is not None:
        data["by"] = choose_period(by, first, last)
        data["series"] = records(queries.period_series(con, by=data["by"], **days))
    dyads = overview_cuts.ranked_dyads(con, TOP, **days)
    data["top_dyads"] = records(dyads["all"])
    data["international_dyads"] = records(dyads["international"])
    data["domestic_dyads"] = records(dyads["domestic"])
    # within days, the actors of the charted happenings; else every happening's, named
    data["top_actors"] = records(overview_cuts.active_actors(con, TOP, **days) if since or until
                                 else queries.actors(con, limit=TOP))
    data["map"] = located_tables(con, **days)
    undated = overview_cuts.undated(con)
    data["undated"] = {**undated, "documents": records(undated["documents"]), "dyads": records(undated["dyads"])}
    return data


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
        store.cached(("overview", None, None, None), lambda con: overview(con))
    except WebError:
        return False
    return True
