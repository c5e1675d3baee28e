"""An actor's page (`/actor/CHN`): its happenings over time by quad, as source and as target; its
partners ranked, with their net cooperation; its event types; a map of where its events happened;
its recent events with their evidence.

`since` and `until` narrow everything; `by` sets the bars' period; `page` and `size` page the list.
Every table is also a download (downloads.py): `?format=csv&table=partners`, and so on.
"""
from __future__ import annotations

import datetime
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tidings.store import actor_pages, event_lists, pages, queries
from tidings.tables import plain
from tidings.store.filters import parse_actor
from tidings.web import downloads
from tidings.web.charts import period_end, quad_chart
from tidings.web.maps import world_map
from tidings.web.params import Params
from tidings.web.render import JSON_SUFFIX, respond, split_json, url, wants_json
from tidings.web.views import choose_period, listed, located_tables
from tidings.web.views.pledges import actor_pledges, shown

TABLES = ("series", "partners", "event_types", "events", "map_points", "map_countries")


def page(request: Request) -> Response:
    """Gives an actor's page, its JSON twin, or one of its tables as a download."""
    name, _ = split_json(downloads.strip_csv(request.path_params["actor"]))
    code = parse_actor(name)
    p = Params(request)
    (since, until), by, page_no, size = p.days(), p.period(), p.page(), p.size()
    fmt = downloads.asked(request)
    asked = (code, since, until, by, page_no, size)
    data = dict(request.app.state.store.cached(("actor", *asked), lambda con: _computed(con, *asked)))
    query = {"since": since, "until": until, "by": by if p.period() else None, "size": p.text("size")}
    if fmt:
        where = {"actor": code, "since": since, "until": until}
        return downloads.download(request, fmt, f"actor-{code}", {
            "series": data["series"], "partners": data["partners"], "event_types": data["event_types"],
            "events": downloads.Streamed(event_lists.LISTED, lambda con: event_lists.listed_batches(
                con, batch=downloads.BATCH, **where)),
            "map_points": data["map"]["points"], "map_countries": data["map"]["countries"]})

    here = f"/actor/{code}" + (JSON_SUFFIX if wants_json(request) else "")
    total = data["total"]
    data.update({
        "actor": code, "filters": {"since": since, "until": until, "by": data["by"]},
        "page": page_no, "page_size": size, "pages": math.ceil(total / size),
        "previous": url(here, query, page=page_no - 1) if page_no > 1 else None,
        "next": url(here, query, page=page_no + 1) if page_no * size < total else None,
        "downloads": {t: downloads.links(f"/actor/{code}", query, t) for t in TABLES},
        # the newest pledges made by and to this actor, as the dyad page lists a pair's
        "pledges": request.app.state.store.cached(("actor-pledges", code), lambda con: actor_pledges(con, code)),
    })

    def html() -> dict[str, Any]:
        return {"charts": _charts(data, code), "map": world_map(data["map"]["points"], data["map"]["countries"],
                                                              f"Where {code}'s events happened"),
                "rows": listed(data["events"]), "pledge_rows": shown(data["pledges"])}

    return respond(request, "actor.html", data, html)


def _computed(con: Any, code: str, since: datetime.date | None, until: datetime.date | None, by: str | None,
              page_no: int, size: int) -> dict[str, Any]:
    """Gives what the page reads from the store: one pass over the actor's happenings for its
    tables and page of events (actor_pages.tables), then the page's rows and the map."""
    first, last = (since, until) if since and until else actor_pages.day_span(con, code, since, until)
    first, last = since or first, until or last
    by = choose_period(by, first, last) if first is not None and last is not None else by or "month"
    found = actor_pages.tables(con, code, by, since, until, (page_no - 1) * size, size)
    series = [plain(r) for r in found["series"]]
    where = {"actor": code, "since": since, "until": until}
    left_out = (queries.left_out(con, actor=code, coded=False) if found["not_charted"]
                else {"undated": 0, "negated": 0})
    return {
        "first_day": first, "last_day": last, "by": by, "series": series,
        "totals": {role: sum(r["events"] for r in series if r["role"] == role) for role in ("source", "target")},
        "partners": [plain(r) for r in found["partners"]], "event_types": [plain(r) for r in found["event_types"]],
        "map": located_tables(con, **where), "left_out": left_out,
        "events": pages.page_rows(con, found["page"]), "total": found["total"],
    }


def _charts(data: dict[str, Any], code: str) -> dict[str, Any]:
    """Gives the two quad charts, as source and as target (None where there is nothing to draw)."""
    by, first, last = data["by"], data["first_day"], data["last_day"]
    out: dict[str, Any] = {}
    for role in ("source", "target"):
        rows = [r for r in data["series"] if r["role"] == role]

        def href(start: datetime.date) -> str:
            return url("/search", actor=code, since=start, until=period_end(start, by))

        out[role] = quad_chart(rows, by, first, last, href) if rows and first and last else None
    return out
