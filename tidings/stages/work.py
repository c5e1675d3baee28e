"""What the stages hand each other: one document's work, its sentences, and each event found in them.

Plain dataclasses. A stage reads the fields the stages before it filled (its `requires`) and fills
its own (its `assigns`); tidings/stages/pipeline.py checks that order once, when the coder is built.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tidings.documents import Document
from tidings.record import Event, Location
from tidings.stages.actors import ActorResolver, Resolved
from tidings.stages.dates import ResolvedDate
from tidings.stages.events import Candidate, EventFinder


@dataclass
class Finding:
    """One event candidate on its way to records: when and where it happened, who toward whom."""

    candidate: Candidate
    when: ResolvedDate | None = None          # None: the text gives no date for it
    where: Location | None = None
    dyads: list[tuple[Resolved, Resolved | None]] = field(default_factory=list)


@dataclass
class SentenceWork:
    """One sentence of a document: where it stands, and what was found in it."""

    document: DocumentWork
    index: int                  # sentence number in the document
    offset: int                 # where its paragraph starts in the document text
    sent: Span
    findings: list[Finding] = field(default_factory=list)
    dropped: list[tuple[Token, str]] = field(default_factory=list)   # triggers that gave no event, and why
    events: list[Event] = field(default_factory=list)


@dataclass
class DocumentWork:
    """One document on its way through the stages."""

    document: Document
    day: datetime.date | None                              # publication date
    texts: list[tuple[int, str]] | None = None             # paragraphs: (start offset, text)
    paragraphs: list[tuple[int, Doc]] = field(default_factory=list)   # (start offset, parse)
    resolver: ActorResolver | None = None                  # the document's actors and discourse memory
    home: str | None = None                                # the country the document is mostly about
    countries: list[list[str]] = field(default_factory=list)   # per sentence: the countries it names
    finder: EventFinder | None = None
    events: list[Event] = field(default_factory=list)
    dropped: list[tuple[Token, str]] = field(default_factory=list)

    def sentences(self) -> Iterator[SentenceWork]:
        """Gives the sentences of the parsed paragraphs, numbered across the document."""
        index = 0
        for offset, parsed in self.paragraphs:
            for sent in parsed.sents:
                yield SentenceWork(self, index, offset, sent)
                index += 1
