"""Ingest: each document stored once, new text replaces, rejects kept once, batches commit, kill -9 safe."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli.ingest import ingest_cli
from tidings.documents import Document, Reject, read_documents
from tidings.record import Actor, Event, SentenceSpan, Span
from tidings.store import schema
from tidings.pipeline import ingest
from tidings.pipeline.writer import WRITE_AHEAD

REPO = Path(__file__).resolve().parents[1]


# --- a stand-in coder, for the plumbing -----------------------------------------------------------

class FakeCoder:
    """Codes one CONSULT event per sentence that says "met"; fails on a document that says "KABOOM".

    Counts the documents it codes, so a test can tell what was skipped.
    """

    def __init__(self):
        self.coded: list[str] = []

    def code(self, doc: Document) -> list[Event]:
        if "KABOOM" in doc.text:
            raise RuntimeError("the parser fell over")
        self.coded.append(doc.id)
        events, start = [], 0
        for n, sentence in enumerate(doc.text.split(". ")):
            at = sentence.find("met")
            if at >= 0:
                events.append(Event(
                    id=f"e_{doc.id}_{n}", doc_id=doc.id, doc_date=doc.date, date=doc.date, date_precision="day",
                    sentence=SentenceSpan(start, start + len(sentence), sentence, n),
                    trigger=Span(start + at, start + at + 3, "met"), event="CONSULT", mode="visit", cameo="042",
                    quad=1, goldstein=1.9, source=Actor("Peru", "Peru", "PER", "GOV"),
                    target=Actor("Chile", "Chile", "CHL", "GOV")))
            start += len(sentence) + 2
        return events

    def code_many(self, docs):
        docs = list(docs)  # like the real coder: one failure loses the whole batch in flight
        return iter([(doc, self.code(doc)) for doc in docs])


def doc(doc_id: str, text: str = "Peru's president met Chile's president. They talked.", date: str = "2024-05-06",
        origin: str | None = None, **meta) -> Document:
    where = origin or (f"wire.jsonl:{doc_id}" if doc_id.isdigit() else doc_id)
    return Document(id=doc_id, text=text, date=date, origin=where, **meta)


def count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


@pytest.fixture
def con():
    connection = schema.connect(":memory:")
    yield connection
    connection.close()


# --- the library ------------------------------------------------------------------------------------

def test_ingest_stores_documents_events_and_their_clusters(con):
    summary = ingest(con, [doc("a"), doc("b", "Nothing happened."), doc("c")], FakeCoder())
    assert (summary.documents, summary.unchanged, summary.replaced, summary.events, summary.rejects) == (3, 0, 0, 2, 0)
    assert count(con, "SELECT count(*) FROM documents") == 3
    assert count(con, "SELECT count(*) FROM events WHERE cluster_id IS NULL") == 0
    assert count(con, "SELECT count(DISTINCT cluster_id) FROM events") == 1  # a and c report one meeting
    assert "ingested 3 documents (0 unchanged, 0 replaced, 0 undated), 2 events, 0 rejects in" in summary.message("x.duckdb")


def test_a_rerun_codes_nothing_and_stores_nothing_twice(con):
    ingest(con, [doc("a"), doc("b")], FakeCoder())
    coder = FakeCoder()
    summary = ingest(con, [doc("a"), doc("b")], coder)
    assert coder.coded == []  # skipped on the hash, before coding
    assert (summary.documents, summary.unchanged, summary.events) == (0, 2, 0)
    assert count(con, "SELECT count(*) FROM documents") == 2
    assert count(con, "SELECT count(*) FROM events") == 2


def test_nothing_to_code_never_builds_the_coder(con):
    ingest(con, [doc("a")], FakeCoder())

    def no_coder():
        raise AssertionError("the coder was built for nothing")

    assert ingest(con, [doc("a")], no_coder).unchanged == 1


def test_new_text_under_a_stored_id_replaces_its_events(con):
    ingest(con, [doc("a"), doc("b")], FakeCoder())
    coder = FakeCoder()
    summary = ingest(con, [doc("a", "Peru's president met Chile's president. Later she met him again."), doc("b")],
                     coder)
    assert coder.coded == ["a"]
    assert (summary.documents, summary.replaced, summary.unchanged, summary.events) == (1, 1, 1, 2)
    assert count(con, "SELECT count(*) FROM events WHERE doc_id = 'a'") == 2
    assert count(con, "SELECT count(*) FROM documents") == 2


def test_a_new_date_for_the_same_text_is_coded_again(con):
    ingest(con, [doc("a")], FakeCoder())
    summary = ingest(con, [doc("a", date="2024-05-07")], FakeCoder())
    assert summary.replaced == 1
    assert str(con.execute("SELECT date FROM events").fetchone()[0]) == "2024-05-07"


def test_one_id_twice_in_one_run_is_stored_once_the_first_text_kept_the_other_rejected(con):
    documents = [doc("a"), doc("a"), doc("a", "Peru met Chile. Chile met Peru.", origin="wire.jsonl:3")]
    heard: list[Reject] = []
    summary = ingest(con, documents, FakeCoder(), on_reject=heard.append)
    assert (summary.documents, summary.unchanged, summary.replaced, summary.events, summary.rejects) == (1, 1, 0, 1, 1)
    assert [r.message() for r in heard] == [
        "wire.jsonl:3: id 'a' came before in this run with another text or date, at a; "
        "the first is kept: give this document an id of its own"]
    assert count(con, "SELECT count(*) FROM documents") == 1
    assert con.execute("SELECT file, line FROM rejects").fetchall() == [("wire.jsonl", 3)]


@pytest.mark.parametrize("batch_size", [1, 256])
def test_an_id_repeated_with_other_text_is_coded_once_over_reruns(con, batch_size):
    # Were the later text stored, the next run would find the first one changed, and so on forever.
    documents = [doc("a", origin="wire.jsonl:1"), doc("b"), doc("a", "Peru met Bolivia.", origin="wire.jsonl:3")]
    coder = FakeCoder()
    first = ingest(con, documents, coder, batch_size=batch_size)
    assert (coder.coded, first.documents, first.rejects) == (["a", "b"], 2, 1)
    for _ in range(2):
        coder = FakeCoder()
        again = ingest(con, documents, coder, batch_size=batch_size)
        assert (coder.coded, again.unchanged, again.rejects) == ([], 2, 1)
    assert con.execute("SELECT origin FROM documents WHERE doc_id = 'a'").fetchone() == ("wire.jsonl:1",)
    assert count(con, "SELECT count(*) FROM rejects") == 1


def test_a_stored_id_with_new_text_from_a_later_run_still_replaces(con):
    ingest(con, [doc("a", origin="monday.jsonl:1")], FakeCoder())
    summary = ingest(con, [doc("a", "Peru met Chile again.", origin="tuesday.jsonl:1")], FakeCoder())
    assert (summary.replaced, summary.rejects) == (1, 0)


def test_a_document_with_a_lone_surrogate_is_a_reject_and_the_batch_goes_on(con):
    heard: list[Reject] = []
    summary = ingest(con, [doc("1"), doc("2", "Peru met \ud800 Chile."), doc("3")], FakeCoder(), on_reject=heard.append)
    assert (summary.documents, summary.rejects) == (2, 1)
    assert [(r.file, r.line) for r in heard] == [("wire.jsonl", 2)]
    assert "lone surrogate" in heard[0].reason and "character 10" in heard[0].reason
    assert con.execute("SELECT line, excerpt FROM rejects").fetchall() == [(2, "Peru met ? Chile.")]


def test_rejects_are_reported_and_stored_once_over_reruns(con, tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text(json.dumps({"id": "a", "date": "2024-05-06", "text": "Peru met Chile."}) + "\nnot json\n")
    heard: list[Reject] = []
    for _ in range(2):
        summary = ingest(con, read_documents([str(wire)]), FakeCoder(), on_reject=heard.append)
        assert summary.rejects == 1
    assert [r.line for r in heard] == [2, 2]
    assert con.execute("SELECT file, line, reason FROM rejects").fetchall() == [
        (str(wire), 2, heard[0].reason)]


def test_a_line_fixed_later_loses_its_reject(con, tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text('{"id": "a", "text": "Peru met Chile."}\n{"id": "b", "text": 5}\n')
    ingest(con, read_documents([str(wire)]), FakeCoder())
    assert count(con, "SELECT count(*) FROM rejects") == 1
    wire.write_text('{"id": "a", "text": "Peru met Chile."}\n{"id": "b", "text": "Chile met Peru."}\n')
    ingest(con, read_documents([str(wire)]), FakeCoder())
    assert count(con, "SELECT count(*) FROM rejects") == 0


def test_a_document_the_coder_fails_on_is_a_reject_and_the_batch_goes_on(con):
    heard: list[Reject] = []
    summary = ingest(con, [doc("1"), doc("2", "KABOOM"), doc("3")], FakeCoder(), on_reject=heard.append)
    assert (summary.documents, summary.rejects) == (2, 1)
    assert [r.message() for r in heard] == ["wire.jsonl:2: internal error: RuntimeError: the parser fell over"]
    assert count(con, "SELECT count(*) FROM rejects") == 1


def test_each_batch_commits_on_its_own(con):
    """A stop between batches keeps the committed ones; the re-run stores only the rest."""
    seen: list[int] = []

    def stop_after_two(n: int) -> None:
        seen.append(n)
        if len(seen) == 2:
            raise KeyboardInterrupt

    docs = [doc(f"d{i}") for i in range(7)]
    with pytest.raises(KeyboardInterrupt):
        ingest(con, docs, FakeCoder(), batch_size=3, on_progress=stop_after_two)
    assert count(con, "SELECT count(*) FROM documents") == 6
    coder = FakeCoder()
    summary = ingest(con, docs, coder, batch_size=3)
    assert coder.coded == ["d6"] and summary.unchanged == 6
    assert count(con, "SELECT count(*) FROM events") == 7


def test_a_stop_while_coding_keeps_the_batches_already_coded(con):
    class StoppingCoder(FakeCoder):
        def code_many(self, docs):
            if any(d.id == "d6" for d in docs):
                raise KeyboardInterrupt
            return super().code_many(docs)

    with pytest.raises(KeyboardInterrupt):
        ingest(con, [doc(f"d{i}") for i in range(9)], StoppingCoder(), batch_size=3)
    assert count(con, "SELECT count(*) FROM documents") == 6


def test_a_store_given_by_path_is_reopened_as_it_goes_and_each_document_stored_once(tmp_path, monkeypatch):
    from tidings.pipeline import run as ingest_module

    opened: list[str] = []
    connect = schema.connect

    def counted(path, read_only=False):
        opened.append(str(path))
        return connect(path, read_only)

    monkeypatch.setattr(ingest_module, "RECYCLE_DOCUMENTS", 4)
    monkeypatch.setattr(ingest_module.schema, "connect", counted)
    db = tmp_path / "t.duckdb"
    summary = ingest(db, [doc(f"d{i}") for i in range(10)], FakeCoder(), batch_size=2)
    assert summary.documents == 10
    assert len(opened) == 3  # opened, then reopened after documents 4 and 8
    con = connect(db, read_only=True)
    assert count(con, "SELECT count(*) FROM documents") == 10
    assert count(con, "SELECT count(*) FROM events WHERE cluster_id IS NULL") == 0
    con.close()


def test_inputs_are_read_a_batch_at_a_time(con):
    pulled = 0

    def stream():
        nonlocal pulled
        for i in range(50):
            pulled += 1
            yield doc(f"d{i}")

    stored, ahead = 0, []

    def progress(n: int) -> None:
        nonlocal stored
        stored += n
        ahead.append(pulled - stored)

    ingest(con, stream(), FakeCoder(), batch_size=5, on_progress=progress)
    # Read at most: the batch being written, those waiting for the writer, the one being coded.
    assert stored == 50 and max(ahead) <= 5 * (1 + WRITE_AHEAD + 1)


# --- the command --------------------------------------------------------------------------------------

@pytest.fixture
def fake_cli_coder(monkeypatch):
    """Makes `tidings ingest` in-process use a FakeCoder instead of loading spaCy."""
    from tidings.cli import code as code_module

    coder = FakeCoder()
    monkeypatch.setattr(code_module, "load_coder", lambda config: coder)
    return coder


def test_cli_stores_reports_rejects_and_sums_up(tmp_path, fake_cli_coder):
    wire = tmp_path / "wire.jsonl"
    wire.write_text('{"id": "a", "date": "2024-05-06", "text": "Peru met Chile."}\n[1, 2]\n')
    db = tmp_path / "t.duckdb"
    result = CliRunner().invoke(ingest_cli, [str(wire), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"tidings: {wire}:2: a JSON array, not an object; each line must be like {{\"id\": ..., \"text\": ...}}"
    assert lines[1].startswith("tidings: ingested 1 documents (0 unchanged, 0 replaced, 0 undated), 1 events, 1 rejects in ")
    assert lines[1].endswith(f" docs/s) into {db}")
    again = CliRunner().invoke(ingest_cli, [str(wire), "--db", str(db)])
    assert "ingested 0 documents (1 unchanged, 0 replaced, 0 undated), 0 events, 1 rejects" in again.stderr


def test_cli_uses_tidings_db_and_exits_1_when_nothing_is_readable(tmp_path, fake_cli_coder, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("TIDINGS_DB", str(db))
    result = CliRunner().invoke(ingest_cli, [str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"tidings: {tmp_path / 'missing.txt'}: no such file or folder"
    assert db.exists()


def test_cli_refuses_bad_options_in_one_line(tmp_path, fake_cli_coder):
    runner = CliRunner()
    bad_date = runner.invoke(ingest_cli, ["x.txt", "--date", "May 6", "--db", str(tmp_path / "t.duckdb")])
    assert (bad_date.exit_code, bad_date.stderr) == (2, "tidings: --date May 6: not a day written YYYY-MM-DD (e.g. 2024-07-03)\n")
    no_actors = runner.invoke(ingest_cli, ["x.txt", "--actors", str(tmp_path / "none.yaml")])
    assert (no_actors.exit_code, no_actors.stderr) == (2, f"tidings: --actors {tmp_path / 'none.yaml'}: no such file\n")
    not_a_store = tmp_path / "junk.duckdb"
    not_a_store.write_text("this is not a database")
    junk = runner.invoke(ingest_cli, ["x.txt", "--db", str(not_a_store)])
    assert junk.exit_code == 1 and junk.stderr.startswith(f"tidings: {not_a_store}: cannot open the store")
    assert "Traceback" not in junk.output + junk.stderr


# --- the real coder -------------------------------------------------------------------------------------

SUBJECTS = {"Peru": "Lima", "Chile": "Santiago", "Kenya": "Nairobi", "Norway": "Oslo", "Vietnam": "Hanoi",
            "Egypt": "Cairo"}
DEEDS = ["met the foreign minister of {b} in {city} on Monday.",
         "accused {b} of moving troops toward the border.",
         "signed a fisheries agreement with {b} on Tuesday.",
         "urged {b} to free the detained sailors.",
         "sent medical supplies to {b} after the floods."]


def articles(folder: Path, n: int) -> Path:
    """Writes `n` short dated articles (.txt) into `folder`; gives the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    names = list(SUBJECTS)
    for i in range(n):
        a, b = names[i % len(names)], names[(i * 7 + 1) % len(names)]
        if a == b:
            b = names[(names.index(a) + 1) % len(names)]
        deed = DEEDS[i % len(DEEDS)].format(b=b, city=SUBJECTS[b])
        other = DEEDS[(i + 2) % len(DEEDS)].format(b=a, city=SUBJECTS[a])
        (folder / f"art{i:03d}.txt").write_text(
            f"date 2024-05-{1 + i % 9:02d}\nThe government of {a} {deed}\n\nLater, officials of {b} {other}\n")
    return folder


def stored(db: Path) -> tuple[list, list]:
    """Gives the documents (id, text hash) and events (id, cluster, record) of a store file."""
    con = schema.connect(db, read_only=True)
    try:
        docs = con.execute("SELECT doc_id, text_hash FROM documents ORDER BY doc_id").fetchall()
        events = con.execute("SELECT id, doc_id, cluster_id, record::VARCHAR FROM events ORDER BY id").fetchall()
    finally:
        con.close()
    return docs, events


def test_real_articles_land_with_actors_and_clusters(tmp_path, coder):
    con = schema.connect(tmp_path / "r.duckdb")
    summary = ingest(con, read_documents([str(articles(tmp_path / "in", 4))]), coder)
    assert summary.documents == 4 and summary.events >= 4
    rows = con.execute("SELECT source_code, target_code, event FROM events WHERE doc_id = 'art000'").fetchall()
    assert ("PER", "CHL", "CONSULT") in rows
    assert count(con, "SELECT count(*) FROM events WHERE cluster_id IS NULL") == 0
    con.close()


@pytest.mark.slow
def test_workers_store_the_same_events_as_one_process(tmp_path, coder):
    folder = articles(tmp_path / "in", 12)
    one = schema.connect(tmp_path / "one.duckdb")
    ingest(one, read_documents([str(folder)]), coder, batch_size=3)
    one.close()
    two = schema.connect(tmp_path / "two.duckdb")
    summary = ingest(two, read_documents([str(folder)]), None, batch_size=3, workers=2)
    two.close()
    assert summary.documents == 12
    assert stored(tmp_path / "two.duckdb") == stored(tmp_path / "one.duckdb")


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_stores_every_document_once(tmp_path):
    folder = articles(tmp_path / "in", 60)
    command = [sys.executable, "-m", "tidings.cli.ingest", str(folder), "--batch-size", "2", "--db"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    whole = tmp_path / "whole.duckdb"
    subprocess.run(command + [str(whole)], check=True, capture_output=True, env=env, timeout=300)

    crashed = tmp_path / "crashed.duckdb"
    schema.connect(crashed).close()  # created and closed: its write-ahead log appears at the first commit
    proc = subprocess.Popen(command + [str(crashed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wal = Path(f"{crashed}.wal")
    deadline = time.monotonic() + 120
    while not wal.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # into the middle of the run, at no particular point of a batch
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the ingest ended before it could be killed"
    partial, _ = stored(crashed)
    assert 0 < len(partial) < 60

    rerun = subprocess.run(command + [str(crashed)], capture_output=True, text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({len(partial)} unchanged, 0 replaced, 0 undated)" in rerun.stderr
    assert stored(crashed) == stored(whole)
    docs, events = stored(whole)
    assert len(docs) == 60 and len(events) >= 60


def test_a_store_out_of_memory_says_which_setting_to_raise(tmp_path, monkeypatch):
    from tidings.store.schema import StoreError

    db = tmp_path / "t.duckdb"
    schema.connect(db).close()  # made with the default cap
    monkeypatch.setenv("TIDINGS_DB_MEMORY", "1MB")
    documents = [doc(f"d{i}", "Peru's president met Chile's president. " * 40) for i in range(200)]
    with pytest.raises(StoreError, match=r"TIDINGS_DB_MEMORY=1MB\); set TIDINGS_DB_MEMORY higher"):
        ingest(db, documents, FakeCoder(), batch_size=200)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, where every write fails: disk full")
def test_a_full_disk_is_what_the_user_sees_not_the_rollback_after_it(tmp_path):
    from tidings.store.schema import StoreError

    db = tmp_path / "t.duckdb"
    schema.connect(db).close()
    con = schema.connect(db)
    try:
        ingest(con, [doc("a")], FakeCoder())
        con.execute("CHECKPOINT")  # the write-ahead log is folded in and gone: the next commit starts it anew
        Path(f"{db}.wal").symlink_to("/dev/full")
        with pytest.raises(StoreError, match=r"No space left on device\); this batch is not stored"):
            ingest(con, [doc("b"), doc("c")], FakeCoder())
        Path(f"{db}.wal").unlink()
        assert count(con, "SELECT count(*) FROM documents") == 1
    finally:
        con.close()
