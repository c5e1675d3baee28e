"""Toward whom an act is aimed: the target rules of verbs and event nouns, tried in data's order.

Each rule is a named function; `data/rules.yaml` lists the order (`verb_targets`, `noun_targets`).
The first rule that finds a target wins, and its name goes into the event's evidence. A rule gives
actors, or phrases kept as words when the act aims at something that is no actor.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.lexicon.patterns import Pattern
from tidings.stages.actors import Resolved
from tidings.stages.events.arguments import Arguments, is_actor_like, registry, setting_verb
from tidings.stages.events.syntax import is_light, preps as preps_of

VERB_RULES, verb_rule = registry()
NOUN_RULES, noun_rule = registry()
# rules whose target is only words: a reversed pattern ("received aid from X") needs an actor
PHRASE_RULES = frozenset({"phrase_after", "phrase_object", "noun_phrase_after"})
# rules that find a target somewhere inside the trigger's phrases rather than in an argument slot
LOOSE_TARGET_RULES = PHRASE_RULES | {"inside", "deep"}


@dataclass
class TargetQuery:
    """What the target rules read: the trigger, its pattern and arguments, and who acts."""

    trigger: Token
    pattern: Pattern
    preps: dict[str, Token]
    obj: Token | None = None
    source_head: Token | None = None
    exclude: frozenset[str] = frozenset()   # the doers' codes: no target of theirs


def find_targets(args: Arguments, rules: tuple[str, ...], table: dict, query: TargetQuery) -> tuple[list[Resolved], str]:
    """Gives the targets of the first rule in `rules` that finds any, and its name ("none": no rule did)."""
    for name in rules:
        # a target is never the doer itself: "shut its border with Chile" is aimed at Chile (a body or
        # office of the same country is another actor: "Congress pressed the president")
        found = [r for r in table[name](args, query) if not _itself(r, query)]
        if found:
            return found, name
    return [], "none"


def _itself(found: Resolved, query: TargetQuery) -> bool:
    """Gives whether a target is the doer's own country or a pronoun for it."""
    a = found.actor
    return bool(a.code) and a.code in query.exclude and not query.pattern.reverse \
        and (a.sector is None or found.how == "pronoun")


# --- verbs ------------------------------------------------------------------------------------------

@verb_rule("pattern_prep")
def _pattern_prep(args: Arguments, q: TargetQuery) -> list[Resolved]:
    prep = q.pattern.target_prep
    return args.pobj_actors(q.preps[prep]) if prep and prep in q.preps else []


@verb_rule("object_prep")
def _object_prep(args: Arguments, q: TargetQuery) -> list[Resolved]:
    """ "held a session with X", "imposed curbs on X": the target hangs on the pattern's object."""
    if q.obj is None or not q.pattern.object_class:
        return []
    obj_preps = preps_of(q.obj, args.cues)
    first = (q.pattern.target_prep,) if q.pattern.target_prep else ()
    for prep in first + args.cues.order("object_target_preps"):
        if prep in obj_preps:
            found = args.pobj_actors(obj_preps[prep])
            if found:
                return found
    return []


@verb_rule("dative")
def _dative(args: Arguments, q: TargetQuery) -> list[Resolved]:
    for child in q.trigger.children:
        if child.dep_ == "dative":
            found = args.resolve(child) if child.pos_ != "ADP" else args.pobj_actors(child)
            if found:
                return found
    return []


@verb_rule("given_to")
def _given_to(args: Arguments, q: TargetQuery) -> list[Resolved]:
    """ "lent its tanks to Kyiv": the one given to is the target."""
    if q.obj is None or q.trigger.lemma_.lower() not in args.cues.giving_verbs or "to" not in q.preps:
        return []
    return [r for r in args.pobj_actors(q.preps["to"]) if r.actor.code or r.person]


@verb_rule("object")
def _object(args: Arguments, q: TargetQuery) -> list[Resolved]:
    if q.obj is None or q.obj == q.source_head or args.in_class(q.obj, "weapons"):
        return []
    found = args.resolve(q.obj)
    # an object of a class ("welcome [visitor]", "release [prisoner]") is the target when it is an actor
    if found and (q.pattern.object_class is None or any(r.actor.code or r.person for r in found)):
        return found
    return []


def _first_prep_target(args: Arguments, preps: dict[str, Token], order: tuple[str | None, ...]) -> list[Resolved]:
    """Gives the actors of the first preposition in `order` that has some; a place preposition's only
    when they are someone, not just a place ("talks in Lima")."""
    for prep in order:
        if prep and prep in preps:
            place = prep in args.cues.place_preps
            if place and any(c.dep_ == "pobj" and c.ent_type_ in {"GPE", "LOC", "FAC"} for c in preps[prep].children):
                continue   # "the arrest in Lima": a place, not whom it was aimed at
            found = args.pobj_actors(preps[prep])
            if found and (not place or is_actor_like(found)):
                return found
    return []


@verb_rule("other_prep")
def _other_prep(args: Arguments, q: TargetQuery) -> list[Resolved]:
    order = tuple(p for p in args.cues.order("target_preps") if p not in q.pattern.words)
    return _first_prep_target(args, q.preps, order)


@verb_rule("inside")
def _inside(args: Arguments, q: TargetQuery) -> list[Resolved]:
    return args.inside(q.obj) if q.obj is not None else []


@verb_rule("clause_subject")
def _clause_subject(args: Arguments, q: TargetQuery) -> list[Resolved]:
    """ "insisted that Laos withdraw ...": who is asked, warned or blamed is the clause's subject."""
    if q.pattern.cameo[:2] not in args.book.recodes.roots["addressed"]:
        return []
    for child in q.trigger.children:
        if child.dep_ == "ccomp":
            subject = next((c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                found = [r for r in args.resolve(subject) if r.actor.code or r.person]
                if found:
                    return found
    return []


@verb_rule("deep")
def _deep(args: Arguments, q: TargetQuery) -> list[Resolved]:
    return args.deep(q.trigger, q.source_head)


@verb_rule("phrase_after")
def _phrase_after(args: Arguments, q: TargetQuery) -> list[Resolved]:
    prep = q.pattern.target_prep
    return args.phrase_after(q.preps, (prep,), q.exclude, named=prep) if prep else []


@verb_rule("phrase_object")
def _phrase_object(args: Arguments, q: TargetQuery) -> list[Resolved]:
    obj = q.obj
    if obj is None or q.pattern.object_class is not None or obj.pos_ not in {"NOUN", "PROPN"} \
            or args.in_class(obj, "weapons"):
        return []
    return args.phrase_or_inside(obj, q.exclude)


# --- event nouns ------------------------------------------------------------------------------------

def noun_query(args: Arguments, noun: Token, pattern: Pattern) -> TargetQuery:
    """Gives the target query of an event noun: its prepositions, and its light verb's ("filed a
    complaint against X": the preposition may hang on the verb)."""
    preps = preps_of(noun, args.cues)
    if noun.dep_ in {"dobj", "nsubjpass"} and is_light(noun.head, args.cues):
        preps = {**preps_of(noun.head, args.cues), **preps}
    return TargetQuery(noun, pattern, preps)


def _noun_order(args: Arguments, q: TargetQuery) -> tuple[str | None, ...]:
    return ((q.pattern.target_prep,) if q.pattern.target_prep else ()) + args.cues.order("noun_target_preps")


@noun_rule("noun_prep")
def _noun_prep(args: Arguments, q: TargetQuery) -> list[Resolved]:
    return _first_prep_target(args, q.preps, _noun_order(args, q))


@noun_rule("setting_object")
def _setting_object(args: Arguments, q: TargetQuery) -> list[Resolved]:
    """ "In a phone call, Peru thanked Chile": the one a doer addresses in the meeting is its other
    party; "during talks the allies condemned X" leaves X out (the allies met each other)."""
    verb = setting_verb(q.trigger, args, q.pattern)
    if verb is None or len(q.exclude) > 1:
        return []
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    return [r for o in objects for r in args.resolve(o) if r.actor.code or r.person]


@noun_rule("noun_phrase_after")
def _noun_phrase_after(args: Arguments, q: TargetQuery) -> list[Resolved]:
    return args.phrase_after(q.preps, _noun_order(args, q), q.exclude, named=q.pattern.target_prep)
