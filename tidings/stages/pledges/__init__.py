"""Pledges: what each pledge event (CAMEO 03x) promises, how much, by when, and what would fulfil it.

Runs on a sentence's event records (after the records stage): for each pledge, its acts in the
text's words (what.py), its amount (amount.py), its deadline (due.py), the CAMEO roots that would
fulfil it (data/pledges.yaml, tidings/pledge_table.py), and its content terms (tidings/terms.py),
which the store matches against later events to link what became of it.
"""
from __future__ import annotations

import datetime

from spacy.tokens import Span, Token

from tidings.days import as_day
from tidings.pledge_table import PledgeTable, is_pledge
from tidings.stages.pledges.commissive import commissive_events
from tidings.record import Event, Pledge
from tidings.stages.pledges.acts import pledged_acts
from tidings.stages.pledges.amount import pledge_amount
from tidings.stages.pledges.done import done_acts
from tidings.stages.pledges.due import pledge_due
from tidings.stages.pledges.what import act_heads, act_tokens, words
from tidings.terms import content_terms, stem

# entity kinds left out of a pledge's terms: people and nationalities are its actors; a place is
# left out only when it names one of them ("Kazakhstan"), not when it is the act's ("in Budapest")
ACTOR_ENTITIES = {"NORP", "PERSON"}


def sentence_pledges(events: list[Event], sent: Span, offset: int, day: datetime.date | None,
                     table: PledgeTable, found=None) -> list[Event]:
    """Gives the sentence's events with their pledges filled, and the pledges no pattern stated added
    (commissive.py; and acts.py, with the done acts that may keep pledges (done.py), when `found` gives the sentence's index, its document, the
    resolver's `resolve` and the document's home country), in text order."""
    events = events + commissive_events(events, sent, offset, table)
    if found is not None:
        index, doc, resolve, home = found
        events = events + pledged_acts(events, sent, offset, index, doc, day, table, resolve, home)
        events = events + done_acts(events, sent, offset, index, doc, day, table, resolve, home)
    for event in events:
        event.pledge = pledge_of(event, sent, offset, day, table)
    return sorted(events, key=lambda e: e.trigger.start if e.trigger else -1)


def promises(event: Event, day: datetime.date | None, table: PledgeTable) -> bool:
    """Gives whether an event is a pledge: CAMEO root 03, or a cooperative act dated after the period of
    its report (planned: it has not happened yet)."""
    if is_pledge(event.cameo):
        return True
    if event.negated or event.target is None or not event.target.code or not event.cameo.startswith(table.planned_roots) or not event.date or day is None:
        return False
    start = {"year": day.replace(month=1, day=1), "month": day.replace(day=1)}.get(event.date_precision or "day", day)
    ahead = {"year": 366, "month": 31}.get(event.date_precision or "day", 0)
    return as_day(event.date) > start + datetime.timedelta(days=ahead - 1) if ahead else as_day(event.date) > day


def pledge_of(event: Event, sent: Span, offset: int, day: datetime.date | None, table: PledgeTable) -> Pledge | None:
    """Gives the pledge of an event record whose sentence is `sent` (its paragraph at `offset`), None
    when the event is no pledge or its trigger is not found in the sentence."""
    if not promises(event, day, table) or event.trigger is None:
        return None
    trigger = _token_at(sent, event.trigger.start - offset)
    if trigger is None:
        return None
    heads = act_heads(trigger, table) if is_pledge(event.cameo) else [trigger]   # a planned act: its own words
    acts = [_handed(head, table) + act_tokens(head, table) for head in heads
            if head.lemma_.lower() not in table.commissives or head is trigger]
    acts = [a for a in acts if a]
    if not acts:
        return None
    every = [t for act in acts for t in act]
    return Pledge(what="; ".join(words(a) for a in acts), acts=[words(a) for a in acts],
                  amount=pledge_amount(every, table), due=pledge_due(every, day, table),
                  fulfilled_by=list(table.fulfilling(event.cameo)), terms=_terms(every, heads, event, table))


def _handed(head: Token, table: PledgeTable) -> list[Token]:
    """Gives the words of the thing handed over when it is the act's subject ("the deliveries" will go
    to X): without them the act says only where it goes."""
    for child in head.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in table.transfer_nouns:
            return sorted([t for c in child.children if c.dep_ in {"amod", "compound", "nmod"} for t in c.subtree]
                          + [child], key=lambda t: t.i)
    return []


def _token_at(sent: Span, char: int) -> Token | None:
    for token in sent:
        if token.idx == char:
            return token
    return None


def _terms(tokens: list[Token], heads: list[Token], event: Event, table: PledgeTable) -> dict[str, str]:
    """Gives the pledge's terms: its words less its actors' names, its acts' verbs as kind `act`."""
    names = {stem(w) for a in (event.source, event.target) if a is not None
             for w in f"{a.text} {a.name or ''}".replace("-", " ").split()}
    kept = [t for t in tokens if t.ent_type_ not in ACTOR_ENTITIES and stem(t.text) not in names]
    terms = content_terms(words(kept), table.stop_words, table.families)
    families = table.families or {}
    objects = [c for h in heads for c in h.children if c.pos_ == "NOUN" and (c.dep_ in {"dobj", "nsubjpass"}
               or c.dep_ == "nsubj" and c.lower_ in table.transfer_nouns)]   # "the deliveries will go": what is handed
    for head in heads + objects:
        term = families.get(head.lower_) or stem(head.text)
        if head.pos_ in {"VERB", "NOUN"} and term in terms:
            terms[term] = "act"   # what is to be done, and to what, weighs most: "resume" "communication"
    return terms
