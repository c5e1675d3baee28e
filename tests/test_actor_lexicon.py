"""The actor lexicon: names, capitals, bodies, adjectives, sector words, user files and the tables."""
from __future__ import annotations

import datetime
import re
from importlib import resources
from pathlib import Path

import pytest

from tidings.lexicon import ActorEntry, ActorFileError, ActorLexicon
from tidings.codes import NON_STATE_CODES as _INTERNATIONAL_CODES
from tidings.lexicon.actor_files import _SECTOR_CODES
from tidings.lexicon.actors import _form, _key, _words

ONTOLOGY = Path(__file__).resolve().parents[1].parent / "shared" / "ontology" / "cameo_actor_types.tsv"


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return ActorLexicon.builtin()


def code_of(lexicon: ActorLexicon, phrase: str) -> str | None:
    entry = lexicon.match_name(phrase)
    return entry.code if entry else None


# --- match_name -----------------------------------------------------------------------------------

def test_builtin_is_loaded_once():
    assert ActorLexicon.builtin() is ActorLexicon.builtin()


@pytest.mark.parametrize("phrase, code", [
    ("China", "CHN"), ("People's Republic of China", "CHN"), ("mainland China", "CHN"),
    ("United States", "USA"), ("United States of America", "USA"), ("America", "USA"),
    ("Britain", "GBR"), ("Great Britain", "GBR"), ("Russian Federation", "RUS"),
    ("Kazakhstan", "KAZ"), ("Republic of Kazakhstan", "KAZ"), ("Republic of Korea", "KOR"),
    ("DPRK", "PRK"), ("Democratic People's Republic of Korea", "PRK"),
    ("Ivory Coast", "CIV"), ("Cote d'Ivoire", "CIV"), ("Côte d'Ivoire", "CIV"), ("Burma", "MMR"),
    ("Gaza Strip", "PSE"), ("West Bank", "PSE"), ("Taiwan", "TWN"), ("Kosovo", "XKX"),
    ("Czechia", "CZE"), ("Holland", "NLD"), ("Holy See", "VAT"), ("Türkiye", "TUR"),
    ("Guinea-Bissau", "GNB"), ("Equatorial Guinea", "GNQ"),
])
def test_match_name_knows_countries_by_their_names_and_aliases(lexicon, phrase, code):
    entry = lexicon.match_name(phrase)
    assert entry is not None and entry.code == code
    assert entry.kind == "country" and entry.sector is None


def test_match_name_gives_the_canonical_country_name(lexicon):
    assert lexicon.match_name("Burma").name == "Myanmar"
    assert lexicon.match_name("the U.S.").name == "United States"


@pytest.mark.parametrize("phrase, code", [
    ("the Kremlin", "RUS"), ("The Kremlin", "RUS"), ("Kazakhstan's", "KAZ"), ("China's", "CHN"),
    ("the Philippines'", "PHL"), ("U.S.", "USA"), ("the U.S.", "USA"), ("U.K.", "GBR"),
    ("U.N.", "UNO"), ("the United Nations", "UNO"), ("CHINA", "CHN"), ("UNITED NATIONS", "UNO"),
    ("the States", "USA"), ("Guinea - Bissau", "GNB"), ("People 's Republic of China", "CHN"),
])
def test_match_name_tolerates_the_possessives_dots_and_case(lexicon, phrase, code):
    assert code_of(lexicon, phrase) == code


@pytest.mark.parametrize("acronym, code", [("US", "USA"), ("UN", "UNO"), ("EU", "EUR"),
                                           ("SCO", "IGO"), ("AU", "IGO"), ("WHO", "IGO")])
def test_acronyms_match_only_as_written_in_capitals(lexicon, acronym, code):
    assert code_of(lexicon, acronym) == code
    assert lexicon.match_name(acronym.lower()) is None
    assert lexicon.match_name(acronym.capitalize()) is None


@pytest.mark.parametrize("phrase", ["us", "Us", "who", "china", "turkey", "congress", "chad",
                                    "States", "islamic state", "table", "", "the"])
def test_match_name_refuses_common_words(lexicon, phrase):
    assert lexicon.match_name(phrase) is None


def test_lower_case_names_match_in_lower_case(lexicon):
    # Names written in lower case in the tables are common-noun metonyms.
    assert code_of(lexicon, "the world body") == "UNO"


@pytest.mark.parametrize("city, code", [("Beijing", "CHN"), ("Astana", "KAZ"), ("Nur-Sultan", "KAZ"),
                                        ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Washington", "USA"),
                                        ("Moscow", "RUS"), ("London", "GBR"), ("Jerusalem", "ISR")])
def test_match_name_knows_capitals(lexicon, city, code):
    entry = lexicon.match_name(city)
    assert entry is not None and (entry.code, entry.kind, entry.sector) == (code, "capital", None)


def test_a_capital_sharing_its_countrys_name_gives_the_country(lexicon):
    assert lexicon.match_name("Djibouti").kind == "country"


@pytest.mark.parametrize("phrase, code, sector", [
    ("United Nations", "UNO", None), ("UN Security Council", "UNO", None), ("UNHCR", "UNO", "REF"),
    ("European Union", "EUR", None), ("European Commission", "EUR", "GOV"),
    ("NATO", "IGO", None), ("Shanghai Cooperation Organization", "IGO", None), ("OPEC", "IGO", None),
    ("Red Cross", "NGO", "HLH"), ("Amnesty International", "NGO", "HRI"),
    ("al-Qaeda", "IMG", None), ("ISIS", "IMG", None), ("Daesh", "IMG", None),
    ("the Pentagon", "USA", "MIL"), ("White House", "USA", "GOV"), ("CIA", "USA", "SPY"),
    ("Knesset", "ISR", "LEG"), ("Taliban", "AFG", "REB"), ("Hamas", "PSE", "REB"),
    ("Houthis", "YEM", "REB"), ("Xinhua", "CHN", "MED"),
])
def test_match_name_knows_bodies(lexicon, phrase, code, sector):
    entry = lexicon.match_name(phrase)
    assert entry is not None and (entry.code, entry.sector, entry.kind) == (code, sector, "organization")


@pytest.mark.parametrize("place", ["South China Sea", "New Mexico", "Latin America", "New Jersey"])
def test_places_holding_a_country_name_are_no_actor(lexicon, place):
    assert lexicon.match_name(place) is None
    assert lexicon.find_names(place.split()) == []


# --- find_names -----------------------------------------------------------------------------------

def test_find_names_takes_the_longest_name(lexicon):
    found = lexicon.find_names(["the", "United", "Nations", "Security", "Council", "met"])
    assert [(s, e, entry.name) for s, e, entry in found] == [(1, 5, "United Nations Security Council")]


def test_find_names_finds_several_names_without_overlap(lexicon):
    words = ["Guinea", "-", "Bissau", "and", "China", "'s", "envoy", "met", "U.S.", "troops", "in", "Astana"]
    found = [(s, e, entry.code, entry.kind) for s, e, entry in lexicon.find_names(words)]
    assert found == [(0, 3, "GNB", "country"), (4, 5, "CHN", "country"),
                     (8, 9, "USA", "country"), (11, 12, "KAZ", "capital")]


def test_find_names_skips_common_words_and_adjectives(lexicon):
    assert lexicon.find_names(["let", "us", "see", "who", "the", "Chinese", "president", "met"]) == []
    assert lexicon.find_names([]) == []


def test_find_names_leaves_out_a_the_the_name_does_not_need(lexicon, tmp_path):
    assert [(s, e) for s, e, _ in lexicon.find_names(["the", "Philippines", "and", "the", "States"])] \
        == [(1, 2), (3, 5)]
    path = tmp_path / "actors.yaml"
    path.write_text("- {name: Lake Board, aliases: [the Lake Board], code: IGO}\n", encoding="utf-8")
    found = lexicon.with_user_file(path).find_names(["the", "Lake", "Board", "met"])
    assert [(s, e, entry.name) for s, e, entry in found] == [(1, 3, "Lake Board")]


# --- adjectives, sectors, country names ------------------------------------------------------------

@pytest.mark.parametrize("word, code", [
    ("Chinese", "CHN"), ("chinese", "CHN"), ("Kazakh", "KAZ"), ("Kazakhstani", "KAZ"),
    ("U.S.", "USA"), ("US", "USA"), ("Americans", "USA"), ("British", "GBR"), ("Britons", "GBR"),
    ("Filipino", "PHL"), ("Swiss", "CHE"), ("Saudis", "SAU"), ("Emirati", "ARE"),
    ("South Korean", "KOR"), ("Russia's", "RUS"),
])
def test_country_of_adjective(lexicon, word, code):
    assert lexicon.country_of_adjective(word) == code


@pytest.mark.parametrize("word", ["us", "Korean", "table", "china", "UN", ""])
def test_country_of_adjective_refuses_what_is_no_nationality(lexicon, word):
    assert lexicon.country_of_adjective(word) is None


@pytest.mark.parametrize("lemma, sector", [
    ("president", "GOV"), ("foreign minister", "GOV"), ("Foreign-Minister", "GOV"), ("troops", "MIL"),
    ("troop", "MIL"), ("soldiers", "MIL"), ("police", "COP"), ("policemen", "COP"), ("judge", "JUD"),
    ("lawmaker", "LEG"), ("rebel", "REB"), ("rebel leader", "REB"), ("protester", "CVL"),
    ("journalist", "MED"), ("parties", "PTY"), ("gunmen", "UAF"), ("secretary general", "GOV"),
])
def test_sector_of(lexicon, lemma, sector):
    assert lexicon.sector_of(lemma) == sector


def test_sector_of_unknown_word(lexicon):
    assert lexicon.sector_of("table") is None
    assert lexicon.sector_of("") is None


def test_country_name(lexicon):
    assert lexicon.country_name("KAZ") == "Kazakhstan"
    assert lexicon.country_name("UNO") == "United Nations"
    assert lexicon.country_name("XYZ") is None


# --- user files -----------------------------------------------------------------------------------

USER_YAML = """\
# actors of a test corpus
- name: Aldan Berikov
  aliases: [Berikov, Minister Berikov]
  code: KAZ
  sector: GOV
  valid_from: 2021-01-15
  valid_until: 2023-06-30
- name: Amanat Youth Wing
  aliases:
    - Amanat
  code: KAZ
  sector: OPP
- name: Northern Coast Fishers
  code: NGO
"""


def test_user_yaml_file_adds_actors(lexicon, tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    extended = lexicon.with_user_file(path)
    assert extended is not lexicon
    berikov = extended.match_name("Berikov")
    assert berikov == ActorEntry(name="Aldan Berikov", code="KAZ", sector="GOV", kind="user",
                                 valid_from=datetime.date(2021, 1, 15),
                                 valid_until=datetime.date(2023, 6, 30))
    assert extended.match_name("Aldan Berikov's") == berikov
    assert extended.match_name("Northern Coast Fishers").code == "NGO"
    found = extended.find_names(["Minister", "Berikov", "met", "Chinese", "officials"])
    assert [(s, e, entry.name) for s, e, entry in found] == [(0, 2, "Aldan Berikov")]
    # the built-in lexicon is untouched
    assert lexicon.match_name("Berikov") is None
    assert extended.match_name("China").code == "CHN"


def test_user_entries_win_over_builtin_ones(lexicon, tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(USER_YAML, encoding="utf-8")
    assert lexicon.match_name("Amanat").sector == "PTY"
    assert lexicon.with_user_file(path).match_name("Amanat").sector == "OPP"


def test_user_yaml_file_may_hold_actors_under_a_key(lexicon, tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - {name: Lake Board, aliases: [the Board], code: IGO}\n", encoding="utf-8")
    assert lexicon.with_user_file(path).match_name("the Board").name == "Lake Board"


def test_user_tsv_file_adds_actors(lexicon, tmp_path):
    path = tmp_path / "actors.tsv"
    path.write_text("# test actors\n"
                    "name\taliases\tcode\tsector\tvalid_from\tvalid_until\n"
                    "Aldan Berikov\tBerikov|Minister Berikov\tKAZ\tGOV\t2021-01-15\t\n"
                    "Northern Coast Fishers\t\tNGO\n", encoding="utf-8")
    extended = lexicon.with_user_file(path)
    entry = extended.match_name("Minister Berikov")
    assert (entry.name, entry.code, entry.sector, entry.kind) == ("Aldan Berikov", "KAZ", "GOV", "user")
    assert entry.valid_from == datetime.date(2021, 1, 15) and entry.valid_until is None
    assert extended.match_name("Northern Coast Fishers").sector is None


def test_user_entries_hold_only_within_their_dates(lexicon, tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    extended = lexicon.with_user_file(path)
    assert extended.match_name("Berikov", on=datetime.date(2020, 12, 31)) is None
    assert extended.match_name("Berikov", on=datetime.date(2021, 1, 15)) is not None
    assert extended.match_name("Berikov", on=datetime.date(2023, 6, 30)) is not None
    assert extended.match_name("Berikov", on=datetime.date(2023, 7, 1)) is None
    assert extended.match_name("Berikov", on=None) is not None
    assert extended.find_names(["Berikov"], on=datetime.date(2024, 1, 1)) == []


def test_an_expired_user_entry_falls_back_to_the_builtin_one(lexicon, tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- {name: Amanat, code: KAZ, sector: OPP, valid_until: 2010-12-31}\n", encoding="utf-8")
    extended = lexicon.with_user_file(path)
    assert extended.match_name("Amanat", on=datetime.date(2010, 1, 1)).sector == "OPP"
    assert extended.match_name("Amanat", on=datetime.date(2024, 1, 1)).sector == "PTY"


@pytest.mark.parametrize("name, text, line, reason", [
    ("a.yaml", "- name: Lake Board\n  code: IGO\n- name: Other Board\n  sector: GOV\n", 3, "needs a code"),
    ("a.yaml", "- name: Lake Board\n  code: IGO\n  valid_from: 2021-13-01\n", 3, "expected a date"),
    ("a.yaml", "- name: Lake Board\n  code: Xyz1\n", 2, "unknown actor code 'Xyz1'"),
    ("a.yaml", "- name: Lake Board\n  code: IGO\n  sector: BOSS\n", 3, "unknown sector"),
    ("a.yaml", "- name: Lake Board\n  code: IGO\n  colour: blue\n", 3, "unknown field 'colour'"),
    ("a.yaml", "- name: Lake Board\n  code: IGO\n  valid_from: 2022-01-01\n  valid_until: 2021-01-01\n",
     4, "before valid_from"),
    ("a.yaml", "- name: Lake Board\n  code: [IGO\n", 3, "invalid YAML"),
    ("a.yaml", "- Lake Board\n", 1, "must be a mapping"),
    ("a.yaml", "name: Lake Board\ncode: IGO\n", 1, "expected a list of actors"),
    ("a.tsv", "# c\nname\tcode\nLake Board\tIGO\nOther\tIGO\textra\n", 4, "3 tab-separated fields"),
    ("a.tsv", "name\tsector\nLake Board\tGOV\n", 1, "missing column 'code'"),
    ("a.tsv", "name\tcode\tvalid_from\nLake Board\tIGO\t15/01/2021\n", 2, "expected a date"),
    ("a.csv", "name,code\n", 0, "unsupported file type"),
])
def test_bad_user_file_names_file_and_line(lexicon, tmp_path, name, text, line, reason):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ActorFileError) as caught:
        lexicon.with_user_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert reason in message and "\n" not in message
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_missing_user_file(lexicon, tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(ActorFileError, match=rf"^{re.escape(str(path))}:0: cannot read"):
        lexicon.with_user_file(path)


def test_empty_user_file_changes_nothing(lexicon, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert lexicon.with_user_file(path).match_name("China").code == "CHN"


# --- the tables -----------------------------------------------------------------------------------

def table(name: str) -> list[dict[str, str]]:
    text = resources.files("tidings").joinpath(f"data/{name}").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        fields = line.split("\t")
        assert len(fields) == len(header), f"{name}: {line!r}"
        rows.append(dict(zip(header, fields)))
    return rows


def names(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def test_country_table_is_sound():
    rows = table("countries.tsv")
    codes = [row["iso3"] for row in rows]
    assert len(rows) >= 240
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert len(codes) == len(set(codes))
    assert all(row["name"] for row in rows)
    # no name, alias or adjective points to two countries
    owner: dict[str, str] = {}
    for row in rows:
        keys = {_key(n) for n in [row["name"], *names(row["aliases"])]}
        keys |= {"adj:" + _form(_words(a), True) for a in names(row["adjectives"])}
        for key in keys:
            assert owner.setdefault(key, row["iso3"]) == row["iso3"], (key, row["iso3"], owner[key])
    assert sum(1 for row in rows if row["adjectives"]) >= 230


def test_organization_table_is_sound():
    rows = table("organizations.tsv")
    countries = {row["iso3"] for row in table("countries.tsv")}
    actors = [row for row in rows if row["code"]]
    assert len(actors) >= 150
    for row in rows:
        assert row["name"]
        assert row["code"] in countries | _INTERNATIONAL_CODES | {""}, row
        assert row["sector"] in _SECTOR_CODES | {""}, row
        assert not (row["sector"] and not row["code"]), row


def test_sector_table_is_sound():
    rows = table("sectors.tsv")
    assert len(rows) >= 150
    words = [row["word"] for row in rows]
    assert len(words) == len(set(words))
    assert all(word == word.lower() for word in words)
    assert all(row["sector"] in _SECTOR_CODES for row in rows)


def test_sector_codes_are_cameo_actor_types():
    if not ONTOLOGY.exists():
        pytest.skip(f"the shared ontology is not at {ONTOLOGY}")
    lines = ONTOLOGY.read_text(encoding="utf-8").splitlines()[1:]
    cameo = {line.split("\t")[0] for line in lines if line.strip()}
    assert _SECTOR_CODES <= cameo
    assert _INTERNATIONAL_CODES - {"EUR"} <= cameo

