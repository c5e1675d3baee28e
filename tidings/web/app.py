"""The dashboard as an ASGI app: `make_app(db_path)` gives a Starlette app over one store, read-only.

The store is held open between pages, read-only, and let go whenever a writer asks for it
(tidings/web/held_store.py): DuckDB lets one process write a file or several read it, never both.
While an ingest holds or waits for the store, pages answer 503 in the error shape, saying so. What
each page computed from the store is kept per version of the file (page, parameters and version: a
bounded LRU, tidings/web/page_cache.py) and given again, without reading it, until the file changes.

Pages are made in a few threads of the app's own (tidings/web/threads.py).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import duckdb
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.store import schema
from tidings.store.plots import actor_label
from tidings.store.filters import QueryError
from tidings.store.schema import StoreError
from tidings.web import errors
from tidings.web.held_store import HeldStore
from tidings.web.kept_static import KeptStaticFiles
from tidings.web.page_cache import PageCache
from tidings.web.threads import NotKept, in_page_threads, kept_threads, only_kept, page_threads
from tidings.web.views import about, actor, dyad, event, overview, pledges, search

T = TypeVar("T")
STATIC = Path(__file__).resolve().parent / "static"
RETRY_AFTER_SECONDS = "5"
SERVE_DB_VARIABLE = "TIDINGS_SERVE_DB"  # the store a worker process serves (served_app)

# Pages run no script and load nothing from elsewhere; the policy says so to the browser, so that
# even a mistake in escaping could not run one.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                 b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class StoreReader:
    """The store file, held open read-only for pages; and the pages kept per file version."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._cache = PageCache()
        self._held = HeldStore(self.path)

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Gives a read-only connection for one page; raises WebError 503 when the store cannot be read."""
        try:
            con = self._held.acquire()
        except StoreError as e:
            if e.locked:
                raise errors.WebError(
                    503, f"an ingest is writing the store {self.path.name} (DuckDB lets no reader in while "
                         f"it writes); this page answers again once the ingest has finished",
                    "Store busy", {"Retry-After": RETRY_AFTER_SECONDS}) from None
            raise errors.WebError(503, str(e)) from None
        try:
            yield con
        finally:
            self._held.release(con)

    def close(self) -> None:
        """Lets go of the store now (pages open it again when asked)."""
        self._held.close()

    def version(self) -> tuple:
        """Gives what changes whenever a writer commits to the file: the file's and its WAL's identity,
        size and modification time."""
        stats = []
        for file in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = file.stat()
                stats.append((st.st_ino, st.st_size, st.st_mtime_ns))
            except FileNotFoundError:
                stats.append(None)
        return tuple(stats)

    def kept(self, key: Any) -> Any | None:
        """Gives what `cached` keeps for `key` if it was computed for the store as it is now, else None;
        opens nothing (two stat calls)."""
        return self._cache.kept(key, self.version())

    def cached(self, key: Any, compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Gives `compute(connection)` for `key`, computed once per version of the store file and kept
        in a bounded LRU (tidings/web/page_cache.py); readers asking for the same key meanwhile wait
        for that one computation rather than each querying the store.

        `key` must name everything the value depends on besides the store: the page and its
        normalized parameters. The value is shared by every reader given it: never change it.
        """
        if only_kept():   # a kept page's thread (tidings/web/threads.py) computes nothing
            value = self.kept(key)
            if value is None:
                raise NotKept(key)
            return value

        def computed() -> T:
            with self.connect() as con:
                return compute(con)

        return self._cache.get(key, self.version, computed)


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def make_app(db_path: str | os.PathLike) -> Starlette:
    """Gives the dashboard's ASGI app over the store at `db_path`; raises StoreError if there is no file.

    The store is not opened here (an ingest may be writing it: pages then answer 503 until it ends).
    """
    path = schema.db_path(db_path)
    if not path.is_file():
        raise schema.no_store(path)
    actor_label("USA")  # loads the country names now, not on the first page
    routes = [
        Route("/", overview.page),   # a kept overview needs no page thread: the page asks for one when not
        Route("/.json", overview.page),
        Route("/index.json", overview.page),
        Route("/index.csv", overview.page),
        Route("/actor/{actor}", in_page_threads(actor.page)),
        Route("/about", about.page),
        Route("/about.json", about.page),
        Route("/about.csv", about.page),
        Route("/dyad/{dyad}", in_page_threads(dyad.page)),
        Route("/event/{event_id}", in_page_threads(event.page)),
        Route("/search", in_page_threads(search.page)),
        Route("/search.json", in_page_threads(search.page)),
        Route("/pledges", in_page_threads(pledges.page)),
        Route("/pledges.json", in_page_threads(pledges.page)),
        Route("/search.csv", in_page_threads(search.page)),
        Mount("/static", KeptStaticFiles(STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={
            errors.WebError: errors.on_web_error,
            QueryError: errors.on_query_error,
            HTTPException: errors.on_http_error,
            Exception: errors.on_server_error,
        },
    )
    app.state.store = StoreReader(path)
    app.state.page_threads = page_threads()
    app.state.kept_threads = kept_threads()
    return app


def served_app() -> Starlette:
    """Gives the app over the store named by $TIDINGS_SERVE_DB, its overview computed: what each of
    `tidings serve --workers N`'s processes serves (uvicorn imports it by name in each)."""
    app = make_app(os.environ[SERVE_DB_VARIABLE])
    overview.warm(app.state.store)
    return app
