"""The search page (`/search`): events by actor, dyad, type, date range and words, newest first, paged.

One row per happening (cluster), as `tidings events` lists them: its first report among those that
match, with how many reports, articles and publishers tell of it. Parameters: `actor` (either side),
`dyad` (AAA-BBB, ordered), `event` (a PLOVER type), `cameo` (a code and its sub-codes), `since`,
`until` (days, inclusive), `q` (words in the sentence, any case, marked where they stand), `sort`
(date, reports, goldstein or -goldstein: event_lists.SORTS), `page`, `size` (events a page lists).
`/search.csv` (or `?format=csv|json`) gives every matching event, streamed, in the list's order.
"""
from __future__ import annotations

import math
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tidings.ontology import PLOVER_TYPES
from tidings.store import event_lists, filters, queries
from tidings.web import downloads
from tidings.web.params import Params
from tidings.web.render import respond, url
from tidings.web.views import listed

FILTERS = ("actor", "dyad", "event", "cameo", "since", "until", "q", "sort")


def page(request: Request) -> Response:
    """Gives a page of the events that match, or its JSON twin."""
    p = Params(request)
    given = {name: p.text(name) for name in FILTERS}
    since, until = p.days()  # since after until: a 400 in the page's own words
    where = dict(dyad=given["dyad"], actor=given["actor"], event=given["event"], cameo=given["cameo"],
                   since=given["since"], until=given["until"], text=given["q"])
    filters.where_clause(**where)  # every filter checked (400) before the store is opened
    sort = event_lists.parse_sort(given["sort"])
    fmt = downloads.asked(request)
    if fmt:
        return downloads.download(request, fmt, "search", {"events": downloads.Streamed(
            event_lists.LISTED, lambda con: event_lists.listed_batches(con, sort, downloads.BATCH, **where))})
    page_no, size = p.page(), p.size()
    # the page's rows are kept per version of the store, under its parameters as read (days as dates)
    key = ("search", tuple(sorted({**where, "since": since, "until": until}.items())), sort, page_no, size)
    events, total = request.app.state.store.cached(key, lambda con: _page(con, page_no, size, sort, where))
    given["size"] = p.text("size")  # kept in the links to other pages

    data = {
        "filters": {k: v for k, v in given.items() if k != "size"}, "events": events, "total": total,
        "page": page_no, "page_size": size, "pages": math.ceil(total / size),
        # the JSON twin's links lead to JSON pages, the page's to pages
        "previous": url(request.url.path, given, page=page_no - 1) if page_no > 1 else None,
        "next": url(request.url.path, given, page=page_no + 1) if page_no * size < total else None,
        "downloads": {"events": downloads.links("/search", {k: v for k, v in given.items() if k != "size"}, "events")},
    }

    def html() -> dict[str, Any]:
        return {"rows": listed(data["events"], given["q"]), "event_types": PLOVER_TYPES, "sorts": event_lists.SORTS}

    return respond(request, "search.html", data, html)


def _page(con: Any, page_no: int, size: int, sort: str, where: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    if sort == "date":
        return queries.events_page(con, (page_no - 1) * size, size, **where)
    return event_lists.sorted_page(con, (page_no - 1) * size, size, sort, **where)
