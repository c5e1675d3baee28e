"""Our scorer gives the figures of the shared scorer (shared/eval/score.py), and reads gold files."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.evaluation import GoldFileError, format_report, load_gold, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = SHARED / "eval"
GOLD_SETS = sorted(p.name for p in EVAL.glob("*.jsonl")) if EVAL.is_dir() else []
needs_shared = pytest.mark.skipif(not (EVAL / "score.py").is_file(),
                                  reason=f"the shared gold sets and scorer are not at {EVAL}")

CODES = ["USA", "CHN", "RUS", "FRA", "GBR", "IGO", "UNO", "EUR", "NATO", "IGOWSTNAT", "NGO", "ARN", "GON", "usa", None]
TYPES = ["AGREE", "CONSULT", "ACCUSE", "ASSAULT", "CONCEDE", "RETREAT", "REQUEST", "PROTEST"]
CAMEOS = ["010", "036", "042", "057", "112", "173", "190", "20", "0874"]


def synthetic_predictions(rows: list[dict], seed: int = 7) -> list[dict]:
    """Gives predictions made from the gold: most right, some with wrong codes, types or sentences, some dropped, some extra."""
    rnd = random.Random(seed)
    preds = []
    for row in rows:
        text = row["text"]
        for g in row["events"]:
            if rnd.random() < 0.15:
                continue  # missed
            p = {"doc_id": row["id"], "source": _actor(g.get("source"), rnd), "target": _actor(g.get("target"), rnd),
                 "event": g.get("event") or rnd.choice(TYPES), "cameo": g.get("cameo") or rnd.choice(CAMEOS)}
            sentence = g.get("sentence")
            start = text.find(sentence) if sentence else -1
            p["sentence"] = {"start": 0, "end": len(text)} if start < 0 else {"start": start, "end": start + len(sentence)}
            roll = rnd.random()
            if roll < 0.10:
                p["event"] = rnd.choice(TYPES)
            elif roll < 0.20:
                p["cameo"] = rnd.choice(CAMEOS)
            elif roll < 0.27:
                p["source"], p["target"] = p["target"], p["source"]
            elif roll < 0.32:
                p["sentence"] = {"start": len(text), "end": len(text) + 5}  # outside every sentence
            elif roll < 0.35:
                del p["sentence"]
            elif roll < 0.40:
                p["target"] = None
            if g.get("alt_cameo") and rnd.random() < 0.5:
                p["cameo"] = g["alt_cameo"][0]
            if g.get("alt_targets") and rnd.random() < 0.5:
                p["target"] = {"text": "", "name": None, "code": g["alt_targets"][0]}
            preds.append(p)
            if rnd.random() < 0.1:
                preds.append(dict(p))  # the same event reported twice
        for _ in range(rnd.choice([0, 0, 0, 1, 2])):
            preds.append({"doc_id": row["id"], "source": {"text": "someone", "code": rnd.choice(CODES)},
                          "target": rnd.choice([None, {"text": "others", "code": rnd.choice(CODES)}]),
                          "event": rnd.choice(TYPES), "cameo": rnd.choice(CAMEOS),
                          "sentence": {"start": 0, "end": rnd.randint(1, len(text))}})
    preds.append({"doc_id": "not-in-the-gold", "source": {"code": "USA"}, "target": None, "event": "AGREE", "cameo": "057"})
    return preds


def _actor(gold: dict | None, rnd: random.Random) -> dict | None:
    if gold is None:
        return {"text": "someone", "name": None, "code": rnd.choice(CODES)} if rnd.random() < 0.5 else None
    actor = {"text": gold.get("text") or "", "name": None, "code": gold.get("code")}
    roll = rnd.random()
    if roll < 0.1:
        actor["code"] = rnd.choice(CODES)
    elif roll < 0.2 and actor["text"]:
        words = actor["text"].split()
        actor["text"] = " ".join(words[: max(1, len(words) // 2)] + ["government", "officials"])
    elif roll < 0.25:
        actor["text"], actor["name"] = "", gold.get("text")
    return actor


def enriched_gold(rows: list[dict], seed: int = 11) -> list[dict]:
    """Gives the gold rows with the optional gold fields the shared sets lack: sentences, reciprocal, alternatives, negation."""
    rnd = random.Random(seed)
    out = []
    for row in rows:
        text, events = row["text"], []
        for g in row["events"]:
            g = dict(g)
            roll = rnd.random()
            if roll < 0.35:
                # any exact substring of the text will do as its "sentence"
                start = rnd.randrange(len(text))
                g["sentence"] = text[start: rnd.randint(start + 1, len(text))]
            elif roll < 0.40:
                g["sentence"] = "a sentence that is not in the text"
            for key, value in (("reciprocal", True), ("alt_cameo", [rnd.choice(CAMEOS)]),
                               ("alt_targets", [rnd.choice([c for c in CODES if c])]), ("negated", True)):
                if rnd.random() < (0.04 if key == "negated" else 0.12):
                    g[key] = value
            roll = rnd.random()
            if roll < 0.04:
                g["event"], g["cameo"] = None, "---"  # no usable type
            elif roll < 0.08:
                g["event"] = "YIELD"
            elif roll < 0.12:
                g["source"] = {"text": None, "code": None, "sector": "GOV"}
            events.append(g)
        out.append(dict(row, events=events, complete=row.get("complete") or rnd.random() < 0.5))
    return out


def shared_scorer(gold: Path, predicted: Path, *flags: str) -> str:
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold), str(predicted), *flags],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_shared
@pytest.mark.parametrize("doc_level", [False, True], ids=["event-level", "doc-level"])
@pytest.mark.parametrize("enriched", [False, True], ids=["as-is", "enriched"])
@pytest.mark.parametrize("gold_set", GOLD_SETS)
def test_score_equals_the_shared_scorer(tmp_path, gold_set, enriched, doc_level):
    gold_path = EVAL / gold_set
    rows = load_gold(str(gold_path))
    if enriched:
        rows = enriched_gold(rows)
        gold_path = tmp_path / "gold.jsonl"
        gold_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    preds = synthetic_predictions(rows)
    pred_path = tmp_path / "predicted.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    flags = ["--doc-level"] if doc_level else []

    ours = score(rows, preds, doc_level=doc_level)
    theirs = json.loads(shared_scorer(gold_path, pred_path, "--json", *flags))
    assert ours == theirs
    assert json.dumps(ours, indent=1) == json.dumps(theirs, indent=1)  # same key order too
    assert 0 < ours["event"]["found"] < ours["event"]["gold"]  # the perturbations did bite
    assert format_report(ours) + "\n" == shared_scorer(gold_path, pred_path, *flags)


# --- the definitions, on small hand-made cases ----------------------------------------------------

TEXT = "Chile thanked Peru for its help. Peru then sent grain to Bolivia."


def gold_row(events, complete=True, doc_id="d1"):
    return {"id": doc_id, "text": TEXT, "complete": complete, "events": events}


def test_precision_counts_only_complete_texts():
    g = {"source": {"code": "PER"}, "target": {"code": "BOL"}, "event": "AID", "cameo": None}
    p = {"doc_id": "d1", "source": {"code": "PER"}, "target": {"code": "BOL"}, "event": "AID", "cameo": "070"}
    extra = dict(p, doc_id="d2", event="ASSAULT")
    rows = [gold_row([g]), gold_row([], complete=False, doc_id="d2")]
    r = score(rows, [p, extra])
    assert (r["event"]["recall"], r["event"]["precision"], r["event"]["f1"]) == (1.0, 1.0, 1.0)
    assert r["texts_with_predictions"] == 2


def test_sentence_named_by_the_gold_must_overlap():
    g = {"source": {"code": "PER"}, "target": {"code": "BOL"}, "cameo": "07", "sentence": "Peru then sent grain to Bolivia."}
    first_sentence = {"start": 0, "end": 32}
    p = {"doc_id": "d1", "source": {"code": "PER"}, "target": {"code": "BOL"}, "cameo": "071", "sentence": first_sentence}
    assert score([gold_row([g])], [p])["event"]["found"] == 0
    assert score([gold_row([g])], [p], doc_level=True)["event"]["found"] == 1


def test_reciprocal_and_igo_codes_match():
    g = {"source": {"code": "CHL"}, "target": {"code": "IGOSAMOAS"}, "event": "CONSULT", "reciprocal": True}
    p = {"doc_id": "d1", "source": {"code": "UNO"}, "target": {"code": "CHL"}, "event": "CONSULT"}
    assert score([gold_row([g])], [p])["event"]["found"] == 1


def test_negated_and_untyped_gold_events_are_not_scored():
    events = [{"source": None, "target": None, "event": "AID", "negated": True},
              {"source": None, "target": None, "event": None, "cameo": "---"}]
    r = score([gold_row(events)], [])
    assert r["event"]["gold"] == 0 and r["event"]["precision"] is None
    assert format_report(r).splitlines()[1] == "event  recall 0.000  precision -  f1 -  (0/0 found)"


def test_load_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x", "events": []}\n\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"gold\.jsonl:3: "):
        load_gold(str(path))
    with pytest.raises(GoldFileError, match="cannot read"):
        load_gold(str(tmp_path / "missing.jsonl"))
