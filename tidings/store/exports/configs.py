"""The coder configurations written beside every export, so that its events can be coded again.

A file export `OUT` gets `OUT.config.json` beside it; a parquet folder gets `_config.json` inside
(a leading underscore: Spark, pyarrow and pandas skip it when they read the folder) and the same
list in each Parquet file's key-value metadata, under `tidings_configs`. Standard output has no
place beside it: the configurations are then in the store's `configs` table only.
"""
from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import duckdb

from tidings.store.exports.common import ExportError, Job

PARQUET_KEY = "tidings_configs"
FOLDER_FILE = "_config.json"


def configs_of(con: duckdb.DuckDBPyConnection, versions: set[str]) -> list[dict[str, Any]]:
    """Gives, per coder version, the configuration the store keeps for it (None for one coded before
    the store kept configurations), in version order."""
    rows = con.execute("SELECT version, config FROM configs WHERE version IN (SELECT unnest(?::VARCHAR[]))",
                       [sorted(versions)]).fetchall()
    kept = {version: json.loads(config) for version, config in rows}
    return [{"coder_version": v, "config": kept.get(v)} for v in sorted(versions)]


def sidecar(path: str) -> Path | None:
    """Gives where the configurations of an export to `path` go; None for standard output."""
    if path == "-":
        return None
    target = Path(path)
    return target / FOLDER_FILE if target.is_dir() else target.with_name(target.name + ".config.json")


def write_sidecar(job: Job, fmt: str, rows: int, since: datetime.date | str | None,
                  until: datetime.date | str | None) -> Path | None:
    """Writes what the export was (format, rows, days) and the configurations that coded its events;
    gives the file written, None for an export to standard output."""
    where = sidecar(job.path)
    if where is None:
        return None
    body = {"format": fmt, "rows": rows, "since": _day(since), "until": _day(until),
            "configs": configs_of(job.con, job.versions)}
    try:
        where.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as e:
        raise ExportError(f"-o {job.path}: cannot write {where.name} ({e.strerror or e})") from None
    return where


def _day(value: datetime.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else value
