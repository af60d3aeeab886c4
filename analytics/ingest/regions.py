"""Region codes as exports write them, and BPS codes through the BPS–Kemendagri crosswalk.

The product joins on Kemendagri codes (``64.74.01.1006``). Exports write them with or
without dots, as integers, or as floats (``6474011006.0``, a number cell that went through
Excel). BPS numbers the same areas otherwise (BPS kecamatan 6474010 is Kemendagri 64.74.02,
Bontang Selatan); ``data/reference/bps_kemendagri.csv`` holds the crosswalk (source in
``data/reference/SOURCES.md``). A BPS kelurahan code is ten digits: the seven of its BPS
kecamatan and three more; it cannot be a Kemendagri kelurahan code, whose seventh digit is 1.
A BPS code without a crosswalk row is reported as such, never read as another area.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from analytics.paths import REFERENCE_DIR
from analytics.reference import REGION_CODE, load_kecamatan, load_kelurahan

CROSSWALK_FILE = REFERENCE_DIR / "bps_kemendagri.csv"
NATIONAL_CROSSWALK_FILE = REFERENCE_DIR / "bps_kemendagri" / "bps_kemendagri.csv.gz"
_FLOAT_TEXT = re.compile(r"^(\d+)\.0+$")


@cache
def crosswalk() -> pd.DataFrame:
    """The region's BPS codes and their Kemendagri codes (``level, kode_bps, nama_bps,
    kode_kemendagri, nama_kemendagri``): the rows of ``data/reference/bps_kemendagri.csv`` (a
    Pemda's own, from BPS's current bridging) and, for the BPS codes that file lacks, the
    national crosswalk's (BPS 2018 semester 1) whose Kemendagri code the 2025 gazetteer still
    has: a code renumbered since would place a family in another area."""
    own = pd.read_csv(CROSSWALK_FILE, dtype=str, keep_default_na=False)
    national = pd.read_csv(NATIONAL_CROSSWALK_FILE, dtype=str, keep_default_na=False)
    current = {"kecamatan": set(load_kecamatan()["kode"]), "kelurahan": set(load_kelurahan()["kode"])}
    inside = national["kode_kemendagri"].str.startswith(REGION_CODE + ".")
    national = national[inside & national["level"].isin(list(current))]
    known = national["kode_kemendagri"].isin(current["kecamatan"] | current["kelurahan"])
    national = national[known & ~national["kode_bps"].isin(own["kode_bps"])]
    return pd.concat([own, national], ignore_index=True)


def _bps_map(level: str) -> dict[str, str]:
    table = crosswalk()
    rows = table[table["level"] == level]
    return dict(zip(rows["kode_bps"], rows["kode_kemendagri"]))


def code_digits(value) -> str:
    """The digits of a region code cell, whatever type Excel gave it.

    >>> [code_digits(v) for v in ["64.74.01.1006", 6474011006.0, "6474011006.0", 6474011006, None]]
    ['6474011006', '6474011006', '6474011006', '6474011006', '']
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)):
        return f"{int(value)}" if float(value).is_integer() else ""
    text = str(value).strip()
    match = _FLOAT_TEXT.match(text)
    if match:
        text = match.group(1)
    return re.sub(r"[^0-9]", "", text)


def dotted(digits: str) -> str:
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"


def kelurahan_codes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Kemendagri kelurahan code per cell (None when unknown) and, apart, the cells that hold
    a BPS kelurahan code the crosswalk does not know.

    >>> codes, bps = kelurahan_codes(pd.Series(["6474011001", "6474010005", 6474031002.0, "6474010099", "x"]))
    >>> codes.tolist(), bps.tolist()
    (['64.74.01.1001', '64.74.02.1001', '64.74.03.1002', None, None], [False, False, False, True, False])
    """
    known = set(load_kelurahan()["kode"])
    bps_kelurahan = _bps_map("kelurahan")
    bps_kecamatan = _bps_map("kecamatan")

    def one(value) -> tuple[str | None, bool]:
        digits = code_digits(value)
        code = dotted(digits) if len(digits) == 10 else None
        if code in known:
            return code, False
        if digits in bps_kelurahan:
            return bps_kelurahan[digits], False
        return None, len(digits) == 10 and digits[:7] in bps_kecamatan

    # A file holds a few dozen distinct codes: classify each once.
    raw = pd.Series(values.to_numpy(dtype=object), index=values.index)
    found = {v: one(v) for v in pd.unique(raw)}
    pairs = raw.map(found)
    codes = pd.Series([p[0] for p in pairs], index=values.index, dtype=object)
    return codes, pd.Series([p[1] for p in pairs], index=values.index, dtype=bool)


def bps_kecamatan(digits: str) -> str | None:
    """Kemendagri kecamatan code of a seven-digit BPS kecamatan code (``6474010`` → ``64.74.02``)."""
    return _bps_map("kecamatan").get(digits)


def bps_kecamatan_map() -> dict[str, str]:
    """Seven-digit BPS kecamatan code -> Kemendagri code, read from the crosswalk now: a reader
    takes it once for a file rather than calling :func:`bps_kecamatan` per row."""
    return _bps_map("kecamatan")


def bps_kecamatan_codes(digits: pd.Series) -> pd.Series:
    """:func:`bps_kecamatan` of every cell (None where unknown), with the crosswalk read once
    for the whole column, not once per row (a DTSEN file has a row per family)."""
    return digits.map(bps_kecamatan_map()).astype(object).where(lambda s: s.notna(), None)
