"""Gives the throughput of Tidings coding against bare spaCy parsing of the same paragraphs.

    python benchmarks/throughput.py                 # 200 articles, every arm 4 times (about 6 minutes)
    python benchmarks/throughput.py --quick         # smoke test, well under a minute
    python benchmarks/throughput.py --docs 500 --repeat 5 --json bench.json

Every measurement ("arm") runs in its own subprocess: it loads the model, builds the corpus
(benchmarks/corpus.py, deterministic), warms up on a few other articles, then times one pass.
A fresh process per arm is what lets us
- read peak memory as the process's `ru_maxrss`: it counts everything the OS gave the process
  (numpy/BLAS buffers, spaCy's C arrays), costs nothing while timing, and being a high-water mark it
  is only meaningful with one arm per process. tracemalloc was rejected: it sees only Python's
  allocators and slows allocation-heavy Python code (the coder's stages) far more than the parser,
  which would skew the very ratio we measure;
- switch thinc's ops (TIDINGS_OPS=default or unset) and BLAS threads, which are process-global.
Arms of one comparison run interleaved, in alternating order (A B, B A, ...), because this machine
is shared and its speed drifts; each figure is the median of the repeats. Speeds are reported,
never asserted.

The main group runs in the environment as given (its thread variables are reported) and the threads
group, interleaved with it, with one BLAS thread; the coder sets one BLAS thread itself
(tidings/nlp.py), so the two should agree: a line starting FAIL says when they differ by more than
15% (docs/s of either arm, or the coding pass's CPU seconds).
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 13
WARMUP_DOCS = 6
MAIN_BATCH = 32  # the coder's own nlp.pipe batch size (tidings.stages.parse.BATCH_SIZE)
BATCH_SIZES = (1, 8, 32, 128)
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
AS_GIVEN_TOLERANCE = 0.15  # how far "as given" may be from one BLAS thread before the report says FAIL


class ArmFailed(RuntimeError):
    """A measurement subprocess did not give a result."""


# ---------------------------------------------------------------------------------------------
# Inside the subprocess: one arm, timed once.

def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Gives the peak resident memory so far in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def _steal_seconds() -> float:
    """Gives the CPU time the hypervisor has taken from this machine since boot (0 where unknown)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _texts(docs: list) -> list[str]:
    """Gives the paragraphs of the documents, split exactly as the coder splits them."""
    from tidings.stages.parse import paragraphs

    return [para for doc in docs for _, para in paragraphs(doc.text)]


def _articles(path: str, limit: int) -> list:
    """Gives the first `limit` documents of a JSONL file (id, date, text), for timing real text."""
    from tidings.documents import Document, read_documents

    return [d for d in read_documents([path]) if isinstance(d, Document)][:limit]


def run_arm(spec: dict[str, Any]) -> dict[str, Any]:
    """Gives the timing and memory of one arm: a bare parse or a coding pass over the corpus."""
    from corpus import corpus

    docs = _articles(spec["articles"], spec["docs"]) if spec.get("articles") else corpus(spec["docs"], spec["seed"])
    warm = corpus(WARMUP_DOCS, spec["seed"] + 1)  # other articles: no vocabulary primed for the timed pass
    result: dict[str, Any] = {"docs": len(docs), "paragraphs": len(_texts(docs))}
    result.update((_time_bare if spec["kind"] == "bare" else _time_coding)(spec, docs, warm))
    result["rss_peak_mb"] = _rss_mb()
    result["rss_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)  # n_process workers, once joined
    return result


class _Clock:
    """Times one pass: wall seconds, this process's CPU seconds (all its threads), host steal."""

    def __enter__(self) -> "_Clock":
        self.start, self.cpu, self.steal = time.perf_counter(), time.process_time(), _steal_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.figures = {"seconds": time.perf_counter() - self.start,
                        "cpu_seconds": time.process_time() - self.cpu,
                        "steal_seconds": _steal_seconds() - self.steal}


def _time_bare(spec: dict[str, Any], docs: list, warm: list) -> dict[str, Any]:
    """Gives the figures of nlp.pipe over the paragraphs, with the coder's own model loader and ops."""
    from tidings.nlp import load_model

    from tidings.config import CoderConfig

    nlp = load_model(ops=CoderConfig().ops)
    result: dict[str, Any] = {"ops": nlp.get_pipe("parser").model.ops.name}
    texts = _texts(docs)
    for _ in nlp.pipe(_texts(warm), batch_size=spec["batch_size"]):
        pass
    result["rss_loaded_mb"] = _rss_mb()
    labels: list[list[Any]] | None = [] if spec.get("labels_path") else None
    sentences = tokens = 0
    with _Clock() as clock:
        for parsed in nlp.pipe(texts, batch_size=spec["batch_size"], n_process=spec["n_process"]):
            sentences += sum(1 for _ in parsed.sents)  # the coder walks the sentences too
            tokens += len(parsed)
            if labels is not None:
                labels.append([[t.dep_, t.head.i, t.ent_iob_ + t.ent_type_] for t in parsed])
    result.update(clock.figures, sentences=sentences, tokens=tokens)
    if labels is not None:
        Path(spec["labels_path"]).write_text(json.dumps(labels))
    return result


def _time_coding(spec: dict[str, Any], docs: list, warm: list) -> dict[str, Any]:
    """Gives the figures of Coder().code_many over the documents, and a digest of the events."""
    from tidings.coder import Coder

    coder = Coder()
    result: dict[str, Any] = {"ops": coder.nlp.get_pipe("parser").model.ops.name}
    for _ in coder.code_many(warm):
        pass
    result["rss_loaded_mb"] = _rss_mb()
    with _Clock() as clock:
        coded = [events for _, events in coder.code_many(docs)]
    # Digest after the clock stops: the parity check must not cost the arm time.
    digest = hashlib.sha1()
    for events in coded:
        for event in events:
            digest.update(json.dumps(event.to_dict(), sort_keys=True).encode())
    result.update(clock.figures, events=sum(len(e) for e in coded), events_sha1=digest.hexdigest())
    return result


# ---------------------------------------------------------------------------------------------
# In the parent: plan arms, run them in subprocesses, summarise.

@dataclass
class Arm:
    """One thing to measure: what to run, under which environment, and its runs' results."""

    group: str
    label: str
    kind: str  # "bare" or "coding"
    batch_size: int = MAIN_BATCH
    n_process: int = 1
    env: dict[str, str] = field(default_factory=dict)
    default_ops: bool = False
    labels: bool = False
    runs: list[dict[str, Any]] = field(default_factory=list)

    def median(self, key: str) -> float:
        """Gives the median of a per-run figure over the runs."""
        return statistics.median(r[key] for r in self.runs)


def plan() -> list[Arm]:
    """Gives every arm, grouped: each group's arms are compared with each other, interleaved.

    "main" runs in the environment as given (numpy's BLAS picks its thread count); every other
    group pins one BLAS thread, because on this 2-core shared machine a multi-threaded BLAS made
    single runs swing 3-6x, which would drown the differences the variants are there to show.
    """
    one = dict(ONE_THREAD)
    arms = [Arm("main", "bare parse (nlp.pipe, bs 32)", "bare"),
            Arm("main", "tidings coding (code_many)", "coding"),
            Arm("threads", "bare parse (nlp.pipe, bs 32)", "bare", env=one),
            Arm("threads", "tidings coding (code_many)", "coding", env=one)]
    arms += [Arm("batch_size", f"bare parse, bs {bs}", "bare", batch_size=bs, env=one) for bs in BATCH_SIZES]
    arms += [Arm("n_process", f"bare parse, bs 32, n_process {n}", "bare", n_process=n, env=one) for n in (1, 2)]
    arms += [Arm("ops", "bare parse, matmul ops (unset)", "bare", labels=True, env=one),
             Arm("ops", "bare parse, thinc default ops", "bare", default_ops=True, labels=True, env=one),
             Arm("ops", "tidings coding, thinc default ops", "coding", default_ops=True, env=one)]
    return arms


ARTICLES: str | None = None   # --articles FILE: time real documents instead of the synthetic corpus


def measure(arm: Arm, n_docs: int, workdir: Path, rep: int) -> dict[str, Any]:
    """Gives one run of `arm` from a fresh subprocess; raises ArmFailed with the worker's last words."""
    env = {k: v for k, v in os.environ.items() if k != "TIDINGS_OPS"}
    env.update(arm.env)
    if arm.default_ops:
        env["TIDINGS_OPS"] = "default"
    spec = {"kind": arm.kind, "docs": n_docs, "seed": SEED, "batch_size": arm.batch_size,
            "n_process": arm.n_process, "articles": ARTICLES}
    if arm.labels:
        spec["labels_path"] = str(workdir / f"labels-{'default' if arm.default_ops else 'matmul'}-{rep}.json")
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise ArmFailed(f"{arm.label}: {last}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(rep=rep, labels_path=spec.get("labels_path"))
    return result


def run_groups(arms: list[Arm], n_docs: int, repeat: int, workdir: Path, progress: bool) -> None:
    """Runs every group's arms `repeat` times, interleaved in alternating order, filling `arm.runs`."""
    groups: dict[str, list[Arm]] = {}
    for arm in arms:
        # as given and one BLAS thread are compared with each other: they run interleaved too
        groups.setdefault("main" if arm.group == "threads" else arm.group, []).append(arm)
    for members in groups.values():
        for rep in range(repeat):
            for arm in (members if rep % 2 == 0 else members[::-1]):
                if progress:
                    print(f"  [{arm.group}] {arm.label}, run {rep + 1}/{repeat} ...", file=sys.stderr, flush=True)
                arm.runs.append(measure(arm, n_docs, workdir, rep))


def compare_labels(matmul: Path, default: Path) -> dict[str, int]:
    """Gives how many tokens differ in dependency label, head and entity label between two parses."""
    a, b = json.loads(matmul.read_text()), json.loads(default.read_text())
    counts = {"tokens": 0, "dep": 0, "head": 0, "ent": 0, "paragraphs_differing": 0, "length_mismatch": 0}
    for pa, pb in zip(a, b):
        if len(pa) != len(pb):
            counts["length_mismatch"] += 1
            continue
        counts["paragraphs_differing"] += pa != pb
        counts["tokens"] += len(pa)
        for ta, tb in zip(pa, pb):
            counts["dep"] += ta[0] != tb[0]
            counts["head"] += ta[1] != tb[1]
            counts["ent"] += ta[2] != tb[2]
    counts["length_mismatch"] += abs(len(a) - len(b))
    return counts


def _spread(arm: Arm, key: str) -> dict[str, float]:
    values = [r[key] for r in arm.runs]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _ratio(bare: Arm, coding: Arm) -> dict[str, float]:
    """Gives coding docs/s over bare docs/s: the median of same-repeat pairs, and the ratio of medians."""
    # Runs of the same repeat are neighbours in time: their ratio cancels most of the machine's drift.
    paired = [c["docs_per_s"] / b["docs_per_s"] for b, c in zip(bare.runs, coding.runs)]
    return {"paired_median": statistics.median(paired), "min": min(paired), "max": max(paired),
            "of_medians": coding.median("docs_per_s") / bare.median("docs_per_s"), "target": 0.7}


def summarise(arms: list[Arm]) -> dict[str, Any]:
    """Gives the figures: per arm medians and spreads, the coding/bare ratio, the ops parity check."""
    by = {(a.group, a.kind, a.default_ops): a for a in arms}
    bare, coding = by[("main", "bare", False)], by[("main", "coding", False)]
    ops_bare = by.get(("ops", "bare", True))
    sentences = {False: bare.runs[0]["sentences"], True: ops_bare.runs[0]["sentences"] if ops_bare else None}
    out: dict[str, Any] = {"arms": []}
    for arm in arms:
        for r in arm.runs:
            r["docs_per_s"] = r["docs"] / r["seconds"]
            # The coder does not count sentences; the bare parse under the same ops has the same ones.
            r["sentences_per_s"] = r.get("sentences", sentences[arm.default_ops]) / r["seconds"]
            if "events" in r:
                r["events_per_s"] = r["events"] / r["seconds"]
        for r in arm.runs:
            r["cpu_per_wall"] = r["cpu_seconds"] / r["seconds"]
        row = {"group": arm.group, "label": arm.label, "kind": arm.kind, "batch_size": arm.batch_size,
               "n_process": arm.n_process, "ops": arm.runs[0]["ops"], "env": arm.env, "runs": arm.runs}
        for key in ("docs_per_s", "sentences_per_s", "events_per_s", "seconds", "cpu_per_wall"):
            if key in arm.runs[0]:
                row[key] = _spread(arm, key)
        row["rss_peak_mb"] = max(r["rss_peak_mb"] for r in arm.runs)
        row["rss_loaded_mb"] = max(r["rss_loaded_mb"] for r in arm.runs)
        row["rss_children_mb"] = max(r["rss_children_mb"] for r in arm.runs)
        out["arms"].append(row)
    out["ratio"] = _ratio(bare, coding)
    if ("threads", "bare", False) in by:
        one_bare, one_coding = by[("threads", "bare", False)], by[("threads", "coding", False)]
        out["ratio_one_thread"] = _ratio(one_bare, one_coding)
        # Paired by repeat, as _ratio: the two arms of a repeat ran next to each other
        paired = lambda given, one, key: statistics.median(  # noqa: E731
            g[key] / o[key] for g, o in zip(given.runs, one.runs))
        out["as_given_over_one_thread"] = {
            "bare docs/s": paired(bare, one_bare, "docs_per_s"),
            "coding docs/s": paired(coding, one_coding, "docs_per_s"),
            "coding cpu s": paired(coding, one_coding, "cpu_seconds")}
    if ops_bare is not None:   # the ops group (with --groups, perhaps not run)
        _ops_figures(out, by, coding)
    for arm in arms:
        for r in arm.runs:
            r.pop("labels_path", None)  # a temporary file, gone once the report is written
    return out


def _ops_figures(out: dict[str, Any], by: dict, coding: Arm) -> None:
    """Adds the ops group's figures: coding/bare under default ops, the parity of parses and events."""
    default_bare, default_coding = by[("ops", "bare", True)], by[("ops", "coding", True)]
    out["ratio_default_ops"] = default_coding.median("docs_per_s") / default_bare.median("docs_per_s")
    matmul_bare = by[("ops", "bare", False)]
    out["ops_parity"] = compare_labels(Path(matmul_bare.runs[0]["labels_path"]),
                                       Path(default_bare.runs[0]["labels_path"]))
    out["ops_parity"]["events_identical"] = (
        {r["events_sha1"] for r in coding.runs} == {r["events_sha1"] for r in default_coding.runs})
    out["ops_speedup"] = matmul_bare.median("docs_per_s") / default_bare.median("docs_per_s")


# ---------------------------------------------------------------------------------------------
# Report.

def machine() -> dict[str, Any]:
    """Gives what the figures depend on: CPUs, their model, Python and library versions."""
    import numpy
    import spacy

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "platform": platform.platform(), "spacy": spacy.__version__, "numpy": numpy.__version__}


def code_state() -> dict[str, str]:
    """Gives the git commit of the checkout and a digest of the tidings package's files as they are now."""
    package = HERE.parent / "tidings"
    digest = hashlib.sha1()
    for f in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f.relative_to(package).as_posix().encode() + b"\0" + f.read_bytes())
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent, capture_output=True,
                                text=True, timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return {"commit": commit, "package_sha1": digest.hexdigest()[:12]}


def _fmt(spread: dict[str, float] | None, digits: int = 1) -> str:
    if spread is None:
        return "-"
    return f"{spread['median']:.{digits}f} [{spread['min']:.{digits}f}-{spread['max']:.{digits}f}]"


def table(report: dict[str, Any]) -> str:
    """Gives the report as a plain-text table: medians with [min-max] over the repeats."""
    c, s, m = report["corpus"], report["summary"], report["machine"]
    code = report["code"]
    lines = [
        f"Tidings throughput, {report['when']}: {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, "
        f"spaCy {m['spacy']}, numpy {m['numpy']}",
        f"code: commit {code['commit']}, tidings/ files sha1 {code['package_sha1']}"
        + (" (WARNING: tidings/ changed during the run; figures mix versions)" if code["changed_during_run"] else ""),
        f"corpus: {c['docs']} {('articles of ' + c['articles']) if c.get('articles') else 'synthetic articles'} "
        f"(seed {c['seed']}), {c['paragraphs']:,} paragraphs, "
        f"{c['sentences']:,} sentences, {c['tokens']:,} tokens; each arm {report['repeat']}x in its own process, "
        f"median [min-max]",
        "",
        f"{'arm':<40} {'docs/s':>20} {'sentences/s':>22} {'events/s':>20} {'cpu/wall':>9} {'peak RSS MB':>12} {'over load':>10}",
    ]
    given = ", ".join(f"{k}={v}" for k, v in report["environment"].items()) or "no thread variables set"
    titles = {"main": f"Coding against bare parsing, environment as given ({given})",
              "threads": "The same, one BLAS thread (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1, as every group below)",
              "batch_size": "Bare parse: nlp.pipe batch_size",
              "n_process": "Bare parse: processes",
              "ops": "thinc ops: numpy matmul (TIDINGS_OPS unset) vs thinc default (TIDINGS_OPS=default)"}
    group = None
    for row in s["arms"]:
        if row["group"] != group:
            group = row["group"]
            lines += ["", titles[group]]
        peak = row["rss_peak_mb"] + (row["rss_children_mb"] if row["n_process"] > 1 else 0)
        note = f"{peak:>12.0f}" + ("*" if row["n_process"] > 1 else " ")
        lines.append(f"  {row['label']:<38} {_fmt(row['docs_per_s']):>20} {_fmt(row['sentences_per_s'], 0):>22} "
                     f"{_fmt(row.get('events_per_s'), 0):>20} {row['cpu_per_wall']['median']:>9.2f} {note}{row['rss_peak_mb'] - row['rss_loaded_mb']:>9.0f}")
    lines.append("")
    for name, key in (("", "ratio"), (", one BLAS thread", "ratio_one_thread")):
        if key in s:
            r = s[key]
            lines.append(f"coding/bare docs/s{name}: {r['paired_median']:.2f} (median of {report['repeat']} interleaved "
                         f"pairs, range {r['min']:.2f}-{r['max']:.2f}; ratio of medians {r['of_medians']:.2f}; "
                         f"target >= {r['target']})")
    if "as_given_over_one_thread" in s:
        ratios = s["as_given_over_one_thread"]
        lines.append("as given / one BLAS thread (median of same-repeat pairs): "
                     + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
        off = [f"{k} {v:.2f}" for k, v in ratios.items() if abs(v - 1) > AS_GIVEN_TOLERANCE]
        if off:
            lines.append(f"FAIL: as given differs from one BLAS thread by more than {AS_GIVEN_TOLERANCE:.0%}: "
                         + ", ".join(off))
    steal = sum(r["steal_seconds"] for row in s["arms"] for r in row["runs"])
    if "ops_parity" in s:
        p = s["ops_parity"]
        lines += [
            f"coding/bare under thinc default ops: {s['ratio_default_ops']:.2f}; "
            f"matmul ops parse {s['ops_speedup']:.2f}x as fast as default ops",
            f"parses, default vs matmul ops: {p['dep']} dep labels, {p['head']} heads, {p['ent']} entity labels "
            f"differ of {p['tokens']:,} tokens ({p['paragraphs_differing']} paragraphs differ, "
            f"{p['length_mismatch']} tokenised differently); coded events identical: "
            f"{'yes' if p['events_identical'] else 'NO'}"]
    lines += [
        "",
        f"CPU time the host stole during all timed passes: {steal:.1f} s (from /proc/stat).",
        "cpu/wall: the arm process's CPU seconds (all its threads) per second timed, median; "
        "above 1 means BLAS threads ran in parallel.",
        "peak RSS: the arm process's ru_maxrss; * adds the largest n_process worker's. "
        "'over load': peak minus the peak after loading and warm-up.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark from the command line; gives the exit code."""
    parser = argparse.ArgumentParser(description="Tidings coding throughput against bare spaCy parsing.")
    parser.add_argument("--docs", type=int, default=200, help="articles in the corpus (default 200)")
    # An even count balances the alternating order (A B, B A) of each group's arms.
    parser.add_argument("--repeat", type=int, default=4, help="runs of each arm; medians are reported (default 4)")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 12 articles, one run each")
    parser.add_argument("--json", metavar="FILE", help="also write every figure and run to FILE")
    parser.add_argument("--articles", metavar="FILE.jsonl",
                        help="time the documents of FILE (real text) instead of the synthetic corpus")
    parser.add_argument("--groups", metavar="NAMES", help="run only these groups, comma-separated (main, threads, ...)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    global ARTICLES
    ARTICLES = str(Path(args.articles).resolve()) if args.articles else None
    if args.worker:
        print(json.dumps(run_arm(json.loads(args.worker))))
        return 0
    if args.quick:
        args.docs, args.repeat = 12, 1
    if args.docs < 1 or args.repeat < 1:
        parser.error("--docs and --repeat must be at least 1")
    started, when, code = time.perf_counter(), datetime.datetime.now().astimezone(), code_state()
    arms = plan()
    if args.groups:
        arms = [a for a in arms if a.group in args.groups.split(",")]
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as tmp:
        try:
            run_groups(arms, args.docs, args.repeat, Path(tmp), progress=sys.stderr.isatty())
        except ArmFailed as e:
            print(f"throughput: an arm failed: {e}", file=sys.stderr)
            return 1
        summary = summarise(arms)
    first = arms[0].runs[0]
    report = {
        "command": " ".join([Path(sys.executable).name, "benchmarks/throughput.py", *sys.argv[1:]]),
        "when": when.isoformat(timespec="seconds"),
        "machine": machine(),
        "environment": {k: os.environ[k] for k in ONE_THREAD if k in os.environ},
        # Others edit tidings/ while benchmarks run: the figures belong to the code as it was.
        "code": {**code, "changed_during_run": code_state()["package_sha1"] != code["package_sha1"]},
        "corpus": {"docs": first["docs"], "seed": SEED, "articles": args.articles, "paragraphs": first["paragraphs"],
                   "sentences": first["sentences"], "tokens": first["tokens"]},
        "repeat": args.repeat,
        "summary": summary,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(table(report))
    print(f"\n(wall time {report['wall_seconds']:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
