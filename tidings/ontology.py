"""CAMEO codes with their Goldstein value, quad class and PLOVER type, loaded once from data."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad: int
    plover: str | None
    mode: str | None


class UnknownCameoCode(KeyError):
    """A pattern names a CAMEO code that the table does not hold."""


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """Gives every CAMEO code of `data/cameo.tsv` by its code."""
    text = resources.files("tidings").joinpath("data/cameo.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CameoCode(
            code=row["code"], name=row["name"], goldstein=float(row["goldstein"]),
            quad=int(row["quad"]), plover=row["plover"] or None, mode=row["mode"] or None,
        )
    return table


def cameo(code: str) -> CameoCode:
    """Gives the table entry of a CAMEO code; raises UnknownCameoCode for codes it lacks."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise UnknownCameoCode(code) from None
