"""Date resolution: the calendar date a news date expression points to, given the publication date.

`resolve_date("last Friday", date(2024, 7, 3))` gives `ResolvedDate(date(2024, 6, 28), "day")`.
The input is the text of a spaCy DATE entity (or a short phrase like "on July 3"); the output is a
point in time with how much of it is known (day, month or year), or None when the expression names
no point in time ("32 years", "recent years", "annual") or needs a publication date that is missing.

Written as ordered regex rules over small tables rather than with dateparser: dateparser resolves a
bare weekday a week early when told to prefer the past, reads durations ("32 years") as dates, and
costs about a millisecond a call; these rules cost microseconds and give the same answer everywhere.

Choices the record's day/month/year precision forces (each is a rule, not a guess per sentence):
- A bare weekday is the most recent such day on or before the publication date: news reports what
  happened, and the tense that could say otherwise is not part of the expression.
- A month or day named without a year is placed within two months after the publication date, or
  else in the ten months before it ("in March" in a July article is this March, "in December" is
  last December, "in January" in a December article is next January).
- A week ("last week", "this weekend") gives the month of its Monday (Saturday for weekends) with
  precision "month": the record cannot hold "week", and a day would claim more than the text says.
- Decades ("the 1990s"), centuries and bare seasons ("summer") give None: a span that long is no
  point, and year precision on its first year would claim more than the text says.
- A point past either end of Python's calendar ("yesterday" on 0001-01-01, "next year" in 9999)
  gives None: there is no such day to name, and the document is still coded.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["ResolvedDate", "resolve_date"]


@dataclass(frozen=True)
class ResolvedDate:
    """A point in time and how much of it is known; `date` is the first day of the month or year."""

    date: datetime.date
    precision: str  # "day" | "month" | "year"


def resolve_date(expression: str, doc_date: datetime.date | None) -> ResolvedDate | None:
    """Gives the date `expression` points to from `doc_date`, or None if it names no point."""
    if isinstance(doc_date, datetime.datetime):
        doc_date = doc_date.date()
    try:
        return _resolve(expression, doc_date)
    except (OverflowError, ValueError):
        # date arithmetic past year 1 or 9999 (`date.replace`, `timedelta`): no day to point to
        return None


# ---------------------------------------------------------------- tables

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")   # a day written in full inside a date expression

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
}

# First month of each northern-hemisphere season (three months long); winter starts in December.
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

# How far a month named without a year may lie in the future before it is taken as last year's.
_MONTHS_AHEAD = 2


def _alternation(words: dict[str, int]) -> str:
    # Longest first, so "september" is tried before "sep".
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# Month names must be capitalised ("May", "March"): lower case they are a verb and a noun.
_MONTH_NAMES = "|".join(
    f"{w[0].upper()}{w[1:]}|{w.upper()}" for w in sorted(_MONTHS, key=len, reverse=True)
)
_MONTH = rf"(?-i:(?P<month>{_MONTH_NAMES}))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|2[01]\d{2})"
_WEEKDAY = rf"(?P<weekday>{_alternation(_WEEKDAYS)})\.?"
_COUNT = rf"(?P<count>\d{{1,3}}|{_alternation(_NUMBERS)})"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|midday|noon|overnight))?"

_I = re.IGNORECASE

# Words around the point that do not move it: "on", "since", "early", "the end of", "'s".
_LEAD = re.compile(
    r"^(?:(?:on|in|at|by|over|since|from|during|until|till|through|throughout|before|after"
    r"|around|about|as of|as early as|as recently as|as late as|as far back as|sometime in"
    r"|some time in"
    r"|earlier|later|early|late|mid|the (?:end|beginning|start|middle|rest|remainder|close|turn)"
    r" of|the (?:first|second|last|final) (?:half|week|weeks|days|quarter) of)(?:\s+|-))+",
    _I,
)
_TRAIL = re.compile(r"(?:'s|’s|[\s.,;:!?)\]]+)+$")

_ABSOLUTE_DAY = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?\b)?"
               rf"(?:,?\s+{_YEAR}\b)?", _I),
    re.compile(rf"\b(?:the\s+)?{_DAY}(?:\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?)?"
               rf"\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?", _I),
]
_NAMED_MONTH = re.compile(
    rf"(?:(?P<which>last|this|next|this past|this coming|the coming|coming)\s+)?"
    rf"{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?",
    _I,
)

_RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "now": 0,
    "yesterday": -1, "last night": -1, "last evening": -1, "the day before": -1,
    "the previous day": -1, "a day earlier": -1, "the day before yesterday": -2,
    "tomorrow": 1, "the day after tomorrow": 2,
}
_YESTERDAY_TOMORROW = re.compile(r"(?P<word>yesterday|tomorrow|today)" + _PART_OF_DAY, _I)

_AGO = re.compile(
    rf"{_COUNT}\s+(?P<unit>day|week|fortnight|month|year|decade)s?\s+(?P<dir>ago|earlier|before"
    r"|from now|later|hence)",
    _I,
)

_WEEKDAY_PHRASE = re.compile(
    rf"(?:(?P<which>last|this past|past|this coming|coming|this|next|previous|the previous)\s+)?"
    rf"{_WEEKDAY}{_PART_OF_DAY}",
    _I,
)

_PERIOD = re.compile(
    r"(?:(?P<which>last|this past|this|next|the previous|previous|the past|past|the coming|coming"
    r"|the following|following|the current|current|the same|the)\s+)?"
    r"(?P<unit>week|weekend|month|year)",
    _I,
)

_SEASON = re.compile(
    rf"(?:(?P<which>last|this|next|this past|this coming|the coming|coming|the past|past)\s+)?"
    rf"(?:the\s+)?(?P<season>{'|'.join(_SEASONS)})(?:\s+(?:of\s+)?{_YEAR})?",
    _I,
)
_YEAR_ALONE = re.compile(rf"(?:the\s+(?:year\s+)?)?{_YEAR}", _I)
# A four-digit year standing alone: not part of a longer number, a decade ("1990s") or an amount.
_ANY_YEAR = re.compile(
    r"(?<![\d,.'’])(1\d{3}|2[01]\d{2})"
    r"(?![\d,]|'?’?s\b|\s+(?:years?|days?|months?|weeks?|decades?|centur(?:y|ies)|hours?)\b)"
)


# ---------------------------------------------------------------- date arithmetic

def _month_start(year: int, month: int) -> datetime.date:
    # Months are counted from any offset: month 0 is December of the year before.
    year += (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, 1)


def _nearest_year(month: int, doc_date: datetime.date) -> int:
    """Gives the year that puts `month` in the window around `doc_date` (see the module notes)."""
    ahead = (month - doc_date.month) % 12
    if ahead == 0:
        return doc_date.year
    if ahead <= _MONTHS_AHEAD:
        return doc_date.year if month > doc_date.month else doc_date.year + 1
    return doc_date.year if month < doc_date.month else doc_date.year - 1


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS[re.sub(r"\s+", " ", word)]


# ---------------------------------------------------------------- rules, tried in order

def _absolute_day(text: str, doc_date: datetime.date | None) -> ResolvedDate | None:
    if m := _ISO_DAY.search(text):
        try:
            return ResolvedDate(datetime.date.fromisoformat(m.group()), "day")
        except ValueError:
            return None
    for pattern in _ABSOLUTE_DAY:
        if m := pattern.search(text):
            month, day = _MONTHS[m["month"].lower()], int(m["day"])
            if m["year"]:
                year = int(m["year"])
            elif doc_date is not None:
                year = _nearest_year(month, doc_date)
            else:
                return None
            try:
                return ResolvedDate(datetime.date(year, month, day), "day")
            except ValueError:  # "February 30"
                return None
    return None


def _named_month(text: str, doc_date: datetime.date | None) -> ResolvedDate | None:
    m = _NAMED_MONTH.fullmatch(text)
    if not m:
        return None
    month = _MONTHS[m["month"].lower()]
    if m["year"]:
        return ResolvedDate(datetime.date(int(m["year"]), month, 1), "month")
    if doc_date is None:
        return None
    which = (m["which"] or "").lower()
    if which in ("last", "this past"):
        year = doc_date.year if month < doc_date.month else doc_date.year - 1
    elif which == "this":
        year = doc_date.year
    elif which:  # next, coming
        year = doc_date.year if month > doc_date.month else doc_date.year + 1
    else:
        year = _nearest_year(month, doc_date)
    return ResolvedDate(datetime.date(year, month, 1), "month")


def _relative_day(text: str, doc_date: datetime.date) -> ResolvedDate | None:
    key = re.sub(r"\s+", " ", text.lower())
    if key in _RELATIVE_DAYS:
        return ResolvedDate(doc_date + datetime.timedelta(days=_RELATIVE_DAYS[key]), "day")
    if m := _YESTERDAY_TOMORROW.fullmatch(text):
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["word"].lower()]
        return ResolvedDate(doc_date + datetime.timedelta(days=shift), "day")
    return None


def _ago(text: str, doc_date: datetime.date) -> ResolvedDate | None:
    m = _AGO.fullmatch(text)
    if not m:
        return None
    direction = m["dir"].lower()
    if direction in ("earlier", "before", "later"):
        # "two days earlier" counts from a time the sentence tells, not from publication,
        # except in the set phrase "a day earlier" handled with the relative days.
        return None
    sign = -1 if direction == "ago" else 1
    n, unit = _count(m["count"]), m["unit"].lower()
    if unit in ("day", "week", "fortnight"):
        days = n * {"day": 1, "week": 7, "fortnight": 14}[unit]
        return ResolvedDate(doc_date + sign * datetime.timedelta(days=days), "day")
    if unit == "month":
        return ResolvedDate(_month_start(doc_date.year, doc_date.month + sign * n), "month")
    years = n * (10 if unit == "decade" else 1)
    return ResolvedDate(datetime.date(doc_date.year + sign * years, 1, 1), "year")


def _weekday(text: str, doc_date: datetime.date) -> ResolvedDate | None:
    m = _WEEKDAY_PHRASE.fullmatch(text)
    if not m:
        return None
    target = _WEEKDAYS[m["weekday"].lower()]
    which = re.sub(r"\s+", " ", (m["which"] or "").lower())
    back = (doc_date.weekday() - target) % 7  # days since the most recent such day (0 = today)
    if which in ("next", "coming", "this coming"):
        shift = (target - doc_date.weekday()) % 7 or 7
    elif which == "this":
        # The day of the publication week (Monday to Sunday): "this Friday" ahead, "this Monday"
        # past.
        shift = target - doc_date.weekday()
    elif which in ("last", "past", "this past", "previous", "the previous"):
        shift = -(back or 7)
    else:
        shift = -back
    return ResolvedDate(doc_date + datetime.timedelta(days=shift), "day")


def _period(text: str, doc_date: datetime.date) -> ResolvedDate | None:
    m = _PERIOD.fullmatch(text)
    if not m:
        return None
    which = (m["which"] or "").lower().removeprefix("the ").removeprefix("the")
    unit = m["unit"].lower()
    if which in ("past", "this past") and unit == "weekend":
        which = "last"  # "the past weekend" is a weekend, not a span of them
    if which in ("past", "this past", "following", "same"):
        # "the past year" and "this past week" are spans up to now; "the following week" and
        # "the same month" count from a time the sentence tells, not from publication.
        return None
    if not which and unit != "weekend":
        return None  # "the week", "year": no point without a determiner that places it
    step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "year":
        return ResolvedDate(datetime.date(doc_date.year + step, 1, 1), "year")
    if unit == "month":
        return ResolvedDate(_month_start(doc_date.year, doc_date.month + step), "month")
    if unit == "week":
        monday = doc_date + datetime.timedelta(days=7 * step - doc_date.weekday())
        return ResolvedDate(monday.replace(day=1), "month")
    # Weekends: "this weekend" is the one ahead or under way, "last weekend" the one before it,
    # and "the weekend" (news reports what happened) the one under way or just past.
    saturday = doc_date + datetime.timedelta(days=5 - doc_date.weekday())
    if which in ("last", "previous") or (not which and doc_date.weekday() < 5):
        saturday -= datetime.timedelta(weeks=1)
    elif step == 1 and doc_date.weekday() >= 5:
        saturday += datetime.timedelta(weeks=1)
    return ResolvedDate(saturday.replace(day=1), "month")


def _season(text: str, doc_date: datetime.date | None) -> ResolvedDate | None:
    m = _SEASON.fullmatch(text)
    if not m:
        return None
    if m["year"]:
        return ResolvedDate(datetime.date(int(m["year"]), 1, 1), "year")
    which = (m["which"] or "").lower().removeprefix("the ")
    if not which or doc_date is None:
        return None  # "summer" alone names a kind of time, not a point
    first_month = _SEASONS[m["season"].lower()]
    # The season's instances near the publication date, by their first day, and when each ends.
    starts = [datetime.date(y, first_month, 1) for y in range(doc_date.year - 2, doc_date.year + 2)]
    ends = {start: _month_start(start.year, first_month + 3) for start in starts}
    if which in ("last", "past", "this past"):
        start = max(s for s in starts if ends[s] <= doc_date)
    elif which == "this":
        under_way = [s for s in starts if s <= doc_date < ends[s]]
        start = under_way[0] if under_way else datetime.date(doc_date.year, first_month, 1)
    else:  # next, coming
        start = min(s for s in starts if s > doc_date)
    # A winter is filed under the year that holds most of it (January and February).
    year = start.year + 1 if first_month == 12 else start.year
    return ResolvedDate(datetime.date(year, 1, 1), "year")


@lru_cache(maxsize=8192)
def _resolve(expression: str, doc_date: datetime.date | None) -> ResolvedDate | None:
    text = re.sub(r"\s+", " ", expression).strip()
    text = _TRAIL.sub("", text)
    text = _LEAD.sub("", text).strip()
    if not text:
        return None
    if found := _absolute_day(text, doc_date):
        return found
    if found := _named_month(text, doc_date):
        return found
    if m := _YEAR_ALONE.fullmatch(text):
        return ResolvedDate(datetime.date(int(m["year"]), 1, 1), "year")
    if found := _season(text, doc_date):
        return found
    if doc_date is not None:
        for rule in (_relative_day, _ago, _weekday, _period):
            if found := rule(text, doc_date):
                return found
    # Last resort, for phrases like "the first quarter of 2024" or "Q3 2024": one explicit year.
    # Decades ("1990s"), amounts ("2000 years") and ranges of two years give no point.
    if re.search(r"\d{2}'?’?s\b|centur", text, _I):
        return None
    years = set(_ANY_YEAR.findall(text))
    if len(years) == 1:
        return ResolvedDate(datetime.date(int(years.pop()), 1, 1), "year")
    return None
