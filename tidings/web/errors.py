"""One error shape for every page, HTML or JSON: `{"ok": false, "status", "error", "title"}`.

A bad parameter is a 400, an unknown page or event a 404, a store that an ingest is writing a 503,
anything unexpected a 500: each answers in this shape, as JSON when the path ends in `.json` and
as an HTML page showing the same fields otherwise; never with a traceback.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from tidings.store.filters import QueryError
from tidings.store.known import UnknownActor
from tidings.web import render

TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Internal error",
          503: "Store unavailable"}
VALUE_SHOWN = 60  # a bad value is quoted back, cut to this many characters


class WebError(Exception):
    """A page cannot be given; `status`, `title` and `error` (what is wrong and what to do) say why."""

    def __init__(self, status: int, error: str, title: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(error)
        self.status, self.error = status, error
        self.title = title or TITLES.get(status, "Error")
        self.headers = headers or {}


def error_body(status: int, error: str, title: str | None = None) -> dict:
    """Gives the error shape as a dict: ok (always false), status, error and title."""
    return {"ok": False, "status": status, "error": error, "title": title or TITLES.get(status, "Error")}


def error_response(request: Request, status: int, error: str, title: str | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """Gives the error shape as JSON (path ending `.json`) or as the HTML error page, with `status`."""
    body = error_body(status, error, title)
    if render.wants_json(request):
        return render.json_response(body, status=status, headers=headers)
    return render.html_response(request, "error.html", {"error": body}, status=status, headers=headers)


def bad_parameter(error: QueryError) -> WebError:
    """Gives the 400 for a malformed query parameter, naming it, quoting its value and how to write it."""
    return WebError(400, f"{error.name}={_cut(str(error.value))}: {error.hint}", "Bad parameter")


def _cut(value: str) -> str:
    """Gives a value quoted back to the reader, cut to VALUE_SHOWN characters."""
    return value if len(value) <= VALUE_SHOWN else value[:VALUE_SHOWN - 1] + "…"


async def on_web_error(request: Request, exc: Exception) -> Response:
    """Gives the error shape of a WebError."""
    assert isinstance(exc, WebError)
    return error_response(request, exc.status, exc.error, exc.title, exc.headers)


async def on_query_error(request: Request, exc: Exception) -> Response:
    """Gives the 400 of a query parameter the store's parsers refused; the 404 of an actor code the
    store has no events of (in the URL or a parameter: there is no such page either way)."""
    assert isinstance(exc, QueryError)
    if isinstance(exc, UnknownActor):
        return await on_web_error(request, WebError(404, f"{exc.name}={_cut(str(exc.value))}: {exc.hint}"))
    return await on_web_error(request, bad_parameter(exc))


async def on_http_error(request: Request, exc: Exception) -> Response:
    """Gives Starlette's own errors (no route, wrong method) in the error shape."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        error = (f"no page at {_cut(request.url.path)}; the pages are /, /actor/AAA, /dyad/AAA-BBB, /event/ID, "
                 f"/search and /about, each also as JSON with .json added")
    elif exc.status_code == 405:
        error = f"{request.method} is not allowed here: the dashboard is read-only, use GET"
    else:
        error = str(exc.detail)
    return error_response(request, exc.status_code, error, headers=getattr(exc, "headers", None))


async def on_server_error(request: Request, exc: Exception) -> Response:
    """Gives a 500 in the error shape; the traceback goes to the server's log, not to the reader.

    (Starlette raises the error again once this answer is sent, for the server to log it.)
    """
    return error_response(request, 500, f"the page could not be made ({type(exc).__name__}); "
                                        f"the server's log has the details")
