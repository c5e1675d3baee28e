"""Noun phrases of a parse: the words of a mention, what it coordinates, what a quantity counts.

Plain readings of spaCy's dependency tree that the actor resolver and the event grammar share.
"""
from __future__ import annotations

from spacy.tokens import Token

from tidings.lexicon.grammar import Cues

# modifiers that keep their phrase: "President of Chile", "head of the navy"
KEEP_PREPS = {"of"}
NAME_LABELS = {"PERSON"}


def mention_tokens(head: Token) -> list[Token]:
    """Gives the tokens of the noun phrase headed by `head`, without clauses and most attachments."""
    keep = [head]
    for child in head.lefts:
        if child.dep_ in {"punct", "cc", "preconj", "case"} and child.i < head.i:
            if child.dep_ != "case":
                continue
        keep.extend(child.subtree)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in KEEP_PREPS:
            keep.extend(child.subtree)
        elif child.dep_ in {"compound", "flat", "nummod", "case"}:
            keep.extend(child.subtree)
        elif child.dep_ == "appos" and child.ent_type_ in NAME_LABELS:
            keep.extend(t for t in child.subtree if t.dep_ not in {"punct", "relcl", "acl"})
    keep.extend(same_name(head))
    keep = sorted(set(keep), key=lambda t: t.i)
    while keep and (keep[0].is_punct or keep[0].dep_ == "cc"):
        keep.pop(0)
    while keep and keep[-1].is_punct:
        keep.pop()
    if head not in keep:
        return [head]
    # keep one contiguous run around the head so the mention reads as written
    start = keep.index(head)
    lo = hi = start
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    return keep[lo:hi + 1]


def same_name(head: Token) -> list[Token]:
    """Gives the words of the person's name `head` begins or lies in: the tagger may take a first name
    it does not know for a preposition and hang the surname under it, where the name recognizer
    still reads the two as one name."""
    if head.ent_type_ not in NAME_LABELS:
        return []
    doc, lo, hi = head.doc, head.i, head.i
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
        hi += 1
    return list(doc[lo:hi + 1])


def conjuncts(head: Token) -> list[Token]:
    """Gives the head and its coordinated heads: "China and Kazakhstan" -> [China, Kazakhstan]."""
    found = [head]
    for child in [c for t in same_name(head) or [head] for c in t.children]:
        if child.dep_ == "conj" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            found.extend(conjuncts(child))
        elif child.dep_ == "appos" and _name_like(child) and _name_like(head) and head.ent_type_ != "PERSON" \
                and any(c.dep_ == "conj" for c in child.children):
            found.extend(conjuncts(child))   # "Peru, Chile, and Bolivia" parsed as an apposition
    return found


def _name_like(token: Token) -> bool:
    """Gives whether a word is a name: a name in apposition to a name that is not a person's ("Luis
    Mora, the Guardian's editor, ..."), with conjuncts of its own, is a list ("Velmora, the Quelland,
    Ostrava and Brenn"), whatever the tagger made of the names it does not know."""
    return token.ent_type_ == "GPE" or token.pos_ == "PROPN"


def text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text


def counted(head: Token, cues: Cues) -> Token | None:
    """Gives what a quantity phrase counts ("thousands of students" -> students), else None."""
    if head.lemma_.lower() not in cues.quantity_heads and head.lower_ not in cues.quantity_heads and head.pos_ != "NUM":
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "PROPN"}:
                    return obj
    return None


def conjuncts_any(head: Token) -> list[Token]:
    """Gives a word and the words coordinated with it, whatever their part of speech."""
    found = [head]
    for child in head.children:
        if child.dep_ == "conj":
            found.extend(conjuncts_any(child))
    return found


def coordinated(head: Token) -> list[Token]:
    """Gives the phrases coordinated with `head` ("Ruiz and him": [Ruiz])."""
    root = head
    while root.dep_ == "conj":
        root = root.head
    return [t for t in conjuncts(root) if t != head]


def names_people(head: Token, cues: Cues) -> bool:
    """Gives whether a noun names people who act: a known one ("nurses", "police") or one with a
    person's ending ("strikers", "loyalists", "gunmen"), but not a thing with such an ending ("the
    agreement", "orders", "the border")."""
    if head.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemma = head.lemma_.lower()
    if lemma in cues.human_nouns:
        return True
    return head.lower_.endswith(cues.order("agent_suffixes")) and not head.lower_.endswith(cues.order("thing_suffixes")) \
        and lemma not in cues.thing_nouns
