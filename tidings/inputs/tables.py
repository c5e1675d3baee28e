"""CSV, TSV and Parquet inputs: one document a row, its fields found by the header's names.

A row is numbered as the user finds it: in CSV and TSV by the line of the file it starts on (the
header is line 1), in Parquet by its place among the rows (the first is row 1).
"""
from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from tidings.documents import Document, Reading, Reject, excerpt, printable
from tidings.inputs.rows import row_document

if TYPE_CHECKING:
    import pyarrow.parquet as pq

_BOM = "\ufeff"
_SHOWN_COLUMNS = 8  # how many header names a message lists


def read_delimited(stream: BinaryIO, name: str, stem: str, how: Reading, delimiter: str) -> Iterator[Document | Reject]:
    """Gives one document per data row of a CSV (`delimiter` ",") or TSV ("\\t") stream."""
    # A UTF-8 character is at most 4 bytes: a longer cell is over the limit anyway, and is told so
    # by its row rather than stopping the reader.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * how.max_chars + 1))
    bad: dict[int, str] = {}  # line: why it is not UTF-8
    reader = csv.reader(_text_lines(stream, bad), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Reject(name, None, "empty file: nothing to code")
        return
    except csv.Error as e:
        yield Reject(name, 1, f"the header is not {_kind(delimiter)} ({e})")
        return
    if 1 in bad:
        yield Reject(name, 1, bad[1])
        return
    header = [h.removeprefix(_BOM).strip() if i == 0 else h.strip() for i, h in enumerate(header)]
    keys = how.fields.resolve(header)
    if keys.get("text") not in header:
        yield Reject(name, 1, _no_text_column(keys.get("text"), header))
        return
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield Reject(name, start, f"not {_kind(delimiter)} ({e})")
            continue
        if not cells or cells == [""]:
            continue  # a blank line
        rows += 1
        shown = delimiter.join(cells)
        broken = next((bad[n] for n in range(start, reader.line_num + 1) if n in bad), None)
        if broken:
            yield Reject(name, start, broken, excerpt(shown))
        elif len(cells) != len(header):
            yield Reject(name, start, f"{len(cells)} fields where the header has {len(header)}: a quote left open, "
                                      f"or a {_delimiter_name(delimiter)} inside an unquoted field", excerpt(shown))
        else:
            yield row_document(dict(zip(header, cells)), keys, name, start, stem, how.date, how.max_chars, shown)
    if rows == 0:
        yield Reject(name, None, "no rows below the header: nothing to code")


def read_parquet(opener: Callable[[], BinaryIO], name: str, stem: str, how: Reading) -> Iterator[Document | Reject]:
    """Gives one document per row of the Parquet file that `opener()` opens (a local file, an fsspec one)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with contextlib.ExitStack() as opened:
        try:
            table = pq.ParquetFile(opened.enter_context(opener()))
        except (pa.ArrowException, OSError) as e:
            yield Reject(name, None, f"not a Parquet file ({_first_line(e)})")
            return
        yield from _parquet_rows(table, name, stem, how)


def _parquet_rows(table: pq.ParquetFile, name: str, stem: str, how: Reading) -> Iterator[Document | Reject]:
    """Gives one document per row of an open Parquet file, a row group at a time."""
    import pyarrow as pa

    columns = table.schema_arrow.names
    keys = how.fields.resolve(columns)
    if keys.get("text") not in columns:
        yield Reject(name, None, _no_text_column(keys.get("text"), columns))
        return
    n = 0
    try:
        for batch in table.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                n += 1
                text = row.get(keys["text"])
                yield row_document(row, keys, name, n, stem, how.date, how.max_chars,
                                   shown=text if isinstance(text, str) else "")
    except (pa.ArrowException, OSError) as e:
        yield Reject(name, n + 1, f"cannot read the rows from here on ({_first_line(e)}); the rows before were read")
    if n == 0:
        yield Reject(name, None, "no rows: nothing to code")


def _text_lines(stream: BinaryIO, bad: dict[int, str]) -> Iterator[str]:
    """Gives the stream's lines as text; a line that is not UTF-8 is given with replacement
    characters and its number and reason noted in `bad`, so that only its row is refused."""
    for n, raw in enumerate(stream, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad[n] = f"invalid UTF-8 (byte 0x{raw[e.start]:02x} at column {e.start + 1}); save the file as UTF-8"
            yield raw.decode("utf-8", "replace")


def _no_text_column(text_key: str | None, columns: list[str]) -> str:
    shown = ", ".join(printable(c) for c in columns[:_SHOWN_COLUMNS]) + (", ..." if len(columns) > _SHOWN_COLUMNS else "")
    if text_key is not None:
        return f'no column "{printable(text_key)}" (the columns are: {shown})'
    return f"no text column (the columns are: {shown}); name the one holding the article with --text-field"


def _kind(delimiter: str) -> str:
    return "CSV" if delimiter == "," else "TSV"


def _delimiter_name(delimiter: str) -> str:
    return "comma" if delimiter == "," else "tab"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return printable(text.splitlines()[0]) if text else type(error).__name__
