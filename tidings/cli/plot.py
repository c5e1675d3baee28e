"""`tidings plot`: charts of the store for reports (a dyad over time, the most active dyads)."""
from __future__ import annotations

from collections.abc import Callable

import click
import duckdb

from tidings.cli.messages import fail, say
from tidings.cli.options import store_options
from tidings.cli.reading import read_store
from tidings.store import queries
from tidings.store.known import UnknownActor
from tidings.store.pledge_plot import plot_pledges
from tidings.store.plots import PERIODS, PlotError, image_format, plot_actors, plot_dyad

_OUT = click.option("-o", "--output", "output", required=True, metavar="FILE",
                    help="The image to write: FILE.png or FILE.svg (the extension picks the format).")
_MENTIONS = click.option("--mentions", is_flag=True,
                         help="Count every report, not each happening (cluster of reports) once.")


@click.group("plot")
def plot_cli() -> None:
    """Draw charts of the stored events (PNG or SVG)."""


@plot_cli.command("dyad")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="Period of each bar.")
@click.option("--directed", is_flag=True, help="Only A acting toward B (default: both directions).")
@_MENTIONS
@_OUT
@store_options
def dyad_cli(a: str, b: str, by: str, directed: bool, mentions: bool, output: str, db: str | None,
             wait: float) -> None:
    """A dyad's cooperation and conflict over time, Goldstein-weighted.

    A and B are actor codes, e.g. `tidings plot dyad CHN KAZ -o chn-kaz.png`.
    """
    _draw(db, wait, output, lambda con: plot_dyad(con, a, b, by, output, directed=directed, mentions=mentions),
          f"{{}} events drawn to {output}")


@plot_cli.command("actors")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many dyads.")
@_MENTIONS
@_OUT
@store_options
def actors_cli(top: int, mentions: bool, output: str, db: str | None, wait: float) -> None:
    """The most active dyads (source → target) as bars split by quad."""
    _draw(db, wait, output, lambda con: plot_actors(con, output, top=top, mentions=mentions),
          f"{{}} dyads drawn to {output}", lambda con: queries.left_out(con, mentions=mentions))


@plot_cli.command("pledges")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--limit", type=click.IntRange(min=1), default=40, show_default=True, help="The newest N pledges.")
@_OUT
@store_options
def pledges_cli(a: str, b: str, limit: int, output: str, db: str | None, wait: float) -> None:
    """The pledges between A and B (either way) on a timeline, with lines to what followed.

    e.g. `tidings plot pledges CHN KAZ -o chn-kaz-pledges.png`; colour by status.
    """
    _draw(db, wait, output, lambda con: plot_pledges(con, a, b, output, limit=limit), f"{{}} pledges drawn to {output}")


def _draw(db: str | None, wait: float, output: str, draw: Callable[[duckdb.DuckDBPyConnection], int], message: str,
          left_out: Callable[[duckdb.DuckDBPyConnection], dict[str, int]] | None = None) -> None:
    """Opens the store read-only, draws, and reports on stderr; one line and an exit code on failure."""
    try:
        image_format(output)  # a wrong extension is a usage error: say so before opening anything
    except PlotError as e:
        fail(str(e), 2)
    with read_store(db, wait) as con:
        try:
            n = draw(con)
        except PlotError as e:
            fail(str(e), 1)
        except UnknownActor as e:
            fail(e.hint, 2)
        left = queries.left_out_line(left_out(con)) if left_out is not None else None
    say(message.format(n))
    if left:
        say(left)
