"""Pengguna (admin): who may sign in, with which role; add, change role, reset password, remove."""

import streamlit as st

from ui import auth, controls, data, provenance, tables
from ui.data import UNIT

user = auth.require_page(__file__)
st.title("Pengguna dan peran")
names = controls.kelurahan_names()
DONE = "_pengguna_selesai"
if DONE in st.session_state:
    st.success(st.session_state.pop(DONE))

tables.show(data.accounts_table(), key="tabel_pengguna")
provenance.caption(
    "Pimpinan: angka agregat dan bahan paparan; Analis: semua agregat dan daftar rumah tangga (NIK disamarkan); "
    f"Verifikator: daftar rumah tangga satu {UNIT}; Administrator data: semuanya, impor data dan pengguna. "
    "Setiap perubahan tercatat di log audit. Dari baris perintah: python -m analytics users."
)


def kelurahan_choice(key: str) -> str | None:
    return (
        st.selectbox(
            "Kelurahan (khusus verifikator)", ["", *names], key=key, format_func=lambda k: "–" if k == "" else names[k]
        )
        or None
    )


def apply(action, success: str) -> None:
    try:
        action()
    except data.AccountError as exc:
        st.error(exc.message)
    else:
        st.session_state[DONE] = success  # shown after the rerun that redraws the list
        st.rerun()


tab_add, tab_role, tab_password, tab_remove = st.tabs(["Tambah", "Ubah peran", "Atur ulang kata sandi", "Hapus"])
with tab_add, st.form("tambah_pengguna", clear_on_submit=True):
    name = st.text_input("Nama pengguna baru", key="baru_nama")
    role = st.selectbox("Peran", data.ROLES, format_func=data.ROLE_LABELS.get, key="baru_peran")
    kelurahan = kelurahan_choice("baru_kelurahan")
    first = st.text_input("Kata sandi (minimal 8 karakter)", type="password", key="baru_sandi")
    second = st.text_input("Ulangi kata sandi", type="password", key="baru_sandi2")
    if st.form_submit_button("Tambah pengguna"):
        if first != second:
            st.error("Kedua kata sandi tidak sama.")
        else:
            apply(lambda: data.add_user(name, first, role, kelurahan, user), f"Pengguna {name} ditambahkan.")

usernames = list(data.accounts()["username"])
with tab_role, st.form("ubah_peran"):
    name = st.selectbox("Pengguna", usernames, key="peran_nama")
    role = st.selectbox("Peran baru", data.ROLES, format_func=data.ROLE_LABELS.get, key="peran_baru")
    kelurahan = kelurahan_choice("peran_kelurahan")
    if st.form_submit_button("Simpan peran"):
        apply(lambda: data.set_role(name, role, kelurahan, user), f"Peran {name} diubah.")

with tab_password, st.form("atur_sandi", clear_on_submit=True):
    name = st.selectbox("Pengguna", usernames, key="sandi_nama")
    first = st.text_input("Kata sandi baru (minimal 8 karakter)", type="password", key="sandi_baru")
    second = st.text_input("Ulangi kata sandi baru", type="password", key="sandi_baru2")
    if st.form_submit_button("Simpan kata sandi"):
        if first != second:
            st.error("Kedua kata sandi tidak sama.")
        else:
            apply(lambda: data.set_password(name, first, user), f"Kata sandi {name} diganti.")

with tab_remove, st.form("hapus_pengguna"):
    name = st.selectbox("Pengguna", [u for u in usernames if u != user.username], key="hapus_nama")
    sure = st.checkbox("Saya yakin akun ini dihapus", key="hapus_yakin")
    if st.form_submit_button("Hapus pengguna"):
        if not sure:
            st.error("Centang konfirmasi terlebih dahulu.")
        elif name:
            apply(lambda: data.remove_user(name, user), f"Pengguna {name} dihapus.")
