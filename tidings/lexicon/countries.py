"""The countries table (`data/countries.tsv`), read once: each country's code, names, adjectives, capitals.

The actor lexicon resolves names with it and the exports label codes with it; both read it here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tidings.codes import BODY_NAMES

__all__ = ["Country", "countries", "country_name"]


@dataclass(frozen=True)
class Country:
    """One row of the table: an ISO3 code, its usual name, other names, nationality words and capitals."""

    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Gives the usual name, then the other names."""
        return (self.name, *self.aliases)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Gives the rows of data/countries.tsv in file order."""
    text = resources.files("tidings").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    header: list[str] | None = None
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = fields
            continue
        row = dict(zip(header, fields + [""] * (len(header) - len(fields))))
        rows.append(Country(code=row["iso3"], name=row["name"], aliases=_split(row["aliases"]),
                            adjectives=_split(row["adjectives"]), capitals=_split(row["capital"])))
    return tuple(rows)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {**BODY_NAMES, **{c.code: c.name for c in countries()}}


def country_name(code: str | None) -> str | None:
    """Gives the name of a country code ("KAZ": "Kazakhstan") or of a body code (UNO, EUR); None if unknown."""
    return _names().get(code) if code else None
