"""Ringkasan: five numbers with last year and BPS beside, kecamatan compared, kelurahan
ranked by severity, and a paragraph for a briefing."""

import plotly.graph_objects as go
import streamlit as st

from ui import auth, controls, data, ranks

user = auth.require()
sel = controls.sidebar(user)
if data.welfare(sel.year) == "none":
    ranks.show(data.rank_page(sel, user))
    st.stop()
view = data.summary(sel, user)

st.title(view.title)
st.caption(view.caption)
for column, metric in zip(st.columns(len(view.metrics)), view.metrics, strict=True):
    column.metric(metric.label, metric.value, delta=metric.delta, delta_color="inverse")
    column.caption(metric.caption)
if view.note:
    st.caption(view.note)

st.subheader("Bahan paparan untuk pimpinan")
st.caption(view.pack_caption)
for column, pack in zip(st.columns(len(view.pack_files)), view.pack_files, strict=True):
    column.download_button(
        pack.label,
        data=lambda fmt=pack.fmt: data.briefing_pack(sel.year, fmt, sel.line, suppress=view.pack_protected),
        file_name=pack.file_name,
        mime=pack.mime,
        key=f"unduh_{pack.fmt}",
        on_click="ignore",
    )

st.subheader("Ringkasan untuk bahan paparan")
st.code(view.paragraph, language=None, wrap_lines=True)
st.caption("Teks dibuat otomatis (analytics.narrative.describe_year) dan dapat disalin dengan tombol di pojok kanan.")

left, right = st.columns(2)
with left:
    st.subheader("Perbandingan kecamatan")
    figure = go.Figure()
    for measure, label in (("p0", "P0 (%)"), ("p1", "P1 (×100)"), ("p2", "P2 (×100)")):
        figure.add_bar(name=label, x=view.kecamatan["nama"], y=view.kecamatan[measure])
    figure.update_layout(
        barmode="group", height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, separators=",.",
        legend={"orientation": "h"},
    )
    st.plotly_chart(figure, key="grafik_kecamatan")
    st.dataframe(view.kecamatan_table, hide_index=True, key="tabel_kecamatan")
    if view.kecamatan_note:
        st.caption(view.kecamatan_note)
with right:
    st.subheader(view.ranking_title)
    st.dataframe(view.ranking_table, hide_index=True, key="tabel_kelurahan", height=460)
    st.caption(view.ranking_caption)
    if view.ranking_note:
        st.caption(view.ranking_note)
if view.method_note:
    with st.expander("Catatan metode: estimasi model (SAE)"):
        st.write(view.method_note)
