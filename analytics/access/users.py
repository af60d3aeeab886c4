"""The local user store and the append-only audit log, in one SQLite file.

The file sits beside the main DuckDB database as ``<db stem>.users.sqlite``
(:func:`users_path_for`); it is created with mode 0600. SQLite (WAL journal, busy timeout)
lets the dashboard and the CLI write at the same time; every change runs in one
``BEGIN IMMEDIATE`` transaction together with its audit entry.

Usernames are folded to lower case. Passwords are stored only as scrypt hashes
(:mod:`analytics.access.passwords`). Errors a user can make raise :class:`AccountError`
with an Indonesian message.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access.passwords import hash_password, verify_password
from analytics.access.scope import ROLES, User
from analytics.errors import AccountError
from analytics.settings import settings

DEMO_PASSWORD = "demo"
DEMO_KELURAHAN = "64.74.01.1006"  # Api-Api
DEMO_ACCOUNTS = (
    ("admin", "admin", None),
    ("analis", "analis", None),
    ("pimpinan", "pimpinan", None),
    ("verifikator", "verifikator", DEMO_KELURAHAN),
)
# Actor recorded for changes made from the command line (no signed-in user).
CLI_ACTOR = "(baris-perintah)"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_TIMEOUT_S = 30.0


def users_path_for(db_path: str | os.PathLike) -> Path:
    """The user store that belongs to a DuckDB database: ``<db stem>.users.sqlite`` beside it.

    >>> users_path_for("var/demo.duckdb").as_posix()
    'var/demo.users.sqlite'
    """
    db = Path(db_path)
    return db.with_name(f"{db.stem}.users.sqlite")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (an empty file is a valid SQLite DB)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _connect(path: str | os.PathLike, *, create: bool) -> sqlite3.Connection:
    path = Path(path)
    if not path.exists():
        if not create:
            raise AccountError(f"Berkas pengguna {path} belum ada; tambahkan pengguna terlebih dahulu.")
        if not path.parent.is_dir():
            raise AccountError(f"Folder {path.parent} tidak ada.")
        _create_private(path)
    con = sqlite3.connect(path, timeout=_TIMEOUT_S, isolation_level=None)
    sql.execute_folder(con, "access/connection")
    sql.execute_folder(con, "access/schema")
    columns = {name for (name,) in sql.rows(con, "access/users_columns")}
    if "password_changed_at" not in columns:  # a store created before the column existed
        sql.execute(con, "access/add_password_changed_at")
    return con


@contextlib.contextmanager
def _transaction(path: str | os.PathLike, *, create: bool = False) -> Iterator[sqlite3.Connection]:
    con = _connect(path, create=create)
    try:
        sql.execute(con, "access/begin")
        try:
            yield con
        except BaseException:
            sql.execute(con, "access/rollback")
            raise
        sql.execute(con, "access/commit")
    finally:
        con.close()


def _normalise_username(username: str) -> str:
    name = (username or "").strip().lower() if isinstance(username, str) else ""
    if not _USERNAME.match(name):
        raise AccountError(
            "Nama pengguna tidak valid: gunakan 1-64 huruf kecil, angka, titik, garis bawah atau "
            "tanda hubung, diawali huruf atau angka."
        )
    return name


def _check_role(role: str, kelurahan: str | None) -> str | None:
    if role not in ROLES:
        raise AccountError(f"Peran {role!r} tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if role == "verifikator":
        if not kelurahan:
            raise AccountError("Peran verifikator wajib diberi kode kelurahan (--kelurahan).")
        from analytics.reference import load_kelurahan

        kelurahan = kelurahan.strip()
        if kelurahan not in set(load_kelurahan()["kode"]):
            raise AccountError(f"Kode kelurahan {kelurahan!r} tidak dikenal (contoh: 64.74.01.1006 untuk Api-Api).")
        return kelurahan
    if kelurahan:
        raise AccountError(
            f"Peran {role} tidak boleh diberi kelurahan; hanya verifikator yang ditugaskan per kelurahan."
        )
    return None


def _check_password(password) -> None:
    shortest = settings().min_password_length
    if not isinstance(password, str) or len(password) < shortest:
        raise AccountError(f"Kata sandi minimal {shortest} karakter.")


def lockout_window() -> timedelta:
    """How long failed sign-ins count towards locking a user name."""
    return timedelta(minutes=settings().lockout_minutes)


def _actor(by: User | None) -> tuple[str, str | None]:
    return (by.username, by.role) if by is not None else (CLI_ACTOR, None)


def _append_audit(con: sqlite3.Connection, username: str | None, role: str | None, action: str, detail: dict) -> None:
    if not isinstance(action, str) or not action:
        raise ValueError("Aksi audit tidak boleh kosong.")
    detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    entry = {"at": _now(), "username": username, "role": role, "action": action, "detail_json": detail_json}
    sql.execute(con, "access/append_audit", entry)


def _admin_count(con: sqlite3.Connection) -> int:
    return sql.row(con, "access/admin_count")[0]


def _insert(con: sqlite3.Connection, username: str, password_hash: str, role: str, kelurahan: str | None) -> None:
    try:
        values = {
            "username": username, "password_hash": password_hash, "role": role, "kelurahan": kelurahan,
            "created_at": _now(),
        }
        sql.execute(con, "access/insert_user", values)
    except sqlite3.IntegrityError as exc:
        if sql.row(con, "access/user_exists", {"username": username}):
            raise AccountError(f"Pengguna {username!r} sudah ada.") from exc
        raise


def add_user(
    path: str | os.PathLike,
    username: str,
    password: str,
    role: str,
    kelurahan: str | None = None,
    *,
    by: User | None = None,
) -> None:
    """Add an account (creating the store if needed) and audit it as ``tambah_pengguna``.

    The password needs at least ``settings().min_password_length`` characters. A verifikator needs
    a known kelurahan code; any other role must not have one.
    """
    name = _normalise_username(username)
    kelurahan = _check_role(role, kelurahan)
    _check_password(password)
    encoded = hash_password(password)  # slow: outside the write transaction
    with _transaction(path, create=True) as con:
        _insert(con, name, encoded, role, kelurahan)
        _append_audit(con, *_actor(by), "tambah_pengguna", {"pengguna": name, "peran": role, "kelurahan": kelurahan})


def remove_user(path: str | os.PathLike, username: str, *, by: User | None = None) -> None:
    """Remove an account; the last ``admin`` cannot be removed."""
    name = _normalise_username(username)
    with _transaction(path) as con:
        row = sql.row(con, "access/user_role", {"username": name})
        if row is None:
            raise AccountError(f"Pengguna {name!r} tidak ditemukan.")
        if row[0] == "admin" and _admin_count(con) == 1:
            raise AccountError("Admin terakhir tidak boleh dihapus; tambahkan admin lain terlebih dahulu.")
        sql.execute(con, "access/delete_user", {"username": name})
        _append_audit(con, *_actor(by), "hapus_pengguna", {"pengguna": name, "peran": row[0]})


def set_role(
    path: str | os.PathLike,
    username: str,
    role: str,
    kelurahan: str | None = None,
    *,
    by: User | None = None,
) -> None:
    """Change an account's role (and kelurahan); the last ``admin`` cannot be demoted."""
    name = _normalise_username(username)
    kelurahan = _check_role(role, kelurahan)
    with _transaction(path) as con:
        row = sql.row(con, "access/user_role", {"username": name})
        if row is None:
            raise AccountError(f"Pengguna {name!r} tidak ditemukan.")
        if row[0] == "admin" and role != "admin" and _admin_count(con) == 1:
            raise AccountError("Peran admin terakhir tidak boleh diubah; tambahkan admin lain terlebih dahulu.")
        sql.execute(con, "access/update_role", {"role": role, "kelurahan": kelurahan, "username": name})
        detail = {
            "pengguna": name,
            "peran_lama": row[0],
            "kelurahan_lama": row[1],
            "peran": role,
            "kelurahan": kelurahan,
        }
        _append_audit(con, *_actor(by), "ubah_peran", detail)


def set_password(path: str | os.PathLike, username: str, password: str, *, by: User | None = None) -> None:
    """Replace an account's password (same length rule as :func:`add_user`)."""
    name = _normalise_username(username)
    _check_password(password)
    encoded = hash_password(password)
    with _transaction(path) as con:
        changed = sql.run_sql(
            con, sql.text("access/update_password"), {"password_hash": encoded, "changed_at": _now(), "username": name}
        )
        if changed.rowcount != 1:
            raise AccountError(f"Pengguna {name!r} tidak ditemukan.")
        _append_audit(con, *_actor(by), "ubah_kata_sandi", {"pengguna": name})


def list_users(path: str | os.PathLike) -> pd.DataFrame:
    """Columns ``username, role, kelurahan, created_at``, sorted by username; never the hash."""
    con = _connect(path, create=False)
    try:
        rows = sql.rows(con, "access/list_users")
    finally:
        con.close()
    return pd.DataFrame(rows, columns=["username", "role", "kelurahan", "created_at"])


@cache
def _dummy_hash() -> str:
    return hash_password("pengguna-tidak-dikenal")


def account(path: str | os.PathLike, username: str) -> tuple[User | None, float | None]:
    """The account as stored now and when its password was last replaced (epoch seconds, None
    if never); ``(None, None)`` when it does not exist.

    The dashboard reads this once per page run, so a removed account, a changed role or a
    password reset takes effect at once, whatever the session token says.
    """
    name = username.strip().lower() if isinstance(username, str) else ""
    if not name or not Path(path).exists():
        return None, None
    con = _connect(path, create=False)
    try:
        row = sql.row(con, "access/account", {"username": name})
    finally:
        con.close()
    if row is None:
        return None, None
    return User(*row[:3]), datetime.fromisoformat(row[3]).timestamp() if row[3] else None


def get_user(path: str | os.PathLike, username: str) -> User | None:
    """The account as stored now (role and kelurahan), or None when it does not exist."""
    return account(path, username)[0]


def password_changed_at(path: str | os.PathLike, username: str) -> float | None:
    """When the account's password was last replaced (epoch seconds), or None (never, or no account)."""
    return account(path, username)[1]


def recent_failures(path: str | os.PathLike, username: str, *, now: datetime | None = None) -> int:
    """Failed sign-ins of ``username`` within the lockout window before ``now``."""
    if not Path(path).exists():
        return 0
    since = ((now or datetime.now(UTC)) - lockout_window()).isoformat(timespec="microseconds")
    con = _connect(path, create=False)
    try:
        return sql.row(con, "access/recent_failures", {"username": username, "since": since})[0]
    finally:
        con.close()


def is_locked(path: str | os.PathLike, username: str) -> bool:
    """True when ``username`` has had the set number of failures within the lockout window.

    Guessing passwords: after that many failed sign-ins of one user name within the window,
    further attempts are refused (even with the right password) until the window has passed.
    """
    typed = username.strip().lower()[:64] if isinstance(username, str) else ""
    return bool(typed) and recent_failures(path, typed) >= settings().max_failed_sign_ins


def authenticate(path: str | os.PathLike, username: str, password: str, *, audit: bool = True) -> User | None:
    """The :class:`User` when the password is right, otherwise None (never says which part was wrong).

    An unknown user costs the same scrypt work as a known one, so timing does not reveal
    which accounts exist. A username locked by :func:`is_locked` is refused without
    checking the password. With ``audit`` (default) the attempt is recorded as ``masuk``,
    ``masuk_gagal`` or ``masuk_diblokir``.
    """
    typed = username.strip().lower()[:64] if isinstance(username, str) else ""
    if typed and is_locked(path, typed):
        if audit:
            record(path, typed, None, "masuk_diblokir")
        return None
    row = None
    if Path(path).exists():
        con = _connect(path, create=False)
        try:
            row = sql.row(con, "access/credentials", {"username": typed})
        finally:
            con.close()
    if row is None:
        verify_password(password if isinstance(password, str) else "", _dummy_hash())
        user = None
    else:
        user = User(row[0], row[2], row[3]) if verify_password(password, row[1]) else None
    if audit and Path(path).exists():
        if user is None:
            record(path, typed or None, None, "masuk_gagal")
        else:
            record(path, user.username, user.role, "masuk", kelurahan=user.kelurahan)
    return user


def record(path: str | os.PathLike, username: str | None, role: str | None, action: str, **detail) -> None:
    """Append one audit entry: who (``username``, ``role``), what (``action``) and ``detail`` as JSON.

    Views and downloads of household lists use e.g. ``action="lihat_rumah_tangga"`` with
    ``kelurahan=…, jumlah=…``.
    """
    with _transaction(path, create=True) as con:
        _append_audit(con, username, role, action, detail)


def read_audit(path: str | os.PathLike) -> pd.DataFrame:
    """The audit log, oldest first: ``id, at, username, role, action, detail_json``."""
    columns = ["id", "at", "username", "role", "action", "detail_json"]
    if not Path(path).exists():
        return pd.DataFrame(columns=columns)
    con = _connect(path, create=False)
    try:
        rows = sql.rows(con, "access/audit_log")
    finally:
        con.close()
    return pd.DataFrame(rows, columns=columns)


def ensure_demo_accounts(path: str | os.PathLike) -> list[str]:
    """Create the demo accounts that are missing (password ``demo``); return the names created.

    Only for the demo database: admin, analis, pimpinan and verifikator (Api-Api). Existing
    accounts are left as they are. Bypasses the password-length rule on purpose.
    """
    created = []
    missing = [acc for acc in DEMO_ACCOUNTS if not _exists(path, acc[0])]
    hashes = {name: hash_password(DEMO_PASSWORD) for name, _, _ in missing}
    with _transaction(path, create=True) as con:
        for name, role, kelurahan in missing:
            if sql.row(con, "access/user_exists", {"username": name}):
                continue  # created concurrently by another process
            _insert(con, name, hashes[name], role, kelurahan)
            created.append(name)
        if created:
            _append_audit(con, CLI_ACTOR, None, "akun_demo_dibuat", {"pengguna": created})
    return created


def _exists(path: str | os.PathLike, username: str) -> bool:
    if not Path(path).exists():
        return False
    con = _connect(path, create=False)
    try:
        return sql.row(con, "access/user_exists", {"username": username}) is not None
    finally:
        con.close()
