"""The seed article of the project (../shared/seed): what a reader knows from it, the coder must know.

Reads the article in place; skips where ../shared is absent (a user's fresh clone).
"""
from __future__ import annotations

import pytest

from tidings.documents import Document, read_documents

PARTIES = {"CHN", "KAZ"}
INTERNATIONAL = {"UNO", "EUR", "IGO", "NGO", "MNC", "IMG"}


@pytest.fixture(scope="module")
def seed(shared_dir, coder):
    path = shared_dir / "seed" / "xi-tokayev-2024-07-03.txt"
    if not path.exists():
        pytest.skip(f"the seed article is not at {path}")
    doc = next(d for d in read_documents([str(path)]) if isinstance(d, Document))
    return doc, [e.to_dict() for e in coder.code(doc)]


def between(e: dict, a: str, b: str) -> bool:
    return e["target"] is not None and {e["source"]["code"], e["target"]["code"]} == {a, b}


def test_the_state_visit_meeting_is_dated_and_placed(seed):
    _, events = seed
    meetings = [e for e in events if e["event"] == "CONSULT" and between(e, "CHN", "KAZ")
                and e["date"] == "2024-07-03" and (e["location"] or {}).get("code") == "KAZ"]
    assert meetings


def test_last_years_meetings_are_dated_2023(seed):
    _, events = seed
    assert any(e["event"] == "CONSULT" and between(e, "CHN", "KAZ") and e["date"].startswith("2023")
               and e["date_precision"] == "year" for e in events)


def test_china_makes_pledges_to_kazakhstan(seed):
    _, events = seed
    pledges = [e for e in events if e["source"]["code"] == "CHN" and (e["target"] or {}).get("code") == "KAZ"
               and e["intent"] and (e["event"] == "AGREE" or e["cameo"].startswith("03"))]
    assert len({e["sentence"]["index"] for e in pledges}) >= 3


def test_kazakhstan_supports_china(seed):
    _, events = seed
    assert any(e["event"] == "SUPPORT" and e["source"]["code"] == "KAZ" and (e["target"] or {}).get("code") == "CHN"
               for e in events)


def test_the_heads_of_state_sign(seed):
    _, events = seed
    assert any(e["cameo"] == "057" and between(e, "CHN", "KAZ") for e in events)


def test_an_event_toward_kazakhstan_is_dated_2025(seed):
    _, events = seed
    assert any(e["source"]["code"] == "CHN" and (e["target"] or {}).get("code") == "KAZ"
               and e["date"].startswith("2025") for e in events)


def test_no_actor_from_outside_the_story(seed):
    _, events = seed
    for e in events:
        for actor in (e["source"], e["target"]):
            if actor and actor["code"]:
                assert actor["code"] in PARTIES | INTERNATIONAL, (actor, e["sentence"]["text"])


def test_every_sentence_span_is_its_text(seed):
    doc, events = seed
    assert events
    for e in events:
        s = e["sentence"]
        assert doc.text[s["start"]:s["end"]] == s["text"]
