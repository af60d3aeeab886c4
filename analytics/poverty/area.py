"""FGT and Watts by area from the integrated database (DuckDB SQL)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty._checks import check_alpha, check_poor_if
from analytics.poverty.lines import PovertyLine, check_year, resolve_line
from analytics.reference import REGION_CODE, REGION_NAME
from analytics.welfare.observed import observed_input

__all__ = ["AREA_LEVELS", "FGT_COLUMNS", "family_input", "fgt_alpha_by_area", "fgt_by_area"]

AREA_LEVELS = ("kota", "kecamatan", "kelurahan")
FGT_COLUMNS = ["kode", "nama", "population", "poor", "p0", "p1", "p2", "watts"]
MEASURE_COLUMNS = ["population", "poor", "p0", "p1", "p2", "watts"]


def family_input(
    con: duckdb.DuckDBPyConnection,
    by: str,
    weight: str | None = None,
    years: tuple[int, ...] = (),
):
    """SQL and parameters of the per-family input rows (grp, y, w) of ``years``.

    ``by`` is 'kota', 'kecamatan', 'kelurahan' or any column of ``family``; ``weight`` an
    optional numeric column of ``family`` multiplied into the person weight. The rows come
    from :func:`analytics.welfare.observed.observed_input`, which refuses a year without
    observed expenditure. One year: the query still needs the ``year`` parameter; two years
    (a comparison): ``year_start``, ``year_end``, ``line_start`` and ``line_end``, and each
    row carries its year and line ``z``.
    """
    if not years:
        raise InputError("tahun masukan ukuran kemiskinan wajib diberikan")
    params: dict = {}
    if by == "kota":
        group_expr = "$city_code"
        params["city_code"] = REGION_CODE
    elif by == "kecamatan":
        group_expr = "f.kode_kecamatan"
    elif by == "kelurahan":
        group_expr = "f.kode_kelurahan"
    else:
        group_expr = "f." + sql.quote_column(con, "family", by)
    weight_expr = ""
    if weight is not None:
        weight_expr = "* cast(f." + sql.quote_column(con, "family", weight, numeric=True) + " as double)"
    input_sql = observed_input(con, years, group_expr, weight_expr, two_years=len(years) == 2)
    return input_sql, params


def area_names(con: duckdb.DuckDBPyConnection, by: str) -> pd.DataFrame | None:
    """Gazetteer codes and names for a level; None for a level without a gazetteer."""
    if by == "kota":
        return pd.DataFrame({"kode": [REGION_CODE], "nama": [REGION_NAME]})
    if by in ("kecamatan", "kelurahan"):
        return sql.frame(con, "reference/area_names", {"level": by})
    return None


def attach_names(con, by: str, grouped: pd.DataFrame, value_columns: list[str]) -> pd.DataFrame:
    """Rename ``grp`` to ``kode``, add ``nama`` and list every gazetteer area (empty ones too)."""
    grouped = grouped.rename(columns={"grp": "kode"})
    names = area_names(con, by)
    if names is None:
        grouped.insert(1, "nama", pd.Series([None] * len(grouped), dtype="object"))
        return grouped.sort_values("kode", kind="stable", na_position="last").reset_index(drop=True)
    merged = names.merge(grouped, on="kode", how="outer")
    for column in ("population", "poor"):
        if column in merged:
            merged[column] = merged[column].fillna(0.0)
    merged = merged[["kode", "nama", *value_columns]]
    return merged.sort_values("kode", kind="stable").reset_index(drop=True)


def integral_counts(frame: pd.DataFrame, columns=("population", "poor")) -> pd.DataFrame:
    """Show person counts as integers when every value is a whole number."""
    for column in columns:
        values = frame[column].to_numpy(dtype=float)
        if np.all(np.isfinite(values)) and np.all(values == np.round(values)) and np.all(np.abs(values) < 2**53):
            frame[column] = values.astype("int64")
    return frame


def _check_by(by) -> str:
    if not isinstance(by, str) or not by:
        raise InputError(f"pengelompokan harus 'kota', 'kecamatan', 'kelurahan' atau nama kolom, bukan {by!r}")
    return by


def _run(con, year, by, weight, line: PovertyLine, poor_if, body: str, extra: dict | None = None):
    input_sql, params = family_input(con, by, weight, years=(year,))
    params.update({"year": year, "line": line.amount, "poor_le": poor_if == "le"})
    params.update(extra or {})
    return sql.frame(con, body, params, inputs={"poverty_input": input_sql})


def fgt_by_area(
    con: duckdb.DuckDBPyConnection,
    year: int,
    by: str = "kota",
    line="official",
    poor_if: str = "lt",
    weight: str | None = None,
    include_city: bool = False,
) -> pd.DataFrame:
    """P0, P1, P2 and Watts over persons, by city, kecamatan, kelurahan or a column.

    Each family counts ``size`` persons (times ``weight`` when given). Computed by
    ``analytics/sql/measures/fgt.sql``: persons over all families, gaps and
    logarithms over the poor ones only.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection to the integrated database (read-only is enough).
    year : int
        A year that has families.
    by : str, default 'kota'
        'kota' (one row, kode '64.74'), 'kecamatan', 'kelurahan' (every gazetteer area,
        population 0 and empty measures where there are no families) or any column of
        ``family`` (its values become ``kode``; ``nama`` is empty).
    line : {'official', 'extreme'} or float, default 'official'
        The year's official BPS line, its extreme-poverty line, or an amount in Rp per
        capita per month.
    poor_if : {'lt', 'le'}, default 'lt'
        'lt': poor when ``y < z`` (BPS); 'le': poor when ``y <= z``.
    weight : str, optional
        Numeric column of ``family`` multiplied into each family's person weight.
    include_city : bool, default False
        Put the city row (kode '64.74') first when ``by`` is not 'kota'.

    Returns
    -------
    pandas.DataFrame
        Columns kode, nama, population, poor, p0, p1, p2, watts (fractions). The line used
        is :func:`analytics.poverty.lines.resolve_line` of the same arguments; one whose
        status is 'estimated' must be shown as an estimate.

    Raises
    ------
    ValueError
        Unknown year or column, a line missing for the year, bad ``poor_if``.

    Examples
    --------
    >>> from analytics.poverty.testing import demo_connection
    >>> con = demo_connection()
    >>> fgt_by_area(con, 2023)[["kode", "population", "poor", "p0"]]
        kode  population  poor    p0
    0  64.74           8     2  0.25
    """
    check_poor_if(poor_if)
    by = _check_by(by)
    year = check_year(con, year)
    pl = resolve_line(con, year, line)
    grouped = _run(con, year, by, weight, pl, poor_if, "measures/fgt")
    frame = attach_names(con, by, grouped, MEASURE_COLUMNS)
    if include_city and by != "kota":
        city = attach_names(
            con,
            "kota",
            _run(con, year, "kota", weight, pl, poor_if, "measures/fgt"),
            MEASURE_COLUMNS,
        )
        frame = pd.concat([city, frame], ignore_index=True)
    if weight is None:
        frame = integral_counts(frame)
    frame = frame[FGT_COLUMNS]
    return frame


def fgt_alpha_by_area(
    con: duckdb.DuckDBPyConnection,
    year: int,
    alpha: float,
    by: str = "kota",
    line="official",
    poor_if: str = "lt",
    weight: str | None = None,
) -> pd.DataFrame:
    """FGT P_alpha for any alpha >= 0, by area (see :func:`fgt_by_area`).

    Returns
    -------
    pandas.DataFrame
        Columns kode, nama, population, poor, fgt.

    Examples
    --------
    >>> from analytics.poverty.testing import demo_connection
    >>> round(float(fgt_alpha_by_area(demo_connection(), 2023, alpha=3)["fgt"][0]), 12)
    0.017578125
    """
    a = check_alpha(alpha)
    check_poor_if(poor_if)
    by = _check_by(by)
    year = check_year(con, year)
    pl = resolve_line(con, year, line)
    grouped = _run(con, year, by, weight, pl, poor_if, "measures/fgt_alpha", {"alpha": a})
    frame = attach_names(con, by, grouped, ["population", "poor", "fgt"])
    if weight is None:
        frame = integral_counts(frame)
    return frame
