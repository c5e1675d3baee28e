"""The pledges page (`/pledges`): each pledge, its status, and the later events linked to it.

`dyad` (a pair either way), `actor`, `status`, `since`/`until` (the day a pledge was made) filter
the list; `page` and `size` page it. Each pledge shows its sentence with its trigger marked, and
each link the later event's sentence with its trigger marked, the relation, score and the terms
both share. A dyad's page lists the pair's pledges the same way (`dyad_pledges`).
"""
from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from tidings.store import pledge_queries
from tidings.store.filters import parse_actor, parse_dyad
from tidings.web.evidence import Mark, highlighted
from tidings.web.params import Params
from tidings.web.render import JSON_SUFFIX, respond, url, wants_json
from tidings.web.views import records

DYAD_LIST = 20   # pledges a dyad's page lists


def page(request: Request) -> Response:
    """Gives the pledges page, or its JSON twin."""
    p = Params(request)
    dyad, actor, status = p.text("dyad"), p.text("actor"), p.text("status")
    dyad = "-".join(parse_dyad(dyad)) if dyad else None
    actor = parse_actor(actor) if actor else None
    status = pledge_queries.parse_status(status) if status else None
    (since, until), page_no, size = p.days(), p.page(), p.size()
    asked = (dyad, actor, status, since, until, page_no, size)
    listed, total, counts = request.app.state.store.cached(("pledges", *asked), lambda con: _computed(con, *asked))
    here = "/pledges" + (JSON_SUFFIX if wants_json(request) else "")
    query = {"dyad": dyad, "actor": actor, "status": status, "since": since, "until": until, "size": p.text("size")}
    data = {"filters": {"dyad": dyad, "actor": actor, "status": status, "since": since, "until": until},
            "statuses": counts, "pledges": listed, "total": total, "page": page_no, "page_size": size,
            "pages": math.ceil(total / size),
            "previous": url(here, query, page=page_no - 1) if page_no > 1 else None,
            "next": url(here, query, page=page_no + 1) if page_no * size < total else None}
    return respond(request, "pledges.html", data,
                   lambda: {"rows": shown(listed), "all_statuses": pledge_queries.STATUSES})


def _computed(con: Any, dyad, actor, status, since, until, page_no: int, size: int) -> tuple:
    counts = pledge_queries.count_pledges(con, dyad=dyad, actor=actor, since=since, until=until)
    total = counts.get(status, 0) if status else sum(counts.values())
    frame = pledge_queries.pledges(con, dyad=dyad, actor=actor, status=status, since=since, until=until,
                                   limit=size, offset=(page_no - 1) * size)
    return with_links(con, records(frame)), total, counts


def dyad_pledges(con: Any, dyad: str) -> list[dict[str, Any]]:
    """Gives the newest pledges between a dyad's two actors (either way), each with its links."""
    return with_links(con, records(pledge_queries.pledges(con, dyad=dyad, limit=DYAD_LIST)))


def actor_pledges(con: Any, actor: str) -> list[dict[str, Any]]:
    """Gives the newest pledges an actor made or was made, each with its links."""
    return with_links(con, records(pledge_queries.pledges(con, actor=actor, limit=DYAD_LIST)))


def with_links(con: Any, pledges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gives the pledges, each with `links`: its links, oldest first."""
    links = records(pledge_queries.links(con, [p["pledge_id"] for p in pledges])) if pledges else []
    by_pledge: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        by_pledge.setdefault(link["pledge_id"], []).append(link)
    return [{**p, "links": by_pledge.get(p["pledge_id"], [])} for p in pledges]


def shown(pledges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gives the pledges with their sentences and their links' sentences highlighted for the page."""
    out = []
    for p in pledges:
        start = _rel(p.get("trigger_start"), p.get("sentence_start"))
        end = _rel(p.get("trigger_end"), p.get("sentence_start"))
        links = [{**k, "html": _marked(k.get("event_sentence") or "", k.get("trigger_at"), k.get("trigger_until"))}
                 for k in p["links"]]
        out.append({**p, "html": _marked(p.get("sentence_text") or "", start, end), "links": links})
    return out


def _rel(at: Any, base: Any) -> int | None:
    return None if at is None or base is None else int(at) - int(base)


def _marked(sentence: str, start: int | None, end: int | None) -> Markup:
    if start is None or end is None or not 0 <= start < end <= len(sentence):
        return highlighted(sentence, [])
    return highlighted(sentence, [Mark(start, end, ("trigger",), sentence[start:end])])
