"""How the commands that read the store open it, turn its errors into one line, and write its rows.

Every reading command opens the store read-only (`read_store`, waiting up to `--wait` while an
ingest writes), asks through `checked` (a bad argument ends it with exit 2, a failed query with
exit 1) and writes rows in the shared output formats (`write_frame`).
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

import click
import duckdb
import pandas as pd

from tidings.cli.messages import fail, first_line, say
from tidings.output import open_output, write_records
from tidings.store import schema
from tidings.store.filters import QueryError
from tidings.store.read_only import NotReadOnly, StatementTimeout
from tidings.store.schema import StoreError
from tidings.tables import frame_records, write_table

T = TypeVar("T")
RETRY_SECONDS = 0.25


@contextlib.contextmanager
def read_store(db: str | None, wait: float = 0.0,
               config: dict[str, Any] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Gives a read-only connection to the store (with DuckDB settings `config`), retrying up to
    `wait` seconds while a writer holds it.

    Ends the command (exit 1) with one line when there is no store, it stays locked, or it cannot be
    read.
    """
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        try:
            con = schema.connect(db, read_only=True, config=config)
            break
        except StoreError as e:
            if not e.locked or time.monotonic() >= deadline:
                fail(str(e), 1)
            if not told:
                say(f"{schema.db_path(db)}: an ingest is writing this store; waiting up to {wait:g} s for it to finish")
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
    except QueryError as e:
        fail(f"{e.value}: {e.hint}" if e.name == "sql" else f"--{e.name} {e.value}: {e.hint}", 2)
    except StatementTimeout as e:
        fail(str(e), 1)
    except duckdb.Error as e:
        fail(first_line(e), 1)


def write_frame(frame: pd.DataFrame | Iterable[dict], fmt: str, output: str,
                table: Callable[[list[dict], TextIO], Any] | None = None) -> None:
    """Writes rows in `fmt` to `output` (`-` for stdout); `table` draws `--format table` if given.

    CSV and TSV of no rows are the frame's own header (an empty answer to `tidings sql` has its columns,
    not the events table's).
    """
    is_frame = isinstance(frame, pd.DataFrame)
    records = frame_records(frame) if is_frame else iter(frame)
    try:
        with open_output(output) as out:
            if fmt == "table":
                (table or write_table)(list(records), out)
            else:
                write_records(records, fmt, out, [str(c) for c in frame.columns] if is_frame else None)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as e:
        fail(f"-o {output}: cannot write ({e.strerror or e})", 1)
