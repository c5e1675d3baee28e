"""Where quotations open and close, so that a quote's first-person words find a speaker named after it.

Reporters often give a quotation of several sentences first and its speaker last (`"We agreed. My
thanks to both," the minister wrote.`), or in a short sentence of its own after it ("Ruiz wrote on
X."). A quotation never runs past its paragraph here: one that goes on opens again in the next.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

OPENING = frozenset({"\u201c"})
CLOSING = frozenset({"\u201d"})
STRAIGHT = frozenset({'"'})


def quote_closings(paragraphs: Sequence[Sequence[Span]]) -> list[int | None]:
    """Gives, for each sentence of the document (numbered across paragraphs), the number of the
    sentence where the quotation it lies in closes, or None when it lies in no quotation."""
    closings: list[int | None] = []
    index = 0
    for sentences in paragraphs:
        open_since: int | None = None    # the first sentence of the quotation open now
        pending: list[int] = []          # sentences in the open quotation, waiting for its close
        for sent in sentences:
            closings.append(None)
            inside = open_since is not None
            for token in sent:
                text = token.text
                if text in OPENING or (text in STRAIGHT and open_since is None):
                    open_since, inside = index, True
                elif text in CLOSING or text in STRAIGHT:
                    open_since = None
            if inside:
                pending.append(index)
            if open_since is None and pending:
                for waiting in pending:
                    closings[waiting] = index
                pending = []
            index += 1
    return closings
