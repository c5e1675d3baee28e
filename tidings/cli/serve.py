"""`tidings serve`: the dashboard over a store, read-only, on this machine unless told otherwise."""
from __future__ import annotations

import functools
import os
import socket

import click

from tidings.cli.messages import fail, say
from tidings.cli.options import db_option
from tidings.store import schema
from tidings.store.schema import StoreError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8017
# Pages are made in Python (one core a process) and DuckDB: at a million events 20 clients were
# answered at 46.7 pages/s with p95 1.23 s by one process, 62.8/s and 0.97 s by two, on 2 cores.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Gives how many processes serve pages when not told: one per core, at most MAX_DEFAULT_WORKERS."""
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                      MAX_DEFAULT_WORKERS))


@click.command("serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on; 0.0.0.0 lets other machines in (the pages are not password-protected).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help=f"Processes serving pages, on the one port, each with its own kept pages [default: one per "
                   f"core, at most {MAX_DEFAULT_WORKERS}: {default_workers()} here].")
def serve_cli(db: str | None, host: str, port: int, workers: int | None) -> None:
    """Serve the dashboard: overview, dyads, actors, events, search and pledges, each page also as JSON.

    The store is only read: it is held open read-only between pages and let go whenever a writer
    (`tidings ingest`) asks for it; while an ingest writes, pages answer 503 saying so.
    """
    workers = workers or default_workers()
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from tidings.web.app import SERVE_DB_VARIABLE, make_app
    from tidings.web.views import overview

    path = schema.db_path(db)
    try:
        app = make_app(path)
    except StoreError as e:
        fail(str(e), 1)
    listener = _listen(host, port)
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    say(f"serving {path} at http://{shown}:{bound}/ (Ctrl-C to stop)")
    if workers > 1:
        # each worker is a process of its own that imports the app by name: it learns the store from
        # the environment it inherits, and computes its own overview
        os.environ[SERVE_DB_VARIABLE] = str(path)
        config = uvicorn.Config("tidings.web.app:served_app", factory=True, workers=workers,
                                log_level="warning", access_log=False)
        run = Multiprocess(config, sockets=[listener]).run
    else:
        if not overview.warm(app.state.store):
            say(f"an ingest is writing {path} now; pages answer 503 until it has finished")
        run = functools.partial(uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run,
                                sockets=[listener])
    try:
        run()
    except KeyboardInterrupt:
        pass  # uvicorn has shut down cleanly and passes Ctrl-C on: stopping is the normal way out
    say("stopped")


def _listen(host: str, port: int) -> socket.socket:
    """Gives a socket listening on host:port; ends the command with one line when it cannot."""
    try:
        family, kind, proto, _, _ = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        # The protocol named, not left 0: asyncio turns Nagle's algorithm off only on sockets that say
        # they are TCP, and with it on, every answer after the first on a connection waits ~40 ms.
        listener = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(128)
    except OSError as e:
        fail(f"cannot listen on {host}:{port}: {e.strerror or e}; pick another with --port or --host", 1)
    return listener
