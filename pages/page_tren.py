"""Tren: P0, P1, P2 over the years beside BPS, what drove the change, and families' transitions."""

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from ui import auth, charts, controls, data, provenance, tables
from ui.data import REGION_KIND, UNIT

user = auth.require_page(__file__)
sel = controls.sidebar(user)
view = data.trend(sel, user)
st.title(view.title)
provenance.caption(view.caption)

series = view.series
# One chart per measure in columns: side by side on a desktop, one under the other on a phone
# (three panels of one figure ran their years and axes together at 390 px).
titles = {"p0": "P0 (%)", "p1": "P1 (×100)", "p2": "P2 (×100)"}
pemkot_legend = next((m for m in titles if series[f"pemkot_{m}"].notna().any()), None)
for column, measure in zip(st.columns(3), titles, strict=True):
    figure = go.Figure()
    register = series[series[measure].notna()]
    # A model year carries its 90 % interval as an error bar; an observed year has none (0).
    above = (register[f"upper_{measure}"] - register[measure]).fillna(0)
    below = (register[measure] - register[f"lower_{measure}"]).fillna(0)
    figure.add_scatter(
        x=register["year"],
        y=register[measure],
        mode="lines+markers",
        name="Dasbor (register / model SAE)",
        line={"color": "#c0392b"},
        error_y={"type": "data", "symmetric": False, "array": above, "arrayminus": below, "thickness": 1.2},
        text=["garis perkiraan" if s == "estimated" else "garis resmi" for s in register["line_status"]],
        hovertemplate="%{x}: %{y:.3f} (%{text})<extra>Dasbor</extra>",
    )
    bps = series.dropna(subset=[f"bps_{measure}"])
    if not bps.empty:
        figure.add_scatter(
            x=bps["year"],
            y=bps[f"bps_{measure}"],
            mode="lines+markers",
            name="BPS (Susenas Maret)",
            line={"color": "#2c3e50", "dash": "dot"},
        )
    pemkot = series.dropna(subset=[f"pemkot_{measure}"])
    if not pemkot.empty:
        figure.add_scatter(
            x=pemkot["year"],
            y=pemkot[f"pemkot_{measure}"],
            mode="markers",
            name="Pemkot † (belum rilis BPS)",
            marker={"color": "#7f8c8d", "symbol": "diamond-open", "size": 10},
            showlegend=measure == pemkot_legend,
        )
    figure.update_layout(
        title={"text": titles[measure], "font": {"size": 14}},
        height=320,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        showlegend=False,  # one legend below all three: a legend in one chart shortened it
    )
    figure.update_xaxes(tickvals=charts.year_ticks(series["year"]), tickformat="d", tickangle=0)
    charts.show(figure, f"grafik_tren_{measure}", 3, column)  # the hover prints three decimals
st.html(
    '<div style="font-size:0.85rem"><span style="color:#c0392b">━●━</span> Dasbor (register / model SAE, garis '
    'vertikal: selang 90 %) &nbsp; <span style="color:#2c3e50">┅●┅</span> BPS (Susenas Maret)'
    + (' &nbsp; <span style="color:#7f8c8d">◇</span> Pemkot † (belum rilis BPS)' if pemkot_legend else "")
    + "</div>"
)
if view.quote:
    st.info(view.quote)
if view.city_only_note:
    provenance.caption(view.city_only_note)
if view.reference_note:
    provenance.caption(view.reference_note)

with st.expander("Tabel deret waktu"):
    tables.show(view.table, key="tabel_tren")
    if view.table_note:
        provenance.caption(view.table_note)

st.header("Dekomposisi perubahan")
years = data.available_years()
# The sidebar year is the year under review: compared with the year before, until the user
# picks another pair here (a new sidebar year starts from its own pair again).
if st.session_state.get("tren_tahun_sidebar") != sel.year:
    st.session_state["tren_tahun_sidebar"] = sel.year
    for key in ("tren_awal", "tren_akhir"):
        st.session_state.pop(key, None)
end_default = sel.year if sel.year > years[0] else years[-1]
left, mid, right = st.columns(3)
year_start = left.selectbox("Tahun awal", years[:-1], index=years.index(end_default) - 1, key="tren_awal")
later = [y for y in years if y > year_start]
year_end = mid.selectbox(
    "Tahun akhir", later, index=later.index(end_default) if end_default in later else len(later) - 1, key="tren_akhir"
)
level = right.radio(
    "Menurut",
    ["kecamatan", "kelurahan"],
    format_func=lambda v: UNIT if v == "kelurahan" else v,
    horizontal=True,
    key="tren_level",
)
change = data.changes(sel, year_start, year_end, level, user)
if change.unavailable:
    st.info(change.unavailable)
    st.stop()
if change.line_note:
    provenance.caption(change.line_note)

st.subheader(f"Pertumbuhan dan redistribusi (Datt-Ravallion), {data.REGION_NAME} {year_start}–{year_end}")
if change.datt_ravallion_unavailable:
    st.info(change.datt_ravallion_unavailable)
else:
    tables.show(change.datt_ravallion, key="tabel_datt")
    if change.datt_ravallion_note:
        provenance.caption(change.datt_ravallion_note)
    provenance.caption(
        "Pertumbuhan: perubahan rata-rata pengeluaran riil (relatif terhadap garis); redistribusi: perubahan "
        "ketimpangan. Keduanya menjumlah tepat ke perubahan (analytics.poverty.datt_ravallion)."
    )

level_name = UNIT if level == "kelurahan" else level
st.subheader(f"Sumbangan tiap {level_name} terhadap perubahan P0 {REGION_KIND} {year_start}–{year_end}")
bars = make_subplots(rows=1, cols=1)
for column, name in (("within_p0", "Perubahan di dalam wilayah"), ("shift_p0", "Pergeseran penduduk")):
    bars.add_bar(x=change.contributions["nama"], y=change.contributions[column], name=name)
bars.update_layout(
    barmode="relative",
    height=320,
    margin={"l": 10, "r": 10, "t": 10, "b": 10},
    separators=",.",
    yaxis_title="poin persen",
    legend={"orientation": "h", "y": -0.3},
)
charts.show(bars, "grafik_dekomposisi", 2)
provenance.caption(change.city_caption)
if change.hidden_bars_note:
    provenance.caption(change.hidden_bars_note)

st.header(f"Transisi kemiskinan keluarga {year_start}–{year_end}")
if change.transitions_unavailable:
    st.info(change.transitions_unavailable)
else:
    tables.show(change.transitions, key="tabel_transisi")
    provenance.caption(change.transitions_caption)
    if change.transitions_note:
        provenance.caption(change.transitions_note)
