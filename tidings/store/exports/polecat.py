"""POLECAT: the tab-separated weekly files of the POLECAT global event data (PLOVER-coded), one row
per report, with its header's 40 column names."""
from __future__ import annotations

from typing import Any

from tidings.store.exports.common import EVENTS_SQL, ORDER, Job, iso, write_tsv
from tidings.store.exports.countries import names_country, state_name
from tidings.store.exports.gazetteer import place_of
from tidings.store.exports.plover import PLOVER_QUADS
from tidings.store.exports.registry import ExportFormat, register

# POLECAT's weekly TSV files (Harvard Dataverse, doi:10.7910/DVN/AJGVIT): their columns, in file order.
POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)
_QUADS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}


def write_polecat(job: Job) -> int:
    """Gives the number of reports written to the job's path as POLECAT rows, with the header.

    Negated reports are left out, as POLECAT leaves them out (the manual: "negated events can be
    excluded from the final event dataset"), and so are CAMEO 01 statements, which have no PLOVER type.
    """
    sql = f"SELECT * FROM ({EVENTS_SQL}) WHERE NOT coalesce(negated, FALSE) AND event IS NOT NULL AND {job.where} ORDER BY {ORDER}"
    return write_tsv(job, sql, polecat_row, header=POLECAT_COLUMNS)


def polecat_row(row: dict[str, Any]) -> list[Any]:
    """Gives a stored event as the 40 values of a POLECAT row."""
    text, code = row.get("location_text"), row.get("location_code")
    place = place_of(text, code, row.get("location_lat"), row.get("location_lon")) if text or code else None
    is_country = names_country(text, code)
    quad = PLOVER_QUADS.get(row.get("event"))
    values: dict[str, Any] = {
        "Event ID": row["id"],
        "Event Date": iso(row["day"]),
        "Event Type": (row.get("event") or "").lower() or None,  # POLECAT writes types in lower case
        "Event Mode": row.get("mode"),
        "Event Intensity": row.get("goldstein"),
        "Quad Code": _QUADS.get(quad),
        **_party("Actor", row, "source"),
        **_party("Recipient", row, "target"),
        "Placename": text,
        "City": None if is_country else text,
        "Country": state_name(code),
        "Latitude": row.get("location_lat"),
        "Longitude": row.get("location_lon"),
        "GeoNames ID": place.geonameid if place else None,
        "Raw Placename": text,
        "Feature Type": place.feature_code if place else None,
        "Source": row.get("doc_source") or row.get("publisher"),
        "Publication Date": iso(row.get("doc_date")),
        "Language": "en",
        "Version": row.get("coder_version"),
    }
    return [values.get(name) for name in POLECAT_COLUMNS]


def _party(prefix: str, row: dict[str, Any], side: str) -> dict[str, Any]:
    """Gives the Actor/Recipient columns of one side (`source`, `target`) of a stored event."""
    code, sector = row.get(f"{side}_code"), row.get(f"{side}_sector")
    return {
        f"{prefix} Name": row.get(f"{side}_name") or row.get(f"{side}_text"),
        f"{prefix} Country": code,  # POLECAT's are ISO alpha-3 codes, as ours
        f"Primary {prefix} Sector": sector,
        f"{prefix} Sectors": sector,
        f"{prefix} Name Raw": row.get(f"{side}_text"),
    }


register(ExportFormat("polecat", "POLECAT weekly TSV, with its header", write_polecat, order=3))
