"""Kualitas Data: what was imported, how the registers overlap and link, what was rejected,
where sources disagree, and which records to verify in the field first."""

import plotly.graph_objects as go
import streamlit as st

from ui import auth, charts, controls, data, exports, provenance, tables

user = auth.require_page(__file__)
sel = controls.sidebar(user)
st.title("Kualitas data")

st.header("Impor (semua tahun)")
imports = data.imports()
for col, (label, value) in zip(st.columns(len(imports.totals)), imports.totals, strict=True):
    col.metric(label, value)
with st.expander("Per berkas (semua tahun)"):
    tables.show(imports.per_file, key="tabel_impor")
provenance.caption(
    "Setiap baris ekspor dihitung: dimuat, digabung sebagai duplikat persis, atau dikarantina "
    "(analytics.quality.import_log)."
)

st.header(f"Kerangka keluarga {sel.year}")
frame = data.frame(sel.year)
st.write(frame.sentence)
tables.show(frame.change, key="tabel_kerangka")
if len(frame.forms):
    st.subheader("Cara nilai DTSEN ditulis")
    tables.show(frame.forms, key="tabel_bentuk_nilai")
    provenance.caption(
        "Kode angka dan label Regsosek dibaca ke kelas yang sama dengan label P3KE; label kasar P3KE tidak dapat "
        "dipecah kembali ke kode Regsosek. Nilai tak dikenal dikosongkan dan ditandai (data/dtsen_codes.toml)."
    )
provenance.caption(
    "Sejak 2025 (Inpres 4/2025) kerangka keluarga adalah DTSEN; sebelumnya Regsosek. Keluarga dihitung per ID "
    "(analytics.quality.frame_change, frame_sources)."
)

st.header(f"Keterkaitan register {sel.year}")
registers = data.registers(sel.year)
overlap = registers.overlap
figure = go.Figure(
    go.Bar(
        x=overlap["families"],
        y=overlap["combination"],
        orientation="h",
        text=overlap["families_text"],
        textposition="auto",
    )
)
figure.update_layout(
    height=280,
    margin={"l": 10, "r": 10, "t": 10, "b": 10},
    separators=",.",
    xaxis_title="keluarga",
    yaxis={"autorange": "reversed"},
)
charts.show(figure, "grafik_register", 0)
provenance.caption(
    "Kerangka seluruh keluarga adalah Regsosek (sejak 2025: DTSEN); DTKS dan P3KE ditautkan kepadanya. "
    "Catatan tanpa padanan dihitung sebagai keluarga menurut No KK (DTKS) atau ID keluarga P3KE "
    "(analytics.quality.register_overlap)."
)
st.subheader("Cara penautan")
tables.show(registers.link_methods, key="tabel_penautan")

st.header("Baris dikarantina (semua tahun)")
reasons = data.quarantine_reasons()
tables.show(reasons, key="tabel_karantina_alasan")
if data.quarantine_readable(user):
    codes = data.quarantine_reason_codes()
    reason = (
        st.selectbox(
            "Alasan",
            ["", *codes],
            format_func=lambda r: "Semua alasan" if r == "" else codes[r],
            key="karantina_alasan",
        )
        or None
    )
    export = data.quarantine_export(sel.year, reason, user)
    rows = export.rows
    st.download_button(
        export.button_label,
        auth.audited_download(user, lambda: exports.csv_bytes(rows), "karantina", sel.year, None, len(rows)),
        file_name=f"karantina_{sel.year}.csv",
        mime="text/csv",
        key="unduh_karantina",
        on_click="ignore",
    )
    provenance.caption(
        "Nilai asli disertakan agar berkas ekspor dapat diperbaiki; deretan 15–17 angka (NIK, No KK) "
        "disamarkan setelah 6 digit pertama (analytics.quality.quarantine_rows)."
    )
else:
    provenance.caption("Isi baris karantina (nama, NIK) hanya untuk Analis dan Administrator data.")

st.header(f"Perbedaan antarsumber {sel.year}")
conflicts = data.conflicts(sel.year, user)
tables.show(conflicts.counts, key="tabel_konflik")
with st.expander("Rincian per keluarga"):
    tables.show(conflicts.details, key="tabel_konflik_rinci", height=300)
auth.record_view(user, "konflik_sumber", sel.year, user.kelurahan, conflicts.families)
provenance.caption(conflicts.caption)

st.header(f"Prioritas verifikasi lapangan {sel.year}")
priority = data.verification_list(sel, user)
shown = priority.shown
tables.show(shown, key="tabel_prioritas", height=360)
place = sel.kelurahan or sel.within or user.kelurahan
auth.record_view(user, "prioritas_verifikasi", sel.year, place, len(shown))
st.download_button(
    "Unduh Excel daftar prioritas (NIK disamarkan)",
    auth.audited_download(
        user,
        lambda: exports.excel_bytes(
            {"Prioritas verifikasi": priority.export},
            notes=[
                *data.VERIFICATION_NOTES,
                f"Diunduh oleh {user.username}; unduhan ini tercatat di log audit.",
            ],
            kinds={"Prioritas verifikasi": priority.kinds},
        ),
        "prioritas_verifikasi",
        sel.year,
        place,
        len(shown),
    ),
    file_name=f"prioritas_verifikasi_{sel.year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="unduh_prioritas",
    on_click="ignore",
)
provenance.caption(data.PRIORITY_RULE)
