"""What pages computed from the store, kept per version of the store file: a bounded LRU.

A page's data (what the view hands to its template and its JSON twin) depends only on the page, its
normalized parameters and the store's contents; the store changes only when a writer commits, which
changes the file's version stamp (app.StoreReader.version). So data is kept under (key, version):
once the version moves on, everything kept for an older one is dropped, and the next reader
computes again. Entries are bounded in number and in rows (a page of 500 events weighs more than an
overview), the least recently used going first.

Readers that ask for the same key at once wait for one computation rather than each querying the
store (after an ingest, or for a popular page nobody has asked for yet).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 256   # pages kept
MAX_ROWS = 20_000  # rows kept over all pages (weight): ~1.9 KB each measured at 1M events, ~40 MB in all
_MISSING = object()


def weight(value: Any) -> int:
    """Gives how many rows `value` holds: the items of each list in it (one level in), anything else
    one row; a cheap stand-in for bytes, as what makes a page's data large is its lists of events
    and periods."""
    parts = value.values() if isinstance(value, Mapping) else value if isinstance(value, (list, tuple)) else [value]
    return max(1, sum(len(v) if isinstance(v, (list, tuple)) else 1 for v in parts))


class _Flight:
    """One key being computed: its lock, and how many readers hold or wait for it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.readers = 0


class PageCache:
    """Values kept per (key, store version), at most `entries` of them and `rows` rows (weight) in all."""

    def __init__(self, entries: int = MAX_ENTRIES, rows: int = MAX_ROWS):
        self.entries, self.rows = entries, rows
        self._kept: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._version: Any = None   # the store version everything kept was computed for
        self._weight = 0
        self._lock = threading.Lock()
        self._flights: dict[Hashable, _Flight] = {}

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def weight(self) -> int:
        """Gives the rows kept over all entries."""
        return self._weight

    def kept(self, key: Hashable, version: Any) -> Any:
        """Gives what is kept for `key` at `version`, else None; computes nothing."""
        with self._lock:
            value = self._get(key, version)
        return None if value is _MISSING else value

    def get(self, key: Hashable, version: Callable[[], Any], compute: Callable[[], T]) -> T:
        """Gives the value kept for `key` at the store's current `version()`, else `compute()`, kept.

        The version is read before computing: a writer that commits meanwhile changes it, so what
        was computed is filed under the older version and is not given for the newer one.
        """
        with self._lock:
            value = self._get(key, version())
            if value is not _MISSING:
                return value
            flight = self._flights.setdefault(key, _Flight())
            flight.readers += 1
        try:
            with flight.lock:
                return self._compute_once(key, version, compute)
        finally:
            with self._lock:
                flight.readers -= 1
                if flight.readers == 0:
                    del self._flights[key]

    def _compute_once(self, key: Hashable, version: Callable[[], Any], compute: Callable[[], T]) -> T:
        now = version()
        with self._lock:
            value = self._get(key, now)   # computed by the reader this one waited for
        if value is not _MISSING:
            return value
        value = compute()
        with self._lock:
            self._put(key, now, value)
        return value

    def _get(self, key: Hashable, version: Any) -> Any:
        if version != self._version:
            return _MISSING
        hit = self._kept.get(key)
        if hit is None:
            return _MISSING
        self._kept.move_to_end(key)
        return hit[0]

    def _put(self, key: Hashable, version: Any, value: Any) -> None:
        if version != self._version:
            # another version: what was kept is out of date. (A reader that began before a commit
            # and ends after one that began after it files its older version: the next reader
            # misses and computes again, nothing wrong is given.)
            self._kept.clear()
            self._weight = 0
            self._version = version
        old = self._kept.pop(key, None)
        if old is not None:
            self._weight -= old[1]
        rows = weight(value)
        if rows > self.rows:
            return  # larger than the whole bound: given, not kept
        self._kept[key] = (value, rows)
        self._weight += rows
        while len(self._kept) > self.entries or self._weight > self.rows:
            _, (_, dropped) = self._kept.popitem(last=False)
            self._weight -= dropped

