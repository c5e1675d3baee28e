"""`tidings events`: the stored events that match, newest first; and the plumbing every store query shares.

The shared part (`store_options`, `read_store`, `checked`, `write_frame`) is used by `dyads`, `actors`,
`stats` and `sql` too: each opens the store read-only, turns library errors into one line on stderr,
and writes a DataFrame in the shared output formats.
"""
from __future__ import annotations

import contextlib
import datetime
import decimal
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

import click
import duckdb
import numpy as np
import pandas as pd

from tidings.cli.code import fail
from tidings.output import NESTED, open_output, output_options, write_records
from tidings.store import filters, queries, schema
from tidings.store.read_only import NotReadOnly
from tidings.store.schema import StoreError

T = TypeVar("T")
RETRY_SECONDS = 0.25
CELL_WIDTH = 40  # widest a cell of the generic table gets


# --- shared by the store's query commands ----------------------------------------------------------

def store_options(command: Callable) -> Callable:
    """Gives `command` with `--db FILE` and `--wait SECONDS`."""
    command = click.option("--wait", type=float, default=0.0, show_default=True, metavar="SECONDS",
                           help="While an ingest is writing the store, retry this long before giving up.")(command)
    command = click.option("--db", metavar="FILE",
                           help="The store file [default: $TIDINGS_DB, else ./tidings.duckdb].")(command)
    return command


@contextlib.contextmanager
def read_store(db: str | None, wait: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Gives a read-only connection to the store, retrying up to `wait` seconds while a writer holds it.

    Ends the command (exit 1) with one line when there is no store, it stays locked, or it cannot be
    read.
    """
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        try:
            con = schema.connect(db, read_only=True)
            break
        except StoreError as e:
            if not e.locked or time.monotonic() >= deadline:
                fail(str(e), 1)
            if not told:
                click.echo(f"tidings: {schema.db_path(db)}: an ingest is writing this store; "
                           f"waiting up to {wait:g} s for it to finish", err=True)
                told = True
            time.sleep(RETRY_SECONDS)
    try:
        yield con
    finally:
        con.close()


def checked(ask: Callable[[], T]) -> T:
    """Gives what `ask` gives; ends the command with one line for a bad argument (2) or a failed query (1)."""
    try:
        return ask()
    except NotReadOnly as e:
        fail(f"{e.value}: {e.hint}", 2)
    except filters.QueryError as e:
        fail(f"{e.value}: {e.hint}" if e.name == "sql" else f"--{e.name} {e.value}: {e.hint}", 2)
    except duckdb.Error as e:
        fail(first_line(e), 1)


def write_frame(frame: pd.DataFrame | Iterable[dict], fmt: str, output: str,
                table: Callable[[list[dict], TextIO], Any] | None = None) -> None:
    """Writes rows in `fmt` to `output` (`-` for stdout); `table` draws `--format table` if given."""
    records = frame_records(frame) if isinstance(frame, pd.DataFrame) else iter(frame)
    try:
        with open_output(output) as out:
            if fmt == "table":
                (table or write_table)(list(records), out)
            else:
                write_records(records, fmt, out)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as e:
        fail(f"-o {output}: cannot write ({e.strerror or e})", 1)


def frame_records(frame: pd.DataFrame) -> Iterator[dict]:
    """Gives each row of `frame` as a dict of plain JSON-ready values (dates as YYYY-MM-DD, nulls as None)."""
    columns = [str(c) for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        yield {c: plain(v) for c, v in zip(columns, row)}


def plain(value: Any) -> Any:
    """Gives a DataFrame cell as a plain Python value: NaN/NaT/NA as None, numpy scalars unboxed."""
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def write_table(records: list[dict], out: TextIO) -> int:
    """Gives the number of rows written as an aligned table, numbers to the right, long cells cut."""
    if not records:
        out.write("(no rows)\n")
        return 0
    columns = list(records[0])
    cells = [[_table_cell(r.get(c)) for c in columns] for r in records]
    numeric = [all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in records) for c in columns]
    widths = [min(CELL_WIDTH, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        fitted = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths)]
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(fitted, widths, numeric)).rstrip()

    out.write(line(columns) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    return len(records)


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return " ".join(str(value).split())


def _write_event_table(records: list[dict], out: TextIO) -> int:
    """Gives the number of events drawn in the shared event table (date, source, event, target, sentence)."""
    return write_records((_nested(r) for r in records), "table", out)


def _nested(flat: dict) -> dict:
    """Gives a flat event row back its nested fields (`source_code` → `source.code`) for the event table."""
    record = {k: v for k, v in flat.items() if not any(k.startswith(f"{n}_") for n in NESTED)}
    for name, parts in NESTED.items():
        values = {p: flat.get(f"{name}_{p}") for p in parts}
        record[name] = values if any(v is not None for v in values.values()) else None
    return record


def first_line(error: BaseException) -> str:
    """Gives the first line of an error's message (DuckDB's run on for several)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# --- the command ------------------------------------------------------------------------------------

@click.command("events")
@click.option("--dyad", metavar="AAA-BBB", help="Only events of SOURCE acting toward TARGET, e.g. CHN-KAZ.")
@click.option("--actor", metavar="CODE", help="Only events with CODE as source or target, e.g. CHN.")
@click.option("--event", metavar="TYPE", help="Only this PLOVER event type, e.g. CONSULT.")
@click.option("--cameo", metavar="CODE", help="Only this CAMEO code and its sub-codes, e.g. 04 or 042.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only events on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only events on or before this day.")
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
    write_frame(frame, fmt, output, table=_write_event_table)
