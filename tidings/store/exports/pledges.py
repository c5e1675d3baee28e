"""Pledges: one JSON object a line per stored pledge, with its status and its links (both sentences each)."""
from __future__ import annotations

import json
from typing import TextIO

from tidings.store import pledge_queries
from tidings.store.exports.common import Job, write_text
from tidings.store.exports.registry import ExportFormat, register
from tidings.tables import frame_records

BATCH = 2000


def pledge_records(job: Job) -> list[dict]:
    """Gives the job's pledges (made within its days) as records, each with its `links`."""
    # the job's condition is on `day`: a pledge's day is the day it was made
    made = job.con.execute(f"SELECT event_id FROM (SELECT event_id, made AS day FROM pledges) WHERE {job.where}",
                           job.params).fetchall()
    wanted = {r[0] for r in made}
    return [r for r in frame_records(pledge_queries.pledges(job.con)) if r["pledge_id"] in wanted]


def write_pledges(job: Job) -> int:
    """Gives the number of pledges written to the job's path as JSON Lines."""
    records = pledge_records(job)

    def write(out: TextIO) -> int:
        for start in range(0, len(records), BATCH):
            part = records[start:start + BATCH]
            by_pledge: dict[str, list[dict]] = {}
            for link in frame_records(pledge_queries.links(job.con, [r["pledge_id"] for r in part])):
                by_pledge.setdefault(link.pop("pledge_id"), []).append(link)
            for record in part:
                record["links"] = by_pledge.get(record["pledge_id"], [])
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        return len(records)
    return write_text(job.path, write)


register(ExportFormat("pledges", "pledges with status and links, JSON Lines", write_pledges, rows="pledges", order=60))
