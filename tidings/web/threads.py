"""Where pages are made: in a few threads of the app's own, so that the event loop stays free.

A page is blocking work (DuckDB, then Python making HTML). Made in one thread per waiting request
(Starlette's default pool has 40), pages all fight for the GIL, and the event loop with them: under
20 clients the stylesheet waited 350 ms behind pages. PAGE_THREADS pages are made at a time (DuckDB
lets go of the GIL while it queries, so two cores stay busy); the others wait their turn holding
nothing, and what needs no page thread (static files, a kept overview) is answered meanwhile.

A page whose data is kept (app.StoreReader.cached) needs no store and takes a few milliseconds of
Python: it is first tried in one of KEPT_THREADS threads of its own, where asking for data that is
not kept raises NotKept, and only then made in a page thread. Kept pages thus never queue behind
pages that query the store (at a million events, 200-400 ms each).
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio
from starlette.requests import Request
from starlette.responses import Response

T = TypeVar("T")
PAGE_THREADS = 2  # pages made at once per process: 2 with a process per core (benchmarks/README.md)
KEPT_THREADS = 2  # pages made at once from kept data
_lane = threading.local()   # .only_kept: this thread makes a page from kept data or not at all


class NotKept(Exception):
    """Raised in a kept page's thread when the page needs data that is not kept."""


def only_kept() -> bool:
    """Gives True in a kept page's thread: data that is not kept must not be computed here."""
    return getattr(_lane, "only_kept", False)


def page_threads() -> anyio.CapacityLimiter:
    """Gives a new limiter of PAGE_THREADS, for one app."""
    return anyio.CapacityLimiter(PAGE_THREADS)


def kept_threads() -> anyio.CapacityLimiter:
    """Gives a new limiter of KEPT_THREADS, for one app."""
    return anyio.CapacityLimiter(KEPT_THREADS)


async def in_page_thread(request: Request, work: Callable[[], T]) -> T:
    """Gives `work()`, run in one of the app's page threads once one is free."""
    return await anyio.to_thread.run_sync(work, limiter=request.app.state.page_threads)


def in_page_threads(page: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """Gives a page's endpoint that makes the page from kept data in a kept page's thread, or else
    in one of the app's page threads."""
    @functools.wraps(page)
    async def endpoint(request: Request) -> Response:
        try:
            return await anyio.to_thread.run_sync(_from_kept, page, request, limiter=request.app.state.kept_threads)
        except NotKept:
            return await in_page_thread(request, lambda: page(request))
    return endpoint


def _from_kept(page: Callable[[Request], Response], request: Request) -> Response:
    _lane.only_kept = True
    try:
        return page(request)
    finally:
        _lane.only_kept = False
