"""A very long paragraph is parsed in pieces cut at sentence ends, its offsets exact, and coded whole."""
from __future__ import annotations

from tidings.documents import Document
from tidings.stages.parse import PIECE_CHARS, pieces
from tidings.stages.when_where import sentence_entities

SENTENCES = [
    "Kenya signed a water accord with Ghana in Accra on Monday.",
    "Gen. Tomas Varga of Peru met Mr. Lin in Lima on 3 May 2024.",
    "Protesters gathered outside the Chilean embassy in Quito on Friday.",
]


def long_text(chars: int) -> str:
    parts, n = [], 0
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(SENTENCES[n % len(SENTENCES)])
        n += 1
    return " ".join(parts)


def test_a_short_paragraph_is_one_piece() -> None:
    text = " ".join(SENTENCES)
    assert pieces(40, text) == [(40, text)]


def test_a_long_paragraph_is_cut_at_sentence_ends_with_exact_offsets() -> None:
    text = long_text(3 * PIECE_CHARS)
    got = pieces(100, text)
    assert len(got) >= 3
    for offset, piece in got:
        assert len(piece) <= PIECE_CHARS
        assert text[offset - 100:offset - 100 + len(piece)] == piece
        assert piece.endswith(".") and piece[0].isupper()
        assert not piece.endswith(("Gen.", "Mr."))   # an abbreviation ends no sentence
    # nothing but the spaces between pieces is left out
    assert "".join(p for _, p in got).replace(" ", "") == text.replace(" ", "")


def test_a_paragraph_with_no_sentence_end_is_cut_at_spaces_then_anywhere() -> None:
    words = "word " * 3000
    assert all(len(p) <= PIECE_CHARS and not p.startswith(" ") for _, p in pieces(0, words))
    blob = "x" * (2 * PIECE_CHARS + 7)
    assert [len(p) for _, p in pieces(0, blob)] == [PIECE_CHARS, PIECE_CHARS, 7]


def test_a_long_paragraph_is_coded_with_offsets_into_the_document(coder) -> None:
    text = "date 2024-05-06\n" + long_text(2 * PIECE_CHARS + 500)
    doc = Document(id="long", text=text, date="2024-05-06")
    events = coder.code(doc)
    per_sentence = coder.code(Document(id="one", text=SENTENCES[0], date="2024-05-06"))
    assert len(events) >= 2 * PIECE_CHARS // sum(len(s) for s in SENTENCES) * len(per_sentence)
    for event in events:
        assert text[event.sentence.start:event.sentence.end] == event.sentence.text
        assert text[event.trigger.start:event.trigger.end] == event.trigger.text


def test_sentence_entities_are_what_spacy_gives_for_the_sentence(coder) -> None:
    doc = coder.nlp(" ".join(SENTENCES) + " Talks in Nairobi and Kampala went on until June.")
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in sentence_entities(sent)] == \
               [(e.start, e.end, e.label_) for e in sent.ents]
