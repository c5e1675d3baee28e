"""The `clusters` table: one row per happening, equal to what the events say after every kind of write."""
from __future__ import annotations

import random

import duckdb
import pytest

from tidings.documents import Document
from tidings.store import schema, summary
from tidings.store.clusters import assign_clusters, cluster_counts
from tidings.store.writing import write_batch

PAIRS = [("CHN", "KAZ"), ("KAZ", "CHN"), ("USA", "MEX"), (None, "MEX"), ("RUS", None)]
TYPES = {"CONSULT": (1, 1.0, "040"), "AGREE": (1, 4.0, "057"), "AID": (2, 7.0, "070"), "ASSAULT": (4, -9.0, "190")}


def record(doc_id: str, n: int, rng: random.Random, doc_date: str) -> dict:
    """Gives an event record of `doc_id` drawn by `rng`: a few dyads, types and days, so that
    reports across documents fall into one happening."""
    source, target = rng.choice(PAIRS)
    event = rng.choice(list(TYPES))
    quad, goldstein, cameo = TYPES[event]
    date = rng.choice([None, f"2024-07-0{rng.randint(1, 6)}", "2024-08-01"])
    return {
        "id": f"e_{doc_id}_{n}", "doc_id": doc_id, "doc_date": doc_date, "date": date,
        "date_precision": "month" if date == "2024-08-01" else "day",
        "sentence": {"index": n, "start": 0, "end": 9, "text": f"sentence {n}"}, "trigger": None,
        "event": event, "mode": None, "cameo": cameo, "quad": quad, "goldstein": goldstein,
        "source": None if source is None else {"text": "s", "name": None, "code": source, "sector": None},
        "target": None if target is None else {"text": "t", "name": None, "code": target, "sector": None},
        "location": None, "intent": False, "negated": rng.random() < 0.15, "confidence": 0.9,
    }


def coded(doc_id: str, rng: random.Random, events: int | None = None) -> tuple[Document, list[dict], bool]:
    day = f"2024-07-0{rng.randint(2, 7)}"
    doc = Document(id=doc_id, text=f"text of {doc_id} {rng.random()}", date=day,
                   source=rng.choice(["Wire A", "Wire B", None]), url=f"https://www.site{rng.randint(1, 3)}.example/x")
    n = rng.randint(0, 4) if events is None else events
    return doc, [record(doc_id, i, rng, day) for i in range(n)], True


def rows_kept(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(f"SELECT * FROM {schema.CLUSTERS} ORDER BY unit").fetchall()


def rows_from_events(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(f"SELECT * FROM ({schema.cluster_rows_sql()}) ORDER BY unit").fetchall()


def assert_follows_events(con: duckdb.DuckDBPyConnection) -> None:
    """The table equals the happenings computed afresh from the events, and its counts equal
    clusters.py's own count of reports, articles and publishers per happening."""
    kept = rows_kept(con)
    assert kept == rows_from_events(con)
    counts = cluster_counts(con)
    by_unit = {r[0]: (r[11], r[12], r[13]) for r in kept}
    assert by_unit == {row.cluster_id: (row.mentions, row.articles, row.sources) for row in counts.itertuples()}
    assert sum(m for m, _, _ in by_unit.values()) == con.execute("SELECT count(*) FROM events").fetchone()[0]


@pytest.fixture
def con(tmp_path):
    connection = schema.connect(tmp_path / "summary.duckdb")
    yield connection
    connection.close()


def test_batches_replacements_and_withdrawals_keep_the_table_equal_to_the_events(con):
    rng = random.Random(5)
    ids = [f"d{i}" for i in range(30)]
    for start in range(0, 30, 7):   # batches, as ingest writes them
        write_batch(con, [], [coded(i, rng) for i in ids[start:start + 7]], "test")
        assert_follows_events(con)
    assert len(rows_kept(con)) > 10
    for step in range(6):   # documents coded again: new events, fewer, or none at all
        chosen = rng.sample(ids, 5)
        write_batch(con, [], [coded(i, rng, events=0 if step == 2 else None) for i in chosen], "test")
        assert_follows_events(con)


def test_ingesting_the_same_batch_again_changes_nothing(con):
    rng = random.Random(8)
    batch = [coded(f"d{i}", rng, events=3) for i in range(12)]
    write_batch(con, [], batch, "test")
    before = rows_kept(con)
    write_batch(con, [], batch, "test")
    assert rows_kept(con) == before
    assert_follows_events(con)


def test_a_withdrawn_report_moves_the_windows_and_the_table_follows(con):
    def doc(doc_id: str, day: str) -> tuple[Document, list[dict], bool]:
        rec = record(doc_id, 0, random.Random(1), day)
        rec.update(source={"code": "CHN"}, target={"code": "KAZ"}, event="CONSULT", date=day, date_precision="day",
                   negated=False, quad=1, goldstein=1.0)
        return Document(id=doc_id, text=doc_id, date=day), [rec], True

    write_batch(con, [], [doc("a", "2024-07-02"), doc("b", "2024-07-03"), doc("c", "2024-07-04")], "test")
    assert_follows_events(con)
    assert [(r[4], r[11]) for r in rows_kept(con)] in ([("e_a_0", 2), ("e_c_0", 1)], [("e_c_0", 1), ("e_a_0", 2)])
    write_batch(con, [], [(Document(id="a", text="withdrawn"), [], True)], "test")
    assert_follows_events(con)
    # b now opens the window [3, 4 July], which takes c in: one happening of two reports
    assert [(r[4], r[11]) for r in rows_kept(con)] == [("e_b_0", 2)]


def test_a_failed_batch_leaves_the_table_as_it_was(con):
    rng = random.Random(3)
    write_batch(con, [], [coded(f"d{i}", rng, events=2) for i in range(5)], "test")
    before = rows_kept(con)
    broken = coded("d1", rng, events=2)
    broken[1][0]["id"] = None   # an event with no id: the insert fails, the batch rolls back
    with pytest.raises(Exception):
        write_batch(con, [], [coded("d2", rng, events=3), broken], "test")
    assert rows_kept(con) == before
    assert_follows_events(con)


def test_reclustering_the_whole_store_rebuilds_the_table(con):
    rng = random.Random(11)
    write_batch(con, [], [coded(f"d{i}", rng, events=3) for i in range(10)], "test")
    con.execute("UPDATE events SET cluster_id = NULL")
    assign_clusters(con)
    assert_follows_events(con)
    con.execute(f"DELETE FROM {schema.CLUSTERS}")
    summary.rebuild(con)
    assert_follows_events(con)


def test_a_version_3_store_gets_its_table_when_migrated(tmp_path):
    path = tmp_path / "v3.duckdb"
    con = schema.connect(path)
    rng = random.Random(2)
    write_batch(con, [], [coded(f"d{i}", rng, events=3) for i in range(8)], "test")
    expected = rows_kept(con)
    con.execute(f"DROP TABLE {schema.CLUSTERS}")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    con = schema.connect(path)
    assert schema.schema_version(con) == schema.SCHEMA_VERSION
    assert rows_kept(con) == expected
    con.close()


# --- the questions read the table: the same answers as from the events --------------------------

FILTERS = [{}, {"dyad": "CHN-KAZ"}, {"dyad": "KAZ-CHN"}, {"actor": "MEX"}, {"actor": "CHN", "event": "AID"},
           {"event": "CONSULT"}, {"since": "2024-07-03"}, {"until": "2024-07-03"},
           {"since": "2024-07-02", "until": "2024-07-04"}, {"dyad": "CHN-KAZ", "since": "2024-07-04"},
           {"actor": "KAZ", "until": "2024-07-02"}, {"since": "2024-07-07", "until": "2024-07-07"}]


@pytest.fixture
def filled(con):
    rng = random.Random(17)
    for start in range(0, 60, 12):
        write_batch(con, [], [coded(f"d{i:02d}", rng, events=rng.randint(1, 5)) for i in range(start, start + 12)],
                    "test")
    write_batch(con, [], [coded(f"d{i:02d}", rng) for i in range(0, 60, 9)], "test")   # some coded again
    return con


@pytest.mark.parametrize("looked_up", [5_000, 0], ids=["cut reports by id", "cut reports by a scan"])
@pytest.mark.parametrize("filters", FILTERS)
def test_a_page_of_events_is_the_one_the_events_give(filled, filters, looked_up, monkeypatch):
    from tidings.store import happenings, pages, queries

    monkeypatch.setattr(happenings, "LOOKED_UP", looked_up)

    bounded = {**filters, "cameo": None, "text": None}
    for offset, limit in ((0, 7), (7, 7), (0, 500)):
        rows, total = queries.events_page(filled, offset, limit, **filters)
        want_total, want_firsts = pages._page_from_events(
            filled, offset, limit, bounded.get("dyad"), bounded.get("actor"), bounded.get("event"), None,
            bounded.get("since"), bounded.get("until"), None)
        assert (total, [r["id"] for r in rows]) == (want_total, [first_id for first_id, _ in want_firsts])
    assert total > 0 or filters.get("since") == "2024-07-07"


def test_a_happenings_reports_are_those_the_events_give(filled):
    from tidings.store import queries

    units = [u for u, in filled.execute(f"SELECT DISTINCT unit FROM {schema.DATED_EVENTS}").fetchall()]
    for unit in units:
        want = filled.execute(f"""
            SELECT e.id, d.title FROM {schema.DATED_EVENTS} e LEFT JOIN documents d USING (doc_id)
            WHERE e.unit = ? ORDER BY e.day NULLS LAST, e.doc_id, e.sentence_index, e.id""", [unit]).fetchall()
        got = queries.cluster_mentions(filled, unit)
        assert [(r["id"], r["title"]) for r in got] == want


def units_from_events(con, where: str, params: list, coded: bool) -> str:
    """The happenings a chart counts, grouped from the events as the questions did before the table."""
    both = "AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL" if coded else ""
    return f"""
        SELECT e.unit, any_value(e.source_code) AS source_code, any_value(e.target_code) AS target_code,
               min(e.day) AS day, max(e.day) AS last_day, mode(e.quad) AS quad, avg(e.goldstein) AS goldstein
        FROM {schema.DATED_EVENTS} e
        WHERE {where} {both} AND e.day IS NOT NULL AND NOT coalesce(e.negated, FALSE)
        GROUP BY e.unit"""


@pytest.mark.parametrize("filters", [f for f in FILTERS if "actor" not in f or "event" not in f])
@pytest.mark.parametrize("looked_up", [5_000, 0], ids=["cut reports by id", "cut reports by a scan"])
def test_series_spans_and_dyads_are_those_the_events_give(filled, filters, looked_up, monkeypatch):
    from tidings.store import happenings

    monkeypatch.setattr(happenings, "LOOKED_UP", looked_up)
    from tidings.store import queries
    from tidings.store.filters import where_clause

    coded = "dyad" in filters
    where, params = where_clause(**filters)
    units = units_from_events(filled, where, params, coded)
    want = filled.execute(f"""
        SELECT date_trunc('day', day)::DATE AS period, count(*), count(*) FILTER (WHERE quad = 1),
               count(*) FILTER (WHERE quad = 4), round(coalesce(sum(goldstein), 0), 9)
        FROM ({units}) GROUP BY period ORDER BY period""", params).fetchall()
    got = queries.period_series(filled, by="day", **filters)
    assert [(r.period.date(), r.events, r.quad1, r.quad4, round(r.goldstein_sum, 9)) for r in got.itertuples()] == want
    assert want or filters.get("since") == "2024-07-07"
    days = {k: v for k, v in filters.items() if k != "actor"}
    where, params = where_clause(**days)
    span = filled.execute(f"SELECT min(day), max(last_day) FROM ({units_from_events(filled, where, params, False)})",
                          params).fetchone()
    assert queries.day_span(filled, **days) == span
    bounds = {k: v for k, v in filters.items() if k in ("since", "until")}
    where, params = where_clause(**bounds)
    top = filled.execute(f"""
        SELECT source_code, target_code, count(*) AS n, min(day), max(day) FROM ({units_from_events(filled, where, params, True)})
        GROUP BY ALL ORDER BY n DESC, source_code, target_code LIMIT 3""", params).fetchall()
    got = queries.top_dyads(filled, limit=3, **bounds)
    assert [(r.source_code, r.target_code, r.events, r.first_day.date(), r.last_day.date())
            for r in got.itertuples()] == top
    monthly = queries.dyads(filled, by="month", **bounds)
    per_report = queries.dyads(filled, by="month", mentions=True, **bounds)
    assert monthly["events"].sum() == len(filled.execute(units_from_events(filled, where, params, True), params).fetchall())
    assert per_report["events"].sum() >= monthly["events"].sum()


def test_totals_and_actors_are_those_the_events_give(filled):
    from tidings.store import queries

    totals = queries.stats(filled)
    events, clusters, first, last = filled.execute(
        f"SELECT count(*), count(DISTINCT unit), min(day), max(day) FROM {schema.DATED_EVENTS}").fetchone()
    assert (totals["events"], totals["clusters"], totals["first_date"], totals["last_date"]) == (
        events, clusters, first.isoformat(), last.isoformat())
    top = filled.execute(f"""
        SELECT event, count(DISTINCT unit) AS c, count(*) AS m FROM {schema.DATED_EVENTS} WHERE event IS NOT NULL
        GROUP BY event ORDER BY c DESC, m DESC, event""").fetchall()
    assert [(t["event"], t["clusters"], t["mentions"]) for t in totals["top_events"]] == top
    roles = filled.execute(f"""
        WITH r AS (SELECT unit, source_code AS code, 's' AS role FROM {schema.DATED_EVENTS} WHERE source_code IS NOT NULL
                   UNION ALL SELECT unit, target_code, 't' FROM {schema.DATED_EVENTS} WHERE target_code IS NOT NULL)
        SELECT code, count(DISTINCT unit) FILTER (WHERE role = 's'), count(DISTINCT unit) FILTER (WHERE role = 't'),
               count(DISTINCT unit) AS n
        FROM r GROUP BY code ORDER BY n DESC, code""").fetchall()
    got = queries.actors(filled)
    assert [(r.code, r.as_source, r.as_target, r.events) for r in got.itertuples()] == roles
    assert list(queries.actors(filled, limit=2)["code"]) == [code for code, *_ in roles[:2]]
