"""Tables and compressed files in: CSV, TSV, Parquet, gzip and Zstandard, named fields, datetimes.

Each kind of file is read from a file of that kind, and a bad row in each is told by file and row.
"""
from __future__ import annotations

import datetime
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from tidings.documents import Document, Reject, read_documents
from tidings.inputs.rows import Fields

FIRST = "The mayor of Quito opened a new bridge over the river on Monday."
SECOND = "Farmers in Bolivia blocked a highway to protest fuel prices."


def read(*paths, **kwargs) -> list[Document | Reject]:
    return list(read_documents([str(p) for p in paths], **kwargs))


def split(items):
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Reject)]


# --- CSV and TSV ----------------------------------------------------------------------------------

def test_csv_is_one_document_a_row_with_its_header_names(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(f'id,date,title,text,section\nq1,2024-05-03,Bridge,"{FIRST}",city\n'
                    f'q2,2024-05-04,Road,"{SECOND}",country\n', encoding="utf-8")
    docs, rejects = split(read(path))
    assert rejects == []
    assert [(d.id, d.date, d.title, d.text) for d in docs] == [("q1", "2024-05-03", "Bridge", FIRST),
                                                            ("q2", "2024-05-04", "Road", SECOND)]
    assert docs[0].meta == {"section": "city"} and docs[0].origin == f"{path}:2"


def test_csv_header_names_of_news_exports_are_found_whatever_their_case(tmp_path):
    path = tmp_path / "db.csv"
    path.write_text(f'Headline,Body,Published,Link\nBridge,"{FIRST}",2024-05-03T10:00:00Z,https://example.org/a\n',
                    encoding="utf-8")
    doc = read(path)[0]
    assert (doc.title, doc.text, doc.date, doc.url) == ("Bridge", FIRST, "2024-05-03", "https://example.org/a")
    assert doc.id == "db-2"  # no id column: the file's name and the row's line


def test_a_quoted_cell_may_hold_line_breaks_and_the_next_row_keeps_its_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'id,text\na,"{FIRST}\n\n{SECOND}"\nb,"{SECOND}"\n', encoding="utf-8")
    first, second = read(path)
    assert first.text == f"{FIRST}\n\n{SECOND}" and second.origin == f"{path}:5"


def test_tsv_is_read_with_tabs(tmp_path):
    path = tmp_path / "feed.tsv"
    path.write_text(f"id\tdate\ttext\nt1\t2024-05-03\t{FIRST}\n", encoding="utf-8")
    assert [(d.id, d.text) for d in read(path)] == [("t1", FIRST)]


@pytest.mark.parametrize("suffix, sep", [(".csv", ","), (".tsv", "\t")])
def test_a_bad_row_is_told_by_file_and_line_and_the_rest_is_read(tmp_path, suffix, sep):
    path = tmp_path / f"rows{suffix}"
    lines = ["id", "date", "text"], ["r1", "2024-05-03", FIRST], ["r2", "May 3rd", SECOND], \
            ["r3", "2024-05-05", SECOND, "stray"], ["r4", "2024-05-06", ""], ["r5", "2024-05-07", SECOND]
    path.write_text("".join(sep.join(cells) + "\n" for cells in lines), encoding="utf-8")
    docs, rejects = split(read(path))
    assert [d.id for d in docs] == ["r1", "r5"]
    assert [(r.file, r.line) for r in rejects] == [(str(path), 3), (str(path), 4), (str(path), 5)]
    assert '"date" "May 3rd" is not YYYY-MM-DD' in rejects[0].reason
    assert rejects[1].reason.startswith("4 fields where the header has 3")
    assert rejects[2].message() == f'{path}:5: "text" is empty: nothing to code'


def test_a_row_that_is_not_utf8_costs_that_row_only(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,text\n" + f"a,{FIRST}\n".encode() + b"b,caf\xe9 talks\n" + f"c,{SECOND}\n".encode())
    docs, rejects = split(read(path))
    assert [d.id for d in docs] == ["a", "c"]
    assert (rejects[0].line, rejects[0].reason.split(" (")[0]) == (3, "invalid UTF-8")


def test_a_csv_without_a_text_column_is_one_reject_naming_the_columns(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("id,words\na,Hello there.\n", encoding="utf-8")
    (reject,) = read(path)
    assert reject.message() == (f"{path}:1: no text column (the columns are: id, words); "
                                "name the one holding the article with --text-field")
    fields = Fields(text="words")
    assert read(path, fields=fields)[0].text == "Hello there."


def test_named_fields_win_over_the_usual_names(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text(f'text,story,when,key,address,heading\nsummary,"{FIRST}",2024-05-03,k9,https://e.org/x,Bridge\n',
                    encoding="utf-8")
    doc = read(path, fields=Fields(text="story", date="when", id="key", url="address", title="heading"))[0]
    assert (doc.id, doc.text, doc.date, doc.url, doc.title) == ("k9", FIRST, "2024-05-03", "https://e.org/x", "Bridge")
    assert doc.meta == {"text": "summary"}


def test_an_empty_date_cell_is_no_date_and_takes_the_date_argument(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(f'id,date,text\na,,"{FIRST}"\n', encoding="utf-8")
    assert read(path)[0].date is None
    assert read(path, date="2024-01-02")[0].date == "2024-01-02"


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, day", [
    ("2024-05-03", "2024-05-03"),
    ("2024-05-03T10:00:00Z", "2024-05-03"),
    ("2024-05-03T23:30:00-05:00", "2024-05-03"),   # already the 4th in UTC: the day is the one in its zone
    ("2024-05-04T01:15:00+09:00", "2024-05-04"),   # still the 3rd in UTC
    ("2024-05-03 08:00", "2024-05-03"),
])
def test_a_document_date_may_be_a_datetime_with_a_zone(tmp_path, written, day):
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps({"id": "a", "text": FIRST, "date": written}) + "\n", encoding="utf-8")
    assert read(path)[0].date == day


def test_a_txt_date_line_may_be_a_datetime(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"date 2024-05-03T23:30:00-05:00\n{FIRST}\n", encoding="utf-8")
    assert (read(path)[0].date, read(path)[0].text) == ("2024-05-03", f"{FIRST}\n")


def test_jsonl_fields_are_named_as_for_tables(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps({"url": "https://e.org/1", "body": FIRST, "published": "2024-05-03T10:00:00Z"}) + "\n"
                    + json.dumps({"url": "https://e.org/2", "words": SECOND}) + "\n", encoding="utf-8")
    doc, reject = read(path, fields=Fields(id="url"))
    assert (doc.id, doc.text, doc.date) == ("https://e.org/1", FIRST, "2024-05-03")
    assert reject.message().startswith(f'{path}:2: no "text" field')


# --- Parquet -------------------------------------------------------------------------------------

def test_parquet_is_one_document_a_row_with_typed_dates(tmp_path):
    path = tmp_path / "news.parquet"
    zone = datetime.timezone(datetime.timedelta(hours=-5))
    pq.write_table(pa.table({
        "doc_id": ["p1", "p2", "p3", "p4"],
        "body": [FIRST, None, SECOND, SECOND],
        "published": [datetime.datetime(2024, 5, 3, 23, 30, tzinfo=zone), datetime.datetime(2024, 5, 4, tzinfo=zone),
                      None, datetime.datetime(1492, 10, 12, tzinfo=zone)],
        "words": [120, 0, 80, 10],
    }), path)
    docs, rejects = split(read(path))
    assert [(d.id, d.date, d.meta) for d in docs] == [("p1", "2024-05-03", {"words": 120}), ("p3", None, {"words": 80})]
    assert [(r.file, r.line) for r in rejects] == [(str(path), 2), (str(path), 4)]
    assert rejects[0].reason.startswith('no "body" field')
    assert "year 1492 is outside" in rejects[1].reason


def test_parquet_date_column_of_days_and_a_file_that_is_not_parquet(tmp_path):
    good, bad = tmp_path / "days.parquet", tmp_path / "fake.parquet"
    pq.write_table(pa.table({"text": [FIRST], "date": [datetime.date(2024, 5, 3)]}), good)
    bad.write_text("id,text\n", encoding="utf-8")
    doc, reject = read(good, bad)
    assert (doc.id, doc.date) == ("days-1", "2024-05-03")
    assert reject.message().startswith(f"{bad}: not a Parquet file")


# --- compressed ----------------------------------------------------------------------------------

def compress(path, data: bytes, how: str) -> None:
    path.write_bytes(gzip.compress(data) if how == "gz" else zstandard.ZstdCompressor().compress(data))


@pytest.mark.parametrize("how", ["gz", "zst"])
def test_compressed_jsonl_csv_and_txt_are_read_as_their_inner_kind(tmp_path, how):
    jsonl, table, article = tmp_path / f"a.jsonl.{how}", tmp_path / f"b.csv.{how}", tmp_path / f"c.v2.txt.{how}"
    compress(jsonl, (json.dumps({"id": "j1", "text": FIRST}) + "\n{oops\n").encode(), how)
    compress(table, f'id,text\nc1,"{SECOND}"\nc2,\n'.encode(), how)
    compress(article, f"date 2024-05-03\n{FIRST}\n".encode(), how)
    docs, rejects = split(read(tmp_path))
    assert [(d.id, d.date) for d in docs] == [("j1", None), ("c1", None), ("c.v2", "2024-05-03")]
    assert [(r.file, r.line) for r in rejects] == [(str(jsonl), 2), (str(table), 3)]


def test_a_cut_short_compressed_file_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress("".join(json.dumps({"id": f"d{i}", "text": FIRST}) + "\n" for i in range(200)).encode())
    path.write_bytes(whole[: len(whole) // 2])
    docs, rejects = split(read(path))
    assert 0 < len(docs) < 200
    assert rejects[-1].file == str(path) and "corrupt or cut short" in rejects[-1].reason


def test_a_file_named_gz_that_is_not_gzip_is_one_reject(tmp_path):
    path = tmp_path / "plain.jsonl.gz"
    path.write_text(json.dumps({"text": FIRST}) + "\n", encoding="utf-8")
    assert read(path)[0].message() == f"{path}: cannot read: not gzip data, though its name ends .gz"


def test_a_folder_reads_every_kind_it_knows(tmp_path):
    (tmp_path / "a.csv").write_text(f'text\n"{FIRST}"\n', encoding="utf-8")
    (tmp_path / "b.tsv").write_text(f"text\n{SECOND}\n", encoding="utf-8")
    pq.write_table(pa.table({"text": [FIRST]}), tmp_path / "c.parquet")
    compress(tmp_path / "d.txt.zst", FIRST.encode(), "zst")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    assert [d.id for d in read(tmp_path)] == ["a-2", "b-2", "c-1", "d"]
