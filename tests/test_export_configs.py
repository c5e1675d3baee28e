"""Every export writes beside its data the configurations that coded its events."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from conftest import cli_runner
from test_store_ingest import FakeCoder, doc

from tidings.cli.export import export_cli
from tidings.config import CoderConfig
from tidings.pipeline import ingest
from tidings.store import exports, schema

TEXT_FORMATS = ["plover", "gdelt", "icews", "csv"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Gives a store whose May events were coded with one configuration, whose June events with
    another, and one document from before the store kept configurations."""
    folder = tmp_path_factory.mktemp("configs")
    actors = folder / "ports.tsv"
    actors.write_text("name\tcode\tsector\nPort Authority\tPER\tGOV\n", encoding="utf-8")
    may, june = CoderConfig(), CoderConfig(actors=(str(actors),))
    path = folder / "store.duckdb"
    con = schema.connect(path)
    ingest(con, [doc("may-1", date="2024-05-06"), doc("may-2", date="2024-05-07")], FakeCoder(), config=may)
    ingest(con, [doc("june-1", date="2024-06-03")], FakeCoder(), config=june)
    old = doc("old", date="2024-05-20")
    schema.write_document(con, old, [e.to_dict() for e in FakeCoder().code(old)], "tidings 0.0.9")
    con.close()
    return path, may, june


@pytest.fixture
def con(store):
    connection = schema.connect(store[0], read_only=True)
    yield connection
    connection.close()


def versions(listed: list[dict]) -> list[str]:
    return [c["coder_version"] for c in listed]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_file_export_gets_a_config_file_beside_it(con, store, tmp_path, fmt):
    _, may, june = store
    out = tmp_path / f"events.{fmt}"
    n = exports.export(con, fmt, out)
    side = json.loads((tmp_path / f"events.{fmt}.config.json").read_text(encoding="utf-8"))
    assert (side["format"], side["rows"], side["since"], side["until"]) == (fmt, n, None, None)
    listed = {c["coder_version"]: c["config"] for c in side["configs"]}
    assert listed == {may.version(): may.to_dict(), june.version(): june.to_dict(), "tidings 0.0.9": None}


def test_only_the_configurations_of_the_exported_days_are_listed(con, store, tmp_path):
    _, may, _ = store
    out = tmp_path / "may.csv"
    exports.export(con, "csv", out, since="2024-05-01", until="2024-05-10")
    side = json.loads((tmp_path / "may.csv.config.json").read_text(encoding="utf-8"))
    assert (side["since"], side["until"]) == ("2024-05-01", "2024-05-10")
    assert versions(side["configs"]) == [may.version()]


def test_a_parquet_folder_holds_its_configurations_twice(con, store, tmp_path):
    _, may, june = store
    out = tmp_path / "events"
    n = exports.export(con, "parquet", out)
    side = json.loads((out / "_config.json").read_text(encoding="utf-8"))
    assert side["rows"] == n and len(side["configs"]) == 3
    for part in out.rglob("*.parquet"):
        meta = json.loads(pq.read_metadata(part).metadata[b"tidings_configs"])
        assert meta == side["configs"]
    import pandas as pd

    assert len(pd.read_parquet(out)) == n  # readers skip the _config.json inside the folder


def test_standard_output_has_no_config_file(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli_runner().invoke(export_cli, ["--format", "csv", "-o", "-", "--db", str(store[0])])
    assert result.exit_code == 0 and result.stdout.startswith("id,")
    assert list(tmp_path.iterdir()) == []


def test_the_cli_export_writes_the_config_file(store, tmp_path):
    out = tmp_path / "events.jsonl"
    result = cli_runner().invoke(export_cli, ["--format", "plover", "-o", str(out), "--db", str(store[0])])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"tidings: 4 events exported to {out} (plover)\n"
    assert (tmp_path / "events.jsonl.config.json").is_file()
