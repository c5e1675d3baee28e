"""Tidings on a Dask cluster, from Python (needs `pip install 'tidings[dask]'`).

    from distributed import Client
    import tidings.dask
    client = Client("tcp://scheduler:8786")
    bag = tidings.dask.read_bag(["s3://news/2024-07-*.jsonl"])
    records = tidings.dask.code_bag(bag)               # one plain dict per input, coded on the workers
    events = tidings.dask.events(records).compute()     # the event records, as `tidings code` writes them

    with tidings.Store("news.duckdb", write=True) as store:  # or into the store: coded there, written here
        store.ingest(["articles/"], client=client)

The work is the pipeline's (tidings/pipeline/dask_bag.py and dask_workers.py); this module is its face.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.pipeline.dask_bag import code_bag, document_of, read_bag, reject_of
from tidings.pipeline.dask_workers import dask_client

if TYPE_CHECKING:
    import dask.bag

__all__ = ["code_bag", "dask_client", "document_of", "events", "read_bag", "reject_of"]


def events(records: dask.bag.Bag) -> dask.bag.Bag:
    """Gives the event records of a `code_bag` bag, flattened (rejects left out)."""
    return records.filter(lambda record: "events" in record).pluck("events").flatten()
