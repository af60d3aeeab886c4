"""The map page's drawing data: one indicator per kelurahan as cached GeoJSON, and its legend.

Which function each indicator comes from is named in :data:`INDICATORS` and shown under the
map. The values (protected for a role without household access) come from
:func:`analytics.views.map_page.indicator_values`.
"""

import streamlit as st

from analytics.access.scope import User
from analytics.views import verval_map
from analytics.views.map_page import FADED_LEGEND, INDICATORS
from analytics.views.protection import is_marker, needs_protection
from geo import layers
from ui import auth, data

__all__ = ["INDICATORS", "choropleth", "legend_html"]


@st.cache_data(show_spinner=False)
def _choropleth(db: str, year: int, line, indicator: str, protected: bool) -> dict:
    values = data.indicator_values(year, line, indicator, protected)
    return layers.choropleth_geojson(
        data.boundaries().frame,
        values[["kode", "value", "text", "faded"]],
        "value",
        INDICATORS[indicator].fmt,
        # The indicator's name goes into the area's own tooltip text: the map's tooltip is one
        # template for every layer, and a family dot is no "P0 — tingkat kemiskinan (%)".
        extra={
            "text": lambda row: row["text"],
            "value_text": lambda row: f"{INDICATORS[indicator].label}: {row['text']}",
        },
    )


def choropleth(year: int, line, indicator: str, user: User | None = None) -> dict:
    """GeoJSON with fill colours and tooltip texts (see ``geo.layers.choropleth_geojson``);
    protected for ``user`` (default: the signed-in user) when it has no household access."""
    user = user if user is not None else auth.current_user()
    return _choropleth(data.db_key(), year, line, indicator, needs_protection(user))


def label_priority(year: int, line, indicator: str, user: User | None = None) -> dict[str, float]:
    """kode -> the indicator's value, for placing the kelurahan names (highest first) on the
    server; the values themselves never reach the browser. Hidden cells are left out."""
    user = user if user is not None else auth.current_user()
    values = data.indicator_values(year, line, indicator, needs_protection(user))
    out = {}
    for kode, value in zip(values["kode"], values["value"], strict=True):
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if number == number:  # not NaN
            out[kode] = number
    return out


def legend_html(geojson: dict, indicator: str) -> str:
    """Coloured squares and ranges; our own formatted numbers only, never register text."""
    fmt = INDICATORS[indicator].fmt
    items = layers.legend_items(geojson["breaks"], fmt, lower=geojson["lower"])
    if any(f["properties"].get("faded") for f in geojson["features"]):
        items = [*items, {"color": "#f5e6c8", "label": FADED_LEGEND}]
    if any(is_marker(f["properties"]["text"]) for f in geojson["features"]):
        r, g, b = layers.NO_DATA
        items = [*items, {"color": f"#{r:02x}{g:02x}{b:02x}", "label": "disembunyikan (<10, x) atau tanpa data"}]
    cells = "".join(
        f'<span style="display:inline-block;margin-right:14px"><span style="display:inline-block;width:14px;'
        f'height:14px;background:{item["color"]};border:1px solid #555;vertical-align:middle"></span> '
        f"{item['label']}</span>"
        for item in items
    )
    return f'<div style="font-size:0.85rem">{cells}</div>'


#: The verified layer's id on the Peta page (approved verval records as dots).
VERIFIED_LAYER = "terverifikasi"


def verified(selection, user: User):
    """Families with an approved verval record of the year, as dots (not cached: the verval
    store changes with every review)."""
    return verval_map.verified_points(data.source(), data.db_path(), selection, user=user)


def dots_legend_html(items: list[tuple[str, tuple[int, int, int]]]) -> str:
    """Round coloured dots and their labels (our own labels only, never register text)."""
    cells = "".join(
        f'<span style="display:inline-block;max-width:100%;margin-right:12px"><span style="display:inline-block;'
        f'width:12px;height:12px;border-radius:6px;background:rgb{colour};vertical-align:middle"></span> {label}</span>'
        for label, colour in items
    )
    return f'<div style="font-size:0.85rem">{cells}</div>'


def verified_legend_html() -> str:
    """The verified dots' colours, each drawn with the dark ring the map gives them."""
    return dots_legend_html(verval_map.legend()).replace(
        "border-radius:6px;", "border-radius:6px;border:2px solid #141414;"
    )


def households_legend_html(mode: str, title: str) -> str:
    """What the household layer's marks mean: one dot per family, or hexagons from few to many."""
    if mode == "titik":
        return dots_legend_html([(f"{title}: satu titik satu keluarga", layers.POINT_COLOUR)])
    if mode != "heksagon":
        return ""
    ramp = "".join(
        f'<span style="display:inline-block;width:18px;height:12px;background:rgb{c};vertical-align:middle"></span>'
        for c in layers.HEXAGON_COLOURS
    )
    return f'<div style="font-size:0.85rem">Heksagon ({title.lower()}): sedikit {ramp} banyak</div>'
