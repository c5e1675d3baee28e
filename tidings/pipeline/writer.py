"""The writer thread: coded batches are written, in order, while the next batch is coded.

DuckDB lets go of the GIL while it runs a statement, so the store's work (inserts, the clustering
scans) runs on a second core; only turning records into rows holds the GIL.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

WRITE_AHEAD = 2  # coded batches waiting for the writer thread, at most


class WriterThread:
    """Writes coded batches in a thread of its own, in the order they are put, while the next is coded.

    A failure while writing (or in `on_progress`) stops the writer; the next `put`, `drain` or the
    end of the `with` block raises it in the calling thread, and batches still queued are dropped
    (never committed: a re-run codes them). Leaving the block on an error of the caller's (Ctrl-C
    while coding) still writes the batches already coded: a few at most, and less to redo.
    """

    _STOP = None

    def __init__(self, write: Callable[[Any, Any], None]):
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=WRITE_AHEAD)
        self._error: BaseException | None = None   # a failure not yet raised in the calling thread
        self._failed = False                         # stays set: nothing more is written after one
        self._thread = threading.Thread(target=self._run, name="tidings-writer", daemon=True)

    def __enter__(self) -> WriterThread:
        self._thread.start()
        return self

    def put(self, batch: Any, coded: Any) -> None:
        """Queues a coded batch for writing, waiting while WRITE_AHEAD batches already wait."""
        self._raise()
        self._queue.put((batch, coded))  # never stuck: after a failure the writer still takes batches

    def drain(self) -> None:
        """Waits until every queued batch is written."""
        self._queue.join()
        self._raise()

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> None:
        self._queue.put(self._STOP)
        self._thread.join()
        if kind is None:
            self._raise()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is self._STOP:
                    return
                if not self._failed:
                    self._write(*item)
            except BaseException as e:  # noqa: BLE001 - carried to the calling thread
                self._error, self._failed = e, True
            finally:
                self._queue.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error
