"""Cakupan Program: who the programs reach and miss, the two segments, the uncovered families
for field verification, and a transfer simulator."""

import plotly.graph_objects as go
import streamlit as st

from ui import auth, controls, data, exports, labels

user = auth.require()
sel = controls.sidebar(user)
st.title(f"Cakupan program {sel.year}")

welfare = data.welfare(sel.year)
choices = data.eligibility_choices(user, welfare)
if st.session_state.get("cakupan_sasaran") not in choices:
    st.session_state["cakupan_sasaran"] = choices[0]
eligible = st.radio("Keluarga sasaran", choices, format_func=labels.ELIGIBILITY.get, horizontal=True,
                    key="cakupan_sasaran")
program = st.session_state.get("cakupan_program", "any")
view = data.coverage(sel, eligible, program if program in data.program_choices(user) else "any", user)
st.caption(view.caption)

st.header("Cakupan dan kesalahan sasaran per program")
chart = go.Figure()
chart.add_bar(x=view.chart["program"], y=view.chart["coverage"], name="Cakupan sasaran")
chart.add_bar(x=view.chart["program"], y=view.chart["inclusion_error"],
              name="Kesalahan inklusi (penerima bukan sasaran)")
chart.update_layout(barmode="group", height=300, yaxis_title="%", separators=",.",
                    margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h", "y": -0.25})
st.plotly_chart(chart, key="grafik_cakupan")
st.dataframe(view.by_program, hide_index=True, key="tabel_program")
st.selectbox("Program per kelurahan", data.program_choices(user), format_func=labels.PROGRAMS.get,
             key="cakupan_program")
st.dataframe(view.by_kelurahan, hide_index=True, key="tabel_cakupan_kelurahan")
st.caption(view.note)

st.header("Segmen keluarga miskin: diberdayakan dan dibantu")
segments = data.segments(sel, user)
if not segments.table.empty:
    st.dataframe(segments.table, hide_index=True, key="tabel_segmen")
st.caption(segments.caption)

if auth.household_access(user):
    st.header("Keluarga sasaran yang belum menerima program")
    names = controls.kelurahan_names()
    if user.kelurahan:  # a verifikator lists its own kelurahan only
        options, first = [user.kelurahan], []
    else:
        options, first = [k for k in names if sel.within is None or k.startswith(sel.within + ".")], [""]
    f1, f2 = st.columns(2)
    kel = f1.selectbox("Kelurahan", [*first, *options], format_func=lambda k: "Semua" if k == "" else names[k],
                       index=0 if sel.kelurahan is None or not first else options.index(sel.kelurahan) + 1,
                       key="daftar_kelurahan")
    segment = f2.selectbox("Segmen", ["", "empower", "assist"],
                           format_func=lambda s: "Semua" if s == "" else labels.SEGMENTS[s], key="daftar_segmen")
    kel, segment = kel or None, segment or None
    listing = data.uncovered_list(sel, eligible, kel, segment, user)
    st.metric("Keluarga sasaran tanpa program", listing.count)
    st.dataframe(listing.shown, hide_index=True, key="tabel_belum_terjangkau", height=360)
    place = kel or user.kelurahan or sel.within
    auth.record_view(user, "belum_terjangkau", sel.year, place, len(listing.shown))

    def verification_workbook() -> bytes:
        # Built only when the button is clicked: at a million families it takes seconds.
        families = listing.families
        return exports.excel_bytes(
            {"Verifikasi lapangan": listing.shown.assign(Latitude=families["lat"], Longitude=families["lon"])},
            notes=[*listing.notes, f"Diunduh oleh {user.username}; unduhan ini tercatat di log audit."],
        )

    st.download_button(
        "Unduh Excel untuk verifikasi lapangan",
        auth.audited_download(user, verification_workbook, "belum_terjangkau", sel.year, place, len(listing.shown)),
        file_name=f"verifikasi_belum_terjangkau_{sel.year}.xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="unduh_verifikasi",
    )

if not data.simulator_offered(user, welfare):
    st.stop()

st.header("Simulasi bantuan tunai")
with st.form("simulasi"):
    c1, c2, c3 = st.columns(3)
    amount = c1.number_input("Bantuan per keluarga per bulan (Rp)", min_value=0, value=300_000, step=50_000,
                             key="sim_nilai")
    target = c2.radio("Batasan", ["jumlah", "anggaran"], format_func={"jumlah": "Jumlah keluarga",
                      "anggaran": "Anggaran per bulan"}.get, key="sim_batas")
    size = c2.number_input("Jumlah keluarga / anggaran (Rp)", min_value=0, value=500, step=100, key="sim_jumlah")
    rule = c3.selectbox("Sasaran", list(labels.TRANSFER_RULES), format_func=labels.TRANSFER_RULES.get,
                        key="sim_aturan")
    submitted = st.form_submit_button("Jalankan simulasi")
if submitted:
    st.session_state["_simulasi"] = (float(amount), target, int(size), rule)
if "_simulasi" in st.session_state:
    result = data.simulation(sel, *st.session_state["_simulasi"])
    for col, (label, value, delta) in zip(st.columns(len(result.metrics)), result.metrics, strict=True):
        col.metric(label, value, delta=delta, delta_color="inverse")
    st.caption(result.caption)
else:
    st.info("Isi parameter lalu tekan \u201cJalankan simulasi\u201d.")
