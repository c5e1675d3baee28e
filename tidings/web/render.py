"""How a page goes out: as JSON when its path ends in `.json`, else as HTML from a Jinja template.

Templates autoescape everything they are given; the only markup that reaches them unescaped is
built by charts.py and evidence.py, which escape every piece of text they put in it.
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from tidings.tables import plain
from tidings.days import event_day
from tidings.ontology import cameo_table
from tidings.output import date_as_given
from tidings.store.plots import actor_label
from tidings.web.charts import QUAD_NAMES, period_label

JSON_SUFFIX = ".json"

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("tidings.web", "templates"),
    autoescape=True,  # every template, whatever its name: article text is untrusted
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def wants_json(request: Request) -> bool:
    """Gives True when the request asks for a page's JSON twin (its path ends in `.json`)."""
    return request.url.path.endswith(JSON_SUFFIX)


def split_json(name: str) -> tuple[str, bool]:
    """Gives a path part without its `.json` suffix, and whether it had one."""
    if name.endswith(JSON_SUFFIX):
        return name[: -len(JSON_SUFFIX)], True
    return name, False


def url(path: str, params: Mapping[str, Any] | None = None, **more: Any) -> str:
    """Gives `path` with a query string of the parameters that have a value (None and '' left out)."""
    merged = {**(params or {}), **more}
    query = urlencode([(k, _param(v)) for k, v in merged.items() if v is not None and v != ""])
    return f"{path}?{query}" if query else path


def json_url(request: Request) -> str:
    """Gives the JSON twin of the page asked for, with the same query parameters, as a path on this site.

    The path asked for is anyone's text (a 404 page shows it too): it is percent-encoded, so that
    no backslash, tab or quote in it reaches the link, and its leading slashes are made one, so
    that `//host/x` cannot become a link to another site.
    """
    path = "/" + quote(request.scope["path"], safe="/:@!$&'()*+,;=~").lstrip("/")  # the path decoded
    path = path[: -len(".csv")] if path.endswith(".csv") else path   # a download's page: its twin
    path = "/index.json" if path in ("/", "/index") else path + JSON_SUFFIX
    return f"{path}?{request.url.query}" if request.url.query else path


def json_response(body: Mapping[str, Any], status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """Gives `body` as a JSON response, its values made plain (dates as YYYY-MM-DD, NaN as null)."""
    return JSONResponse(plain(dict(body)), status_code=status, headers=dict(headers or {}))


def html_response(request: Request, template: str, context: Mapping[str, Any], status: int = 200,
                  headers: Mapping[str, str] | None = None) -> Response:
    """Gives a template rendered with `context` (and the request and helpers) as an HTML response."""
    html = _env.get_template(template).render(request=request, json_url=json_url(request), **context)
    return HTMLResponse(html, status_code=status, headers=dict(headers or {}))


def respond(request: Request, template: str, data: Mapping[str, Any],
            html: Callable[[], Mapping[str, Any]] | None = None) -> Response:
    """Gives a page: `data` as JSON (with ok: true) for the `.json` twin, else the template over `data`.

    `html` adds what only the HTML page shows (charts, highlighted text); it is only called for HTML.
    """
    if wants_json(request):
        return json_response({"ok": True, **data})
    return html_response(request, template, {**data, **(html() if html else {})})


# --- what the templates use -----------------------------------------------------------------------

def number(value: Any, digits: int = 0) -> str:
    """Gives a number with thousands separators (`digits` decimals); blank for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if digits == 0 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.{digits or 1}f}"


def signed(value: Any, digits: int = 2) -> str:
    """Gives a number with its sign (+0.50, −0.25); blank for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):+.{digits}f}".replace("-", "−")


def actor(code: Any) -> str:
    """Gives an actor code with its name ("KAZ · Kazakhstan"), or the code alone when it has none."""
    if not code:
        return "—"
    label = actor_label(str(code))
    return str(code) if label == code else f"{code} · {label}"


def when(event: Mapping[str, Any]) -> str:
    """Gives an event's date as precise as the record says: 2024-07-03, 2024-07 or 2024 ("undated")."""
    given = date_as_given(event.get("date"), event.get("date_precision"))
    day = event_day(given, event.get("doc_date"))
    if not day:
        return "undated"
    return str(day) if given else f"{day} (published)"


def cameo_name(code: Any) -> str:
    """Gives a CAMEO code's name ("040: Consult, not specified"), or '' for a code the table lacks."""
    entry = cameo_table().get(str(code)) if code else None
    return f"{entry.code}: {entry.name}" if entry else ""


def _param(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


_env.globals.update(url=url, number=number, signed=signed, actor=actor, actor_label=actor_label, when=when,
                    quad_name=QUAD_NAMES.get, period_label=period_label, cameo_name=cameo_name)
