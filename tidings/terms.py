"""Content terms of a text: what two sentences must share to be about the same act.

Used on both sides of a pledge link: the coder's pledge stage takes the terms of a pledge's `what`
(tidings/stages/pledges), the store takes those of a later event's sentence (store/pledge_links.py).
Both must spell a term the same way, and the store runs no parser, so the rule is plain text:
- a word is lowercased and cut to its first five letters, a stem crude enough that "doubling" meets
  "double" and "delivered" meets "deliveries" (shorter words stay whole); words of the table's
  stop list say nothing of the act and are left out;
- a word written with a capital inside its sentence is a name ("Leopard", "Luban"): kind `name`;
- a number ("14", "4.5 billion", "25,000", "2%") is one term, its value (`#4500000000`): kind `number`;
- a word of a family of one act (data/pledges.yaml `families`: "call", "talks", "met") is the
  family's term (`~talk`), so that the words of one act meet whichever the two texts use.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

STEM = 5
SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50,
                "hundred": 100, "dozen": 12}

_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|mn|bn|tn|m|b)\b)?",
                     re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def number_value(digits: str, scale: str | None = None) -> float | None:
    """Gives the value of "25,000", "4.5" with an optional scale word ("billion"), None if no number."""
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    return value * SCALES.get((scale or "").lower(), 1.0)


def number_term(value: float) -> str:
    """Gives the term of a number: its value without a trailing `.0`."""
    return "#" + (str(int(value)) if value == int(value) else repr(value))


def stem(word: str) -> str:
    """Gives a word's term: lowercased, cut to its first STEM letters."""
    word = word.lower().replace("’", "'").split("'")[0]
    return word[:STEM]


def content_terms(text: str, stop_words: Iterable[str] = (), families: dict[str, str] | None = None) -> dict[str, str]:
    """Gives each term of `text` with its kind (`word`, `name` or `number`), in text order; `families`
    maps a word (lower case) to its family's term."""
    stop = set(stop_words)
    families = families or {}
    terms: dict[str, str] = {}
    for m in _NUMBER.finditer(text):
        value = number_value(m.group(1), m.group(2))
        if value is not None:
            terms.setdefault(number_term(value), "number")
    for at, m in enumerate(_WORD.finditer(_NUMBER.sub(" ", text))):
        word = m.group(0)
        for part in word.split("-"):
            if not part or part.lower() in stop or part.lower() in NUMBER_WORDS:
                continue
            family = families.get(part.lower())
            kind = "name" if part[0].isupper() and at > 0 and family is None else "word"
            term = family or stem(part)
            if terms.get(term) != "name":
                terms[term] = kind
    return terms
