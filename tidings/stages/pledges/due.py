"""A pledge's deadline, where the text states one: "by 2030", "next year", "within 30 days".

A date expression (spaCy DATE entity) among the pledged act's words, resolved as event dates are
(tidings/stages/dates.py), is the pledge's due unless it lies before the publication period: a
pledge promises what is still to come, and a past date on it is background ("agreed in May to ...").
A span from now ("within 14 months", "in the next 30 days") counts its days from the publication
day, with day precision (the lengths of units in data/pledges.yaml).
"""
from __future__ import annotations

import calendar
import datetime
import re

from spacy.tokens import Token

from tidings.pledge_table import PledgeTable
from tidings.record import Due
from tidings.stages.dates import resolve_date

_SPAN = re.compile(r"(?:the\s+)?(?:next\s+|coming\s+)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(\w+)",
                   re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "twelve": 12}


def pledge_due(tokens: list[Token], day: datetime.date | None, table: PledgeTable) -> Due | None:
    """Gives the deadline the act's words state, None when they state none (or the document has no day)."""
    if not tokens or day is None:
        return None
    inside = {t.i for t in tokens}
    for ent in tokens[0].doc.ents:
        if ent.label_ != "DATE" or not any(t.i in inside for t in ent):
            continue
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        due = _within(ent.text, before, day, table) or _date(ent.text, day)
        if due is not None:
            return due
    return None


def _within(text: str, before: str, day: datetime.date, table: PledgeTable) -> Due | None:
    m = _SPAN.fullmatch(text.strip())
    units = table.due_units or {}
    if not m or m.group(2).lower() not in units or before not in {"within", "in"}:
        return None
    count = int(m.group(1)) if m.group(1).isdigit() else _COUNTS[m.group(1).lower()]
    unit = m.group(2).lower()
    if unit.startswith("month"):
        month = day.month - 1 + count
        year, month = day.year + month // 12, month % 12 + 1
        end = datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    elif unit.startswith("year"):
        end = datetime.date(day.year + count, day.month, min(day.day, calendar.monthrange(day.year + count, day.month)[1]))
    else:
        end = day + datetime.timedelta(days=count * units[unit])
    return Due(text=f"{before} {text}", date=end.isoformat(), precision="day")


def _date(text: str, day: datetime.date) -> Due | None:
    resolved = resolve_date(text, day)
    if resolved is None:
        return None
    start_of_period = {"year": day.replace(month=1, day=1), "month": day.replace(day=1)}.get(resolved.precision, day)
    if resolved.date < start_of_period and resolved.precision != "year" and not _YEAR.search(text):
        # a month named without its year: event dates place it behind a report, a pledge looks ahead
        # (read from a later day, a month at a time, until it falls on or after the report's month)
        later = (resolve_date(text, datetime.date(day.year + (day.month + n - 1) // 12, (day.month + n - 1) % 12 + 1, 1))
                 for n in range(1, 13))
        resolved = next((r for r in later if r is not None and r.date >= start_of_period), None)
    if resolved is None or resolved.date < start_of_period:
        return None
    return Due(text=text, date=resolved.date.isoformat(), precision=resolved.precision)
