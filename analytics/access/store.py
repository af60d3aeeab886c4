"""The SQLite file that holds the accounts and the audit log: opening, schema upgrades and
write transactions.

The file sits beside the main DuckDB database as ``<db stem>.users.sqlite`` and is created
mode 0600 (SQLite gives its ``-wal`` and ``-shm`` files the same mode). Every change runs in
one ``BEGIN IMMEDIATE`` transaction, so the dashboard and the command line can write at the
same time and an audit entry is always chained onto the entry before it.

Opening the file also notices a store whose audit-log triggers were dropped: they are
recreated, and the recreation is itself written to the log (``pemicu_audit_dipulihkan``) and
to the server log, never silently.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from analytics import sql
from analytics.errors import AccountError

_TIMEOUT_S = 30.0
LOG = logging.getLogger("analytics.access")
#: Action recorded when the audit log's triggers had to be recreated.
TRIGGERS_RESTORED = "pemicu_audit_dipulihkan"


def now() -> str:
    """The current time as stored (UTC, ISO 8601 with microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (an empty file is a valid SQLite DB)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _missing_triggers(con: sqlite3.Connection) -> bool:
    """True when the audit log exists but one of its append-only triggers does not."""
    if not sql.row(con, "access/audit_table_exists")[0]:
        return False
    return sql.row(con, "access/audit_triggers")[0] < 2


def _upgrade(con: sqlite3.Connection) -> None:
    """Columns added since a store was created (older stores get them on first use)."""
    columns = {name for (name,) in sql.rows(con, "access/users_columns")}
    if "password_changed_at" not in columns:
        sql.execute(con, "access/add_password_changed_at")
    if "session_epoch" not in columns:
        sql.execute(con, "access/add_session_epoch")
        sql.execute(con, "access/fill_session_epoch")
    audit_columns = {name for (name,) in sql.rows(con, "access/audit_columns")}
    if "prev_hash" not in audit_columns:
        sql.execute(con, "access/add_audit_prev_hash")
    if "entry_hash" not in audit_columns:
        sql.execute(con, "access/add_audit_entry_hash")


def connect(path: str | os.PathLike, *, create: bool) -> sqlite3.Connection:
    """Open the store (creating it mode 0600 when ``create``), with the current schema."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise AccountError(f"Berkas pengguna {path.name} belum ada; tambahkan pengguna terlebih dahulu.")
        if not path.parent.is_dir():
            raise AccountError(f"Folder untuk berkas pengguna {path.name} tidak ada.")
        create_private(path)
    con = sqlite3.connect(path, timeout=_TIMEOUT_S, isolation_level=None)
    sql.execute_folder(con, "access/connection")
    restored = _missing_triggers(con)
    sql.execute_folder(con, "access/schema")
    _upgrade(con)
    if restored:
        LOG.warning("Pemicu append-only log audit %s hilang dan dibuat ulang.", path.name)
        from analytics.access.audit import append

        sql.execute(con, "access/begin")
        append(con, None, None, TRIGGERS_RESTORED, {"berkas": path.name})
        sql.execute(con, "access/commit")
    return con


def transaction(path: str | os.PathLike, *, create: bool = False) -> contextlib.AbstractContextManager:
    """One write transaction on the user store (see :func:`write_transaction`)."""
    return write_transaction(connect(path, create=create))


@contextlib.contextmanager
def write_transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE``) on an open SQLite store: committed on success,
    rolled back otherwise, and the connection closed. Shared by the user store and the verval store."""
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


@contextlib.contextmanager
def reading(path: str | os.PathLike) -> Iterator[sqlite3.Connection]:
    """A connection for reading an existing store."""
    con = connect(path, create=False)
    try:
        yield con
    finally:
        con.close()
