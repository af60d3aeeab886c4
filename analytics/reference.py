"""Reference data shipped in data/reference: the region's areas, official lines, BPS figures.

The region (the kabupaten or kota the product serves) is data, not code: the setting
``KEMISKINAN_REGION`` names it by its Kemendagri code, and without it the region is the one
whose desa and kelurahan ``data/reference/kelurahan.csv`` lists (the demo's, Kota Bontang).
Names, kecamatan and areas come from the national gazetteer (:mod:`analytics.gazetteer`);
the shipped region's file adds the spellings seen in its exports, and any other region takes
its areas' label points and sizes from its province's boundary file
(``data/geo/wilayah_boundaries/``), or none when its province is not shipped.
"""

import gzip
import json
import os
import re
from functools import cache
from pathlib import Path

import pandas as pd

from analytics import gazetteer
from analytics.errors import ConfigError, DataError
from analytics.paths import DATA_DIR, REFERENCE_DIR
from analytics.settings import region_setting

PROVINCE_BOUNDARIES_DIR = DATA_DIR / "geo" / "wilayah_boundaries"
AREA_COLUMNS = ["kode", "nama", "kode_kecamatan", "kecamatan", "centroid_lon", "centroid_lat", "area_km2"]


@cache
def _shipped_kelurahan() -> pd.DataFrame:
    df = pd.read_csv(REFERENCE_DIR / "kelurahan.csv", dtype={"kode": str, "kode_kecamatan": str})
    df["variants"] = df["variants"].fillna("").str.split("|")
    return df


@cache
def shipped_region_code() -> str:
    """The region of ``data/reference/kelurahan.csv``: '64.74'."""
    code = gazetteer.region_of(_shipped_kelurahan()["kode"])
    if code is None:
        raise DataError("data/reference/kelurahan.csv tidak memuat satu pun kode desa/kelurahan Kemendagri.")
    return code


def _configured_region() -> str:
    try:
        return region_setting(os.environ) or shipped_region_code()
    except ConfigError:
        # settings() raises the same error, and the dashboard and the command line call it
        # before they run anything, so no figure is ever shown for this stand-in.
        return shipped_region_code()


#: The kabupaten/kota the product serves (module docstring).
REGION = gazetteer.region(_configured_region())
REGION_CODE = REGION.kode
REGION_NAME = REGION.nama


@cache
def load_kelurahan() -> pd.DataFrame:
    """The region's desa and kelurahan: kode, nama, kode_kecamatan, kecamatan, centroid_lon,
    centroid_lat, area_km2 (NaN when unknown), variants (other spellings) and jenis ('desa' or
    'kelurahan'), in code order."""
    if REGION_CODE == shipped_region_code():
        areas = _shipped_kelurahan().copy()
    else:
        areas = gazetteer.areas(REGION_CODE).merge(_label_points(REGION_CODE), on="kode", how="left")
        areas["variants"] = [[] for _ in range(len(areas))]
    kinds = gazetteer.areas(REGION_CODE).set_index("kode")["jenis"]
    areas["jenis"] = areas["kode"].map(kinds)
    return areas[[*AREA_COLUMNS, "variants", "jenis"]]


@cache
def _region_features(code: str) -> tuple[dict, ...] | None:
    """The GeoJSON features of a region's areas in its province's boundary file (read once);
    None when the province is not shipped."""
    path = PROVINCE_BOUNDARIES_DIR / f"{code.split('.')[0]}.geojson.gz"
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as f:
        features = json.load(f)["features"]
    return tuple(f for f in features if f["properties"]["kode"].startswith(code + "."))


def _label_points(code: str) -> pd.DataFrame:
    """kode, centroid_lon, centroid_lat, area_km2 of a region's areas from its province's
    boundary file; empty when the province is not shipped."""
    columns = ["kode", "centroid_lon", "centroid_lat", "area_km2"]
    features = _region_features(code)
    if features is None:
        return pd.DataFrame(columns=columns).astype({"kode": str, "centroid_lon": float, "centroid_lat": float})
    rows = [f["properties"] for f in features]
    table = pd.DataFrame(rows, columns=["kode", "lng", "lat", "area_km2"])
    return table.rename(columns={"lng": "centroid_lon", "lat": "centroid_lat"})[columns]


#: Margin around the region's polygons within which a dwelling still counts as inside it
#: (about 3 km; degrees at the equator).
EXTENT_MARGIN_DEG = 0.027


@cache
def region_extent() -> dict[str, tuple[float, float]] | None:
    """The region's extent with a margin of about 3 km, ``{"lon": (min, max), "lat": (min,
    max)}``, from its desa/kelurahan polygons in its province's boundary file; None when the
    province does not ship (a dwelling's coordinates are then not checked)."""
    features = _region_features(REGION_CODE)
    if features is None:
        return None
    points = [
        point
        for feature in features
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
        for point in ring
    ]
    if not points:
        return None
    lon, lat = zip(*points, strict=True)
    m = EXTENT_MARGIN_DEG
    return {"lon": (min(lon) - m, max(lon) + m), "lat": (min(lat) - m, max(lat) + m)}


@cache
def load_kecamatan() -> pd.DataFrame:
    """The region's kecamatan: kode, nama, population_2024 (the shipped region's; else empty)."""
    if REGION_CODE == shipped_region_code():
        return pd.read_csv(REFERENCE_DIR / "kecamatan.csv", dtype={"kode": str})
    return gazetteer.kecamatan(REGION_CODE).assign(population_2024=pd.NA).astype({"population_2024": "Int64"})


def database_region(con) -> str | None:
    """The kabupaten/kota whose areas a database's gazetteer table holds (the region it was
    imported for), or None when it holds none."""
    # Imported here: analytics.sql loads DuckDB, and this module is read before the dashboard's
    # first paint (the style that hides Streamlit's page-file menu must come at once).
    from analytics import sql

    if not sql.table_columns(con, "kelurahan"):
        return None  # not an imported database (the callers check its tables themselves)
    codes = pd.Series([kode for (kode,) in sql.rows(con, "reference/kelurahan_codes")], dtype=object)
    return gazetteer.region_of(codes)


def check_database_region(con, where: str) -> None:
    """:class:`DataError` in Indonesian when the database at ``where`` was imported for another
    region than the one set."""
    found = database_region(con)
    if found is not None and found != REGION_CODE:
        other = gazetteer.region(found)
        raise DataError(
            f"Basis data {where} berisi data {other.nama} ({found}), sedangkan dasbor disetel untuk {REGION_NAME} "
            f"({REGION_CODE}). Setel KEMISKINAN_REGION={found} untuk membukanya, atau pilih basis data {REGION_NAME}."
        )


def slug(text: str) -> str:
    """Text as part of a file name: 'Kota Bontang' -> 'kota-bontang'."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


#: The region in file names: 'bontang'.
REGION_SLUG = slug(REGION.short_name)
#: What the region's areas are called in text and as a column title: 'kelurahan' and
#: 'Kelurahan' in a kota, 'desa/kelurahan' and 'Desa/Kelurahan' in a kabupaten of both.
UNIT = REGION.unit
UNIT_TITLE = "/".join(part.capitalize() for part in UNIT.split("/"))
#: What the region is in a sentence: "angka kota", "angka kabupaten"; "Pemerintah Kota".
REGION_KIND = REGION.jenis
REGION_KIND_TITLE = REGION_KIND.capitalize()


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
    """The region's poverty series, one row per year (see :func:`read_bps_poverty`); a region
    the file has no rows for takes its province's lines (:func:`province_lines`)."""
    series = read_bps_poverty(REFERENCE_DIR / "bps_poverty.csv", REGION_CODE)
    return series if not series.empty else province_lines()


def read_bps_poverty(path, region: str | None = None) -> pd.DataFrame:
    """Read the long ``bps_poverty.csv`` (region, year, measure, value, kind, source) into one
    row per year of ``region`` (default: the region set).

    ``region`` is the kabupaten/kota's Kemendagri code (``64.74`` or ``6474``); a file without
    that column is read as the region's own. Columns year, poverty_line, poverty_line_status
    ('official' | 'estimated'), poor_persons, p0_pct, p1_bps, p2_bps and, for each of those
    measures, ``<measure>_kind`` and ``<measure>_source``. A value BPS did not publish has no
    row and stays NaN (never filled); a region without rows gives no rows. Raises
    :class:`DataError` (every problem named) for a value without a kind or a source, an unknown
    measure or kind, a kind the measure may not have, a repeated value or a year without a
    poverty line.
    """
    long = pd.read_csv(path, dtype={"kind": str, "source": str, "region": str})
    name = Path(path).name
    missing = [c for c in _COLUMNS if c not in long.columns]
    if missing:
        raise DataError(f"{name}: kolom {', '.join(missing)} tidak ada (harus: {', '.join(_COLUMNS)}).")
    if "region" in long.columns:
        # The row numbers of the messages stay those of the file: the index is kept.
        codes = long["region"].fillna("").str.replace(".", "", regex=False)
        long = long[codes == (region or REGION_CODE).replace(".", "")].drop(columns="region")
    problems = _reference_problems(long, name)
    if problems:
        raise DataError(problems)
    return _one_row_per_year(long)


def province_lines() -> pd.DataFrame:
    """The poverty lines of the region's province (``poverty_comparison.csv``, the shipped
    file) as the region's, marked estimate: a region whose own BPS series is not in
    ``bps_poverty.csv`` still needs a line for every year to count its poor, and every page
    says the line is estimated; its P0, P1, P2 and poor persons stay NaN ("belum tersedia")."""
    table = pd.read_csv(REFERENCE_DIR / "poverty_comparison.csv", dtype=str)
    rows = table[(table["region"] == REGION.kode_provinsi) & (table["measure"] == "poverty_line")]
    source = (
        f"Garis kemiskinan Provinsi {REGION.nama_provinsi} (" + rows["source"] + f"), dipakai karena garis "
        f"{REGION_NAME} belum tersedia di data/reference/bps_poverty.csv"
    )
    long = pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "measure": "poverty_line",
            "value": rows["value"].astype(float),
            "kind": "estimate",
            "source": source,
        }
    )
    return _one_row_per_year(long)


def _one_row_per_year(long: pd.DataFrame) -> pd.DataFrame:
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


def _examples() -> tuple[str, str, str]:
    """Codes that messages give as examples, from the region's own areas: a kecamatan (the
    second, when there is one) and the last area of the first kecamatan, with its name."""
    kecamatan, areas = load_kecamatan()["kode"], load_kelurahan()
    first = areas[areas["kode_kecamatan"] == kecamatan.iloc[0]].iloc[-1]
    return kecamatan.iloc[min(1, len(kecamatan) - 1)], first["kode"], first["nama"]


#: Example codes for messages and help texts ('64.74.02', '64.74.01.1006', 'Api-Api').
EXAMPLE_KECAMATAN, EXAMPLE_KELURAHAN, EXAMPLE_KELURAHAN_NAME = _examples()
