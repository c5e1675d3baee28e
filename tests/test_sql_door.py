"""`tidings sql` as a door: no extension fetched or loaded by itself, a time limit, files shut with --no-files.

The store is an empty one (its tables, no rows): what is tested is what a statement may reach.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import cli_runner

from tidings.cli.sql import sql_cli
from tidings.store import queries, schema
from tidings.store.read_only import StatementTimeout, sql_config

ENDLESS = "SELECT count(*) AS n FROM range(1000000000000) a"  # hours of counting


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "store.duckdb"
    schema.connect(path).close()
    return str(path)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """Gives a HOME of the test's own, where DuckDB would put the extensions it installs (~/.duckdb)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def run(*args: str):
    return cli_runner().invoke(sql_cli, list(args))


def test_sql_turns_off_extension_autoinstall_and_autoload(db):
    result = run("--db", db, "SELECT current_setting('autoinstall_known_extensions') AS install, "
                             "current_setting('autoload_known_extensions') AS load, "
                             "current_setting('enable_external_access') AS files")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"install": False, "load": False, "files": True}


def test_reading_a_url_fetches_no_extension(db, home):
    started = time.monotonic()
    result = run("--db", db, "SELECT * FROM read_csv('https://data.example/rows.csv')")
    assert result.exit_code == 1
    assert "httpfs" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (home / ".duckdb").exists()  # nothing installed
    assert time.monotonic() - started < 10  # refused, not downloading


def test_no_files_forbids_every_file_but_the_store(db, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("actor,n\nKEN,3\n", encoding="utf-8")
    read = f"SELECT actor, n FROM read_csv('{rows}')"
    assert json.loads(run("--db", db, read).stdout) == {"actor": "KEN", "n": 3}
    refused = run("--db", db, "--no-files", read)
    assert refused.exit_code == 1
    assert "disabled by configuration" in refused.stderr and refused.stdout == ""
    for reach in (f"SELECT * FROM '{rows}'", "SELECT * FROM read_text('/etc/hostname')",
                  "SELECT * FROM glob('/*')"):
        result = run("--db", db, "--no-files", reach)
        assert result.exit_code == 1, (reach, result.stdout)
    inside = run("--db", db, "--no-files", "SELECT count(*) AS n FROM documents")
    assert inside.exit_code == 0 and json.loads(inside.stdout) == {"n": 0}


def test_a_statement_past_its_timeout_is_stopped_in_one_line(db):
    started = time.monotonic()
    result = run("--db", db, "--timeout", "0.5", ENDLESS)
    took = time.monotonic() - started
    assert result.exit_code == 1
    assert result.stderr.strip() == ("tidings: the statement ran longer than 0.5 s and was stopped; "
                                     "give it more time with --timeout or ask for less")
    assert took < 10
    assert run("--db", db, "--timeout", "-1", "SELECT 1").exit_code == 2


def test_the_library_stops_a_statement_and_keeps_the_connection(db):
    con = schema.connect(db, read_only=True, config=sql_config(files=False))
    try:
        with pytest.raises(StatementTimeout, match="0.3 s"):
            queries.sql(con, ENDLESS, timeout=0.3)
        assert queries.sql(con, "SELECT 41 + 1 AS n", timeout=5)["n"].tolist() == [42]
        assert queries.sql(con, "SELECT 1 AS n")["n"].tolist() == [1]  # no limit by default
    finally:
        con.close()


# --- the same door from Python: Store.sql ---------------------------------------------------------

def test_the_store_fetches_no_extension_and_shuts_files_when_asked(db, home, tmp_path):
    from tidings import Store

    rows = tmp_path / "rows.csv"
    rows.write_text("actor,n\nKEN,3\n", encoding="utf-8")
    for read_only in (True, False):
        with Store(db, read_only=read_only) as store:
            settings = store.sql("SELECT current_setting('autoinstall_known_extensions') AS install, "
                                 "current_setting('autoload_known_extensions') AS load")
            assert settings.to_dict("records") == [{"install": False, "load": False}]
            with pytest.raises(Exception, match="httpfs"):
                store.sql("SELECT * FROM read_csv('https://data.example/rows.csv')")
            assert store.sql(f"SELECT n FROM read_csv('{rows}')")["n"].tolist() == [3]
        with Store(db, read_only=read_only, files=False) as store:
            with pytest.raises(Exception, match="disabled by configuration"):
                store.sql(f"SELECT n FROM read_csv('{rows}')")
            assert store.sql("SELECT count(*) AS n FROM documents")["n"].tolist() == [0]
            assert store.stats()["documents"] == 0
    assert not (home / ".duckdb").exists()


def test_the_store_stops_a_statement_past_its_timeout_and_goes_on(db):
    import inspect

    from tidings import Store
    from tidings.store.read_only import DEFAULT_TIMEOUT

    assert inspect.signature(Store.sql).parameters["timeout"].default == DEFAULT_TIMEOUT
    for read_only in (True, False):
        with Store(db, read_only=read_only) as store:
            started = time.monotonic()
            with pytest.raises(StatementTimeout, match=r"longer than 0.3 s and was stopped; give it more time "
                                                       r"with timeout= or ask for less"):
                store.sql(ENDLESS, timeout=0.3)
            assert time.monotonic() - started < 10
            assert store.sql("SELECT 41 + 1 AS n")["n"].tolist() == [42]
            assert store.stats()["events"] == 0   # no transaction left open by the one stopped
