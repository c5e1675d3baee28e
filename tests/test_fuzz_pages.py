"""Random query strings against every dashboard page and its JSON twin: never a 500, never an exception.

Each request asks one page (overview, dyad, event, search; HTML or JSON) with keys drawn from that
page's real parameters and from junk, and values of every odd kind: huge and negative numbers,
days that are not days or lie centuries away, unicode, blanks, repeats. The answer must be a 200,
or a 4xx in the one error shape. Asked in-process (Starlette's TestClient, which raises any
exception the app lets out) over the small real store of tests/web_articles.py, in under a
minute: at most EXAMPLES requests, none begun after BUDGET_SECONDS; the count, the time and the
statuses are printed (pytest -s).
"""
from __future__ import annotations

import time
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from tidings.ontology import PLOVER_TYPES
from tidings.web.app import make_app
from web_articles import build_store

pytestmark = pytest.mark.fuzz

ERROR_KEYS = {"ok", "status", "error", "title"}
EXAMPLES = 1200  # requests per run: about 45 s on a 2-core machine (~37 ms a page, connection included)
BUDGET_SECONDS = 50.0  # no request begun after this: a loaded machine asks fewer, never runs longer

# Each page's own parameters (views/*.py), and keys no page knows.
PARAMETERS = {
    "overview": ["by"],
    "dyad": ["event", "since", "until", "by", "period", "page", "size"],
    "event": [],
    "search": ["actor", "dyad", "event", "cameo", "since", "until", "q", "page", "size"],
}
JUNK_KEYS = ["", "x", "page[]", "by ", "Since", "ünï", "%00", "size\n", "q;drop"]

DAYS = st.one_of(
    st.dates().map(str),  # year 1 to 9999
    st.sampled_from(["2024-03-04", "2024-02-30", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31",
                     "10000-01-01", "2024-7-3", "20240703", "2024-W27-3", "+2024-01-01", "2024-03-04T10:00",
                     "1799-12-31", "1800-01-01", "2100-12-31", "2101-01-01", " 2024-03-04 ", "２０２４-０３-０４"]),
)
NUMBERS = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["0", "1", "-1", "500", "501", "100000", "100001", "9" * 400, "1e309", "nan", "inf",
                     "1.5", "0x10", "²", "١٢", " 3 ", "+2"]),
)
WORDS = st.one_of(
    st.sampled_from(["CHN", "kaz", "CHN-KAZ", "JPN-VNM", "chn-kaz", "AB", "ABCD", "CHN-", "-KAZ", "04", "042",
                     "0421", "00000", "day", "week", "month", "year", "decade", "rail", "%", "_", "'", '"',
                     "<script>", "NULL", "*", "\\", "\x00", "\u202e", "🙂", "a" * 5000])
    | st.sampled_from(PLOVER_TYPES),
    st.text(max_size=40),
    st.just(""),
    st.just("   "),
)
VALUES = st.one_of(DAYS, NUMBERS, WORDS)


@st.composite
def queries(draw, page: str) -> list[tuple[str, str]]:
    keys = st.sampled_from(PARAMETERS[page] + JUNK_KEYS) if PARAMETERS[page] else st.sampled_from(JUNK_KEYS)
    return draw(st.lists(st.tuples(keys, VALUES), max_size=6))


@st.composite
def requests(draw, event_ids: list[str]) -> str:
    """Gives one path with its query string: a page, its twin or not, and random parameters."""
    page = draw(st.sampled_from(sorted(PARAMETERS)))
    twin = draw(st.booleans())
    if page == "overview":
        path = draw(st.sampled_from(["/index.json", "/.json"])) if twin else "/"
    elif page == "search":
        path = "/search.json" if twin else "/search"
    else:
        known = ["CHN-KAZ", "KAZ-CHN", "JPN-VNM", "USA-RUS"] if page == "dyad" else event_ids
        segment = draw(st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=12)))
        path = f"/{page}/{quote(segment, safe='')}" + (".json" if twin else "")
    query = urlencode(draw(queries(page)))
    return f"{path}?{query}" if query else path


@pytest.fixture(scope="module")
def client(coder, tmp_path_factory) -> TestClient:
    store = build_store(coder, tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    return TestClient(make_app(store))  # raises whatever the app lets out


def check(client: TestClient, path: str, tally: dict[str, int]) -> None:
    response = client.get(path)
    tally["requests"] += 1
    tally[str(response.status_code)] = tally.get(str(response.status_code), 0) + 1
    assert response.status_code == 200 or 400 <= response.status_code < 500, (path, response.text[:500])
    if response.status_code == 200:
        return
    if response.headers["content-type"].startswith("application/json"):
        body = response.json()
        assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == response.status_code, path
    else:
        assert '<section class="error">' in response.text, path


def test_pages_answer_every_query_string_in_their_shape(client):
    found = client.get("/search.json?size=500").json()["events"]
    event_ids = [e["id"] for e in found[:5]] or ["none"]
    tally = {"requests": 0}
    started = time.monotonic()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(requests(event_ids))
    def ask(path: str) -> None:
        if time.monotonic() - started < BUDGET_SECONDS:
            check(client, path, tally)

    ask()
    took = time.monotonic() - started
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(tally.items()) if k != "requests")
    print(f"\nfuzz: {tally['requests']} requests in {took:.1f} s, no 500 and no exception ({statuses})")
    assert tally.get("500", 0) == 0
    assert tally["requests"] >= 100  # the budget let a real number through
