"""Attribution: who acts toward whom in each event, once its words, date and place are known.

The event grammar gives a candidate's doers and targets as the sentence names them. This stage turns
them into dyads and applies the conventions of event data, each a named rule whose order is
data/rules.yaml's `attribution` list:

- `by_actor`: re-codes by who acts (recodes.yaml `by_actor`: violence by crowds is rioting);
- `place_country`: a role or phrase with no country takes the country of the event's place
  ("police in Quito" are Ecuadorian);
- `home_country`: an office holder with no country takes the country the sentence names first, else
  the place's ("President Ruiz stepped down to let Peru vote" is Peru's president);
- `place_target`: with no one named as target, the place stands for it ("protested in Quito" is
  aimed at Ecuador), as PETRARCH-style coders and the public gold sets do;
- `domestic_target`: a domestic act (protest, coercion, concession, retreat) with still no target
  is aimed at the doer's own country;
- `distinct_parties`: no actor acts toward itself; "X urged the two sides" leaves X out of them.
The word sets these rules read are cues.yaml's (`state_sectors`, `domestic_types`, ...).
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span

from tidings.codes import NON_STATE_CODES
from tidings.lexicon.actors import ActorLexicon
from tidings.lexicon.patterns import PatternBook
from tidings.ontology import cameo
from tidings.record import Actor, Location
from tidings.stages.actors import Resolved
from tidings.stages.events import Candidate
from tidings.stages.events.arguments import registry
from tidings.stages.work import Finding, SentenceWork

Dyad = tuple[Resolved, Resolved | None]
RULES, rule = registry()


class Attribution:
    """Gives each finding of a sentence its dyads, by the attribution rules in data's order."""

    def __init__(self, lexicon: ActorLexicon, book: PatternBook):
        self.lexicon = lexicon
        self.book = book
        self.cues = book.cues
        self.order = book.rules.check("attribution", RULES)

    def attribute(self, work: SentenceWork) -> None:
        """Fills `dyads` of every finding of the sentence."""
        home: list[str | None] = []   # the sentence's country, found when first asked for
        for finding in work.findings:
            dyads = expand(finding.candidate)
            for name in self.order:
                dyads = RULES[name](self, finding, dyads, lambda: self._sentence_home(work.sent, finding, home))
            finding.dyads = dyads

    def _sentence_home(self, sent: Span, finding: Finding, cache: list[str | None]) -> str | None:
        if not cache:
            cache.append(first_country(self.lexicon, sent))
        return cache[0] or (finding.where.code if finding.where is not None else None)


def expand(cand: Candidate) -> list[Dyad]:
    """Gives who acts toward whom: each doer toward each target; a mutual act among its doers."""
    pair_sources = len(cand.sources) >= 2 and all(s.how == "pair" for s in cand.sources)
    if cand.targets and not (pair_sources and cand.pattern.mutual):
        return [(s, t) for s in cand.sources for t in cand.targets]
    if cand.pattern.mutual and len(cand.sources) >= 2:
        return [(s, t) for s in cand.sources for t in cand.sources if s is not t]
    return [(s, None) for s in cand.sources]


def first_country(lexicon: ActorLexicon, sent: Span) -> str | None:
    """Gives the country a sentence names first, by name, capital or nationality, in text order."""
    words = [t.text for t in sent]
    names = {start: entry.code for start, _, entry in lexicon.find_names(words)
             if entry.kind in {"country", "capital"}}
    for i, t in enumerate(sent):
        code = names.get(i) or lexicon.country_of_adjective(t.text)
        if code:
            return code
    return None


def _with_code(resolved: Resolved, code: str | None, sector: str | None = None) -> Resolved:
    a = resolved.actor
    return Resolved(Actor(text=a.text, name=a.name, code=code, sector=sector or a.sector), resolved.how, resolved.person)


# --- the rules ---------------------------------------------------------------------------------------
Home = Callable[[], str | None]


@rule("by_actor")
def _by_actor(att: Attribution, finding: Finding, dyads: list[Dyad], home: Home) -> list[Dyad]:
    cand = finding.candidate
    for recode in att.book.recodes.by_actor.values():
        if cand.cameo[:2] in recode.roots and cand.cameo not in recode.keep and cand.sources \
                and all(s.actor.sector in recode.sectors for s in cand.sources):
            cand.cameo = recode.code
    return dyads


def _placed(resolved: Resolved, where: Location | None, kinds: frozenset[str]) -> Resolved:
    if where is None or not where.code or resolved.actor.code is not None or resolved.how not in kinds:
        return resolved
    return Resolved(Actor(text=resolved.actor.text, name=resolved.actor.name, code=where.code,
                          sector=resolved.actor.sector), resolved.how)


@rule("place_country")
def _place_country(att: Attribution, finding: Finding, dyads: list[Dyad], home: Home) -> list[Dyad]:
    where, cues = finding.where, att.cues
    return [(_placed(s, where, cues.placed_sources), None if t is None else _placed(t, where, cues.placed_targets))
            for s, t in dyads]


@rule("home_country")
def _home_country(att: Attribution, finding: Finding, dyads: list[Dyad], home: Home) -> list[Dyad]:
    def homed(resolved: Resolved) -> Resolved:
        a = resolved.actor
        if a.code is not None or resolved.how not in att.cues.homed_kinds:
            return resolved
        if a.sector not in att.cues.state_sectors and not (resolved.person and a.sector is None):
            return resolved
        country = home()
        return resolved if country is None else _with_code(resolved, country)
    return [(homed(s), t) for s, t in dyads]


@rule("place_target")
def _place_target(att: Attribution, finding: Finding, dyads: list[Dyad], home: Home) -> list[Dyad]:
    where = finding.where
    if where is None or not where.code or any(t is not None for _, t in dyads):
        return dyads
    place = Resolved(Actor(text=where.text, name=None, code=where.code, sector=None), "location")
    return [(s, place) for s, _ in dyads]


@rule("domestic_target")
def _domestic_target(att: Attribution, finding: Finding, dyads: list[Dyad], home: Home) -> list[Dyad]:
    if cameo(finding.candidate.cameo).plover not in att.cues.domestic_types:
        return dyads

    def at_home(target: Resolved | None, source: Resolved) -> Resolved | None:
        code = source.actor.code
        if code is None or code in NON_STATE_CODES:
            return target
        if target is None:
            return Resolved(Actor(text="", name=None, code=code, sector="GOV"), "home")
        if target.actor.code is None and target.how in att.cues.home_targets:
            return Resolved(Actor(text=target.actor.text, name=target.actor.name, code=code,
                                  sector=target.actor.sector), target.how)
        return target
    return [(s, at_home(t, s)) for s, t in dyads]


@rule("distinct_parties")
def _distinct_parties(att: Attribution, finding: Finding, dyads: list[Dyad], home: Home) -> list[Dyad]:
    kept = []
    for source, target in dyads:
        if target is not None:
            s, t = source.actor, target.actor
            if s == t and s.code is None:
                continue
            if s.text == t.text and s.code == t.code:
                continue
            if "pair" in (target.how, source.how) and s.code == t.code:
                continue   # "Peru urged the two sides": Peru is one of them
            if target.how == "pronoun" and s.code == t.code:
                target = None   # "Chile welcomes visitors to their country": no one else is named
        kept.append((source, target))
    return kept
