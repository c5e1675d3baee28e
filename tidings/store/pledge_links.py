"""Links from a pledge to the later events of its actors that fulfil, reaffirm or contradict it.

The rule (its thresholds and roots are data: data/pledges.yaml, read by tidings/pledge_table.py):
- a follower is an event of another document whose day comes after the day the pledge was made,
  between the same actors: in the pledge's direction (either, for a mutual pledge) to fulfil or
  reaffirm it, in either direction to contradict it (a truce is broken by either side's fire);
- a follower whose words undo the pledged thing ("called off the ceasefire": a reversal word of the
  table shortly before a term of the pledge) `contradicts` it, whatever its code;
- else its relation comes from its code: a pledge again (root 03) by the pledger `reaffirms`; a root that
  contradicts the pledge's code, or a fulfilling act the text denies, `contradicts`; a fulfilling
  root, neither planned nor denied, `fulfils`;
- an event of another pair that one of the pledge's actors stands in links only when its words undo
  the pledged thing and its sentence names it (a term of a kind in `naming_kinds`: a name, a
  number), and then `contradicts` it: a summit called off is called off with both guests, whoever
  the event names as its target;
- its score is the weighted share of the pledge's terms (tidings/terms.py: words of `what`, numbers,
  names) that the follower's sentence holds; a link needs its relation's `min_score`;
- a follower links to the pledges it matches best: of one actor pair's pledges, the ones of which it
  repeats the most (the weight of the terms shared, then the score): a report of trade links to the
  trade pledge, not to every pledge of the pair.
Links are made when either side is stored, so a follow-up ingested later links to a stored pledge
with no re-ingest of the first article.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from tidings.pledge_table import PledgeTable, is_pledge, pledge_table
from tidings.store.pledge_tables import PLEDGE_LINKS, PLEDGES
from tidings.store.schema import DATED_EVENTS
from tidings.terms import content_terms, stem


@dataclass(frozen=True)
class Candidate:
    """A pledge and a later event of its actors, as the rule reads them."""

    pledge_id: str
    p_source: str
    p_target: str
    p_cameo: str
    mutual: bool
    terms: dict[str, str]
    p_sentence: str
    event_id: str
    event_doc: str
    day: object
    source: str
    target: str
    cameo: str
    intent: bool
    negated: bool
    sentence: str
    trigger_at: int | None = None
    trigger_until: int | None = None
    paired: bool = True   # between the pledge's actors; else only one side is one of them


def relation(c: Candidate, table: PledgeTable) -> str | None:
    """Gives how a follower stands to a pledge by its code and direction (or a reversal of the pledged
    thing in its words), None when it does not."""
    if reverses(c.terms, c.sentence, table):
        return "contradicts"
    if not c.paired:
        return None
    forward = (c.source, c.target) == (c.p_source, c.p_target)
    along = forward or (c.mutual and (c.source, c.target) == (c.p_target, c.p_source))
    fulfilling = c.cameo.startswith(table.fulfilling(c.p_cameo)) if table.fulfilling(c.p_cameo) else False
    if is_pledge(c.cameo):
        return "reaffirms" if along and not c.negated else None
    if c.cameo.startswith(table.contradicting(c.p_cameo) or ("\0",)) or (fulfilling and c.negated):
        return "contradicts"
    if fulfilling and along and not c.intent:
        return "fulfils"
    return None


def reverses(terms: dict[str, str], sentence: str, table: PledgeTable) -> bool:
    """Gives whether `sentence` holds a reversal word shortly before one of the pledge's terms."""
    if not table.reversals or not terms:
        return False
    words = re.findall(r"[\w'’-]+", sentence.lower())
    text = " ".join(words)
    for reversal in table.reversals:
        for m in re.finditer(rf"\b{re.escape(reversal)}\b", text):
            after = text[m.end():].split()[:table.reversal_gap]
            if any((table.families or {}).get(w, stem(w)) in terms for w in after):
                return True
    return False


def score(terms: dict[str, str], sentence: str, table: PledgeTable) -> tuple[float, list[str]]:
    """Gives the weighted share of the pledge's terms that `sentence` holds, and the terms shared."""
    if not terms:
        return 0.0, []
    held = content_terms(sentence, table.stop_words, table.families)
    shared = [t for t in terms if t in held]
    return weight(terms, shared, table) / weight(terms, list(terms), table), shared


def weight(terms: dict[str, str], which: list[str], table: PledgeTable) -> float:
    """Gives the summed weight of some of a pledge's terms, by their kinds."""
    return sum(table.weights.get(terms[t], 1.0) for t in which)


def link_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], table: PledgeTable | None = None) -> int:
    """Makes the links of the pledges and events of `doc_ids` (stored already); gives how many."""
    table = table or pledge_table()
    ids = list(doc_ids)
    if not ids:
        return 0
    con.execute(f"DELETE FROM {PLEDGE_LINKS} WHERE event_doc_id IN (SELECT unnest(?::VARCHAR[])) "
                f"OR pledge_id IN (SELECT event_id FROM {PLEDGES} WHERE doc_id IN (SELECT unnest(?::VARCHAR[])))", [ids, ids])
    found: dict[tuple[str, str], tuple] = {}
    best: dict[tuple[str, str, str, str], tuple[float, float]] = {}
    scored = []
    for c in candidates(con, ids, table):
        rel = relation(c, table)
        if rel is None:
            continue
        value, shared = score(c.terms, c.sentence, table)
        if value < table.min_score.get(rel, 1.0):
            continue
        if not c.paired and not any(c.terms[t] in table.naming_kinds for t in shared):
            continue   # of another pair, a follower must name the pledged thing ("the Budapest summit")
        pair = (c.event_id, rel, *sorted((c.p_source, c.p_target)))
        value_key = (weight(c.terms, shared, table), value)
        best[pair] = max(best.get(pair, (0.0, 0.0)), value_key)
        scored.append((pair, value_key, (c.pledge_id, c.event_id, rel, round(value, 3), c.day, c.event_doc, c.cameo,
                                     shared, c.p_sentence, c.sentence, c.source, c.target, c.trigger_at,
                                     c.trigger_until)))
    for pair, value, row in scored:
        if value >= best[pair]:
            found[(row[0], row[1])] = row
    rows = list(found.values())
    if rows:
        con.executemany(f"INSERT OR REPLACE INTO {PLEDGE_LINKS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def candidates(con: duckdb.DuckDBPyConnection, ids: list[str], table: PledgeTable | None = None) -> list[Candidate]:
    """Gives each (pledge, later event of its actors) pair with either side in the documents `ids`; and,
    when the table has reversal words, each later event of another pair that one of the pledge's
    actors stands in, whose sentence holds one of them."""
    rows = [(*r, True) for r in con.execute(_FOLLOWERS.format(on=_PAIRED, pledges=PLEDGES, events=DATED_EVENTS), [ids]).fetchall()]
    words = [w for w in (table.reversals if table else ()) if re.fullmatch(r"[a-z ]+", w)]
    if words:
        pattern = r"\b(" + "|".join(words) + r")\b"
        on = f"NOT ({_PAIRED}) AND (e.source_code IN (p.source_code, p.target_code) OR e.target_code IN (p.source_code, p.target_code)) AND regexp_matches(lower(e.sentence_text), ?)"
        rows += [(*r, False) for r in con.execute(_FOLLOWERS.format(on=on, pledges=PLEDGES, events=DATED_EVENTS),
                                                  [ids, pattern]).fetchall()]
    return [Candidate(r[0], r[1], r[2], r[3], bool(r[4]), json.loads(r[5] or "{}"), r[6] or "", r[7], r[8], r[9],
                      r[10], r[11], r[12], bool(r[13]), bool(r[14]), r[15] or "", r[16], r[17], r[18]) for r in rows]


_PAIRED = ("(e.source_code = p.source_code AND e.target_code = p.target_code) "
           "OR (e.source_code = p.target_code AND e.target_code = p.source_code)")
_FOLLOWERS = """
        WITH touched AS (SELECT unnest(?::VARCHAR[]) AS doc_id)
        SELECT p.event_id, p.source_code, p.target_code, p.cameo, p.mutual, p.terms, p.sentence_text,
               e.id, e.doc_id, e.day, e.source_code, e.target_code, e.cameo, coalesce(e.intent, FALSE),
               coalesce(e.negated, FALSE), e.sentence_text, e.trigger_start - e.sentence_start,
               e.trigger_end - e.sentence_start
        FROM {pledges} p JOIN {events} e
          ON ({on})
         AND e.day > p.made AND e.doc_id <> p.doc_id AND e.id <> p.event_id
        WHERE p.doc_id IN (SELECT doc_id FROM touched) OR e.doc_id IN (SELECT doc_id FROM touched)"""
