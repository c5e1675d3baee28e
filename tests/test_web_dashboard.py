"""The analyst's dashboard of issue 15, in-process: actor pages, the map, downloads, /about, the
overview's days and dyads, search's marks and orders; every page's JSON twin against the store.

The store is tests/web_articles.py's, made by the real coder; pages are asked through Starlette's
TestClient.
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from starlette.testclient import TestClient

from tidings.store import actor_pages, event_lists, queries, schema
from tidings.web import downloads, maps, world
from tidings.web.app import make_app
from web_articles import SCRIPT, build_store


@pytest.fixture(scope="module")
def store(coder, tmp_path_factory):
    return build_store(coder, tmp_path_factory.mktemp("dash") / "dash.duckdb")


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(make_app(store))


@pytest.fixture
def con(store):
    con = schema.connect(store, read_only=True)
    yield con
    con.close()


def get(client: TestClient, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, response.text
    return response


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- the actor page -------------------------------------------------------------------------------

def test_actor_json_counts_its_roles_partners_and_types(client, con):
    data = get(client, "/actor/CHN.json").json()
    assert data["ok"] is True and data["actor"] == "CHN"
    series = data["series"]
    assert {r["role"] for r in series} == {"source", "target"}
    assert data["totals"]["source"] == sum(r["events"] for r in series if r["role"] == "source") == 7
    assert data["totals"]["target"] == 3   # KAZ toward CHN: an appeal, a rail deal, an accusation
    [partner] = data["partners"]
    assert partner["partner"] == "KAZ" and partner["sent"] == 7 and partner["received"] == 3
    assert -1 <= partner["net_cooperation"] <= 1
    types = {t["event"]: t for t in data["event_types"]}
    assert types["SANCTION"]["as_source"] == 1 and types["REQUEST"]["as_target"] == 1
    assert data["total"] == len(data["events"]) == queries.events_page(con, 0, 50, actor="CHN")[1]
    assert data["pledges"] and all("CHN" in (p["source_code"], p["target_code"]) for p in data["pledges"])
    assert [p["place"] for p in data["map"]["points"]] == ["Astana"]


def test_actor_page_draws_both_roles_and_links_partners(client):
    html = get(client, "/actor/CHN").text
    assert html.count('<svg class="chart"') == 2           # as source, as target
    assert 'href="/actor/KAZ"' in html and 'href="/dyad/CHN-KAZ"' in html and 'href="/dyad/KAZ-CHN"' in html
    assert '<svg class="map"' in html and html.count('class="point"') == 1


def test_actor_days_narrow_everything(client):
    data = get(client, "/actor/CHN.json?since=2024-06-01&until=2024-12-31").json()
    assert all(r["period"] >= "2024-06-01" for r in data["series"])
    assert data["totals"]["source"] == 3 and data["map"]["points"] == []


def test_actor_names_link_to_actor_pages_everywhere(client):
    for path in ("/", "/dyad/CHN-KAZ", "/search?actor=KAZ"):
        assert 'href="/actor/KAZ"' in get(client, path).text, path


def test_unknown_and_malformed_actors(client):
    body = get(client, "/actor/FRA.json", 404).json()
    assert body["ok"] is False and "no actor FRA" in body["error"]
    body = get(client, "/actor/CH1.json", 400).json()
    assert body["error"].startswith("actor=CH1: an actor code is three letters")


# --- the map ------------------------------------------------------------------------------------

def test_the_projection_puts_capitals_inside_their_countries():
    """Astana, Hanoi, Canberra and Brasília fall inside the bounding box of their country's outline."""
    def box(code):
        # each ring is a start, then relative steps: walk them
        xs, ys = [], []
        for part in re.findall(r"M(-?\d+) (-?\d+)l([^z]*)z", world.outlines()[code]):
            x, y = float(part[0]), float(part[1])
            xs.append(x), ys.append(y)
            steps = [float(n) for n in part[2].split()]
            for dx, dy in zip(steps[::2], steps[1::2]):
                x, y = x + dx, y + dy
                xs.append(x), ys.append(y)
        return min(xs), min(ys), max(xs), max(ys)

    for code, lat, lon in (("KAZ", 51.18, 71.45), ("VNM", 21.03, 105.85), ("AUS", -35.28, 149.13),
                           ("BRA", -15.79, -47.88)):
        x, y = world.project(lat, lon)
        x0, y0, x1, y1 = box(code)
        assert x0 <= x <= x1 and y0 <= y <= y1, code


def test_map_points_grow_with_events_and_take_their_quads_colour():
    rows = [{"lat": 51.2, "lon": 71.4, "place": "<b>Astana</b>", "events": 9, "quad1": 1, "quad4": 8},
            {"lat": 21.0, "lon": 105.8, "place": "Hanoi", "events": 1, "quad2": 1}]
    svg = str(maps.world_map(rows, [{"country": "KAZ", "events": 9}, {"country": "VNM", "events": 1}]))
    circles = re.findall(r'<circle class="point" cx="[^"]+" cy="[^"]+" r="([^"]+)" fill="([^"]+)"', svg)
    assert float(circles[0][0]) > float(circles[1][0])
    assert circles[0][1] == maps.QUAD_COLORS[4] and circles[1][1] == maps.QUAD_COLORS[2]
    assert "&lt;b&gt;Astana&lt;/b&gt;" in svg and "<b>" not in svg
    assert f'fill="{maps.SHADES[-1]}" data-code="KAZ"' in svg   # the country with most events, darkest
    assert 'href="/about#quads"' in svg
    assert "style=" not in svg   # presentation attributes only: the pages' CSP forbids inline styles


def test_the_overview_map_shows_the_located_events(client, con):
    html = get(client, "/").text
    located = con.execute("SELECT count(DISTINCT (round(location_lat, 1), round(location_lon, 1))) FROM dated_events "
                          "WHERE location_lat IS NOT NULL AND day IS NOT NULL").fetchone()[0]
    assert html.count('class="point"') == located == 2


# --- downloads --------------------------------------------------------------------------------------

def test_a_search_csv_holds_every_matching_row_of_the_list(client):
    listed = get(client, "/search.json?actor=CHN&size=500").json()["events"]
    response = get(client, "/search.csv?actor=CHN")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="search-events.csv"'
    rows = csv_rows(response.text)
    assert [r["id"] for r in rows] == [e["id"] for e in listed]
    assert [int(r["mentions"]) for r in rows] == [e["mentions"] for e in listed]
    assert get(client, "/search?format=csv&actor=CHN").text == response.text


def test_sorted_lists_download_in_their_order(client):
    for sort in ("reports", "goldstein", "-goldstein"):
        listed = get(client, f"/search.json?sort={sort}").json()["events"]
        rows = get(client, f"/search?format=json&sort={sort}").json()["rows"]
        assert [r["id"] for r in rows] == [e["id"] for e in listed], sort
    reports = [e["mentions"] for e in get(client, "/search.json?sort=reports").json()["events"]]
    assert reports == sorted(reports, reverse=True)


def test_a_chart_downloads_as_the_rows_it_draws(client):
    data = get(client, "/dyad/CHN-KAZ.json?event=ACCUSE").json()
    rows = csv_rows(get(client, "/dyad/CHN-KAZ.csv?event=ACCUSE&table=series").text)
    assert [r["period"] for r in rows] == [s["period"] for s in data["series"]]
    assert [int(r["events"]) for r in rows] == [s["events"] for s in data["series"]]
    partners = get(client, "/actor/KAZ?format=json&table=partners").json()
    assert partners["table"] == "partners" and partners["rows"] == get(client, "/actor/KAZ.json").json()["partners"]


def test_download_links_carry_the_filters(client):
    html = get(client, "/?since=2024-06-01").text
    assert "/?since=2024-06-01&amp;format=csv&amp;table=international_dyads" in html
    data = get(client, "/index.json?since=2024-06-01").json()
    rows = csv_rows(get(client, "/index.csv?since=2024-06-01&table=international_dyads").text)
    assert [(r["source_code"], r["target_code"]) for r in rows] == [
        (d["source_code"], d["target_code"]) for d in data["international_dyads"]]


def test_bad_downloads_are_400_in_the_error_shape(client):
    body = get(client, "/search.json?format=xml", 400).json()
    assert body["error"] == "format=xml: use one of csv, json"
    body = get(client, "/search.json?format=csv&table=nope", 400).json()   # the twin's path: JSON errors
    assert body["error"] == "table=nope: this page's tables are events"
    html = get(client, "/actor/CHN.csv?table=nope", 400).text   # a download's error: an HTML page, its twin linked
    assert 'href="/actor/CHN.json?table=nope">This page as JSON' in html


def test_csv_quotes_a_bare_carriage_return():
    text = "".join(downloads._encoded("csv", "t", ["a", "b"], iter([[{"a": "one\rtwo", "b": 'say "x"'}]])))
    assert text == 'a,b\n"one\rtwo","say ""x"""\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "b"], ["one\rtwo", 'say "x"']]


@pytest.mark.parametrize("sort", ["date", "reports", "goldstein", "-goldstein"])
def test_a_stream_reads_the_store_a_chunk_at_a_time(client, monkeypatch, sort):
    """A list read in one piece and read three happenings at a time (each chunk after the last one's
    key), in batches of two rows, gives the same rows in the same order."""
    whole = get(client, f"/search.csv?sort={sort}").text
    monkeypatch.setattr(event_lists, "CHUNK", 3)
    monkeypatch.setattr(downloads, "BATCH", 2)
    chunked = get(client, f"/search.csv?sort={sort}").text
    assert chunked == whole and len(csv_rows(chunked)) == get(client, "/search.json").json()["total"] > 3


# --- meaning, the overview, search --------------------------------------------------------------------

def test_about_names_every_type_code_and_quad(client):
    data = get(client, "/about.json").json()
    assert [t["event"] for t in data["plover_types"]][:2] == ["AGREE", "CONSULT"] and len(data["plover_types"]) == 16
    request = next(t for t in data["plover_types"] if t["event"] == "REQUEST")
    assert request["plover_quad"] == 3 and 1 in request["cameo_quads"]   # where the two quads differ
    cameo = {c["code"]: c for c in data["cameo"]}
    assert cameo["042"]["name"] == "Make a visit" and cameo["042"]["mode"] == "visit"
    html = get(client, "/about").text
    for anchor in ('id="plover"', 'id="quads"', 'id="goldstein"', 'id="cameo"'):
        assert anchor in html


def test_every_chart_legend_links_to_about(client):
    for path in ("/", "/dyad/CHN-KAZ", "/actor/CHN"):
        html = get(client, path).text
        charts = html.count('<svg class="chart"') + html.count('<svg class="map"')
        assert charts and html.count('<a class="about" href="/about#') == charts, path


def test_cameo_names_beside_codes(client):
    event = get(client, "/search.json?event=SANCTION").json()["events"][0]
    assert "163: Impose embargo, boycott, or sanctions" in get(client, f"/event/{event['id']}").text
    assert 'title="163: Impose embargo, boycott, or sanctions"' in get(client, "/search?event=SANCTION").text


def test_overview_days_and_dyads_apart(client, con):
    whole = get(client, "/index.json").json()
    autumn = get(client, "/index.json?since=2024-06-01&until=2024-12-31").json()
    assert sum(r["events"] for r in autumn["series"]) < sum(r["events"] for r in whole["series"])
    assert all("2024-06-01" <= r["period"] <= "2024-12-31" for r in autumn["series"])
    assert {(d["source_code"], d["target_code"]) for d in whole["international_dyads"]} == {
        ("CHN", "KAZ"), ("KAZ", "CHN"), ("JPN", "VNM")}
    assert whole["domestic_dyads"] == []
    assert whole["undated"]["happenings"] == con.execute(
        "SELECT count(*) FROM clusters WHERE first_day IS NULL").fetchone()[0]


def test_overview_undated_events_and_where_they_are(store, tmp_path):
    """An event with no day (its date and its article's cleared) is counted and found by document."""
    import shutil

    copy = tmp_path / "undated.duckdb"
    shutil.copy(store, copy)
    con = schema.connect(copy)
    con.execute("UPDATE events SET date = NULL, doc_date = NULL WHERE doc_id = 'grain-aid'")
    con.execute("UPDATE clusters SET first_day = NULL, last_day = NULL, series_day = NULL, series_last_day = NULL, "
                "reports_dated = 0 WHERE first_doc_id = 'grain-aid'")
    con.close()
    data = TestClient(make_app(copy)).get("/index.json").json()["undated"]
    assert data["happenings"] == 1 and data["reports"] == 1
    assert [d["doc_id"] for d in data["documents"]] == ["grain-aid"]
    assert "grain-aid" in TestClient(make_app(copy)).get("/").text


def test_searched_words_are_marked_and_escaped(client):
    html = get(client, "/search?q=STEEL").text
    assert '<mark class="q" title="searched words">steel</mark>' in html
    html = get(client, "/search?q=" + SCRIPT).text
    assert "<script" not in html.lower() and '<mark class="q" title="searched words">&lt;script&gt;alert(1)' in html


def test_new_pages_show_markup_as_text(client):
    """The article holding <script> reaches the actor page, the overview with days, the sorted search,
    and the downloads: HTML pages show it escaped; a download gives it as data, never as a page."""
    for path in ("/actor/CHN", "/actor/KAZ", "/about", "/?since=2024-06-01", "/search?q=customs&sort=-goldstein",
                 "/dyad/CHN-KAZ?since=2024-06-01", "/actor/%3Cscript%3E"):
        response = client.get(path)
        assert "<script" not in response.text.lower(), path
    response = get(client, "/search.csv?q=customs")
    assert SCRIPT in response.text and response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert json.loads(get(client, "/search?format=json&q=customs").text)["rows"][0]["sentence_text"].count(SCRIPT) == 1


def test_actor_tables_page_their_happenings_as_the_search_does(con):
    """The actor's page of events, chosen in the same pass as its tables, is the search's page."""
    for offset in (0, 3):
        found = actor_pages.tables(con, "KAZ", "year", offset=offset, limit=4)
        rows, total = queries.events_page(con, offset, 4, actor="KAZ")
        assert [p[0] for p in found["page"]] == [r["id"] for r in rows] and found["total"] == total
    assert {r["role"] for r in found["series"]} == {"source", "target"}
    assert found["not_charted"] == 0
