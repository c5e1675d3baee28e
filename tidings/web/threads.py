"""Where pages are made: in a few threads of the app's own, so that the event loop stays free.

A page is blocking work (DuckDB, then Python making HTML). Made in one thread per waiting request
(Starlette's default pool has 40), pages all fight for the GIL, and the event loop with them: under
20 clients the stylesheet waited 350 ms behind pages. PAGE_THREADS pages are made at a time (DuckDB
lets go of the GIL while it queries, so two cores stay busy); the others wait their turn holding
nothing, and what needs no page thread (static files, a kept overview) is answered meanwhile.
"""
from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio
from starlette.requests import Request
from starlette.responses import Response

T = TypeVar("T")
PAGE_THREADS = 3  # pages made at once: 2, 3 and 4 measured (benchmarks/README.md)


def page_threads() -> anyio.CapacityLimiter:
    """Gives a new limiter of PAGE_THREADS, for one app."""
    return anyio.CapacityLimiter(PAGE_THREADS)


async def in_page_thread(request: Request, work: Callable[[], T]) -> T:
    """Gives `work()`, run in one of the app's page threads once one is free."""
    return await anyio.to_thread.run_sync(work, limiter=request.app.state.page_threads)


def in_page_threads(page: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """Gives a page's endpoint that makes the page in one of the app's page threads."""
    @functools.wraps(page)
    async def endpoint(request: Request) -> Response:
        return await in_page_thread(request, lambda: page(request))
    return endpoint
