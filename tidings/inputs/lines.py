"""Reading JSON Lines a line at a time with a cap on a line's size: an over-long line is told by
its size and first bytes, and its rest read and let go in pieces, never held whole."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from tidings.documents import MAX_CHARS

# Bytes a JSON line may take (with its line break), per character of text allowed: a text of
# max_chars written all as \u escapes takes 6 bytes a character, and the other fields get room too.
# A longer line is refused without being held whole: a reader never holds more than this of it.
LINE_BYTES_PER_CHAR = 8


@dataclass
class LongLine:
    """A line longer than the reader's cap: how many bytes it took, and its first ones."""

    size: int
    start: bytes


def line_cap(max_chars: int = MAX_CHARS) -> int:
    """Gives the most bytes a JSON line may take for texts of at most `max_chars` characters."""
    return LINE_BYTES_PER_CHAR * max_chars + 65_536


def capped_lines(stream: BinaryIO, cap: int) -> Iterator[bytes | LongLine]:
    """Gives each line of `stream` (with its line break), or a LongLine for one of more than `cap`
    bytes, whose rest is read and let go in pieces rather than held."""
    while True:
        line = stream.readline(cap)
        if not line:
            return
        if len(line) < cap or line.endswith(b"\n"):
            yield line
            continue
        size, piece = len(line), line
        while piece and not piece.endswith(b"\n"):
            piece = stream.readline(1 << 20)
            size += len(piece)
        if size == cap:   # exactly `cap` bytes, the last line of the file: not over the cap
            yield line
        else:
            yield LongLine(size, line[:500])
