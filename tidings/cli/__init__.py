"""The `tidings` command line: a thin layer over the library, one command per module."""
from __future__ import annotations

import click

from tidings import __version__
from tidings.documents import printable


class TidingsGroup(click.Group):
    """A click group that turns any unexpected error into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise  # click already reports these its own way
        except BrokenPipeError:
            raise  # click exits quietly when the reader of our output went away (`| head`)
        except Exception as e:  # noqa: BLE001 - the last line of defence for users
            click.echo(f"tidings: internal error: {type(e).__name__}: {printable(_first_line(e))}", err=True)
            ctx.exit(1)


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else "(no message)"


@click.group(cls=TidingsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tidings", message="%(prog)s %(version)s")
def main() -> None:
    """Tidings: who did what to whom, when and where, coded from dated news reports."""


# Commands register after `main` exists; each module holds one command.
from tidings.cli.actors import actors_cli  # noqa: E402
from tidings.cli.code import code_cli  # noqa: E402
from tidings.cli.dyads import dyads_cli  # noqa: E402
from tidings.cli.eval import eval_cli  # noqa: E402
from tidings.cli.events import events_cli  # noqa: E402
from tidings.cli.export import export_cli  # noqa: E402
from tidings.cli.ingest import ingest_cli  # noqa: E402
from tidings.cli.plot import plot_cli  # noqa: E402
from tidings.cli.pledges import pledges_cli  # noqa: E402
from tidings.cli.serve import serve_cli  # noqa: E402
from tidings.cli.sql import sql_cli  # noqa: E402
from tidings.cli.stats import stats_cli  # noqa: E402

for command in (code_cli, eval_cli, ingest_cli, events_cli, dyads_cli, actors_cli, stats_cli, sql_cli,
                pledges_cli, export_cli, plot_cli, serve_cli):
    main.add_command(command)
