"""Planning: inputs read into batches, and which of their documents need coding at all.

A document whose id the store holds with the same text and date is "unchanged" and never reaches
the coder, so a re-run codes nothing it has coded before. Documents planned in batches not yet
committed count as known too: an id twice in a run is coded once.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import duckdb

from tidings.documents import Document, Reject
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
        self.in_flight: dict[str, tuple[str, str | None, int]] = {}
        self.lock = threading.Lock()

    def batches(self, items: Iterable[Document | Reject], batch_size: int,
                on_reject: Callable[[Reject], None]) -> Iterator[Batch]:
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

    def _plan(self, seq: int, inputs: list[Document | Reject]) -> Batch:
        batch = Batch(seq, size=len(inputs))
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
        rows = self.store().execute(
            "SELECT doc_id, text_hash, date FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [doc_ids]).fetchall()
        return {doc_id: (hashed, None if date is None else date.isoformat()) for doc_id, hashed, date in rows}
