"""The map sends the browser only what its tooltips print (issue 21: 6/2236 went out unrounded)."""

from __future__ import annotations

import json

import pandas as pd

from geo import layers
from geo.schematic import schematic_kelurahan


def test_map_layer_data_holds_only_printed_values():
    gdf = schematic_kelurahan()
    values = pd.DataFrame({"kode": gdf["kode"], "value": [6 / 2236 + i / 997 for i in range(len(gdf))]})
    geojson = layers.choropleth_geojson(gdf, values, "value", lambda v: f"{100 * v:.1f} %")
    sent = json.dumps(layers.choropleth_layer(geojson).data)
    assert "0.00268" not in sent and '"value"' not in sent and "breaks" not in sent
    assert {f["properties"]["value_text"] for f in geojson["features"]} >= {"0.3 %"}


def test_desil_shares_are_protected_on_the_map():
    from analytics.views import map_page

    assert set(map_page.DESIL_INDICATORS) == {k for k in map_page.INDICATORS if k.startswith("share_desil")}


def test_charts_carry_only_printed_numbers():
    import plotly.graph_objects as go

    from ui.charts import printed

    figure = go.Figure()
    figure.add_bar(x=["A", "B"], y=[100 * 6 / 2236, None], error_y={"array": [0.123456, 0.0]})
    figure.add_bar(y=["A"], x=[2 / 3], orientation="h")
    sent = str(printed(figure, 2).to_plotly_json()["data"])  # the layout's template holds its own colours
    assert "0.26833" not in sent and "0.6666" not in sent and "0.12345" not in sent
    assert figure.data[0].y == (0.27, None) and figure.data[1].x == (0.67,)
