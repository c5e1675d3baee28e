"""PLOVER JSON Lines: one object per stored report, with the field names of the PLOVER manual."""
from __future__ import annotations

import json
from typing import Any, TextIO

from tidings.store.exports.common import EVENTS_SQL, ORDER, Job, iso, write_text
from tidings.store.exports.countries import iso2
from tidings.store.exports.registry import ExportFormat, register


def write_plover(job: Job) -> int:
    """Gives the number of PLOVER records written to the job's path, one JSON object a line."""
    sql = f"SELECT * FROM ({EVENTS_SQL}) WHERE {job.where} ORDER BY {ORDER}"

    def write(out: TextIO) -> int:
        n = 0
        for n, row in enumerate(job.rows(sql), 1):
            out.write(json.dumps(plover_record(row), ensure_ascii=False, separators=(",", ":")) + "\n")
        return n
    return write_text(job.path, write)


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """Gives a stored event (a row of the events query) as a PLOVER JSON record (PLOVER manual 0.7b1)."""
    record = json.loads(row["record"])
    sentence = record.get("sentence") or {}
    trigger = record.get("trigger") or {}
    ingested = row.get("ingested_at")
    out: dict[str, Any] = {
        "id": record["id"],
        "has_event": True,
        "date": iso(row["day"]),
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
        "coder": _coder(row.get("coder_version")),
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


def _coder(version: str | None) -> str:
    """Gives who coded: the stored coder version ("tidings 0.1.0 config 3fa2..."), named as tidings's."""
    version = version or ""
    return version if version.startswith("tidings") else f"tidings {version}".strip()


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
            "country code": iso2(code), "cc3": code}


register(ExportFormat("plover", "JSON Lines", write_plover, order=1))
