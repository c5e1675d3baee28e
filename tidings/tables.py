"""Rows of the store as plain records and as a terminal table: what the commands and the dashboard share.

A DataFrame's cells become plain JSON-ready values (`plain`, `frame_records`); any rows can be drawn
as an aligned table (`write_table`), and flat event rows as the shared event table of
tidings.output (`write_event_table`).
"""
from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from typing import Any, TextIO

import numpy as np
import pandas as pd

from tidings.output import NESTED, write_records

CELL_WIDTH = 40  # widest a cell of the generic table gets


def frame_records(frame: pd.DataFrame) -> Iterator[dict]:
    """Gives each row of `frame` as a dict of plain JSON-ready values (dates as YYYY-MM-DD, nulls as None)."""
    columns = [str(c) for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        yield {c: plain(v) for c, v in zip(columns, row)}


def plain(value: Any) -> Any:
    """Gives a DataFrame cell as a plain Python value: NaN/NaT/NA as None, numpy scalars unboxed."""
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def write_table(records: list[dict], out: TextIO) -> int:
    """Gives the number of rows written as an aligned table, numbers to the right, long cells cut."""
    if not records:
        out.write("(no rows)\n")
        return 0
    columns = list(records[0])
    cells = [[_table_cell(r.get(c)) for c in columns] for r in records]
    numeric = [all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in records) for c in columns]
    widths = [min(CELL_WIDTH, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        fitted = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths)]
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(fitted, widths, numeric)).rstrip()

    out.write(line(columns) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    return len(records)


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return " ".join(str(value).split())


def write_event_table(records: list[dict], out: TextIO) -> int:
    """Gives the number of events drawn in the shared event table (date, source, event, target, sentence)."""
    return write_records((_nested(r) for r in records), "table", out)


def _nested(flat: dict) -> dict:
    """Gives a flat event row back its nested fields (`source_code` → `source.code`) for the event table."""
    record = {k: v for k, v in flat.items() if not any(k.startswith(f"{n}_") for n in NESTED)}
    for name, parts in NESTED.items():
        values = {p: flat.get(f"{name}_{p}") for p in parts}
        record[name] = values if any(v is not None for v in values.values()) else None
    return record
