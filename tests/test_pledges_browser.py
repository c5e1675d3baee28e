"""The pledges page and a dyad's pledge list in a real browser (screenshots in test-output/web/)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import store_of
from test_pledges import BROKEN, KEPT, PLEDGE
from test_web_browser import CHROMIUM_ARGS, CHROMIUM, served, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(coder, tmp_path_factory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("pledges") / "pledges.duckdb"
    store_of(coder, store, [PLEDGE])
    store_of(coder, store, [KEPT])
    store_of(coder, store, [BROKEN])
    with served(store) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.base = server
        yield page
        browser.close()


def test_the_pledges_page_shows_statuses_and_links(page):
    page.goto(page.base + "/pledges")
    assert page.locator("li.pledge").count() == 2
    assert page.locator(".badge.fulfilled").count() >= 1 and page.locator(".badge.contradicted").count() >= 1
    assert page.locator("li.link mark.trigger").count() >= 2   # the later sentences, their triggers marked
    shot(page, "pledges")
    page.select_option("select[name=status]", "fulfilled")
    page.click("form.filters button")
    assert page.locator("li.pledge").count() == 1


def test_a_dyad_page_lists_its_pledges(page):
    page.goto(page.base + "/dyad/NOR-KEN")
    assert page.locator("#pledges li.pledge").count() == 2
    shot(page, "dyad-pledges")
