"""Ringkasan: five numbers with last year and BPS beside, kecamatan compared, kelurahan
ranked by severity, and a paragraph for a briefing."""

import streamlit as st
from plotly.subplots import make_subplots

from ui import auth, charts, controls, data, provenance, ranks, tables, text

user = auth.require_page(__file__)
sel = controls.sidebar(user)
if data.welfare(sel.year) == "none":
    ranks.show(data.rank_page(sel, user))
    st.stop()
view = data.summary(sel, user)

st.title(view.title)
provenance.caption(view.caption)
for column, metric in zip(st.columns(len(view.metrics)), view.metrics, strict=True):
    column.metric(
        metric.label,
        metric.value,
        delta=metric.delta,
        delta_color=metric.tone,
        delta_arrow="off" if metric.tone == "off" else "auto",
        delta_description=metric.since,
    )
    provenance.caption(metric.caption, column)
if view.note:
    provenance.caption(view.note)
if view.reference_note:
    provenance.caption(view.reference_note)
if view.quote:
    st.info(view.quote)
# The figures first (a phone's first screen holds them), then the sentence an official reads aloud.
st.markdown(text.plain(view.paragraph))

st.subheader("Bahan paparan untuk pimpinan")
provenance.caption(view.pack_caption)
for column, pack in zip(st.columns(len(view.pack_files)), view.pack_files, strict=True):
    column.download_button(
        pack.label,
        # Built on the click, in a thread of its own: the session must still be signed in then.
        data=auth.checked_download(
            user,
            lambda fmt=pack.fmt: data.briefing_pack(
                sel.year, fmt, sel.line, suppress=view.pack_protected, kecamatan=sel.kecamatan, kelurahan=sel.kelurahan
            ),
        ),
        file_name=pack.file_name,
        mime=pack.mime,
        key=f"unduh_{pack.fmt}",
        on_click="ignore",
    )

with st.expander("Salin teks ringkasan untuk bahan paparan"):
    st.code(view.paragraph, language=None, wrap_lines=True)
    provenance.caption("Teks dibuat otomatis (analytics.narrative.describe_year); salin dengan tombol di pojok kanan.")

# One section under the other, each the page's full width: side by side, the tables' P1, P2 and
# reliability columns were cut off at 1440 px.
st.subheader("Perbandingan kecamatan")
# P0 (a percentage) and P1/P2 (×100, ten times smaller) on one axis hid P2: two panels.
figure = make_subplots(rows=1, cols=2, shared_yaxes=True, subplot_titles=("P0 (%)", "P1 dan P2 (×100)"))
names = view.kecamatan["nama"]
figure.add_bar(name="P0 (%)", y=names, x=view.kecamatan["p0"], orientation="h", row=1, col=1)
for measure, label in (("p1", "P1 (×100)"), ("p2", "P2 (×100)")):
    figure.add_bar(name=label, y=names, x=view.kecamatan[measure], orientation="h", row=1, col=2)
figure.update_layout(
    barmode="group",
    height=320,
    margin={"l": 10, "r": 10, "t": 30, "b": 10},
    legend={"orientation": "h"},
    yaxis={"autorange": "reversed"},
)
charts.show(figure, "grafik_kecamatan", 3)  # P2 and extreme P0 print three decimals
tables.show(view.kecamatan_table, key="tabel_kecamatan")
if view.kecamatan_note:
    provenance.caption(view.kecamatan_note)
st.subheader(view.ranking_title)
tables.show(view.ranking_table, key="tabel_kelurahan", height=460)
provenance.caption(view.ranking_caption)
if view.ranking_note:
    provenance.caption(view.ranking_note)
if view.method_note:
    with st.expander("Catatan metode: estimasi model (SAE)"):
        st.write(view.method_note)
