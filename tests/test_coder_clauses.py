"""The coder on sentences written for these tests: what clauses below a verb say of who did what."""
from __future__ import annotations

import pytest

from tidings.documents import Document


def dyads(events: list[dict]) -> set[tuple]:
    return {(e["source"]["code"], (e["target"] or {}).get("code"), e["cameo"][:2]) for e in events}


def test_what_a_passive_appeal_asks_for_is_not_done(code):
    events = code("The Kenyan president was pressured by the Ugandan parliament to help Sudan.")
    assert not [e for e in events if e["cameo"].startswith("07")]


@pytest.mark.parametrize("text", ["Mexico never sent its soldiers to assist Cuba.",
                                  "Mexico refused to give permission to Spain to aid Cuba."])
def test_what_an_act_not_done_was_for_is_not_done_either(code, text):
    assert not [e for e in code(text) if e["cameo"].startswith("07")]


def test_a_purpose_clause_of_a_done_act_keeps_its_act(code):
    events = code("Ghana sent troops to help Mali.")
    assert ("GHA", "MLI", "07") in dyads(events)


def test_a_reflexive_stands_for_its_own_clause_s_subject(code):
    events = code("Brazilian officials claimed on Monday that Chile had bombed itself to win sympathy.")
    assert ("BRA", "CHL", "11") in dyads(events)
    assert not [e for e in events if e["cameo"].startswith("19")]


def test_a_reflexive_act_at_a_place_keeps_the_place(code):
    events = code("A Chilean bomber blew himself up in Lima on Monday.")
    assert [e for e in events if e["source"]["code"] == "CHL" and (e["target"] or {}).get("code") == "PER"]


def test_a_noun_coordinated_with_another_shares_the_verb_that_carries_both(code):
    events = code("Peru imposed fresh tariffs and a visa ban for Chilean officials.")
    bans = [e for e in events if e["trigger"]["text"] == "ban"]
    assert bans and all(e["source"]["code"] == "PER" and not e["source"]["sector"] for e in bans)


def test_a_noun_that_carries_an_act_stands_in_its_place(code):
    events = code("Peru's supreme court sent out arrest warrants for three Chilean traders.")
    assert ("PER", "CHL", "17") in dyads(events)
    assert [e for e in events if e["source"]["sector"] == "JUD"]


def test_a_mishap_is_no_one_s_act_whoever_owned_what_failed(code):
    events = code("Twelve Peruvian miners were killed by the Chilean Mining Company mine collapse.")
    assert not [e for e in events if e["source"]["code"] == "CHL"]


@pytest.mark.parametrize("text", [
    "Ghana alleged that Togo had armed the rebels and that the Togolese army trained them.",
    "Ghana alleged that Togo had armed the rebels and trained them in camps.",
])
def test_a_clause_coordinated_inside_a_claim_is_claimed_too(code, text):
    events = code(text)
    assert ("GHA", "TGO", "11") in dyads(events)
    assert not [e for e in events if e["source"]["code"] == "TGO"]


def test_a_role_word_inside_a_name_gives_the_phrase_no_role(tmp_path):
    from tidings.coder import Coder
    from tidings.config import CoderConfig

    actors = tmp_path / "tiny.actors.txt"
    actors.write_text("GREEN_LEAGUE [IGO]\n", encoding="utf-8")
    agents = tmp_path / "tiny.agents.txt"
    agents.write_text("GREEN [~ENV]\n", encoding="utf-8")
    coder = Coder(CoderConfig(actors=(str(actors),), agents=(str(agents),)))
    events = coder.code(Document(id="t", text="Peru shelled a Green League depot near Quito.", date="2025-03-12"))
    assert events and all((e.target.sector if e.target else None) != "ENV" for e in events)


@pytest.mark.parametrize("text", ["Two Peruvian soldiers were killed by a rocket fired by Chilean rebels.",
                                  "A rocket fired by Chilean rebels killed two Peruvian soldiers.",
                                  "Two Peruvian soldiers were killed by a Chilean rocket."])
def test_whoever_used_the_weapon_is_the_doer(code, text):
    assert ("CHL", "PER", "19") in dyads(code(text))


def test_a_bombing_with_a_military_weapon_is_military_force(code):
    events = code("A Peruvian cargo plane was blown up by a missile launched by Chilean rebels.")
    assert [e for e in events if e["source"]["code"] == "CHL" and e["cameo"].startswith("19")]


def test_the_aim_of_a_meeting_still_to_come_is_still_to_come(code):
    events = code("Gabriel Boric and Dina Boluarte will meet in Lima next month to discuss fishing rights.")
    assert {e["cameo"] for e in events} == {"036"}


def test_the_aim_of_a_meeting_held_is_the_meeting(code):
    events = code("Gabriel Boric and Dina Boluarte met in Lima to discuss fishing rights.")
    assert {e["cameo"][:2] for e in events} == {"04"}


def test_a_first_name_the_tagger_misreads_stays_in_its_name(code):
    # the small model tags "Barack" here as a preposition with "Obama" as its object; the name
    # recognizer still reads one name, and the name is the subject
    events = code("Barack Obama and Angela Merkel will meet in Oslo to talk about trade.")
    sources = {(e["source"]["text"], e["source"]["code"]) for e in events}
    assert sources >= {("Barack Obama", "USA"), ("Angela Merkel", "DEU")}


# --- CAMEO 01: public statements, recorded with their CAMEO code and no PLOVER type ----------------

@pytest.mark.parametrize("text, cameo, dyad", [
    ("The Islamic State claimed responsibility for the bombing in Kabul.", "015", ("IMG", "AFG")),
    ("Kenya's president sent his condolences to Uganda after the crash.", "018", ("KEN", "UGA")),
    ("Peru's foreign ministry denied responsibility for the shooting of two Bolivian traders.", "016", ("PER", "BOL")),
])
def test_a_statement_is_recorded_with_its_cameo_code_and_no_plover_type(code, text, cameo, dyad):
    found = [e for e in code(text) if e["cameo"] == cameo]
    assert [(e["source"]["code"], (e["target"] or {}).get("code"), e["event"]) for e in found] == [dyad + (None,)]


def test_a_claim_of_the_claimant_s_own_act_owns_up_to_it(code):
    events = code("Turkey claimed that it had struck Kurdish militants in Iraq.")
    assert [(e["source"]["code"], e["target"]["code"], e["cameo"]) for e in events] == [("TUR", "IRQ", "015")]


def test_a_claim_of_another_s_act_accuses_it(code):
    events = code("Turkey claimed that Syria had armed the Kurdish militants.")
    assert ("TUR", "SYR", "11") in dyads(events)
    assert not [e for e in events if e["cameo"].startswith("01")]


@pytest.mark.parametrize("text, dyad", [
    ("Chile's president expressed gratitude to Japan for its help after the earthquake.", ("CHL", "JPN", "05")),
    ("The Kenyan government expressed its appreciation for Norway's support.", ("KEN", "NOR", "05")),
])
def test_gratitude_is_praise(code, text, dyad):
    assert dyad in dyads(code(text))
