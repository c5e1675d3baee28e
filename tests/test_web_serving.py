"""Serving under load: pages kept per version of the store, pages in a few threads of their own
while static files and kept pages go straight out, and `tidings serve --workers N`."""
from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import anyio
import httpx
import pytest

from conftest import cli_runner
from tidings.store import schema
from tidings.web import app as web_app
from tidings.web.app import StoreReader, make_app
from tidings.web.threads import PAGE_THREADS


@pytest.fixture
def small_store(tmp_path) -> Path:
    path = tmp_path / "small.duckdb"
    schema.connect(path).close()   # a new store, its tables made
    return path


def commit_a_row(path: Path) -> None:
    """Writes and commits one row, as an ingest's transaction does."""
    con = schema.connect(path)
    n = con.execute("SELECT count(*) FROM meta").fetchone()[0]
    con.execute("INSERT INTO meta VALUES (?, 'written')", [f"test-{n}"])
    con.close()


def test_the_kept_value_is_computed_once_until_a_writer_commits(small_store):
    reader = StoreReader(small_store)
    calls = []

    def count(con) -> int:
        calls.append(1)
        return con.execute("SELECT count(*) FROM meta").fetchone()[0]

    first = reader.cached("meta", count)
    assert [reader.cached("meta", count) for _ in range(3)] == [first] * 3
    assert len(calls) == 1   # unchanged file: never opened again
    commit_a_row(small_store)
    assert reader.cached("meta", count) == first + 1 and len(calls) == 2
    assert reader.cached("meta", count) == first + 1 and len(calls) == 2
    commit_a_row(small_store)
    commit_a_row(small_store)
    assert reader.cached("meta", count) == first + 3 and len(calls) == 3


def test_the_version_changes_with_every_commit_and_not_with_reading(small_store):
    reader = StoreReader(small_store)
    before = reader.version()
    with reader.connect() as con:
        con.execute("SELECT count(*) FROM events").fetchone()
    assert reader.version() == before
    commit_a_row(small_store)
    assert reader.version() != before


def test_static_files_and_kept_pages_go_out_while_every_page_thread_is_busy(small_store, monkeypatch):
    """Pages that query the store beyond PAGE_THREADS wait; the stylesheet, a kept overview and a kept
    search page do not wait behind them."""
    gate, running, most = threading.Event(), [0], [0]
    lock = threading.Lock()
    from tidings.store import queries
    from tidings.web.params import PAGE_SIZE
    from tidings.web.views import overview

    real = queries.events_page

    def slow_events_page(con, offset, limit, **filters):
        if limit != PAGE_SIZE:   # the pages asked for below; the kept one has the default size
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            gate.wait(20)
            with lock:
                running[0] -= 1
        return real(con, offset, limit, **filters)

    monkeypatch.setattr(queries, "events_page", slow_events_page)
    app = make_app(small_store)
    assert overview.warm(app.state.store)

    async def scenario() -> tuple[list[int], tuple[int, ...], float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=30) as client:
            assert (await client.get("/search.json")).status_code == 200   # now kept
            statuses: list[int] = []

            async def page(size: int) -> None:
                statuses.append((await client.get(f"/search.json?size={size}")).status_code)

            async with anyio.create_task_group() as tg:
                for size in range(1, PAGE_THREADS + 4):   # each its own page: none waits for another's
                    tg.start_soon(page, size)
                while running[0] < PAGE_THREADS:
                    await anyio.sleep(0.01)
                started = time.perf_counter()
                answers = tuple([(await client.get(path)).status_code
                                 for path in ("/static/tidings.css", "/index.json", "/search.json")])
                waited = time.perf_counter() - started
                assert not statuses   # every page is still being made or waiting
                gate.set()
            return statuses, answers, waited

    statuses, answers, waited = anyio.run(scenario)
    assert answers == (200, 200, 200) and waited < 5
    assert statuses == [200] * (PAGE_THREADS + 3)
    assert most[0] == PAGE_THREADS   # never more pages at once than the app's threads


def test_serve_refuses_no_workers(small_store):
    from tidings.cli import main

    result = cli_runner().invoke(main, ["serve", "--db", str(small_store), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.stderr


def worker_processes(pid: int) -> int:
    """Gives how many uvicorn workers (multiprocessing spawns) the process has as children."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = 0
    for child in children:
        try:
            found += "spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")
        except FileNotFoundError:
            continue
    return found


def test_serve_with_workers_answers_from_each_process(small_store):
    tidings = Path(sys.executable).parent / "tidings"
    proc = subprocess.Popen([str(tidings), "serve", "--db", str(small_store), "--port", "0", "--workers", "2"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline().strip()
        match = re.fullmatch(r"tidings: serving (.+) at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)", line)
        assert match, line
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{match.group(2)}/index.json", timeout=10)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["store"]["documents"] == 0
        while worker_processes(proc.pid) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert worker_processes(proc.pid) == 2
        assert all(httpx.get(f"http://127.0.0.1:{match.group(2)}/static/tidings.css", timeout=10).status_code == 200
                   for _ in range(4))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_a_worker_serves_the_store_its_environment_names(small_store, monkeypatch):
    monkeypatch.setenv(web_app.SERVE_DB_VARIABLE, str(small_store))
    app = web_app.served_app()
    assert app.state.store.path == small_store


def test_static_files_from_memory_answer_as_the_files_would(small_store):
    from starlette.testclient import TestClient

    from tidings.web.app import STATIC

    client = TestClient(make_app(small_store))
    css = client.get("/static/tidings.css")
    assert css.status_code == 200 and css.content == (STATIC / "tidings.css").read_bytes()
    assert css.headers["content-type"].startswith("text/css") and "accept-ranges" not in css.headers
    assert client.get("/static/tidings.css", headers={"if-none-match": css.headers["etag"]}).status_code == 304
    head = client.head("/static/tidings.css")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == str(len(css.content))
    assert client.get("/static/favicon.svg").headers["content-type"].startswith("image/svg")
    assert client.get("/static/none.css").status_code == 404
    assert client.post("/static/tidings.css").status_code == 405
