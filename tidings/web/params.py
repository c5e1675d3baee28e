"""A page's query parameters, read and checked: a bad one raises QueryError, which answers 400."""
from __future__ import annotations

import datetime
import re

from starlette.requests import Request

from tidings.store.filters import DaysReversed, QueryError, day_bounds, parse_day, parse_period

MAX_PAGE = 100_000  # deeper than any reader pages; stops an OFFSET of billions
PAGE_SIZE, MAX_PAGE_SIZE = 50, 500  # events a page lists, by default and at most (`size`)
_WHOLE = re.compile(r"[0-9]{1,7}")  # ASCII digits only: str.isdigit() also passes "²"


class Params:
    """The query parameters of one request; empty values (a GET form's blank fields) count as absent."""

    def __init__(self, request: Request):
        self._query = request.query_params

    def text(self, name: str) -> str | None:
        """Gives a parameter's value, stripped, or None when it is absent or blank."""
        value = self._query.get(name)
        if value is None or not value.strip():
            return None
        return value.strip()

    def day(self, name: str) -> datetime.date | None:
        """Gives a `YYYY-MM-DD` parameter as a date, None when absent; raises QueryError otherwise."""
        value = self.text(name)
        return None if value is None else parse_day(name, value)

    def days(self) -> tuple[datetime.date | None, datetime.date | None]:
        """Gives `since` and `until` as dates (None when absent); raises QueryError for a bad one, or
        when `since` comes after `until`."""
        try:
            return day_bounds(self.day("since"), self.day("until"))
        except DaysReversed as e:
            raise QueryError("since", e.value, f"comes after until={e.until}; swap them") from None

    def period(self) -> str | None:
        """Gives `by` (day, week, month or year), None when absent (the page picks one)."""
        value = self.text("by")
        return None if value is None else parse_period(value)

    def page(self) -> int:
        """Gives `page`, a whole number from 1 (the default); raises QueryError otherwise."""
        return self._whole("page", 1, MAX_PAGE)

    def size(self) -> int:
        """Gives `size`, how many events a page lists (PAGE_SIZE unless given); raises QueryError otherwise."""
        return self._whole("size", PAGE_SIZE, MAX_PAGE_SIZE)

    def _whole(self, name: str, default: int, most: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not _WHOLE.fullmatch(value) or not 1 <= int(value) <= most:
            raise QueryError(name, value, f"give a whole number from 1 to {most:,}")
        return int(value)
