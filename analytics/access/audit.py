"""The audit log: append-only, and tamper-evident as a hash chain.

Every entry carries ``prev_hash`` (the chain value of the entry before it) and
``entry_hash`` = HMAC-SHA256 under the audit key of ``prev_hash`` and the entry's own fields.
SQLite triggers refuse changes and deletions; someone with the file can still drop the
triggers, edit, delete or insert rows, but without the audit key (kept outside the data
folder, :func:`analytics.access.keys.audit_key`) cannot recompute the chain, so
:func:`verify_chain` finds the first entry that no longer fits. Removing the newest entries
leaves a shorter valid chain: the head outside the database (:mod:`analytics.access.audit_head`:
the count, the newest chain value and digests of the users and verval stores) catches that,
a deletion of everything, an entry put before the first, and a changed account or verval record.

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
from analytics.access import audit_head
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
    _advance_head(con, prev_hash, entry["entry_hash"])


def _advance_head(con: sqlite3.Connection, prev_hash: str, entry_hash: str) -> None:
    """Move the head outside the database onto the new entry, before the caller commits; only
    from the head it continues: after tampering the head stays where it was, so the loss keeps
    being reported instead of being recorded as the new normal."""
    store = Path(sql.row(con, "access/store_file")[0])
    count = sql.row(con, "access/audit_count")[0]
    head = audit_head.read_head(store)
    if isinstance(head, str):
        return
    if head is not None and (head.count != count - 1 or head.hash != prev_hash):
        return
    audit_head.write_head(store, audit_head.current(con, store, count, entry_hash))


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
        return self.reason is None

    @property
    def message(self) -> str:
        if not self.ok and self.broken_id is None:
            return f"Log audit RUSAK: {self.reason}."
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
        if entry_id is None or entry_id <= 0:
            return ChainCheck(len(rows), verified, unverified, entry_id, "nomor catatan tidak sah (disisipkan)")
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
    return ChainCheck(len(rows), verified, unverified, None, _against_head(Path(path), rows))


def _against_head(store: Path, rows: list[tuple]) -> str | None:
    """What the store lost or changed since the head outside the database was written (None:
    nothing, or no head recorded yet: an older installation's first entry writes it)."""
    head = audit_head.read_head(store)
    if head is None or isinstance(head, str):
        return head
    if len(rows) < head.count:
        return (
            f"log audit berisi {len(rows)} catatan, padahal kepala rantai di luar database mencatat "
            f"{head.count}: {head.count - len(rows)} catatan terbaru atau lebih telah dihapus"
        )
    if rows[head.count - 1][7] != head.hash:
        return f"catatan ke-{head.count} bukan yang tercatat di kepala rantai (catatan dihapus atau disisipkan)"
    if len(rows) > head.count:
        return f"{len(rows) - head.count} catatan sesudah kepala rantai tidak tercatat di luar database (disisipkan)"
    with reading(store) as con:
        users_now = audit_head.current(con, store, head.count, head.hash)
    if users_now.users != head.users:
        return "tabel pengguna (akun, peran atau kata sandi) diubah di luar dasbor sesudah catatan audit terakhir"
    if users_now.verval != head.verval:
        return (
            "catatan verval (kunjungan, persetujuan atau ekspor) diubah di luar dasbor sesudah catatan audit terakhir"
        )
    return None
