"""Shared fixtures: the real coder, loaded once per session, and the shared data folder."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Gives ../shared beside the repository; skips when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared data folder is not at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def coder():
    """Gives the real Coder, loaded once for the session (spaCy takes seconds to load)."""
    from tidings.coder import Coder

    return Coder()


@pytest.fixture
def cli_coder(coder, monkeypatch):
    """Makes in-process `tidings` commands use the session's coder instead of loading a new one."""
    from tidings.cli import code as code_module
    from tidings.cli import eval as eval_module

    load = code_module.load_coder

    def load_shared(actors):
        return coder if actors is None else load(actors)

    monkeypatch.setattr(code_module, "load_coder", load_shared)
    monkeypatch.setattr(eval_module, "load_coder", load_shared)
    return coder
