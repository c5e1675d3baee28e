"""One coder configuration per run, passed whole: from the options to the coder, the workers and the store."""
from __future__ import annotations

import json

import pytest
from conftest import cli_runner
from test_store_ingest import FakeCoder, articles, doc

from tidings import Store
from tidings.cli import main
from tidings.config import CoderConfig
from tidings.documents import read_documents
from tidings.pipeline import ingest
from tidings.store import schema

ACTORS = "name\tcode\tsector\nHarbour Guild\tPER\tBUS\n"
A_VERB = "befriend\t051\n"  # a verb the built-in patterns do not know
BEFRIENDING = "date 2024-05-06\nThe government of Peru befriended the government of Chile on Monday.\n"


@pytest.fixture
def actors_file(tmp_path):
    path = tmp_path / "guilds.tsv"
    path.write_text(ACTORS, encoding="utf-8")
    return str(path)


@pytest.fixture
def patterns_dir(tmp_path):
    folder = tmp_path / "patterns"
    folder.mkdir()
    (folder / "verbs.tsv").write_text(A_VERB, encoding="utf-8")
    return str(folder)


def stored_configs(con) -> list[tuple[str, dict]]:
    return [(v, json.loads(c)) for v, c in con.execute("SELECT version, config FROM configs ORDER BY version").fetchall()]


def test_the_store_records_the_version_and_keeps_the_configuration(actors_file, patterns_dir):
    config = CoderConfig(actors=(actors_file,), patterns=patterns_dir)
    con = schema.connect(":memory:")
    ingest(con, [doc("a"), doc("b")], FakeCoder(), config=config)
    assert con.execute("SELECT DISTINCT coder_version FROM documents").fetchall() == [(config.version(),)]
    assert stored_configs(con) == [(config.version(), config.to_dict())]
    ingest(con, [doc("c")], FakeCoder(), config=config)  # the same configuration is kept once
    assert len(stored_configs(con)) == 1
    con.close()


def test_a_run_without_a_configuration_records_the_default_one():
    con = schema.connect(":memory:")
    ingest(con, [doc("a")], FakeCoder())
    assert stored_configs(con) == [(CoderConfig().version(), CoderConfig().to_dict())]
    con.close()


def test_nothing_coded_stores_no_configuration():
    con = schema.connect(":memory:")
    ingest(con, [doc("a")], FakeCoder())
    ingest(con, [doc("a")], FakeCoder(), config=CoderConfig(model="another_model"))  # unchanged: not coded
    assert [v for v, _ in stored_configs(con)] == [CoderConfig().version()]
    con.close()


def test_store_ingest_takes_a_configuration(tmp_path, actors_file):
    article = tmp_path / "a.txt"
    article.write_text("date 2024-05-06\nPeru's president met Chile's president.\n", encoding="utf-8")
    config = CoderConfig(actors=(actors_file,))
    with Store(tmp_path / "s.duckdb", write=True) as store:
        store.ingest([str(article)], config=config, coder=FakeCoder())
        assert store.sql("SELECT DISTINCT coder_version FROM documents")["coder_version"].tolist() == [config.version()]


# --- the options ----------------------------------------------------------------------------------

@pytest.fixture
def loaded(monkeypatch):
    """Makes in-process commands hand the configuration they built to a FakeCoder, and keeps it."""
    from tidings.cli import code as code_module
    from tidings.cli import eval as eval_module

    seen: list[CoderConfig] = []

    def load(config):
        seen.append(config)
        return FakeCoder()

    monkeypatch.setattr(code_module, "load_coder", load)
    monkeypatch.setattr(eval_module, "load_coder", load)
    return seen


def test_actors_repeat_in_order_and_patterns_join_them(tmp_path, loaded, actors_file, patterns_dir):
    other = tmp_path / "more.tsv"
    other.write_text(ACTORS, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(BEFRIENDING, encoding="utf-8")
    result = cli_runner().invoke(main, ["code", str(article), "--actors", actors_file, "--actors", str(other),
                                        "--patterns", patterns_dir])
    assert result.exit_code == 0, result.stderr
    assert loaded == [CoderConfig(actors=(actors_file, str(other)), patterns=patterns_dir)]


@pytest.mark.parametrize("command", ["code", "ingest", "eval"])
def test_a_missing_pattern_folder_is_one_line_before_any_work(tmp_path, loaded, command):
    db = tmp_path / "t.duckdb"
    args = [command, str(tmp_path / "in.jsonl"), "--patterns", str(tmp_path / "none")]
    result = cli_runner().invoke(main, args + (["--db", str(db)] if command == "ingest" else []))
    assert (result.exit_code, result.stderr) == (2, f"tidings: --patterns {tmp_path / 'none'}: no such directory\n")
    assert loaded == [] and not db.exists()


def test_a_bad_pattern_file_is_one_line_naming_its_line(tmp_path, loaded, patterns_dir):
    with open(f"{patterns_dir}/verbs.tsv", "a", encoding="utf-8") as verbs:
        verbs.write("sign treaty\n")  # no CAMEO code
    db = tmp_path / "t.duckdb"
    result = cli_runner().invoke(main, ["ingest", "x.txt", "--patterns", patterns_dir, "--db", str(db)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"tidings: {patterns_dir}/verbs.tsv:2: ")
    assert loaded == [] and not db.exists()


def test_a_bad_second_actors_file_is_one_line(tmp_path, loaded, actors_file):
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tcolour\nHarbour Guild\tblue\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["code", "x.txt", "--actors", actors_file, "--actors", str(bad)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert str(bad) in result.stderr and loaded == []


# --- the real coder ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_workers_code_with_the_user_patterns_too(tmp_path, patterns_dir):
    folder = articles(tmp_path / "in", 3)
    (folder / "befriending.txt").write_text(BEFRIENDING, encoding="utf-8")
    config = CoderConfig(patterns=patterns_dir)
    rows = {}
    for workers in (1, 2):
        con = schema.connect(tmp_path / f"w{workers}.duckdb")
        ingest(con, read_documents([str(folder)]), None, batch_size=2, workers=workers, config=config)
        rows[workers] = con.execute("SELECT doc_id, event, cameo, source_code, target_code FROM events "
                                    "ORDER BY id").fetchall()
        assert stored_configs(con) == [(config.version(), config.to_dict())]
        con.close()
    assert ("befriending", "SUPPORT", "051", "PER", "CHL") in rows[2]
    assert rows[2] == rows[1]
