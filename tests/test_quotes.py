"""Where quotations close: what lets a quote's "we" find a speaker named after it."""
from __future__ import annotations

from tidings.nlp import load_model
from tidings.stages.quotes import quote_closings


def closings(*paragraphs: str) -> list[int | None]:
    nlp = load_model()
    return quote_closings([list(nlp(p).sents) for p in paragraphs])


def test_each_sentence_of_a_quote_points_at_the_sentence_that_closes_it():
    assert closings('Talks ended. \u201cWe are done. We will go home.\u201d Ruiz said so.') == [None, 2, 2, None]


def test_straight_quotes_open_and_close_in_turn():
    assert closings('"We are done. We will go home," she said. The talks ended.') == [1, 1, None]


def test_a_quotation_ends_with_its_paragraph():
    assert closings('"We are done. We will go home.', 'The talks ended.') == [None, None, None]
