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
- `recoverable_doer`: an act with no doer in the text or its context is not coded;
- `distinct_parties`: no actor acts toward itself; "X urged the two sides" leaves X out of them.
The word sets these rules read are cues.yaml's (`state_sectors`, `placed_sources`, ...), the root sets
recodes.yaml's (`domestic`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span

from tidings.codes import NON_STATE_CODES, is_state
from tidings.lexicon.actors import ActorLexicon
from tidings.lexicon.patterns import PatternBook
from tidings.record import Actor, Location
from tidings.stages.actors import Resolved
from tidings.stages.events import Candidate
from tidings.stages.events.arguments import registry
from tidings.stages.events.targets import LOOSE_TARGET_RULES
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
        document = work.document
        memory = document.resolver.memory if document.resolver else None
        parties, states = memory.standing(work.index, 0) if memory else (None, [])
        pair = tuple(a.code for a in parties) if parties else ()
        ranked = tuple(a.code for a in states)
        for finding in work.findings:
            dyads = expand(finding.candidate)
            where = Where(document.countries[work.index], finding.where, document.home, pair, ranked)
            for name in self.order:
                dyads = RULES[name](self, finding, dyads, where)
            finding.dyads = dyads


@dataclass
class Where:
    """The countries an actor with none may belong to: those its sentence names (the actor stage
    found them), the event's place, the document's home; and the two countries the document is
    about so far."""

    sentence_countries: list[str]
    location: Location | None
    home: str | None
    pair: tuple[str, ...] = ()
    ranked: tuple[str, ...] = ()   # the countries named so far, the most named first

    @property
    def place(self) -> str | None:
        return self.location.code if self.location is not None and self.location.code else None


def expand(cand: Candidate) -> list[Dyad]:
    """Gives who acts toward whom: each doer toward each target; a mutual act among its doers; a
    joint act ("joint drills with Chile and Peru") among all its parties."""
    if "joint" in cand.evidence:
        parties = list({(r.actor.code or r.actor.text): r for r in cand.sources + cand.targets}.values())
        if len(parties) >= 2:
            return [(s, t) for s in parties for t in parties if s is not t]
    pair_sources = len(cand.sources) >= 2 and all(s.how == "pair" for s in cand.sources)
    words_only = all(not t.actor.code for t in cand.targets)   # "Peru and Chile agreed on a truce"
    # "Peru and Chile exchanged captured soldiers in a Bolivian port": a country found deep in the phrase
    # is no party to a mutual act its doers do together
    loose = bool(cand.evidence & LOOSE_TARGET_RULES)
    if cand.targets and not ((pair_sources or words_only or loose) and cand.pattern.mutual and len(cand.sources) >= 2):
        return [(s, t) for s in cand.sources for t in cand.targets]
    if cand.pattern.mutual and len(cand.sources) >= 2:
        return [(s, t) for s in cand.sources for t in cand.sources if s is not t]
    return [(s, None) for s in cand.sources]


def countries_named(lexicon: ActorLexicon, sentences: Iterable[Span]) -> list[list[str]]:
    """Gives, per sentence, the countries it names (by name, capital or nationality), in text order."""
    return [_countries_named(lexicon, sent) for sent in sentences]


def home_country(countries: list[list[str]]) -> str | None:
    """Gives the country a document names most, the first named among equals: the country whose
    police, courts and crowds the text means when it names no other ("police fired tear gas", "the
    president ordered an inquiry")."""
    counts: dict[str, int] = {}
    for code in (c for sentence in countries for c in sentence if is_state(c)):
        counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None   # dicts keep first-seen order


def _countries_named(lexicon: ActorLexicon, sent: Span) -> list[str]:
    """Gives the countries a sentence names, by name, capital or nationality, in text order."""
    words = [t.text for t in sent]
    names = {start: (end, entry.code) for start, end, entry in lexicon.find_names(words)
             if entry.kind in {"country", "capital"}}
    found, i = [], 0
    while i < len(words):
        if i in names:
            end, code = names[i]
            found.append(code)
            i = end
            continue
        code = lexicon.country_of_adjective(words[i])
        if code:
            found.append(code)
        i += 1
    return found


def _with_code(resolved: Resolved, code: str | None, sector: str | None = None) -> Resolved:
    a = resolved.actor
    return Resolved(Actor(text=a.text, name=a.name, code=code, sector=sector or a.sector), resolved.how, resolved.person)


# --- the rules ---------------------------------------------------------------------------------------


@rule("by_actor")
def _by_actor(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    cand = finding.candidate
    if cand.pattern.as_written:
        return dyads   # a PETRARCH dictionary's code: the user's dictionary, not the doer's sector, decides
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
def _place_country(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    place, cues = finding.where, att.cues
    # the venue of a cooperative act is not what it is aimed at: "backed the plan in Doha"
    aimed = place if finding.candidate.cameo[:2] not in att.book.recodes.roots["venue_blind"] else None
    return [(_placed(s, place, cues.placed_sources), None if t is None else _placed(t, aimed, cues.placed_targets))
            for s, t in dyads]


@rule("home_country")
def _home_country(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    def homed(resolved: Resolved) -> Resolved:
        a = resolved.actor
        if a.code is not None or resolved.how not in att.cues.homed_kinds:
            return resolved
        if a.sector not in att.cues.state_sectors and not (resolved.person and a.sector is None):
            return resolved
        country = next((c for c in where.sentence_countries if c not in targets), None) or where.place or where.home
        return resolved if country is None else _with_code(resolved, country)
    # the sentence's country, but not the target's: "Peru's envoy was summoned by the vice minister"
    targets = {t.actor.code for _, t in dyads if t is not None and t.actor.code}
    return [(homed(s), t) for s, t in dyads]


@rule("document_country")
def _document_country(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    """A role with no country still (police, protesters, residents), and the unseen doer of a domestic
    act ("were arrested"), belong to the country the document is about."""
    if where.home is None:
        return dyads
    domestic = finding.candidate.cameo[:2] in att.book.recodes.roots["domestic"]

    # an unseen doer of a domestic act belongs where it happened, else (police, courts) where its
    # target belongs ("Ruiz, a Chilean, was arrested"), else to the country the document is about
    aimed = next((t.actor.code for _, t in dyads if t is not None and is_state(t.actor.code)), None)

    def homed(resolved: Resolved | None) -> Resolved | None:
        if resolved is None or resolved.actor.code is not None:
            return resolved
        if resolved.how == "unseen" and domestic:
            # (the state's doers only: unseen protesters do not belong to whom they protest at)
            usual = att.book.recodes.unnamed_doer(finding.candidate.cameo)   # the sector such acts' doers have
            crowd = usual is not None and usual not in att.cues.state_sectors
            return _with_code(resolved, where.place or (None if crowd else aimed) or where.home)
        if resolved.how in att.cues.role_kinds and resolved.actor.sector is not None:
            return _with_code(resolved, where.home)
        return resolved

    def homed_target(target: Resolved | None, source: Resolved) -> Resolved | None:
        # a domestic act's target is the doer's own people ("Chad's police detained nine people" in a
        # story about Niger): domestic_target gives it the doer's country
        if domestic and target is not None and target.how in att.cues.home_targets and is_state(source.actor.code):
            return target
        return homed(target)
    return [(source, homed_target(t, source)) for source, t in ((homed(s), t) for s, t in dyads)]


@rule("place_target")
def _place_target(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    where = finding.where
    if where is None or not where.code or any(t is not None for _, t in dyads) \
            or finding.candidate.cameo[:2] in att.book.recodes.roots["venue_blind"]:
        return dyads
    place = Resolved(Actor(text=where.text, name=None, code=where.code, sector=None), "location")
    return [(s, place) for s, _ in dyads]


@rule("domestic_target")
def _domestic_target(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    if finding.candidate.cameo[:2] not in att.book.recodes.roots["domestic"]:
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


@rule("sentence_target")
def _sentence_target(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    """An act with still no target is aimed at the other country its sentence names, if there is one
    (co-doers are each other's, "Peru and Chile pledged to end the feud", except in acts between
    others: "Peru and Chile brokered the deal" is aimed at neither); else, when its doer is one of the
    two countries the document is about, at the other. A mediation aimed only at words ("brokered the
    truce") is aimed at the parties too."""
    cameo_code = finding.candidate.cameo
    third_party = cameo_code in att.book.recodes.roots["third_party"]
    if any(t is not None and (t.actor.code or not third_party) for _, t in dyads):
        return dyads
    doers = {r.actor.code for r in finding.candidate.sources} if third_party else set()
    co_doers = list(dict.fromkeys(s.actor.code for s, _ in dyads if is_state(s.actor.code)))
    out: list[Dyad] = []
    for s, t in dyads:
        named = list(dict.fromkeys(c for c in where.sentence_countries if c not in doers and is_state(c)))
        # the parties the sentence names ("Peru and Chile signed it under UN auspices"), else the story's
        parties = named if len(named) >= 2 else [] if named else [c for c in where.ranked if c not in doers][:2]
        if third_party and s.actor.code and len(parties) >= 2:
            # "the truce the UN brokered": the mediator acts toward both parties of the story (the
            # countries named most, its co-mediators left out)
            out.extend((s, Resolved(Actor(text="", name=att.lexicon.country_name(c), code=c), "pair")) for c in parties)
            continue
        other = None
        if not third_party and cameo_code[:2] in att.book.recodes.roots["co_doers"]:
            # co-doers first: "Chad and Niger signed a truce, Paris said" is aimed at each other
            other = next((c for c in co_doers if c != s.actor.code), None)
        if other is None:
            other = next((c for c in where.sentence_countries if c not in doers | {s.actor.code} and is_state(c)), None)
        if other is None and where.pair and s.actor.code in where.pair:
            other = next(c for c in where.pair if c != s.actor.code)
        if other is not None and s.actor.code:
            t = Resolved(Actor(text="", name=att.lexicon.country_name(other), code=other), "sentence")
        out.append((s, t))
    return out


@rule("recoverable_doer")
def _recoverable_doer(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    """An act whose doer neither the text nor its context gives ("hundreds were killed", or "they"
    with no one named before) is not coded: nothing says who did it."""
    return [(s, t) for s, t in dyads if s.actor.code or (s.actor.text and s.how != "pronoun")]


@rule("distinct_parties")
def _distinct_parties(att: Attribution, finding: Finding, dyads: list[Dyad], where: Where) -> list[Dyad]:
    kept = []
    for source, target in dyads:
        if target is not None:
            s, t = source.actor, target.actor
            if s == t and s.code is None:
                continue
            if s.text and s.text == t.text and s.code == t.code:
                continue   # one phrase as both (an unseen crowd's protest aimed at home has no words: kept)
            if "pair" in (target.how, source.how) and s.code == t.code:
                continue   # "Peru urged the two sides": Peru is one of them
            if target.how == "pronoun" and s.code == t.code:
                target = None   # "Chile welcomes visitors to their country": no one else is named
        kept.append((source, target))
    return kept
