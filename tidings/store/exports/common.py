"""What every export format shares: the events query, the day filter, a job's rows, writing text, ids.

A format's writer is given a `Job`: the store, where to write, and the WHERE condition on the
event's day; it gives back the number of rows written. The job's `rows()` reads the events in
batches (memory stays flat on a large store) and keeps which configurations coded them.
"""
from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import duckdb

from tidings.output import open_output, schema_columns
from tidings.store.schema import PUBLISHER_SQL
from tidings.store.filters import DaysReversed, QueryError, day_conditions
from tidings.store.schema import DATED_EVENTS

# The events with their `day` and `unit` (the view's rules) and their document's fields; the
# publisher, for GDELT's NumSources, is clusters.py's rule.
EVENTS_SQL = f"""
    SELECT e.*, d.url AS doc_url, d.title AS doc_title, d.source AS doc_source, d.ingested_at,
           d.coder_version, {PUBLISHER_SQL} AS publisher
    FROM {DATED_EVENTS} e LEFT JOIN documents d ON d.doc_id = e.doc_id"""
ORDER = "day NULLS LAST, doc_id, sentence_index, sentence_start, id"
FLAT = schema_columns() + ["cluster_id"]  # the columns of csv and parquet
_BATCH = 1000


class ExportError(ValueError):
    """An export cannot be written as asked; the message says why and what to do."""


def date_filter(since: str | datetime.date | None, until: str | datetime.date | None) -> tuple[str, list]:
    """Gives the WHERE condition on `day` for the `since`/`until` bounds, with its parameters.

    Raises ExportError when a bound is not a day written YYYY-MM-DD, or `since` comes after `until`.
    """
    try:
        conditions, params = day_conditions(since, until, day="day")
    except DaysReversed as e:
        raise ExportError(f"--since {e.value} comes after --until {e.until}") from None
    except QueryError as e:
        raise ExportError(f"--{e.name} {e.value}: {e.hint}") from None
    return " AND ".join(conditions or ["TRUE"]), params


@dataclass
class Job:
    """One export being written: the store, the path, the day condition, and the coder versions met."""

    con: duckdb.DuckDBPyConnection
    path: str
    where: str
    params: list
    versions: set[str] = field(default_factory=set)

    def rows(self, sql: str) -> Iterator[dict[str, Any]]:
        """Gives the rows of `sql` (over the job's parameters) as dicts, in batches; notes each row's
        `coder_version`."""
        cursor = self.con.execute(sql, self.params)
        names = [c[0] for c in cursor.description]
        while batch := cursor.fetchmany(_BATCH):
            for row in batch:
                record = dict(zip(names, row))
                if record.get("coder_version"):
                    self.versions.add(record["coder_version"])
                yield record


def write_text(path: str, write: Callable[[TextIO], int]) -> int:
    """Gives the rows `write` put in the file at `path` (standard output for "-")."""
    try:
        with open_output(path) as out:
            return write(out)
    except BrokenPipeError:
        raise  # the reader of standard output went away (`| head`): not a failure to report
    except IsADirectoryError:
        raise ExportError(f"-o {path}: is a directory; give a file name") from None
    except OSError as e:
        raise ExportError(f"-o {path}: cannot write ({e.strerror or e})") from None


def write_tsv(job: Job, sql: str, to_row: Callable[[dict[str, Any]], list[Any]],
              header: tuple[str, ...] | None = None) -> int:
    """Gives the rows written to the job's path: each row of `sql` as `to_row` lays it out, tab-separated."""
    def write(out: TextIO) -> int:
        if header is not None:
            out.write("\t".join(header) + "\n")
        n = 0
        for n, row in enumerate(job.rows(sql), 1):
            out.write("\t".join(tsv_cell(v) for v in to_row(row)) + "\n")
        return n
    return write_text(job.path, write)


def tsv_cell(value: Any) -> str:
    """Gives a value as an unquoted TSV cell: empty for null, tabs and line breaks as spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def iso(day: datetime.date | None) -> str | None:
    """Gives a day as YYYY-MM-DD, None for none."""
    return day.isoformat() if day else None


def stable_int(text: str) -> int:
    """Gives a stable 52-bit integer for an id: the first 13 hex digits of its SHA-256.

    52 bits: exact as a double too (R, JavaScript, spreadsheets), and collisions stay unlikely
    (about one in 900 for a million ids).
    """
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:13], 16)


def sql_string(text: str) -> str:
    """Gives text fit to stand in single quotes in SQL (COPY takes its target and metadata as literals)."""
    return text.replace("'", "''")
