"""PETRARCH discard lists: phrases whose sentence (or, written `+PHRASE`, whose whole story) is not coded.

    MONTHS LATER          a sentence that holds these words is not coded
    +WORLD_CUP_FINAL      a document that holds them anywhere is not coded at all

As PETRARCH matches them: whole words in any case, `_` the same as a space. Words are read from
the text with their punctuation taken off ("champions," is the word CHAMPIONS), where PETRARCH
splits at spaces only and so misses a phrase that ends in a comma or full stop.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from tidings.lexicon.petrarch_actors import _lines
from tidings.lexicon.petrarch_files import file_state, read_text

__all__ = ["Discards", "read_discards", "load_discards"]

_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-&][^\W_]+)*")


def _text_words(text: str) -> list[str]:
    return [w.upper() for w in _WORD.findall(text)]


@dataclass
class Discards:
    """Discard phrases by their first word: (words, whole story?) each, longest first."""

    phrases: dict[str, list[tuple[tuple[str, ...], bool]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, words: tuple[str, ...], story: bool) -> None:
        known = self.phrases.setdefault(words[0], [])
        known.append((words, story))
        known.sort(key=lambda item: -len(item[0]))

    def merged(self, other: "Discards") -> "Discards":
        """Gives these phrases and `other`'s together."""
        both = Discards(problems=self.problems + other.problems)
        for table in (self, other):
            for items in table.phrases.values():
                for words, story in items:
                    both.add(words, story)
        return both

    def find(self, text: str, story_only: bool = False) -> str | None:
        """Gives the first discard phrase of `text` ("+" before one that drops the story), or None."""
        words = _text_words(text)
        for i, word in enumerate(words):
            for phrase, story in self.phrases.get(word, ()):
                if story_only and not story:
                    continue
                if tuple(words[i:i + len(phrase)]) == phrase:
                    return ("+" if story else "") + " ".join(phrase)
        return None

    def __bool__(self) -> bool:
        return bool(self.phrases)


def read_discards(path: str | os.PathLike) -> Discards:
    """Gives the phrases of a PETRARCH discard list; a line it cannot read is one of its problems."""
    return _read(str(path), file_state(path))


@lru_cache(maxsize=8)
def _read(path: str, state: tuple[str, int, int]) -> Discards:
    discards = Discards()
    for number, line in _lines(read_text(path)):
        story = line.startswith("+")
        words = tuple(_text_words(line[1:] if story else line))
        if not words:
            discards.problems.append(f"{path}:{number}: a discard line with no words")
            continue
        discards.add(words, story)
    return discards


def load_discards(paths: "tuple[str, ...] | list[str]") -> Discards:
    """Gives the phrases of every discard list named, together (none: an empty Discards)."""
    discards = Discards()
    for path in paths:
        discards = discards.merged(read_discards(path))
    return discards
