"""The coder: runs the pipeline stages over documents and gives event records.

Stages, in order, each in its own module under `tidings/stages/`:
read (tidings.documents) -> parse (spaCy, per paragraph) -> resolve actors (actors, discourse)
-> classify events (events) -> resolve dates and places (when_where) -> records (here).
Coding is a pure function of the document and the configuration: same input, same output and ids.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from functools import lru_cache
from importlib import resources
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

from tidings.documents import Document
from tidings.lexicon.actors import ActorLexicon
from tidings.config import CoderConfig
from tidings.lexicon.patterns import builtin_patterns, load_patterns
from tidings.nlp import load_model
from tidings.ontology import cameo
from tidings.record import Actor, Event, Location, SentenceSpan, Span as TextSpan
from tidings.stages.actors import ActorResolver, Resolved
from tidings.stages.events import Candidate, EventFinder
from tidings.stages.places import Gazetteer
from tidings.stages.when_where import event_date, event_place

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# "GAZA CITY, Palestinian Territories:", "BEIJING --", "WASHINGTON (AP) --": a dateline, not a sentence
DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,}(?:, [A-Z][\w.' ]+)?(?: \([A-Za-z.]+\))?\s*(?::|--|\u2014|-)\s+(?=[A-Z\"'])")
BATCH_SIZE = 32
HOW_CONFIDENCE = {"name": 1.0, "title": 0.9, "person": 0.95, "pronoun": 0.8, "pair": 0.8,
                  "text": 0.6, "phrase": 0.5, "unseen": 0.4, "location": 0.6, "home": 0.6}


@lru_cache(maxsize=1)
def builtin_lexicon() -> ActorLexicon:
    """Gives the built-in actor tables with the well-known people of data/people.tsv."""
    with resources.as_file(resources.files("tidings").joinpath("data/people.tsv")) as path:
        return ActorLexicon.builtin().with_user_file(path)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Gives the paragraphs of a text with their start offsets (the parser glues "\\n\\n" to sentences),
    a leading dateline left out (it parses as a subject and is no part of any sentence)."""
    dateline = DATELINE.match(text)
    found, start = [], dateline.end() if dateline else 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if text[start:match.start()].strip():
            found.append((start, text[start:match.start()]))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:]))
    return found


class Coder:
    """Codes documents into events with one configuration: model, actor tables, patterns."""

    def __init__(self, config: CoderConfig | None = None):
        self.config = config or CoderConfig()
        lexicon = builtin_lexicon()
        for path in self.config.actors:
            lexicon = lexicon.with_user_file(path)
        self.lexicon = lexicon
        self.patterns = load_patterns(extra=self.config.patterns) if self.config.patterns else builtin_patterns()
        self.gazetteer = Gazetteer.builtin()
        self.nlp = load_model(self.config.model, self.config.ops)

    def code(self, doc: Document) -> list[Event]:
        """Gives the events of one document."""
        return next(self.code_many([doc]))[1]

    def code_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        """Gives each document with its events, in input order, parsing paragraphs in batches."""
        pending: list[tuple[Document, list[tuple[int, str]]]] = []
        size = 0
        for doc in docs:
            pending.append((doc, paragraphs(doc.text)))
            size += len(pending[-1][1])
            if size >= BATCH_SIZE:
                yield from self._code_batch(pending)
                pending, size = [], 0
        if pending:
            yield from self._code_batch(pending)

    def _code_batch(self, batch: list[tuple[Document, list[tuple[int, str]]]]) -> Iterator[tuple[Document, list[Event]]]:
        texts = [para for _, paras in batch for _, para in paras]
        parsed = iter(self.nlp.pipe(texts, batch_size=BATCH_SIZE))
        for doc, paras in batch:
            parses = [(offset, next(parsed)) for offset, _ in paras]
            yield doc, self._code_parsed(doc, parses)

    def _code_parsed(self, doc: Document, parses: list[tuple[int, Doc]]) -> list[Event]:
        doc_date = _date(doc.date)
        resolver = ActorResolver(self.lexicon, doc_date)
        finder = EventFinder(self.patterns, resolver)
        events: list[Event] = []
        index = 0
        for offset, parsed in parses:
            for sent in parsed.sents:
                resolver.start_sentence(index, list(sent))
                for cand in finder.find(sent):
                    events.extend(self._records(doc, doc_date, index, offset, sent, cand))
                index += 1
        return _deduplicate(events)

    def _sentence_country(self, sent: Span) -> str | None:
        """Gives the first country a sentence names, by name, capital or nationality."""
        return _first_country(self.lexicon, sent)

    def _records(self, doc: Document, doc_date: datetime.date | None, index: int, offset: int,
                 sent: Span, cand: Candidate) -> list[Event]:
        if cand.cameo[:2] in {"17", "18", "19"} and cand.cameo not in {"194", "195"} and cand.sources and all(
                s.actor.sector == "CVL" for s in cand.sources):
            cand.cameo = "145"   # violence by protesters and crowds is rioting, as CAMEO codes it
        code = cameo(cand.cameo)
        if code.plover is None:
            return []
        when, when_text = event_date(cand.trigger, sent, doc_date)
        where = event_place(cand.trigger, sent, self.gazetteer, self.lexicon)
        start = offset + sent.start_char
        sentence = SentenceSpan(start=start, end=offset + sent.end_char, text=sent.text, index=index)
        trig = cand.trigger
        trigger = TextSpan(offset + trig.idx, offset + trig.idx + len(trig.text), trig.text)
        records = []
        home = self._sentence_country(sent) or (where.code if where is not None else None)
        dyads = [(_homed(_placed(s, where, PLACED_SOURCES), home), None if t is None else _placed(t, where, PLACED_TARGETS))
                 for s, t in _dyads(cand)]
        if where is not None and where.code and all(t is None for _, t in dyads):
            # no one named as target: the place stands for it, as PETRARCH-style coders (and the public
            # gold sets) do: "demonstrated in Beijing", "lifted the curfew in Montenegro"
            place = Resolved(Actor(text=where.text, name=None, code=where.code, sector=None), "location")
            dyads = [(s, place) for s, _ in dyads]
        if code.plover in DOMESTIC_TYPES:
            dyads = [(s, _at_home(t, s)) for s, t in dyads]
        for source, target in dyads:
            if target is not None and source.actor == target.actor and source.actor.code is None:
                continue
            if target is not None and _same(source.actor, target.actor):
                continue
            if target is not None and "pair" in (target.how, source.how) and source.actor.code == target.actor.code:
                continue  # "X called on the two sides": X is one of them
            if target is not None and target.how == "pronoun" and source.actor.code == target.actor.code:
                target = None   # "Kazakhstan welcomes ... in their country": no one else is named
            confidence = _confidence(cand, source, target)
            event = Event(
                id="", doc_id=doc.id, doc_date=doc.date, date=when.date.isoformat() if when else None,
                date_precision=when.precision if when else None, sentence=sentence, trigger=trigger,
                event=code.plover, mode=code.mode, cameo=code.code, quad=code.quad, goldstein=code.goldstein,
                source=source.actor, target=None if target is None else target.actor, location=where,
                intent=cand.intent, negated=cand.negated, confidence=confidence,
            )
            event.id = _event_id(event)
            records.append(event)
        return records


def _first_country(lexicon: ActorLexicon, sent: Span) -> str | None:
    """Gives the country a sentence names first, by name, capital or nationality, in text order."""
    words = [t.text for t in sent]
    names = {start: entry.code for start, _, entry in lexicon.find_names(words)
             if entry.kind in {"country", "capital"}}
    for i, t in enumerate(sent):
        code = names.get(i) or lexicon.country_of_adjective(t.text)
        if code:
            return code
    return None


def _dyads(cand: Candidate) -> list[tuple[Resolved, Resolved | None]]:
    """Gives who acts toward whom: each source toward each target; mutual acts among the sources."""
    pair_sources = len(cand.sources) >= 2 and all(s.how == "pair" for s in cand.sources)
    if cand.targets and not (pair_sources and cand.pattern.mutual):
        return [(s, t) for s in cand.sources for t in cand.targets]
    if cand.pattern.mutual and len(cand.sources) >= 2:
        return [(s, t) for s in cand.sources for t in cand.sources if s is not t]
    return [(s, None) for s in cand.sources]


# offices of a state: their holders belong to the country the sentence is about; rebels, protesters and
# companies do not (they may be foreign to it)
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


# acts that, with no country named for their target, are aimed at home: protests, strikes and riots
# at the actor's own government, arrests and curfews on the actor's own people (CAMEO's domestic coding)
DOMESTIC_TYPES = {"PROTEST", "COERCE", "CONCEDE", "RETREAT"}


def _at_home(target: Resolved | None, source: Resolved) -> Resolved | None:
    code = source.actor.code
    if code is None or code in {"UNO", "EUR", "IGO", "NGO", "MNC", "IMG"}:
        return target
    if target is None:
        return Resolved(Actor(text="", name=None, code=code, sector="GOV"), "home")
    if target.actor.code is None and target.how in {"title", "phrase"}:
        a = target.actor
        return Resolved(Actor(text=a.text, name=a.name, code=code, sector=a.sector), target.how)
    return target


def _homed(resolved: Resolved, home: str | None) -> Resolved:
    """Gives an office holder with no country the country the sentence is about: "President X
    resigned to allow Haiti's first free elections" is Haiti's president."""
    a = resolved.actor
    if home is None or a.code is not None or resolved.how not in {"title", "person", "pronoun"}:
        return resolved
    if a.sector not in STATE_SECTORS and not (resolved.person and a.sector is None):
        return resolved
    return Resolved(Actor(text=a.text, name=a.name, code=home, sector=a.sector), resolved.how, resolved.person)


# which unresolved actors take the place's country: a role or a phrase anywhere; an unknown name only as
# target (the victims of an attack in Gaza are likely Palestinian; a visitor named there is not)
PLACED_SOURCES = {"title", "phrase", "unseen"}
PLACED_TARGETS = {"title", "phrase", "unseen", "text"}


def _placed(resolved: Resolved, where: Location | None, kinds: set[str]) -> Resolved:
    """Gives an actor with no country the country of the event's place: "police in Baghdad" are Iraqi,
    "blocked roads in Algiers" blocked Algerian roads. Only for actors the text gives a role or words
    to (a sector, an unresolved phrase), never for names of other bodies."""
    if where is None or not where.code or resolved.actor.code is not None:
        return resolved
    if resolved.how not in kinds:
        return resolved
    a = resolved.actor
    return Resolved(Actor(text=a.text, name=a.name, code=where.code, sector=a.sector), resolved.how)


def _same(a: Actor, b: Actor) -> bool:
    return a.text == b.text and a.code == b.code


def _confidence(cand: Candidate, source: Resolved, target: Resolved | None) -> float:
    """Gives 0-1 belief from the evidence: pattern specificity, how each actor was resolved."""
    score = 0.55 + 0.1 * min(cand.pattern.specificity, 3)
    score *= HOW_CONFIDENCE.get(source.how, 0.6)
    score *= 0.7 if target is None else HOW_CONFIDENCE.get(target.how, 0.6)
    if "noun" in cand.evidence:
        score *= 0.9
    if "inside" in cand.evidence:
        score *= 0.85
    return max(0.05, min(0.99, score))


def _event_id(event: Event) -> str:
    """Gives a stable id: the same document, sentence, trigger, dyad and code give the same id."""
    parts = [event.doc_id, str(event.sentence.start), str(event.trigger.start if event.trigger else -1),
             event.cameo, event.source.text, str(event.source.code),
             "" if event.target is None else f"{event.target.text}|{event.target.code}"]
    return "e_" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def _deduplicate(events: list[Event]) -> list[Event]:
    """Keeps one event per sentence, dyad and type: the most confident, in text order."""
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.sentence.index, e.source.code or e.source.text,
               None if e.target is None else (e.target.code or e.target.text), e.event, e.negated)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    kept = set(id(e) for e in best.values())
    return [e for e in events if id(e) in kept]


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


_default: Coder | None = None


def default_coder() -> Coder:
    """Gives the process's coder with the built-in tables, made on first use."""
    global _default
    if _default is None:
        _default = Coder()
    return _default


def code_text(text: str, date: str | None = None, doc_id: str = "text") -> list[Event]:
    """Gives the events of one text dated `date` (YYYY-MM-DD or None)."""
    return default_coder().code(Document(id=doc_id, text=text, date=date))


def code_documents(docs: Iterable[Document], coder: Coder | None = None) -> Iterator[Event]:
    """Gives the events of each document in turn, streaming, in input order."""
    for _, events in (coder or default_coder()).code_many(docs):
        yield from events
