"""Parquet: the flat event columns, typed, in one file `events.parquet` of a new folder.

Not Hive-partitioned (year=2024/month=7/...): undated events would need the null partition, and
pandas' default reader cannot join it to the others ("Cannot yet unify dictionaries with nulls"),
nor DuckDB a file outside the partitions. One file sorted by day, with `year` and `month` as
plain columns (null for an undated event), reads the same in pandas, Polars, DuckDB and Spark, and
its row-group statistics still let a reader skip the years it does not ask for.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from tidings.store.exports.common import EVENTS_SQL, FLAT, ORDER, ExportError, Job, sql_string
from tidings.store.exports.configs import PARQUET_KEY, configs_of
from tidings.store.exports.registry import ExportFormat, register


FILE_NAME = "events.parquet"


def write_parquet(job: Job) -> int:
    """Gives the number of reports written into the job's path, a new or empty folder."""
    if job.path == "-":
        raise ExportError("-o -: parquet is a directory of files; give a directory name")
    target = Path(job.path)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"-o {job.path}: already exists; give a new or empty directory (parquet writes a folder)")
    selected = f"SELECT * FROM ({EVENTS_SQL}) WHERE {job.where}"
    count = job.con.execute(f"SELECT count(*) FROM ({selected})", job.params).fetchone()[0]
    target.mkdir(parents=True, exist_ok=True)
    if count == 0:
        return 0  # an empty folder: there is no empty partition to write
    job.versions |= {v for (v,) in job.con.execute(
        f"SELECT DISTINCT coder_version FROM ({selected}) WHERE coder_version IS NOT NULL", job.params).fetchall()}
    configs = json.dumps(configs_of(job.con, job.versions), ensure_ascii=False, separators=(",", ":"))
    # year and month of the event's day (date, else article date); null for an event with neither
    sql = f"""COPY (SELECT {', '.join(FLAT)}, year(day)::INTEGER AS year, month(day)::INTEGER AS month
                    FROM ({selected}) ORDER BY {ORDER})
              TO '{sql_string(str(target / FILE_NAME))}' (FORMAT PARQUET,
                                               KV_METADATA {{{PARQUET_KEY}: '{sql_string(configs)}'}})"""
    try:
        job.con.execute(sql, job.params)
    except duckdb.IOException as e:
        raise ExportError(f"-o {job.path}: cannot write ({str(e).splitlines()[0]})") from None
    return count


register(ExportFormat("parquet", "a folder holding events.parquet (year and month columns)", write_parquet,
                     order=4))
