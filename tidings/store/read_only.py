"""Whether a statement only reads: what `tidings sql` and `Store.sql` let through to the store; and
how a statement given by hand runs: with no extension fetched, within a time limit, files optional.
"""
from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from typing import Any

import duckdb

from tidings.store.filters import QueryError


class NotReadOnly(QueryError):
    """The SQL given to `sql()` is not one read statement."""


class StatementTimeout(RuntimeError):
    """A statement ran past its time limit and was interrupted; the message says how long it had."""


# DuckDB installs and loads a "known" extension the first time a statement needs one: a read of
# 'https://...' fetches httpfs from the network and writes it under ~/.duckdb. A statement typed
# by hand must not do either, so both are off on the connections that run one.
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
DEFAULT_TIMEOUT = 60.0  # seconds a hand-written statement may run; any question of the store's own tables takes far less


def sql_config(files: bool = True) -> dict[str, Any]:
    """Gives the DuckDB settings of a connection that runs hand-written SQL: no extension installed
    or loaded by itself, and with `files` False no file, URL or other database read besides the store.

    They are given to `duckdb.connect` (schema.connect's `config`), so they hold before anything runs.
    """
    return {**NO_EXTENSIONS, **({} if files else {"enable_external_access": False})}


@contextlib.contextmanager
def time_limit(con: duckdb.DuckDBPyConnection, seconds: float | None, setting: str = "--timeout") -> Iterator[None]:
    """Interrupts what `con` runs once `seconds` have passed (None or 0: no limit); raises
    StatementTimeout when it had to, naming `setting` as the way to give it more time.

    A timer thread calls `con.interrupt()`: DuckDB has no statement timeout setting in every version,
    and interrupting is the one way in from outside that it always offers.
    """
    if not seconds:
        yield
        return
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException:
        if fired.is_set():
            raise StatementTimeout(f"the statement ran longer than {seconds:g} s and was stopped; "
                                   f"give it more time with {setting} or ask for less") from None
        raise
    finally:
        timer.cancel()


_READ_PRAGMAS = frozenset({
    "show_tables", "show_tables_expanded", "table_info", "show", "database_size", "storage_info", "version",
    "database_list", "functions", "collations", "platform", "metadata_info", "user_agent",
})
_EXPLAIN = re.compile(r"(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)*EXPLAIN\s+(?:ANALY[SZ]E\s+)?(.*)", re.I | re.S)
_PRAGMA = re.compile(r"(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)*PRAGMA\s+(\w+)", re.I | re.S)
READ_KINDS = ("SELECT, WITH ... SELECT, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN "
              "or PRAGMA show_tables/table_info")


def check_read_only(query: str) -> str:
    """Gives `query` back when it is one read statement; raises NotReadOnly (with what it is) otherwise.

    The statement is classified by DuckDB's own parser, not by its first word, so `WITH ... INSERT`,
    `COPY (SELECT ...) TO` and `SELECT 1; DROP ...` are all caught before anything runs.
    """
    shown = " ".join(query.split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as e:
        raise QueryError("sql", repr(shown), f"cannot parse: {_first_line(e)}") from None
    if len(statements) != 1:
        raise NotReadOnly("sql", repr(shown), f"give exactly one statement, not {len(statements)}; "
                                              f"the store answers one read query at a time")
    kind = _statement_kind(statements[0])
    if kind is not None:
        raise NotReadOnly("sql", repr(shown), f"{kind} refused: the store is read-only here; use {READ_KINDS}")
    return query


def _statement_kind(statement: Any) -> str | None:
    """Gives the name of what a parsed statement does when it is not a plain read, else None."""
    kind = statement.type
    if kind == duckdb.StatementType.SELECT:
        return None
    if kind == duckdb.StatementType.EXPLAIN:
        # EXPLAIN ANALYZE runs its statement: what it explains must itself be a read.
        m = _EXPLAIN.match(statement.query)
        inner = duckdb.extract_statements(m.group(1)) if m else []
        if len(inner) == 1 and _statement_kind(inner[0]) is None:
            return None
        return "EXPLAIN of a statement that writes"
    if kind == duckdb.StatementType.PRAGMA:
        m = _PRAGMA.match(statement.query)
        if m and m.group(1).lower() in _READ_PRAGMAS:
            return None
        return f"PRAGMA {m.group(1) if m else ''}".strip()
    return kind.name


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
