"""Evaluasi Tahunan: the TKPK's yearly analysis in six chapters, and the same as a Word file."""

import streamlit as st

from ui import auth, controls, data, evaluation, provenance, tables, text

user = auth.require_page(__file__)
sel = controls.sidebar(user)
view = data.evaluation(sel, user)

st.title(view.evaluation.title)
provenance.caption(view.caption)
st.download_button(
    "Unduh laporan Word (dapat disunting)",
    data=auth.checked_download(user, lambda: data.evaluation_word(sel, user)),
    file_name=view.file_name,
    mime=view.mime,
    key="unduh_docx",
    on_click="ignore",
)
provenance.caption("Laporan Word memuat tabel dan grafik yang sama, dengan tempat bertanda untuk analisis TKPK.")

for chapter in view.evaluation.chapters:
    st.subheader(f"Bab {chapter.number}. {chapter.title}", divider="gray")
    st.markdown(text.plain(" ".join(chapter.sentences)))
    if chapter.chart is not None:
        evaluation.show(chapter.chart, key=f"grafik_bab_{chapter.number}")
        if chapter.chart.note:
            provenance.caption(chapter.chart.note)
    for i, table in enumerate(chapter.tables):
        st.markdown(f"**{text.plain(table.title)}**")
        tables.show(table.display, key=f"tabel_bab_{chapter.number}_{i}")
        if table.note:
            provenance.caption(table.note)
    for note in chapter.notes:
        provenance.caption(note)
