"""An actor code the store has no events of is told as a typo, with the nearest codes it does have."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_store_queries import actor, fill, record

from tidings import __version__
from tidings.documents import Document

from tidings.cli import main
from tidings.store import queries, schema
from tidings.store.known import UnknownActor, check_codes, unknown_hint


@pytest.fixture
def store_file(tmp_path):
    path = tmp_path / "news.duckdb"
    con = schema.connect(path)
    fill(con)
    doc = Document("v", "g", "2024-06-01")
    schema.write_document(con, doc, [record("v1", doc, actor("VNM", "Vietnam"), actor("JPN", "Japan"), "CONSULT",
                                            "040", 1, 1.0, "Vietnam's envoy met Japan's.")], __version__)
    con.close()
    return path


def test_a_swapped_or_mistyped_code_is_offered_with_its_name(store_file):
    con = schema.connect(store_file, read_only=True)
    assert unknown_hint(con, "VMN") == "no actor VMN in this store; did you mean VNM (Vietnam)?"
    assert unknown_hint(con, "CHM").startswith("no actor CHM in this store; did you mean CHN (China)")
    assert unknown_hint(con, "XYZ") == "no actor XYZ in this store; `tidings actors` lists the codes it has"
    check_codes(con, dyad="JPN-VNM", actor="chn")  # known codes pass, whatever their case
    with pytest.raises(UnknownActor) as told:
        queries.events(con, dyad="JPN-VMN")
    assert (told.value.name, told.value.value) == ("dyad", "JPN-VMN")
    with pytest.raises(UnknownActor):
        queries.dyads(con, actor="KZA")


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


@pytest.mark.parametrize("args, says", [
    (["events", "--dyad", "JPN-VMN"], "--dyad JPN-VMN: no actor VMN in this store; did you mean VNM (Vietnam)?"),
    (["events", "--actor", "VMN"], "--actor VMN: no actor VMN in this store; did you mean VNM (Vietnam)?"),
    (["dyads", "--actor", "VMN"], "--actor VMN: no actor VMN in this store; did you mean VNM (Vietnam)?"),
    (["plot", "dyad", "JPN", "VMN", "-o", "x.png"], "no actor VMN in this store; did you mean VNM (Vietnam)?"),
])
def test_the_command_line_says_so_and_exits_2(store_file, args, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner().invoke(main, [*args, "--db", str(store_file)])
    assert (result.exit_code, result.stderr) == (2, f"tidings: {says}\n")
    assert result.stdout == ""


def test_the_web_answers_404_in_its_error_shape(store_file):
    from starlette.testclient import TestClient

    from tidings.web.app import make_app

    with TestClient(make_app(store_file)) as client:
        answer = client.get("/dyad/JPN-VMN.json")
        assert answer.status_code == 404
        assert answer.json()["error"] == "dyad=JPN-VMN: no actor VMN in this store; did you mean VNM (Vietnam)?"
        assert client.get("/search.json?actor=VMN").status_code == 404
        assert client.get("/dyad/JPN-VNM.json").status_code == 200


def test_the_cursors_of_a_held_store_share_the_codes_found(store_file):
    from tidings.store import known
    from tidings.web.held_store import HeldStore

    held = HeldStore(store_file)
    with held.cursor() as first:
        check_codes(first, dyad="JPN-VNM")
        with pytest.raises(UnknownActor):
            check_codes(first, actor="VMN")
    with held.cursor() as second:   # another page: the codes found are known without asking again
        assert {"JPN", "VNM"} <= known._FOUND[second]
        assert "VMN" not in known._FOUND[second]   # only found codes are kept
    held.close()
