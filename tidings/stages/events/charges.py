"""Charges in reported speech: "Lima said Quito's troops had shelled the town" is Lima accusing Quito
(CAMEO 112) when a party says it of another; what a witness or the press tells is a report, not a
charge. The violent act itself is coded as the sentence tells it, besides."""
from __future__ import annotations

from spacy.tokens import Span, Token

from tidings.lexicon.patterns import Pattern
from tidings.stages.actors import Resolved
from tidings.stages.events.arguments import Arguments
from tidings.stages.events.candidate import Candidate
from tidings.stages.events.syntax import subject_of
from tidings.stages.events.verbs import VerbEvents

CHARGE = "112"


def charges(sent: Span, args: Arguments, verbs: VerbEvents) -> list[Candidate]:
    """Gives the accusations a sentence reports: speaker toward the doer of the violent act it tells."""
    cues, roots = args.cues, args.book.recodes.roots
    found = []
    for verb in sent:
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in cues.speech_verbs:
            continue
        act = verbs.pattern(verb)
        if act is None or act.cameo[:2] not in roots["chargeable"] or _to_come(verb, args):
            continue
        speaker, _ = subject_of(verb.head, cues)
        doer, _ = subject_of(verb, cues)
        if speaker is None or doer is None:
            continue
        accusers = [r for r in args.resolve(speaker) if _party(r, args)]
        accused = [r for r in args.resolve(doer) if r.actor.code]
        if not accusers or not accused or _same(accusers, accused):
            continue
        pattern = Pattern(verb.head.lemma_.lower(), (), None, None, CHARGE, line="charge")
        found.append(Candidate(verb.head, pattern, CHARGE, accusers, accused, evidence={"verb", "charge"}))
    return found


def _party(resolved: Resolved, args: Arguments) -> bool:
    """Gives whether a speaker is a party that can accuse: coded, and not a witness or the press."""
    return bool(resolved.actor.code) and resolved.actor.sector not in args.cues.reporting_sectors


def _same(accusers: list[Resolved], accused: list[Resolved]) -> bool:
    return {(r.actor.code, r.actor.sector) for r in accusers} & {(r.actor.code, r.actor.sector) for r in accused} != set()


def _to_come(verb: Token, args: Arguments) -> bool:
    """Gives whether the told act is still to come ("would shell"), so a threat and no charge."""
    return any(c.dep_ == "aux" and (c.lower_ in args.cues.future_aux or c.lower_ in args.cues.must_aux)
               for c in verb.children)
