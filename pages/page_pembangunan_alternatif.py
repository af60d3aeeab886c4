"""Pembangunan Alternatif: the P4GN team's kelurahan statuses beside poverty depth, severity and
the poor families an empowerment program could reach."""

import pandas as pd
import streamlit as st

from analytics.formats import bps_scale, percent
from analytics.labels import BPS_SCALE_NOTE, line_text
from ui import auth, controls, data, disclosure
from ui.disclosure import NOTE
from ui.tables import counts, shares

user = auth.require()
sel = controls.sidebar(user)
st.title("Pembangunan Alternatif (P4GN)")
st.caption(
    "Tim Terpadu P4GN memadukan Pembangunan Alternatif — peluang pendapatan dan usaha di wilayah rawan narkoba — "
    "dengan penanggulangan kemiskinan. Halaman ini menyandingkan status kerawanan kelurahan dengan kedalaman (P1), "
    "keparahan (P2), dan jumlah keluarga miskin yang dapat diberdayakan."
)

status = data.p4gn_status()
if status.is_example:
    st.warning(
        "CONTOH: status kerawanan pada halaman ini adalah nilai contoh untuk demo, BUKAN data nyata Tim Terpadu "
        "P4GN Kota Bontang. Atur KEMISKINAN_P4GN_FILE ke berkas tim (kolom kelurahan, status, tanggal, sumber).",
        icon="⚠️",
    )
if status.problems:
    # Shown as a table: the messages quote the team's file, which must not be read as markdown.
    st.error("Sebagian baris berkas status tidak dapat dipakai:")
    st.dataframe(pd.DataFrame({"Masalah": status.problems}), hide_index=True, key="tabel_masalah_p4gn")
if status.missing_kelurahan:
    st.info("Kelurahan tanpa status dari tim: " + ", ".join(status.missing_kelurahan) + ".")

crossed = data.p4gn_cross(sel.year, sel.line)
# For a pimpinan: the same protected cells as every other page (issue 6); a hidden poor count
# hides the row's P0 to P2.
PROTECTED = {"poor": "poor", "p0": "p0", "p1": "p1", "p2": "p2", "empower_families": "empower_families"}
crossed = disclosure.protect_areas(crossed, user, sel.year, sel.line, PROTECTED)
if sel.within is not None:
    crossed = crossed[crossed["kode"].str.startswith(sel.within + ".")]
line = data.line(sel.year, sel.line)
# Plain words: emoji need fonts an office PC or a headless browser may lack.
STATUS_ICON = {"Bahaya": "BAHAYA", "Waspada": "Waspada", "Siaga": "Siaga", "Aman": "Aman"}


def table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Kelurahan": frame["nama"],
            "Status": frame["status"].map(lambda s: "–" if s is None or pd.isna(s) else STATUS_ICON[s]),
            "Tanggal": frame["date"].map(lambda d: "–" if d is None or pd.isna(d) else d.strftime("%d/%m/%Y")),
            "Sumber": frame["source"].fillna("–"),
            "Penduduk miskin": counts(frame["poor"]),
            "P0": shares(frame["p0"], percent),
            "P1 (×100)": shares(frame["p1"], bps_scale),
            "P2 (×100)": shares(frame["p2"], lambda v: bps_scale(v, 3)),
            "Keluarga miskin dapat diberdayakan": counts(frame["empower_families"]),
        }
    )


st.subheader(f"Status kerawanan dan kemiskinan {sel.year}")
st.dataframe(table(crossed), hide_index=True, key="tabel_p4gn")
st.caption(
    f"Dasar: {line_text(line)}. {BPS_SCALE_NOTE}. Sumber: analytics.alternative_development.cross_with_poverty "
    "(fgt_by_area, segments.segments)."
)
if disclosure.has_hidden(crossed, list(PROTECTED)):
    st.caption(f"{NOTE} P0, P1 dan P2 kelurahan yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x.")

st.subheader("Kelurahan sasaran dua tujuan")
both = data.p4gn_dual_aim(sel.year, sel.line)
both = disclosure.protect_areas(both, user, sel.year, sel.line, PROTECTED)
if sel.within is not None:
    both = both[both["kode"].str.startswith(sel.within + ".")]
if both.empty:
    st.info("Tidak ada kelurahan rawan (Bahaya, Waspada, Siaga) yang memiliki keluarga miskin untuk diberdayakan.")
else:
    st.dataframe(table(both), hide_index=True, key="tabel_dua_tujuan")
st.caption(
    "Kelurahan berstatus Bahaya, Waspada, atau Siaga yang memiliki keluarga miskin dengan anggota usia kerja: "
    "program pemberdayaan (pelatihan, modal usaha, padat karya) di sini melayani pencegahan narkoba sekaligus "
    "pengurangan kemiskinan (analytics.alternative_development.dual_aim_kelurahan)."
)
