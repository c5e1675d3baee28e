"""Charts of the store for reports: a dyad's cooperation and conflict over time, the most active dyads.

Drawn with matplotlib's Agg renderer on a bare `Figure` (no pyplot, no display, no global state),
to PNG or SVG by the file's extension. As the queries do, a happening reported many times (a
cluster) counts once, on the day of its first report, with its mean Goldstein value, unless
`mentions` asks for every report; reports the text negates ("did not meet") do not count.
"""
from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import duckdb

from tidings.days import FIRST_NEWS_DAY, LAST_NEWS_DAY
from tidings.lexicon.countries import country_name
from tidings.store.filters import PERIODS
from tidings.store.known import check_codes
from tidings.store.schema import COUNTED, DATED_EVENTS

IMAGE_FORMATS = ("png", "svg")
# Whatever the store holds, a chart draws at most this many bars: more would be thinner than a
# pixel, and a stray date centuries off would otherwise ask for hundreds of thousands of them.
MAX_BARS = 1000
MAX_DYADS = 100  # bars of plot_actors, one a dyad; each takes a line of the figure's height

# pandas frequencies of the periods, and how wide (days) a bar of one period is drawn.
_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}
_BAR_DAYS = {"day": 0.8, "week": 5.5, "month": 24, "year": 300}

COOPERATION_COLOR = "#2a9d8f"
CONFLICT_COLOR = "#d1495b"
QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
QUAD_COLORS = {1: "#8fd3c7", 2: "#2a9d8f", 3: "#f4a261", 4: "#d1495b"}

_CODE = re.compile(r"[A-Za-z]{3}")


def actor_label(code: str) -> str:
    """Gives the name of an actor code for titles and labels ("KAZ": "Kazakhstan"), else the code."""
    return country_name(code) or code


class PlotError(ValueError):
    """A chart cannot be drawn as asked; the message says why and what to do."""


def plot_dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str, path: str | os.PathLike,
              directed: bool = False, mentions: bool = False) -> int:
    """Gives the number of events drawn in a chart of dyad A-B's cooperation and conflict per period.

    Cooperation is the sum of the Goldstein values of quad 1-2 events (verbal and material
    cooperation), conflict the same sum over quads 3-4, drawn below zero as it is negative; a line
    shows their sum (net). Both directions count (A toward B and B toward A) unless `directed`.
    """
    fmt = image_format(path)
    a, b = _code(a), _code(b)
    if by not in PERIODS:
        raise PlotError(f"--by {by}: use one of {', '.join(PERIODS)}")
    for code in (a, b):
        check_codes(con, actor=code)  # a typo is told as one, not drawn as an empty chart
    frame, cut = _dyad_series(con, a, b, by, directed, mentions)
    total = int(frame["events"].sum())
    arrow = "→" if directed else "↔"

    fig, ax = _figure((10, 5.6))
    half = datetime.timedelta(days=_half_period(by))
    x = [p.to_pydatetime() + half for p in frame.index]
    width = _BAR_DAYS[by]
    handles = [
        ax.bar(x, frame["cooperation"], width=width, color=COOPERATION_COLOR,
               label="Cooperation: Goldstein sum of quads 1–2"),
        ax.bar(x, frame["conflict"], width=width, color=CONFLICT_COLOR,
               label="Conflict: Goldstein sum of quads 3–4"),
        *ax.plot(x, frame["cooperation"] + frame["conflict"], color="#222222", marker="o", markersize=4,
                 markevery=[i for i, n in enumerate(frame["events"]) if n],  # a dot where there were events
                 linewidth=1.4, label="Net (cooperation + conflict)"),
    ]
    ax.axhline(0, color="#555555", linewidth=0.8)
    extent = max(1.0, float(frame["cooperation"].abs().max()), float(frame["conflict"].abs().max()))
    ax.set_ylim(-extent * 1.15, extent * 1.15)  # zero in the middle: up is cooperation, down conflict
    pad = datetime.timedelta(days=_half_period(by) * 2)
    ax.set_xlim(x[0] - pad, x[-1] + pad)

    counted = "reports" if mentions else "events"
    title = f"{actor_label(a)} {arrow} {actor_label(b)}: cooperation and conflict by {by}"
    ax.set_title(title, fontsize=14, fontweight="bold", loc="left", pad=22)
    shown = f" · the last {MAX_BARS:,} {by}s" if cut else ""
    ax.text(0, 1.015, f"{a} {arrow} {b} · {total} {counted}{shown} · Goldstein-weighted (−10 to +10 per event)",
            transform=ax.transAxes, fontsize=9.5, color="#555555", va="bottom")
    ax.set_ylabel(f"Goldstein sum per {by}")
    ax.set_xlabel(by.capitalize())
    _period_ticks(ax, x, list(frame.index), by)
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=9.5)
    ax.grid(axis="y", color="#dddddd", linewidth=0.7)
    ax.set_axisbelow(True)
    _save(fig, path, fmt)
    return total


def _dyad_series(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str, directed: bool,
                 mentions: bool):
    """Gives the dyad's events, cooperation and conflict per period, every period from the first to
    the last (a DataFrame indexed by period), and whether earlier periods were left out to keep
    MAX_BARS; raises PlotError when it has no dated events.

    Only events on news days count (tidings.days): a stray date in year 202 is no period to draw.
    """
    unit = "id" if mentions else "unit"
    pairs = "(source_code = ? AND target_code = ?)" + ("" if directed else " OR (source_code = ? AND target_code = ?)")
    params = [a, b] + ([] if directed else [b, a])
    frame = con.execute(f"""
        WITH units AS (
            SELECT {unit} AS unit, min(day) AS day, mode(quad) AS quad, avg(goldstein) AS goldstein
            FROM {DATED_EVENTS} e
            WHERE ({pairs}) AND day BETWEEN ? AND ? AND {COUNTED}
            GROUP BY ALL)
        SELECT date_trunc(?, day)::DATE AS period, count(*) AS events,
               coalesce(sum(goldstein) FILTER (WHERE quad IN (1, 2)), 0) AS cooperation,
               coalesce(sum(goldstein) FILTER (WHERE quad IN (3, 4)), 0) AS conflict
        FROM units GROUP BY period ORDER BY period""", params + [FIRST_NEWS_DAY, LAST_NEWS_DAY, by]).df()
    if frame.empty:
        between = f"from {a} to {b}" if directed else f"between {a} and {b}"
        raise PlotError(f"no dated events {between} in the store; check the codes with `tidings dyads`")

    import pandas as pd

    frame["period"] = pd.to_datetime(frame["period"])
    last = frame["period"].max()
    earliest = last - _periods(by, MAX_BARS - 1)  # period starts minus whole periods stay period starts
    cut = bool(frame["period"].min() < earliest)
    frame = frame[frame["period"] >= earliest]
    periods = pd.date_range(frame["period"].min(), last, freq=_FREQ[by])
    frame = frame.set_index("period").reindex(periods, fill_value=0)  # empty periods drawn as zero
    return frame, cut


def _periods(by: str, n: int):
    """Gives `n` periods of `by` as a pandas offset."""
    import pandas as pd

    if by == "day":
        return pd.Timedelta(days=n)
    if by == "week":
        return pd.Timedelta(weeks=n)
    return pd.DateOffset(months=n) if by == "month" else pd.DateOffset(years=n)



def plot_actors(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, top: int = 10,
                mentions: bool = False) -> int:
    """Gives the number of dyads drawn in a bar chart of the `top` most active (source → target) dyads.

    Each bar is split by quad, so the chart says at once who deals with whom most and how.
    """
    fmt = image_format(path)
    if not isinstance(top, int) or not 1 <= top <= MAX_DYADS:
        raise PlotError(f"--top {top}: give a whole number from 1 to {MAX_DYADS}")
    frame = dyad_bars(con, top, mentions)
    if frame.empty:
        raise PlotError("no events with both a source and a target in the store; ingest articles first")

    frame = frame.iloc[::-1]  # barh draws bottom-up: the most active dyad last, so on top
    labels = [f"{actor_label(s)} → {actor_label(t)}" for s, t in zip(frame["source_code"], frame["target_code"])]
    fig, ax = _figure((10, 1.6 + 0.42 * len(frame)))
    left = [0] * len(frame)
    for quad in (1, 2, 3, 4):
        values = list(frame[f"q{quad}"])
        ax.barh(labels, values, left=left, color=QUAD_COLORS[quad], label=QUAD_NAMES[quad], height=0.7)
        left = [l + v for l, v in zip(left, values)]
    for y, total in enumerate(frame["events"]):
        ax.text(total, y, f" {total}", va="center", fontsize=9, color="#333333")
    counted = "reports" if mentions else "events"
    ax.set_title(f"Most active dyads: {counted} by quad", fontsize=14, fontweight="bold", loc="left")
    ax.set_xlabel(f"{counted.capitalize()} (source → target)")
    ax.set_xlim(0, max(left) * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize=9)
    ax.grid(axis="x", color="#dddddd", linewidth=0.7)
    ax.set_axisbelow(True)
    _save(fig, path, fmt)
    return len(frame)


def image_format(path: str | os.PathLike) -> str:
    """Gives the image format of a file name (png or svg); raises PlotError for any other."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in IMAGE_FORMATS:
        raise PlotError(f"-o {path}: name a .png or .svg file (the extension picks the format)")
    return suffix


def _code(code: str) -> str:
    """Gives an actor code in capitals; raises PlotError when it is not three letters."""
    if not _CODE.fullmatch(code.strip()):
        raise PlotError(f"actor code {code}: write a three-letter code such as CHN or UNO")
    return code.strip().upper()


def _half_period(by: str) -> float:
    return {"day": 0.5, "week": 3.5, "month": 15, "year": 182}[by]


def _figure(size: tuple[float, float]):
    """Gives a new (figure, axes) drawn by Agg, never shown on a display."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=110, layout="constrained")
    ax = fig.subplots()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _period_ticks(ax, x: list[datetime.datetime], periods: list, by: str) -> None:
    """Labels the bars with their periods ("Mar", "2024"), at most about 14 labels, the year when it turns."""
    step = max(1, -(-len(x) // 14))
    ticks, labels, last_year = [], [], None
    for i in range(0, len(x), step):
        period = periods[i]
        if by == "year":
            label = f"{period.year}"
        else:
            label = period.strftime("%b") if by == "month" else f"{period.day} {period.strftime('%b')}"
            if period.year != last_year:
                label += f"\n{period.year}"
        last_year = period.year
        ticks.append(x[i])
        labels.append(label)
    ax.set_xticks(ticks, labels)
    ax.tick_params(axis="x", length=0)


def _save(fig, path: str | os.PathLike, fmt: str) -> None:
    import matplotlib

    try:
        # SVG text kept as text, not outlines: searchable, editable and smaller in a report.
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(path, format=fmt)
    except OSError as e:
        raise PlotError(f"-o {path}: cannot write ({e.strerror or e})") from None


def dyad_bars(con: duckdb.DuckDBPyConnection, top: int, mentions: bool = False):
    """Gives the `top` most active dyads with their events by quad, as plot_actors draws them (the
    events counted as every tally counts them: schema.COUNTED)."""
    unit = "id" if mentions else "unit"
    return con.execute(f"""
        WITH units AS (
            SELECT {unit} AS unit, source_code, target_code, mode(quad) AS quad
            FROM {DATED_EVENTS} e
            WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND {COUNTED}
            GROUP BY ALL),
        dyads AS (
            SELECT source_code, target_code, count(*) AS events,
                   count(*) FILTER (WHERE quad = 1) AS q1, count(*) FILTER (WHERE quad = 2) AS q2,
                   count(*) FILTER (WHERE quad = 3) AS q3, count(*) FILTER (WHERE quad = 4) AS q4
            FROM units GROUP BY source_code, target_code)
        SELECT * FROM dyads ORDER BY events DESC, source_code, target_code LIMIT ?""", [top]).df()
