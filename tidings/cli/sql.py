"""`tidings sql`: one read-only SQL statement against the store, rows out in the shared formats."""
from __future__ import annotations

import click

from tidings.cli.options import output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import queries
from tidings.store.read_only import DEFAULT_TIMEOUT, check_read_only, sql_config


@click.command("sql")
@click.argument("query", metavar="QUERY")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop the statement after this many seconds (0: no limit).")
@click.option("--no-files", "no_files", is_flag=True,
              help="Forbid reading any file, URL or other database: only the store's tables.")
@store_options
@output_options
def sql_cli(query: str, timeout: float, no_files: bool, db: str | None, wait: float, fmt: str,
            output: str) -> None:
    """Run one read statement (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN, ...) on the store.

    Tables: documents, events (flat record columns, cluster_id, the whole record as JSON in
    `record`), clusters (one row per happening: its first report and counts), rejects, configs (the
    coder configurations, by version), meta; the view dated_events is events with each one's `day`
    and cluster `unit`. Anything that could write (INSERT, DROP, ATTACH, COPY, SET, a second
    statement) is refused before it runs, and the store is opened read-only besides. DuckDB never
    installs or loads an extension by itself here (no download); a statement runs at most
    --timeout seconds; --no-files keeps it to the store.
    """
    checked(lambda: check_read_only(query))
    with read_store(db, wait, config=sql_config(files=not no_files)) as con:
        frame = checked(lambda: queries.sql(con, query, timeout=timeout))
    write_frame(frame, fmt, output)
