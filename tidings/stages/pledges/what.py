"""What a pledge promises, in the text's own words: the pledged acts and the words that state them.

A pledge's trigger often carries the act rather than names it ("pledged to open ...", "ready to work
with X on boosting ...", "agreed a ceasefire"): from the trigger the rule walks down to the act,
through a carrier's verbal complement, the gerund of one of its `on_preps`, or, with neither, its
direct object (carriers in data/pledges.yaml). Acts coordinated with it ("expand imports and create
new growth drivers") are acts of the same pledge. An act's words are its subtree without its
subject, auxiliaries, coordinated acts and side clauses, cut to `max_words`.
"""
from __future__ import annotations

from spacy.tokens import Token

from tidings.pledge_table import PledgeTable

COMPLEMENTS = {"xcomp", "ccomp"}
LEFT_OUT = {"nsubj", "nsubjpass", "csubj", "aux", "auxpass", "cc", "conj", "punct", "mark", "advcl",
            "parataxis", "appos", "preconj", "dep", "meta", "intj", "expl"}
VERBAL = {"VERB", "AUX"}


def act_heads(trigger: Token, table: PledgeTable) -> list[Token]:
    """Gives the heads of the acts a pledge triggered at `trigger` promises, in text order."""
    frame = _frame(trigger, table)
    chain = list(frame)
    head = trigger
    for _ in range(5):   # "said it is willing to continue to cooperate with X on V-ing": a few carriers deep
        step = _carried(head, table) if head.lemma_.lower() in table.carriers else None
        if step is None:
            break
        head = step
        chain.append(head)
    acts = [head]
    for token in chain:
        for child in token.children:
            if child not in chain and child.dep_ == "xcomp" and child.pos_ in VERBAL and token is not trigger:
                acts.append(child)   # "is willing to cooperate ... to build": the parse hangs the act on the frame
        acts.extend(c for c in _conjuncts(token) if c not in acts and c not in chain)
    for act in list(acts):
        acts.extend(c for c in _conjuncts(act) if c not in acts)
    if len(acts) > 1 and head.lemma_.lower() in table.carriers and head is trigger:
        acts.remove(head)   # "willing to cooperate with X ... to build Y": the act is building, not cooperating
    return sorted(set(acts), key=lambda t: t.i)


def _frame(trigger: Token, table: PledgeTable) -> list[Token]:
    """Gives the trigger and the carrier words above it that frame the pledge ("is willing to" cooperate)."""
    frame = [trigger]
    token = trigger
    while token.dep_ in {"xcomp", "acomp"} and token.head is not token and token.head.lemma_.lower() in table.carriers:
        token = token.head
        frame.append(token)
    return frame


def _carried(token: Token, table: PledgeTable) -> Token | None:
    """Gives the act a carrier word carries, None when it carries none."""
    for child in token.children:
        if child.dep_ in COMPLEMENTS and child.pos_ in VERBAL | {"ADJ"}:
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in table.on_preps:
            for grand in child.children:
                if grand.dep_ == "pcomp" and grand.pos_ in VERBAL:
                    return grand
    for child in token.children:
        if child.dep_ == "advcl" and child.pos_ in VERBAL and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            return child   # "work with X to build ...": the purpose is the act
    if token.pos_ in VERBAL:
        for child in token.children:
            if child.dep_ in {"dobj", "attr"} and child.pos_ in {"NOUN", "PROPN"}:
                return child   # "agreed a ceasefire": the object is the act
    return None


def _conjuncts(token: Token) -> list[Token]:
    """Gives the words coordinated with `token` that state acts of their own (no subject of their own)."""
    out = []
    for child in token.children:
        if child.dep_ == "conj" and (child.pos_ == token.pos_ or {child.pos_, token.pos_} <= VERBAL) and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in child.children):
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def act_tokens(head: Token, table: PledgeTable) -> list[Token]:
    """Gives the words of one act, in text order, at most `max_words` of them."""
    kept: list[Token] = []

    def walk(token: Token, top: bool) -> None:
        kept.append(token)
        for child in token.children:
            if top and child.dep_ in LEFT_OUT:
                continue   # below the act's head, its whole subtree: "cars, trucks and rice" stays whole
            walk(child, False)
    walk(head, True)
    kept.sort(key=lambda t: t.i)
    while kept and (kept[0].is_punct or kept[0].lower_ == "to" and kept[0].dep_ == "aux"):
        kept.pop(0)
    kept = kept[:table.max_words]
    while kept and (kept[-1].is_punct or kept[-1].dep_ in {"cc", "prep", "det"}):
        kept.pop()
    return kept


def words(tokens: list[Token]) -> str:
    """Gives tokens as the text wrote them, gaps between non-adjacent words closed to one space."""
    out = []
    for n, token in enumerate(tokens):
        out.append(token.text)
        if n + 1 < len(tokens):
            adjacent = tokens[n + 1].i == token.i + 1
            out.append(token.whitespace_ if adjacent else " ")
    return "".join(out).strip()
