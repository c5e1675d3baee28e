"""`tidings stats`: what the store holds: documents, events, clusters, rejects, dates, version, top types."""
from __future__ import annotations

from typing import TextIO

import click

from tidings.cli.options import output_options, store_options
from tidings.cli.reading import checked, read_store, write_frame
from tidings.store import queries, schema


@click.command("stats")
@store_options
@output_options
def stats_cli(db: str | None, wait: float, fmt: str, output: str) -> None:
    """Summarize the store in one record.

    `events` counts stored reports, `clusters` the happenings they tell of; `top_events` lists the
    commonest PLOVER types by clusters.
    """
    with read_store(db, wait) as con:
        totals = checked(lambda: queries.stats(con))
    write_frame([{"store": str(schema.db_path(db)), **totals}], fmt, output, table=_write_stats_table)


def _write_stats_table(records: list[dict], out: TextIO) -> int:
    """Gives 1 after writing the one stats record as `name  value` lines, top types one per line."""
    totals = records[0]
    width = max(len(k) for k in totals)
    for key, value in totals.items():
        if key == "top_events":
            continue
        out.write(f"{key.ljust(width)}  {'' if value is None else value}\n")
    out.write("top_events\n")
    for row in totals["top_events"]:
        out.write(f"  {row['event']:<10} {row['clusters']:>7} clusters {row['mentions']:>7} mentions\n")
    return 1
