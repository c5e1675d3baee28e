"""Input documents: what `tidings code` reads, and what it refuses (with the reason)."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from tidings.days import BadDay, is_day, news_day_problem, parse_day, parse_news_day


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
    m = re.fullmatch(r"(.*):(\d+)", where)
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
        return f"{where}: {self.reason}"


MAX_CHARS = 1_000_000  # spaCy's default nlp.max_length: a longer text cannot be parsed in one go
KNOWN_FIELDS = ("id", "date", "text", "url", "title", "source")
STDIN_NAME = "<stdin>"

# `date YYYY-MM-DD` at the very start (after whitespace); the body may follow on the same line.
_DATE_PREFIX = re.compile(r"\s*date\s+(\d{4}-\d{1,2}-\d{1,2})(?=\s|$)\s*")
_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192  # a NUL byte this early means a binary file, not text with one bad line
_BINARY = "binary file (it holds NUL bytes); give a UTF-8 {} file"


def read_documents(
    paths: Sequence[str],
    date: str | None = None,
    max_chars: int = MAX_CHARS,
    *,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | Reject]:
    """Gives each document of `paths` in order, or a Reject saying why an input could not be read.

    `.txt` (and any other file named explicitly) is one article, `.jsonl` one document a line,
    a folder every `*.txt`/`*.jsonl` below it (sorted), `-` standard input. `date` is the
    publication date of documents that do not carry one. Never raises for bad input; raises
    ValueError only for a bad `date` argument.
    """
    if date is not None:
        try:
            parse_news_day(date)
        except BadDay as e:
            raise ValueError(str(e)) from None
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, date, max_chars)
            continue
        p = Path(path)
        if p.is_dir():
            files = _folder_files(p)
            if not files:
                yield Reject(path, None, "no .txt or .jsonl files in this folder")
            for f in files:
                yield from _read_file(f, date, max_chars)
        elif p.exists():
            yield from _read_file(p, date, max_chars)
        else:
            yield Reject(path, None, "no such file or folder")


def _folder_files(folder: Path) -> list[Path]:
    """Gives the `.txt`/`.jsonl` files below `folder`, hidden ones left out, in a stable order."""
    found = []
    for f in folder.rglob("*"):
        rel = f.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue  # .git, editor backups: never articles
        if f.suffix.lower() in (".txt", ".jsonl") and f.is_file():
            found.append(f)
    return sorted(found, key=lambda f: f.relative_to(folder).as_posix())


def _read_file(p: Path, date: str | None, max_chars: int) -> Iterator[Document | Reject]:
    """Gives the documents of one file, read as JSONL or as one article by its extension."""
    name = str(p)
    try:
        if p.suffix.lower() == ".jsonl":
            with p.open("rb") as f:
                head = f.read(_SNIFF_BYTES)
                if b"\0" in head:
                    yield Reject(name, _line_of(head, head.index(b"\0")), _BINARY.format("JSON Lines"))
                    return
                f.seek(0)
                yield from _read_jsonl(f, name, p.stem, date, max_chars)
            return
        # A UTF-8 character takes at most 4 bytes: a bigger file is surely over the limit.
        size = p.stat().st_size
        if size > 4 * max_chars:
            yield Reject(name, None, _too_long(f"{size:,} bytes", max_chars))
            return
        data = p.read_bytes()
    except PermissionError:
        yield Reject(name, None, "cannot read: permission denied")
        return
    except OSError as e:
        yield Reject(name, None, f"cannot read: {e.strerror or e}")
        return
    yield from _read_article(data, name, p.stem, date, max_chars)


def _read_stdin(stream: BinaryIO, date: str | None, max_chars: int) -> Iterator[Document | Reject]:
    """Gives the documents on standard input: JSONL when it starts with `{`, else one article."""
    head: list[bytes] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = b"".join(head).lstrip().removeprefix(_BOM).lstrip()
    if first.startswith(b"{"):
        yield from _read_jsonl(chain(head, stream), STDIN_NAME, "stdin", date, max_chars)
    else:
        yield from _read_article(b"".join(head) + stream.read(), STDIN_NAME, "stdin", date, max_chars)


def _read_article(data: bytes, name: str, doc_id: str, date: str | None, max_chars: int) -> Iterator[Document | Reject]:
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
                     _excerpt(data.splitlines()[line - 1].decode("utf-8", "replace")))
        return
    m = _DATE_PREFIX.match(text)
    if m:
        if not is_day(m.group(1)):
            yield Reject(name, _line_of(data, 0), f"date {m.group(1)} is not a real day written YYYY-MM-DD", _excerpt(text))
            return
        if problem := _news_problem(m.group(1)):
            yield Reject(name, _line_of(data, 0), f"date {m.group(1)}: {problem}", _excerpt(text))
            return
        date, text = m.group(1), text[m.end():]
        if not text.strip():
            yield Reject(name, None, "no text after the date line")
            return
    if len(text) > max_chars:
        yield Reject(name, None, _too_long(f"{len(text):,} characters", max_chars))
        return
    yield Document(id=doc_id, text=text, date=date, origin=name)


def _read_jsonl(lines: Iterable[bytes], name: str, stem: str, date: str | None, max_chars: int) -> Iterator[Document | Reject]:
    """Gives one document per non-blank line, a Reject for each line that is not one."""
    seen_any = False
    for n, raw in enumerate(lines, 1):
        if n == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        seen_any = True
        yield _jsonl_document(raw, name, n, stem, date, max_chars)
    if not seen_any:
        yield Reject(name, None, "empty file: nothing to code")


def _jsonl_document(raw: bytes, name: str, n: int, stem: str, date: str | None, max_chars: int) -> Document | Reject:
    """Gives the document of JSONL line `n`, or the Reject saying what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Reject(name, n, f"invalid UTF-8 (byte 0x{raw[e.start]:02x} at column {e.start + 1}); save the file as UTF-8",
                      _excerpt(raw.decode("utf-8", "replace")))
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        return Reject(name, n, f"not JSON ({e.msg} at column {e.colno}); each line must be one JSON object", _excerpt(line))
    if not isinstance(row, dict):
        return Reject(name, n, f'a JSON {_json_kind(row)}, not an object; each line must be like {{"id": ..., "text": ...}}',
                      _excerpt(line))
    text = row.get("text")
    if text is None:
        return Reject(name, n, 'no "text" field; each line needs "text": the article as a string', _excerpt(line))
    if not isinstance(text, str):
        return Reject(name, n, f'"text" is a JSON {_json_kind(text)}, not a string', _excerpt(line))
    if not text.strip():
        return Reject(name, n, '"text" is empty: nothing to code', _excerpt(line))
    if len(text) > max_chars:
        return Reject(name, n, _too_long(f"{len(text):,} characters", max_chars), _excerpt(line))
    doc_date = row.get("date")
    if doc_date is None:
        doc_date = date
    elif not is_day(doc_date):
        return Reject(name, n, f'"date" {json.dumps(doc_date)} is not YYYY-MM-DD; write it like "2024-07-03" or null',
                      _excerpt(line))
    elif problem := _news_problem(doc_date):
        return Reject(name, n, f'"date" {json.dumps(doc_date)}: {problem}', _excerpt(line))
    doc_id = row.get("id")
    doc_id = f"{stem}-{n}" if doc_id is None or doc_id == "" else str(doc_id)
    return Document(
        id=doc_id, text=text, date=doc_date,
        url=_optional_str(row.get("url")), title=_optional_str(row.get("title")), source=_optional_str(row.get("source")),
        meta={k: v for k, v in row.items() if k not in KNOWN_FIELDS},
        origin=f"{name}:{n}",
    )


def _news_problem(day: str) -> str | None:
    """Gives why a real calendar day cannot date an article (see tidings.days), None when it can."""
    return news_day_problem(parse_day(day))


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


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _excerpt(text: str, width: int = 60) -> str:
    """Gives the first `width` characters of `text` on one line."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
