"""PETRARCH (TABARI) actor dictionaries: names, synonyms and date-ranged codes, read as actor entries.

The format, as PETRARCH2's own dictionaries write it:

    GONDOR_ [GON]                    a name, its words joined by `_` or spaces, and its code
    +MINAS_TIRITH                    a synonym of the name above
    ELESSAR                          a name whose codes follow on their own lines
        [GONGOV 20190301-20240630]   a code that holds from the first day up to (not on) the last
        [GONELI >20240630]           from that day on; `<YYMMDD` before it
        [GON]                        the code when no dated one holds
    # a comment; ` #` ends a line; <!-- a comment --> may span lines

A code is a country (or IGO, NGO, ...) followed by roles, three letters each: PSEREBHMS is PSE with
the roles REB and HMS. `---` (or any code of no letters) says that the name is no actor then.
Dates are YYMMDD (00-30 read as 20YY) or YYYYMMDD.

Names match as PETRARCH matches them: whole words, in any case, `_` the same as a space. One rule of
Tidings' lexicon is kept: a phrase written wholly in lower case names no dictionary actor ("turkey",
"us"), since PETRARCH's all-capital names cannot say which of their words are common nouns.

A line that cannot be read is one problem, "FILE:LINE: reason"; the rest of the file loads.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tidings.codes import is_state
from tidings.lexicon.actor_files import ActorEntry
from tidings.lexicon.countries import countries

__all__ = ["PetrarchActor", "read_petrarch_actors", "translate_code", "petrarch_day", "looks_like_petrarch"]

# the bodies whose Tidings code is their own, not IGO: IGOUNO... is UNO, IGOEUR... is EUR
_OWN_BODY_CODES = ("UNO", "EUR")
# CAMEO codes that name a role or a religion, no country: a dictionary's [MED] (a news agency) or
# [BUD] is an actor of that sector whose country the text has to say
_ROLE_CODES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "PTY", "AGR", "BUS", "CRM", "CVL",
    "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "REL", "PPL", "SET",
    "BAH", "BUD", "CHR", "CON", "HIN", "JAN", "JEW", "MOS", "SHN", "SIK", "TAO", "ZRO",
})
# Country codes that, after another country's, are a role: Phoenix's MUS is Muslims (IRQMUS), and
# Mauritius is no country's territory
_NEVER_TERRITORIES = frozenset({"MUS"})
# CAMEO's country codes where ISO 3166 and the event record differ
_CAMEO_COUNTRIES = {"KSV": "XKX"}

_CODE = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9]*(?:/[A-Za-z][A-Za-z0-9]*)*|[-+*#]+)(?:\s+(?P<dates>.*))?$")
_DAY = r"\d{6}(?:\d{2})?"
_RANGE = re.compile(rf"^(?P<start>{_DAY})-(?P<end>{_DAY})$")
_OPEN = re.compile(rf"^(?P<side>[<>])(?P<day>{_DAY})$")


@dataclass(frozen=True)
class PetrarchActor:
    """One actor block of a dictionary: its names, its entries in the order they are tried, its line."""

    names: tuple[str, ...]
    entries: tuple[ActorEntry, ...]
    line: int


def petrarch_day(text: str) -> datetime.date:
    """Gives the day of YYMMDD (00-30 are 20YY) or YYYYMMDD; raises ValueError for no such day."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    else:
        year, rest = int(text[:2]), text[2:]
        year += 2000 if year <= 30 else 1900
    return datetime.date(year, int(rest[:2]), int(rest[2:4]))


def translate_code(code: str) -> tuple[str | None, str | None] | None:
    """Gives the Tidings (code, sector) of a PETRARCH code: "PSEREBHMS" is ("PSE", "REBHMS"),
    "IGOUNOWFP" is ("UNO", "WFP"), "MED" is (None, "MED"), "KSV" is ("XKX", None), "DNKGRL" is
    ("GRL", None); None for a code
    that says "no actor" ("---")."""
    code = code.upper()
    if not any(c.isalpha() for c in code):
        return None
    if code.startswith("IGO") and code[3:6] in _OWN_BODY_CODES:
        return code[3:6], code[6:] or None
    if code[:3] in _ROLE_CODES:
        return None, code
    if code[:3] in _territories() and code[3:6] in _territories() and code[:3] != code[3:6] \
            and code[3:6] not in _NEVER_TERRITORIES:
        # DNKGRL, FRANCL: CAMEO's territory of a country; the event record codes it by its own code.
        # Only after a country: in IMGMUSISI the MUS is a religion, not Mauritius.
        return code[3:6], code[6:] or None
    return _CAMEO_COUNTRIES.get(code[:3], code[:3]), code[3:] or None


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    return frozenset(c.code for c in countries())


def looks_like_petrarch(text: str) -> bool:
    """Gives whether a file's first line that is neither blank nor a comment is a PETRARCH one: a name
    with a [CODE] after it, a lone [CODE], a +synonym, or a name whose words are joined by `_`."""
    for line in _lines(text):
        body = line[1]
        if body.startswith(("- ", "---")) or ":" in body.split("[")[0]:
            return False   # YAML
        if "\t" in body and body.split("\t")[0].strip().casefold() == "name":
            return False   # a TSV header
        return bool(re.search(r"\[[^\]]*\]", body) or body.startswith("+") or "_" in body.split()[0])
    return False


def _lines(text: str):
    """Gives (line number, text) of each line that holds more than comments, comments removed."""
    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            line = line[line.index("-->") + 3:]
            in_comment = False
        if line.lstrip().startswith("<!") and "<!--" not in line:
            continue   # "<! -- a note -->": PETRARCH skips any line that starts so
        while "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + tail[tail.index("-->") + 3:]
            else:
                line, in_comment = head, True
        if "#" in line:
            line = line[:line.index("#")]
        if line.strip():
            yield number, line.strip()


def read_petrarch_actors(path: str | Path, text: str) -> tuple[list[PetrarchActor], list[str]]:
    """Gives the actor blocks of a PETRARCH actor dictionary, in file order, and its problems
    ("FILE:LINE: reason"), one a line that could not be read."""
    actors: list[PetrarchActor] = []
    problems: list[str] = []
    block: _Block | None = None

    def close() -> None:
        if block is not None:
            done = block.done()
            if done is not None:
                actors.append(done)
            elif not block.bad:   # a block whose code line was bad is told by that line
                problems.append(f"{path}:{block.line}: actor {block.names[0]!r} has no [CODE]")

    for number, line in _lines(text):
        if line.startswith("["):
            if block is None:
                problems.append(f"{path}:{number}: a [CODE] line before any actor name")
                continue
            problem = block.add_codes(line)
            if problem:
                block.bad = True
                problems.append(f"{path}:{number}: {problem}")
        elif line.startswith("+"):
            if block is None:
                problems.append(f"{path}:{number}: a +synonym before any actor name")
                continue
            name, codes = _split_name(line[1:])
            problem = block.add_name(name) or (block.add_codes(codes) if codes else None)
            if problem:
                block.bad = True
                problems.append(f"{path}:{number}: {problem}")
        else:
            close()
            name, codes = _split_name(line)
            block = _Block(number, name)
            problem = (None if _name_words(name) else "an actor line with no name") \
                or (block.add_codes(codes) if codes else None)
            if problem:
                problems.append(f"{path}:{number}: {problem}")
                block.bad = True
                block = None if not _name_words(name) else block
    close()
    return actors, problems


def _split_name(line: str) -> tuple[str, str]:
    """Gives a line's name and the [CODE ...] text after it ("" when the codes follow on other lines)."""
    at = line.find("[")
    return (line, "") if at < 0 else (line[:at], line[at:])


def _name_words(name: str) -> list[str]:
    return name.replace("_", " ").split()


class _Block:
    """An actor block being read: its names so far and its codes, dated ones apart from the undated."""

    def __init__(self, line: int, name: str):
        self.line = line
        self.names: list[str] = [" ".join(_name_words(name))]
        self.dated: list[ActorEntry] = []
        self.undated: ActorEntry | None = None
        self.bad = False   # a line of it was told as a problem already

    def add_name(self, name: str) -> str | None:
        words = _name_words(name)
        if not words:
            return "a + with no synonym after it"
        self.names.append(" ".join(words))
        return None

    def add_codes(self, text: str) -> str | None:
        """Adds the codes of "[CODE ...][CODE ...]"; gives what is wrong with them, or None."""
        parts = [p.strip() for p in text.split("]")]
        if parts[-1]:
            return f"text after the last ']': {parts[-1]!r}"
        for part in parts[:-1]:
            if not part.startswith("["):
                return f"expected [CODE] or [CODE YYMMDD-YYMMDD], got {part!r}"
            problem = self._add_code(part[1:].strip())
            if problem:
                return problem
        return None

    def _add_code(self, body: str) -> str | None:
        match = _CODE.match(body)
        if not match:
            return f"not a code: [{body}]"
        dates = re.sub(r"\s+", "", match["dates"] or "")
        try:
            valid_from, valid_until = _range(dates)
        except ValueError as error:
            return f"[{body}]: {error}"
        # "ELR/GAL": two actors at once, the first the entry's own, the others `also`
        first, *others = match["code"].split("/")
        translated = translate_code(first)
        code, sector = translated if translated else ("", None)
        also = tuple(ActorEntry(name=self.names[0].title(), code=c, sector=r, kind="petrarch")
                     for c, r in filter(None, map(translate_code, others)))
        # a bare state code names a country (or a place standing for it), as the built-in tables' do:
        # the attribution rules count it among the countries a sentence names
        kind = "none" if not translated else "country" if sector is None and is_state(code) else "petrarch"
        entry = ActorEntry(name=self.names[0].title(), code=code, sector=sector, kind=kind,
                           valid_from=valid_from, valid_until=valid_until, also=also)
        if valid_from is None and valid_until is None:
            if self.undated is None:   # PETRARCH tries codes in order: a second undated one is never reached
                self.undated = entry
        else:
            self.dated.append(entry)
        return None

    def done(self) -> PetrarchActor | None:
        entries = self.dated + ([self.undated] if self.undated is not None else [])
        if not entries:
            return None
        # each entry takes the block's first name: the name the record gives the actor
        return PetrarchActor(names=tuple(dict.fromkeys(self.names)), entries=tuple(entries), line=self.line)


def _range(dates: str) -> tuple[datetime.date | None, datetime.date | None]:
    """Gives the first and last day of a PETRARCH date restriction ("" is no restriction).

    PETRARCH holds a code from its first day up to, not on, its last: "A-B" and "<B" end the day before B."""
    if not dates:
        return None, None
    one_day = datetime.timedelta(days=1)
    try:
        if match := _RANGE.match(dates):
            start, end = petrarch_day(match["start"]), petrarch_day(match["end"])
            if end <= start:
                raise ValueError(f"the range ends ({end}) before it starts ({start})")
            return start, end - one_day
        if match := _OPEN.match(dates):
            day = petrarch_day(match["day"])
            return (day, None) if match["side"] == ">" else (None, day - one_day)
    except ValueError as error:
        if "range ends" in str(error):
            raise
        raise ValueError(f"no such day in {dates!r}") from None
    raise ValueError(f"dates {dates!r}: use YYMMDD-YYMMDD, <YYMMDD or >YYMMDD (or 8 digits)")
