"""Why the coder misses: every gold event and every false positive of a gold file, sorted by cause.

    explain(gold_rows, works) -> Explanation        # works: the coder's DocumentWork of each text

A gold event is `found`, or lost in one of these ways (the first that holds):
- `found in another sentence`: an event with its actors and type is coded elsewhere in the text;
- `wrong target`, `wrong source`, `wrong source and target`: the type is coded in its sentence;
- `wrong type`: its actors are coded in its sentence with another type;
- `other event in its sentence`: something else is coded there;
- `trigger dropped: <why>`: a word of its sentence matched a pattern but gave no event (no actor
  could be resolved; the act was asked for, conditional or claimed; a mention of another event);
- `no trigger`: nothing in its sentence matched any pattern.
A false positive (a prediction on a complete text that found nothing) is one of: `repeat of a found
event`, `in a sentence with no gold event`, `source has no code`, `source is the target`, `right
type, wrong actors`, `right actors, wrong type`, `other`.
The matching is the scorer's (tidings/evaluation.py), so the found events are exactly its.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tidings.evaluation import (MATCHERS, actor_matches, canon_code, dyad_matches, gold_sentence_span, is_mirror,
                                scorable, sentence_matches, type_matches)
from tidings.stages.work import DocumentWork

FOUND = "found"


@dataclass
class Case:
    """One gold event or one false positive, with its cause."""

    doc_id: str
    cause: str
    sentence: str
    gold: str = ""        # "CHN->KAZ 04", for a gold event
    predicted: str = ""   # the nearest prediction, for a miss; the prediction, for a false positive


@dataclass
class Explanation:
    gold: list[Case] = field(default_factory=list)
    false_positives: list[Case] = field(default_factory=list)

    def counts(self) -> dict[str, Counter]:
        return {"gold": Counter(c.cause for c in self.gold), "false_positives": Counter(c.cause for c in self.false_positives)}

    def to_dict(self) -> dict:
        counts = self.counts()
        return {"gold": dict(counts["gold"].most_common()), "false_positives": dict(counts["false_positives"].most_common()),
                "cases": [c.__dict__ | {"kind": "gold"} for c in self.gold]
                + [c.__dict__ | {"kind": "false positive"} for c in self.false_positives]}


def _label(event: dict) -> str:
    code = lambda actor: canon_code((actor or {}).get("code")) or ((actor or {}).get("text") or "-")  # noqa: E731
    kind = event.get("cameo") or event.get("event") or "?"
    return f"{code(event.get('source'))}->{code(event.get('target'))} {kind}"


def explain(gold_rows: list[dict], works: Iterable[DocumentWork]) -> Explanation:
    """Gives every gold event's and every false positive's cause, text by text."""
    by_id = {str(w.document.id): w for w in works}
    out = Explanation()
    for row in gold_rows:
        work = by_id.get(str(row["id"]))
        preds = [e.to_dict() for e in work.events] if work else []
        dropped = [(t.idx + offset, reason) for t, reason, offset in _dropped_with_offsets(work)] if work else []
        _explain_text(row, preds, dropped, out)
    return out


def _dropped_with_offsets(work: DocumentWork) -> list[tuple]:
    starts = {id(parsed): offset for offset, parsed in work.paragraphs}
    return [(token, reason, starts.get(id(token.doc), 0)) for token, reason in work.dropped]


def _explain_text(row: dict, preds: list[dict], dropped: list[tuple[int, str]], out: Explanation) -> None:
    match = MATCHERS["event"]
    events = [e for e in row["events"] if scorable(e)]
    used: set[int] = set()
    found: list[tuple[dict, dict, tuple | None]] = []
    missed: list[tuple[dict, tuple | None]] = []
    for g in events:
        span = gold_sentence_span(row["text"], g)
        hit = next((i for i, p in enumerate(preds) if i not in used and match(g, p, span)), None)
        if hit is None:
            missed.append((g, span))
            continue
        used.add(hit)
        found.append((g, preds[hit], span))
        out.gold.append(Case(row["id"], FOUND, g.get("sentence") or row["text"], _label(g), _label(preds[hit])))
    for g, p, span in found:   # the mirror of a found mutual act is neither found nor false
        if g.get("reciprocal"):
            twin = next((j for j, q in enumerate(preds) if j not in used and match(g, q, span) and is_mirror(p, q)), None)
            if twin is not None:
                used.add(twin)
    for g, span in missed:
        cause, nearest = _gold_cause(g, span, preds, used, dropped)
        out.gold.append(Case(row["id"], cause, g.get("sentence") or row["text"], _label(g), nearest))
    if row.get("complete"):
        spans = [(gold_sentence_span(row["text"], g), g) for g in events]
        matched = [preds[i] for i in used]
        for i, p in enumerate(preds):
            if i not in used:
                out.false_positives.append(Case(row["id"], _false_cause(p, spans, matched),
                                                (p.get("sentence") or {}).get("text", ""), "", _label(p)))


def _gold_cause(g: dict, span: tuple | None, preds: list[dict], used: set[int],
                dropped: list[tuple[int, str]]) -> tuple[str, str]:
    free = [p for i, p in enumerate(preds) if i not in used]
    if any(dyad_matches(g, p) and type_matches(g, p) for p in free):
        return "found in another sentence", ""
    here = [p for p in preds if sentence_matches(span, p)]
    typed = [p for p in here if type_matches(g, p)]
    for p in typed:
        if actor_matches(g.get("source"), p.get("source")) or (g.get("reciprocal") and actor_matches(g.get("target"), p.get("source"))):
            return "wrong target", _label(p)
    for p in typed:
        if actor_matches(g.get("target"), p.get("target")):
            return "wrong source", _label(p)
    if typed:
        return "wrong source and target", _label(typed[0])
    dyads = [p for p in here if dyad_matches(g, p)]
    if dyads:
        return "wrong type", _label(dyads[0])
    if here:
        return "other event in its sentence", _label(here[0])
    reasons = [reason for start, reason in dropped if span is None or span[0] <= start < span[1]]
    if reasons:
        return f"trigger dropped: {Counter(reasons).most_common(1)[0][0]}", ""
    return "no trigger", ""


def _false_cause(p: dict, spans: list[tuple[tuple | None, dict]], matched: list[dict]) -> str:
    key = lambda e: (canon_code((e.get("source") or {}).get("code")), canon_code((e.get("target") or {}).get("code")),  # noqa: E731
                     (e.get("cameo") or "")[:2])
    if any(key(m) == key(p) for m in matched):
        return "repeat of a found event"
    here = [g for span, g in spans if sentence_matches(span, p)]   # a gold event with no sentence: anywhere
    if not here:
        return "in a sentence with no gold event"
    source, target = (p.get("source") or {}).get("code"), (p.get("target") or {}).get("code")
    if not source:
        return "source has no code"
    if target and canon_code(source) == canon_code(target):
        return "source is the target"
    if any(type_matches(g, p) for g in here):
        return "right type, wrong actors"
    if any(dyad_matches(g, p) for g in here):
        return "right actors, wrong type"
    return "other"


def format_explanation(result: Explanation, listing: bool = True) -> str:
    """Gives the counts as a table, then (with `listing`) every miss and false positive, text by text."""
    counts = result.counts()
    total = sum(counts["gold"].values())
    lines = [f"gold events: {total}"]
    lines += [f"  {n:5d}  {n / total:6.1%}  {cause}" for cause, n in counts["gold"].most_common()] if total else []
    fp = sum(counts["false_positives"].values())
    lines.append(f"false positives (complete texts): {fp}")
    lines += [f"  {n:5d}  {n / fp:6.1%}  {cause}" for cause, n in counts["false_positives"].most_common()] if fp else []
    if listing:
        docs = dict.fromkeys(c.doc_id for c in result.gold + result.false_positives if c.cause != FOUND)
        for doc_id in docs:
            lines.append(f"\n== {doc_id}")
            for c in result.gold:
                if c.doc_id == doc_id and c.cause != FOUND:
                    lines.append(f"  miss  {c.gold:22} {c.cause:38} {c.predicted:18} | {c.sentence[:100]}")
            for c in result.false_positives:
                if c.doc_id == doc_id:
                    lines.append(f"  fp    {c.predicted:22} {c.cause:38} {'':18} | {c.sentence[:100]}")
    return "\n".join(lines)
