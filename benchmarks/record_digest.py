"""A digest of every event record `tidings code` writes for the shared sets, the seed and the example.

    python benchmarks/record_digest.py [--keep DIR]

A refactoring of the coder must leave every record as it was: run this before and after and compare
the digests (and, with --keep, diff the records themselves). Sets absent on this machine are skipped.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
PROJECT = HERE.parent
SHARED = PROJECT.parent / "shared"


def inputs() -> list[pathlib.Path]:
    """Gives every input coded: the shared gold sets, the seed, the bundled example."""
    found = sorted((SHARED / "eval").glob("*.jsonl")) + sorted((SHARED / "eval").glob("*/*.jsonl"))
    found += sorted((SHARED / "seed").glob("*.txt"))
    found += sorted((PROJECT / "tidings" / "data" / "examples").glob("*.txt"))
    return [p for p in found if p.is_file()]


def chains_as_documents(path: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """Gives a JSONL file of the articles of a pledge-chain file, as plain documents."""
    with path.open() as f, out.open("w") as w:
        for line in f:
            chain = json.loads(line)
            for article in chain.get("articles", []):
                w.write(json.dumps({"id": article["id"], "date": article.get("date"), "text": article["text"]}) + "\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="keep each input's records in DIR")
    args = parser.parse_args()
    keep = pathlib.Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    tidings = PROJECT / ".venv" / "bin" / "tidings"
    total = hashlib.sha256()
    for path in inputs():
        source = path
        if path.parent.name == "pledges":
            source = chains_as_documents(path, pathlib.Path("/tmp") / f"digest-{path.stem}.jsonl")
        out = subprocess.run([str(tidings), "code", str(source), "--format", "jsonl"],
                             capture_output=True, check=True).stdout
        digest = hashlib.sha256(out).hexdigest()
        total.update(out)
        lines = out.count(b"\n")
        print(f"{digest[:16]}  {lines:6d} events  {path.relative_to(PROJECT.parent)}")
        if keep:
            (keep / f"{path.stem}.jsonl").write_bytes(out)
    print(f"{total.hexdigest()[:16]}  all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
