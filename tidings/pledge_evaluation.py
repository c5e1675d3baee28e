"""Scoring pledges and their links against chains of articles (shared/eval/pledges/FORMAT.md).

A chain holds articles of one story in order, its annotated events, its pledges (an index into the
events) and its links (pledge -> later event, a relation). The coded articles are stored in one
store, in order, as an ingest would (links are the store's: tidings/store/pledge_links.py); then:
- a predicted pledge matches a gold one when it stands in the same article and sentence (one holds
  the other), with the same source and target codes, and both are of CAMEO root 03; one-to-one;
- `what` overlap is the F1 of the two `what`s' content terms (tidings/terms.py), over matched pairs;
- a predicted link is right when its pledge matches the gold link's pledge, its event stands in the
  gold event's sentence, and the relations agree; recall and precision per relation and in all;
- a mutual pledge is one pledge: the store holds "X and Y agreed to ..." once each way (`mutual`),
  the gold once; the two count as one predicted pledge, and their links to one event's sentence
  with one relation as one predicted link;
- `unrelated_linked`: predicted links to events of articles the gold links never reach (unrelated
  same-pair reports), which should be none.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from tidings.documents import Document
from tidings.pledge_table import RELATIONS, is_pledge, pledge_table
from tidings.store import pledge_queries, schema, writing
from tidings.tables import frame_records
from tidings.terms import content_terms


class ChainFileError(ValueError):
    """A pledge chain file cannot be read; the message names the file and line."""


def load_chains(path: str) -> list[dict]:
    """Gives the chains of a JSON Lines file; raises ChainFileError naming the line of a bad one."""
    chains = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            chain = json.loads(line)
            assert {"articles", "events", "pledges", "links"} <= set(chain)
        except (json.JSONDecodeError, AssertionError):
            raise ChainFileError(f"{path}:{n}: not a pledge chain (an object with articles, events, pledges, links)") from None
        chains.append(chain)
    return chains


def chain_documents(chains: Iterable[dict]) -> list[Document]:
    """Gives every article of the chains as a document, oldest first."""
    docs = [Document(id=a["id"], text=a["text"], date=a.get("date")) for c in chains for a in c["articles"]]
    return sorted(docs, key=lambda d: (d.date or "", d.id))


def score_pledges(chains: Sequence[dict], coded: Callable[[list[Document]], Iterable[tuple[Document, list[dict]]]],
                  store_path: str) -> dict[str, Any]:
    """Gives the pledge and link figures of coding the chains' articles (`coded` codes documents)."""
    con = schema.connect(store_path)
    try:
        for doc, records in coded(chain_documents(chains)):   # one at a time, in order, as ingests come
            writing.write_batch(con, [], [(doc, records, False)], "eval")
        predicted = list(frame_records(pledge_queries.pledges(con)))
        links = list(frame_records(pledge_queries.links(con, [p["pledge_id"] for p in predicted])))
        sentences = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, doc_id, sentence_text FROM events").fetchall()}
    finally:
        con.close()
    return _figures(chains, predicted, links, sentences)


def _pledge_group(p: dict) -> tuple:
    """Gives what names one pledge: a mutual pledge's two directions share it."""
    pair = tuple(sorted((p["source_code"] or "", p["target_code"] or ""))) if p.get("mutual") else (p["source_code"], p["target_code"])
    return (p["doc_id"], p["sentence_text"], p["cameo"], pair) if p.get("mutual") else (p["pledge_id"],)


def _same_sentence(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    return bool(a) and bool(b) and (a in b or b in a)


def _figures(chains: Sequence[dict], predicted: list[dict], links: list[dict],
             sentences: dict[str, tuple[str, str]]) -> dict[str, Any]:
    table = pledge_table()
    used: set[str] = set()
    matched: dict[tuple[int, int], dict] = {}
    overlaps = []
    for ci, chain in enumerate(chains):
        for pi, gold in enumerate(chain["pledges"]):
            g = chain["events"][gold["event"]]
            for p in predicted:
                if p["pledge_id"] in used or p["doc_id"] != g["article"] or not is_pledge(p["cameo"]):
                    continue
                if (p["source_code"], p["target_code"]) != (g["source"]["code"], (g.get("target") or {}).get("code")):
                    continue
                if _same_sentence(p["sentence_text"] or "", g["sentence"]):
                    used.add(p["pledge_id"])
                    matched[(ci, pi)] = p
                    overlaps.append(_term_f1(gold.get("what") or "", p.get("what") or "", table.stop_words, table.families))
                    break
    docs = {a["id"] for c in chains for a in c["articles"]}
    group = {p["pledge_id"]: _pledge_group(p) for p in predicted}
    ours = {group[p["pledge_id"]] for p in predicted if p["doc_id"] in docs}
    n_gold = sum(len(c["pledges"]) for c in chains)
    by_group = {group[p["pledge_id"]]: key for key, p in matched.items()}
    by_id = {pid: by_group[g] for pid, g in group.items() if g in by_group}
    gold_links = {(ci, l["pledge"], l["event"], l["relation"]) for ci, c in enumerate(chains) for l in c["links"]}
    reached = {c["events"][l["event"]]["article"] for c in chains for l in c["links"]}
    found: set[tuple] = set()
    per = {r: {"gold": 0, "predicted": 0, "right": 0} for r in RELATIONS}
    for key in gold_links:
        per[key[3]]["gold"] += 1
    unrelated = 0
    seen: set[tuple] = set()
    for link in links:
        doc, sentence = sentences.get(link["event_id"], ("", ""))
        once = (group.get(link["pledge_id"]), doc, sentence, link["relation"])
        if doc not in docs or once in seen:
            continue
        seen.add(once)
        per[link["relation"]]["predicted"] += 1
        unrelated += doc not in reached
        key = by_id.get(link["pledge_id"])
        if key is None:
            continue
        ci, pi = key
        for gci, gpi, gei, rel in gold_links:
            g = chains[gci]["events"][gei]
            if (gci, gpi, rel) == (ci, pi, link["relation"]) and g["article"] == doc and _same_sentence(g["sentence"], sentence):
                if (gci, gpi, gei, rel) not in found:
                    found.add((gci, gpi, gei, rel))
                    per[rel]["right"] += 1
                break
    for counts in per.values():
        counts["recall"] = _ratio(counts["right"], counts["gold"])
        counts["precision"] = _ratio(counts["right"], counts["predicted"])
    right = sum(c["right"] for c in per.values())
    return {
        "pledges": {"gold": n_gold, "predicted": len(ours), "matched": len(matched),
                    "recall": _ratio(len(matched), n_gold), "precision": _ratio(len(matched), len(ours)),
                    "what_f1": _ratio(sum(overlaps), len(overlaps))},
        "links": {"gold": len(gold_links), "predicted": sum(c["predicted"] for c in per.values()), "right": right,
                  "recall": _ratio(right, len(gold_links)),
                  "precision": _ratio(right, sum(c["predicted"] for c in per.values())),
                  "unrelated_linked": unrelated, "by_relation": per},
    }


def _term_f1(gold: str, predicted: str, stop: frozenset[str], families: dict[str, str] | None) -> float:
    a, b = set(content_terms(gold, stop, families)), set(content_terms(predicted, stop, families))
    if not a or not b:
        return 0.0
    both = len(a & b)
    return 0.0 if not both else 2 * both / (len(a) + len(b))


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def format_pledge_report(result: dict[str, Any]) -> str:
    """Gives the figures as a short text table."""
    p, k = result["pledges"], result["links"]
    lines = [f"pledges  gold {p['gold']}  predicted {p['predicted']}  matched {p['matched']}  "
             f"recall {p['recall']}  precision {p['precision']}  what F1 {p['what_f1']}",
             f"links    gold {k['gold']}  predicted {k['predicted']}  right {k['right']}  "
             f"recall {k['recall']}  precision {k['precision']}  unrelated linked {k['unrelated_linked']}",
             "relation     gold  predicted  right  recall  precision"]
    for rel, c in k["by_relation"].items():
        lines.append(f"{rel:<12} {c['gold']:>4}  {c['predicted']:>9}  {c['right']:>5}  {str(c['recall']):>6}  {str(c['precision']):>9}")
    return "\n".join(lines)
