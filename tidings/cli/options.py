"""The options several commands share, each declared once with one wording.

- `store_options`: `--db FILE` and `--wait SECONDS`, for every command that reads the store
  (`db_option` alone for those that write it or only name it);
- `day_options`: `--since` and `--until`;
- `date_option`: `--date`, the publication date of documents that carry none;
- `output_options`: `--format` and `-o/--output` for the commands that write records;
- `field_options`: `--text-field` and the like, which field of a JSON or table input holds what;
- `dask_option`: `--dask ADDRESS`, a Dask scheduler or `local:N`, for the commands that code;
- `coder_options`: `--actors FILE` (repeatable) and `--patterns DIR`, which `coder_config` turns
  into the one CoderConfig the command passes whole to everything that codes.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import click

from tidings.cli.messages import fail, say
from tidings.config import CoderConfig, ConfigError
from tidings.days import is_day, news_day_problem, parse_day
from tidings.inputs.rows import NAMES, Fields
from tidings.lexicon import ActorFileError
from tidings.lexicon.patterns import PatternFileError
from tidings.output import FORMATS
from tidings.pipeline.coders import check_config

# what a configuration's files can be wrong with
CONFIG_ERRORS = (ConfigError, ActorFileError, PatternFileError)

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


def output_options(command: Callable | None = None, *, parquet: bool = False) -> Callable:
    """Gives `command` with the shared `--format` and `-o/--output` options (`parquet`: a format more,
    coded partitions written to a folder)."""
    if command is None:
        return lambda command: output_options(command, parquet=parquet)
    command = click.option("-o", "--output", "output", default="-", metavar="FILE",
                           help="Write records to FILE instead of standard output"
                                + (" (a folder for parquet)." if parquet else "."))(command)
    formats = FORMATS + (("parquet",) if parquet else ())
    command = click.option("--format", "fmt", type=click.Choice(formats), default="jsonl", show_default=True,
                           help="Record format: JSON Lines, CSV, TSV, or a table for reading on a terminal"
                                + ("; parquet: one file of coded documents per partition, which "
                                   "`tidings ingest DIR` stores (with --dask)." if parquet else "."))(command)
    return command


_FIELD_HELP = {
    "text": "the article's text", "id": "the document's id", "date": "its publication date or datetime",
    "url": "its address", "title": "its headline",
}


def field_options(command: Callable) -> Callable:
    """Gives `command` with `--text-field`, `--id-field`, `--date-field`, `--url-field` and
    `--title-field`, handed to it as one `fields` (a tidings.inputs.rows.Fields)."""
    @functools.wraps(command)
    def with_fields(*args, **kwargs):
        named = {part: kwargs.pop(f"{part}_field") for part in _FIELD_HELP}
        return command(*args, fields=Fields(**named), **kwargs)

    for part, what in reversed(_FIELD_HELP.items()):
        with_fields = click.option(
            f"--{part}-field", f"{part}_field", metavar="NAME",
            help=f"The field (JSON key or column) holding {what} [default: the usual names, e.g. "
                 f"{', '.join(NAMES[part][:3])}].")(with_fields)
    return with_fields


dask_option = click.option("--dask", "dask_address", metavar="ADDRESS",
                           help="Code on a Dask cluster: a scheduler (tcp://HOST:8786), or local:N for N worker "
                                "processes here. Needs `pip install 'tidings[dask]'`.")


def check_date(date: str | None) -> None:
    """Ends the command (exit 2) when `--date` is not a day written YYYY-MM-DD."""
    if date is not None and not is_day(date):
        fail(f"--date {date}: not a day written YYYY-MM-DD (e.g. 2024-07-03)", 2)
    if date is not None and (problem := news_day_problem(parse_day(date))):
        fail(f"--date {date}: {problem}", 2)


@dataclass(frozen=True)
class CoderFiles:
    """What the coder options name: actor files, a pattern folder, PETRARCH agents, discards and verbs."""

    actors: tuple[str, ...] = ()
    patterns: str | None = None
    agents: tuple[str, ...] = ()
    discards: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()


def coder_options(command: Callable) -> Callable:
    """Gives `command` with `--actors FILE`, `--agents FILE`, `--discards FILE`, `--verbs FILE` (each
    repeatable) and `--patterns DIR`, handed to it as one `files` (a CoderFiles)."""
    @functools.wraps(command)
    def with_files(*args, **kwargs):
        named = {name: kwargs.pop(name) for name in ("actors", "patterns", "agents", "discards", "verbs")}
        return command(*args, files=CoderFiles(**named), **kwargs)

    with_files = click.option("--verbs", "verbs", metavar="FILE", multiple=True,
                              help="A PETRARCH verbs dictionary (CAMEO.2.0.txt) whose verbs and patterns add to "
                                   "the built-in ones, as far as they map; repeatable.")(with_files)
    with_files = click.option("--discards", "discards", metavar="FILE", multiple=True,
                              help="A PETRARCH discard list: no events from a sentence holding one of its "
                                   "phrases, nor from a document holding a +phrase; repeatable.")(with_files)
    with_files = click.option("--agents", "agents", metavar="FILE", multiple=True,
                              help="A PETRARCH agents dictionary: role nouns (farmer AGR) for those the built-in "
                                   "sector words lack; repeatable.")(with_files)
    with_files = click.option("--patterns", "patterns", metavar="DIR",
                              help="A folder of grammar files (verbs.tsv, nouns.tsv, noun_classes.yaml, cues.yaml, "
                                   "recodes.yaml, rules.yaml) that add to or override the built-in ones.")(with_files)
    return click.option("--actors", "actors", metavar="FILE", multiple=True,
                        help="An extra actors file to resolve actors with: YAML, TSV or a PETRARCH actor "
                             "dictionary, told apart by content; repeat it for more, later files win.")(with_files)


def coder_config(files: CoderFiles) -> CoderConfig:
    """Gives the command's one coder configuration; ends the command (exit 2) with one line, before any
    work, when a file or folder it names is missing or cannot be read. A line of a dictionary that
    cannot be read is told on stderr, one line each, and the rest of the file is used."""
    config = CoderConfig(actors=files.actors, patterns=files.patterns, agents=files.agents,
                         discards=files.discards, verbs=files.verbs)
    try:
        problems = check_config(config)
    except CONFIG_ERRORS as e:
        fail(config_problem(config, e), 2)
    for problem in problems:
        say(problem)
    return config


def config_problem(config: CoderConfig, error: Exception) -> str:
    """Gives the one-line message for a configuration's bad file, naming the option it came from when
    the message does not name the file itself."""
    message = str(error)
    if isinstance(error, ActorFileError):
        flag = next((f"--{name}" for name in ("actors", "agents", "discards", "verbs")
                     if error.path in getattr(config, name)), "--actors")
        named = list(getattr(config, flag[2:]))
    elif isinstance(error, PatternFileError) and config.patterns is not None:
        flag, named = "--patterns", [config.patterns]
    else:
        return message  # a ConfigError names its option already
    if any(name in message for name in named):
        return message
    return f"{flag} {' '.join(named)}: {message}"


def check_dask_address(address: str) -> None:
    """Ends the command (exit 2) when dask is not installed or `address` names no cluster."""
    try:
        from tidings.pipeline.dask_workers import DaskAddressError, check_address
    except ImportError:
        fail("--dask needs the dask extra: pip install 'tidings[dask]'", 2)
    try:
        check_address(address)
    except DaskAddressError as e:
        fail(str(e), 2)
