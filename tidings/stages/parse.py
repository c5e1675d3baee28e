"""Parse: a document's paragraphs, its leading dateline left out, parsed by spaCy in batches.

Paragraphs are parsed as documents of their own: spaCy glues a paragraph break to the sentence
before it, and batches of paragraphs parse faster than whole articles (shared/notes/dependencies.md).
A paragraph longer than PIECE_CHARS is parsed in pieces cut at sentence ends: spaCy's parser and
entity recogniser need about 1 GB of working memory per 100,000 characters of one text, and a text
over `nlp.max_length` is refused.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language

from tidings.stages.work import DocumentWork

BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
LINE_BREAK = re.compile(r"[ \t]*\n\s*")
# a line that ends a sentence: its last mark, perhaps inside quotes or brackets
SENTENCE_END = re.compile(r"[.!?:;…][\"'\u201d\u2019)\]]*$")
# "LIMA, Peru:", "QUITO --", "BOGOTA (Reuters) -", "CARACAS •": a dateline, not a sentence
DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,}(?:, [A-Z][\w.' ]+)?(?: \([A-Za-z.]+\))?\s*(?::|--|\u2014|\u2013|-|\u2022)\s+(?=[A-Z\"'\u201c])")
HEADING_WORDS = 25   # a line this short with no sentence end is a heading
BATCH_SIZE = 32   # paragraphs per nlp.pipe batch
PIECE_CHARS = 5_000   # longer paragraphs are parsed in pieces of at most this many characters
# where a piece may end: a sentence's last mark (perhaps inside quotes or brackets) after a word of
# three lower-case letters or a digit ("Mr.", "Gen.", "U.S." do not end one), then a capital
SENTENCE_BREAK = re.compile(r"(?:[a-z]{3}|\d)[.!?…][\"'\u201d\u2019)\]]*(\s+)(?=[\"'\u201c\u2018(\[]?[A-Z])")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Gives the paragraphs of a text to code, with their start offsets.

    Paragraphs end at blank lines. A text with no blank line breaks its paragraphs at every line
    (wire copy often does); one with blank lines only at lines that end a sentence (the other line
    breaks wrap a paragraph's lines). A leading dateline is left out (it parses as a subject and is
    no part of any sentence), and so are headings: lines with no sentence end, when more text
    follows (a headline or a sub-heading repeats or announces what the body reports).
    """
    breaks = BLANK_LINE if BLANK_LINE.search(text.strip()) else LINE_BREAK
    spans, start = [], 0
    for match in breaks.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    if breaks is BLANK_LINE:
        spans = [piece for a, b in spans for piece in _sentence_lines(text, a, b)]
    found = []
    for n, (a, b) in enumerate(spans):
        piece = text[a:b]
        if not piece.strip():
            continue
        if n < len(spans) - 1 and _is_heading(piece):
            continue
        dateline = DATELINE.match(piece)
        if dateline:
            a, piece = a + dateline.end(), piece[dateline.end():]
        found.append((a, piece))
    return found


def _sentence_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Gives a blank-line paragraph cut at its line breaks that follow a sentence end, or a headline
    (a line the next line's dateline follows)."""
    pieces, a = [], start
    for match in LINE_BREAK.finditer(text, start, end):
        line = text[a:match.start()]
        if SENTENCE_END.search(line) or (_is_heading(line) and DATELINE.match(text[match.end():end])):
            pieces.append((a, match.start()))
            a = match.end()
    pieces.append((a, end))
    return pieces


def _is_heading(piece: str) -> bool:
    line = piece.strip()
    return "\n" not in line and not SENTENCE_END.search(line) and len(line.split()) <= HEADING_WORDS


def pieces(offset: int, text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """Gives a paragraph cut into pieces of at most `limit` characters, with their start offsets:
    at the last sentence end that keeps a piece under the limit, else at the last space, else at
    the limit. The spaces between pieces belong to none; every piece is the text at its offset."""
    found, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        cut = None
        for match in SENTENCE_BREAK.finditer(text, start, end + 1):
            cut = match.span(1)
        if cut is None or cut[0] <= start:
            space = max(text.rfind(" ", start + 1, end), text.rfind("\n", start + 1, end))
            cut = (space, space + 1) if space > start else (end, end)
        found.append((offset + start, text[start:cut[0]]))
        start = cut[1]
    found.append((offset + start, text[start:]))
    return found


def split(work: DocumentWork) -> list[tuple[int, str]]:
    """Gives (and keeps) the paragraphs of a document's text, long ones in pieces."""
    if work.texts is None:
        work.texts = [piece for offset, text in paragraphs(work.document.text) for piece in pieces(offset, text)]
    return work.texts


def parse(nlp: Language, works: Sequence[DocumentWork]) -> None:
    """Fills each document's `paragraphs` with (offset, parse), parsing all of them in one stream."""
    texts = [text for work in works for _, text in split(work)]
    parsed = iter(nlp.pipe(texts, batch_size=BATCH_SIZE))
    for work in works:
        work.paragraphs = [(offset, next(parsed)) for offset, _ in split(work)]
