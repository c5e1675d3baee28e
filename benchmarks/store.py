"""Benchmark of the event store: what storing costs, whether memory stays flat, how fast dyad series are.

    python benchmarks/store.py                      # 100,000 documents, 1,000,000 events: ~15 minutes
    python benchmarks/store.py --quick              # smoke test: 2,000 documents, 100,000 events

Three measurements, each reported, never asserted (this machine is shared and noisy):
1. storage cost: `tidings code` and `tidings ingest` on the same documents, run alternately in fresh
   processes; the ratio ingest/code of documents per second (the issue's goal: storing costs <= 10%);
2. flat memory: one `tidings ingest` of the whole corpus in a subprocess whose resident memory is
   sampled from /proc twice a second; the report gives it at each tenth of the run;
3. dyad series: a store filled with synthetic events straight in SQL (1,000,000 by default), then the
   monthly dyad series of all dyads and of one actor's dyads, each timed five times (median).
The documents are the first paragraph of each article of benchmarks/corpus.py (1-3 sentences), so
that 100,000 of them code in minutes rather than hours.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent


def write_corpus(path: Path, n_docs: int, seed: int = 29) -> int:
    """Writes n_docs short documents as JSON Lines, streaming; gives the number written."""
    import datetime
    import random

    from corpus import article

    rng = random.Random(seed)
    start = datetime.date(2015, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n_docs):
            day = start + datetime.timedelta(days=rng.randrange(3650))
            doc = article(rng, f"doc-{i:06d}", day)
            first = doc.text.split("\n\n")[0]
            out.write(json.dumps({"id": doc.id, "date": doc.date, "text": first,
                                  "source": rng.choice(["Wire A", "Wire B", "Daily C", "Herald D"])}) + "\n")
    return n_docs


def timed(cmd: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - started


def storage_cost(corpus: Path, n_docs: int, workdir: Path, repeat: int) -> dict:
    """Gives documents/s of code and ingest on the same documents, alternating, and their ratio."""
    code_s, ingest_s, ratios = [], [], []
    for rep in range(repeat):
        db = workdir / f"cost-{rep}.duckdb"
        arms = [("code", [str(BIN / "tidings"), "code", str(corpus), "-o", os.devnull]),
                ("ingest", [str(BIN / "tidings"), "ingest", str(corpus), "--db", str(db)])]
        if rep % 2:
            arms.reverse()
        seconds = {name: timed(cmd) for name, cmd in arms}
        code_s.append(n_docs / seconds["code"])
        ingest_s.append(n_docs / seconds["ingest"])
        ratios.append(ingest_s[-1] / code_s[-1])
    return {"docs": n_docs, "code_docs_per_s": statistics.median(code_s),
            "ingest_docs_per_s": statistics.median(ingest_s), "ratio": statistics.median(ratios),
            "ratio_range": [min(ratios), max(ratios)], "repeat": repeat}


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def flat_memory(corpus: Path, n_docs: int, workdir: Path, workers: int) -> dict:
    """Runs one ingest of the whole corpus, sampling its resident memory; gives the profile."""
    db = workdir / "full.duckdb"
    cmd = [str(BIN / "tidings"), "ingest", str(corpus), "--db", str(db), "--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []

    def sample() -> None:
        while proc.poll() is None:
            total = rss_mb(proc.pid) or 0.0
            for child in _children(proc.pid):
                total += rss_mb(child) or 0.0
            samples.append((time.perf_counter() - started, total))
            time.sleep(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    thread.join()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed: {err.strip().splitlines()[-1] if err.strip() else proc.returncode}")
    # Per tenth of the run, the peak and the median: DuckDB's checkpoints (every ~16 MB of writes, and
    # at each reopen) make short peaks; the median is the level the process works at.
    peaks, medians = [], []
    for tenth in range(1, 11):
        within = [mb for t, mb in samples if seconds * (tenth - 1) / 10 < t <= seconds * tenth / 10]
        peaks.append(round(max(within), 1) if within else None)
        medians.append(round(statistics.median(within), 1) if within else None)
    return {"docs": n_docs, "workers": workers, "seconds": round(seconds, 1),
            "docs_per_s": round(n_docs / seconds, 1), "rss_mb_peak_by_tenth": peaks,
            "rss_mb_median_by_tenth": medians,
            "summary": err.strip().splitlines()[-1] if err.strip() else ""}


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


FILL_BATCH = 100_000  # events a statement: a million at once needs more than the writer's 64 MB


def dyad_series(n_events: int, workdir: Path) -> dict:
    """Fills a store with synthetic events in SQL and times monthly dyad series over it.

    Event i's dyad, type and day repeat every 14,600 events (the least common multiple of their
    cycles); the events sharing them are cut into clusters of three, so that each cluster's
    reports share their dyad and type, as clusters.py's rule makes them.
    """
    from tidings.store import summary
    from tidings.store.schema import connect

    db = workdir / "synthetic.duckdb"
    con = connect(db)
    started = time.perf_counter()
    for first in range(0, n_events, FILL_BATCH):
        _fill(con, first, min(n_events, first + FILL_BATCH))
    summary.rebuild(con)
    fill_s = time.perf_counter() - started
    con.close()
    return {"events": n_events, "fill_seconds": round(fill_s, 2), **_series_times(db)}


def _fill(con, first: int, end: int) -> None:
    """Inserts synthetic events first..end-1 (one statement)."""
    con.execute(f"""
        INSERT INTO events (id, doc_id, doc_date, date, date_precision, event, cameo, quad, goldstein,
                            source_code, target_code, intent, negated, confidence, cluster_id, record)
        SELECT 'e_' || i, 'd_' || (i // 5), d, d, 'day',
               ['CONSULT','AGREE','SUPPORT','COOPERATE','ACCUSE','REJECT','THREATEN','ASSAULT'][1 + (i * 7) % 8],
               ['040','030','051','060','111','120','130','190'][1 + (i * 7) % 8],
               [1,1,1,2,3,3,3,4][1 + (i * 7) % 8], [1.0,4.0,3.4,6.0,-2.0,-4.0,-4.4,-10.0][1 + (i * 7) % 8],
               ['CHN','KAZ','USA','RUS','IND','BRA','ZAF','DEU','FRA','JPN','TUR','IRN','EGY','NGA','MEX',
                'GBR','KOR','PAK','IDN','SAU'][1 + (i * 13) % 20],
               ['CHN','KAZ','USA','RUS','IND','BRA','ZAF','DEU','FRA','JPN','TUR','IRN','EGY','NGA','MEX',
                'GBR','KOR','PAK','IDN','SAU'][1 + (i * 17 + 3) % 20],
               false, false, 0.5, 'c_' || (i % 14600) || '_' || (i // 14600 // 3), '{{}}'
        FROM (SELECT i, DATE '2015-01-01' + CAST((i * 37) % 3650 AS INTEGER) AS d
              FROM range({first}, {end}) t(i))
    """)


def _series_times(db: Path) -> dict:
    """Gives the median seconds of the monthly series of all dyads and of one actor's (5 runs each)."""
    from tidings.store import queries
    from tidings.store.schema import connect

    con = connect(db, read_only=True)
    runs_all, runs_one = [], []
    for _ in range(5):
        t = time.perf_counter()
        frame = queries.dyads(con, by="month")
        runs_all.append(time.perf_counter() - t)
        t = time.perf_counter()
        one = queries.dyads(con, by="month", actor="CHN")
        runs_one.append(time.perf_counter() - t)
    con.close()
    return {"all_dyads_monthly_seconds_median": round(statistics.median(runs_all), 3),
            "all_dyads_rows": len(frame),
            "one_actor_monthly_seconds_median": round(statistics.median(runs_one), 3),
            "one_actor_rows": len(one)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--compare", type=int, default=2_000, help="documents for the code/ingest comparison")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=("cost", "memory", "series"), help="run one measurement only")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.compare, args.events, args.repeat = 2_000, 500, 100_000, 2
    report: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="tidings-store-bench-") as tmp:
        work = Path(tmp)
        small, full = work / "compare.jsonl", work / "corpus.jsonl"
        if args.only in (None, "cost"):
            write_corpus(small, args.compare)
            report["storage_cost"] = storage_cost(small, args.compare, work, args.repeat)
            print(f"storage cost: code {report['storage_cost']['code_docs_per_s']:.1f} docs/s, ingest "
              f"{report['storage_cost']['ingest_docs_per_s']:.1f} docs/s, ratio {report['storage_cost']['ratio']:.2f} "
              f"(range {report['storage_cost']['ratio_range'][0]:.2f}-{report['storage_cost']['ratio_range'][1]:.2f}) "
              f"on {args.compare} documents", flush=True)
        if args.only in (None, "memory"):
            write_corpus(full, args.docs)
            report["flat_memory"] = flat_memory(full, args.docs, work, args.workers)
            fm = report["flat_memory"]
            print(f"ingest of {args.docs} documents: {fm['seconds']} s, {fm['docs_per_s']} docs/s; RSS MB in each "
                  f"tenth of the run, median: {fm['rss_mb_median_by_tenth']}, peak: {fm['rss_mb_peak_by_tenth']}",
                  flush=True)
        if args.only in (None, "series"):
            report["dyad_series"] = dyad_series(args.events, work)
            ds = report["dyad_series"]
            print(f"monthly dyad series over {args.events} events: all dyads {ds['all_dyads_monthly_seconds_median']} s "
              f"({ds['all_dyads_rows']} rows), dyads of one actor {ds['one_actor_monthly_seconds_median']} s "
                  f"({ds['one_actor_rows']} rows); filling took {ds['fill_seconds']} s", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
