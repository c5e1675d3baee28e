"""Parse: a document's paragraphs, its leading dateline left out, parsed by spaCy in batches.

Paragraphs are parsed as documents of their own: spaCy glues a paragraph break to the sentence
before it, and batches of paragraphs parse faster than whole articles (shared/notes/dependencies.md).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language

from tidings.stages.work import DocumentWork

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# "LIMA, Peru:", "QUITO --", "BOGOTA (Reuters) --": a dateline, not a sentence
DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,}(?:, [A-Z][\w.' ]+)?(?: \([A-Za-z.]+\))?\s*(?::|--|\u2014|-)\s+(?=[A-Z\"'])")
BATCH_SIZE = 32   # paragraphs per nlp.pipe batch


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Gives the paragraphs of a text with their start offsets, a leading dateline left out (it
    parses as a subject and is no part of any sentence)."""
    dateline = DATELINE.match(text)
    found, start = [], dateline.end() if dateline else 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if text[start:match.start()].strip():
            found.append((start, text[start:match.start()]))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:]))
    return found


def split(work: DocumentWork) -> list[tuple[int, str]]:
    """Gives (and keeps) the paragraphs of a document's text."""
    if work.texts is None:
        work.texts = paragraphs(work.document.text)
    return work.texts


def parse(nlp: Language, works: Sequence[DocumentWork]) -> None:
    """Fills each document's `paragraphs` with (offset, parse), parsing all of them in one stream."""
    texts = [text for work in works for _, text in split(work)]
    parsed = iter(nlp.pipe(texts, batch_size=BATCH_SIZE))
    for work in works:
        work.paragraphs = [(offset, next(parsed)) for offset, _ in split(work)]
