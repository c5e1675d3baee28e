"""The pledge table (data/pledges.yaml): which later acts fulfil or contradict a pledge, and the link rule.

Loaded once. The coder's pledge stage reads `fulfilling` to fill each pledge's `fulfilled_by`; the
store's linker (tidings/store/pledge_links.py) reads all of it. A pledge is an event of CAMEO root 03.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

PLEDGE_ROOT = "03"
RELATIONS = ("fulfils", "reaffirms", "contradicts")


def is_pledge(cameo: str | None) -> bool:
    """Gives whether an event's CAMEO code is a pledge (root 03)."""
    return bool(cameo) and cameo.startswith(PLEDGE_ROOT)


@dataclass(frozen=True)
class PledgeTable:
    """Fulfilling and contradicting roots by pledge code, the link thresholds and term weights."""

    fulfils: dict[str, tuple[str, ...]]
    contradicts: dict[str, tuple[str, ...]]
    min_score: dict[str, float]
    weights: dict[str, float]
    either_direction: frozenset[str]
    stop_words: frozenset[str]
    carriers: frozenset[str] = frozenset()
    on_preps: frozenset[str] = frozenset()
    max_words: int = 16
    currencies: dict[str, str] | None = None
    due_units: dict[str, int] | None = None
    commissives: frozenset[str] = frozenset()
    commissive_code: str = "030"
    planned_roots: tuple[str, ...] = ()
    acts: dict[str, dict] | None = None
    future: frozenset[str] = frozenset()
    transfer_nouns: frozenset[str] = frozenset()
    families: dict[str, str] | None = None   # word -> its family's term ("~talk")
    speech: frozenset[str] = frozenset()
    reversals: tuple[str, ...] = ()
    reversal_gap: int = 4
    naming_kinds: frozenset[str] = frozenset({"name", "number"})
    done: dict | None = None   # done acts a pledge's keeping is told by (stages/pledges/done.py)

    def fulfilling(self, cameo: str) -> tuple[str, ...]:
        """Gives the CAMEO roots of acts that would fulfil a pledge coded `cameo` (longest prefix wins)."""
        return _longest(self.fulfils, cameo)

    def contradicting(self, cameo: str) -> tuple[str, ...]:
        """Gives the CAMEO roots of acts that would contradict a pledge coded `cameo`."""
        return _longest(self.contradicts, cameo)


def _longest(table: dict[str, tuple[str, ...]], cameo: str) -> tuple[str, ...]:
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return ()


@lru_cache(maxsize=1)
def pledge_table() -> PledgeTable:
    """Gives the built-in pledge table, read once."""
    raw = yaml.safe_load(resources.files("tidings").joinpath("data/pledges.yaml").read_text(encoding="utf-8"))
    links = raw["links"]
    return PledgeTable(
        fulfils={str(k): tuple(str(r) for r in v) for k, v in raw["fulfils"].items()},
        contradicts={str(k): tuple(str(r) for r in v) for k, v in raw["contradicts"].items()},
        min_score={k: float(v) for k, v in links["min_score"].items()},
        weights={k: float(v) for k, v in links["weights"].items()},
        either_direction=frozenset(links.get("either_direction", [])),
        stop_words=frozenset(raw["stop_words"].lower().split()),
        carriers=frozenset(map(str, raw["what"]["carriers"])), on_preps=frozenset(map(str, raw["what"]["on_preps"])),
        max_words=int(raw["what"]["max_words"]),
        currencies={str(k).lower(): str(v) for k, v in raw["currencies"].items()},
        due_units={str(k): int(v) for k, v in raw["due"]["units"].items()},
        commissives=frozenset(raw["commissives"]["verbs"]), commissive_code=str(raw["commissives"]["code"]),
        planned_roots=tuple(str(r) for r in raw["planned_roots"]),
        acts={str(k): {"code": str(v["code"]), "objects": frozenset(map(str, v.get("objects", []))),
                       "transfer": bool(v.get("transfer", False)), "particle": v.get("particle"),
                       "place": bool(v.get("place", False))} for k, v in raw["acts"].items()},
        families={str(w).lower(): f"~{name}" for name, words in raw["families"].items() for w in words},
        transfer_nouns=frozenset(map(str, raw["transfer_nouns"])), speech=frozenset(map(str, raw["speech"])),
        future=frozenset(map(str, raw["future"])),
        reversals=tuple(w.strip() for w in links.get("reversals", "").split("|") if w.strip()),
        reversal_gap=int(links.get("reversal_gap", 4)),
        naming_kinds=frozenset(links.get("naming_kinds", ["name", "number"])),
        done=_done(raw.get("done")),
    )


def _done(raw: dict | None) -> dict | None:
    """Gives the done-act words: receipt verbs with the objects they need, voyage verbs, carriers."""
    if not raw:
        return None
    return {"code": str(raw["code"]),
            "receipts": {str(k): frozenset(map(str, v or [])) for k, v in raw["receipts"].items()},
            "voyages": frozenset(map(str, raw["voyages"])), "carriers": frozenset(map(str, raw["carriers"]))}
