"""The dashboard's charts, drawn on the server as SVG: no script, no network, nothing but markup.

Both charts run over periods (day, week, month or year) with cooperation above the zero line and
conflict below it, as `tidings plot` draws them:
- `quad_chart`: events per period by quad, quads 1-2 stacked upward and 3-4 downward;
- `goldstein_chart`: Goldstein-weighted cooperation (up) and conflict (down) per period, and the
  net of the two as a dash across each bar.
Each period that has events is a link to the list of its events. Every piece of text is escaped
here, so the Markup these functions give can go into a page as it is.

Whatever the store holds, a chart draws at most MAX_PERIODS bars, over news days only
(`chart_span`): a stray date in year 202 or 9999 neither stretches it over centuries nor
steps past the end of the calendar.
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from tidings.days import news_span
from tidings.store.filters import PERIODS  # noqa: F401 - the chart periods, re-exported for the pages
from tidings.store.plots import CONFLICT_COLOR, COOPERATION_COLOR, MAX_BARS, QUAD_COLORS, QUAD_NAMES

MAX_PERIODS = MAX_BARS  # more bars than this would be thinner than a pixel: ask for a longer period
NET_COLOR = "#222222"

# The drawing area, in SVG units (the chart scales to the page's width).
WIDTH, HEIGHT = 960, 330
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 44

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- periods --------------------------------------------------------------------------------------

def period_start(day: datetime.date, by: str) -> datetime.date:
    """Gives the first day of the period holding `day` (weeks start on Monday, as in the store's queries)."""
    if by == "day":
        return day
    if by == "week":
        return day - datetime.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: datetime.date, by: str) -> datetime.date:
    """Gives the first day of the period after the one that starts on `start`."""
    if by == "day":
        return start + datetime.timedelta(days=1)
    if by == "week":
        return start + datetime.timedelta(days=7)
    if by == "month":
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def period_end(start: datetime.date, by: str) -> datetime.date:
    """Gives the last day of the period that starts on `start`."""
    return next_period(start, by) - datetime.timedelta(days=1)


def periods(first: datetime.date, last: datetime.date, by: str) -> list[datetime.date]:
    """Gives the first day of every period from the one holding `first` to the one holding `last`."""
    out, day = [], period_start(first, by)
    while day <= last:
        out.append(day)
        day = next_period(day, by)
    return out


def chart_span(first: datetime.date, last: datetime.date, by: str) -> tuple[datetime.date, datetime.date] | None:
    """Gives the days a chart of first..last by `by` draws: those that are news days (tidings.days),
    and of them the last MAX_PERIODS periods; None when none is a news day."""
    span = news_span(first, last)
    if span is None:
        return None
    first, last = span
    if period_count(first, last, by) > MAX_PERIODS:
        first = max(first, _periods_back(period_start(last, by), by, MAX_PERIODS - 1))
    return first, last


def chart_periods(first: datetime.date, last: datetime.date, by: str) -> list[datetime.date]:
    """Gives the first day of every period a chart of first..last draws (see chart_span)."""
    span = chart_span(first, last, by)
    return periods(*span, by) if span is not None else []


def _periods_back(start: datetime.date, by: str, n: int) -> datetime.date:
    """Gives the first day of the period `n` periods before the one that starts on `start`."""
    if by == "day":
        return start - datetime.timedelta(days=n)
    if by == "week":
        return start - datetime.timedelta(weeks=n)
    if by == "month":
        months = start.year * 12 + start.month - 1 - n
        return datetime.date(months // 12, months % 12 + 1, 1)
    return start.replace(year=start.year - n)


def period_count(first: datetime.date, last: datetime.date, by: str) -> int:
    """Gives how many periods of `by` the days `first`..`last` touch, without listing them."""
    if by == "year":
        return last.year - first.year + 1
    if by == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if by == "week":
        return (period_start(last, "week") - period_start(first, "week")).days // 7 + 1
    return (last - first).days + 1


def auto_period(first: datetime.date, last: datetime.date) -> str:
    """Gives the period that shows `first`..`last` in a readable number of bars (about 6 to 120)."""
    days = (last - first).days + 1
    if days <= 45:
        return "day"
    if days <= 190:
        return "week"
    if days <= 3700:
        return "month"
    return "year"


def period_label(start: datetime.date | str, by: str) -> str:
    """Gives a period's name for people: "3 Jul 2024", "week of 1 Jul 2024", "Jul 2024" or "2024"."""
    if isinstance(start, str):
        start = datetime.date.fromisoformat(start)
    if by == "day":
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    if by == "week":
        return f"week of {start.day} {_MONTHS[start.month - 1]} {start.year}"
    if by == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    return str(start.year)


# --- the charts -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    """One stacked piece of a bar: its value (drawn from the zero line outward), colour and name."""

    value: float
    color: str
    name: str


def quad_chart(rows: Sequence[Mapping[str, Any]], by: str, first: datetime.date, last: datetime.date,
               href: Callable[[datetime.date], str], selected: datetime.date | None = None) -> Markup:
    """Gives an SVG chart of events per period by quad: cooperation (quads 1-2) up, conflict (3-4) down.

    `rows` are period_series() rows (period, quad1..quad4, events); periods without a row are
    drawn empty. `href(period)` gives the link of a period's bar.
    """
    by_period = _by_period(rows)
    bars = []
    for start in chart_periods(first, last, by):
        row = by_period.get(start)
        q = [float(row.get(f"quad{i}") or 0) if row else 0.0 for i in (1, 2, 3, 4)]
        up = [_Part(q[0], QUAD_COLORS[1], QUAD_NAMES[1]), _Part(q[1], QUAD_COLORS[2], QUAD_NAMES[2])]
        down = [_Part(q[2], QUAD_COLORS[3], QUAD_NAMES[3]), _Part(q[3], QUAD_COLORS[4], QUAD_NAMES[4])]
        events = int(row.get("events") or 0) if row else 0
        tip = f"{period_label(start, by)}: {events:,} event{'s' if events != 1 else ''}" + "".join(
            f"; {p.name.lower()} {int(p.value):,}" for p in up + down if p.value)
        bars.append((start, up, down, None, tip, events))
    legend = [(QUAD_COLORS[i], QUAD_NAMES[i]) for i in (1, 2, 3, 4)]
    return _draw(bars, by, legend, f"events per {by}", href, selected, absolute=True,
                 title=f"Events per {by} by quad: cooperation above the line, conflict below", about="/about#quads")


def goldstein_chart(rows: Sequence[Mapping[str, Any]], by: str, first: datetime.date, last: datetime.date,
                    href: Callable[[datetime.date], str], selected: datetime.date | None = None) -> Markup:
    """Gives an SVG chart of Goldstein-weighted cooperation (up) and conflict (down) per period, and the net.

    `rows` are period_series() rows (period, cooperation, conflict, events); cooperation is the sum
    of the positive Goldstein values of a period's events, conflict the sum of the negative ones'
    magnitudes, the net their difference.
    """
    by_period = _by_period(rows)
    bars = []
    for start in chart_periods(first, last, by):
        row = by_period.get(start)
        coop = float(row.get("cooperation") or 0) if row else 0.0
        conflict = float(row.get("conflict") or 0) if row else 0.0
        events = int(row.get("events") or 0) if row else 0
        tip = (f"{period_label(start, by)}: {events:,} event{'s' if events != 1 else ''}; cooperation "
               f"{_signed(coop)}, conflict {_signed(-conflict)}, net {_signed(coop - conflict)}")
        bars.append((start, [_Part(coop, COOPERATION_COLOR, "cooperation")],
                     [_Part(conflict, CONFLICT_COLOR, "conflict")], coop - conflict, tip, events))
    legend = [(COOPERATION_COLOR, "Cooperation (positive Goldstein)"),
              (CONFLICT_COLOR, "Conflict (negative Goldstein)"), (NET_COLOR, "Net")]
    return _draw(bars, by, legend, f"Goldstein sum per {by}", href, selected, absolute=False,
                 title=f"Goldstein-weighted cooperation and conflict per {by}", about="/about#goldstein")


# --- drawing --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plot:
    """Where a chart's bars go: the value at the top (and, negated, at the bottom), the tick step,
    and the width of each period's slot and bar."""

    top_value: float
    step: float
    slot: float
    bar_w: float
    plot_h: float = HEIGHT - TOP - BOTTOM

    def y(self, value: float) -> float:
        return TOP + (self.top_value - value) / (2 * self.top_value) * self.plot_h


def _draw(bars: list, by: str, legend: list[tuple[str, str]], y_title: str,
          href: Callable[[datetime.date], str], selected: datetime.date | None, absolute: bool,
          title: str, about: str) -> Markup:
    """Gives the SVG of bars stacked up and down from a zero line, with axes, ticks, legend and links.

    `bars` holds (period, parts up, parts down, net or None, tooltip, events) per period;
    `absolute` labels the ticks below zero without their sign (counts, not negative values);
    `about` is the page saying what the legend's names mean, linked from the legend.
    """
    up_max = max((sum(p.value for p in b[1]) for b in bars), default=0.0)
    down_max = max((sum(p.value for p in b[2]) for b in bars), default=0.0)
    # Zero in the middle, as `tidings plot` draws it: up is cooperation, down conflict, and a side
    # with nothing on it still shows that it is empty.
    extent = max(up_max, down_max)
    step = _nice_step(extent / 3, whole=absolute) if extent > 0 else 1.0
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    plot = _Plot(max(math.ceil(extent / step - 1e-9), 1) * step, step, slot, max(1.0, slot * 0.78))
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
           f'xmlns="http://www.w3.org/2000/svg">',
           f'<title id="chart-title">{escape(title)}</title>']
    out += _legend(legend, about) + _grid(plot, absolute, y_title) + _bars(plot, bars, href, selected)
    out += _nets(plot, bars) + _x_axis(plot, [b[0] for b in bars], by)
    out.append("</svg>")
    return Markup("".join(out))


def _legend(legend: list[tuple[str, str]], about: str) -> list[str]:
    """Gives the legend, above the plot, and after it a link to what its names mean."""
    out, x = [], LEFT
    for color, name in legend:
        out.append(f'<rect x="{x}" y="12" width="12" height="12" fill="{color}"/>'
                   f'<text class="legend" x="{x + 17}" y="22">{escape(name)}</text>')
        x += 17 + 7.2 * len(name) + 22
    out.append(f'<a class="about" href="{escape(about)}"><text class="legend" x="{WIDTH - RIGHT}" y="36" '
               f'text-anchor="end">what these mean</text></a>')
    return out


def _grid(plot: _Plot, absolute: bool, y_title: str) -> list[str]:
    """Gives the grid lines with their y ticks, which side is which beside the axis, and the unit."""
    out = []
    steps = round(plot.top_value / plot.step)
    for k in range(-steps, steps + 1):
        tick = k * plot.step  # multiplied, not summed: 2.5 added up drifts
        ty = plot.y(tick)
        label = _fmt(abs(tick) if absolute else tick)
        out.append(f'<line class="grid{" zero" if abs(tick) < 1e-9 else ""}" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                   f'y1="{ty:.1f}" y2="{ty:.1f}"/>'
                   f'<text class="tick" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    out.append(f'<text class="side" transform="translate(16 {TOP + plot.plot_h / 4:.0f}) rotate(-90)" '
               f'text-anchor="middle" fill="{COOPERATION_COLOR}">cooperation</text>'
               f'<text class="side" transform="translate(16 {TOP + plot.plot_h * 3 / 4:.0f}) rotate(-90)" '
               f'text-anchor="middle" fill="{CONFLICT_COLOR}">conflict</text>'
               f'<text class="axis-title" x="{WIDTH - RIGHT}" y="22" text-anchor="end">{escape(y_title)}</text>')
    return out


def _bars(plot: _Plot, bars: list, href: Callable[[datetime.date], str],
          selected: datetime.date | None) -> list[str]:
    """Gives the bars, each period with events a link; the selected period marked behind its bar."""
    out = []
    zero = plot.y(0)
    for i, (start, up, down, _net, tip, events) in enumerate(bars):
        x0 = LEFT + i * plot.slot
        bx = x0 + (plot.slot - plot.bar_w) / 2
        if selected is not None and start == selected:
            out.append(f'<rect class="selected" x="{x0:.2f}" y="{TOP}" width="{plot.slot:.2f}" '
                       f'height="{plot.plot_h}"/>')
        pieces = []
        base = zero
        for part in up:
            if part.value > 0:
                h = zero - plot.y(part.value)
                pieces.append(f'<rect x="{bx:.2f}" y="{base - h:.2f}" width="{plot.bar_w:.2f}" height="{h:.2f}" '
                              f'fill="{part.color}"/>')
                base -= h
        base = zero
        for part in down:
            if part.value > 0:
                h = plot.y(-part.value) - zero
                pieces.append(f'<rect x="{bx:.2f}" y="{base:.2f}" width="{plot.bar_w:.2f}" height="{h:.2f}" '
                              f'fill="{part.color}"/>')
                base += h
        if events:
            out.append(f'<a class="period" href="{escape(href(start))}"><title>{escape(tip)}</title>'
                       f'<rect class="hit" x="{x0:.2f}" y="{TOP}" width="{plot.slot:.2f}" height="{plot.plot_h}"/>'
                       + "".join(pieces) + "</a>")
    return out


def _nets(plot: _Plot, bars: list) -> list[str]:
    """Gives the net of each period with events: a dash across its bar (a line through empty periods
    would draw rises and falls that did not happen)."""
    out = []
    for i, b in enumerate(bars):
        if b[3] is not None and b[5]:
            bx = LEFT + i * plot.slot + (plot.slot - plot.bar_w) / 2
            reach = min(max(plot.bar_w * 0.15, 1.5), 4)
            out.append(f'<line class="net" x1="{bx - reach:.2f}" x2="{bx + plot.bar_w + reach:.2f}" '
                       f'y1="{plot.y(b[3]):.2f}" y2="{plot.y(b[3]):.2f}" stroke="{NET_COLOR}"/>')
    return out


def _x_axis(plot: _Plot, starts: list[datetime.date], by: str) -> list[str]:
    """Gives the y axis line and the x labels of the periods chosen to be labelled."""
    out = [f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot.plot_h}"/>']
    for i, lines in _x_labels(starts, by):
        cx = LEFT + (i + 0.5) * plot.slot
        spans = "".join(f'<tspan x="{cx:.2f}" dy="{0 if k == 0 else 14}">{escape(t)}</tspan>'
                        for k, t in enumerate(lines))
        out.append(f'<line class="axis" x1="{cx:.2f}" x2="{cx:.2f}" y1="{TOP + plot.plot_h}" '
                   f'y2="{TOP + plot.plot_h + 4}"/>'
                   f'<text class="tick" x="{cx:.2f}" y="{TOP + plot.plot_h + 17}" text-anchor="middle">{spans}</text>')
    return out


def _x_labels(starts: list[datetime.date], by: str, most: int = 12) -> list[tuple[int, list[str]]]:
    """Gives (bar index, lines of text) of the bars to label: at most about `most`, on round periods."""
    n = len(starts)
    if by == "year":
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if n / s <= most)
        return [(i, [str(d.year)]) for i, d in enumerate(starts) if d.year % step == 0 or n == 1]
    if by == "month":
        step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 1200) if n / s <= most)
        labels, last_year = [], None
        for i, d in enumerate(starts):
            index = d.year * 12 + d.month - 1
            if index % step:
                continue
            if step >= 12:
                labels.append((i, [str(d.year)]))
            else:
                labels.append((i, [_MONTHS[d.month - 1]] + ([str(d.year)] if d.year != last_year else [])))
                last_year = d.year
        return labels
    step = next(s for s in (1, 2, 4, 7, 14, 28, 56, 91, 182, 364, 728, 100000) if n / s <= most)
    labels, last_year = [], None
    for i, d in enumerate(starts):
        if i % step:
            continue
        labels.append((i, [f"{d.day} {_MONTHS[d.month - 1]}"] + ([str(d.year)] if d.year != last_year else [])))
        last_year = d.year
    return labels


def _by_period(rows: Sequence[Mapping[str, Any]]) -> dict[datetime.date, Mapping[str, Any]]:
    """Gives the rows by their period's first day (a date, whether the row holds a date or a string)."""
    out = {}
    for row in rows:
        period = row["period"]
        if isinstance(period, str):
            period = datetime.date.fromisoformat(period)
        elif isinstance(period, datetime.datetime):
            period = period.date()
        out[period] = row
    return out


def _nice_step(raw: float, whole: bool = False) -> float:
    """Gives the round tick step (1, 2, 2.5 or 5 times a power of ten) at or above `raw`.

    `whole` steps count things: no 2.5, and never under 1.
    """
    if whole and raw <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in ((1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)):
        if factor * power >= raw - 1e-12:
            return factor * power
    return 10 * power


def _signed(value: float) -> str:
    """Gives a Goldstein sum with its sign (+8.0, −4.0), and zero as 0.0."""
    if round(value, 1) == 0:
        return "0.0"
    return f"{value:+.1f}".replace("-", "−")


def _fmt(value: float) -> str:
    """Gives a tick value: whole numbers without decimals, thousands separated, minus as −."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace("-", "−")
