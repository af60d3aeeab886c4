"""Tren: P0, P1, P2 over the years beside BPS, what drove the change, and families' transitions."""

import pandas as pd
import streamlit as st
from plotly.subplots import make_subplots

from analytics.formats import bps_scale, number, percent, signed
from analytics.labels import BPS_SCALE_NOTE
from ui import auth, controls, data, disclosure
from ui.disclosure import NOTE, hidden
from ui.tables import counts, shares

user = auth.require()
sel = controls.sidebar(user)
st.title(f"Tren kemiskinan {sel.area_name}")
# For a pimpinan a year's poor count below 10 is "<10", and its P0 to P2 are "x" (issue 6).
series = disclosure.trend(sel.line, sel.area, user)
if sel.line_choice == "nilai":
    st.caption(f"Garis Rp {number(sel.line)} dipakai sama untuk semua tahun (tanpa penyesuaian harga).")
else:
    st.caption(f"Setiap tahun memakai garis {sel.line_choice} tahunnya sendiri. {BPS_SCALE_NOTE}.")

figure = make_subplots(rows=1, cols=3, subplot_titles=("P0 (%)", "P1 (×100)", "P2 (×100)"))
estimated = series["line_status"].eq("estimated")
for i, measure in enumerate(("p0", "p1", "p2"), start=1):
    # A hidden year is left out of the line: its height would give the hidden count back.
    register = series[series[measure].map(lambda v: not hidden(v) and not pd.isna(v))]
    figure.add_scatter(
        x=register["year"], y=register[measure].astype(float) * 100, mode="lines+markers", name="Data register",
        line={"color": "#c0392b"}, showlegend=i == 1, legendgroup="register", row=1, col=i,
        text=["garis perkiraan" if e else "garis resmi" for e in estimated[register.index]],
        hovertemplate="%{x}: %{y:.3f} (%{text})<extra>Data register</extra>",
    )
    bps = series.dropna(subset=[f"bps_{measure}"])
    if not bps.empty:
        figure.add_scatter(
            x=bps["year"], y=bps[f"bps_{measure}"] * 100, mode="lines+markers", name="BPS (Susenas Maret)",
            line={"color": "#2c3e50", "dash": "dot"}, showlegend=i == 1, legendgroup="bps", row=1, col=i,
        )
figure.update_layout(height=330, margin={"l": 10, "r": 10, "t": 40, "b": 10}, separators=",.",
                     legend={"orientation": "h", "y": -0.15})
figure.update_xaxes(dtick=1, tickformat="d", tickangle=0)
st.plotly_chart(figure, key="grafik_tren")
if sel.area != "64.74":
    st.caption("BPS hanya merilis angka tingkat kota; untuk kecamatan dan kelurahan hanya data register yang tampil.")

table = pd.DataFrame(
    {
        "Tahun": series["year"].astype(str),
        "P0 register": shares(series["p0"], percent),
        "P0 BPS": series["bps_p0"].map(lambda v: "–" if pd.isna(v) else percent(v)),
        "P1 register": shares(series["p1"], bps_scale),
        "P1 BPS": series["bps_p1"].map(lambda v: "–" if pd.isna(v) else bps_scale(v)),
        "P2 register": shares(series["p2"], lambda v: bps_scale(v, 3)),
        "P2 BPS": series["bps_p2"].map(lambda v: "–" if pd.isna(v) else bps_scale(v, 3)),
        "Miskin register": counts(series["poor"]),
        "Miskin BPS": counts(series["bps_poor"]),
        "Garis": series["line_status"].map({"estimated": "perkiraan", "official": "resmi", "given": "pilihan"}),
    }
)
with st.expander("Tabel deret waktu (analytics.summary.fgt_trend)"):
    st.dataframe(table, hide_index=True, key="tabel_tren")
    if disclosure.has_hidden(series, ["poor", "p0", "p1", "p2"]):
        st.caption(f"{NOTE} P0, P1 dan P2 tahun yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x.")

st.header("Dekomposisi perubahan")
years = data.available_years()
left, mid, right = st.columns(3)
year_start = left.selectbox("Tahun awal", years[:-1], index=0, key="tren_awal")
later = [y for y in years if y > year_start]
year_end = mid.selectbox("Tahun akhir", later, index=len(later) - 1, key="tren_akhir")
level = right.radio("Menurut", ["kecamatan", "kelurahan"], horizontal=True, key="tren_level")
kind = sel.line_kind
if sel.line_choice == "nilai":
    st.caption("Dekomposisi membandingkan tiap tahun dengan garis resminya sendiri (garis pilihan tidak dipakai).")

dr = data.datt_ravallion(year_start, year_end, kind).table.set_index("measure")
labels = {"p0": "P0 (poin persen)", "p1": "P1 (×100)", "p2": "P2 (×100)"}
# Areas whose P0 is hidden in either year: every figure built from their P0 is hidden too.
hidden_start = disclosure.hidden_areas(year_start, kind, user)
hidden_end = disclosure.hidden_areas(year_end, kind, user)
city_hidden = "64.74" in (hidden_start | hidden_end)


def shown(text: str, hide: bool) -> str:
    return "x" if hide else text


st.subheader("Pertumbuhan dan redistribusi (Datt-Ravallion), Kota Bontang")
st.dataframe(
    pd.DataFrame(
        {
            "Ukuran": [labels[m] for m in dr.index],
            f"{year_start}": [shown(number(v * 100, 3), "64.74" in hidden_start) for v in dr["start"]],
            f"{year_end}": [shown(number(v * 100, 3), "64.74" in hidden_end) for v in dr["end"]],
            "Perubahan": [shown(signed(v * 100, 3), city_hidden) for v in dr["change"]],
            "Karena pertumbuhan": [shown(signed(v * 100, 3), city_hidden) for v in dr["growth"]],
            "Karena redistribusi": [shown(signed(v * 100, 3), city_hidden) for v in dr["redistribution"]],
        }
    ),
    hide_index=True,
    key="tabel_datt",
)
if city_hidden:
    st.caption(f"{NOTE} Angka kota disembunyikan karena jumlah penduduk miskinnya kurang dari 10.")
st.caption(
    "Pertumbuhan: perubahan rata-rata pengeluaran riil (relatif terhadap garis); redistribusi: perubahan "
    "ketimpangan. Keduanya menjumlah tepat ke perubahan (analytics.poverty.datt_ravallion)."
)

st.subheader(f"Sumbangan tiap {level} terhadap perubahan P0 kota")
decomposition = data.change_by_area(year_start, year_end, level, kind)
change = decomposition.table
if sel.within is not None and level == "kelurahan":
    change = change[change["kode"].str.startswith(sel.within + ".")]
hidden_bars = change["kode"].isin(hidden_start | hidden_end)
bars = make_subplots(rows=1, cols=1)
for column, name in (("within_p0", "Perubahan di dalam wilayah"), ("shift_p0", "Pergeseran penduduk")):
    # A bar gives the area's change in P0, hence its P0 of one year from the other's.
    bars.add_bar(x=change["nama"], y=(change[column] * 100).where(~hidden_bars), name=name)
bars.update_layout(barmode="relative", height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, separators=",.",
                   yaxis_title="poin persen", legend={"orientation": "h", "y": -0.3})
st.plotly_chart(bars, key="grafik_dekomposisi")
city = decomposition.city["p0"]
st.caption(
    f"P0 kota {shown(percent(city['start']), '64.74' in hidden_start)} ({year_start}) → "
    f"{shown(percent(city['end']), '64.74' in hidden_end)} ({year_end}), perubahan "
    f"{shown(signed(city['change'] * 100), city_hidden)} poin persen = jumlah sumbangan semua wilayah "
    "(analytics.poverty.change_by_area)."
)
if hidden_bars.any():
    st.caption(
        "Batang wilayah yang jumlah penduduk miskinnya disembunyikan (<10 atau x) pada salah satu tahun tidak "
        "ditampilkan."
    )

st.header("Transisi kemiskinan keluarga")
try:
    moves = disclosure.transitions(year_start, year_end, level, sel.line, user)
except ImportError:
    st.info("Perhitungan transisi (analytics.poverty.transitions) belum tersedia di versi ini.")
else:
    if sel.within is not None and level == "kelurahan":
        moves = moves[moves["kode"].str.startswith(sel.within + ".")]
    st.dataframe(
        pd.DataFrame(
            {
                "Wilayah": moves["nama"],
                "Tetap miskin": counts(moves["stayed_poor"]),
                "Keluar dari kemiskinan": counts(moves["left_poverty"]),
                "Masuk kemiskinan": counts(moves["entered_poverty"]),
                "Tetap tidak miskin": counts(moves["stayed_out"]),
                f"Hanya ada {year_start}": counts(moves["only_in_from"]),
                f"Hanya ada {year_end}": counts(moves["only_in_to"]),
            }
        ),
        hide_index=True,
        key="tabel_transisi",
    )
    st.caption(f"Keluarga yang sama di {year_start} dan {year_end} (analytics.poverty.transitions.transitions).")
    if disclosure.has_hidden(moves, [c for c in moves.columns if c not in ("kode", "nama")]):
        st.caption(NOTE)
