"""`EventStore`: the event store from Python, the same questions as the `tidings` commands, as DataFrames.

    from tidings.store.store import EventStore
    with EventStore("news.duckdb") as store:          # read-only: other readers, CLI ones too, share it
        store.dyads(by="month", actor="CHN")

It only opens, reads and closes: `tidings.Store` (tidings/api.py) is this class with `ingest`, which
runs the coder, and so lives above the store.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tidings.store import pledge_queries, queries, schema
from tidings.store.filters import Day
from tidings.store.read_only import DEFAULT_TIMEOUT, sql_config


class EventStore:
    """An open event store: one DuckDB file (`path`, else $TIDINGS_DB, else ./tidings.duckdb).

    Read-only unless asked to write (`write=True`, or the older `read_only=False`): an open notebook
    then never locks the command line out, since DuckDB allows one writer or many readers, never
    both. A read-only store must exist already; a writable one is created and migrated if new.

    Its DuckDB installs and loads no extension by itself (a read of a URL fetches nothing), as for
    `tidings sql`; `files=False` also keeps every statement to the store, no file, URL or other
    database read (for a store whose `sql()` answers SQL from others: `tidings sql --no-files`).
    """

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool | None = None, files: bool = True,
                 *, write: bool = False):
        self.path: Path = schema.db_path(path)
        self.read_only = not write if read_only is None else read_only
        self.files = files
        self.con = self._connect()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return schema.connect(self.path, read_only=self.read_only, config=sql_config(files=self.files))

    def events(self, dyad: str | None = None, actor: str | None = None, event: str | None = None,
               cameo: str | None = None, since: Day | None = None, until: Day | None = None,
               text: str | None = None, limit: int | None = None, mentions: bool = False) -> pd.DataFrame:
        """Gives matching events newest first: one row per cluster with its counts, or per report with `mentions`."""
        return queries.events(self.con, dyad=dyad, actor=actor, event=event, cameo=cameo, since=since,
                              until=until, text=text, limit=limit, mentions=mentions)

    def dyads(self, by: str = "month", actor: str | None = None, top: int | None = None, mentions: bool = False,
              since: Day | None = None, until: Day | None = None) -> pd.DataFrame:
        """Gives per ordered dyad and period: counts by quad, Goldstein mean and sum, net cooperation."""
        return queries.dyads(self.con, by=by, actor=actor, top=top, mentions=mentions, since=since, until=until)

    def actors(self, mentions: bool = False, limit: int | None = None) -> pd.DataFrame:
        """Gives each actor code with events as source, as target and in all, and its usual name and sector."""
        return queries.actors(self.con, mentions=mentions, limit=limit)

    def pledges(self, dyad: str | None = None, actor: str | None = None, status: str | None = None,
                since: Day | None = None, until: Day | None = None, limit: int | None = None) -> pd.DataFrame:
        """Gives matching pledges newest first, with status (against the store's latest day) and link counts;
        `dyad` is a pair either way ("CHN-KAZ")."""
        return pledge_queries.pledges(self.con, dyad=dyad, actor=actor, status=status, since=since, until=until,
                                      limit=limit)

    def pledge_links(self, pledge_ids: list[str]) -> pd.DataFrame:
        """Gives the links of these pledges: relation, score, shared terms and both sentences."""
        return pledge_queries.links(self.con, pledge_ids)

    def stats(self) -> dict[str, Any]:
        """Gives the store's totals: documents, events, clusters, rejects, date range, version, top types."""
        return queries.stats(self.con)

    def sql(self, query: str, timeout: float | None = DEFAULT_TIMEOUT) -> pd.DataFrame:
        """Gives the result of one read statement, as `tidings sql` does: raises NotReadOnly for
        anything that could write (before it runs; and it runs in a transaction rolled back after),
        StatementTimeout when it runs past `timeout` seconds (None or 0: no limit)."""
        return queries.sql(self.con, query, timeout=timeout, setting="timeout=")

    def close(self) -> None:
        """Closes the connection (releasing DuckDB's lock on the file); closing twice is harmless."""
        self.con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r}{', read_only=True' if self.read_only else ''})"
