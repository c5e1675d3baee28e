"""Benchmark of the dashboard: page latency over a store of a million events.

    python benchmarks/web.py                    # 1,000,000 events, 150 requests per page kind: ~4 minutes
    python benchmarks/web.py --quick            # smoke test: 100,000 events, 30 requests per kind
    python benchmarks/web.py --json web.json    # also every figure as JSON

What it does, reported and never asserted (this machine is shared and noisy):
1. fills a store with synthetic events straight in SQL, by benchmarks/store.py's dyad-series step
   (whose own query timings it reports too), then gives those events sentences, triggers, actor
   words, records and documents, so that event pages and word searches have text to work on;
2. starts `tidings serve` on that store in its own process, as a user would, and asks it for pages
   over one keep-alive HTTP connection, the page kinds taking turns (so drift on the machine touches
   every kind alike): overview, dyad, event, search, pledges (every AGREE event a pledge, three
   in five linked), actor, about and download (a table of a page as CSV or JSON), each with varied
   parameters and as HTML and JSON; and, as the baseline, the stylesheet (a static file: what the
   server costs with no page to make); places are given to three events in five, so that maps
   have points;
3. reports per page kind the median, p95 and slowest time from sending a request to having read the
   whole answer, and the median as a multiple of the baseline's; plus what the server does not
   show once it has kept it: the overview computed from the store (cold), and the cost of opening
   the store read-only, which every other page pays.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent

TOPICS = ["port", "grain", "border", "rail", "loan", "pipeline", "customs", "election", "fishing", "water"]
VERBS = {"CONSULT": "met", "AGREE": "pledged", "SUPPORT": "praised", "COOPERATE": "joined", "ACCUSE": "accused",
         "REJECT": "rebuffed", "THREATEN": "warned", "ASSAULT": "shelled"}  # the events store.py makes
EVENT_TYPES = list(VERBS)
KINDS = ("baseline", "overview", "dyad", "event", "search", "pledges", "actor", "about", "download")
STATUSES = ("open", "reaffirmed", "fulfilled", "contradicted", "overdue")
# places given to events (a capital and its country): three events in five have one
PLACES = [("Beijing", "CHN", 39.9, 116.4), ("Astana", "KAZ", 51.2, 71.4), ("Moscow", "RUS", 55.8, 37.6),
          ("Washington", "USA", 38.9, -77.0), ("Berlin", "DEU", 52.5, 13.4), ("Tokyo", "JPN", 35.7, 139.7),
          ("New Delhi", "IND", 28.6, 77.2), ("Brasilia", "BRA", -15.8, -47.9), ("Nairobi", "KEN", -1.3, 36.8),
          ("Canberra", "AUS", -35.3, 149.1), ("Ankara", "TUR", 39.9, 32.9), ("Tehran", "IRN", 35.7, 51.4)]


def build_store(n_events: int, workdir: Path) -> tuple[Path, dict]:
    """Gives a store of n_events synthetic events with text, and the figures of its filling."""
    from store import dyad_series  # benchmarks/store.py: fills the store and times dyad series

    from tidings.store import summary
    from tidings.store.schema import connect

    started = time.perf_counter()
    series = dyad_series(n_events, workdir)
    db = workdir / "synthetic.duckdb"
    con = connect(db)
    con.execute("SET memory_limit = '4GB'")  # rewriting a million rows at once: more than a writer's usual cap
    con.execute("SET enable_progress_bar = false")
    # The sentence names both sides and a topic (the words a search looks for); offsets count from
    # the sentence, which starts its document. Documents get a publisher, so counts have sources.
    con.execute(f"""
        UPDATE events SET
            sentence_index = 0, sentence_start = 0,
            sentence_text = source_code || ' officials ' || ({_verb_sql()}) || ' ' || target_code
                            || ' over the ' || ({_topic_sql()}) || ' talks on ' || strftime(date, '%d %B %Y') || '.',
            trigger_start = length(source_code) + 11, trigger_end = length(source_code) + 11 + length({_verb_sql()}),
            trigger_text = {_verb_sql()}, source_text = source_code || ' officials', source_name = source_code,
            target_text = target_code, target_name = target_code""")
    con.execute("UPDATE events SET sentence_end = length(sentence_text)")
    places = ", ".join(f"({i}, '{n}', '{c}', {lat}, {lon})" for i, (n, c, lat, lon) in enumerate(PLACES))
    con.execute(f"""
        UPDATE events SET location_text = p.name, location_code = p.code, location_lat = p.lat, location_lon = p.lon
        FROM (VALUES {places}) p(i, name, code, lat, lon)
        WHERE hash(events.id) % 5 < 3 AND p.i = (hash(events.id || 'place') % {len(PLACES)})::INTEGER""")
    con.execute("""
        UPDATE events SET record = json_object(
            'id', id, 'doc_id', doc_id, 'doc_date', doc_date, 'date', date, 'date_precision', date_precision,
            'sentence', json_object('index', 0, 'start', 0, 'end', length(sentence_text), 'text', sentence_text),
            'trigger', json_object('start', trigger_start, 'end', trigger_end, 'text', trigger_text),
            'event', event, 'mode', NULL, 'cameo', cameo, 'quad', quad, 'goldstein', goldstein,
            'source', json_object('text', source_text, 'name', source_name, 'code', source_code, 'sector', 'GOV'),
            'target', json_object('text', target_text, 'name', target_name, 'code', target_code, 'sector', 'GOV'),
            'location', NULL, 'intent', intent, 'negated', negated, 'confidence', confidence)""")
    con.execute("""
        INSERT INTO documents (doc_id, url, title, source, date, text_hash, chars, origin, meta, ingested_at,
                               coder_version)
        SELECT doc_id, 'https://news.example/' || doc_id, 'Report ' || doc_id,
               ['Wire A', 'Wire B', 'Daily C', 'Herald D'][1 + (hash(doc_id) % 4)::BIGINT], min(doc_date), doc_id, 200,
               'synthetic', NULL, now()::TIMESTAMP, 'bench'
        FROM events GROUP BY doc_id""")
    summary.rebuild(con)   # the happenings' publishers, now that their documents are stored
    _pledges(con)
    con.execute("CHECKPOINT")
    con.close()
    return db, {**series, "text_and_documents_seconds": round(time.perf_counter() - started - series["fill_seconds"], 1)}


def _pledges(con) -> None:
    """Makes every AGREE event a pledge (an eighth of the events), a third of them with a due a year on,
    and links three in five to a later event of the store (relation by hash), as the linker would."""
    con.execute(f"""
        INSERT INTO pledges
        SELECT id, doc_id, doc_date, doc_date, source_code, target_code, cameo, 0, sentence_text, trigger_start,
               trigger_end, 0, 'work on the ' || ({_topic_sql()}) || ' talks', ['work on the ' || ({_topic_sql()}) || ' talks'],
               NULL, NULL, NULL, CASE WHEN hash(id) % 3 = 0 THEN 'next year' END,
               CASE WHEN hash(id) % 3 = 0 THEN make_date(year(doc_date) + 1, 1, 1) END,
               CASE WHEN hash(id) % 3 = 0 THEN 'year' END,
               CASE WHEN hash(id) % 3 = 0 THEN make_date(year(doc_date) + 1, 12, 31) END,
               ['04', '05', '06', '07', '08'], '{{"talks": "word"}}', false
        FROM events WHERE event = 'AGREE'""")
    con.execute("""
        INSERT INTO pledge_links
        SELECT p.event_id, e.id, ['fulfils', 'reaffirms', 'contradicts'][1 + (hash(p.event_id) % 3)::BIGINT],
               0.5, coalesce(e.date, e.doc_date), e.doc_id, e.cameo, ['talks'], p.sentence_text, e.sentence_text,
               e.source_code, e.target_code, e.trigger_start - e.sentence_start, e.trigger_end - e.sentence_start
        FROM pledges p JOIN events e ON e.id = 'e_' || (CAST(substr(p.event_id, 3) AS BIGINT) + 400)
        WHERE hash(p.event_id) % 5 < 3""")


def _verb_sql() -> str:
    return "CASE event " + " ".join(f"WHEN '{e}' THEN '{v}'" for e, v in VERBS.items()) + " END"


def _topic_sql() -> str:
    return "[" + ", ".join(f"'{t}'" for t in TOPICS) + f"][1 + (hash(id) % {len(TOPICS)})::BIGINT]"


def plan(db: Path, n_requests: int, seed: int = 7) -> dict[str, list[str]]:
    """Gives, per page kind, the paths to ask for: varied parameters, HTML and JSON alike."""
    from tidings.store.schema import connect

    rng = random.Random(seed)
    con = connect(db, read_only=True)
    dyads = [f"{s}-{t}" for s, t in con.execute(
        "SELECT source_code, target_code FROM events GROUP BY ALL ORDER BY count(*) DESC").fetchall()]
    actors = sorted({d[:3] for d in dyads})
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()

    def day(lo: int = 2015, hi: int = 2024) -> str:
        return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def twin(path: str, query: dict) -> str:
        # one in three as the JSON twin
        if rng.random() < 1 / 3:
            path = "/index.json" if path == "/" else path + ".json"
        return path + ("?" + urlencode(query) if query else "")

    def dyad_page() -> str:
        variant = rng.randrange(6)
        query: dict = {}
        if variant == 1:
            query["event"] = rng.choice(EVENT_TYPES)
        elif variant == 2:
            since = day(2015, 2022)
            query.update(since=since, until=f"{int(since[:4]) + rng.randint(0, 2)}-12-31")
        elif variant == 3:
            query.update(by="month", period=f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-01")
        elif variant == 4:
            query["page"] = rng.randint(2, 40)
        return twin(f"/dyad/{rng.choice(dyads)}", query)

    def search_page() -> str:
        variant = rng.randrange(8)
        query: dict = {}
        if variant == 1:
            query["actor"] = rng.choice(actors)
        elif variant == 2:
            query["dyad"] = rng.choice(dyads)
        elif variant == 3:
            query["event"] = rng.choice(EVENT_TYPES)
        elif variant == 4:
            since = day()
            query.update(since=since, until=f"{since[:4]}-12-31")
        elif variant == 5:
            query["q"] = rng.choice(TOPICS)
        elif variant == 6:
            query["page"] = rng.randint(2, 200)
        elif variant == 7:
            query.update(actor=rng.choice(actors), event=rng.choice(EVENT_TYPES), q=rng.choice(TOPICS))
        if rng.random() < 0.25:
            query["sort"] = rng.choice(["reports", "goldstein", "-goldstein"])
        return twin("/search", query)

    def pledges_page() -> str:
        variant = rng.randrange(6)
        query: dict = {}
        if variant == 1:
            query["status"] = rng.choice(STATUSES)
        elif variant == 2:
            query["dyad"] = rng.choice(dyads)
        elif variant == 3:
            query.update(actor=rng.choice(actors), status=rng.choice(STATUSES))
        elif variant == 4:
            since = day()
            query.update(since=since, until=f"{since[:4]}-12-31")
        elif variant == 5:
            query["page"] = rng.randint(2, 200)
        return twin("/pledges", query)
    def actor_page() -> str:
        variant = rng.randrange(4)
        query: dict = {}
        if variant == 1:
            since = day(2015, 2022)
            query.update(since=since, until=f"{int(since[:4]) + rng.randint(0, 2)}-12-31")
        elif variant == 2:
            query["page"] = rng.randint(2, 40)
        return twin(f"/actor/{rng.choice(actors)}", query)

    def download() -> str:
        # a table a page shows, as CSV or JSON: from the page's kept data, or (events) streamed
        fmt = rng.choice(["csv", "json"])
        variant = rng.randrange(4)
        if variant == 0:
            return f"/?format={fmt}&table={rng.choice(['international_dyads', 'map_points', 'series'])}"
        if variant == 1:
            return f"/actor/{rng.choice(actors)}?format={fmt}&table={rng.choice(['partners', 'event_types'])}"
        if variant == 2:
            return f"/dyad/{rng.choice(dyads)}?format={fmt}&table=series"
        since = day(2015, 2023)   # a week of one dyad's events, streamed
        return f"/search?format={fmt}&dyad={rng.choice(dyads)}&since={since}&until={since[:8]}28"

    def overview_page() -> str:
        query: dict = {} if rng.random() < 0.6 else {"by": rng.choice(["year", "month"])}
        if rng.random() < 0.25:
            since = day(2015, 2022)
            query.update(since=since, until=f"{int(since[:4]) + 1}-12-31")
        return twin("/", query)

    return {
        "baseline": ["/static/tidings.css"] * n_requests,
        "overview": [overview_page() for _ in range(n_requests)],
        "dyad": [dyad_page() for _ in range(n_requests)],
        "event": [twin(f"/event/e_{rng.randrange(n_events)}", {}) for _ in range(n_requests)],
        "search": [search_page() for _ in range(n_requests)],
        "pledges": [pledges_page() for _ in range(n_requests)],
        "actor": [actor_page() for _ in range(n_requests)],
        "about": [twin("/about", {}) for _ in range(n_requests)],
        "download": [download() for _ in range(n_requests)],
    }


def serve(db: Path) -> tuple[subprocess.Popen, int]:
    """Gives a `tidings serve` process on a free port, and the port, once it answers."""
    # one process: its latency and its resident memory are what is measured (a supervisor holds no pages)
    proc = subprocess.Popen([str(BIN / "tidings"), "serve", "--db", str(db), "--port", "0", "--workers", "1"],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"tidings serve did not start: {line.strip()}")
    port = int(match.group(1))
    deadline = time.monotonic() + 120
    while True:
        try:
            ask(http.client.HTTPConnection("127.0.0.1", port, timeout=60), "/static/tidings.css")
            return proc, port
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.2)


def ask(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, int]:
    """Gives the seconds from sending a GET to having read the whole answer, its status and size."""
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, len(body)


def run(port: int, paths: dict[str, list[str]]) -> dict[str, list[float]]:
    """Gives the milliseconds of every request per kind, the kinds taking turns; fails on any non-2xx."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times: dict[str, list[float]] = {kind: [] for kind in paths}
    for kind in paths:  # one of each first, untimed: the server's first page of a kind warms its code
        ask(conn, paths[kind][0])
    for i in range(max(len(p) for p in paths.values())):
        for kind in paths:
            if i < len(paths[kind]):
                seconds, status, _ = ask(conn, paths[kind][i])
                if status != 200:
                    raise RuntimeError(f"{paths[kind][i]} answered {status}")
                times[kind].append(seconds * 1000)
    conn.close()
    return times


def rss_mb(pid: int) -> float:
    """Gives a process's resident memory now, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def download_memory(port: int, pid: int, paths: list[str]) -> list[dict]:
    """Gives, per download, its rows, seconds, and the server's resident memory before it and at its
    peak while it streamed (sampled every 5 ms)."""
    import threading

    out = []
    for path in paths:
        before = rss_mb(pid)
        peak, done = [before], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], rss_mb(pid))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        lines = size = 0
        while chunk := response.read(1 << 16):
            lines += chunk.count(b"\n")
            size += len(chunk)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        conn.close()
        out.append({"path": path, "status": response.status, "rows": lines - 1, "mb": round(size / 1e6, 1),
                    "seconds": round(seconds, 2), "rss_before_mb": round(before, 1), "rss_peak_mb": round(peak[0], 1),
                    "rss_growth_mb": round(peak[0] - before, 1)})
    return out


def summary(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ordered[math.ceil(0.95 * len(ordered)) - 1], 1), "max_ms": round(ordered[-1], 1)}


def in_process_costs(db: Path, repeat: int = 5) -> dict:
    """Gives the median ms of opening the store read-only (and closing it), and of computing the
    overview from the store (what the server keeps once made)."""
    from tidings.store.schema import connect
    from tidings.web.views.overview import overview

    opens, overviews = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        connect(db, read_only=True).close()
        opens.append((time.perf_counter() - t) * 1000)
    for _ in range(3):
        t = time.perf_counter()
        con = connect(db, read_only=True)
        overview(con)
        con.close()
        overviews.append((time.perf_counter() - t) * 1000)
    return {"open_store_median_ms": round(statistics.median(opens), 1),
            "overview_uncached_median_ms": round(statistics.median(overviews), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=150, help="requests per page kind")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    if args.quick:
        args.events, args.requests = 100_000, 30
    report: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpus": os.cpu_count(), "events": args.events,
                    "requests_per_kind": args.requests}
    with tempfile.TemporaryDirectory(prefix="tidings-web-bench-") as tmp:
        db, report["store"] = build_store(args.events, Path(tmp))
        print(f"store: {args.events:,} events filled in {report['store']['fill_seconds']} s, text and documents in "
              f"{report['store']['text_and_documents_seconds']} s; {db.stat().st_size / 1e6:.0f} MB", flush=True)
        paths = plan(db, args.requests)
        report["in_process"] = in_process_costs(db)
        proc, port = serve(db)
        try:
            times = run(port, paths)
            report["downloads"] = download_memory(port, proc.pid, [
                "/search.csv?since=2021-01-01&until=2023-06-30&table=events", "/search.csv?table=events"])
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    report["pages"] = {kind: summary(ms) for kind, ms in times.items()}
    base = report["pages"]["baseline"]["median_ms"]
    print(f"\npage latency over {args.events:,} events, {args.requests} requests per kind "
          f"(HTML and JSON, varied parameters), one keep-alive connection:")
    print(f"{'page':<10} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'median/baseline':>16}")
    for kind in KINDS:
        s = report["pages"][kind]
        print(f"{kind:<10} {s['median_ms']:>10.1f} {s['p95_ms']:>8.1f} {s['max_ms']:>8.1f} "
              f"{s['median_ms'] / base if base else float('nan'):>16.1f}")
    ip = report["in_process"]
    print(f"\nopening the store read-only (once per server process now: the store is held open between pages): {ip['open_store_median_ms']} ms; "
          f"the overview computed from the store (first visit after the store changes): "
          f"{ip['overview_uncached_median_ms']} ms")
    print(f"dyad series (benchmarks/store.py): all dyads monthly {report['store']['all_dyads_monthly_seconds_median']} s, "
          f"one actor's {report['store']['one_actor_monthly_seconds_median']} s")
    print("\nwhole lists of events as CSV, streamed (the server's resident memory sampled every 5 ms):")
    for d in report["downloads"]:
        print(f"{d['path']}: {d['rows']:,} rows, {d['mb']} MB in {d['seconds']} s; server RSS {d['rss_before_mb']} MB "
              f"before, peak {d['rss_peak_mb']} MB (+{d['rss_growth_mb']} MB)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
