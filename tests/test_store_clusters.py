"""Clusters: reports of one happening (same dyad, type, flags, dates within the window) share an id."""
from __future__ import annotations

import datetime
import random

import pytest

from tidings.documents import Document
from tidings.store import schema
from tidings.store.clusters import assign_clusters, cluster_counts, cluster_id, release, runs, windows


def record(doc_id: str, n: int, date: str | None, source: str | None = "CHN", target: str | None = "KAZ",
           event: str = "CONSULT", precision: str = "day", negated: bool = False, intent: bool = False) -> dict:
    """Gives a hand-made event record (schema fields), the n-th of its document."""
    return {
        "id": f"e_{doc_id}_{n}", "doc_id": doc_id, "doc_date": date, "date": date, "date_precision": precision,
        "sentence": {"index": n, "start": 0, "end": 10, "text": "a sentence"}, "trigger": None,
        "event": event, "mode": None, "cameo": "040", "quad": 1, "goldstein": 1.0,
        "source": {"text": "x", "name": None, "code": source, "sector": None},
        "target": None if target is None else {"text": "y", "name": None, "code": target, "sector": None},
        "location": None, "intent": intent, "negated": negated, "confidence": 0.9,
    }


def store(con, doc_id: str, records: list[dict], source: str | None = None, url: str | None = None) -> None:
    """Writes one document with `records` and clusters what it touched, as ingest does."""
    con.execute("BEGIN TRANSACTION")
    schema.write_document(con, Document(id=doc_id, text=f"text of {doc_id}", source=source, url=url), records, "test")
    assign_clusters(con, [doc_id])
    con.execute("COMMIT")


def clusters_of(con) -> dict[str, str]:
    """Gives each event id with its cluster id."""
    return dict(con.execute("SELECT id, cluster_id FROM events").fetchall())


@pytest.fixture
def con():
    connection = schema.connect(":memory:")
    yield connection
    connection.close()


def test_same_dyad_type_and_day_across_articles_is_one_cluster(con):
    store(con, "a", [record("a", 0, "2024-07-02")], source="Wire One")
    store(con, "b", [record("b", 0, "2024-07-02")], source="Wire Two")
    ids = clusters_of(con)
    assert ids["e_a_0"] == ids["e_b_0"] == cluster_id(("CHN", "KAZ", "CONSULT", False, False, "day"),
                                                      datetime.date(2024, 7, 2))


def test_next_day_joins_the_window_and_the_day_after_opens_a_new_one(con):
    store(con, "a", [record("a", 0, "2024-07-02")])
    store(con, "b", [record("b", 0, "2024-07-03")])  # undated report, dated by next morning's paper
    store(con, "c", [record("c", 0, "2024-07-04")])
    store(con, "d", [record("d", 0, "2024-07-05")])
    ids = clusters_of(con)
    assert ids["e_a_0"] == ids["e_b_0"]
    assert ids["e_c_0"] == ids["e_d_0"] != ids["e_a_0"]  # daily reports do not melt into one chain


def test_windows_open_at_the_first_date_not_yet_covered():
    days = [datetime.date(2024, 1, d) for d in (1, 2, 3, 5, 6, 9)]
    first = windows("day", days)
    assert [first[d].day for d in days] == [1, 1, 3, 5, 5, 9]
    months = [datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)]
    assert windows("month", months) == {m: m for m in months}


def test_runs_cut_where_no_window_reaches_across():
    days = [datetime.date(2024, 1, d) for d in (1, 2, 3, 5, 6, 9)]
    assert [[d.day for d in run] for run in runs("day", days)] == [[1, 2, 3], [5, 6], [9]]
    assert len(runs("year", [datetime.date(2023, 1, 1), datetime.date(2024, 1, 1)])) == 2


def test_clustering_batch_by_batch_matches_clustering_everything_at_once(con):
    """Documents stored, replaced and emptied in a random order: after each step, the ids set by
    that step's incremental clustering are those a full recount gives."""
    rng = random.Random(5)
    for step in range(50):
        doc_id = f"d{rng.randrange(12)}"
        records = [record(doc_id, n, f"2024-07-{rng.randrange(1, 16):02d}", source=rng.choice(["CHN", "RUS"]),
                          precision=rng.choice(["day", "day", "day", "month"]))
                   for n in range(rng.choice([0, 0, 1, 2]))]
        con.execute("BEGIN TRANSACTION")
        release(con, [doc_id])
        schema.write_document(con, Document(id=doc_id, text=str(step)), records, "test")
        assign_clusters(con, [doc_id])
        con.execute("COMMIT")
        incremental = clusters_of(con)
        con.execute("UPDATE events SET cluster_id = NULL")
        assign_clusters(con)
        assert clusters_of(con) == incremental, f"step {step}"


def test_type_flags_and_direction_separate_happenings(con):
    store(con, "a", [record("a", 0, "2024-07-02"), record("a", 1, "2024-07-02", negated=True),
                     record("a", 2, "2024-07-02", intent=True), record("a", 3, "2024-07-02", event="AGREE"),
                     record("a", 4, "2024-07-02", source="KAZ", target="CHN")])
    assert len(set(clusters_of(con).values())) == 5


def test_month_precision_clusters_only_with_the_same_month(con):
    store(con, "a", [record("a", 0, "2024-03-01", precision="month"), record("a", 1, "2024-03-01")])
    store(con, "b", [record("b", 0, "2024-03-01", precision="month"), record("b", 1, "2024-04-01", precision="month")])
    ids = clusters_of(con)
    assert ids["e_a_0"] == ids["e_b_0"]
    assert ids["e_a_1"] != ids["e_a_0"]  # a day in March is not "in March"
    assert ids["e_b_1"] != ids["e_b_0"]


def test_events_without_codes_or_date_stand_alone(con):
    store(con, "a", [record("a", 0, "2024-07-02", target=None), record("a", 1, "2024-07-02", source=None),
                     record("a", 2, None)])
    store(con, "b", [record("b", 0, "2024-07-02", target=None), record("b", 1, None)])
    ids = clusters_of(con)
    assert len(set(ids.values())) == 5
    assert all(value.startswith("c_") for value in ids.values())


def test_ids_do_not_depend_on_batch_order_and_match_a_full_recount(con):
    store(con, "b", [record("b", 0, "2024-07-03")])
    store(con, "a", [record("a", 0, "2024-07-02")])  # an earlier report arrives later
    incremental = clusters_of(con)
    assert incremental["e_a_0"] == incremental["e_b_0"]
    con.execute("UPDATE events SET cluster_id = NULL")
    assert assign_clusters(con) == 2
    assert clusters_of(con) == incremental
    assert assign_clusters(con) == 0  # nothing left to change


def test_replacing_a_document_reclusters_the_events_it_shared_a_cluster_with(con):
    store(con, "a", [record("a", 0, "2024-07-02")])
    store(con, "b", [record("b", 0, "2024-07-03")])
    store(con, "c", [record("c", 0, "2024-07-04")])
    assert clusters_of(con)["e_b_0"] != clusters_of(con)["e_c_0"]
    con.execute("BEGIN TRANSACTION")
    release(con, ["a"])
    schema.write_document(con, Document(id="a", text="new text"), [], "test")  # the report was withdrawn
    assign_clusters(con, ["a"])
    con.execute("COMMIT")
    ids = clusters_of(con)
    assert ids["e_b_0"] == ids["e_c_0"] == cluster_id(("CHN", "KAZ", "CONSULT", False, False, "day"),
                                                      datetime.date(2024, 7, 3))


def test_cluster_counts_give_mentions_articles_and_publishers(con):
    store(con, "a", [record("a", 0, "2024-07-02"), record("a", 1, "2024-07-02")], source="Wire One")
    store(con, "b", [record("b", 0, "2024-07-03")], url="https://www.paper.example/news/1")
    store(con, "c", [record("c", 0, "2024-07-02")], url="http://paper.example/news/2")
    store(con, "d", [record("d", 0, "2024-07-02")])
    store(con, "e", [record("e", 0, "2024-07-02", target=None)])
    counts = cluster_counts(con)
    assert len(counts) == 2
    big = counts[counts.mentions > 1].iloc[0]
    assert (big.mentions, big.articles, big.sources) == (5, 4, 3)  # Wire One, paper.example, d itself
    assert (big.source_code, big.target_code, big.event) == ("CHN", "KAZ", "CONSULT")
    assert str(big.date)[:10] == "2024-07-02" and str(big.last_date)[:10] == "2024-07-03"
