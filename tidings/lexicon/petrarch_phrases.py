"""The words of a PETRARCH verb pattern around its `*`, read as Tidings' pattern parts.

    - SAID MIGHT NOT * [112]               words before the verb, in order (`_` joins words side by side)
    - * {FINANCIAL AID} (TO +) [070]       an object phrase, its head last; a phrase the verb governs
    - * &KINDS_REPORTS FROM $ [911]          TABARI's way of writing "(FROM $)"; a set's words before the head
    - * FEAST AT ^ WITH + [043]              `^` skips a phrase: "at" anything, the target after "with"

tidings/lexicon/petrarch_verbs.py reads the dictionary and turns what these give into patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["PARTICLES", "Shape", "as_phrases", "shapes_after", "singular", "words_before"]

PARTICLES = frozenset({"up", "down", "out", "off", "back", "away", "over", "in", "on", "into", "to", "with",
                       "for", "from", "against", "at", "by", "about", "of", "through", "across", "around"})
# words that must stand before a phrase's head, one of each set, in order; True: right before the next
Modifiers = tuple[tuple[frozenset[str], bool], ...]


def as_phrases(after: str) -> str:
    """Gives a pattern's words after the verb with its phrases in parentheses, as PETRARCH2 writes them:
    TABARI's "* FROM $" is "* (FROM $)", a preposition that ends the pattern ("* MEMOS FROM") governs
    whatever follows, and so does one that begins it ("* FOR CONSTRUCTION"); skipped phrases (`^`)
    are taken out."""
    after = _skipped(after)
    after = re.sub(r"(?<![(\w])([A-Za-z]+)_?\s+([$+])(?=[\s)]|$)",
                   lambda m: f"({m[1]} {m[2]})" if m[1].lower() in PARTICLES else m[0], after)
    after = re.sub(r"(?<=\w)\s+([A-Za-z]+)\s*$",
                   lambda m: f" ({m[1]})" if m[1].lower() in PARTICLES else m[0], after)
    words = after.replace("_", " ").split()
    if "(" not in after and len(words) > 1 and words[0].lower() in PARTICLES:
        after = f"({' '.join(words)})"
    return after


@dataclass(frozen=True)
class Shape:
    """What a pattern asks for after the verb, in Tidings' terms."""

    preps: tuple[str, ...]                  # particles and prepositions the verb governs, the target's last
    target_prep: str | None
    reverse: bool                           # "(FROM $)": the doer follows, the subject receives
    heads: tuple[str, ...] = ()             # the object's head word (one of them)
    modifiers: Modifiers = ()               # words that must stand before it in its phrase (Pattern.object_words)
    after: Modifiers = ()                   # and after it (Pattern.object_after)


def shapes_after(after: str, sets: dict[str, list[str]]) -> list[Shape] | str:
    """Gives the shapes a pattern's words after the verb stand for (one, or one a phrase of a synonym set
    whose phrases differ in their words: "+FULL BLOCKADE", "+EMBARGO"), or why they do not map."""
    groups = re.findall(r"\(([^)]*)\)", after)
    outside = re.sub(r"\([^)]*\)", " ", after)
    if "$" in outside:
        return "a doer after the verb outside a phrase ($)"
    nouns = _phrases(outside, sets)
    if nouns is None:
        return "undefined synonym sets"
    preps: list[str] = []
    heads = nouns[0].heads
    if len(nouns) == 1 and len(heads) == 1 and heads[0] in PARTICLES and nouns[0] == _Noun(heads):
        preps, nouns = [heads[0]], [_Noun()]   # "* DOWN", "*_UP": a particle, no object
    skipped: set[str] = set()
    target_prep, reverse = None, False
    for group in groups:
        parts = group.replace("_", " ").split()
        if not parts or not parts[0].isalpha():
            return "phrases that start with no preposition"
        prep, rest = parts[0].lower(), " ".join(parts[1:])
        preps.append(prep)
        if "+" in rest:
            target_prep = prep
        if "$" in rest:
            target_prep, reverse = prep, True
        if "^" in rest:
            skipped.add(prep)   # "(AT ^)": whatever it governs, it is no actor's place
        inner = _phrases(rest, sets)
        if inner is None:
            return "undefined synonym sets"
        if inner[0].heads:
            if nouns[0].heads:
                return "nouns in two places"
            nouns = inner
    if target_prep is None:
        target_prep = next((p for p in reversed(preps) if p not in skipped), None)
    preps = [p for p in preps if p != target_prep] + ([target_prep] if target_prep else [])
    return [Shape(tuple(preps), target_prep, reverse, noun.heads, noun.before, noun.after) for noun in nouns]


def _skipped(after: str) -> str:
    """Gives a pattern's words after the verb with its skipped phrases (^, any words) taken out: a
    preposition before one governs whatever follows ("* FEAST AT ^ WITH +": "at" anything), and the words
    before one are of the phrase it skips ("* THEIR ^ ABOUT +": their anything, about the target)."""
    after = re.sub(r"(?<![(\w])([A-Za-z]+)_?\s+\^",
                   lambda m: f"({m[1]} \0)" if m[1].lower() in PARTICLES else m[0], after)
    return re.sub(r"(?:[A-Za-z_'&{}]+\s+)*\^", " ", after).replace("\0", "^")


def words_before(text: str, sets: dict[str, list[str]]) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """Gives the words a pattern asks for before the verb: one place a group ("SAID WOULD" is two), the
    runs of words that may stand there ("NOT_EVER" one run, "&NEGATIVES" one a phrase of the set).
    None for a synonym set not defined."""
    places = []
    for group in text.split():
        runs: list[tuple[str, ...]] = [()]
        for part in (p for p in group.split("_") if p):
            if part.startswith("&"):
                phrases = _set_phrases(part[1:].upper(), sets, set())
                if phrases is None:
                    return None
                runs = [run + phrase for run in runs for phrase in phrases]
            else:
                runs = [run + (part.lower(),) for run in runs]
        if any(runs):
            places.append(tuple(run for run in runs if run))
    return tuple(places)


def _set_phrases(name: str, sets: dict[str, list[str]], seen: set[str]) -> list[tuple[str, ...]] | None:
    """Gives every phrase of a synonym set, its words in order ("+DID N'T" gives ("did", "n't"))."""
    if name not in sets or name in seen:
        return None
    found: list[tuple[str, ...]] = []
    for item in sets[name]:
        if item.startswith("&"):
            found.extend(_set_phrases(item[1:].split()[0].rstrip("_").upper(), sets, seen | {name}) or [])
        elif words := tuple(w.lower() for w in item.replace("_", " ").split()):
            found.append(words)
    return found


class _Noun(NamedTuple):
    heads: tuple[str, ...] = ()      # the head word, one of these
    before: Modifiers = ()           # words before it in its phrase
    after: Modifiers = ()            # words after it ("ASSURANCES_ON &KINDS": "on", then a kind); True: right after


def _phrases(text: str, sets: dict[str, list[str]]) -> list[_Noun] | None:
    """Gives the noun phrases a pattern's words ask for: the head (the last word, or the last before a
    preposition: "ASSURANCES_ON &KINDS"), the words that must stand before it in the phrase, one of each
    set, each with whether it stands right before the next ("{FINANCIAL AID}": "financial" somewhere
    before "aid"; "&KINDS_REPORTS": one of the set's words right before "reports"), and the words after it.
    A set as the head gives one phrase for its words of one word and one for each of its phrases of
    several ("+FULL BLOCKADE": "full" right before "blockade"). [_Noun()] for no words; None for a
    synonym set not defined."""
    places: list[tuple[list[tuple[str, ...]], bool]] = []   # (the phrases that may stand there, joined to the next)
    for group in text.replace("{", " ").replace("}", " ").split():
        parts = [p for p in (w.strip("+$%^") for w in group.split("_")) if p]
        for n, part in enumerate(parts):
            if part.startswith("&"):
                found = _set_phrases(part[1:].upper(), sets, set())
                if found is None:
                    return None
            else:
                found = [(part.lower(),)]
            places.append((found, n < len(parts) - 1))
    if not places:
        return [_Noun()]
    cut = next((k for k in range(1, len(places) - 1) if len(places[k][0]) == 1
                and places[k][0][0] in {(p,) for p in PARTICLES}), len(places))
    after = tuple((frozenset(w for phrase in found for w in phrase), places[k - 1][1])
                  for k, (found, _) in enumerate(places[cut:], start=cut))
    before = tuple((frozenset(w for phrase in found for w in phrase), joined) for found, joined in places[:cut - 1])
    last = places[cut - 1][0]
    single = tuple(phrase[0] for phrase in last if len(phrase) == 1)
    phrases = [_Noun(single, before, after)] if single else []
    phrases += [_Noun((phrase[-1],), before + tuple((frozenset({w}), True) for w in phrase[:-1]), after)
                for phrase in last if len(phrase) > 1]
    return phrases


def singular(word: str) -> str:
    for cut, add in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(cut) and len(word) > len(cut) + 2:
            return word[: -len(cut)] + add
    return word
