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


@click.command("serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on; 0.0.0.0 lets other machines in (the pages are not password-protected).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes serving pages, on the one port: about one per core (each keeps its own overview).")
def serve_cli(db: str | None, host: str, port: int, workers: int) -> None:
    """Serve the dashboard: overview, dyads, events and search, each page also as JSON.

    The store is only read: each page opens it read-only and closes it, so `tidings ingest` can
    write between pages; while an ingest writes, pages answer 503 saying so.
    """
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
