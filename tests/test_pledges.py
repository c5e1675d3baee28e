"""Pledges and what became of them: the pledge record, links made as follow-ups are stored, statuses,
the command, the export, the dashboard's pages and the scorer. Every article here is our own writing."""
from __future__ import annotations

import json

import pytest

from conftest import cli_runner, store_of
from tidings.documents import Document
from tidings.store import pledge_queries, schema

PLEDGE = Document(id="p1", date="2024-03-01", text=(
    "Norway will send 2,000 tonnes of food aid to Kenya by June, the Norwegian foreign minister said on Friday.\n\n"
    "Kenya will release the detained Norwegian sailors within 30 days, its interior ministry said."))
KEPT = Document(id="p2", date="2024-05-20", text=(
    "Norway delivered 2,000 tonnes of food aid to Kenya on Monday, the aid agency said.\n\n"
    "Norway met Kenyan officials in Oslo to discuss fisheries."))
BROKEN = Document(id="p3", date="2024-05-25", text="Kenya rejected the Norwegian request to release the sailors.")


def pledges_of(coder, doc: Document) -> list[dict]:
    return [e.to_dict() for e in coder.code(doc) if e.pledge is not None]


def test_a_pledge_says_what_how_much_and_by_when(coder):
    aid = next(p for p in pledges_of(coder, PLEDGE) if p["cameo"].startswith("033"))
    pledge = aid["pledge"]
    assert "send 2,000 tonnes of food aid" in pledge["what"]
    assert pledge["amount"]["value"] == 2000 and pledge["amount"]["unit"] == "tonne"
    assert pledge["due"]["date"] == "2024-06-01" and pledge["due"]["precision"] == "month"
    assert pledge["fulfilled_by"] == ["07"]


def test_a_span_from_now_is_counted_from_the_report(coder):
    release = next(p for p in pledges_of(coder, PLEDGE) if p["cameo"].startswith("035"))
    assert release["pledge"]["due"] == {"text": "within 30 days", "date": "2024-03-31", "precision": "day"}


def test_a_commitment_with_no_pattern_is_still_a_pledge(coder):
    doc = Document(id="c1", date="2024-09-02", text=(
        "Chile backs Peru's bid to host the regional games and has decided to build a new consulate in Tacna."))
    events = [e.to_dict() for e in coder.code(doc)]
    opened = [e for e in events if e.get("pledge") and "build a new consulate" in e["pledge"]["what"]]
    assert opened and opened[0]["cameo"].startswith("03") and opened[0]["intent"]


@pytest.fixture
def store(coder, tmp_path):
    path = tmp_path / "pledges.duckdb"
    store_of(coder, path, [PLEDGE])
    return path


def statuses(path) -> dict[str, str]:
    con = schema.connect(path, read_only=True)
    try:
        frame = pledge_queries.pledges(con)
        return {row.cameo[:3]: row.status for row in frame.itertuples()}
    finally:
        con.close()


def test_a_follow_up_ingested_later_updates_the_status(coder, store):
    assert statuses(store) == {"033": "open", "035": "open"}
    store_of(coder, store, [KEPT])        # the first article is not coded again
    assert statuses(store)["033"] == "fulfilled"
    con = schema.connect(store, read_only=True)
    links = pledge_queries.links(con, list(pledge_queries.pledges(con)["pledge_id"]))
    con.close()
    assert list(links["relation"]) == ["fulfils"]   # the fisheries meeting is no link
    link = links.iloc[0]
    assert "will send" in link["pledge_sentence"] and "delivered" in link["event_sentence"]
    assert 0 < link["score"] <= 1 and "food" in list(link["shared"])


def test_a_refusal_contradicts_and_a_passed_due_is_overdue(coder, store):
    store_of(coder, store, [KEPT])
    assert statuses(store)["035"] == "overdue"          # 30 days passed, nothing released
    store_of(coder, store, [BROKEN])
    assert statuses(store)["035"] == "contradicted"


def test_the_command_and_the_export(cli_coder, store, tmp_path):
    from tidings.cli import main

    runner = cli_runner()
    got = runner.invoke(main, ["pledges", "--db", str(store), "--dyad", "KEN-NOR", "--status", "open"])
    assert got.exit_code == 0, got.output
    rows = [json.loads(line) for line in got.stdout.splitlines()]
    assert {r["cameo"][:3] for r in rows} == {"033", "035"}
    bad = runner.invoke(main, ["pledges", "--db", str(store), "--status", "kept"])
    assert bad.exit_code != 0 and "a status is one of" in bad.stderr
    out = tmp_path / "pledges.jsonl"
    done = runner.invoke(main, ["export", "--format", "pledges", "-o", str(out), "--db", str(store)])
    assert done.exit_code == 0, done.output
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert all("links" in r and "status" in r for r in exported) and len(exported) == 2


def test_the_pledges_page_and_its_json_twin(coder, store):
    from starlette.testclient import TestClient

    from tidings.web.app import make_app

    store_of(coder, store, [KEPT])
    client = TestClient(make_app(store))
    body = client.get("/pledges.json?status=fulfilled").json()
    assert body["ok"] and len(body["pledges"]) == 1 and body["pledges"][0]["links"][0]["relation"] == "fulfils"
    html = client.get("/pledges").text
    assert 'class="badge fulfilled"' in html and "<mark" in html
    dyad = client.get("/dyad/NOR-KEN.json").json()
    assert {p["status"] for p in dyad["pledges"]} == {"fulfilled", "overdue"}
    assert client.get("/pledges?status=kept").status_code == 400
    made = client.get("/actor/NOR.json").json()   # the actor page lists what it pledged, or was pledged
    assert {p["status"] for p in made["pledges"]} == {"fulfilled", "overdue"}
    assert 'id="pledges"' in client.get("/actor/NOR").text and 'class="badge fulfilled"' in client.get("/actor/KEN").text


def test_the_scorer_counts_pledges_and_links(coder, tmp_path):
    from tidings.pledge_evaluation import score_pledges

    events = [{"article": "p1", "sentence": PLEDGE.text.split("\n\n")[0], "source": {"code": "NOR"},
               "target": {"code": "KEN"}, "cameo": "0333"},
              {"article": "p2", "sentence": KEPT.text.split("\n\n")[0], "source": {"code": "NOR"},
               "target": {"code": "KEN"}, "cameo": "073"}]
    chain = {"id": "own", "articles": [{"id": d.id, "date": d.date, "text": d.text} for d in (PLEDGE, KEPT)],
             "events": events, "pledges": [{"event": 0, "what": "send food aid to Kenya"}],
             "links": [{"pledge": 0, "event": 1, "relation": "fulfils"}]}
    result = score_pledges([chain], lambda docs: ((d, [e.to_dict() for e in coder.code(d)]) for d in docs),
                           str(tmp_path / "eval.duckdb"))
    assert result["pledges"]["recall"] == 1.0 and result["pledges"]["what_f1"] > 0.5
    assert result["links"]["by_relation"]["fulfils"]["recall"] == 1.0
    assert result["links"]["precision"] == 1.0 and result["links"]["unrelated_linked"] == 0


def test_a_promised_act_with_no_pattern_is_a_pledge_of_its_doer_and_recipient(coder):
    doc = Document(id="h1", date="2024-10-01", text="Spain will hand six patrol boats to Morocco next spring, officials said.")
    pledges = pledges_of(coder, doc)
    assert [(p["source"]["code"], p["target"]["code"], p["cameo"]) for p in pledges] == [("ESP", "MAR", "033")]
    assert pledges[0]["pledge"]["what"].startswith("hand six patrol boats to Morocco")


def test_a_done_act_of_the_same_verb_is_no_pledge(coder):
    doc = Document(id="h2", date="2024-10-01", text="Spain handed six patrol boats to Morocco on Monday, officials said.")
    assert not [p for p in pledges_of(coder, doc) if p["cameo"].startswith("03")]


def test_the_timeline_of_a_pair_is_drawn(coder, store, tmp_path):
    from tidings.store.pledge_plot import plot_pledges
    from tidings.store.plots import PlotError

    store_of(coder, store, [KEPT])
    con = schema.connect(store, read_only=True)
    try:
        out = tmp_path / "nor-ken.png"
        assert plot_pledges(con, "NOR", "KEN", out) == 2
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        with pytest.raises(PlotError, match="no dated pledges between CHN and KAZ"):
            plot_pledges(con, "CHN", "KAZ", tmp_path / "none.png")
    finally:
        con.close()
