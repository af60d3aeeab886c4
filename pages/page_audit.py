"""Log Audit (admin): who signed in, who saw or downloaded which household list, who changed accounts."""

import json

import pandas as pd
import streamlit as st

from analytics.access import users
from analytics.access.scope import ROLE_LABELS
from analytics.formats import number
from ui import auth, exports

user = auth.require("admin")
st.title("Log audit")

ACTIONS = {
    "masuk": "Masuk",
    "masuk_gagal": "Gagal masuk",
    "masuk_diblokir": "Masuk diblokir (terlalu banyak gagal)",
    "keluar": "Keluar",
    "lihat_rumah_tangga": "Melihat daftar rumah tangga",
    "unduh_rumah_tangga": "Mengunduh daftar rumah tangga",
    "tambah_pengguna": "Menambah pengguna",
    "hapus_pengguna": "Menghapus pengguna",
    "ubah_peran": "Mengubah peran",
    "ubah_kata_sandi": "Mengganti kata sandi",
    "akun_demo_dibuat": "Akun demo dibuat",
    "impor_uji": "Memeriksa impor",
    "impor_terapkan": "Menerapkan impor",
    "impor_batal": "Membatalkan impor",
    "unduh_log_audit": "Mengunduh log audit",
}

log = users.read_audit(auth.users_path())
details = log["detail_json"].map(json.loads)
table = pd.DataFrame(
    {
        "Waktu (UTC)": log["at"].str.slice(0, 19).str.replace("T", " "),
        "Pengguna": log["username"].fillna("–"),
        "Peran": log["role"].map(lambda r: ROLE_LABELS.get(r, "–") if isinstance(r, str) else "–"),
        "Aksi": log["action"].map(lambda a: ACTIONS.get(a, a)),
        "Daftar": details.map(lambda d: d.get("daftar", "")),
        "Kelurahan": details.map(lambda d: d.get("kelurahan") or ""),
        "Jumlah": details.map(lambda d: number(d["jumlah"]) if "jumlah" in d else ""),
        "Rincian": log["detail_json"],
    }
).iloc[::-1]

c1, c2 = st.columns(2)
chosen_actions = c1.multiselect("Aksi", sorted(log["action"].unique()), format_func=lambda a: ACTIONS.get(a, a),
                                key="audit_aksi", placeholder="Semua aksi")
chosen_users = c2.multiselect("Pengguna", sorted(log["username"].dropna().unique()), key="audit_pengguna",
                              placeholder="Semua pengguna")
shown = table
if chosen_actions:
    shown = shown[log["action"].iloc[::-1].isin(chosen_actions).to_numpy()]
if chosen_users:
    shown = shown[shown["Pengguna"].isin(chosen_users)]
st.metric("Catatan", number(len(shown)))
st.dataframe(shown, hide_index=True, key="tabel_audit", height=480)
st.download_button(
    "Unduh CSV log audit",
    auth.audited_download(user, lambda: exports.csv_bytes(shown), "log_audit", None, None, len(shown),
                          action="unduh_log_audit"),
    file_name="log_audit.csv", mime="text/csv", key="unduh_audit", on_click="ignore",
)
st.caption(
    "Log hanya dapat ditambah: basis data menolak perubahan dan penghapusan catatan (pemicu SQLite). "
    "Tampilan daftar rumah tangga dicatat sekali per sesi untuk setiap daftar, kelurahan dan jumlah yang sama."
)
