"""Coding in worker processes: each builds its own coder once, this process writes, in input order.

Workers are spawned, not forked: a fork would copy a loaded model and the store's DuckDB handle.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from tidings.config import CoderConfig
from tidings.documents import Document
from tidings.pipeline.coders import build_coder
from tidings.pipeline.coding import Coded, code_batch
from tidings.pipeline.plan import Batch

if TYPE_CHECKING:
    from tidings.coder import Coder


class IngestError(RuntimeError):
    """Ingesting stopped: a worker process could not start or failed outside any one document."""


_worker_coder: Coder | None = None
_worker_error: str | None = None


def _start_worker(config: CoderConfig) -> None:
    """Builds the worker's coder once, of the run's whole configuration; keeps the error to report it
    with the first batch."""
    global _worker_coder, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _worker_coder = build_coder(config)
    except Exception as e:  # noqa: BLE001 - a pool re-spawns workers that die while starting, forever
        _worker_error = f"{type(e).__name__}: {e}"


def _code_in_worker(docs: list[Document]) -> Coded:
    """Gives code_batch of `docs` with the worker's coder."""
    if _worker_coder is None:
        raise IngestError(f"a worker could not build its coder: {_worker_error}")
    return code_batch(_worker_coder, docs)


def code_in_workers(batches: Iterator[Batch], workers: int, config: CoderConfig,
                    write: Callable[[Batch, Coded], None]) -> None:
    """Codes batches in `workers` processes, a few ahead, and writes each, in order, as it is ready."""
    context = multiprocessing.get_context("spawn")
    in_flight: deque = deque()
    with context.Pool(workers, initializer=_start_worker, initargs=(config,)) as pool:
        for batch in batches:
            result = pool.apply_async(_code_in_worker, (batch.to_code,)) if batch.to_code else None
            in_flight.append((batch, result))
            # Two batches per worker keep every worker busy while the oldest is written; more would
            # only hold documents in memory.
            while len(in_flight) > 2 * workers:
                _write_next(in_flight, write)
        while in_flight:
            _write_next(in_flight, write)


def _write_next(in_flight: deque, write: Callable[[Batch, Coded], None]) -> None:
    batch, result = in_flight.popleft()
    write(batch, result.get() if result is not None else ([], []))
