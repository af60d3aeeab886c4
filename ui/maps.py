"""The map page's data: one indicator per kelurahan, turned into cached GeoJSON and a legend.

Which function each indicator comes from is named in ``INDICATORS`` and shown under the map.
For a role without household access the counts and the shares that give them back come from
the protected figures (``ui.disclosure.area_figures``): a hidden kelurahan is grey and its
tooltip reads ``<10`` or ``x``.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics.access.scope import User
from analytics.formats import bps_scale, number, percent
from geo import layers
from ui import auth, data, disclosure


@dataclass(frozen=True)
class Indicator:
    label: str
    source: str
    fmt: Callable[[float], str]


INDICATORS = {
    "p0": Indicator("P0 — tingkat kemiskinan (%)", "fgt_by_area", lambda v: percent(v)),
    "p1": Indicator("P1 — kedalaman (skala BPS ×100)", "fgt_by_area", lambda v: bps_scale(v)),
    "p2": Indicator("P2 — keparahan (skala BPS ×100)", "fgt_by_area", lambda v: bps_scale(v, 3)),
    "poor": Indicator("Penduduk miskin (jiwa)", "fgt_by_area", number),
    "exclusion_error": Indicator(
        "Kesenjangan cakupan: keluarga miskin tanpa program (%)", "programs.coverage.coverage", lambda v: percent(v, 1)
    ),
    "M0": Indicator("M0 — kemiskinan multidimensi (Alkire-Foster)", "mpi.alkire_foster", lambda v: number(v, 3)),
}


#: Indicators that are a count, or a share that gives a count back: protected for a pimpinan.
#: (M0 is an index over several deprivations; it gives no count back.)
PROTECTED_INDICATORS = ("p0", "p1", "p2", "poor", "exclusion_error")


def indicator_values(year: int, line, indicator: str, protected: bool = False) -> pd.DataFrame:
    """kode, nama, value of one indicator for every kelurahan; with ``protected`` also
    ``shown``: the text of a suppressed cell (``<10``, ``x``; its value is then empty)."""
    if indicator in ("p0", "p1", "p2", "poor"):
        frame = data.fgt(year, "kelurahan", line)
    elif indicator == "exclusion_error":
        frame = data.coverage(year, "kelurahan", "any", "poor", line)
    else:
        frame = data.mpi(year, "kelurahan")
    values = frame[["kode", "nama", indicator]].rename(columns={indicator: "value"})
    if protected and indicator in PROTECTED_INDICATORS:
        figures = disclosure.area_figures(year, line).set_index("kode")[indicator]
        cells = values["kode"].map(figures)
        values["shown"] = cells.map(lambda v: v if disclosure.hidden(v) else None)
        values["value"] = values["value"].astype(float).where(values["shown"].isna())
    return values


@st.cache_data(show_spinner=False)
def _choropleth(db: str, year: int, line, indicator: str, protected: bool) -> dict:
    values = indicator_values(year, line, indicator, protected)
    fmt = INDICATORS[indicator].fmt
    extra = None
    if "shown" in values:

        def text(row) -> str:
            if isinstance(row["shown"], str):
                return row["shown"]
            return "–" if pd.isna(row["value"]) else fmt(row["value"])

        extra = {"value_text": text}
    return layers.choropleth_geojson(data.boundaries().frame, values[["kode", "value", *(["shown"] if extra else [])]],
                                     "value", fmt, extra=extra)


def choropleth(year: int, line, indicator: str, user: User | None = None) -> dict:
    """GeoJSON with fill colours and tooltip texts (see ``geo.layers.choropleth_geojson``);
    protected for ``user`` (default: the signed-in user) when it has no household access."""
    user = user if user is not None else auth.current_user()
    protected = user is None or disclosure.needs_protection(user)
    return _choropleth(data.db_key(), year, line, indicator, protected)


def legend_html(geojson: dict, indicator: str) -> str:
    """Coloured squares and ranges; our own formatted numbers only, never register text."""
    fmt = INDICATORS[indicator].fmt
    values = [f["properties"]["value"] for f in geojson["features"] if f["properties"]["value"] is not None]
    items = layers.legend_items(geojson["breaks"], fmt, lower=min(values) if values else None)
    if any(disclosure.hidden(f["properties"]["value_text"]) for f in geojson["features"]):
        r, g, b = layers.NO_DATA
        items = [*items, {"color": f"#{r:02x}{g:02x}{b:02x}", "label": "disembunyikan (<10, x) atau tanpa data"}]
    cells = "".join(
        f'<span style="display:inline-block;margin-right:14px"><span style="display:inline-block;width:14px;'
        f'height:14px;background:{item["color"]};border:1px solid #555;vertical-align:middle"></span> '
        f'{item["label"]}</span>'
        for item in items
    )
    return f'<div style="font-size:0.85rem">{cells}</div>'
