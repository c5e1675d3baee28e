"""How much a pledge promises: money, people, quantities, normalised where the text allows.

From the named amounts among the act's words (spaCy's MONEY, QUANTITY, PERCENT and CARDINAL
entities), the first of the most telling kind: money ("$4.5 billion" is 4.5e9 USD, currencies in
data/pledges.yaml), then quantities ("25,000 tonnes"), then counts of a thing in digits ("14 battle tanks":
14 tanks, the unit the word the number counts; "two" sides are the parties, not an amount), then shares ("2%").
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from tidings.pledge_table import PledgeTable
from tidings.record import Amount
from tidings.terms import NUMBER_WORDS, number_value

KINDS = ("MONEY", "QUANTITY", "CARDINAL", "PERCENT")
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|bn|tn)?", re.IGNORECASE)
_YEAR = re.compile(r"(1[89]|2[01])\d\d")


def pledge_amount(tokens: list[Token], table: PledgeTable) -> Amount | None:
    """Gives the amount the act's words state, None when they state none."""
    inside = {t.i for t in tokens}
    if not tokens:
        return None
    found: dict[str, Amount] = {}
    for ent in tokens[0].doc.ents:
        if ent.label_ not in KINDS or ent.label_ in found or not any(t.i in inside for t in ent):
            continue
        amount = _amount(ent, table)
        if amount is not None:
            found[ent.label_] = amount
    for kind in KINDS:
        if kind in found:
            return found[kind]
    return None


def _amount(ent: Span, table: PledgeTable) -> Amount | None:
    text = ent.text
    m = _NUMBER.search(text)
    value = number_value(m.group(1), m.group(2)) if m else None
    if value is None:
        first = text.split()[0].lower() if text.split() else ""
        value = float(NUMBER_WORDS[first]) if first in NUMBER_WORDS else None
    if ent.label_ == "MONEY":
        return Amount(text=text, value=value, unit=_currency(ent, table))
    if ent.label_ == "PERCENT":
        return Amount(text=text, value=value, unit="%")
    if ent.label_ == "CARDINAL":
        if _YEAR.fullmatch(text.strip()) or not text[:1].isdigit():
            return None   # a year read as a count; "two" countries are the parties, not an amount
        counted = ent.root.head if ent.root.dep_ == "nummod" else None
        if counted is None or counted.pos_ not in {"NOUN", "PROPN"}:
            return None   # a number that counts nothing named
        return Amount(text=f"{text} {counted.text}" if counted.i == ent.end else text, value=value, unit=counted.lemma_.lower())
    unit = next((t.lemma_.lower() for t in ent if t.pos_ == "NOUN"), None)
    return Amount(text=text, value=value, unit=unit)


def _currency(ent: Span, table: PledgeTable) -> str | None:
    currencies = table.currencies or {}
    words = [t.lower_ for t in ent] + [t.lower_ for t in ent.doc[ent.end:ent.end + 1]]
    for word in words:
        for key in (word, word.rstrip("s")):
            if key in currencies:
                return currencies[key]
    for sign in sorted((k for k in currencies if not k.isalpha()), key=len, reverse=True):
        if sign in ent.text:
            return currencies[sign]
    return None
