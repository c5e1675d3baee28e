"""The coder: runs the pipeline stages over documents and gives event records."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from tidings.documents import Document
from tidings.record import Event


def code_text(text: str, date: str | None = None, doc_id: str = "text") -> list[Event]:
    """Gives the events of one text dated `date` (YYYY-MM-DD or None)."""
    raise NotImplementedError  # being written


def code_documents(docs: Iterable[Document]) -> Iterator[Event]:
    """Gives the events of each document in turn, streaming, in input order."""
    raise NotImplementedError  # being written
