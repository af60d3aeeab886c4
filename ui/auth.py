"""Sign-in, the signed-in user of a session, and audit records of what they saw.

Local accounts (default): the form ``Nama pengguna`` / ``Kata sandi`` / ``Masuk`` checks the
user store beside the database; a signed session token (never the password) is kept in the
session and checked, together with the stored account, on every run. When ``secrets.toml``
has an ``[auth]`` section, ``st.login`` signs users in instead and their role comes from the
mapping file (:mod:`analytics.access.oidc_roles`).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analytics.access import users
from analytics.access.keys import session_key
from analytics.access.oidc_roles import RoleMapError, load_role_map, user_for
from analytics.access.scope import (
    ROLE_LABELS,
    AccessDenied,
    User,
    can_see_households,
    issue_token,
    read_token,
    token_issued_at,
)
from ui import config, controls, data, first_run

TOKEN = "_sesi"
_NOTICE = "_sesi_pesan"
_SEEN = "_audit_terlihat"
_OIDC_RECORDED = "_oidc_dicatat"


def oidc_configured() -> bool:
    """True when ``secrets.toml`` configures an OIDC provider (an ``[auth]`` section)."""
    return config.current().oidc


def max_age_s() -> float:
    """Longest life of a session token (a working day by default)."""
    return config.current().session_hours * 3600


def _oidc_user() -> User | None:
    if not st.user.is_logged_in:
        return None
    path = config.current().role_map_file
    if path is None:
        st.session_state[_NOTICE] = "Peta peran belum diatur ([kemiskinan] peta_peran di secrets.toml)."
        return None
    if st.user.get("email_verified") is not True:
        # Roles are given per e-mail address: one the provider has not verified proves nothing.
        st.session_state[_NOTICE] = (
            "Alamat e-mail akun Anda belum terverifikasi oleh penyedia login; hubungi administrator data."
        )
        return None
    try:
        user = user_for(st.user.get("email"), load_role_map(path))
    except RoleMapError as exc:
        st.session_state[_NOTICE] = str(exc)
        return None
    if user is None:
        st.session_state[_NOTICE] = "Akun Anda belum diberi peran di dasbor ini; hubungi administrator data."
    elif st.session_state.get(_OIDC_RECORDED) != user:
        # The provider signed the user in; the dashboard's record of it is this first run.
        users.record(data.users_path(), user.username, user.role, "masuk", kelurahan=user.kelurahan, cara="oidc")
        st.session_state[_OIDC_RECORDED] = user
    return user


def current_user() -> User | None:
    """The signed-in user, or None. A token that is tampered with, expired, or names an
    account that was removed or changed since sign-in is dropped (sign in again)."""
    if oidc_configured():
        return _oidc_user()
    token = st.session_state.get(TOKEN)
    if token is None:
        return None
    user = read_token(token, session_key(), max_age_s())
    if user is None:
        del st.session_state[TOKEN]
        st.session_state[_NOTICE] = "Sesi tidak sah atau sudah kedaluwarsa; silakan masuk lagi."
        return None
    stored, changed = users.account(data.users_path(), user.username)
    if stored != user:
        del st.session_state[TOKEN]
        st.session_state[_NOTICE] = "Akun Anda telah diubah atau dihapus; silakan masuk lagi."
        return None
    if changed is not None and token_issued_at(token) < int(changed):
        del st.session_state[TOKEN]
        st.session_state[_NOTICE] = "Kata sandi akun Anda telah diganti; silakan masuk lagi."
        return None
    return user


def require(*roles: str) -> User:
    """The signed-in user of a page; stops the page when nobody or a role not in ``roles`` is signed in.

    The menu already offers a page only to its roles; this holds when a page is reached another way.
    """
    user = current_user()
    if user is None:
        st.error("Silakan masuk terlebih dahulu.")
        st.stop()
    if roles and user.role not in roles:
        st.error(f"Halaman ini tidak tersedia untuk peran {ROLE_LABELS[user.role]}.")
        st.stop()
    return user


def sign_in_page() -> None:
    """The sign-in form (or the OIDC button); on success the session gets a signed token."""
    st.title("Dasbor Kedalaman dan Keparahan Kemiskinan")
    st.markdown(
        "**Kota Bontang** · Di mana kemiskinan paling dalam, keluarga mana yang belum dijangkau program, "
        "dan apakah tahun ini lebih baik — dari Regsosek, DTKS, P3KE dan Susenas."
    )
    if not first_run.ready():
        first_run.progress_note()
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice)
    if oidc_configured():
        if st.user.is_logged_in:  # signed in at the provider, but without a role here
            st.button("Keluar dari akun kantor", on_click=st.logout, key="keluar_oidc")
        else:
            st.write("Masuk dengan akun kantor Anda.")
            st.button("Masuk dengan akun kantor", on_click=st.login, key="masuk_oidc")
        return
    with st.form("masuk"):
        username = st.text_input("Nama pengguna", key="masuk_nama", autocomplete="username")
        password = st.text_input("Kata sandi", type="password", key="masuk_sandi", autocomplete="current-password")
        submitted = st.form_submit_button("Masuk")
    if not submitted:
        return
    path = data.users_path()
    if users.is_locked(path, username):
        users.record(path, username.strip().lower()[:64], None, "masuk_diblokir")
        st.error(
            f"Terlalu banyak percobaan gagal untuk akun ini; coba lagi setelah "
            f"{int(users.lockout_window().total_seconds() // 60)} menit."
        )
        return
    user = users.authenticate(path, username, password)
    if user is None:
        st.error("Nama pengguna atau kata sandi salah.")
        return
    st.session_state[TOKEN] = issue_token(user, session_key())
    st.rerun()


def account_box(user: User) -> None:
    """Who is signed in, and the sign-out button, at the bottom of the sidebar."""
    with st.sidebar:
        st.divider()
        where = f", {controls.kelurahan_names().get(user.kelurahan, user.kelurahan)}" if user.kelurahan else ""
        st.caption(f"Masuk sebagai **{user.username}** ({ROLE_LABELS[user.role]}{where}).")
        if st.button("Keluar", key="keluar"):
            users.record(data.users_path(), user.username, user.role, "keluar")
            st.session_state.pop(TOKEN, None)
            st.session_state.pop(_SEEN, None)
            if oidc_configured():
                st.logout()
            st.rerun()


def household_access(user: User) -> bool:
    """True for roles that see household rows; the others get suppressed aggregates."""
    return can_see_households(user)


def record_view(user: User, daftar: str, year: int, kelurahan: str | None, count: int) -> None:
    """Audit that ``user`` was shown a household list, once per session and distinct view."""
    seen = st.session_state.setdefault(_SEEN, set())
    key = (daftar, year, kelurahan, count)
    if key in seen:
        return
    users.record(
        data.users_path(), user.username, user.role, "lihat_rumah_tangga",
        daftar=daftar, tahun=year, kelurahan=kelurahan or "semua", jumlah=int(count),
    )
    seen.add(key)


def audited_download(
    user: User,
    build: Callable[[], bytes],
    daftar: str,
    year: int | None,
    kelurahan: str | None,
    count: int,
    action: str = "unduh_rumah_tangga",
) -> Callable[[], bytes]:
    """``build`` for a download button, recording the download in the audit log when it runs."""

    def run() -> bytes:
        # Built later than the page ran: the account must still be the one that clicked.
        if users.get_user(data.users_path(), user.username) != user:
            raise AccessDenied("Akses ditolak: akun Anda telah diubah atau dihapus; silakan masuk lagi.")
        users.record(
            data.users_path(), user.username, user.role, action,
            daftar=daftar, tahun=year, kelurahan=kelurahan or "semua", jumlah=int(count),
        )
        return build()

    return run
