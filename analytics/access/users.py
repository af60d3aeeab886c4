"""The local accounts, kept with the audit log in one SQLite file (:mod:`analytics.access.store`).

The file sits beside the main DuckDB database as ``<db stem>.users.sqlite``
(:func:`users_path_for`); it is created with mode 0600. Every change runs in one
``BEGIN IMMEDIATE`` transaction together with its audit entry (:mod:`analytics.access.audit`).

Usernames are folded to lower case. Passwords are stored only as scrypt hashes
(:mod:`analytics.access.passwords`). Each account has a *session epoch*, a random value
renewed when the account is created, its role changes or its password is reset: a session
token carries the epoch it was issued under, so any of those ends every older session,
whatever the timing. Sign-in itself (lockout, limits) is :mod:`analytics.access.signin`.
Errors a user can make raise :class:`AccountError` with an Indonesian message.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access import audit
from analytics.access.passwords import hash_password
from analytics.access.scope import ROLES, User
from analytics.access.store import now, reading, transaction
from analytics.errors import AccountError
from analytics.reference import EXAMPLE_KELURAHAN, UNIT
from analytics.settings import settings

__all__ = [
    "CLI_ACTOR",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "AccountError",
    "StoredAccount",
    "account",
    "add_user",
    "authenticate",
    "ensure_demo_accounts",
    "get_user",
    "is_locked",
    "list_users",
    "lockout_window",
    "password_changed_at",
    "read_audit",
    "recent_failures",
    "record",
    "remove_user",
    "set_password",
    "set_role",
    "stored_account",
    "users_path_for",
    "verify_chain",
]

record = audit.record
read_audit = audit.read_audit
verify_chain = audit.verify_chain

DEMO_PASSWORD = "demo"
DEMO_KELURAHAN = EXAMPLE_KELURAHAN  # the demo verifikator's kelurahan: Api-Api in Bontang
DEMO_ACCOUNTS = (
    ("admin", "admin", None),
    ("analis", "analis", None),
    ("pimpinan", "pimpinan", None),
    ("verifikator", "verifikator", DEMO_KELURAHAN),
)
# Actor recorded for changes made from the command line (no signed-in user).
CLI_ACTOR = "(baris-perintah)"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def users_path_for(db_path: str | os.PathLike) -> Path:
    """The user store that belongs to a DuckDB database: ``<db stem>.users.sqlite`` beside it.

    >>> users_path_for("var/demo.duckdb").as_posix()
    'var/demo.users.sqlite'
    """
    db = Path(db_path)
    return db.with_name(f"{db.stem}.users.sqlite")


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
            raise AccountError(f"Peran verifikator wajib diberi kode {UNIT} (--kelurahan).")
        from analytics.reference import EXAMPLE_KELURAHAN_NAME, load_kelurahan

        kelurahan = kelurahan.strip()
        if kelurahan not in set(load_kelurahan()["kode"]):
            example = f"{DEMO_KELURAHAN} untuk {EXAMPLE_KELURAHAN_NAME}"
            raise AccountError(f"Kode {UNIT} {kelurahan!r} tidak dikenal (contoh: {example}).")
        return kelurahan
    if kelurahan:
        raise AccountError(f"Peran {role} tidak boleh diberi {UNIT}; hanya verifikator yang ditugaskan per {UNIT}.")
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


def new_epoch() -> str:
    """A fresh session epoch (16 random bytes as hex)."""
    return secrets.token_hex(16)


def _admin_count(con: sqlite3.Connection) -> int:
    return sql.row(con, "access/admin_count")[0]


def _insert(con: sqlite3.Connection, username: str, password_hash: str, role: str, kelurahan: str | None) -> None:
    try:
        values = {
            "username": username,
            "password_hash": password_hash,
            "role": role,
            "kelurahan": kelurahan,
            "created_at": now(),
            "session_epoch": new_epoch(),
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
    with transaction(path, create=True) as con:
        _insert(con, name, encoded, role, kelurahan)
        audit.append(con, *_actor(by), "tambah_pengguna", {"pengguna": name, "peran": role, "kelurahan": kelurahan})


def remove_user(path: str | os.PathLike, username: str, *, by: User | None = None) -> None:
    """Remove an account; the last ``admin`` cannot be removed."""
    name = _normalise_username(username)
    with transaction(path) as con:
        row = sql.row(con, "access/user_role", {"username": name})
        if row is None:
            raise AccountError(f"Pengguna {name!r} tidak ditemukan.")
        if row[0] == "admin" and _admin_count(con) == 1:
            raise AccountError("Admin terakhir tidak boleh dihapus; tambahkan admin lain terlebih dahulu.")
        sql.execute(con, "access/delete_user", {"username": name})
        audit.append(con, *_actor(by), "hapus_pengguna", {"pengguna": name, "peran": row[0]})


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
    with transaction(path) as con:
        row = sql.row(con, "access/user_role", {"username": name})
        if row is None:
            raise AccountError(f"Pengguna {name!r} tidak ditemukan.")
        if row[0] == "admin" and role != "admin" and _admin_count(con) == 1:
            raise AccountError("Peran admin terakhir tidak boleh diubah; tambahkan admin lain terlebih dahulu.")
        sql.execute(
            con,
            "access/update_role",
            {"role": role, "kelurahan": kelurahan, "username": name, "session_epoch": new_epoch()},
        )
        detail = {
            "pengguna": name,
            "peran_lama": row[0],
            "kelurahan_lama": row[1],
            "peran": role,
            "kelurahan": kelurahan,
        }
        audit.append(con, *_actor(by), "ubah_peran", detail)


def set_password(path: str | os.PathLike, username: str, password: str, *, by: User | None = None) -> None:
    """Replace an account's password (same length rule as :func:`add_user`)."""
    name = _normalise_username(username)
    _check_password(password)
    encoded = hash_password(password)
    with transaction(path) as con:
        changed = sql.run_sql(
            con,
            sql.text("access/update_password"),
            {"password_hash": encoded, "changed_at": now(), "username": name, "session_epoch": new_epoch()},
        )
        if changed.rowcount != 1:
            raise AccountError(f"Pengguna {name!r} tidak ditemukan.")
        audit.append(con, *_actor(by), "ubah_kata_sandi", {"pengguna": name})


def list_users(path: str | os.PathLike) -> pd.DataFrame:
    """Columns ``username, role, kelurahan, created_at``, sorted by username; never the hash."""
    with reading(path) as con:
        rows = sql.rows(con, "access/list_users")
    return pd.DataFrame(rows, columns=["username", "role", "kelurahan", "created_at"])


@dataclass(frozen=True)
class StoredAccount:
    """An account as stored now: the user, when its password was last replaced (epoch seconds,
    None if never) and its session epoch."""

    user: User
    password_changed_at: float | None
    session_epoch: str


def stored_account(path: str | os.PathLike, username: str) -> StoredAccount | None:
    """The account as stored now, or None when it does not exist.

    The dashboard reads this once per page run, so a removed account, a changed role or a
    password reset takes effect at once, whatever the session token says.
    """
    name = username.strip().lower() if isinstance(username, str) else ""
    if not name or not Path(path).exists():
        return None
    with reading(path) as con:
        row = sql.row(con, "access/account", {"username": name})
    if row is None:
        return None
    changed = datetime.fromisoformat(row[3]).timestamp() if row[3] else None
    return StoredAccount(User(*row[:3]), changed, row[4])


def account(path: str | os.PathLike, username: str) -> tuple[User | None, float | None]:
    """The account as stored now and when its password was last replaced (epoch seconds, None
    if never); ``(None, None)`` when it does not exist."""
    found = stored_account(path, username)
    return (None, None) if found is None else (found.user, found.password_changed_at)


def get_user(path: str | os.PathLike, username: str) -> User | None:
    """The account as stored now (role and kelurahan), or None when it does not exist."""
    return account(path, username)[0]


def password_changed_at(path: str | os.PathLike, username: str) -> float | None:
    """When the account's password was last replaced (epoch seconds), or None (never, or no account)."""
    return account(path, username)[1]


def _since(now_: datetime | None) -> str:
    return ((now_ or datetime.now(UTC)) - lockout_window()).isoformat(timespec="microseconds")


def recent_failures(path: str | os.PathLike, username: str, *, now: datetime | None = None) -> int:
    """Failed sign-ins of ``username`` within the lockout window before ``now``."""
    if not Path(path).exists():
        return 0
    with reading(path) as con:
        return sql.row(con, "access/recent_failures", {"username": username, "since": _since(now)})[0]


def recent_failures_from(path: str | os.PathLike, address: str, *, now: datetime | None = None) -> int:
    """Failed sign-ins from the client ``address`` (any user name) within the lockout window."""
    if not Path(path).exists() or not address:
        return 0
    with reading(path) as con:
        return sql.row(con, "access/recent_failures_from_address", {"address": address, "since": _since(now)})[0]


def is_locked(path: str | os.PathLike, username: str) -> bool:
    """True when ``username`` has had the set number of failures within the lockout window.

    Guessing passwords: after that many failed sign-ins of one user name within the window,
    further attempts are refused (even with the right password) until the window has passed.
    """
    typed = username.strip().lower()[:64] if isinstance(username, str) else ""
    return bool(typed) and recent_failures(path, typed) >= settings().max_failed_sign_ins


def authenticate(
    path: str | os.PathLike, username: str, password: str, *, audit: bool = True, address: str | None = None
) -> User | None:
    """The :class:`User` when the password is right, otherwise None (see
    :func:`analytics.access.signin.sign_in`, which this calls)."""
    from analytics.access.signin import sign_in

    return sign_in(path, username, password, address, audit_log=audit).user


def ensure_demo_accounts(path: str | os.PathLike) -> list[str]:
    """Create the demo accounts that are missing (password ``demo``); return the names created.

    Only for the demo database: admin, analis, pimpinan and verifikator (Api-Api). Existing
    accounts are left as they are. Bypasses the password-length rule on purpose.
    """
    created = []
    missing = [acc for acc in DEMO_ACCOUNTS if not _exists(path, acc[0])]
    hashes = {name: hash_password(DEMO_PASSWORD) for name, _, _ in missing}
    with transaction(path, create=True) as con:
        for name, role, kelurahan in missing:
            if sql.row(con, "access/user_exists", {"username": name}):
                continue  # created concurrently by another process
            _insert(con, name, hashes[name], role, kelurahan)
            created.append(name)
        if created:
            audit.append(con, CLI_ACTOR, None, "akun_demo_dibuat", {"pengguna": created})
    return created


def _exists(path: str | os.PathLike, username: str) -> bool:
    if not Path(path).exists():
        return False
    with reading(path) as con:
        return sql.row(con, "access/user_exists", {"username": username}) is not None


def credentials(path: str | os.PathLike, username: str) -> tuple | None:
    """``(username, password_hash, role, kelurahan)`` of an account, or None (for sign-in only)."""
    if not Path(path).exists():
        return None
    with reading(path) as con:
        return sql.row(con, "access/credentials", {"username": username})
