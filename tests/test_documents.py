"""Reading input documents: every form `tidings code` accepts, and every bad input it refuses."""
from __future__ import annotations

import io
import json
import os

import pytest

from tidings.days import is_day as is_date
from tidings.documents import Document, Reject, origin, read_documents

ARTICLE = "Ministers from Peru and Chile met in Lima on Tuesday.\nThey agreed to reopen the border crossing."


def read(*paths, **kwargs) -> list[Document | Reject]:
    return list(read_documents([str(p) for p in paths], **kwargs))


def only(items: list) -> Document | Reject:
    assert len(items) == 1, items
    return items[0]


def write_jsonl(path, *rows) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


# --- .txt articles -------------------------------------------------------------------------------

def test_txt_is_one_article_named_after_the_file(tmp_path):
    (tmp_path / "peru-chile.txt").write_text(ARTICLE, encoding="utf-8")
    doc = only(read(tmp_path / "peru-chile.txt"))
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.date, doc.origin) == ("peru-chile", ARTICLE, None, str(tmp_path / "peru-chile.txt"))


def test_txt_date_argument_dates_an_undated_article(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert only(read(tmp_path / "a.txt", date="2023-05-09")).date == "2023-05-09"


@pytest.mark.parametrize("head", [" date 2023-05-09 ", "date 2023-05-09\n", "\n  date 2023-05-09\n\n"])
def test_txt_date_line_gives_the_date_and_is_cut_off(tmp_path, head):
    (tmp_path / "a.txt").write_text(head + ARTICLE, encoding="utf-8")
    doc = only(read(tmp_path / "a.txt", date="1999-01-01"))  # the file's own date wins
    assert doc.date == "2023-05-09"
    assert doc.text == ARTICLE


def test_txt_offsets_count_from_the_body_after_the_date(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2023-05-09 " + ARTICLE, encoding="utf-8")
    doc = only(read(tmp_path / "a.txt"))
    start = doc.text.index("Lima")
    assert start == ARTICLE.index("Lima")
    assert doc.text[start:start + 4] == "Lima"


def test_txt_date_must_be_a_real_day(tmp_path):
    (tmp_path / "a.txt").write_text("date 2023-13-40 " + ARTICLE, encoding="utf-8")
    r = only(read(tmp_path / "a.txt"))
    assert isinstance(r, Reject) and "2023-13-40" in r.reason and "YYYY-MM-DD" in r.reason


def test_txt_word_date_in_the_body_is_not_a_date_line(tmp_path):
    text = "date palms grow along the river, officials said."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    doc = only(read(tmp_path / "a.txt"))
    assert doc.text == text and doc.date is None


def test_other_extension_named_explicitly_is_an_article(tmp_path):
    (tmp_path / "wire.md").write_text(ARTICLE, encoding="utf-8")
    doc = only(read(tmp_path / "wire.md"))
    assert isinstance(doc, Document) and doc.id == "wire"


# --- .jsonl documents ----------------------------------------------------------------------------

def test_jsonl_one_document_per_line_with_metadata(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path,
                {"id": "x1", "date": "2022-02-02", "text": ARTICLE, "url": "https://example.org/1",
                 "title": "Border", "source": "Wire", "lang": "en", "tags": ["a"]},
                "",  # blank lines are skipped, but still counted for line numbers
                {"text": "Kenya protested to Uganda.", "date": None})
    first, second = read(path, date="2020-01-01")
    assert (first.id, first.date, first.url, first.title, first.source) == (
        "x1", "2022-02-02", "https://example.org/1", "Border", "Wire")
    assert first.meta == {"lang": "en", "tags": ["a"]}
    assert first.origin == f"{path}:1"
    assert second.id == "feed-3" and second.origin == f"{path}:3"
    assert second.date == "2020-01-01"  # a null date takes the date argument


def test_jsonl_numeric_id_becomes_text(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", {"id": 7, "text": ARTICLE})
    assert only(read(tmp_path / "f.jsonl")).id == "7"


def test_jsonl_text_is_kept_unchanged(tmp_path):
    text = "  Leading spaces stay.\n\nSo do blank lines.  "
    write_jsonl(tmp_path / "f.jsonl", {"id": "a", "text": text})
    assert only(read(tmp_path / "f.jsonl")).text == text


@pytest.mark.parametrize("line, words", [
    ("{not json", ["not JSON", "column"]),
    ("[1, 2]", ["array", "not an object"]),
    ('{"id": "a"}', ['no "text"']),
    ('{"id": "a", "text": 12}', ['"text"', "number", "not a string"]),
    ('{"id": "a", "text": "   "}', ['"text" is empty']),
    ('{"id": "a", "text": "Fine.", "date": "9 May 2023"}', ['"date"', "YYYY-MM-DD"]),
    ('{"id": "a", "text": "Fine.", "date": "2023-02-30"}', ['"date"', "YYYY-MM-DD"]),
])
def test_jsonl_bad_line_is_rejected_and_reading_goes_on(tmp_path, line, words):
    path = tmp_path / "f.jsonl"
    write_jsonl(path, {"id": "ok1", "text": ARTICLE}, line, {"id": "ok2", "text": ARTICLE})
    first, bad, last = read(path)
    assert (first.id, last.id) == ("ok1", "ok2")
    assert isinstance(bad, Reject) and (bad.file, bad.line) == (str(path), 2)
    for word in words:
        assert word in bad.reason
    assert bad.message().startswith(f"{path}:2: ")


def test_jsonl_invalid_utf8_names_its_line(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "fine"}\n')
    a, bad, c = read(path)
    assert (a.id, c.id) == ("a", "c")
    assert bad.line == 2 and "UTF-8" in bad.reason


def test_jsonl_is_read_line_by_line(tmp_path):
    # A bad line late in a file must not hold back the documents before it.
    path = tmp_path / "f.jsonl"
    write_jsonl(path, *({"id": str(i), "text": ARTICLE} for i in range(3)), "{oops")
    items = read_documents([str(path)])
    assert next(items).id == "0"


# --- folders and stdin ---------------------------------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_jsonl(tmp_path / "c.jsonl", {"id": "c1", "text": ARTICLE})
    (tmp_path / "notes.md").write_text(ARTICLE, encoding="utf-8")  # not an input type: left out
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    assert [d.id for d in read(tmp_path)] == ["a", "z", "c1"]


def test_empty_folder_is_rejected(tmp_path):
    r = only(read(tmp_path))
    assert isinstance(r, Reject) and "no .txt, .jsonl, .csv, .tsv or .parquet" in r.reason


def test_stdin_jsonl(tmp_path):
    data = b'\n{"id": "s1", "text": "Kenya protested."}\n{"text": "Uganda replied."}\n'
    docs = list(read_documents(["-"], stdin=io.BytesIO(data)))
    assert [d.id for d in docs] == ["s1", "stdin-3"]
    assert docs[0].origin == "<stdin>:2"


def test_stdin_article_with_date_line():
    docs = list(read_documents(["-"], stdin=io.BytesIO(b"date 2021-03-04\n" + ARTICLE.encode())))
    doc = only(docs)
    assert (doc.id, doc.date, doc.text) == ("stdin", "2021-03-04", ARTICLE)


# --- bad inputs ----------------------------------------------------------------------------------

def test_missing_path_is_rejected_and_the_rest_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    bad, good = read(tmp_path / "nope.txt", tmp_path / "a.txt")
    assert isinstance(bad, Reject) and "no such file" in bad.reason
    assert good.id == "a"


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl"])
@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty_file_is_rejected(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    r = only(read(tmp_path / name))
    assert isinstance(r, Reject) and "empty" in r.reason


@pytest.mark.parametrize("content", ["\x1c", "\u2028\u3000", "\x85\n"])
def test_a_txt_of_only_unicode_whitespace_is_empty(tmp_path, content):
    (tmp_path / "a.txt").write_text(content, encoding="utf-8")
    r = only(read(tmp_path / "a.txt"))
    assert isinstance(r, Reject) and "empty" in r.reason


def test_date_line_without_text_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_text("date 2023-05-09\n\n", encoding="utf-8")
    assert "no text" in only(read(tmp_path / "a.txt")).reason


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl"])
def test_binary_file_is_rejected(tmp_path, name):
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    r = only(read(tmp_path / name))
    assert isinstance(r, Reject) and "binary" in r.reason and r.line == 3  # the line of the first NUL


def test_txt_invalid_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"First line.\nSecond line.\nThird \xff line.\n")
    r = only(read(tmp_path / "a.txt"))
    assert isinstance(r, Reject) and r.line == 3 and "UTF-8" in r.reason and "0xff" in r.reason


def test_too_long_document_is_rejected_with_its_size(tmp_path):
    (tmp_path / "long.txt").write_text("word " * 30, encoding="utf-8")
    write_jsonl(tmp_path / "long.jsonl", {"id": "a", "text": "word " * 30}, {"id": "b", "text": "short"})
    r = only(read(tmp_path / "long.txt", max_chars=100))
    assert isinstance(r, Reject) and "150 characters" in r.reason and "split" in r.reason
    bad, ok = read(tmp_path / "long.jsonl", max_chars=100)
    assert bad.line == 1 and "split" in bad.reason and ok.id == "b"


def test_huge_file_is_refused_without_reading_it(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * 500)
    r = only(read(tmp_path / "big.txt", max_chars=100))
    assert "500 bytes" in r.reason and "split" in r.reason


def test_bad_date_argument_raises():
    with pytest.raises(ValueError):
        list(read_documents([], date="05/09/2023"))


@pytest.mark.parametrize("value, ok", [("2024-02-29", True), ("2023-02-29", False), ("2024-2-9", False),
                                       ("2024-07-03T10:00", False), (None, False), (20240703, False)])
def test_is_date(value, ok):
    assert is_date(value) is ok


# --- hostile inputs: each costs its own line or folder, never the rest ------------------------------

def test_deep_nesting_and_huge_numbers_are_rejected_line_by_line(tmp_path):
    path = tmp_path / "f.jsonl"
    write_jsonl(path, {"id": "ok1", "text": ARTICLE}, "[" * 100_000, '{"id": "n", "text": "Fine.", "n": ' + "7" * 5000 + "}",
                '{"id": "m", "text": "Fine.", "m": ' + "[" * 101 + "]" * 101 + "}", {"id": "ok2", "text": ARTICLE})
    first, deep, number, nested, last = read(path)
    assert (first.id, last.id) == ("ok1", "ok2")
    assert [(r.file, r.line) for r in (deep, number, nested)] == [(str(path), 2), (str(path), 3), (str(path), 4)]
    assert deep.reason == nested.reason == "arrays or objects nested more than 100 levels deep; flatten them"
    assert number.reason == "a number of more than 4,300 digits, too long to read; write it as a string"


def test_nesting_up_to_the_limit_is_read(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", '{"id": "m", "text": "Fine.", "m": ' + "[" * 99 + "]" * 99 + "}")
    assert isinstance(only(read(tmp_path / "f.jsonl")), Document)


@pytest.mark.parametrize("line, field", [
    ('{"id": "s", "text": "Peru \\ud800 met Chile."}', '"text" holds a lone surrogate (\\ud800) at character 6'),
    ('{"id": "s", "text": "Fine.", "title": "half \\uDC01"}', '"title" holds a lone surrogate (\\udc01),'),
    ('{"id": "s", "text": "Fine.", "tags": {"\\udfff": 1}}', '"tags" holds a lone surrogate (\\udfff)'),
    ('{"id": "\\ud83d", "text": "Fine."}', '"id" holds a lone surrogate'),
])
def test_a_lone_surrogate_rejects_its_line(tmp_path, line, field):
    path = tmp_path / "f.jsonl"
    write_jsonl(path, line, {"id": "ok", "text": ARTICLE})
    bad, ok = read(path)
    assert isinstance(bad, Reject) and bad.line == 1 and bad.reason.startswith(field), bad.reason
    assert ok.id == "ok"
    bad.message().encode("utf-8")  # printable and storable: the excerpt keeps the escape as written
    bad.excerpt.encode("utf-8")


def test_a_surrogate_pair_is_one_character_and_read(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", '{"id": "e", "text": "Peru \\ud83d\\ude00 met Chile."}')
    assert only(read(tmp_path / "f.jsonl")).text == "Peru \U0001F600 met Chile."


def test_a_nul_byte_rejects_its_jsonl_line_only(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "n\x00l"}\n{"id": "c", "text": "fine"}\n')
    a, bad, c = read(path)
    assert (a.id, c.id) == ("a", "c")
    assert (bad.line, bad.reason) == (2, "a NUL byte at column 23: not JSON text; remove it")


def test_a_jsonl_file_that_does_not_start_as_json_and_holds_nul_is_binary(tmp_path):
    (tmp_path / "f.jsonl").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b'{"id": "a", "text": "x"}\n')
    r = only(read(tmp_path / "f.jsonl"))
    assert isinstance(r, Reject) and "binary" in r.reason


def long_folder_chain(top, name_length: int = 250) -> str:
    """Makes folders inside one another until the last one's path is longer than the system takes
    (PATH_MAX): listing that one fails even for root. Gives the relative path of the last one."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    parts: list[str] = []
    try:
        while len(str(top)) + sum(len(p) + 1 for p in parts) <= os.pathconf(top, "PC_PATH_MAX"):
            name = chr(ord("a") + len(parts) % 26) * name_length
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            parts.append(name)
    finally:
        os.close(fd)
    return "/".join(parts)


def test_a_folder_that_cannot_be_listed_is_one_reject_and_the_rest_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "z.txt").write_text(ARTICLE, encoding="utf-8")
    deep = long_folder_chain(tmp_path / "deep")
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Document", "Reject", "Document"]
    reject = items[1]
    assert reject.file == str(tmp_path / "deep" / deep) and reject.line is None
    assert reject.reason == "cannot read this folder (File name too long); its files are left out"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its permissions")
def test_a_folder_without_read_permission_is_one_reject_and_the_rest_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        doc, reject = read(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert doc.id == "a"
    assert (reject.file, reject.reason) == (str(tmp_path / "locked"),
                                            "cannot read this folder (Permission denied); its files are left out")


def test_a_line_break_in_a_file_name_stays_in_the_name_but_not_in_the_message(tmp_path):
    path = tmp_path / "two\nlines.jsonl"
    write_jsonl(path, {"id": "a", "text": ARTICLE}, "{oops")
    doc, bad = read(path)
    assert origin(doc) == (str(path), 1)
    assert bad.file == str(path)
    assert bad.message() == f"{tmp_path}/two\\nlines.jsonl:2: " + bad.reason
    assert len(bad.message().splitlines()) == 1


def test_a_file_name_that_is_not_utf8_is_named_with_escapes(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    doc = only(read(tmp_path))
    assert (doc.id, doc.origin) == ("caf\\xe9", f"{tmp_path}/caf\\xe9.txt")
    doc.origin.encode("utf-8")  # storable and printable
