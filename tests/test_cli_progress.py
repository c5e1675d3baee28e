"""The bar (on a terminal only), the summary line, the undated warnings and the field options of
`code` and `ingest`, with the stand-in coder of test_cli_code."""
from __future__ import annotations

import io
import json
import re

from test_cli_code import FakeCoder, fake_coder, runner  # noqa: F401 - the fixture is used by name

from tidings.cli import main
from tidings.cli.progress import Progress
from tidings.inputs.counting import count_inputs

SUMMARY = re.compile(r"tidings: coded (\d+) documents, (\d+) events, (\d+) rejects, (\d+) undated "
                     r"in [\d.]+ s \([\d.]+ docs/s\)")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_counts_documents_on_a_terminal_and_is_silent_elsewhere(tmp_path):
    feed = tmp_path / "f.jsonl"
    feed.write_text("".join(json.dumps({"text": f"Item {i}."}) + "\n" for i in range(5)), encoding="utf-8")
    screen = Terminal()
    with Progress([str(feed)], "coding", stream=screen) as bar:
        for _ in range(5):
            bar.advance()
        assert (bar.bar.n, bar.bar.total) == (5, 5)
    assert "coding:" in screen.getvalue() and "/5 [" in screen.getvalue()
    piped = io.StringIO()
    with Progress([str(feed)], "coding", stream=piped) as bar:
        bar.advance(5)
    assert piped.getvalue() == ""


def test_count_inputs_counts_rows_of_every_kind(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text('text\n"one\ntwo"\nthree\n', encoding="utf-8")  # a cell over two lines
    (tmp_path / "c.txt").write_text("An article.", encoding="utf-8")
    assert count_inputs([str(tmp_path)]) == 2 + 2 + 1
    assert count_inputs(["-"]) is None


def test_code_ends_with_one_summary_line_and_warns_of_each_undated_document(tmp_path, fake_coder):
    feed = tmp_path / "feed.csv"
    feed.write_text("id,published,body\na,2024-05-03T09:00:00+02:00,Peru agreed to talk.\n"
                    "b,,Peru agreed again.\nc,soon,Peru agreed once more.\n", encoding="utf-8")
    result = runner().invoke(main, ["code", str(feed)])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert sorted(lines[:2]) == sorted([
        f"tidings: {feed}:3: warning: no date; its events are undated (give it a date field, a `date` line, or --date)",
        f'tidings: {feed}:4: "published" "soon" is not YYYY-MM-DD or an ISO datetime; write it like "2024-07-03" '
        f'or "2024-07-03T10:00:00+02:00", or leave it empty',
    ])
    assert SUMMARY.fullmatch(lines[-1]).groups() == ("2", "2", "1", "1")
    assert [json.loads(r)["doc_date"] for r in result.stdout.splitlines()] == ["2024-05-03", None]


def test_field_options_name_the_fields_of_json_lines(tmp_path, fake_coder):
    feed = tmp_path / "other.jsonl"
    feed.write_text(json.dumps({"link": "https://e.org/1", "words": "Peru agreed.", "when": "2024-05-03"}) + "\n",
                    encoding="utf-8")
    result = runner().invoke(main, ["code", str(feed), "--text-field", "words", "--date-field", "when",
                                    "--id-field", "link"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["doc_id"], record["doc_date"]) == ("https://e.org/1", "2024-05-03")
    assert "--text-field NAME" in runner().invoke(main, ["ingest", "--help"]).output


def test_ingest_sums_up_with_undated_documents_and_docs_a_second(tmp_path, fake_coder):
    feed = tmp_path / "feed.tsv"
    feed.write_text("id\tdate\ttext\na\t2024-05-03\tPeru agreed.\nb\t\tPeru agreed again.\n", encoding="utf-8")
    result = runner().invoke(main, ["ingest", str(feed), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"tidings: {feed}:3: warning: no date")
    assert re.fullmatch(r"tidings: ingested 2 documents \(0 unchanged, 0 replaced, 1 undated\), 2 events, 0 rejects "
                        r"in [\d.]+ s \([\d.]+ docs/s\) into .*s\.duckdb", lines[-1])


def test_ingest_keeps_a_bad_row_of_a_table_in_rejects(tmp_path, fake_coder):
    import duckdb

    feed = tmp_path / "feed.csv"
    feed.write_text("id,date,text\na,2024-05-03,Peru agreed.\nb,May 3rd,Peru agreed again.\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = runner().invoke(main, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 0 and result.stderr.startswith(f'tidings: {feed}:3: "date" "May 3rd"')
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT file, line FROM rejects").fetchall() == [(str(feed), 3)]
