"""The event store's tables, their versions, and the one way rows get in.

DuckDB, embedded, one file. Three tables of record (documents, events, rejects); the pledges of the events and their links
(pledge_tables.py); `configs`, the
coder configurations the documents were coded with; `meta`, which holds the schema version; one
view, `dated_events`, the events with the two rules every question counts by (DATED_EVENTS); and
`clusters`, one row per happening summing its reports (CLUSTERS), kept by the writers
(summary.py) so that questions over a million events need not group them all.
`migrate()` brings any older file up to SCHEMA_VERSION, one numbered step at a time, inside a
transaction; a file from a newer Tidings is refused rather than guessed at.

Events are stored flattened (the columns of `tidings.output.flatten`, typed) for queries, with the
whole record as JSON beside them so nothing of the schema's record is lost, and with `cluster_id`,
the happening they report (see clusters.py).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from tidings.documents import Document, Reject
from tidings.output import flatten, schema_columns
from tidings.store import waiting_writer
from tidings.store.pledge_tables import PLEDGE_INDEXES, PLEDGE_LINKS_SQL, PLEDGES_SQL

SCHEMA_VERSION = 6
DEFAULT_PATH = "tidings.duckdb"
WRITER_MEMORY = "64MB"  # DuckDB's memory cap on a writing connection
WRITER_WAIT_SECONDS = 10.0  # how long a writer waits for the readers holding the store to let go
WRITER_RETRY_SECONDS = 0.1

EVENT_TYPES: dict[str, str] = {
    "id": "VARCHAR PRIMARY KEY", "doc_id": "VARCHAR NOT NULL", "doc_date": "DATE", "date": "DATE",
    "date_precision": "VARCHAR", "sentence_index": "INTEGER", "sentence_start": "INTEGER",
    "sentence_end": "INTEGER", "sentence_text": "VARCHAR", "trigger_start": "INTEGER", "trigger_end": "INTEGER",
    "trigger_text": "VARCHAR", "event": "VARCHAR", "mode": "VARCHAR", "cameo": "VARCHAR", "quad": "TINYINT",
    "goldstein": "DOUBLE", "source_text": "VARCHAR", "source_name": "VARCHAR", "source_code": "VARCHAR",
    "source_sector": "VARCHAR", "target_text": "VARCHAR", "target_name": "VARCHAR", "target_code": "VARCHAR",
    "target_sector": "VARCHAR", "location_text": "VARCHAR", "location_code": "VARCHAR", "location_lat": "DOUBLE",
    "location_lon": "DOUBLE", "intent": "BOOLEAN", "negated": "BOOLEAN", "confidence": "DOUBLE",
}
EVENT_COLUMNS = schema_columns() + ["cluster_id", "record"]
DOCUMENT_COLUMNS = ("doc_id", "url", "title", "source", "date", "text_hash", "chars", "origin", "meta",
                    "ingested_at", "coder_version")  # document_row's order

# The events as every question reads them, with two columns of their own, each rule written here once:
# - `day`: the day the event happened, its own date, else its article's when the text gave none
#   (the rule of tidings.days.event_day, in SQL);
# - `unit`: the happening it reports, its cluster, or itself while it has none.
# DuckDB checks a view's columns against the ones it was made with: a migration that changes the
# events table makes this view again.
DATED_EVENTS = "dated_events"
DATED_EVENTS_SQL = (f"CREATE OR REPLACE VIEW {DATED_EVENTS} AS "
                    "SELECT *, coalesce(date, doc_date) AS day, coalesce(cluster_id, id) AS unit FROM events")

# Which reports count in a tally (dyads, series, charts, the dashboard): those with a day, since a
# count belongs to a period, and not negated, since the text says it did not happen. The rule's one
# home; every tally says how many it left out (queries.left_out). Over alias `e` of DATED_EVENTS.
COUNTED = "e.day IS NOT NULL AND NOT coalesce(e.negated, FALSE)"

# A publisher: the document's `source`, else its URL's host (without www.), else the document itself.
# One rule for who published a report, shared by clustering, the summary, the questions and exports.
PUBLISHER_SQL = ("coalesce(nullif(trim(d.source), ''), "
                 "nullif(regexp_replace(lower(regexp_extract(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1)), "
                 "'^www\\.', ''), ''), e.doc_id)")

# One row per happening (`unit` of DATED_EVENTS): what the questions read instead of grouping every
# event. Its dyad and type are those of all its reports, as clusters.py's rule keys a cluster on them
# (an unclustered event is a happening of its own). `first_*` is its first report, as the lists
# order reports (earliest day, undated last, then document, sentence and id); `mentions`,
# `articles`, `sources` count its reports, documents and publishers; `series_*` is what a chart
# counts of it: the day of its first report that COUNTED counts, their most frequent
# quad and mean Goldstein value (NULL day: it is not charted); `reports_dated` how many reports
# have a day, so that a question bounded by days knows the happening lies wholly inside them;
# `reports` the ids of its reports, first report first, to read them by their ids.
CLUSTERS = "clusters"
CLUSTERS_TABLE_SQL = f"""CREATE TABLE IF NOT EXISTS {CLUSTERS} (
    unit VARCHAR NOT NULL, source_code VARCHAR, target_code VARCHAR, event VARCHAR,
    first_id VARCHAR NOT NULL, first_day DATE, first_doc_date DATE, first_doc_id VARCHAR NOT NULL,
    first_sentence INTEGER, last_day DATE, reports_dated INTEGER NOT NULL,
    mentions INTEGER NOT NULL, articles INTEGER NOT NULL, sources INTEGER NOT NULL,
    series_day DATE, series_last_day DATE, quad TINYINT, goldstein DOUBLE, reports VARCHAR[] NOT NULL)"""


def cluster_rows_sql(units: str = "TRUE") -> str:
    """Gives SQL for the rows of CLUSTERS, in its column order, of the happenings whose `unit`
    satisfies `units` (a condition over alias `e`, the events of DATED_EVENTS)."""
    return f"""
        WITH f AS (
            SELECT e.unit, any_value(e.source_code) AS source_code, any_value(e.target_code) AS target_code,
                   any_value(e.event) AS event,
                   arg_min(struct_pack(id := e.id, day := e.day, doc_date := e.doc_date, doc_id := e.doc_id,
                                       sentence := e.sentence_index),
                           struct_pack(d := coalesce(e.day, DATE '9999-12-31'), doc := e.doc_id,
                                       s := coalesce(e.sentence_index, 2147483647), i := e.id)) AS first,
                   max(e.day) AS last_day, count(e.day) AS reports_dated,
                   count(*) AS mentions, count(DISTINCT e.doc_id) AS articles,
                   count(DISTINCT {PUBLISHER_SQL}) AS sources,
                   min(e.day) FILTER (WHERE {COUNTED}) AS series_day,
                   max(e.day) FILTER (WHERE {COUNTED}) AS series_last_day,
                   mode(e.quad) FILTER (WHERE {COUNTED}) AS quad,
                   avg(e.goldstein) FILTER (WHERE {COUNTED}) AS goldstein,
                   list(e.id ORDER BY e.day NULLS LAST, e.doc_id, e.sentence_index, e.id) AS reports
            FROM {DATED_EVENTS} e LEFT JOIN documents d ON d.doc_id = e.doc_id
            WHERE {units}
            GROUP BY e.unit)
        SELECT unit, source_code, target_code, event, first.id, first.day, first.doc_date, first.doc_id,
               first.sentence, last_day, reports_dated, mentions, articles, sources, series_day,
               series_last_day, quad, goldstein, reports
        FROM f"""


FILL_SLICE = 20_000  # events grouped at a time when the table is filled whole: 50,000 did not fit in 64 MB


def fill_clusters(con: duckdb.DuckDBPyConnection) -> None:
    """Fills CLUSTERS from every stored event, a slice of happenings at a time: grouping a million
    events at once needs more memory than a writer's cap (WRITER_MEMORY)."""
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    slices = events // FILL_SLICE + 1
    for part in range(slices):
        con.execute(f"INSERT INTO {CLUSTERS} {cluster_rows_sql(f'hash(e.unit) % {slices} = {part}')}")


MIGRATIONS: dict[int, list[str | Callable[[duckdb.DuckDBPyConnection], None]]] = {
    1: [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE IF NOT EXISTS documents (
            doc_id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, source VARCHAR, date DATE,
            text_hash VARCHAR NOT NULL, chars INTEGER, origin VARCHAR, meta JSON,
            ingested_at TIMESTAMP NOT NULL, coder_version VARCHAR NOT NULL)""",
        "CREATE TABLE IF NOT EXISTS events ("
        + ", ".join(f"{name} {EVENT_TYPES[name]}" for name in schema_columns())
        + ", cluster_id VARCHAR, record JSON NOT NULL)",
        "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id)",
        """CREATE TABLE IF NOT EXISTS rejects (
            file VARCHAR NOT NULL, line INTEGER, reason VARCHAR NOT NULL, excerpt VARCHAR,
            rejected_at TIMESTAMP NOT NULL)""",
    ],
    2: [DATED_EVENTS_SQL],
    # the configurations that coded the stored documents: their version (documents.coder_version)
    # and the JSON of tidings.config.CoderConfig.to_dict()
    3: ["""CREATE TABLE IF NOT EXISTS configs (
            version VARCHAR PRIMARY KEY, config JSON NOT NULL, stored_at TIMESTAMP NOT NULL)"""],
    # one row per happening, filled from the events the store holds
    4: [CLUSTERS_TABLE_SQL, fill_clusters],
    # a happening's row read by its unit (an event's page, a page's counts) without a scan of them all:
    # 10 ms against 2 at a million events
    5: ["CREATE INDEX IF NOT EXISTS clusters_unit ON clusters (unit)"],
    # pledges and what became of them (pledge_tables.py), filled from the records the store holds
    6: [PLEDGES_SQL, PLEDGE_LINKS_SQL, *PLEDGE_INDEXES, lambda con: _fill_pledges(con)],
}


def _fill_pledges(con: duckdb.DuckDBPyConnection) -> None:
    from tidings.store.pledge_rows import fill_pledges   # it writes through this module's tables

    fill_pledges(con)


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says why and what to do.

    `locked` is True when another process holds DuckDB's write lock: worth waiting for, unlike the rest.
    """

    def __init__(self, message: str, locked: bool = False):
        super().__init__(message)
        self.locked = locked


def no_store(file: Path) -> StoreError:
    """Gives the error for reading a store file that does not exist yet."""
    return StoreError(f"{file}: no store here yet; run `tidings ingest PATH... --db {file}` first")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """Gives the store file: `path`, else $TIDINGS_DB, else ./tidings.duckdb."""
    return Path(path or os.environ.get("TIDINGS_DB") or DEFAULT_PATH)


def connect(path: str | os.PathLike | None = None, read_only: bool = False,
            config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """Gives a connection to the store, created and migrated if it is new (writers only); `config`
    holds DuckDB settings applied as it opens (read_only.sql_config's, for SQL typed by hand).

    DuckDB lets one process write a file, or several read it, not both: a reader while an ingest runs
    gets a StoreError saying so; a writer while others hold it asks them to let go and waits for
    them, WRITER_WAIT_SECONDS at most (waiting_writer.py).
    """
    file = db_path(path)
    if read_only and not file.exists():
        raise no_store(file)
    try:
        con = _opened(file, read_only, config or {})
    except StoreError as e:
        if read_only or not e.locked:
            raise
        con = _waited_for(file, config or {})
    if not read_only:
        # DuckDB's buffer pool grows toward 80% of RAM as the store grows: it keeps every block a
        # statement read, and clustering reads the events' key columns. A writer that streams a corpus
        # needs little of it, so it is capped (TIDINGS_DB_MEMORY overrides). Over 100,000 documents
        # the highest peak was 624 MB with a 256 MB cap, 467 MB with 64 MB (benchmarks/README.md).
        con.execute(f"SET memory_limit = '{writer_memory()}'")
        migrate(con)
    else:
        version = schema_version(con)
        if version != SCHEMA_VERSION:
            raise StoreError(f"{file}: store schema version {version}, this Tidings reads {SCHEMA_VERSION}; "
                             f"open it once for writing (e.g. `tidings ingest` with no new files) to migrate")
    return con


def _opened(file: Path, read_only: bool, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """Gives duckdb.connect's connection; raises StoreError (`locked` when another process holds the file)."""
    try:
        return duckdb.connect(str(file), read_only=read_only, config=config)
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise StoreError(f"{file}: another tidings process is writing to this store (DuckDB allows one "
                             f"writer and no readers meanwhile); try again when it has finished", locked=True) from None
        raise StoreError(f"{file}: cannot open the store: {str(e).splitlines()[0]}") from None
    except duckdb.ConnectionException as e:
        if "different configuration" in str(e):   # this process holds it, read-only (or the reverse)
            raise StoreError(f"{file}: the store is open in this process for reading while a writer asks for it "
                             f"(or the reverse); close the one before opening the other", locked=True) from None
        raise StoreError(f"{file}: cannot open the store: {str(e).splitlines()[0]}") from None


def _waited_for(file: Path, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """Gives a writing connection once the processes holding `file` let go, asking readers that keep it
    open (the dashboard) to close it (waiting_writer.py); raises the locked StoreError after
    WRITER_WAIT_SECONDS, when it is held by another writer or by a reader that does not listen."""
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    with waiting_writer.waiting(file):
        while True:
            time.sleep(WRITER_RETRY_SECONDS)
            try:
                return _opened(file, False, config)
            except StoreError as e:
                if not e.locked or time.monotonic() >= deadline:
                    raise


def writer_memory() -> str:
    """Gives DuckDB's memory cap for a writing connection: $TIDINGS_DB_MEMORY, else WRITER_MEMORY."""
    value = os.environ.get("TIDINGS_DB_MEMORY", WRITER_MEMORY).strip()
    if not value.replace(".", "").rstrip("KMGTBkmgtib").isdigit():
        raise StoreError(f"TIDINGS_DB_MEMORY={value!r}: give a size such as 256MB or 1GB")
    return value


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Gives the schema version of an open store (0 for an empty file)."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Brings the store up to SCHEMA_VERSION, step by step; gives the version it is at."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(f"store schema version {version} is newer than this Tidings ({SCHEMA_VERSION}): upgrade Tidings")
    for step in range(version + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in MIGRATIONS[step]:
                if callable(statement):
                    statement(con)
                else:
                    con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(step)])
            con.execute("COMMIT")
        except Exception:
            rollback(con)
            raise
    return SCHEMA_VERSION


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Rolls back the open transaction, if there is one still, and never raises.

    Called on the way out of a failure: after a COMMIT that failed (a full disk) DuckDB has no
    transaction left, and the ROLLBACK's own error ("no transaction is active") would hide the one
    the user needs to see.
    """
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def text_hash(text: str) -> str:
    """Gives the hash that says whether a document's text changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_rows(records: Iterable[dict[str, Any]]) -> list[tuple]:
    """Gives event records (schema dicts) as rows in EVENT_COLUMNS order, cluster_id left empty."""
    rows = []
    for record in records:
        flat = flatten(record)
        rows.append(tuple(flat.get(c) for c in schema_columns()) + (None, json.dumps(record, ensure_ascii=False)))
    return rows


def document_row(doc: Document, coder_version: str, now: datetime.datetime) -> tuple:
    """Gives a document as a row of the documents table."""
    return (doc.id, doc.url, doc.title, doc.source, doc.date, text_hash(doc.text), len(doc.text), doc.origin,
            json.dumps(doc.meta, ensure_ascii=False) if doc.meta else None, now, coder_version)


def reject_row(reject: Reject, now: datetime.datetime) -> tuple:
    """Gives a reject as a row of the rejects table."""
    return (reject.file, reject.line, reject.reason, (reject.excerpt or "")[:500], now)


def write_document(con: duckdb.DuckDBPyConnection, doc: Document, records: Sequence[dict[str, Any]],
                   coder_version: str) -> None:
    """Stores one coded document and its events in place of what the store had for its id.

    Not a transaction of its own: the caller groups documents into one (see ingest.py), so a batch
    lands whole or not at all. The `clusters` table follows (its events are happenings of their own
    until clusters.assign_clusters says otherwise).
    """
    from tidings.store import summary   # it reads this module's tables: imported here, not above

    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    summary.mark_documents(con, [doc.id])
    con.execute("DELETE FROM events WHERE doc_id = ?", [doc.id])
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc.id])
    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", document_row(doc, coder_version, now))
    rows = event_rows(records)
    if rows:
        placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
        con.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})", rows)
    summary.mark_documents(con, [doc.id])
    summary.refresh(con)
    from tidings.store.pledge_rows import store_pledges   # it reads this module's tables too
    store_pledges(con, [doc.id], records)


def write_reject(con: duckdb.DuckDBPyConnection, reject: Reject) -> None:
    """Stores a reject with its reason."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    con.execute("INSERT INTO rejects VALUES (?, ?, ?, ?, ?)", reject_row(reject, now))
