"""The store's schema: migrations from older files, and the `dated_events` view the questions read."""
from __future__ import annotations

import datetime

import duckdb
import pytest

from tidings.documents import Document
from tidings.store import schema
from tidings.store.schema import StoreError


def version_1_store(path) -> None:
    """Writes a store as Tidings wrote it at schema version 1, with one dated and one undated event."""
    con = duckdb.connect(str(path))
    for statement in schema.MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    doc = Document(id="harbour", text="A ferry line between two ports opened.", date="2023-11-20")
    records = [{"id": event_id, "doc_id": "harbour", "doc_date": "2023-11-20", "date": date, "event": "COOPERATE"}
               for event_id, date in (("e_dated", "2023-11-18"), ("e_undated", None))]
    # rows as version 1 held them, written by hand: today's writers keep tables it did not have
    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                schema.document_row(doc, "tidings 0.1.0", datetime.datetime(2023, 11, 21)))
    con.executemany(f"INSERT INTO events ({', '.join(schema.EVENT_COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in schema.EVENT_COLUMNS)})", schema.event_rows(records))
    con.close()


def test_an_older_store_is_migrated_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.duckdb"
    version_1_store(path)
    with pytest.raises(StoreError, match="store schema version 1, this Tidings reads"):
        schema.connect(path, read_only=True)
    con = schema.connect(path)
    assert schema.schema_version(con) == schema.SCHEMA_VERSION
    con.close()
    con = schema.connect(path, read_only=True)
    rows = con.execute(f"SELECT id, day, unit FROM {schema.DATED_EVENTS} ORDER BY id").fetchall()
    con.close()
    # the undated event takes its article's day; an event with no cluster is its own
    assert [(i, str(d), u) for i, d, u in rows] == [("e_dated", "2023-11-18", "e_dated"),
                                                     ("e_undated", "2023-11-20", "e_undated")]


def test_the_view_follows_the_events_table(tmp_path):
    con = schema.connect(tmp_path / "new.duckdb")
    doc = Document(id="d", text="Two mayors met.", date="2022-02-02")
    schema.write_document(con, doc, [{"id": "e1", "doc_id": "d", "doc_date": "2022-02-02", "date": None}], "t")
    con.execute("UPDATE events SET cluster_id = 'c_x'")
    assert con.execute(f"SELECT unit, day::VARCHAR FROM {schema.DATED_EVENTS}").fetchall() == [("c_x", "2022-02-02")]
    con.close()
