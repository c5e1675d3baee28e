"""Dates at the ends of the calendar: refused at ingest, harmless to the coder, bounded in every chart.

What a news day is lives in tidings.days (years FIRST_YEAR..LAST_YEAR). A store made before that
rule may still hold an article dated in year 202 or 9999: the stores here are written past the
reader (as such a store was), and every page and chart over them must still answer.
"""
from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from conftest import cli_runner, store_of
from starlette.testclient import TestClient

from tidings.cli.code import code_cli
from tidings.days import FIRST_YEAR, LAST_YEAR, BadDay, news_day_problem, news_span, parse_news_day
from tidings.documents import Document, Reject, read_documents
from tidings.stages.dates import resolve_date
from tidings.store import schema
from tidings.store.plots import MAX_BARS, plot_dyad
from tidings.web import charts
from tidings.web.app import make_app
from tidings.web.views import overview

D = datetime.date
ERROR_KEYS = {"ok", "status", "error", "title"}

# Invented reports: Kenya and Uganda over two years, and two articles whose dates are slips.
ARTICLES = [
    ("k0", "2019-03-04", "Kenya sent food aid to Uganda after the floods."),
    ("k1", "2023-02-06", "Kenya signed a trade agreement with Uganda on Monday."),
    ("k2", "2023-09-14", "Uganda accused Kenya of blocking fuel trucks at the border."),
    ("k3", "2024-05-20", "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi."),
    ("slip-early", "0202-05-02", "Kenya criticized Uganda yesterday over fishing rights on the lake."),
    ("slip-late", "9999-12-30", "Uganda praised Kenya for its help next year and tomorrow."),
]


# --- what a news day is ---------------------------------------------------------------------------

def test_news_days_are_the_years_of_news():
    assert parse_news_day(f"{FIRST_YEAR}-01-01") == D(FIRST_YEAR, 1, 1)
    assert parse_news_day(f"{LAST_YEAR}-12-31") == D(LAST_YEAR, 12, 31)
    for slip in ("0202-05-02", f"{FIRST_YEAR - 1}-12-31", f"{LAST_YEAR + 1}-01-01", "9999-12-31"):
        with pytest.raises(BadDay, match="outside"):
            parse_news_day(slip)
    assert news_day_problem(D(2024, 7, 3)) is None
    assert "year 202 " in news_day_problem(D(202, 5, 2))
    assert news_span(D(202, 1, 1), D(2024, 1, 1)) == (D(FIRST_YEAR, 1, 1), D(2024, 1, 1))
    assert news_span(D(1, 1, 1), D(5, 1, 1)) is None


def test_readers_reject_an_article_dated_outside_the_news_years(tmp_path):
    lines = tmp_path / "a.jsonl"
    lines.write_text('{"id": "ok", "date": "2024-05-02", "text": "Kenya met Uganda."}\n'
                     '{"id": "old", "date": "0202-05-02", "text": "Kenya met Uganda."}\n', encoding="utf-8")
    article = tmp_path / "b.txt"
    article.write_text("date 9999-01-02\nUganda met Kenya.\n", encoding="utf-8")
    found = list(read_documents([str(lines), str(article)]))
    assert [type(x) for x in found] == [Document, Reject, Reject]
    assert (found[1].file, found[1].line) == (str(lines), 2)
    assert "year 202 is outside" in found[1].reason and '"0202-05-02"' in found[1].reason
    assert (found[2].line, found[2].reason.split(":")[0]) == (1, "date 9999-01-02")
    assert "year 9999 is outside" in found[2].reason
    with pytest.raises(ValueError, match="year 202 is outside"):
        list(read_documents([str(lines)], date="0202-01-01"))


def test_code_refuses_a_date_option_outside_the_news_years(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Kenya met Uganda.", encoding="utf-8")
    result = cli_runner().invoke(code_cli, [str(article), "--date", "9999-12-31"])
    assert result.exit_code == 2
    assert "--date 9999-12-31: year 9999 is outside" in result.stderr


# --- the coder at the ends of the calendar --------------------------------------------------------

RELATIVE = ["yesterday", "tomorrow", "the day before yesterday", "next year", "last year", "next month",
            "last month", "next week", "last weekend", "this weekend", "next Friday", "last Friday",
            "two days ago", "three years from now", "a decade ago", "next winter", "last winter",
            "in December", "next January", "this week"]


@pytest.mark.parametrize("day", [D(1, 1, 1), D(1, 1, 6), D(9999, 12, 27), D(9999, 12, 31)])
def test_relative_dates_near_the_ends_of_the_calendar_never_raise(day):
    for expression in RELATIVE:
        found = resolve_date(expression, day)
        assert found is None or D(1, 1, 1) <= found.date <= D(9999, 12, 31)
    assert resolve_date("yesterday", D(1, 1, 1)) is None  # no day before the first
    assert resolve_date("next year", D(9999, 6, 1)) is None  # no year after the last
    assert resolve_date("yesterday", D(9999, 12, 31)).date == D(9999, 12, 30)


def test_the_coder_codes_an_article_dated_at_the_end_of_the_calendar(coder):
    docs = [Document("first", "Kenya criticized Uganda yesterday. Uganda will reply next year.", "0001-01-01"),
            Document("last", "Uganda praised Kenya tomorrow. Kenya will answer next year.", "9999-12-31")]
    coded = list(coder.code_many(docs))
    assert [doc.id for doc, _events in coded] == ["first", "last"]
    assert all(events for _doc, events in coded)  # coded, not turned into rejects


# --- charts and pages over a store that holds such dates ------------------------------------------

@pytest.fixture(scope="module")
def db(coder, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile-dates") / "store.duckdb"
    store_of(coder, path, (Document(id=i, date=day, text=text) for i, day, text in ARTICLES))
    con = schema.connect(path, read_only=True)
    days = con.execute("SELECT min(day), max(day) FROM dated_events").fetchone()
    con.close()
    assert days[0].year == 202 and days[1].year == 9999  # the slips reached the store, as they once did
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(make_app(db), raise_server_exceptions=False)


def test_the_overview_of_a_store_with_slipped_dates_answers(client):
    data = client.get("/index.json").json()
    assert data["ok"] is True
    assert data["store"]["first_date"] == "0202-05-02"  # the store's own figures are not hidden
    assert data["by"] == "month" and (data["first_day"], data["last_day"]) == ("2019-03-04", "2024-05-20")
    months = [row["period"] for row in data["series"] if FIRST_YEAR <= int(row["period"][:4]) <= LAST_YEAR]
    assert len(months) == 4 < len(data["series"])  # the slips' periods are data, not bars
    page = client.get("/")
    assert page.status_code == 200
    assert 'class="chart"' in page.text
    assert len(re.findall(r'<a class="period"', page.text)) == len(months)


def test_serving_a_store_with_slipped_dates_warms_its_overview(db):
    app = make_app(db)
    assert overview.warm(app.state.store) is True  # `tidings serve` went on to exit 1 here


def test_a_dyad_chart_by_day_keeps_its_bars_bounded(client):
    page = client.get("/dyad/KEN-UGA?by=year")
    assert page.status_code == 200, page.text
    assert client.get("/dyad/UGA-KEN.json").json()["ok"] is True


@pytest.mark.parametrize("query", ["period=9999-12-31", "period=0001-01-01", "since=0202-05-02",
                                   "until=9999-12-31", "since=2024-01-01&until=10000-01-01"])
def test_days_outside_the_news_years_are_a_400_in_the_error_shape(client, query):
    pages = ("/dyad/KEN-UGA", "/dyad/KEN-UGA.json") + (() if query.startswith("period") else ("/search", "/search.json"))
    for path in pages:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, response.text)
        if path.endswith(".json"):
            body = response.json()
            assert set(body) == ERROR_KEYS and body["title"] == "Bad parameter"
            assert body["error"].startswith(query.split("&")[-1].split("=")[0] + "=")
        else:
            assert "Bad parameter" in response.text


def test_charts_draw_at_most_their_bars_whatever_the_span():
    rows = [{"period": D(202, 5, 2), "quad1": 1, "events": 1}, {"period": D(2024, 5, 20), "quad1": 2, "events": 2}]
    for by in charts.PERIODS:
        for first, last in [(D(1, 1, 1), D(9999, 12, 31)), (D(202, 5, 2), D(2024, 5, 20)),
                            (D(9999, 1, 1), D(9999, 12, 31))]:
            starts = charts.chart_periods(first, last, by)
            assert len(starts) <= charts.MAX_PERIODS
            assert all(charts.period_start(D(FIRST_YEAR, 1, 1), by) <= s <= D(LAST_YEAR, 12, 31) for s in starts)
            svg = charts.quad_chart(rows, by, first, last, lambda start: "/search")
            assert svg.count('class="period"') <= 1
            charts.goldstein_chart([], by, first, last, lambda start: "/search")
    days = charts.chart_periods(D(2000, 1, 1), D(2024, 5, 20), "day")
    assert len(days) == charts.MAX_PERIODS and days[-1] == D(2024, 5, 20)  # the latest bars are kept


def test_plot_of_a_dyad_with_slipped_dates_keeps_its_bars_bounded(db, tmp_path):
    con = schema.connect(db, read_only=True)
    try:
        path = tmp_path / "ken-uga.svg"
        drawn = plot_dyad(con, "KEN", "UGA", "day", path)
        svg = path.read_text(encoding="utf-8")
        assert f"the last {MAX_BARS:,} days" in svg  # 2019 to 2024 is more days than bars
        assert 1 <= drawn <= 3  # of 2022 to 2024; the slips are never drawn
        assert plot_dyad(con, "KEN", "UGA", "year", tmp_path / "years.svg") >= drawn
        assert "the last" not in (tmp_path / "years.svg").read_text(encoding="utf-8")
    finally:
        con.close()


def test_the_json_twin_of_a_page_is_never_a_link_off_the_site(client):
    for path, twin in [("http://testserver//evil.example/x", "/evil.example/x.json"),
                       ("http://testserver/%2F%2Fevil.example", "/evil.example.json"),
                       ("http://testserver/%5Cevil.example", "/%5Cevil.example.json"),
                       ("http://testserver/%09/evil.example", "/%09/evil.example.json")]:
        page = client.get(path)
        assert page.status_code == 404
        links = re.findall(r'href="([^"]*)"', page.text)
        assert twin in links, links
        assert not [link for link in links if link.startswith(("//", "/\\")) or "://" in link]
    body = json.loads(client.get("http://testserver//evil.example/x.json").text)
    assert set(body) == ERROR_KEYS and body["status"] == 404
