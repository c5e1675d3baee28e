"""CSV: the flat event columns, as `tidings code --format csv` writes them, plus `cluster_id`."""
from __future__ import annotations

from typing import TextIO

from tidings.output import csv_cell, csv_line
from tidings.store.exports.common import EVENTS_SQL, FLAT, ORDER, Job, write_text
from tidings.store.exports.registry import ExportFormat, register


def write_csv(job: Job) -> int:
    """Gives the number of reports written to the job's path as CSV rows, after the header."""
    sql = f"SELECT {', '.join(FLAT)}, coder_version FROM ({EVENTS_SQL}) WHERE {job.where} ORDER BY {ORDER}"

    def write(out: TextIO) -> int:
        out.write(csv_line(FLAT))
        n = 0
        for n, row in enumerate(job.rows(sql), 1):
            out.write(csv_line([csv_cell(row[c]) for c in FLAT]))
        return n
    return write_text(job.path, write)


register(ExportFormat("csv", "flat event columns", write_csv, order=5))
