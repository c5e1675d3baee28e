"""A pair's pledges over time: each pledge a mark on its own line, its links lines to what followed.

One row per pledge (newest at the top), its mark at the day it was made, coloured by its status; a
due is a bar at the due's day; each link a line from the pledge to the later event's day, ending in
a mark of its relation (filled circle fulfils, diamond reaffirms, cross contradicts).
"""
from __future__ import annotations

import datetime
import os

import duckdb
import pandas as pd

from tidings.store import pledge_queries
from tidings.store.plots import PlotError, _code, _figure, _save, image_format

STATUS_COLOURS = {"open": "#5b7fb0", "reaffirmed": "#8a6fb8", "fulfilled": "#2e8b57", "contradicted": "#c0392b",
                  "overdue": "#d68910"}
RELATION_MARKS = {"fulfils": ("o", "#2e8b57"), "reaffirms": ("D", "#8a6fb8"), "contradicts": ("X", "#c0392b")}
LABEL_WIDTH = 48


def plot_pledges(con: duckdb.DuckDBPyConnection, a: str, b: str, path: str | os.PathLike, limit: int = 40) -> int:
    """Draws the pledges between actors `a` and `b` (either way) to `path`; gives how many were drawn."""
    fmt = image_format(path)
    a, b = _code(a), _code(b)
    pledges = pledge_queries.pledges(con, dyad=f"{a}-{b}", limit=limit)
    pledges = pledges[pledges["made"].notna()]
    if pledges.empty:
        raise PlotError(f"no dated pledges between {a} and {b} in the store")
    links = pledge_queries.links(con, list(pledges["pledge_id"]))
    fig, ax = _figure((11, max(2.5, 0.42 * len(pledges) + 1.4)))
    rows = {pid: n for n, pid in enumerate(reversed(list(pledges["pledge_id"])))}
    made = {r.pledge_id: _day(r.made) for r in pledges.itertuples()}
    for r in pledges.itertuples():
        y = rows[r.pledge_id]
        if pd.notna(r.due):
            ax.plot([made[r.pledge_id], _day(r.due)], [y, y], color="#bbbbbb", linewidth=1, linestyle=":", zorder=1)
            ax.plot([_day(r.due)], [y], marker="|", markersize=12, color="#555555", zorder=2)
        ax.scatter([made[r.pledge_id]], [y], s=70, color=STATUS_COLOURS[r.status], zorder=3, edgecolors="black",
                   linewidths=0.5)
    for k in links.itertuples():
        if k.pledge_id not in rows or pd.isna(k.event_day):
            continue
        y, marker = rows[k.pledge_id], RELATION_MARKS[k.relation]
        ax.plot([made[k.pledge_id], _day(k.event_day)], [y, y + 0.18], color=marker[1], linewidth=1.2, zorder=2)
        ax.scatter([_day(k.event_day)], [y + 0.18], marker=marker[0], s=45, color=marker[1], zorder=3)
    labels = [""] * len(rows)
    for r in pledges.itertuples():
        what = (r.what or "").split(";")[0]
        labels[rows[r.pledge_id]] = f"{r.source_code}→{r.target_code} {_short(what)}"
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(axis="x", color="#eeeeee")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter   # labels that never crowd
    locator = AutoDateLocator(maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_title(f"Pledges between {a} and {b}: made (dot, by status), due (|), and what followed")
    for status, colour in STATUS_COLOURS.items():
        ax.scatter([], [], color=colour, s=50, label=status, edgecolors="black", linewidths=0.5)
    for relation, (marker, colour) in RELATION_MARKS.items():
        ax.scatter([], [], color=colour, marker=marker, s=40, label=relation)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    _save(fig, path, fmt)
    return len(pledges)


def _day(value) -> datetime.date:
    return pd.Timestamp(value).date()


def _short(text: str) -> str:
    return text if len(text) <= LABEL_WIDTH else text[:LABEL_WIDTH - 1] + "…"
