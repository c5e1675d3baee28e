"""`tidings actors`: each actor code with its events as source and as target, its usual name and sector."""
from __future__ import annotations

import click

from tidings.cli.options import output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import filters, queries


@click.command("actors")
@click.option("--limit", type=int, metavar="N", help="Only the N most active actors.")
@click.option("--mentions", is_flag=True, help="Count every report, not clusters.")
@store_options
@output_options
def actors_cli(limit: int | None, mentions: bool, db: str | None, wait: float, fmt: str, output: str) -> None:
    """List actor codes, most active first: events as source, as target and in all.

    `name` and `sector` are the ones most often resolved for the code. Clusters are counted unless
    --mentions.
    """
    checked(lambda: filters.parse_count("limit", limit))
    with read_store(db, wait) as con:
        frame = checked(lambda: queries.actors(con, mentions=mentions, limit=limit))
    write_frame(frame, fmt, output)
