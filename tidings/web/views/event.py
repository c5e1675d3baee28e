"""An event's page (`/event/ID`): its sentence with the trigger and both actors marked, among the
document's other stored sentences; every field of its record; the other reports of the same happening.

The store keeps each event's sentence, not whole articles: the document is shown through the
sentences of it that gave events, in order, with a gap marked where sentences are missing; the page
shows those nearest the event's own, the JSON twin all of them.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tidings.tables import plain
from tidings.store import queries
from tidings.web import downloads
from tidings.web.errors import WebError
from tidings.web.evidence import highlighted, marks
from tidings.web.render import actor, respond, split_json
from tidings.web.views import listed

LINKED_SCHEMES = ("http://", "https://")  # a document's URL is a link only with these: never javascript:
CONTEXT = 2  # stored sentences shown before and after the event's own (the JSON twin gives them all)


def page(request: Request) -> Response:
    """Gives an event's page, or its JSON twin; 404 in the error shape for an id the store lacks."""
    event_id, _ = split_json(downloads.strip_csv(request.path_params["event_id"]))
    kept = request.app.state.store.cached(("event", event_id), lambda con: _computed(con, event_id))
    row, sentences, reports = dict(kept[0]), kept[1], kept[2]  # the kept row is shared: popped from a copy
    cluster = row["cluster_id"] or row["id"]

    record = json.loads(row.pop("record") or "{}")
    document = {"doc_id": row["doc_id"], "title": row.pop("title"), "url": row.pop("url"),
                "publisher": row.pop("publisher"), "published": row.pop("published")}
    found = marks(row)
    data = {
        "event": row, "record": record, "document": document,
        "highlights": [asdict(m) for m in found],
        "sentences": sentences,
        "cluster": {"id": cluster, "mentions": len(reports), "articles": len({r["doc_id"] for r in reports})},
        "mentions": [r for r in reports if r["id"] != row["id"]],
    }
    fmt = downloads.asked(request)
    if fmt:
        return downloads.download(request, fmt, f"event-{event_id}", {
            "reports": data["mentions"], "fields": [{"field": n, "value": v} for n, v in fields(record)],
            "sentences": data["sentences"]})
    data["downloads"] = {t: downloads.links(f"/event/{event_id}", {}, t) for t in ("reports", "fields")}

    def html() -> dict[str, Any]:
        titles = {"trigger": f"trigger: {row.get('trigger_text') or ''}",
                  "source": f"source: {actor(row.get('source_code'))}",
                  "target": f"target: {actor(row.get('target_code'))}"}
        context = []
        at = next((i for i, s in enumerate(sentences) if s["sentence_index"] == row["sentence_index"]), None)
        shown = sentences if at is None else sentences[max(at - CONTEXT, 0):at + CONTEXT + 1]
        previous = -1  # the document starts at sentence 0
        for s in shown:
            # a gap: sentences the store does not hold, or that are left out here
            gap = s["sentence_index"] is not None and previous is not None and s["sentence_index"] > previous + 1
            own = s["sentence_index"] == row["sentence_index"]
            text = s["sentence_text"] or ""
            context.append({"gap": gap, "own": own,
                            "html": highlighted(text, found, titles) if own else highlighted(text, [])})
            previous = s["sentence_index"]
        more_after = bool(shown) and shown[-1] is not sentences[-1]
        url = document["url"] or ""
        return {"evidence": highlighted(row.get("sentence_text") or "", found, titles), "context": context,
                "more_after": more_after,
                "fields": fields(record), "rows": listed(data["mentions"]),
                "document_link": url if url.lower().startswith(LINKED_SCHEMES) else None}

    return respond(request, "event.html", data, html)


def _computed(con: Any, event_id: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Gives what the page reads from the store: the event's row, its document's sentences, its reports."""
    row = queries.event_by_id(con, event_id)
    if row is None:
        raise WebError(404, f"no event {event_id} in this store; find events with /search", "Event not found")
    row = plain(row)
    cluster = row["cluster_id"] or row["id"]
    return row, queries.document_sentences(con, row["doc_id"]), queries.cluster_mentions(con, cluster)


def fields(record: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Gives every field of a record as (dotted name, value), nested objects opened, in record order."""
    out: list[tuple[str, Any]] = []
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out += fields(value, f"{name}.")
        else:
            out.append((name, value))
    return out
