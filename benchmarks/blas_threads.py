"""Gives the whole-process CPU and wall time of a `tidings` command as given against one BLAS thread.

    python benchmarks/blas_threads.py                      # tidings code plv_dev, 4 runs each, idle
    python benchmarks/blas_threads.py --busy               # the same with a busy loop on another core
    python benchmarks/blas_threads.py --tidings /other/.venv/bin/tidings --runs 2 -- ingest X --db /tmp/b.duckdb

Each run is one whole process (model load included), timed from outside: its wall time, and the
user + system CPU seconds of it and every thread it ran (os.wait4). The two arms alternate
(A B, B A, ...) because this machine is shared and its speed drifts; medians are reported.
"as given" is the environment this script was started with, minus the thread variables (as a new
user runs it); "one BLAS thread" adds OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=1.
`--busy` keeps `yes > /dev/null` running on the side for the whole comparison (killed at the end):
that is the case of a shared server, or of other workers on the other cores.
A line starting FAIL is printed when the arms' median CPU or wall time differ by more than 15%.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
TOLERANCE = 0.15
DEFAULT_INPUT = HERE.parent.parent / "shared" / "eval" / "plv_dev.jsonl"


def environments() -> dict[str, dict[str, str]]:
    """Gives the two arms' environments: as given (no thread variables) and one BLAS thread."""
    given = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    return {"as given": given, "one BLAS thread": {**given, **{k: "1" for k in THREAD_VARIABLES}}}


def run_once(command: list[str], env: dict[str, str], stdout) -> tuple[float, float]:
    """Gives the wall and CPU seconds (user + system, all threads) of one run of `command`."""
    # stderr to a file, not a pipe: a pipe nobody reads until the end fills up (a warning a document
    # with no date) and stalls the run
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=stdout, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    if proc.returncode not in (0,):
        raise SystemExit(f"blas_threads: {' '.join(command)} exited {proc.returncode}: "
                         f"{(err.strip().splitlines() or ['no output'])[-1]}")
    return wall, usage.ru_utime + usage.ru_stime


def compare(command: list[str], runs: int, before_each: list[str] | None) -> dict[str, list[tuple[float, float]]]:
    """Runs the arms alternately, `runs` times each; gives each arm's (wall, cpu) per run."""
    envs = environments()
    names = list(envs)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    with open(os.devnull, "wb") as null:
        for rep in range(runs):
            for name in (names if rep % 2 == 0 else names[::-1]):
                if before_each:
                    subprocess.run(before_each, check=True, stdout=null, stderr=null)
                results[name].append(run_once(command, envs[name], null))
                wall, cpu = results[name][-1]
                print(f"  run {rep + 1}/{runs} {name:<16} wall {wall:6.1f} s  cpu {cpu:6.1f} s",
                      file=sys.stderr, flush=True)
    return results


def report(results: dict[str, list[tuple[float, float]]], label: str) -> list[str]:
    """Gives the lines of the comparison, with a FAIL line when the arms differ by more than 15%."""
    medians = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
               for name, runs in results.items()}
    (wall_a, cpu_a), (wall_b, cpu_b) = medians["as given"], medians["one BLAS thread"]
    lines = [label]
    for name, runs in results.items():
        walls = ", ".join(f"{w:.1f}" for w, _ in runs)
        cpus = ", ".join(f"{c:.1f}" for _, c in runs)
        lines.append(f"  {name:<16} wall median {medians[name][0]:6.1f} s ({walls})   "
                     f"cpu median {medians[name][1]:6.1f} s ({cpus})")
    wall_ratio, cpu_ratio = wall_a / wall_b, cpu_a / cpu_b
    lines.append(f"  as given / one BLAS thread: wall {wall_ratio:.2f}, cpu {cpu_ratio:.2f}")
    bad = [f"{what} {ratio:.2f}" for what, ratio in (("wall", wall_ratio), ("cpu", cpu_ratio))
           if abs(ratio - 1) > TOLERANCE]
    if bad:
        lines.append(f"FAIL: as given differs from one BLAS thread by more than {TOLERANCE:.0%}: {', '.join(bad)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Runs the comparison from the command line; gives the exit code."""
    parser = argparse.ArgumentParser(description="tidings as given against one BLAS thread, whole processes.")
    parser.add_argument("--runs", type=int, default=4, help="runs of each arm (default 4)")
    parser.add_argument("--busy", action="store_true", help="keep `yes > /dev/null` running meanwhile")
    parser.add_argument("--tidings", default=shutil.which("tidings") or str(Path(sys.executable).parent / "tidings"),
                        help="the tidings executable (another checkout's, to measure before and after)")
    parser.add_argument("args", nargs="*", help="the command's arguments (default: code plv_dev.jsonl)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    tidings_args = args.args or ["code", str(DEFAULT_INPUT)]
    if not args.args and not DEFAULT_INPUT.is_file():
        parser.error(f"{DEFAULT_INPUT} is missing: give a command, e.g. -- code FILE.jsonl")
    command = [args.tidings, *tidings_args]
    before_each = None
    if "--db" in tidings_args:  # an ingest: each run starts from an empty store
        db = tidings_args[tidings_args.index("--db") + 1]
        before_each = ["rm", "-f", db, db + ".wal"]
    load = os.getloadavg()[0]
    busy = subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) if args.busy else None
    try:
        results = compare(command, args.runs, before_each)
    finally:
        if busy is not None:  # the one process this script started on the side
            busy.kill()
            busy.wait()
    given = {k: os.environ[k] for k in THREAD_VARIABLES if k in os.environ}
    label = (f"{' '.join(command)}: {args.runs} alternating runs each, whole processes, "
             f"{'with `yes` busy on the side' if args.busy else 'nothing else started'} "
             f"(1-min load {load:.2f} at the start, {os.cpu_count()} CPUs); "
             f"thread variables given: {given or 'none'}")
    print("\n".join(report(results, label)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
