"""`tidings ingest`: code documents and keep their events in the store."""
from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import click

from tidings.cli import code as code_command
from tidings.cli.messages import fail, report
from tidings.cli.options import check_date, coder_config, coder_options, date_option, db_option
from tidings.documents import Reject, folder_inputs, printable, read_documents
from tidings.pipeline import BATCH_SIZE, IngestError, ingest
from tidings.store.schema import StoreError, connect, db_path


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Code in this many processes (each loads the model once); this one writes.")
@date_option
@coder_options
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Documents per transaction: a crash loses at most the batches in flight.")
def ingest_cli(paths: tuple[str, ...], db: str | None, workers: int, date: str | None, actors: tuple[str, ...],
               patterns: str | None, batch_size: int) -> None:
    """Code PATH... (.txt articles, .jsonl documents, folders, `-` for stdin) and store the events.

    A document already stored with the same text is skipped; one with new text has its events
    replaced. Run it again after a crash or Ctrl-C: it stores what is missing, each document once.
    Unreadable inputs are reported on stderr as `tidings: FILE:LINE: reason` and kept in `rejects`.
    """
    check_date(date)
    config = coder_config(actors, patterns)
    file = db_path(db)
    try:
        connect(file).close()  # a locked or foreign file is told before any counting or coding
    except StoreError as e:
        fail(str(e), 1)
    bar = _progress(paths)
    started = time.perf_counter()
    try:
        summary = ingest(file, read_documents(paths, date=date), lambda: code_command.load_coder(config),
                         batch_size=batch_size, workers=workers, on_progress=bar.update if bar else None,
                         on_reject=report, config=config)
    except KeyboardInterrupt:
        _finish(bar)
        fail(f"interrupted after {time.perf_counter() - started:.0f} s: what was committed is stored; "
             f"run the same command again to store the rest", 130)
    except (IngestError, StoreError) as e:
        _finish(bar)
        fail(str(e), 1)
    _finish(bar)
    click.echo(f"tidings: {printable(summary.message(file))}", err=True)
    if summary.documents + summary.unchanged == 0:
        raise SystemExit(1)  # nothing readable at all, as `tidings code`


def _progress(paths: Sequence[str]):
    """Gives a progress bar over the inputs on stderr when it is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    total = _count_inputs(paths)
    if not total:
        return None
    bar = click.progressbar(length=total, label="ingesting", file=sys.stderr, show_pos=True)
    bar.__enter__()
    return bar


def _finish(bar) -> None:
    if bar is not None:
        bar.__exit__(None, None, None)


def _count_inputs(paths: Sequence[str]) -> int | None:
    """Gives how many inputs PATH... hold (a line of JSONL, a file otherwise); None for stdin."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        files = folder_inputs(p) if p.is_dir() else [p]
        for f in files:
            if isinstance(f, Reject) or f.suffix.lower() != ".jsonl":
                total += 1
                continue
            try:
                with f.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            except OSError:
                total += 1
    return total


if __name__ == "__main__":  # `python -m tidings.cli.ingest`, before the command is registered
    ingest_cli(prog_name="tidings ingest")
