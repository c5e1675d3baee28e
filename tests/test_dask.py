"""Coding on a Dask cluster: documents read as a bag, coded on real worker processes, stored by one writer.

The fast tests check what needs no cluster (addresses, the bag's reading, the Parquet files); the
slow ones start real LocalClusters of spawned worker processes, each loading the model.
"""
from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'tidings[dask]'")

from conftest import cli_runner  # noqa: E402
from tidings.cli import main  # noqa: E402
from tidings.documents import Document, Reject, read_documents  # noqa: E402
from tidings.pipeline import ingest  # noqa: E402
from tidings.pipeline.coded_files import CodedFileError, parquet_inputs, read_coded, write_coded  # noqa: E402
from tidings.pipeline.dask_bag import read_bag  # noqa: E402
from tidings.pipeline.dask_workers import DaskAddressError, check_address  # noqa: E402
from tidings.store import schema  # noqa: E402

PLACES = ["Chile", "Peru", "Norway", "Kenya", "Japan", "Ghana", "Poland", "Canada"]
DEEDS = ["signed a trade accord with {b} in {city}.", "accused {b} of spying on its diplomats.",
         "sent troops to the border with {b}.", "met the foreign minister of {b} to discuss fishing rights."]
CITIES = {"Chile": "Santiago", "Peru": "Lima", "Norway": "Oslo", "Kenya": "Nairobi", "Japan": "Tokyo",
          "Ghana": "Accra", "Poland": "Warsaw", "Canada": "Ottawa"}


def write_jsonl(path: Path, n: int, bad_lines: bool = False) -> Path:
    """Writes `n` short dated reports of our own wording, one a line; with `bad_lines`, two lines that are
    not documents and a blank one among them."""
    lines = []
    for i in range(n):
        a, b = PLACES[i % len(PLACES)], PLACES[(i * 3 + 1) % len(PLACES)]
        b = b if b != a else PLACES[(i + 1) % len(PLACES)]
        text = f"The government of {a} {DEEDS[i % len(DEEDS)].format(b=b, city=CITIES[b])}"
        lines.append(json.dumps({"id": f"r{i:04d}", "date": f"2024-03-{1 + i % 28:02d}", "text": text}))
        if bad_lines and i == n // 2:
            lines += ["", "{not json", json.dumps({"id": "no-text"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(db: Path) -> dict:
    """Gives what a store holds: documents, event ids per document, rejects with their reasons."""
    con = schema.connect(db, read_only=True)
    try:
        return {"documents": con.execute("SELECT doc_id, text_hash FROM documents ORDER BY doc_id").fetchall(),
                "events": con.execute("SELECT doc_id, id FROM events ORDER BY doc_id, id").fetchall(),
                "rejects": con.execute("SELECT file, line, reason FROM rejects ORDER BY ALL").fetchall()}
    finally:
        con.close()


# --- no cluster -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("address", ["local:1", "local:12", "tcp://10.0.0.5:8786", "tls://sched.example:8786"])
def test_addresses_of_a_scheduler_or_a_local_cluster_are_taken(address):
    check_address(address)


@pytest.mark.parametrize("address", ["local:0", "local:", "local:two", "10.0.0.5:8786", "http://x:8786", ""])
def test_other_addresses_are_refused_with_what_to_give(address):
    with pytest.raises(DaskAddressError, match="tcp://HOST:8786"):
        check_address(address)


@pytest.mark.parametrize("command", ["code", "ingest"])
def test_a_bad_address_ends_the_command_before_any_work(tmp_path, command):
    data = write_jsonl(tmp_path / "a.jsonl", 2)
    result = cli_runner().invoke(main, [command, str(data), "--dask", "local:zero", "--db", str(tmp_path / "s.duckdb")]
                                 if command == "ingest" else [command, str(data), "--dask", "local:zero"])
    assert result.exit_code == 2
    assert "--dask local:zero: give a scheduler's address" in result.stderr


def test_parquet_needs_a_cluster_and_a_folder(tmp_path):
    data = write_jsonl(tmp_path / "a.jsonl", 2)
    result = cli_runner().invoke(main, ["code", str(data), "--format", "parquet", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--format parquet" in result.stderr and "--dask" in result.stderr


@pytest.mark.parametrize("block_bytes", [90, 400, 1 << 20])
def test_the_bag_reads_what_the_local_reader_reads(tmp_path, block_bytes):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "b.jsonl", 40, bad_lines=True)
    (folder / "a.txt").write_text("date 2024-02-10\nThe president of Peru met the prime minister of Japan.\n")
    (folder / "empty.txt").write_text("\n")
    with_bom = folder / "c.jsonl"
    with_bom.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "Kenya thanked Ghana.", "date": "2024-01-02"}).encode()
                         + b"\n\n" + json.dumps({"text": "Norway\rwarned Poland.", "date": "2024-01-03"}).encode() + b"\n")
    paths = [str(folder), str(tmp_path / "missing.jsonl")]
    got = read_bag(paths, block_bytes=block_bytes).compute(scheduler="sync")
    assert got == list(read_documents(paths))
    assert any(isinstance(item, Reject) and item.line is not None for item in got)  # line numbers, as read here


def write_other_kinds(folder: Path) -> None:
    """Writes a CSV, a TSV, a Parquet table, gzip and Zstandard files (one cut short) and a file of
    JSON Lines whose text is under "body_text", all of our own wording."""
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq
    import zstandard

    folder.mkdir(exist_ok=True)
    (folder / "d.csv").write_text('id,date,body\nc1,2024-04-01,"Chile recalled its envoy\nfrom Peru."\n'
                                  'c2,2024-04-02\nc3,,Japan praised Canada.\n', encoding="utf-8")
    (folder / "e.tsv").write_text("headline\tcontent\tpublished\nTalks\tGhana hosted Kenya.\t2024-04-03\n",
                                  encoding="utf-8")
    pq.write_table(pa.table({"story": ["Poland thanked Norway.", None], "pubdate": ["2024-04-04", "2024-04-05"]}),
                   folder / "f.parquet")
    (folder / "g.jsonl.gz").write_bytes(gzip.compress(write_jsonl(folder / "tmp.jsonl", 5).read_bytes()))
    (folder / "tmp.jsonl").unlink()
    (folder / "h.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(
        b"date 2024-04-06\nThe premier of Norway visited Oslo."))
    (folder / "i.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Peru warned Chile."}\n' * 50)[:-30])
    (folder / "j.tsv.gz").write_bytes(b"not gzip at all")
    (folder / "k.parquet").write_bytes(b"PAR1 but nothing more")
    (folder / "l.ndjson").write_text(json.dumps({"body_text": "Kenya sent aid to Ghana.", "id": "x"}) + "\n")


@pytest.mark.parametrize("text_field", [None, "body_text"])
def test_the_bag_reads_tables_and_compressed_files_as_the_local_reader_does(tmp_path, text_field):
    from tidings.inputs.rows import Fields

    write_other_kinds(tmp_path / "in")
    fields = Fields(text=text_field)
    paths = [str(tmp_path / "in"), str(tmp_path / "in" / "d.csv")]
    got = read_bag(paths, "2024-04-30", block_bytes=64, fields=fields).compute(scheduler="sync")
    assert got == list(read_documents(paths, "2024-04-30", fields=fields))
    docs = [item for item in got if isinstance(item, Document)]
    if text_field is None:
        assert {d.id for d in docs} >= {"c1", "c3", "e-2", "f-1", "r0000", "h"}
    else:
        assert [d.id for d in docs] == ["h", "x"]  # an article, and l.ndjson: the only row with a "body_text"
    assert any(isinstance(r, Reject) and "cut short" in r.reason for r in got)


def test_the_bag_reads_any_fsspec_storage_by_the_same_rules(tmp_path):
    import fsspec

    write_other_kinds(tmp_path / "in")
    memory = fsspec.filesystem("memory")
    for f in sorted((tmp_path / "in").iterdir()):
        memory.pipe_file(f"/tidings-test/in/{f.name}", f.read_bytes())
    try:
        got = read_bag(["memory://tidings-test/in"], "2024-04-30", block_bytes=64).compute(scheduler="sync")
    finally:
        memory.rm("/tidings-test", recursive=True)
    here = list(read_documents([str(tmp_path / "in")], "2024-04-30"))

    def seen(items):  # the same documents and reasons, under the storage's own file names
        return [(i.id, i.text, i.date) if isinstance(i, Document) else (Path(i.file).name, i.line, i.reason)
                for i in items]

    assert seen(got) == seen(here) and len(got) > 10


def test_a_plain_parquet_table_is_input_and_a_coded_one_is_stored_as_coded(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = tmp_path / "table.parquet"
    pq.write_table(pa.table({"text": ["Chile hosted talks."]}), table)
    assert parquet_inputs([str(table)]) is None and parquet_inputs([str(tmp_path)]) is None
    parts = tmp_path / "parts"
    parts.mkdir()
    write_coded(parts / "part-00000.parquet", [], "v", "{}")
    assert parquet_inputs([str(parts)]) == [parts / "part-00000.parquet"]
    with pytest.raises(CodedFileError, match="on their own"):
        parquet_inputs([str(parts), str(table)])


@pytest.mark.parametrize(("option", "named"), [(["--text-field", "body"], "the field options"),
                                               (["--dask", "local:1"], "--dask")])
def test_options_that_cannot_apply_to_coded_files_are_refused(tmp_path, option, named):
    write_coded(tmp_path / "part-00000.parquet", [], "v", "{}")
    result = cli_runner().invoke(main, ["ingest", str(tmp_path), "--db", str(tmp_path / "s.duckdb"), *option])
    assert result.exit_code == 2 and "coded already" in result.stderr and named in result.stderr


def test_standard_input_is_not_for_a_cluster():
    with pytest.raises(ValueError, match="standard input"):
        read_bag(["-"])


def test_coded_partitions_come_back_from_parquet_as_written(tmp_path):
    doc = Document("d1", "Chile hosted talks.", "2024-05-01", url="http://example.org/1", meta={"desk": "south"},
                   origin="a.jsonl:3")
    records = [{"id": "e1", "doc_id": "d1", "event": "CONSULT", "source": {"code": "CHL"}}]
    reject = Reject("a.jsonl", 4, "not JSON (Expecting value at column 1); each line must be one JSON object", "{x")
    write_coded(tmp_path / "part-00000.parquet", [(doc, records), reject], "tidings 0.1.0 config abc", "{}")
    back = list(read_coded(parquet_inputs([str(tmp_path)])))
    assert back[1] == reject
    assert back[0].records == records and (back[0].id, back[0].text, back[0].url, back[0].meta, back[0].origin) == (
        doc.id, doc.text, doc.url, doc.meta, doc.origin)


def test_parquet_and_articles_are_not_ingested_together(tmp_path):
    write_coded(tmp_path / "part-00000.parquet", [], "v", "{}")
    with pytest.raises(CodedFileError, match="on their own"):
        parquet_inputs([str(tmp_path), str(write_jsonl(tmp_path / "a.jsonl", 1))])


# --- real clusters ----------------------------------------------------------------------------------------

def shared_inputs(shared: Path) -> list[str]:
    sets = sorted((shared / "eval").glob("*.jsonl"))
    if not sets or not (shared / "seed").is_dir():
        pytest.skip(f"no eval sets or seed under {shared}")
    return [str(p) for p in sets] + [str(shared / "seed")]


@pytest.mark.slow
def test_ingest_on_a_local_cluster_stores_what_a_local_ingest_stores(tmp_path, shared_dir, coder):
    inputs = shared_inputs(shared_dir) + [str(write_jsonl(tmp_path / "ours.jsonl", 6, bad_lines=True))]
    here = tmp_path / "here.duckdb"
    ingest(here, read_documents(inputs), coder)
    there = tmp_path / "there.duckdb"
    result = cli_runner().invoke(main, ["ingest", *inputs, "--dask", "local:2", "--db", str(there)])
    assert result.exit_code == 0, result.stderr
    assert "ours.jsonl:6: not JSON" in result.stderr  # rejects told as locally, with their reason
    local, cluster = stored(here), stored(there)
    assert cluster["events"] == local["events"] and len(local["events"]) > 1000
    assert cluster["documents"] == local["documents"] and cluster["rejects"] == local["rejects"]
    again = cli_runner().invoke(main, ["ingest", *inputs, "--dask", "local:2", "--db", str(there)])
    assert again.exit_code == 0 and "ingested 0 documents" in again.stderr, again.stderr
    assert stored(there) == cluster


@pytest.mark.slow
def test_code_writes_parquet_partitions_that_ingest_stores_as_coded(tmp_path, shared_dir, coder):
    inputs = [str(shared_dir / "eval" / "news_dev.jsonl"), str(shared_dir / "seed"),
              str(write_jsonl(tmp_path / "ours.jsonl", 30, bad_lines=True))]
    here = tmp_path / "here.duckdb"
    ingest(here, read_documents(inputs), coder)
    parts = tmp_path / "parts"
    coded = cli_runner().invoke(main, ["code", *inputs, "--dask", "local:2", "-o", str(parts), "--format", "parquet"])
    assert coded.exit_code == 0, coded.stderr
    assert "ours.jsonl:18: not JSON" in coded.stderr
    assert len(list(parts.glob("part-*.parquet"))) == 3  # a partition per block: one per file here
    there = tmp_path / "there.duckdb"
    loaded = cli_runner().invoke(main, ["ingest", str(parts), "--db", str(there)])
    assert loaded.exit_code == 0, loaded.stderr
    assert stored(there) == stored(here)


@pytest.mark.slow
def test_a_cluster_codes_tables_with_the_field_options_and_tells_its_progress(tmp_path, coder):
    from distributed import Client, LocalCluster

    from tidings.api import Store

    folder = tmp_path / "in"
    write_other_kinds(folder)
    here = cli_runner().invoke(main, ["code", str(folder), "--date", "2024-04-30"])
    there = cli_runner().invoke(main, ["code", str(folder), "--date", "2024-04-30", "--dask", "local:1"])
    assert here.exit_code == there.exit_code == 0, there.stderr
    assert there.stdout == here.stdout and there.stdout.count("\n") > 3
    summary = [line for line in there.stderr.splitlines() if line.startswith("tidings: coded ")]
    assert summary and summary[0].split(" in ")[0] == here.stderr.splitlines()[-1].split(" in ")[0]
    named = cli_runner().invoke(main, ["code", str(folder / "l.ndjson"), "--text-field", "body_text",
                                       "--dask", "local:1"])
    assert named.exit_code == 0 and "coded 1 documents" in named.stderr, named.stderr
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as client:
        with Store(tmp_path / "there.duckdb", write=True) as store:
            summary = store.ingest([str(folder)], date="2024-04-30", client=client)
    ingest(tmp_path / "here.duckdb", read_documents([str(folder)], "2024-04-30"), coder)
    assert summary.documents > 3 and stored(tmp_path / "there.duckdb") == stored(tmp_path / "here.duckdb")


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_no_document_and_doubles_none(tmp_path):
    from distributed import Client, LocalCluster

    data = write_jsonl(tmp_path / "many.jsonl", 240)
    written = threading.Event()
    killed: list[int] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())

        def kill_one_after_the_first_batches() -> None:
            if written.wait(timeout=600):
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        done = 0

        def progress(n: int) -> None:
            nonlocal done
            done += n
            if done >= 40:
                written.set()

        killer = threading.Thread(target=kill_one_after_the_first_batches)
        killer.start()
        summary = ingest(tmp_path / "s.duckdb", read_documents([str(data)]), None, batch_size=8,
                         on_progress=progress, client=client)
        written.set()
        killer.join()
        alive = list(client.run(os.getpid).values())
    assert killed and killed[0] not in alive  # the nanny started another worker in its place
    assert summary.documents == 240 and summary.rejects == 0
    docs = stored(tmp_path / "s.duckdb")["documents"]
    assert [d for d, _ in docs] == [f"r{i:04d}" for i in range(240)]
