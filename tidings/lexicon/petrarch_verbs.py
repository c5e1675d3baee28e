"""PETRARCH verb dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt) mapped onto Tidings' patterns.

    &AID_WORDS                       a synonym set, one word a line after it
    +AID
    +RELIEF
    ---  SEND   [---]  ---           a block: its verb, its code ("---": none of its own)
    SEND                             the verbs of the block, one a line ({SENT SENDING}: their forms)
    DISPATCH
    - * &AID_WORDS (TO +)  [070]     a pattern: `*` the verb, its object, (PREP ...) a phrase it governs

PETRARCH matches patterns on a constituency parse, word by word; Tidings matches a lemma, the
prepositions and particles it governs, a noun class of its object, and the words before it
(tidings/lexicon/patterns.py). The words around `*` are read in tidings/lexicon/petrarch_phrases.py:

- nothing after `*`: the block's verbs with that code; a verb line's own code ("SCOFF [014]")
  for that verb; a header with two codes takes the first, as PETRARCH does;
- words before `*` ("SAID MIGHT NOT *", "&DENIALS *", "NEVER_*"): they must stand before the verb in
  that order (`_` side by side, and right before the verb when it ends at `*`), and the pattern's code
  is then what they make of the act: no pledge, refusal or denial is read into it;
- an object after `*` (a word, `{A PHRASE}`, `&SET`): a noun class of its head word, the words before
  the head asked for in the object's phrase ("&KINDS_REPORTS": one of the set's words right before
  "reports"); a set whose phrases differ in their words gives a pattern for each;
- `(PREP ...)`: the preposition, its object's noun the class when the verb has no object of its own;
  `+` in it makes that preposition the target's, `$` makes its object the doer (Tidings' `reverse`);
  TABARI's "* FROM $" is read as "* (FROM $)"; `^` skips a phrase ("* FEAST AT ^ WITH +");
- verbs of several words: "+SEAL_OFF" is "seal" with "off", "CROSS_+EXAMINE" is "examine" right after "cross";
- a code that refines a CAMEO code ("174K", "1717": a local variant) is read as that code, a leaf
  CAMEO lacks ("095") as its root (09). A code of the dictionary's own ("223", "903") and the null code
  "---" are kept as written: such a pattern matches and codes nothing, since the user's dictionary
  says these words are no CAMEO act. "023?", a doubtful code, is none;
- a code `A:B` (PETRARCH's code for the doer's act and the target's act back) maps to A, and B is
  coded too, from the target to the doer (the pattern's `reply`);
- "future" is no act of its own: "will contribute" keeps CONTRIBUTE's code (the event's `intent` is set).

For a verb the dictionary knows, its patterns come before the built-in ones (with_petrarch_verbs),
and an event noun that is one of its verbs ("an attack") takes the code of the verb alone. What does not map is counted by
reason, never dropped unsaid: a target before the verb with no doer after it, `%` (several actors)
elsewhere than as the doer ("% *") or as a preposition's object ("* WITH %"), nouns in two places,
verbs of several words whose later words are no particle, and the TRANSFORMATIONS block.
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
from tidings.lexicon.petrarch_phrases import PARTICLES, as_phrases, shapes_after, singular, words_before
from tidings.ontology import cameo_table

__all__ = ["VerbMapping", "lemmatized", "read_petrarch_verbs", "with_petrarch_verbs"]

# "--- VERB [CODE] ---"; PETRARCH takes the first code of a header that has two ("[120] [031:031]")
_HEADER = re.compile(r"^---\s*(?P<verb>[^\s\[]+)\s*(?P<rest>.*)$")
_PATTERN = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]\s*$")


@dataclass
class VerbMapping:
    """What a verb dictionary gave: patterns, the noun classes they ask for, and what did not map, by reason."""

    patterns: list[Pattern] = field(default_factory=list)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    unmapped: Counter = field(default_factory=Counter)
    total: int = 0    # verbs' own codes and pattern lines read
    mapped: int = 0   # of them, those that gave patterns
    own_codes: int = 0   # of those, codes outside CAMEO or the null code: they match, and code nothing
    verbs: set[str] = field(default_factory=set)   # every verb of the dictionary, as written

    def summary(self, path: str) -> str:
        """Gives one line: how many patterns mapped, and why the others did not."""
        why = ", ".join(f"{n} {reason}" for reason, n in self.unmapped.most_common())
        own = (f"; {self.own_codes} of these lines have a code outside CAMEO or none (---): they match and "
               "code nothing" if self.own_codes else "")
        return (f"{path}: {self.mapped} of {self.total} verb codes and pattern lines mapped "
                f"({len(self.patterns)} patterns, one per verb of its block and phrase of a set){own}"
                + (f"; not mapped: {why}" if why else ""))


def read_petrarch_verbs(path: str | os.PathLike) -> VerbMapping:
    """Gives the patterns a PETRARCH verb dictionary maps to, and the count of what did not map."""
    return _read(str(path), file_state(path))


@lru_cache(maxsize=8)
def _read(path: str, state: tuple[str, int, int]) -> VerbMapping:
    mapping = VerbMapping()
    sets: dict[str, list[str]] = {}
    current_set: str | None = None
    block: tuple[list[_Verb], str] | None = None   # (its verbs, its code)
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
            found = re.findall(r"\[([^\]]*)\]", header["rest"])
            if len(found) > 1:
                mapping.unmapped["second codes in a block's header (the first is the block's)"] += 1
            block = ([], found[0].strip() if found else "---")   # its verbs are on the lines after it
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
            verb = _verb(line)
            if verb is None:
                mapping.total += 1
                mapping.unmapped["verbs of several words"] += 1
            elif verb not in block[0]:
                block[0].append(verb)
                mapping.verbs.add(verb.word)
                _map_default(mapping, verb, verb.code or block[1], codes, where)   # its own code, else the block's
            continue
        mapping.total += 1
        mapping.unmapped["lines that are no pattern (a code of no digits)"] += 1
    return mapping


@dataclass(frozen=True)
class _Verb:
    """A verb line: the verb, the words joined to it ("CROSS_+EXAMINE", "+SEAL_OFF"), its own code."""

    word: str                     # as written, lower case
    pre: tuple[str, ...] = ()     # words right before it
    post: tuple[str, ...] = ()    # particles after it
    code: str | None = None       # "SCOFF [014]": its own code, else the block's


def _verb(line: str) -> _Verb | None:
    """Gives a verb line's verb; None for one Tidings cannot match (words after it that are no particle)."""
    own = re.search(r"\[([^\]]*)\]", line)
    words = line.split("{")[0].split("[")[0].split()
    if len(words) != 1:
        return None
    parts = [p for p in words[0].split("_") if p]
    marked = [i for i, p in enumerate(parts) if p.startswith("+")] if len(parts) > 1 else [0]
    if len(marked) != 1:
        return None
    at = marked[0]
    pre, post = tuple(p.lower() for p in parts[:at]), tuple(p.lower() for p in parts[at + 1:])
    if any(p not in PARTICLES for p in post):
        return None
    return _Verb(parts[at].lstrip("+").lower(), pre, post, own[1].strip() if own else None)


def _map_default(mapping: VerbMapping, verb: _Verb, code: str, codes, where: str) -> None:
    if code.strip() == "---":
        return   # the verb has no code of its own, only its patterns
    mapping.total += 1
    cameo = _code(code, codes)
    if cameo is None:
        mapping.unmapped["codes that are none (no digits, or doubtful: 023?)"] += 1
        return
    if cameo[0] not in codes:
        mapping.own_codes += 1
    mapping.mapped += 1
    mapping.patterns.append(_joined(Pattern(verb.word, (), None, None, cameo[0], mutual=cameo[1], line=where,
                                            reply=cameo[2], as_written=True), verb))


def _joined(pattern: Pattern, verb: _Verb) -> Pattern:
    """Gives a block's pattern for one of its verbs: with the particles after it ("SEAL_OFF") and the
    words right before it ("CROSS_+EXAMINE")."""
    if not verb.pre and not verb.post:
        return pattern
    before, next_to_verb = pattern.before, pattern.next_to_verb
    if verb.pre and next_to_verb:   # "NEVER_*" for "CROSS_+EXAMINE": "never cross" right before "examine"
        before = (*before[:-1], tuple(run + verb.pre for run in before[-1]))
    elif verb.pre:
        before, next_to_verb = (*before, (verb.pre,)), True
    return replace(pattern, words=verb.post + pattern.words, before=before, next_to_verb=next_to_verb)


# a code of the dictionary's own: digits, perhaps a letter after them ("223", "903", "2121")
_OWN_CODE = re.compile(r"\d{3,4}[A-Za-z]?")


def _code(code: str, codes) -> tuple[str, bool, str | None] | None:
    """Gives the CAMEO code of a PETRARCH code, whether it is mutual ("031:031"), and the code of the
    target's act back ("032:033" gives 033), None when it names none. A code of the dictionary's own
    that refines none of CAMEO's ("223", "903"), and the null code "---", are given as written: such a
    pattern says what its words are, and that they are no act Tidings records. None for a code of no
    digits, or a doubtful one ("023?")."""
    first, _, second = code.partition(":")
    first = first.strip()
    if first == "---" or (_OWN_CODE.fullmatch(first) and _refined(first, codes) is None):
        return first, False, None
    first, second = _refined(first, codes), _refined(second.strip(), codes)
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


def _map_pattern(mapping: VerbMapping, verbs: list[_Verb], body: str, code: str, sets, codes, where: str) -> None:
    def skip(reason: str) -> None:
        mapping.unmapped[reason] += 1

    if not verbs:
        return skip("verbs of several words")
    cameo = _code(code, codes)
    if cameo is None:
        return skip("codes that are none (no digits, or doubtful: 023?)")
    before, star, after = body.partition("*")
    if not star:
        return skip("patterns with no *")
    compound = ""
    if "%" in before:   # "% * [030:030]": the doer is several actors ("X and Y agreed")
        compound, before = "doer", before.replace("%", "")
    after = as_phrases(after)
    if "+" in before and "$" not in after:
        return skip("a target before the verb")
    places = words_before(before.replace("$", " ").replace("+", " "), sets)
    if places is None:
        return skip("undefined synonym sets")
    next_to_verb = bool(places) and before.rstrip().endswith("_")   # "NEVER_*": right before the verb
    if "%" in after:    # "* WITH % [031]": the target is several actors, after that preposition
        group = re.fullmatch(r"\s*\(?\s*([A-Za-z]+)\s+%\s*\)?\s*", after)
        if compound or group is None or group[1].lower() not in PARTICLES:
            return skip("compound actors (%)")
        compound, after = "target", f"({group[1]} +)"
    shapes = shapes_after(after, sets)
    if isinstance(shapes, str):
        return skip(shapes)
    if cameo[0] not in codes:
        mapping.own_codes += 1
    mapping.mapped += 1
    for shape in shapes:
        object_class = None
        if shape.heads:
            object_class = "petrarch:" + "|".join(sorted(shape.heads))
            mapping.classes[object_class] = frozenset(shape.heads) | frozenset(singular(n) for n in shape.heads)
        for verb in verbs:
            pattern = Pattern(verb.word, shape.preps, object_class, shape.target_prep, cameo[0], mutual=cameo[1],
                              reverse=shape.reverse, line=where, reply=cameo[2], compound=compound, before=places,
                              next_to_verb=next_to_verb, as_written=True, object_words=shape.modifiers,
                              object_after=shape.after)
            mapping.patterns.append(_joined(pattern, verb))


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
    """Gives `book` with the patterns of each verb dictionary added, and one summary line a file of what
    mapped and what did not. For a verb the dictionary knows, its patterns come before the built-in ones
    (one with the same words replaces a built-in one), so the built-in ones serve only where none of the
    dictionary's holds; a code of the dictionary's own (a pattern that codes nothing) holds too. Event
    nouns that are the dictionary's verbs follow it (`_nouns`). `lemma` gives a verb form's lemma (the
    model's lemmatizer); without it a dictionary's verbs are taken as lemmas."""
    if not paths:
        return book, []
    added: list[Pattern] = []
    known: set[str] = set()
    classes = dict(book.classes)
    summaries = []
    for path in paths:
        mapping = read_petrarch_verbs(path)
        added.extend(lemmatized(mapping.patterns, lemma) if lemma else mapping.patterns)
        known.update(v for v in mapping.verbs if lemma is None or lemma(v) == v)
        classes.update(mapping.classes)
        summaries.append(mapping.summary(str(path)))
    table = _table(added)
    shapes = {(p.lemma, p.words, p.object_class) for patterns in table.values() for p in patterns}
    verbs = {}
    for word in dict.fromkeys([*table, *book.verbs]):
        # the dictionary's patterns before the built-in ones: for a verb it knows, the user's dictionary decides
        verbs[word] = (*table.get(word, ()), *(p for p in book.verbs.get(word, ())
                                               if (p.lemma, p.words, p.object_class) not in shapes))
    return replace(book, verbs=verbs, nouns=_nouns(book.nouns, table, known), classes=classes), summaries


def _nouns(nouns: dict[str, tuple[Pattern, ...]], table: dict[str, tuple[Pattern, ...]],
           known: set[str]) -> dict[str, tuple[Pattern, ...]]:
    """Gives the event nouns with those the dictionary has as verbs ("an attack", "the visit") coded as it
    codes the verb alone: the user's dictionary says what the word's act is, and when it gives the word
    no CAMEO code ("ATTACK [223]", "[---]"), the noun is no event either."""
    found = {}
    for word, patterns in nouns.items():
        if word not in known:
            found[word] = patterns
            continue
        alone = next((p for p in table.get(word, ()) if not (p.words or p.object_class or p.before or p.forms
                                                             or p.compound)), None)
        if alone is not None and alone.cameo in cameo_table():
            found[word] = tuple(replace(p, cameo=alone.cameo, mutual=alone.mutual) for p in patterns)
    return found
