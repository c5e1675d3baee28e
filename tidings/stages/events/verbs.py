"""Verb triggers: a verb whose lemma has patterns (data/verbs.tsv) states an act; who does it to whom.

The most specific pattern the verb matches with its particles, prepositions and object wins. A verb
that governs another trigger ("agreed to meet") leaves the act to it; a light verb that carries an
event noun ("held talks") leaves it to the noun. Acts whose doer the text leaves out ("two guards
were shot") keep their victims as target and an unseen doer.
"""
from __future__ import annotations

from spacy.tokens import Token

from tidings.lexicon.patterns import Pattern, for_form
from tidings.ontology import cameo_table
from tidings.stages.actors import Resolved
from tidings.stages.events.arguments import Arguments, names_an_agent
from tidings.stages.events.candidate import UNSEEN_ACTOR, Candidate
from tidings.stages.events.modality import Modality, apply_modality, modality
from tidings.stages.events.sources import NOUN_RULES as NOUN_SOURCE_RULES
from tidings.stages.events.sources import VERB_RULES as VERB_SOURCE_RULES
from tidings.stages.events.sources import VerbSources, noun_sources, verb_sources
from tidings.stages.events.syntax import (agent_of, is_light, is_passive, object_of, passive_subject, preps,
                                          subject_of, verb_lemmas)
from tidings.stages.events.targets import PHRASE_RULES, TargetQuery, find_targets
from tidings.stages.events.targets import VERB_RULES as VERB_TARGET_RULES
from tidings.stages.phrases import conjuncts


# what a naming verb gives when the name blames no one: no event
NAMING_ONLY = Pattern("", (), None, None, "010", line="naming")


class VerbEvents:
    """Finds the events verbs state, with one document's arguments."""

    def __init__(self, args: Arguments):
        self.args = args
        self.book = args.book
        self.cues = args.cues
        rules = self.book.rules
        self.source_rules = rules.check("verb_sources", VERB_SOURCE_RULES)
        self.noun_source_rules = rules.check("noun_sources", NOUN_SOURCE_RULES)
        self.target_rules = rules.check("verb_targets", VERB_TARGET_RULES)

    def pattern(self, verb: Token) -> Pattern | None:
        """Gives the most specific pattern a verb matches with its particles, prepositions and object."""
        patterns = None
        for lemma in verb_lemmas(verb):
            patterns = for_form(self.book.verbs.get(lemma, ()), verb.lower_)
            if patterns:
                break
        if not patterns:
            return None
        return self.match(patterns, preps(verb, self.cues), object_of(verb, is_passive(verb)), verb)

    def match(self, patterns: tuple[Pattern, ...], found: dict[str, Token], obj: Token | None,
              verb: Token | None = None) -> Pattern | None:
        """Gives the first of `patterns` whose words and object class the trigger's arguments hold (and,
        for a pattern that asks for several actors in a place, whose `verb` has them there)."""
        obj_preps = preps(obj, self.cues) if obj is not None else {}
        # "fired drones, missiles and artillery rounds at X": the last conjunct's preposition serves all
        for conj in obj.conjuncts if obj is not None else ():
            obj_preps = {**preps(conj, self.cues), **obj_preps}
        left: list[str] | None = None
        for pattern in patterns:
            # "received pledges from X", "imposed curbs on X": the preposition may hang on the object
            where = {**obj_preps, **found} if pattern.object_class else found
            if any(w not in where for w in pattern.words):
                continue
            if pattern.compound and (verb is None or not self._several(pattern, verb, found)):
                continue
            if pattern.before:
                if verb is not None and left is None:
                    left = [t.lower_ for t in verb.sent if t.i < verb.i]   # PETRARCH's words before the verb
                if verb is None or not pattern.holds_before(left):
                    continue
            if pattern.object_class:
                what = class_object(pattern, obj, found)
                if what is None:
                    continue
                if pattern.object_class != "any" and not self.args.in_class(what, pattern.object_class):
                    continue
                if (pattern.object_words or pattern.object_after) and not _has_words(what, pattern):
                    continue
            return pattern
        return None

    def _several(self, pattern: Pattern, verb: Token, found: dict[str, Token]) -> bool:
        """Gives whether the party a pattern asks to be several is coordinated words ("X and Y")."""
        if pattern.compound == "doer":
            head = subject_of(verb, self.cues)[0]
        else:
            prep = found.get(pattern.target_prep or "")
            head = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        return head is not None and len(conjuncts(head)) > 1

    def carries_event_noun(self, verb: Token) -> bool:
        """Gives whether a light verb only carries an event noun ("ordered an inquiry"): the noun is the act."""
        if not is_light(verb, self.cues):
            return False
        pattern = self.pattern(verb)
        if pattern is None or pattern.object_class:
            return False
        return any(c.dep_ == "dobj" and c.lemma_.lower() in self.book.nouns for c in verb.children)

    def governs_event(self, verb: Token) -> bool:
        """Gives whether a modal head governs another trigger ("agreed to meet", "agreed on holding talks")."""
        cues = self.cues
        if verb.lemma_.lower() not in cues.intent_heads | cues.refuse_heads | cues.threat_heads | cues.fail_heads:
            return False
        for child in verb.children:
            if child.dep_ == "xcomp" and self.pattern(child) is not None:
                return True
            if child.dep_ == "prep" and any(g.dep_ == "pcomp" and self.pattern(g) is not None for g in child.children):
                return True
        # "agreed on a ceasefire", "pledged talks": the event noun is what was promised (not "agreed to
        # US mediation", someone else's act, nor "rejected Peru's demand")
        if verb.lemma_.lower() in cues.intent_heads and not is_light(verb, cues):
            nouns = [c for c in verb.children if c.dep_ == "dobj"]
            nouns += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"on", "to", "upon"}
                      for g in c.children if g.dep_ == "pobj"]
            return any(n.lemma_.lower() in self.book.nouns and self._own_act(n) for n in nouns)
        return False

    def reports_event(self, verb: Token) -> bool:
        """Gives whether a speech verb trails the report it gives ("Peru will send aid, an official
        said"): such a clause says where the report came from, and the saying is no act of its own."""
        if verb.lemma_.lower() not in self.cues.speech_verbs:
            return False
        return any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)

    def _own_act(self, noun: Token) -> bool:
        """Gives whether an event noun names no doer of its own (no possessive, "by" or nationality)."""
        return not any(c.dep_ in {"poss", "compound", "amod", "nmod"} and c.i < noun.i
                       and (c.dep_ == "poss" or self.args.nationality(c) or self.args.resolve(c))
                       for c in noun.children) and not any(c.dep_ == "prep" and c.lower_ == "by" for c in noun.children)

    def naming(self, verb: Token) -> Pattern | None:
        """Gives, for a verb that names what its object is ("called the drills a provocation",
        "described the raid as a violation"), the pattern of the judgement: criticism when the name
        blames (noun class `blame`), else none (naming is no act; "called it" is no phone call)."""
        if verb.lemma_.lower() not in self.cues.naming_verbs:
            return None
        complement = next((c for c in verb.children if c.dep_ == "oprd"), None)
        for prep in verb.children:
            if complement is None and prep.dep_ == "prep" and prep.lower_ == "as":
                complement = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if complement is None:
            return None
        if self.args.in_class(complement, "blame"):
            return Pattern(verb.lemma_.lower(), (), None, None, "111", line="naming")
        return NAMING_ONLY

    def candidate(self, verb: Token) -> Candidate | None:
        """Gives the event a verb states, or None."""
        pattern = self.naming(verb) or self.pattern(verb)
        if pattern is NAMING_ONLY:
            return None
        if pattern is not None and pattern.cameo not in cameo_table():
            # a PETRARCH dictionary's own code ("903") or "---": its words say this is no act Tidings records
            self.args.drop(verb, f"the verbs file's code {pattern.cameo}, outside CAMEO")
            return None
        if pattern is None or self.governs_event(verb):
            return None  # "agreed to meet": the complement is the act; modality comes from here
        if self.reports_event(verb):
            self.args.drop(verb, "a reporting clause after its report")
            return None
        mood = modality(verb, self.cues)
        if mood.suppressed:
            self.args.drop(verb, "not done (asked for, conditional, claimed)")
            return None
        sources = verb_sources(self.args, self.source_rules, verb)
        if not sources.found:
            unseen = self._unseen_doer(verb, pattern, mood, sources)
            if unseen is None:
                self.args.drop(verb, "no actor")
            return unseen
        passive = is_passive(verb)
        query = TargetQuery(verb, pattern, preps(verb, self.cues), object_of(verb, passive), sources.head,
                            frozenset(r.actor.code for r in sources.found if r.actor.code))
        targets, how = find_targets(self.args, self.target_rules, VERB_TARGET_RULES, query)
        if not targets and query.obj is not None and query.obj.lower_.endswith(("self", "selves")) \
                and not any(p in self.cues.place_preps for p in query.preps):
            # "Peru had armed itself": no other party ("blew himself up in Lima" hit the place)
            self.args.drop(verb, "an act on the doer itself")
            return None
        doers = sources.found
        if pattern.reverse:
            if not targets or how in PHRASE_RULES:
                self.args.drop(verb, "no actor")   # "received aid" from no one named
                return None
            doers, targets = targets, doers
        owned = self._owns_up(verb, query.exclude)
        code = self.book.recodes.recode("avowal", pattern.cameo) if owned else pattern.cameo
        cand = Candidate(verb, pattern, code, doers, targets, evidence={"verb", how})
        if sources.by_agent:
            cand.evidence.add("passive")
        return apply_modality(cand, mood, self.book.recodes)

    def _owns_up(self, verb: Token, doers: frozenset[str]) -> bool:
        """Gives whether a claim tells of the claimant's own act ("Peru claimed that its jets hit the
        camp"): the claim owns up to the act below it, which is no accusation of anyone."""
        if verb.lemma_.lower() not in self.cues.avowal_heads or not doers:
            return False
        for clause in verb.children:
            if clause.dep_ != "ccomp" or self.pattern(clause) is None:
                continue
            subject = subject_of(clause, self.cues)[0]
            if subject is not None and any(r.actor.code in doers for r in self.args.resolve(subject)):
                return True
        return False

    def _unseen_doer(self, verb: Token, pattern: Pattern, mood: Modality, sources: VerbSources) -> Candidate | None:
        """ "two guards were shot", "a car bomb killed two guards": the act is reported, its doer not
        named as an actor; the victims are the target. None unless the act is one reports tell so."""
        head = sources.head
        # a weapon or an attack may stand where the doer would; a crash or a flood is no act of anyone
        thing = head is not None and not names_an_agent(head, self.cues) and (
            self.args.in_class(head, "weapons") or head.lemma_.lower() in self.book.nouns
            or head.lemma_.lower() in self.cues.doer_things)
        roots = self.book.recodes.roots
        if not ((head is None and sources.by_agent) or thing) or pattern.cameo[:2] not in roots["unseen_actor"]:
            return None
        targets = self._victims(verb, pattern, sources.by_agent)
        if not targets or mood.intent or mood.negated or mood.refused or mood.threatened:
            return None   # "would be charged" or "was not arrested" says too little without a doer
        doers = self._doers_in_means(verb)
        if thing and not doers and self.args.in_class(head, "weapons"):
            doers = self._weapon_users(head)
        if thing and not doers and head.lemma_.lower() in self.book.nouns:
            doers, _ = noun_sources(self.args, self.noun_source_rules, head, None)
        cameo_code = pattern.cameo
        if thing and cameo_code[:2] == "18" and head.lemma_.lower() in self.cues.military_means:
            cameo_code = "190"   # "blown up by a missile": armed forces' weapons make it military force
        cand = Candidate(verb, pattern, cameo_code, doers or [UNSEEN_ACTOR], targets, evidence={"verb", "passive"})
        return apply_modality(cand, mood, self.book.recodes)

    def _victims(self, verb: Token, pattern: Pattern, by_agent: bool) -> list[Resolved]:
        patient = passive_subject(verb) if by_agent else None
        victims = [patient] if patient is not None else [c for c in verb.children if c.dep_ == "dobj" and not by_agent]
        if not victims and verb.dep_ == "acl" and pattern.cameo[:2] in self.book.recodes.roots["unseen_victims"]:
            victims = [verb.head]   # "five miners killed in a raid"; "a report released" is no act
        if victims and self.args.in_class(victims[0], "weapons"):
            victims = []   # "a shell was fired at the post": the weapon is no victim
        targets = self.args.resolve(victims[0]) if victims else []
        if victims and not targets and (victims[0].pos_ in {"NOUN", "PROPN"}
                                        or victims[0].lower_ in self.cues.person_pronouns):
            # "she was detained" with no one named before: someone was, and the words say so
            targets = [self.args.phrase(victims[0])]
        return targets

    def _weapon_users(self, weapon: Token) -> list[Resolved]:
        """ "killed by a rocket fired by the rebels", "hit by a Chilean missile": who used the weapon,
        as its phrase says, is the doer."""
        for child in weapon.children:
            if child.dep_ == "acl" and child.tag_ == "VBN":
                # "a missile believed to have been fired by the rebels": the agent of its complement
                clauses = [child] + [c for c in child.children if c.dep_ == "xcomp"]
                agent = next((a for a in map(agent_of, clauses) if a is not None), None)
                found = [r for r in self.args.resolve(agent) if r.actor.code] if agent is not None else []
                if found:
                    return found
        for child in weapon.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i < weapon.i:
                found = [r for r in self.args.resolve(child) if r.actor.code] or self.args.nationality(child)
                if found:
                    return found
        return []

    def _doers_in_means(self, verb: Token) -> list[Resolved]:
        """ "hurt in Syrian shelling", "wounded in a raid by militias": a passive with no agent may
        name the doer in the act it was done by."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in self.cues.means_preps:
                for means in prep.children:
                    if means.dep_ == "pobj" and means.pos_ == "NOUN":
                        found, _ = noun_sources(self.args, self.noun_source_rules, means, None)
                        if found:
                            return found
        return []


def _has_words(head: Token, pattern: Pattern) -> bool:
    """Gives whether an object holds the words a PETRARCH pattern asks for around its head, one of each
    set, in order, those marked joined side by side: before it in its phrase ("economic reports" for
    &KINDS_REPORTS), after it in the sentence ("drills at sea" for DRILLS_AT_SEA: the parser may hang
    "at sea" on the verb, PETRARCH's words only follow one another)."""
    words = list(head.subtree)
    at = words.index(head)
    for options, joined in reversed(pattern.object_words):   # before the head, walking back from it
        places = [n for n in range(at) if _is_one(words[n], options) and (not joined or n == at - 1)]
        if not places:
            return False
        at = places[-1]
    at = head.i
    for options, joined in pattern.object_after:             # after it, walking on
        places = [t.i for t in head.sent if t.i > at and _is_one(t, options) and (not joined or t.i == at + 1)]
        if not places:
            return False
        at = places[0]
    return True


def _is_one(token: Token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


def class_object(pattern: Pattern, obj: Token | None, found: dict[str, Token]) -> Token | None:
    """Gives the word a pattern's object class is checked on: the verb's object, else the object of
    the pattern's own preposition ("called for talks", "called in the envoy": no direct object)."""
    if obj is not None or not pattern.object_class:
        return obj
    for word in pattern.words:
        prep = found.get(word)
        if prep is not None and prep.dep_ == "prep":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None
