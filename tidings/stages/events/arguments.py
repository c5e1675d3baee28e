"""What the actor rules share: resolving the phrases around a trigger into actors.

`Arguments` joins the grammar (noun classes, cue words) with the document's actor resolver; the
source and target rules (sources.py, targets.py) ask it for the actors of a preposition's object,
the actors inside a phrase, the first country further down a clause, or a phrase kept as words.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Token

from tidings.lexicon.patterns import Pattern, PatternBook
from tidings.record import Actor
from tidings.lexicon.grammar import Cues
from tidings.stages.actors import ActorResolver, Resolved
from tidings.stages.phrases import mention_tokens, names_people, text_of
from tidings.stages.events.syntax import CLAUSE_DEPS

# entity labels of numbers and times: never an actor, and nothing below them is
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "QUANTITY"})
# dependency labels a search for a deeper target does not follow: the doer's side, function words,
# clauses of their own
DEEP_SKIP = frozenset({"nsubj", "nsubjpass", "agent", "aux", "auxpass", "punct", "cc", "parataxis", "relcl",
                       "mark", "npadvmod", "advmod", "neg", "expl"})

Rule = TypeVar("Rule", bound=Callable)


def registry() -> tuple[dict[str, Callable], Callable[[str], Callable[[Rule], Rule]]]:
    """Gives an empty table of named rules and the decorator that fills it."""
    rules: dict[str, Callable] = {}

    def rule(name: str) -> Callable[[Rule], Rule]:
        def register(function: Rule) -> Rule:
            rules[name] = function
            return function
        return register

    return rules, rule


class Arguments:
    """Resolves the arguments of triggers in one document's sentences."""

    def __init__(self, book: PatternBook, resolver: ActorResolver):
        self.book = book
        self.cues = book.cues
        self.resolver = resolver
        # triggers whose pattern matched but that gave no event, with why: what an explainer reads
        self.dropped: list[tuple[Token, str]] = []

    def drop(self, trigger: Token, reason: str) -> None:
        """Notes that a trigger matched a pattern and gave no event (`reason`: no actor, suppressed, ...)."""
        self.dropped.append((trigger, reason))

    def resolve(self, head: Token) -> list[Resolved]:
        return self.resolver.resolve(head)

    def pobj_actors(self, prep: Token) -> list[Resolved]:
        """Gives the actors of a preposition's object."""
        for child in prep.children:
            if child.dep_ == "pobj":
                return self.resolve(child)
        return []

    def phrase(self, head: Token) -> Resolved:
        """Gives a phrase kept as its words, with no code: what an act aims at when it is no actor. Its
        head's sector is kept ("dozens of residents": CVL), so that it can take a country later."""
        sector = self.resolver.lexicon.sector_of(head.lemma_.lower()) if head.pos_ == "NOUN" else None
        return Resolved(Actor(text=text_of(mention_tokens(head)), sector=sector), "phrase")

    def nationality(self, token: Token) -> list[Resolved]:
        """Gives the country a nationality word names ("Chilean"), as an actor, or nothing."""
        lexicon = self.resolver.lexicon
        code = lexicon.country_of_adjective(token.text)
        if not code:
            return []
        return [Resolved(Actor(text=token.text, name=lexicon.country_name(code), code=code), "title")]

    def in_class(self, obj: Token, name: str) -> bool:
        """Gives whether an object is of a noun class: itself, a compound ("aid package"), or what a
        quantity counts ("tons of aid", "a grant of 5 million")."""
        if name in {"person", "prisoner"} and obj.ent_type_ == "PERSON":
            return True   # "freed Ana Ruiz"
        if name == "actor":   # any object that is someone: "freed the mayor of Tarija"
            return any(r.actor.code or r.actor.sector or r.person for r in self.resolve(obj))
        words = [obj] + [c for c in obj.children if c.dep_ in {"compound", "amod"}]
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                words.extend(c for c in prep.children if c.dep_ == "pobj")
        words.extend(c for c in obj.children if c.dep_ == "conj")
        return any(self.book.in_class(w.lemma_, name) or self.book.in_class(w.lower_, name) for w in words)

    def inside(self, head: Token) -> list[Resolved]:
        """Gives the first actor named inside a phrase: "the ruling of the court", "Iran's offer".

        Its modifiers first ("a Chilean request": whose thing it is), then breadth-first through the
        phrase, not into clauses, taking only actors with a code: an unresolved word deep in a phrase
        says too little to be a target.
        """
        for child in head.children:
            if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                found = [r for r in self.resolve(child) if r.actor.code]
                if not found and child.dep_ == "amod":
                    found = self.nationality(child)
                if found:
                    return found
        queue = [c for c in head.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in {"conj", "cc", "punct"}]
        while queue:
            token = queue.pop(0)
            if token.pos_ in {"PROPN", "NOUN", "PRON"} and token.dep_ not in {"compound", "amod"}:
                found = [r for r in self.resolve(token) if r.actor.code]
                if found:
                    return found
            queue.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in {"cc", "punct"})
        return []

    def deep(self, verb: Token, source_head: Token | None, climb: bool = True) -> list[Resolved]:
        """Gives the first country or body named in what the trigger governs, its complement and
        purpose clauses included ("threatened to halt gas to Moldova", "blocked a bridge to protest
        against Spain"): the one the act is aimed at when no argument names it. With `climb`, a
        purpose clause that finds none asks the errand it serves ("sent monitors to Haiti to ...")."""
        sources = {r.actor.code for r in self.resolve(source_head)} if source_head is not None else set()
        queue = [c for c in verb.children if c.dep_ not in DEEP_SKIP and not (c.dep_ == "conj" and c.pos_ == "VERB")]
        while queue:
            token = queue.pop(0)
            if token.ent_type_ in NUMERIC_LABELS:
                continue
            place = token.dep_ == "pobj" and token.head.lower_ in self.cues.place_preps
            if token.pos_ in {"PROPN", "NOUN"} and token.dep_ not in {"compound", "amod"} and not place:
                found = [r for r in self.resolve(token) if r.actor.code and r.actor.code not in sources]
                if found:
                    return found
            if token.dep_ == "amod" and token.head.dep_ in {"pobj", "dobj"}:
                found = [r for r in self.nationality(token) if r.actor.code not in sources]
                if found:   # "curbs on Danish imports"
                    return found
            queue.extend(c for c in token.children if c.dep_ not in DEEP_SKIP)
        if climb and verb.dep_ in {"advcl", "xcomp"} and verb.head.pos_ == "VERB":
            return [r for r in self.deep(verb.head, source_head, climb=False) if r.actor.code]
        return []

    def phrase_after(self, preps: dict[str, Token], order: tuple[str | None, ...],
                     exclude: frozenset[str] = frozenset(), named: str | None = None) -> list[Resolved]:
        """Gives the words after a target preposition when no actor stands there ("an inquiry into
        the fire"): the event still says toward what it was aimed. The preposition the pattern names
        (`named`: "withdrawal from") is one whatever the word."""
        for prep in order:
            if prep and prep in preps and (prep in self.cues.phrase_target_preps or prep == named):
                for obj in preps[prep].children:
                    if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "PROPN"} and not self.in_class(obj, "weapons") \
                            and obj.ent_type_ not in {"DATE", "TIME"}:
                        return self.phrase_or_inside(obj, exclude)
        return []

    def phrase_or_inside(self, head: Token, exclude: frozenset[str] = frozenset()) -> list[Resolved]:
        """Gives the country or body a phrase names inside it ("areas around Kyiv", "goods from
        Chile"), else the phrase as its words; never one of the doers' own codes (`exclude`)."""
        inside = [r for r in self.inside(head) if r.actor.code not in exclude]
        return inside or [self.phrase(head)]


def names_an_agent(head: Token, cues: Cues) -> bool:
    """Gives whether an unresolved subject can still be an actor: a name, or a noun for people who
    act ("a sniper", "the strikers"), not a thing or a happening ("the storm")."""
    if head.pos_ == "PROPN" or head.ent_type_ in {"ORG", "NORP", "GPE", "PERSON"}:
        return True
    return head.pos_ == "NOUN" and names_people(head, cues)


def is_actor_like(found: list[Resolved]) -> bool:
    """Gives whether resolved actors are someone (a coded office, a person), not only a place."""
    return any(r.actor.code and r.how in {"name", "title", "person", "pronoun", "pair"} and r.actor.sector
               for r in found) or any(r.how == "person" for r in found)


def setting_verb(noun: Token, args: Arguments, pattern: Pattern | None) -> Token | None:
    """Gives the verb a meeting noun sets the scene of ("In a phone call, Peru thanked Chile"; "at
    talks in Lima, Peru urged Chile"), or None: the meeting is between that verb's doer and its object."""
    head = noun.head
    if pattern is None or pattern.cameo[:2] not in args.book.recodes.roots["settings"]:
        return None
    if noun.dep_ != "pobj" or head.lower_ not in args.cues.setting_preps or head.head.pos_ != "VERB":
        return None
    if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in noun.children):
        return None   # "at the meeting": one told of before
    verb = head.head
    return verb if any(c.dep_ in {"dobj", "dative"} for c in verb.children) else None
