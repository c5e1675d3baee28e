"""How `code` and `ingest` tell their progress: a bar per document on a terminal only, and one
summary line on stderr at the end."""
from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import Any

import click

from tidings.documents import Document, printable
from tidings.inputs.counting import count_inputs


class Progress:
    """A bar over the inputs of PATH... on stderr when it is a terminal, else nothing at all.

    `advance(n)` may be called from any thread (ingest's writer thread tells of stored batches).
    """

    def __init__(self, paths: Sequence[str], label: str, stream: Any = None):
        self.stream = stream if stream is not None else sys.stderr
        self.bar = None
        self.lock = threading.Lock()
        if not self.stream.isatty():
            return
        from tqdm import tqdm  # installed with spaCy

        self.bar = tqdm(total=count_inputs(paths), desc=label, unit="doc", file=self.stream, dynamic_ncols=True,
                        leave=False)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None and n:
            with self.lock:
                self.bar.update(n)

    def write(self, line: str) -> None:
        """Writes one line on stderr above the bar (a reject, a warning), the bar redrawn below it."""
        if self.bar is not None:
            with self.lock:
                self.bar.write(line, file=self.stream)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            with self.lock:
                self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def undated_warning(doc: Document) -> str:
    """Gives the warning line for a document read with no date: its events will be undated."""
    return printable(f"tidings: {doc.origin or doc.id}: warning: no date; its events are undated "
                     f"(give it a date field, a `date` line, or --date)")


def rate(documents: int, seconds: float) -> str:
    """Gives documents a second as the summary line says it."""
    return f"{documents / seconds:.1f} docs/s" if seconds > 0 else "- docs/s"
