"""Input documents: what `tidings code` reads, and what it refuses (with the reason)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    """One dated text to code. `origin` names where it came from, for messages ("a.jsonl:12")."""

    id: str
    text: str
    date: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""


@dataclass
class Reject:
    """An input that could not be read as a document: where it is, why, and a bit of it."""

    file: str
    line: int | None
    reason: str
    excerpt: str = ""

    def message(self) -> str:
        """Gives the one-line message for stderr: `FILE:LINE: reason`."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"
