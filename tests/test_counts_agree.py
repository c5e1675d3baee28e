"""One dyad, one count: the dashboard, `tidings dyads`, `plot actors` and the exports agree, and each
tally says how many undated or negated events it left out."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from test_store_queries import fill

from tidings.cli import main
from tidings.store import queries, schema
from tidings.store.exports import export
from tidings.store.plots import dyad_bars
from tidings.web.app import make_app


@pytest.fixture
def store_file(tmp_path):
    path = tmp_path / "news.duckdb"
    con = schema.connect(path)
    fill(con)  # among them JPN-CHN, reported only in an undated article, and a negated RUS-UKR accord
    con.close()
    return path


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


@pytest.mark.parametrize("dyad", ["CHN-KAZ", "KAZ-CHN", "RUS-UKR", "JPN-CHN"])
def test_a_dyad_counts_the_same_everywhere(store_file, tmp_path, dyad):
    source, target = dyad.split("-")
    con = schema.connect(store_file, read_only=True)
    bars = dyad_bars(con, 100)
    bar = bars[(bars.source_code == source) & (bars.target_code == target)]["events"].sum()
    with TestClient(make_app(store_file)) as client:
        web = client.get(f"/dyad/{dyad}.json").json()
    table = runner().invoke(main, ["dyads", "--by", "year", "--format", "csv", "--db", str(store_file)])
    rows = [r for r in csv.DictReader(io.StringIO(table.stdout))
            if (r["source_code"], r["target_code"]) == (source, target)]
    assert web["totals"]["events"] == sum(int(r["events"]) for r in rows) == bar

    # the exports have a row per report: the same count with --mentions, undated and negated ones told apart
    reports = queries.dyads(con, by="year", mentions=True)
    counted = reports[(reports.source_code == source) & (reports.target_code == target)]["events"].sum()
    export(con, "plover", tmp_path / "p.jsonl")
    plover = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    mine = [r for r in plover if r["actor"] and r["recipient"]
            and (r["actor"][0]["code"], r["recipient"][0]["code"]) == (source, target)]
    assert counted == sum(1 for r in mine if r["date"] is not None and not r["negated"])
    left = queries.left_out(con, dyad=dyad, mentions=True)
    assert len(mine) - counted == left["undated"] + left["negated"]
    assert web["left_out"] == queries.left_out(con, dyad=dyad)


def test_each_tally_says_what_it_left_out(store_file, tmp_path):
    con = schema.connect(store_file, read_only=True)
    assert queries.left_out(con, dyad="JPN-CHN") == {"undated": 1, "negated": 0}
    assert queries.left_out(con, dyad="RUS-UKR") == {"undated": 0, "negated": 1}  # the accord it did not sign
    assert queries.left_out(con) == {"undated": 1, "negated": 1}
    says = ("tidings: 1 undated and 1 negated events left out of the counts (undated: no day in the text or its "
            "article; negated: the text says it did not happen)")
    table = runner().invoke(main, ["dyads", "--db", str(store_file)])
    assert table.stderr.splitlines() == [says]
    chart = runner().invoke(main, ["plot", "actors", "-o", str(tmp_path / "a.png"), "--db", str(store_file)])
    assert chart.stderr.splitlines()[-1] == says
