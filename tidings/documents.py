"""Input documents: what `tidings code` reads, and what it refuses (with the reason)."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tidings.days import BadDay, document_day, news_day_problem, parse_day, parse_news_day

if TYPE_CHECKING:
    from tidings.inputs.lines import LongLine


@dataclass
class Document:
    """One dated text to code. `origin` names where it came from, for messages ("a.jsonl:12")."""

    id: str
    text: str
    date: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""


def origin(doc: Document) -> tuple[str, int | None]:
    """Gives the file and line (None for a whole file) a document was read from: its `origin`, else its id."""
    where = doc.origin or doc.id
    m = re.fullmatch(r"(.*):(\d+)", where, re.DOTALL)  # a file name may hold a line break
    return (m.group(1), int(m.group(2))) if m else (where, None)


@dataclass
class Reject:
    """An input that could not be read as a document: where it is, why, and a bit of it."""

    file: str
    line: int | None
    reason: str
    excerpt: str = ""

    def message(self) -> str:
        """Gives the one-line message for stderr: `FILE:LINE: reason`."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return printable(f"{where}: {self.reason}")


def printable(text: str) -> str:
    """Gives `text` as one printable line: line breaks, tabs and other control characters as escapes (`\\n`)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def unicode_problem(doc: Document) -> str | None:
    """Gives why a document cannot be stored or written out (a lone surrogate), None when it can.

    A JSON escape such as `\\ud800` with no partner decodes to half a UTF-16 pair: Python holds it,
    but it is no Unicode text, so it cannot be encoded, hashed or stored. Such a document is
    refused, as invalid UTF-8 bytes are, rather than repaired behind the user's back.
    """
    fields = [("id", doc.id), ("text", doc.text), ("url", doc.url), ("title", doc.title), ("source", doc.source),
              ("date", doc.date), ("origin", doc.origin), *((str(k), v) for k, v in doc.meta.items())]
    for name, value in fields:
        held = value if isinstance(value, str) or value is None else json.dumps(value, ensure_ascii=False, default=str)
        m = _SURROGATE.search(name) or (_SURROGATE.search(held) if held else None)
        if m:
            at = f" at character {m.start() + 1}" if name == "text" else ""
            return (f'"{printable(name)}" holds a lone surrogate ({printable(m.group())}){at}, which is not '
                    f"Unicode text; fix or drop that \\u escape")
    return None


# Arrays and objects nested deeper than this are refused: what a reader of the stored metadata
# (json.dumps, DuckDB's JSON) can take then no longer depends on how deep its own stack already is.
MAX_DEPTH = 100
MAX_CHARS = 1_000_000  # spaCy's default nlp.max_length: a longer text cannot be parsed in one go
STDIN_NAME = "<stdin>"

# `date YYYY-MM-DD` at the very start (after whitespace); the body may follow on the same line.
# `date 2024-07-03T10:00:00+02:00` too: a datetime's day is the one in its zone (tidings.days).
_DATE_PREFIX = re.compile(r"\s*date\s+(\d{4}-\d{1,2}-\d{1,2}(?:[T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                          r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)(?=\s|$)\s*", re.I)
_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192  # a NUL byte this early means a binary file, not text with one bad line
_BINARY = "binary file (it holds NUL bytes); give a UTF-8 {} file"
_TOO_DEEP = f"arrays or objects nested more than {MAX_DEPTH} levels deep; flatten them"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")  # how a lone surrogate gets into JSON text


@dataclass(frozen=True)
class Reading:
    """How to read inputs: the date of documents that carry none, the longest text, which field holds what."""

    date: str | None = None
    max_chars: int = MAX_CHARS
    fields: Any = None  # tidings.inputs.rows.Fields; None: found by the inputs' own names

    def __post_init__(self) -> None:
        if self.fields is None:
            from tidings.inputs.rows import Fields  # the readers import Document from this module

            object.__setattr__(self, "fields", Fields())


def read_documents(
    paths: Sequence[str],
    date: str | None = None,
    max_chars: int = MAX_CHARS,
    *,
    stdin: BinaryIO | None = None,
    fields: Any = None,
) -> Iterator[Document | Reject]:
    """Gives each document of `paths` in order, or a Reject saying why an input could not be read.

    A file is read by its name: `.jsonl` one document a line; `.csv`/`.tsv` and `.parquet` one a
    row; any of these or `.txt` may be gzip- or Zstandard-compressed (`.gz`, `.zst`); any other
    file named explicitly is one article. A folder is every such file below it (sorted), `-`
    standard input. `date` is the publication date of documents that carry none; `fields`
    (tidings.inputs.rows.Fields) names the fields that hold the text, id, date, url and title.
    Never raises for bad input; raises ValueError only for a bad `date` argument.
    """
    if date is not None:
        try:
            parse_news_day(date)
        except BadDay as e:
            raise ValueError(str(e)) from None
    how = Reading(date, max_chars, fields)
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, how)
            continue
        p = Path(path)
        if p.is_dir():
            inputs = folder_inputs(p)
            if not inputs:
                yield Reject(display_name(p), None, "no .txt, .jsonl, .csv, .tsv or .parquet files in this folder")
            for item in inputs:
                if isinstance(item, Reject):
                    yield item
                else:
                    yield from _read_file(item, how)
        elif p.exists():
            yield from _read_file(p, how)
        elif p.is_symlink():
            yield Reject(display_name(p), None, dangling(p))
        else:
            yield Reject(display_name(p), None, "no such file or folder")


def folder_inputs(folder: Path) -> list[Path | Reject]:
    """Gives the input files below `folder` (a kind the readers know by name) in a stable order, hidden
    ones left out, and a Reject in its place for each folder that cannot be listed (the rest is still read)."""
    from tidings.inputs.streams import input_kind

    found: list[tuple[str, Path | Reject]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        found.append((_relative(where, folder), Reject(
            display_name(where), None, f"cannot read this folder ({error.strerror or error}); its files are left out")))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editor backups: never articles
        for f in files:
            path = Path(top, f)
            if f.startswith(".") or input_kind(path)[0] is None:
                continue
            if path.is_file():
                found.append((_relative(path, folder), path))
            elif path.is_symlink() and not path.exists():   # told, not skipped: the user meant it read
                found.append((_relative(path, folder), Reject(display_name(path), None, dangling(path))))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def dangling(link: Path) -> str:
    """Gives the reason for refusing a symbolic link whose target does not exist."""
    try:
        target = display_name(os.readlink(link))
    except OSError:
        target = "a path"
    return f"a symbolic link to {target}, which does not exist; fix or remove the link"


def _relative(path: Path, folder: Path) -> str:
    return "" if path == folder else path.relative_to(folder).as_posix()


def display_name(path: str | os.PathLike) -> str:
    """Gives a path as text that can be printed and stored: bytes of a name that are not UTF-8 as `\\xff`."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a str path holding a surrogate no file system name decodes to
        return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _read_file(p: Path, how: Reading) -> Iterator[Document | Reject]:
    """Gives the documents of one file, read as its name says (see read_documents)."""
    from tidings.inputs.streams import input_kind

    kind, compression = input_kind(p)
    # ids are named after the file without the endings of its kind and compression: a.v2.jsonl.gz -> a.v2
    stem = display_name(Path(p.stem).stem if compression else p.stem)
    yield from read_opened(lambda: p.open("rb"), display_name(p), stem, kind, compression, how,
                           size=lambda: p.stat().st_size)


def read_opened(opener: Callable[[], BinaryIO], name: str, stem: str, kind: str | None, compression: str | None,
                how: Reading, size: Callable[[], int] | None = None) -> Iterator[Document | Reject]:
    """Gives the documents of one whole file that `opener()` opens as a binary stream (a local file,
    or an fsspec one on a cluster's worker), read as its `kind` and `compression` say (see
    tidings.inputs.streams.input_kind); `size()`, when given, is its size in bytes."""
    from tidings.inputs.lines import capped_lines, line_cap
    from tidings.inputs.streams import STREAM_ERRORS, decompressed
    from tidings.inputs.tables import read_delimited, read_parquet

    if kind == "parquet":
        if compression:
            yield Reject(name, None, "a compressed Parquet file: Parquet compresses inside; give the .parquet itself")
        else:
            yield from read_parquet(opener, name, stem, how)
        return
    try:
        with contextlib.ExitStack() as opened:
            raw = opened.enter_context(opener())
            f = decompressed(raw, compression, name)
            if f is not raw:
                opened.enter_context(f)
            if not hasattr(f, "peek"):  # some fsspec files: a buffer gives the sniffing below its peek
                f = io.BufferedReader(f)  # type: ignore[arg-type]
            if kind in ("jsonl", "csv", "tsv"):
                head = f.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
                # A NUL early in a file that does not even start as JSON is a binary file; in one
                # that does, it is a bad line, refused on its own.
                if b"\0" in head and not (kind == "jsonl" and head.removeprefix(_BOM).lstrip().startswith(b"{")):
                    what = "JSON Lines" if kind == "jsonl" else kind.upper()
                    yield Reject(name, _line_of(head, head.index(b"\0")), _BINARY.format(what))
                    return
                if kind == "jsonl":
                    yield from _read_jsonl(capped_lines(f, line_cap(how.max_chars)), name, stem, how)
                else:
                    yield from read_delimited(f, name, stem, how, "," if kind == "csv" else "\t")
                return
            # A UTF-8 character takes at most 4 bytes: a bigger file is surely over the limit.
            known = size() if size is not None and compression is None else None
            if known is not None and known > 4 * how.max_chars:
                yield Reject(name, None, _too_long(f"{known:,} bytes", how.max_chars))
                return
            data = f.read(4 * how.max_chars + 1)
            if len(data) > 4 * how.max_chars:
                yield Reject(name, None, _too_long(f"over {4 * how.max_chars:,} bytes", how.max_chars))
                return
    except PermissionError:
        yield Reject(name, None, "cannot read: permission denied")
        return
    except ValueError as e:  # not the compression its name says
        yield Reject(name, None, f"cannot read: {e}")
        return
    except STREAM_ERRORS as e:
        yield Reject(name, None, f"cannot read: {getattr(e, 'strerror', None) or e}"
                     + ("; the file is corrupt or cut short, what came before was read" if compression else ""))
        return
    yield from _read_article(data, name, stem, how)


def read_part(data: bytes, name: str, stem: str, how: Reading, first_line: int = 1,
              whole: bool = True) -> Iterator[Document | Reject]:
    """Gives the documents of a block of JSON Lines read elsewhere (a cluster's worker, from any
    storage), as `_read_file` would: `data` holds whole lines, the first being line `first_line`
    of its file; `whole` says they are the entire file (a part of one is never "empty": the others
    may hold documents)."""
    head = data[:_SNIFF_BYTES]
    if first_line == 1 and b"\0" in head and not head.removeprefix(_BOM).lstrip().startswith(b"{"):
        yield Reject(name, _line_of(head, head.index(b"\0")), _BINARY.format("JSON Lines"))
        return
    # lines as a file gives them (split at \n only), so that line numbers and ids are the same as read locally
    yield from _read_jsonl(io.BytesIO(data), name, stem, how, first_line, whole)


def _read_stdin(stream: BinaryIO, how: Reading) -> Iterator[Document | Reject]:
    """Gives the documents on standard input: JSONL when it starts with `{`, else one article."""
    from tidings.inputs.lines import LongLine, capped_lines, line_cap

    head: list[bytes | LongLine] = []
    lines = capped_lines(stream, line_cap(how.max_chars))
    for line in lines:
        head.append(line)
        if isinstance(line, LongLine) or line.strip():
            break
    start = head[-1].start if head and isinstance(head[-1], LongLine) else b"".join(head)  # type: ignore[arg-type]
    if start.lstrip().removeprefix(_BOM).lstrip().startswith(b"{"):
        yield from _read_jsonl(chain(head, lines), STDIN_NAME, "stdin", how)
    elif head and isinstance(head[-1], LongLine):
        # one article with a line of more than 4 bytes a character allowed: surely over the limit
        yield Reject(STDIN_NAME, None, _too_long(f"a line of {head[-1].size:,} bytes", how.max_chars))
    else:
        yield from _read_article(b"".join(head) + stream.read(), STDIN_NAME, "stdin", how)  # type: ignore[arg-type]


def _read_article(data: bytes, name: str, doc_id: str, how: Reading) -> Iterator[Document | Reject]:
    """Gives the one article held by `data`, its date taken from a leading `date YYYY-MM-DD`."""
    data = data.removeprefix(_BOM)
    if not data.strip():
        yield Reject(name, None, "empty file: nothing to code")
        return
    if b"\0" in data:
        yield Reject(name, _line_of(data, data.index(b"\0")), _BINARY.format("text"))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = _line_of(data, e.start)
        yield Reject(name, line, f"invalid UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8",
                     excerpt(data.splitlines()[line - 1].decode("utf-8", "replace")))
        return
    if not text.strip():  # str's whitespace is wider than bytes' (U+001C, U+2028): say empty as JSONL does
        yield Reject(name, None, "empty file: nothing to code")
        return
    m = _DATE_PREFIX.match(text)
    date = how.date
    if m:
        try:
            day = document_day(m.group(1))
        except BadDay:
            yield Reject(name, _line_of(data, 0), f"date {m.group(1)} is not a real day written YYYY-MM-DD "
                                                  f"(or an ISO datetime)", excerpt(text))
            return
        if problem := news_day_problem(day):
            yield Reject(name, _line_of(data, 0), f"date {m.group(1)}: {problem}", excerpt(text))
            return
        date, text = day.isoformat(), text[m.end():]
        if not text.strip():
            yield Reject(name, None, "no text after the date line")
            return
    if len(text) > how.max_chars:
        yield Reject(name, None, _too_long(f"{len(text):,} characters", how.max_chars))
        return
    yield Document(id=doc_id, text=text, date=date, origin=name)


def _read_jsonl(lines: Iterable[bytes | LongLine], name: str, stem: str, how: Reading, first_line: int = 1,
                whole: bool = True) -> Iterator[Document | Reject]:
    """Gives one document per non-blank line, a Reject for each line that is not one."""
    from tidings.inputs.lines import LongLine, line_cap

    seen_any = False
    for n, raw in enumerate(lines, first_line):
        if isinstance(raw, LongLine):
            seen_any = True
            yield Reject(name, n, f"line too long ({raw.size:,} bytes; a line may take {line_cap(how.max_chars):,}, "
                                  f"for a text of at most {how.max_chars:,} characters): split it into smaller documents",
                         excerpt(raw.start.decode("utf-8", "replace")))
            continue
        if n == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        seen_any = True
        try:
            item = _jsonl_document(raw, name, n, stem, how)
        except Exception as e:  # noqa: BLE001 - a line this reader did not foresee costs that line only
            item = Reject(name, n, f"internal error reading this line: {type(e).__name__}: {printable(str(e))[:200]}",
                          excerpt(raw.decode("utf-8", "replace")))
        yield item
    if not seen_any and whole:
        yield Reject(name, None, "empty file: nothing to code")


def _jsonl_document(raw: bytes, name: str, n: int, stem: str, how: Reading) -> Document | Reject:
    """Gives the document of JSONL line `n`, or the Reject saying what is wrong with it."""
    nul = raw.find(b"\0")
    if nul >= 0:
        return Reject(name, n, f"a NUL byte at column {nul + 1}: not JSON text; remove it",
                      excerpt(raw.replace(b"\0", b" ").decode("utf-8", "replace")))
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Reject(name, n, f"invalid UTF-8 (byte 0x{raw[e.start]:02x} at column {e.start + 1}); save the file as UTF-8",
                      excerpt(raw.decode("utf-8", "replace")))
    row = _decode_json(line)
    if isinstance(row, str):
        return Reject(name, n, row, excerpt(line))
    row = row[0]
    if not isinstance(row, dict):
        return Reject(name, n, f'a JSON {_json_kind(row)}, not an object; each line must be like {{"id": ..., "text": ...}}',
                      excerpt(line))
    from tidings.inputs.rows import row_document  # imported here: the readers import Document from this module

    doc = row_document(row, how.fields.resolve(row), name, n, stem, how.date, how.max_chars, shown=line)
    if isinstance(doc, Reject):
        return doc
    # Only a \u escape makes a lone surrogate: valid UTF-8 never decodes to one.
    problem = unicode_problem(doc) if _ESCAPED_SURROGATE.search(line) else None
    return doc if problem is None else Reject(name, n, problem, excerpt(line))


def _decode_json(line: str) -> tuple[Any] | str:
    """Gives the value of one JSON text (in a 1-tuple), or why it cannot be read."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        return f"not JSON ({e.msg} at column {e.colno}); each line must be one JSON object"
    except RecursionError:  # how deep Python gets depends on where it is called from: told as MAX_DEPTH
        return _TOO_DEEP
    except ValueError as e:
        if "digits" in str(e):  # Python turns at most sys.get_int_max_str_digits() digits into an int
            return f"a number of more than {sys.get_int_max_str_digits():,} digits, too long to read; write it as a string"
        return f"not JSON ({e}); each line must be one JSON object"
    return _TOO_DEEP if _deeper_than(value, MAX_DEPTH) else (value,)


def _deeper_than(value: Any, depth: int) -> bool:
    """Gives True when arrays and objects in `value` nest more than `depth` levels."""
    stack = [(value, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            if level > depth:
                return True
            stack.extend((v, level + 1) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _too_long(size: str, max_chars: int = MAX_CHARS) -> str:
    """Gives the reason for refusing an over-long document, with the fix."""
    return f"document too long ({size}; the limit is {max_chars:,} characters): split it into smaller documents"


def _line_of(data: bytes, offset: int) -> int:
    """Gives the 1-based line number of byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def _json_kind(value: object) -> str:
    """Gives the JSON name of a decoded value's type, for messages."""
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return {list: "array", str: "string", int: "number", float: "number", dict: "object"}.get(type(value), "value")


def excerpt(text: str, width: int = 60) -> str:
    """Gives the first `width` characters of `text` on one line."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
