"""The store held open between pages, and let go whenever a writer asks for it.

Opened per page, the store cost every page 20-60 ms to open and all its reads from a cold buffer
pool: at a million events a dyad page took 430 ms so, 170 ms on a store kept open, and an event
page 60 ms against 25 (benchmarks/load.py). So one read-only connection is kept, each page reading
through a cursor of its own (cursors share the open database and its cached blocks, and may run
in threads at once).

Kept open, the store would lock every ingest out (DuckDB lets one process write or several read).
A writer that finds it locked says so with a file beside it (tidings/store/waiting_writer.py); a
watcher thread looks for it every WATCH_SECONDS and closes the store as soon as no page is reading,
and no page opens it again while the writer waits. The store is also closed after IDLE_SECONDS
with no page, giving its memory back.
"""
from __future__ import annotations

import contextlib
import os
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import duckdb

from tidings.store import known, schema, waiting_writer
from tidings.store.schema import StoreError

WATCH_SECONDS = 0.1   # how often a held store looks for a waiting writer
IDLE_SECONDS = 60.0   # a store no page read for this long is closed


class WriterWaiting(StoreError):
    """A writer waits for the store: pages read it again once it is done."""

    def __init__(self, path: Path):
        super().__init__(f"{path}: an ingest is waiting to write this store", locked=True)


class HeldStore:
    """A read-only store kept open between pages; `cursor()` gives one page its connection."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._reading = 0   # pages reading now
        self._last_read = 0.0

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Gives a connection of the held store for one page (acquire, then release)."""
        cursor = self.acquire()
        try:
            yield cursor
        finally:
            self.release(cursor)

    def acquire(self) -> duckdb.DuckDBPyConnection:
        """Gives a connection of the held store for one page, opening the store if need be; raises
        StoreError (`locked`) while a writer holds it or waits for it. Give it back with release()."""
        with self._lock:
            if waiting_writer.writer_waits(self.path):
                self._close_if_unread()
                raise WriterWaiting(self.path)
            if self._con is None:
                self._con = schema.connect(self.path, read_only=True)
                _watch(self)
            cursor = self._con.cursor()
            known.share_found(cursor, self._con)
            self._reading += 1
        try:
            cursor.execute("SET enable_progress_bar = false")   # DuckDB draws one on stderr for a slow query
            # A page's top rows re-read by row id after the sort: a second scan of the clusters. The
            # sort carrying its few columns is cheaper: a dyad's page of events 33 ms against 40.
            with contextlib.suppress(duckdb.CatalogException):   # a DuckDB before 1.3 has none to turn off
                cursor.execute("SET late_materialization_max_rows = 0")
        except BaseException:
            self.release(cursor)
            raise
        return cursor

    def release(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """Takes back a page's connection."""
        cursor.close()
        with self._lock:
            self._reading -= 1
            self._last_read = time.monotonic()

    def held(self) -> bool:
        """Gives True while the store is open."""
        return self._con is not None

    def close(self) -> None:
        """Closes the store once no page reads it (the next page opens it again)."""
        with self._lock:
            self._close_if_unread()

    def _watched(self) -> bool:
        """One look of the watcher: closes the store when a writer waits or nobody read it for long;
        gives False once it is closed."""
        with self._lock:
            if self._con is not None and (waiting_writer.writer_waits(self.path)
                                          or time.monotonic() - self._last_read > IDLE_SECONDS):
                self._close_if_unread()
            return self._con is not None

    def _close_if_unread(self) -> None:
        if self._con is not None and self._reading == 0:
            self._con.close()
            self._con = None


def _watch(store: HeldStore) -> None:
    """Starts the thread that looks after an open store; it ends with the store's closing, or with
    the store itself (it holds it weakly, so an app dropped is not kept alive by it)."""
    ref = weakref.ref(store)
    store._last_read = time.monotonic()

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            held = ref()
            if held is None or not held._watched():
                return
            del held

    threading.Thread(target=watch, name=f"tidings-held-{store.path.name}", daemon=True).start()
