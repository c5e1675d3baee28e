"""The dashboard in-process: every page and its JSON twin, the error shape, escaping, read-only serving.

The store is made from tests/web_articles.py by the real coder; pages are asked through Starlette's
TestClient, and what they say is checked against the store's own queries.
"""
from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from starlette.testclient import TestClient

from conftest import cli_runner
from tidings.store import queries, schema, summary
from tidings.web import charts, evidence
from tidings.web.app import make_app
from web_articles import SCRIPT, SCRIPT_TITLE, build_store

ERROR_KEYS = {"ok", "status", "error", "title"}


@pytest.fixture(scope="module")
def store(coder, tmp_path_factory) -> Path:
    return build_store(coder, tmp_path_factory.mktemp("web") / "web.duckdb")


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(make_app(store))


@pytest.fixture
def con(store):
    # per test, not per module: a connection left open in this process would hold the file
    con = schema.connect(store, read_only=True)
    yield con
    con.close()


def get_json(client: TestClient, path: str, status: int = 200) -> dict:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def get_html(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def event_of(client: TestClient, event: str, dyad: str) -> dict:
    """Gives the first listed event of a type in a dyad, as the search page's JSON has it."""
    found = get_json(client, f"/search.json?dyad={dyad}&event={event}")["events"]
    assert found, f"the coder gave no {event} for {dyad}"
    return found[0]


# --- overview -------------------------------------------------------------------------------------

def test_overview_json_counts_the_store(client, con):
    data = get_json(client, "/index.json")
    assert data["ok"] is True
    assert data == get_json(client, "/.json")
    assert data["store"]["file"] == "web.duckdb"
    assert data["store"]["documents"] == 7
    assert data["store"]["events"] == con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert data["store"]["clusters"] < data["store"]["events"]  # the rail deal is reported twice
    assert data["by"] == "month"  # 2024-03 to 2025-03: monthly bars
    series = {row["period"]: row for row in data["series"]}
    assert set(series) >= {"2024-03-01", "2024-09-01", "2025-03-01"}
    for row in data["series"]:
        assert row["events"] == row["quad1"] + row["quad2"] + row["quad3"] + row["quad4"]
    top = data["top_dyads"][0]
    assert (top["source_code"], top["target_code"]) == ("CHN", "KAZ")
    # the same totals as the store's dyad query, summed over its periods
    monthly = queries.dyads(con, by="month")
    chn_kaz = monthly[(monthly.source_code == "CHN") & (monthly.target_code == "KAZ")]
    assert top["events"] == chn_kaz["events"].sum()
    assert top["cooperation"] == pytest.approx(chn_kaz["cooperation"].sum())
    assert top["conflict"] == pytest.approx(chn_kaz["conflict"].sum())
    assert [a["code"] for a in data["top_actors"]][:2] == ["CHN", "KAZ"]


def test_overview_page_links_dyads_and_periods(client):
    html = get_html(client, "/")
    assert '<svg class="chart"' in html
    assert 'href="/dyad/CHN-KAZ"' in html
    # each bar links to the search of its period's days
    assert 'href="/search?since=2024-03-01&amp;until=2024-03-31"' in html
    assert 'href="/index.json"' in html


def test_overview_by_period(client):
    data = get_json(client, "/index.json?by=year")
    assert data["by"] == "year" and [r["period"] for r in data["series"]] == ["2024-01-01", "2025-01-01"]


# --- dyad -----------------------------------------------------------------------------------------

def test_dyad_json_matches_the_store(client, con):
    data = get_json(client, "/dyad/CHN-KAZ.json")
    assert (data["dyad"], data["source"], data["target"]) == ("CHN-KAZ", "CHN", "KAZ")
    monthly = queries.dyads(con, by="month")
    cells = monthly[(monthly.source_code == "CHN") & (monthly.target_code == "KAZ")]
    expected = {row.period.date().isoformat(): (row.events, round(row.cooperation, 6), round(row.conflict, 6))
                for row in cells.itertuples()}
    got = {r["period"]: (r["events"], round(r["cooperation"], 6), round(r["conflict"], 6)) for r in data["series"]}
    assert got == expected
    assert data["totals"]["events"] == sum(v[0] for v in expected.values())
    assert data["totals"]["conflict"] > 0 and data["totals"]["cooperation"] > 0
    listed = [e["id"] for e in data["events"]]
    assert listed == list(queries.events(con, dyad="CHN-KAZ")["id"])
    assert data["total"] == len(listed) and data["page"] == 1 and data["next"] is None


def test_dyad_filters_narrow_chart_and_list(client):
    sanctions = get_json(client, "/dyad/chn-kaz.json?event=sanction&by=month")
    assert sanctions["dyad"] == "CHN-KAZ" and sanctions["filters"]["event"] == "SANCTION"
    assert {e["event"] for e in sanctions["events"]} == {"SANCTION"}
    assert [r["period"] for r in sanctions["series"]] == ["2024-09-01"]
    one_day = get_json(client, "/dyad/CHN-KAZ.json?event=SANCTION")  # one event: bars by day
    assert one_day["filters"]["by"] == "day" and [r["period"] for r in one_day["series"]] == ["2024-09-20"]
    spring = get_json(client, "/dyad/CHN-KAZ.json?since=2024-03-01&until=2024-04-30")
    assert spring["events"] and all("2024-03-01" <= e["date"] <= "2024-04-30" for e in spring["events"])
    assert spring["filters"]["by"] == "week"  # two months: weekly bars


def test_dyad_period_lists_that_periods_events(client):
    everything = get_json(client, "/dyad/CHN-KAZ.json")
    march = get_json(client, "/dyad/CHN-KAZ.json?by=month&period=2024-03-01")
    assert march["series"] == everything["series"]  # the chart stays; only the list narrows
    assert march["events"] and all(e["date"].startswith("2024-03") for e in march["events"])
    assert len(march["events"]) < len(everything["events"])
    html = get_html(client, "/dyad/CHN-KAZ?by=month&period=2024-03-01")
    assert "Events in Mar 2024" in html and 'class="selected"' in html


def test_dyad_page_has_a_linked_chart_and_its_events(client):
    html = get_html(client, "/dyad/CHN-KAZ")
    assert '<svg class="chart"' in html
    bars = re.findall(r'<a class="period" href="([^"]+)"', html)
    assert bars and all(b.startswith("/dyad/CHN-KAZ?by=month&amp;period=") for b in bars)
    assert "/dyad/KAZ-CHN" in html  # the other direction
    assert html.count('href="/event/') >= 2 * len(get_json(client, "/dyad/CHN-KAZ.json")["events"])


def test_dyad_with_no_events_is_an_empty_page(client, con):
    codes = sorted(c for (c,) in con.execute("SELECT DISTINCT source_code FROM events WHERE source_code IS NOT NULL "
                                             "UNION SELECT target_code FROM events WHERE target_code IS NOT NULL").fetchall())
    pairs = {tuple(p) for p in con.execute("SELECT DISTINCT source_code, target_code FROM events").fetchall()}
    a, b = next((a, b) for a in codes for b in codes if a != b and (a, b) not in pairs)
    data = get_json(client, f"/dyad/{a}-{b}.json")
    assert data["series"] == [] and data["events"] == [] and data["total"] == 0
    assert f"No dated events from {a} toward {b}" in get_html(client, f"/dyad/{a}-{b}")


def test_a_dyad_of_a_code_the_store_lacks_is_a_404_naming_the_nearest(client):
    answer = get_json(client, "/dyad/FRA-DEU.json", status=404)
    assert answer["error"].startswith("dyad=FRA-DEU: no actor FRA in this store")


# --- event ----------------------------------------------------------------------------------------

def test_event_json_has_record_document_highlights_and_mentions(client, con):
    meeting = event_of(client, "CONSULT", "CHN-KAZ")
    data = get_json(client, f"/event/{meeting['id']}.json")
    stored = con.execute("SELECT record FROM events WHERE id = ?", [meeting["id"]]).fetchone()[0]
    assert data["record"] == json.loads(stored)
    assert data["event"]["id"] == meeting["id"] and data["event"]["source_code"] == "CHN"
    assert data["document"] == {"doc_id": "rail-talks", "title": "Rail talks in Astana", "url": None,
                                "publisher": "Steppe Wire", "published": "2024-03-04"}
    marks = {tuple(m["roles"]): m["text"] for m in data["highlights"]}
    assert marks == {("trigger",): "met", ("source",): "Chinese Foreign Minister Wang Yi",
                     ("target",): "Kazakh President Kassym-Jomart Tokayev"}
    assert [s["sentence_index"] for s in data["sentences"]] == sorted(s["sentence_index"] for s in data["sentences"])
    assert len(data["sentences"]) == 3


def test_event_lists_the_other_reports_of_its_happening(client, con):
    deal = next(e for e in get_json(client, "/search.json?dyad=CHN-KAZ&event=SUPPORT")["events"])
    assert deal["mentions"] == 2  # the rail deal, reported by two articles
    data = get_json(client, f"/event/{deal['id']}.json")
    assert data["cluster"]["mentions"] == 2 and data["cluster"]["articles"] == 2
    [other] = data["mentions"]
    assert other["id"] != deal["id"] and other["cluster_id"] == data["event"]["cluster_id"]
    assert {other["doc_id"], data["event"]["doc_id"]} == {"rail-talks", "rail-talks-followup"}
    html = get_html(client, f"/event/{deal['id']}")
    assert "The same happening in other reports" in html and f'href="/event/{other["id"]}"' in html


def test_event_page_marks_the_evidence(client):
    meeting = event_of(client, "CONSULT", "CHN-KAZ")
    html = get_html(client, f"/event/{meeting['id']}")
    sentence = re.search(r'<blockquote class="sentence">(.*?)</blockquote>', html, re.S).group(1)
    assert '<mark class="source" title="source: CHN · China">Chinese Foreign Minister Wang Yi</mark>' in sentence
    assert '<mark class="trigger" title="trigger: met">met</mark>' in sentence
    assert '<mark class="target" title="target: KAZ · Kazakhstan">Kazakh President Kassym-Jomart Tokayev</mark>' \
        in sentence
    for name in ("sentence.text", "trigger.start", "source.code", "target.name", "goldstein", "confidence"):
        assert f'<th class="mono">{name}</th>' in html  # every field of the record
    assert "Rail talks in Astana" in html and "Steppe Wire" in html


# --- search ---------------------------------------------------------------------------------------

def test_search_filters_match_the_store(client, con):
    cases = {"actor=KAZ": dict(actor="KAZ"), "dyad=KAZ-CHN": dict(dyad="KAZ-CHN"), "event=AID": dict(event="AID"),
             "since=2024-06-01&until=2024-09-30": dict(since="2024-06-01", until="2024-09-30"),
             "q=RAIL": dict(text="RAIL"), "cameo=16": dict(cameo="16"), "actor=chn&event=accuse": dict(actor="CHN",
                                                                                                    event="ACCUSE")}
    for query, filters in cases.items():
        data = get_json(client, f"/search.json?{query}")
        expected = queries.events(con, **filters)
        assert [e["id"] for e in data["events"]] == list(expected["id"]), query
        assert data["total"] == len(expected) > 0, query
    everything = get_json(client, "/search.json")
    assert everything["total"] == con.execute("SELECT count(DISTINCT coalesce(cluster_id, id)) FROM events").fetchone()[0]


def test_search_pages(client):
    everything = [e["id"] for e in get_json(client, "/search.json")["events"]]
    first = get_json(client, "/search.json?size=4")
    assert first["pages"] == -(-len(everything) // 4) and first["previous"] is None
    assert first["next"] == "/search.json?size=4&page=2"
    seen = []
    page = first
    while True:
        seen += [e["id"] for e in page["events"]]
        if page["next"] is None:
            break
        page = get_json(client, page["next"])
    assert seen == everything
    past = get_json(client, f"/search.json?size=4&page={first['pages'] + 1}")
    assert past["events"] == [] and past["total"] == len(everything)
    html = get_html(client, "/search?size=4&page=2")
    assert 'href="/search?size=4&amp;page=3"' in html and 'href="/search?size=4&amp;page=1"' in html


def test_search_page_keeps_the_form_filled(client):
    html = get_html(client, "/search?actor=KAZ&q=steel&event=ACCUSE")
    assert 'name="actor" value="KAZ"' in html and 'name="q" value="steel"' in html
    assert '<option value="ACCUSE" selected>' in html
    assert "dumping cheap <mark class=\"q\" title=\"searched words\">steel</mark>" in html  # the searched word marked


def test_events_page_is_events_cut_into_pages(tmp_path):
    """events_page gives the rows of events() in the same order, for every offset, with ties and
    clusters whose reports span days, undated events last."""
    con = schema.connect(tmp_path / "pages.duckdb")
    con.execute("""
        INSERT INTO events (id, doc_id, doc_date, date, date_precision, sentence_index, event, cameo, quad,
                            goldstein, source_code, target_code, intent, negated, confidence, cluster_id, record)
        SELECT 'e' || lpad(i::VARCHAR, 3, '0'), 'd' || (i % 7), DATE '2024-01-01' + (i % 5)::INTEGER,
               CASE WHEN i % 11 = 0 THEN NULL ELSE DATE '2024-01-01' + (i * 3 % 9)::INTEGER END, 'day', i % 3,
               'CONSULT', '040', 1, 1.0, 'CHN', 'KAZ', false, false, 0.5,
               CASE WHEN i % 4 = 0 THEN NULL ELSE 'c' || (i % 13) END, '{}'
        FROM range(60) t(i)""")
    summary.rebuild(con)  # clusters set by hand: the clusters table computed from them
    full = queries.events(con)
    assert len(full) > 10
    for size in (1, 3, 7):
        for offset in range(0, len(full) + 2):
            page, total = queries.events_page(con, offset, size)
            assert total == len(full)
            assert [r["id"] for r in page] == list(full["id"][offset:offset + size]), (offset, size)
            assert [r["mentions"] for r in page] == list(full["mentions"][offset:offset + size])
    page, total = queries.events_page(con, 0, 5, since="2024-01-03")
    assert [r["id"] for r in page] == list(queries.events(con, since="2024-01-03", limit=5)["id"])
    con.close()


# --- untrusted text -------------------------------------------------------------------------------

def test_script_in_an_article_is_shown_as_text(client):
    """An article holding <script> (in its text, title and a javascript: URL), ingested with the real
    coder: every page shows the markup as text and runs nothing."""
    [row] = get_json(client, "/search.json?q=customs")["events"]
    assert SCRIPT in row["sentence_text"]  # the JSON twin gives the text as it is: it is data
    pages = [f"/event/{row['id']}", "/search?q=customs", "/search?q=" + SCRIPT, "/dyad/CHN-KAZ", "/"]
    for path in pages:
        html = get_html(client, path)
        assert "<script" not in html.lower(), path
        assert "javascript:" not in html.lower(), path
    event_html = get_html(client, f"/event/{row['id']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in event_html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Customs row" in event_html
    assert 'href="javascript:' not in event_html  # a URL that is not http(s) is never a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in get_html(client, "/search?q=customs")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in get_html(client, "/search?q=" + SCRIPT)
    assert get_json(client, "/search.json?q=" + SCRIPT)["total"] == 1
    assert SCRIPT_TITLE == get_json(client, f"/event/{row['id']}.json")["document"]["title"]


def test_pages_forbid_scripts(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy  # no script source at all
    assert client.get("/nope").headers["x-content-type-options"] == "nosniff"


def test_highlighting_escapes_every_piece():
    row = {"sentence_text": "<b>Rome</b> & Paris met <i>today</i>", "sentence_start": 100, "trigger_start": 121,
           "trigger_end": 124, "trigger_text": "met", "source_text": "<b>Rome</b> & Paris", "target_text": "<i>"}
    found = evidence.marks(row)
    assert [(m.roles, m.text) for m in found] == [(("source",), "<b>Rome</b> & Paris"), (("trigger",), "met"),
                                                 (("target",), "<i>")]
    html = str(evidence.highlighted(row["sentence_text"], found, {"source": 'source: "R"'}))
    assert html == ('<mark class="source" title="source: &#34;R&#34;">&lt;b&gt;Rome&lt;/b&gt; &amp; Paris</mark> '
                    '<mark class="trigger" title="trigger">met</mark> '
                    '<mark class="target" title="target">&lt;i&gt;</mark>today&lt;/i&gt;')


def test_highlighting_one_mention_of_both_sides_and_offsets_that_do_not_fit():
    row = {"sentence_text": "The two sides signed a deal and the two sides met.", "sentence_start": 0,
           "trigger_start": 999, "trigger_end": 1003, "trigger_text": "met",
           "source_text": "the two sides", "target_text": "the two sides"}
    found = evidence.marks(row)
    # the trigger found by its words; the actor nearest it, both roles on one mark
    assert [(m.start, m.roles) for m in found] == [(32, ("source", "target")), (46, ("trigger",))]
    assert evidence.marks({"sentence_text": "Rain fell.", "source_text": "", "target_text": None}) == []


# --- read-only ------------------------------------------------------------------------------------

def all_pages(client: TestClient) -> None:
    event_id = get_json(client, "/search.json")["events"][0]["id"]
    for path in ("/", "/index.json", "/dyad/CHN-KAZ", "/dyad/CHN-KAZ.json?event=ACCUSE", f"/event/{event_id}",
                 f"/event/{event_id}.json", "/search?q=rail", "/search.json?actor=CHN", "/nope",
                 # the pages of issue 15, and downloads, streamed ones included (their connection closes)
                 "/actor/CHN", "/actor/KAZ.json", "/about", "/about.json", "/?since=2024-06-01",
                 "/search?q=rail&sort=reports", "/search.csv?actor=CHN", "/actor/CHN.csv?table=events",
                 "/dyad/CHN-KAZ?format=json&table=events", "/index.csv?table=map_points"):
        assert client.get(path).status_code in (200, 404)


def holder(store: Path, mode: str) -> subprocess.Popen:
    """Gives a process holding the store (`read` as `tidings events` does, or `write` as an ingest
    does) until its stdin closes; it has the store open once it has printed `ready`."""
    code = ("import sys; from tidings.store import schema; "
            f"con = schema.connect(sys.argv[1], read_only={mode == 'read'}); print('ready', flush=True); "
            "sys.stdin.read(); con.close()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def release(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_the_app_reads_and_never_writes(store):
    app = make_app(store)
    client = TestClient(app)
    with app.state.store.connect() as con:  # the connection pages are made with
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("INSERT INTO meta VALUES ('written', 'by the dashboard')")
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("CREATE TABLE written (x INTEGER)")
    all_pages(client)
    reader = holder(store, "read")  # another process reading the store meanwhile, as `tidings events` does
    try:
        all_pages(TestClient(make_app(store)))  # a new app: nothing kept from before
    finally:
        release(reader)
    # Between pages the app holds nothing: a writer can open the store, which DuckDB refuses while
    # any other process has it open, even read-only.
    release(holder(store, "write"))


def outside(code: str, *args: Path) -> str:
    """Gives what Python `code` prints, run in a child process with `args` as sys.argv[1:].

    The store's file is read or copied there, never here: closing any descriptor of a file drops
    every POSIX lock this process holds on it, DuckDB's included, which would let a writer in under
    an app that holds the store open.
    """
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          check=True).stdout


def file_digest(path: Path) -> str:
    return outside("import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path)


def copy_store(source: Path, copy: Path) -> None:
    outside("import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])", source, copy)


def test_the_file_is_unchanged_by_serving(store):
    before = (file_digest(store), store.stat().st_mtime_ns, store.stat().st_size)
    all_pages(TestClient(make_app(store)))
    assert (file_digest(store), store.stat().st_mtime_ns, store.stat().st_size) == before


def test_pages_answer_503_while_an_ingest_writes(store):
    client = TestClient(make_app(store))  # nothing cached yet
    writer = holder(store, "write")
    try:
        for path in ("/", "/search", "/dyad/CHN-KAZ", "/event/e_1"):
            response = client.get(path)
            assert response.status_code == 503 and response.headers["retry-after"] == "5"
            assert "Store busy" in response.text and "an ingest is writing the store web.duckdb" in response.text
            body = get_json(client, path + ".json" if path != "/" else "/index.json", status=503)
            assert set(body) == ERROR_KEYS and body["status"] == 503 and body["title"] == "Store busy"
    finally:
        release(writer)
    assert client.get("/search.json").status_code == 200  # and back once the writer is gone


def ingest_one(path: Path, coder, doc_id: str) -> None:
    """Writes one document and its events and commits, as an ingest does."""
    from tidings.documents import Document

    con = schema.connect(path)
    con.execute("BEGIN TRANSACTION")
    for doc, events in coder.code_many([Document(doc_id, "Kazakhstan praised China on Sunday.", "2025-01-05")]):
        schema.write_document(con, doc, [e.to_dict() for e in events], "test")
    con.execute("COMMIT")
    con.close()


def test_overview_is_kept_until_the_store_changes(store, tmp_path, coder):
    copy = tmp_path / "copy.duckdb"
    copy_store(store, copy)
    client = TestClient(make_app(copy))
    first = get_json(client, "/index.json")
    assert get_json(client, "/index.json") == first
    ingest_one(copy, coder, "one-more")
    again = get_json(client, "/index.json")
    assert again["store"]["documents"] == first["store"]["documents"] + 1


# --- the error shape ------------------------------------------------------------------------------

BAD = {
    "/search?since=notadate": "since=notadate: not a day written YYYY-MM-DD (e.g. 2024-07-03)",
    "/search?event=PARTY": "event=PARTY: not a PLOVER event type; use one of AGREE, CONSULT",
    "/search?dyad=CHINA-KAZ": "dyad=CHINA-KAZ: write it as source and target codes joined by a hyphen",
    "/search?actor=C1N": "actor=C1N: an actor code is three letters",
    "/search?page=0": "page=0: give a whole number from 1 to 100,000",
    "/search?page=two": "page=two: give a whole number from 1 to 100,000",
    "/search?size=0": "size=0: give a whole number from 1 to 500",
    "/search?since=2024-05-01&until=2024-01-01": "since=2024-05-01: comes after until=2024-01-01",
    "/dyad/CHN-KAZ?since=2024-05-01&until=2024-01-01": "since=2024-05-01: comes after until=2024-01-01",
    "/dyad/CHN": "dyad=CHN: write it as source and target codes joined by a hyphen",
    "/dyad/CHN-KAZ?by=decade": "by=decade: use one of day, week, month, year",
    "/dyad/CHN-KAZ?by=day&since=2020-01-01&until=2024-12-31": "by=day: 1,827 days from 2020-01-01 to 2024-12-31",
    "/dyad/CHN-KAZ?period=2023-01-01&since=2024-01-01": "period=2023-01-01: lies outside since/until",
    "/?by=fortnight": "by=fortnight: use one of day, week, month, year",
}


@pytest.mark.parametrize("path", list(BAD))
def test_bad_parameters_are_400_in_the_error_shape(client, path):
    html_path, json_path = path, re.sub(r"^(/[^?]*)", lambda m: (m.group(1) if m.group(1) != "/" else "/index")
                                        + ".json", path)
    body = get_json(client, json_path, status=400)
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == 400 and body["title"] == "Bad parameter"
    assert body["error"].startswith(BAD[path]), body["error"]
    html = get_html(client, html_path, status=400)
    assert "<h1>Bad parameter</h1>" in html and "HTTP status 400" in html
    assert escape_html(body["error"]) in html and "Traceback" not in html


@pytest.mark.parametrize("path,error", [
    ("/nope", "no page at {path}; the pages are /, /actor/AAA, /dyad/AAA-BBB, /event/ID, /search and /about, each also as JSON"),
    ("/dyad/CHN-KAZ/extra", "no page at {path}; the pages are"),
    ("/static/missing.css", "no page at {path}; the pages are"),
    ("/event/e_0000000000000000", "no event e_0000000000000000 in this store; find events with /search"),
])
def test_unknown_pages_and_events_are_404_in_the_error_shape(client, path, error):
    body = get_json(client, path + ".json", status=404)
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == 404
    assert body["error"].startswith(error.format(path=path + ".json")), body["error"]
    html = get_html(client, path, status=404)
    assert f"<h1>{body['title']}</h1>" in html and "HTTP status 404" in html
    assert escape_html(error.format(path=path)) in html


def test_writing_methods_are_405_in_the_error_shape(client):
    for path in ("/actor/CHN", "/about", "/search.csv", "/index.csv"):
        assert client.post(path).status_code == 405, path
    response = client.post("/search.json")
    assert response.status_code == 405
    assert response.json() == {"ok": False, "status": 405, "title": "Method not allowed",
                               "error": "POST is not allowed here: the dashboard is read-only, use GET"}


def test_an_unexpected_failure_is_500_in_the_error_shape(store, monkeypatch):
    from tidings.web.views import search

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(search.queries, "events_page", broken)
    client = TestClient(make_app(store), raise_server_exceptions=False)
    body = get_json(client, "/search.json", status=500)
    assert body == {"ok": False, "status": 500, "title": "Internal error",
                    "error": "the page could not be made (RuntimeError); the server's log has the details"}
    html = get_html(client, "/search", status=500)
    assert "Internal error" in html and "disk on fire" not in html and "Traceback" not in html


def escape_html(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# --- charts ---------------------------------------------------------------------------------------

def test_periods_and_their_labels():
    day = datetime.date
    assert charts.periods(day(2024, 1, 31), day(2024, 4, 2), "month") == [day(2024, m, 1) for m in (1, 2, 3, 4)]
    assert charts.periods(day(2024, 7, 3), day(2024, 7, 16), "week") == [day(2024, 7, 1), day(2024, 7, 8),
                                                                         day(2024, 7, 15)]
    assert charts.period_end(day(2024, 2, 1), "month") == day(2024, 2, 29)
    assert charts.period_end(day(2024, 7, 1), "week") == day(2024, 7, 7)
    for by in charts.PERIODS:
        assert charts.period_count(day(2019, 12, 30), day(2024, 3, 1), by) == \
            len(charts.periods(day(2019, 12, 30), day(2024, 3, 1), by))
    assert [charts.auto_period(day(2024, 1, 1), day(2024, 1, 1) + datetime.timedelta(days=n))
            for n in (0, 100, 1000, 5000)] == ["day", "week", "month", "year"]
    assert charts.period_label(day(2024, 7, 1), "week") == "week of 1 Jul 2024"


def test_goldstein_chart_draws_cooperation_up_conflict_down_and_links_periods():
    rows = [{"period": "2024-03-01", "events": 2, "cooperation": 8.0, "conflict": 0.0},
            {"period": "2024-05-01", "events": 1, "cooperation": 0.0, "conflict": 4.0}]
    svg = str(charts.goldstein_chart(rows, "month", datetime.date(2024, 3, 4), datetime.date(2024, 5, 9),
                                     lambda d: f"/x?a=1&period={d}", selected=datetime.date(2024, 5, 1)))
    links = re.findall(r'<a class="period" href="([^"]+)">', svg)
    assert links == ["/x?a=1&amp;period=2024-03-01", "/x?a=1&amp;period=2024-05-01"]  # April had none
    assert "Mar 2024: 2 events; cooperation +8.0, conflict 0.0, net +8.0" in svg
    zero = float(re.search(r'class="grid zero"[^>]*y1="([\d.]+)"', svg).group(1))
    bars = svg[svg.index('<a class="period"'):]  # past the legend's swatches
    coop = re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="#2a9d8f"', bars)
    conflict = re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="#d1495b"', bars)
    assert float(coop.group(1)) + float(coop.group(2)) == pytest.approx(zero, abs=0.02)  # ends on the zero line
    assert float(conflict.group(1)) == pytest.approx(zero, abs=0.02)  # starts there, going down
    assert float(coop.group(2)) == pytest.approx(2 * float(conflict.group(2)), rel=0.01)  # 8 is twice 4
    assert "May 2024: 1 event; cooperation 0.0, conflict −4.0, net −4.0" in svg
    assert svg.count('class="selected"') == 1 and "Jan" not in svg


# --- the command ----------------------------------------------------------------------------------

def test_serve_a_missing_store_is_one_line(tmp_path):
    from tidings.cli import main

    result = cli_runner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"tidings: {tmp_path / 'none.duckdb'}: no store here yet; run `tidings ingest PATH... --db "
        f"{tmp_path / 'none.duckdb'}` first"]


def test_serve_says_where_it_listens_and_serves(store):
    tidings = Path(sys.executable).parent / "tidings"
    proc = subprocess.Popen([str(tidings), "serve", "--db", str(store), "--port", "0"], stderr=subprocess.PIPE,
                            text=True)
    try:
        line = proc.stderr.readline().strip()
        match = re.fullmatch(r"tidings: serving (.+) at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)", line)
        assert match and match.group(1) == str(store), line
        import httpx

        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{match.group(2)}/index.json", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["store"]["documents"] == 7
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_pages_are_kept_per_parameters_until_the_store_changes(store, tmp_path, coder, monkeypatch):
    """Search, dyad and event pages read the store once per page and parameters; a commit makes them read again."""
    from tidings.store import queries

    copy = tmp_path / "copy.duckdb"
    copy_store(store, copy)
    client = TestClient(make_app(copy))
    asked = []
    real = queries.events_page
    monkeypatch.setattr(queries, "events_page", lambda *a, **k: asked.append(k) or real(*a, **k))
    dyad = "-".join(get_json(client, "/index.json")["top_dyads"][0][k] for k in ("source_code", "target_code"))
    first = get_json(client, "/search.json")
    event_id = first["events"][0]["id"]
    pages = ["/search.json", "/search", "/search.json?q=+", "/search.json?since=2000-01-01", f"/dyad/{dyad}.json",
             f"/event/{event_id}.json"]
    before = [client.get(path).text for path in pages]
    reads = len(asked)
    assert [client.get(path).text for path in pages] == before and len(asked) == reads   # kept
    assert get_json(client, "/search.json?since=%202000-01-01&q=") == get_json(client, "/search.json?since=2000-01-01")
    assert len(asked) == reads   # the same parameters, written otherwise
    assert get_json(client, "/search.json?size=1")["page_size"] == 1 and len(asked) == reads + 1  # others
    ingest_one(copy, coder, "kept-one-more")
    assert get_json(client, "/search.json")["total"] == first["total"] + 1
    assert len(asked) == reads + 2


def test_a_statement_with_no_plover_type_has_its_pages(coder, tmp_path):
    from conftest import store_of
    from tidings.documents import Document

    path = tmp_path / "statement.duckdb"
    store_of(coder, path, [Document(id="claim", date="2024-05-02",
                                    text="The Islamic State claimed responsibility for the bombing in Kabul.")])
    with TestClient(make_app(path)) as statements:
        found = get_json(statements, "/search.json")["events"]
        assert [(e["cameo"], e["event"]) for e in found] == [("015", None)]
        page = get_html(statements, f"/event/{found[0]['id']}")
        assert ">statement</a>" in page and "None" not in re.sub(r"<[^>]+>", " ", page).split()
        assert ">statement</a>" in get_html(statements, "/search?q=claimed")
        assert "statement" in get_html(statements, "/actor/IMG")
