"""`tidings events`: the stored events that match, newest first."""
from __future__ import annotations

import click

from tidings.cli.options import day_options, output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import filters, queries
from tidings.tables import write_event_table


@click.command("events")
@click.option("--dyad", metavar="AAA-BBB", help="Only events of SOURCE acting toward TARGET, e.g. CHN-KAZ.")
@click.option("--actor", metavar="CODE", help="Only events with CODE as source or target, e.g. CHN.")
@click.option("--event", metavar="TYPE", help="Only this PLOVER event type, e.g. CONSULT.")
@click.option("--cameo", metavar="CODE", help="Only this CAMEO code and its sub-codes, e.g. 04 or 042.")
@day_options
@click.option("--text", metavar="WORDS", help="Only events whose sentence contains WORDS (any case).")
@click.option("--limit", type=int, metavar="N", help="At most N rows.")
@click.option("--mentions", is_flag=True, help="One row per report of an event, not one per cluster.")
@store_options
@output_options
def events_cli(dyad: str | None, actor: str | None, event: str | None, cameo: str | None, since: str | None,
               until: str | None, text: str | None, limit: int | None, mentions: bool, db: str | None,
               wait: float, fmt: str, output: str) -> None:
    """List stored events, newest first, in flat columns.

    One row per cluster (a happening, however many sentences and articles report it): its first
    report among those that match, with `mentions`, `articles` and `sources` counted over the
    cluster. `--mentions` lists every report instead.
    """
    kwargs = dict(dyad=dyad, actor=actor, event=event, cameo=cameo, since=since, until=until, text=text,
                  limit=limit, mentions=mentions)
    checked(lambda: filters.where_clause(dyad, actor, event, cameo, since, until, text))
    checked(lambda: filters.parse_count("limit", limit))
    with read_store(db, wait) as con:
        frame = checked(lambda: queries.events(con, **kwargs))
    write_frame(frame, fmt, output, table=write_event_table)
