"""Small databases that follow ``analytics/sql/integrated/schema``, for tests and doctests.

The real database is built by the importer; these helpers let the poverty queries be
exercised on a handful of families without it.
"""

from __future__ import annotations

import os

import duckdb
import pandas as pd

from analytics import sql
from analytics.reference import load_bps_poverty, load_extreme_line, load_kecamatan, load_kelurahan

__all__ = ["build_database", "demo_connection", "demo_families", "reference_lines", "replace_families"]

_FAMILY_DEFAULTS = {
    "coord_status": "missing",
    "frame_source": "regsosek",
    "in_dtks": False,
    "in_p3ke": False,
    "receives_pkh": False,
    "receives_sembako": False,
    "receives_pbi": False,
    "receives_bst": False,
    "receives_bpum": False,
    "receives_prakerja": False,
    "receives_kur": False,
}


def reference_lines() -> pd.DataFrame:
    """Official and extreme lines per year from ``data/reference`` (schema columns)."""
    bps = load_bps_poverty()[["year", "poverty_line", "poverty_line_status"]].rename(
        columns={"poverty_line": "official_line", "poverty_line_status": "official_status"}
    )
    extreme = load_extreme_line()[["year", "extreme_line", "status"]].rename(columns={"status": "extreme_status"})
    lines = bps.merge(extreme, on="year", how="left")
    return lines.dropna(subset=["official_line"]).reset_index(drop=True)


def build_database(
    families: pd.DataFrame,
    path: str | os.PathLike | None = None,
    lines: pd.DataFrame | None = None,
) -> duckdb.DuckDBPyConnection:
    """Create a database with the integrated schema, the gazetteer, lines and ``families``.

    Parameters
    ----------
    families : pandas.DataFrame
        At least ``year``, ``kode_kelurahan``, ``size`` and ``expenditure_pc``; any other
        ``family`` column may be given. ``family_id`` defaults to the row number,
        ``kode_kecamatan`` to the first eight characters of the kelurahan code, the
        flags to false, ``coord_status`` to 'missing' and ``frame_source`` to 'regsosek'.
    path : path-like, optional
        Database file to create (in memory when omitted).
    lines : pandas.DataFrame, optional
        ``poverty_line`` rows; the reference lines of ``data/reference`` by default.

    Returns
    -------
    duckdb.DuckDBPyConnection
        An open, writable connection (close it before opening the file read-only).
    """
    con = duckdb.connect(os.fspath(path) if path is not None else ":memory:")
    sql.execute_folder(con, "integrated/schema")
    sql.install_macros(con)
    kelurahan = load_kelurahan()[["kode", "nama", "kode_kecamatan", "centroid_lon", "centroid_lat", "area_km2"]]
    _run_with_frames(
        con,
        "testing/reference",
        {
            "testing_kecamatan": load_kecamatan(),
            "testing_kelurahan": kelurahan,
            "testing_poverty_line": reference_lines() if lines is None else lines,
        },
    )
    replace_families(con, families)
    return con


def replace_families(con: duckdb.DuckDBPyConnection, families: pd.DataFrame) -> None:
    """Replace every row of ``family`` with ``families`` (defaults as in build_database)."""
    fam = families.copy()
    if "family_id" not in fam:
        fam["family_id"] = [f"F{i:07d}" for i in range(len(fam))]
    if "kode_kecamatan" not in fam:
        fam["kode_kecamatan"] = fam["kode_kelurahan"].astype(str).str[:8]
    for column, value in _FAMILY_DEFAULTS.items():
        if column not in fam:
            fam[column] = value
    _run_with_frames(con, "testing/replace_families", {"testing_family": fam})


def _run_with_frames(con, folder: str, frames: dict[str, pd.DataFrame]) -> None:
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        sql.execute_folder(con, folder)
    finally:
        for name in frames:
            con.unregister(name)


def demo_families() -> pd.DataFrame:
    """Four families of 2023 (line Rp 763.661): 8 persons, 2 of them poor.

    One single person lives at half the line (gap 0.5), one at three quarters of it
    (gap 0.25); two families of three are above the line.
    """
    z = 763661.0
    return pd.DataFrame(
        {
            "year": [2023] * 4,
            "kode_kelurahan": ["64.74.01.1001", "64.74.01.1003", "64.74.02.1001", "64.74.03.1003"],
            "size": [1, 1, 3, 3],
            "expenditure_pc": [z * 0.5, z * 0.75, 1_000_000.0, 1_500_000.0],
        }
    )


def demo_connection() -> duckdb.DuckDBPyConnection:
    """In-memory database holding :func:`demo_families`."""
    return build_database(demo_families())
