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


@dataclass(frozen=True)
class Amount:
    """How much a pledge promises: the words, and where the text allows, a value in a unit ("USD", "tanks")."""

    text: str
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Due:
    """A deadline the text states ("by 2030", "within 30 days"), resolved like an event date."""

    text: str
    date: str | None = None
    precision: str | None = None


@dataclass
class Pledge:
    """What a pledge event promises (CAMEO 03x): the act in the text's words, how much, by when, and
    the CAMEO roots of the later acts that would fulfil it (data/pledges.yaml)."""

    what: str
    acts: list[str] = field(default_factory=list)
    amount: Amount | None = None
    due: Due | None = None
    fulfilled_by: list[str] = field(default_factory=list)
    terms: dict[str, str] = field(default_factory=dict)   # tidings/terms.py: what a follower must share

    def to_dict(self) -> dict[str, Any]:
        """Gives the pledge as the `pledge` object of an event record."""
        return {"what": self.what, "acts": list(self.acts),
                "amount": None if self.amount is None else asdict(self.amount),
                "due": None if self.due is None else asdict(self.due),
                "fulfilled_by": list(self.fulfilled_by), "terms": dict(self.terms)}


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
    event: str | None   # the PLOVER type; None for CAMEO 01 statements, which PLOVER has no type for
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
    pledge: Pledge | None = None   # filled for pledge events (CAMEO 03x) by the pledge stage

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
        if self.pledge is not None:
            out["pledge"] = self.pledge.to_dict()
        out.update(self.extra)
        return out
