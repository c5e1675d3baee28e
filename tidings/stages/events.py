"""Classify events: find the words of a sentence that state an act, and who does it to whom.

A verb or an event noun whose lemma has patterns (data/verbs.tsv, data/nouns.tsv) is a trigger.
Its actor comes from the sentence's structure, not from word order: the subject, the agent of a
passive, the subject inherited by a clause that has none ("X met Y and signed ..."), the possessive
of a noun event ("Xi's visit"). Its target is the object, or the object of the preposition the pattern
names ("met with", "aid to", "sanctions on"). Words around the trigger say whether it is a pledge
("will", "ready to", "pledged to"), a refusal ("refused to"), a threat ("threatened to") or denied
("did not").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from tidings.lexicon.patterns import Pattern, PatternBook
from tidings.record import Actor
from tidings.stages.actors import ActorResolver, Resolved

# "Y must V", "Y should V": not an act of Y's; said by someone, it is a demand (see demands())
MUST_AUX = {"must", "should", "ought"}
SPEECH_VERBS = {"say", "declare", "state", "announce", "insist", "reiterate", "conclude", "tell", "stress",
                "warn", "add", "write", "argue", "maintain", "demand", "urge", "note", "emphasize",
                "emphasise", "assert", "repeat", "believe", "think"}
# "X wants Y to V": X appeals to Y (CAMEO 02), by what Y is wanted to do
WISH_HEADS = {"want", "wish", "need", "expect", "like", "prefer"}
APPEAL_CAMEO = {"03": "020", "04": "026", "05": "022", "06": "021", "07": "023", "08": "025", "18": "021",
                "19": "021"}
DEMAND_CAMEO = {"03": "100", "04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}
# acts whose doer news reports often leave out ("were killed", "was arrested"): still events
UNSEEN_ACTOR_ROOTS = {"08", "09", "11", "15", "16", "17", "18", "19", "20"}
# prepositions whose object is what an act aims at even when it is no actor
PHRASE_TARGET_PREPS = {"against", "into", "on", "of", "with", "to", "at", "toward", "towards", "for"}
# verbs that give: what they give is the object, who gets it the "to" phrase
GIVING_VERBS = {"offer", "give", "send", "provide", "supply", "sell", "deliver", "hand", "donate", "grant",
                "lend", "extend", "transfer", "ship", "deploy", "dispatch", "return", "pledge", "promise"}
# verbal acts aimed at someone named as the subject of their clause ("demanded that X ...")
ADDRESSED_ROOTS = {"02", "10", "11", "12", "13"}
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo", "could", "may", "might"}
# heads whose complement states what the subject means to do, not what it did
INTENT_HEADS = {"committed", "ready", "willing", "prepared", "pledge", "promise", "vow", "agree", "plan", "intend",
                "decide", "aim", "seek", "want", "hope", "wish", "offer", "commit", "determined", "eager",
                "keen", "expect", "look", "resolve", "undertake", "propose", "prepare", "able", "set"}
REFUSE_HEADS = {"refuse", "decline", "reject"}
THREAT_HEADS = {"threaten"}
FAIL_HEADS = {"fail"}
# heads that ask or make someone else act: their complement is not (yet) an act of anyone
APPEAL_HEADS = {"urge", "ask", "call", "demand", "press", "encourage", "invite", "request", "appeal",
                "persuade", "order", "force", "want", "allow", "push", "pressure", "tell", "advise",
                "warn", "insist", "require", "expect", "help"}
# nouns whose infinitive states what someone agreed or promised to do
INTENT_NOUNS = {"consensus", "agreement", "deal", "decision", "plan", "promise", "pledge", "commitment",
                "offer", "readiness", "willingness", "vow", "bid", "accord", "understanding"}
# heads that report an act as someone's claim: coded as an accusation, the act not as seen done
ALLEGE_HEADS = {"claim", "allege", "contend"}
CONDITIONAL_MARKS = {"if", "unless", "until", "lest"}
# heads whose "for"/"of" complement is what someone is charged with, not what was seen done
ALLEGATION_HEADS = {"accuse", "charge", "jail", "arrest", "blame", "suspect", "detain", "indict", "sue",
                    "try", "imprison", "prosecute", "investigate", "probe"}
# CAMEO roots of acts in words: as the object of another act in the same sentence ("condemned the
# allegations by Rwanda"), a noun of theirs names an earlier act rather than reporting a new one
VERBAL_ROOTS = {"01", "02", "10", "11", "12", "13"}
# heads whose "that" clause is asked for, not reported: "demanded that the US cancel the sale"
DEMAND_HEADS = {"demand", "urge", "insist", "ask", "request", "propose", "suggest", "recommend", "call",
                "press", "push"}
# verbs that only carry an event noun: "held talks", "launched an attack", "paid a visit"
LIGHT_VERBS = {"hold", "have", "conduct", "launch", "carry", "make", "pay", "stage", "give", "provide",
               "offer", "impose", "mount", "begin", "start", "continue", "resume", "open", "express",
               "voice", "extend", "lodge", "file", "issue", "announce", "unleash", "wage", "step",
               "intensify", "escalate", "do", "take", "deliver", "send", "renew", "undertake", "organize",
               "organise", "lead", "join", "call", "hold", "declare", "order", "speed", "accelerate", "complete",
               "finish", "pay", "grant"}
# "in" and "at" name places far more often than targets ("met in Beijing"): only patterns ask for them
TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "into", "upon", "for", "from", "over")
NOUN_TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "into", "for", "of", "between", "at", "in")
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "csubj"}
# under these the complement's act has not happened (yet): "urged X to release", "refused to meet"


@dataclass
class Candidate:
    """A trigger with its pattern, actors and modality, before dates and places are added."""

    trigger: Token
    pattern: Pattern
    cameo: str
    sources: list[Resolved]
    targets: list[Resolved]
    intent: bool = False
    negated: bool = False
    evidence: set[str] = field(default_factory=set)


@dataclass
class Modality:
    intent: bool = False
    negated: bool = False
    refused: bool = False
    threatened: bool = False
    suppressed: bool = False


class EventFinder:
    """Finds event candidates in sentences, resolving actors through an ActorResolver."""

    def __init__(self, book: PatternBook, resolver: ActorResolver):
        self.book = book
        self.resolver = resolver

    def find(self, sent: Span) -> list[Candidate]:
        """Gives the event candidates of one sentence, in trigger order."""
        found: list[Candidate] = []
        covered: set[int] = set()   # event nouns already coded as the object of a verb pattern
        for token in sent:
            if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.lemma_ in self.book.verbs
                                        and token.dep_ == "ROOT"):
                if self._carries_event_noun(token):
                    continue   # "ordered an investigation": the noun is the act, the verb only carries it
                if token.dep_ == "acl" and token.head.lemma_.lower() in self.book.nouns:
                    continue   # "an attack targeting civilians": the noun's own event, described
                cand = self._verb(token)
                if cand:
                    found.append(cand)
                    if cand.pattern.object_class:   # "held talks": the noun is this verb's event
                        covered.update(c.i for c in token.children if c.dep_ in {"dobj", "nsubjpass"})
        for token in sent:
            if token.pos_ in {"NOUN", "PROPN"} and token.i not in covered:
                cand = self._noun(token)
                if cand:
                    found.append(cand)
        found.extend(self.demands(sent))
        found = _drop_mentions(found)
        found.sort(key=lambda c: c.trigger.i)
        return found

    # ----------------------------------------------------------------- verbs
    def _doers_in_means(self, verb: Token) -> list[Resolved]:
        """ "killed in Israeli shelling", "wounded in an attack by the rebels": a passive with no agent
        may name the doer in the act it was done by."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "by", "during", "under", "after"}:
                for means in prep.children:
                    if means.dep_ == "pobj" and means.pos_ == "NOUN":
                        found, _ = self._noun_sources(means, None)
                        if found:
                            return found
        return []

    def _carries_event_noun(self, verb: Token) -> bool:
        if not _is_light(verb):
            return False
        pattern = self._verb_pattern(verb)
        if pattern is None or pattern.object_class:
            return False
        return any(c.dep_ == "dobj" and c.lemma_.lower() in self.book.nouns for c in verb.children)

    def _verb_pattern(self, verb: Token) -> Pattern | None:
        """Gives the most specific pattern a verb matches with its particles, prepositions and object."""
        patterns = None
        for lemma in verb_lemmas(verb):
            patterns = self.book.verbs.get(lemma)
            if patterns:
                break
        if not patterns:
            return None
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        return self._match(patterns, _preps(verb), _object(verb, passive))

    def _verb(self, verb: Token) -> Candidate | None:
        pattern = self._verb_pattern(verb)
        if pattern is None:
            return None
        if self._governs_event(verb):
            return None  # "agreed to meet": the complement is the act; modality comes from here
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        preps = _preps(verb)
        obj = _object(verb, passive)
        mood = modality(verb)
        if mood.suppressed:
            return None
        source_head, by_agent = subject_of(verb)
        sources = self.resolver.resolve(source_head) if source_head is not None else []
        climb = verb
        while not sources and not by_agent and climb.dep_ == "advcl" and climb.tag_ == "VBG" \
                and climb.head is not climb:
            # "..., hailing China": a participle whose clause subject is no actor takes the speaker's
            climb = climb.head
            source_head, by_agent = subject_of(climb.head if climb.dep_ == "ccomp" else climb)
            sources = self.resolver.resolve(source_head) if source_head is not None else []
        if not sources and source_head is not None and _names_an_agent(source_head):
            # an actor the tables do not know ("a suicide bomber", "Jurisdiction for Peace"): kept as
            # written, with no code, so the event still traces who the text says acted
            sources = [self._phrase(source_head)]
        # a weapon or an attack may stand where the doer would ("a roadside bomb killed"); a crash or a
        # flood is no act of anyone
        thing = source_head is not None and not sources and not _names_an_agent(source_head) and (
            self._object_in_class(source_head, "weapons") or source_head.lemma_.lower() in self.book.nouns
            or source_head.lemma_.lower() in {"bomb", "device", "explosive", "explosion", "blast", "mine",
                                              "minefield", "shell", "rocket", "missile", "grenade", "bullet"})
        if not sources and (source_head is None and by_agent or thing) and pattern.cameo[:2] in UNSEEN_ACTOR_ROOTS:
            # "three soldiers were killed", "a roadside bomb killed three soldiers": the act is reported,
            # its actor not named as one; the victims are the target
            victims = [c for c in verb.children if c.dep_ == ("nsubjpass" if by_agent else "dobj")]
            if not victims and verb.dep_ == "acl" and pattern.cameo[:2] in {"18", "19", "20"}:
                victims = [verb.head]   # "ten soldiers killed in Ukraine"; "a report released" is no act
            if victims and self._object_in_class(victims[0], "weapons"):
                victims = []   # "a mortar bomb was fired at it": the weapon is no victim
            targets = self.resolver.resolve(victims[0]) if victims else []
            if victims and not targets and victims[0].pos_ in {"NOUN", "PROPN"}:
                targets = [self._phrase(victims[0])]
            if targets and not (mood.intent or mood.negated or mood.refused or mood.threatened):
                # reported as done; "would be indicted" or "was not arrested" says too little without an actor
                doers = self._doers_in_means(verb)
                if thing and not doers and source_head.lemma_.lower() in self.book.nouns:
                    doers, _ = self._noun_sources(source_head, None)
                cand = Candidate(verb, pattern, pattern.cameo, doers or [UNSEEN_ACTOR], targets,
                                 evidence={"verb", "passive"})
                return apply_modality(cand, mood)
        if not sources:
            return None
        targets, how = self._verb_targets(verb, pattern, preps, obj, passive, source_head)
        if pattern.reverse:
            if not targets or how == "phrase":
                return None
            sources, targets = targets, sources
        cand = Candidate(verb, pattern, pattern.cameo, sources, targets, evidence={"verb", how})
        if by_agent:
            cand.evidence.add("passive")
        return apply_modality(cand, mood)

    def _governs_event(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if lemma not in INTENT_HEADS | REFUSE_HEADS | THREAT_HEADS | FAIL_HEADS:
            return False
        for child in verb.children:
            if child.dep_ == "xcomp" and self._has_trigger(child):
                return True
            if child.dep_ == "prep":   # "agreed on holding talks", "looks forward to working"
                for grand in child.children:
                    if grand.dep_ == "pcomp" and self._has_trigger(grand):
                        return True
        return False

    def _has_trigger(self, token: Token) -> bool:
        return self._verb_pattern(token) is not None

    def demands(self, sent: Span) -> list[Candidate]:
        """Gives the demands a sentence reports: "X said Y must V" is X asking Y to V (CAMEO 10)."""
        found = []
        for verb in sent:
            wish = verb.dep_ in {"ccomp", "xcomp"} and verb.head.lemma_.lower() in WISH_HEADS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
                c.dep_ == "aux" and c.lower_ in {"might", "may", "could", "would"} for c in verb.head.children)
            if not wish and (verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS):
                continue
            if not wish and not any(c.dep_ == "aux" and c.lower_ in MUST_AUX for c in verb.children):
                continue
            speaker, _ = subject_of(verb.head)
            addressee = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if speaker is None or addressee is None:
                continue
            sources, targets = self.resolver.resolve(speaker), self.resolver.resolve(addressee)
            if not sources or not targets:
                continue
            act = self._verb_pattern(verb)
            table, default = (APPEAL_CAMEO, "020") if wish else (DEMAND_CAMEO, "100")
            cameo = table.get(act.cameo[:2], default) if act else default
            pattern = Pattern(verb.lemma_.lower(), (), None, None, cameo, line="demand")
            found.append(Candidate(verb, pattern, cameo, sources, targets, evidence={"verb", "demand"}))
        return found

    def _match(self, patterns: tuple[Pattern, ...], preps: dict[str, Token], obj: Token | None) -> Pattern | None:
        obj_preps = _preps(obj) if obj is not None else {}
        for pattern in patterns:
            # "received assurances from X", "imposed sanctions on X": the preposition may hang on the object
            where = {**obj_preps, **preps} if pattern.object_class else preps
            if any(w not in where for w in pattern.words):
                continue
            if pattern.object_class:
                if obj is None:
                    continue
                if pattern.object_class != "any" and not self._object_in_class(obj, pattern.object_class):
                    continue
            return pattern
        return None

    def _object_in_class(self, obj: Token, name: str) -> bool:
        """Gives whether an object is of a class: itself, a compound ("aid package"), or what a
        quantity counts ("tons of aid", "a grant of 5 million")."""
        if name in {"person", "prisoner"} and obj.ent_type_ == "PERSON":
            return True   # "released Adli Yaish"
        if name == "actor":   # any object that is someone: "released the mayor of Nablus"
            return any(r.actor.code or r.actor.sector or r.person for r in self.resolver.resolve(obj))
        words = [obj] + [c for c in obj.children if c.dep_ in {"compound", "amod"}]
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                words.extend(c for c in prep.children if c.dep_ == "pobj")
        words.extend(c for c in obj.children if c.dep_ == "conj")
        return any(self.book.in_class(w.lemma_, name) or self.book.in_class(w.lower_, name) for w in words)

    def _verb_targets(self, verb: Token, pattern: Pattern, preps: dict[str, Token], obj: Token | None,
                      passive: bool, source_head: Token | None) -> tuple[list[Resolved], str]:
        if pattern.target_prep and pattern.target_prep in preps:
            found = self._pobj_actors(preps[pattern.target_prep])
            if found:
                return found, "prep"
        if obj is not None and pattern.object_class:
            # "held a meeting with X", "imposed sanctions on X": the target hangs on the object
            obj_preps = _preps(obj)
            for prep in ((pattern.target_prep,) if pattern.target_prep else ()) + ("with", "on", "against", "to", "for"):
                if prep in obj_preps:
                    found = self._pobj_actors(obj_preps[prep])
                    if found:
                        return found, "prep"
        for child in verb.children:
            if child.dep_ == "dative":
                found = self.resolver.resolve(child) if child.pos_ != "ADP" else self._pobj_actors(child)
                if found:
                    return found, "dative"
        if obj is not None and verb.lemma_.lower() in GIVING_VERBS and "to" in preps:
            found = [r for r in self._pobj_actors(preps["to"]) if r.actor.code or r.person]
            if found:   # "offered its troops to Lebanon": the one given to is the target
                return found, "prep"
        if obj is not None and obj is not source_head and not self._object_in_class(obj, "weapons"):
            found = self.resolver.resolve(obj)
            # an object of a class ("welcome [visitor]", "release [prisoner]") is the target when it is an actor
            if found and (pattern.object_class is None or any(r.actor.code or r.person for r in found)):
                return found, "object"
        for prep in TARGET_PREPS:
            if prep in preps and prep not in pattern.words:
                found = self._pobj_actors(preps[prep])
                if found and (prep != "in" or _is_actor_like(found)):
                    return found, "prep"
        if obj is not None:
            found = self._inside(obj)
            if found:
                return found, "inside"
        for child in verb.children:
            # "demanded that the US cancel ...": who is asked, warned or blamed is the clause's subject
            if child.dep_ == "ccomp" and pattern.cameo[:2] in ADDRESSED_ROOTS:
                subject = next((c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subject is not None:
                    found = [r for r in self.resolver.resolve(subject) if r.actor.code or r.person]
                    if found:
                        return found, "clause"
        found = self._deep(verb, source_head)
        if found:
            return found, "deep"
        if pattern.target_prep:
            found = self._phrase_after(preps, (pattern.target_prep,))
            if found:
                return found, "phrase"
        if obj is not None and pattern.object_class is None and obj.pos_ in {"NOUN", "PROPN"} \
                and not self._object_in_class(obj, "weapons"):
            return [self._phrase(obj)], "phrase"
        return [], "none"

    def _deep(self, verb: Token, source_head: Token | None) -> list[Resolved]:
        """Gives the first country or body named in what the trigger governs, its complement and
        purpose clauses included ("threatened to cut off power to Nakhichevan", "blocked a road to
        protest against US policy"): the one the act is aimed at when no argument names it."""
        sources = {r.actor.code for r in self.resolver.resolve(source_head)} if source_head is not None else set()
        skip = {"nsubj", "nsubjpass", "agent", "aux", "auxpass", "punct", "cc", "parataxis", "relcl", "mark",
                "npadvmod", "advmod", "neg", "expl"}
        queue = [c for c in verb.children if c.dep_ not in skip and not (c.dep_ == "conj" and c.pos_ == "VERB")]
        while queue:
            token = queue.pop(0)
            if token.ent_type_ in {"DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "QUANTITY"}:
                continue
            place = token.dep_ == "pobj" and token.head.lower_ in {"in", "at", "near"}
            if token.pos_ in {"PROPN", "NOUN"} and token.dep_ not in {"compound", "amod"} and not place:
                found = [r for r in self.resolver.resolve(token) if r.actor.code and r.actor.code not in sources]
                if found:
                    return found
            if token.dep_ == "amod" and token.head.dep_ in {"pobj", "dobj"}:
                code = self.resolver.lexicon.country_of_adjective(token.text)
                if code and code not in sources:   # "restrictions against German goods"
                    return [Resolved(Actor(text=token.text, name=self.resolver.lexicon.country_name(code),
                                           code=code), "title")]
            queue.extend(c for c in token.children if c.dep_ not in skip)
        if verb.dep_ in {"advcl", "xcomp"} and verb.head.pos_ == "VERB" and not getattr(self, "_deeper", False):
            # "sent personnel to Bosnia to investigate ...": the purpose's target is the errand's place
            self._deeper = True
            try:
                found = [r for r in self._deep(verb.head, source_head) if r.actor.code]
            finally:
                self._deeper = False
            return found
        return []

    def _phrase_after(self, preps: dict[str, Token], order: tuple) -> list[Resolved]:
        """Gives the words after a target preposition when no actor stands there ("an inquiry into
        the deaths"): the event still says toward what it was aimed."""
        for prep in order:
            if prep and prep in preps and prep in PHRASE_TARGET_PREPS:
                for obj in preps[prep].children:
                    if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "PROPN"} and not self._object_in_class(obj, "weapons") \
                            and obj.ent_type_ not in {"DATE", "TIME"}:
                        return [self._phrase(obj)]
        return []

    def _pobj_actors(self, prep: Token) -> list[Resolved]:
        for child in prep.children:
            if child.dep_ == "pobj":
                return self.resolver.resolve(child)
        return []

    def _inside(self, head: Token) -> list[Resolved]:
        """Gives the first actor named inside an object phrase: "the decision of the court", "Iran's program".

        Looks breadth-first through the phrase, not into clauses, and takes only actors with a country
        or body code: an unresolved word deep in a phrase says too little to be a target.
        """
        for child in head.children:
            # "a U.S. request", "an Indian proposal", "Serbia's suppression": whose thing it is
            if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                found = [r for r in self.resolver.resolve(child) if r.actor.code]
                if not found and child.dep_ == "amod":
                    code = self.resolver.lexicon.country_of_adjective(child.text)
                    if code:
                        found = [Resolved(Actor(text=child.text, name=self.resolver.lexicon.country_name(code),
                                                code=code), "title")]
                if found:
                    return found
        queue = [c for c in head.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in {"conj", "cc", "punct"}]
        while queue:
            token = queue.pop(0)
            if token.pos_ in {"PROPN", "NOUN", "PRON"} and token.dep_ not in {"compound", "amod"}:
                found = [r for r in self.resolver.resolve(token) if r.actor.code]
                if found:
                    return found
            queue.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in {"cc", "punct"})
        return []

    def _phrase(self, head: Token) -> Resolved:
        from tidings.stages.actors import mention_tokens, text_of

        return Resolved(Actor(text=text_of(mention_tokens(head))), "phrase")

    # ----------------------------------------------------------------- nouns
    def _noun(self, noun: Token) -> Candidate | None:
        patterns = None
        for child in noun.children:   # "air strike", "hunger strike", "phone call"
            if child.dep_ in {"compound", "amod"} and child.i == noun.i - 1:
                patterns = self.book.nouns.get(f"{child.lemma_.lower()}_{noun.lemma_.lower()}")
        patterns = patterns or self.book.nouns.get(noun.lemma_.lower())
        if not patterns:
            return None
        preps = _preps(noun)
        pattern = self._match(patterns, preps, None)
        if pattern is None:
            return None
        if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            negated_by_det = True
        else:
            negated_by_det = False
        sources, how = self._noun_sources(noun, pattern)
        if not sources:
            return None
        targets: list[Resolved] = []
        if "between" not in how:
            # "filed a lawsuit against X": the preposition may hang on the light verb instead
            if noun.dep_ in {"dobj", "nsubjpass"} and _is_light(noun.head):
                preps = {**_preps(noun.head), **preps}
            order = ((pattern.target_prep,) if pattern.target_prep else ()) + NOUN_TARGET_PREPS
            for prep in order:
                if prep and prep in preps:
                    found = self._pobj_actors(preps[prep])
                    if found and (prep not in {"in", "at"} or _is_actor_like(found)):
                        targets = found
                        break
            if not targets:
                targets = self._phrase_after(preps, order)
        governor = _governing_verb(noun)
        mood = modality(governor) if governor is not None else Modality()
        if mood.suppressed:
            return None
        cand = Candidate(noun, pattern, pattern.cameo, sources, targets, evidence={"noun", how})
        cand = apply_modality(cand, mood)
        if negated_by_det and cand:
            cand.negated = True
        return cand

    def _noun_sources(self, noun: Token, pattern: Pattern | None) -> tuple[list[Resolved], str]:
        for child in noun.children:
            if child.dep_ == "poss":
                found = self.resolver.resolve(child)
                if found:
                    return found, "possessive"
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                found = self._pobj_actors(child)
                if found:
                    return found, "agent"
            if child.dep_ == "prep" and child.lower_ == "between" and pattern is not None and pattern.mutual:
                found = self._pobj_actors(child)
                if len(found) >= 2:
                    return found, "between"
        modifiers = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"} and c.i < noun.i]
        modifiers += [g for c in modifiers for g in c.children if g.dep_ in {"compound", "amod", "nmod"}]
        for child in modifiers:
            found = [r for r in self.resolver.resolve(child) if r.actor.code]
            if not found:
                code = self.resolver.lexicon.country_of_adjective(child.text)
                if code:
                    found = [Resolved(Actor(text=child.text, name=self.resolver.lexicon.country_name(code),
                                            code=code), "title")]
            if found:
                return found, "modifier"
        if noun.dep_ == "pobj" and noun.head.lower_ in {"on", "for", "during"} and noun.head.head.pos_ == "VERB":
            # "arrived on a visit", "led a delegation on a visit to Russia", "left for talks"
            head, _ = subject_of(noun.head.head)
            if head is not None:
                found = self.resolver.resolve(head)
                if found:
                    return found, "light-verb"
        if noun.dep_ in {"dobj", "nsubjpass"} and _is_light(noun.head):
            head, _ = subject_of(noun.head)
            if head is not None:
                found = self.resolver.resolve(head)
                if found:
                    return found, "light-verb"
        return [], "none"


UNSEEN_ACTOR = Resolved(Actor(text=""), "unseen")


def _drop_mentions(found: list[Candidate]) -> list[Candidate]:
    """Drops candidates that repeat or only mention another one of the same sentence.

    A verbal act's noun that is an argument of another trigger is a mention of it ("condemned the
    allegations"). A trigger inside another's clause with the same actor and kind is the same happening
    told twice ("bombarded the city, killing eight", "met X to discuss Y"), unless it alone names a
    country as target.
    """
    triggers = {c.trigger.i: c for c in found}
    kept = []
    for cand in found:
        t = cand.trigger
        governor = t.head if t.dep_ != "pobj" else t.head.head
        if "noun" in cand.evidence and cand.cameo[:2] in VERBAL_ROOTS and governor.i in triggers \
                and governor.i != t.i:
            continue
        if "noun" in cand.evidence and _attitude_toward(t):
            continue   # "expressed appreciation for China's assistance": the attitude is the news
        if _repeats(cand, found):
            continue
        kept.append(cand)
    return kept


ATTITUDE_WORDS = {"appreciation", "gratitude", "thanks", "concern", "regret", "sorrow", "outrage", "anger",
                  "dismay", "disappointment", "satisfaction", "admiration", "condolences", "sympathy", "worry",
                  "alarm", "shock"}


def _attitude_toward(noun: Token) -> bool:
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in {"for", "over", "about", "at"} \
        and head.head.lemma_.lower() in ATTITUDE_WORDS


def _repeats(cand: Candidate, found: list[Candidate]) -> bool:
    codes = {r.actor.code for r in cand.sources}
    kind = cand.cameo[:2]
    has_target = any(r.actor.code for r in cand.targets)
    for other in found:
        if other is cand or other.cameo[:2] != kind or {r.actor.code for r in other.sources} != codes:
            continue
        if cand.trigger in other.trigger.subtree and cand.trigger is not other.trigger:
            if has_target and not any(r.actor.code for r in other.targets):
                continue
            return True
    return False


def _names_an_agent(head: Token) -> bool:
    """Gives whether an unresolved subject can still be an actor: a name, or a noun for people who
    act ("a suicide bomber", "the demonstrators"), not a thing or a happening ("the floods")."""
    if head.pos_ == "PROPN" or head.ent_type_ in {"ORG", "NORP", "GPE", "PERSON"}:
        return True
    from tidings.stages.actors import AGENT_SUFFIXES, HUMAN_NOUNS

    lemma = head.lemma_.lower()
    return head.pos_ == "NOUN" and (lemma in HUMAN_NOUNS or head.lower_.endswith(AGENT_SUFFIXES))


def _is_actor_like(found: list[Resolved]) -> bool:
    return any(r.actor.code and r.how in {"name", "title", "person", "pronoun", "pair"} and r.actor.sector
               for r in found) or any(r.how == "person" for r in found)


def _preps(token: Token) -> dict[str, Token]:
    """Gives the prepositions and particles a word governs, by their lower-case text."""
    found: dict[str, Token] = {}
    for child in token.children:
        if child.dep_ in {"prep", "agent", "prt", "dative"} or (child.dep_ == "advmod" and child.lower_ in {
                "together", "back", "out", "down", "off", "over", "up"}):
            found.setdefault(child.lower_, child)
            if child.dep_ == "prep":
                # "met on Monday with X": keep the first of each; a pcomp "forward to" stays too
                pass
    return found


def _object(verb: Token, passive: bool) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"dobj", "obj"}:
            return child
    if passive:
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
    return None


def verb_lemmas(verb: Token) -> list[str]:
    """Gives the lemma of a verb, then guesses from its form where the lemmatizer may have erred
    ("staged" -> "stag" by spaCy's rules; the guesses give "stage")."""
    found = [verb.lemma_.lower()]
    word = verb.lower_
    if verb.tag_ in {"VBD", "VBN"} and word.endswith("ed"):
        found += [word[:-1], word[:-2]]
    elif verb.tag_ == "VBG" and word.endswith("ing"):
        found += [word[:-3] + "e", word[:-3]]
    elif verb.tag_ == "VBZ" and word.endswith("s"):
        found += [word[:-1]]
    return found


def _is_light(verb: Token) -> bool:
    return any(lemma in LIGHT_VERBS for lemma in verb_lemmas(verb))


def _agent(verb: Token) -> Token | None:
    """Gives the object of a passive's "by" phrase, if it has one."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """Gives who does what a verb says, and whether it came from a passive's "by" phrase.

    A clause with no subject of its own takes its governor's: coordinated verbs ("met and signed"),
    complements ("ready to work"), participles ("..., hailing China"); a relative clause takes
    the noun it describes. "urged X to go": the complement's subject is the object X.
    """
    current = verb
    came_by_xcomp = False
    for _ in range(6):
        if came_by_xcomp and any(c.dep_ == "auxpass" for c in current.children):
            # "Obama is scheduled to attend", "X was forced to withdraw": the raised subject acts
            for child in current.children:
                if child.dep_ == "nsubjpass":
                    return child, False
        for child in current.children:
            if child.dep_ in {"nsubj", "expl"} and child.dep_ != "expl":
                if child.lower_ in {"who", "that", "which"} and current.dep_ == "relcl":
                    return current.head, False
                return child, False
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in current.children)
        # "ten soldiers killed in Ukraine": a passive participle, its doer named by "by" or not at all
        if passive or (current.dep_ == "acl" and current.tag_ == "VBN" and current is verb):
            return _agent(current), True
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ == "VBG"):
            return current.head, False
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            # "supports Kazakhstan in hosting": the object does what the complement says
            for child in current.head.head.children:
                if child.dep_ == "dobj":
                    return child, False
        if current.dep_ == "xcomp":
            for child in current.head.children:
                if child.dep_ == "dobj" and current.head.lemma_.lower() in APPEAL_HEADS:
                    return child, False
        if current.dep_ in {"xcomp", "conj", "advcl", "pcomp", "prep", "acomp", "pobj", "ccomp"} \
                and current.head is not current:
            if current.dep_ == "ccomp" and current.pos_ == "VERB":
                return None, False
            came_by_xcomp = current.dep_ == "xcomp"
            current = current.head
            continue
        break
    return None, False


def modality(verb: Token) -> Modality:
    """Gives what the words governing a trigger say of it: pledged, refused, threatened, denied."""
    mood = Modality()
    current = verb
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
        mood.suppressed = True   # "unless Israel rescinded", "if he gave them a veto": not (yet) done
    conditioned = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"unless", "if"} for m in c.children)
                      for c in verb.children)
    head = verb.head
    if verb.dep_ in {"pcomp", "pobj"} and head.dep_ == "prep" and head.lower_ in {"for", "of"} \
            and head.head.lemma_.lower() in ALLEGATION_HEADS:
        mood.suppressed = True   # "jailed for helping militants": the charge, not a reported act
    for step in range(5):
        auxes = [c.lower_ for c in current.children if c.dep_ == "aux"]
        if any(a in FUTURE_AUX for a in auxes) and not any(a in {"have", "has", "had", "'ve"} for a in auxes):
            mood.intent = True   # "will send"; not "may have sent", which reports a past act
        for child in current.children:
            if child.dep_ == "neg":
                mood.negated = True
        lemma = current.lemma_.lower()
        if step > 0:
            if lemma in INTENT_HEADS:
                mood.intent = True
            elif lemma in REFUSE_HEADS:
                mood.refused = True
            elif lemma in THREAT_HEADS:
                mood.threatened = True
            elif lemma in FAIL_HEADS:
                mood.refused = True   # "failed to reach agreement": the cooperation was not given
            elif lemma in APPEAL_HEADS and via_xcomp:
                mood.suppressed = True
        if step == 0 and current.dep_ == "ccomp" and current.head.lemma_.lower() in ALLEGE_HEADS:
            mood.suppressed = True   # "the US claimed that ISIL attacked Iraq": the claim is the event
        if step == 0 and current.dep_ == "ccomp" and (current.head.lemma_.lower() in DEMAND_HEADS or (
                current.head.lemma_.lower() in WISH_HEADS and any(c.lower_ == "to" and c.dep_ == "aux"
                                                                    for c in current.children))):
            mood.suppressed = True   # "demanded that the US cancel the sale": asked for, not done
        if step == 0 and any(c.dep_ == "aux" and c.lower_ in MUST_AUX for c in current.children):
            mood.suppressed = True   # "Y must V" has not happened
        if step == 0 and conditioned and mood.intent:
            mood.threatened = True   # "will withdraw its troops unless ...": a pledge on a condition is a threat
        via_xcomp = current.dep_ in {"xcomp", "pcomp"} or (current.dep_ == "conj" and not _has_subject(current))
        if current.dep_ == "acl" and current.head.lemma_.lower() in INTENT_NOUNS:
            # "reached a consensus to exchange data", "a pledge to withdraw": agreed to, not yet done
            mood.intent = True
            current = current.head
            continue
        if current.dep_ in {"xcomp", "pcomp", "prep", "acomp", "dobj", "pobj"} and step > 0 or current.dep_ in {
                "xcomp", "pcomp", "prep", "acomp"} or (current.dep_ == "conj" and not _has_subject(current)):
            current = current.head
            continue
        break
    return mood


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


def _governing_verb(noun: Token) -> Token | None:
    current = noun
    for _ in range(4):
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.head is current:
            break
    return None


INTENT_CAMEO = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "02": "030"}
REFUSE_CAMEO = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
THREAT_CAMEO = {"18": "138", "19": "138", "20": "138", "16": "1313", "17": "137", "04": "130", "06": "131",
                "14": "133", "15": "138"}
# a material conflict act announced for the future is a threat (CAMEO 13): "will impose a curfew"
FUTURE_CONFLICT_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}


def apply_modality(cand: Candidate, mood: Modality) -> Candidate:
    """Gives the candidate as the governing words make it: a pledge, a refusal, a threat, denied."""
    root = cand.cameo[:2]
    if mood.refused and not mood.negated:
        cand.cameo = REFUSE_CAMEO.get(root, "120")
        cand.evidence.add("refused")
        return cand
    if mood.threatened or (mood.intent and not mood.negated and root in FUTURE_CONFLICT_ROOTS):
        cand.cameo = THREAT_CAMEO.get(root, "130")
        cand.intent = True
        cand.evidence.add("threat")
        return cand
    if (mood.intent or cand.pattern.intent) and mood.negated and root in REFUSE_CAMEO | {"02": ""}:
        # "would not provide support", "will not meet": a refusal, as CAMEO codes it
        cand.cameo = REFUSE_CAMEO.get(root) or "120"
        cand.evidence.add("refused")
        return cand
    if mood.intent or cand.pattern.intent:
        cand.intent = True
        if root in INTENT_CAMEO and cand.cameo != "057":
            cand.cameo = INTENT_CAMEO[root]
        elif cand.cameo == "057":
            cand.cameo = "030"
    cand.negated = mood.negated
    return cand
