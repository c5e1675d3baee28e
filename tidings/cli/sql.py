"""`tidings sql`: one read-only SQL statement against the store, rows out in the shared formats."""
from __future__ import annotations

import click

from tidings.cli.options import output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import queries
from tidings.store.read_only import check_read_only


@click.command("sql")
@click.argument("query", metavar="QUERY")
@store_options
@output_options
def sql_cli(query: str, db: str | None, wait: float, fmt: str, output: str) -> None:
    """Run one read statement (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN, ...) on the store.

    Tables: documents, events (flat record columns, cluster_id, the whole record as JSON in
    `record`), rejects, configs (the coder configurations, by version), meta; the view dated_events
    is events with each one's `day` and cluster `unit`. Anything that could write (INSERT, DROP, ATTACH, COPY, SET, a second
    statement) is refused before it runs, and the store is opened read-only besides.
    """
    checked(lambda: check_read_only(query))
    with read_store(db, wait) as con:
        frame = checked(lambda: queries.sql(con, query))
    write_frame(frame, fmt, output)
