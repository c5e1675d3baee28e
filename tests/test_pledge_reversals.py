"""A pledge undone in an event of another pair: "called off his trip to the city where he was to meet
X" is coded toward the host, not the guest, yet it breaks the pledge to meet X. Every article here is
our own writing."""
from __future__ import annotations

from conftest import pledges_of
from tidings.documents import Document

AGREED = Document(id="r1", date="2024-09-02", text=(
    "The presidents of Brazil and Argentina will hold a summit in Montevideo next month, Brazil's foreign ministry "
    "announced on Monday.\n\n"
    "Brazil will also hold talks with Chile on a new rail link, the Brazilian foreign minister said."))
CALLED_OFF = Document(id="r2", date="2024-09-20", text=(
    "On Friday Brazil's president called off his trip to Montevideo, where he was to meet Argentina's president."))


def contradicted(coder, tmp_path) -> dict[tuple[str, str], set[str]]:
    pledges, links = pledges_of(coder, tmp_path / "reversals.duckdb", [AGREED, CALLED_OFF])
    pairs = {r.pledge_id: (r.source_code, r.target_code) for r in pledges.itertuples()}
    out: dict[tuple[str, str], set[str]] = {}
    for r in links.itertuples():
        out.setdefault(pairs[r.pledge_id], set()).add(r.relation)
    return out


def test_a_summit_called_off_contradicts_the_pledge_to_meet_whoever_the_event_targets(coder, tmp_path):
    found = contradicted(coder, tmp_path)
    assert "contradicts" in found.get(("BRA", "ARG"), set()) | found.get(("ARG", "BRA"), set())


def test_it_leaves_the_pledgers_other_pledges_alone(coder, tmp_path):
    found = contradicted(coder, tmp_path)
    assert not found.get(("BRA", "CHL")) and not found.get(("CHL", "BRA"))
