"""Pembangunan Alternatif: the P4GN team's kelurahan statuses beside poverty depth, severity and
the poor families an empowerment program could reach."""

import pandas as pd
import streamlit as st

from ui import auth, controls, data, provenance, tables
from ui.data import UNIT, UNIT_TITLE

user = auth.require_page(__file__)
sel = controls.sidebar(user)
st.title("Pembangunan Alternatif (P4GN)")
provenance.caption(
    "Tim Terpadu P4GN memadukan Pembangunan Alternatif — peluang pendapatan dan usaha di wilayah rawan narkoba — "
    f"dengan penanggulangan kemiskinan. Halaman ini menyandingkan status kerawanan {UNIT} dengan kedalaman (P1), "
    "keparahan (P2), dan jumlah keluarga miskin yang dapat diberdayakan."
)
if data.welfare(sel.year) == "none":
    st.info(
        f"Tahun {sel.year} tanpa data pengeluaran: kedalaman dan keparahan per {UNIT} tidak tersedia. "
        "Lihat peringkat desil di halaman Ringkasan atau pilih tahun lain."
    )
    st.stop()
view = data.alternative_development(sel, user)
if view.example_warning:
    st.warning(view.example_warning, icon="⚠️")
if view.problems:
    # Shown as a table: the messages quote the team's file, which must not be read as markdown.
    st.error("Sebagian baris berkas status tidak dapat dipakai:")
    tables.show(pd.DataFrame({"Masalah": view.problems}), key="tabel_masalah_p4gn")
if view.missing_kelurahan:
    st.info(f"{UNIT_TITLE} tanpa status dari tim: " + ", ".join(view.missing_kelurahan) + ".")

st.subheader(view.title)
if view.status_source:
    provenance.caption(view.status_source)
tables.show(view.crossed, key="tabel_p4gn")
provenance.caption(view.caption)
if view.crossed_note:
    provenance.caption(view.crossed_note)

st.subheader(f"{UNIT_TITLE} sasaran dua tujuan")
if view.dual_aim.empty:
    st.info(f"Tidak ada {UNIT} rawan (Bahaya, Waspada, Siaga) yang memiliki keluarga miskin untuk diberdayakan.")
else:
    tables.show(view.dual_aim, key="tabel_dua_tujuan")
provenance.caption(
    f"{UNIT_TITLE} berstatus Bahaya, Waspada, atau Siaga yang memiliki keluarga miskin dengan anggota usia kerja: "
    "program pemberdayaan (pelatihan, modal usaha, padat karya) di sini melayani pencegahan narkoba sekaligus "
    "pengurangan kemiskinan (analytics.alternative_development.dual_aim_kelurahan)."
)
