"""Actor codes that are not states: the international and non-state codes of the event record.

shared/schema/event.md codes actors by ISO 3166-1 alpha-3, or by one of these. Which codes are
states decides who counts as "the two sides", who has a home country to protest in, and what the
exports write as a country: it is written here once.
"""
from __future__ import annotations

# UN bodies, the EU, other intergovernmental bodies, NGOs, multinational companies, and
# international militant groups
NON_STATE_CODES = frozenset({"UNO", "EUR", "IGO", "NGO", "MNC", "IMG"})

# the names the record gives the international codes that name one body
BODY_NAMES = {"UNO": "United Nations", "EUR": "European Union"}


def is_state(code: str | None) -> bool:
    """Gives True for a country's code (three letters, not one of the non-state codes)."""
    return bool(code) and len(code) == 3 and code not in NON_STATE_CODES
