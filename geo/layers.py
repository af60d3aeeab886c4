"""Map layers for the dashboard: choropleth GeoJSON, colour classes, points and hexagons.

Pure functions returning GeoJSON dicts, legends and pydeck objects; no Streamlit. The map
needs no internet: ``map_provider=None`` draws no basemap; a tile server is used only when
``KEMISKINAN_MAP_STYLE`` names a MapLibre style URL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

from analytics.settings import settings

__all__ = [
    "CHOROPLETH_LAYER_ID",
    "MAP_STYLE_ENV",
    "choropleth_geojson",
    "choropleth_layer",
    "class_breaks",
    "deck",
    "hexagon_layer",
    "legend_items",
    "outline_layer",
    "points_layer",
    "view_state",
]

MAP_STYLE_ENV = "KEMISKINAN_MAP_STYLE"
CHOROPLETH_LAYER_ID = "kelurahan"
# Sequential yellow-to-red (ColorBrewer YlOrRd, 5 classes): darker means worse.
PALETTE = ((255, 255, 178), (254, 204, 92), (253, 141, 60), (240, 59, 32), (189, 0, 38))
NO_DATA = (200, 200, 200)
#: Household dots without a colour of their own, and the hexagons' few-to-many blues.
POINT_COLOUR = (30, 80, 200)
#: The outline of the kelurahan whose profile is open.
OUTLINE_COLOUR = (20, 60, 160)
HEXAGON_COLOURS = ((198, 219, 239), (158, 202, 225), (107, 174, 214), (49, 130, 189), (8, 81, 156), (8, 48, 107))
# Fill opacity of a kelurahan whose estimate is not reliable (faded: its colour is a guess).
FADED_ALPHA = 55
# About 300 m at Bontang's latitude: a hexagon holds a few streets, so no family is singled out.
HEXAGON_RADIUS_M = 300


def class_breaks(values, n_classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of equal-count (quantile) classes of the finite values, deduplicated.

    >>> class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)
    [2.8, 4.6, 6.4, 8.2, 10.0]
    >>> class_breaks([0, 0, 0])
    [0.0]
    """
    finite = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    if finite.size == 0:
        return []
    quantiles = np.quantile(finite, np.linspace(0, 1, n_classes + 1)[1:])
    return sorted({round(float(q), 12) for q in quantiles})


def _class_of(value, breaks: list[float]) -> int | None:
    if value is None or not np.isfinite(value) or not breaks:
        return None
    for i, upper in enumerate(breaks):
        if value <= upper:
            return i
    return len(breaks) - 1


def _color(index: int | None, n_breaks: int) -> list[int]:
    if index is None:
        return [*NO_DATA, 160]
    # Spread fewer classes over the whole palette so the top class is always the darkest.
    position = 0 if n_breaks <= 1 else round(index * (len(PALETTE) - 1) / (n_breaks - 1))
    return [*PALETTE[position], 200]


def legend_items(breaks: list[float], fmt: Callable[[float], str], lower: float | None = None) -> list[dict]:
    """Legend rows: colour (hex) and range label, from lowest class to highest.

    >>> legend_items([1.0, 2.0], lambda v: f"{v:.0f}", lower=0.0)
    [{'color': '#ffffb2', 'label': '0 – 1'}, {'color': '#bd0026', 'label': '> 1 – 2'}]
    """
    items = []
    for i, upper in enumerate(breaks):
        r, g, b, _ = _color(i, len(breaks))
        if i == 0:
            label = f"{fmt(lower)} – {fmt(upper)}" if lower is not None else f"≤ {fmt(upper)}"
        else:
            label = f"> {fmt(breaks[i - 1])} – {fmt(upper)}"
        items.append({"color": f"#{r:02x}{g:02x}{b:02x}", "label": label})
    return items


def choropleth_geojson(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    value_column: str,
    fmt: Callable[[float], str],
    extra: dict[str, Callable[[pd.Series], str]] | None = None,
    breaks: list[float] | None = None,
) -> dict:
    """A FeatureCollection of kelurahan with the value, its text and fill colour as properties.

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        kode, nama, geometry (EPSG:4326), from ``kelurahan_boundaries()``.
    values : pandas.DataFrame
        kode and ``value_column`` (and any columns ``extra`` reads).
    value_column : str
    fmt : callable
        Formats a value for the tooltip (Indonesian format).
    extra : dict, optional
        Property name -> function of the row returning tooltip text.
    breaks : list of float, optional
        Class upper bounds; default :func:`class_breaks` of the values.

    Returns
    -------
    dict
        GeoJSON with properties kode, nama, value_text (the value as printed), fill_color,
        faded and the extras, never the unrounded value; kelurahan without a value are grey
        with value_text '–'; ``breaks`` and ``lower`` (the least value) for the legend. A boolean ``faded``
        column in ``values`` draws those kelurahan with a faded fill (an unreliable estimate).
    """
    merged = boundaries.merge(values, on="kode", how="left", suffixes=("", "_value"))
    if breaks is None:
        breaks = class_breaks(merged[value_column].astype(float))
    features = []
    for _, row in merged.iterrows():
        value = row[value_column]
        value = None if value is None or pd.isna(value) else float(value)
        faded = bool(row["faded"]) if "faded" in merged.columns and pd.notna(row["faded"]) else False
        color = _color(_class_of(value, breaks), len(breaks))
        # Only what the tooltip prints reaches the browser: the colour is chosen here, and the
        # value itself (6/2236 = 0.0026833631484794273 gave a hidden count back) stays on the server.
        properties = {
            "kode": row["kode"],
            "nama": row["nama"],
            "value_text": "–" if value is None else fmt(value),
            "fill_color": [*color[:3], FADED_ALPHA] if faded else color,
            "faded": faded,
        }
        for name, make in (extra or {}).items():
            properties[name] = make(row)
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(gpd.GeoSeries([row.geometry]).to_json())["features"][0]["geometry"],
                "properties": properties,
            }
        )
    finite = [v for v in merged[value_column].astype(float) if np.isfinite(v)]
    # breaks and lower are for the legend, which prints them formatted; choropleth_layer sends
    # the features only.
    return {"type": "FeatureCollection", "features": features, "breaks": breaks, "lower": min(finite, default=None)}


def choropleth_layer(geojson: dict) -> pdk.Layer:
    """Filled, pickable kelurahan polygons (the layer id is what a click selection names)."""
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": geojson["features"]},
        id=CHOROPLETH_LAYER_ID,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill_color",
        get_line_color=[80, 80, 80, 255],
        line_width_min_pixels=1,
        auto_highlight=True,
    )


def base_layer(boundaries: gpd.GeoDataFrame) -> pdk.Layer:
    """Every kelurahan in light grey with its border: the ground under a layer of dots."""
    return pdk.Layer(
        "GeoJsonLayer",
        data=json.loads(boundaries[["kode", "geometry"]].to_json()),
        id="wilayah",
        stroked=True,
        filled=True,
        get_fill_color=[238, 238, 232, 255],
        get_line_color=[150, 150, 150, 255],
        line_width_min_pixels=1,
        pickable=False,
    )


def outline_layer(boundaries: gpd.GeoDataFrame, kode: str) -> pdk.Layer:
    """A thick outline around one kelurahan (the one whose profile is open)."""
    chosen = boundaries[boundaries["kode"] == kode]
    return pdk.Layer(
        "GeoJsonLayer",
        data=json.loads(chosen[["kode", "geometry"]].to_json()),
        id="pilihan",
        stroked=True,
        filled=False,
        get_line_color=[*OUTLINE_COLOUR, 255],
        line_width_min_pixels=3,
    )


def points_layer(
    points: pd.DataFrame,
    layer_id: str = "keluarga",
    radius_min_px: float = 3,
    outline: tuple[int, int, int] = (255, 255, 255),
    outline_px: float = 1,
) -> pdk.Layer:
    """One dot per family (lon, lat columns); for a kelurahan-sized view. With the tooltip
    fields ``nama`` and ``value_text`` (already HTML-escaped) a hovered dot names its family; a
    ``color`` column ([r, g, b]) colours each dot, a ``family_id`` column is returned when a
    dot is tapped."""
    fields = [c for c in ("nama", "value_text", "family_id") if c in points.columns]
    records = points[["lon", "lat"]].astype(float).assign(**{c: points[c].astype(str) for c in fields})
    colour: str | list[int] = [*POINT_COLOUR, 190]
    if "color" in points.columns:
        records["color"] = [[*c, 220] for c in points["color"]]
        colour = "color"
    return pdk.Layer(
        "ScatterplotLayer",
        data=records.to_dict("records"),
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color=colour,
        get_line_color=list(outline),
        stroked=True,
        line_width_min_pixels=outline_px,
        get_radius=25,
        radius_min_pixels=radius_min_px,
        pickable=bool(fields),
    )


def ring_layer(lon: float, lat: float, colour: tuple[int, int, int]) -> pdk.Layer:
    """A thick ring around one place (the family chosen on the worklist), drawn above the dots."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=[{"lon": float(lon), "lat": float(lat)}],
        id="pilihan_keluarga",
        get_position=["lon", "lat"],
        filled=False,
        stroked=True,
        get_line_color=[*colour, 255],
        line_width_min_pixels=4,
        get_radius=40,
        radius_min_pixels=12,
        pickable=False,
    )


def hexagon_layer(points: pd.DataFrame, radius_m: float = HEXAGON_RADIUS_M) -> pdk.Layer:
    """Families counted in hexagons (aggregated in the browser); for a city-wide view."""
    return pdk.Layer(
        "HexagonLayer",
        data=points[["lon", "lat"]].astype(float).to_dict("records"),
        id="heksagon",
        get_position=["lon", "lat"],
        radius=radius_m,
        elevation_scale=0,
        extruded=False,
        coverage=0.9,
        opacity=0.55,
        color_range=[list(c) for c in HEXAGON_COLOURS],
        pickable=False,
    )


#: The smallest map frame the pages draw, in pixels: a phone's width (390 px less the page's
#: margins) by the map's height. A view that fits this frame fits every wider one too.
FIT_WIDTH_PX, FIT_HEIGHT_PX = 340, 520
#: Zoom kept in reserve around the fitted shapes (about 7 % of the frame on each side).
FIT_MARGIN_ZOOM = 0.2
#: The zoom range of a fitted view: a kabupaten of 30.000 km² (Kutai Timur) fits a phone's
#: frame only near zoom 6, a small kelurahan near 15.
FIT_ZOOM_RANGE = (4.0, 16.0)


def view_state(boundaries: gpd.GeoDataFrame, kode: str | None = None, height_px: int = FIT_HEIGHT_PX) -> pdk.ViewState:
    """Centre and zoom at which the city (or one kelurahan when ``kode`` is given) lies wholly
    inside a :data:`FIT_WIDTH_PX` × ``height_px`` frame, in web-mercator pixels."""
    shapes = boundaries if kode is None else boundaries[boundaries["kode"] == kode]
    if shapes.empty:
        shapes = boundaries
    xmin, ymin, xmax, ymax = shapes.total_bounds
    ytop, ybottom = _mercator_y(ymax), _mercator_y(ymin)
    # deck.gl draws the world 512 * 2^z pixels wide at zoom z: 360 degrees, 2 pi of mercator y.
    zoom_x = math.log2(FIT_WIDTH_PX * 360 / (512 * max(xmax - xmin, 1e-4)))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * max(ytop - ybottom, 1e-6)))
    zoom = max(FIT_ZOOM_RANGE[0], min(FIT_ZOOM_RANGE[1], min(zoom_x, zoom_y) - FIT_MARGIN_ZOOM))
    latitude = math.degrees(math.atan(math.sinh((ytop + ybottom) / 2)))  # the mercator middle
    return pdk.ViewState(longitude=(xmin + xmax) / 2, latitude=latitude, zoom=zoom, pitch=0, bearing=0)


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


#: The name labels' font size, and the width of one character and the height of a label in
#: pixels (deck.gl's default monospace font).
LABEL_SIZE, LABEL_CHAR_PX, LABEL_HEIGHT_PX = 11, 6.7, 15


def placed_labels(boundaries: gpd.GeoDataFrame, zoom: float | None, priority: dict | None = None) -> pd.DataFrame:
    """The kelurahan names that fit at ``zoom`` without overlapping, largest kelurahan first
    (Streamlit's deck.gl has no collision filter: the dense core became one grey smear of
    names at city zoom); with ``priority`` (kode -> the map's value), the highest values first,
    so the poorest kelurahan are named. Columns nama, lon, lat; every name when ``zoom`` is None.

    >>> import shapely
    >>> cells = gpd.GeoDataFrame({"nama": ["Besar", "Kecil"]}, geometry=[
    ...     shapely.box(117.40, 0.10, 117.50, 0.20), shapely.box(117.45, 0.149, 117.451, 0.150)], crs=4326)
    >>> placed_labels(cells, 11)["nama"].tolist(), placed_labels(cells, 16)["nama"].tolist()
    (['Besar'], ['Besar', 'Kecil'])
    """
    inside = boundaries.geometry.representative_point()
    labels = pd.DataFrame(
        {
            "nama": boundaries["nama"].to_numpy(),
            "lon": inside.x.to_numpy(),
            "lat": inside.y.to_numpy(),
            "area": shapely.area(boundaries.geometry.to_numpy()),  # degrees squared: only their order is used
            "priority": [(priority or {}).get(k, -math.inf) for k in boundaries.get("kode", [None] * len(boundaries))],
        }
    )
    labels["priority"] = labels["priority"].fillna(-math.inf)
    if zoom is None:
        return labels.drop(columns=["area", "priority"])
    world = 512 * 2**zoom  # pixels around the world at this zoom (deck.gl's web mercator)
    placed: list[tuple[float, float, float, float]] = []
    keep = []
    for row in labels.sort_values(["priority", "area"], ascending=False).itertuples():
        x, y = row.lon / 360 * world, -_mercator_y(row.lat) / (2 * math.pi) * world
        half_w, half_h = len(row.nama) * LABEL_CHAR_PX / 2 + 2, LABEL_HEIGHT_PX / 2
        box = (x - half_w, y - half_h, x + half_w, y + half_h)
        if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
            placed.append(box)
            keep.append(row.Index)
    return labels.loc[keep].drop(columns=["area", "priority"]).reset_index(drop=True)


def label_layer(
    boundaries: gpd.GeoDataFrame, view: pdk.ViewState | None = None, priority: dict | None = None
) -> pdk.Layer:
    """Kelurahan names at a point inside each, dark on a white box, readable on any colour;
    with the initial ``view``, only the names that fit it without overlapping (``priority``:
    see :func:`placed_labels`). Drawn over every other layer (no depth test)."""
    labels = placed_labels(boundaries, None if view is None else view.zoom, priority)
    return pdk.Layer(
        "TextLayer",
        labels,
        get_position=["lon", "lat"],
        get_text="nama",
        get_size=LABEL_SIZE,
        get_color=[20, 20, 20],
        # A white box, not an SDF outline: Streamlit's deck.gl drew SDF text as a grey smear.
        background=True,
        get_background_color=[255, 255, 255, 170],
        background_padding=[2, 0],
        pickable=False,
        parameters={"depthTest": False},
    )


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict | None = None) -> pdk.Deck:
    """The map: no basemap unless a style URL is configured in ``KEMISKINAN_MAP_STYLE``."""
    style = settings().map_style or ""
    if style:
        return pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider="carto", map_style=style)
    # map_style left at pydeck's sentinel: Streamlit then draws no basemap (map_style=None would
    # make it fetch its default CARTO style from the internet).
    return pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)
