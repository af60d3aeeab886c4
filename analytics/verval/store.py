"""The verval store: field records that outlive every import, versioned and reviewed.

It is a SQLite file beside the database, ``<db stem>.verval.sqlite`` (:func:`verval_path_for`,
mode 0600), because an import rebuilds the DuckDB file and swaps it whole. A record names its
family by the pseudonyms of the No KK and of the head's NIK (the same keyed HMAC the importer
writes), so next year's import attaches it to the same family, and a family whose No KK
changed still matches by its head's NIK (:mod:`analytics.verval.families`).

Append-only (SQLite triggers refuse changes and deletions): a correction is a new version
(status ``submitted`` again), a review is a new version with status ``approved`` or
``returned`` (with its reason). Every write names the version its author last saw; when
someone else wrote in between, :class:`VervalConflict` says so instead of merging silently.
Each create, correction and review is written to the audit log.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access import users
from analytics.access.scope import AccessDenied, User, household_scope
from analytics.access.store import create_private, write_transaction
from analytics.errors import InputError, VervalConflict
from analytics.verval.visit import clean_visit

STATUSES = {"submitted": "Diajukan", "approved": "Disetujui", "returned": "Dikembalikan"}
REVIEW_ROLES = frozenset({"analis", "admin"})
_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class FamilyKeys:
    """How a record names its family: pseudonyms, and where the family lived when visited."""

    no_kk_key: str | None
    head_nik_key: str | None
    family_id: str | None
    kode_kelurahan: str
    rt: str | None
    rw: str | None
    year: int


def verval_path_for(db_path: str | os.PathLike) -> Path:
    """The verval store of a DuckDB database: ``<db stem>.verval.sqlite`` beside it.

    >>> verval_path_for("var/demo.duckdb").as_posix()
    'var/demo.verval.sqlite'
    """
    db = Path(db_path)
    return db.with_name(f"{db.stem}.verval.sqlite")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        if not path.parent.is_dir():
            raise InputError(f"Folder {path.parent} tidak ada.")
        create_private(path)
    con = sqlite3.connect(path, timeout=_TIMEOUT_S, isolation_level=None)
    con.row_factory = sqlite3.Row
    sql.execute_folder(con, "access/connection")
    sql.execute_folder(con, "verval/schema")
    return con


def _transaction(path: Path) -> contextlib.AbstractContextManager:
    return write_transaction(_connect(path))


def _check_version(latest: sqlite3.Row | None, expected_version: int) -> int:
    seen = 0 if latest is None else latest["version"]
    if seen != expected_version:
        who = f"{latest['username']} pada {latest['at'][:16].replace('T', ' ')} UTC" if latest else "seseorang"
        raise VervalConflict(
            f"Catatan keluarga ini sudah diubah oleh {who} (versi {seen}, Anda membuka versi {expected_version}). "
            "Muat ulang catatan, periksa perubahannya, lalu simpan lagi."
        )
    return seen + 1


def latest_of_family(con: sqlite3.Connection, keys: FamilyKeys) -> sqlite3.Row | None:
    """The newest version of the family's record (found by either pseudonym), or None."""
    found = sql.row(con, "verval/family_record", {"no_kk_key": keys.no_kk_key, "head_nik_key": keys.head_nik_key})
    return sql.row(con, "verval/latest_version", {"record_id": found["record_id"]}) if found else None


def write_visit(
    con: sqlite3.Connection, keys: FamilyKeys, clean: dict, expected_version: int, *, user: User
) -> tuple[str, int]:
    """Insert the next version of the family's record inside the caller's transaction (``clean``:
    from :func:`~analytics.verval.visit.clean_visit`; scope checked by the caller, no audit)."""
    latest = latest_of_family(con, keys)
    record_id = latest["record_id"] if latest else uuid.uuid4().hex
    version = _check_version(latest, expected_version)
    values = {
        **keys.__dict__,
        "record_id": record_id,
        "version": version,
        "status": "submitted",
        "visit_json": json.dumps(clean, ensure_ascii=False, sort_keys=True),
        "reason": None,
        "username": user.username,
        "role": user.role,
        "at": _now(),
    }
    sql.execute(con, "verval/insert_record", values)
    return record_id, version


def save_visit(
    db_path: str | os.PathLike, keys: FamilyKeys, visit: dict, expected_version: int, *, user: User
) -> tuple[str, int]:
    """Submit a visit (version 1) or a correction (the next version) of the family's record.

    ``expected_version`` is the version the user opened (0: no record yet). Returns the
    record id and the version written. A verifikator may record only in its kelurahan; a
    pimpinan never.
    """
    household_scope(user, keys.kode_kelurahan)
    if keys.no_kk_key is None and keys.head_nik_key is None:
        raise InputError("Keluarga ini tidak punya No KK maupun NIK kepala keluarga yang sah; catat lewat impor.")
    clean = clean_visit(visit)
    with _transaction(verval_path_for(db_path)) as con:
        record_id, version = write_visit(con, keys, clean, expected_version, user=user)
    action = "verval_catat" if version == 1 else "verval_koreksi"
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        action,
        catatan=record_id,
        versi=version,
        kelurahan=keys.kode_kelurahan,
    )
    return record_id, version


def review(
    db_path: str | os.PathLike, record_id: str, expected_version: int, decision: str, reason: str = "", *, user: User
) -> int:
    """Approve or return (with a reason) the submitted version the reviewer read; returns the new version."""
    if user is None or user.role not in REVIEW_ROLES:
        raise AccessDenied("Akses ditolak: hanya Analis dan Administrator data yang meninjau catatan verval.")
    if decision not in ("approved", "returned"):
        raise InputError(f"Keputusan {decision!r} tidak dikenal; pilih disetujui atau dikembalikan.")
    reason = (reason or "").strip()
    if decision == "returned" and not reason:
        raise InputError("Catatan yang dikembalikan wajib diberi alasan.")
    with _transaction(verval_path_for(db_path)) as con:
        latest = sql.row(con, "verval/latest_version", {"record_id": record_id})
        if latest is None:
            raise InputError(f"Catatan {record_id!r} tidak ditemukan.")
        version = _check_version(latest, expected_version)
        if latest["status"] != "submitted":
            raise InputError(
                f"Catatan ini sudah {STATUSES[latest['status']].lower()}; hanya catatan yang diajukan "
                "yang dapat ditinjau."
            )
        values = {
            **dict(latest),
            "version": version,
            "status": decision,
            "reason": reason or None,
            "username": user.username,
            "role": user.role,
            "at": _now(),
        }
        sql.execute(con, "verval/insert_record", values)
    action = "verval_setujui" if decision == "approved" else "verval_kembalikan"
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        action,
        catatan=record_id,
        versi=version,
        kelurahan=latest["kode_kelurahan"],
    )
    return version


def _frame(rows: list[sqlite3.Row]) -> pd.DataFrame:
    table = pd.DataFrame([dict(r) for r in rows])
    if table.empty:
        return pd.DataFrame(
            columns=[
                "record_id",
                "version",
                "no_kk_key",
                "head_nik_key",
                "family_id",
                "kode_kelurahan",
                "rt",
                "rw",
                "year",
                "status",
                "visit_json",
                "reason",
                "username",
                "role",
                "at",
            ]
        )
    return table


def latest_records(db_path: str | os.PathLike, kelurahan: str | None = None, *, user: User) -> pd.DataFrame:
    """The newest version of every record in the user's scope (a verifikator: its kelurahan)."""
    return _latest(db_path, household_scope(user, kelurahan))


def records_for_counts(db_path: str | os.PathLike) -> pd.DataFrame:
    """The newest version of every record, without a user's scope: only for figures counted
    over records (:mod:`analytics.verval.outcomes`), which narrows and protects them by role."""
    return _latest(db_path, None)


def _latest(db_path: str | os.PathLike, kelurahan: str | None) -> pd.DataFrame:
    path = verval_path_for(db_path)
    if not path.exists():
        return _frame([])
    con = _connect(path)
    try:
        return _frame(sql.rows(con, "verval/latest_records", {"kelurahan": kelurahan}))
    finally:
        con.close()


def history(db_path: str | os.PathLike, record_id: str, *, user: User) -> pd.DataFrame:
    """Every version of one record, oldest first (refused outside the user's scope)."""
    path = verval_path_for(db_path)
    if not path.exists():
        return _frame([])
    con = _connect(path)
    try:
        table = _frame(sql.rows(con, "verval/record_history", {"record_id": record_id}))
    finally:
        con.close()
    if not table.empty:
        household_scope(user, table["kode_kelurahan"].iloc[-1])
    return table


def exported_versions(db_path: str | os.PathLike, channel: str) -> pd.DataFrame:
    """Record versions already sent through ``channel`` (record_id, version)."""
    path = verval_path_for(db_path)
    if not path.exists():
        return pd.DataFrame(columns=["record_id", "version"])
    con = _connect(path)
    try:
        rows = sql.rows(con, "verval/exported_versions", {"channel": channel})
    finally:
        con.close()
    return pd.DataFrame([tuple(r) for r in rows], columns=["record_id", "version"])


def remember_export(
    db_path: str | os.PathLike, export_id: str, channel: str, sent: list[tuple[str, int]], *, user: User
) -> None:
    """Record what an export held, so the next one of the channel holds only what is new."""
    with _transaction(verval_path_for(db_path)) as con:
        for record_id, version in sent:
            values = {
                "export_id": export_id,
                "channel": channel,
                "record_id": record_id,
                "version": int(version),
                "username": user.username,
                "at": _now(),
            }
            sql.execute(con, "verval/insert_export", values)


def store_transaction(db_path: str | os.PathLike) -> contextlib.AbstractContextManager:
    """One write transaction on the verval store of ``db_path`` (created when missing), for
    modules that add their own append-only tables beside the records."""
    return _transaction(verval_path_for(db_path))


def open_store(db_path: str | os.PathLike) -> sqlite3.Connection:
    """A connection to the verval store of ``db_path`` (created when missing); close it."""
    return _connect(verval_path_for(db_path))
