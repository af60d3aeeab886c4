"""Ringkasan: five numbers with last year and BPS beside, kecamatan compared, kelurahan
ranked by severity, and a paragraph for a briefing."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.formats import bps_scale, number, percent, signed
from analytics.labels import BPS_SCALE_NOTE, line_text
from analytics.report import MIME_TYPES, REPORT_FORMATS, file_name
from ui import auth, controls, data, disclosure
from ui.disclosure import NOTE, count_text, hidden, needs_protection
from ui.tables import fgt_table

user = auth.require()
protected = needs_protection(user)
sel = controls.sidebar(user)
# For a pimpinan counts below 10 are "<10" and what would give them back "x" (issue 6).
head = disclosure.headline(sel.year, sel.line, sel.area, user)
prev = head.previous_year
rows = head.table.set_index("indicator")
FGT_COLUMNS = ("population", "poor", "p0", "p1", "p2")

st.title(f"Ringkasan {sel.area_name} {sel.year}")
st.caption(
    f"Data register (Regsosek, DTKS, P3KE), {line_text(head.line.as_dict())}. {BPS_SCALE_NOTE}. "
    "Sumber angka: analytics.summary.headline."
)

METRICS = [
    ("p0", "P0 — tingkat kemiskinan", lambda v: percent(v), lambda d: f"{signed(d * 100)} poin persen"),
    ("p1", "P1 — kedalaman (×100)", lambda v: bps_scale(v), lambda d: signed(d * 100)),
    ("p2", "P2 — keparahan (×100)", lambda v: bps_scale(v, 3), lambda d: signed(d * 100, 3)),
    ("poor", "Penduduk miskin (jiwa)", lambda v: count_text(v, user), lambda d: f"{signed(d, 0)} jiwa"),
    ("extreme_poor", "Miskin ekstrem (jiwa)", lambda v: count_text(v, user), lambda d: f"{signed(d, 0)} jiwa"),
]
for column, (indicator, label, fmt, fmt_change) in zip(st.columns(len(METRICS)), METRICS):
    row = rows.loc[indicator]
    # A hidden change is left out: with last year's figure it would give this year's back.
    delta = None
    if prev is not None and not hidden(row["change"]) and not pd.isna(row["change"]):
        delta = f"{fmt_change(row['change'])} dari {prev}"
    column.metric(
        label,
        row["value"] if hidden(row["value"]) else fmt(row["value"]),
        delta=delta,
        delta_color="inverse",
    )
    if not pd.isna(row["bps"]):
        # BPS figures are published survey estimates, not register counts: never suppressed.
        column.caption(f"BPS: {number(row['bps']) if indicator in ('poor', 'extreme_poor') else fmt(row['bps'])}")
    elif indicator == "extreme_poor" and head.extreme_line is not None:
        status = " (perkiraan)" if head.extreme_line.is_estimated else ""
        column.caption(f"Garis ekstrem Rp {number(head.extreme_line.amount)}{status}")
    elif sel.area == "64.74" and sel.line == "official":
        column.caption("BPS: belum dirilis")
    else:
        column.caption("BPS: tidak tersedia untuk pilihan ini")

if head.suppressed:
    st.caption(NOTE)

st.subheader("Bahan paparan untuk pimpinan")
st.caption(
    f"Paket Kota Bontang {sel.year} ({line_text(head.line.as_dict())}): angka utama, peta keparahan, tren, "
    "peringkat kelurahan, cakupan program, segmen, paragraf ringkasan dan catatan metode. "
    "Tanpa nama dan NIK. File dibuat saat tombol diklik (beberapa detik)."
    + (" Jumlah keluarga atau penduduk kurang dari 10 ditampilkan sebagai <10." if protected else "")
)
LABELS = {"pdf": "Unduh PDF", "pptx": "Unduh PowerPoint", "xlsx": "Unduh tabel Excel"}
for column, fmt in zip(st.columns(len(REPORT_FORMATS)), REPORT_FORMATS, strict=True):
    column.download_button(
        LABELS[fmt],
        data=lambda fmt=fmt: data.briefing_pack(sel.year, fmt, sel.line, suppress=protected),
        file_name=file_name(sel.year, fmt),
        mime=MIME_TYPES[fmt],
        key=f"unduh_{fmt}",
        on_click="ignore",
    )

st.subheader("Ringkasan untuk bahan paparan")
paragraph = disclosure.narrative(sel.year, sel.line, sel.area, sel.within, user)
st.code(paragraph, language=None, wrap_lines=True)
st.caption("Teks dibuat otomatis (analytics.narrative.describe_year) dan dapat disalin dengan tombol di pojok kanan.")

left, right = st.columns(2)
with left:
    st.subheader("Perbandingan kecamatan")
    kec = data.area_table(sel.year, "kecamatan", sel.line, None).sort_values("kode")
    kec = disclosure.protect_areas(kec, user, sel.year, sel.line, FGT_COLUMNS)
    figure = go.Figure()
    for measure, label, scale in (("p0", "P0 (%)", 100), ("p1", "P1 (×100)", 100), ("p2", "P2 (×100)", 100)):
        # A hidden bar is left out (None): its height would give the hidden count back.
        heights = [None if hidden(v) or pd.isna(v) else v * scale for v in kec[measure]]
        figure.add_bar(name=label, x=kec["nama"], y=heights)
    figure.update_layout(
        barmode="group", height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, separators=",.",
        legend={"orientation": "h"},
    )
    st.plotly_chart(figure, key="grafik_kecamatan")
    st.dataframe(fgt_table(kec), hide_index=True, key="tabel_kecamatan")
    if disclosure.has_hidden(kec, FGT_COLUMNS):
        st.caption(f"{NOTE} P0, P1 dan P2 wilayah yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x.")
with right:
    scope = "Kota Bontang" if sel.within is None else controls.area_name(sel.within)
    st.subheader(f"Kelurahan menurut keparahan (P2), {scope}")
    ranking = data.area_table(sel.year, "kelurahan", sel.line, sel.within)
    ranking = disclosure.protect_areas(ranking, user, sel.year, sel.line, FGT_COLUMNS)
    st.dataframe(fgt_table(ranking, rank=True), hide_index=True, key="tabel_kelurahan", height=460)
    st.caption("Urutan dari P2 tertinggi (analytics.summary.area_table).")
    if disclosure.has_hidden(ranking, FGT_COLUMNS):
        st.caption(f"{NOTE} P0, P1 dan P2 wilayah yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x.")
