"""Hostile input, continued: a JSON line too long to hold, links to nothing, names that would split a message."""
from __future__ import annotations

import io
import json

import duckdb
from conftest import cli_runner
from test_hostile_inputs import MEETING, PROTEST, meeting_coder  # noqa: F401 (a fixture)

from tidings.cli import main
from tidings.documents import MAX_CHARS, Reject, read_documents
from tidings.inputs.lines import LongLine, capped_lines, line_cap


def test_a_line_over_the_cap_is_one_reject_and_the_lines_after_it_are_read(tmp_path):
    feed = tmp_path / "feed.jsonl"
    cap = line_cap(1000)
    huge = json.dumps({"id": "huge", "text": "Peru met Chile. " * (cap // 16 + 10)})
    feed.write_text("\n".join([json.dumps({"id": "a", "text": MEETING}), huge,
                               json.dumps({"id": "b", "text": PROTEST})]) + "\n", encoding="utf-8")
    items = list(read_documents([str(feed)], max_chars=1000))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    reject = items[1]
    assert isinstance(reject, Reject) and reject.line == 2
    assert reject.message() == (f"{feed}:2: line too long ({len(huge) + 1:,} bytes; a line may take {cap:,}, for a "
                                f"text of at most 1,000 characters): split it into smaller documents")
    assert reject.excerpt.startswith('{"id": "huge", "text": "Peru met Chile.')


def test_the_cap_leaves_room_for_a_whole_text_of_escapes():
    assert line_cap() > 6 * MAX_CHARS + 1000   # \u escapes take 6 bytes a character
    text = "\u00e9" * 1000
    line = json.dumps({"id": "e", "text": text, "title": "t"})   # ensure_ascii: every character escaped
    assert len(line) > 6000
    docs = list(read_documents(["-"], max_chars=1000, stdin=io.BytesIO(line.encode() + b"\n")))
    assert [d.text for d in docs] == [text]


class EndlessLine(io.RawIOBase):
    """A stream of one line of `size` bytes: what it hands out is counted, never held."""

    def __init__(self, size: int):
        self.left, self.largest = size, 0

    def readline(self, limit: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = min(self.left, limit if limit > 0 else self.left)
        self.left -= n
        self.largest = max(self.largest, n)
        return b"x" * n if self.left else b"x" * (n - 1) + b"\n"


def test_a_line_of_hundreds_of_megabytes_is_never_held_whole():
    stream = EndlessLine(300_000_000)
    lines = list(capped_lines(stream, 4096))
    assert len(lines) == 1 and isinstance(lines[0], LongLine)
    assert lines[0].size == 300_000_000 and len(lines[0].start) == 500
    assert stream.largest <= 1 << 20   # read in pieces of at most a megabyte


def test_ingest_keeps_the_over_long_line_as_a_reject(tmp_path, meeting_coder):  # noqa: F811
    feed, db = tmp_path / "feed.jsonl", tmp_path / "t.duckdb"
    huge = json.dumps({"id": "huge", "text": "x" * (line_cap() + 10)})
    feed.write_text(json.dumps({"id": "a", "date": "2024-05-07", "text": MEETING}) + "\n" + huge + "\n"
                    + json.dumps({"id": "b", "date": "2024-05-06", "text": PROTEST}) + "\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"tidings: {feed}:2: line too long ({len(huge) + 1:,} bytes; ")
    assert "ingested 2 documents" in result.stderr and "1 rejects" in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT line, reason LIKE 'line too long%' FROM rejects").fetchall() == [(2, True)]


def test_a_link_to_nothing_is_told_in_one_line_and_the_rest_is_coded(tmp_path, meeting_coder):  # noqa: F811
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "meeting.txt").write_text("date 2024-05-07\n" + MEETING, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "moved\naway.txt")
    (folder / "notes.md").symlink_to(tmp_path / "nowhere.md")   # not an article's name: not looked at
    result = cli_runner().invoke(main, ["code", str(folder)])
    assert result.exit_code == 0, result.stderr
    told, summary = result.stderr.splitlines()[:-1], result.stderr.splitlines()[-1]
    assert told == [
        f"tidings: {folder}/gone.txt: a symbolic link to {tmp_path}/moved\\naway.txt, which does not exist; "
        f"fix or remove the link"]
    assert summary.startswith("tidings: coded 1 documents, 1 events, 1 rejects, ")
    assert meeting_coder.coded == ["meeting"]
    named = cli_runner().invoke(main, ["code", str(folder / "gone.txt")])
    assert named.stderr.splitlines()[:-1] == told


def test_names_given_by_the_user_are_escaped_in_every_message(tmp_path, meeting_coder):  # noqa: F811
    article, db = tmp_path / "meeting.txt", tmp_path / "t.duckdb"
    article.write_text("date 2024-05-07\n" + MEETING, encoding="utf-8")
    assert cli_runner().invoke(main, ["ingest", str(article), "--db", str(db)]).exit_code == 0
    out = tmp_path / "out\n\x1b[31mred.csv"
    result = cli_runner().invoke(main, ["export", "--format", "csv", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"tidings: 1 events exported to {tmp_path}/out\\n\\x1b[31mred.csv (csv)\n"
