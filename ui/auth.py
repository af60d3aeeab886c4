"""Sign-in, the signed-in user of a session, and audit records of what they saw.

Local accounts (default): the form ``Nama pengguna`` / ``Kata sandi`` / ``Masuk`` checks the
user store beside the database (:func:`analytics.access.signin.sign_in`: lockout per user
name and per client address, one attempt at a time); a signed session token (never the
password) is kept in the session and checked on every run: its signature and age, the
account as stored now (same role and kelurahan, same session epoch: a password reset, a role
change or a removal ends every older session) and the idle time (``KEMISKINAN_IDLE_MINUTES``).
When ``secrets.toml`` has an ``[auth]`` section, ``st.login`` signs users in instead and their
role comes from the mapping file (:mod:`analytics.access.oidc_roles`).

Downloads built when their button is clicked (:func:`audited_download`,
:func:`checked_download`) run outside the page, in a thread of their own: they check again, at
that moment, that the session which drew the button is still signed in with a valid token.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import streamlit as st

from analytics.access import signin, users
from analytics.access.keys import key_warnings, session_key
from analytics.access.oidc_roles import RoleMapError, load_role_map, user_for
from analytics.access.scope import (
    ROLE_LABELS,
    AccessDenied,
    User,
    can_see_households,
    issue_token,
    read_token,
    token_epoch,
    token_issued_at,
)
from analytics.reference import REGION_NAME
from ui import config, controls, data, first_run, provenance
from ui.navigation import page_entry

TOKEN = "_sesi"
_NOTICE = "_sesi_pesan"
_SEEN = "_audit_terlihat"
_OIDC_RECORDED = "_oidc_dicatat"
# A plain dict kept in the session: the deferred downloads of the session hold a reference to
# it and read it from their own thread (where st.session_state cannot be read).
_ACTIVE = "_sesi_aktif"
LOG = logging.getLogger("ui.auth")


def _now() -> float:
    """The clock of session ages and idle times (a test replaces it)."""
    return time.time()


def oidc_configured() -> bool:
    """True when ``secrets.toml`` configures an OIDC provider (an ``[auth]`` section)."""
    return config.current().oidc


def max_age_s() -> float:
    """Longest life of a session token (a working day by default)."""
    return config.current().session_hours * 3600


def idle_s() -> float:
    """How long a session may go without a page run before it ends."""
    return config.current().idle_minutes * 60


def client_address() -> str | None:
    """The client's address: the connection's, or, when the connection comes from this machine
    (the reverse proxy), the last address the proxy added to ``X-Forwarded-For``."""
    try:
        address = st.context.ip_address
        if address is None:
            forwarded = st.context.headers.get("X-Forwarded-For") or st.context.headers.get("X-Real-Ip") or ""
            address = forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else None
    except Exception:  # no browser connection (tests, bare mode)
        return None
    return address[:64] if isinstance(address, str) and address else None


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


def _end_session(notice: str) -> None:
    active = st.session_state.get(_ACTIVE)
    if isinstance(active, dict):
        active["token"] = None  # the session's pending downloads stop working too
    st.session_state.pop(TOKEN, None)
    st.session_state.pop(_SEEN, None)
    st.session_state[_NOTICE] = notice


def _idle_expired() -> bool:
    active = st.session_state.get(_ACTIVE)
    if not isinstance(active, dict) or active.get("token") is None or active.get("seen") is None:
        return False
    return _now() - active["seen"] > idle_s()


def _mark_active(token: str | None) -> None:
    active = st.session_state.get(_ACTIVE)
    if not isinstance(active, dict) or active.get("token") != token:
        active = {"token": token}
        st.session_state[_ACTIVE] = active
    active["seen"] = _now()


def token_problem(token: str) -> tuple[User | None, str | None]:
    """The user of a session token and, when the session must end, the notice why."""
    user = read_token(token, session_key(), max_age_s(), now=_now())
    if user is None:
        return None, "Sesi tidak sah atau sudah kedaluwarsa; silakan masuk lagi."
    stored = users.stored_account(data.users_path(), user.username)
    if stored is None or stored.user != user:
        return None, "Akun Anda telah diubah atau dihapus; silakan masuk lagi."
    if stored.session_epoch != token_epoch(token):
        issued = token_issued_at(token) or 0
        if stored.password_changed_at is not None and stored.password_changed_at >= issued - 1:
            return None, "Kata sandi akun Anda telah diganti; silakan masuk lagi."
        return None, "Akun Anda telah diubah atau dihapus; silakan masuk lagi."
    return user, None


def current_user() -> User | None:
    """The signed-in user, or None. A token that is tampered with, expired, idle too long, or
    names an account that was removed or changed since sign-in is dropped (sign in again)."""
    if _idle_expired():
        minutes = round(config.current().idle_minutes)
        _end_session(f"Sesi berakhir karena tidak ada aktivitas selama {minutes} menit; silakan masuk lagi.")
        if oidc_configured() and st.user.is_logged_in:
            st.logout()
        return None
    if oidc_configured():
        user = _oidc_user()
        if user is not None:
            _mark_active("oidc")
        return user
    token = st.session_state.get(TOKEN)
    if token is None:
        return None
    user, notice = token_problem(token)
    if user is None:
        _end_session(notice)
        return None
    _mark_active(token)
    return user


def require() -> User:
    """The signed-in user, whatever the role; stops the page when nobody is signed in.

    For scripts outside the dashboard's menu (tests); a page of the menu calls :func:`require_page`.
    """
    user = current_user()
    if user is None:
        st.error("Silakan masuk terlebih dahulu.")
        st.stop()
    return user


def require_page(page_file: str) -> User:
    """The signed-in user of the page whose script is ``page_file`` (pass ``__file__``); stops the
    page when nobody is signed in or the user's role is not one that ``ui.navigation.PAGES`` lists
    for it.

    The menu offers a page only to those same roles; this holds when a page is reached another way.
    """
    roles = page_entry(page_file).roles
    user = require()
    provenance.show_sources(user.role)
    if user.role not in roles:
        st.error(f"Halaman ini tidak tersedia untuk peran {ROLE_LABELS[user.role]}.")
        st.stop()
    return user


def sign_in_page() -> None:
    """The sign-in form (or the OIDC button); on success the session gets a signed token."""
    st.title("Dasbor Kedalaman dan Keparahan Kemiskinan")
    st.markdown(
        f"**{REGION_NAME}** · Di mana kemiskinan paling dalam, keluarga mana yang belum dijangkau program, "
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
    outcome = signin.sign_in(path, username, password, client_address())
    if outcome.blocked:
        who = "akun ini" if outcome.blocked == "account" else "alamat Anda"
        st.error(
            f"Terlalu banyak percobaan gagal untuk {who}; coba lagi setelah "
            f"{int(users.lockout_window().total_seconds() // 60)} menit."
        )
        return
    if outcome.user is None:
        st.error("Nama pengguna atau kata sandi salah.")
        return
    stored = users.stored_account(path, outcome.user.username)
    token = issue_token(outcome.user, session_key(), now=_now(), epoch=stored.session_epoch if stored else None)
    st.session_state[TOKEN] = token
    _mark_active(token)
    st.rerun()


def account_box(user: User) -> None:
    """Who is signed in, and the sign-out button, at the bottom of the sidebar."""
    with st.sidebar:
        st.divider()
        where = f", {controls.kelurahan_names().get(user.kelurahan, user.kelurahan)}" if user.kelurahan else ""
        st.caption(f"Masuk sebagai **{user.username}** ({ROLE_LABELS[user.role]}{where}).")
        if user.role == "admin":
            for warning in key_warnings(data.db_path()):
                st.warning(warning)
        if st.button("Keluar", key="keluar"):
            users.record(data.users_path(), user.username, user.role, "keluar")
            _end_session("Anda telah keluar.")
            st.session_state.pop(_NOTICE, None)
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
        data.users_path(),
        user.username,
        user.role,
        "lihat_rumah_tangga",
        daftar=daftar,
        tahun=year,
        kelurahan=kelurahan or "semua",
        jumlah=int(count),
    )
    seen.add(key)


def _session_check(user: User) -> Callable[[], None]:
    """A check, usable from any thread, that the session drawing a download button for ``user``
    is still signed in as ``user`` when the download is built."""
    active = st.session_state.get(_ACTIVE)
    token = active.get("token") if isinstance(active, dict) else None
    oidc = oidc_configured()
    path, key, max_age = data.users_path(), session_key(), max_age_s()
    idle = idle_s()

    def check() -> None:
        if not isinstance(active, dict) or token is None or active.get("token") != token:
            raise AccessDenied("Akses ditolak: sesi Anda sudah berakhir; silakan masuk lagi.")
        if _now() - active.get("seen", 0) > idle:
            raise AccessDenied("Akses ditolak: sesi Anda berakhir karena tidak ada aktivitas; silakan masuk lagi.")
        if oidc:
            return  # the provider's session; the role map is read again on the next page run
        signed = read_token(token, key, max_age, now=_now())
        stored = users.stored_account(path, user.username)
        if signed != user or stored is None or stored.user != user or stored.session_epoch != token_epoch(token):
            raise AccessDenied(
                "Akses ditolak: akun Anda telah diubah, diganti kata sandinya atau dihapus; silakan masuk lagi."
            )

    return check


def checked_download(user: User, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """``build`` for a download button, refused when the session has ended by the time it runs."""
    check = _session_check(user)

    def run() -> bytes:
        try:
            check()
        except AccessDenied:
            LOG.warning("Unduhan oleh %s ditolak: sesi sudah berakhir.", user.username)
            raise
        return build()

    return run


def audited_download(
    user: User,
    build: Callable[[], bytes],
    daftar: str,
    year: int | None,
    kelurahan: str | None,
    count: int,
    action: str = "unduh_rumah_tangga",
) -> Callable[[], bytes]:
    """``build`` for a download button: refused unless the session that drew the button is still
    signed in as ``user`` with a valid token when it runs, and recorded in the audit log."""
    check = _session_check(user)
    path = data.users_path()

    def run() -> bytes:
        # Built later than the page ran (in a thread of its own): check the session again.
        try:
            check()
        except AccessDenied:
            LOG.warning("Unduhan %s oleh %s ditolak: sesi sudah berakhir.", daftar, user.username)
            raise
        users.record(
            path,
            user.username,
            user.role,
            action,
            daftar=daftar,
            tahun=year,
            kelurahan=kelurahan or "semua",
            jumlah=int(count),
        )
        return build()

    return run
