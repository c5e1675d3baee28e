"""A dyad's page (`/dyad/CHN-KAZ`): cooperation and conflict over time, Goldstein-weighted, and its events.

The dyad is ordered, as everywhere in Tidings: CHN-KAZ is China acting toward Kazakhstan (the page
links to KAZ-CHN). `event`, `since` and `until` narrow both the chart and the list; `by` sets the
period of the bars; `period` (a bar's first day, which each bar links to) narrows the list to that
period's events; `page` and `size` page the list.
"""
from __future__ import annotations

import datetime
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tidings.ontology import PLOVER_TYPES
from tidings.store import event_lists, queries
from tidings.store.filters import QueryError, parse_dyad, parse_event
from tidings.web import downloads
from tidings.web.charts import goldstein_chart, period_end, period_label, period_start
from tidings.web.maps import world_map
from tidings.web.params import Params
from tidings.web.render import JSON_SUFFIX, respond, split_json, url, wants_json
from tidings.web.views import choose_period, listed, located_tables, records, series_span
from tidings.web.views.pledges import dyad_pledges, shown


def page(request: Request) -> Response:
    """Gives a dyad's page, or its JSON twin."""
    name, _ = split_json(downloads.strip_csv(request.path_params["dyad"]))
    source, target = parse_dyad(name)
    dyad = f"{source}-{target}"
    p = Params(request)
    event = p.text("event")
    event = parse_event(event) if event is not None else None
    (since, until), period, by, page_no, size = p.days(), p.day("period"), p.period(), p.page(), p.size()

    store = request.app.state.store
    # The chart and the list kept apart: paging the list or picking a bar keeps the chart's data;
    # and the chart kept under the period it draws, so a chart by month is one whether asked for or chosen.
    spanned = (dyad, event, since, until)
    first, last = store.cached(("dyad span", *spanned),
                               lambda con: series_span(con, since, until, dyad=dyad, event=event))
    by = choose_period(by, first, last) if first is not None and last is not None else by or "month"
    charted = (dyad, event, since, until, first, last, by)
    series, left_out, mapped = store.cached(("dyad chart", *charted), lambda con: _charted(con, *charted))
    period = period_start(period, by) if period is not None else None
    list_key = (dyad, event, *_list_days(period, by, since, until), page_no, size)
    events, total = store.cached(("dyad list", *list_key), lambda con: _listed(con, *list_key))
    pair_pledges = store.cached(("dyad-pledges", dyad), lambda con: dyad_pledges(con, dyad))
    fmt = downloads.asked(request)
    if fmt:
        list_since, list_until = _list_days(period, by, since, until)
        where = {"dyad": dyad, "event": event, "since": list_since, "until": list_until}
        return downloads.download(request, fmt, f"dyad-{dyad}", {
            "series": series, "map_points": mapped["points"], "map_countries": mapped["countries"],
            "events": downloads.Streamed(event_lists.LISTED, lambda con: event_lists.listed_batches(
                con, batch=downloads.BATCH, **where))})

    cooperation = sum(r["cooperation"] for r in series)
    conflict = sum(r["conflict"] for r in series)
    here = f"/dyad/{dyad}" + (JSON_SUFFIX if wants_json(request) else "")  # JSON pages link to JSON pages
    query = {"event": event, "since": since, "until": until, "by": by if p.period() else None,
             "period": period, "size": p.text("size")}
    data = {
        "dyad": dyad, "source": source, "target": target,
        "filters": {"event": event, "since": since, "until": until, "by": by, "period": period},
        "first_day": first, "last_day": last,
        "totals": {"events": sum(r["events"] for r in series), "cooperation": round(cooperation, 6),
                   "conflict": round(conflict, 6),
                   "net_cooperation": (cooperation - conflict) / (cooperation + conflict)
                   if cooperation + conflict else None},
        "left_out": left_out,
        "pledges": pair_pledges,
        "series": series,
        "events": events, "total": total, "page": page_no, "page_size": size,
        "pages": math.ceil(total / size), "map": mapped,
        "downloads": {t: downloads.links(f"/dyad/{dyad}", query, t)
                      for t in ("series", "events", "map_points", "map_countries")},
        "previous": url(here, query, page=page_no - 1) if page_no > 1 else None,
        "next": url(here, query, page=page_no + 1) if page_no * size < total else None,
    }

    def html() -> dict[str, Any]:
        def href(start: datetime.date) -> str:
            return url(f"/dyad/{dyad}", event=event, since=since, until=until, by=by, period=start) + "#events"

        chart = (goldstein_chart(series, by, first, last, href, selected=period)
                 if series and first is not None and last is not None else None)
        return {"chart": chart, "rows": listed(data["events"]), "event_types": PLOVER_TYPES,
                "pledge_rows": shown(pair_pledges),
                "map_svg": world_map(mapped["points"], mapped["countries"], f"Where {source}'s events toward {target} happened"),
                "period_name": period_label(period, by) if period else None,
                "reverse": url(f"/dyad/{target}-{source}", event=event, since=since, until=until),
                "clear_period": url(f"/dyad/{dyad}", event=event, since=since, until=until,
                                    by=by if p.period() else None)}

    return respond(request, "dyad.html", data, html)


def _charted(con: Any, dyad: str, event: str | None, since: datetime.date | None, until: datetime.date | None,
             first: datetime.date | None, last: datetime.date | None, by: str) -> tuple:
    """Gives what the chart and the map read from the store: the series by `by` over first..last,
    what it leaves out, and the located events."""
    series: list[dict[str, Any]] = []
    if first is not None and last is not None:
        series = records(queries.period_series(con, by=by, dyad=dyad, event=event, since=since, until=until))
    return (series, queries.left_out(con, dyad=dyad, event=event),
            located_tables(con, dyad=dyad, event=event, since=since, until=until))


def _listed(con: Any, dyad: str, event: str | None, since: datetime.date | None, until: datetime.date | None,
            page_no: int, size: int) -> tuple[list[dict[str, Any]], int]:
    """Gives a page of the dyad's events between `since` and `until`, and how many there are."""
    return queries.events_page(con, (page_no - 1) * size, size, dyad=dyad, event=event, since=since, until=until)


def _list_days(period: datetime.date | None, by: str, since: datetime.date | None,
               until: datetime.date | None) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the days the list of events covers: since..until, narrowed to the chosen bar's period;
    raises QueryError when that period lies outside them."""
    if period is None:
        return since, until
    first = max(period, since) if since else period
    last = min(period_end(period, by), until) if until else period_end(period, by)
    if first > last:
        raise QueryError("period", period, "lies outside since/until; pick one of the chart's bars")
    return first, last
