"""Reference data shipped in data/reference: gazetteer, official lines, BPS figures."""

import re
from functools import cache
from pathlib import Path

import pandas as pd

from analytics.errors import DataError
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


#: What a reference value is: a BPS release (or BPS as quoted by the press), a statement of
#: the city government (Pemkot) that BPS has not released, or this project's own estimate.
REFERENCE_KINDS = ("bps", "pemkot", "estimate")
#: The measures of ``bps_poverty.csv`` (long form: one row per value) and the kinds each may have.
#: P0, P1, P2 and poor persons are never estimated here; a line is BPS's or estimated.
REFERENCE_MEASURES = {
    "poverty_line": ("bps", "estimate"),
    "poor_persons": ("bps", "pemkot"),
    "p0_pct": ("bps", "pemkot"),
    "p1_bps": ("bps", "pemkot"),
    "p2_bps": ("bps", "pemkot"),
}
_COLUMNS = ("year", "measure", "value", "kind", "source")


@cache
def load_bps_poverty() -> pd.DataFrame:
    """The city's poverty series, one row per year (see :func:`read_bps_poverty`)."""
    return read_bps_poverty(REFERENCE_DIR / "bps_poverty.csv")


def read_bps_poverty(path) -> pd.DataFrame:
    """Read the long ``bps_poverty.csv`` (year, measure, value, kind, source) into one row per year.

    Columns year, poverty_line, poverty_line_status ('official' | 'estimated'), poor_persons,
    p0_pct, p1_bps, p2_bps and, for each of those measures, ``<measure>_kind`` and
    ``<measure>_source``. A value BPS did not publish has no row and stays NaN (never filled).
    Raises :class:`DataError` (every problem named) for a value without a kind or a source, an
    unknown measure or kind, a kind the measure may not have, a repeated value or a year without
    a poverty line.
    """
    long = pd.read_csv(path, dtype={"kind": str, "source": str})
    name = Path(path).name
    missing = [c for c in _COLUMNS if c not in long.columns]
    if missing:
        raise DataError(f"{name}: kolom {', '.join(missing)} tidak ada (harus: {', '.join(_COLUMNS)}).")
    problems = _reference_problems(long, name)
    if problems:
        raise DataError(problems)
    wide = long.pivot(index="year", columns="measure", values=["value", "kind", "source"])
    out = pd.DataFrame({"year": wide.index.astype(int)})
    for measure in REFERENCE_MEASURES:
        for part, suffix in (("value", ""), ("kind", "_kind"), ("source", "_source")):
            column = wide[(part, measure)] if (part, measure) in wide.columns else pd.Series(index=wide.index)
            out[measure + suffix] = column.to_numpy()
        out[measure] = pd.to_numeric(out[measure])
    out.insert(2, "poverty_line_status", out["poverty_line_kind"].map({"bps": "official", "estimate": "estimated"}))
    return out


def _reference_problems(long: pd.DataFrame, name: str) -> list[str]:
    """One Indonesian sentence per bad row of the long reference file."""
    problems = []
    for i, row in long.iterrows():
        where = f"{name} baris {i + 2} ({row['measure']} {row['year']})"
        kind, source = row["kind"], row["source"]
        if row["measure"] not in REFERENCE_MEASURES:
            problems.append(f"{where}: ukuran tidak dikenal (harus: {', '.join(REFERENCE_MEASURES)}).")
            continue
        if pd.isna(pd.to_numeric(row["value"], errors="coerce")):
            problems.append(f"{where}: nilai kosong atau bukan angka ({row['value']!r}).")
        if pd.isna(kind) or not str(kind).strip():
            problems.append(f"{where}: jenis angka (kolom kind) kosong; isi {', '.join(REFERENCE_KINDS)}.")
        elif kind not in REFERENCE_MEASURES[row["measure"]]:
            allowed = ", ".join(REFERENCE_MEASURES[row["measure"]])
            problems.append(f"{where}: jenis {kind!r} tidak boleh untuk ukuran ini (harus: {allowed}).")
        if pd.isna(source) or not str(source).strip():
            problems.append(f"{where}: sumber angka (kolom source) kosong; setiap angka harus menyebut sumbernya.")
    repeated = long[long.duplicated(["year", "measure"], keep=False)]
    for (year, measure), _ in repeated.groupby(["year", "measure"]):
        problems.append(f"{name}: {measure} tahun {year} tercantum lebih dari sekali.")
    lines = set(long.loc[long["measure"] == "poverty_line", "year"])
    for year in sorted(set(long["year"]) - lines):
        problems.append(f"{name}: tahun {year} tanpa garis kemiskinan (poverty_line).")
    return problems


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
