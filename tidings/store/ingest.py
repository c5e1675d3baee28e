"""Ingest: code documents and store them, one transaction per batch, skipping what is stored already.

The flow, per batch of `batch_size` inputs (documents and rejects, in input order):
1. plan: hash each document's text and look its id up; the same text and date as stored is
   "unchanged" and never reaches the coder, so a re-run codes nothing it has coded before;
2. code the rest (in this process, or in worker processes with `workers > 1`);
3. write, in one transaction: the rejects (each once), the documents with their events (a stored
   id's events replaced), then the clusters of what the batch touched (clusters.py); COMMIT.
A crash loses at most the batches not yet committed, and the re-run codes exactly those again.

Why writing does not slow coding down: in one process, batches are written by a writer thread
while the next batch is coded. DuckDB lets go of the GIL while it runs a statement, so the
store's work (inserts, the clustering scans) runs on the second core; only turning records into
rows holds the GIL. With `workers > 1` the coding is in other processes and this one only writes.

Why memory stays flat: nothing holds more than a few batches, and the store is closed and opened
again every RECYCLE_DOCUMENTS documents. DuckDB keeps per-database state for as long as a
database is open (index nodes, row-group metadata, allocator arenas: about 1 MB per 1,000
documents, measured in benchmarks/README.md), which only closing it gives back. Closing also lets
a waiting reader (`tidings events --wait`) in between. Given an open connection instead of a path,
ingest cannot reopen it and that state grows with the run.
"""
from __future__ import annotations

import datetime
import multiprocessing
import os
import queue
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from tidings.documents import Document, Reject
from tidings.store import clusters, schema
from tidings.store.schema import StoreError

DOCUMENT_COLUMNS = ("doc_id", "url", "title", "source", "date", "text_hash", "chars", "origin", "meta",
                    "ingested_at", "coder_version")  # schema.document_row's order

# Documents per transaction. A batch's writing costs mostly the same whatever its size (DuckDB plans
# each statement, and clustering scans the events of the keys it touches): 0.89 ms a document in
# batches of 64, 0.31 ms in batches of 320 (benchmarks/README.md). A crash loses a few batches at most.
BATCH_SIZE = 256
RECYCLE_DOCUMENTS = 10_000   # documents stored between closing and reopening the store
WRITE_AHEAD = 2              # coded batches waiting for the writer thread, at most
REOPEN_WAIT_SECONDS = 60.0   # how long a reopen waits for readers that got in to let go
# How long the store stays closed at a reopen: longer than a waiting reader's retry interval
# (cli/reading.py RETRY_SECONDS, 0.25 s), so `tidings events --wait` gets in. 0.3 s per 10,000
# documents is well under 0.1% of the time coding them takes.
READERS_PAUSE_SECONDS = 0.3

if TYPE_CHECKING:
    from tidings.coder import Coder
    from tidings.config import CoderConfig

class IngestError(RuntimeError):
    """Ingesting stopped: a worker process could not start or failed outside any one document."""


@dataclass
class IngestSummary:
    """What one ingest did."""

    documents: int = 0      # stored (new or replaced) this run
    unchanged: int = 0      # same id and same text: skipped
    replaced: int = 0       # same id, new text: events replaced
    events: int = 0         # events stored this run
    rejects: int = 0
    seconds: float = 0.0

    def message(self, path: object) -> str:
        """Gives the one-line summary the CLI prints at the end."""
        return (f"ingested {self.documents} documents ({self.unchanged} unchanged, {self.replaced} replaced), "
                f"{self.events} events, {self.rejects} rejects in {self.seconds:.1f} s into {path}")


@dataclass
class _Batch:
    """One batch on its way through: what was read, what needs coding, what was skipped."""

    seq: int
    size: int = 0                                            # inputs read, for progress
    rejects: list[Reject] = field(default_factory=list)      # found while reading
    to_code: list[Document] = field(default_factory=list)
    replacing: list[bool] = field(default_factory=list)      # per to_code: an id stored before
    unchanged: int = 0


# What a coded batch comes back as: per document its records (None: the coder failed on it), and
# the rejects reporting those failures.
_Coded = tuple[list[list[dict] | None], list[Reject]]


def ingest(store: duckdb.DuckDBPyConnection | str | os.PathLike, items: Iterable[Document | Reject],
           coder: Coder | Callable[[], Coder] | None = None, batch_size: int = BATCH_SIZE, workers: int = 1,
           on_progress: Callable[[int], None] | None = None, *, on_reject: Callable[[Reject], None] | None = None,
           actors_file: str | None = None) -> IngestSummary:
    """Gives the summary of coding `items` and storing them into `store`.

    `store` is the store's file (opened here, reopened every RECYCLE_DOCUMENTS documents, closed at
    the end: memory stays flat) or an open connection (used as it is; left open). Commits one
    transaction per batch. `coder` is a Coder, a function making one when first needed, or None (a
    Coder with `actors_file`). With `workers > 1` the documents are coded in that many processes,
    each with its own `Coder(actors_file)`, and `coder` is not used; this process writes, in input
    order. `on_progress(n)` hears of every `n` inputs stored; `on_reject` of every input that could
    not be stored, which the `rejects` table also keeps. Both may be called from the writer thread.
    """
    if batch_size < 1 or workers < 1:
        raise ValueError("batch_size and workers must be at least 1")
    started = time.perf_counter()
    summary = IngestSummary()
    version = _coder_version(actors_file)
    lock = threading.Lock()  # rejects are reported by the reader (this thread) and the writer

    def reported(reject: Reject) -> None:
        with lock:
            summary.rejects += 1
            if on_reject is not None:
                on_reject(reject)

    with _Connections(store) as connections:
        planned = _Planner(connections)
        batches = planned.batches(items, batch_size, reported)

        def write(batch: _Batch, coded: _Coded) -> None:
            for reject in coded[1]:
                reported(reject)
            _write_batch(connections.writer, batch, coded, version, summary)
            planned.committed(batch.seq)
            if on_progress is not None:
                on_progress(batch.size)

        if workers == 1:
            get_coder = _lazy(coder, actors_file)
            with _WriterThread(write) as writer:
                for batch in batches:
                    writer.put(batch, code_batch(get_coder(), batch.to_code) if batch.to_code else ([], []))
                    if connections.count(len(batch.to_code)):
                        writer.drain()  # nothing may use the store while it is reopened
                        connections.reopen()
        else:
            def write_and_recycle(batch: _Batch, coded: _Coded) -> None:
                write(batch, coded)  # in this thread, between the planner's reads: a safe moment
                if connections.count(len(batch.to_code)):
                    connections.reopen()

            _pipeline(batches, workers, actors_file, write_and_recycle)
    summary.seconds = time.perf_counter() - started
    return summary


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

    def __exit__(self, *exc: object) -> None:
        self.close()


class _WriterThread:
    """Writes coded batches in a thread of its own, in the order they are put, while the next is coded.

    A failure while writing (or in `on_progress`) stops the writer; the next `put`, `drain` or the
    end of the `with` block raises it in the calling thread, and batches still queued are dropped
    (never committed: a re-run codes them). Leaving the block on an error of the caller's (Ctrl-C
    while coding) still writes the batches already coded: a few at most, and less to redo.
    """

    _STOP = None

    def __init__(self, write: Callable[[_Batch, _Coded], None]):
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=WRITE_AHEAD)
        self._error: BaseException | None = None   # a failure not yet raised in the calling thread
        self._failed = False                         # stays set: nothing more is written after one
        self._thread = threading.Thread(target=self._run, name="tidings-writer", daemon=True)

    def __enter__(self) -> _WriterThread:
        self._thread.start()
        return self

    def put(self, batch: _Batch, coded: _Coded) -> None:
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


def code_batch(coder: Coder, docs: Sequence[Document]) -> _Coded:
    """Gives the event records of each document (None where the coder failed) and the rejects
    reporting those failures, as `tidings code` words them."""
    try:
        return [[e.to_dict() for e in events] for _, events in coder.code_many(docs)], []
    except Exception:  # noqa: BLE001 - one bad document must not cost the batch: find it alone
        pass
    records: list[list[dict] | None] = []
    rejects: list[Reject] = []
    for doc in docs:
        try:
            records.append([e.to_dict() for e in coder.code(doc)])
        except Exception as e:  # noqa: BLE001
            records.append(None)
            rejects.append(_internal_error(doc, e))
    return records, rejects


class _Planner:
    """Reads inputs into batches and decides, before any coding, which documents need it."""

    def __init__(self, connections: _Connections):
        self.connections = connections
        # Documents planned in batches not yet committed: the store does not know them yet. The
        # writer thread forgets them as it commits, hence the lock.
        self.in_flight: dict[str, tuple[str, str | None, int]] = {}
        self.lock = threading.Lock()

    def batches(self, items: Iterable[Document | Reject], batch_size: int,
                on_reject: Callable[[Reject], None]) -> Iterator[_Batch]:
        """Gives the inputs as planned batches of `batch_size`, rejects reported as they are read."""
        seq, inputs = 0, []
        for item in items:
            if isinstance(item, Reject):
                on_reject(item)
            inputs.append(item)
            if len(inputs) >= batch_size:
                yield self._plan(seq, inputs)
                seq, inputs = seq + 1, []
        if inputs:
            yield self._plan(seq, inputs)

    def committed(self, seq: int) -> None:
        """Forgets the documents of batch `seq`: the store now answers for them."""
        with self.lock:
            for doc_id in [d for d, (_, _, s) in self.in_flight.items() if s == seq]:
                del self.in_flight[doc_id]

    def _plan(self, seq: int, inputs: list[Document | Reject]) -> _Batch:
        batch = _Batch(seq, size=len(inputs))
        docs = [item for item in inputs if isinstance(item, Document)]
        # In flight first, then the store: a batch committed in between is then known to one of them.
        with self.lock:
            in_flight = dict(self.in_flight)
        stored = self._stored([doc.id for doc in docs])
        for item in inputs:
            if isinstance(item, Reject):
                batch.rejects.append(item)
                continue
            fingerprint = (schema.text_hash(item.text), item.date)
            before = in_flight.get(item.id)
            known = before[:2] if before is not None else stored.get(item.id)
            if known == fingerprint:
                batch.unchanged += 1
                continue
            batch.to_code.append(item)
            batch.replacing.append(known is not None)
            in_flight[item.id] = (*fingerprint, seq)
            with self.lock:
                self.in_flight[item.id] = (*fingerprint, seq)
        return batch

    def _stored(self, doc_ids: list[str]) -> dict[str, tuple[str, str | None]]:
        """Gives the stored text hash and date of those of `doc_ids` the store holds."""
        if not doc_ids:
            return {}
        rows = self.connections.planner.execute(
            "SELECT doc_id, text_hash, date FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [doc_ids]).fetchall()
        return {doc_id: (hashed, None if date is None else date.isoformat()) for doc_id, hashed, date in rows}


def _write_batch(con: duckdb.DuckDBPyConnection, batch: _Batch, coded: _Coded, version: str,
                 summary: IngestSummary) -> None:
    """Stores a coded batch in one transaction and counts it into `summary`."""
    records, coder_rejects = coded
    # One id twice in a batch: the later text is stored; whether it replaces is the earlier's answer,
    # given against the store before the batch.
    done_by_id: dict[str, tuple[Document, list[dict], bool]] = {}
    for doc, recs, replacing in zip(batch.to_code, records, batch.replacing):
        if recs is not None:
            before = done_by_id.pop(doc.id, None)
            done_by_id[doc.id] = (doc, recs, replacing if before is None else before[2])
    done = list(done_by_id.values())
    con.execute("BEGIN TRANSACTION")
    try:
        for reject in batch.rejects + coder_rejects:
            store_reject(con, reject)
        # Clusters that lose members must be recomputed: mark them before the members go.
        clusters.release(con, [doc.id for doc, _, replacing in done if replacing])
        write_documents(con, [(doc, recs) for doc, recs, _ in done], version)
        _clear_rejects(con, [doc for doc, _, _ in done])
        clusters.assign_clusters(con, [doc.id for doc, _, _ in done])
        con.execute("COMMIT")
    except duckdb.OutOfMemoryException:
        con.execute("ROLLBACK")
        raise StoreError(f"DuckDB needed more memory than its cap for writing "
                         f"(TIDINGS_DB_MEMORY={schema.writer_memory()}); set TIDINGS_DB_MEMORY higher, "
                         f"e.g. 256MB, and run the same command again") from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    summary.documents += len(done)
    summary.replaced += sum(1 for _, _, replacing in done if replacing)
    summary.events += sum(len(recs) for _, recs, _ in done)
    summary.unchanged += batch.unchanged


def write_documents(con: duckdb.DuckDBPyConnection, coded: Sequence[tuple[Document, Sequence[dict]]],
                    coder_version: str) -> None:
    """Stores coded documents and their events in place of what the store had for their ids.

    What `schema.write_document` does for one document, for many in a few statements: DuckDB
    plans every statement anew, and one INSERT per event would cost more than coding it. The rows
    are schema.py's own (`document_row`, `event_rows`). Not a transaction of its own.
    """
    if not coded:
        return
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    last = {doc.id: i for i, (doc, _) in enumerate(coded)}  # an id twice: the later text wins
    kept = [(doc, recs) for i, (doc, recs) in enumerate(coded) if last[doc.id] == i]
    ids = [doc.id for doc, _ in kept]
    con.execute("DELETE FROM events WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    con.execute("DELETE FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    _insert(con, "documents", DOCUMENT_COLUMNS, [schema.document_row(doc, coder_version, now) for doc, _ in kept])
    _insert(con, "events", schema.EVENT_COLUMNS, schema.event_rows(r for _, recs in kept for r in recs))


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Appends `rows` (tuples in `columns` order) to `table` in one statement, through Arrow."""
    if not rows:
        return
    data = pa.table({name: pa.array(list(values)) for name, values in zip(columns, zip(*rows))})
    con.register("tidings_ingest_rows", data)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM tidings_ingest_rows")
    finally:
        clusters.unregister(con, "tidings_ingest_rows")


def store_reject(con: duckdb.DuckDBPyConnection, reject: Reject) -> bool:
    """Gives True after storing `reject`, False when the same file, line and reason is stored already."""
    seen = con.execute("SELECT count(*) FROM rejects WHERE file = ? AND line IS NOT DISTINCT FROM ? AND reason = ?",
                       [reject.file, reject.line, reject.reason]).fetchone()[0]
    if seen:
        return False
    schema.write_reject(con, reject)
    return True


def _clear_rejects(con: duckdb.DuckDBPyConnection, docs: Sequence[Document]) -> None:
    """Drops the stored rejects of the inputs `docs` stand for: they read and code fine now.

    An article's file loses all its rejects; a JSONL line loses its own and those said of its file
    as a whole (empty, binary).
    """
    if not docs:
        return
    files, lines = zip(*(_origin(doc) for doc in docs))
    con.execute("""
        DELETE FROM rejects USING (SELECT unnest(?::VARCHAR[]) AS file, unnest(?::INTEGER[]) AS line) AS stored
        WHERE rejects.file = stored.file
          AND (stored.line IS NULL OR rejects.line IS NULL OR rejects.line = stored.line)""", [list(files), list(lines)])


def _origin(doc: Document) -> tuple[str, int | None]:
    """Gives the file and line (None for a whole file) a document was read from."""
    file = doc.origin or doc.id
    m = re.fullmatch(r"(.*):(\d+)", file)
    return (m.group(1), int(m.group(2))) if m else (file, None)


def _internal_error(doc: Document, error: BaseException) -> Reject:
    """Gives the Reject reporting a coder failure on `doc`, worded as `tidings code` words it."""
    file, line = _origin(doc)
    text = str(error).strip()
    detail = f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__
    return Reject(file, line, f"internal error: {detail}")


def _coder_version(actors_file: str | None) -> str:
    """Gives what the documents table records as the configuration that coded a document."""
    import tidings  # here: tidings/__init__ may itself come to import the store

    return f"tidings {tidings.__version__}" + (f" +actors {actors_file}" if actors_file else "")


def _lazy(coder: Coder | Callable[[], Coder] | None, actors_file: str | None) -> Callable[[], Coder]:
    """Gives a function that makes the coder on its first call and keeps it."""
    made: list[Coder] = []

    def get() -> Coder:
        if not made:
            if coder is None:
                from tidings.coder import Coder  # here, not at the top: it loads spaCy
                from tidings.config import CoderConfig

                made.append(Coder(CoderConfig(actors=(actors_file,) if actors_file else ())))
            else:  # a function is called only now: a re-run with nothing new never loads spaCy
                made.append(coder() if callable(coder) else coder)
        return made[0]

    return get


# --- workers: coding in other processes, writing here, in input order -------------------------

_worker_coder: Coder | None = None
_worker_error: str | None = None


def _start_worker(actors_file: str | None) -> None:
    """Builds the worker's coder once; keeps the error to report it with the first batch."""
    global _worker_coder, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from tidings.coder import Coder
        from tidings.config import CoderConfig

        _worker_coder = Coder(CoderConfig(actors=(actors_file,) if actors_file else ()))
    except Exception as e:  # noqa: BLE001 - a pool re-spawns workers that die while starting, forever
        _worker_error = f"{type(e).__name__}: {e}"


def _code_in_worker(docs: list[Document]) -> _Coded:
    """Gives code_batch of `docs` with the worker's coder."""
    if _worker_coder is None:
        raise IngestError(f"a worker could not build its coder: {_worker_error}")
    return code_batch(_worker_coder, docs)


def _pipeline(batches: Iterator[_Batch], workers: int, actors_file: str | None,
              write: Callable[[_Batch, _Coded], None]) -> None:
    """Codes batches in `workers` processes, a few ahead, and writes each, in order, as it is ready."""
    context = multiprocessing.get_context("spawn")  # fork would copy a loaded model and the DuckDB handle
    in_flight: deque = deque()
    with context.Pool(workers, initializer=_start_worker, initargs=(actors_file,)) as pool:
        for batch in batches:
            result = pool.apply_async(_code_in_worker, (batch.to_code,)) if batch.to_code else None
            in_flight.append((batch, result))
            # Two batches per worker keep every worker busy while the oldest is written; more would
            # only hold documents in memory.
            while len(in_flight) > 2 * workers:
                _write_next(in_flight, write)
        while in_flight:
            _write_next(in_flight, write)


def _write_next(in_flight: deque, write: Callable[[_Batch, _Coded], None]) -> None:
    batch, result = in_flight.popleft()
    write(batch, result.get() if result is not None else ([], []))
