"""PLOVER JSON Lines: one object per stored report, as the PLOVER manual, version 0.8, lays it out.

Field by field (manual 0.8, tables "PLOVER JSON", "Information object for entities", "Information
object for text", "Information object for citations", "Location object"): `actor` and `recipient`
are lists of entity objects (`code`, `sector`, `entity_text`, `identifier_text`); `event_loc` is
the Mordecai3-style location object (`extracted_place`, `resolved_place`, `geonameid`, `lat`,
`lon`, `country`, `country_code` as ISO alpha-3, `feature_class`, `feature_code`, `resolution`);
`quad_code` is PLOVER's own quad of the event type (table "Quad categories in PLOVER"), not
CAMEO's, which goes in `cameo_quad`. A negated report says so in `context` ("negation", one of
the manual's special contexts). Fields the manual does not name follow its invitation to add them.
CAMEO 01 statements (claims of responsibility, denials, condolences) have no PLOVER type and are
left out.
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from tidings.store.exports.common import EVENTS_SQL, ORDER, Job, iso, write_text
from tidings.store.exports.countries import state_name
from tidings.store.exports.gazetteer import place_of
from tidings.store.exports.registry import ExportFormat, register

MANUAL = "PLOVER 0.8"
# The manual's "Quad categories in PLOVER" table: 1 verbal and 2 material cooperation, 3 verbal and
# 4 material conflict. (Its summary table draws SANCTION among the material conflicts; the numeric
# table, which this follows, puts it with the verbal ones.)
PLOVER_QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def write_plover(job: Job) -> int:
    """Gives the number of PLOVER records written to the job's path, one JSON object a line."""
    sql = f"SELECT * FROM ({EVENTS_SQL}) WHERE event IS NOT NULL AND {job.where} ORDER BY {ORDER}"   # CAMEO 01 has no PLOVER type

    def write(out: TextIO) -> int:
        n = 0
        for n, row in enumerate(job.rows(sql), 1):
            out.write(json.dumps(plover_record(row), ensure_ascii=False, separators=(",", ":")) + "\n")
        return n
    return write_text(job.path, write)


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """Gives a stored event (a row of the events query) as a PLOVER 0.8 JSON record."""
    record = json.loads(row["record"])
    sentence = record.get("sentence") or {}
    trigger = record.get("trigger") or {}
    ingested = row.get("ingested_at")
    event = record.get("event")
    coder = _coder(row.get("coder_version"))
    return {
        "id": record["id"],
        "has_event": True,
        "date": iso(row["day"]),
        "actor": [entity(record["source"])] if record.get("source") else [],
        "recipient": [entity(record["target"])] if record.get("target") else [],
        "event": [event] if event else [],
        "event_loc": event_location(record.get("location")),
        "event_text": [trigger["text"]] if trigger.get("text") else [],
        "quad_code": PLOVER_QUADS.get(event),
        "event_scale": record.get("goldstein"),
        "mode": [record["mode"]] if record.get("mode") else [],
        "context": ["negation"] if record.get("negated") else [],
        "link": row["unit"],
        "text": sentence.get("text"),
        "text_info": {"sequence": sentence.get("index"), "start": sentence.get("start"), "end": sentence.get("end")},
        "cite_info": {"citation": record.get("doc_id"), "url": row.get("doc_url"), "title": row.get("doc_title"),
                      "language": "en", "publication": row.get("doc_source"), "coder": coder,
                      "codebook": f"{MANUAL}; CAMEO 1.1b3"},
        "coder": coder,
        "coded_date": ingested.date().isoformat() if ingested else None,
        "coded_time": ingested.time().isoformat(timespec="seconds") + "Z" if ingested else None,
        # Beyond the manual's names (it invites extra fields): what the event schema adds.
        "date_precision": record.get("date_precision"),
        "cameo": record.get("cameo"),
        "cameo_quad": record.get("quad"),
        "goldstein": record.get("goldstein"),
        "intent": record.get("intent"),
        "negated": record.get("negated"),
        "confidence": record.get("confidence"),
        "doc_id": record.get("doc_id"),
        "doc_date": record.get("doc_date"),
    }


def entity(actor: dict[str, Any]) -> dict[str, Any]:
    """Gives a schema actor as PLOVER's entity object (code, sector, entity_text, identifier_text)."""
    return {"code": actor.get("code"), "sector": actor.get("sector"), "entity_text": actor.get("text"),
            "identifier_text": actor.get("name")}


def event_location(location: dict[str, Any] | None) -> dict[str, Any] | None:
    """Gives a schema location as PLOVER's location object, with the gazetteer's geonames id."""
    if not location:
        return None
    text, code, lat, lon = location.get("text"), location.get("code"), location.get("lat"), location.get("lon")
    place = place_of(text, code, lat, lon)
    return {"extracted_place": text, "resolved_place": place.name if place else text,
            "geonameid": place.geonameid if place else None, "lat": lat, "lon": lon,
            "country": state_name(code), "country_code": code,
            "feature_class": place.feature_class if place else None,
            "feature_code": place.feature_code if place else None,
            "resolution": place.resolution if place else None}


def _coder(version: str | None) -> str:
    """Gives who coded: the stored coder version ("tidings 0.1.0 config 3fa2..."), named as tidings's."""
    version = version or ""
    return version if version.startswith("tidings") else f"tidings {version}".strip()


register(ExportFormat("plover", f"JSON Lines, {MANUAL}", write_plover, order=1))
