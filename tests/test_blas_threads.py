"""One BLAS thread in every coding process, whatever the environment says (tidings/nlp.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("threadpoolctl")

# In a fresh process, as the environment gives it: BLAS threads before and after the coder is built
# the way `code`, `ingest`, `eval` and the --workers and Dask workers build it.
PROBE = """
import json
from threadpoolctl import threadpool_info
import numpy
blas = lambda: [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
before = blas()
from tidings.config import CoderConfig
from tidings.pipeline.coders import build_coder
build_coder(CoderConfig())
print(json.dumps({"before": before, "after": blas()}))
"""


def test_building_a_coder_leaves_one_blas_thread_whatever_the_environment():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}  # two, even on one core
    proc = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    threads = json.loads(proc.stdout.strip().splitlines()[-1])
    if not threads["before"]:
        pytest.skip("numpy here has no BLAS that threadpoolctl can see")
    assert threads["before"] == [2] * len(threads["before"])  # the probe can tell
    assert threads["after"] == [1] * len(threads["after"])
