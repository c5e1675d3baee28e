"""PETRARCH's dictionary files read once: actors, agents and discards, each kept by its path and state.

A dictionary of tens of thousands of lines takes a fraction of a second to read; the command checks a
configuration before it builds the coder, and both read the same files, so what a file gave is kept
for as long as the file's size and modification time stay the same.

The agents format (PETRARCH2's `read_agent_dictionary`):

    FARMER [~AGR]                      a role noun and the role it gives the actor it names
    ARMED_FORCES {} [~MIL]             {} : no plural; {FORMS} : this plural, not the regular one
    !PERSON! = MAN, MEN, WOMAN         a substitution set ...
    CONGRESS!PERSON! [~LEG]            ... used in a phrase: CONGRESSMAN, CONGRESSMEN, CONGRESSWOMAN
    HUMAN_RIGHTS_GROUP [NGO~]          a code after `~` or before it: the role, either way

Regular plurals are made as PETRARCH makes them: +S, Y -> IES, S -> SES.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from dataclasses import replace

from tidings.lexicon.actor_files import ActorFileError
from tidings.lexicon.countries import countries
from tidings.lexicon.petrarch_actors import PetrarchActor, _lines, looks_like_petrarch, read_petrarch_actors

__all__ = ["read_petrarch_file", "read_agents_file", "read_text", "file_state"]


def file_state(path: str | os.PathLike) -> tuple[str, int, int]:
    """Gives what says a file is unchanged: its resolved path, size and modification time."""
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except OSError as error:
        raise ActorFileError(path, 0, f"cannot read: {error.strerror or error}") from None
    return str(resolved), stat.st_size, stat.st_mtime_ns


def read_text(path: str | os.PathLike) -> str:
    """Gives a dictionary's text; raises ActorFileError (line 0) when it cannot be read as UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ActorFileError(path, 0, "not UTF-8 text") from None
    except OSError as error:
        raise ActorFileError(path, 0, f"cannot read: {error.strerror or error}") from None


def read_petrarch_file(path: str | os.PathLike) -> tuple[list[PetrarchActor], list[str]] | None:
    """Gives the actor blocks and problems of a PETRARCH actor dictionary; None for a file in another
    format (YAML, TSV), which `tidings.lexicon.actor_files` reads."""
    if Path(path).suffix.casefold() in (".yaml", ".yml", ".tsv") and Path(path).is_file():
        # a YAML or TSV file names its format; its content is still checked, for a dictionary so named
        text = read_text(path)
        if not looks_like_petrarch(text):
            return None
    return _petrarch_actors(str(path), file_state(path))


@lru_cache(maxsize=16)
def _petrarch_actors(path: str, state: tuple[str, int, int]) -> tuple[list[PetrarchActor], list[str]] | None:
    text = read_text(path)
    if not looks_like_petrarch(text):
        return None
    actors, problems = read_petrarch_actors(path, text)
    return [_yielding(actor) for actor in actors], problems


def _yielding(actor: PetrarchActor) -> PetrarchActor:
    """Gives the block without the names the built-in table gives the very same country as a country's
    name or capital ("Ankara", "Gaza Strip"): there the built-in entry knows more (a capital speaks
    for its government, a country is a place), and the dictionary's, with no other code, adds nothing."""
    codes = {entry.code for entry in actor.entries}
    if len(codes) != 1 or any(entry.valid_from or entry.valid_until for entry in actor.entries):
        return actor
    code = next(iter(codes))
    known = _country_names().get(code, frozenset())
    kept = tuple(n for n in actor.names if " ".join(n.replace("_", " ").split()).casefold() not in known)
    return actor if len(kept) == len(actor.names) else replace(actor, names=kept)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, frozenset[str]]:
    return {c.code: frozenset(n.casefold() for n in (*c.names, *c.capitals)) for c in countries()}


def read_agents_file(path: str | os.PathLike) -> tuple[list[tuple[str, str]], list[str]]:
    """Gives the (phrase, role) pairs of a PETRARCH agents dictionary, plurals and substitutions made,
    in file order, and its problems ("FILE:LINE: reason")."""
    return _agents(str(path), file_state(path))


@lru_cache(maxsize=16)
def _agents(path: str, state: tuple[str, int, int]) -> tuple[list[tuple[str, str]], list[str]]:
    agents: list[tuple[str, str]] = []
    problems: list[str] = []
    sets: dict[str, list[str]] = {}
    for number, line in _lines(read_text(path)):
        if "!" in line and "=" in line:
            marker = re.fullmatch(r"!(\w+)!\s*=\s*(.+)", line)
            if marker is None:
                problems.append(f"{path}:{number}: a substitution set is written !NAME! = FORM, FORM")
            else:
                sets[marker[1]] = [f.strip() for f in marker[2].split(",") if f.strip()]
            continue
        found = _agent_line(line, sets)
        if isinstance(found, str):
            problems.append(f"{path}:{number}: {found}")
        else:
            agents.extend(found)
    return agents, problems


def _agent_line(line: str, sets: dict[str, list[str]]) -> list[tuple[str, str]] | str:
    """Gives the phrases and role of one agent line, or what is wrong with it."""
    phrase, bracket, rest = line.partition("[")
    if not bracket or "]" not in rest:
        return "an agent needs a [~CODE]"
    code = rest.partition("]")[0].strip()
    role = code.replace("~", "").strip().upper()
    if "~" not in code or not re.fullmatch(r"[A-Z0-9]{3,}", role):
        return f"not an agent code: [{code}] (write [~GOV], or [NGO~] for a body)"
    phrase = phrase.strip()
    if "!" in phrase:
        marker = re.search(r"!(\w+)!", phrase)
        if marker is None or marker[1] not in sets:
            return f"substitution set {phrase[phrase.index('!'):].split()[0]!r} is not defined above"
        # every form of the set, each as written: the set holds its plurals already
        return [(_words(phrase.replace(marker[0], form)), role) for form in sets[marker[1]]]
    plural = None
    if "{" in phrase:
        if "}" not in phrase:
            return "a '{' with no '}'"
        plural = phrase[phrase.index("{") + 1:phrase.index("}")].strip()
        phrase = phrase[:phrase.index("{")].strip()
    if not _words(phrase):
        return "an agent line with no phrase"
    forms = [phrase, plural if plural is not None else _plural(phrase)]
    return [(_words(form), role) for form in forms if form]


def _plural(phrase: str) -> str:
    if phrase.endswith(("Y", "y")):
        return phrase[:-1] + "IES"
    if phrase.endswith(("S", "s")):
        return phrase + "ES"
    return phrase + "S"


def _words(phrase: str) -> str:
    return " ".join(phrase.replace("_", " ").split())
