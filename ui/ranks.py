"""The page shown for a year without any money measure of welfare (the *none* view)."""

import plotly.graph_objects as go
import streamlit as st

from analytics.views.welfare_page import RankPage


def show(view: RankPage) -> None:
    """Draw the view: why there is no kelurahan P1/P2, BPS's city figures, the desil figures."""
    st.title(view.title)
    st.warning(view.sentence)
    st.subheader("Angka resmi BPS (tingkat kota)")
    for column, metric in zip(st.columns(len(view.bps_metrics)), view.bps_metrics, strict=True):
        column.metric(metric.label, metric.value)
        column.caption(metric.caption)
    st.subheader("Peringkat kesejahteraan register (desil nasional)")
    for column, metric in zip(st.columns(len(view.rank_metrics)), view.rank_metrics, strict=True):
        column.metric(metric.label, metric.value)
        column.caption(metric.caption)
    left, right = st.columns([2, 3])
    with left:
        figure = go.Figure()
        figure.add_bar(x=view.chart["Desil"], y=view.chart["Keluarga"], name="Keluarga")
        figure.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, separators=",.",
                             yaxis_title="Keluarga")  # fmt: skip
        st.plotly_chart(figure, key="grafik_desil")
        st.dataframe(view.distribution, hide_index=True, key="tabel_distribusi_desil")
    with right:
        st.dataframe(view.table, hide_index=True, key="tabel_desil")
    st.caption(view.caption)
