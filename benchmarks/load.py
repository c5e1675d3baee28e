"""Benchmark of the dashboard under load: 20 clients at once, then one, over a store of a million events.

    python benchmarks/load.py                          # 1,000,000 events, a temporary store: ~3 minutes
    python benchmarks/load.py --store /tmp/load        # build the store there once, reuse it after
    python benchmarks/load.py --events 100000 --requests 400 --single 50 --workers 2

What it does, reported and never asserted (this machine is shared and noisy):
1. builds a store of N synthetic events straight in SQL, in bulk (benchmarks/web.py's build_store:
   events with sentences, records and documents), or reuses the one under --store when it holds N;
2. starts `tidings serve` on it on loopback in its own process (`--workers` passed on);
3. runs `--clients` clients at once (20), each over its own keep-alive connection, taking the next
   request from one shared list of `--requests` (2,000): the overview, dyad, event and search pages
   (HTML and JSON, varied parameters; benchmarks/web.py's plan) and the stylesheet, in equal parts,
   shuffled; then one client for `--single` (200) requests of the same mix;
4. prints, per page kind and for the stylesheet, the median and p95 from sending a request to having
   read its whole answer, the errors (any answer but 200, or a failed connection) and requests/s;
   and the server's CPU time per request (its processes' user and system time over the run): a
   figure other work on the machine moves far less than latencies.
Every request has a timeout and the server is stopped at the end: the program always ends.
"""
from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
BIN = Path(sys.executable).parent
KINDS = ("overview", "dyad", "event", "search", "stylesheet")
SPLIT = ("pages asked before", "pages first asked")   # the same path asked earlier (kept), or not
TIMEOUT = 30  # seconds a request may take before it counts as an error
POPULAR = 5  # paths per page kind that the popular share of requests is drawn from


def store_at(directory: Path, n_events: int) -> Path:
    """Gives the store of n_events under `directory`, built there unless one of that size is there."""
    from web import build_store

    from tidings.store.schema import connect

    db = directory / "synthetic.duckdb"
    if db.is_file():
        con = connect(db)   # as a writer: a store of an older schema is migrated
        have = con.execute("SELECT count(*) FROM events").fetchone()[0]
        con.close()
        if have == n_events:
            print(f"store: reusing {db} ({have:,} events)", flush=True)
            return db
        db.unlink()
    started = time.perf_counter()
    # filling a million rows in one statement needs more than a writer's usual memory cap
    os.environ.setdefault("TIDINGS_DB_MEMORY", "4GB")
    build_store(n_events, directory)
    print(f"store: {n_events:,} events built in {time.perf_counter() - started:.0f} s at {db} "
          f"({db.stat().st_size / 1e6:.0f} MB)", flush=True)
    return db


def mix(db: Path, n: int, seed: int, popular: float) -> list[tuple[str, str]]:
    """Gives n (kind, path) requests, the kinds in equal parts, shuffled; a `popular` share of the
    pages drawn from POPULAR paths of each kind (the pages many readers open), the rest all varied."""
    from web import plan

    per_kind = math.ceil(n / len(KINDS))
    paths = plan(db, per_kind, seed)
    paths["stylesheet"] = paths.pop("baseline")
    rng = random.Random(seed)
    common = plan(db, POPULAR, seed + 1000)   # one fixed draw of a few paths per kind
    asked = [(kind, rng.choice(common[kind]) if kind != "stylesheet" and rng.random() < popular else path)
             for kind in KINDS for path in paths[kind]]
    rng.shuffle(asked)
    return asked[:n]


def serve(db: Path, workers: int | None) -> tuple[subprocess.Popen, int]:
    """Gives a `tidings serve` process on a free loopback port, and the port, once it answers."""
    import socket

    with socket.socket() as s:   # uvicorn's workers need a port given, not 0
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    more = ["--workers", str(workers)] if workers else []   # none given: the server's default
    # the server's stderr goes to a file: a pipe nobody reads would stop it once full
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([str(BIN / "tidings"), "serve", "--db", str(db), "--port", str(port), *more],
                            stderr=log, text=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            conn.request("GET", "/index.json")
            if conn.getresponse().read() is not None:
                conn.close()
                return proc, port
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.seek(0)
                raise RuntimeError(f"tidings serve did not start: {log.read().strip()}")
            time.sleep(0.2)


def run(port: int, asked: list[tuple[str, str]], clients: int,
        warm: frozenset[str] = frozenset()) -> tuple[dict[str, list[float]], list[str], float]:
    """Gives the milliseconds of each answered request per kind (and per SPLIT: its path asked
    before, `warm` included, or not), the errors and the wall seconds, `clients` threads taking
    requests from `asked` in turn."""
    times: dict[str, list[float]] = {kind: [] for kind in (*KINDS, *SPLIT)}
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(asked)
    seen: set[str] = set(warm)   # paths asked before, in this run or the warm-up: the server may keep them

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        while True:
            with lock:
                item = next(queue, None)
                if item is not None:
                    split = SPLIT[0] if item[1] in seen else SPLIT[1]
                    seen.add(item[1])
            if item is None:
                break
            kind, path = item
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as e:
                status = f"{type(e).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            ms = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    times[kind].append(ms)
                    if kind != "stylesheet":
                        times[split].append(ms)
                else:
                    errors.append(f"{path}: {status}")
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors, time.perf_counter() - started


def server_cpu(proc: subprocess.Popen) -> float:
    """Gives the CPU seconds the server's processes (uvicorn's workers included) have used so far
    (NaN without psutil, which the `dask` extra brings)."""
    try:
        import psutil
    except ImportError:
        return float("nan")

    try:
        root = psutil.Process(proc.pid)
        total = 0.0
        for p in [root, *root.children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return float("nan")


def percentile(ms: list[float], q: float) -> float:
    ordered = sorted(ms)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def report(title: str, times: dict[str, list[float]], errors: list[str], seconds: float, cpu: float) -> None:
    answered = sum(len(times[kind]) for kind in KINDS)
    asked = answered + len(errors)
    print(f"\n{title}: {asked:,} requests in {seconds:.1f} s, {asked / seconds:.1f} req/s, {len(errors)} errors; "
          f"server CPU {cpu:.1f} s, {cpu / asked * 1000:.1f} ms a request")
    print(f"{'kind':<18} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    every = [ms for kind in KINDS if kind != "stylesheet" for ms in times[kind]]
    for kind, ms in [*[(k, times[k]) for k in KINDS], ("all pages", every), *[(k, times[k]) for k in SPLIT]]:
        if ms:
            print(f"{kind:<18} {len(ms):>5} {statistics.median(ms):>8.1f} {percentile(ms, 0.95):>8.1f} {max(ms):>8.1f}")
    for error in errors[:5]:
        print(f"  error: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, help="folder to build the store in (and reuse it from)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="requests of the many clients")
    parser.add_argument("--single", type=int, default=200, help="requests of the one client")
    parser.add_argument("--workers", type=int, help="`tidings serve --workers` (default: the server's own)")
    parser.add_argument("--popular", type=float, default=0.25,
                        help="share of page requests drawn from a few popular paths per kind (0: all varied)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tidings-load-") as tmp:
        directory = args.store or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        db = store_at(directory, args.events)
        many, one = mix(db, args.requests, 11, args.popular), mix(db, args.single, 12, args.popular)
        warm = mix(db, 40, 13, 0)
        proc, port = serve(db, args.workers)
        try:
            run(port, warm, 4)   # warm-up: every kind once or more, untimed
            asked = frozenset(path for _, path in warm)
            before = server_cpu(proc)
            found = run(port, many, args.clients, asked)
            report(f"{args.clients} clients, {args.workers or 'default'} worker(s), popular share {args.popular:g}",
                   *found, server_cpu(proc) - before)
            before = server_cpu(proc)
            found = run(port, one, 1, asked | {path for _, path in many})
            report("1 client", *found, server_cpu(proc) - before)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
