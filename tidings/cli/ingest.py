"""`tidings ingest`: code documents and keep their events in the store."""
from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator

import click

from tidings.cli import code as code_command
from tidings.cli.messages import fail
from tidings.cli.options import (check_dask_address, check_date, CoderFiles, coder_config, coder_options, dask_option,
                                 date_option, db_option, field_options)
from tidings.cli.progress import Progress, undated_warning
from tidings.config import CoderConfig
from tidings.documents import printable, read_documents
from tidings.inputs.rows import Fields
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
@field_options
@coder_options
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Documents per transaction: a crash loses at most the batches in flight.")
def ingest_cli(paths: tuple[str, ...], db: str | None, workers: int, dask_address: str | None, date: str | None,
               fields: Fields, files: CoderFiles, batch_size: int) -> None:
    """Code PATH... and store the events (inputs as for `tidings code`: .txt, .jsonl, .csv, .tsv,
    .parquet, compressed .gz/.zst, folders, `-` for stdin).

    A document already stored with the same text is skipped; one with new text has its events
    replaced. Run it again after a crash or Ctrl-C: it stores what is missing, each document once.
    Unreadable inputs are reported on stderr as `tidings: FILE:LINE: reason` and kept in `rejects`.
    Folders of Parquet files written by `tidings code --dask --format parquet` are stored as coded there.
    """
    check_date(date)
    config = coder_config(files)
    if dask_address is not None and workers > 1:
        fail("give --dask or --workers, not both: the cluster's workers code", 2)
    if dask_address is not None:
        check_dask_address(dask_address)
    try:
        coded = parquet_inputs(paths)
        coded_run = coded_version(coded) if coded else None
    except CodedFileError as e:
        fail(str(e), 2)
    if coded and (dask_address or files != CoderFiles() or fields != Fields()):
        fail("Parquet files are coded already: --dask, --actors, --patterns (and the other dictionaries) and "
             "the field options do not apply to them", 2)
    file = db_path(db)
    try:
        connect(file).close()  # a locked or foreign file is told before any counting or coding
    except StoreError as e:
        fail(str(e), 1)
    started = time.perf_counter()
    items = read_coded(coded) if coded else read_documents(paths, date=date, fields=fields)
    version = None
    if coded_run is not None:
        version, config = coded_run[0], CoderConfig.from_dict(json.loads(coded_run[1]))
    with Progress(paths, "ingesting") as bar:
        try:
            with _cluster(dask_address) as client:
                summary = ingest(file, items, lambda: code_command.load_coder(config), batch_size=batch_size,
                                 workers=workers, on_input=bar.advance,
                                 on_reject=lambda r: bar.write(f"tidings: {r.message()}"),
                                 on_undated=lambda doc: bar.write(undated_warning(doc)), config=config,
                                 client=client, version=version)
        except KeyboardInterrupt:
            bar.close()
            fail(f"interrupted after {time.perf_counter() - started:.0f} s: what was committed is stored; "
                 f"run the same command again to store the rest", 130)
        except (IngestError, StoreError) as e:
            bar.close()
            fail(str(e), 1)
    click.echo(f"tidings: {printable(summary.message(file))}", err=True)
    if summary.documents + summary.unchanged == 0:
        raise SystemExit(1)  # nothing readable at all, as `tidings code`


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator:
    """Gives a Dask client of `address` (checked already) for the run, or None without --dask."""
    if address is None:
        yield None
        return
    from tidings.pipeline.dask_workers import dask_client

    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(dask_client(address))
        except OSError as e:  # no scheduler there: distributed says so as a TimeoutError (an OSError)
            fail(f"--dask {address}: cannot reach the scheduler ({e})", 1)
        yield client


if __name__ == "__main__":  # `python -m tidings.cli.ingest`, before the command is registered
    ingest_cli(prog_name="tidings ingest")
