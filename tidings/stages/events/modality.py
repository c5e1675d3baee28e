"""Modality: what the words governing a trigger say of its act, and the code that makes of it.

Walking up from the trigger through the clauses that govern it: a future auxiliary or an intent
head ("will", "pledged to") makes a pledge; a refusal head ("declined to") a rejection; a threat
head a threat; "did not" denies it; a condition ("unless ..."), an appeal ("urged X to ..."), a
claim ("alleged that ...") or "must" leave it not (yet) done. The cue words are data/cues.yaml's,
the re-codes data/recodes.yaml's.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.lexicon.grammar import Cues, Recodes
from tidings.stages.events.candidate import Candidate
from tidings.stages.events.syntax import has_subject

# how far up the governing clauses modality looks
MAX_STEPS = 5


@dataclass
class Modality:
    intent: bool = False
    negated: bool = False
    refused: bool = False
    threatened: bool = False
    decided: bool = False      # "decided to recall its envoy": a decision taken, not a threat
    pledged: bool = False      # the intent is in words ("pledged to", "a vow to"), not a future auxiliary only
    suppressed: bool = False   # not (yet) done: no event


def modality(verb: Token, cues: Cues) -> Modality:
    """Gives what the words governing a trigger say of it: pledged, refused, threatened, denied."""
    mood = Modality(suppressed=_not_done_here(verb, cues))
    conditioned = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.threat_conditions
                                                 for m in c.children) for c in verb.children)
    current, via_xcomp = verb, False
    for step in range(MAX_STEPS):
        auxes = [c.lower_ for c in current.children if c.dep_ == "aux"]
        if any(a in cues.future_aux for a in auxes) and not any(a in cues.perfect_aux for a in auxes):
            mood.intent = True   # "will send"; not "may have sent", which reports a past act
        if any(a in cues.counterfactual_aux for a in auxes) and any(a in cues.perfect_aux for a in auxes):
            mood.suppressed = True   # "would have signed the deal": it did not happen
        if any(child.dep_ == "neg" for child in current.children):
            mood.negated = True
        if _claimed(current, cues):
            mood.suppressed = True   # "alleged that Peru armed them and that its army trained them"
        if step > 0:
            _governor(current.lemma_.lower(), via_xcomp, mood, cues)
            if any(c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in current.children):
                mood.suppressed = True   # "if Peru wants to annex it": inside a condition, not done
        else:
            _own_clause(current, conditioned, mood, cues)
        # "urged Peru to leave and pay": a verb coordinated inside a complement is in it too; one
        # coordinated with the appeal itself ("called in the envoy and lodged a protest") is not
        via_xcomp = current.dep_ in {"xcomp", "pcomp"} or (current.dep_ == "conj" and not has_subject(current)
                                                           and via_xcomp)
        if infinitive_clause(current) and (current.head.lemma_.lower() in cues.appeal_heads
                                           or _not_done(current.head, cues)):
            # "was pressed by Lima to quit", "did not send troops to fight": asked for, or meant
            # by an act that did not happen; either way not done
            mood.suppressed = True
        if current.dep_ == "acl" and current.head.lemma_.lower() in cues.intent_nouns:
            # "reached a deal to swap prisoners", "a vow to rebuild": agreed to, not yet done
            mood.intent = mood.pledged = True
            current = current.head
            continue
        if _climbs(current, step):
            current = current.head
            continue
        break
    return mood


def noun_modality(governor: Token | None, cues: Cues) -> Modality:
    """Gives what governs an event noun: its verb's modality, and the verb itself when it promises the
    noun's act ("agreed on a truce")."""
    if governor is None:
        return Modality()
    mood = modality(governor, cues)
    lemma = governor.lemma_.lower()
    if lemma in cues.intent_heads and lemma not in cues.light_verbs:   # "undertook a mission" did it
        mood.intent = True
    return mood


def _not_done_here(verb: Token, cues: Cues) -> bool:
    """Gives True for a trigger whose own words leave its act undone: a condition, or a charge."""
    if any(c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in verb.children):
        return True   # "unless Lima pays", "if the rebels disarm": not (yet) done
    if _alleged(verb, cues):
        return True   # "held for her alleged role in the kidnapping": a claim, not a reported act
    head = verb.head
    # "jailed for spying": the charge, not a reported act
    return verb.dep_ in {"pcomp", "pobj"} and head.dep_ == "prep" and head.lower_ in cues.allegation_preps \
        and head.head.lemma_.lower() in cues.allegation_heads


def _alleged(verb: Token, cues: Cues) -> bool:
    """Gives whether an act is only alleged: the trigger, or the phrase it lies in ("his alleged role
    in the raid"), is marked "alleged"."""
    current = verb
    for _ in range(4):
        if any(c.dep_ in {"amod", "advmod"} and c.lower_ in cues.allegation_marks for c in current.children):
            return True
        if current.dep_ not in {"pcomp", "pobj", "prep"} or current.head == current:
            return False
        current = current.head
    return False


def _claimed(clause: Token, cues: Cues) -> bool:
    """Gives whether a clause is what a claim says ("alleged that ..."), a clause coordinated inside
    it included: one with its own "that", or one sharing its subject."""
    while clause.dep_ == "conj" and clause.head != clause and (
            not has_subject(clause) or any(c.dep_ == "mark" for c in clause.children)):
        clause = clause.head
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in cues.allege_heads


def _governor(lemma: str, via_xcomp: bool, mood: Modality, cues: Cues) -> None:
    """Notes what a governing word says of the act below it."""
    if lemma in cues.intent_heads:
        mood.intent = mood.pledged = True
        mood.decided = mood.decided or lemma in cues.decision_heads
    elif lemma in cues.refuse_heads:
        mood.refused = True
    elif lemma in cues.threat_heads:
        mood.threatened = True
    elif lemma in cues.fail_heads:
        mood.refused = True   # "failed to agree": the cooperation was not given
    elif lemma in cues.appeal_heads and via_xcomp:
        mood.suppressed = True
    elif lemma in cues.denial_heads:
        mood.suppressed = True   # "denied arming the rebels": no arming reported


def _own_clause(clause: Token, conditioned: bool, mood: Modality, cues: Cues) -> None:
    """Notes what the trigger's own clause says: claimed, asked for, must, or promised on a condition."""
    head = clause.head.lemma_.lower()
    if clause.dep_ == "ccomp" and head in cues.allege_heads:
        mood.suppressed = True   # "alleged that the army shelled a school": the claim is the event
    if clause.dep_ == "ccomp" and (head in cues.demand_heads or (
            head in cues.wish_heads and any(c.lower_ == "to" and c.dep_ == "aux" for c in clause.children))):
        mood.suppressed = True   # "insisted that Laos withdraw its claim": asked for, not done
    if any(c.dep_ == "aux" and c.lower_ in cues.must_aux for c in clause.children):
        mood.suppressed = True   # "Y must V" has not happened
    if conditioned and mood.intent:
        mood.threatened = True   # "will pull out unless ...": a pledge on a condition is a threat


def _climbs(current: Token, step: int) -> bool:
    """Gives whether modality looks further up from `current`: through complements, and after the
    first step through objects too; through coordinated verbs that share the subject."""
    if current.dep_ in {"xcomp", "pcomp", "prep", "acomp"}:
        return True
    if infinitive_clause(current):
        return True   # "will meet in Lima to discuss trade": the aim of a meeting still to come is still to come
    if step > 0 and current.dep_ in {"dobj", "pobj"}:
        return True
    return current.dep_ == "conj" and not has_subject(current)


def _not_done(verb: Token, cues: Cues) -> bool:
    """Gives whether a verb's act is denied or refused: "did not send", "refused to send"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head.lemma_.lower()
    return verb.dep_ == "xcomp" and (head in cues.refuse_heads or head in cues.denial_heads)


def infinitive_clause(verb: Token) -> bool:
    """Gives whether a verb heads a "to" clause with no subject of its own that the parser hung on a
    verb as an adverbial ("was pressed by Lima to quit", "sent troops to help Peru")."""
    return verb.dep_ == "advcl" and verb.head.pos_ in {"VERB", "AUX"} and not has_subject(verb) \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and not any(c.dep_ == "mark" for c in verb.children)


def apply_modality(cand: Candidate, mood: Modality, recodes: Recodes) -> Candidate:
    """Gives the candidate as the governing words make it: a pledge, a refusal, a threat, denied."""
    root = cand.cameo[:2]
    if cand.pattern.before:
        return cand   # PETRARCH's "SAID MIGHT NOT *": the words around the verb are the pattern's, its code theirs
    if cand.pattern.as_written and mood.intent and not (mood.pledged or mood.negated or mood.refused
                                                        or mood.threatened):
        cand.intent = True   # PETRARCH codes "will contribute" as "contribute": the user's dictionary decides
        return cand
    if mood.refused and not mood.negated:
        cand.cameo = recodes.recode("refuse", cand.cameo)
        cand.evidence.add("refused")
        return cand
    if mood.decided and not mood.threatened and root in recodes.roots["future_conflict"]:
        cand.negated = mood.negated   # "decided to expel the envoy": the act, as decided
        return cand
    if mood.threatened or (mood.intent and not mood.negated and root in recodes.roots["future_conflict"]):
        cand.cameo = recodes.recode("threat", cand.cameo)
        cand.intent = True
        cand.evidence.add("threat")
        return cand
    if (mood.intent or cand.pattern.intent) and mood.negated and root in recodes.roots["refusable"]:
        # "would not give support", "will not meet": a refusal, as CAMEO codes it
        cand.cameo = recodes.recode("refuse", cand.cameo)
        cand.evidence.add("refused")
        return cand
    if mood.intent or cand.pattern.intent:
        cand.intent = True
        cand.cameo = recodes.recode("intent", cand.cameo) or cand.cameo
    cand.negated = mood.negated
    return cand
