"""Which kind of input a file is, by its name, and opening it decompressed (gzip, Zstandard)."""
from __future__ import annotations

import gzip
import io
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import zstandard

KINDS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
         ".parquet": "parquet"}
COMPRESSIONS = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}
# what a broken compressed file raises part way (a cut-short gzip is an EOFError)
STREAM_ERRORS = (OSError, EOFError, zstandard.ZstdError)
_MAGIC = {"gzip": b"\x1f\x8b", "zstd": b"\x28\xb5\x2f\xfd"}


def input_kind(path: Path) -> tuple[str | None, str | None]:
    """Gives a file's kind (txt, jsonl, csv, tsv, parquet; None for an unknown ending) and its
    compression (gzip, zstd, None) by its name: `a.jsonl.gz` is gzip-compressed JSON Lines."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    return (KINDS.get(suffixes[-1]) if suffixes else None), compression


def open_input(path: Path, compression: str | None) -> BinaryIO:
    """Gives the file open for reading bytes, decompressed; raises ValueError when its first bytes
    are not of the compression its name says."""
    raw = path.open("rb")
    if compression is None:
        return raw
    try:
        _check_magic(raw, compression, path.suffix)
    except ValueError:
        raw.close()
        raise
    if compression == "gzip":
        raw.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
    return io.BufferedReader(reader)  # type: ignore[arg-type]


def decompressed(raw: BinaryIO, compression: str | None, name: str) -> BinaryIO:
    """Gives the stream `raw` (of the file `name`: a local file, an fsspec one) decompressed; raises
    ValueError as open_input does. Closing what it gives leaves `raw` open: whoever opened it closes it."""
    if compression is None:
        return raw
    _check_magic(raw, compression, PurePosixPath(name).suffix)
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=False)
    return io.BufferedReader(reader)  # type: ignore[arg-type]


def _check_magic(raw: BinaryIO, compression: str, suffix: str) -> None:
    head = raw.read(4)
    raw.seek(0)
    if not head.startswith(_MAGIC[compression]):
        raise ValueError(f"not {compression} data, though its name ends {suffix}")
