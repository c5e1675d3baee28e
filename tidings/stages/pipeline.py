"""The coder's pipeline, declared: one list of stages, each saying what it needs and what it adds.

    parse -> actors -> events -> when_where -> attribution -> records -> pledges -> deduplicate

A stage names the fields of the work it `requires` (filled by stages before it) and the fields it
`assigns` (tidings/stages/work.py); `check_order` proves the order once, when the coder is built.
Stages run at one of three levels: `batch` (parse, over many documents at once), `sentence` (each
sentence in turn, so that the discourse memory behind pronouns and short names holds exactly what
was said before it), and `document` (after all its sentences).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import ClassVar

from spacy.language import Language

from tidings.lexicon.actors import ActorLexicon
from tidings.lexicon.patterns import PatternBook
from tidings.lexicon.petrarch_discards import Discards
from tidings.stages import records
from tidings.stages.actors import ActorResolver
from tidings.stages.attribution import Attribution, countries_named, home_country
from tidings.stages.events import EventFinder
from tidings.stages.lemmas import PrefixedLemmas
from tidings.stages.parse import parse
from tidings.pledge_table import pledge_table
from tidings.stages.places import Gazetteer
from tidings.stages.pledges import sentence_pledges
from tidings.stages.when_where import event_date, event_place
from tidings.stages.work import DocumentWork, Finding, SentenceWork

# what a document brings before any stage ran
GIVEN = ("document", "day")

SentenceStep = Callable[[SentenceWork], None]


class StageOrderError(RuntimeError):
    """A stage comes before a stage it needs."""


class Stage:
    """A named step of the pipeline: what it needs, what it adds, and at which level it runs."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]
    level: ClassVar[str]   # "batch" | "sentence" | "document"

    def run_batch(self, works: Sequence[DocumentWork]) -> None:
        """Runs a batch stage over many documents."""
        raise NotImplementedError

    def start(self, work: DocumentWork) -> SentenceStep:
        """Readies a sentence stage for one document; gives what it does to each sentence."""
        raise NotImplementedError

    def finish(self, work: DocumentWork) -> None:
        """Runs a document stage after all the document's sentences."""
        raise NotImplementedError


def check_order(stages: Sequence[Stage], given: Sequence[str] = GIVEN) -> None:
    """Raises StageOrderError unless every stage's needs are given or assigned by a stage before it."""
    have = set(given)
    for stage in stages:
        missing = [need for need in stage.requires if need not in have]
        if missing:
            raise StageOrderError(f"stage {stage.name!r} needs {', '.join(missing)}, "
                                  f"which no stage before it assigns")
        have.update(stage.assigns)


# --- the stages ---------------------------------------------------------------------------------------

class ParseStage(Stage):
    """Each document's paragraphs, parsed in one stream over the batch."""

    name, requires, assigns, level = "parse", ("document",), ("paragraphs",), "batch"

    def __init__(self, nlp: Language, book: PatternBook):
        self.nlp = nlp
        self.lemmas = PrefixedLemmas(nlp, book.cues.verb_prefixes)

    def run_batch(self, works: Sequence[DocumentWork]) -> None:
        parse(self.nlp, works)
        for work in works:
            for _, doc in work.paragraphs:
                self.lemmas.repair(doc)


class ActorStage(Stage):
    """The document's actor resolver; each sentence's named actors noted before events are looked for."""

    name, requires, assigns, level = "actors", ("paragraphs", "day"), ("resolver", "home", "countries", "mentions"), "sentence"

    def __init__(self, lexicon: ActorLexicon, book: PatternBook):
        self.lexicon = lexicon
        self.cues = book.cues

    def start(self, work: DocumentWork) -> SentenceStep:
        work.countries = countries_named(self.lexicon, (sent for _, parsed in work.paragraphs for sent in parsed.sents))
        work.home = home_country(work.countries)
        resolver = work.resolver = ActorResolver(self.lexicon, work.day, self.cues)
        resolver.note_quotes([list(parsed.sents) for _, parsed in work.paragraphs])
        return lambda s: resolver.start_sentence(s.index, list(s.sent))


class EventStage(Stage):
    """The event candidates of each sentence (tidings/stages/events)."""

    name, requires, assigns, level = "events", ("resolver", "mentions"), ("candidates", "dropped"), "sentence"

    def __init__(self, book: PatternBook):
        self.book = book

    def start(self, work: DocumentWork) -> SentenceStep:
        finder = work.finder = EventFinder(self.book, work.resolver)

        def find(s: SentenceWork) -> None:
            s.findings = [Finding(c) for c in finder.find(s.sent)]
            s.dropped = finder.take_dropped()
            work.dropped.extend(s.dropped)
        return find


class DiscardStage(Stage):
    """No events from a sentence that holds a discard phrase, nor from a document that holds a story
    discard (`--discards`, tidings/lexicon/petrarch_discards.py); each trigger dropped so, and why."""

    name, requires, assigns, level = "discards", ("candidates",), ("candidates", "dropped"), "sentence"

    def __init__(self, discards: Discards):
        self.discards = discards

    def start(self, work: DocumentWork) -> SentenceStep:
        story = self.discards.find(work.document.text or "", story_only=True)

        def discard(s: SentenceWork) -> None:
            phrase = story or (self.discards.find(s.sent.text) if s.findings else None)
            if phrase and s.findings:
                why = [(f.candidate.trigger, f"discarded: {phrase}") for f in s.findings]
                s.findings = []
                s.dropped.extend(why)
                work.dropped.extend(why)
        return discard


class WhenWhereStage(Stage):
    """Each candidate's date and place, from the expressions on its trigger's clause."""

    name, requires, assigns, level = "when_where", ("candidates", "day"), ("when", "where"), "sentence"

    def __init__(self, gazetteer: Gazetteer, lexicon: ActorLexicon):
        self.gazetteer = gazetteer
        self.lexicon = lexicon

    def start(self, work: DocumentWork) -> SentenceStep:
        def locate(s: SentenceWork) -> None:
            for finding in s.findings:
                trigger = finding.candidate.trigger
                finding.when = event_date(trigger, s.sent, work.day)
                finding.where = event_place(trigger, s.sent, self.gazetteer, self.lexicon)
        return locate


class AttributionStage(Stage):
    """Each candidate's dyads, by the attribution rules (tidings/stages/attribution.py)."""

    name, requires, assigns, level = "attribution", ("candidates", "where", "home"), ("dyads",), "sentence"

    def __init__(self, lexicon: ActorLexicon, book: PatternBook):
        self.attribution = Attribution(lexicon, book)

    def start(self, work: DocumentWork) -> SentenceStep:
        return self.attribution.attribute


class ReplyStage(Stage):
    """For a pattern that codes the target's act back (PETRARCH's "032:033": a visit and its hosting),
    a finding more: from each target to its source, with the reply's code."""

    name, requires, assigns, level = "replies", ("dyads",), ("dyads",), "sentence"

    def start(self, work: DocumentWork) -> SentenceStep:
        def reply(s: SentenceWork) -> None:
            for finding in list(s.findings):
                cand = finding.candidate
                if cand.pattern.reply is None or cand.cameo != cand.pattern.cameo:
                    continue   # re-coded (refused, denied): the act back did not happen either
                back = [(target, source) for source, target in finding.dyads if target is not None and target.actor.code]
                if back:
                    s.findings.append(Finding(replace(cand, cameo=cand.pattern.reply), finding.when, finding.where, back))
        return reply


class RecordStage(Stage):
    """The event records of each sentence, gathered into the document's."""

    name, requires, assigns, level = "records", ("dyads", "when", "where"), ("events",), "sentence"

    def start(self, work: DocumentWork) -> SentenceStep:
        def collect(s: SentenceWork) -> None:
            records.sentence_records(s)
            work.events.extend(s.events)
        return collect


class PledgeStage(Stage):
    """What each pledge record promises: its acts, amount, due and fulfilling roots (tidings/stages/pledges)."""

    name, requires, assigns, level = "pledges", ("events", "day", "resolver", "home"), ("pledges",), "sentence"

    def __init__(self):
        self.table = pledge_table()

    def start(self, work: DocumentWork) -> SentenceStep:
        def promise(s: SentenceWork) -> None:
            found = (s.index, work.document, work.resolver.resolve, work.home)
            added = [e for e in sentence_pledges(s.events, s.sent, s.offset, work.day, self.table, found)
                     if e not in s.events]
            s.events.extend(added)
            work.events.extend(added)
        return promise


class DeduplicateStage(Stage):
    """One record per sentence, dyad and type in the document."""

    name, requires, assigns, level = "deduplicate", ("events",), ("events",), "document"

    def finish(self, work: DocumentWork) -> None:
        work.events = records.deduplicate(work.events)


def build_pipeline(nlp: Language, lexicon: ActorLexicon, book: PatternBook, gazetteer: Gazetteer,
                   discards: Discards | None = None) -> list[Stage]:
    """Gives the coder's stages in order, the order checked (a discard stage only when there are discards)."""
    stages: list[Stage] = [ParseStage(nlp, book), ActorStage(lexicon, book), EventStage(book), WhenWhereStage(gazetteer, lexicon),
                           AttributionStage(lexicon, book), RecordStage(), PledgeStage(), DeduplicateStage()]
    if any(p.reply for patterns in book.verbs.values() for p in patterns):
        stages.insert(5, ReplyStage())
    if discards:
        stages.insert(3, DiscardStage(discards))
    check_order(stages)
    return stages


def run_document(stages: Sequence[Stage], work: DocumentWork) -> None:
    """Runs the sentence stages over each sentence of a parsed document, then its document stages."""
    steps = [stage.start(work) for stage in stages if stage.level == "sentence"]
    for sentence in work.sentences():
        for step in steps:
            step(sentence)
    for stage in stages:
        if stage.level == "document":
            stage.finish(work)
