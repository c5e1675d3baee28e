"""`tidings pledges`: the stored pledges, what each promised, and what became of it."""
from __future__ import annotations

import click

from tidings.cli.options import day_options, output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import filters, pledge_queries


@click.command("pledges")
@click.option("--dyad", metavar="AAA-BBB", help="Only pledges between these two actors, either way, e.g. CHN-KAZ.")
@click.option("--actor", metavar="CODE", help="Only pledges with CODE on either side, e.g. CHN.")
@click.option("--status", metavar="|".join(pledge_queries.STATUSES), help="Only pledges of this status.")
@click.option("--limit", type=int, metavar="N", help="Only the N newest pledges.")
@day_options
@store_options
@output_options
def pledges_cli(dyad: str | None, actor: str | None, status: str | None, limit: int | None, since: str | None,
                until: str | None, db: str | None, wait: float, fmt: str, output: str) -> None:
    """List the stored pledges newest first, with their status and how many later events fulfil,
    reaffirm or contradict each.

    A status is computed against the store's latest day: fulfilled or contradicted (the later such
    link decides), else overdue (its due passed), else reaffirmed, else open. --since/--until bound
    the day a pledge was made. `tidings export --format pledges` gives each with its links.
    """
    checked(lambda: filters.parse_count("limit", limit))
    if status is not None:
        checked(lambda: pledge_queries.parse_status(status))
    with read_store(db, wait) as con:
        frame = checked(lambda: pledge_queries.pledges(con, dyad=dyad, actor=actor, status=status, since=since,
                                                       until=until, limit=limit))
    write_frame(frame, fmt, output)
