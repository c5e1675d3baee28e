"""One event per happening: drops the candidates that only mention or repeat another of the sentence."""
from __future__ import annotations

from spacy.tokens import Token

from tidings.lexicon.patterns import PatternBook
from tidings.stages.events.candidate import Candidate


def drop_mentions(found: list[Candidate], book: PatternBook) -> list[Candidate]:
    """Gives the candidates that report an act of their own.

    A verbal act's noun that is an argument of another trigger is a mention of it ("rejected the
    charges"). An attitude's object is no act of its own ("voiced thanks for the aid"). A trigger
    inside another's clause with the same doer and kind is the same happening told twice ("shelled
    the town, killing two", "met X to discuss Y"), unless it alone names a country as target.
    """
    triggers = {c.trigger.i for c in found}
    verbal = book.recodes.roots["verbal"]
    kept = []
    for cand in found:
        t = cand.trigger
        governor = t.head if t.dep_ != "pobj" else t.head.head
        # "following condemnation by Peru, Chile called ...": a happening before or around the act,
        # not the act's own object
        sequence = t.dep_ == "pobj" and t.head.lower_ in book.cues.sequence_preps
        if "noun" in cand.evidence and cand.cameo[:2] in verbal and governor.i in triggers and governor.i != t.i \
                and not sequence:
            continue
        if "noun" in cand.evidence and (_attitude_toward(t, book) or _charged_with(t, book)
                                       or _what_an_act_was(t, book)):
            continue
        if _repeats(cand, found):
            continue
        kept.append(cand)
    return kept


def _attitude_toward(noun: Token, book: PatternBook) -> bool:
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in book.cues.attitude_preps \
        and head.head.lemma_.lower() in book.cues.attitude_words


def _charged_with(noun: Token, book: PatternBook) -> bool:
    """ "blamed Lima for the raid", "arrested for the attack": the noun names the charge, told as the
    accusation or the arrest, not an act the sentence reports."""
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in book.cues.allegation_preps \
        and head.head.lemma_.lower() in book.cues.allegation_heads


def _what_an_act_was(noun: Token, book: PatternBook) -> bool:
    """ "recalled the envoy as a protest", "cut aid as a reprisal": the noun says what the verb's act
    was, and is no second act."""
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in book.cues.manner_preps \
        and head.head.pos_ in {"VERB", "AUX"}


def _repeats(cand: Candidate, found: list[Candidate]) -> bool:
    codes = {r.actor.code for r in cand.sources}
    kind = cand.cameo[:2]
    has_target = any(r.actor.code for r in cand.targets)
    for other in found:
        if other is cand or other.cameo[:2] != kind or {r.actor.code for r in other.sources} != codes:
            continue
        if cand.trigger in other.trigger.subtree and cand.trigger != other.trigger:
            if has_target and not any(r.actor.code for r in other.targets):
                continue
            return True
    return False
