"""Impor Data (admin): upload one year's register exports, read the validation report and the
quarantine of a candidate database, then apply it (atomic swap) or cancel — nothing the other
users read changes before "Terapkan"."""

import datetime as dt
import math

import pandas as pd
import streamlit as st

from analytics import upload
from analytics.demo import is_demo_database
from analytics.formats import bps_scale, number, percent
from ui import auth, data
from ui.text import plain

user = auth.require("admin")
live = data.db_path()
if is_demo_database(live):
    # The demo database has the demo accounts (password "demo"): registers imported into it
    # would be readable with them.
    st.title("Impor Data")
    st.info(
        "Dasbor sedang memakai database demo (data sintetis dengan akun demo). Impor register asli hanya ke "
        "database tersendiri: jalankan `python -m analytics ingest --raw FOLDER --db var/bontang.duckdb`, buat "
        "akun dengan `python -m analytics users add`, lalu mulai dasbor dengan KEMISKINAN_DB=var/bontang.duckdb."
    )
    st.stop()
MESSAGE = "_impor_pesan"

st.title("Impor Data")
st.caption(
    "Unggah berkas ekspor satu tahun (Regsosek, DTKS, P3KE keluarga, P3KE individu; xlsx, CSV atau parquet). "
    "Isi berkas diperiksa — bukan nama atau ekstensinya — lalu tahun itu diimpor bersama tahun-tahun lain dari "
    "arsip ke database kandidat. Pengguna lain tetap membaca database lama sampai Anda menekan Terapkan "
    f"(database {data.database_label()})."
)


def apply(staging_id: str) -> None:
    try:
        done = upload.commit_import(live, staging_id, user)
    except upload.UploadRefused as exc:
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
        upload.cancel_import(live, staging_id, user)
    except upload.UploadRefused as exc:
        st.session_state[MESSAGE] = ("error", exc.messages)
        return
    st.session_state[MESSAGE] = ("info", ["Impor dibatalkan; database dan arsip tidak berubah."])


kind, messages = st.session_state.pop(MESSAGE, (None, []))
for text in messages:
    getattr(st, kind)(plain(text))


def check_form() -> None:
    try:
        limit_mb = math.ceil(upload.max_file_bytes() / (1024 * 1024))
        total_text = upload.size_text(upload.max_total_bytes())
    except upload.UploadRefused as exc:
        st.error(plain(" ".join(exc.messages)))
        return
    this_year = dt.date.today().year
    year = st.number_input("Tahun data", min_value=2000, max_value=this_year + 1, value=this_year, step=1,
                           format="%d", key="impor_tahun")
    files = st.file_uploader(
        "Berkas ekspor tahun itu", accept_multiple_files=True, max_upload_size=limit_mb, key="impor_berkas",
        help="Sumber dikenali dari judul kolom (data/column_mapping.toml). Sumber yang tidak diunggah "
             "untuk tahun yang sudah ada diambil dari arsip apa adanya.",
    )
    st.caption(f"Batas {number(limit_mb)} MB per berkas dan {total_text} per unggahan.")
    if not st.button("Periksa", type="primary", key="impor_periksa"):
        return
    if not files:
        st.warning("Pilih minimal satu berkas untuk diunggah.")
        return
    with st.spinner("Memeriksa berkas dan membangun database kandidat (bisa sekitar satu menit)…"):
        try:
            upload.stage_upload(live, int(year), [upload.IncomingFile(f.name, f.getbuffer()) for f in files], user)
        except upload.UploadRefused as exc:
            st.error("Unggahan ditolak; database tidak berubah.")
            for text in exc.messages:
                st.error(plain(text))
            return
    st.rerun()


def file_table(pending: upload.PendingImport) -> pd.DataFrame:
    return pd.DataFrame({
        "Berkas unggahan": [f.name for f in pending.files],
        "Dikenali sebagai": [upload.source_label(f.source) for f in pending.files],
        "Format": [f.format for f in pending.files],
        "Ukuran": [upload.size_text(f.size) for f in pending.files],
        "Disimpan sebagai": [f"{pending.year}/{f.stored_as}" for f in pending.files],
    })


def show_report(pending: upload.PendingImport) -> None:
    report = upload.validation_report(pending, user)
    st.header(f"Hasil pemeriksaan tahun {pending.year}")
    st.caption(
        f"Diperiksa oleh {pending.username} pada {pending.created_at.replace('T', ' ')}; database kandidat "
        f"dibangun dalam {number(pending.seconds, 1)} detik. Database yang sedang dipakai belum berubah."
    )
    st.dataframe(file_table(pending), hide_index=True, key="impor_tabel_berkas")
    if pending.kept:
        st.caption(f"Dari arsip, tanpa perubahan: {', '.join(f'{pending.year}/{name}' for name in pending.kept)}.")
    for note in report.notes:
        st.warning(plain(note))

    log = report.log
    for col, (label, key) in zip(
        st.columns(4),
        [("Baris dibaca", "rows_read"), ("Dimuat", "loaded"), ("Duplikat digabung", "duplicates_merged"),
         ("Dikarantina", "quarantined")],
    ):
        col.metric(label, number(log[key].sum()))
    uploaded = {f"{pending.year}/{f.stored_as}": f.name for f in pending.files}
    st.subheader("Baris per berkas")
    st.dataframe(pd.DataFrame({
        "Sumber": log["source"].map(upload.source_label),
        "Berkas": log["file"].fillna("–"),
        "Asal": log["file"].map(lambda f: uploaded.get(f, "arsip") if isinstance(f, str) else "–"),
        "Dibaca": log["rows_read"].map(number),
        "Dimuat": log["loaded"].map(number),
        "Duplikat": log["duplicates_merged"].map(number),
        "Karantina": log["quarantined"].map(number),
        "Dimuat (sebelum)": log["loaded_before"].map(number),
        "Karantina (sebelum)": log["quarantined_before"].map(number),
    }), hide_index=True, key="impor_tabel_baris")
    st.caption("Setiap baris dihitung: dimuat, digabung sebagai duplikat persis, atau dikarantina. Kolom "
               "'sebelum' dari database yang sedang dipakai (– bila tahun atau sumbernya belum ada).")

    if not report.columns.empty:
        st.subheader("Kolom tak dikenal dan kolom pilihan yang tidak ada")
        st.dataframe(pd.DataFrame({
            "Berkas": report.columns["file"],
            "Jenis": report.columns["kind"].map({"tidak_dikenal": "tak dikenal", "tidak_ditemukan": "tidak ada"}),
            "Kolom": report.columns["column_name"],
        }), hide_index=True, key="impor_tabel_kolom")

    st.subheader("Baris dikarantina")
    st.dataframe(pd.DataFrame({
        "Sumber": report.reasons["source"].map(upload.source_label),
        "Alasan": report.reasons["reason_code"],
        "Baris": report.reasons["rows"].map(number),
    }), hide_index=True, key="impor_tabel_alasan")
    rows = report.quarantine
    if not rows.empty:
        auth.record_view(user, "karantina_impor", pending.year, None, len(rows))
    st.dataframe(pd.DataFrame({
        "Sumber": rows["source"].map(upload.source_label),
        "Berkas": rows["file"],
        "Baris": rows["row_number"],
        "Alasan": rows["reason_code"],
        "Pesan": rows["message"],
        "Nilai asli": rows["original"],
    }), hide_index=True, key="impor_tabel_karantina", height=320)
    st.caption("Nilai asli lengkap, termasuk NIK dan No KK, agar berkas ekspor dapat diperbaiki — hanya untuk "
               "administrator data; halaman Kualitas Data menampilkannya tersamar.")

    st.subheader("Yang akan berubah")
    head = report.headline.set_index("indicator")
    shown = [("P0 (%)", "p0", percent), ("P1 (×100)", "p1", bps_scale),
             ("P2 (×100)", "p2", lambda v: bps_scale(v, 3)), ("Penduduk miskin", "poor", number),
             ("Penduduk", "population", number)]
    st.dataframe(pd.DataFrame({
        "Indikator (kota, garis resmi)": [label for label, _, _ in shown],
        "Sebelum": ["–" if pd.isna(head.loc[key, "before"]) else fmt(head.loc[key, "before"]) for _, key, fmt in shown],
        "Sesudah": ["–" if pd.isna(head.loc[key, "after"]) else fmt(head.loc[key, "after"]) for _, key, fmt in shown],
    }), hide_index=True, key="impor_tabel_indikator")
    years = report.years
    st.dataframe(pd.DataFrame({
        "Tahun": years["year"].astype(str),
        "Keluarga sebelum": years["families_before"].map(number),
        "Keluarga sesudah": years["families_after"].map(number),
        "Jiwa sebelum": years["persons_before"].map(number),
        "Jiwa sesudah": years["persons_after"].map(number),
    }), hide_index=True, key="impor_tabel_tahun")
    st.caption(f"Tahun lain dibangun ulang dari arsip {pending.archive} dan seharusnya tidak berubah.")

    left, right = st.columns(2)
    left.button("Terapkan", type="primary", key="impor_terapkan", on_click=apply, args=(pending.id,),
                help="Ganti database yang dipakai dengan database kandidat dan simpan berkasnya di arsip.")
    right.button("Batalkan", key="impor_batalkan", on_click=cancel, args=(pending.id,),
                 help="Hapus database kandidat; database dan arsip tidak berubah.")


pending = upload.pending_import(live)
if pending is None:
    check_form()
else:
    show_report(pending)
