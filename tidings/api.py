"""`tidings.Store`: the event store from Python, its questions and its ingest.

    import tidings
    with tidings.Store("news.duckdb", write=True) as store:
        store.ingest(["articles/"])
        store.dyads(by="month", actor="CHN")
    events = tidings.code_frame(df, text="body", date="published", id="url")

`Store(path)` alone opens read-only (questions only, sharing the file with every other reader).

The questions are the store's own (tidings.store.store.EventStore); ingesting runs the coder
through the pipeline (tidings.pipeline), which is why this class lives here, above both.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidings.config import CoderConfig
from tidings.documents import Document
from tidings.store.schema import StoreError
from tidings.store.store import EventStore

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

    from tidings.coder import Coder
    from tidings.pipeline import IngestSummary


class Store(EventStore):
    """An open event store that can also ingest: code documents and keep their events."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool | None = None, files: bool = True,
                 *, write: bool = False):
        super().__init__(path, read_only, files, write=write)
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
            raise StoreError(f"{self.path}: opened read-only; open Store({str(self.path)!r}, write=True) to ingest")
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
            self.con = self._connect()


def code_frame(df: pd.DataFrame, text: str | None = None, date: str | None = None, id: str | None = None,
               url: str | None = None, title: str | None = None, *, default_date: str | None = None,
               config: CoderConfig | None = None, coder: Coder | None = None) -> pd.DataFrame:
    """Gives the events of the documents of `df`, one row an event (nested fields flattened: `source.code`).

    `text`, `date`, `id`, `url` and `title` name the columns holding each part (by default the
    usual names, as for a CSV file: text/body, date/published, ...). A date may be a day, an ISO
    datetime or a datetime value (its day in its own zone). A row that cannot be coded is left
    out and told in the result's `attrs["rejects"]` ("row 3: ..."), as the CLI tells a bad line;
    the result's `attrs["undated"]` counts the documents with no date.
    """
    import pandas as pd

    from tidings.inputs.rows import Fields, row_document
    from tidings.pipeline.coders import build_coder
    from tidings.pipeline.coding import code_all

    keys = Fields(text=text, id=id, date=date, url=url, title=title).resolve([str(c) for c in df.columns])
    rejects: list[str] = []
    undated = 0

    def documents():
        nonlocal undated
        for n, row in enumerate(df.to_dict("records"), 1):
            doc = row_document({str(k): v for k, v in row.items()}, keys, "row", n, "row", default_date)
            if isinstance(doc, Document) and doc.date is None:
                undated += 1
            yield doc

    coding = coder if coder is not None else build_coder(config or CoderConfig())
    told = code_all(coding, documents(), lambda r: rejects.append(f"row {r.line}: {r.reason}"))
    records = [r for _, doc_records in told for r in doc_records]
    events = pd.json_normalize(records) if records else pd.DataFrame(columns=_EVENT_COLUMNS)
    events.attrs.update(rejects=rejects, undated=undated)
    return events


# the columns of an empty answer: the flat names of an event record's fields
_EVENT_COLUMNS = ["id", "doc_id", "doc_date", "date", "date_precision", "event", "mode", "cameo", "quad", "goldstein",
                  "source.code", "source.name", "target.code", "target.name", "intent", "negated", "confidence"]
