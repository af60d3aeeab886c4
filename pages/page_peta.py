"""Peta: kelurahan coloured by an indicator, uncovered poor families, and a kelurahan profile."""

import streamlit as st

from analytics.formats import bps_scale, number, percent
from analytics.labels import BPS_SCALE_NOTE, line_text
from geo import layers
from ui import auth, controls, data, maps
from ui.disclosure import NOTE, area_figures, hidden, needs_protection

user = auth.require()
sel = controls.sidebar(user)
st.title(f"Peta kemiskinan {sel.year}")
line = data.line(sel.year, sel.line)
st.caption(f"{line_text(line)}. {BPS_SCALE_NOTE}.")

indicator = st.selectbox(
    "Indikator", list(maps.INDICATORS), format_func=lambda k: maps.INDICATORS[k].label, key="peta_indikator"
)
kelurahan_map = data.boundaries()
boundaries = kelurahan_map.frame
if kelurahan_map.schematic:
    st.warning(
        "Peta skematis: bentuk kelurahan disusun dari titik pusat dan luas wilayahnya, bukan batas resmi. "
        "Atur KEMISKINAN_BOUNDARY_FILE untuk memakai berkas batas resmi."
    )

geojson = maps.choropleth(sel.year, sel.line, indicator)
names = controls.kelurahan_names()

# The profile shown: a click on the map, else the profile box, else the sidebar's kelurahan.
if "peta_profil" not in st.session_state or st.session_state.get("_peta_kel_sidebar") != sel.kelurahan:
    st.session_state["peta_profil"] = sel.kelurahan or ""
st.session_state["_peta_kel_sidebar"] = sel.kelurahan
event_key = "peta_peta"
previous_click = st.session_state.get("_peta_klik")
event = st.session_state.get(event_key)
clicked = None
if event is not None:
    objects = (event.get("selection") or {}).get("objects") or {}
    picked = objects.get(layers.CHOROPLETH_LAYER_ID) or []
    if picked:
        obj = picked[0]
        clicked = (obj.get("properties") or obj).get("kode")
if clicked and clicked != previous_click and clicked in names:
    st.session_state["peta_profil"] = clicked
st.session_state["_peta_klik"] = clicked

profile = st.session_state["peta_profil"] or None
map_layers = [layers.choropleth_layer(geojson)]
households = auth.household_access(user)
if households:
    show_points = st.radio(
        "Keluarga miskin tanpa program",
        ["otomatis", "titik", "heksagon", "sembunyikan"],
        format_func={
            "otomatis": "Otomatis (heksagon untuk kota, titik untuk satu kelurahan)",
            "titik": "Titik",
            "heksagon": "Heksagon",
            "sembunyikan": "Sembunyikan",
        }.get,
        horizontal=True,
        key="peta_lapisan",
    )
    # A verifikator's request for the whole city is narrowed to its kelurahan by the query.
    uncovered = data.uncovered_eligible(sel.year, "poor", sel.line, None, None, user)
    located = uncovered[uncovered["coord_status"] == "ok"]
    mode = show_points if show_points != "otomatis" else ("titik" if profile else "heksagon")
    if mode == "titik":
        shown = located if profile is None else located[located["kode_kelurahan"] == profile]
        map_layers.append(layers.points_layer(shown))
        auth.record_view(user, "peta_titik_belum_terjangkau", sel.year, profile or user.kelurahan, len(shown))
    elif mode == "heksagon":
        map_layers.append(layers.hexagon_layer(located))
        auth.record_view(user, "peta_heksagon_belum_terjangkau", sel.year, user.kelurahan, len(located))
if profile:
    map_layers.append(layers.outline_layer(boundaries, profile))

tooltip = {
    "html": "<b>{nama}</b><br/>" + maps.INDICATORS[indicator].label + ": {value_text}",
    "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "12px"},
}
st.pydeck_chart(
    layers.deck(map_layers, layers.view_state(boundaries, profile), tooltip),
    on_select="rerun",
    selection_mode="single-object",
    key=event_key,
    height=520,
)
st.html(maps.legend_html(geojson, indicator))
colour = (
    f"Warna: {maps.INDICATORS[indicator].label} per kelurahan ({maps.INDICATORS[indicator].source}), kelas "
    "berjumlah sama."
)
if households:
    where = f" di {names[user.kelurahan]}" if user.kelurahan else ""
    st.caption(
        f"{colour} Titik/heksagon: {number(len(located))} dari {number(len(uncovered))} keluarga miskin tanpa "
        f"program{where} yang koordinatnya valid (programs.coverage.uncovered_eligible). Klik kelurahan untuk "
        "membuka profilnya."
    )
else:
    st.caption(f"{colour} Lokasi rumah tangga tidak ditampilkan untuk peran Anda. Klik kelurahan untuk membuka "
               "profilnya.")

st.subheader("Profil kelurahan")
st.selectbox(
    "Kelurahan",
    ["", *names],
    format_func=lambda k: "Pilih kelurahan…" if k == "" else names[k],
    key="peta_profil",
)
if profile:
    head = data.headline(sel.year, sel.line, profile).table.set_index("indicator")["value"]
    cov = data.coverage(sel.year, "kelurahan", "any", "poor", sel.line).set_index("kode").loc[profile]
    mpi = data.mpi(sel.year, "kelurahan").set_index("kode").loc[profile]
    seg = data.segments(sel.year, "kelurahan", sel.line)
    seg = seg[seg["kode"] == profile].set_index("segment")["families"]
    shown = {
        "p0": head["p0"], "p1": head["p1"], "p2": head["p2"], "poor": head["poor"],
        "uncovered": cov["eligible_families"] - cov["covered_eligible"], "coverage": cov["coverage"],
        "empower_families": int(seg.get("empower", 0)), "assist_families": int(seg.get("assist", 0)),
    }
    if needs_protection(user):
        # The same protected cells as on Ringkasan and in the briefing pack.
        cells = area_figures(sel.year, sel.line).set_index("kode").loc[profile]
        shown = {name: cells[name] for name in shown}

    def show(name, fmt):
        return shown[name] if hidden(shown[name]) else fmt(shown[name])

    cols = st.columns(6)
    cols[0].metric("P0", show("p0", percent))
    cols[1].metric("P1 (×100)", show("p1", bps_scale))
    cols[2].metric("P2 (×100)", show("p2", lambda v: bps_scale(v, 3)))
    cols[3].metric("Penduduk miskin", show("poor", number))
    cols[4].metric("Keluarga miskin tanpa program", show("uncovered", number))
    cols[5].metric("M0", number(mpi["M0"], 3))
    st.caption(
        f"{names[profile]}: cakupan program bagi keluarga miskin {show('coverage', lambda v: percent(v, 1))}; "
        f"keluarga miskin yang dapat diberdayakan {show('empower_families', number)}, "
        f"yang perlu dibantu {show('assist_families', number)}. "
        "Sumber: analytics.summary.headline, programs.coverage.coverage, segments.segments, mpi.alkire_foster."
        + (f" {NOTE}" if needs_protection(user) else "")
    )
else:
    st.info("Klik sebuah kelurahan pada peta atau pilih dari daftar untuk melihat profilnya.")
