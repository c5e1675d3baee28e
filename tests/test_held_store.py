"""The dashboard holds the store open between pages and lets go whenever a writer asks for it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tidings.documents import Document
from tidings.store import schema, waiting_writer
from tidings.web import held_store
from tidings.web.app import make_app
from tidings.web.held_store import HeldStore

WRITE_ONE = """
import sys
from tidings.documents import Document
from tidings.store import schema
started = __import__("time").monotonic()
con = schema.connect(sys.argv[1])
print(round(__import__("time").monotonic() - started, 3), flush=True)
con.execute("BEGIN TRANSACTION")
schema.write_document(con, Document("late", "A late report.", "2025-02-01"), [], "test")
con.execute("COMMIT")
con.close()
"""


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "held.duckdb"
    con = schema.connect(path)
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, Document("first", "An early report.", "2025-01-01"), [], "test")
    con.execute("COMMIT")
    con.close()
    return path


def documents(client: TestClient) -> int:
    return client.get("/index.json").json()["store"]["documents"]


def test_pages_keep_the_store_open_and_a_writer_in_another_process_still_gets_in(store):
    app = make_app(store)
    client = TestClient(app)
    assert documents(client) == 1
    assert app.state.store._held.held()   # kept open after the page
    wrote = subprocess.run([sys.executable, "-c", WRITE_ONE, str(store)], capture_output=True, text=True, timeout=60)
    assert wrote.returncode == 0, wrote.stderr
    waited = float(wrote.stdout)
    assert waited < schema.WRITER_WAIT_SECONDS   # let in, not timed out
    assert not waiting_writer.marker(store).exists()   # the writer cleared its request
    assert documents(client) == 2   # the store opened again, with the new document


def test_a_writer_in_the_same_process_gets_in_too(store):
    app = make_app(store)
    client = TestClient(app)
    assert documents(client) == 1
    con = schema.connect(store)   # DuckDB refuses a writer beside a reader in one process: the app lets go
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, Document("second", "Another report.", "2025-01-02"), [], "test")
    con.execute("COMMIT")
    con.close()
    assert documents(client) == 2


def test_pages_answer_503_while_a_writer_waits(store):
    client = TestClient(make_app(store))
    assert documents(client) == 1
    with waiting_writer.waiting(store):
        assert documents(client) == 1   # a page kept from before needs no store
        response = client.get("/search.json?q=report")   # one never asked needs it
        assert response.status_code == 503 and response.json()["title"] == "Store busy"
    assert client.get("/search.json?q=report").status_code == 200


def test_a_writer_that_died_waiting_keeps_nobody_out(store, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    waiting_writer.marker(store).write_text(dead.stdout.strip(), encoding="ascii")
    assert not waiting_writer.writer_waits(store)
    assert documents(TestClient(make_app(store))) == 1
    old = time.time() - waiting_writer.STALE_SECONDS - 1
    waiting_writer.marker(store).write_text(str(os.getpid()), encoding="ascii")
    os.utime(waiting_writer.marker(store), (old, old))
    assert not waiting_writer.writer_waits(store)   # alive, but older than any writer waits


def test_a_store_nobody_reads_is_closed(store, monkeypatch):
    monkeypatch.setattr(held_store, "IDLE_SECONDS", 0.2)
    held = HeldStore(store)
    with held.cursor() as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert held.held()
    deadline = time.monotonic() + 10
    while held.held() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not held.held()
    with held.cursor() as con:   # and opened again when asked
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_a_store_being_read_is_not_closed_under_the_page(store):
    held = HeldStore(store)
    with held.cursor() as con:
        with waiting_writer.waiting(store):
            time.sleep(held_store.WATCH_SECONDS * 3)
            assert held.held()   # the page's query still has its store
            assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        assert held.held()
