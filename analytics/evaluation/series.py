"""The poverty series of Kota Bontang, Kalimantan Timur and Indonesia side by side.

The city's figures come from ``data/reference/bps_poverty.csv`` (:mod:`analytics.reference`),
the province's and the country's from ``data/reference/poverty_comparison.csv`` (or a user's
CSV of the same columns, read by :func:`read_comparison`). Every value keeps its kind and its
source; a value no source gave stays NaN, never 0.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analytics.errors import DataError
from analytics.evaluation.files import read_region_file
from analytics.paths import REFERENCE_DIR
from analytics.reference import REGION, REGION_NAME, load_bps_poverty

COMPARISON_FILE = REFERENCE_DIR / "poverty_comparison.csv"
#: BPS province code -> (region key, name): the region's province and Indonesia (BPS code '00').
#: Kemendagri and BPS share the two-digit province codes.
REGIONS = {REGION.kode_provinsi: ("provinsi", REGION.nama_provinsi), "00": ("nasional", "Indonesia")}
#: The order of the regions in every table and chart of the chapter.
REGION_ORDER = ("kota", "provinsi", "nasional")
REGION_NAMES = {"kota": REGION_NAME, **dict(REGIONS.values())}
#: What a comparison value is: a BPS release, BPS's figure as reported in the press, or a
#: figure this project derived from a reported change.
COMPARISON_KINDS = ("bps", "pers", "turunan")
#: The measures of both files (those of analytics.reference.REFERENCE_MEASURES), in table order.
MEASURES = ("p0_pct", "p1_bps", "p2_bps", "poverty_line", "poor_persons")
_COLUMNS = ("region", "year", "measure", "value", "kind", "source")
_PARTS = (("value", ""), ("kind", "_kind"), ("source", "_source"))


@cache
def load_comparison() -> pd.DataFrame:
    """The shipped province and national series (see :func:`read_comparison`); do not modify."""
    return read_comparison(COMPARISON_FILE)


def read_comparison(path) -> pd.DataFrame:
    """Read a long comparison CSV (region, year, measure, value, kind, source) into one row per
    region and year.

    Columns region ('64' or '00'), year and, for each measure of :data:`MEASURES`,
    ``<measure>``, ``<measure>_kind`` and ``<measure>_source``; a value the file does not list
    is NaN. Raises :class:`DataError` naming every bad row: a value without kind or source, an
    unknown region, measure or kind, a year or value that is not a number, a value listed twice.
    """
    name, long = read_region_file(path, _COLUMNS)  # as text: '00' keeps its zeros
    long["region"] = long["region"].map(_region_code)
    problems = _row_problems(long, name) + _repeated(long, name)
    if problems:
        raise DataError(problems)
    long["year"] = long["year"].astype(int)
    long["value"] = pd.to_numeric(long["value"])
    wide = long.pivot(index=["region", "year"], columns="measure", values=["value", "kind", "source"])
    out = wide.index.to_frame(index=False)
    for measure in MEASURES:
        for part, suffix in _PARTS:
            present = (part, measure) in wide.columns
            column = wide[(part, measure)].to_numpy() if present else [None] * len(out)
            out[measure + suffix] = column
        out[measure] = pd.to_numeric(out[measure]).astype(float)
    return out.sort_values(["region", "year"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _region_code(code: str) -> str:
    """'0' -> '00': a spreadsheet drops the leading zero of Indonesia's code."""
    return code.zfill(2) if code.isdigit() else code


def _row_problems(long: pd.DataFrame, name: str) -> list[str]:
    """One Indonesian sentence per problem of each row of the long file."""
    problems = []
    for i, row in long.iterrows():
        where = f"{name} baris {i + 2} ({row['region']} {row['measure']} {row['year']})"
        if row["region"] not in REGIONS:
            problems.append(f"{where}: wilayah {row['region']!r} tidak dikenal (harus: {', '.join(REGIONS)}).")
        if not row["year"].isdigit():
            problems.append(f"{where}: tahun kosong atau bukan angka ({row['year']!r}).")
        if row["measure"] not in MEASURES:
            problems.append(f"{where}: ukuran tidak dikenal (harus: {', '.join(MEASURES)}).")
        value = pd.to_numeric(row["value"], errors="coerce")
        if pd.isna(value):
            problems.append(f"{where}: nilai kosong atau bukan angka ({row['value']!r}).")
        elif value < 0 or (row["measure"] == "p0_pct" and value > 100):
            problems.append(f"{where}: nilai {row['value']} tidak mungkin untuk ukuran ini.")
        if not row["kind"]:
            problems.append(f"{where}: jenis angka (kolom kind) kosong; isi {', '.join(COMPARISON_KINDS)}.")
        elif row["kind"] not in COMPARISON_KINDS:
            problems.append(f"{where}: jenis {row['kind']!r} tidak dikenal (harus: {', '.join(COMPARISON_KINDS)}).")
        if not row["source"]:
            problems.append(f"{where}: sumber angka (kolom source) kosong; setiap angka harus menyebut sumbernya.")
    return problems


def _repeated(long: pd.DataFrame, name: str) -> list[str]:
    repeated = long[long.duplicated(["region", "year", "measure"], keep=False)]
    return [
        f"{name}: {measure} wilayah {region} tahun {year} tercantum lebih dari sekali (baris "
        f"{', '.join(str(i + 2) for i in rows.index)})."
        for (region, year, measure), rows in repeated.groupby(["region", "year", "measure"])
    ]


def position_table(year_to: int, comparison=None) -> pd.DataFrame:
    """One row per year up to ``year_to`` and region (kota, provinsi, nasional, in that order).

    Columns year, region, region_name, the measures of :data:`MEASURES` (P0 in percent, P1
    and P2 on BPS's ×100 scale, the line in Rp per capita per month, poor persons) and their
    ``<measure>_kind`` and ``<measure>_source``. The years are those any region has a value
    for; a value a region lacks is NaN. ``comparison``: None (the shipped file), a path to a
    CSV of the same columns, or a frame from :func:`read_comparison`. The city's kinds are
    those of ``bps_poverty.csv`` (bps, pemkot, estimate).
    """
    other = _comparison(comparison)
    city = load_bps_poverty()
    columns = [measure + suffix for measure in MEASURES for _, suffix in _PARTS]
    city = city[["year", *columns]].assign(region="kota")
    other = other[["year", *columns]].assign(region=other["region"].map(lambda code: REGIONS[code][0]))
    rows = pd.concat([city, other], ignore_index=True)
    rows = rows[rows["year"] <= year_to]
    grid = pd.MultiIndex.from_product([sorted(set(rows["year"])), REGION_ORDER], names=["year", "region"])
    out = grid.to_frame(index=False).merge(rows, on=["year", "region"], how="left", validate="one_to_one")
    out.insert(2, "region_name", out["region"].map(REGION_NAMES))
    out["year"] = out["year"].astype(int)
    for measure in MEASURES:
        out[measure] = out[measure].astype(float)
    ordered = ["year", "region", "region_name", *MEASURES]
    ordered += [measure + suffix for measure in MEASURES for suffix in ("_kind", "_source")]
    return out[ordered]


def _comparison(comparison) -> pd.DataFrame:
    if comparison is None:
        return load_comparison()
    if isinstance(comparison, pd.DataFrame):
        return comparison
    return read_comparison(comparison)
