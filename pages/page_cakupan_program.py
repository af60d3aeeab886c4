"""Cakupan Program: who the programs reach and miss, the two segments, the uncovered families
for field verification, and a transfer simulator."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.formats import bps_scale, number, percent, rupiah, signed
from analytics.labels import BPS_SCALE_NOTE, line_text
from ui import auth, controls, data, disclosure, exports
from ui.disclosure import NOTE, area_figures, hidden, needs_protection, protect_areas
from ui.tables import counts, money, percents

user = auth.require()
sel = controls.sidebar(user)
st.title(f"Cakupan program {sel.year}")
line = data.line(sel.year, sel.line)

ELIGIBLE = {"poor": "Miskin (di bawah garis terpilih)", "extreme": "Miskin ekstrem", "desil<=4": "Desil 1–4"}
PROGRAMS = {"any": "Program apa pun", "PKH": "PKH", "SEMBAKO": "Sembako/BPNT", "PBI": "PBI-JK", "BST": "BST",
            "BPUM": "BPUM", "PRAKERJA": "Prakerja", "KUR": "KUR"}
# A pimpinan's coverage figures are the protected ones of the briefing pack: poor families,
# the city per program and every kelurahan for any program. Other breakdowns would need
# suppression across tables that could still be subtracted from each other.
protected = needs_protection(user)
eligible = st.radio("Keluarga sasaran", ["poor"] if protected else list(ELIGIBLE), format_func=ELIGIBLE.get,
                    horizontal=True, key="cakupan_sasaran")
st.caption(f"Keluarga dihitung per keluarga (bukan jiwa); {line_text(line)}.")

RATES = ("coverage", "exclusion_error", "inclusion_error")


st.header("Cakupan dan kesalahan sasaran per program")


by_program = disclosure.not_eligible_where_shown(
    disclosure.programs(data.coverage(sel.year, "kota", "all", eligible, sel.line), user, sel.year, sel.line), user
)
shown_rates = by_program.assign(**{r: pd.to_numeric(by_program[r], errors="coerce") for r in RATES})
chart = go.Figure()
chart.add_bar(x=shown_rates["program"].map(PROGRAMS), y=shown_rates["coverage"] * 100, name="Cakupan sasaran")
chart.add_bar(x=shown_rates["program"].map(PROGRAMS), y=shown_rates["inclusion_error"] * 100,
              name="Kesalahan inklusi (penerima bukan sasaran)")
chart.update_layout(barmode="group", height=300, yaxis_title="%", separators=",.",
                    margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h", "y": -0.25})
st.plotly_chart(chart, key="grafik_cakupan")


def coverage_table(frame: pd.DataFrame, first: str, first_column: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            first: frame[first_column],
            "Keluarga sasaran": counts(frame["eligible_families"]),
            "Sasaran terjangkau": counts(frame["covered_eligible"]),
            "Cakupan": percents(frame["coverage"]),
            "Kesalahan eksklusi": percents(frame["exclusion_error"]),
            "Penerima": counts(frame["recipients"]),
            "Penerima bukan sasaran": counts(frame["recipients_not_eligible"]),
            "Kesalahan inklusi": percents(frame["inclusion_error"]),
        }
    )


st.dataframe(coverage_table(by_program.assign(program=by_program["program"].map(PROGRAMS)), "Program", "program"),
             hide_index=True, key="tabel_program")
program = st.selectbox("Program per kelurahan", ["any"] if protected else list(PROGRAMS), format_func=PROGRAMS.get,
                       key="cakupan_program")
by_kel = disclosure.not_eligible_where_shown(
    protect_areas(data.coverage(sel.year, "kelurahan", program, eligible, sel.line), user, sel.year, sel.line,
                  ["eligible_families", "covered_eligible", "recipients", *RATES]),
    user,
)
if sel.within is not None:
    by_kel = by_kel[by_kel["kode"].str.startswith(sel.within + ".")]
st.dataframe(coverage_table(by_kel, "Kelurahan", "nama"), hide_index=True, key="tabel_cakupan_kelurahan")
PROTECTED_NOTE = f" {NOTE} Persentase baris yang angkanya disembunyikan juga tidak ditampilkan (–)."
st.caption("Sumber: analytics.programs.coverage.coverage. Eksklusi = sasaran yang tidak menerima; "
           "inklusi = penerima yang bukan sasaran." + (PROTECTED_NOTE if needs_protection(user) else ""))

st.header("Segmen keluarga miskin: diberdayakan dan dibantu")
segments = data.segments(sel.year, "kelurahan" if sel.within or sel.kelurahan else "kota", sel.line)
if sel.kelurahan:
    segments = segments[segments["kode"] == sel.kelurahan]
elif sel.within:
    segments = segments[segments["kode"].str.startswith(sel.within + ".")]
SEGMENT_LABEL = {"empower": "Diberdayakan", "assist": "Dibantu"}
if needs_protection(user):
    # The segments' families and persons per area come from the one protected model; a
    # hidden row's share of P1/P2 would give its size back, so it goes with it.
    cells = area_figures(sel.year, sel.line).set_index("kode")
    for what in ("families", "persons"):
        segments[what] = [cells.loc[k, f"{s}_{what}"] for k, s in zip(segments["kode"], segments["segment"])]
    hidden_rows = segments[["families", "persons"]].map(hidden).any(axis=1)
    for column in ("gap_contribution", "p1_share", "p2_contribution"):
        segments[column] = segments[column].astype(object).where(~hidden_rows, "x")
st.dataframe(
    pd.DataFrame(
        {
            "Wilayah": segments["nama"],
            "Segmen": segments["segment"].map(SEGMENT_LABEL),
            "Keluarga": counts(segments["families"]),
            "Jiwa": counts(segments["persons"]),
            "Sumbangan ke P1 (×100)": segments["gap_contribution"].map(lambda v: v if hidden(v) else bps_scale(v)),
            "Bagian dari P1": percents(segments["p1_share"]),
            "Sumbangan ke P2 (×100)": segments["p2_contribution"].map(
                lambda v: v if hidden(v) else bps_scale(v, 3)),
        }
    ),
    hide_index=True,
    key="tabel_segmen",
)
st.caption(
    "Diberdayakan: keluarga miskin dengan anggota usia kerja yang tidak disabilitas (program peningkatan pendapatan); "
    f"dibantu: selebihnya (bantuan pengurang beban). {BPS_SCALE_NOTE}. Sumber: analytics.segments.segments."
    + (f" {NOTE}" if needs_protection(user) else "")
)

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
                           format_func=lambda s: "Semua" if s == "" else SEGMENT_LABEL[s], key="daftar_segmen")
    kel, segment = kel or None, segment or None
    families = data.uncovered_list(sel.year, eligible, sel.line, kel, sel.within, segment, user)
    shown = pd.DataFrame(
        {
            "ID keluarga": families["family_id"],
            "Nama kepala keluarga": families["head_name"].fillna("–"),
            "NIK (disamarkan)": families["nik_masked"].fillna("–"),
            "Kelurahan": families["kelurahan"],
            "Jiwa": families["size"],
            "Pengeluaran per kapita": money(families["expenditure_pc"]),
            "Kesenjangan thd garis": percents(families["gap"]),
            "Segmen": families["segment"].map(SEGMENT_LABEL),
            "Desil": families["desil"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
            "Di DTKS": families["in_dtks"].map({True: "Ya", False: "Tidak"}),
            "Di P3KE": families["in_p3ke"].map({True: "Ya", False: "Tidak"}),
            "Koordinat": families["coord_status"].map({"ok": "ada", "missing": "kosong", "outside": "di luar kota"}),
        }
    )
    st.metric("Keluarga sasaran tanpa program", number(len(families)))
    st.dataframe(shown, hide_index=True, key="tabel_belum_terjangkau", height=360)
    auth.record_view(user, "belum_terjangkau", sel.year, kel or user.kelurahan or sel.within, len(families))

    def verification_workbook() -> bytes:
        # Built only when the button is clicked: at a million families it takes seconds.
        return exports.excel_bytes(
            {"Verifikasi lapangan": shown.assign(Latitude=families["lat"], Longitude=families["lon"])},
            notes=[
                f"Daftar keluarga sasaran ({ELIGIBLE[eligible].lower()}) tahun {sel.year} "
                "yang tidak menerima program apa pun.",
                f"Dasar: {line_text(line)}. Sumber: analytics.programs.coverage.uncovered_eligible.",
                "NIK disamarkan (6 digit pertama); NIK lengkap tidak pernah diekspor dari dasbor.",
                "Nama kepala keluarga dari P3KE/DTKS, atau dari Regsosek bila keluarga tidak ada di keduanya.",
                f"Diunduh oleh {user.username}; unduhan ini tercatat di log audit.",
            ],
        )

    st.download_button(
        "Unduh Excel untuk verifikasi lapangan",
        auth.audited_download(user, verification_workbook, "belum_terjangkau", sel.year,
                              kel or user.kelurahan or sel.within, len(families)),
        file_name=f"verifikasi_belum_terjangkau_{sel.year}.xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="unduh_verifikasi",
    )

if protected:
    st.stop()  # the simulator: runs that differ by one family would give that family's size back

st.header("Simulasi bantuan tunai")
RULES = {"poorest": "Keluarga termiskin", "uncovered_poorest": "Termiskin yang belum menerima program",
         "desil<=1": "Desil 1", "desil<=2": "Desil 1–2"}
with st.form("simulasi"):
    c1, c2, c3 = st.columns(3)
    amount = c1.number_input("Bantuan per keluarga per bulan (Rp)", min_value=0, value=300_000, step=50_000,
                             key="sim_nilai")
    target = c2.radio("Batasan", ["jumlah", "anggaran"], format_func={"jumlah": "Jumlah keluarga",
                      "anggaran": "Anggaran per bulan"}.get, key="sim_batas")
    size = c2.number_input("Jumlah keluarga / anggaran (Rp)", min_value=0, value=500, step=100, key="sim_jumlah")
    rule = c3.selectbox("Sasaran", list(RULES), format_func=RULES.get, key="sim_aturan")
    submitted = st.form_submit_button("Jalankan simulasi")
if submitted:
    st.session_state["_simulasi"] = (float(amount), target, int(size), rule)
if "_simulasi" in st.session_state:
    amount, target, size, rule = st.session_state["_simulasi"]
    simulated = data.simulate_transfer(
        sel.year, amount, size if target == "jumlah" else None, float(size) if target == "anggaran" else None,
        rule, sel.line,
    )
    result = simulated.table.set_index("measure")
    per_point = simulated.cost_per_p2_point
    cols = st.columns(3)
    for col, (measure, label, fmt) in zip(cols, [("p0", "P0", lambda v: percent(v)),
                                                 ("p1", "P1 (×100)", lambda v: bps_scale(v)),
                                                 ("p2", "P2 (×100)", lambda v: bps_scale(v, 3))]):
        col.metric(f"{label} sesudah", fmt(result.loc[measure, "after"]),
                   delta=f"{signed(result.loc[measure, 'change'] * 100, 3)} dari {fmt(result.loc[measure, 'before'])}",
                   delta_color="inverse")
    st.caption(
        f"{number(simulated.families_reached)} keluarga ({number(simulated.persons_reached)} jiwa) menerima "
        f"{rupiah(simulated.amount)} per bulan; biaya {rupiah(simulated.cost_per_month)} per bulan; "
        f"biaya per 0,01 poin P2: {rupiah(per_point) if pd.notna(per_point) else '–'}. "
        "Sumber: analytics.simulation.simulate_transfer (kota)."
    )
else:
    st.info("Isi parameter lalu tekan \u201cJalankan simulasi\u201d.")
