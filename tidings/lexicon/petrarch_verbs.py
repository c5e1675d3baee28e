"""PETRARCH verb dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt) mapped onto Tidings' patterns.

    &AID_WORDS                       a synonym set, one word a line after it
    +AID
    +RELIEF
    ---  SEND   [---]  ---           a block: its verb, its code ("---": none of its own)
    SEND                             the verbs of the block, one a line ({SENT SENDING}: their forms)
    DISPATCH
    - * &AID_WORDS (TO +)  [070]     a pattern: `*` the verb, its object, (PREP ...) a phrase it governs

PETRARCH matches patterns on a constituency parse, word by word; Tidings matches a lemma, the
prepositions and particles it governs, and a noun class of its object (tidings/lexicon/patterns.py).
A pattern maps when it says only that much:

- nothing after `*`: the block's verbs with that code;
- an object after `*` (a word, `{A PHRASE}` by its last word, or `&SET`): a noun class of its own;
- `(PREP ...)`: the preposition, its object's noun the class when the verb has no object of its own;
  `+` in it makes that preposition the target's, `$` makes its object the doer (Tidings' `reverse`);
- a code that refines a CAMEO code ("174K", "1717": a local variant) is read as that code, a leaf
  CAMEO lacks ("095") as its root (09); "023?", a doubtful code, is none;
- a code `A:B` (PETRARCH's code for the doer's act and the target's act back) maps to A, and B is
  coded too, from the target to the doer (the pattern's `reply`).

What does not map is counted by reason, never dropped unsaid: words before `*` (negation, modals,
the subject's words), `%` (several actors) elsewhere than as the doer ("% *") or as a preposition's
object ("* WITH %"), `^` (a skipped phrase) except right before a target's
preposition ("* THEIR ^ ABOUT +" maps as "(ABOUT +)"), nouns in two places, codes Tidings' CAMEO table lacks,
verbs of several words, and the TRANSFORMATIONS block.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from tidings.lexicon.patterns import Pattern, PatternBook, _table
from tidings.lexicon.petrarch_actors import _lines
from tidings.lexicon.petrarch_files import file_state, read_text
from tidings.ontology import cameo_table

__all__ = ["VerbMapping", "lemmatized", "read_petrarch_verbs", "with_petrarch_verbs"]

_HEADER = re.compile(r"^---\s*(?P<verb>\S+)\s*\[(?P<code>[^\]]*)\]\s*---\s*$")
_PATTERN = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]\s*$")
# "^" skips a phrase: words, then "^", then a preposition whose object is the target
_SKIPPED = re.compile(r"^\s*(?:[A-Za-z_']+\s+)*\^\s+(?P<prep>[A-Za-z]+)\s+\+\s*$")
_PARTICLES = frozenset({"up", "down", "out", "off", "back", "away", "over", "in", "on", "into", "to", "with",
                        "for", "from", "against", "at", "by", "about", "of", "through", "across", "around"})


@dataclass
class VerbMapping:
    """What a verb dictionary gave: patterns, the noun classes they ask for, and what did not map, by reason."""

    patterns: list[Pattern] = field(default_factory=list)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    unmapped: Counter = field(default_factory=Counter)
    total: int = 0    # verbs' own codes and pattern lines read
    mapped: int = 0   # of them, those that gave patterns

    def summary(self, path: str) -> str:
        """Gives one line: how many patterns mapped, and why the others did not."""
        why = ", ".join(f"{n} {reason}" for reason, n in self.unmapped.most_common())
        return (f"{path}: {self.mapped} of {self.total} verb codes and pattern lines mapped "
                f"({len(self.patterns)} patterns, one per verb of its block)" + (f"; not mapped: {why}" if why else ""))


def read_petrarch_verbs(path: str | os.PathLike) -> VerbMapping:
    """Gives the patterns a PETRARCH verb dictionary maps to, and the count of what did not map."""
    return _read(str(path), file_state(path))


@lru_cache(maxsize=8)
def _read(path: str, state: tuple[str, int, int]) -> VerbMapping:
    mapping = VerbMapping()
    sets: dict[str, list[str]] = {}
    current_set: str | None = None
    block: tuple[list[str], str] | None = None   # (verb lemmas, default code)
    codes = cameo_table()
    for number, line in _lines(read_text(path)):
        where = f"{path}:{number}"
        if line.upper().startswith("TRANSFORMATIONS") or line.startswith("#"):
            continue
        if line.startswith("&"):
            current_set, block = line[1:].split()[0].rstrip("_").upper(), None
            sets[current_set] = []
            continue
        if line.startswith("+") and current_set is not None:
            sets[current_set].append(line[1:].split("{")[0].strip())
            continue
        if header := _HEADER.match(line):
            current_set = None
            block = ([], header["code"].strip())   # its verbs are on the lines after it (the header's too)
            continue
        if line.startswith("~") or block is None:
            if line.startswith(("-", "~")) or "=" in line:
                mapping.total += 1
                mapping.unmapped["transformations and lines outside a verb block"] += 1
            continue
        if pattern := _PATTERN.match(line):
            mapping.total += 1
            _map_pattern(mapping, block[0], pattern["body"], pattern["code"].strip(), sets, codes, where)
            continue
        if not line.startswith("-"):
            verb = _verb(line.lstrip("+").split("{")[0].split("[")[0].strip())
            if verb is None:
                mapping.total += 1
                mapping.unmapped["verbs of several words"] += 1
            elif verb not in block[0]:
                block[0].append(verb)
                _map_default(mapping, verb, block[1], codes, where)
            continue
        mapping.total += 1
        mapping.unmapped["lines that are no pattern (a code of no digits)"] += 1
    return mapping


def _verb(text: str) -> str | None:
    words = text.replace("_", " ").split()
    return words[0].lower() if len(words) == 1 else None


def _map_default(mapping: VerbMapping, verb: str, code: str, codes, where: str) -> None:
    mapping.total += 1
    cameo = _code(code, codes)
    if cameo is None:
        if code.strip("-"):
            mapping.unmapped["codes Tidings' CAMEO table lacks"] += 1
        else:
            mapping.total -= 1   # "---": the verb has no code of its own, only its patterns
        return
    mapping.mapped += 1
    mapping.patterns.append(Pattern(verb, (), None, None, cameo[0], mutual=cameo[1], line=where, reply=cameo[2]))


def _code(code: str, codes) -> tuple[str, bool, str | None] | None:
    """Gives the CAMEO code of a PETRARCH code, whether it is mutual ("031:031"), and the code of the
    target's act back ("032:033" gives 033), None when it names none; None for a code Tidings lacks."""
    first, _, second = code.partition(":")
    first, second = _refined(first.strip(), codes), _refined(second.strip(), codes)
    if first is None:
        return None
    return first, second == first, second


def _refined(code: str, codes) -> str | None:
    """Gives the CAMEO code a dictionary's code is or refines: a local variant written as a CAMEO code
    with letters or digits after it ("174K", "075A", "1717") is read as that code (174, 075, 171), and
    a leaf CAMEO lacks ("095") as the nearest code above it, down to its root (09). A code marked
    doubtful ("023?") is none: its writer did not settle on an act."""
    if not code.isalnum():
        return code if code in codes else None
    for end in range(len(code), 1, -1):
        if code[:end] in codes:
            return code[:end]
    return None


def _map_pattern(mapping: VerbMapping, verbs: list[str], body: str, code: str, sets, codes, where: str) -> None:
    def skip(reason: str) -> None:
        mapping.unmapped[reason] += 1

    if not verbs:
        return skip("verbs of several words")
    cameo = _code(code, codes)
    if cameo is None:
        return skip("codes Tidings' CAMEO table lacks")
    before, star, after = body.partition("*")
    if not star:
        return skip("patterns with no *")
    compound = ""
    if "%" in before:   # "% * [030:030]": the doer is several actors ("X and Y agreed")
        compound, before = "doer", before.replace("%", "")
    if before.replace("$", "").replace("+", "").strip(" _"):
        return skip("words before the verb")
    if "%" in after:    # "* WITH % [031]": the target is several actors, after that preposition
        group = re.fullmatch(r"\s*\(?\s*([A-Za-z]+)\s+%\s*\)?\s*", after)
        if compound or group is None or group[1].lower() not in _PARTICLES:
            return skip("compound actors (%)")
        compound, after = "target", f"({group[1]} +)"
    if "^" in after:
        skipped = _SKIPPED.match(after)
        if skipped is None or skipped["prep"].lower() not in _PARTICLES:
            return skip("skipped phrases (^) not before a target's preposition")
        after = f"({skipped['prep']} +)"   # "* THEIR ^ ABOUT +": whatever the object, the target follows ABOUT
    groups = re.findall(r"\(([^)]*)\)", after)
    outside = re.sub(r"\([^)]*\)", " ", after)
    object_words = _words(outside, sets)
    if object_words is None:
        return skip("undefined synonym sets")
    preps: list[str] = []
    target_prep, reverse, prep_nouns = None, False, []
    for group in groups:
        parts = group.replace("_", " ").split()
        if not parts or not parts[0].isalpha():
            return skip("phrases that start with no preposition")
        prep = parts[0].lower()
        preps.append(prep)
        rest = " ".join(parts[1:])
        if "+" in rest:
            target_prep = prep
        if "$" in rest:
            target_prep, reverse = prep, True
        nouns = _words(rest, sets)
        if nouns is None:
            return skip("undefined synonym sets")
        if nouns:
            prep_nouns.append(nouns)
    particles = [w for w in object_words if w in _PARTICLES and len(object_words) == 1]
    if particles:
        preps, object_words = particles + preps, []
    if "$" in outside:
        return skip("a doer after the verb outside a phrase ($)")
    if len(prep_nouns) + bool(object_words) > 1:
        return skip("nouns in two places")
    nouns = object_words or (prep_nouns[0] if prep_nouns else [])
    if target_prep is not None:
        preps = [p for p in preps if p != target_prep] + [target_prep]
    object_class = None
    if nouns:
        object_class = "petrarch:" + "|".join(sorted(nouns))
        mapping.classes[object_class] = frozenset(nouns) | frozenset(_singular(n) for n in nouns)
    mapping.mapped += 1
    for verb in verbs:
        mapping.patterns.append(Pattern(verb, tuple(preps), object_class, preps[-1] if preps else None, cameo[0],
                                        mutual=cameo[1], reverse=reverse, line=where, reply=cameo[2],
                                        compound=compound))


def _words(text: str, sets: dict[str, list[str]]) -> list[str] | None:
    """Gives the head nouns a pattern's words ask for: each run's last word, a set's words, {A B}'s B."""
    text = re.sub(r"\{([^}]*)\}", lambda m: m[1].split()[-1] if m[1].split() else "", text)
    words = [w for w in text.replace("_", " ").split() if w not in {"+", "$"}]
    if not words:
        return []
    last = words[-1].strip("+$")
    if last.startswith("&"):
        return _set_words(last[1:].upper(), sets, set())
    return [last.lower()] if last else []


def _set_words(name: str, sets: dict[str, list[str]], seen: set[str]) -> list[str] | None:
    if name not in sets or name in seen:
        return None
    seen.add(name)
    found: list[str] = []
    for item in sets[name]:
        if item.startswith("&"):
            inner = _set_words(item[1:].split()[0].rstrip("_").upper(), sets, seen)
            found.extend(inner or [])
        else:
            words = item.replace("_", " ").split()
            if words:
                found.append(words[-1].lower())
    return found


def _singular(word: str) -> str:
    for cut, add in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(cut) and len(word) > len(cut) + 2:
            return word[: -len(cut)] + add
    return word


def lemmatized(patterns: list[Pattern], lemma: Callable[[str], str]) -> list[Pattern]:
    """Gives the patterns keyed by their verb's lemma. A block written for an inflected form ("MET",
    "LEFT") holds for that form only: PETRARCH matches words as written, so "MET" and "MEET" are two
    blocks with codes of their own, while Tidings looks verbs up by lemma ("met" is "meet")."""
    found = []
    for pattern in patterns:
        base = lemma(pattern.lemma)
        found.append(pattern if base == pattern.lemma else
                     replace(pattern, lemma=base, forms=frozenset({pattern.lemma}) | pattern.forms))
    return found


def with_petrarch_verbs(book: PatternBook, paths: "list[str] | tuple[str, ...]",
                        lemma: Callable[[str], str] | None = None) -> tuple[PatternBook, list[str]]:
    """Gives `book` with the patterns of each verb dictionary added (one with the same words as a built-in
    replaces it), and one summary line a file of what mapped and what did not. `lemma` gives a verb
    form's lemma (the model's lemmatizer); without it a dictionary's verbs are taken as lemmas."""
    if not paths:
        return book, []
    added: list[Pattern] = []
    classes = dict(book.classes)
    summaries = []
    for path in paths:
        mapping = read_petrarch_verbs(path)
        added.extend(lemmatized(mapping.patterns, lemma) if lemma else mapping.patterns)
        classes.update(mapping.classes)
        summaries.append(mapping.summary(str(path)))
    table = _table(added)
    shapes = {(p.lemma, p.words, p.object_class) for patterns in table.values() for p in patterns}
    verbs = {}
    for lemma in dict.fromkeys([*table, *book.verbs]):
        # the dictionary's patterns before the built-in ones: for a verb it knows, the user's dictionary decides
        verbs[lemma] = (*table.get(lemma, ()), *(p for p in book.verbs.get(lemma, ())
                                                 if (p.lemma, p.words, p.object_class) not in shapes))
    return replace(book, verbs=verbs, classes=classes), summaries
