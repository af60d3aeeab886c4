"""The map page's data: one indicator per kelurahan, turned into cached GeoJSON and a legend.

Which function each indicator comes from is named in ``INDICATORS`` and shown under the map.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo import layers
from ui import data
from ui.format import bps_scale, number, percent


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


def indicator_values(year: int, line, indicator: str) -> pd.DataFrame:
    """kode, nama, value of one indicator for every kelurahan."""
    if indicator in ("p0", "p1", "p2", "poor"):
        frame = data.fgt(year, "kelurahan", line)
    elif indicator == "exclusion_error":
        frame = data.coverage(year, "kelurahan", "any", "poor", line)
    else:
        frame = data.mpi(year, "kelurahan")
    return frame[["kode", "nama", indicator]].rename(columns={indicator: "value"})


@st.cache_data(show_spinner=False)
def _choropleth(db: str, year: int, line, indicator: str) -> dict:
    values = indicator_values(year, line, indicator)
    fmt = INDICATORS[indicator].fmt
    return layers.choropleth_geojson(data.boundaries(), values[["kode", "value"]], "value", fmt)


def choropleth(year: int, line, indicator: str) -> dict:
    """GeoJSON with fill colours and tooltip texts (see ``geo.layers.choropleth_geojson``)."""
    return _choropleth(data.db_key(), year, line, indicator)


def legend_html(geojson: dict, indicator: str) -> str:
    """Coloured squares and ranges; our own formatted numbers only, never register text."""
    fmt = INDICATORS[indicator].fmt
    values = [f["properties"]["value"] for f in geojson["features"] if f["properties"]["value"] is not None]
    items = layers.legend_items(geojson["breaks"], fmt, lower=min(values) if values else None)
    cells = "".join(
        f'<span style="display:inline-block;margin-right:14px"><span style="display:inline-block;width:14px;'
        f'height:14px;background:{item["color"]};border:1px solid #555;vertical-align:middle"></span> '
        f'{item["label"]}</span>'
        for item in items
    )
    return f'<div style="font-size:0.85rem">{cells}</div>'
