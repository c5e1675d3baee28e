"""The options several commands share, each declared once with one wording.

- `store_options`: `--db FILE` and `--wait SECONDS`, for every command that reads the store
  (`db_option` alone for those that write it or only name it);
- `day_options`: `--since` and `--until`;
- `date_option`: `--date`, the publication date of documents that carry none;
- `output_options`: `--format` and `-o/--output` for the commands that write records.
"""
from __future__ import annotations

from collections.abc import Callable

import click

from tidings.cli.messages import fail
from tidings.days import is_day
from tidings.output import FORMATS

db_option = click.option("--db", "db", metavar="FILE",
                         help="The store file [default: $TIDINGS_DB, else ./tidings.duckdb].")
wait_option = click.option("--wait", type=float, default=0.0, show_default=True, metavar="SECONDS",
                           help="While an ingest is writing the store, retry this long before giving up.")
date_option = click.option("--date", "date", metavar="YYYY-MM-DD",
                           help="Publication date of documents that carry none (a .txt without a `date` line).")


def store_options(command: Callable) -> Callable:
    """Gives `command` with `--db FILE` and `--wait SECONDS`."""
    return db_option(wait_option(command))


def day_options(command: Callable) -> Callable:
    """Gives `command` with `--since` and `--until`, inclusive days."""
    command = click.option("--until", metavar="YYYY-MM-DD", help="Only events on or before this day.")(command)
    return click.option("--since", metavar="YYYY-MM-DD", help="Only events on or after this day.")(command)


def output_options(command: Callable) -> Callable:
    """Gives `command` with the shared `--format` and `-o/--output` options."""
    command = click.option("-o", "--output", "output", default="-", metavar="FILE",
                           help="Write records to FILE instead of standard output.")(command)
    command = click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
                           help="Record format: JSON Lines, CSV, TSV, or a table for reading on a terminal.")(command)
    return command


def check_date(date: str | None) -> None:
    """Ends the command (exit 2) when `--date` is not a day written YYYY-MM-DD."""
    if date is not None and not is_day(date):
        fail(f"--date {date}: not a day written YYYY-MM-DD (e.g. 2024-07-03)", 2)
