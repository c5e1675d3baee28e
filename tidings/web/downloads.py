"""Downloads: any table or chart of a page as CSV or JSON, with the page's filters.

Asked for as `?format=csv` (or `json`), or with `.csv` in place of `.json` on the path; `table=NAME`
picks which of the page's tables (each page lists its own, the first being the default). A table the
page computed (a chart's series, a ranking) is written from what the page keeps; a list of events is
the whole list the filters match, not one page of it, read from the store in batches of BATCH rows
and streamed as it is read: the server holds one batch at a time, however long the list.

CSV is the exports' own (tidings.output.csv_line: RFC 4180, a bare CR quoted); JSON is
`{"ok": true, "table": NAME, "columns": [...], "rows": [{...}, ...]}`.
"""
from __future__ import annotations

import contextlib
import datetime
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import duckdb
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from tidings.output import csv_cell, csv_line
from tidings.store.filters import QueryError
from tidings.web.threads import NotKept, only_kept

FORMATS = ("csv", "json")
CSV_SUFFIX = ".csv"
BATCH = 500  # rows read from the store at a time (event_lists.listed_batches: ids looked up in the index)


class Streamed:
    """A table read from the store as it is sent: `batches(con)` gives its rows a batch at a time."""

    def __init__(self, columns: Sequence[str],
                 batches: Callable[[duckdb.DuckDBPyConnection], Iterator[list[dict[str, Any]]]]):
        self.columns, self.batches = list(columns), batches


Table = Sequence[Mapping[str, Any]] | Streamed


def asked(request: Request) -> str | None:
    """Gives the download format asked for (csv or json), None for the page itself; raises
    QueryError for an unknown format."""
    if request.url.path.endswith(CSV_SUFFIX):
        return "csv"
    fmt = (request.query_params.get("format") or "").strip().lower()
    if not fmt:
        return None
    if fmt not in FORMATS:
        raise QueryError("format", fmt, f"use one of {', '.join(FORMATS)}")
    return fmt


def strip_csv(name: str) -> str:
    """Gives a path part without its `.csv` suffix."""
    return name[: -len(CSV_SUFFIX)] if name.endswith(CSV_SUFFIX) else name


def download(request: Request, fmt: str, page: str, tables: Mapping[str, Table | Callable[[], Table]]) -> Response:
    """Gives the table named by `table=` (else the first of `tables`) as a `fmt` download."""
    name = (request.query_params.get("table") or "").strip() or next(iter(tables))
    if name not in tables:
        raise QueryError("table", name, f"this page's tables are {', '.join(tables)}")
    table = tables[name]
    table = table() if callable(table) else table
    filename = f"{page}-{name}.{fmt}"
    # CSV is saved as a file; JSON is shown by the browser, as the page's JSON twin is
    headers = {"content-disposition": f'{"attachment" if fmt == "csv" else "inline"}; filename="{filename}"'}
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    if isinstance(table, Streamed):
        if only_kept():   # reading the store: not in a kept page's thread (tidings/web/threads.py)
            raise NotKept(name)
        columns, rows = table.columns, _streamed(request, table)
    else:
        rows_list = list(table)
        columns = list(rows_list[0]) if rows_list else []
        rows = iter([rows_list])
    return StreamingResponse(_encoded(fmt, name, columns, rows), media_type=media, headers=headers)


def _streamed(request: Request, table: Streamed) -> Iterator[list[dict[str, Any]]]:
    """Gives the table's rows in batches, read through one read-only connection opened now, with its
    first batch read (so that a bad filter or a busy store answers in the error shape before anything
    is sent), and closed when the last batch is read, or when the reader goes away."""
    stack = contextlib.ExitStack()
    try:
        con = stack.enter_context(request.app.state.store.connect())
        batches = table.batches(con)
        first = next(batches, None)
    except BaseException:
        stack.close()
        raise

    def rest() -> Iterator[list[dict[str, Any]]]:
        with stack:
            if first is not None:
                yield first
                yield from batches
    return rest()


def _encoded(fmt: str, name: str, columns: list[str], batches: Iterator[list[dict[str, Any]]]) -> Iterator[str]:
    """Gives the download's text a batch at a time."""
    if fmt == "csv":
        yield csv_line(columns)
        for batch in batches:
            yield "".join(csv_line([csv_cell(_plain(row.get(c))) for c in columns]) for row in batch)
        return
    yield json.dumps({"ok": True, "table": name, "columns": columns})[:-1] + ', "rows": ['
    first = True
    for batch in batches:
        if batch:
            text = ",".join(json.dumps({c: _plain(row.get(c)) for c in columns}, ensure_ascii=False)
                            for row in batch)
            yield ("" if first else ",") + text
            first = False
    yield "]}"


def _plain(value: Any) -> Any:
    """Gives a cell as JSON and CSV write it: dates as YYYY-MM-DD, NaN as null, lists as they are."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10] if isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime) else value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return _plain(value.item())   # numpy scalars from a DataFrame
    return value


def links(path: str, query: Mapping[str, Any], table: str) -> dict[str, str]:
    """Gives the CSV and JSON download links of one table of the page at `path` with its filters."""
    from tidings.web.render import url

    return {fmt: url(path, {**query, "format": fmt, "table": table}) for fmt in FORMATS}

