"""The page shown for a year without any money measure of welfare (the *none* view)."""

import plotly.graph_objects as go
import streamlit as st

from analytics.reference import REGION_KIND
from analytics.views.welfare_page import RankPage
from ui import charts, provenance, tables


def show(view: RankPage) -> None:
    """Draw the view: why there is no kelurahan P1/P2, BPS's city figures, the desil figures."""
    st.title(view.title)
    st.warning(view.sentence)
    st.subheader(f"Angka kemiskinan tingkat {REGION_KIND}")
    for column, metric in zip(st.columns(len(view.bps_metrics)), view.bps_metrics, strict=True):
        column.metric(metric.label, metric.value)
        provenance.caption(metric.caption, column)
    st.subheader("Peringkat kesejahteraan register (desil nasional)")
    for column, metric in zip(st.columns(len(view.rank_metrics)), view.rank_metrics, strict=True):
        column.metric(metric.label, metric.value)
        provenance.caption(metric.caption, column)
    left, right = st.columns([2, 3])
    with left:
        figure = go.Figure()
        figure.add_bar(x=view.chart["Desil"], y=view.chart["Keluarga"], name="Keluarga")
        figure.update_layout(
            height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, separators=",.", yaxis_title="Keluarga"
        )
        charts.show(figure, "grafik_desil", 0)
        tables.show(view.distribution, key="tabel_distribusi_desil")
    with right:
        tables.show(view.table, key="tabel_desil")
    provenance.caption(view.caption)
