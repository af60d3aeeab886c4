"""Families counted in hexagons on the server (issue 27, point 4), so each hexagon has a tooltip
("12 keluarga di sekitar sini") and sits under the kelurahan names: deck.gl's HexagonLayer
aggregates in the browser, where a tooltip cannot read its count through Streamlit, and it was
drawn over the names.

The grid is a flat-top hexagonal grid in metres around the city (an equirectangular projection
at the families' mean latitude: at Bontang's size the distortion is far below a street).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pydeck as pdk

from geo.layers import HEXAGON_COLOURS, HEXAGON_RADIUS_M

__all__ = ["HEXAGON_LAYER_ID", "hexagon_bins", "hexagon_cells_layer"]

HEXAGON_LAYER_ID = "heksagon"
_EARTH_M = 6_371_000.0


def _to_metres(lon: np.ndarray, lat: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    k = math.pi / 180 * _EARTH_M
    return lon * k * math.cos(math.radians(lat0)), lat * k


def _to_degrees(x: np.ndarray, y: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    k = math.pi / 180 * _EARTH_M
    return x / (k * math.cos(math.radians(lat0))), y / k


def _axial(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """The flat-top hexagon (axial q, r) holding each point (cube rounding)."""
    q = (2 / 3 * x) / size
    r = (-1 / 3 * x + math.sqrt(3) / 3 * y) / size
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(int), rr.astype(int)


def hexagon_bins(points: pd.DataFrame, radius_m: float = HEXAGON_RADIUS_M) -> pd.DataFrame:
    """One row per occupied hexagon: ``polygon`` (lon/lat corners), ``count``, and the tooltip
    fields ``nama`` (the count as a band, not the exact number: a hexagon holds a few streets)
    and ``value_text``.

    >>> pts = pd.DataFrame({"lon": [117.50, 117.5001, 117.53], "lat": [0.13, 0.1301, 0.16]})
    >>> bins = hexagon_bins(pts)
    >>> sorted(bins["count"].tolist()), bins["nama"].iloc[0]
    ([1, 2], 'kurang dari 5 keluarga')
    """
    columns = ["polygon", "count", "nama", "value_text"]
    if points.empty:
        return pd.DataFrame(columns=columns)
    lon, lat = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
    lat0 = float(lat.mean())
    x, y = _to_metres(lon, lat, lat0)
    q, r = _axial(x, y, radius_m)
    cells = pd.DataFrame({"q": q, "r": r}).value_counts().rename("count").reset_index()
    cells = cells.sort_values("count", ascending=False).reset_index(drop=True)
    cx = radius_m * 3 / 2 * cells["q"].to_numpy()
    cy = radius_m * math.sqrt(3) * (cells["r"].to_numpy() + cells["q"].to_numpy() / 2)
    angles = np.radians(np.arange(0, 360, 60))
    polygons = []
    for px, py in zip(cx, cy, strict=True):
        clon, clat = _to_degrees(px + 0.95 * radius_m * np.cos(angles), py + 0.95 * radius_m * np.sin(angles), lat0)
        polygons.append([[float(a), float(b)] for a, b in zip(clon, clat, strict=True)])
    counts = cells["count"].astype(int)
    return pd.DataFrame(
        {
            "polygon": polygons,
            "count": counts,
            "nama": [band(c) for c in counts],
            "value_text": ["tanpa program, dalam heksagon ±300 m ini"] * len(counts),
        }
    )[columns]


#: Upper bounds (exclusive) of the count bands a hexagon's tooltip names.
BANDS = (5, 10, 20, 50)


def band(count: int) -> str:
    """A hexagon's count as a band.

    >>> band(3), band(12), band(75)
    ('kurang dari 5 keluarga', '10–19 keluarga', '50 keluarga atau lebih')
    """
    if count < BANDS[0]:
        return f"kurang dari {BANDS[0]} keluarga"
    for low, high in zip(BANDS, BANDS[1:], strict=False):
        if count < high:
            return f"{low}–{high - 1} keluarga"
    return f"{BANDS[-1]} keluarga atau lebih"


def _colour(count: int, top: int) -> list[int]:
    """The few-to-many blues of :data:`geo.layers.HEXAGON_COLOURS` by the count's share of the top."""
    steps = len(HEXAGON_COLOURS)
    index = min(steps - 1, int(math.ceil(count / max(top, 1) * steps)) - 1)
    return [*HEXAGON_COLOURS[max(index, 0)], 150]


def hexagon_cells_layer(points: pd.DataFrame, radius_m: float = HEXAGON_RADIUS_M) -> pdk.Layer:
    """The occupied hexagons as polygons with a tooltip; a city-wide view of the families."""
    bins = hexagon_bins(points, radius_m)
    top = int(bins["count"].max()) if len(bins) else 1
    records = [
        {"polygon": p, "nama": n, "value_text": t, "color": _colour(int(c), top)}
        for p, n, t, c in zip(bins["polygon"], bins["nama"], bins["value_text"], bins["count"], strict=True)
    ]
    return pdk.Layer(
        "PolygonLayer",
        data=records,
        id=HEXAGON_LAYER_ID,
        get_polygon="polygon",
        get_fill_color="color",
        stroked=False,
        filled=True,
        pickable=True,
    )
