"""Classify events: find the words of a sentence that state an act, and who does it to whom.

A verb or an event noun whose lemma has patterns (data/verbs.tsv, data/nouns.tsv) is a trigger
(verbs.py, nouns.py). Its doer comes from the sentence's structure, not from word order: the
subject, the agent of a passive, the subject inherited by a clause that has none ("X met Y and
signed ..."), the possessive of a noun event ("Peru's protest") (sources.py). Its target is the
object, or the object of the preposition the pattern names ("met with", "aid to", "curbs on")
(targets.py). Both are ordered lists of named rules, the order in data/rules.yaml. Words around
the trigger say whether it is a pledge ("will", "ready to"), a refusal ("declined to"), a threat or
denied ("did not") (modality.py, cue words in data/cues.yaml, re-codes in data/recodes.yaml).
Reported demands ("X said Y must V") are demands.py's; mentions.py keeps one event per happening.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from tidings.lexicon.patterns import PatternBook
from tidings.stages.actors import ActorResolver
from tidings.stages.events.arguments import Arguments
from tidings.stages.events.candidate import UNSEEN_ACTOR, Candidate
from tidings.stages.events.charges import charges
from tidings.stages.events.demands import demands
from tidings.stages.events.mentions import drop_mentions
from tidings.stages.events.nouns import NounEvents
from tidings.stages.events.syntax import preps
from tidings.stages.events.verbs import VerbEvents, class_object

__all__ = ["Candidate", "EventFinder", "UNSEEN_ACTOR"]


class EventFinder:
    """Finds event candidates in the sentences of one document, resolving actors through its resolver."""

    def __init__(self, book: PatternBook, resolver: ActorResolver):
        self.book = book
        self.args = Arguments(book, resolver)
        self.verbs = VerbEvents(self.args)
        self.nouns = NounEvents(self.args, self.verbs)

    def find(self, sent: Span) -> list[Candidate]:
        """Gives the event candidates of one sentence, in trigger order."""
        found: list[Candidate] = []
        covered: set[int] = set()   # event nouns already coded as the object of a verb pattern
        for token in sent:
            if not self._may_trigger(token):
                continue
            cand = self.verbs.candidate(token)
            if cand:
                found.append(cand)
                if cand.pattern.object_class:   # "held talks", "called for talks": the noun is this verb's event
                    covered.update(c.i for c in token.children if c.dep_ in {"dobj", "nsubjpass"})
                    what = class_object(cand.pattern, None, preps(token, self.book.cues))
                    if what is not None:
                        covered.add(what.i)
        for token in sent:
            if token.pos_ in {"NOUN", "PROPN"} and token.i not in covered:
                cand = self.nouns.candidate(token)
                if cand:
                    found.append(cand)
        found.extend(demands(sent, self.args, self.verbs))
        found.extend(charges(sent, self.args, self.verbs))
        kept = drop_mentions(found, self.book)
        for cand in found:
            if not any(k is cand for k in kept):
                self.args.drop(cand.trigger, "a mention of another event")
        found = kept
        found.sort(key=lambda c: c.trigger.i)
        return found

    def take_dropped(self) -> list[tuple[Token, str]]:
        """Gives the triggers dropped since last asked (pattern matched, no event), with why."""
        dropped, self.args.dropped = self.args.dropped, []
        return dropped

    def _may_trigger(self, token) -> bool:
        """Gives whether a word can be a verb trigger: a verb (or a main-clause "be"-like auxiliary with
        patterns) that neither carries an event noun nor describes one ("a raid targeting ...")."""
        if not (token.pos_ == "VERB" or (token.pos_ == "AUX" and token.lemma_ in self.book.verbs
                                         and token.dep_ == "ROOT")):
            return False
        if self.verbs.carries_event_noun(token):
            return False   # "ordered an inquiry": the noun is the act, the verb only carries it
        return not (token.dep_ == "acl" and token.head.lemma_.lower() in self.book.nouns)
