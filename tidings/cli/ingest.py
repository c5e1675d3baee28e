"""`tidings ingest`: code documents and keep their events in the store."""
from __future__ import annotations

import time

import click

from tidings.cli import code as code_command
from tidings.cli.messages import fail
from tidings.cli.options import check_date, coder_config, coder_options, date_option, db_option, field_options
from tidings.cli.progress import Progress, undated_warning
from tidings.documents import printable, read_documents
from tidings.inputs.rows import Fields
from tidings.pipeline import BATCH_SIZE, IngestError, ingest
from tidings.store.schema import StoreError, connect, db_path


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Code in this many processes (each loads the model once); this one writes.")
@date_option
@field_options
@coder_options
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Documents per transaction: a crash loses at most the batches in flight.")
def ingest_cli(paths: tuple[str, ...], db: str | None, workers: int, date: str | None, fields: Fields,
               actors: tuple[str, ...], patterns: str | None, batch_size: int) -> None:
    """Code PATH... and store the events (inputs as for `tidings code`: .txt, .jsonl, .csv, .tsv,
    .parquet, compressed .gz/.zst, folders, `-` for stdin).

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
    started = time.perf_counter()
    with Progress(paths, "ingesting") as bar:
        try:
            summary = ingest(file, read_documents(paths, date=date, fields=fields),
                             lambda: code_command.load_coder(config), batch_size=batch_size, workers=workers,
                             on_input=bar.advance, on_reject=lambda r: bar.write(f"tidings: {r.message()}"),
                             on_undated=lambda doc: bar.write(undated_warning(doc)), config=config)
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


if __name__ == "__main__":  # `python -m tidings.cli.ingest`, before the command is registered
    ingest_cli(prog_name="tidings ingest")
