"""`tidings.Store`: the event store from Python, its questions and its ingest.

    import tidings
    with tidings.Store("news.duckdb") as store:
        store.ingest(["articles/"])
        store.dyads(by="month", actor="CHN")

The questions are the store's own (tidings.store.store.EventStore); ingesting runs the coder
through the pipeline (tidings.pipeline), which is why this class lives here, above both.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidings.config import CoderConfig
from tidings.store import schema
from tidings.store.schema import StoreError
from tidings.store.store import EventStore

if TYPE_CHECKING:
    from distributed import Client

    from tidings.coder import Coder
    from tidings.pipeline import IngestSummary


class Store(EventStore):
    """An open event store that can also ingest: code documents and keep their events."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        super().__init__(path, read_only)
        self._coders: dict[CoderConfig, Coder] = {}

    def ingest(self, paths: Sequence[str], date: str | None = None, workers: int = 1,
               config: CoderConfig | None = None, coder: Coder | None = None,
               client: Client | None = None) -> IngestSummary:
        """Gives the summary of coding and storing the documents of `paths` (files, folders, `-`).

        `date` dates documents that carry none; `config` says how to code (extra actor files, a
        pattern folder, the model; the default configuration when None), and is what the store
        records; `coder`, when given, is used as is, with its own configuration (a Coder loads spaCy
        once, which takes seconds, so the Store keeps the ones it makes). With a Dask `client`
        (`distributed.Client`), the documents are coded on its cluster, each worker process building
        one Coder of `config`; this process reads, plans and writes, as without it.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open Store({str(self.path)!r}) to ingest")
        # Imported here: the pipeline pulls in the coder (spaCy), which questions never need.
        from tidings.documents import read_documents
        from tidings.pipeline import ingest
        from tidings.pipeline.coders import build_coder, check_config, config_of

        config = config_of(coder) if hasattr(coder, "config") else (config or CoderConfig())
        check_config(config)  # a bad file is told before anything is read or stored

        def made_coder() -> Coder:
            if coder is not None:
                return coder
            if config not in self._coders:
                self._coders[config] = build_coder(config)
            return self._coders[config]

        # A factory, not a Coder: a re-run whose documents are all stored already never loads spaCy.
        # The configuration goes along whole: worker processes (workers > 1) build their own Coder of it.
        # The store's path, not its connection: ingest then reopens it as it goes, keeping memory flat.
        self.con.close()
        try:
            return ingest(self.path, read_documents(paths, date), made_coder, workers=workers, config=config,
                          client=client)
        finally:
            self.con = schema.connect(self.path)
