"""Pledges the event patterns leave unsaid: "X backs Y and has decided to build Z".

A verb of commitment (data/pledges.yaml `commissives`) with a verbal complement states a pledge
whether or not the act it names has a pattern. When neither it nor its complement's words hold an
event of the sentence (an act with a pattern is the coder's to code: "decided to expel" is the
expulsion), and it shares its doer with an event of the sentence (the two are coordinated: "X
backs Y and has decided to build Z"), it becomes a pledge of that event's dyad: the same actors,
date and place, the commitment verb as its trigger, CAMEO `code`.
"""
from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from tidings.ontology import cameo
from tidings.pledge_table import PledgeTable
from tidings.record import Event, Span as TextSpan


def commissive_events(events: list[Event], sent: Span, offset: int, table: PledgeTable) -> list[Event]:
    """Gives new pledge events for the sentence's commitment verbs that no pledge event stands on."""
    triggers = {e.trigger.start - offset: e for e in events if e.trigger is not None}
    made = []
    for token in sent:
        if token.lemma_.lower() not in table.commissives or token.pos_ != "VERB":
            continue
        acts = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}]
        if not acts or token.idx in triggers:
            continue
        if any(t.idx in triggers for act in acts for t in _own_words(act)):
            continue   # the act has an event of its own: the coder said what it is ("decided to expel")
        host = _host(token, triggers)
        if host is not None:
            made.append(_pledge_event(host, token, offset, table))
    return made


def _own_words(act: Token) -> list[Token]:
    """Gives an act's words without the acts coordinated with it ("speed up X, and promised Y")."""
    words = [act]
    for child in act.children:
        if child.dep_ not in {"conj", "cc"}:
            words.extend(child.subtree)
    return words


def _host(token: Token, triggers: dict[int, Event]) -> Event | None:
    """Gives the event whose doer the commitment shares, None when none does."""
    near = [token.head] if token.dep_ == "conj" else []
    near += [c for c in token.children if c.dep_ == "conj"]
    for word in near:
        if word.idx in triggers and triggers[word.idx].target is not None:
            return triggers[word.idx]
    return None


def _pledge_event(host: Event, token: Token, offset: int, table: PledgeTable) -> Event:
    from tidings.stages.records import event_id   # the record's id rule: one home

    code = cameo(table.commissive_code)
    event = dataclasses.replace(host, id="", trigger=TextSpan(offset + token.idx, offset + token.idx + len(token.text), token.text),
                                event=code.plover, mode=code.mode, cameo=code.code, quad=code.quad,
                                goldstein=code.goldstein, intent=True, negated=False, pledge=None,
                                extra=dict(host.extra))
    event.id = event_id(event)
    return event
