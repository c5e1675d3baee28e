"""Coded partitions as Parquet files: what `tidings code --dask -o DIR --format parquet` writes, and
`tidings ingest DIR` stores without coding again.

One row per input: a coded document (its fields, text included, and its event records as JSON) or a
reject (file, line, reason). Each file's metadata holds the coder version and the configuration that
coded it, so that the store records them, not the ingesting machine's: the coding happened elsewhere.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.documents import Document, Reject, display_name

VERSION_KEY, CONFIG_KEY = b"tidings.coder_version", b"tidings.config"
COLUMNS = ("kind", "doc_id", "text", "date", "url", "title", "source", "meta", "origin", "events",
           "file", "line", "reason", "excerpt")
_TYPES = {"line": pa.int64()}


class CodedFileError(ValueError):
    """Parquet inputs that cannot be stored as they are; str(e) is one line."""


@dataclass
class CodedDocument(Document):
    """A document coded already, elsewhere: its event records travel with it."""

    records: list[dict] = field(default_factory=list)


def rows_of(items: Iterable[tuple[Document, list[dict]] | Reject]) -> dict[str, list]:
    """Gives coded documents and rejects as columns (COLUMNS), one row each."""
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    for item in items:
        if isinstance(item, Reject):
            row = {"kind": "reject", "file": item.file, "line": item.line, "reason": item.reason,
                   "excerpt": item.excerpt}
        else:
            doc, records = item
            row = {"kind": "document", "doc_id": doc.id, "text": doc.text, "date": doc.date, "url": doc.url,
                   "title": doc.title, "source": doc.source, "origin": doc.origin,
                   "meta": json.dumps(doc.meta, ensure_ascii=False) if doc.meta else None,
                   "events": json.dumps(records, ensure_ascii=False)}
        for name in COLUMNS:
            columns[name].append(row.get(name))
    return columns


def write_coded(path: str | os.PathLike, items: Iterable[tuple[Document, list[dict]] | Reject],
                version: str, config_json: str) -> int:
    """Writes one Parquet file of coded documents and rejects; gives the rows written."""
    columns = rows_of(items)
    table = pa.table({name: pa.array(values, type=_TYPES.get(name, pa.string())) for name, values in columns.items()})
    table = table.replace_schema_metadata({VERSION_KEY: version.encode(), CONFIG_KEY: config_json.encode()})
    pq.write_table(table, path)
    return table.num_rows


def parquet_inputs(paths: Sequence[str]) -> list[Path] | None:
    """Gives the coded Parquet files PATH... stand for (a folder: its *.parquet, sorted), or None when
    none is coded: a Parquet file is coded when its metadata holds a tidings coder version, else it
    is a table of documents to code (tidings.inputs.tables). Raises CodedFileError for coded files
    mixed with anything else."""
    found: list[Path] = []
    other = False
    for path in paths:
        p = Path(path)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".parquet" and not f.name.startswith("."))
            coded = [f for f in files if is_coded(f)]
            found += coded
            # anything else in the folder is read as input: a table, an article, a subfolder's files
            other = other or len(coded) < len(files) or any(
                not f.name.startswith(".") and f.suffix.lower() != ".parquet" for f in p.iterdir())
        elif p.suffix.lower() == ".parquet" and is_coded(p):
            found.append(p)
        else:
            other = True
    if found and other:
        raise CodedFileError("coded Parquet files and other inputs in one ingest: ingest the folders that "
                             "`tidings code --dask --format parquet` wrote on their own")
    return found or None


def is_coded(path: Path) -> bool:
    """Gives True when `path` is a Parquet file `tidings code --dask --format parquet` wrote (its
    metadata holds the coder version); False for any other file, readable or not."""
    try:
        return VERSION_KEY in (pq.read_schema(path).metadata or {})
    except (OSError, pa.ArrowException):
        return False


def coded_version(files: Sequence[Path]) -> tuple[str, str]:
    """Gives the coder version and configuration JSON the files were coded with (one for all of them)."""
    seen: dict[str, str] = {}
    for f in files:
        try:
            meta = pq.read_schema(f).metadata or {}
        except (OSError, pa.ArrowInvalid) as e:
            raise CodedFileError(f"{display_name(f)}: not a Parquet file tidings can read ({e})") from None
        if VERSION_KEY not in meta:
            raise CodedFileError(f"{display_name(f)}: no tidings coder version in it: not written by `tidings code`")
        seen.setdefault(meta[VERSION_KEY].decode(), meta.get(CONFIG_KEY, b"{}").decode())
    if len(seen) > 1:
        raise CodedFileError(f"the files were coded by {len(seen)} configurations ({', '.join(sorted(seen))}): "
                             f"ingest each one's files on their own")
    return next(iter(seen.items()))


def read_coded(files: Sequence[Path]) -> Iterator[CodedDocument | Reject]:
    """Gives the coded documents and rejects of the files, in order, a row group at a time."""
    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                if row["kind"] == "reject":
                    yield Reject(row["file"], row["line"], row["reason"], row["excerpt"] or "")
                    continue
                yield CodedDocument(id=row["doc_id"], text=row["text"], date=row["date"], url=row["url"],
                                    title=row["title"], source=row["source"], origin=row["origin"] or "",
                                    meta=json.loads(row["meta"]) if row["meta"] else {},
                                    records=json.loads(row["events"]))
