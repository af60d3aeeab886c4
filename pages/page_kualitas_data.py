"""Kualitas Data: what was imported, how the registers overlap and link, what was rejected,
where sources disagree, and which records to verify in the field first."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.formats import number
from ui import auth, controls, data, exports
from ui.tables import counts, money

user = auth.require("analis", "verifikator", "admin")
sel = controls.sidebar(user)
# A verifikator's lists hold its own kelurahan only (the query functions narrow them).
scope_text = f" di {controls.kelurahan_names()[user.kelurahan]}" if user.kelurahan else ""
st.title(f"Kualitas data {sel.year}")

st.header("Impor")
log = data.import_log()
totals = log[["rows_read", "loaded", "duplicates_merged", "quarantined"]].sum()
for col, (label, key) in zip(
    st.columns(4),
    [("Baris dibaca", "rows_read"), ("Dimuat", "loaded"), ("Duplikat digabung", "duplicates_merged"),
     ("Dikarantina", "quarantined")],
):
    col.metric(label, number(totals[key]))
with st.expander("Per berkas (semua tahun)"):
    st.dataframe(
        log.rename(columns={"year": "Tahun", "source": "Sumber", "file": "Berkas", "rows_read": "Dibaca",
                            "loaded": "Dimuat", "duplicates_merged": "Duplikat", "quarantined": "Karantina"}),
        hide_index=True, key="tabel_impor",
    )
st.caption("Setiap baris ekspor dihitung: dimuat, digabung sebagai duplikat persis, atau dikarantina "
           "(analytics.quality.import_log).")

st.header("Keterkaitan tiga register")
overlap = data.register_overlap(sel.year)
figure = go.Figure(go.Bar(x=overlap["families"], y=overlap["combination"], orientation="h",
                          text=overlap["families"].map(number), textposition="auto"))
figure.update_layout(height=280, margin={"l": 10, "r": 10, "t": 10, "b": 10}, separators=",.",
                     xaxis_title="keluarga", yaxis={"autorange": "reversed"})
st.plotly_chart(figure, key="grafik_register")
st.caption("Regsosek adalah kerangka seluruh keluarga; DTKS dan P3KE ditautkan kepadanya. Catatan tanpa padanan "
           "dihitung sebagai keluarga menurut No KK (DTKS) atau ID keluarga P3KE (analytics.quality.register_overlap).")

METHOD_LABEL = {"no_kk": "No KK", "nik_kepala": "NIK kepala keluarga", "nama_tgl_lahir": "Nama + tanggal lahir",
                "nik_kepala_via_kepala": "Ikut kepala keluarga (NIK)",
                "nama_tgl_lahir_via_kepala": "Ikut kepala keluarga (nama + tgl lahir)",
                "tidak_tertaut": "Tidak tertaut"}
methods = data.link_methods(sel.year)
st.subheader("Cara penautan")
st.dataframe(
    pd.DataFrame({"Sumber": methods["source"].map({"dtks": "DTKS", "p3ke_keluarga": "P3KE keluarga"}),
                  "Cara": methods["method"].map(lambda m: METHOD_LABEL.get(m, m)),
                  "Baris": counts(methods["rows"])}),
    hide_index=True, key="tabel_penautan",
)

st.header("Baris dikarantina")
reasons = data.quarantine_by_reason()
st.dataframe(reasons.rename(columns={"source": "Sumber", "reason_code": "Alasan", "rows": "Baris"}),
             hide_index=True, key="tabel_karantina_alasan")
if user.role in ("analis", "admin"):
    reason = st.selectbox("Alasan", ["", *sorted(reasons["reason_code"].unique())],
                          format_func=lambda r: "Semua alasan" if r == "" else r, key="karantina_alasan") or None
    rows = data.quarantine_rows(sel.year, reason, user)
    st.download_button(
        f"Unduh CSV baris dikarantina {sel.year} ({number(len(rows))} baris, NIK disamarkan)",
        auth.audited_download(
            user,
            lambda: exports.csv_bytes(rows.rename(columns={
                "year": "tahun", "source": "sumber", "file": "berkas", "row_number": "baris", "reason_code": "alasan",
                "message": "pesan", "original": "nilai_asli"})),
            "karantina", sel.year, None, len(rows),
        ),
        file_name=f"karantina_{sel.year}.csv", mime="text/csv", key="unduh_karantina", on_click="ignore",
    )
    st.caption("Nilai asli disertakan agar berkas ekspor dapat diperbaiki; deretan 15–17 angka (NIK, No KK) "
               "disamarkan setelah 6 digit pertama (analytics.quality.quarantine_rows).")
else:
    st.caption("Isi baris karantina (nama, NIK) hanya untuk Analis dan Administrator data.")

st.header("Perbedaan antarsumber")
conflicts = data.source_conflicts(sel.year, user)
FIELD_LABEL = {"kelurahan": "Kelurahan", "desil": "Desil", "jumlah_anggota": "Jumlah anggota keluarga"}
conflict_counts = data.conflict_counts(sel.year, user)
st.dataframe(
    pd.DataFrame({
        "Isian": conflict_counts["field"].map(FIELD_LABEL),
        "Sumber": conflict_counts["source"].str.upper(),
        "Keluarga": counts(conflict_counts["families"]),
    }),
    hide_index=True, key="tabel_konflik",
)
with st.expander("Rincian per keluarga"):
    st.dataframe(
        pd.DataFrame({"ID keluarga": conflicts["family_id"], "Kelurahan": conflicts["kelurahan"],
                      "Isian": conflicts["field"].map(FIELD_LABEL), "Sumber": conflicts["source"].str.upper(),
                      "Regsosek": conflicts["regsosek_value"], "Sumber lain": conflicts["source_value"]}),
        hide_index=True, key="tabel_konflik_rinci", height=300,
    )
auth.record_view(user, "konflik_sumber", sel.year, user.kelurahan, conflicts["family_id"].nunique())
st.caption(f"Keluarga{scope_text} yang tertaut tetapi kelurahan, desil, atau jumlah anggotanya berbeda antara "
           "Regsosek dan DTKS/P3KE (analytics.quality.source_conflicts).")

st.header("Prioritas verifikasi lapangan")
priority = data.verification_priority(sel.year, sel.line, user)
if sel.kelurahan:
    priority = priority[priority["kode_kelurahan"] == sel.kelurahan]
elif sel.within:
    priority = priority[priority["kode_kelurahan"].str.startswith(sel.within + ".")]
yes = {True: "Ya", False: ""}
shown = pd.DataFrame({
    "Skor": priority["score"],
    "ID keluarga": priority["family_id"],
    "Nama kepala keluarga": priority["head_name"].fillna("–"),
    "NIK (disamarkan)": priority["nik_masked"].fillna("–"),
    "Kelurahan": priority["kelurahan"],
    "Pengeluaran per kapita": money(priority["expenditure_pc"]),
    "Miskin tanpa program": (priority["is_poor"] & ~priority["has_program"]).map(yes),
    "Beda kelurahan": priority["kelurahan_conflict"].map(yes),
    "Beda desil": priority["desil_conflict"].map(yes),
    "Beda jumlah anggota": priority["size_conflict"].map(yes),
    "NIK bermasalah": priority["nik_problem"].map(yes),
    "Koordinat": priority["coord_status"].map({"ok": "ada", "missing": "kosong", "outside": "di luar kota"}),
})
st.dataframe(shown, hide_index=True, key="tabel_prioritas", height=360)
place = sel.kelurahan or sel.within or user.kelurahan
auth.record_view(user, "prioritas_verifikasi", sel.year, place, len(shown))
st.download_button(
    "Unduh Excel daftar prioritas (NIK disamarkan)",
    auth.audited_download(user, lambda: exports.excel_bytes({"Prioritas verifikasi": shown}, notes=[
        "Skor: miskin tanpa program 3, beda kelurahan 2, beda desil 1, beda jumlah anggota 1, NIK kepala keluarga "
        "rusak/kosong 1, koordinat kosong/di luar kota 1.",
        "Hanya keluarga dengan pengeluaran per kapita di bawah 1,2 × garis kemiskinan.",
        "Sumber: analytics.quality.verification_priority. NIK lengkap tidak pernah diekspor dari dasbor.",
        f"Diunduh oleh {user.username}; unduhan ini tercatat di log audit.",
    ]), "prioritas_verifikasi", sel.year, place, len(shown)),
    file_name=f"prioritas_verifikasi_{sel.year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="unduh_prioritas", on_click="ignore",
)
st.caption("Skor: miskin tanpa program 3, beda kelurahan 2, beda desil 1, beda jumlah anggota 1, NIK bermasalah 1, "
           "koordinat bermasalah 1; hanya keluarga di bawah 1,2 × garis (analytics.quality.verification_priority).")
