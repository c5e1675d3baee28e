"""The actor lexicon: countries, capitals, international bodies and sector words, looked up by name.

Built once from `data/countries.tsv`, `data/organizations.tsv` and `data/sectors.tsv`, and extended
by a user's own file of actors (YAML or TSV). Every lookup is a dictionary lookup on a normalised
form of the phrase, so the coder can call it for every noun phrase of every sentence.

How a phrase is compared with a name:
- a leading "the" is optional ("the Kremlin" = "Kremlin"), except in names that hold it ("the States");
- a trailing possessive is dropped ("China's", "the Philippines'");
- dots in acronyms are dropped ("U.S." = "US"), accents are ignored ("Cote" = "Côte");
- an all-capital word of a name (an acronym: "US", "UN", "WHO", "AU") matches only in capitals,
  so "us" and "who" never match; other words match in any case ("CHINA", "Gaza strip");
- a phrase written wholly in lower case matches only names written in lower case ("world body"):
  a proper name is written with a capital, and "china", "turkey", "congress" are common nouns.
"""
from __future__ import annotations

import datetime
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from tidings.codes import BODY_NAMES, NON_STATE_CODES
from tidings.lexicon.actor_files import ActorEntry, ActorFileError, read_user_file, split_list, tsv_rows
from tidings.lexicon.countries import countries
from tidings.lexicon.petrarch_files import read_agents_file, read_petrarch_file

__all__ = ["ActorEntry", "ActorFileError", "ActorLexicon"]


def _valid_on(entry: ActorEntry, on: datetime.date | None) -> bool:
    """Gives whether the entry holds on the date `on` (always, when `on` is None)."""
    if on is None or (entry.valid_from is None and entry.valid_until is None):
        return True
    return ((entry.valid_from is None or entry.valid_from <= on)
            and (entry.valid_until is None or on <= entry.valid_until))


# A place whose name holds a country's name ("South China Sea"): matched so that the country
# inside it is not, and then reported as no actor.
_NOT_AN_ACTOR = ActorEntry(name="", code="", sector=None, kind="none")

_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2010": "-", "\u2011": "-"})
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")
_ATOM = re.compile(r"[-' ]")
_POSSESSIVE_TOKENS = frozenset({"'s", "'", "\u2019s", "\u2019"})


def _plain(text: str) -> str:
    """Gives `text` without accents and with one kind of apostrophe and hyphen."""
    text = text.translate(_PUNCT)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=20_000)
def _words(phrase: str) -> tuple[str, ...]:
    """Gives the words of a phrase as names are compared: joined across - and ', possessive and dots dropped."""
    text = _plain(phrase).strip()
    # Tokens joined back with spaces ("Guinea - Bissau", "People 's") read as the name written whole.
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+'", "'", text)
    text = re.sub(r"\s+,", ",", text)
    words = text.split()
    if words:
        last = words[-1]
        if last.endswith("'s") and len(last) > 2:
            words[-1] = last[:-2]
        elif last.endswith("'") and len(last) > 1:
            words[-1] = last[:-1]
    return tuple(w.replace(".", "") if _DOTTED.match(w) else w for w in words)


def _is_acronym(word: str) -> bool:
    return word.isupper() and sum(c.isalpha() for c in word) >= 2


def _form(words: Sequence[str], fold_all: bool) -> str:
    """Gives the lookup key of words: acronyms kept as written unless `fold_all`, the rest case-folded."""
    return " ".join(w if not fold_all and _is_acronym(w) else w.casefold() for w in words)


@lru_cache(maxsize=20_000)
def _phrase_forms(words: tuple[str, ...]) -> tuple[str, ...]:
    """Gives the keys a phrase is looked up under: acronyms as written, then everything folded."""
    exact = _form(words, False)
    folded = _form(words, True)
    return (exact,) if exact == folded else (exact, folded)


@lru_cache(maxsize=20_000)
def _token_atoms(token: str) -> tuple[str, ...]:
    """Gives the first-word keys a name beginning with `token` could be stored under."""
    words = _words(token)
    return tuple(_atom(form) for form in _phrase_forms(words[:1])) if words else ()


def _key(name: str) -> str:
    """Gives the key under which a name or alias of the tables is stored."""
    return _form(_words(name), False)


def _atom(key: str) -> str:
    return _ATOM.split(key, 1)[0]


def _span(key: str) -> int:
    """Gives the most tokens a tokenizer can cut a stored name into (each - and ' may be one)."""
    return len(key.split()) + 2 * (key.count("-") + key.count("'"))


_Hit = tuple[ActorEntry, bool]  # an entry and whether the phrase must hold a capital to match it


class _NameTable:
    """Names by key, each key with its entries in order of precedence; built once, then read only."""

    def __init__(self) -> None:
        self.hits: dict[str, tuple[_Hit, ...]] = {}
        self.starts: dict[str, int] = {}  # first word of a key -> most tokens a match from it spans

    def copy(self) -> "_NameTable":
        table = _NameTable()
        table.hits = dict(self.hits)
        table.starts = dict(self.starts)
        return table

    def add(self, name: str, entry: ActorEntry, first: bool = False, fold: bool = False) -> None:
        # fold: a dictionary written all in capitals (PETRARCH's), whose names match in any case
        key = _form(_words(name), True) if fold else _key(name)
        if not key:
            return
        hit = (entry, any(c.isupper() for c in name))
        known = self.hits.get(key, ())
        if any(h[0] is entry for h in known):
            return
        self.hits[key] = (hit,) + known if first else known + (hit,)
        atom = _atom(key)
        self.starts[atom] = max(self.starts.get(atom, 0), _span(key))

    def find(self, words: Sequence[str], on: datetime.date | None) -> ActorEntry | None:
        """Gives the first entry the words name on `on`, `_NOT_AN_ACTOR` for a place, or None."""
        if not words:
            return None
        capitalised = any(c.isupper() for w in words for c in w)
        fallback = None
        for form in _phrase_forms(tuple(words)):
            for entry, needs_capital in self.hits.get(form, ()):
                if needs_capital and not capitalised:
                    continue
                if on is None and (entry.valid_from or entry.valid_until):
                    # an undated document takes a name's undated code, when it has one
                    fallback = fallback or entry
                    continue
                if _valid_on(entry, on):
                    return entry
        return fallback


class ActorLexicon:
    """Names of countries, capitals, bodies and user actors, nationality adjectives and sector words."""

    def __init__(self, names: _NameTable, countries: _NameTable, adjectives: dict[str, str],
                 sectors: dict[str, str], country_names: dict[str, str], problems: tuple[str, ...] = ()):
        # Built by `builtin()`, `with_user_file()` and `with_agents()`; not meant to be called directly.
        self._names = names
        self._countries = countries
        self._adjectives = adjectives
        self._sectors = sectors
        self._country_names = country_names
        self.problems = problems   # "FILE:LINE: reason" of each line of a dictionary that was skipped
        self.longest_sector = max((len(k.split()) for k in sectors), default=1)
        # every noun phrase of every sentence asks these: answers kept, up to MEMO_SIZE words each
        self._adjective_memo: dict[str, str | None] = {}
        self._sector_memo: dict[str, str | None] = {}

    @classmethod
    def builtin(cls) -> "ActorLexicon":
        """Gives the lexicon of the package's own tables, loaded once."""
        return _builtin()

    def with_user_file(self, path: str | os.PathLike) -> "ActorLexicon":
        """Gives a new lexicon: this one with the actors of a user file taking precedence: YAML, TSV or
        a PETRARCH dictionary, told apart by their content (tidings/lexicon/petrarch_actors.py)."""
        petrarch = read_petrarch_file(path)
        names = self._names.copy()
        problems = self.problems
        if petrarch is not None:
            actors, found = petrarch
            problems += tuple(found)
            # Reversed and put first, so that the earlier block and the earlier entry come first.
            for actor in reversed(actors):
                for name in reversed(actor.names):
                    for entry in reversed(actor.entries):
                        names.add(name, entry, first=True, fold=True)
        else:
            entries = read_user_file(path, known_codes=set(self._country_names) | NON_STATE_CODES)
            # Reversed so that, among user entries sharing an alias, the earlier line comes first.
            for aliases, entry in reversed(entries):
                for alias in reversed(aliases):
                    names.add(alias, entry, first=True)
        return ActorLexicon(names, self._countries, self._adjectives, self._sectors, self._country_names, problems)

    def with_agents(self, path: str | os.PathLike) -> "ActorLexicon":
        """Gives a new lexicon: this one with the role nouns of a PETRARCH agents dictionary that its own
        sector words lack ("farmer" AGR when sectors.tsv has no farmer)."""
        agents, found = read_agents_file(path)
        sectors = dict(self._sectors)
        for phrase, sector in agents:
            sectors.setdefault(" ".join(phrase.replace("-", " ").casefold().split()), sector)
        return ActorLexicon(self._names, self._countries, self._adjectives, sectors, self._country_names,
                            self.problems + tuple(found))

    def match_name(self, phrase: str, on: datetime.date | None = None) -> ActorEntry | None:
        """Gives the actor that the whole phrase names ("the U.S.", "Beijing", "UN Security Council"), or None."""
        entry = self._lookup(_words(phrase), _as_date(on), strip_the=True)
        return None if entry is None or entry.kind == "none" else entry

    def find_names(self, words: Sequence[str], on: datetime.date | None = None
                   ) -> list[tuple[int, int, ActorEntry]]:
        """Gives the longest non-overlapping names in a token list as (start, end, entry), end exclusive."""
        on = _as_date(on)
        found: list[tuple[int, int, ActorEntry]] = []
        starts = self._names.starts
        n = len(words)
        i = 0
        while i < n:
            longest = self._start_span(words[i], starts)
            matched = False
            for j in range(min(n, i + longest), i, -1):
                if words[j - 1] in _POSSESSIVE_TOKENS:
                    continue  # "China 's": the name ends before its possessive
                entry = self._names.find(_words(" ".join(words[i:j])), on)
                if entry is not None:
                    start = i
                    # "the" belongs to a name only when the name needs it ("the States", not "the UN").
                    if (j - i > 1 and words[i].casefold() == "the"
                            and self._names.find(_words(" ".join(words[i + 1:j])), on) is entry):
                        start = i + 1
                    if entry.kind != "none":
                        found.append((start, j, entry))
                    i = j
                    matched = True
                    break
            if not matched:
                i += 1
        return found

    def country_of_adjective(self, word: str) -> str | None:
        """Gives the ISO3 code a nationality word or country name points to ("Chinese", "Americans", "U.S.")."""
        return _memo(self._adjective_memo, word, self._country_of_adjective)

    def _country_of_adjective(self, word: str) -> str | None:
        words = _words(word)
        if not words:
            return None
        # Adjectives match in any case: the parser's lemma of "Chinese" is "chinese".
        code = self._adjectives.get(_form(words, True))
        if code is not None:
            return code
        entry = self._countries.find(words, None)
        return entry.code if entry is not None else None

    def sector_of(self, lemma: str) -> str | None:
        """Gives the CAMEO sector a noun lemma or title tells ("troops" MIL, "foreign minister" GOV), or None."""
        return _memo(self._sector_memo, lemma, self._sector_of)

    def _sector_of(self, lemma: str) -> str | None:
        key = " ".join(lemma.replace("-", " ").casefold().split())
        sector = self._sectors.get(key)
        if sector is not None:
            return sector
        # Plural word forms, for callers that pass the word instead of its lemma.
        for cut, add in (("men", "man"), ("ies", "y"), ("es", ""), ("s", "")):
            if key.endswith(cut):
                sector = self._sectors.get(key[: -len(cut)] + add)
                if sector is not None:
                    return sector
        return None

    def country_name(self, code: str) -> str | None:
        """Gives the name of an ISO3 country code ("KAZ": "Kazakhstan"), or of UNO/EUR; None if unknown."""
        return self._country_names.get(code)

    def _lookup(self, words: Sequence[str], on: datetime.date | None, strip_the: bool) -> ActorEntry | None:
        entry = self._names.find(words, on)
        if entry is None and strip_the and len(words) > 1 and words[0].casefold() == "the":
            entry = self._names.find(words[1:], on)
        return entry

    @staticmethod
    def _start_span(token: str, starts: dict[str, int]) -> int:
        """Gives how many tokens a name starting at `token` can span; 0 when no name starts so."""
        return max((starts.get(atom, 0) for atom in _token_atoms(token)), default=0)


MEMO_SIZE = 20_000


def _memo(memo: dict, key: str, compute):
    """Gives compute(key), kept in `memo`; the memo starts afresh when it holds MEMO_SIZE answers."""
    if key in memo:
        return memo[key]
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value = compute(key)
    return value


def _as_date(on: datetime.date | None) -> datetime.date | None:
    # A datetime is a date, but does not compare with one.
    return on.date() if isinstance(on, datetime.datetime) else on


# --- the package's tables -------------------------------------------------------------------------

def _read_table(name: str, columns: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    """Gives the rows of a package data table with their line numbers; comments and blanks skipped."""
    label = f"tidings/data/{name}"
    text = resources.files("tidings").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tsv_rows(text, label, required=columns, allowed=columns)


@lru_cache(maxsize=1)
def _builtin() -> ActorLexicon:
    names = _NameTable()
    country_table = _NameTable()
    adjectives: dict[str, str] = {}
    country_names: dict[str, str] = dict(BODY_NAMES)
    capitals: list[tuple[str, ActorEntry]] = []

    for country in countries():
        code, name = country.code, country.name
        country_names[code] = name
        entry = ActorEntry(name=name, code=code, sector=None, kind="country")
        for alias in country.names:
            names.add(alias, entry)
            country_table.add(alias, entry)
        for adjective in country.adjectives:
            adjectives.setdefault(_form(_words(adjective), True), code)
        # A capital stands for its country's government: the caller gives the sector.
        capital = ActorEntry(name=name, code=code, sector=None, kind="capital")
        capitals.extend((city, capital) for city in country.capitals)

    for _, row in _read_table("organizations.tsv", ("name", "aliases", "code", "sector")):
        if row["code"]:
            entry = ActorEntry(name=row["name"], code=row["code"], sector=row["sector"] or None,
                               kind="organization")
        else:
            entry = _NOT_AN_ACTOR
        for alias in [row["name"], *split_list(row["aliases"])]:
            names.add(alias, entry)

    # Capitals last: where a capital shares a country's name (Djibouti, Kuwait), the country wins.
    for city, capital in capitals:
        names.add(city, capital)

    sectors = {" ".join(row["word"].replace("-", " ").casefold().split()): row["sector"]
               for _, row in _read_table("sectors.tsv", ("word", "sector"))}
    return ActorLexicon(names, country_table, adjectives, sectors, country_names)


