"""Pledged acts the event patterns do not name: "Norway will give Kenya two patrol boats".

A verb of the table (data/pledges.yaml `acts`) that is promised, not done: in the future (its own
"will"/"would"), or the complement of a commitment ("agreed to revive talks", "is to hold"), whose
object (when the table names some) is one of its objects, becomes a pledge of the table's code when
no event of the sentence stands on it and the sentence names its doer (its subject, or the subject
of the commitment it completes; when its subject is a thing, "they expect trade to reach $N", the
subject of the carrier word) and its recipient (its indirect object, or the object of "to",
"with", "for", "into" or "in"). Actors are resolved by the document's resolver, as the events' are. A doer that is
a pair ("the two sides") with no recipient named pledges to itself both ways. When the subject is
the thing handed over ("the vaccines will go to X", `transfer_nouns`), or the act is passive, the
giver is an actor inside the subject ("the doses Oslo is paying for"), else the speaker
("..., the minister said"), and the recipients may hang on the subject ("supplies for X").
"""
from __future__ import annotations

import dataclasses
import datetime

from spacy.tokens import Span, Token

from tidings.ontology import cameo
from tidings.pledge_table import PledgeTable
from tidings.record import Event, SentenceSpan, Span as TextSpan
from tidings.stages.actors import Resolved
from tidings.stages.when_where import event_date

RECIPIENT_PREPS = {"to", "with", "for", "into", "in"}
CONFIDENCE = 0.45   # a pledge found outside the patterns: believed less than a pattern's


def pledged_acts(events: list[Event], sent: Span, offset: int, index: int, doc, day: datetime.date | None,
                 table: PledgeTable, resolve, home: str | None = None) -> list[Event]:
    """Gives pledge events for the table's promised acts of the sentence that no event stands on."""
    taken = {e.trigger.start - offset for e in events if e.trigger is not None}
    made: list[Event] = []
    for token in sent:
        act = table.acts.get(token.lemma_.lower())
        if act is None or token.pos_ not in ({"VERB", "AUX"} if act.get("particle") else {"VERB"}):
            continue
        if token.idx in taken or not _promised(token, table):
            continue
        particle = next((c for c in token.children if c.lower_ == act.get("particle")), None) if act.get("particle") else None
        if act.get("particle") and particle is None:
            continue
        if act.get("objects") and not any(c.dep_ in {"dobj", "nsubjpass"} and c.lower_ in act["objects"] for c in token.children):
            continue
        subject = _subject(token)
        handed = subject is not None and subject.lower_ in table.transfer_nouns
        if act.get("transfer") and not handed:
            continue
        doers = _givers(token, subject, resolve, table, home) if handed or (subject is not None and subject.dep_ == "nsubjpass") \
            else _actors(subject, resolve) or _expecters(token, subject, resolve)
        if particle is not None:
            recipients = _recipients(particle, resolve, {"of", "from"})
        elif act.get("place"):
            recipients = _actors(next((c for c in token.children if c.dep_ == "dobj"), None), resolve)
        else:
            recipients = _recipients(token, resolve) or (_recipients(subject, resolve) if handed else [])
        for source, target in _dyads(doers, recipients):
            made.append(act_event(doc, sent, offset, index, token, source, target, act["code"], day))
    return made


def _promised(token: Token, table: PledgeTable) -> bool:
    """Gives whether the act is promised: its own future auxiliary, or the "to" complement of a
    commitment or carrier word ("agreed to", "is to", "ready to")."""
    if any(c.dep_ == "aux" and c.lower_ in table.future for c in token.children):
        return True
    if token.dep_ in {"xcomp", "ccomp"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        head = token.head.lemma_.lower()
        return head in table.commissives or head in table.carriers
    if token.dep_ == "conj" and token.head is not token:
        return _promised(token.head, table)   # "will free the sailors and lift the ban"
    return False


def _subject(token: Token) -> Token | None:
    for _ in range(4):
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if token.head is token or token.dep_ not in {"xcomp", "ccomp", "conj", "acomp"}:
            return None
        token = token.head
    return None


def _expecters(token: Token, subject: Token | None, resolve) -> list[Resolved]:
    """Gives who set a target for a thing ("they expect trade to reach $N"): when the act's subject is
    no actor, the actors who are the subject of the carrier word it completes."""
    if subject is None or subject.head.i != token.i or token.dep_ not in {"xcomp", "ccomp"}:
        return []
    return _actors(next((c for c in token.head.children if c.dep_ == "nsubj"), None), resolve)


def _actors(head: Token | None, resolve) -> list[Resolved]:
    return [r for r in resolve(head) if r.actor.code] if head is not None else []


def _givers(token: Token, subject: Token, resolve, table: PledgeTable, home: str | None) -> list[Resolved]:
    """Gives who hands over a thing that is the act's subject: an actor inside it, else the speaker."""
    for child in subject.children:
        if child.dep_ == "poss":
            if found := _actors(child, resolve):
                return found
        if child.dep_ == "relcl":
            doer = next((g for g in child.children if g.dep_ == "nsubj"), None)
            if found := _actors(doer, resolve):
                return found
    return speaker_of(token, resolve, table, home)


def speaker_of(token: Token, resolve, table: PledgeTable, home: str | None) -> list[Resolved]:
    """Gives the actor who tells of the act at `token` ("..., the minister said": the act is the
    speech verb's complement), nothing when no speech verb governs it."""
    head = token
    for _ in range(3):
        if head.head is head:
            break
        head = head.head
        if head.lemma_.lower() in table.speech:
            speaker = next((g for g in head.children if g.dep_ == "nsubj"), None)
            return _actors(speaker, resolve) or _at_home(speaker, resolve, home)
    return []


def _at_home(speaker: Token | None, resolve, home: str | None) -> list[Resolved]:
    """Gives an official of no country named ("the minister") as one of the country the document is
    mostly about, as the coder places such officials; nothing when there is no such country."""
    if speaker is None or home is None:
        return []
    found = [r for r in resolve(speaker) if r.actor.sector or r.person]
    return [Resolved(dataclasses.replace(r.actor, code=home), "home", r.person) for r in found[:1]]


def _recipients(token: Token, resolve, preps: set[str] = RECIPIENT_PREPS) -> list[Resolved]:
    for child in token.children:
        if child.dep_ == "dative":   # "hand Ukraine tanks"; or a "to" the parse calls one ("send tanks to Ukraine")
            heads = [g for g in child.children if g.dep_ == "pobj"] if child.pos_ == "ADP" else [child]
            return [r for h in heads for r in resolve(h) if r.actor.code]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found = [r for r in resolve(grand) if r.actor.code]
                    # "open its market to Chilean fruit": the goods' country is the recipient
                    return found or [r for m in grand.children if m.dep_ == "amod"
                                     for r in resolve(m) if r.actor.code]
    return []


def _dyads(doers: list[Resolved], recipients: list[Resolved]) -> list[tuple[Resolved, Resolved]]:
    if recipients:
        return [(d, r) for d in doers for r in recipients if d.actor.code != r.actor.code]
    if len(doers) == 2 and doers[0].actor.code != doers[1].actor.code:
        return [(doers[0], doers[1]), (doers[1], doers[0])]   # "the two sides will hold a summit"
    return []


def act_event(doc, sent: Span, offset: int, index: int, token: Token, source: Resolved, target: Resolved,
              code_text: str, day: datetime.date | None, intent: bool = True) -> Event:
    """Gives the event record of an act the patterns did not code, triggered at `token`: promised
    (`intent`) or done."""
    from tidings.days import event_day
    from tidings.stages.records import event_id   # the record's id rule: one home

    code = cameo(code_text)
    when = event_date(token, sent, day)
    event = Event(id="", doc_id=doc.id, doc_date=doc.date,
                  date=event_day(when.date.isoformat() if when else None, doc.date),
                  date_precision=when.precision if when else ("day" if doc.date else None),
                  sentence=SentenceSpan(start=offset + sent.start_char, end=offset + sent.end_char, text=sent.text,
                                        index=index),
                  trigger=TextSpan(offset + token.idx, offset + token.idx + len(token.text), token.text),
                  event=code.plover, mode=code.mode, cameo=code.code, quad=code.quad, goldstein=code.goldstein,
                  source=source.actor, target=target.actor, intent=intent, confidence=CONFIDENCE)
    event.id = event_id(event)
    return event
