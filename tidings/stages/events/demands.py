"""Demands and appeals in reported speech: "X said Y must V" is X demanding of Y (CAMEO 10), "X wants
Y to V" X appealing to Y (CAMEO 02), each of the kind of V (data/recodes.yaml `demand`, `appeal`)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from tidings.lexicon.patterns import Pattern
from tidings.stages.events.arguments import Arguments
from tidings.stages.events.candidate import Candidate
from tidings.stages.events.syntax import subject_of
from tidings.stages.events.verbs import VerbEvents


def _is_wish(verb: Token, args: Arguments) -> bool:
    """ "Peru wants Chile to pay": an infinitive under a wish head, not hedged ("would like")."""
    cues = args.cues
    return verb.dep_ in {"ccomp", "xcomp"} and verb.head.lemma_.lower() in cues.wish_heads \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and not any(c.dep_ == "aux" and c.lower_ in cues.hedging_aux for c in verb.head.children)


def _is_said_must(verb: Token, args: Arguments) -> bool:
    """ "Peru said Chile must pay": a "must" clause under a verb of saying."""
    cues = args.cues
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in cues.speech_verbs \
        and any(c.dep_ == "aux" and c.lower_ in cues.must_aux for c in verb.children)


def demands(sent: Span, args: Arguments, verbs: VerbEvents) -> list[Candidate]:
    """Gives the demands and appeals a sentence reports, speaker to addressee."""
    found = []
    recodes = args.book.recodes
    for verb in sent:
        wish = _is_wish(verb, args)
        if not wish and not _is_said_must(verb, args):
            continue
        speaker, _ = subject_of(verb.head, args.cues)
        addressee = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if speaker is None or addressee is None:
            continue
        sources, targets = args.resolve(speaker), args.resolve(addressee)
        if not sources or not targets:
            continue
        act = verbs.pattern(verb)
        table = "appeal" if wish else "demand"
        cameo = recodes.recode(table, act.cameo) if act else recodes.defaults[table]
        pattern = Pattern(verb.lemma_.lower(), (), None, None, cameo, line="demand")
        found.append(Candidate(verb, pattern, cameo, sources, targets, evidence={"verb", "demand"}))
    return found
