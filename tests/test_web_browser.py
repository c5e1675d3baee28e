"""The dashboard in a real browser: Debian's chromium, driven by playwright, over a live server.

Three flows a reader follows: open the overview; follow a dyad and see its chart, click a period;
open an event and see its evidence marked. Screenshots go to test-output/web/ (look at them).
Skipped, saying why, where /usr/bin/chromium or playwright is missing (`.ci/run` installs chromium).
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from web_articles import build_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# Headless, as root in a sandboxed container (no user namespaces for chromium's own sandbox), and
# quiet: nothing fetched from the network behind the test's back.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "web"


@pytest.fixture(scope="module")
def server(coder, tmp_path_factory) -> Iterator[str]:
    """Gives the base URL of the dashboard served by uvicorn in a thread, over the test articles' store."""
    store = build_store(coder, tmp_path_factory.mktemp("browser") / "browser.duckdb")
    with served(store) as url:
        yield url


@contextlib.contextmanager
def served(store: Path) -> Iterator[str]:
    """Gives the base URL of the dashboard over `store`, served by uvicorn in a thread until the block ends."""
    import uvicorn

    from tidings.web.app import make_app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP named: no Nagle
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    server = uvicorn.Server(uvicorn.Config(make_app(store), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run these")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """Gives a fresh page; fails the test if the page runs any script dialog or logs an error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = server
    yield page
    context.close()
    assert dialogs == [], f"a script ran: {dialogs}"
    assert errors == [], f"the browser reported errors: {errors}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_open_the_overview(page):
    page.goto(page.base + "/")
    assert page.title() == "Overview of browser.duckdb · Tidings"
    chart = page.locator("svg.chart")
    assert chart.is_visible() and chart.bounding_box()["width"] > 600
    assert page.locator("svg.chart a.period").count() >= 4
    assert page.locator("a[href='/dyad/CHN-KAZ']").is_visible()
    # the stylesheet comes from the app itself and applies
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor") == "rgb(34, 50, 74)"
    shot(page, "overview")


def test_follow_a_dyad_see_its_chart_and_a_period(page):
    page.goto(page.base + "/")
    page.click("a[href='/dyad/CHN-KAZ']")
    page.wait_for_url("**/dyad/CHN-KAZ")
    assert page.locator("h1").inner_text().startswith("China → Kazakhstan")
    bars = page.locator("svg.chart a.period")
    assert bars.count() == 5  # March, April, June, July and September 2024
    # three months of conflict: the rejected accusation, the criticism, the sanctions
    assert page.locator("svg.chart a.period rect[fill='#d1495b']").count() == 3
    shot(page, "dyad")
    bars.first.click()  # March 2024: the talks and the rail deal
    page.wait_for_url("**period=2024-03-01**")
    assert page.locator("#events h2").inner_text().startswith("Events in Mar 2024")
    dates = page.locator("table.events td.date").all_inner_texts()
    assert dates and all(d.startswith("2024-03") for d in dates)
    assert page.locator("svg.chart rect.selected").count() == 1
    shot(page, "dyad-period")


def test_open_an_event_and_see_its_evidence_marked(page):
    page.goto(page.base + "/dyad/CHN-KAZ?event=CONSULT")
    page.locator("table.events td.date a").first.click()
    page.wait_for_url("**/event/**")
    sentence = page.locator("blockquote.sentence")
    assert sentence.locator("mark.trigger").inner_text() == "met"
    assert sentence.locator("mark.source").inner_text() == "Chinese Foreign Minister Wang Yi"
    assert sentence.locator("mark.target").inner_text() == "Kazakh President Kassym-Jomart Tokayev"
    # marks are drawn: each has its own background colour
    colours = {role: sentence.locator(f"mark.{role}").evaluate("e => getComputedStyle(e).backgroundColor")
               for role in ("trigger", "source", "target")}
    assert len(set(colours.values())) == 3
    assert page.locator("table.fields th", has_text="sentence.text").count() == 1
    shot(page, "event")


def test_markup_in_an_article_stays_text_in_the_browser(page):
    page.goto(page.base + "/search?q=customs")
    page.locator("table.events td.date a").first.click()
    page.wait_for_url("**/event/**")
    assert "<script>alert(1)</script>" in page.locator("blockquote.sentence").inner_text()
    assert page.locator("script").count() == 0
    shot(page, "event-with-markup")


# --- issue 15: the actor page, the map, downloads ------------------------------------------------

def test_from_a_dyad_to_its_actor_page(page):
    page.goto(page.base + "/dyad/CHN-KAZ")
    page.click("h1 a.actor[href='/actor/CHN']")
    page.wait_for_url("**/actor/CHN")
    assert page.title() == "CHN · Tidings"
    assert page.locator("svg.chart").count() == 2   # as source, as target
    assert page.locator("#partners a.actor[href='/actor/KAZ']").is_visible()
    assert page.locator("#events table.events tbody tr").count() == 10
    shot(page, "actor")


def test_the_map_draws_located_events_as_points(page):
    page.goto(page.base + "/")
    svg = page.locator("svg.map")
    assert svg.is_visible() and svg.bounding_box()["width"] > 600
    assert page.locator("svg.map path.country").count() > 150
    points = page.locator("svg.map circle.point")
    assert points.count() == 2   # Astana and Hanoi
    # Astana's circle lies on Kazakhstan's outline, Hanoi's on Vietnam's, as the browser draws them
    for point, country in ((points.nth(0), "KAZ"), (points.nth(1), "VNM")):
        p, c = point.bounding_box(), page.locator(f"svg.map path[data-code='{country}']").bounding_box()
        cx, cy = p["x"] + p["width"] / 2, p["y"] + p["height"] / 2
        assert c["x"] <= cx <= c["x"] + c["width"] and c["y"] <= cy <= c["y"] + c["height"], country
    svg.screenshot(path=str(SHOTS / "overview-map.png"))


def test_a_csv_download_holds_the_rows_of_the_table(page):
    import csv

    page.goto(page.base + "/search?actor=CHN&size=500")
    shown = [{"id": row.locator("td.date a").get_attribute("href").removeprefix("/event/"),
              "source": row.locator("td.code").nth(0).inner_text().strip(),
              "event": row.locator("td.type > a").inner_text().strip(),
              "target": row.locator("td.code").nth(1).locator("a.actor").inner_text().strip(),
              "reports": row.locator("td.num").inner_text().strip()}
             for row in page.locator("table.events tbody tr").all()]
    with page.expect_download() as info:
        page.locator(".downloads a", has_text="CSV").first.click()
    download = info.value
    assert download.suggested_filename == "search-events.csv"
    with open(download.path(), newline="", encoding="utf-8") as f:
        rows = [{"id": r["id"], "source": r["source_code"], "event": r["event"], "target": r["target_code"],
                 "reports": r["mentions"]} for r in csv.DictReader(f)]
    assert rows == shown and len(rows) == 10
    # the JSON download of the same table: the same rows
    answer = page.request.get(page.base + "/search?actor=CHN&format=json&table=events").json()
    assert [r["id"] for r in answer["rows"]] == [r["id"] for r in rows]
    shot(page, "download-from")
