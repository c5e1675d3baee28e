"""Place names resolve to a country code and coordinates; common English words do not."""
from __future__ import annotations


import pytest

from tidings.stages.places import Gazetteer, Place, build


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.builtin()


def test_builtin_is_built_once() -> None:
    first = Gazetteer.builtin()
    assert Gazetteer.builtin() is first
    assert len(first) > 30_000


def test_capital_wins_and_has_its_coordinates(gazetteer: Gazetteer) -> None:
    astana = gazetteer.lookup("Astana")
    assert astana is not None
    assert (astana.code, astana.kind) == ("KAZ", "city")
    assert astana.lat == pytest.approx(51.17, abs=0.05)
    assert astana.lon == pytest.approx(71.45, abs=0.05)
    # Its former name, an alternate name in geonames, finds the same city.
    assert gazetteer.lookup("Nur-Sultan") == astana


@pytest.mark.parametrize(
    "name, code",
    [("Beijing", "CHN"), ("Xi'an", "CHN"), ("Xi’an", "CHN"), ("Paris", "FRA"), ("Kyiv", "UKR"),
     ("Zurich", "CHE"), ("Bombay", "IND")],
)
def test_cities(gazetteer: Gazetteer, name: str, code: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.kind == "city" and place.code == code


def test_washington_is_the_capital_not_the_state(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Washington")
    assert place is not None
    assert (place.code, place.kind) == ("USA", "city")
    assert place.lat == pytest.approx(38.9, abs=0.1)
    assert place.lon == pytest.approx(-77.0, abs=0.1)


def test_coordinates_are_rounded(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Beijing")
    assert place is not None and place.lat is not None and place.lon is not None
    assert round(place.lat, 4) == place.lat and round(place.lon, 4) == place.lon


def test_country_takes_its_capitals_coordinates(gazetteer: Gazetteer) -> None:
    kazakhstan = gazetteer.lookup("Kazakhstan")
    astana = gazetteer.lookup("Astana")
    assert kazakhstan is not None and astana is not None
    assert kazakhstan == Place("Kazakhstan", "KAZ", astana.lat, astana.lon, "country")


@pytest.mark.parametrize(
    "name, code",
    [("the Netherlands", "NLD"), ("The Netherlands", "NLD"), ("Britain", "GBR"),
     ("the United States", "USA"), ("Georgia", "GEO")],
)
def test_countries_and_a_leading_the(gazetteer: Gazetteer, name: str, code: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.kind == "country" and place.code == code


def test_us_states_are_regions_of_the_usa(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Texas") == Place("Texas", "USA", None, None, "region")
    # A state beats foreign towns of the same name.
    assert gazetteer.lookup("Florida") == Place("Florida", "USA", None, None, "region")


@pytest.mark.parametrize(
    "word",
    ["Police", "Wednesday", "Monday", "Party", "President", "Union", "Republic", "Capital",
     "Street", "Palace", "Chinese", "March", "Reading", "Soul", "Logos"],
)
def test_common_words_are_not_places(gazetteer: Gazetteer, word: str) -> None:
    assert gazetteer.lookup(word) is None


@pytest.mark.parametrize("name", ["Zqxvilleburg", "paris", "PARIS", "", "the", "Narnia City"])
def test_unknown_names(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) is None


def _city(gid: int, name: str, cc: str, population: int, alternates: list[str] = ()) -> dict:
    return {"geonameid": gid, "name": name, "latitude": gid / 3, "longitude": -gid / 3,
            "countrycode": cc, "population": population, "alternatenames": list(alternates)}


def test_ranking_rules_on_a_small_table() -> None:
    countries = {
        "AA": {"name": "Aland", "iso3": "AAA", "capital": "Oldtown"},
        "BB": {"name": "Borduria", "iso3": "BBB", "capital": "Szohod"},
        "US": {"name": "United States", "iso3": "USA", "capital": "Capitol"},
    }
    cities = {
        "1": _city(1, "Szohod", "BB", 40_000),
        "2": _city(2, "Szohod", "AA", 900_000),  # more people, but not the capital
        "3": _city(3, "Newtown", "AA", 2_000_000, ["Oldtown", "Big Apple"]),  # capital by alternate
        "4": _city(4, "Oregano", "BB", 30_000),  # foreign town named like a state
        "5": _city(5, "Bigville", "BB", 6_000_000, ["Oregano Bay", "Marinara"]),
        "6": _city(6, "Marinara", "AA", 20_000),
        "7": _city(7, "Reading", "AA", 300_000),  # an English word, not a big city: left out
        "8": _city(8, "Pestville", "AA", 500_000, ["Tomato Hill"]),
        "9": _city(9, "Tomato Hill", "BB", 16_000),  # own name beats a bigger city's alternate
    }
    states = {"OR": {"name": "Oregano"}, "MA": {"name": "Marinara"}}
    index = build(cities, countries, states)
    assert index["Szohod"].code == "BBB"
    assert index["Oldtown"].name == "Newtown"
    assert index["Aland"] == Place("Aland", "AAA", 1.0, -1.0, "country")
    assert index["Oregano"] == Place("Oregano", "USA", None, None, "region")
    # A city of five million or more beats a state, even by an alternate name.
    assert index["Marinara"].name == "Bigville"
    assert "Reading" not in index
    assert index["Tomato Hill"].code == "BBB"
