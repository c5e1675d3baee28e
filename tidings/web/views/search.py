"""The search page (`/search`): events by actor, dyad, type, date range and words, newest first, paged.

One row per happening (cluster), as `tidings events` lists them: its first report among those that
match, with how many reports, articles and publishers tell of it. Parameters: `actor` (either side),
`dyad` (AAA-BBB, ordered), `event` (a PLOVER type), `cameo` (a code and its sub-codes), `since`,
`until` (days, inclusive), `q` (words in the sentence, any case), `page`, `size` (events a page lists).
"""
from __future__ import annotations

import math
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tidings.ontology import PLOVER_TYPES
from tidings.store import filters, queries
from tidings.web.params import Params
from tidings.web.render import respond, url
from tidings.web.views import listed, records

FILTERS = ("actor", "dyad", "event", "cameo", "since", "until", "q")


def page(request: Request) -> Response:
    """Gives a page of the events that match, or its JSON twin."""
    p = Params(request)
    given = {name: p.text(name) for name in FILTERS}
    since, until = p.days()  # since after until: a 400 in the page's own words
    where = dict(dyad=given["dyad"], actor=given["actor"], event=given["event"], cameo=given["cameo"],
                   since=given["since"], until=given["until"], text=given["q"])
    filters.where_clause(**where)  # every filter checked (400) before the store is opened
    page_no, size = p.page(), p.size()
    # the page's rows are kept per version of the store, under its parameters as read (days as dates)
    key = ("search", tuple(sorted({**where, "since": since, "until": until}.items())), page_no, size)
    events, total = request.app.state.store.cached(key, lambda con: _page(con, page_no, size, where))
    given["size"] = p.text("size")  # kept in the links to other pages

    data = {
        "filters": {k: v for k, v in given.items() if k != "size"}, "events": events, "total": total,
        "page": page_no, "page_size": size, "pages": math.ceil(total / size),
        # the JSON twin's links lead to JSON pages, the page's to pages
        "previous": url(request.url.path, given, page=page_no - 1) if page_no > 1 else None,
        "next": url(request.url.path, given, page=page_no + 1) if page_no * size < total else None,
    }

    def html() -> dict[str, Any]:
        return {"rows": listed(data["events"]), "event_types": PLOVER_TYPES}

    return respond(request, "search.html", data, html)


def _page(con: Any, page_no: int, size: int, where: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    rows, total = queries.events_page(con, (page_no - 1) * size, size, **where)
    return records(rows), total
