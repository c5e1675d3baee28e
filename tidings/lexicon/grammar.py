"""The event grammar's word sets, re-codes and rule order, read from data (cues, recodes, rules).

`data/cues.yaml` holds the cue-word sets ("will", "refused to", "urged ... to"), `data/recodes.yaml`
the CAMEO re-code maps and root sets, `data/rules.yaml` the order of the actor rules. A directory
given with `--patterns` may hold files of the same names: their word sets add words, their map and
root entries replace entries, their rule lists replace lists. Every set, map and list is checked
when read; a mistake is one `PatternFileError` naming the file.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["Cues", "Recodes", "RuleOrder", "read_grammar", "PatternFileError"]


class PatternFileError(ValueError):
    """A grammar file (patterns, noun classes, cues, recodes, rules) that cannot be used; the message
    names the file (and line, where it can)."""


class Cues:
    """Cue-word sets by name: `cues.intent_heads` is a frozenset of words, `cues.order("target_preps")` a tuple."""

    def __init__(self, orders: dict[str, tuple[str, ...]]):
        self._orders = orders
        self._sets = {name: frozenset(words) for name, words in orders.items()}

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.__dict__["_sets"][name]
        except KeyError:
            raise AttributeError(f"no cue-word set {name!r} in cues.yaml") from None

    def order(self, name: str) -> tuple[str, ...]:
        """Gives the words of a set in the order the file lists them (for sets where order matters)."""
        return self._orders[name]


@dataclass(frozen=True)
class ActorRecode:
    """A re-code by who acts: acts of `roots` (but not `keep`) whose doers all have `sectors` become `code`."""

    sectors: frozenset[str]
    roots: frozenset[str]
    keep: frozenset[str]
    code: str


@dataclass(frozen=True)
class Recodes:
    """CAMEO re-code maps (root -> code, with a default) and named sets of CAMEO roots."""

    maps: dict[str, dict[str, str]]        # name -> root or whole code -> new code
    defaults: dict[str, str | None]
    roots: dict[str, frozenset[str]]
    by_actor: dict[str, ActorRecode] = field(default_factory=dict)
    unnamed: dict[str, str] = field(default_factory=dict)   # CAMEO root -> sector of the doer it implies

    def unnamed_doer(self, cameo: str) -> str | None:
        """Gives the sector of the doer an act implies when the text names none (protests: CVL)."""
        return self.unnamed.get(cameo[:2])

    def recode(self, name: str, cameo: str) -> str | None:
        """Gives the code map `name` gives a CAMEO code: by the whole code, else by its root, else the
        map's default (None when it has none: the act keeps its code)."""
        table = self.maps[name]
        return table.get(f"={cameo}") or table.get(cameo[:2]) or self.defaults[name]


@dataclass(frozen=True)
class RuleOrder:
    """The order of the named actor rules, by list name ("verb_targets", "noun_sources", ...)."""

    lists: dict[str, tuple[str, ...]]
    labels: dict[str, str] = field(default_factory=dict)   # list name -> the file that gave it

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.lists[name]

    def check(self, name: str, known: Iterable[str]) -> tuple[str, ...]:
        """Gives list `name`, raising PatternFileError when it names a rule not in `known`."""
        known = set(known)
        order = self.lists.get(name)
        if order is None:
            raise PatternFileError(f"rules.yaml: no list {name!r}")
        unknown = [rule for rule in order if rule not in known]
        if unknown:
            label = self.labels.get(name, "rules.yaml")
            raise PatternFileError(f"{label}: {name}: no rule {unknown[0]!r} (rules: {', '.join(sorted(known))})")
        return order


def read_grammar(layers: list[tuple[Any, str]]) -> tuple[Cues, Recodes, RuleOrder]:
    """Gives the cues, re-codes and rule order of the layered folders: [(folder, label prefix), ...]."""
    cues: dict[str, tuple[str, ...]] = {}
    maps: dict[str, dict[str, str]] = {}
    defaults: dict[str, str | None] = {}
    roots: dict[str, frozenset[str]] = {}
    by_actor: dict[str, ActorRecode] = {}
    unnamed: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    labels: dict[str, str] = {}
    for depth, (folder, prefix) in enumerate(layers):
        user = depth > 0
        data = _load(folder, "cues.yaml", prefix)
        for name, entry in data.items():
            keep_case = isinstance(entry, dict) and entry.get("case") == "keep"
            words = _words(entry, f"{prefix}cues.yaml: {name}", lower=not keep_case)
            if user and name not in cues:
                raise PatternFileError(f"{prefix}cues.yaml: {name}: no such cue-word set")
            cues[name] = tuple(dict.fromkeys(cues.get(name, ()) + words))
        data = _load(folder, "recodes.yaml", prefix)
        for name, entry in (data.get("maps") or {}).items():
            label = f"{prefix}recodes.yaml: maps: {name}"
            pairs = _mapping(entry.get("map") if isinstance(entry, dict) else None, label)
            if isinstance(entry, dict) and entry.get("codes") is not None:
                # whole codes are kept apart from roots by a leading "=": "057" is a code, "05" a root
                pairs.update({f"={k}": v for k, v in _mapping(entry["codes"], label + ": codes").items()})
            maps[name] = {**maps.get(name, {}), **pairs}
            if isinstance(entry, dict) and "default" in entry:
                defaults[name] = str(entry["default"])
            defaults.setdefault(name, None)
        for name, entry in (data.get("roots") or {}).items():
            roots[name] = frozenset(_words(entry, f"{prefix}recodes.yaml: roots: {name}", key="roots"))
        for name, entry in (data.get("by_actor") or {}).items():
            by_actor[name] = _actor_recode(entry, f"{prefix}recodes.yaml: by_actor: {name}")
        for name, entry in (data.get("unnamed_doers") or {}).items():
            label = f"{prefix}recodes.yaml: unnamed_doers: {name}"
            if not isinstance(entry, dict) or not isinstance(entry.get("sector"), str):
                raise PatternFileError(f"{label}: want roots and sector")
            unnamed.update({root: entry["sector"] for root in _words(entry, label, "roots")})
        data = _load(folder, "rules.yaml", prefix)
        for name, entry in data.items():
            if not isinstance(entry, list) or not all(isinstance(r, str) for r in entry):
                raise PatternFileError(f"{prefix}rules.yaml: {name}: want a list of rule names")
            lists[name] = tuple(entry)
            labels[name] = prefix + "rules.yaml"
    return Cues(cues), Recodes(maps, defaults, roots, by_actor, unnamed), RuleOrder(lists, labels)


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping (the second would silently win)."""


def _unique_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"{key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _load(folder: Any, name: str, prefix: str) -> dict:
    path = folder.joinpath(name)
    if not path.is_file():
        return {}
    label = prefix + name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except UnicodeDecodeError:
        raise PatternFileError(f"{label}: not UTF-8 text") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise PatternFileError(f"{label}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PatternFileError(f"{label}: want a mapping of names to entries")
    return data


def _words(entry: Any, label: str, key: str = "words", lower: bool = True) -> tuple[str, ...]:
    words = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(words, list) or not all(isinstance(w, (str, int)) for w in words):
        raise PatternFileError(f"{label}: want `{key}: [...]` (quote words YAML reads otherwise, such as on, off, no)")
    return tuple(str(w).lower() if lower else str(w) for w in words)


def _mapping(value: Any, label: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise PatternFileError(f"{label}: want `map: {{root: code, ...}}`")
    return {str(k): str(v) for k, v in value.items()}


def _actor_recode(entry: Any, label: str) -> ActorRecode:
    if not isinstance(entry, dict) or "code" not in entry:
        raise PatternFileError(f"{label}: want sectors, roots, keep and code")
    return ActorRecode(sectors=frozenset(_words(entry, label, "sectors", lower=False)), roots=frozenset(_words(entry, label, "roots")),
                       keep=frozenset(_words(entry, label, "keep")) if "keep" in entry else frozenset(),
                       code=str(entry["code"]))
