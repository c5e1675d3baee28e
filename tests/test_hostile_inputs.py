"""Hostile input through the commands: a bad line is one reject with its reason, the rest is coded and stored."""
from __future__ import annotations

import json

import duckdb
import pytest

from conftest import cli_runner
from tidings.cli import main
from tidings.documents import Document, Reject
from tidings.pipeline import code_all
from tidings.record import Actor, Event, SentenceSpan, Span

MEETING = "Peru's foreign minister met Chile's foreign minister in Lima on Tuesday."
PROTEST = "Kenya protested to Uganda over the border closure on Monday."


def hostile_feed(path) -> dict[int, str]:
    """Writes a JSONL file with two good lines around three hostile ones; gives each bad line's reason."""
    lines = [json.dumps({"id": "meeting", "date": "2024-05-07", "text": MEETING}),
             "[" * 100_000,
             '{"id": "digits", "text": "Fine.", "n": ' + "9" * 5000 + "}",
             '{"id": "half", "date": "2024-05-07", "text": "Peru met \\ud800 Chile."}',
             json.dumps({"id": "protest", "date": "2024-05-06", "text": PROTEST})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {2: "arrays or objects nested more than 100 levels deep; flatten them",
            3: "a number of more than 4,300 digits, too long to read; write it as a string",
            4: '"text" holds a lone surrogate (\\ud800) at character 10, which is not Unicode text; '
               "fix or drop that \\u escape"}


class MeetingCoder:
    """Codes one CONSULT event per document that says "met", so a test can tell what reached the store."""

    def __init__(self):
        self.coded: list[str] = []

    def code(self, doc: Document) -> list[Event]:
        self.coded.append(doc.id)
        at = doc.text.find("met")
        if at < 0:
            return []
        return [Event(id=f"e_{doc.id}", doc_id=doc.id, doc_date=doc.date, date=doc.date, date_precision="day",
                      sentence=SentenceSpan(0, len(doc.text), doc.text, 0), trigger=Span(at, at + 3, "met"),
                      event="CONSULT", mode=None, cameo="040", quad=1, goldstein=1.0,
                      source=Actor("Peru", "Peru", "PER", "GOV"), target=Actor("Chile", "Chile", "CHL", "GOV"))]

    def code_many(self, docs):
        return ((doc, self.code(doc)) for doc in docs)


@pytest.fixture
def meeting_coder(monkeypatch) -> MeetingCoder:
    from tidings.cli import code as code_module

    coder = MeetingCoder()
    monkeypatch.setattr(code_module, "load_coder", lambda config: coder)
    return coder


def test_code_codes_every_line_around_hostile_ones(tmp_path, cli_coder):
    feed = tmp_path / "feed.jsonl"
    reasons = hostile_feed(feed)
    result = cli_runner().invoke(main, ["code", str(feed)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:-1] == [f"tidings: {feed}:{n}: {reason}" for n, reason in reasons.items()]
    assert result.stderr.splitlines()[-1].startswith("tidings: coded 2 documents, 2 events, 3 rejects, 0 undated in ")
    doc_ids = {json.loads(line)["doc_id"] for line in result.stdout.splitlines()}
    assert doc_ids == {"meeting", "protest"}  # the line after the hostile ones is coded too


def test_ingest_stores_every_line_around_hostile_ones_and_keeps_the_rejects(tmp_path, meeting_coder):
    feed, db = tmp_path / "feed.jsonl", tmp_path / "t.duckdb"
    reasons = hostile_feed(feed)
    first = cli_runner().invoke(main, ["ingest", str(feed), "--db", str(db)])
    assert first.exit_code == 0, first.stderr
    assert first.stderr.splitlines()[:3] == [f"tidings: {feed}:{n}: {reason}" for n, reason in reasons.items()]
    assert "ingested 2 documents (0 unchanged, 0 replaced, 0 undated), 1 events, 3 rejects" in first.stderr
    again = cli_runner().invoke(main, ["ingest", str(feed), "--db", str(db)])
    assert "ingested 0 documents (2 unchanged, 0 replaced, 0 undated), 0 events, 3 rejects" in again.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall() == [("meeting",), ("protest",)]
        assert con.execute("SELECT line, reason FROM rejects ORDER BY line").fetchall() == list(reasons.items())
        assert all(excerpt for (excerpt,) in con.execute("SELECT excerpt FROM rejects").fetchall())


def test_an_error_of_the_reader_itself_is_raised_after_what_it_read_is_coded():
    def items():
        yield Document(id="a", text=MEETING, date="2024-05-07")
        yield Reject("feed.jsonl", 2, "not JSON")
        raise OSError("the disk went away")

    class BatchingCoder(MeetingCoder):
        def code_many(self, docs):  # reads ahead, as the real coder does: the error comes with "a" in flight
            docs = list(docs)
            return ((doc, self.code(doc)) for doc in docs)

    coded, heard = [], []
    with pytest.raises(OSError, match="the disk went away"):
        for doc, _ in code_all(BatchingCoder(), items(), heard.append):
            coded.append(doc.id)
    assert coded == ["a"] and [r.line for r in heard] == [2]  # never taken for the end of the input


def test_code_on_a_folder_tells_each_bad_input_in_one_line_and_codes_the_rest(tmp_path, meeting_coder):
    from test_documents import long_folder_chain

    (tmp_path / "meeting.txt").write_text("date 2024-05-07\n" + MEETING, encoding="utf-8")
    odd = tmp_path / "two\nlines.jsonl"
    odd.write_bytes(json.dumps({"id": "ok", "text": MEETING}).encode() + b'\n{"id": "nul", "text": "a\x00b"}\n')
    deep = long_folder_chain(tmp_path / "deep")
    result = cli_runner().invoke(main, ["code", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "warning: no date" not in line][:-1] == [
        f"tidings: {tmp_path}/deep/{deep}: cannot read this folder (File name too long); its files are left out",
        f"tidings: {tmp_path}/two\\nlines.jsonl:2: a NUL byte at column 25: not JSON text; remove it",
    ]
    # the undated line's warning names its file as every message does, a line break escaped
    assert f"tidings: {tmp_path}/two\\nlines.jsonl:1: warning: no date" in result.stderr
    assert meeting_coder.coded == ["meeting", "ok"]



def test_a_line_break_in_an_output_or_store_name_is_escaped_in_the_message(tmp_path, meeting_coder):
    article = tmp_path / "meeting.txt"
    article.write_text(MEETING, encoding="utf-8")
    unwritable = cli_runner().invoke(main, ["code", str(article), "-o", str(tmp_path / "no\nsuch" / "out.jsonl")])
    assert unwritable.exit_code == 1
    assert unwritable.stderr == f"tidings: -o {tmp_path}/no\\nsuch/out.jsonl: cannot write (No such file or directory)\n"
    stored = cli_runner().invoke(main, ["ingest", str(article), "--db", str(tmp_path / "a\nb.duckdb")])
    assert stored.exit_code == 0 and stored.stderr.endswith(f"into {tmp_path}/a\\nb.duckdb\n")
