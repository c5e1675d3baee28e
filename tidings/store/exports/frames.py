"""Stata `.dta` and Feather (Arrow IPC): the flat event columns, typed, for Stata, R and pandas.

Both are the CSV's columns, plus `day` (the event's day: its date, else its article's) so that a
reader need not restate that rule. Feather keeps DuckDB's types as Arrow writes them (dates as
date32, undated rows null). Stata has no booleans, no nulls in text and no dates of its own type:
flags are 0/1 bytes, missing text is "", days are Stata dates (%td) with missing ones `.`, and
`quad` is `quad_class` (Stata reserves the word).
"""
from __future__ import annotations

import warnings
from pathlib import Path

from tidings.store.exports.common import EVENTS_SQL, FLAT, ORDER, ExportError, Job
from tidings.store.exports.registry import ExportFormat, register

COLUMNS = [*FLAT, "day"]
_DATES = ("doc_date", "date", "day")
_FLAGS = ("intent", "negated")
_STATA_LABEL = "Tidings events"
STATA_NAMES = {"quad": "quad_class"}  # `quad` is a word Stata reserves


def _arrow(job: Job):
    """Gives the job's events as one Arrow table, noting their coder versions."""
    sql = f"SELECT {', '.join(COLUMNS)}, coder_version FROM ({EVENTS_SQL}) WHERE {job.where} ORDER BY {ORDER}"
    # con.sql() would avoid DuckDB's extra copy, but its relation holds the connection busy for the
    # sidecar's query after it: one copy of an export is the lesser cost, so its warning is hushed.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
        table = job.con.execute(sql, job.params).to_arrow_reader().read_all()
    job.versions |= {v for v in table.column("coder_version").to_pylist() if v}
    return table.drop_columns(["coder_version"])


def _file(job: Job, what: str) -> Path:
    if job.path == "-":
        raise ExportError(f"-o -: {what} is a binary file; give a file name")
    target = Path(job.path)
    if target.is_dir():
        raise ExportError(f"-o {job.path}: is a directory; give a file name")
    return target


def write_feather(job: Job) -> int:
    """Gives the number of reports written to the job's path as a Feather (Arrow IPC) file."""
    import pyarrow.feather as feather

    target = _file(job, "feather")
    table = _arrow(job)
    try:
        feather.write_feather(table, target)
    except OSError as e:
        raise ExportError(f"-o {job.path}: cannot write ({e.strerror or e})") from None
    return table.num_rows


def write_stata(job: Job) -> int:
    """Gives the number of reports written to the job's path as a Stata 15+ dataset (.dta, version 118)."""
    import pandas as pd

    target = _file(job, "dta")
    frame = _arrow(job).to_pandas()
    for name in _DATES:
        frame[name] = pd.to_datetime(frame[name])
    for name in _FLAGS:
        frame[name] = frame[name].fillna(False).astype("int8")
    texts = [c for c in frame.columns if c not in _DATES and pd.api.types.is_string_dtype(frame[c])]
    for name in texts:
        frame[name] = frame[name].fillna("").astype(object)
    long_text = [c for c in texts if frame[c].str.len().max() > 2045]  # Stata's str# ends there; strL goes on
    frame = frame.rename(columns=STATA_NAMES)
    try:
        frame.to_stata(target, write_index=False, version=118, data_label=_STATA_LABEL,
                       convert_dates={name: "td" for name in _DATES}, convert_strl=long_text)
    except OSError as e:
        raise ExportError(f"-o {job.path}: cannot write ({e.strerror or e})") from None
    return len(frame)


register(ExportFormat("dta", "Stata dataset (version 118, Stata 14+)", write_stata, order=6))
register(ExportFormat("feather", "Feather / Arrow IPC file (R arrow, pandas, Polars)", write_feather, order=7))
