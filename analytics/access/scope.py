"""Roles, the household-scope rule the query functions enforce, and signed session tokens.

Roles (exactly these four):

- ``pimpinan``: aggregates and the briefing pack only, never household rows;
- ``analis``: all aggregates and household lists of every kelurahan (NIK masked);
- ``verifikator``: household lists of its one assigned kelurahan (NIK masked);
- ``admin``: everything, plus import and user management.

A query function that returns household rows calls :func:`household_scope` first and uses
the kelurahan it returns; the menu hiding a page is not the protection.

>>> household_scope(User("v", "verifikator", "64.74.01.1006"), None)
'64.74.01.1006'
>>> household_scope(User("a", "analis"), "64.74.01.1001")
'64.74.01.1001'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from analytics.access.keys import MIN_KEY_BYTES
from analytics.errors import AccessDenied, ConfigError
from analytics.reference import UNIT

ROLES = ("pimpinan", "analis", "verifikator", "admin")
HOUSEHOLD_ROLES = frozenset({"analis", "verifikator", "admin"})
QUARANTINE_ROLES = frozenset({"analis", "admin"})
ROLE_LABELS = {
    "pimpinan": "Pimpinan",
    "analis": "Analis",
    "verifikator": "Verifikator",
    "admin": "Administrator data",
}
# A token issued "in the future" by more than this (clock skew between processes) is refused.
_CLOCK_SKEW_S = 60


@dataclass(frozen=True)
class User:
    """A signed-in user. ``kelurahan`` is the Kemendagri code, set only for a verifikator."""

    username: str
    role: str
    kelurahan: str | None = None


def can_see_households(user: User | None) -> bool:
    """True for roles that may see household rows (analis, verifikator, admin).

    >>> can_see_households(User("p", "pimpinan")), can_see_households(User("a", "admin"))
    (False, True)
    """
    return user is not None and user.role in HOUSEHOLD_ROLES


def can_see_quarantine(user: User | None) -> bool:
    """True for roles that may read quarantined rows (names, possibly no valid kelurahan).

    >>> can_see_quarantine(User("a", "analis")), can_see_quarantine(User("v", "verifikator", "64.74.01.1006"))
    (True, False)
    """
    return user is not None and user.role in QUARANTINE_ROLES


def household_scope(user: User | None, kode_kelurahan: str | None) -> str | None:
    """The kelurahan whose household rows ``user`` may see for a request about ``kode_kelurahan``.

    ``kode_kelurahan`` None means "the whole city". Returns the kelurahan code to filter on,
    or None for the whole city (analis and admin only). A verifikator asking for the whole
    city is narrowed to its own kelurahan; asking for another kelurahan raises. A
    pimpinan, an unknown role or no user always raises :class:`AccessDenied`.
    """
    if user is None or user.role not in ROLES:
        raise AccessDenied("Akses ditolak: Anda belum masuk atau peran Anda tidak dikenal.")
    if user.role == "pimpinan":
        raise AccessDenied("Akses ditolak: peran Pimpinan hanya dapat melihat angka agregat, bukan data rumah tangga.")
    if user.role == "verifikator":
        if not user.kelurahan:
            raise AccessDenied(f"Akses ditolak: verifikator ini belum ditugaskan ke {UNIT} mana pun.")
        if kode_kelurahan is None or kode_kelurahan == user.kelurahan:
            return user.kelurahan
        raise AccessDenied(
            f"Akses ditolak: verifikator hanya dapat melihat rumah tangga di {UNIT} tugasnya "
            f"({user.kelurahan}), bukan {kode_kelurahan}."
        )
    return kode_kelurahan


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"Kunci token harus berupa bytes minimal {MIN_KEY_BYTES} byte.")


def _sign(body: str, key: bytes) -> str:
    return _b64e(hmac.new(bytes(key), body.encode("ascii"), hashlib.sha256).digest())


def issue_token(user: User, key: bytes, *, now: float | None = None, epoch: str | None = None) -> str:
    """A signed session token ``payload.signature`` (base64url) naming the user, role and kelurahan.

    The payload holds the issue time (:func:`read_token` enforces the maximum age) and the
    account's session epoch at sign-in (:func:`token_epoch`; the dashboard ends the session
    once the stored epoch differs: a password reset, a role change, a removed account).
    """
    _check_key(key)
    issued = int(time.time() if now is None else now)
    payload = {"u": user.username, "r": user.role, "k": user.kelurahan, "iat": issued, "e": epoch}
    body = _b64e(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{body}.{_sign(body, key)}"


def read_token(token: str, key: bytes, max_age_s: float, *, now: float | None = None) -> User | None:
    """The :class:`User` in ``token``, or None when it is malformed, tampered with or expired.

    The signature is checked (constant time) before the payload is parsed. The role in the
    token is the role at sign-in; callers that must see a role change at once re-read the
    user store.
    """
    _check_key(key)
    if not isinstance(token, str) or token.count(".") != 1:
        return None
    body, signature = token.split(".")
    try:
        body.encode("ascii")
        signature.encode("ascii")
    except UnicodeEncodeError:
        return None
    if not hmac.compare_digest(_sign(body, key), signature):
        return None
    try:
        payload = json.loads(_b64d(body))
        username, role, kelurahan, issued = payload["u"], payload["r"], payload["k"], payload["iat"]
    except (ValueError, binascii.Error, KeyError, TypeError):
        return None
    current = time.time() if now is None else now
    if not isinstance(issued, int) or not isinstance(username, str) or role not in ROLES:
        return None
    if current - issued > max_age_s or issued - current > _CLOCK_SKEW_S:
        return None
    if kelurahan is not None and not isinstance(kelurahan, str):
        return None
    return User(username, role, kelurahan)


def _claim(token: str, name: str):
    try:
        return json.loads(_b64d(token.split(".")[0])).get(name)
    except (ValueError, binascii.Error, TypeError, IndexError, AttributeError):
        return None


def token_issued_at(token: str) -> int | None:
    """The issue time (epoch seconds) in a token that :func:`read_token` has accepted."""
    issued = _claim(token, "iat")
    return issued if isinstance(issued, int) else None


def token_epoch(token: str) -> str | None:
    """The account's session epoch in a token that :func:`read_token` has accepted."""
    epoch = _claim(token, "e")
    return epoch if isinstance(epoch, str) else None
