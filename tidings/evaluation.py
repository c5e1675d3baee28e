"""Scores of coded events against gold events: recall, precision and F1 at event, dyad and type level.

The definitions are those of the shared scorer (`shared/eval/score.py`), re-implemented here so that
the package can score itself; `tests/test_evaluation.py` holds the two to the same figures.

- A gold event is found when an unused prediction for the same text matches it: actors
  (`dyad`), type (`type`) or both (`event`), and, when the gold names a sentence, the
  prediction's sentence overlaps it. Each prediction matches at most one gold event.
- Precision counts only texts whose gold is `complete`.
- A mutual act is coded both ways by CAMEO: when a `reciprocal` gold event is found by A->B, one
  unused B->A prediction of it is taken with it, neither found nor counted in precision.
- Doc level ignores sentences and counts each text's predictions, and its gold events, once
  per distinct (source code, target code, type).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from tidings.codes import BODY_NAMES, NON_STATE_CODES

LEVELS = ("event", "dyad", "type")

# Codes of international bodies: all count as IGO, except those the schema names on their own.
IGO_CODES = frozenset({"IGO", "UNO", "EUR", "NATO", "SCO", "ASEAN", "AU", "WHO", "IMF", "WB", "ICC", "IAEA", "OPEC",
                       "ARL", "BRICS", "G7", "G20", "OSCE", "CIS", "CSTO", "NGO", "MNC", "IMG"})
# the schema's own non-state codes (tidings.codes), which the scorer keeps as they are, all but IGO
OWN_CODES = NON_STATE_CODES - {"IGO"}
# A gold PLOVER type that stands for several of ours.
PLOVER_ALIASES = {"YIELD": frozenset({"CONCEDE", "RETREAT"})}
# Words that say nothing about who an actor is, left out when comparing mentions.
STOP_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to", "his", "her", "its", "their", "s", "'s"})
_CAMEO_ROOT = re.compile(r"(0[1-9]|1[0-9]|20)\w*")

Span = tuple[int, int]


class GoldFileError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


def load_gold(path: str) -> list[dict]:
    """Gives the gold rows of a JSONL gold file; raises GoldFileError on a line that is not one."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise GoldFileError(f"{path}:{n}: not JSON ({e.msg})") from None
                if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
                    raise GoldFileError(f'{path}:{n}: a gold row needs "id" and "text"')
                if not isinstance(row.get("events", []), list):
                    raise GoldFileError(f'{path}:{n}: "events" must be a list')
                row.setdefault("events", [])
                rows.append(row)
    except OSError as e:
        raise GoldFileError(f"{path}: cannot read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{path}: not UTF-8 text") from None
    return rows


# --- matching one gold event with one prediction ------------------------------------------------

def canon_code(code: str | None) -> str | None:
    """Gives the code both sides are compared on: IGO for most international bodies, else 3 letters."""
    if not code:
        return None
    code = code.strip().upper()
    if code in OWN_CODES:
        return code
    if code.startswith("IGO") or code in IGO_CODES:
        return "IGO"
    return code[:3]


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in STOP_WORDS}


def actor_matches(gold: dict | None, predicted: dict | None) -> bool:
    """Gives True when the predicted actor is the gold one (any actor when the gold names none)."""
    if gold is None:
        return True
    if predicted is None:
        return False
    if gold.get("code"):
        want, got = canon_code(gold["code"]), canon_code(predicted.get("code"))
        # A gold IGO of no particular name is satisfied by the UN or EU.
        return want == got or (want == "IGO" and got in {"IGO", *BODY_NAMES})
    if gold.get("text"):
        # Most of the predicted mention must lie inside the gold mention: a whole clause will not do.
        gold_words = _words(gold["text"])
        for mention in (predicted.get("text"), predicted.get("name")):
            words = _words(mention)
            if words and len(words & gold_words) / len(words) >= 0.5:
                return True
        return False
    return True


def type_matches(gold: dict, predicted: dict) -> bool:
    """Gives True when the predicted type is the gold's: by PLOVER type if named, else CAMEO root."""
    if gold.get("event"):
        return predicted.get("event") in PLOVER_ALIASES.get(gold["event"], {gold["event"]})
    if gold.get("cameo"):
        roots = {gold["cameo"][:2]} | {c[:2] for c in gold.get("alt_cameo") or []}
        return (predicted.get("cameo") or "")[:2] in roots
    return True


def dyad_matches(gold: dict, predicted: dict) -> bool:
    """Gives True when source and target match (swapped too for a reciprocal gold event)."""
    targets = [gold.get("target")] + [{"code": c} for c in gold.get("alt_targets") or []]
    options = [(gold.get("source"), targets)]
    if gold.get("reciprocal"):
        options.append((gold.get("target"), [gold.get("source")]))
    return any(actor_matches(source, predicted.get("source"))
               and any(actor_matches(t, predicted.get("target")) for t in target_options)
               for source, target_options in options)


def sentence_matches(span: Span | None, predicted: dict) -> bool:
    """Gives True when the predicted sentence overlaps the gold sentence `span` (or there is none)."""
    if span is None:
        return True
    sentence = predicted.get("sentence") or {}
    if "start" not in sentence or "end" not in sentence:
        return False
    return sentence["start"] < span[1] and span[0] < sentence["end"]


MATCHERS: dict[str, Callable[[dict, dict, Span | None], bool]] = {
    "event": lambda g, p, span: dyad_matches(g, p) and type_matches(g, p) and sentence_matches(span, p),
    "dyad": lambda g, p, span: dyad_matches(g, p) and sentence_matches(span, p),
    "type": lambda g, p, span: type_matches(g, p) and sentence_matches(span, p),
}


# --- which events count -------------------------------------------------------------------------

def gold_sentence_span(text: str, event: dict) -> Span | None:
    """Gives the character span of the gold event's sentence in `text`, None when it names none."""
    sentence = event.get("sentence")
    if not sentence:
        return None
    i = text.find(sentence)
    return None if i < 0 else (i, i + len(sentence))


def scorable(event: dict) -> bool:
    """Gives True for a gold event that can be scored: not negated, with a PLOVER type or CAMEO root."""
    if event.get("negated"):
        return False
    code = event.get("cameo")
    return bool(event.get("event")) or bool(code and _CAMEO_ROOT.fullmatch(code))


def _dyad_type_key(event: dict) -> tuple:
    """Gives what makes two events the same at doc level: actors' codes and the type."""
    return (canon_code((event.get("source") or {}).get("code")), canon_code((event.get("target") or {}).get("code")),
            event.get("event"), (event.get("cameo") or "")[:2])


def once_per_doc(predicted: Iterable[dict]) -> list[dict]:
    """Gives the first prediction of each text and distinct (source code, target code, type)."""
    seen: set[tuple] = set()
    kept = []
    for p in predicted:
        key = (p.get("doc_id"),) + _dyad_type_key(p)
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


def _gold_once(events: list[dict]) -> list[dict]:
    # One gold event per key, at the place of its first mention but the last one's content
    # (as the shared scorer builds it with a dict).
    by_key: dict[tuple, dict] = {}
    for e in events:
        by_key[_dyad_type_key(e)] = e
    return list(by_key.values())


# --- the score ----------------------------------------------------------------------------------

def score(gold_rows: list[dict], predicted: Iterable[dict], doc_level: bool = False) -> dict:
    """Gives recall, precision, F1 and counts per level (`event`, `dyad`, `type`), plus text counts."""
    predicted = once_per_doc(predicted) if doc_level else list(predicted)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in predicted:
        by_doc[str(p.get("doc_id"))].append(p)
    result: dict[str, Any] = {level: _score_level(gold_rows, by_doc, MATCHERS[level], doc_level) for level in LEVELS}
    result["texts"] = len(gold_rows)
    result["texts_with_predictions"] = sum(1 for row in gold_rows if by_doc.get(str(row["id"])))
    return result


def _score_level(gold_rows: list[dict], by_doc: dict[str, list[dict]],
                 match: Callable[[dict, dict, Span | None], bool], doc_level: bool) -> dict:
    """Gives the figures of one level: each gold event takes the first unused prediction it matches."""
    found = gold_n = predicted_on_complete = found_on_complete = 0
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # type -> [found, gold]
    for row in gold_rows:
        preds = by_doc.get(str(row["id"]), [])
        events = [e for e in row["events"] if scorable(e)]
        if doc_level:
            events = _gold_once(events)
        used: set[int] = set()
        matched: list[tuple[dict, dict, Span | None]] = []
        for g in events:
            span = None if doc_level else gold_sentence_span(row["text"], g)
            kind = g.get("event") or (g.get("cameo") or "")[:2]
            per_type[kind][1] += 1
            hit = next((i for i, p in enumerate(preds) if i not in used and match(g, p, span)), None)
            if hit is not None:
                used.add(hit)
                matched.append((g, preds[hit], span))
                found += 1
                per_type[kind][0] += 1
                if row.get("complete"):
                    found_on_complete += 1
        mirrors = _take_mirrors(matched, preds, used, match)
        gold_n += len(events)
        if row.get("complete"):
            predicted_on_complete += len(preds) - mirrors
    recall = found / gold_n if gold_n else 0.0
    precision = found_on_complete / predicted_on_complete if predicted_on_complete else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {
        "recall": round(recall, 4),
        "precision": None if precision is None else round(precision, 4),
        "f1": None if f1 is None else round(f1, 4),
        "found": found,
        "gold": gold_n,
        "predicted_on_complete": predicted_on_complete,
        "per_type": {k: {"found": v[0], "gold": v[1]} for k, v in sorted(per_type.items())},
    }


def is_mirror(p: dict, q: dict) -> bool:
    """Gives True when q is p with source and target swapped."""
    code = lambda e, role: canon_code((e.get(role) or {}).get("code"))  # noqa: E731
    return code(p, "source") == code(q, "target") and code(p, "target") == code(q, "source")


def _take_mirrors(matched: list[tuple[dict, dict, Span | None]], preds: list[dict], used: set[int],
                  match: Callable[[dict, dict, Span | None], bool]) -> int:
    """Marks as used one B->A twin of each found reciprocal event; gives how many were taken."""
    taken = 0
    for g, p, span in matched:
        if not g.get("reciprocal"):
            continue
        twin = next((j for j, q in enumerate(preds) if j not in used and match(g, q, span) and is_mirror(p, q)), None)
        if twin is not None:
            used.add(twin)
            taken += 1
    return taken


def format_report(result: dict) -> str:
    """Gives the scores as the shared scorer prints them: a line per level, then per type."""
    lines = [f"texts: {result['texts']}  with predictions: {result['texts_with_predictions']}"]
    for level in LEVELS:
        r = result[level]
        precision = "-" if r["precision"] is None else f"{r['precision']:.3f}"
        f1 = "-" if r["f1"] is None else f"{r['f1']:.3f}"
        lines.append(f"{level:6} recall {r['recall']:.3f}  precision {precision}  f1 {f1}  "
                     f"({r['found']}/{r['gold']} found)")
    per_type = result["event"]["per_type"]
    lines.append("per type (event level): " + ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in per_type.items()))
    return "\n".join(lines)
