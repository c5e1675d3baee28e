"""`tidings export`: the store's events in another project's format (PLOVER, GDELT, ICEWS, Parquet, CSV)."""
from __future__ import annotations

import click

from tidings.cli.code import fail
from tidings.cli.events import read_store
from tidings.store.exports import FORMATS, ExportError, date_filter, export


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="plover: JSON Lines; gdelt: GDELT 2.0 event table (TSV, no header); icews: ICEWS event "
                   "table (TSV); parquet: a folder partitioned by year and month; csv: flat event columns.")
@click.option("-o", "--output", "output", required=True, metavar="PATH",
              help="File to write (`-` for standard output), or for parquet a new or empty folder.")
@click.option("--db", "db", metavar="FILE", help="The store (default: $TIDINGS_DB, else ./tidings.duckdb).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only events on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only events on or before this day.")
def export_cli(fmt: str, output: str, db: str | None, since: str | None, until: str | None) -> None:
    """Export the stored events to PATH in another project's format.

    Says on stderr how many rows it wrote, e.g. `tidings: 120 events exported to out.csv (csv)`.
    See docs/exports.md for what fills each format's fields.
    """
    try:
        date_filter(since, until)
    except ExportError as e:
        fail(str(e), 2)
    with read_store(db) as con:
        try:
            n = export(con, fmt, output, since=since, until=until)
        except ExportError as e:
            fail(str(e), 1)
    # GDELT's rows are happenings (clusters); the other formats have one row per report.
    what = "happenings" if fmt == "gdelt" else "events"
    click.echo(f"tidings: {n} {what} exported to {output} ({fmt})", err=True)
