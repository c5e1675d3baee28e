"""The ingest pipeline: read, plan, code, write, above the store and below the commands.

`ingest(store, items, coder)` codes documents and stores their events (run.py); the steps each
have a module: planning batches (plan.py), coding them (coding.py), the writer thread
(writer.py), worker processes (workers.py). What gets written, and how, is the store's
(tidings.store.writing): the store persists and reads, this package runs the coder.
"""
from tidings.pipeline.coding import code_all, code_batch, internal_error
from tidings.pipeline.run import BATCH_SIZE, IngestSummary, ingest
from tidings.pipeline.workers import IngestError

__all__ = ["BATCH_SIZE", "IngestError", "IngestSummary", "code_all", "code_batch", "ingest", "internal_error"]
