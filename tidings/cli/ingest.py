"""`tidings ingest`: code documents and keep their events in the store."""
from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from tidings.cli import code as code_command
from tidings.cli.messages import fail, report
from tidings.cli.options import check_date, coder_config, coder_options, dask_option, date_option, db_option
from tidings.config import CoderConfig
from tidings.documents import Reject, folder_inputs, printable, read_documents
from tidings.pipeline import BATCH_SIZE, IngestError, ingest
from tidings.pipeline.coded_files import CodedFileError, coded_version, parquet_inputs, read_coded
from tidings.store.schema import StoreError, connect, db_path


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Code in this many processes (each loads the model once); this one writes.")
@dask_option
@date_option
@coder_options
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Documents per transaction: a crash loses at most the batches in flight.")
def ingest_cli(paths: tuple[str, ...], db: str | None, workers: int, dask_address: str | None, date: str | None,
               actors: tuple[str, ...], patterns: str | None, batch_size: int) -> None:
    """Code PATH... (.txt articles, .jsonl documents, folders, `-` for stdin) and store the events.

    A document already stored with the same text is skipped; one with new text has its events
    replaced. Run it again after a crash or Ctrl-C: it stores what is missing, each document once.
    Unreadable inputs are reported on stderr as `tidings: FILE:LINE: reason` and kept in `rejects`.
    Folders of Parquet files written by `tidings code --dask --format parquet` are stored as coded there.
    """
    check_date(date)
    config = coder_config(actors, patterns)
    if dask_address is not None and workers > 1:
        fail("give --dask or --workers, not both: the cluster's workers code", 2)
    try:
        coded = parquet_inputs(paths)
        coded_run = coded_version(coded) if coded else None
    except CodedFileError as e:
        fail(str(e), 2)
    if coded and (dask_address or actors or patterns):
        fail("Parquet files are coded already: --dask, --actors and --patterns do not apply to them", 2)
    file = db_path(db)
    try:
        connect(file).close()  # a locked or foreign file is told before any counting or coding
    except StoreError as e:
        fail(str(e), 1)
    bar = _progress(paths) if not coded else None
    started = time.perf_counter()
    items = read_coded(coded) if coded else read_documents(paths, date=date)
    version = None
    if coded_run is not None:
        version, config = coded_run[0], CoderConfig.from_dict(json.loads(coded_run[1]))
    try:
        with _cluster(dask_address) as client:
            summary = ingest(file, items, lambda: code_command.load_coder(config), batch_size=batch_size,
                             workers=workers, on_progress=bar.update if bar else None, on_reject=report,
                             config=config, client=client, version=version)
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


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator:
    """Gives a Dask client of `address` for the run, or None without --dask; ends the command on a bad address."""
    if address is None:
        yield None
        return
    try:
        from tidings.pipeline.dask_workers import DaskAddressError, check_address, dask_client
    except ImportError:
        fail("--dask needs the dask extra: pip install 'tidings[dask]'", 2)
    try:
        check_address(address)
    except DaskAddressError as e:
        fail(str(e), 2)
    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(dask_client(address))
        except OSError as e:  # no scheduler there: distributed says so as a TimeoutError (an OSError)
            fail(f"--dask {address}: cannot reach the scheduler ({e})", 1)
        yield client


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
