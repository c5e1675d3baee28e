"""`ingest()`: code documents and store them, one transaction per batch, skipping what is stored already.

Per batch of `batch_size` inputs: plan (plan.py: what is unchanged never reaches the coder), code
(coding.py, in this process while the writer thread writes the batch before; or in worker
processes, workers.py), write in one transaction (tidings.store.writing). A crash loses at most the
batches not yet committed, and the re-run codes exactly those again.

Why memory stays flat: nothing holds more than a few batches (but for a 64-bit digest of each id
read, ~77 bytes a document, by which the first document of an id decides: plan.py), and the store is closed and opened
again every RECYCLE_DOCUMENTS documents. DuckDB keeps per-database state for as long as a
database is open (index nodes, row-group metadata, allocator arenas: about 1 MB per 1,000
documents, measured in benchmarks/README.md), which only closing it gives back. Closing also lets
a waiting reader (`tidings events --wait`) in between. Given an open connection instead of a path,
ingest cannot reopen it and that state grows with the run.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from tidings.config import CoderConfig
from tidings.documents import Document, Reject
from tidings.pipeline.coded_files import CodedDocument
from tidings.pipeline.coders import config_of, lazy_coder
from tidings.pipeline.coding import Coded, code_batch
from tidings.pipeline.plan import Batch, Planner
from tidings.pipeline.workers import code_in_workers
from tidings.pipeline.writer import WriterThread
from tidings.store import schema, writing
from tidings.store.schema import StoreError

if TYPE_CHECKING:
    from distributed import Client

    from tidings.coder import Coder

# Documents per transaction. A batch's writing costs mostly the same whatever its size (DuckDB plans
# each statement, and clustering scans the events of the keys it touches): 0.89 ms a document in
# batches of 64, 0.31 ms in batches of 320 (benchmarks/README.md). A crash loses a few batches at most.
BATCH_SIZE = 256
RECYCLE_DOCUMENTS = 10_000   # documents stored between closing and reopening the store
REOPEN_WAIT_SECONDS = 60.0   # how long a reopen waits for readers that got in to let go
# How long the store stays closed at a reopen: longer than a waiting reader's retry interval
# (cli/reading.py RETRY_SECONDS, 0.25 s), so `tidings events --wait` gets in. 0.3 s per 10,000
# documents is well under 0.1% of the time coding them takes.
READERS_PAUSE_SECONDS = 0.3


@dataclass
class IngestSummary:
    """What one ingest did."""

    documents: int = 0      # stored (new or replaced) this run
    unchanged: int = 0      # same id and same text: skipped
    replaced: int = 0       # same id, new text: events replaced
    events: int = 0         # events stored this run
    rejects: int = 0
    undated: int = 0        # of those stored, documents with no date (their events are undated)
    seconds: float = 0.0

    def message(self, path: object) -> str:
        """Gives the one-line summary the CLI prints at the end."""
        rate = (self.documents + self.unchanged) / self.seconds if self.seconds > 0 else 0.0
        return (f"ingested {self.documents} documents ({self.unchanged} unchanged, {self.replaced} replaced, "
                f"{self.undated} undated), "
                f"{self.events} events, {self.rejects} rejects in {self.seconds:.1f} s ({rate:.1f} docs/s) "
                f"into {path}")


def ingest(store: duckdb.DuckDBPyConnection | str | os.PathLike, items: Iterable[Document | Reject],
           coder: Coder | Callable[[], Coder] | None = None, batch_size: int = BATCH_SIZE, workers: int = 1,
           on_progress: Callable[[int], None] | None = None, *, on_reject: Callable[[Reject], None] | None = None,
           config: CoderConfig | None = None, on_input: Callable[[int], None] | None = None,
           on_undated: Callable[[Document], None] | None = None, client: Client | None = None,
           version: str | None = None) -> IngestSummary:
    """Gives the summary of coding `items` and storing them into `store`.

    `store` is the store's file (opened here, reopened every RECYCLE_DOCUMENTS documents, closed at
    the end: memory stays flat) or an open connection (used as it is; left open). Commits one
    transaction per batch. `coder` is a Coder, a function making one when first needed, or None (a
    Coder of `config`). `config` is the configuration that codes: the store records its version
    with each document and keeps it (table `configs`); by default the Coder's, else the default
    one. With `workers > 1` the documents are coded in that many processes, each with its own Coder
    of `config`, and `coder` is not used; this process writes, in input order. `on_progress(n)`
    hears of every `n` inputs stored; `on_reject` of every input that could not be stored, which the
    `rejects` table also keeps. `on_input(n)` hears of `n` more inputs done with, as soon as it can:
    each document as it is coded in this process, the rest of a batch (rejects, unchanged
    documents, or all of it when workers or a cluster code) as it is stored; its `n` add up to the
    inputs read, for a progress bar. `on_undated(doc)` hears of each document stored with no date.
    All four may be called from the writer thread.

    With a Dask `client` (tidings.pipeline.dask_workers), batches are coded on its cluster instead,
    each worker building one Coder of `config`; this process plans and writes, as with `workers`.
    Documents coded already (CodedDocument, read from `tidings code --dask` Parquet files) keep their
    records and are not coded again; `version` is then what coded them, recorded in place of `config`'s.
    """
    if batch_size < 1 or workers < 1:
        raise ValueError("batch_size and workers must be at least 1")
    if client is not None and workers > 1:
        raise ValueError("code on a Dask cluster or in local worker processes, not both")
    started = time.perf_counter()
    config = config or config_of(coder)
    with _Connections(store) as connections:
        run = _Run(connections, config, on_progress, on_reject, on_input, version)
        run.on_undated = on_undated
        batches = run.planner.batches(items, batch_size, run.reported)
        if client is not None:
            from tidings.pipeline.dask_workers import code_in_dask  # the dask extra: imported only when used

            code_in_dask(batches, client, config, run.write_and_recycle)
        elif workers == 1:
            run.in_this_process(batches, lazy_coder(coder, config))
        else:
            code_in_workers(batches, workers, config, run.write_and_recycle)
    run.summary.seconds = time.perf_counter() - started
    return run.summary


class _Run:
    """One ingest under way: its summary, its planner, and how a coded batch is written and counted."""

    def __init__(self, connections: _Connections, config: CoderConfig, on_progress: Callable[[int], None] | None,
                 on_reject: Callable[[Reject], None] | None, on_input: Callable[[int], None] | None = None,
                 version: str | None = None):
        self.connections = connections
        # computed once: the version hashes the contents of every file the configuration reads
        self.version = version or config.version()
        self.config_json = json.dumps({**config.to_dict(), "version": self.version}, ensure_ascii=False)
        self.on_progress, self.on_reject, self.on_input = on_progress, on_reject, on_input
        self.told: dict[int, int] = {}  # per batch: inputs on_input already heard of
        self.on_undated: Callable[[Document], None] | None = None
        self.summary = IngestSummary()
        self.planner = Planner(lambda: connections.planner)
        self._lock = threading.Lock()  # rejects are reported by the reader (this thread) and the writer

    def reported(self, reject: Reject) -> None:
        """Counts a reject and tells `on_reject` of it."""
        with self._lock:
            self.summary.rejects += 1
            if self.on_reject is not None:
                self.on_reject(reject)

    def write(self, batch: Batch, coded: Coded) -> None:
        """Stores a coded batch in one transaction and counts it into the summary."""
        records, coder_rejects = coded
        for reject in coder_rejects:
            self.reported(reject)
        # One id twice in a batch: the later text is stored; whether it replaces is the earlier's answer,
        # given against the store before the batch.
        done: dict[str, writing.Coded] = {}
        for doc, recs, replacing in zip(batch.to_code, records, batch.replacing):
            if recs is not None:
                before = done.pop(doc.id, None)
                done[doc.id] = (doc, recs, replacing if before is None else before[2])
        writing.write_batch(self.connections.writer, batch.rejects + coder_rejects, list(done.values()),
                            self.version, self.config_json)
        self.summary.documents += len(done)
        self.summary.replaced += sum(1 for _, _, replacing in done.values() if replacing)
        self.summary.events += sum(len(recs) for _, recs, _ in done.values())
        for doc, _, _ in done.values():
            if doc.date is None:
                self.summary.undated += 1
                if self.on_undated is not None:
                    self.on_undated(doc)
        self.summary.unchanged += batch.unchanged
        self.planner.committed(batch.seq)
        if self.on_progress is not None:
            self.on_progress(batch.size)
        rest = batch.size - self.told.pop(batch.seq, 0)
        if self.on_input is not None and rest:
            self.on_input(rest)

    def coded_one(self, seq: int) -> None:
        """Tells `on_input` of one more document of batch `seq` coded (in this process, before its write)."""
        self.told[seq] = self.told.get(seq, 0) + 1
        if self.on_input is not None:
            self.on_input(1)

    def in_this_process(self, batches: Iterator[Batch], coder: Callable[[], Coder]) -> None:
        """Codes each batch here while the writer thread writes the one before."""
        with WriterThread(self.write) as writer:
            for batch in batches:
                writer.put(batch, _coded(coder, batch.to_code, lambda seq=batch.seq: self.coded_one(seq)))
                if self.connections.count(len(batch.to_code)):
                    writer.drain()  # nothing may use the store while it is reopened
                    self.connections.reopen()

    def write_and_recycle(self, batch: Batch, coded: Coded) -> None:
        """Writes a batch coded by a worker, in this thread between the planner's reads: a safe moment
        to reopen the store."""
        self.write(batch, coded)
        if self.connections.count(len(batch.to_code)):
            self.connections.reopen()


def _coded(coder: Callable[[], Coder], docs: list[Document], on_document: Callable[[], None] | None = None) -> Coded:
    """Gives code_batch of `docs`; documents coded already keep their records (no coder is made for them).
    `on_document()` hears of each document coded here; the batch's write tells of the rest."""
    todo = [doc for doc in docs if not isinstance(doc, CodedDocument)]
    records, rejects = code_batch(coder(), todo, on_document) if todo else ([], [])
    fresh = iter(records)
    return [doc.records if isinstance(doc, CodedDocument) else next(fresh) for doc in docs], rejects


class _Connections:
    """The writer's connection and the planner's (a cursor on the same database), and their reopening."""

    def __init__(self, store: duckdb.DuckDBPyConnection | str | os.PathLike):
        self.path = None if isinstance(store, duckdb.DuckDBPyConnection) else store
        self.given = store if self.path is None else None
        self.since_open = 0
        self._open()

    def _open(self) -> None:
        self.writer = self.given if self.given is not None else schema.connect(self.path)
        self.planner = self.writer.cursor()  # its own connection: the planner reads while the writer writes

    def count(self, documents: int) -> bool:
        """Gives True when, with `documents` more sent to be written, the store is due to be closed and
        opened again (never for a given connection)."""
        self.since_open += documents
        return self.path is not None and self.since_open >= RECYCLE_DOCUMENTS

    def reopen(self) -> None:
        """Closes the store, giving DuckDB's memory back, and opens it again.

        Readers waiting for the store get in meanwhile; the reopen waits for them to finish (they
        are short), for REOPEN_WAIT_SECONDS at most.
        """
        self.close()
        time.sleep(READERS_PAUSE_SECONDS)
        deadline = time.monotonic() + REOPEN_WAIT_SECONDS
        while True:
            try:
                self._open()
                break
            except StoreError as e:
                if not e.locked or time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)
        self.since_open = 0

    def close(self) -> None:
        self.planner.close()
        if self.given is None:
            self.writer.close()

    def __enter__(self) -> _Connections:
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        try:
            self.close()
        except duckdb.Error:
            if kind is None:
                raise  # leaving on a failure (a full disk), that failure is the news, not the close's after it
