"""Cakupan Program: who the programs reach and miss, the two segments, what the approved verval
records found (beside the register's figures), the uncovered families for field verification,
and a transfer simulator."""

import streamlit as st
from plotly.subplots import make_subplots

from ui import auth, charts, controls, data, exports, inputs, labels, provenance, tables
from ui import verval as vv
from ui.data import UNIT

user = auth.require_page(__file__)
sel = controls.sidebar(user)
st.title(f"Cakupan program {sel.year}")

welfare = data.welfare(sel.year)
choices = data.eligibility_choices(user, welfare)
if st.session_state.get("cakupan_sasaran") not in choices:
    st.session_state["cakupan_sasaran"] = choices[0]
if len(choices) > 1:
    eligible = st.radio(
        "Keluarga sasaran", choices, format_func=labels.ELIGIBILITY.get, horizontal=True, key="cakupan_sasaran"
    )
else:  # one choice is no choice: said, not offered
    eligible = choices[0]
program = st.session_state.get("cakupan_program", "any")
view = data.coverage(sel, eligible, program if program in data.program_choices(user) else "any", user)
if view.headline:
    st.markdown(view.headline)
provenance.caption(view.caption)

st.header("Cakupan dan kesalahan sasaran per program")
# Coverage is a share of the eligible, inclusion error a share of the recipients: two panels,
# not two bars that look comparable.
# Two short lines per title: one long line ran into the other panel's on a phone.
chart = make_subplots(
    rows=1,
    cols=2,
    shared_yaxes=True,
    subplot_titles=("Cakupan<br>(% keluarga sasaran)", "Kesalahan inklusi<br>(% penerima)"),
    horizontal_spacing=0.1,
)
chart.add_bar(y=view.chart["program"], x=view.chart["coverage"], orientation="h", name="Cakupan", row=1, col=1)
chart.add_bar(
    y=view.chart["program"], x=view.chart["inclusion_error"], orientation="h", name="Kesalahan inklusi", row=1, col=2
)
chart.update_layout(
    height=320,
    separators=",.",
    showlegend=False,
    yaxis={"autorange": "reversed"},
    margin={"l": 10, "r": 10, "t": 60, "b": 10},
)
chart.update_annotations(font_size=12)
chart.update_xaxes(range=[0, 100])  # the titles say "%": a suffix made "100 %0 %" on a phone
charts.show(chart, "grafik_cakupan", 1)
tables.show(view.by_program, key="tabel_program")
if len(data.program_choices(user)) > 1:
    st.selectbox(
        f"Program per {UNIT}", data.program_choices(user), format_func=labels.PROGRAMS.get, key="cakupan_program"
    )
tables.show(view.by_kelurahan, key="tabel_cakupan_kelurahan")
provenance.caption(view.note)

st.header("Segmen keluarga miskin: diberdayakan dan dibantu")
segments = data.segments(sel, user)
if not segments.table.empty:
    tables.show(segments.table, key="tabel_segmen")
provenance.caption(segments.caption)

st.header("Hasil verval lapangan")
verval = vv.outcomes(sel, user)
st.markdown(verval.headline)
st.subheader("Sasaran menurut register dan temuan lapangan")
tables.show(verval.targeting, key="tabel_verval_sasaran")
provenance.caption(verval.targeting_caption)
st.subheader("Kesesuaian register dengan temuan lapangan")
st.markdown(verval.agreement.headline)
if not verval.agreement.table.empty:
    tables.show(verval.agreement.table, key="tabel_verval_kesesuaian")
provenance.caption(verval.agreement.caption)
st.subheader("Kemajuan dan hasil verval per wilayah")
tables.show(verval.progress.progress, key="tabel_verval_kemajuan")
tables.show(verval.progress.outcomes, key="tabel_verval_hasil")
if not verval.progress.rt_progress.empty:
    with st.expander("Per RT"):
        tables.show(verval.progress.rt_progress, key="tabel_verval_kemajuan_rt")
        tables.show(verval.progress.rt_outcomes, key="tabel_verval_hasil_rt")
provenance.caption(verval.progress.caption)

if auth.household_access(user):
    st.header("Keluarga sasaran yang belum menerima program")
    names = controls.kelurahan_names()
    if user.kelurahan:  # a verifikator lists its own kelurahan only
        options, first = [user.kelurahan], []
    else:
        options, first = [k for k in names if sel.within is None or k.startswith(sel.within + ".")], [""]
    # The list follows the sidebar's kelurahan, as the headline above does, until the user picks
    # another one here (a widget keeps its own value when the sidebar changes).
    if st.session_state.get("_daftar_kel_sidebar") != sel.kelurahan:
        st.session_state["_daftar_kel_sidebar"] = sel.kelurahan
        st.session_state.pop("daftar_kelurahan", None)
    f1, f2 = st.columns(2)
    kel = f1.selectbox(
        data.UNIT_TITLE,
        [*first, *options],
        format_func=lambda k: "Semua" if k == "" else names[k],
        index=0 if sel.kelurahan is None or not first else options.index(sel.kelurahan) + 1,
        key="daftar_kelurahan",
    )
    segment = f2.selectbox(
        "Segmen",
        ["", "empower", "assist"],
        format_func=lambda s: "Semua" if s == "" else labels.SEGMENTS[s],
        key="daftar_segmen",
    )
    kel, segment = kel or None, segment or None
    listing = data.uncovered_list(sel, eligible, kel, segment, user)
    st.metric(listing.title, listing.count)
    tables.show(listing.shown, key="tabel_belum_terjangkau", height=360)
    place = kel or user.kelurahan or sel.within
    auth.record_view(user, "belum_terjangkau", sel.year, place, len(listing.shown))

    def verification_workbook() -> bytes:
        # Built only when the button is clicked: at a million families it takes seconds.
        return exports.excel_bytes(
            {"Verifikasi lapangan": listing.export},
            notes=[*listing.notes, f"Diunduh oleh {user.username}; unduhan ini tercatat di log audit."],
            kinds={"Verifikasi lapangan": listing.kinds},
        )

    st.download_button(
        "Unduh Excel untuk verifikasi lapangan",
        auth.audited_download(user, verification_workbook, "belum_terjangkau", sel.year, place, len(listing.shown)),
        file_name=f"verifikasi_belum_terjangkau_{sel.year}.xlsx",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="unduh_verifikasi",
    )

if not data.simulator_offered(user, welfare):
    st.stop()

st.header("Simulasi bantuan tunai")
with st.form("simulasi"):
    c1, c2, c3 = st.columns(3)
    amount = inputs.whole_number(c1, "Bantuan per keluarga per bulan (Rp)", key="sim_nilai", default=300_000)
    target = c2.radio(
        "Batasan",
        ["jumlah", "anggaran"],
        format_func={"jumlah": "Jumlah keluarga", "anggaran": "Anggaran per bulan"}.get,
        key="sim_batas",
        horizontal=True,
    )
    # One input per meaning: the radio says which of the two limits the transfer.
    families = inputs.whole_number(c2, "Jumlah keluarga", key="sim_jumlah", default=500)
    budget = inputs.whole_number(c2, "Anggaran per bulan (Rp)", key="sim_anggaran", default=150_000_000)
    size = families if target == "jumlah" else budget
    rule = c3.selectbox("Sasaran", list(labels.TRANSFER_RULES), format_func=labels.TRANSFER_RULES.get, key="sim_aturan")
    submitted = st.form_submit_button("Jalankan simulasi")
if submitted and amount is not None and size is not None:
    st.session_state["_simulasi"] = (float(amount), target, int(size), rule)
if "_simulasi" in st.session_state:
    result = data.simulation(sel, *st.session_state["_simulasi"])
    for col, (label, value, delta, tone) in zip(st.columns(len(result.metrics)), result.metrics, strict=True):
        col.metric(label, value, delta=delta, delta_color=tone, delta_arrow="off" if tone == "off" else "auto")
    provenance.caption(result.caption)
else:
    st.info("Isi parameter lalu tekan \u201cJalankan simulasi\u201d.")
