"""`Store`: the event store from Python, the same questions as the `tidings` commands, as DataFrames.

    from tidings.store.store import Store
    with Store("news.duckdb") as store:
        store.ingest(["articles/"])
        store.dyads(by="month", actor="CHN")
"""
from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tidings.store import queries, schema
from tidings.store.schema import StoreError

if TYPE_CHECKING:
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.store.ingest import IngestSummary

Day = str | datetime.date


class Store:
    """An open event store: one DuckDB file (`path`, else $TIDINGS_DB, else ./tidings.duckdb).

    Writable by default (created and migrated if new). `read_only=True` lets other readers share the
    file, but fails with StoreError while another process writes it: DuckDB allows one writer, or
    many readers, never both.
    """

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        self.path: Path = schema.db_path(path)
        self.read_only = read_only
        self.con = schema.connect(path, read_only=read_only)
        self._coders: dict[str | None, Coder] = {}

    def ingest(self, paths: Sequence[str], date: str | None = None, workers: int = 1,
               actors_file: str | None = None, coder: Coder | None = None) -> IngestSummary:
        """Gives the summary of coding and storing the documents of `paths` (files, folders, `-`).

        `date` dates documents that carry none; `actors_file` adds actors; `coder`, when given, is
        used as is (a Coder loads spaCy once, which takes seconds, so the Store keeps the ones it makes).
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open Store({str(self.path)!r}) to ingest")
        # Imported here: ingest pulls in the coder (spaCy), which queries never need.
        from tidings.documents import read_documents
        from tidings.store.ingest import ingest

        def made_coder() -> Coder:
            if coder is not None:
                return coder
            if actors_file not in self._coders:
                from tidings.coder import Coder
                from tidings.config import CoderConfig

                self._coders[actors_file] = Coder(CoderConfig(actors=(actors_file,) if actors_file else ()))
            return self._coders[actors_file]

        # A factory, not a Coder: a re-run whose documents are all stored already never loads spaCy.
        # `actors_file` goes along too: worker processes (workers > 1) make their own Coder from it.
        # The store's path, not its connection: ingest then reopens it as it goes, keeping memory flat.
        self.con.close()
        try:
            return ingest(self.path, read_documents(paths, date), made_coder, workers=workers,
                          actors_file=actors_file)
        finally:
            self.con = schema.connect(self.path)

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

    def stats(self) -> dict[str, Any]:
        """Gives the store's totals: documents, events, clusters, rejects, date range, version, top types."""
        return queries.stats(self.con)

    def sql(self, query: str) -> pd.DataFrame:
        """Gives the result of one read statement; raises NotReadOnly for anything that could write."""
        return queries.sql(self.con, query)

    def close(self) -> None:
        """Closes the connection (releasing DuckDB's lock on the file); closing twice is harmless."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}{', read_only=True' if self.read_only else ''})"
