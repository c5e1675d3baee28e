"""The export formats there are, and `export()`, which writes one of them.

A format is a module of this package that registers itself at import (`register(ExportFormat(...))`);
the package imports every module it holds, so a new format is one new file and nothing else changes.
"""
from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from tidings.store.exports.common import ExportError, Job, date_filter
from tidings.store.exports.configs import write_sidecar


@dataclass(frozen=True)
class ExportFormat:
    """One way out: its name, a line saying what it is, and the function writing a job in it."""

    name: str
    summary: str
    write: Callable[[Job], int]
    rows: str = "events"   # what a row stands for: "events" (reports) or "happenings" (clusters)
    order: int = 100       # where lists of formats put it (then by name): the oldest formats first


_FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Adds a format (a second one of the same name is a mistake, not an override); gives it back."""
    if fmt.name in _FORMATS and _FORMATS[fmt.name] is not fmt:
        raise ValueError(f"two export formats are named {fmt.name!r}")
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> dict[str, ExportFormat]:
    """Gives the registered formats by name, in their `order`, then alphabetically."""
    return {f.name: f for f in sorted(_FORMATS.values(), key=lambda f: (f.order, f.name))}


def export(con: duckdb.DuckDBPyConnection, fmt: str, path: str | os.PathLike,
           since: str | datetime.date | None = None, until: str | datetime.date | None = None) -> int:
    """Gives the number of rows written to `path` in format `fmt` (one of `formats()`).

    `since`/`until` (YYYY-MM-DD, inclusive) keep events whose day (date, else article date) falls
    between them. Text formats write to standard output for `path` "-"; parquet needs a directory.
    Beside the data goes the list of the configurations that coded its events (configs.py).
    """
    chosen = _FORMATS.get(fmt)
    if chosen is None:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(formats())}")
    job = Job(con, str(path), *date_filter(since, until))
    rows = chosen.write(job)
    write_sidecar(job, fmt, rows, since, until)
    return rows
