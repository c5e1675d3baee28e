"""`tidings dyads`: per ordered dyad and period, counts by quad, Goldstein mean and sum, net cooperation."""
from __future__ import annotations

import click

from tidings.cli.messages import say
from tidings.cli.options import day_options, output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import filters, queries


@click.command("dyads")
@click.option("--by", default="month", show_default=True, metavar="day|week|month|year",
              help="The period events are counted in.")
@click.option("--actor", metavar="CODE", help="Only dyads with CODE on either side, e.g. CHN.")
@click.option("--top", type=int, metavar="N", help="Only the N dyads with most events over all periods.")
@day_options
@click.option("--mentions", is_flag=True, help="Count every report, not clusters.")
@store_options
@output_options
def dyads_cli(by: str, actor: str | None, top: int | None, since: str | None, until: str | None, mentions: bool,
              db: str | None, wait: float, fmt: str, output: str) -> None:
    """Count events per ordered dyad (source acting toward target) and period.

    Columns: source_code, target_code, period (its first day), events, quad1..quad4, goldstein_mean,
    goldstein_sum, cooperation and conflict (Goldstein-weighted sums) and net_cooperation =
    (cooperation - conflict) / (cooperation + conflict), from -1 (all conflict) to 1 (all
    cooperation). Most active dyad first. Clusters are counted unless --mentions.
    """
    checked(lambda: filters.parse_period(by))
    checked(lambda: filters.where_clause(actor=actor, since=since, until=until))
    checked(lambda: filters.parse_count("top", top))
    with read_store(db, wait) as con:
        frame = checked(lambda: queries.dyads(con, by=by, actor=actor, top=top, mentions=mentions,
                                              since=since, until=until))
        left_out = checked(lambda: queries.left_out(con, actor=actor, mentions=mentions))
    write_frame(frame, fmt, output)
    if line := queries.left_out_line(left_out):
        say(line)
