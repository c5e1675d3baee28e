"""One dyad, one count: the dashboard, `tidings dyads`, `plot actors` and the exports agree, and each
tally says how many undated or negated events it left out."""
from __future__ import annotations

import csv
import datetime
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


# --- the clusters table counts by the same rule ----------------------------------------------------

@pytest.fixture
def mixed_file(tmp_path):
    """A store whose IND-PAK happenings mix counted reports with undated and negated ones: h1 has one
    dated report, one undated and one negated; h2 only a negated one; h3 only an undated one."""
    from test_store_queries import actor, record

    from tidings import __version__
    from tidings.documents import Document
    from tidings.store import summary

    ind, pak = actor("IND", "India"), actor("PAK", "Pakistan")
    p1, p2, p3 = Document("p1", "a", "2024-06-01"), Document("p2", "b", None), Document("p3", "c", "2024-06-03")
    path = tmp_path / "mixed.duckdb"
    con = schema.connect(path)
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, p1, [record("m1", p1, ind, pak, "CONSULT", "040", 1, 1.0, "India's envoy met Pakistan's.")],
                          __version__)
    schema.write_document(con, p2, [
        record("m2", p2, ind, pak, "CONSULT", "040", 1, 1.0, "The envoys of India and Pakistan met."),
        record("m5", p2, ind, pak, "PROTEST", "141", 3, -6.5, "India protested to Pakistan."),
    ], __version__)
    schema.write_document(con, p3, [
        record("m3", p3, ind, pak, "CONSULT", "040", 1, 1.0, "India's envoy did not meet Pakistan's.", negated=True),
        record("m4", p3, ind, pak, "ACCUSE", "112", 3, -2.0, "India did not accuse Pakistan.", negated=True),
    ], __version__)
    con.execute("UPDATE events SET cluster_id = CASE WHEN id IN ('m1', 'm2', 'm3') THEN 'h1' "
                "WHEN id = 'm4' THEN 'h2' ELSE 'h3' END")
    summary.rebuild(con)
    con.execute("COMMIT")
    con.close()
    return path


def test_the_clusters_table_counts_a_dyad_as_every_tally_does(mixed_file, tmp_path):
    con = schema.connect(mixed_file, read_only=True)
    # the table's row of h1: all three reports, two with a day, charted on the day of its one counted report
    assert con.execute("SELECT mentions, reports_dated, series_day::VARCHAR FROM clusters WHERE unit = 'h1'"
                       ).fetchone() == (3, 2, "2024-06-01")
    # h2 (negated) and h3 (undated) are rows of the table that no tally counts
    assert con.execute("SELECT unit FROM clusters WHERE series_day IS NULL ORDER BY unit").fetchall() == [("h2",), ("h3",)]
    grouped = con.execute(f"""SELECT count(DISTINCT e.unit), count(*) FROM {schema.DATED_EVENTS} e
                              WHERE e.source_code = 'IND' AND e.target_code = 'PAK' AND {schema.COUNTED}""").fetchone()
    assert grouped == (1, 1)
    with TestClient(make_app(mixed_file)) as client:
        web = client.get("/dyad/IND-PAK.json").json()
    table = runner().invoke(main, ["dyads", "--by", "year", "--format", "csv", "--db", str(mixed_file)])
    rows = [r for r in csv.DictReader(io.StringIO(table.stdout)) if (r["source_code"], r["target_code"]) == ("IND", "PAK")]
    bars = dyad_bars(con, 10)
    top = queries.top_dyads(con)
    assert web["totals"]["events"] == sum(int(r["events"]) for r in rows) == int(bars["events"].sum()) \
        == int(top["events"].sum()) == grouped[0]
    assert web["left_out"] == queries.left_out(con, dyad="IND-PAK") == {"undated": 1, "negated": 1}
    assert table.stderr.splitlines() == ["tidings: 1 undated and 1 negated events left out of the counts (undated: no "
                                         "day in the text or its article; negated: the text says it did not happen)"]
    # reports: the exports' rows, counted as --mentions counts them
    mentions = queries.dyads(con, by="year", mentions=True)["events"].sum()
    export(con, "plover", tmp_path / "p.jsonl")
    plover = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert mentions == grouped[1] == sum(1 for r in plover if r["date"] is not None and not r["negated"])
    assert len(plover) - mentions == sum(queries.left_out(con, dyad="IND-PAK", mentions=True).values()) == 4
    # a day bound that leaves h1 only its negated report: it no longer counts, from the table or the events
    assert queries.dyads(con, since="2024-06-02").empty
    assert queries.period_series(con, dyad="IND-PAK", since="2024-06-02").empty
    assert queries.day_span(con, dyad="IND-PAK") == (datetime.date(2024, 6, 1), datetime.date(2024, 6, 1))
