"""The options commands share: one `--db` wording everywhere, `--wait` on every command that reads the store."""
from __future__ import annotations

import pytest
from test_cli_store import db, hold, run  # noqa: F401 - `db` is the fixture of a small store

from tidings.cli import main
from tidings.cli.export import export_cli
from tidings.cli.plot import plot_cli
from tidings.cli.options import db_option

READERS = ["events", "dyads", "actors", "stats", "sql", "export", "plot dyad", "plot actors"]
WRITERS_AND_SERVER = ["ingest", "serve"]


def command(path: str):
    found = main
    for name in path.split():
        found = found.commands[name]
    return found


def option(path: str, name: str):
    return next((p for p in command(path).params if p.name == name), None)


@pytest.mark.parametrize("path", READERS + WRITERS_AND_SERVER)
def test_every_db_option_says_the_same(path):
    wording = db_option(lambda: None).__click_params__[0].help
    assert option(path, "db").help == wording
    assert option(path, "db").metavar == "FILE"


@pytest.mark.parametrize("path", READERS)
def test_every_command_that_reads_the_store_can_wait(path):
    wait = option(path, "wait")
    assert wait is not None and wait.default == 0.0 and wait.metavar == "SECONDS"


def test_export_waits_for_the_writer_to_finish(db, tmp_path):  # noqa: F811
    holder = hold(db, 1.0)
    try:
        out = tmp_path / "out.csv"
        result = run(export_cli, "--db", db, "--wait", "20", "--format", "csv", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert "waiting up to 20 s" in result.stderr and "4 events exported" in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_plot_waits_for_the_writer_to_finish(db, tmp_path):  # noqa: F811
    holder = hold(db, 1.0)
    try:
        result = run(plot_cli, "actors", "--db", db, "--wait", "20", "-o", str(tmp_path / "dyads.svg"))
        assert result.exit_code == 0, result.stderr
        assert "waiting up to 20 s" in result.stderr and "2 dyads drawn" in result.stderr
    finally:
        holder.kill()
        holder.wait()
