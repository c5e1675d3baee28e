"""The pages' cache (tidings/web/page_cache.py): kept per key and store version, least recently used
first out when full by entries or rows, one computation for readers that ask for a key at once."""
from __future__ import annotations

import threading

from tidings.web.page_cache import PageCache, weight


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_kept_value_is_given_again_while_the_version_holds():
    cache = PageCache()
    compute, calls = counting({"events": [1, 2, 3]})
    first = cache.get("k", lambda: "v1", compute)
    assert [cache.get("k", lambda: "v1", compute) for _ in range(3)] == [first] * 3
    assert len(calls) == 1 and cache.kept("k", "v1") is first


def test_another_version_drops_every_kept_value():
    cache = PageCache()
    cache.get("a", lambda: "v1", lambda: "a1")
    cache.get("b", lambda: "v1", lambda: "b1")
    assert cache.get("a", lambda: "v2", lambda: "a2") == "a2"   # a writer committed: computed again
    assert cache.kept("b", "v2") is None and cache.kept("b", "v1") is None and len(cache) == 1


def test_entries_are_bounded_the_least_recently_used_going_first():
    cache = PageCache(entries=3)
    for key in "abc":
        cache.get(key, lambda: 1, lambda key=key: key)
    cache.get("a", lambda: 1, lambda: "again")   # a used: b is now the oldest
    cache.get("d", lambda: 1, lambda: "d")
    assert len(cache) == 3 and cache.kept("b", 1) is None
    assert [cache.kept(k, 1) for k in "acd"] == ["a", "c", "d"]


def test_rows_are_bounded_and_a_value_larger_than_the_bound_is_given_but_not_kept():
    cache = PageCache(entries=100, rows=10)
    for key in range(4):
        cache.get(key, lambda: 1, lambda: {"events": [0] * 4})   # 4 rows each
    assert cache.weight <= 10 and len(cache) == 2 and cache.kept(0, 1) is None and cache.kept(3, 1) is not None
    big = {"events": list(range(11))}
    assert cache.get("big", lambda: 1, lambda: big) is big
    assert cache.kept("big", 1) is None and cache.weight <= 10


def test_weight_counts_the_rows_of_a_pages_lists():
    assert weight({"series": [1, 2], "events": [1, 2, 3], "total": 9}) == 6
    assert weight(([{"id": 1}] * 50, 120)) == 51
    assert weight("x") == 1 and weight([]) == 1


def test_readers_asking_for_one_key_at_once_wait_for_one_computation():
    cache = PageCache()
    release = threading.Event()
    calls = []

    def compute():
        calls.append(1)
        release.wait(10)
        return "page"

    got = []
    readers = [threading.Thread(target=lambda: got.append(cache.get("k", lambda: 1, compute))) for _ in range(6)]
    for t in readers:
        t.start()
    for _ in range(10_000):   # until all six hold or wait for the key's one computation
        flight = cache._flights.get("k")
        if flight is not None and flight.readers == 6:
            break
        threading.Event().wait(0.001)
    release.set()
    for t in readers:
        t.join(10)
    assert got == ["page"] * 6 and len(calls) == 1
    assert cache._flights == {}   # nothing left behind for keys no longer computed


def test_a_failed_computation_is_not_kept_and_the_next_reader_tries_again():
    cache = PageCache()

    def fail():
        raise ValueError("no store")

    try:
        cache.get("k", lambda: 1, fail)
    except ValueError:
        pass
    assert cache.kept("k", 1) is None and cache.get("k", lambda: 1, lambda: "ok") == "ok"
