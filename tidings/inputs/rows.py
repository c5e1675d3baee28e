"""A row of any input (a JSON object, a CSV row, a Parquet row, a DataFrame row) as a Document.

Which field holds what is found once per input (`Fields.resolve`): a field named by the user
(`--text-field body`) wins; else the first name of NAMES that the input has, whatever its case
("Body", "published_at"). What is left of a row goes to the document's `meta`.
"""
from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from tidings.days import BadDay, document_day, news_day_problem
from tidings.documents import MAX_CHARS, Document, Reject, excerpt, printable

# The names a news export uses for each field, in the order they are tried.
NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "story"),
    "id": ("id", "doc_id", "article_id", "guid", "uuid"),
    "date": ("date", "published", "publication_date", "published_at", "publish_date", "pubdate", "datetime"),
    "url": ("url", "link", "source_url"),
    "title": ("title", "headline"),
    "source": ("source", "publication", "outlet", "publisher"),
}


@dataclass(frozen=True)
class Fields:
    """The input field (column, key) that holds each of a document's parts; None: found by NAMES."""

    text: str | None = None
    id: str | None = None
    date: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None

    def resolve(self, keys: Iterable[str]) -> dict[str, str]:
        """Gives, for each part, the key of `keys` that holds it (a part no key holds is left out).

        A part the user named keeps its name even when `keys` lacks it, so that the row says so.
        """
        keys = list(keys)
        by_case = {}
        for key in keys:
            by_case.setdefault(key.casefold(), key)
        found: dict[str, str] = {}
        for part in NAMES:
            named = getattr(self, part)
            if named is not None:
                found[part] = named
                continue
            for name in NAMES[part]:
                if name in keys or name.casefold() in by_case:
                    found[part] = name if name in keys else by_case[name.casefold()]
                    break
        return found

    def named(self) -> dict[str, str]:
        """Gives the parts the user named, with their field."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def row_document(row: Mapping[str, Any], keys: Mapping[str, str], name: str, n: int, stem: str,
                 date: str | None, max_chars: int = MAX_CHARS, shown: str = "") -> Document | Reject:
    """Gives the document of row `n` of input `name`, or the Reject saying what is wrong with it.

    `keys` is `Fields.resolve` of the input; `date` dates a row with no date of its own; `shown` is
    the row as the user sees it, for the excerpt.
    """
    def reject(reason: str) -> Reject:
        return Reject(name, n, reason, excerpt(shown))

    text_key = keys.get("text", "text")
    text = _value(row.get(text_key))
    if text is None:
        return reject(f'no "{printable(text_key)}" field; each row needs it: the article as a string'
                      + ("" if "text" in keys else " (name the field holding it with --text-field)"))
    if not isinstance(text, str):
        return reject(f'"{printable(text_key)}" is a {_kind(text)}, not a string')
    if not text.strip():
        return reject(f'"{printable(text_key)}" is empty: nothing to code')
    if len(text) > max_chars:
        return reject(f"document too long ({len(text):,} characters; the limit is {max_chars:,} characters): "
                      f"split it into smaller documents")
    date_key = keys.get("date", "date")
    doc_date = _value(row.get(date_key))
    if doc_date is None or doc_date == "":
        doc_date = date
    else:
        try:
            day = document_day(doc_date)
        except BadDay:
            return reject(f'"{printable(date_key)}" {_shown(doc_date)} is not YYYY-MM-DD or an ISO datetime; write it '
                          f'like "2024-07-03" or "2024-07-03T10:00:00+02:00", or leave it empty')
        if problem := news_day_problem(day):
            return reject(f'"{printable(date_key)}" {_shown(doc_date)}: {problem}')
        doc_date = day.isoformat()
    doc_id = _value(row.get(keys.get("id", "id")))
    used = {keys.get(part, part) for part in NAMES}
    return Document(
        id=f"{stem}-{n}" if doc_id is None or doc_id == "" else _text(doc_id), text=text, date=doc_date,
        url=_optional(row.get(keys.get("url", "url"))), title=_optional(row.get(keys.get("title", "title"))),
        source=_optional(row.get(keys.get("source", "source"))),
        meta={str(k): _plain(v) for k, v in row.items() if k not in used},
        origin=f"{name}:{n}",
    )


def _value(value: Any) -> Any:
    """Gives a cell as a value, None for the ways tables write "missing" (NaN, NaT, pandas NA)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd  # a DataFrame's missing cells; pandas is there whenever a frame is

        if value is pd.NaT or value is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return value


def _text(value: Any) -> str:
    """Gives an id as text: a float that is a whole number (pandas reads 7 as 7.0 next to a gap) as 7."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _optional(value: Any) -> str | None:
    value = _value(value)
    return None if value is None or value == "" else str(value)


def _plain(value: Any) -> Any:
    """Gives a cell as a value JSON can hold (dates as ISO text), for the document's metadata."""
    value = _value(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # a numpy scalar
        return value.item()
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else printable(repr(value))


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "JSON object"
    return type(value).__name__
