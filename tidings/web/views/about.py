"""What the codes mean (`/about`): PLOVER's event types and modes, CAMEO's codes, the Goldstein
scale, and the two ways of sorting events into four quads, CAMEO's and PLOVER's.

The facts come from the coder's own table (tidings/data/cameo.tsv, through tidings.ontology):
each CAMEO code's name, Goldstein value, quad and PLOVER type and mode. The words explaining
them are the dashboard's own. The page reads no store; its JSON twin gives the same facts.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tidings.ontology import PLOVER_TYPES, cameo_table
from tidings.store.plots import QUAD_COLORS, QUAD_NAMES
from tidings.web import downloads
from tidings.web.render import respond

# What each PLOVER type holds, in a line, and the quad PLOVER files it under (which differs from
# CAMEO's quad for some codes: an appeal is cooperation to CAMEO, a demand is conflict to PLOVER).
PLOVER_QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
TYPE_MEANINGS = {
    "AGREE": "says it will cooperate: a promise, an offer, a deal signed or to be signed",
    "CONSULT": "talks with the other side: a meeting, a visit, a call, negotiations",
    "SUPPORT": "speaks up for the other side: praise, endorsement, backing in words",
    "CONCEDE": "gives ground in words: an apology, an admission, easing a demand",
    "COOPERATE": "works with the other side in deed: joint action, shared information, ties restored",
    "AID": "gives help: money, goods, troops or expertise sent to the other side",
    "RETREAT": "pulls back in deed: troops withdrawn, prisoners freed, a ceasefire, a resignation",
    "REQUEST": "asks or demands something of the other side: help, a change, a meeting",
    "ACCUSE": "blames the other side: criticism, charges, an inquiry opened",
    "REJECT": "turns the other side down: a refusal to help, to change, to meet or to yield",
    "THREATEN": "warns of harm to come: sanctions, force, broken ties",
    "PROTEST": "takes to the street or the stage against the other side: rallies, strikes, boycotts",
    "SANCTION": "punishes without force: ties cut, aid stopped, envoys expelled, penalties",
    "MOBILIZE": "readies force: troops, police or weapons moved or put on alert",
    "COERCE": "uses force short of fighting: arrests, seizures, curfews, deportations",
    "ASSAULT": "attacks: shelling, shooting, bombing, abduction and other violence",
}


def page(request: Request) -> Response:
    """Gives the page on what the codes mean, its JSON twin, or one of its tables as a download."""
    data = about()
    fmt = downloads.asked(request)
    if fmt:
        return downloads.download(request, fmt, "about", {
            "cameo": data["cameo"], "quads": data["quads"],
            "plover_types": [{**t, "modes": " ".join(t["modes"]), "cameo_quads": " ".join(map(str, t["cameo_quads"]))}
                             for t in data["plover_types"]]})
    data["downloads"] = {t: downloads.links("/about", {}, t) for t in ("plover_types", "cameo")}
    return respond(request, "about.html", data)


def about() -> dict[str, Any]:
    """Gives the facts of the page: quads, PLOVER types with their modes, and every CAMEO code."""
    table = cameo_table()
    modes: dict[str, set[str]] = defaultdict(set)
    for entry in table.values():
        if entry.plover and entry.mode:
            modes[entry.plover].add(entry.mode)
    return {
        "quads": [{"quad": q, "name": QUAD_NAMES[q], "color": QUAD_COLORS[q]} for q in (1, 2, 3, 4)],
        "plover_types": [{"event": t, "meaning": TYPE_MEANINGS[t], "plover_quad": PLOVER_QUADS[t],
                          "modes": sorted(modes.get(t, ())),
                          "cameo_quads": sorted({e.quad for e in table.values() if e.plover == t})}
                         for t in PLOVER_TYPES],
        "cameo": [{"code": e.code, "name": e.name, "goldstein": e.goldstein, "quad": e.quad, "plover": e.plover,
                   "mode": e.mode} for e in sorted(table.values(), key=lambda e: e.code)],
    }
