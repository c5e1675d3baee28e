"""Benchmark of the PETRARCH (Phoenix) dictionaries: how long they take to load, the memory they add,
and how fast the coder codes with them next to without them, measured in the same run.

    python benchmarks/petrarch.py                      # 120 articles, each arm twice: about 2 minutes
    python benchmarks/petrarch.py --docs 40 --repeat 1 # a quick look
    python benchmarks/petrarch.py --dictionaries DIR   # where the Phoenix files are (default ../shared/petrarch)

The dictionaries are read in place (never copied): the three Phoenix actor files, the fourth
actor file when given (--actors FILE, e.g. PETR.Validate.actors.txt) and Phoenix.agents.txt. Load is
timed in a fresh process each time (nothing kept from an earlier read), memory as the growth of the
process's peak resident size; coding speed on the corpus of benchmarks/corpus.py, the two arms
alternating. Figures are printed, never asserted (the machine is shared and noisy).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

PHOENIX = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
TIMEOUT = 600   # seconds any child may take


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_once(actors: list[str], agents: list[str]) -> dict:
    """Loads the dictionaries in this (fresh) process; gives seconds and the peak memory they added."""
    from tidings.coder import builtin_lexicon
    from tidings.lexicon.configured import extend_lexicon

    base = builtin_lexicon()
    before = peak_mb()
    started = time.perf_counter()
    lexicon = extend_lexicon(base, actors, agents)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "added_mb": peak_mb() - before, "problems": len(lexicon.problems)}


def in_child(args: list[str]) -> dict:
    """Runs this file with `args` in a fresh Python and gives the JSON it prints."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def code_speed(actors: list[str], agents: list[str], docs: int, repeat: int) -> dict:
    """Codes the corpus with and without the dictionaries, alternating; gives documents a second each way."""
    from corpus import corpus

    from tidings.coder import Coder
    from tidings.config import CoderConfig

    articles = corpus(docs)
    coders = {"without": Coder(CoderConfig()), "with": Coder(CoderConfig(actors=tuple(actors), agents=tuple(agents)))}
    for coder in coders.values():   # warm both: the model's first batch is slow
        list(coder.code_many(articles[:4]))
    rates: dict[str, list[float]] = {name: [] for name in coders}
    events: dict[str, int] = {}
    for _ in range(repeat):
        for name, coder in coders.items():
            started = time.perf_counter()
            events[name] = sum(len(found) for _, found in coder.code_many(articles))
            rates[name].append(docs / (time.perf_counter() - started))
    best = {name: max(values) for name, values in rates.items()}
    return {"docs_per_s": best, "ratio": best["with"] / best["without"], "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionaries", default=str(HERE.parent.parent / "shared" / "petrarch"))
    parser.add_argument("--actors", action="append", default=[], help="a fourth actor file (repeatable)")
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--loads", type=int, default=3, help="fresh processes that time the load")
    parser.add_argument("--child-load", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    folder = Path(options.dictionaries)
    actors = [str(folder / name) for name in PHOENIX] + options.actors
    agents = [str(folder / "Phoenix.agents.txt")]
    missing = [p for p in actors + agents if not Path(p).is_file()]
    if missing:
        raise SystemExit(f"benchmarks/petrarch.py: {missing[0]}: no such file (give --dictionaries DIR)")
    if options.child_load:
        print(json.dumps(load_once(actors, agents)))
        return
    loads = [in_child(["--dictionaries", str(folder), "--child-load", *sum((["--actors", a] for a in options.actors), [])])
             for _ in range(options.loads)]
    print(f"load of {len(actors)} actor files and 1 agents file, {options.loads} fresh processes:")
    print(f"  seconds  min {min(l['seconds'] for l in loads):.2f}  max {max(l['seconds'] for l in loads):.2f}")
    print(f"  memory added (peak RSS)  max {max(l['added_mb'] for l in loads):.0f} MB;"
          f"  lines skipped with a message: {loads[0]['problems']}")
    speed = code_speed(actors, agents, options.docs, options.repeat)
    rate = speed["docs_per_s"]
    print(f"coding {options.docs} articles, best of {options.repeat}:")
    print(f"  without {rate['without']:.1f} docs/s   with {rate['with']:.1f} docs/s   ratio {speed['ratio']:.2f}"
          f"   events {speed['events']['without']} / {speed['events']['with']}")


if __name__ == "__main__":
    main()
