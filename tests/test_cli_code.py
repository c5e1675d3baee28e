"""`tidings code` and `tidings eval`: records out, one line per bad input, exit codes, never a traceback."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import __version__
from tidings.cli import main
from tidings.documents import Document
from tidings.evaluation import format_report, load_gold, score
from tidings.record import Actor, Event, SentenceSpan, Span

REPO = Path(__file__).resolve().parents[1]
GOOD = "Officials in Peru said on Tuesday that Peru agreed to reopen its embassy in Chile."
GOOD_TOO = "Russia accused Ukraine of shelling a border town on Sunday."


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into output unless told
    except TypeError:
        return CliRunner()


# --- a stand-in coder, for the plumbing -----------------------------------------------------------

class FakeCoder:
    """Codes one AGREE event per document that says "agreed"; fails on a document that says "KABOOM"."""

    batch_size = 2

    def code(self, doc: Document) -> list[Event]:
        if "KABOOM" in doc.text:
            raise RuntimeError("the parser fell over\nsecond line of the message")
        at = doc.text.find("agreed")
        if at < 0:
            return []
        return [Event(id=f"e_{doc.id}", doc_id=doc.id, doc_date=doc.date, date=doc.date, date_precision="day",
                      sentence=SentenceSpan(0, len(doc.text), doc.text, 0), trigger=Span(at, at + 6, "agreed"),
                      event="AGREE", mode=None, cameo="057", quad=1, goldstein=8.0,
                      source=Actor("Peru", "Peru", "PER", "GOV"), target=Actor("Chile", "Chile", "CHL", None))]

    def code_many(self, docs):
        # Batches like the real coder: a failure loses the whole batch in flight.
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == self.batch_size:
                yield from [(d, self.code(d)) for d in batch]
                batch = []
        yield from [(d, self.code(d)) for d in batch]


@pytest.fixture
def fake_coder(monkeypatch):
    from tidings.cli import code as code_module
    from tidings.cli import eval as eval_module

    fake = FakeCoder()
    load = code_module.load_coder
    def load_fake(config):
        return fake if not config.actors and config.patterns is None else load(config)

    monkeypatch.setattr(code_module, "load_coder", load_fake)
    monkeypatch.setattr(eval_module, "load_coder", load_fake)
    return fake


def make_bad_inputs(tmp: Path) -> dict[str, str]:
    """Writes one file of each bad kind (and a JSONL with bad lines); gives where each message must point."""
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(b"GIF89a\x00\x01\x00\x00")
    (tmp / "latin1.txt").write_bytes(b"First line is fine.\nThe caf\xe9 line is not.\n")
    (tmp / "huge.txt").write_bytes(b"word " * 1_000_000)  # 5 MB
    (tmp / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "date": "2023-06-01", "text": GOOD}) + "\n"
        + "{this is not json\n"
        + json.dumps({"id": "j3", "words": "no text field"}) + "\n"
        + json.dumps({"id": "j4", "text": GOOD, "date": "June 1"}) + "\n",
        encoding="utf-8")
    return {
        "empty": f"{tmp / 'empty.txt'}: empty file",
        "binary": f"{tmp / 'binary.txt'}:1: binary file",
        "utf8": f"{tmp / 'latin1.txt'}:2: invalid UTF-8",
        "huge": f"{tmp / 'huge.txt'}: document too long (5,000,000 bytes",
        "json": f"{tmp / 'feed.jsonl'}:2: not JSON",
        "text": f"{tmp / 'feed.jsonl'}:3: no \"text\" field",
        "date": f"{tmp / 'feed.jsonl'}:4: \"date\" \"June 1\" is not YYYY-MM-DD",
    }


def good_article(tmp: Path) -> Path:
    path = tmp / "good.txt"
    path.write_text(" date 2023-06-02 " + GOOD, encoding="utf-8")
    return path


def bad_paths(tmp: Path) -> list[str]:
    return [str(tmp / n) for n in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "feed.jsonl")]


def problems(stderr: str) -> list[str]:
    """Gives stderr's lines less the summary line and the warnings of undated documents."""
    return [line for line in stderr.splitlines()
            if not line.startswith("tidings: coded ") and ": warning: no date" not in line]


def assert_one_line_each(stderr: str, expected: dict[str, str]) -> None:
    lines = problems(stderr)
    for what, start in expected.items():
        hits = [line for line in lines if line.startswith("tidings: " + start)]
        assert len(hits) == 1, (what, start, lines)
    assert "Traceback" not in stderr


# --- plumbing, with the stand-in coder ------------------------------------------------------------

def test_version():
    result = runner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"tidings {__version__}"


def test_help_names_the_commands():
    result = runner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "code" in result.output and "eval" in result.output


def test_code_each_bad_input_is_one_line_and_the_rest_is_coded(tmp_path, fake_coder):
    expected = make_bad_inputs(tmp_path)
    result = runner().invoke(main, ["code", *bad_paths(tmp_path), str(good_article(tmp_path))])
    assert result.exit_code == 0, result.stderr
    assert_one_line_each(result.stderr, expected)
    assert len(problems(result.stderr)) == len(expected)
    assert result.stderr.splitlines()[-1].startswith(f"tidings: coded 2 documents, ")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["j1", "good"]
    assert records[1]["doc_date"] == "2023-06-02"
    assert records[1]["trigger"]["start"] == GOOD.index("agreed")  # offsets from the body, after the date


def test_code_exit_1_when_nothing_could_be_read(tmp_path, fake_coder):
    make_bad_inputs(tmp_path)
    result = runner().invoke(main, ["code", *bad_paths(tmp_path)[:4], str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert f"tidings: {tmp_path / 'missing.txt'}: no such file or folder" in result.stderr.splitlines()
    assert result.stdout == ""


def test_code_exit_0_when_a_document_has_no_events(tmp_path, fake_coder):
    (tmp_path / "quiet.txt").write_text("Nothing happened today.", encoding="utf-8")
    result = runner().invoke(main, ["code", str(tmp_path / "quiet.txt")])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[0] == (f"tidings: {tmp_path / 'quiet.txt'}: warning: no date; its events are "
                                             "undated (give it a date field, a `date` line, or --date)")
    assert result.stderr.splitlines()[1].startswith("tidings: coded 1 documents, 0 events, 0 rejects, 1 undated in ")


@pytest.mark.parametrize("value", ["2023-6-2", "02/06/2023", "2023-02-30", "yesterday"])
def test_code_bad_date_option_is_one_line_exit_2(tmp_path, fake_coder, value):
    result = runner().invoke(main, ["code", str(good_article(tmp_path)), "--date", value])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"tidings: --date {value}: not a day written YYYY-MM-DD (e.g. 2024-07-03)"]


def test_code_missing_actors_file_is_one_line_exit_2(tmp_path, fake_coder):
    result = runner().invoke(main, ["code", str(good_article(tmp_path)), "--actors", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"tidings: --actors {tmp_path / 'nope.yaml'}: no such file"]


def test_code_coder_crash_on_one_document_is_a_reject_and_the_batch_goes_on(tmp_path, fake_coder):
    rows = [{"id": f"d{i}", "text": "KABOOM" if i == 2 else f"Document {i}: Peru agreed."} for i in range(1, 6)]
    (tmp_path / "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner().invoke(main, ["code", str(tmp_path / "batch.jsonl")])
    assert result.exit_code == 0
    assert problems(result.stderr) == [
        f"tidings: {tmp_path / 'batch.jsonl'}:2: internal error: RuntimeError: the parser fell over"]
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["d1", "d3", "d4", "d5"]


def test_code_exit_1_when_every_document_crashes(tmp_path, fake_coder):
    (tmp_path / "a.txt").write_text("KABOOM", encoding="utf-8")
    result = runner().invoke(main, ["code", str(tmp_path / "a.txt")])
    assert result.exit_code == 1 and "internal error" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "table"])
def test_code_formats_and_output_file(tmp_path, fake_coder, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner().invoke(main, ["code", str(good_article(tmp_path)), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert json.loads(text)["source"]["code"] == "PER"
    elif fmt == "csv":
        assert next(csv.DictReader(io.StringIO(text)))["target_code"] == "CHL"
    elif fmt == "tsv":
        assert "\tAGREE\t" in text
    else:
        assert text.splitlines()[0].startswith("date") and "PER Peru" in text


def test_code_unwritable_output_is_one_line(tmp_path, fake_coder):
    result = runner().invoke(main, ["code", str(good_article(tmp_path)), "-o", str(tmp_path / "no" / "dir" / "x")])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and "cannot write" in result.stderr


def test_code_reads_stdin(fake_coder):
    lines = json.dumps({"id": "s1", "text": GOOD}) + "\n" + json.dumps({"id": "s2", "text": "Quiet."}) + "\n"
    result = runner().invoke(main, ["code", "-"], input=lines)
    assert result.exit_code == 0
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["s1"]


def test_eval_prints_the_scorer_report(tmp_path, fake_coder):
    gold = tmp_path / "gold.jsonl"
    rows = [{"id": "g1", "date": "2023-01-01", "text": GOOD, "complete": True,
             "events": [{"source": {"code": "PER"}, "target": {"code": "CHL"}, "event": "AGREE", "cameo": None}]},
            {"id": "g2", "date": "2023-01-01", "text": GOOD_TOO, "complete": True,
             "events": [{"source": {"code": "RUS"}, "target": {"code": "UKR"}, "event": "ACCUSE", "cameo": None}]}]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    kept = tmp_path / "predicted.jsonl"
    result = runner().invoke(main, ["eval", str(gold), "--predictions", str(kept)])
    assert result.exit_code == 0, result.stderr
    predicted = [json.loads(line) for line in kept.read_text(encoding="utf-8").splitlines()]
    assert [p["doc_id"] for p in predicted] == ["g1"]
    assert result.stdout == format_report(score(load_gold(str(gold)), predicted)) + "\n"
    assert result.stdout.splitlines()[1] == "event  recall 0.500  precision 1.000  f1 0.667  (1/2 found)"
    as_json = runner().invoke(main, ["eval", str(gold), "--json", "--doc-level"])
    assert json.loads(as_json.stdout) == score(load_gold(str(gold)), predicted, doc_level=True)


def test_eval_bad_gold_file_is_one_line_exit_2(tmp_path, fake_coder):
    (tmp_path / "gold.jsonl").write_text('{"id": "a"}\n', encoding="utf-8")
    result = runner().invoke(main, ["eval", str(tmp_path / "gold.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f'tidings: {tmp_path / "gold.jsonl"}:1: a gold row needs "id" and "text"']


# --- the real coder, in process -------------------------------------------------------------------

def test_real_coder_batch_with_bad_inputs(tmp_path, cli_coder):
    expected = make_bad_inputs(tmp_path)
    (tmp_path / "second.txt").write_text(GOOD_TOO, encoding="utf-8")
    paths = [*bad_paths(tmp_path), str(good_article(tmp_path)), str(tmp_path / "second.txt")]
    result = runner().invoke(main, ["code", *paths])
    assert result.exit_code == 0, result.stderr
    assert_one_line_each(result.stderr, expected)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, "the readable documents gave no events"
    assert {r["doc_id"] for r in records} <= {"j1", "good", "second"}
    for r in records:
        text = GOOD if r["doc_id"] in ("j1", "good") else GOOD_TOO
        s = r["sentence"]
        assert text[s["start"]:s["end"]] == s["text"]  # offsets into the document text


def test_real_coder_table(tmp_path, cli_coder):
    result = runner().invoke(main, ["code", str(good_article(tmp_path)), "--format", "table"])
    assert result.exit_code == 0
    assert all(len(line) <= 120 for line in result.stdout.splitlines())


# --- the real command, as a process: exit codes and stderr ----------------------------------------

def run_tidings(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from tidings.cli import main; main(prog_name='tidings')", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=timeout)


def test_process_bad_date_exit_2():
    done = run_tidings("code", "whatever.txt", "--date", "2023-13-01")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["tidings: --date 2023-13-01: not a day written YYYY-MM-DD (e.g. 2024-07-03)"]


def test_process_missing_actors_file_exit_2(tmp_path):
    done = run_tidings("code", "whatever.txt", "--actors", str(tmp_path / "none.yaml"))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_process_bad_actors_file_exit_2(tmp_path, coder):
    bad = tmp_path / "actors.yaml"
    bad.write_text("countries: [unclosed\n  - : :\n\t{", encoding="utf-8")
    done = run_tidings("code", str(good_article(tmp_path)), "--actors", str(bad))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_process_mixed_batch_exit_0(tmp_path, coder):
    expected = make_bad_inputs(tmp_path)
    done = run_tidings("code", *bad_paths(tmp_path), str(good_article(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert_one_line_each(done.stderr, expected)
    assert all(json.loads(line)["doc_id"] in {"j1", "good"} for line in done.stdout.splitlines())


def test_process_only_bad_inputs_exit_1(tmp_path, coder):
    make_bad_inputs(tmp_path)
    only_bad = run_tidings("code", *bad_paths(tmp_path)[:4])
    assert only_bad.returncode == 1
    assert "Traceback" not in only_bad.stderr and only_bad.stdout == ""
    assert all(re.match(r"tidings: \S+: ", line) for line in problems(only_bad.stderr))
