"""`tidings export`: the store's events in another project's format (one per module of store/exports)."""
from __future__ import annotations

import click

from tidings.cli.messages import fail, say
from tidings.cli.options import day_options, store_options
from tidings.cli.reading import read_store
from tidings.store.exports import ExportError, date_filter, export, formats

FORMATS = formats()


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True,
              help="; ".join(f"{f.name}: {f.summary}" for f in FORMATS.values()) + ".")
@click.option("-o", "--output", "output", required=True, metavar="PATH",
              help="File to write (`-` for standard output), or for parquet a new or empty folder.")
@store_options
@day_options
def export_cli(fmt: str, output: str, db: str | None, wait: float, since: str | None, until: str | None) -> None:
    """Export the stored events to PATH in another project's format.

    Says on stderr how many rows it wrote, e.g. `tidings: 120 events exported to out.csv (csv)`.
    See docs/exports.md for what fills each format's fields.
    """
    try:
        date_filter(since, until)
    except ExportError as e:
        fail(str(e), 2)
    with read_store(db, wait) as con:
        try:
            n = export(con, fmt, output, since=since, until=until)
        except ExportError as e:
            fail(str(e), 1)
    say(f"{n} {FORMATS[fmt].rows} exported to {output} ({fmt})")
