"""Event records out: JSON Lines, CSV, TSV or a terminal table."""
from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from tidings.days import event_day

FORMATS = ("jsonl", "csv", "tsv", "table")
TABLE_WIDTH = 120

# Nested schema fields and their parts: every part gets a column even when the field is null,
# so that all rows of a CSV have the same columns.
NESTED: dict[str, tuple[str, ...]] = {
    "sentence": ("index", "start", "end", "text"),
    "trigger": ("start", "end", "text"),
    "source": ("text", "name", "code", "sector"),
    "target": ("text", "name", "code", "sector"),
    "location": ("text", "code", "lat", "lon"),
}
SCHEMA_FIELDS = ("id", "doc_id", "doc_date", "date", "date_precision", "sentence", "trigger", "event", "mode",
                 "cameo", "quad", "goldstein", "source", "target", "location", "intent", "negated", "confidence")


def flatten(record: dict) -> dict:
    """Gives the record as flat columns (`source_code`, `sentence_text`, ...) in record order."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key in NESTED:
            parts = value or {}
            for part in NESTED[key]:
                flat[f"{key}_{part}"] = parts.get(part)
            for part, v in parts.items():
                if part not in NESTED[key]:
                    flat[f"{key}_{part}"] = _scalar(v)
        elif isinstance(value, dict):
            for part, v in value.items():
                flat[f"{key}_{part}"] = _scalar(v)
        else:
            flat[key] = _scalar(value)
    return flat


def schema_columns() -> list[str]:
    """Gives the flat column names of a schema record, in schema order."""
    return list(flatten({name: None for name in SCHEMA_FIELDS}))


def write_records(records: Iterable[dict], fmt: str, out: TextIO, columns: Sequence[str] | None = None) -> int:
    """Gives the number of records written to `out` in format `fmt` (one of FORMATS).

    `columns` is the CSV/TSV header when there is no record to take it from; by default the event
    schema's (`schema_columns`).
    """
    writers: dict[str, Callable[[Iterable[dict], TextIO], int]] = {
        "jsonl": _write_jsonl, "table": _write_table,
        "csv": lambda rows, out: _write_delimited(rows, lambda cells: out.write(csv_line(cells)), columns),
        "tsv": lambda rows, out: _write_delimited(rows, lambda cells: out.write(_tsv_line(cells)), columns),
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](records, out)


def _write_jsonl(records: Iterable[dict], out: TextIO) -> int:
    n = 0
    for n, record in enumerate(records, 1):
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return n


def csv_line(cells: Sequence[str]) -> str:
    """Gives one CSV row ending in `\\n`, RFC 4180 quoting: a cell with a comma, a quote, or any line
    break, a bare CR included, is quoted (Python's csv module leaves a CR bare unless rows end in CRLF,
    and a reader then splits the row there)."""
    if len(cells) == 1 and not cells[0]:
        return '""\n'  # a row of one empty cell, not a blank line
    return ",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if _CSV_SPECIAL.search(c) else c for c in cells) + "\n"


_CSV_SPECIAL = re.compile('[,"\r\n]')


def _tsv_line(cells: Sequence[str]) -> str:
    # Plain TSV has no quoting: tabs and line breaks inside a value become spaces.
    return "\t".join(" ".join(v.split("\t")).replace("\r", " ").replace("\n", " ") for v in cells) + "\n"


def _write_delimited(records: Iterable[dict], write_row: Callable[[list[str]], Any],
                     header: Sequence[str] | None = None) -> int:
    """Gives the number of rows written: a header from the first record (or `header`, else the schema's
    when there is none), then one row each."""
    n = 0
    columns: list[str] | None = None
    for n, record in enumerate(records, 1):
        flat = flatten(record)
        if columns is None:
            columns = list(flat)
            write_row(columns)
        write_row([csv_cell(flat.get(c)) for c in columns])
    if columns is None:
        write_row(list(header) if header is not None else schema_columns())
    return n


def csv_cell(value: Any) -> str:
    """Gives a value as CSV text: empty for null, JSON spelling for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scalar(value: Any) -> Any:
    """Gives a value fit for one cell: lists and objects as compact JSON."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


# --- the terminal table ---------------------------------------------------------------------------

# (header, widest the column may get)
_TABLE_COLUMNS = (("date", 10), ("source", 24), ("event", 9), ("cameo", 5), ("target", 24), ("flags", 7))


def _write_table(records: Iterable[dict], out: TextIO) -> int:
    # Column widths depend on every row, so the table is the one format that buffers.
    rows = [_table_row(r) for r in records]
    widths = [min(cap, max([len(h)] + [len(cells[i]) for cells, _ in rows]))
              for i, (h, cap) in enumerate(_TABLE_COLUMNS)]
    sentence_width = max(30, TABLE_WIDTH - sum(widths) - 2 * len(widths))
    out.write(_table_line([h for h, _ in _TABLE_COLUMNS] + ["sentence"], widths) + "\n")
    out.write(_table_line(["-" * w for w in widths] + ["-" * sentence_width], widths) + "\n")
    for cells, (sentence, at) in rows:
        out.write(_table_line(cells + [_shorten_sentence(sentence, at, sentence_width)], widths) + "\n")
    return len(rows)


def _table_row(record: dict) -> tuple[list[str], tuple[str, int | None]]:
    """Gives the table cells of one record, and its sentence with the trigger's offset in it."""
    flags = ",".join(name for name, on in (("int", record.get("intent")), ("neg", record.get("negated"))) if on)
    sentence = record.get("sentence") or {}
    trigger = record.get("trigger") or {}
    at = None
    if isinstance(trigger.get("start"), int) and isinstance(sentence.get("start"), int):
        at = trigger["start"] - sentence["start"]
    cells = [
        _date_cell(record),
        _actor_cell(record.get("source")),
        record.get("event") or "",
        record.get("cameo") or "",
        _actor_cell(record.get("target")),
        flags,
    ]
    return [str(c) for c in cells], (sentence.get("text") or "", at)


def date_as_given(date: object, precision: str | None) -> str | None:
    """Gives an event's date as precise as the text gave it (`2024`, `2024-07`, `2024-07-03`), None for
    none: the record stores a year as its first day, which a reader would take for a day."""
    if not date:
        return None
    date = str(date)
    return {"year": date[:4], "month": date[:7]}.get(precision or "", date)


def _date_cell(record: dict) -> str:
    """Gives the day the event happened, as precise as the text gave it."""
    day = event_day(date_as_given(record.get("date"), record.get("date_precision")), record.get("doc_date"))
    return str(day or "")


def _actor_cell(actor: dict | None) -> str:
    """Gives `CODE mention` for an actor, `-` for none."""
    if not actor:
        return "-"
    return " ".join(p for p in (actor.get("code") or "-", " ".join((actor.get("text") or "").split())) if p)


def _table_line(cells: list[str], widths: list[int]) -> str:
    """Gives one table line: fixed-width cells, the last one (the sentence) as it is."""
    fitted = [_fit(c, w).ljust(w) for c, w in zip(cells, widths)] + cells[len(widths):]
    return "  ".join(fitted).rstrip()


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shorten_sentence(text: str, at: int | None, width: int) -> str:
    """Gives the sentence on one line in `width` characters, keeping the trigger at `at` in view."""
    # Replace whitespace one for one so that `at` still points at the trigger.
    text = text.translate({ord(c): " " for c in "\t\r\n"})
    if len(text) <= width:
        return text
    if at is None or at < width * 2 // 3:
        return text[: width - 1] + "…"
    start = min(at - width // 3, len(text) - (width - 1))  # the trigger a third of the way in
    if start + width - 1 >= len(text):
        return "…" + text[start + 1:]
    return "…" + text[start + 1: start + width - 2] + "…"


@contextlib.contextmanager
def open_output(path: str) -> Iterator[TextIO]:
    """Gives a text stream for `path`, standard output for `-`; raises OSError when it cannot be opened."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        yield f
