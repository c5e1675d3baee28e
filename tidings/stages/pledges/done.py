"""Done acts the event patterns do not name: a handing-over told from the receiving end or the road.

A pledge is kept by an act that is reported done, and reports of a delivery often name neither a
giving verb nor its giver as subject: the receiver "has taken delivery of X from Y", "received X
from Y"; or the goods are on their way, "ships sailed from Y's ports bound for Z". For the table's
words (data/pledges.yaml `done`), a verb in a past tense (no future or modal auxiliary, not
negated, not the complement of a commitment) becomes an aid event of the table's code between the
giver and the receiver it names:
- a receipt verb (`receipts`, with the objects it needs, if any) gives its subject as the receiver
  and the object of its "from" as the giver;
- a voyage verb (`voyages`) whose subject is a carrier or a thing handed over (`carriers`,
  `transfer_nouns`) and that is "bound for" a place gives that place as the receiver, and as the
  giver an actor of its "from" ("from Russian ports"), else the speaker ("..., the minister said").
Actors are resolved by the document's resolver, as the events' are.
"""
from __future__ import annotations

import datetime

from spacy.tokens import Span, Token

from tidings.pledge_table import PledgeTable
from tidings.record import Event
from tidings.stages.actors import Resolved
from tidings.stages.pledges.acts import act_event, speaker_of

PAST = {"VBD", "VBN"}
NOT_DONE = {"will", "would", "shall", "should", "could", "can", "may", "might", "must", "to", "'ll"}


def done_acts(events: list[Event], sent: Span, offset: int, index: int, doc, day: datetime.date | None,
              table: PledgeTable, resolve, home: str | None = None) -> list[Event]:
    """Gives aid events for the table's done receipts and voyages of the sentence that no event stands on."""
    done = table.done or {}
    if not done:
        return []
    taken = {e.trigger.start - offset for e in events if e.trigger is not None}
    made: list[Event] = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or token.idx in taken or not _done(token):
            continue
        if lemma in done["receipts"]:
            pairs = _receipt(token, done["receipts"][lemma], resolve)
        elif lemma in done["voyages"]:
            pairs = _voyage(token, table, resolve, home)
        else:
            continue
        for giver, receiver in pairs:
            made.append(act_event(doc, sent, offset, index, token, giver, receiver, done["code"], day, intent=False))
    return made


def _done(token: Token) -> bool:
    """Gives whether the verb tells an act done: a past tense ("agreed to take delivery" is not one),
    no modal or future auxiliary, no negation."""
    if token.tag_ not in PAST:
        return False
    return not any(c.dep_ in {"aux", "auxpass", "neg"} and c.lower_ in NOT_DONE | {"not", "n't", "never"}
                   for c in token.children)


def _receipt(token: Token, objects: frozenset[str], resolve) -> list[tuple[Resolved, Resolved]]:
    """Gives (giver, receiver) of "Y's health ministry took delivery of X from Z": the subject receives from Z."""
    if objects and not any(c.dep_ == "dobj" and c.lower_ in objects for c in token.children):
        return []
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    receivers = _actors(subject, resolve)
    # "from Z" hangs on the verb or, as often, on the goods ("delivery of tanks from Z")
    objects_words = [w for c in token.children if c.dep_ == "dobj" for w in c.subtree]
    froms = [c for c in [*token.children, *objects_words] if c.dep_ == "prep" and c.lower_ == "from"]
    givers = [r for c in froms for g in c.children if g.dep_ == "pobj" for r in _actors(g, resolve)]
    return _pairs(givers, receivers)


def _voyage(token: Token, table: PledgeTable, resolve, home: str | None) -> list[tuple[Resolved, Resolved]]:
    """Gives (giver, receiver) of "ships sailed from Y's ports bound for Z, W"."""
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in (table.done or {}).get("carriers", frozenset()) | table.transfer_nouns:
        return []
    receivers: list[Resolved] = []
    givers: list[Resolved] = []
    for word in token.subtree:
        if word.lemma_.lower() == "bind" and word.tag_ == "VBN":
            receivers += [r for c in word.children if c.dep_ == "prep" and c.lower_ == "for"
                          for g in c.children if g.dep_ == "pobj"
                          for n in [g, *_conjuncts(g)] for r in _actors(n, resolve)]
        if word.dep_ == "prep" and word.lower_ == "from" and word.head.i == token.i:
            for g in word.children:
                if g.dep_ == "pobj":
                    givers += _actors(g, resolve) or [r for m in g.children if m.dep_ in {"amod", "poss", "compound"}
                                                      for r in _actors(m, resolve)]
    return _pairs(givers or speaker_of(token, resolve, table, home), receivers)


def _conjuncts(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out += [child, *_conjuncts(child)]
    return out


def _actors(head: Token | None, resolve) -> list[Resolved]:
    return [r for r in resolve(head) if r.actor.code] if head is not None else []


def _pairs(givers: list[Resolved], receivers: list[Resolved]) -> list[tuple[Resolved, Resolved]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for g in givers[:1]:   # one giver: the first actor named where the goods come from
        for r in receivers:
            if g.actor.code != r.actor.code and (g.actor.code, r.actor.code) not in seen:
                seen.add((g.actor.code, r.actor.code))
                out.append((g, r))
    return out
