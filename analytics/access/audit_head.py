"""The audit chain's head, kept outside the database: what a shorter or rewritten store betrays.

A hash chain alone shows an entry edited in the middle; it does not show the newest 40 entries
deleted, all of them deleted, a forged entry put before the first one, or a change to the
accounts or the verval records (they are not in the chain). After every audit entry the head
file records, under an HMAC of the audit key:

- the number of entries and the chain value of the newest one;
- a digest of the users table (accounts, roles, kelurahan, password hashes) and of every table of
  the verval store (records, approvals, exports, Dinas Sosial imports) as they are after it.

Every legitimate change of an account or a verval record writes an audit entry, so the
digests move with them. :func:`check_head` compares the store with the head: fewer entries,
the head's entry no longer where it was, or a table that changed without an entry each say
what happened. The head lives beside the audit key (``~/.config/kemiskinan/`` by default),
named after the store's path, so a copy of the data folder does not carry it and whoever can
edit the store cannot rewrite the head without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from analytics import sql
from analytics.access.keys import audit_key, key_file
from analytics.settings import settings

USERS_TABLES = ("users",)
VERVAL_TABLES = (
    "verval_record",
    "verval_export",
    "verval_dinsos_import",
    "verval_dinsos_area",
    "verval_dinsos_record",
)


@dataclass(frozen=True)
class Head:
    count: int
    hash: str
    users: str
    verval: str


def head_path(store: str | os.PathLike) -> Path:
    """The head file of the user store ``store``: beside the audit key, named by its path."""
    folder = key_file("audit", settings()).parent
    name = hashlib.sha256(str(Path(store).resolve()).encode("utf-8")).hexdigest()[:24]
    return folder / f"audit-head-{name}.json"


def _verval_path(store: Path) -> Path:
    name = store.name.removesuffix(".users.sqlite")
    return store.with_name(f"{name}.verval.sqlite")


def _digest(con: sqlite3.Connection, tables: tuple[str, ...]) -> str:
    found = {r[0] for r in sql.rows(con, "access/store_tables")}
    body = hashlib.sha256()
    for table in tables:
        if table in found:
            rows = sql.rows(con, "access/table_rows", table=table)
            body.update(json.dumps([table, rows], default=str, ensure_ascii=False).encode("utf-8"))
    return body.hexdigest()


def verval_digest(store: Path) -> str:
    path = _verval_path(store)
    if not path.exists():
        return _digest(sqlite3.connect(":memory:"), ())
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _digest(con, VERVAL_TABLES)
    finally:
        con.close()


def _mac(head: Head) -> str:
    body = json.dumps([head.count, head.hash, head.users, head.verval])
    return hmac.new(audit_key(), body.encode("utf-8"), hashlib.sha256).hexdigest()


def current(con: sqlite3.Connection, store: Path, count: int, last_hash: str) -> Head:
    """The head after the newest entry, read inside the writer's transaction ``con``."""
    return Head(count, last_hash, _digest(con, USERS_TABLES), verval_digest(store))


def write_head(store: str | os.PathLike, head: Head) -> None:
    """Replace the head file atomically (mode 0600)."""
    path = head_path(store)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({**head.__dict__, "mac": _mac(head), "store": str(Path(store).resolve())}, out)
    os.replace(tmp, path)


def read_head(store: str | os.PathLike) -> Head | None | str:
    """The recorded head; None when none was recorded; a reason (text) when it was forged."""
    path = head_path(store)
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        head = Head(int(raw["count"]), str(raw["hash"]), str(raw["users"]), str(raw["verval"]))
    except (ValueError, KeyError, TypeError):
        return "berkas kepala rantai rusak"
    if not hmac.compare_digest(_mac(head), str(raw.get("mac", ""))):
        return "berkas kepala rantai tidak cocok dengan kunci audit (dipalsukan)"
    return head
