"""Fuzzing the readers and the coder: random and mutated bytes, files, folders and documents.

Whatever comes in, no exception escapes; every input is accounted for, as a document or as a reject
with a one-line reason naming its file (nothing vanishes); what is read can be stored and printed.
Bounded: a fixed number of examples each, and a deadline per example, which also catches a reader
that slows down on some input (the file runs in well under a minute).
"""
from __future__ import annotations

import dataclasses
import datetime
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.days import is_day
from tidings.documents import MAX_CHARS, Document, Reject, display_name, origin, read_documents
from tidings.pipeline import code_all, ingest
from tidings.store import schema

pytestmark = pytest.mark.fuzz

READERS = settings(max_examples=250, deadline=datetime.timedelta(seconds=3), database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CODER = settings(max_examples=50, deadline=datetime.timedelta(seconds=20), database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Our own sentences, to mutate from: the shapes the coder looks for (doers, verbs, targets, dates).
SENTENCES = [
    "Peru's foreign minister met Chile's foreign minister in Lima on Tuesday.",
    "Kenya protested to Uganda over the closed border crossing last week.",
    "The Norwegian government said it would send aid to Egypt next month.",
    "Vietnam accused China of blocking fishing boats near the islands, officials said.",
    "Two days ago, police in Nairobi arrested dozens of protesters.",
]
SEED_LINES = [
    json.dumps({"id": "p1", "date": "2024-07-03", "text": SENTENCES[0]}),
    json.dumps({"id": 7, "text": " ".join(SENTENCES[1:3]), "url": "https://example.org/a", "tags": ["x", {"y": 1}]}),
    json.dumps({"text": SENTENCES[3], "date": None, "title": "Boats", "source": "Harbour Wire"}, ensure_ascii=False),
    json.dumps({"id": "é", "text": "Åse said: \u201c" + SENTENCES[4] + "\u201d 😀"}, ensure_ascii=False),
]
# Pieces a hostile or broken file is made of.
TOKENS = [b"\x00", b"\\ud800", b"\\uDFFF", b"\\ud83d\\ude00", b"[" * 3000, b"{" * 200, b"]", b"}", b"9" * 5000,
          b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xed\xa0\x80", b'"', b"\\", b",", b":",
          b"date 2024-13-01\n", b"date 2024-07-03 ", b'"text": ', b'"date": "2024-02-30"', b"\t", b"\x1b[2J",
          b"\xe2\x80\xa8", b"NaN", b"-Infinity", b"1e999"]

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
dates = st.sampled_from(["2024-07-03", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "", "2024-7-3"]) \
    | st.none() | json_values
json_rows = st.fixed_dictionaries({}, optional={
    "id": st.text(max_size=8) | json_values, "text": st.text(max_size=80) | st.sampled_from(SENTENCES) | json_values,
    "date": dates, "url": json_values, "title": st.text(max_size=10), "lang": json_values,
}) | json_values


@st.composite
def mutated(draw, base: st.SearchStrategy[bytes]) -> bytes:
    """Gives `base` bytes with a few random edits: tokens put in, bytes flipped, pieces cut or repeated."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["token", "bytes", "flip", "cut", "repeat", "truncate"]))
        if edit == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif edit == "bytes":
            data[at:at] = draw(st.binary(max_size=8))
        elif edit == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif edit == "cut":
            del data[at:at + draw(st.integers(1, 20))]
        elif edit == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 30))] * draw(st.integers(1, 3))
        elif edit == "truncate":
            del data[at:]
    return bytes(data)


seed_line = st.sampled_from(SEED_LINES).map(str.encode) | json_rows.map(
    lambda row: json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass"))
jsonl_files = st.lists(mutated(seed_line) | st.binary(max_size=40), max_size=6).map(lambda lines: b"\n".join(lines)) \
    | mutated(st.binary(max_size=200))
articles = mutated(st.sampled_from(SENTENCES).map(str.encode)
                   | st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(lambda s: "\n\n".join(s).encode())
                   | st.just(b"date 2024-07-03\n" + SENTENCES[0].encode())) | st.binary(max_size=200)


def check(items: list[Document | Reject]) -> None:
    """Fails unless each item is a document that can be stored and printed, or a reject with a one-line reason."""
    for item in items:
        if isinstance(item, Reject):
            assert item.reason and not item.reason.startswith("internal error"), item
            message = item.message()
            assert len(message.splitlines()) == 1 and message.isprintable(), message
            for text in (message, item.file, item.excerpt):
                text.encode("utf-8")
            continue
        assert isinstance(item, Document), item
        assert isinstance(item.text, str) and item.text.strip() and len(item.text) <= MAX_CHARS
        assert item.date is None or is_day(item.date)
        json.dumps(dataclasses.asdict(item), ensure_ascii=False).encode("utf-8")  # storable, printable: no lone surrogate


def read(path: Path) -> list[Document | Reject]:
    items = list(read_documents([str(path)]))
    check(items)
    return items


def blank(line: bytes) -> bool:
    return not line.strip()


@READERS
@given(data=jsonl_files)
def test_jsonl_gives_one_item_a_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "feed.jsonl")
        path.write_bytes(data)
        items = read(path)
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    filled = sum(1 for line in lines if not blank(line))
    if filled == 0 or (len(items) == 1 and isinstance(items[0], Reject) and "binary" in items[0].reason):
        assert len(items) == 1  # the whole file, told once
    else:
        assert len(items) == filled  # nothing vanishes: a document or a reject for every line


@READERS
@given(data=articles, suffix=st.sampled_from([".txt", ".TXT", ".md"]))
def test_an_article_file_gives_one_item(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "article" + suffix)
        path.write_bytes(data)
        assert len(read(path)) == 1


@READERS
@given(data=jsonl_files | articles)
def test_stdin_gives_what_a_file_would(data):
    items = list(read_documents(["-"], stdin=io.BytesIO(data)))
    check(items)
    assert items


names = st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b".."))
trees = st.lists(st.tuples(st.lists(names, max_size=2), names, st.sampled_from([b".txt", b".jsonl", b".JSONL", b".md", b""]),
                           jsonl_files | articles), max_size=5)


@READERS
@given(tree=trees, loop=st.booleans())
def test_a_folder_gives_every_file_it_holds(tree, loop):
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp, "in")
        top.mkdir()
        expected = set()
        for folders, name, suffix, data in tree:
            where = Path(os.fsdecode(os.path.join(os.fsencode(top), *folders)))
            path = Path(os.fsdecode(os.path.join(os.fsencode(where), name + suffix)))
            try:
                where.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            except OSError:  # NotADirectoryError, IsADirectoryError: the tree drew one name for a file and a folder
                continue
            hidden = any(part.startswith(".") for part in path.relative_to(top).parts)
            if path.suffix.lower() in (".txt", ".jsonl") and not hidden:
                expected.add(display_name(path))
        if loop:
            (top / "loop").symlink_to(top)  # never followed: the reading ends
        items = read(top)
    seen = {item.file if isinstance(item, Reject) else origin(item)[0] for item in items}
    assert seen == (expected or {display_name(top)})


# --- the coder: random and mutated texts, and whatever the readers let through ------------------------

words = st.sampled_from(" ".join(SENTENCES).split() + ["\n\n", "\n", ",", ".", "—", "met", "said", "not", "the"])
texts = st.lists(words, min_size=1, max_size=40).map(" ".join) \
    | st.text(min_size=1, max_size=200) \
    | mutated(st.sampled_from(SENTENCES).map(str.encode)).map(lambda b: b.decode("utf-8", "replace"))
news_dates = st.none() | st.sampled_from(["0001-01-01", "9999-12-31"]) | st.dates().map(datetime.date.isoformat)
documents = st.builds(Document, id=st.text(min_size=1, max_size=8), text=texts.filter(str.strip), date=news_dates)


@CODER
@given(docs=st.lists(documents, min_size=1, max_size=4))
def test_the_coder_codes_any_text(coder, docs):
    coded = list(coder.code_many(docs))
    assert [doc for doc, _ in coded] == docs
    for doc, events in coded:
        for event in events:
            record = event.to_dict()
            json.dumps(record, ensure_ascii=False).encode("utf-8")
            assert record["doc_id"] == doc.id
            assert 0 <= record["trigger"]["start"] < record["trigger"]["end"] <= len(doc.text)


@CODER
@given(data=jsonl_files)
def test_what_the_reader_lets_through_is_coded_and_stored(coder, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "feed.jsonl")
        path.write_bytes(data)
        items = list(read_documents([str(path)]))
        documents_read = sum(1 for item in items if isinstance(item, Document))
        heard: list[Reject] = []
        for _ in code_all(coder, items, heard.append):
            pass
        assert all(r.reason for r in heard)
        con = schema.connect(":memory:")
        try:
            summary = ingest(con, items, coder, batch_size=2, on_reject=heard.append)
            # every input accounted for: stored, unchanged (an id and text repeated) or a reject with its reason
            assert summary.documents + summary.unchanged + summary.rejects == len(items)
            stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            assert stored == summary.documents <= documents_read
        finally:
            con.close()
