"""The audit log: append-only, and tamper-evident as a hash chain.

Every entry carries ``prev_hash`` (the chain value of the entry before it) and
``entry_hash`` = HMAC-SHA256 under the audit key of ``prev_hash`` and the entry's own fields.
SQLite triggers refuse changes and deletions; someone with the file can still drop the
triggers, edit, delete or insert rows, but without the audit key (kept outside the data
folder, :func:`analytics.access.keys.audit_key`) cannot recompute the chain, so
:func:`verify_chain` finds the first entry that no longer fits. Removing the newest entries
leaves a shorter valid chain: compare the count with an earlier verification (the Log Audit
page and ``python -m analytics users verify-audit`` print it).

Entries written before the chain existed (an older store) have no hash: they may only come
before the first chained entry and are reported as unverified.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access.keys import audit_key
from analytics.access.store import now, reading, transaction

GENESIS = "0" * 64
COLUMNS = ["id", "at", "username", "role", "action", "detail_json"]


def _digest(key: bytes, prev_hash: str, at, username, role, action, detail_json) -> str:
    body = json.dumps([prev_hash, at, username, role, action, detail_json], ensure_ascii=False)
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def append(con: sqlite3.Connection, username: str | None, role: str | None, action: str, detail: dict) -> None:
    """Append one entry inside the caller's write transaction, chained onto the newest entry."""
    if not isinstance(action, str) or not action:
        raise ValueError("Aksi audit tidak boleh kosong.")
    detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    last = sql.row(con, "access/last_audit_hash")
    prev_hash = last[0] if last is not None and last[0] else GENESIS
    at = now()
    entry = {
        "at": at,
        "username": username,
        "role": role,
        "action": action,
        "detail_json": detail_json,
        "prev_hash": prev_hash,
        "entry_hash": _digest(audit_key(), prev_hash, at, username, role, action, detail_json),
    }
    sql.execute(con, "access/append_audit", entry)


def record(path: str | os.PathLike, username: str | None, role: str | None, action: str, **detail) -> None:
    """Append one audit entry: who (``username``, ``role``), what (``action``) and ``detail`` as JSON.

    Views and downloads of household lists use e.g. ``action="lihat_rumah_tangga"`` with
    ``kelurahan=…, jumlah=…``.
    """
    with transaction(path, create=True) as con:
        append(con, username, role, action, detail)


def _rows(path: str | os.PathLike) -> list[tuple]:
    if not Path(path).exists():
        return []
    with reading(path) as con:
        return sql.rows(con, "access/audit_log")


def read_audit(path: str | os.PathLike) -> pd.DataFrame:
    """The audit log, oldest first: ``id, at, username, role, action, detail_json``."""
    return pd.DataFrame([r[:6] for r in _rows(path)], columns=COLUMNS)


@dataclass(frozen=True)
class ChainCheck:
    """The result of :func:`verify_chain`: ``broken_id`` is the first entry that does not fit
    (None when the chain is whole)."""

    entries: int
    verified: int
    unverified: int  # entries written before the chain existed
    broken_id: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    @property
    def message(self) -> str:
        if not self.ok:
            return (
                f"Rantai log audit RUSAK pada catatan #{self.broken_id}: {self.reason}. Catatan ini atau "
                "catatan sebelumnya telah diubah, dihapus atau disisipkan di luar dasbor."
            )
        text = f"Rantai log audit utuh: {self.verified} catatan terverifikasi"
        if self.unverified:
            text += f" ({self.unverified} catatan lama dari sebelum rantai dibuat tidak dapat diverifikasi)"
        return text + "."


def verify_chain(path: str | os.PathLike, key: bytes | None = None) -> ChainCheck:
    """Walk the log oldest first and return where the chain first breaks, if it does."""
    key = audit_key() if key is None else key
    rows = _rows(path)
    prev, verified, unverified = GENESIS, 0, 0
    for entry_id, at, username, role, action, detail_json, prev_hash, entry_hash in rows:
        if entry_hash is None:
            if verified:
                return ChainCheck(len(rows), verified, unverified, entry_id, "catatan tanpa nilai rantai")
            unverified += 1
            continue
        if prev_hash != prev:
            return ChainCheck(len(rows), verified, unverified, entry_id, "tidak tersambung ke catatan sebelumnya")
        if not hmac.compare_digest(_digest(key, prev, at, username, role, action, detail_json), entry_hash):
            reason = "isi catatan tidak cocok dengan nilai rantainya"
            return ChainCheck(len(rows), verified, unverified, entry_id, reason)
        prev, verified = entry_hash, verified + 1
    return ChainCheck(len(rows), verified, unverified, None, None)
