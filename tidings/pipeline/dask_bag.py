"""Documents as a dask.bag, read on the workers, and coded there partition by partition.

    bag = read_bag(["s3://news/2024-07-*.jsonl"])     # any fsspec path, glob or folder
    records = code_bag(bag, CoderConfig())             # one plain dict per input

A partition is a block of about BLOCK_BYTES of a JSON Lines file (its lines whole) or a few article
files. The workers read them through fsspec with the reader's own rules (tidings.documents): the same
ids, line numbers and reasons as `tidings code` on this machine. Line numbers need the lines before a
block: one task per file counts them (reading is thousands of times faster than coding).

What `code_bag` gives per input, plain data that any process can read:
    {"document": {"id": ..., "text": ..., "date": ..., ...}, "events": [event records]}
    {"reject": {"file": ..., "line": ..., "reason": ..., "excerpt": ...}}
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from tidings.config import CoderConfig
from tidings.documents import MAX_CHARS, Document, Reading, Reject, display_name, folder_inputs, read_opened, read_part
from tidings.inputs.streams import input_kind
from tidings.pipeline.dask_workers import code_on_worker

if TYPE_CHECKING:
    import dask.bag

    from tidings.inputs.rows import Fields

BLOCK_BYTES = 1 << 20      # ~300 news articles of JSON Lines: a partition codes in seconds, not minutes
ARTICLES_PER_PARTITION = 64


def read_bag(paths: Sequence[str], date: str | None = None, block_bytes: int = BLOCK_BYTES,
             fields: Fields | None = None) -> dask.bag.Bag:
    """Gives a bag of the Documents (and Rejects) of `paths`: files, folders, globs, fsspec URLs.

    Every kind the local reader reads (tidings.documents.read_documents), with the same `date` and
    `fields`: plain JSON Lines in blocks of about `block_bytes`, articles (.txt, compressed too) a
    few files a partition, and each other file (CSV, TSV, Parquet, compressed JSON Lines) whole in
    a partition of its own, since it cannot be cut into blocks of whole rows without reading it.
    Nothing is read here but the names and sizes of the files; the workers read the rest.
    Standard input cannot be read on a cluster: ValueError.
    """
    import dask.bag as db
    from dask import delayed

    how = Reading(date, MAX_CHARS, fields)
    parts: list = []
    articles: list[tuple[Any, str, str]] = []  # article files waiting to fill a partition

    def flush() -> None:
        if articles:
            parts.append(delayed(_read_files, pure=True)(list(articles), how))
            articles.clear()

    for path in paths:
        if path == "-":
            raise ValueError("standard input cannot be read on a cluster: give files or folders")
        for fs, file, name in _files(path):
            kind, compression = (None, None) if isinstance(file, Reject) else input_kind(PurePosixPath(name))
            if isinstance(file, Reject):
                flush()
                parts.append(delayed(list, pure=True)([file]))
            elif kind == "jsonl" and compression is None:
                flush()
                parts += _jsonl_parts(fs, file, name, how, block_bytes)
            elif kind in ("txt", None):  # a file named explicitly is an article, whatever its ending
                articles.append((fs, file, name))
                if len(articles) >= ARTICLES_PER_PARTITION:
                    flush()
            else:
                flush()
                parts.append(delayed(_read_files, pure=True)([(fs, file, name)], how))
    flush()
    return db.from_delayed(parts) if parts else db.from_sequence([], npartitions=1)


def _files(path: str) -> Iterable[tuple[Any, str | Reject, str]]:
    """Gives (filesystem, file, name for messages) for each input file `path` stands for."""
    import fsspec

    if "://" not in path:  # a local path: the same names and order as read_documents
        local, p = fsspec.filesystem("file"), Path(path)
        if p.is_dir():
            inputs = folder_inputs(p)
            if not inputs:
                yield local, Reject(display_name(p), None,
                                    "no .txt, .jsonl, .csv, .tsv or .parquet files in this folder"), ""
            for item in inputs:
                yield (local, item, "") if isinstance(item, Reject) else (local, str(item), display_name(item))
        elif p.exists():
            yield local, str(p), display_name(p)
        else:
            yield local, Reject(display_name(p), None, "no such file or folder"), ""
        return
    fs, _, found = fsspec.core.get_fs_token_paths(path)
    if len(found) == 1 and fs.isdir(found[0]):
        found = sorted(f for f in fs.find(found[0]) if input_kind(PurePosixPath(f))[0] is not None)
    if not found:
        yield fs, Reject(path, None, "no such file or folder"), ""
    for f in found:
        yield fs, f, fs.unstrip_protocol(f)


def _stem(name: str) -> str:
    """Gives the ids' stem of a file, as the local reader names them: a.v2.jsonl.gz -> a.v2."""
    p = PurePosixPath(name)
    return display_name(PurePosixPath(p.stem).stem if input_kind(p)[1] else p.stem)


def _jsonl_parts(fs: Any, file: str, name: str, how: Reading, block_bytes: int) -> list:
    """Gives the delayed partitions of one JSON Lines file: blocks of whole lines, numbered from the file's start."""
    from dask import delayed

    try:
        blocks = max(1, math.ceil(fs.size(file) / block_bytes))
    except OSError as e:
        return [delayed(list, pure=True)([Reject(name, None, f"cannot read: {e.strerror or e}")])]
    starts = delayed(line_starts, pure=True)(fs, file, block_bytes, blocks)
    return [delayed(_read_block, pure=True)(fs, file, name, k, starts, how) for k in range(blocks)]


def line_starts(fs: Any, file: str, block_bytes: int, blocks: int) -> list[tuple[int, int]]:
    """Gives, for each block k and the end, (byte offset, line number) of the first line starting at or
    after k * block_bytes: block k holds the lines starting in its range, whole."""
    starts, offset, line = [(0, 1)], 0, 1
    with fs.open(file, "rb") as f:
        for raw in f:  # split at b"\n", as the local reader splits
            offset, line = offset + len(raw), line + 1
            while len(starts) < blocks and offset >= len(starts) * block_bytes:
                starts.append((offset, line))
    while len(starts) <= blocks:
        starts.append((offset, line))
    return starts


def _read_block(fs: Any, file: str, name: str, k: int, starts: list[tuple[int, int]],
                how: Reading) -> list[Document | Reject]:
    (start, line), (end, _) = starts[k], starts[k + 1]
    if end <= start:
        return []
    try:
        with fs.open(file, "rb") as f:
            f.seek(start)
            data = f.read(end - start)
    except PermissionError:
        return [Reject(name, None, "cannot read: permission denied")]
    except OSError as e:
        return [Reject(name, None, f"cannot read: {e.strerror or e}")]
    return list(read_part(data, name, _stem(name), how, line, whole=len(starts) == 2))


def _read_files(files: list[tuple[Any, str, str]], how: Reading) -> list[Document | Reject]:
    """Gives the documents of whole files (on a worker), each read by the local reader's rules for its kind."""
    out: list[Document | Reject] = []
    for fs, file, name in files:
        kind, compression = input_kind(PurePosixPath(name))
        out += read_opened(lambda fs=fs, file=file: fs.open(file, "rb"), name, _stem(name), kind, compression, how,
                           size=lambda fs=fs, file=file: fs.size(file))
    return out


# --- coding ---------------------------------------------------------------------------------------------

def code_bag(bag: dask.bag.Bag, config: CoderConfig | None = None) -> dask.bag.Bag:
    """Gives a bag of one plain record per input of `bag`: a coded document with its events, or a reject.

    `bag` holds Documents, Rejects, or dicts with at least "text" (and "id", "date", ...). Each
    partition is coded on a worker by that worker process's one Coder of `config`.
    """
    config = config or CoderConfig()
    return bag.map_partitions(code_partition, config, config.version())


def code_partition(items: Iterable[Document | Reject | dict], config: CoderConfig, version: str) -> list[dict]:
    """Gives the records of one partition (on a worker): per input, in order, a coded document or a reject."""
    inputs = [_as_input(item, n) for n, item in enumerate(items, 1)]
    docs = [item for item in inputs if isinstance(item, Document)]
    records, rejects = code_on_worker(docs, config, version) if docs else ([], [])
    coded, failed = iter(records), iter(rejects)
    out: list[dict] = []
    for item in inputs:
        if isinstance(item, Reject):
            out.append({"reject": asdict(item)})
            continue
        events = next(coded)
        out.append({"reject": asdict(next(failed))} if events is None else
                   {"document": asdict(item), "events": events})
    return out


def _as_input(item: Document | Reject | dict, n: int) -> Document | Reject:
    if isinstance(item, (Document, Reject)):
        return item
    if isinstance(item, dict) and isinstance(item.get("text"), str) and item.get("id") not in (None, ""):
        known = {k: item[k] for k in ("url", "title", "source", "origin") if item.get(k) is not None}
        meta = {k: v for k, v in item.items() if k not in ("id", "text", "date", *known)}
        return Document(id=str(item["id"]), text=item["text"], date=item.get("date"), meta=meta, **known)
    # n counts within a partition only: no id can be made up that another partition would not repeat
    return Reject("<bag>", n, 'not a document: give Documents, or dicts with an "id" and a "text" string')


def document_of(record: dict) -> Document:
    """Gives the Document of a coded record."""
    return Document(**record["document"])


def reject_of(record: dict) -> Reject:
    """Gives the Reject of a reject record."""
    return Reject(**record["reject"])


# --- on the client: partitions' results as they come ------------------------------------------------------

def records_in_order(client: Any, bag: dask.bag.Bag) -> Iterable[list[dict]]:
    """Gives each partition's records, in input order; the cluster codes ahead meanwhile."""
    from tidings.pipeline.dask_workers import result_of

    futures = client.compute(bag.to_delayed())
    try:
        for future in futures:
            yield result_of(future)
    finally:
        client.cancel([f for f in futures if not f.done()])


def records_as_done(client: Any, bag: dask.bag.Bag) -> Iterable[tuple[int, list[dict]]]:
    """Gives (partition number, its records) as each partition is done, in any order."""
    from distributed import as_completed

    from tidings.pipeline.dask_workers import result_of

    futures = client.compute(bag.to_delayed())
    number = {future.key: n for n, future in enumerate(futures)}
    try:
        for future in as_completed(futures):
            yield number[future.key], result_of(future)
    finally:
        client.cancel([f for f in futures if not f.done()])
