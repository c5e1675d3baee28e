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
def code(coder):
    """Gives a function that codes one text (dated 2025-03-12 unless told) into event dicts."""
    from tidings.documents import Document

    def run(text: str, date: str | None = "2025-03-12") -> list[dict]:
        return [e.to_dict() for e in coder.code(Document(id="t", text=text, date=date))]
    return run


@pytest.fixture
def cli_coder(coder, monkeypatch):
    """Makes in-process `tidings` commands use the session's coder instead of loading a new one."""
    from tidings.cli import code as code_module
    from tidings.cli import eval as eval_module

    load = code_module.load_coder

    def load_shared(config):
        plain = not (config.actors or config.agents or config.discards or config.verbs)
        return coder if plain and config.patterns is None else load(config)

    monkeypatch.setattr(code_module, "load_coder", load_shared)
    monkeypatch.setattr(eval_module, "load_coder", load_shared)
    return coder


def store_of(coder, path, documents) -> None:
    """Codes documents with the real coder and writes them to a new store at `path`, in one transaction."""
    from tidings.store import schema

    con = schema.connect(path)
    con.execute("BEGIN TRANSACTION")
    for doc, events in coder.code_many(documents):
        schema.write_document(con, doc, [e.to_dict() for e in events], "test")
    con.execute("COMMIT")
    con.close()


def pledges_of(coder, path, documents):
    """Codes and stores documents (store_of), then gives the store's pledges and their links, as
    pledge_queries gives them (two DataFrames)."""
    from tidings.store import pledge_queries, schema

    store_of(coder, path, documents)
    con = schema.connect(path, read_only=True)
    try:
        pledges = pledge_queries.pledges(con)
        return pledges, pledge_queries.links(con, list(pledges["pledge_id"]))
    finally:
        con.close()


def cli_runner():
    """Gives a click CliRunner that keeps stderr apart from stdout on every click version."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into output unless told
    except TypeError:
        return CliRunner()

