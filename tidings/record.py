"""The event record of shared/schema/event.md, as typed Python objects."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Characters `start`..`end` of the document text, and the text they hold."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SentenceSpan(Span):
    index: int = 0


@dataclass(frozen=True)
class Actor:
    """Who acts or is acted upon: the mention as written and what it resolves to."""

    text: str
    name: str | None = None
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Location:
    text: str
    code: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Event:
    """One coded event: who did what to whom, when and where, traced to its sentence."""

    id: str
    doc_id: str
    doc_date: str | None
    date: str | None
    date_precision: str | None
    sentence: SentenceSpan
    trigger: Span | None
    event: str
    mode: str | None
    cameo: str
    quad: int
    goldstein: float
    source: Actor
    target: Actor | None
    location: Location | None = None
    intent: bool = False
    negated: bool = False
    confidence: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Gives the record as the JSON object of the schema, fields in schema order."""
        s = self.sentence
        out: dict[str, Any] = {
            "id": self.id,
            "doc_id": self.doc_id,
            "doc_date": self.doc_date,
            "date": self.date,
            "date_precision": self.date_precision,
            "sentence": {"index": s.index, "start": s.start, "end": s.end, "text": s.text},
            "trigger": None if self.trigger is None else asdict(self.trigger),
            "event": self.event,
            "mode": self.mode,
            "cameo": self.cameo,
            "quad": self.quad,
            "goldstein": self.goldstein,
            "source": asdict(self.source),
            "target": None if self.target is None else asdict(self.target),
            "location": None if self.location is None else asdict(self.location),
            "intent": self.intent,
            "negated": self.negated,
            "confidence": round(self.confidence, 3),
        }
        out.update(self.extra)
        return out
