"""The overview (`/`, `/index.json`): corpus counts, events over time by quad, the most active dyads
and actors.

Its figures scan the whole store, so they are computed once per version of the store file and
given again until the file changes (see app.StoreReader.cached).
"""
from __future__ import annotations

import datetime
from typing import Any

import duckdb
from starlette.requests import Request
from starlette.responses import Response

from tidings.store import queries
from tidings.web.charts import period_end, quad_chart
from tidings.web.params import Params
from tidings.web.render import respond, url
from tidings.web.threads import in_page_thread
from tidings.web.views import choose_period, records, series_span

TOP = 10  # dyads and actors listed


async def page(request: Request) -> Response:
    """Gives the overview page, or its JSON twin: kept, at once; else computed in a page thread."""
    by = Params(request).period()
    store = request.app.state.store
    data = store.kept(("overview", by))
    if data is None:
        data = await in_page_thread(request, lambda: store.cached(("overview", by), lambda con: overview(con, by)))
    data = {"store": {"file": store.path.name, **data["store"]}, **{k: v for k, v in data.items() if k != "store"}}
    return respond(request, "overview.html", data, html=lambda: {"chart": _chart(data)})


def overview(con: duckdb.DuckDBPyConnection, by: str | None = None) -> dict[str, Any]:
    """Gives the overview's data: store counts, the series by quad per period, top dyads and actors."""
    stats = queries.stats(con)
    first, last = series_span(con, None, None)  # the days the chart draws, news days only
    data: dict[str, Any] = {"store": stats, "by": by, "first_day": first, "last_day": last, "series": []}
    if first is not None and last is not None:
        data["by"] = choose_period(by, first, last)
        data["series"] = records(queries.period_series(con, by=data["by"]))
    data["top_dyads"] = records(queries.top_dyads(con, limit=TOP))
    data["top_actors"] = records(queries.actors(con, limit=TOP))
    return data


def _chart(data: dict[str, Any]):
    """Gives the quad chart of the overview, each period linking to a search of its days (None if empty)."""
    if not data["series"]:
        return None
    by = data["by"]

    def href(start: datetime.date) -> str:
        return url("/search", since=start, until=period_end(start, by))

    return quad_chart(data["series"], by, data["first_day"], data["last_day"], href)


def warm(store: Any) -> bool:
    """Gives True once the overview of the store as it is now is computed and kept, so that the first
    reader does not wait for it; False when the store cannot be read now (an ingest is writing)."""
    from tidings.web.errors import WebError

    try:
        store.cached(("overview", None), lambda con: overview(con, None))
    except WebError:
        return False
    return True
