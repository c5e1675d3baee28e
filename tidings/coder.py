"""The coder: runs the declared pipeline (tidings/stages/pipeline.py) over documents.

    read (tidings.documents) -> parse -> actors -> events -> when_where -> attribution -> records

The coder only builds the stages from one `CoderConfig` and runs them, documents in batches so that
spaCy parses many paragraphs at once. Coding is a pure function of the document and the
configuration: same input, same output and ids.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

from tidings.config import CoderConfig
from tidings.days import as_day
from tidings.documents import Document
from tidings.lexicon.actors import ActorLexicon
from tidings.lexicon.configured import extend_lexicon
from tidings.lexicon.patterns import builtin_patterns, load_patterns
from tidings.lexicon.petrarch_discards import load_discards
from tidings.lexicon.petrarch_verbs import with_petrarch_verbs
from tidings.nlp import load_model
from tidings.record import Event
from tidings.stages.lemmas import verb_lemmatizer
from tidings.stages.parse import BATCH_SIZE, split
from tidings.stages.pipeline import build_pipeline, run_document
from tidings.stages.places import Gazetteer
from tidings.stages.work import DocumentWork

__all__ = ["Coder", "code_text", "code_documents", "builtin_lexicon", "default_coder"]


@lru_cache(maxsize=1)
def builtin_lexicon() -> ActorLexicon:
    """Gives the built-in actor tables with the well-known people of data/people.tsv."""
    with resources.as_file(resources.files("tidings").joinpath("data/people.tsv")) as path:
        return ActorLexicon.builtin().with_user_file(path)


class Coder:
    """Codes documents into events with one configuration: model, actor tables, patterns."""

    def __init__(self, config: CoderConfig | None = None):
        self.config = config or CoderConfig()
        self.lexicon = extend_lexicon(builtin_lexicon(), self.config.actors, self.config.agents)
        book = load_patterns(extra=self.config.patterns) if self.config.patterns else builtin_patterns()
        self.nlp = load_model(self.config.model, self.config.ops)
        self.patterns = with_petrarch_verbs(book, self.config.verbs, verb_lemmatizer(self.nlp))[0]
        self.discards = load_discards(self.config.discards)
        self.gazetteer = Gazetteer.builtin()
        self.stages = build_pipeline(self.nlp, self.lexicon, self.patterns, self.gazetteer, self.discards)

    def code(self, doc: Document) -> list[Event]:
        """Gives the events of one document."""
        return next(self.code_many([doc]))[1]

    def code_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        """Gives each document with its events, in input order, parsing paragraphs in batches."""
        for work in self.code_works(docs):
            yield work.document, work.events

    def code_works(self, docs: Iterable[Document]) -> Iterator[DocumentWork]:
        """Gives each document's whole work (parses, events, dropped triggers), in input order."""
        pending: list[DocumentWork] = []
        size = 0
        for doc in docs:
            work = DocumentWork(doc, as_day(doc.date))
            pending.append(work)
            size += len(split(work))
            if size >= BATCH_SIZE:
                yield from self._code_batch(pending)
                pending, size = [], 0
        if pending:
            yield from self._code_batch(pending)

    def _code_batch(self, works: list[DocumentWork]) -> Iterator[DocumentWork]:
        for stage in self.stages:
            if stage.level == "batch":
                stage.run_batch(works)
        for work in works:
            run_document(self.stages, work)
            yield work


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
