"""Parquet: the flat event columns, typed, as a Hive-partitioned folder (year=2024/month=7/...)."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from tidings.store.exports.common import EVENTS_SQL, FLAT, ORDER, ExportError, Job, sql_string
from tidings.store.exports.configs import PARQUET_KEY, configs_of
from tidings.store.exports.registry import ExportFormat, register


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
    # Partitioned by the event's day (date, else article date); an event with neither goes to the
    # Hive null partition, year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__.
    sql = f"""COPY (SELECT {', '.join(FLAT)}, year(day) AS year, month(day) AS month
                    FROM ({selected}) ORDER BY {ORDER})
              TO '{sql_string(str(target))}' (FORMAT PARQUET, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE,
                                               KV_METADATA {{{PARQUET_KEY}: '{sql_string(configs)}'}})"""
    try:
        job.con.execute(sql, job.params)
    except duckdb.IOException as e:
        raise ExportError(f"-o {job.path}: cannot write ({str(e).splitlines()[0]})") from None
    return count


register(ExportFormat("parquet", "a folder partitioned by year and month", write_parquet, order=4))
