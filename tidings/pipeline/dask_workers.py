"""Coding on a Dask cluster: the coder built once per worker process, batches sent as tasks, records back.

Beside workers.py (local processes), at the same layer: `ingest` plans batches here and writes them
here, in input order, through its one writer; only the coding happens on the cluster. What a worker
sends back is plain data (event records as dicts, Rejects), never spaCy objects.

A worker killed mid-batch costs only that task: the scheduler runs it again on another worker (its
documents travel with the task), and the batch is written once, when its result first comes back.

Needs the `dask` extra (`pip install 'tidings[dask]'`); nothing here is imported without it.
"""
from __future__ import annotations

import contextlib
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tidings.config import CoderConfig
from tidings.documents import Document
from tidings.pipeline.coders import build_coder
from tidings.pipeline.coding import Coded, code_batch
from tidings.pipeline.plan import Batch
from tidings.pipeline.workers import IngestError

if TYPE_CHECKING:
    from distributed import Client

    from tidings.coder import Coder

INSTALL_HINT = "--dask needs the dask extra: pip install 'tidings[dask]'"
_LOCAL = re.compile(r"local:(\d+)")
_SCHEDULER = re.compile(r"(tcp|tls|ws|wss|inproc|ucx)://\S+")


class DaskAddressError(ValueError):
    """An address that names no scheduler and no local cluster; str(e) is one line."""


def check_address(address: str) -> None:
    """Raises DaskAddressError unless `address` is `local:N` (N >= 1) or a scheduler's `tcp://HOST:PORT`."""
    local = _LOCAL.fullmatch(address)
    if local and int(local.group(1)) >= 1:
        return
    if not local and _SCHEDULER.fullmatch(address):
        return
    raise DaskAddressError(f"--dask {address}: give a scheduler's address (tcp://HOST:8786) "
                           f"or local:N for N worker processes on this machine")


@contextlib.contextmanager
def dask_client(address: str) -> Iterator[Client]:
    """Gives a Client of the scheduler at `address`, or of a new LocalCluster for `local:N`.

    A local cluster has N worker processes of one thread each (the coder holds the GIL: threads
    would only queue), its web pages on a free port (two runs at once must not collide on 8787),
    and goes away with the block.
    Raises ImportError (with INSTALL_HINT) when dask is not installed, DaskAddressError for a bad address.
    """
    check_address(address)
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ImportError(INSTALL_HINT) from e
    local = _LOCAL.fullmatch(address)
    if local is None:
        with Client(address, timeout=30) as client:
            yield client
        return
    with LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=40) as cluster, Client(cluster) as client:
        yield client


# --- on the workers ----------------------------------------------------------------------------------

_coders: dict[CoderConfig, Coder] = {}
_lock = threading.Lock()  # a worker with several threads codes one batch at a time: the Coder is not shared-safe


def worker_coder(config: CoderConfig, version: str) -> Coder:
    """Gives this process's Coder of `config`, built on first use.

    `version` is the client's `config.version()`: a worker whose copies of the actor or pattern
    files differ would code otherwise than the store records, so it refuses instead.
    """
    coder = _coders.get(config)
    if coder is None:
        here = config.version()
        if here != version:
            raise IngestError(f"a worker reads other actor or pattern files than this machine "
                              f"({here} there, {version} here): give every worker the same files")
        coder = _coders[config] = build_coder(config)
    return coder


def code_on_worker(docs: list[Document], config: CoderConfig, version: str) -> Coded:
    """Gives code_batch of `docs` with the worker's coder: records and Rejects, plain data."""
    with _lock:
        return code_batch(worker_coder(config, version), docs)


# --- on the client -------------------------------------------------------------------------------------

def cluster_threads(client: Client) -> int:
    """Gives how many tasks the cluster runs at once now (at least 1: a cluster may still be starting)."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def code_in_dask(batches: Iterator[Batch], client: Client, config: CoderConfig,
                 write: Callable[[Batch, Coded], None]) -> None:
    """Codes batches on the cluster of `client`, a few ahead, and writes each, in order, as it is ready."""
    version = config.version()
    in_flight: deque[tuple[Batch, Any]] = deque()
    try:
        for batch in batches:
            future = (client.submit(code_on_worker, batch.to_code, config, version, pure=False)
                      if batch.to_code else None)
            in_flight.append((batch, future))
            # Two batches per worker thread keep the cluster busy while the oldest is written; more
            # would only hold documents in this process's memory.
            while len(in_flight) > 2 * cluster_threads(client):
                _write_next(in_flight, write)
        while in_flight:
            _write_next(in_flight, write)
    finally:
        for _, future in in_flight:  # stopped early (an error, Ctrl-C): the cluster need not go on
            if future is not None:
                future.cancel()


def _write_next(in_flight: deque, write: Callable[[Batch, Coded], None]) -> None:
    batch, future = in_flight.popleft()
    write(batch, result_of(future) if future is not None else ([], []))


def result_of(future: Any) -> Any:
    """Gives a task's result; a task that killed every worker it ran on raises IngestError."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as e:
        raise IngestError(f"a batch was lost with every worker that ran it ({e}); "
                          f"the batches before it are stored: run the same command again") from None
    finally:
        future.release()
