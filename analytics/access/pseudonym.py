"""Keyed NIK pseudonyms (HMAC-SHA256) and masked NIK display.

The key never goes into the database: it comes from the environment variable
``KEMISKINAN_NIK_KEY`` (hex) or from a key file (default ``var/nik.key``, hex text, mode
0600, created with 32 random bytes when missing). The same NIK and key always give the
same pseudonym, so aggregates and links can join on it; without the key a pseudonym
cannot be turned back into a NIK by trying all NIKs.

>>> key = bytes(32)
>>> pseudonymise("6474010101800001", key) == pseudonymise("6474010101800001", key)
True
>>> pseudonymise(None, key) is None
True
>>> mask_nik("6474010101800001")
'647401**********'
>>> mask_nik("6.47401E+15")
'–'
>>> mask_identifier_text("'6474 0101 0180 0001")
"'6474 01** **** ****"
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

import pandas as pd

from analytics.access.keys import named_key

KEY_ENV = "KEMISKINAN_NIK_KEY"
_NIK = re.compile(r"[0-9]{16}")
NO_NIK = "–"


def nik_key(path: str | os.PathLike | None = None) -> bytes:
    """The pseudonymisation key: ``$KEMISKINAN_NIK_KEY`` (hex) if set, else the key file.

    A missing key file is created (32 random bytes as hex, mode 0600, folders as needed).
    An existing key file readable by group or others is refused, like ssh does
    (:func:`analytics.access.keys.load_key`).
    """
    return named_key("nik", path, "Kunci NIK")


def pseudonymise(nik: str | None, key: bytes) -> str | None:
    """HMAC-SHA256 of the NIK under ``key`` as 64 hex characters; None for None.

    The NIK is used exactly as given (pass the cleaned 16-digit form).
    """
    if nik is None or (not isinstance(nik, str) and pd.isna(nik)):
        return None
    return hmac.new(key, str(nik).encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonymise_series(niks: pd.Series, key: bytes) -> pd.Series:
    """:func:`pseudonymise` over a Series (missing values stay None), same index, dtype object."""
    base = hmac.new(key, digestmod=hashlib.sha256)
    cache: dict[str, str] = {}

    def one(value) -> str | None:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        text = str(value)
        if text not in cache:
            mac = base.copy()
            mac.update(text.encode("utf-8"))
            cache[text] = mac.hexdigest()
        return cache[text]

    return pd.Series([one(v) for v in niks], index=niks.index, dtype=object, name=niks.name)


def mask_nik(nik: str | None) -> str:
    """The first 6 digits (the kecamatan code) then 10 ``*``; anything but 16 digits gives ``–``."""
    if not isinstance(nik, str) or not _NIK.fullmatch(nik):
        return NO_NIK
    return nik[:6] + "*" * 10


_DIGIT = re.compile(r"[0-9]")
# Fewer digits than this cannot hold a NIK or No KK (16 digits) even after damage, and
# keeping them readable shows the kind of damage ("6.47401E+15", "12345").
_MIN_DIGITS_TO_MASK = 10


def mask_identifier_text(text: str | None) -> str | None:
    """A raw NIK or No KK cell as written, with every digit after the 6th replaced by ``*``.

    For messages about damaged identifiers: separators and apostrophes stay visible (they
    explain the damage), the person does not. Text with fewer than 10 digits is returned
    unchanged; None stays None.

    >>> mask_identifier_text("6474014303820000.0")
    '647401**********.*'
    >>> mask_identifier_text("6.47401E+15")
    '6.47401E+15'
    """
    if text is None:
        return None
    text = str(text)
    if len(_DIGIT.findall(text)) < _MIN_DIGITS_TO_MASK:
        return text
    seen = 0

    def one(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= 6 else "*"

    return _DIGIT.sub(one, text)
