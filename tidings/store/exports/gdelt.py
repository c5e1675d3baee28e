"""GDELT 2.0: the event table of the GDELT 2.0 Event Codebook, one row per happening (cluster)."""
from __future__ import annotations

import datetime
from typing import Any

from tidings.codes import BODY_NAMES, NON_STATE_CODES
from tidings.store.exports.common import EVENTS_SQL, ORDER, Job, stable_int, write_tsv
from tidings.store.exports.countries import fips, names_country, state_name
from tidings.store.exports.gazetteer import place_of
from tidings.store.exports.registry import ExportFormat, register

# GDELT 2.0 Event Codebook (V2.0, data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf):
# the 61 columns of the event table, in file order, each with the DuckDB type to read it as.
GDELT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GlobalEventID", "BIGINT"), ("Day", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"),
    ("Actor1Code", "VARCHAR"), ("Actor1Name", "VARCHAR"), ("Actor1CountryCode", "VARCHAR"),
    ("Actor1KnownGroupCode", "VARCHAR"), ("Actor1EthnicCode", "VARCHAR"), ("Actor1Religion1Code", "VARCHAR"),
    ("Actor1Religion2Code", "VARCHAR"), ("Actor1Type1Code", "VARCHAR"), ("Actor1Type2Code", "VARCHAR"),
    ("Actor1Type3Code", "VARCHAR"),
    ("Actor2Code", "VARCHAR"), ("Actor2Name", "VARCHAR"), ("Actor2CountryCode", "VARCHAR"),
    ("Actor2KnownGroupCode", "VARCHAR"), ("Actor2EthnicCode", "VARCHAR"), ("Actor2Religion1Code", "VARCHAR"),
    ("Actor2Religion2Code", "VARCHAR"), ("Actor2Type1Code", "VARCHAR"), ("Actor2Type2Code", "VARCHAR"),
    ("Actor2Type3Code", "VARCHAR"),
    ("IsRootEvent", "INTEGER"), ("EventCode", "VARCHAR"), ("EventBaseCode", "VARCHAR"), ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"), ("GoldsteinScale", "DOUBLE"), ("NumMentions", "INTEGER"), ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"), ("AvgTone", "DOUBLE"),
    ("Actor1Geo_Type", "INTEGER"), ("Actor1Geo_Fullname", "VARCHAR"), ("Actor1Geo_CountryCode", "VARCHAR"),
    ("Actor1Geo_ADM1Code", "VARCHAR"), ("Actor1Geo_ADM2Code", "VARCHAR"), ("Actor1Geo_Lat", "DOUBLE"),
    ("Actor1Geo_Long", "DOUBLE"), ("Actor1Geo_FeatureID", "VARCHAR"),
    ("Actor2Geo_Type", "INTEGER"), ("Actor2Geo_Fullname", "VARCHAR"), ("Actor2Geo_CountryCode", "VARCHAR"),
    ("Actor2Geo_ADM1Code", "VARCHAR"), ("Actor2Geo_ADM2Code", "VARCHAR"), ("Actor2Geo_Lat", "DOUBLE"),
    ("Actor2Geo_Long", "DOUBLE"), ("Actor2Geo_FeatureID", "VARCHAR"),
    ("ActionGeo_Type", "INTEGER"), ("ActionGeo_Fullname", "VARCHAR"), ("ActionGeo_CountryCode", "VARCHAR"),
    ("ActionGeo_ADM1Code", "VARCHAR"), ("ActionGeo_ADM2Code", "VARCHAR"), ("ActionGeo_Lat", "DOUBLE"),
    ("ActionGeo_Long", "DOUBLE"), ("ActionGeo_FeatureID", "VARCHAR"),
    ("DATEADDED", "BIGINT"), ("SOURCEURL", "VARCHAR"),
)


def write_gdelt(job: Job) -> int:
    """Gives the number of happenings written to the job's path as GDELT event rows."""
    # One row per happening, as GDELT's event table: the cluster's first report (earliest article)
    # fills it, and its mentions, articles and publishers are counted over the whole cluster.
    sql = f"""
        WITH ev AS ({EVENTS_SQL}),
        counts AS (SELECT unit, count(*) AS mentions, count(DISTINCT doc_id) AS articles,
                          count(DISTINCT publisher) AS sources FROM ev GROUP BY unit),
        first AS (SELECT * FROM ev WHERE NOT coalesce(negated, FALSE)
                  QUALIFY row_number() OVER (PARTITION BY unit ORDER BY doc_date NULLS LAST, ingested_at,
                                             doc_id, sentence_index, id) = 1)
        SELECT first.*, counts.mentions, counts.articles, counts.sources
        FROM first JOIN counts USING (unit) WHERE {job.where} ORDER BY {ORDER}"""

    return write_tsv(job, sql, gdelt_row)


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """Gives a stored event with its cluster counts as the 61 values of a GDELT 2.0 event row."""
    day: datetime.date | None = row["day"]
    values: dict[str, Any] = {
        "GlobalEventID": stable_int(row["unit"]),
        "Day": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": _fraction_date(day) if day else None,
        **_gdelt_actor("Actor1", row, "source"),
        **_gdelt_actor("Actor2", row, "target"),
        # GDELT's root events are those of an article's lead paragraph; the record knows the sentence only.
        "IsRootEvent": 1 if row.get("sentence_index") == 0 else 0,
        "EventCode": row.get("cameo"),
        "EventBaseCode": (row.get("cameo") or "")[:3] or None,
        "EventRootCode": (row.get("cameo") or "")[:2] or None,
        "QuadClass": row.get("quad"),
        "GoldsteinScale": row.get("goldstein"),
        "NumMentions": row.get("mentions"),
        "NumSources": row.get("sources"),
        "NumArticles": row.get("articles"),
        # GDELT writes 0 (no geographic information) where it has no place: the coder places no actor
        "Actor1Geo_Type": 0, "Actor2Geo_Type": 0,
        **_gdelt_action_geo(row),
        "DATEADDED": row["ingested_at"].strftime("%Y%m%d%H%M%S") if row.get("ingested_at") else None,
        "SOURCEURL": row.get("doc_url") or row.get("doc_id"),
    }
    return [values.get(name) for name, _ in GDELT_COLUMNS]


def _gdelt_actor(prefix: str, row: dict[str, Any], side: str) -> dict[str, Any]:
    """Gives the Actor1*/Actor2* columns of one side (`source`, `target`) of a stored event."""
    code, sector = row.get(f"{side}_code"), row.get(f"{side}_sector")
    name = row.get(f"{side}_name") or row.get(f"{side}_text")
    country = code if state_name(code) else None
    # a code naming one body (UNO, EUR) is GDELT's known group; the other non-state codes are types
    type1 = sector or (code if code in NON_STATE_CODES and code not in BODY_NAMES else None)
    return {
        f"{prefix}Code": ((code or "") + (sector or "")) or None,
        f"{prefix}Name": " ".join(name.split()).upper() if name else None,  # GDELT writes names in capitals
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": code if code in BODY_NAMES else None,
        f"{prefix}Type1Code": type1,
    }


def _gdelt_action_geo(row: dict[str, Any]) -> dict[str, Any]:
    """Gives the ActionGeo_* columns from the event's location (Geo_Type 0 without one), with the
    gazetteer's ADM1 code (FIPS country code and geonames admin1 code, as GDELT writes it) and
    geonames id where it knows the place."""
    text, code = row.get("location_text"), row.get("location_code")
    if not text and not code:
        return {"ActionGeo_Type": 0}
    country = state_name(code)
    if names_country(text, code):
        kind, fullname = 1, country or text  # 1 = COUNTRY
    else:
        # 3 = USCITY, 4 = WORLDCITY: the record does not say a city from a province or state.
        kind = 3 if code == "USA" else 4
        fullname = ", ".join(p for p in (text, country) if p)
    place = place_of(text, code, row.get("location_lat"), row.get("location_lon"))
    country_fips = fips(code)
    adm1 = country_fips + place.admin1 if place and place.admin1 and country_fips else country_fips
    return {"ActionGeo_Type": kind, "ActionGeo_Fullname": fullname,
            "ActionGeo_CountryCode": country_fips, "ActionGeo_ADM1Code": adm1,
            "ActionGeo_Lat": row.get("location_lat"), "ActionGeo_Long": row.get("location_lon"),
            "ActionGeo_FeatureID": str(place.geonameid) if place else None}


def _fraction_date(day: datetime.date) -> float:
    """Gives GDELT's FractionDate, YYYY.FFFF, computed as its codebook says: FFFF = (MONTH * 30 + DAY) / 365
    (so 2024-07-03 is 2024.5836), not the share of the year gone by."""
    return round(day.year + (day.month * 30 + day.day) / 365, 4)


register(ExportFormat("gdelt", "GDELT 2.0 event table (TSV, no header)", write_gdelt, rows="happenings",
                        order=2))
