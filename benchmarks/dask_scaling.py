"""Gives ingest throughput on a Dask LocalCluster against local worker processes, and worker memory.

    python benchmarks/dask_scaling.py                  # 600 articles, each arm twice; memory over 20,000 reports
    python benchmarks/dask_scaling.py --quick          # a smoke test, a few minutes
    python benchmarks/dask_scaling.py --docs 1000 --repeat 3 --memory-docs 20000 --json scaling.json

Arms, on the same synthetic corpus (benchmarks/corpus.py) in the same run, interleaved in alternating
order (this machine is shared and its speed drifts), each in a fresh process ingesting into a new store:
    --workers 1, --workers 2          local processes (tidings.pipeline.workers)
    --dask local:1, --dask local:2    a LocalCluster of that many worker processes, one thread each
Two speeds per run: whole (documents over the whole ingest, model loads and cluster start included)
and steady (documents over the time between the first and the last batch written: what a long run gets).
The overhead of a partition is measured on one worker: the steady time of the corpus in batches of 8
against batches of 64, over the extra partitions.
Memory: one --dask local:2 ingest of --memory-docs short reports (first paragraphs of the corpus'
articles), each worker's resident memory sampled as it goes. Figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 17
ARMS = [("workers 1", {"workers": 1}), ("workers 2", {"workers": 2}),
        ("dask local:1", {"dask": "local:1"}), ("dask local:2", {"dask": "local:2"})]
OVERHEAD_BATCHES = (8, 64)


# --- in the arm's own process ----------------------------------------------------------------------------

def run_arm(spec: dict[str, Any]) -> dict[str, Any]:
    """Ingests the spec's corpus once; gives its timings, and worker memory samples when asked."""
    import contextlib

    import psutil

    from tidings.documents import read_documents
    from tidings.pipeline import ingest
    from tidings.pipeline.dask_workers import dask_client

    started = time.perf_counter()
    marks: list[tuple[float, int]] = []
    samples: list[dict[str, Any]] = []
    stop = threading.Event()

    def progress(n: int) -> None:
        marks.append((time.perf_counter(), (marks[-1][1] if marks else 0) + n))

    def take(pids: list[int]) -> None:
        rss = {}
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                rss[pid] = psutil.Process(pid).memory_info().rss / 2**20
        samples.append({"docs": marks[-1][1] if marks else 0, "rss_mb": rss,
                        "client_mb": psutil.Process().memory_info().rss / 2**20})

    def sample(pids: list[int]) -> None:
        while not stop.wait(spec.get("sample_seconds", 2.0)):
            take(pids)

    with contextlib.ExitStack() as stack:
        client = stack.enter_context(dask_client(spec["dask"])) if spec.get("dask") else None
        pids = list(client.run(os.getpid).values()) if client is not None and spec.get("memory") else []
        if pids:
            threading.Thread(target=sample, args=(pids,), daemon=True).start()
        began = time.perf_counter()
        summary = ingest(spec["db"], read_documents([spec["corpus"]]), None, batch_size=spec["batch_size"],
                         workers=spec.get("workers", 1), on_progress=progress, client=client)
        ended = time.perf_counter()
        stop.set()
        if pids:
            take(pids)  # at the end, with every document stored
    first_t, first_n = marks[0]
    last_t, last_n = marks[-1]
    return {"documents": summary.documents, "batches": len(marks), "whole_seconds": ended - started,
            "ingest_seconds": ended - began, "steady_docs": last_n - first_n, "steady_seconds": last_t - first_t,
            "samples": samples}


# --- in the parent -----------------------------------------------------------------------------------------

def write_corpus(path: Path, n: int, short: bool = False) -> int:
    """Writes `n` synthetic articles (or, `short`, their first paragraphs) as JSON Lines; gives their count."""
    sys.path.insert(0, str(HERE))
    from corpus import corpus

    with path.open("w", encoding="utf-8") as out:
        for doc in corpus(n, SEED):
            text = doc.text.split("\n\n", 1)[0] if short else doc.text
            out.write(json.dumps({"id": doc.id, "date": doc.date, "text": text}) + "\n")
    return n


def measure(spec: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Gives one run of an arm from a fresh process, into a fresh store."""
    db = workdir / "bench.duckdb"
    for f in (db, Path(f"{db}.wal")):
        f.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--arm", json.dumps({**spec, "db": str(db)})],
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"dask_scaling: an arm failed: {(proc.stderr.strip().splitlines() or ['no output'])[-1]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def rates(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Gives the median whole and steady documents per second of an arm's runs."""
    return {"whole": statistics.median(r["documents"] / r["whole_seconds"] for r in runs),
            "steady": statistics.median(r["steady_docs"] / r["steady_seconds"] for r in runs)}


def compare(corpus: Path, repeat: int, batch_size: int, workdir: Path) -> dict[str, dict[str, float]]:
    runs: dict[str, list] = {label: [] for label, _ in ARMS}
    for rep in range(repeat):
        for label, arm in (ARMS if rep % 2 == 0 else ARMS[::-1]):
            print(f"  {label}, run {rep + 1}/{repeat} ...", file=sys.stderr, flush=True)
            runs[label].append(measure({**arm, "corpus": str(corpus), "batch_size": batch_size}, workdir))
    return {label: rates(r) for label, r in runs.items()}


def overhead(corpus: Path, repeat: int, workdir: Path) -> dict[str, Any]:
    """Gives the seconds a partition costs on one worker: steady time with small batches against big ones."""
    out = {}
    for label, arm in (("dask local:1", {"dask": "local:1"}), ("workers 1", {"workers": 1})):
        steady = {}
        for size in OVERHEAD_BATCHES:
            print(f"  overhead: {label}, batches of {size} ...", file=sys.stderr, flush=True)
            runs = [measure({**arm, "corpus": str(corpus), "batch_size": size}, workdir) for _ in range(repeat)]
            steady[size] = statistics.median(r["steady_seconds"] / r["steady_docs"] for r in runs)
        small, big = OVERHEAD_BATCHES
        per_doc = steady[small] - steady[big]  # the extra seconds a document, in small batches
        out[label] = {"seconds_per_partition": per_doc / (1 / small - 1 / big),
                      "ms_per_doc": {size: 1000 * s for size, s in steady.items()}}
    return out


def memory(corpus: Path, workdir: Path) -> list[dict[str, Any]]:
    """Gives the worker memory samples of one --dask local:2 ingest of the memory corpus."""
    print("  memory: dask local:2 ...", file=sys.stderr, flush=True)
    return measure({"dask": "local:2", "corpus": str(corpus), "batch_size": 256, "memory": True,
                    "sample_seconds": 2.0}, workdir)["samples"]


def memory_lines(samples: list[dict[str, Any]], total: int) -> list[str]:
    lines = ["Worker memory, --dask local:2, resident MB per worker process (and the ingesting process) by documents stored:"]
    if not samples:
        return lines + ["  no samples (the run was shorter than one sampling interval)"]
    marks = sorted({max(1, total // 10), total // 4, total // 2, 3 * total // 4, total})
    for mark in marks:
        near = min(samples, key=lambda s: abs(s["docs"] - mark))
        workers = ", ".join(f"{mb:.0f}" for mb in near["rss_mb"].values())
        lines.append(f"  {near['docs']:>7,} documents: workers {workers}; ingest process {near['client_mb']:.0f}")
    firsts = [s for s in samples if s["docs"] >= total // 10] or samples
    grow = [max(s["rss_mb"].values(), default=0) for s in (firsts[0], samples[-1])]
    lines.append(f"  largest worker from {firsts[0]['docs']:,} to {samples[-1]['docs']:,} documents: "
                 f"{grow[0]:.0f} -> {grow[1]:.0f} MB ({grow[1] - grow[0]:+.0f} MB)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ingest on a Dask LocalCluster against local workers.")
    parser.add_argument("--docs", type=int, default=600, help="articles in the throughput corpus (default 600)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each arm (default 2)")
    parser.add_argument("--memory-docs", type=int, default=20_000, help="short reports for the memory run (default 20,000)")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 256 articles, one run, 2,000 reports")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--arm", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.arm:
        print(json.dumps(run_arm(json.loads(args.arm))))
        return 0
    if args.quick:
        args.docs, args.repeat, args.memory_docs = 256, 1, 2000
    if args.docs < 4 * OVERHEAD_BATCHES[1]:
        parser.error(f"--docs must be at least {4 * OVERHEAD_BATCHES[1]}: a few batches of each size")
    batch_size = max(8, args.docs // 20)  # ~20 batches: the steady speed is measured between them
    started = time.perf_counter()
    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()[0], "docs": args.docs,
                              "repeat": args.repeat, "memory_docs": args.memory_docs}
    with tempfile.TemporaryDirectory(prefix="tidings-dask-") as tmp:
        workdir = Path(tmp)
        write_corpus(workdir / "articles.jsonl", args.docs)
        write_corpus(workdir / "reports.jsonl", args.memory_docs, short=True)
        report["arms"] = compare(workdir / "articles.jsonl", args.repeat, batch_size, workdir)
        report["overhead"] = overhead(workdir / "articles.jsonl", 1, workdir)
        report["memory"] = memory(workdir / "reports.jsonl", workdir)
    arms = report["arms"]
    lines = [f"Ingest of {args.docs} synthetic articles (seed {SEED}), batches of {batch_size}, each arm {args.repeat}x in its "
             f"own process, interleaved; {report['cpus']} CPUs, 1-min load {report['load_at_start']:.2f} at the start",
             f"{'arm':<16} {'whole docs/s':>13} {'steady docs/s':>14}"]
    lines += [f"{label:<16} {r['whole']:>13.1f} {r['steady']:>14.1f}" for label, r in arms.items()]
    for pair in (("workers 2", "workers 1"), ("dask local:2", "dask local:1"), ("dask local:1", "workers 1"),
                 ("dask local:2", "workers 2")):
        a, b = arms[pair[0]], arms[pair[1]]
        lines.append(f"{pair[0]} / {pair[1]}: whole {a['whole'] / b['whole']:.2f}, steady {a['steady'] / b['steady']:.2f}")
    lines.append("Overhead of a partition (one worker; steady ms a document in batches of "
                 f"{OVERHEAD_BATCHES[0]} and {OVERHEAD_BATCHES[1]}):")
    for label, o in report["overhead"].items():
        ms = ", ".join(f"{size}: {v:.1f}" for size, v in o["ms_per_doc"].items())
        lines.append(f"  {label:<14} {1000 * o['seconds_per_partition']:7.1f} ms a partition ({ms})")
    lines += memory_lines(report["memory"], args.memory_docs)
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    lines.append(f"(wall time {report['wall_seconds']:.0f} s)")
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
