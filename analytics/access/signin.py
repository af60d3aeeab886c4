"""Checking a sign-in: the lockout per user name and the limit per client address, serialised.

A sign-in is three steps: read how many recent failures the user name (and the client
address) has, check the password (scrypt, about 0,15 s), record the outcome. Run side by
side, a burst of requests would all read "4 failures" before any of them recorded its own,
and every one would get its guess checked. So the three steps of one user name run one at
a time: a lock per user name, in the process (threads: the dashboard) and across processes
(a byte-range lock on ``<store>.lock``, at an offset derived from the name). The client
address is locked the same way, before the user name (always in that order: no deadlock).

After ``KEMISKINAN_MAX_FAILED_SIGN_INS`` failures of one user name within the lockout window,
that name is refused (even with the right password) until the window has passed; after
``KEMISKINAN_MAX_FAILED_SIGN_INS_PER_ADDRESS`` failures from one client address (any names),
that address is refused the same way. Every outcome is in the audit log: ``masuk``,
``masuk_gagal`` (with the address) or ``masuk_diblokir``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analytics.access import audit, users
from analytics.access.passwords import hash_password, verify_password
from analytics.access.scope import User
from analytics.settings import settings

_GUARD = threading.Lock()
_THREAD_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOCK_SPAN = 1 << 30


@dataclass(frozen=True)
class SignIn:
    """The outcome: ``user`` when signed in; else why not (``blocked``: the user name or the
    address is locked, the password was not checked)."""

    user: User | None
    blocked: str | None = None  # 'account' | 'address'


@cache
def _dummy_hash() -> str:
    return hash_password("pengguna-tidak-dikenal")


def _thread_lock(path: Path, key: str) -> threading.Lock:
    with _GUARD:
        return _THREAD_LOCKS.setdefault((str(path), key), threading.Lock())


@contextlib.contextmanager
def serialised(path: str | os.PathLike, key: str) -> Iterator[None]:
    """Hold the lock of ``key`` for the user store ``path`` (threads and processes)."""
    path = Path(path)
    lock_file = path.with_name(path.name + ".lock")
    offset = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % _LOCK_SPAN
    with _thread_lock(path, key):
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX, 1, offset)
            try:
                yield
            finally:
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, offset)
        finally:
            os.close(fd)


def _check(path: Path, typed: str, password: str) -> User | None:
    row = users.credentials(path, typed)
    if row is None:
        # An unknown user costs the same scrypt work as a known one: timing does not reveal
        # which accounts exist.
        verify_password(password if isinstance(password, str) else "", _dummy_hash())
        return None
    return User(row[0], row[2], row[3]) if verify_password(password, row[1]) else None


def _blocked(path: Path, typed: str, address: str | None) -> str | None:
    config = settings()
    if address and users.recent_failures_from(path, address) >= config.max_failed_per_address:
        return "address"
    if typed and users.recent_failures(path, typed) >= config.max_failed_sign_ins:
        return "account"
    return None


def sign_in(
    path: str | os.PathLike, username: str, password: str, address: str | None = None, *, audit_log: bool = True
) -> SignIn:
    """Check ``username`` and ``password`` against the store ``path``, one attempt per user name
    (and per client ``address``) at a time; record the outcome unless ``audit_log`` is False."""
    path = Path(path)
    typed = username.strip().lower()[:64] if isinstance(username, str) else ""
    if not path.exists():
        return SignIn(_check(path, typed, password))  # no accounts: nothing to count or record
    where = {"alamat": address} if address else {}
    with contextlib.ExitStack() as stack:
        if address:
            stack.enter_context(serialised(path, f"alamat:{address}"))
        stack.enter_context(serialised(path, f"pengguna:{typed}"))
        blocked = _blocked(path, typed, address)
        if blocked:
            if audit_log:
                _record(path, typed or None, None, "masuk_diblokir", {**where, "sebab": blocked})
            return SignIn(None, blocked)
        user = _check(path, typed, password)
        if audit_log:
            if user is None:
                _record(path, typed or None, None, "masuk_gagal", where)
            else:
                _record(path, user.username, user.role, "masuk", {**where, "kelurahan": user.kelurahan})
    return SignIn(user)


def _record(path: Path, username, role, action: str, detail: dict) -> None:
    audit.record(path, username, role, action, **detail)
