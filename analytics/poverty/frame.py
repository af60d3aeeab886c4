"""FGT and Watts over any table, DataFrame or CSV file (DuckDB SQL)."""

from __future__ import annotations

import os

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import DataError, InputError
from analytics.poverty._checks import check_line, check_poor_if
from analytics.poverty.area import integral_counts

__all__ = ["fgt_csv", "fgt_frame", "fgt_table", "read_csv"]

MEASURES = ["population", "poor", "p0", "p1", "p2", "watts"]
_FRAME_VIEW = "poverty_frame_source"


def fgt_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    welfare: str,
    line: float,
    *,
    by: str | None = None,
    weight: str | None = None,
    size: str | None = None,
    poor_if: str = "lt",
) -> pd.DataFrame:
    """P0, P1, P2 and Watts over a table or view of the connection.

    Each row stands for ``weight * size`` persons (1 when both are omitted).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    table : str
        Table or view name.
    welfare : str
        Numeric column with per-capita welfare (>= 0).
    line : float
        Poverty line, same unit as ``welfare``.
    by : str, optional
        Column to group by; one row per value, sorted. One row overall when omitted.
    weight, size : str, optional
        Numeric columns multiplied into the person weight (survey weight, household size).
    poor_if : {'lt', 'le'}, default 'lt'

    Returns
    -------
    pandas.DataFrame
        The ``by`` column (if given), then population, poor, p0, p1, p2, watts.

    Raises
    ------
    ValueError
        Unknown or non-numeric columns, empty, missing or negative welfare, missing or
        negative weights, a non-positive line.
    """
    z = check_line(line)
    check_poor_if(poor_if)
    if by in MEASURES:
        raise InputError(f"kolom pengelompokan tidak boleh bernama {by!r} (nama kolom hasil)")
    table_q = sql.quote_table(con, table)
    welfare_q = sql.quote_column(con, table, welfare, numeric=True)
    group_expr = sql.quote_column(con, table, by) if by is not None else "null"
    weight_parts = [
        f"cast({sql.quote_column(con, table, column, numeric=True)} as double)"
        for column in (weight, size)
        if column is not None
    ]
    weight_expr = " * ".join(weight_parts) if weight_parts else "cast(1 as double)"
    input_sql = sql.text(
        "measures/input_table", table=table_q, group_expr=group_expr, welfare_expr=welfare_q, weight_expr=weight_expr
    )
    _check_input(con, input_sql, welfare, weight, size)
    params = {"line": z, "poor_le": poor_if == "le"}
    grouped = sql.frame(con, "measures/fgt", params, inputs={"poverty_input": input_sql})
    if by is None:
        frame = grouped[MEASURES].reset_index(drop=True)
    else:
        frame = grouped.rename(columns={"grp": by})[[by, *MEASURES]]
        frame = frame.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)
    frame = integral_counts(frame)
    return frame


def fgt_frame(
    data: pd.DataFrame,
    welfare: str,
    line: float,
    *,
    by: str | None = None,
    weight: str | None = None,
    size: str | None = None,
    poor_if: str = "lt",
) -> pd.DataFrame:
    """P0, P1, P2 and Watts over a DataFrame (see :func:`fgt_table`).

    Examples
    --------
    Haughton and Khandker (2009), chapter 4: two groups of two persons, line 125.

    >>> df = pd.DataFrame({"desa": ["A", "A", "B", "B"], "y": [100, 110, 150, 160]})
    >>> fgt_frame(df, "y", 125, by="desa")[["desa", "population", "poor", "p0"]]
      desa  population  poor   p0
    0    A           2     2  1.0
    1    B           2     0  0.0
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError("data harus berupa pandas.DataFrame")
    con = duckdb.connect()
    try:
        con.register(_FRAME_VIEW, data)
        return fgt_table(con, _FRAME_VIEW, welfare, line, by=by, weight=weight, size=size, poor_if=poor_if)
    finally:
        con.close()


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV file (delimiter and types detected by DuckDB) into a DataFrame."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise DataError(f"berkas tidak ditemukan: {path}")
    con = duckdb.connect()
    try:
        return con.read_csv(path).df()
    except duckdb.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"berkas CSV tidak dapat dibaca: {path} ({first_line})") from None
    finally:
        con.close()


def fgt_csv(
    path: str | os.PathLike,
    welfare: str,
    line: float,
    *,
    by: str | None = None,
    weight: str | None = None,
    size: str | None = None,
    poor_if: str = "lt",
) -> pd.DataFrame:
    """P0, P1, P2 and Watts over a CSV file (see :func:`fgt_table`)."""
    return fgt_frame(read_csv(path), welfare, line, by=by, weight=weight, size=size, poor_if=poor_if)


def _check_input(con, input_sql: str, welfare: str, weight: str | None, size: str | None):
    check = sql.frame(con, "measures/input_check", inputs={"poverty_input": input_sql}).iloc[0]
    rows = int(check["n_rows"])
    if rows == 0:
        raise DataError("data kosong: tidak ada baris")
    if check["bad_welfare"] > 0:
        raise DataError(f"kolom {welfare!r} berisi {int(check['bad_welfare'])} nilai kosong atau tak hingga")
    if check["min_welfare"] < 0:
        raise DataError(f"kolom {welfare!r} tidak boleh berisi nilai negatif")
    named = " dan ".join(repr(c) for c in (weight, size) if c is not None) or "bobot"
    if check["bad_weight"] > 0:
        raise DataError(f"kolom {named} berisi {int(check['bad_weight'])} nilai kosong atau tak hingga")
    if check["min_weight"] < 0:
        raise DataError(f"kolom {named} tidak boleh berisi nilai negatif")
    if not check["total_weight"] > 0:
        raise DataError(f"jumlah bobot ({named}) harus positif")
