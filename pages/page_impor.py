"""Impor Data (admin): upload one year's register exports, read the validation report and the
quarantine of a candidate database, then apply it (atomic swap) or cancel — nothing the other
users read changes before "Terapkan"."""

import datetime as dt

import streamlit as st

from ui import auth, data, provenance, tables
from ui.data import UNIT
from ui.text import plain

user = auth.require_page(__file__)
if data.is_demo():
    # The demo database has the demo accounts (password "demo"): registers imported into it
    # would be readable with them.
    st.title("Impor Data")
    st.info(data.DEMO_DATABASE_NOTE)
    st.stop()
MESSAGE = "_impor_pesan"

st.title("Impor Data")
provenance.caption(
    "Unggah berkas ekspor satu tahun (Regsosek, DTKS, P3KE keluarga, P3KE individu; xlsx, CSV atau parquet). "
    "Isi berkas diperiksa — bukan nama atau ekstensinya — lalu tahun itu diimpor bersama tahun-tahun lain dari "
    "arsip ke database kandidat. Pengguna lain tetap membaca database lama sampai Anda menekan Terapkan "
    f"(database {data.database_label()})."
)


def apply(staging_id: str) -> None:
    try:
        done = data.commit_import(staging_id, user)
    except data.UploadRefused as exc:
        st.session_state[MESSAGE] = ("error", exc.messages)
        return
    # Every cached figure and the open connection belong to the replaced file.
    st.cache_data.clear()
    st.cache_resource.clear()
    st.session_state[MESSAGE] = (
        "success",
        [f"Data tahun {done.year} diterapkan: database diganti dan berkasnya disimpan di arsip data mentah."],
    )


def cancel(staging_id: str) -> None:
    try:
        data.cancel_import(staging_id, user)
    except data.UploadRefused as exc:
        st.session_state[MESSAGE] = ("error", exc.messages)
        return
    st.session_state[MESSAGE] = ("info", ["Impor dibatalkan; database dan arsip tidak berubah."])


kind, messages = st.session_state.pop(MESSAGE, (None, []))
for text in messages:
    getattr(st, kind)(plain(text))


def check_form() -> None:
    limit_mb, file_limit, total_limit = data.upload_limits()
    this_year = dt.date.today().year
    year = st.number_input(
        "Tahun data", min_value=2000, max_value=this_year + 1, value=this_year, step=1, format="%d", key="impor_tahun"
    )
    files = st.file_uploader(
        "Berkas ekspor tahun itu",
        accept_multiple_files=True,
        max_upload_size=limit_mb,
        key="impor_berkas",
        help="Sumber dikenali dari judul kolom (data/column_mapping.toml). Sumber yang tidak diunggah "
        "untuk tahun yang sudah ada diambil dari arsip apa adanya.",
    )
    provenance.caption(f"Batas {file_limit} per berkas dan {total_limit} per unggahan.")
    accept = st.checkbox(
        "Terima walau karantina melebihi batas",
        key="impor_terima_karantina",
        help="Hanya bila baris yang dikarantina memang harus dikarantina; dicatat di log audit.",
    )
    if not st.button("Periksa", type="primary", key="impor_periksa"):
        return
    if not files:
        st.warning("Pilih minimal satu berkas untuk diunggah.")
        return
    with st.spinner("Memeriksa berkas dan membangun database kandidat (bisa sekitar satu menit)…"):
        try:
            data.stage_upload(int(year), files, user, accept_quarantine=accept)
        except data.UploadRefused as exc:
            st.error("Unggahan ditolak; database tidak berubah.")
            for text in exc.messages:
                st.error(plain(text))
            return
    st.rerun()


def show_accounting(report) -> None:
    st.subheader("Akuntansi impor per sumber")
    provenance.caption(
        "Setiap baris yang dibaca dimuat, digabung atau dikarantina (selisih 0); setiap lembar dibaca atau "
        "disebut dilewati. Jumlah dibandingkan dengan tahun sebelumnya dan, dalam keluarga, dengan Regsosek. "
        "Kolom kunci: NIK dan No KK yang sah, rusak oleh Excel, berakhiran 0 (wajarnya sekitar 10 %) dan ganda."
    )
    for account in report.accounts:
        st.markdown(f"**{account.label}**")
        tables.show(account.rows, key=f"impor_akuntansi_{account.source}")
        if not account.keys.empty:
            tables.show(account.keys, key=f"impor_kunci_{account.source}")
    if report.registers is not None and not report.registers.empty:
        st.markdown(f"**Keluarga per {UNIT} menurut register**")
        tables.show(report.registers, key="impor_tabel_register")


def show_report(pending) -> None:
    report = data.import_report(pending, user)
    st.header(report.title)
    provenance.caption(report.caption)
    tables.show(report.files, key="impor_tabel_berkas")
    if report.kept:
        provenance.caption(report.kept)
    for note in report.notes:
        st.warning(plain(note))
    for col, (label, value) in zip(st.columns(len(report.totals)), report.totals, strict=True):
        col.metric(label, value)
    st.subheader("Baris per berkas")
    tables.show(report.rows, key="impor_tabel_baris")
    show_accounting(report)
    if report.parts is not None:
        provenance.caption("Cara setiap berkas dan lembar dibaca, dan peringatannya:")
        tables.show(report.parts, key="impor_tabel_lembar")
    provenance.caption(
        "Setiap baris dihitung: dimuat, digabung sebagai duplikat persis, atau dikarantina. Kolom "
        "'sebelum' dari database yang sedang dipakai (– bila tahun atau sumbernya belum ada)."
    )
    if not report.columns.empty:
        st.subheader("Kolom tak dikenal dan kolom pilihan yang tidak ada")
        tables.show(report.columns, key="impor_tabel_kolom")

    st.subheader("Baris dikarantina")
    tables.show(report.reasons, key="impor_tabel_alasan")
    if report.quarantined:
        auth.record_view(user, "karantina_impor", pending.year, None, report.quarantined)
    tables.show(report.quarantine, key="impor_tabel_karantina", height=320)
    provenance.caption(
        "Nilai asli lengkap, termasuk NIK dan No KK, agar berkas ekspor dapat diperbaiki — hanya untuk "
        "administrator data; halaman Kualitas Data menampilkannya tersamar."
    )

    st.subheader("Yang akan berubah")
    tables.show(report.headline, key="impor_tabel_indikator")
    tables.show(report.years, key="impor_tabel_tahun")
    provenance.caption(report.years_caption)

    left, right = st.columns(2)
    left.button(
        "Terapkan",
        type="primary",
        key="impor_terapkan",
        on_click=apply,
        args=(pending.id,),
        help="Ganti database yang dipakai dengan database kandidat dan simpan berkasnya di arsip.",
    )
    right.button(
        "Batalkan",
        key="impor_batalkan",
        on_click=cancel,
        args=(pending.id,),
        help="Hapus database kandidat; database dan arsip tidak berubah.",
    )


pending = data.pending_import()
if pending is None:
    check_form()
else:
    show_report(pending)
