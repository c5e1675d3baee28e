"""Reading the parse tree around a trigger: its prepositions, object, lemma, subject and governor.

These helpers know spaCy's English dependency labels (nsubj, dobj, xcomp, ...); the words they rely
on come from the grammar's cue sets (data/cues.yaml), passed in as `cues`.
"""
from __future__ import annotations

from spacy.tokens import Token

from tidings.lexicon.grammar import Cues

# dependency labels of clauses: what a phrase search does not enter
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "csubj"})
# the labels through which a clause with no subject of its own takes its governor's
INHERITING_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acomp", "pobj", "ccomp"})


def preps(token: Token, cues: Cues) -> dict[str, Token]:
    """Gives the prepositions and particles a word governs, by their lower-case text (the first of each)."""
    found: dict[str, Token] = {}
    for child in token.children:
        if child.dep_ in {"prep", "agent", "prt", "dative"} or (child.dep_ == "advmod" and child.lower_ in cues.particles):
            if not is_time_phrase(child):
                found.setdefault(child.lower_, child)
        elif child.dep_ in {"xcomp", "ccomp", "advcl"}:
            # "called for talks to resume": the parser makes "for" the mark of the clause it asks for
            for mark in child.children:
                if mark.dep_ == "mark" and mark.lower_ == "for" and mark.i < child.i:
                    found.setdefault("for", mark)
    return found


TIME_ENTITIES = frozenset({"DATE", "TIME"})


def is_time_phrase(prep: Token) -> bool:
    """Gives whether a preposition only says when ("on Monday", "in May"): an adverbial of time
    fills no slot of a pattern, so "fired a missile on Monday" is not "fired on" anyone."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(t.ent_type_ in TIME_ENTITIES or t.is_punct for o in objects for t in o.subtree)


FRAGMENT_WORDS = 7   # a sentence this short whose verb is a bare participle is a fragment


def is_passive(verb: Token) -> bool:
    """Gives whether a verb is passive: marked so, or a bare participle with a subject and no
    auxiliary in a fragment, as in headlines ("Civilians shot", "Two guards wounded in raid"). In a
    longer sentence such a "participle" is the tagger mistaking a past tense ("Thousands of nurses
    protested in Lima on Monday")."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ == "ROOT" and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children) \
        and any(c.dep_ == "nsubj" for c in verb.children) \
        and sum(1 for t in verb.sent if t.is_alpha) <= FRAGMENT_WORDS


def passive_subject(verb: Token) -> Token | None:
    """Gives the subject of a passive: who the act was done to."""
    wanted = {"nsubjpass"} if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) else {"nsubj"}
    return next((c for c in verb.children if c.dep_ in wanted), None)


def object_of(verb: Token, passive: bool) -> Token | None:
    """Gives the direct object, or for a passive the subject that stands where the object would."""
    for child in verb.children:
        if child.dep_ in {"dobj", "obj"}:
            return child
    return passive_subject(verb) if passive else None


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


def is_light(verb: Token, cues: Cues) -> bool:
    """Gives whether a verb only carries an event noun ("held talks")."""
    return any(lemma in cues.light_verbs for lemma in verb_lemmas(verb))


def agent_of(verb: Token) -> Token | None:
    """Gives the object of a passive's "by" phrase, if it has one."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


def reduced_relative_subject(verb: Token) -> Token | None:
    """Gives the noun of "the countries attending the summit condemned ...": the parser reads such a
    noun with its participle as a gerund clause subject, but the noun is who acts."""
    for child in verb.children:
        if child.dep_ == "csubj" and child.tag_ == "VBG":
            for inner in child.children:
                if inner.dep_ == "nsubj" and inner.i < child.i and inner.pos_ in {"NOUN", "PROPN"}:
                    return inner
    return None


def subject_of(verb: Token, cues: Cues) -> tuple[Token | None, bool]:
    """Gives who does what a verb says, and whether it came from a passive's "by" phrase.

    A clause with no subject of its own takes its governor's: coordinated verbs ("met and signed"),
    complements ("ready to work"), participles ("..., praising Quito"); a relative clause takes
    the noun it describes. "urged X to go": the complement's subject is the object X.
    """
    current = verb
    came_by_xcomp = False
    for _ in range(6):
        if came_by_xcomp and any(c.dep_ == "auxpass" for c in current.children):
            # "the envoy is due to arrive", "X was forced to pull out": the raised subject acts
            for child in current.children:
                if child.dep_ == "nsubjpass":
                    return child, False
        if is_passive(current) and not any(c.dep_ == "nsubjpass" for c in current.children) \
                and not any(c.dep_ == "auxpass" for c in current.children):
            return agent_of(current), True   # "Civilians shot": a headline's bare participle
        # two subjects are one phrase the parser split ("Old foes Peru and Chile have ..."): the one
        # next to the verb is its head
        for child in sorted((c for c in current.children if c.dep_ == "nsubj"), key=lambda c: -c.i)[:1]:
            if child.lower_ in cues.relative_pronouns and current.dep_ == "relcl":
                return current.head, False
            return child, False
        reduced = reduced_relative_subject(current)
        if reduced is not None:
            return reduced, False
        # "two guards shot near the gate": a passive participle, its doer named by "by" or not at all
        if is_passive(current) or (current.dep_ in {"acl", "advcl"} and current.tag_ == "VBN" and current == verb
                                   and not any(c.dep_ in {"aux", "nsubj"} for c in current.children)):
            # "Armed with knives, the gang ...", "Backed by Lima, the rebels ...": a bare participle
            # tells what was done to its noun; its doer is the "by" phrase or no one
            return agent_of(current), True
        if current.dep_ == "acl" and current.head.lower_ in cues.purpose_nouns and current.head.dep_ == "pobj" \
                and current.head.head.head.pos_ in {"VERB", "AUX"}:
            current = current.head.head.head   # "raided the flat in order to seize the files": the stormers
            continue
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ == "VBG"):
            return current.head, False
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            # "backs Ghana in organising the games": the object does what the complement says
            for child in current.head.head.children:
                if child.dep_ == "dobj":
                    return child, False
        if current.dep_ == "xcomp":
            for child in current.head.children:
                if child.dep_ == "dobj" and current.head.lemma_.lower() in cues.appeal_heads:
                    return child, False
        if current.dep_ in INHERITING_DEPS and current.head != current:
            if current.dep_ == "ccomp" and current.pos_ == "VERB":
                return None, False
            came_by_xcomp = current.dep_ == "xcomp"
            current = current.head
            continue
        break
    return None, False


def governing_verb(noun: Token) -> Token | None:
    """Gives the nearest verb above a noun, within four steps."""
    current = noun
    for _ in range(4):
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.head == current:
            break
    return None
