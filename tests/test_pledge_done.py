"""Done acts that keep pledges though no event pattern names them: a delivery told from the receiving
end ("took delivery of X from Y") or from the road ("ships sailed ... bound for Z"). Every article
here is our own writing."""
from __future__ import annotations

from conftest import pledges_of
from tidings.documents import Document

SENT = Document(id="d1", date="2024-02-05", text=(
    "Spain will send 40 ambulances to Morocco before the summer, the Spanish health minister said on Monday."))
RECEIVED = Document(id="d2", date="2024-06-10", text=(
    "On Friday, in a ceremony in Rabat, Morocco's health ministry took delivery of 40 ambulances from Spain."))
SHIPPED = Document(id="d3", date="2024-03-01", text=(
    "Egypt will ship wheat to Sudan and Chad, the Egyptian supply minister said on Sunday."))
SAILED = Document(id="d4", date="2024-04-15", text=(
    "Three cargo ships carrying the wheat sailed from Egyptian ports on Saturday bound for Sudan and Chad, the minister said."))


def aid_events(coder, doc: Document) -> list[dict]:
    return [e.to_dict() for e in coder.code(doc) if e.cameo.startswith("07")]


def dyads(events: list[dict]) -> set[tuple[str, str]]:
    return {(e["source"]["code"], e["target"]["code"]) for e in events}


def test_a_delivery_taken_is_aid_from_its_giver_to_its_receiver(coder):
    events = aid_events(coder, RECEIVED)
    assert dyads(events) == {("ESP", "MAR")}
    assert not events[0]["intent"]


def test_ships_bound_for_places_are_aid_to_each_place(coder):
    assert dyads(aid_events(coder, SAILED)) == {("EGY", "SDN"), ("EGY", "TCD")}


def test_with_no_speaker_the_giver_is_where_the_ships_sailed_from(coder):
    doc = Document(id="d5", date="2024-04-15", text="A grain freighter sailed on Monday from Egyptian ports bound for Sudan.")
    assert dyads(aid_events(coder, doc)) == {("EGY", "SDN")}


def test_a_delivery_not_yet_taken_is_no_done_act(coder):
    for text in ("Morocco will take delivery of 40 ambulances from Spain next month.",
                 "None of the wheat ships had sailed from Egyptian ports bound for Sudan by Friday, the minister said.",
                 "Morocco has taken 40 ambulances to the border from Spain."):
        assert not [e for e in aid_events(coder, Document(id="n", date="2024-06-10", text=text))
                    if e["trigger"]["text"] in {"take", "taken", "sailed"}], text


def links_of(coder, tmp_path, docs: list[Document]) -> set[tuple[str, str, str]]:
    _, links = pledges_of(coder, tmp_path / "done.duckdb", docs)
    return {(r.relation, r.event_doc_id, r.target_code) for r in links.itertuples()} if len(links) else set()


def test_the_done_acts_fulfil_the_pledges_of_their_actors(coder, tmp_path):
    found = links_of(coder, tmp_path, [SENT, RECEIVED, SHIPPED, SAILED])
    assert ("fulfils", "d2", "MAR") in found
    assert {("fulfils", "d4", "SDN"), ("fulfils", "d4", "TCD")} <= found
