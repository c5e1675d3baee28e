"""Writing a coded batch: rejects, documents and their events, clusters, in one transaction.

The pipeline (tidings.pipeline) reads, plans and codes; what it hands over is plain data: the
rejects to keep, and per document its event records and whether it replaces a stored one. Why
several documents a statement: DuckDB plans every statement anew, and one INSERT per event would
cost more than coding it.
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from tidings.documents import Document, Reject, origin
from tidings.store import clusters, pledge_rows, schema, summary
from tidings.store.schema import StoreError

# One coded document on its way in: the document, its event records, and whether it replaces a stored one.
Coded = tuple[Document, Sequence[dict], bool]


def write_batch(con: duckdb.DuckDBPyConnection, rejects: Sequence[Reject], done: Sequence[Coded],
                coder_version: str, config_json: str | None = None) -> None:
    """Stores rejects and coded documents in one transaction, and re-clusters what they touched.

    `coder_version` is recorded with each document; `config_json`, the configuration it stands for
    (the JSON of CoderConfig.to_dict), is kept once per version in `configs`.

    A transaction DuckDB has no memory for is rolled back and told as a StoreError naming the
    setting to raise; any other failure of DuckDB's (a full disk) as a StoreError with DuckDB's own
    first line; anything else rolls back and is raised as it is.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        for reject in rejects:
            store_reject(con, reject)
        if done and config_json is not None:
            save_config(con, coder_version, config_json)
        # Clusters that lose members must be recomputed: mark them before the members go.
        clusters.release(con, [doc.id for doc, _, replacing in done if replacing])
        write_documents(con, [(doc, records) for doc, records, _ in done], coder_version)
        clear_rejects(con, [doc for doc, _, _ in done])
        clusters.assign_clusters(con, [doc.id for doc, _, _ in done])
        con.execute("COMMIT")
    except duckdb.OutOfMemoryException:
        schema.rollback(con)
        raise StoreError(f"DuckDB needed more memory than its cap for writing "
                         f"(TIDINGS_DB_MEMORY={schema.writer_memory()}); set TIDINGS_DB_MEMORY higher, "
                         f"e.g. 256MB, and run the same command again") from None
    except duckdb.Error as e:
        schema.rollback(con)
        detail = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise StoreError(f"could not write the store ({detail}); this batch is not stored, the ones before "
                         f"are: run the same command again once that is fixed") from e
    except BaseException:
        schema.rollback(con)
        raise


def save_config(con: duckdb.DuckDBPyConnection, coder_version: str, config_json: str) -> None:
    """Keeps the configuration of `coder_version`, unless the store has it already.

    A version is a digest of what the configuration reads, not of its paths: the same tables moved
    elsewhere are the same version, and the first configuration stored for it stays.
    """
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    con.execute("INSERT INTO configs VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [coder_version, config_json, now])


def write_documents(con: duckdb.DuckDBPyConnection, coded: Sequence[tuple[Document, Sequence[dict]]],
                    coder_version: str) -> None:
    """Stores coded documents and their events in place of what the store had for their ids.

    What `schema.write_document` does for one document, for many in a few statements, with
    schema.py's own rows (`document_row`, `event_rows`). Not a transaction of its own.
    """
    if not coded:
        return
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    last = {doc.id: i for i, (doc, _) in enumerate(coded)}  # an id twice: the later text wins
    kept = [(doc, recs) for i, (doc, recs) in enumerate(coded) if last[doc.id] == i]
    ids = [doc.id for doc, _ in kept]
    summary.mark_documents(con, ids)   # the happenings their old events leave (assign_clusters refreshes)
    con.execute("DELETE FROM events WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    con.execute("DELETE FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    _insert(con, "documents", schema.DOCUMENT_COLUMNS,
            [schema.document_row(doc, coder_version, now) for doc, _ in kept])
    _insert(con, "events", schema.EVENT_COLUMNS, schema.event_rows(r for _, recs in kept for r in recs))
    pledge_rows.store_pledges(con, ids, (r for _, recs in kept for r in recs))


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Appends `rows` (tuples in `columns` order) to `table` in one statement, through Arrow."""
    if not rows:
        return
    data = pa.table({name: pa.array(list(values)) for name, values in zip(columns, zip(*rows))})
    con.register("tidings_ingest_rows", data)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM tidings_ingest_rows")
    finally:
        clusters.unregister(con, "tidings_ingest_rows")


def store_reject(con: duckdb.DuckDBPyConnection, reject: Reject) -> bool:
    """Gives True after storing `reject`, False when the same file, line and reason is stored already."""
    seen = con.execute("SELECT count(*) FROM rejects WHERE file = ? AND line IS NOT DISTINCT FROM ? AND reason = ?",
                       [reject.file, reject.line, reject.reason]).fetchone()[0]
    if seen:
        return False
    schema.write_reject(con, reject)
    return True


def clear_rejects(con: duckdb.DuckDBPyConnection, docs: Sequence[Document]) -> None:
    """Drops the stored rejects of the inputs `docs` stand for: they read and code fine now.

    An article's file loses all its rejects; a JSONL line loses its own and those said of its file
    as a whole (empty, binary).
    """
    if not docs:
        return
    files, lines = zip(*(origin(doc) for doc in docs))
    con.execute("""
        DELETE FROM rejects USING (SELECT unnest(?::VARCHAR[]) AS file, unnest(?::INTEGER[]) AS line) AS stored
        WHERE rejects.file = stored.file
          AND (stored.line IS NULL OR rejects.line IS NULL OR rejects.line = stored.line)""", [list(files), list(lines)])
