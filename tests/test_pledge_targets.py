"""A target restated by the actors who set it ("they expect trade to reach $N") is a pledge again, and
reaffirms the first. Every article here is our own writing."""
from __future__ import annotations

from conftest import store_of
from tidings.documents import Document
from tidings.store import pledge_queries, schema

SET = Document(id="t1", date="2024-02-05", text=(
    "Egypt and Sudan agreed on Monday to raise trade between them to $5 billion a year by 2028."))
RESTATED = Document(id="t2", date="2024-11-18", text=(
    "Meeting in Cairo on Monday, Egypt and Sudan said they still expect their trade to reach $5 billion before 2028."))


def targets(coder, doc: Document) -> set[tuple[str, str]]:
    return {(e.source.code, e.target.code) for e in coder.code(doc) if e.cameo.startswith("03") and e.pledge
            and e.trigger.text == "reach"}


def test_a_target_the_actors_expect_to_reach_is_their_pledge(coder):
    assert targets(coder, RESTATED) == {("EGY", "SDN"), ("SDN", "EGY")}


def test_a_thing_reaching_a_place_or_an_unowned_forecast_is_none(coder):
    for text in ("Egypt and Sudan expect the ship to reach Port Sudan on Friday.",
                 "Trade between Egypt and Sudan will reach $5 billion next year, a bank said."):
        assert not targets(coder, Document(id="n", date="2024-11-18", text=text)), text


def test_the_restated_target_reaffirms_the_first(coder, tmp_path):
    path = tmp_path / "targets.duckdb"
    store_of(coder, path, [SET, RESTATED])
    con = schema.connect(path, read_only=True)
    try:
        links = pledge_queries.links(con, list(pledge_queries.pledges(con)["pledge_id"]))
    finally:
        con.close()
    assert "reaffirms" in set(links["relation"]) and set(links["event_doc_id"]) == {"t2"}
