"""Coding documents into event records, one bad document costing only itself, never its batch."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from tidings.documents import Document, Reject, origin

if TYPE_CHECKING:
    from tidings.coder import Coder

# What a coded batch comes back as: per document its records (None: the coder failed on it), and
# the rejects reporting those failures.
Coded = tuple[list[list[dict] | None], list[Reject]]


def code_batch(coder: Coder, docs: Sequence[Document], on_document: Callable[[], None] | None = None) -> Coded:
    """Gives the event records of each document (None where the coder failed) and the rejects
    reporting those failures, as `tidings code` words them. `on_document()` hears of each document
    as it is coded, once each."""
    told = 0

    def tell() -> None:
        nonlocal told
        told += 1
        if on_document is not None:
            on_document()

    coded: list[list[dict] | None] = []
    try:
        for _, events in coder.code_many(docs):
            coded.append([e.to_dict() for e in events])
            tell()
        return coded, []
    except Exception:  # noqa: BLE001 - one bad document must not cost the batch: find it alone
        pass
    records: list[list[dict] | None] = []
    rejects: list[Reject] = []
    for n, doc in enumerate(docs):
        try:
            records.append([e.to_dict() for e in coder.code(doc)])
        except Exception as e:  # noqa: BLE001
            records.append(None)
            rejects.append(internal_error(doc, e))
        if n >= told:
            tell()
    return records, rejects


def code_all(coder: Coder, items: Iterable[Document | Reject],
             on_reject: Callable[[Reject], None]) -> Iterator[tuple[Document, list[dict]]]:
    """Gives each readable document with its event records, in input order, streaming.

    Rejects, and documents the coder fails on, go to `on_reject` (the failure as
    `internal error: ...`) and the batch goes on. An error of `items` itself is raised once the
    documents read before it are given: it is no document's, and must not pass for the end of the input.
    """
    items = iter(items)
    failed: list[Exception] = []  # what reading `items` raised
    while True:
        pending: deque[Document] = deque()  # handed to the coder, not yet given back

        def feed() -> Iterator[Document]:
            while True:
                try:
                    item = next(items)
                except StopIteration:
                    return
                except Exception as e:  # noqa: BLE001 - raised below, after the coder has what was read
                    failed.append(e)
                    return
                if isinstance(item, Reject):
                    on_reject(item)
                    continue
                pending.append(item)
                yield item

        try:
            for _, events in coder.code_many(feed()):
                doc = pending.popleft()  # code_many keeps input order
                records = _records_or_reject(doc, lambda: events, on_reject)
                if records is not None:
                    yield doc, records
        except Exception:  # noqa: BLE001 - one bad document must not end the batch
            if not pending:
                raise  # not about any document: retrying would fail the same way
            # The batch in flight is lost: code its documents one by one to find the culprit,
            # then start batching again on the rest of the input.
            while pending:
                doc = pending.popleft()
                records = _records_or_reject(doc, lambda: coder.code(doc), on_reject)
                if records is not None:
                    yield doc, records
            continue
        if failed:
            raise failed[0]
        return


def _records_or_reject(doc: Document, events: Callable[[], list], on_reject: Callable[[Reject], None]) -> list[dict] | None:
    """Gives the records of `doc`'s events, or None after reporting why they could not be made."""
    try:
        return [event.to_dict() for event in events()]
    except Exception as e:  # noqa: BLE001
        on_reject(internal_error(doc, e))
        return None


def internal_error(doc: Document, error: BaseException) -> Reject:
    """Gives the Reject that reports a coder failure on `doc`, located where the document was read."""
    file, line = origin(doc)
    text = str(error).strip()
    detail = f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__
    return Reject(file, line, f"internal error: {detail}")
