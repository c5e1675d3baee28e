"""Times coding one very long paragraph (10k, 100k and 1M characters) and prints time and memory.

    python benchmarks/long_input.py                    # 10k, 100k and 1M characters: about a minute
    python benchmarks/long_input.py --sizes 10000,100000
    python benchmarks/long_input.py --profile 100000   # cProfile of one size, top 25 by own time

Each size is coded in a fresh subprocess (so that its peak resident memory, `ru_maxrss`, is its
own), the model loaded and warmed up on one short text before the clock starts. A paragraph is one
line with no line break, made of sentences written for this file with varied people, states,
cities and dates, so spaCy's sentences, entities and the coder's events grow with its length. The
time per character is compared with the 10k run: 1.0 everywhere is linear growth. Each run has a
time limit (--timeout) and is stopped when it passes it; the program always ends.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import COUNTRIES, FAMILY, GIVEN  # noqa: E402  (facts and invented names, no sentences)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
# Written for this benchmark: events between two states, with a date and a place most of the time.
SENTENCES = [
    "{Adj} envoy {p} met {q} in {Bcap} on {date} to talk about grain exports.",
    "On {date}, {A} signed a fishing accord with {B} at a ceremony in {Acap}.",
    "{p} of {A} accused {B} of moving artillery toward the frontier on {date}.",
    "Police in {Bcap} detained {n} activists outside the {Adj} consulate on {date}.",
    "{A} promised {B} {n} tonnes of rice, a spokesman for {p} said in {Acap}.",
    "Talks between {A} and {B} stalled in {Bcap} after {q} walked out on {date}.",
    "{Adj} jets struck a depot near {Bcap} late on {date}, the army of {B} said.",
    "The cabinet in {Acap} praised {B} for reopening its airspace on {date}.",
    "Weather delayed the harvest again this season, farmers near {Bcap} said.",
    "{q} urged {A} to release the detained sailors before {date}.",
]


def paragraph(chars: int, seed: int = 7) -> str:
    """Gives one paragraph of at least `chars` characters, a space between sentences, no line break."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < chars:
        (a, adj, acap), (b, _, bcap) = rng.sample(COUNTRIES, 2)
        p = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        q = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        date = rng.choice([f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2019, 2025)}",
                           rng.choice(["Monday", "Tuesday", "Friday", "Sunday"]), f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"])
        text = rng.choice(SENTENCES).format(A=a, Adj=adj, Acap=acap, B=b, Bcap=bcap, p=p, q=q, date=date,
                                            n=rng.randint(3, 900))
        parts.append(text)
        size += len(text) + 1
    return " ".join(parts)


def measure(chars: int) -> dict:
    """Codes one paragraph of `chars` characters in this process; gives seconds, peak RSS and counts."""
    import resource

    from tidings.coder import Coder
    from tidings.documents import Document

    coder = Coder()
    coder.code(Document(id="warm", text="Kenya signed a trade deal with Ghana in Accra on Monday.", date="2024-05-02"))
    text = paragraph(chars)[:chars]
    text = text[:text.rfind(".") + 1]   # end on a whole sentence
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    events = coder.code(Document(id="long", text=text, date="2024-05-02"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"chars": len(text), "seconds": seconds, "peak_mb": peak / 1024, "loaded_mb": before / 1024,
            "events": len(events)}


def profile(chars: int, top: int = 25) -> None:
    """Prints a cProfile of coding one paragraph of `chars` characters, by own time."""
    import cProfile
    import pstats

    from tidings.coder import Coder
    from tidings.documents import Document

    coder = Coder()
    text = paragraph(chars)[:chars]
    text = text[:text.rfind(".") + 1]
    prof = cProfile.Profile()
    prof.enable()
    coder.code(Document(id="long", text=text, date="2024-05-02"))
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def run_child(chars: int, timeout: float) -> dict | None:
    """Measures one size in a fresh process; None when it passed `timeout` seconds or failed."""
    cmd = [sys.executable, __file__, "--child", str(chars)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}",
              file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="characters per paragraph, comma-separated")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a size may take before it is stopped")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, metavar="CHARS", help="profile one size instead")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    if args.profile:
        profile(args.profile)
        return
    base = None
    print(f"{'characters':>12} {'seconds':>9} {'peak RSS MB':>12} {'over load MB':>13} {'events':>7} {'s/char vs first':>16}")
    for chars in (int(s) for s in args.sizes.split(",")):
        got = run_child(chars, args.timeout)
        if got is None:
            print(f"{chars:>12,} {'stopped: over ' + str(int(args.timeout)) + ' s or failed':>40}")
            continue
        per_char = got["seconds"] / got["chars"]
        base = base or per_char
        print(f"{got['chars']:>12,} {got['seconds']:>9.2f} {got['peak_mb']:>12.0f} {got['peak_mb'] - got['loaded_mb']:>13.0f} "
              f"{got['events']:>7,} {per_char / base:>16.2f}")


if __name__ == "__main__":
    main()
