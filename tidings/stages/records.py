"""Records: the event records of a sentence's findings, and one record per happening in a document.

Each dyad of a finding becomes one `Event` with its CAMEO code, Goldstein value, quad, PLOVER type
and mode (tidings/ontology.py), its date (an undated event takes its article's day: tidings/days.py),
its sentence and trigger offsets, a confidence from how its actors were found, and a stable id.
CAMEO 01 (public statements: a claim of responsibility, a denial, condolences) has no PLOVER type:
its records carry `event` null, as CAMEO coders (PETRARCH, GDELT) record them; PLOVER and POLECAT
exports leave them out.
"""
from __future__ import annotations

import hashlib

from tidings.days import event_day
from tidings.ontology import cameo
from tidings.record import Event, SentenceSpan, Span as TextSpan
from tidings.stages.actors import Resolved
from tidings.stages.events import Candidate
from tidings.stages.work import Finding, SentenceWork

# how much an actor is believed by how it was found: a name most, a guess from the place least
HOW_CONFIDENCE = {"name": 1.0, "title": 0.9, "person": 0.95, "pronoun": 0.8, "pair": 0.8,
                  "text": 0.6, "phrase": 0.5, "unseen": 0.4, "location": 0.6, "home": 0.6}


def sentence_records(work: SentenceWork) -> None:
    """Fills the sentence's `events` from its findings."""
    for finding in work.findings:
        work.events.extend(_records(work, finding))


def _records(work: SentenceWork, finding: Finding) -> list[Event]:
    cand = finding.candidate
    code = cameo(cand.cameo)
    doc, sent, offset = work.document.document, work.sent, work.offset
    when = finding.when
    sentence = SentenceSpan(start=offset + sent.start_char, end=offset + sent.end_char, text=sent.text, index=work.index)
    trig = cand.trigger
    trigger = TextSpan(offset + trig.idx, offset + trig.idx + len(trig.text), trig.text)
    records = []
    for source, target in finding.dyads:
        event = Event(
            id="", doc_id=doc.id, doc_date=doc.date,
            date=event_day(when.date.isoformat() if when else None, doc.date),
            date_precision=when.precision if when else ("day" if doc.date else None),
            sentence=sentence, trigger=trigger,
            event=code.plover, mode=code.mode, cameo=code.code, quad=code.quad, goldstein=code.goldstein,
            source=source.actor, target=None if target is None else target.actor, location=finding.where,
            intent=cand.intent, negated=cand.negated, confidence=confidence(cand, source, target),
        )
        event.id = event_id(event)
        records.append(event)
    return records


def confidence(cand: Candidate, source: Resolved, target: Resolved | None) -> float:
    """Gives 0-1 belief from the evidence: pattern specificity, how each actor was resolved."""
    score = 0.55 + 0.1 * min(cand.pattern.specificity, 3)
    score *= HOW_CONFIDENCE.get(source.how, 0.6)
    score *= 0.7 if target is None else HOW_CONFIDENCE.get(target.how, 0.6)
    if "noun" in cand.evidence:
        score *= 0.9
    if "inside" in cand.evidence:
        score *= 0.85
    return max(0.05, min(0.99, score))


def event_id(event: Event) -> str:
    """Gives a stable id: the same document, sentence, trigger, dyad and code give the same id."""
    parts = [event.doc_id, str(event.sentence.start), str(event.trigger.start if event.trigger else -1),
             event.cameo, event.source.text, str(event.source.code),
             "" if event.target is None else f"{event.target.text}|{event.target.code}"]
    return "e_" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def deduplicate(events: list[Event]) -> list[Event]:
    """Keeps one event per sentence, dyad and type: the most confident, in text order."""
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.sentence.index, e.source.code or e.source.text,
               None if e.target is None else (e.target.code or e.target.text), e.event, e.negated)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    kept = set(id(e) for e in best.values())
    return [e for e in events if id(e) in kept]
