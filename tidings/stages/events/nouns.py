"""Event nouns: a noun whose lemma has patterns (data/nouns.tsv) names an act ("the talks", "a raid").

Its doer and target come from the phrase around it (the source and target rules); its modality from
the verb that governs it ("agreed to hold talks"); "no agreement" denies it.
"""
from __future__ import annotations

from spacy.tokens import Token

from tidings.lexicon.patterns import Pattern
from tidings.stages.events.arguments import Arguments
from tidings.stages.events.candidate import Candidate, is_joint
from tidings.stages.events.modality import apply_modality, noun_modality
from tidings.stages.events.sources import NOUN_RULES as NOUN_SOURCE_RULES
from tidings.stages.events.sources import noun_sources
from tidings.stages.events.syntax import governing_verb, preps
from tidings.stages.events.targets import NOUN_RULES as NOUN_TARGET_RULES
from tidings.stages.events.targets import find_targets, noun_query
from tidings.stages.events.verbs import VerbEvents


class NounEvents:
    """Finds the events nouns name, with one document's arguments."""

    def __init__(self, args: Arguments, verbs: VerbEvents):
        self.args = args
        self.book = args.book
        self.verbs = verbs   # for matching patterns, which verbs and nouns do alike
        self.source_rules = self.book.rules.check("noun_sources", NOUN_SOURCE_RULES)
        self.target_rules = self.book.rules.check("noun_targets", NOUN_TARGET_RULES)

    def patterns(self, noun: Token) -> tuple[Pattern, ...] | None:
        """Gives the patterns of a noun: of a two-word name first ("air strike", "phone call")."""
        patterns = None
        for child in noun.children:
            if child.dep_ in {"compound", "amod"} and child.i == noun.i - 1:
                patterns = self.book.nouns.get(f"{child.lemma_.lower()}_{noun.lemma_.lower()}")
        return patterns or self.book.nouns.get(noun.lemma_.lower())

    def candidate(self, noun: Token) -> Candidate | None:
        """Gives the event a noun names, or None."""
        patterns = self.patterns(noun)
        if not patterns:
            return None
        cues = self.args.cues
        # "issued arrest warrants against the traders": the noun that carries the act stands in its place
        carrier = noun.head if noun.dep_ == "compound" and noun.head.lemma_.lower() in cues.carrier_nouns else None
        place = carrier if carrier is not None else noun
        pattern = self.verbs.match(patterns, {**preps(place, cues), **preps(noun, cues)}, None)
        if pattern is None:
            return None
        sources, how = noun_sources(self.args, self.source_rules, place, pattern)
        if not sources:
            self.args.drop(noun, "no actor")
            return None
        targets, target_how = [], "none"
        if how != "between":   # "talks between Peru and Chile": the parties are both doers
            query = noun_query(self.args, place, pattern)
            query.exclude = frozenset(r.actor.code for r in sources if r.actor.code)
            targets, target_how = find_targets(self.args, self.target_rules, NOUN_TARGET_RULES, query)
        governor = governing_verb(place)
        mood = noun_modality(governor, self.args.cues)
        if mood.suppressed:
            self.args.drop(noun, "not done (asked for, conditional, claimed)")
            return None
        cand = Candidate(noun, pattern, pattern.cameo, sources, targets, evidence={"noun", how, target_how})
        if pattern.mutual and is_joint(noun, self.args.cues.joint_words):
            cand.evidence.add("joint")
        cand = apply_modality(cand, mood, self.book.recodes)
        if any(c.dep_ == "det" and c.lower_ in self.args.cues.negating_determiners for c in noun.children):
            cand.negated = True   # "no agreement was reached"
        return cand
