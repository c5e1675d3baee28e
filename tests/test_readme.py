"""The README's walk-through runs as printed: each command, in order, in a folder holding only the
example corpus (as a fresh clone has it), prints what the README shows (timings aside)."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TIMINGS = re.compile(r"in [\d.]+ s \([\d.]+ docs/s\)")


def walk_through() -> list[tuple[str, list[str]]]:
    """Gives each `$ command` of the README's walk-through with the lines printed under it."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## A walk-through", 1)[1].split("```console", 1)[1].split("```", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for line in block.strip("\n").splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def test_the_walk_through_uses_only_what_a_clone_has():
    steps = walk_through()
    assert len(steps) >= 5 and all(command.startswith("tidings ") for command, _ in steps)
    assert all("examples/news" in c or "news.duckdb" in c for c, _ in steps)
    assert len(list((REPO / "examples" / "news").iterdir())) == 8  # 6 articles, a CSV of 3, a JSONL of 3


@pytest.mark.slow
def test_the_walk_through_runs_as_printed(tmp_path):
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    for command, shown in walk_through():
        args = shlex.split(command)
        done = subprocess.run([sys.executable, "-m", "tidings", *args[1:]], capture_output=True, text=True,
                              cwd=tmp_path, timeout=300)
        assert done.returncode == 0, (command, done.stderr)
        printed = (done.stderr + done.stdout).splitlines()
        assert sorted(TIMINGS.sub("", line) for line in printed) == sorted(TIMINGS.sub("", line) for line in shown), \
            command
    assert (tmp_path / "dyads.png").stat().st_size > 0 and (tmp_path / "news.dta").stat().st_size > 0
