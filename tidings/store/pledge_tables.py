"""The store's pledge tables: one row per pledge event, one per link to what became of it.

`pledges` holds each pledge record of the events (the `pledge` object of tidings.record.Pledge,
flattened): its dyad, the day it was made (`made`: its event's day, but never after its report,
since a pledge of something planned is made when reported), its due and the end of the due's
period (`due_end`: a due of "2030" has passed only once 2030 has), its terms, and `mutual` when the
same sentence holds the pledge in both directions ("X and Y agreed to ...").
`pledge_links` holds each link a pledge has to a later event (store/pledge_links.py): the relation,
its score, the terms both sentences share, both sentences, and the later event's actors and its
trigger's place in its sentence, so a link carries its evidence and a page need not read the events.
Statuses are not stored: they depend on the store's latest day, and are computed when asked
(store/pledge_queries.py).
"""
from __future__ import annotations

PLEDGES = "pledges"
PLEDGE_LINKS = "pledge_links"

PLEDGES_SQL = f"""CREATE TABLE IF NOT EXISTS {PLEDGES} (
    event_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, made DATE, doc_date DATE,
    source_code VARCHAR, target_code VARCHAR, cameo VARCHAR NOT NULL, sentence_index INTEGER,
    sentence_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER, sentence_start INTEGER,
    what VARCHAR, acts VARCHAR[], amount_text VARCHAR, amount_value DOUBLE, amount_unit VARCHAR,
    due_text VARCHAR, due DATE, due_precision VARCHAR, due_end DATE, fulfilled_by VARCHAR[],
    terms JSON, mutual BOOLEAN NOT NULL)"""

PLEDGE_LINKS_SQL = f"""CREATE TABLE IF NOT EXISTS {PLEDGE_LINKS} (
    pledge_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, relation VARCHAR NOT NULL, score DOUBLE NOT NULL,
    event_day DATE, event_doc_id VARCHAR NOT NULL, event_cameo VARCHAR, shared VARCHAR[],
    pledge_sentence VARCHAR, event_sentence VARCHAR, source_code VARCHAR, target_code VARCHAR,
    trigger_at INTEGER, trigger_until INTEGER, PRIMARY KEY (pledge_id, event_id))"""

PLEDGE_INDEXES = [f"CREATE INDEX IF NOT EXISTS pledges_doc ON {PLEDGES} (doc_id)",
                  f"CREATE INDEX IF NOT EXISTS pledges_dyad ON {PLEDGES} (source_code, target_code)",
                  f"CREATE INDEX IF NOT EXISTS pledge_links_event_doc ON {PLEDGE_LINKS} (event_doc_id)"]
