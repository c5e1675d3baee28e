"""Writing event records: JSON Lines, CSV, TSV, the terminal table, and flat columns."""
from __future__ import annotations

import csv
import io
import json

import pytest

from tidings.output import FORMATS, flatten, schema_columns, write_records

SENTENCE = "Officials from Ghana and Togo agreed on Monday to share patrol data along their border."


def record(**changes) -> dict:
    """Gives a schema record (fields in schema order) with `changes` applied."""
    rec = {
        "id": "e_1", "doc_id": "gh-tg", "doc_date": "2023-04-12", "date": "2023-04-10", "date_precision": "day",
        "sentence": {"index": 0, "start": 0, "end": len(SENTENCE), "text": SENTENCE},
        "trigger": {"start": 30, "end": 36, "text": "agreed"},
        "event": "AGREE", "mode": None, "cameo": "057", "quad": 1, "goldstein": 8.0,
        "source": {"text": "Officials from Ghana", "name": None, "code": "GHA", "sector": "GOV"},
        "target": {"text": "Togo", "name": "Togo", "code": "TGO", "sector": None},
        "location": None, "intent": False, "negated": False, "confidence": 0.7,
    }
    rec.update(changes)
    return rec


def written(records, fmt) -> tuple[int, str]:
    out = io.StringIO()
    n = write_records(records, fmt, out)
    return n, out.getvalue()


def test_jsonl_is_one_compact_object_per_line_in_field_order():
    n, text = written([record(), record(id="e_2")], "jsonl")
    lines = text.splitlines()
    assert n == 2 and len(lines) == 2
    assert json.loads(lines[0]) == record()
    assert list(json.loads(lines[0])) == list(record())
    assert ", " not in lines[0].split('"text"')[0]  # compact separators


def test_jsonl_keeps_non_ascii_readable():
    _, text = written([record(source={"text": "Türkiye", "name": None, "code": "TUR", "sector": None})], "jsonl")
    assert "Türkiye" in text


def test_flatten_gives_a_column_per_part_even_for_null_fields():
    flat = flatten(record(target=None, trigger=None))
    assert flat["sentence_text"] == SENTENCE and flat["sentence_index"] == 0
    assert flat["source_code"] == "GHA" and flat["source_sector"] == "GOV"
    assert flat["target_code"] is None and flat["target_text"] is None
    assert flat["trigger_text"] is None
    assert flat["location_lat"] is None and flat["location_code"] is None
    assert list(flat) == schema_columns()


def test_flatten_keeps_extra_fields_with_lists_as_json():
    flat = flatten(record(extra_tags=["a", "b"], actors={"count": 2}))
    assert flat["extra_tags"] == '["a","b"]'
    assert flat["actors_count"] == 2


def test_csv_has_a_header_and_flat_columns():
    n, text = written([record(), record(target=None, intent=True)], "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert n == 2 and len(rows) == 2
    assert rows[0]["source_code"] == "GHA" and rows[0]["target_code"] == "TGO"
    assert rows[0]["sentence_text"] == SENTENCE and rows[0]["sentence_start"] == "0"
    assert rows[1]["target_code"] == "" and rows[1]["intent"] == "true" and rows[1]["negated"] == "false"


def test_csv_quotes_commas_and_line_breaks():
    tricky = "One, two\nthree"
    _, text = written([record(sentence={"index": 0, "start": 0, "end": 14, "text": tricky})], "csv")
    assert next(csv.DictReader(io.StringIO(text)))["sentence_text"] == tricky


@pytest.mark.parametrize("tricky", ["bare\rreturn", "windows\r\nbreak", 'a "quoted" word', "trailing\r", "\r"])
def test_csv_reads_back_the_same_rows_in_python_and_in_duckdb(tmp_path, tricky):
    # A bare CR left unquoted reads back as two rows, and DuckDB cannot even sniff the file.
    import duckdb

    records = [record(id="e_1"), record(id="e_2", sentence={"index": 0, "start": 0, "end": 9, "text": tricky}),
               record(id="e_3", mode=tricky)]
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_records(records, "csv", out)
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert [r[header.index("id")] for r in rows] == ["e_1", "e_2", "e_3"]
    assert rows[1][header.index("sentence_text")] == rows[2][header.index("mode")] == tricky
    with duckdb.connect() as con:
        read = con.execute("SELECT * FROM read_csv(?, all_varchar = true)", [str(path)])
        assert [d[0] for d in read.description] == header
        assert [tuple("" if v is None else v for v in row) for row in read.fetchall()] == [tuple(r) for r in rows]
        sniffed = con.execute("SELECT id, sentence_text, mode, quad FROM read_csv(?)", [str(path)]).fetchall()
    assert sniffed == [("e_1", SENTENCE, None, 1), ("e_2", tricky, None, 1), ("e_3", SENTENCE, tricky, 1)]


def test_csv_row_of_one_empty_cell_is_not_a_blank_line():
    _, text = written([{"note": ""}], "csv")
    assert list(csv.reader(io.StringIO(text))) == [["note"], [""]]


def test_tsv_has_no_tabs_or_line_breaks_inside_values():
    tricky = "One\ttwo\nthree"
    n, text = written([record(sentence={"index": 0, "start": 0, "end": 13, "text": tricky})], "tsv")
    header, row = text.splitlines()
    cells = dict(zip(header.split("\t"), row.split("\t")))
    assert n == 1 and cells["sentence_text"] == "One two three" and cells["event"] == "AGREE"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_without_records_still_gives_the_header(fmt):
    n, text = written([], fmt)
    assert n == 0 and text.splitlines()[0].split("," if fmt == "csv" else "\t") == schema_columns()


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_without_records_gives_the_header_it_is_told(fmt):
    out = io.StringIO()
    assert write_records([], fmt, out, ["source_code", "events"]) == 0
    assert out.getvalue() == ("source_code,events\n" if fmt == "csv" else "source_code\tevents\n")


def test_table_shows_the_essentials_aligned_in_120_columns():
    long_sentence = "After a long night of talks in the capital and many statements by " * 3 + SENTENCE
    trigger_at = long_sentence.index("agreed")
    records = [record(), record(target=None, intent=True, negated=True, event="COOPERATE", cameo="036",
                                sentence={"index": 3, "start": 100, "end": 100 + len(long_sentence), "text": long_sentence},
                                trigger={"start": 100 + trigger_at, "end": 106 + trigger_at, "text": "agreed"})]
    n, text = written(records, "table")
    lines = text.splitlines()
    assert n == 2 and len(lines) == 4
    assert all(len(line) <= 120 for line in lines)
    header = lines[0]
    for column in ("date", "source", "event", "cameo", "target", "flags", "sentence"):
        assert column in header
    # aligned: every column starts where its header does
    assert lines[2].index("AGREE") == lines[3].index("COOPERATE") == header.index("event")
    assert "GHA Officials from Ghana" in lines[2] and "TGO Togo" in lines[2]
    assert "int,neg" in lines[3]
    assert "agreed" in lines[3] and "…" in lines[3]  # the long sentence is cut around its trigger


def test_table_dates_are_as_precise_as_the_text():
    records = [record(), record(date="2023-04-01", date_precision="month"),
               record(date="2022-01-01", date_precision="year"), record(date=None, date_precision=None)]
    _, text = written(records, "table")
    assert [line.split()[0] for line in text.splitlines()[2:]] == ["2023-04-10", "2023-04", "2022", "2023-04-12"]


def test_empty_table_is_just_the_header():
    n, text = written([], "table")
    assert n == 0 and text.startswith("date")


def test_jsonl_csv_tsv_stream_without_buffering():
    # A generator that fails after the first record: what was written before must already be out.
    for fmt in ("jsonl", "csv", "tsv"):
        out = io.StringIO()

        def records():
            yield record()
            raise RuntimeError("stop")

        with pytest.raises(RuntimeError):
            write_records(records(), fmt, out)
        assert "AGREE" in out.getvalue(), fmt


def test_unknown_format_raises():
    with pytest.raises(ValueError):
        write_records([], "xml", io.StringIO())
    assert FORMATS == ("jsonl", "csv", "tsv", "table")
