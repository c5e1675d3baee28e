"""Tidings: who did what to whom, when and where, coded from dated news reports."""
from tidings.coder import code_documents, code_text
from tidings.documents import Document, Reject
from tidings.record import Actor, Event, Location, Span

__version__ = "0.1.0"
__all__ = ["code_text", "code_documents", "Document", "Reject", "Event", "Actor", "Location", "Span", "Store", "code_frame"]


def __getattr__(name: str):
    # the store pulls in DuckDB and pandas: loaded when first asked for, not with every `import tidings`
    if name in ("Store", "code_frame"):
        from tidings import api

        return getattr(api, name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
