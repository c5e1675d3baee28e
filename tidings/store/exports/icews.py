"""ICEWS: the tab-separated event files of the ICEWS Coded Event Data, one row per report."""
from __future__ import annotations

from typing import Any

from tidings.store.exports.common import EVENTS_SQL, ORDER, Job, iso, stable_int, write_tsv
from tidings.store.exports.countries import names_country, state_name
from tidings.store.exports.registry import ExportFormat, register

# ICEWS Coded Event Data (Harvard Dataverse, doi:10.7910/DVN/28075): the columns of its tab-separated
# event files, in file order.
ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)


def write_icews(job: Job) -> int:
    """Gives the number of reports written to the job's path as ICEWS event rows, with the header."""
    sql = f"SELECT * FROM ({EVENTS_SQL}) WHERE NOT coalesce(negated, FALSE) AND {job.where} ORDER BY {ORDER}"

    return write_tsv(job, sql, icews_row, header=ICEWS_COLUMNS)


def icews_row(row: dict[str, Any]) -> list[Any]:
    """Gives a stored event as the 20 values of an ICEWS event row."""
    from tidings.ontology import UnknownCameoCode, cameo

    try:
        event_text = cameo(row["cameo"]).name if row.get("cameo") else None
    except UnknownCameoCode:
        event_text = None
    location_text, location_code = row.get("location_text"), row.get("location_code")
    values = {
        "Event ID": stable_int(row["id"]),
        "Event Date": iso(row["day"]),
        "Source Name": row.get("source_name") or row.get("source_text"),
        "Source Sectors": row.get("source_sector"),
        "Source Country": state_name(row.get("source_code")),
        "Event Text": event_text,
        "CAMEO Code": row.get("cameo"),
        "Intensity": row.get("goldstein"),
        "Target Name": row.get("target_name") or row.get("target_text"),
        "Target Sectors": row.get("target_sector"),
        "Target Country": state_name(row.get("target_code")),
        "Story ID": stable_int(row["doc_id"]),
        "Sentence Number": row["sentence_index"] + 1 if row.get("sentence_index") is not None else None,
        "Publisher": row.get("doc_source"),
        "City": None if names_country(location_text, location_code) else location_text,
        "Country": state_name(location_code),
        "Latitude": row.get("location_lat"),
        "Longitude": row.get("location_lon"),
    }
    return [values.get(name) for name in ICEWS_COLUMNS]


register(ExportFormat("icews", "ICEWS event table (TSV)", write_icews, order=3))
