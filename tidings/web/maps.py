"""The dashboard's map, drawn on the server as SVG over the country outlines of world.py.

Two layers: each country shaded by how many reports were placed in it (five steps, on a log
scale: a few countries hold most events), and each place a circle whose area grows with
its reports and whose colour is its most frequent quad. Like charts.py it runs no script and
loads nothing: fills are presentation attributes, which the pages' Content-Security-Policy allows
where it forbids inline styles. Every piece of text is escaped here.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from tidings.store.plots import QUAD_COLORS, QUAD_NAMES, actor_label
from tidings.web import world

LAND = "#eceff3"
SHADES = ("#dbe7f3", "#b3cde6", "#86aed6", "#5a8ec4", "#2f6aa8")   # from few events to most
MAX_RADIUS, MIN_RADIUS = 16.0, 2.2
LEGEND_H = 50
ABOUT_QUADS = "/about#quads"


def world_map(points: Sequence[Mapping[str, Any]], countries: Sequence[Mapping[str, Any]],
              title: str = "Where the events happened") -> Markup:
    """Gives the SVG map: countries shaded by `countries` rows (country, events), circles for `points`
    rows (lat, lon, place, events, quad1..quad4), the largest drawn first so that small ones stay visible."""
    width, height = world.WIDTH, world.HEIGHT + LEGEND_H
    out = [f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-title" '
           f'xmlns="http://www.w3.org/2000/svg">', f'<title id="map-title">{escape(title)}</title>']
    out += _countries(countries)
    out += _points(points)
    out += _legend(countries, height)
    out.append("</svg>")
    return Markup("".join(out))


def shade(events: int, most: int) -> str:
    """Gives a country's fill: one of SHADES by log(events) against log(most)."""
    if events <= 0 or most <= 0:
        return LAND
    step = math.log1p(events) / math.log1p(most) * (len(SHADES) - 1) if most > 1 else len(SHADES) - 1
    return SHADES[min(len(SHADES) - 1, round(step))]


def dominant_quad(row: Mapping[str, Any]) -> int | None:
    """Gives the quad with most reports at a place (the lower quad on a tie), None when none has any."""
    counts = [int(row.get(f"quad{q}") or 0) for q in (1, 2, 3, 4)]
    return counts.index(max(counts)) + 1 if max(counts) > 0 else None


def _countries(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    counts = {str(r["country"]): int(r["events"]) for r in rows if r.get("country")}
    most = max(counts.values(), default=0)
    out = ['<g class="countries">']
    for code, path in world.outlines().items():
        n = counts.get(code, 0)
        tip = f"{actor_label(code)} ({code}): {n:,} event report{'s' if n != 1 else ''} placed here"
        out.append(f'<path class="country" d="{path}" fill="{shade(n, most)}" data-code="{code}">'
                   f'<title>{escape(tip)}</title></path>')
    out.append("</g>")
    return out


def _points(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    most = max((int(r["events"]) for r in rows), default=0)
    out = ['<g class="points">']
    for r in sorted(rows, key=lambda r: -int(r["events"])):
        if r.get("lat") is None or r.get("lon") is None:
            continue
        x, y = world.project(float(r["lat"]), float(r["lon"]))
        n = int(r["events"])
        radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(n / most) if most else MIN_RADIUS
        quad = dominant_quad(r)
        color = QUAD_COLORS.get(quad, "#888888")
        quads = "; ".join(f"{QUAD_NAMES[q].lower()} {int(r.get(f'quad{q}') or 0):,}" for q in (1, 2, 3, 4)
                          if r.get(f"quad{q}"))
        tip = f"{r.get('place') or 'a place'} ({float(r['lat']):.1f}, {float(r['lon']):.1f}): {n:,} event report" \
              f"{'s' if n != 1 else ''}" + (f"; {quads}" if quads else "")
        out.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{color}" '
                   f'fill-opacity="0.75" stroke="#ffffff" stroke-width="0.8" data-events="{n}">'
                   f'<title>{escape(tip)}</title></circle>')
    out.append("</g>")
    return out


def _legend(countries: Sequence[Mapping[str, Any]], height: int) -> list[str]:
    """Gives the legend below the map: the quads' colours, the shading's range, and a link to what they mean."""
    y = height - LEGEND_H + 12
    out, x = [f'<g class="map-legend">'], 8
    for q in (1, 2, 3, 4):
        out.append(f'<circle cx="{x + 6}" cy="{y + 6}" r="6" fill="{QUAD_COLORS[q]}"/>'
                   f'<text class="legend" x="{x + 16}" y="{y + 10}">{escape(QUAD_NAMES[q])}</text>')
        x += 22 + 7 * len(QUAD_NAMES[q]) + 14
    most = max((int(r["events"]) for r in countries if r.get("country")), default=0)
    out.append(f'<text class="legend" x="{x}" y="{y + 10}">country:</text>')
    x += 58
    for i, color in enumerate(SHADES):
        out.append(f'<rect x="{x + i * 16}" y="{y}" width="16" height="12" fill="{color}"/>')
    out.append(f'<text class="legend" x="{x + 16 * len(SHADES) + 6}" y="{y + 10}">1 to {most:,} reports</text>')
    out.append(f'<a class="about" href="{ABOUT_QUADS}"><text class="legend" x="8" y="{y + 30}">'
               f'what the colours mean</text></a>')
    out.append("</g>")
    return out
