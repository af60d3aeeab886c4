"""Reference data shipped in data/reference: gazetteer, official lines, BPS figures."""

import re
from functools import cache

import pandas as pd

from analytics.paths import REFERENCE_DIR

CITY_CODE = "64.74"
CITY_NAME = "Kota Bontang"


@cache
def load_kelurahan() -> pd.DataFrame:
    """The 15 kelurahan: kode, nama, kode_kecamatan, kecamatan, centroid, area, variants."""
    df = pd.read_csv(REFERENCE_DIR / "kelurahan.csv", dtype={"kode": str, "kode_kecamatan": str})
    df["variants"] = df["variants"].fillna("").str.split("|")
    return df


@cache
def load_kecamatan() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "kecamatan.csv", dtype={"kode": str})


@cache
def load_bps_poverty() -> pd.DataFrame:
    """Official BPS series; blank P0/P1/P2 stay NaN (never filled)."""
    return pd.read_csv(REFERENCE_DIR / "bps_poverty.csv")


@cache
def load_extreme_line() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "extreme_line.csv")


def normalize_name(name: str) -> str:
    """Fold a region name to a comparison key: upper case, letters and digits only.

    >>> normalize_name(" Api-api ")
    'APIAPI'
    >>> normalize_name("Tg. Laut")
    'TGLAUT'
    """
    return re.sub(r"[^0-9A-Z]", "", str(name).upper())


@cache
def kelurahan_name_index() -> dict[str, str]:
    """Normalised official name or known variant -> Kemendagri code."""
    index = {}
    for row in load_kelurahan().itertuples():
        for spelling in [row.nama, *row.variants]:
            if spelling:
                index[normalize_name(spelling)] = row.kode
    return index


def normalize_region_code(code) -> str | None:
    """Return the dotted 10-digit Kemendagri code for any accepted spelling, else None.

    >>> normalize_region_code("6474011001")
    '64.74.01.1001'
    >>> normalize_region_code("64.74.01.1001")
    '64.74.01.1001'
    >>> normalize_region_code("64.74.01.100") is None
    True
    """
    digits = re.sub(r"[^0-9]", "", str(code))
    if len(digits) != 10:
        return None
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
