"""`tidings code`: read documents, code their events, write the records."""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tidings.cli.messages import fail, report
from tidings.cli.options import check_date, date_option, output_options
from tidings.documents import Document, Reject, read_documents
from tidings.output import open_output, write_records

if TYPE_CHECKING:
    from tidings.coder import Coder


@click.command("code")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@date_option
@click.option("--actors", "actors", metavar="FILE", help="An extra actors file (YAML/TSV) to resolve actors with.")
@output_options
def code_cli(paths: tuple[str, ...], date: str | None, actors: str | None, fmt: str, output: str) -> None:
    """Code the events of PATH... (.txt articles, .jsonl documents, folders, `-` for stdin).

    Writes one record per event. A document that cannot be read is reported on stderr as
    `tidings: FILE:LINE: reason` and the others go on.
    """
    check_date(date)
    coder = load_coder(actors)
    documents = read_documents(paths, date=date)
    coded = 0

    def records() -> Iterator[dict]:
        nonlocal coded
        for _, doc_records in code_all(coder, documents, report):
            coded += 1
            yield from doc_records

    try:
        with open_output(output) as out:
            write_records(records(), fmt, out)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as e:
        fail(f"-o {output}: cannot write ({e.strerror or e})", 1)
    if coded == 0:
        raise SystemExit(1)


def code_all(coder: Coder, items: Iterable[Document | Reject],
             on_reject: Callable[[Reject], None]) -> Iterator[tuple[Document, list[dict]]]:
    """Gives each readable document with its event records, in input order.

    Rejects, and documents the coder fails on, go to `on_reject` (the failure as
    `internal error: ...`) and the batch goes on.
    """
    items = iter(items)
    while True:
        pending: deque[Document] = deque()  # handed to the coder, not yet given back

        def feed() -> Iterator[Document]:
            for item in items:
                if isinstance(item, Reject):
                    on_reject(item)
                    continue
                pending.append(item)
                yield item

        try:
            for _, events in coder.code_many(feed()):
                doc = pending.popleft()  # code_many keeps input order
                records = _records_or_reject(doc, lambda: events, on_reject)
                if records is not None:
                    yield doc, records
            return
        except Exception:  # noqa: BLE001 - one bad document must not end the batch
            if not pending:
                raise  # not about any document: retrying would fail the same way
            # The batch in flight is lost: code its documents one by one to find the culprit,
            # then start batching again on the rest of the input.
            while pending:
                doc = pending.popleft()
                records = _records_or_reject(doc, lambda: coder.code(doc), on_reject)
                if records is not None:
                    yield doc, records


def _records_or_reject(doc: Document, events: Callable[[], list], on_reject: Callable[[Reject], None]) -> list[dict] | None:
    """Gives the records of `doc`'s events, or None after reporting why they could not be made."""
    try:
        return [event.to_dict() for event in events()]
    except Exception as e:  # noqa: BLE001
        on_reject(internal_error(doc, e))
        return None


def internal_error(doc: Document, error: BaseException) -> Reject:
    """Gives the Reject that reports a coder failure on `doc`, located at the document's origin."""
    file, line = doc.origin or doc.id, None
    m = re.fullmatch(r"(.*):(\d+)", file)
    if m:
        file, line = m.group(1), int(m.group(2))
    text = str(error).strip()
    detail = f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__
    return Reject(file, line, f"internal error: {detail}")


def load_coder(actors: str | None) -> Coder:
    """Gives a ready Coder; ends the command (exit 2) when the actors file is missing or bad."""
    if actors is not None and not Path(actors).is_file():
        fail(f"--actors {actors}: no such file", 2)
    from tidings.coder import Coder  # here, not at the top: it loads spaCy
    from tidings.config import CoderConfig
    from tidings.lexicon import ActorFileError

    try:
        return Coder(CoderConfig(actors=(actors,) if actors else ()))
    except ActorFileError as e:
        message = str(e)
        fail(message if actors and actors in message else f"--actors {actors}: {message}", 2)
