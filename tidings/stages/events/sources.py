"""Who acts: the source rules of verbs and event nouns, tried in data's order.

A verb's doer comes from the sentence's structure (`verb_sources` in data/rules.yaml): its subject
or the subject it inherits, the speaker of a participle ("..., praising Quito"), or an unknown
name kept as written. An event noun's doer (`noun_sources`): its possessive, its "by" phrase, the
parties of "talks between", a nationality modifier, or the subject of the verb that carries it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.lexicon.patterns import Pattern
from tidings.record import Actor
from tidings.stages.actors import Resolved
from tidings.stages.events.arguments import Arguments, names_an_agent, registry, setting_verb
from tidings.stages.events.syntax import is_light, subject_of

# the noun source rules whose doer holds for every noun of a coordination ("Peru's threats and demands",
# "Peru imposed tariffs and quotas")
SHARED_SOURCE_RULES = frozenset({"possessive", "errand", "light_verb", "setting", "clause"})

VERB_RULES, verb_rule = registry()
NOUN_RULES, noun_rule = registry()


@dataclass
class VerbSources:
    """What the verb source rules found: the subject phrase looked at last, whether it came from a
    passive's "by", and the actors it resolved to (empty: none yet)."""

    head: Token | None = None
    by_agent: bool = False
    found: list[Resolved] = field(default_factory=list)
    how: str = "none"


def verb_sources(args: Arguments, rules: tuple[str, ...], verb: Token) -> VerbSources:
    """Gives the doer of a verb by the first rule in `rules` that finds one."""
    state = VerbSources()
    for name in rules:
        VERB_RULES[name](args, verb, state)
        if state.found:
            state.how = name
            break
    return state


@verb_rule("subject")
def _subject(args: Arguments, verb: Token, state: VerbSources) -> None:
    state.head, state.by_agent = subject_of(verb, args.cues)
    if state.head is not None and state.head.pos_ == "NOUN" and state.head.lemma_.lower() in args.cues.mishaps:
        return   # "killed in the ferry crash": no one did it, whoever owned the ferry
    state.found = args.resolve(state.head) if state.head is not None else []


@verb_rule("speaker")
def _speaker(args: Arguments, verb: Token, state: VerbSources) -> None:
    """ "..., praising Quito": a participle whose clause subject is no actor takes the speaker's."""
    climb = verb
    while not state.found and not state.by_agent and climb.dep_ == "advcl" and climb.tag_ == "VBG" \
            and climb.head != climb:
        climb = climb.head
        state.head, state.by_agent = subject_of(climb.head if climb.dep_ == "ccomp" else climb, args.cues)
        state.found = args.resolve(state.head) if state.head is not None else []


@verb_rule("instrument")
def _instrument(args: Arguments, verb: Token, state: VerbSources) -> None:
    """ "issued a decree that closes the border", "passed a law suspending the deal": a thing that does
    what its clause says is the instrument of whoever made it, the subject of the verb it is the object of."""
    head = state.head
    if head is None or state.by_agent or verb.dep_ not in {"relcl", "acl"} or verb.head.i != head.i \
            or head.dep_ != "dobj" or names_an_agent(head, args.cues) or head.lemma_.lower() not in args.cues.instruments:
        return
    maker, _ = subject_of(head.head, args.cues)
    state.found = args.resolve(maker) if maker is not None else []


@verb_rule("named_agent")
def _named_agent(args: Arguments, verb: Token, state: VerbSources) -> None:
    """An actor the tables do not know ("a gunman", "the Green Dawn Front"): kept as written, with
    no code, so the event still traces who the text says acted."""
    if state.head is not None and names_an_agent(state.head, args.cues):
        state.found = [args.phrase(state.head)]


def noun_sources(args: Arguments, rules: tuple[str, ...], noun: Token, pattern: Pattern | None
                 ) -> tuple[list[Resolved], str]:
    """Gives the doer of an event noun by the first rule in `rules` that finds one, and its name."""
    for name in rules:
        found = NOUN_RULES[name](args, noun, pattern)
        if found:
            return found, name
    return [], "none"


def _pobj_of(args: Arguments, noun: Token, word: str) -> list[Resolved]:
    """Gives the actors of the first `word` phrase on the noun that names any."""
    preps = (c for c in noun.children if c.dep_ == "prep" and c.lower_ == word)
    return next((found for found in map(args.pobj_actors, preps) if found), [])


@noun_rule("possessive")
def _possessive(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    owners = (c for c in noun.children if c.dep_ == "poss")
    return next((found for found in map(args.resolve, owners) if found), [])


@noun_rule("agent")
def _agent(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    """ "a raid by Peru"; "the launch by Peru of naval drills": the doer of the noun the act is "of";
    "condemnation of Chile's raid by Peru": a "by" the parser hung on an owned inner noun (a raid
    that is Chile's is not also Peru's) belongs to the outer one."""
    found = _pobj_of(args, noun, "by")
    if not found:
        inner = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj" and any(p.dep_ == "poss" for p in g.children)]
        found = next((f for f in (_pobj_of(args, g, "by") for g in inner) if f), [])
    head = noun.head
    if not found and noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        found = _pobj_of(args, head.head, "by") or next(
            (f for f in map(args.resolve, (c for c in head.head.children if c.dep_ == "poss")) if f), [])
    return found


@noun_rule("between")
def _between(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    if pattern is None or not pattern.mutual:
        return []
    found = _pobj_of(args, noun, "between")
    return found if len(found) >= 2 else []


@noun_rule("modifier")
def _modifier(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    modifiers = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"} and c.i < noun.i]
    modifiers += [g for c in modifiers for g in c.children if g.dep_ in {"compound", "amod", "nmod"}]
    for child in modifiers:
        found = [r for r in args.resolve(child) if r.actor.code] or args.nationality(child)
        if found:
            return found
    return []


@noun_rule("errand")
def _errand(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    """ "arrived on a visit", "flew to Quito for talks": the verb's subject is the noun's doer."""
    head = noun.head
    if noun.dep_ != "pobj" or head.lower_ not in args.cues.errand_preps or head.head.pos_ != "VERB":
        return []
    subject, _ = subject_of(head.head, args.cues)
    return args.resolve(subject) if subject is not None else []


@noun_rule("light_verb")
def _light_verb(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    """ "Peru held talks", "Peru agreed on a ceasefire": the subject of the verb that carries the noun,
    or that promises it."""
    noun = _measured(noun, args)
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in {"on", "to", "upon"}:
        verb = verb.head
        if not _modal_head(verb, args):
            return []
    elif noun.dep_ not in {"dobj", "nsubjpass"} or not (is_light(verb, args.cues) or _modal_head(verb, args)):
        return []
    subject, _ = subject_of(verb, args.cues)
    return args.resolve(subject) if subject is not None else []


def _measured(noun: Token, args: Arguments) -> Token:
    """Gives the measure noun that counts an event noun ("two days of talks": days), else the noun."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in args.cues.event_measures:
        return prep.head
    return noun


def _modal_head(verb: Token, args: Arguments) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in args.cues.intent_heads


@noun_rule("setting")
def _setting(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    verb = setting_verb(noun, args, pattern)
    subject, _ = subject_of(verb, args.cues) if verb is not None else (None, False)
    return [r for r in args.resolve(subject) if r.actor.code or r.person] if subject is not None else []


@noun_rule("clause")
def _clause(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    """ "Lima announced joint drills with Quito", "Lima said that drills with Quito had begun", "drills
    with Quito have begun, Lima said": the speaker who announces the act is its doer."""
    speech = args.cues.speech_verbs
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in speech:
        speaker = head
    elif noun.dep_ in {"nsubj", "nsubjpass"} and head.dep_ in {"ccomp", "parataxis"} \
            and head.head.lemma_.lower() in speech:
        speaker = head.head
    elif noun.dep_ in {"nsubj", "nsubjpass"} and head.dep_ == "ROOT":
        speaker = next((c for c in head.children if c.dep_ in {"ccomp", "parataxis"}
                        and c.lemma_.lower() in speech), None)
    else:
        return []
    subject, _ = subject_of(speaker, args.cues) if speaker is not None else (None, False)
    if subject is None or subject.i == noun.i:
        return []
    return [r for r in args.resolve(subject) if r.actor.code or r.person]


@noun_rule("conjunct")
def _conjunct(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    """ "Peru imposed tariffs and quotas on Chile": a noun coordinated with another takes the doer
    that noun's place gives (the verb that carries both, their possessive)."""
    first = noun
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    if first is noun:
        return []
    # only what the coordination's place gives: a "by" or a modifier of the first noun is its own
    rules = tuple(n for n in args.book.rules["noun_sources"] if n in SHARED_SOURCE_RULES)
    return noun_sources(args, rules, first, pattern)[0]


@noun_rule("crowd")
def _crowd(args: Arguments, noun: Token, pattern: Pattern | None) -> list[Resolved]:
    """ "rallies broke out in three towns", "the arrests drew criticism": acts that crowds or the state
    do, with no doer named, have an unseen one (recodes.yaml `unnamed_doers`), whom the attribution
    stage gives the country of the place or the document."""
    if pattern is None:
        return []
    sector = args.book.recodes.unnamed_doer(pattern.cameo)
    return [Resolved(Actor(text="", sector=sector), "unseen")] if sector else []
