"""Actor tables as files: the rows of the package's TSV tables and a user's YAML or TSV actors file.

A user file names actors the built-in tables lack, or overrides them (`--actors FILE`):

    - name: Republic of Arnovia
      aliases: [Arnovia, Arnovian government]
      code: ARN
      sector: GOV
      valid_from: 2021-03-01

Every mistake is one `ActorFileError` naming the file and line ("FILE:LINE: reason").
"""
from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tidings.codes import NON_STATE_CODES
from tidings.days import is_day, parse_day

# CAMEO/PLOVER sector codes (shared/ontology/cameo_actor_types.tsv): roles, secondary roles,
# international generics and the Phoenix extensions REL and PPL.
_SECTOR_CODES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "PTY",
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF",
    "MOD", "RAD", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS", "PKO", "SET", "REL", "PPL",
})

_USER_FIELDS = ("name", "aliases", "code", "sector", "valid_from", "valid_until")


_USER_FIELDS = ("name", "aliases", "code", "sector", "valid_from", "valid_until")


@dataclass(frozen=True)
class ActorEntry:
    """A known actor: its canonical name, actor code, sector and where it came from."""

    name: str                 # canonical name: "China", "United Nations", or a user actor's name
    code: str                 # ISO3 or UNO/EUR/IGO/NGO/MNC/IMG
    sector: str | None        # None for a bare country
    kind: str                 # "country" | "capital" | "organization" | "user"
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    also: tuple["ActorEntry", ...] = ()   # the other actors a name stands for at once (PETRARCH's "ELR/GAL")


class ActorFileError(ValueError):
    """An actor file that cannot be read: str(e) is one line, "FILE:LINE: reason".

    LINE is 0 when the problem is the file as a whole (missing, wrong type, not UTF-8).
    """

    def __init__(self, path: str | os.PathLike, line: int, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{self.path}:{line}: {reason}")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def tsv_rows(text: str, label: str, required: Sequence[str], allowed: Sequence[str]
              ) -> Iterable[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = [f.casefold() for f in fields]
            for column in header:
                if column not in allowed:
                    raise ActorFileError(label, number, f"unknown column {column!r} "
                                         f"(expected {', '.join(allowed)})")
            for column in required:
                if column not in header:
                    raise ActorFileError(label, number, f"missing column {column!r}")
            continue
        if len(fields) > len(header):
            raise ActorFileError(label, number, f"{len(fields)} tab-separated fields, "
                                 f"the header has {len(header)}")
        fields += [""] * (len(header) - len(fields))
        rows.append((number, dict(zip(header, fields))))
    if header is None and text.strip():
        raise ActorFileError(label, 1, "no header line")
    return rows


# --- user files -----------------------------------------------------------------------------------

def read_user_file(path: str | os.PathLike, known_codes: set[str] | frozenset[str]
                   ) -> list[tuple[list[str], ActorEntry]]:
    """Gives the user actors of a YAML or TSV file, each with the names it is known by, in file order."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in (".yaml", ".yml", ".tsv"):
        raise ActorFileError(path, 0, f"unsupported file type {path.suffix or '(none)'!r}: "
                             "use .yaml, .yml or .tsv, or a PETRARCH actor dictionary")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ActorFileError(path, 0, "not UTF-8 text") from None
    except OSError as error:
        raise ActorFileError(path, 0, f"cannot read: {error.strerror or error}") from None
    if suffix == ".tsv":
        records = [(number, row, {}) for number, row in
                   tsv_rows(text, str(path), required=("name", "code"), allowed=_USER_FIELDS)]
    else:
        records = _yaml_records(text, path)
    return [_user_entry(fields, number, lines, path, known_codes) for number, fields, lines in records]


class _Mapping(dict):
    line: int
    value_lines: dict[str, int]


class _Sequence(list):
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers on which line each mapping, value and list item starts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.value_lines = {str(k.value): v.start_mark.line + 1 for k, v in node.value}
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Sequence:
    sequence = _Sequence(loader.construct_sequence(node, deep=True))
    sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay text, checked by `_user_date`: PyYAML's own reading of 2021-13-01 fails with a traceback.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def _yaml_records(text: str, path: Path) -> list[tuple[int, dict[str, Any], dict[str, int]]]:
    """Gives each actor mapping of a YAML file with its line and the lines of its values."""
    try:
        document = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ActorFileError(path, mark.line + 1 if mark else 0, f"invalid YAML: {problem}") from None
    if document is None:
        return []
    if isinstance(document, _Mapping) and set(document) == {"actors"}:
        if document["actors"] is None:
            return []
        document = document["actors"]
    if not isinstance(document, _Sequence):
        line = getattr(document, "line", 1)
        raise ActorFileError(path, line, "expected a list of actors (or a mapping with the key 'actors')")
    records = []
    for item, line in zip(document, document.item_lines):
        if not isinstance(item, _Mapping):
            raise ActorFileError(path, line, "an actor must be a mapping with name, code and more")
        records.append((item.line, dict(item), item.value_lines))
    return records


def _user_entry(fields: dict[str, Any], line: int, value_lines: dict[str, int], path: Path,
                known_codes: set[str] | frozenset[str]) -> tuple[list[str], ActorEntry]:
    """Gives the names and entry of one user actor; raises ActorFileError on a bad field."""
    def fail(field: str | None, reason: str) -> ActorFileError:
        return ActorFileError(path, value_lines.get(field, line) if field else line, reason)

    for field in fields:
        if field not in _USER_FIELDS:
            raise fail(str(field), f"unknown field {field!r} (expected {', '.join(_USER_FIELDS)})")

    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("name" if "name" in fields else None, "an actor needs a name (text)")
    name = name.strip()

    code = fields.get("code")
    if not isinstance(code, str) or not code.strip():
        raise fail("code" if "code" in fields else None, f"actor {name!r} needs a code (ISO3 or "
                   f"{'/'.join(sorted(NON_STATE_CODES))})")
    code = code.strip()
    # any three upper-case letters will do: user tables code states the built-ins do not know
    # (fictional states of test sets, historical entities)
    if code not in known_codes and not re.fullmatch(r"[A-Z]{3}", code):
        raise fail("code", f"unknown actor code {code!r}: use an upper-case ISO3 country code or "
                   f"{'/'.join(sorted(NON_STATE_CODES))}")

    sector = fields.get("sector")
    if sector is None or (isinstance(sector, str) and not sector.strip()):
        sector = None
    elif not isinstance(sector, str) or not _known_sector(sector.strip()):
        raise fail("sector", f"unknown sector {sector!r}: use CAMEO codes such as GOV, MIL, REB")
    else:
        sector = sector.strip()

    aliases = fields.get("aliases")
    if aliases is None:
        aliases = []
    elif isinstance(aliases, str):
        aliases = split_list(aliases)
    elif isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
        aliases = [a.strip() for a in aliases if a.strip()]
    else:
        raise fail("aliases", "aliases must be a list of names")

    valid_from = _user_date(fields.get("valid_from"), lambda r: fail("valid_from", r))
    valid_until = _user_date(fields.get("valid_until"), lambda r: fail("valid_until", r))
    if valid_from and valid_until and valid_from > valid_until:
        raise fail("valid_until", f"valid_until {valid_until} is before valid_from {valid_from}")

    entry = ActorEntry(name=name, code=code, sector=sector, kind="user",
                       valid_from=valid_from, valid_until=valid_until)
    return [name, *aliases], entry


def _known_sector(sector: str) -> bool:
    # Composite CAMEO sectors ("GOVPTY", "OPPPTY") are codes written one after another.
    return (len(sector) % 3 == 0 and len(sector) > 0
            and all(sector[i:i + 3] in _SECTOR_CODES for i in range(0, len(sector), 3)))


def _user_date(value: Any, fail) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and is_day(value.strip()):
        return parse_day(value.strip())
    raise fail(f"expected a date YYYY-MM-DD, got {value!r}")
