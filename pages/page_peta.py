"""Peta: kelurahan coloured by an indicator, uncovered poor families, and a kelurahan profile."""

import streamlit as st

from geo import hexbins, layers
from ui import auth, controls, data, maps, provenance
from ui.data import REGION_KIND, UNIT

user = auth.require_page(__file__)
sel = controls.sidebar(user)
st.title(f"Peta kemiskinan {sel.year}")
provenance.caption(data.map_caption(sel))

choices = data.map_indicators(sel.year)
if st.session_state.get("peta_indikator") not in choices:
    st.session_state["peta_indikator"] = choices[0]
indicator = st.selectbox("Indikator", choices, format_func=lambda k: maps.INDICATORS[k].label, key="peta_indikator")
kelurahan_map = data.boundaries()
boundaries = kelurahan_map.frame
if kelurahan_map.schematic:
    st.warning(data.SCHEMATIC_WARNING)

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
        data.uncovered_title(sel.year),
        ["otomatis", "titik", "heksagon", "sembunyikan"],
        format_func={
            "otomatis": f"Otomatis (heksagon untuk {REGION_KIND}, titik untuk satu {UNIT})",
            "titik": "Titik",
            "heksagon": "Heksagon",
            "sembunyikan": "Sembunyikan",
        }.get,
        horizontal=True,
        key="peta_lapisan",
    )
    mode = show_points if show_points != "otomatis" else ("titik" if profile else "heksagon")
    # Dots show (and the caption counts) the kelurahan whose profile is open; hexagons the city.
    points = data.uncovered_points(sel, user, profile if mode == "titik" else None)
    located = points.located
    if mode == "titik":
        shown = located
        map_layers.append(layers.points_layer(shown))
        auth.record_view(user, "peta_titik_belum_terjangkau", sel.year, profile or user.kelurahan, len(shown))
    elif mode == "heksagon":
        map_layers.append(hexbins.hexagon_cells_layer(located))
        auth.record_view(user, "peta_heksagon_belum_terjangkau", sel.year, user.kelurahan, len(located))
    verified = None
    if st.toggle("Tampilkan hasil verval lapangan (catatan yang sudah disetujui)", key="peta_verval"):
        verified = maps.verified(sel, user)
        # Larger, with a dark ring: not to be taken for the uncovered families' dots.
        map_layers.append(
            layers.points_layer(
                verified.points, maps.VERIFIED_LAYER, radius_min_px=6, outline=(20, 20, 20), outline_px=2
            )
        )
        auth.record_view(
            user, "peta_titik_terverifikasi", sel.year, sel.kelurahan or user.kelurahan, len(verified.points)
        )
if profile:
    map_layers.append(layers.outline_layer(boundaries, profile))
map_view = layers.view_state(boundaries, profile)
# The names of the highest values first: the poorest kelurahan are named at the city's zoom.
map_layers.append(layers.label_layer(boundaries, map_view, maps.label_priority(sel.year, sel.line, indicator)))

tooltip = {
    "html": "<b>{nama}</b><br/>{value_text}",
    "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "12px"},
}
if profile:
    # One obvious way back from a kelurahan to the whole city.
    st.button(
        f"← Kembali ke seluruh {REGION_KIND}", key="peta_kota", on_click=lambda: st.session_state.update(peta_profil="")
    )
# On a desktop the legends and the caption stand beside the map, whose frame then is not much
# wider than the city it fits; on a phone the columns stack (the map keeps the full width).
# (ui.style wraps them under a 1.100 px window, where the map's column would grow too narrow.)
map_column, key_column = st.container(key="peta_bingkai").columns([3, 2], vertical_alignment="top")
map_column.pydeck_chart(
    layers.deck(map_layers, map_view, tooltip),
    on_select="rerun",
    selection_mode="single-object",
    key=event_key,
    height=520,
)
key_column.html(maps.legend_html(geojson, indicator))
if households and mode != "sembunyikan":
    key_column.html(maps.households_legend_html(mode, data.uncovered_title(sel.year)))
if households and verified is not None:
    key_column.html(maps.verified_legend_html())
colour = (
    f"Warna: {maps.INDICATORS[indicator].label} per {UNIT} (analytics.{maps.INDICATORS[indicator].source}), kelas "
    "berjumlah sama."
)
if households:
    provenance.caption(
        f"{colour} {points.caption}" + (f" {verified.caption}" if verified is not None else ""), key_column
    )
else:
    provenance.caption(
        f"{colour} Lokasi rumah tangga tidak ditampilkan untuk peran Anda. Klik {UNIT} untuk membuka profilnya.",
        key_column,
    )

st.subheader(f"Profil {UNIT}")
st.selectbox(
    data.UNIT_TITLE,
    ["", *names],
    format_func=lambda k: f"Pilih {UNIT}…" if k == "" else names[k],
    key="peta_profil",
)
if profile:
    view = data.profile(sel, profile, user)
    for column, metric in zip(st.columns(len(view.metrics)), view.metrics, strict=True):
        column.metric(metric.label, metric.value)
    provenance.caption(view.caption)
else:
    st.info(f"Klik sebuah {UNIT} pada peta atau pilih dari daftar untuk melihat profilnya.")
