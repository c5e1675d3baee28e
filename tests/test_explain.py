"""The explainer sorts every gold event and every false positive by cause, with the scorer's matching."""
from __future__ import annotations

import json

from tidings.documents import Document
from tidings.evaluation import score
from tidings.explain import FOUND, explain, format_explanation

TEXT = ("Peru praised Chile on Monday.\n"
        "The storm flooded three villages.\n"
        "Bolivia and Ecuador will hold talks next week.")


def gold_row(events: list[dict]) -> dict:
    return {"id": "a", "text": TEXT, "date": "2024-03-06", "complete": True, "events": events}


def event(source: str, target: str, cameo: str, sentence: str) -> dict:
    return {"source": {"code": source}, "target": {"code": target}, "cameo": cameo, "sentence": sentence}


def test_found_and_lost_events_get_their_cause(coder) -> None:
    row = gold_row([
        event("PER", "CHL", "051", "Peru praised Chile on Monday."),           # found
        event("PER", "ARG", "051", "Peru praised Chile on Monday."),           # coded toward someone else
        event("PER", "CHL", "190", "Peru praised Chile on Monday."),           # actors right, type wrong
        event("BRA", "URY", "111", "The storm flooded three villages."),      # nothing there to find
    ])
    works = list(coder.code_works([Document("a", TEXT, "2024-03-06")]))
    result = explain([row], works)
    causes = [c.cause for c in result.gold]
    assert causes.count(FOUND) == 1
    assert "wrong target" in causes and "wrong type" in causes and "no trigger" in causes
    # the found count is the scorer's
    preds = [e.to_dict() for w in works for e in w.events]
    assert score([row], preds)["event"]["found"] == causes.count(FOUND)
    # the talks nobody annotated are false positives of a sentence with no gold event
    assert {c.cause for c in result.false_positives} == {"in a sentence with no gold event"}
    assert len(result.false_positives) == len(preds) - 1


def test_the_report_counts_and_lists_the_misses(coder) -> None:
    row = gold_row([event("PER", "ARG", "051", "Peru praised Chile on Monday.")])
    works = list(coder.code_works([Document("a", TEXT, "2024-03-06")]))
    text = format_explanation(explain([row], works))
    assert text.startswith("gold events: 1\n")
    assert "wrong target" in text and "== a" in text and "PER->ARG 051" in text


def test_eval_explain_on_the_command_line(tmp_path, cli_coder) -> None:
    from tidings.cli import main
    from conftest import cli_runner

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_row([event("PER", "CHL", "051", "Peru praised Chile on Monday.")])) + "\n")
    result = cli_runner().invoke(main, ["eval", str(gold), "--explain"])
    assert result.exit_code == 0, result.output
    assert "event  recall 1.000" in result.output and "gold events: 1" in result.output
    as_json = cli_runner().invoke(main, ["eval", str(gold), "--explain", "--json"])
    data = json.loads(as_json.output)
    assert data["scores"]["event"]["found"] == 1 and data["explanation"]["gold"] == {"found": 1}
