"""`tidings events|dyads|actors|stats|sql`: the store read-only, shared formats, one-line errors."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from tidings import __version__
from tidings.cli.actors import actors_cli
from tidings.cli.dyads import dyads_cli
from tidings.cli.events import events_cli
from tidings.tables import plain
from tidings.cli.sql import sql_cli
from tidings.cli.stats import stats_cli
from tidings.documents import Document
from tidings.store import schema, summary

COMMANDS = [events_cli, dyads_cli, actors_cli, stats_cli]


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into output unless told
    except TypeError:
        return CliRunner()


def run(command, *args: str, env: dict | None = None):
    return runner().invoke(command, list(args), env=env, catch_exceptions=False)


def event(id: str, doc: Document, source: str, target: str | None, kind: str, cameo: str, quad: int,
          goldstein: float, text: str) -> dict:
    actor = lambda code: {"text": code, "name": f"{code} officials", "code": code, "sector": "GOV"}  # noqa: E731
    return {"id": id, "doc_id": doc.id, "doc_date": doc.date, "date": doc.date, "date_precision": "day",
            "sentence": {"index": 0, "start": 0, "end": len(text), "text": text},
            "trigger": {"start": 4, "end": 9, "text": text[4:9]}, "event": kind, "mode": None, "cameo": cameo,
            "quad": quad, "goldstein": goldstein, "source": actor(source),
            "target": actor(target) if target else None, "location": None, "intent": False, "negated": False,
            "confidence": 0.7}


@pytest.fixture
def db(tmp_path) -> str:
    """Gives the path of a small store: a meeting reported twice, an accusation, a threat."""
    path = tmp_path / "news.duckdb"
    a = Document("a", "x", "2024-06-10", source="Lake Courier")
    b = Document("b", "y", "2024-06-11", source="Hill Gazette")
    c = Document("c", "z", "2024-07-02")
    con = schema.connect(path)
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, a, [event("m1", a, "FRA", "DEU", "CONSULT", "040", 1, 1.0,
                                         "The French and German leaders met in Lyon.")], __version__)
    schema.write_document(con, b, [event("m2", b, "FRA", "DEU", "CONSULT", "040", 1, 1.0,
                                         "Leaders of France and Germany talked in Lyon on Monday."),
                                   event("m3", b, "DEU", "FRA", "ACCUSE", "112", 3, -2.0,
                                         "Berlin blamed Paris for the delay, tab\there.")], __version__)
    schema.write_document(con, c, [event("m4", c, "FRA", "DEU", "THREATEN", "138", 3, -7.0,
                                         "Paris warned Berlin it would act alone.")], __version__)
    con.execute("UPDATE events SET cluster_id = CASE WHEN id IN ('m1', 'm2') THEN 'k1' ELSE id END")
    summary.rebuild(con)  # clusters set by hand: the clusters table computed from them
    con.execute("COMMIT")
    con.close()
    return str(path)


def lines(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


# --- answers ----------------------------------------------------------------------------------------

def test_events_jsonl_is_one_flat_row_per_cluster(db):
    result = run(events_cli, "--db", db)
    assert result.exit_code == 0, result.stderr
    rows = lines(result)
    assert [r["id"] for r in rows] == ["m4", "m3", "m1"]
    meeting = rows[2]
    assert meeting["date"] == "2024-06-10" and meeting["source_code"] == "FRA" and meeting["target_code"] == "DEU"
    assert (meeting["mentions"], meeting["articles"], meeting["sources"]) == (2, 2, 2)
    assert meeting["location_lat"] is None and meeting["intent"] is False


def test_events_filters_and_mentions(db):
    assert [r["id"] for r in lines(run(events_cli, "--db", db, "--dyad", "fra-deu", "--mentions"))] == \
        ["m4", "m2", "m1"]
    assert [r["id"] for r in lines(run(events_cli, "--db", db, "--text", "LYON", "--mentions"))] == ["m2", "m1"]
    assert [r["id"] for r in lines(run(events_cli, "--db", db, "--cameo", "13", "--since", "2024-07-01",
                                       "--until", "2024-07-02"))] == ["m4"]
    assert [r["id"] for r in lines(run(events_cli, "--db", db, "--event", "accuse", "--actor", "FRA"))] == ["m3"]
    assert len(lines(run(events_cli, "--db", db, "--limit", "1"))) == 1


def test_events_as_csv_tsv_and_table(db, tmp_path):
    out = tmp_path / "events.csv"
    assert run(events_cli, "--db", db, "--format", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["id"] for r in rows] == ["m4", "m3", "m1"] and rows[2]["mentions"] == "2"
    tsv = run(events_cli, "--db", db, "--format", "tsv").stdout.splitlines()
    assert len(tsv) == 4 and all(len(line.split("\t")) == len(tsv[0].split("\t")) for line in tsv)
    table = run(events_cli, "--db", db, "--format", "table").stdout
    assert table.splitlines()[0].split()[:3] == ["date", "source", "event"]
    assert "FRA FRA" in table and "Paris warned Berlin" in table


def test_dyads(db):
    rows = lines(run(dyads_cli, "--db", db, "--by", "month"))
    assert [(r["source_code"], r["target_code"], r["period"]) for r in rows] == [
        ("FRA", "DEU", "2024-06-01"), ("FRA", "DEU", "2024-07-01"), ("DEU", "FRA", "2024-06-01")]
    june = rows[0]
    assert (june["events"], june["quad1"], june["goldstein_sum"], june["net_cooperation"]) == (1, 1, 1.0, 1.0)
    assert lines(run(dyads_cli, "--db", db, "--by", "month", "--mentions"))[0]["events"] == 2
    assert {r["source_code"] for r in lines(run(dyads_cli, "--db", db, "--by", "year", "--top", "1"))} == {"FRA"}
    table = run(dyads_cli, "--db", db, "--format", "table").stdout.splitlines()
    assert table[0].split()[:4] == ["source_code", "target_code", "period", "events"] and len(table) == 5


def test_actors_and_stats(db):
    actors = lines(run(actors_cli, "--db", db))
    assert [(a["code"], a["as_source"], a["as_target"], a["events"]) for a in actors] == [
        ("DEU", 1, 2, 3), ("FRA", 2, 1, 3)]
    assert actors[0]["name"] == "DEU officials" and actors[0]["sector"] == "GOV"
    (totals,) = lines(run(stats_cli, "--db", db))
    assert (totals["documents"], totals["events"], totals["clusters"], totals["rejects"]) == (3, 4, 3, 0)
    assert totals["schema_version"] == schema.SCHEMA_VERSION and totals["store"] == db
    assert (totals["first_date"], totals["last_date"]) == ("2024-06-10", "2024-07-02")
    table = run(stats_cli, "--db", db, "--format", "table").stdout
    assert "documents" in table and "CONSULT" in table


def test_sql_reads(db):
    rows = lines(run(sql_cli, "--db", db,
                     "SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY n DESC, event"))
    assert rows[0] == {"event": "CONSULT", "n": 2}
    rows = lines(run(sql_cli, "--db", db, "SELECT doc_id, date, list(id ORDER BY id) AS ids FROM events "
                                          "GROUP BY ALL ORDER BY doc_id"))
    assert rows[1] == {"doc_id": "b", "date": "2024-06-11", "ids": ["m2", "m3"]}
    table = run(sql_cli, "--db", db, "--format", "table", "SHOW TABLES").stdout.split()
    assert table[0] == "name" and {"documents", "events", "rejects", "meta"} <= set(table)


@pytest.mark.parametrize("query, says", [
    ("INSERT INTO meta VALUES ('k', 'v')", "INSERT refused: the store is read-only here"),
    ("DROP TABLE events", "DROP refused"),
    ("ATTACH '{dir}/other.duckdb'", "ATTACH refused"),
    ("COPY events TO '{dir}/out.csv'", "COPY refused"),
    ("SELECT 1; DELETE FROM events", "give exactly one statement, not 2"),
])
def test_sql_refuses_writes_in_one_line_and_changes_nothing(db, tmp_path, query, says):
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(sql_cli, "--db", db, query.format(dir=tmp_path))
    assert result.exit_code == 2 and result.stdout == ""
    assert says in result.stderr and result.stderr.startswith("tidings: ") and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert lines(run(sql_cli, "--db", db, "SELECT count(*) AS n FROM meta"))[0]["n"] == 1
    assert lines(run(stats_cli, "--db", db))[0]["events"] == 4


@pytest.mark.parametrize("command, args, header", [
    (sql_cli, ["SELECT doc_id, source FROM documents WHERE false"], "doc_id,source"),
    (dyads_cli, ["--actor", "FRA", "--since", "2099-01-01"], "source_code,target_code,period,events,quad1,quad2,quad3,quad4,goldstein_mean,"
                                    "goldstein_sum,cooperation,conflict,net_cooperation"),
])
def test_no_rows_as_csv_is_the_commands_own_header(db, command, args, header):
    result = run(command, *args, "--db", db, "--format", "csv")
    assert result.exit_code == 0 and result.stdout == header + "\n"


def test_sql_error_is_one_line(db):
    result = run(sql_cli, "--db", db, "SELECT * FROM no_such_table")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "no_such_table" in result.stderr


def test_store_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(lines(run(events_cli, env={"TIDINGS_DB": db}))) == 3
    result = run(events_cli, env={"TIDINGS_DB": ""})
    assert result.exit_code == 1
    assert result.stderr == "tidings: tidings.duckdb: no store here yet; run `tidings ingest PATH... --db " \
                            "tidings.duckdb` first\n"


def test_records_are_plain_values():
    import numpy as np
    import pandas as pd

    assert plain(pd.Timestamp("2024-01-02")) == "2024-01-02"
    assert plain(float("nan")) is None and plain(pd.NaT) is None and plain(pd.NA) is None
    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert plain(np.array([1, 2])) == [1, 2] and plain(np.bool_(True)) is True


# --- one-line errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("command, args, message", [
    (events_cli, ["--dyad", "FRA/DEU"],
     "--dyad FRA/DEU: write it as source and target codes joined by a hyphen, e.g. CHN-KAZ"),
    (events_cli, ["--since", "2024-02-30"], "--since 2024-02-30: not a day written YYYY-MM-DD (e.g. 2024-07-03)"),
    (events_cli, ["--until", "yesterday"], "--until yesterday: not a day written YYYY-MM-DD (e.g. 2024-07-03)"),
    (events_cli, ["--event", "WAVE"], "--event WAVE: not a PLOVER event type; use one of AGREE, CONSULT,"),
    (events_cli, ["--limit", "0"], "--limit 0: give a whole number of 1 or more"),
    (dyads_cli, ["--by", "fortnight"], "--by fortnight: use one of day, week, month, year"),
    (dyads_cli, ["--actor", "FRANCE"], "--actor FRANCE: an actor code is three letters, e.g. CHN, UNO, IGO"),
    (dyads_cli, ["--top", "-2"], "--top -2: give a whole number of 1 or more"),
])
def test_bad_options_are_one_line(db, command, args, message):
    result = run(command, "--db", db, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"tidings: {message}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", COMMANDS + [sql_cli])
def test_no_store_is_one_line(tmp_path, command):
    missing = tmp_path / "none.duckdb"
    args = ["--db", str(missing)] + (["SELECT 1"] if command is sql_cli else [])
    result = run(command, *args)
    assert result.exit_code == 1
    assert result.stderr == \
        f"tidings: {missing}: no store here yet; run `tidings ingest PATH... --db {missing}` first\n"
    assert not missing.exists()  # reading never creates a store


# --- a writer in another process ------------------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])           # a writer, as `tidings ingest` is
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM rejects")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("COMMIT")
    con.close()
""")


def hold(db: str, seconds: float) -> subprocess.Popen:
    """Gives a process holding DuckDB's write lock on `db` for `seconds`, once it holds it."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, db, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_events_while_a_writer_holds_the_store_fails_fast_and_plainly(db):
    holder = hold(db, 30)
    try:
        started = time.monotonic()
        result = run(events_cli, "--db", db)
        assert time.monotonic() - started < 5
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == (f"tidings: {db}: another tidings process is writing to this store (DuckDB allows "
                                 f"one writer and no readers meanwhile); try again when it has finished\n")
        waited = run(events_cli, "--db", db, "--wait", "0.5")
        assert waited.exit_code == 1
        assert waited.stderr.splitlines() == [
            f"tidings: {db}: an ingest is writing this store; waiting up to 0.5 s for it to finish",
            result.stderr.rstrip("\n")]
    finally:
        holder.kill()
        holder.wait()


def test_readers_share_the_store(db):
    reader = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; con = duckdb.connect(sys.argv[1], "
                               "read_only=True); print('reading', flush=True); time.sleep(30)", db],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        assert len(lines(run(events_cli, "--db", db))) == 3
    finally:
        reader.kill()
        reader.wait()


def test_events_wait_for_the_writer_to_finish(db):
    holder = hold(db, 1.0)
    try:
        result = run(events_cli, "--db", db, "--wait", "20")
        assert result.exit_code == 0, result.stderr
        assert "waiting up to 20 s" in result.stderr and len(lines(result)) == 3
    finally:
        holder.kill()
        holder.wait()


SLOW_INGEST = textwrap.dedent("""
    import sys, time
    from tidings.documents import Document
    from tidings.pipeline import run as ingest_module

    class SlowCoder:  # a coder that finds nothing, slowly: the ingest lasts while the reader comes
        def code_many(self, docs):
            for doc in docs:
                time.sleep(0.05)
                yield doc, []

    ingest_module.RECYCLE_DOCUMENTS = 5
    docs = (Document(id=f"d{i}", text=f"Nothing happened on day {i}.", date="2024-05-06") for i in range(400))
    def started(n):
        print("committed", flush=True)
    ingest_module.ingest(sys.argv[1], docs, SlowCoder(), batch_size=5, on_progress=started)
""")


def test_a_waiting_reader_gets_in_while_a_long_ingest_runs(tmp_path):
    db = str(tmp_path / "busy.duckdb")
    writer = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, db], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "committed"
        result = run(stats_cli, "--db", db, "--wait", "15")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["documents"] >= 5
        assert writer.poll() is None  # answered between two batches, not after the ingest
    finally:
        writer.kill()
        writer.wait()
