"""Export formats: each module of store/exports registers one, the package finds them, the CLI offers them."""
from __future__ import annotations

import sys

import pytest
from conftest import cli_runner

from tidings.cli.export import export_cli
from tidings.store import exports, schema
from tidings.store.exports import registry

BUILT_IN = ["plover", "gdelt", "icews", "polecat", "parquet", "csv", "dta", "feather", "pledges"]

A_NEW_FORMAT = '''
from tidings.store.exports.common import EVENTS_SQL, Job, write_text
from tidings.store.exports.registry import ExportFormat, register


def write_ids(job: Job) -> int:
    def write(out):
        n = 0
        for n, row in enumerate(job.rows(f"SELECT id, coder_version FROM ({EVENTS_SQL}) WHERE {job.where}"), 1):
            out.write(row["id"] + "\\n")
        return n
    return write_text(job.path, write)


register(ExportFormat("ids", "one event id a line", write_ids))
'''


def test_the_built_in_formats_are_found_in_their_order():
    assert list(exports.formats()) == BUILT_IN
    assert exports.formats()["gdelt"].rows == "happenings"
    assert exports.formats()["pledges"].rows == "pledges"
    assert {f.rows for name, f in exports.formats().items() if name not in {"gdelt", "pledges"}} == {"events"}


def test_export_help_lists_every_registered_format():
    shown = cli_runner().invoke(export_cli, ["--help"]).output
    assert "[plover|gdelt|icews|polecat|parquet|csv|dta|feather|pledges]" in shown
    for fmt in exports.formats().values():
        assert f"{fmt.name}: " in " ".join(shown.split())


def test_a_new_format_is_one_new_module(tmp_path, monkeypatch):
    (tmp_path / "ids.py").write_text(A_NEW_FORMAT, encoding="utf-8")
    monkeypatch.setattr(registry, "_FORMATS", dict(registry._FORMATS))  # the registration ends with the test
    monkeypatch.setattr(exports, "__path__", [*exports.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "tidings.store.exports.ids", raising=False)
    exports.discover()
    assert list(exports.formats()) == BUILT_IN + ["ids"]

    con = schema.connect(":memory:")
    con.execute("INSERT INTO events (id, doc_id, date, record) VALUES ('e_1', 'd', DATE '2023-04-05', '{}')")
    out = tmp_path / "ids.txt"
    assert exports.export(con, "ids", out, since="2023-01-01") == 1
    assert out.read_text() == "e_1\n"
    con.close()
    sys.modules.pop("tidings.store.exports.ids", None)


def test_two_formats_of_one_name_are_refused(monkeypatch):
    monkeypatch.setattr(registry, "_FORMATS", dict(registry._FORMATS))
    with pytest.raises(ValueError, match="two export formats are named 'csv'"):
        registry.register(registry.ExportFormat("csv", "another CSV", lambda job: 0))
