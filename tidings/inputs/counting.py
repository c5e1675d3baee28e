"""How many inputs PATH... hold, for a progress bar's total: read once more, cheaply, before coding."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from tidings.documents import Reject, folder_inputs
from tidings.inputs.streams import STREAM_ERRORS, input_kind, open_input


def count_inputs(paths: Sequence[str]) -> int | None:
    """Gives how many inputs PATH... hold (a line of JSONL, a row of a table, a file otherwise); None
    for standard input, which can be read only once."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        for f in folder_inputs(p) if p.is_dir() else [p]:
            total += 1 if isinstance(f, Reject) else _count_file(f)
    return total


def _count_file(path: Path) -> int:
    """Gives the inputs one file holds; 1 for a file that cannot be counted (its reject is one input)."""
    kind, compression = input_kind(path)
    try:
        if kind == "parquet" and compression is None:
            import pyarrow.parquet as pq

            return max(pq.ParquetFile(path).metadata.num_rows, 1)
        if kind not in ("jsonl", "csv", "tsv"):
            return 1
        with open_input(path, compression) as f:
            if kind == "jsonl":
                return max(sum(1 for line in f if line.strip()), 1)
            text = io.TextIOWrapper(f, encoding="utf-8", errors="replace", newline="")
            rows = sum(1 for cells in csv.reader(text, delimiter="," if kind == "csv" else "\t") if cells)
            return max(rows - 1, 1)  # the header is no input
    except (csv.Error, ValueError, *STREAM_ERRORS):
        return 1
    except Exception:  # noqa: BLE001 - a count is only a bar's total: never worth failing the run over
        return 1
