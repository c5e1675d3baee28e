"""Attach dates and places to events: the time and place expressions that govern a trigger.

A date or place belongs to an event when it hangs on the trigger's clause: on the trigger itself
("met on Monday", "the meeting in Astana"), inside what the trigger governs ("backs the staging
of a fair in 2026"), or on a verb the trigger's clause depends on ("said Wednesday that he
will ..."). The nearest such attachment wins; an event with no date words gets none here, and its
record takes the article's day.
"""
from __future__ import annotations

import datetime
from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from tidings.lexicon.actors import ActorLexicon
from tidings.record import Location
from tidings.stages.dates import ResolvedDate, resolve_date
from tidings.stages.places import Gazetteer

PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "within"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PART_WORDS = {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest", "center",
              "centre", "outskirts", "part", "heart", "suburbs", "suburb", "edge", "city", "town", "village",
              "province", "region", "capital", "border", "coast", "district"}


def _clause_verb(token: Token) -> bool:
    """Gives whether a word heads a clause of its own: a verb with a subject or a finite verb; a bare
    participle ("hurt in a rocket strike near Kharkiv") is part of the phrase around it."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if token.tag_ in {"VBG", "VBN"} and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"}
                                                for c in token.children):
        return False
    return True


def _distance(expr_root: Token, trigger: Token) -> int | None:
    """Gives how far an expression hangs from the trigger's clause, or None when it is elsewhere."""
    path = [expr_root]
    while path[-1].head != path[-1] and len(path) < 12:
        path.append(path[-1].head)
    if trigger in path:
        # inside the trigger's own phrase, but not inside another clause it governs
        # ("her tour since winning the vote in May": May dates the winning, not the tour)
        if any(_clause_verb(t) for t in path[1:path.index(trigger)]):
            return None
        return 0
    ancestors = [trigger]
    while ancestors[-1].head != ancestors[-1] and len(ancestors) < 12:
        ancestors.append(ancestors[-1].head)
    for hop, token in enumerate(path[1:], start=1):
        if token.pos_ in {"VERB", "AUX"} and (_clause_verb(token) or token in ancestors):
            if token in ancestors:
                return 1 + ancestors.index(token) + hop
            return None
    return None


@lru_cache(maxsize=2)
def _doc_entities(doc: Doc) -> tuple[list[int], list[Span]]:
    """Gives a parse's entities and where each starts, made once per parse: `Doc.ents` builds every
    entity's Span anew on each call, which made `sent.ents` per event grow with the square of a
    long paragraph. Keyed by the Doc itself (hashed by identity); the last two parses are kept."""
    ents = list(doc.ents)
    return [ent.start for ent in ents], ents


def sentence_entities(sent: Span) -> list[Span]:
    """Gives the entities wholly inside a sentence, in order: what `sent.ents` gives, from a cache."""
    starts, ents = _doc_entities(sent.doc)
    found = []
    for ent in ents[bisect_left(starts, sent.start):]:
        if ent.end > sent.end:
            break
        found.append(ent)
    return found


def _plausible(day: datetime.date, doc_date: datetime.date | None) -> bool:
    """Gives whether a resolved date can be a news event's: "from 1300 to 0500" is a curfew's hours."""
    latest = (doc_date.year if doc_date else datetime.date.today().year) + 30
    return 1800 <= day.year <= latest


def event_date(trigger: Token, sent: Span, doc_date: datetime.date | None) -> ResolvedDate | None:
    """Gives the date the words on the trigger's clause give the event at `trigger`, None when they
    give none (the record then takes its article's day: tidings.days.event_day)."""
    best: tuple[int, ResolvedDate] | None = None
    for ent in sentence_entities(sent):
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        resolved = resolve_date(ent.text, doc_date)
        if resolved is None or not _plausible(resolved.date, doc_date):
            continue
        distance = _distance(ent.root, trigger)
        if distance is None:
            continue
        if best is None or distance < best[0]:
            best = (distance, resolved)
    return None if best is None else best[1]


def event_place(trigger: Token, sent: Span, gazetteer: Gazetteer, lexicon: ActorLexicon) -> Location | None:
    """Gives where the event at `trigger` happened, from an "in"/"at" place phrase on its clause."""
    best: tuple[int, Location] | None = None
    for ent in sentence_entities(sent):
        if ent.label_ not in PLACE_LABELS:
            continue
        root = ent.root
        prep = root.head
        if root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in PART_WORDS:
            # "in the north of the province", "on the outskirts of Lima"
            root, prep = prep.head, prep.head.head
        if root.dep_ != "pobj" or prep.lower_ not in PLACE_PREPS | {"on"}:
            continue
        location = locate(ent.text, gazetteer, lexicon)
        if location is None:
            # "southeastern Serbia", "northern Iraq": the name without its lower-case qualifiers
            proper = " ".join(t.text for t in ent if t.pos_ == "PROPN")
            if proper and proper != ent.text:
                location = locate(proper, gazetteer, lexicon)
        if location is None:
            continue
        distance = _distance(root, trigger)
        if distance is None:
            continue
        if prep.lower_ == "on" and root == ent.root:
            continue   # "on Israel" is a target, not a place; "on the outskirts of" is a place
        if best is None or distance < best[0]:
            best = (distance, location)
    return None if best is None else best[1]


def locate(text: str, gazetteer: Gazetteer, lexicon: ActorLexicon) -> Location | None:
    """Gives the location a place name stands for: a gazetteer place, else a country by name."""
    name = text[4:] if text.lower().startswith("the ") else text
    place = gazetteer.lookup(name)
    if place is not None:
        return Location(text=text, code=place.code, lat=place.lat, lon=place.lon)
    entry = lexicon.match_name(name)
    if entry is not None and entry.kind in {"country", "capital"}:
        return Location(text=text, code=entry.code, lat=None, lon=None)
    return None
