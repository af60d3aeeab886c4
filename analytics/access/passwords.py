"""Salted, slow password hashes with the standard library's scrypt.

Encoded form: ``scrypt$n$r$p$salt_b64$hash_b64`` (standard base64 with padding). Only this
string is ever stored; the plain password is never written anywhere.

>>> encoded = hash_password("rahasia")
>>> encoded.split("$")[:4]
['scrypt', '16384', '8', '1']
>>> verify_password("rahasia", encoded), verify_password("salah", encoded)
(True, False)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from analytics.errors import InputError

SCHEME = "scrypt"
N = 2**14
R = 8
P = 1
SALT_BYTES = 16
HASH_BYTES = 32
# Bounds on parameters accepted from a stored hash, so a forged entry cannot make
# verification allocate gigabytes or spin for minutes.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
_MAXMEM = 256 * 1024 * 1024


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """Hash ``password`` with a fresh 16-byte random salt; return the encoded string."""
    if not isinstance(password, str) or password == "":
        raise InputError("Kata sandi tidak boleh kosong.")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; False for a wrong password or any malformed hash.

    The digests are compared in constant time (:func:`hmac.compare_digest`).

    >>> verify_password("x", "bukan-hash")
    False
    """
    if not isinstance(password, str) or not isinstance(encoded, str):
        return False
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        n, r, p = (int(x, 10) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return False
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return False
    if not salt or not 16 <= len(expected) <= 64:
        return False
    try:
        actual = _scrypt(password, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)
