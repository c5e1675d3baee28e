"""The store's questions: events, dyads, actors, stats and read-only SQL, on small hand-made stores."""
from __future__ import annotations

import datetime
import math

import pandas as pd
import pytest

from tidings import __version__
from tidings.documents import Document, Reject
from tidings.store import queries, schema, summary
from tidings.store.filters import QueryError
from tidings.store.read_only import NotReadOnly
from tidings.store.schema import StoreError
from tidings import Store


def actor(code: str | None, name: str | None = None, sector: str | None = "GOV", text: str | None = None) -> dict:
    return {"text": text or code, "name": name, "code": code, "sector": sector}


def record(id: str, doc: Document, source: dict, target: dict | None, event: str, cameo: str, quad: int,
           goldstein: float, text: str, date: str | None = "doc", negated: bool = False) -> dict:
    """Gives a schema event record; `date="doc"` takes the document's date."""
    return {"id": id, "doc_id": doc.id, "doc_date": doc.date, "date": doc.date if date == "doc" else date,
            "date_precision": "day", "sentence": {"index": 0, "start": 0, "end": len(text), "text": text},
            "trigger": None, "event": event, "mode": None, "cameo": cameo, "quad": quad, "goldstein": goldstein,
            "source": source, "target": target, "location": None, "intent": False, "negated": negated,
            "confidence": 0.8}


CHN = actor("CHN", "China")
KAZ = actor("KAZ", "Kazakhstan")


def fill(con) -> None:
    """Writes six documents and their events; clusters as clusters.py would set them."""
    d1 = Document("d1", "a", "2024-03-04", source="Steppe Wire")
    d2 = Document("d2", "b", "2024-03-05", url="https://www.northwind.example/news/1")
    d3 = Document("d3", "c", "2024-04-10", source="Steppe Wire")
    d4 = Document("d4", "d", "2024-04-12")
    d5 = Document("d5", "e", "2024-05-01")
    d6 = Document("d6", "f", None)
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, d1, [
        record("e1", d1, actor("CHN", "Wang Yi", text="Wang"), KAZ, "CONSULT", "040", 1, 1.0,
               "The Chinese and Kazakh ministers met in Astana on Monday."),
    ], __version__)
    schema.write_document(con, d2, [
        record("e2", d2, CHN, KAZ, "CONSULT", "040", 1, 1.0, "The two foreign ministers held talks in Astana.",
               date="2024-03-04"),
        record("e3", d2, KAZ, CHN, "AGREE", "057", 1, 8.0, "Kazakhstan signed a rail accord with China."),
    ], __version__)
    schema.write_document(con, d3, [
        record("e4", d3, KAZ, CHN, "ACCUSE", "112", 3, -2.0,
               "Kazakhstan accused China of selling steel at 50% below cost."),
    ], __version__)
    schema.write_document(con, d4, [
        record("e5", d4, actor("RUS", "Russia", "MIL"), actor("UKR", "Ukraine", None), "ASSAULT", "190", 4, -10.0,
               "Russian troops shelled a village near the Ukrainian border."),
        record("e6", d4, actor("RUS", "Russia"), actor("UKR", "Ukraine"), "AGREE", "057", 1, 8.0,
               "Russia did not sign the ceasefire accord.", negated=True),
    ], __version__)
    schema.write_document(con, d5, [
        record("e7", d5, CHN, actor("NGO", "O'Brien Relief", "NGO"), "AID", "070", 2, 7.0,
               "Officials in Beijing pledged aid to O'Brien Relief.", date=None),
    ], __version__)
    schema.write_document(con, d6, [
        record("e8", d6, actor("JPN", "Japan"), CHN, "PROTEST", "141", 3, -6.5, "Japan lodged a protest with China."),
    ], __version__)
    schema.write_reject(con, Reject("bad.jsonl", 3, "no text"))
    # e1 and e2 report the same meeting; e4 is not clustered yet.
    con.execute("UPDATE events SET cluster_id = 'c1' WHERE id IN ('e1', 'e2')")
    con.execute("UPDATE events SET cluster_id = id WHERE id NOT IN ('e1', 'e2', 'e4')")
    summary.rebuild(con)  # clusters set by hand: the clusters table computed from them
    con.execute("COMMIT")


@pytest.fixture
def con():
    con = schema.connect(":memory:")
    fill(con)
    yield con
    con.close()


@pytest.fixture
def store_file(tmp_path):
    path = tmp_path / "news.duckdb"
    con = schema.connect(path)
    fill(con)
    con.close()
    return path


# --- events ---------------------------------------------------------------------------------------

def test_events_one_row_per_cluster_with_its_counts(con):
    frame = queries.events(con)
    assert list(frame["id"]) == ["e7", "e5", "e6", "e4", "e3", "e1", "e8"]  # newest first, undated last
    meeting = frame.set_index("id").loc["e1"]
    assert (meeting["mentions"], meeting["articles"], meeting["sources"]) == (2, 2, 2)
    assert meeting["cluster_id"] == "c1"
    unclustered = frame.set_index("id").loc["e4"]
    assert (unclustered["mentions"], unclustered["articles"], unclustered["sources"]) == (1, 1, 1)
    assert list(frame.columns[:3]) == ["id", "doc_id", "doc_date"] and "source_code" in frame.columns
    first = queries.events(con, dyad="CHN-KAZ", limit=1)  # the page is cut, the counts are whole
    assert list(first["id"]) == ["e1"] and first["mentions"][0] == 2


def test_events_mentions_lists_every_report(con):
    frame = queries.events(con, mentions=True)
    assert len(frame) == 8 and "mentions" not in frame.columns
    assert set(frame["id"]) == {f"e{i}" for i in range(1, 9)}


def test_event_without_a_date_takes_its_documents(con):
    assert list(queries.events(con, since="2024-05-01")["id"]) == ["e7"]


def test_filters(con):
    ids = lambda **kw: list(queries.events(con, mentions=True, **kw)["id"])  # noqa: E731
    assert ids(dyad="CHN-KAZ") == ["e2", "e1"]  # same day: the later document first
    assert ids(dyad="kaz-chn") == ["e4", "e3"]  # ordered, any case
    assert set(ids(actor="JPN")) == {"e8"}
    assert set(ids(actor="KAZ")) == {"e1", "e2", "e3", "e4"}
    assert ids(event="consult") == ids(dyad="CHN-KAZ")
    assert ids(cameo="05") == ids(cameo="057") == ["e6", "e3"]
    assert ids(cameo="19") == ["e5"]
    assert ids(since="2024-04-10", until="2024-04-12") == ["e5", "e6", "e4"]
    assert ids(since=datetime.date(2024, 4, 11)) == ["e7", "e5", "e6"]  # a date object too
    assert ids(text="ASTANA") == ["e2", "e1"]
    assert ids(limit=2) == ids()[:2]


def test_text_is_a_plain_substring_not_a_pattern_nor_sql(con):
    assert list(queries.events(con, text="50%")["id"]) == ["e4"]
    assert list(queries.events(con, text="o'brien")["id"]) == ["e7"]
    assert list(queries.events(con, text="%")["id"]) == ["e4"]
    assert queries.events(con, text="x' OR '1'='1").empty
    assert queries.events(con, actor="CHN", text="_").empty


def test_cluster_row_is_its_first_matching_report(con):
    frame = queries.events(con, text="held talks")
    assert list(frame["id"]) == ["e2"] and frame["mentions"][0] == 2


@pytest.mark.parametrize("kwargs, name", [
    ({"dyad": "CHN_KAZ"}, "dyad"), ({"dyad": "CHINA-KAZ"}, "dyad"), ({"actor": "CH"}, "actor"),
    ({"event": "HUG"}, "event"), ({"cameo": "4"}, "cameo"), ({"since": "2024-13-01"}, "since"),
    ({"until": "03/04/2024"}, "until"), ({"limit": 0}, "limit"),
    ({"since": "2024-05-01", "until": "2024-04-01"}, "since"),
])
def test_bad_arguments_are_named(con, kwargs, name):
    with pytest.raises(QueryError) as e:
        queries.events(con, **kwargs)
    assert e.value.name == name and str(e.value).startswith(name)


# --- dyads ----------------------------------------------------------------------------------------

def test_dyads_by_month(con):
    frame = queries.dyads(con, by="month")
    rows = {(r.source_code, r.target_code, r.period.date().isoformat()): r for r in frame.itertuples()}
    # undated (e8), negated (e6) and one-sided events are left out; the two-report meeting counts once.
    assert set(rows) == {("CHN", "KAZ", "2024-03-01"), ("KAZ", "CHN", "2024-03-01"), ("KAZ", "CHN", "2024-04-01"),
                         ("RUS", "UKR", "2024-04-01"), ("CHN", "NGO", "2024-05-01")}
    meeting = rows[("CHN", "KAZ", "2024-03-01")]
    assert (meeting.events, meeting.quad1, meeting.goldstein_sum, meeting.net_cooperation) == (1, 1, 1.0, 1.0)
    attack = rows[("RUS", "UKR", "2024-04-01")]
    assert (attack.events, attack.quad4, attack.conflict, attack.net_cooperation) == (1, 1, 10.0, -1.0)
    assert list(frame.columns) == ["source_code", "target_code", "period", "events", "quad1", "quad2", "quad3",
                                   "quad4", "goldstein_mean", "goldstein_sum", "cooperation", "conflict",
                                   "net_cooperation"]


def test_dyads_by_year_mixes_cooperation_and_conflict(con):
    frame = queries.dyads(con, by="year", actor="KAZ")
    kaz_chn = frame[(frame.source_code == "KAZ")].iloc[0]
    assert (kaz_chn.events, kaz_chn.quad1, kaz_chn.quad3) == (2, 1, 1)
    assert kaz_chn.goldstein_sum == 6.0 and kaz_chn.goldstein_mean == 3.0
    assert (kaz_chn.cooperation, kaz_chn.conflict) == (8.0, 2.0)
    assert math.isclose(kaz_chn.net_cooperation, 0.6)
    assert set(zip(frame.source_code, frame.target_code)) == {("KAZ", "CHN"), ("CHN", "KAZ")}


def test_dyads_count_mentions_on_request(con):
    clusters = queries.dyads(con, by="year", actor="CHN")
    mentions = queries.dyads(con, by="year", actor="CHN", mentions=True)
    chn_kaz = lambda f: f[(f.source_code == "CHN") & (f.target_code == "KAZ")].iloc[0]  # noqa: E731
    assert chn_kaz(clusters).events == 1 and chn_kaz(mentions).events == 2
    assert chn_kaz(mentions).goldstein_sum == 2.0


def test_dyads_top_keeps_the_most_active(con):
    frame = queries.dyads(con, by="day", top=1)
    assert set(zip(frame.source_code, frame.target_code)) == {("KAZ", "CHN")}
    assert list(frame.period.dt.strftime("%Y-%m-%d")) == ["2024-03-05", "2024-04-10"]


def test_weeks_start_on_monday(con):
    frame = queries.dyads(con, by="week", actor="RUS")
    assert frame.period[0].date() == datetime.date(2024, 4, 8)


def test_bad_period(con):
    with pytest.raises(QueryError, match="day, week, month, year"):
        queries.dyads(con, by="fortnight")


def test_neutral_events_have_no_net_cooperation():
    con = schema.connect(":memory:")
    doc = Document("n", "g", "2024-01-02")
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, doc, [record("n1", doc, CHN, KAZ, "CONSULT", "010", 1, 0.0, "China commented.")],
                          __version__)
    con.execute("COMMIT")
    row = queries.dyads(con).iloc[0]
    assert row.events == 1 and pd.isna(row.net_cooperation)


# --- actors and stats -----------------------------------------------------------------------------

def test_actors(con):
    frame = queries.actors(con).set_index("code")
    chn = frame.loc["CHN"]
    # clusters: e1/e2 once, e7 as source; e3, e4, e8 as target.
    assert (chn.as_source, chn.as_target, chn.events) == (2, 3, 5)
    assert chn["name"] == "China"  # four times against Wang Yi's once
    assert frame.loc["RUS", "sector"] in ("MIL", "GOV")
    assert list(frame.index[:2]) == ["CHN", "KAZ"]
    assert len(queries.actors(con, limit=2)) == 2
    assert queries.actors(con, mentions=True).set_index("code").loc["CHN", "as_source"] == 3


def test_stats(con):
    totals = queries.stats(con)
    assert totals["schema_version"] == schema.SCHEMA_VERSION
    assert (totals["documents"], totals["events"], totals["clusters"], totals["unclustered"], totals["rejects"]) \
        == (6, 8, 7, 1, 1)
    assert (totals["first_date"], totals["last_date"]) == ("2024-03-04", "2024-05-01")
    assert totals["top_events"][0] == {"event": "AGREE", "clusters": 2, "mentions": 2}
    assert {"event": "CONSULT", "clusters": 1, "mentions": 2} in totals["top_events"]


def test_stats_of_an_empty_store():
    totals = queries.stats(schema.connect(":memory:"))
    assert totals["documents"] == totals["events"] == 0 and totals["first_date"] is None
    assert totals["top_events"] == []


# --- SQL of the user's own ------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT count(*) AS n FROM events",
    "  -- how many?\nWITH x AS (SELECT * FROM events) SELECT count(*) AS n FROM x;",
    "FROM events SELECT count(*) AS n",
    "DESCRIBE events", "SHOW TABLES", "SUMMARIZE documents", "EXPLAIN SELECT * FROM events",
    "EXPLAIN ANALYZE SELECT * FROM events", "PRAGMA show_tables", "PRAGMA table_info('events')",
    "SELECT record->>'event' AS event FROM events",
])
def test_read_statements_run(store_file, query):
    with Store(store_file, read_only=True) as store:
        assert not store.sql(query).empty


@pytest.mark.parametrize("query, says", [
    ("INSERT INTO events SELECT * FROM events", "INSERT refused"),
    ("DROP TABLE events", "DROP refused"),
    ("DELETE FROM documents", "DELETE refused"),
    ("UPDATE events SET goldstein = 0", "UPDATE refused"),
    ("ATTACH '{dir}/other.duckdb' AS other", "ATTACH refused"),
    ("COPY (SELECT * FROM events) TO '{dir}/leak.csv'", "COPY refused"),
    ("COPY events TO '{dir}/leak.parquet' (FORMAT parquet)", "COPY refused"),
    ("EXPORT DATABASE '{dir}/dump'", "EXPORT refused"),
    ("SELECT 1; DROP TABLE events", "exactly one statement, not 2"),
    ("SELECT 1; SELECT 2", "exactly one statement"),
    ("WITH x AS (SELECT 1) INSERT INTO meta SELECT 'k', 'v' FROM x", "INSERT refused"),
    ("EXPLAIN ANALYZE DELETE FROM events", "EXPLAIN of a statement that writes"),
    ("CREATE TABLE t AS SELECT 1", "CREATE refused"),
    ("PRAGMA threads = 1", "SET refused"),
    ("SET threads = 1", "SET refused"),
    ("INSTALL httpfs", "LOAD refused"),
    ("CHECKPOINT", "CALL refused"),
    ("PRAGMA enable_profiling", "PRAGMA enable_profiling refused"),
])
def test_statements_that_could_write_are_refused_and_change_nothing(store_file, tmp_path, query, says):
    before = sorted(p.name for p in tmp_path.iterdir())
    for read_only in (True, False):  # refused even where DuckDB itself would let it through
        with Store(store_file, read_only=read_only) as store:
            counts = store.stats()
            with pytest.raises(NotReadOnly, match=says):
                store.sql(query.format(dir=tmp_path))
            assert store.stats() == counts
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_sql_that_does_not_parse(con):
    with pytest.raises(QueryError, match="cannot parse"):
        queries.sql(con, "SELEC * FROM events")


# --- the Store ------------------------------------------------------------------------------------

def test_store_answers_with_dataframes(store_file):
    with Store(store_file, read_only=True) as store:
        assert isinstance(store.events(actor="CHN"), pd.DataFrame)
        assert len(store.events(dyad="CHN-KAZ", mentions=True)) == 2
        assert isinstance(store.dyads(by="year", top=2), pd.DataFrame)
        assert isinstance(store.actors(), pd.DataFrame)
        assert store.stats()["documents"] == 6
        assert store.sql("SELECT count(*) AS n FROM events")["n"][0] == 8
        assert "read_only=True" in repr(store)


def test_store_created_where_asked_and_closed(tmp_path):
    path = tmp_path / "new.duckdb"
    with Store(path, write=True) as store:
        assert store.stats()["documents"] == 0
    assert path.exists()
    Store(path, write=True).close()  # the lock went with close(): a second writer can open it


def test_a_store_opens_read_only_unless_asked_to_write(store_file, tmp_path):
    with Store(store_file) as reader, Store(store_file) as notebook:  # readers share the file
        assert reader.read_only and notebook.read_only and "read_only=True" in repr(reader)
        with pytest.raises(StoreError, match=r"opened read-only; open Store\(.*, write=True\) to ingest"):
            reader.ingest([str(tmp_path)])
    with pytest.raises(StoreError, match="no store here yet"):
        Store(tmp_path / "never.duckdb")  # reading creates nothing


def test_read_only_store_needs_a_file_and_refuses_ingest(tmp_path, store_file):
    with pytest.raises(StoreError, match="no store here yet"):
        Store(tmp_path / "none.duckdb", read_only=True)
    with Store(store_file, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.ingest([str(tmp_path)])


def test_store_path_from_the_environment(store_file, monkeypatch):
    monkeypatch.setenv("TIDINGS_DB", str(store_file))
    with Store(read_only=True) as store:
        assert store.path == store_file and store.stats()["events"] == 8


def test_coded_articles_through_the_store(tmp_path, coder):
    """Real coder output written the way ingest writes it, then asked about."""
    docs = [
        Document("talks", "Vietnam and Japan signed a trade agreement in Hanoi on Tuesday.", "2025-03-11",
                 source="Delta Post"),
        Document("talks-2", "On Tuesday Vietnam signed a trade agreement with Japan, officials said.",
                 "2025-03-12", source="Harbour Daily"),
    ]
    path = tmp_path / "coded.duckdb"
    with Store(path, write=True) as store:
        store.con.execute("BEGIN TRANSACTION")
        for doc, events in coder.code_many(docs):
            schema.write_document(store.con, doc, [e.to_dict() for e in events], __version__)
        store.con.execute("COMMIT")
        reports = store.events(actor="VNM", mentions=True)
        assert len(reports) >= 2 and reports["event"].notna().all()
        assert store.stats()["documents"] == 2
        assert store.events(actor="VNM", text="TRADE AGREEMENT", mentions=True)["doc_id"].nunique() == 2


def test_store_ingest_calls_the_ingest_module(tmp_path, coder):
    pytest.importorskip("tidings.pipeline")
    article = tmp_path / "a.txt"
    article.write_text("date 2025-03-11\nVietnam and Japan signed a trade agreement in Hanoi on Tuesday.\n")
    with Store(tmp_path / "i.duckdb", write=True) as store:
        summary = store.ingest([str(article)], coder=coder)
        assert summary.documents == 1 and summary.events >= 1
        assert store.stats()["documents"] == 1
        assert store.events(actor="VNM")["mentions"].sum() == summary.events
