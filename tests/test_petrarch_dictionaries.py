"""PETRARCH dictionaries read in their own format: actors with dated codes, agents, discards and verbs.

The dictionaries here are tiny ones written for these tests, about invented states (Velmora, Ostrava
Minor is not one); the real Phoenix files are only read, in place, by the test at the end.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tidings.lexicon import ActorLexicon
from tidings.lexicon.patterns import builtin_patterns
from tidings.lexicon.petrarch_actors import looks_like_petrarch, petrarch_day, translate_code
from tidings.lexicon.petrarch_discards import read_discards
from tidings.lexicon.petrarch_files import read_agents_file
from tidings.lexicon.petrarch_verbs import read_petrarch_verbs, with_petrarch_verbs

ACTORS = """\
<!-- a tiny dictionary
     of invented states -->
# Velmora and its people
VELMORA_ [VLM]
+VELMORAN_
+PORT_ARDEN
QUELLAND [QLD]  # a comment after the code
+QUELLANDER

ISOLDE_MARVANE  # foreign minister, then an elder
    [VLMGOV 190301-240630]
    [VLMELI >240630]
    [VLM]
OTTO BRENN [QLDREBHMS]
NORTHERN_FRONT [VLMREB < 200101]
LAKE_COUNCIL_OF_NATIONS [IGOUNOLKC]
MISTY VALE
    [--- <210101]
    [VLM]
TWIN_HARBOURS [VLM/QLD]
REUTERS_WIRE [MED]
"""


@pytest.fixture()
def actors_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    return path


@pytest.fixture()
def lexicon(actors_file: Path) -> ActorLexicon:
    return ActorLexicon.builtin().with_user_file(actors_file)


def test_the_format_is_told_by_content():
    assert looks_like_petrarch(ACTORS)
    assert not looks_like_petrarch("- name: Velmora\n  code: VLM\n")
    assert not looks_like_petrarch("# c\nname\tcode\nVelmora\tVLM\n")


def test_names_synonyms_and_case_match_as_petrarch_matches(lexicon):
    for phrase in ("Velmora", "VELMORA", "Port Arden", "Velmoran", "Quellander"):
        assert lexicon.match_name(phrase).code in {"VLM", "QLD"}, phrase
    assert lexicon.match_name("Port Arden").code == "VLM"
    assert lexicon.match_name("port arden") is None   # all lower case: a common noun, not a name


def test_nested_codes_give_country_and_roles(lexicon):
    entry = lexicon.match_name("Otto Brenn")
    assert (entry.code, entry.sector) == ("QLD", "REBHMS")
    assert lexicon.match_name("Lake Council of Nations").code == "UNO"
    assert translate_code("PSEREBHMS") == ("PSE", "REBHMS")
    assert translate_code("IGOEUREEC") == ("EUR", "EEC")
    assert translate_code("IGOWSTNAT") == ("IGO", "WSTNAT")
    assert translate_code("---") is None
    assert translate_code("MED") == (None, "MED")     # a role alone: no country
    assert translate_code("KSVGOV") == ("XKX", "GOV")  # CAMEO's Kosovo
    assert translate_code("DNKGRLGOV") == ("GRL", "GOV")   # a territory: its own code
    # a code that is also a country's is a territory only after a country, and never Mauritius
    assert translate_code("IMGMUSREB") == ("IMG", "MUSREB")
    assert translate_code("EGYMUS") == ("EGY", "MUS")
    assert translate_code("MUSGOV") == ("MUS", "GOV")
    wire = lexicon.match_name("Reuters Wire")
    assert (wire.code, wire.sector) == (None, "MED")
    twins = lexicon.match_name("Twin Harbours")
    assert twins.code == "VLM" and [e.code for e in twins.also] == ["QLD"]


@pytest.mark.parametrize("day, sector", [
    (datetime.date(2020, 5, 1), "GOV"),     # in office
    (datetime.date(2024, 6, 29), "GOV"),    # her last day
    (datetime.date(2024, 6, 30), "ELI"),    # the range ends before its last date: an elder from then on
    (datetime.date(2026, 1, 1), "ELI"),
    (datetime.date(2010, 1, 1), None),      # before office: the undated code, the country alone
    (None, None),                           # an undated document: the undated code
])
def test_a_dated_code_holds_in_its_range_only(lexicon, day, sector):
    entry = lexicon.match_name("Isolde Marvane", on=day)
    assert (entry.code, entry.sector) == ("VLM", sector)


def test_open_ranges_and_no_actor_codes(lexicon):
    assert lexicon.match_name("Northern Front", on=datetime.date(2019, 12, 31)).sector == "REB"
    assert lexicon.match_name("Northern Front", on=datetime.date(2020, 1, 1)) is None
    assert lexicon.match_name("Misty Vale", on=datetime.date(2020, 6, 1)) is None   # [---]: no actor then
    assert lexicon.match_name("Misty Vale", on=datetime.date(2022, 6, 1)).code == "VLM"


def test_petrarch_days():
    assert petrarch_day("240630") == datetime.date(2024, 6, 30)
    assert petrarch_day("950601") == datetime.date(1995, 6, 1)
    assert petrarch_day("19950601") == datetime.date(1995, 6, 1)


def test_a_bad_line_is_one_message_and_the_rest_loads(tmp_path):
    path = tmp_path / "bad.actors.txt"
    path.write_text("[ORPHAN]\nVELMORA [VLM]\nQUELLAND [QLD 2401-2402]\nOSTRAVIA [OST]\n", encoding="utf-8")
    lexicon = ActorLexicon.builtin().with_user_file(path)
    assert lexicon.match_name("Velmora").code == "VLM"
    assert lexicon.match_name("Ostravia").code == "OST"
    assert lexicon.match_name("Quelland") is None
    assert [p.split(": ")[0] for p in lexicon.problems] == [f"{path}:1", f"{path}:3"]
    assert "before any actor name" in lexicon.problems[0] and "dates '2401-2402'" in lexicon.problems[1]


def test_dated_codes_on_coded_sentences(coder, actors_file):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    tiny = Coder(CoderConfig(actors=(str(actors_file),)))
    text = "Isolde Marvane criticised Quelland on Monday."

    def source(day: str):
        events = tiny.code(Document(id=day, text=text, date=day))
        return [(e.source.code, e.source.sector) for e in events]

    assert source("2021-03-01") == [("VLM", "GOV")]
    assert source("2025-03-01") == [("VLM", "ELI")]
    both = tiny.code(Document(id="t", text="Twin Harbours criticised Chile on Monday.", date="2024-05-02"))
    assert sorted(e.source.code for e in both) == ["QLD", "VLM"]   # one name, two actors


def test_the_command_tells_each_bad_line_and_codes_with_the_rest(tmp_path, cli_coder):
    import json

    from conftest import cli_runner
    from tidings.cli import main

    actors = tmp_path / "tiny.actors.txt"
    actors.write_text("VELMORA_ [VLM]\nQUELLAND [QLD 1-2]\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("date 2024-05-02\n\nVelmora accused Chile of spying on Monday.\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["code", str(article), "--actors", str(actors)])
    assert result.exit_code == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if str(actors) in line]
    assert told == [f"tidings: {actors}:2: [QLD 1-2]: dates '1-2': use YYMMDD-YYMMDD, <YYMMDD or >YYMMDD "
                    "(or 8 digits)"]
    assert [json.loads(line)["source"]["code"] for line in result.stdout.splitlines()] == ["VLM"]


# --- agents -----------------------------------------------------------------------------------------

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
BEEKEEPER [~AGR]
SALT_MINER {SALT_MINERS} [~LAB]
HARBOUR!PERSON! [~LAB]
FERRY_COMPANY {} [MNC~]
BROKEN LINE
"""


def test_agents_give_plurals_substitutions_and_roles(tmp_path):
    path = tmp_path / "tiny.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    agents, problems = read_agents_file(path)
    assert ("BEEKEEPERS", "AGR") in agents and ("SALT MINERS", "LAB") in agents
    assert ("HARBOURWOMEN", "LAB") in agents and ("FERRY COMPANY", "MNC") in agents
    assert ("FERRY COMPANYS", "MNC") not in agents   # {}: no plural
    assert len(problems) == 1 and problems[0].startswith(f"{path}:6: ")
    lexicon = ActorLexicon.builtin().with_agents(path)
    assert lexicon.sector_of("beekeeper") == "AGR" and lexicon.sector_of("harbourmen") == "LAB"
    assert lexicon.sector_of("soldier") == ActorLexicon.builtin().sector_of("soldier")   # built-in words stay


def test_agents_code_a_nationality_and_a_role(coder, tmp_path):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "tiny.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    assert ActorLexicon.builtin().sector_of("beekeeper") is None
    tiny = Coder(CoderConfig(agents=(str(path),)))
    events = tiny.code(Document(id="b", text="Kenyan beekeepers accused the Ugandan government of theft.",
                                date="2024-05-02"))
    assert [(e.source.code, e.source.sector) for e in events][:1] == [("KEN", "AGR")]


# --- discards ---------------------------------------------------------------------------------------

def test_discards_drop_a_sentence_or_a_story(tmp_path, coder):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "tiny.discards.txt"
    path.write_text("# sport\nPENALTY SHOOTOUT\n+GRAND_REGATTA  # the whole story\n", encoding="utf-8")
    discards = read_discards(path)
    assert discards.find("after a penalty shootout, Chile ...") == "PENALTY SHOOTOUT"
    assert discards.find("The Grand Regatta opened.") == "+GRAND REGATTA"
    tiny = Coder(CoderConfig(discards=(str(path),)))
    kept = "Chile accused Peru of spying."
    one = tiny.code(Document(id="d1", text=f"{kept} Chile accused Peru of cheating in the penalty shootout.",
                             date="2024-05-02"))
    assert [e.sentence.text if hasattr(e.sentence, "text") else e for e in one] and len(one) == 1
    assert tiny.code(Document(id="d2", text=f"{kept} The Grand Regatta opened.", date="2024-05-02")) == []



def test_a_built_in_capital_of_the_same_country_keeps_its_entry(tmp_path):
    path = tmp_path / "capitals.actors.txt"
    path.write_text("PERU_ [PER]\n+LIMA_\n+PERU_REPUBLIC\nQUITO [PER]\n", encoding="utf-8")
    lexicon = ActorLexicon.builtin().with_user_file(path)
    assert lexicon.match_name("Lima").kind == "capital"        # the built-in one: Peru's government
    assert lexicon.match_name("Peru Republic").code == "PER"   # a name the tables lack is the dictionary's
    assert lexicon.match_name("Quito").code == "PER"           # another country's capital: the dictionary decides


def test_a_list_of_dictionary_names_read_as_an_apposition_is_still_a_list(tmp_path):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "list.actors.txt"
    path.write_text("VELMORA_ [VLM]\nQUELLAND [QLD]\nOSTRAVA_MINOR [OSM]\nBRENNLAND [BRL]\n", encoding="utf-8")
    tiny = Coder(CoderConfig(actors=(str(path),)))
    text = "Velmora, the Quelland, Ostrava Minor and Brennland praised Peru for its flood relief."
    events = tiny.code(Document(id="l1", text=text, date="2024-05-02"))
    assert {e.source.code for e in events if e.target and e.target.code == "PER"} == {"VLM", "QLD", "OSM", "BRL"}


def test_of_two_subjects_the_one_next_to_the_verb_acts(tmp_path):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "foes.actors.txt"
    path.write_text("VELMORA_ [VLM]\nQUELLAND [QLD]\n", encoding="utf-8")
    tiny = Coder(CoderConfig(actors=(str(path),)))
    text = "Former enemies Velmora and Quelland signed a fishing pact on Monday."
    events = tiny.code(Document(id="s1", text=text, date="2024-05-02"))   # parsed: "enemies" and "Velmora" both nsubj
    assert {(e.source.code, e.target.code if e.target else None) for e in events} >= {("VLM", "QLD"), ("QLD", "VLM")}

# --- verbs ------------------------------------------------------------------------------------------

VERBS = """\
&GRAIN
+WHEAT
+BARLEY
---  SHIP   [---]  ---
SHIP
FERRY {FERRIES FERRIED FERRYING}
- * &GRAIN (TO +)    [071]
- * (FROM $)         [070]
- NOT *              [120]
- % *                [030]
---  SNUB   [125:125]  ---
SNUB
---  EXILE   [174K]  ---
EXILE
---  PROBE   [098]  ---
PROBE
---  CAUTION   [160]  ---
CAUTION
- * HIS ^ OVER +  [162]
- * ON ^ +  [162]
---  GRUMBLE   [012?]  ---
GRUMBLE
"""


def test_a_code_pair_codes_the_act_back(tmp_path, coder):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "visit.verbs.txt"
    path.write_text("---  CALL_ON   [042:043]  ---\nVISIT\n", encoding="utf-8")
    tiny = Coder(CoderConfig(verbs=(str(path),)))
    events = tiny.code(Document(id="v", text="The Chilean president visited Peru on Monday.", date="2024-05-02"))
    assert {(e.source.code, e.target.code, e.cameo) for e in events} >= {("CHL", "PER", "042"), ("PER", "CHL", "043")}


def test_verbs_map_what_the_engine_can_match_and_count_the_rest(tmp_path):
    path = tmp_path / "tiny.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    mapping = read_petrarch_verbs(path)
    shapes = {(p.lemma, p.words, p.object_class, p.cameo, p.reverse, p.mutual) for p in mapping.patterns}
    assert ("ship", ("to",), "petrarch:barley|wheat", "071", False, False) in shapes
    assert ("ferry", ("from",), None, "070", True, False) in shapes
    assert ("snub", (), None, "125", False, True) in shapes
    assert ("exile", (), None, "174", False, False) in shapes   # a local variant of 174
    assert ("probe", (), None, "09", False, False) in shapes    # a leaf CAMEO lacks: its root
    assert ("caution", ("over",), None, "162", False, False) in shapes   # ^ skips the object
    assert ("ship", (), None, "030", "doer") in {(p.lemma, p.words, p.object_class, p.cameo, p.compound)
                                                 for p in mapping.patterns}   # "% *": several doers
    assert ("caution", ("on",), None, None, "162") in {(p.lemma, p.words, p.object_class, p.target_prep, p.cameo)
                                                        for p in mapping.patterns}   # "ON ^": on anything
    assert (("not",),) in {p.before[0] for p in mapping.patterns if p.lemma == "ship" and p.before}   # "NOT *"
    assert mapping.unmapped == {"codes that are none (no digits, or doubtful: 023?)": 1}   # 012?
    assert "; not mapped: 1 codes that are none" in mapping.summary(str(path))
    book, summaries = with_petrarch_verbs(builtin_patterns(), [str(path)])
    assert book.verbs["snub"][0].cameo == "125" and book.in_class("wheat", "petrarch:barley|wheat")
    assert len(summaries) == 1



def test_an_inflected_block_holds_for_its_form_only(tmp_path, coder):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document
    from tidings.lexicon.patterns import for_form
    from tidings.stages.lemmas import verb_lemmatizer

    path = tmp_path / "forms.verbs.txt"
    path.write_text("---  VISIT   [042]  ---\nVISIT\n---  VISITED   [043]  ---\nVISITED\n"
                    "---  SPOKE   [010]  ---\nSPOKE\n", encoding="utf-8")
    book, _ = with_petrarch_verbs(builtin_patterns(), [str(path)], verb_lemmatizer(coder.nlp))
    assert [p.cameo for p in for_form(book.verbs["speak"], "spoke")] == ["010"]
    assert "010" not in {p.cameo for p in for_form(book.verbs["speak"], "speaks")}
    assert {p.cameo for p in for_form(book.verbs["visit"], "visited")} == {"043"}
    tiny = Coder(CoderConfig(verbs=(str(path),)))
    codes = {e.cameo for e in tiny.code(Document(id="f1", text="The Chilean president visited Peru.", date="2024-05-02"))}
    assert codes == {"043"}
    codes = {e.cameo for e in tiny.code(Document(id="f2", text="The Chilean president is visiting Peru.", date="2024-05-02"))}
    assert codes == {"042"}


def test_a_reporting_clause_after_its_report_is_no_act(tmp_path):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "say.verbs.txt"
    path.write_text("---  SAY   [020]  ---\nSAY\n", encoding="utf-8")
    tiny = Coder(CoderConfig(verbs=(str(path),)))
    trailing = tiny.code(Document(id="r1", text="Chilean troops shelled Peruvian posts on Monday, Bolivia said.",
                                  date="2024-05-02"))
    assert "020" not in {e.cameo for e in trailing}   # (what it reports may still be a charge: charges.py)
    leading = tiny.code(Document(id="r2", text="Bolivia said on Monday that the Chilean plan would fail.",
                                 date="2024-05-02"))
    assert [(e.source.code, e.cameo) for e in leading if e.trigger.text == "said"] == [("BOL", "020")]


def test_a_compound_actor_pattern_asks_for_several_actors(tmp_path):
    from tidings.coder import Coder
    from tidings.config import CoderConfig
    from tidings.documents import Document

    path = tmp_path / "several.verbs.txt"
    path.write_text("---  CONCUR   [081]  ---\nCONCUR\n- % *  [030:030]\n- * WITH %  [031]\n", encoding="utf-8")
    tiny = Coder(CoderConfig(verbs=(str(path),)))

    def coded(text: str) -> set[tuple[str, str, str]]:
        events = tiny.code(Document(id="c", text=text, date="2024-05-02"))
        return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in events}

    assert coded("Peru and Chile concurred that the border should stay open.") >= {("PER", "CHL", "030"),
                                                                                  ("CHL", "PER", "030")}
    assert coded("Peru concurred with Chile and Bolivia that the border should stay open.") >= {
        ("PER", "CHL", "031"), ("PER", "BOL", "031")}
    assert ("PER", "CHL", "081") in coded("Peru concurred with Chile that the border should stay open.")

# --- the real dictionaries, read in place -------------------------------------------------------------

def test_the_phoenix_dictionaries_load(shared_dir):
    folder = shared_dir / "petrarch"
    files = [folder / f"Phoenix.{n}.actors.txt" for n in ("Countries", "International", "MilNonState")]
    if not all(f.exists() for f in files):
        pytest.skip(f"{folder} has no Phoenix dictionaries")
    lexicon = ActorLexicon.builtin()
    for path in files:
        lexicon = lexicon.with_user_file(path)
    assert lexicon.match_name("Afghanistan").code == "AFG"
    assert all(p.startswith(str(folder)) for p in lexicon.problems)
