"""Planning: inputs read into batches, and which of their documents need coding at all.

A document whose id the store holds with the same text and date is "unchanged" and never reaches
the coder, so a re-run codes nothing it has coded before. Documents planned in batches not yet
committed count as known too: an id twice in a run is coded once.

The first document of an id in a run is the one that counts. A later one with the same id but
another text or date is refused with a reason naming the first: were it stored, the next run
would find the first changed and code it again, and so on, every run. A document that cannot be
stored at all (a lone surrogate in it, which only a library caller can hand over: the reader
refuses those) is refused here too, so that it costs itself and not its batch.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import duckdb

from tidings.documents import Document, Reject, display_name, excerpt, origin, unicode_problem
from tidings.store import schema


@dataclass
class Batch:
    """One batch on its way through: what was read, what needs coding, what was skipped."""

    seq: int
    size: int = 0                                            # inputs read, for progress
    rejects: list[Reject] = field(default_factory=list)      # found while reading
    to_code: list[Document] = field(default_factory=list)
    replacing: list[bool] = field(default_factory=list)      # per to_code: an id stored before
    unchanged: int = 0


class Planner:
    """Reads inputs into batches and decides, before any coding, which documents need it."""

    def __init__(self, store: Callable[[], duckdb.DuckDBPyConnection]):
        self.store = store  # gives the connection to read the store with (it changes at a reopen)
        # Documents planned in batches not yet committed: the store does not know them yet. The
        # writer thread forgets them as it commits, hence the lock.
        self.in_flight: dict[str, tuple[str, str | None, int, str]] = {}  # id: hash, date, batch, origin
        self.lock = threading.Lock()
        # A 64-bit digest of every id read this run: the one thing an ingest keeps for its whole run,
        # about 77 bytes a document (measured: 15 MB for 200,000), so that the first of an id decides
        # however far apart its repeats are.
        self.seen: set[int] = set()

    def batches(self, items: Iterable[Document | Reject], batch_size: int,
                on_reject: Callable[[Reject], None]) -> Iterator[Batch]:
        """Gives the inputs as planned batches of `batch_size`, rejects reported as they are read."""
        seq, inputs = 0, []
        for item in items:
            if isinstance(item, Reject):
                on_reject(item)
            inputs.append(item)
            if len(inputs) >= batch_size:
                yield self._plan(seq, inputs, on_reject)
                seq, inputs = seq + 1, []
        if inputs:
            yield self._plan(seq, inputs, on_reject)

    def committed(self, seq: int) -> None:
        """Forgets the documents of batch `seq`: the store now answers for them."""
        with self.lock:
            for doc_id in [d for d, (_, _, s, _) in self.in_flight.items() if s == seq]:
                del self.in_flight[doc_id]

    def _plan(self, seq: int, inputs: list[Document | Reject], on_reject: Callable[[Reject], None]) -> Batch:
        batch = Batch(seq, size=len(inputs))
        docs = [item for item in inputs if isinstance(item, Document)]
        problems = {id(doc): unicode_problem(doc) for doc in docs}
        # In flight first, then the store: a batch committed in between is then known to one of them.
        with self.lock:
            in_flight = dict(self.in_flight)
        stored = self._stored([doc.id for doc in docs if problems[id(doc)] is None])
        for item in inputs:
            if isinstance(item, Reject):
                batch.rejects.append(item)
                continue
            problem = problems[id(item)]
            fingerprint = (schema.text_hash(item.text), item.date) if problem is None else None
            known = in_flight.get(item.id) or stored.get(item.id)
            if known is not None and known[:2] == fingerprint:
                batch.unchanged += 1
                self.seen.add(_digest(item.id))
                continue
            if problem is None and known is not None and _digest(item.id) in self.seen:
                problem = (f"id {item.id!r} came before in this run with another text or date, at {known[-1]}; "
                           f"the first is kept: give this document an id of its own")
            if problem is not None:
                file, line = origin(item)
                reject = Reject(display_name(file), line, problem, excerpt(item.text).encode("utf-8", "replace").decode())
                batch.rejects.append(reject)
                on_reject(reject)
                continue
            self.seen.add(_digest(item.id))
            batch.to_code.append(item)
            batch.replacing.append(known is not None)
            in_flight[item.id] = (*fingerprint, seq, item.origin or item.id)
            with self.lock:
                self.in_flight[item.id] = in_flight[item.id]
        return batch

    def _stored(self, doc_ids: list[str]) -> dict[str, tuple[str, str | None, str]]:
        """Gives the stored text hash, date and origin of those of `doc_ids` the store holds."""
        if not doc_ids:
            return {}
        rows = self.store().execute(
            "SELECT doc_id, text_hash, date, coalesce(origin, doc_id) FROM documents "
            "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids]).fetchall()
        return {doc_id: (hashed, None if date is None else date.isoformat(), where)
                for doc_id, hashed, date, where in rows}


def _digest(doc_id: str) -> int:
    """Gives a 64-bit digest of an id (the same in every run, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
