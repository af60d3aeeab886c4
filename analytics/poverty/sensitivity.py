"""Sensitivity of P0, P1 and P2 to the poverty line (DuckDB SQL, one query)."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.area import area_names, family_input, integral_counts
from analytics.poverty.lines import check_year, resolve_line

__all__ = ["sensitivity_curve"]


def _check_percent(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{name} harus berupa bilangan bulat positif (persen), bukan {value!r}")
    return value


def sensitivity_curve(
    con: duckdb.DuckDBPyConnection,
    year: int,
    line="official",
    by: str = "kota",
    poor_if: str = "lt",
    pct_from: int = 50,
    pct_to: int = 200,
    pct_step: int = 1,
    weight: str | None = None,
) -> pd.DataFrame:
    """P0, P1 and P2 for lines from ``pct_from`` % to ``pct_to`` % of the chosen line.

    All lines are evaluated in one query (``analytics/sql/measures/sensitivity.sql``):
    the families are crossed with the list of lines and aggregated once.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year : int
    line : {'official', 'extreme'} or float, default 'official'
        The base line (100 %).
    by : str, default 'kota'
        'kota', 'kecamatan', 'kelurahan' or a column of ``family`` (see
        :func:`analytics.poverty.area.fgt_by_area`); only areas with families appear.
    poor_if : {'lt', 'le'}, default 'lt'
    pct_from, pct_to, pct_step : int
        Percentages of the base line, default 50 % to 200 % in steps of 1 %.
    weight : str, optional
        Numeric column of ``family`` multiplied into the person weight.

    Returns
    -------
    pandas.DataFrame
        Columns kode, nama, pct, line, population, poor, p0, p1, p2, ordered by kode and
        pct; ``line`` is ``base * pct / 100``.

    Examples
    --------
    >>> from analytics.poverty.testing import demo_connection
    >>> curve = sensitivity_curve(demo_connection(), 2023, pct_from=50, pct_to=150, pct_step=50)
    >>> curve[["pct", "poor", "p0"]]
       pct  poor     p0
    0   50     0  0.000
    1  100     2  0.250
    2  150     5  0.625
    """
    check_poor_if(poor_if)
    pct_from = _check_percent("pct_from", pct_from)
    pct_to = _check_percent("pct_to", pct_to)
    pct_step = _check_percent("pct_step", pct_step)
    if pct_to < pct_from:
        raise InputError(f"pct_to ({pct_to}) tidak boleh lebih kecil dari pct_from ({pct_from})")
    year = check_year(con, year)
    base = resolve_line(con, year, line)
    input_sql, params = family_input(con, by, weight, years=(year,))
    params.update(
        {
            "year": year,
            "line": base.amount,
            "poor_le": poor_if == "le",
            "pct_from": pct_from,
            "pct_to": pct_to,
            "pct_step": pct_step,
        }
    )
    curve = sql.frame(con, "measures/sensitivity", params, inputs={"poverty_input": input_sql})
    curve = curve.rename(columns={"grp": "kode"})
    names = area_names(con, by)
    if names is None:
        curve.insert(1, "nama", pd.Series([None] * len(curve), dtype="object"))
    else:
        curve = curve.merge(names, on="kode", how="left")
    columns = ["kode", "nama", "pct", "line", "population", "poor", "p0", "p1", "p2"]
    curve = curve[columns].sort_values(["kode", "pct"], kind="stable").reset_index(drop=True)
    curve["pct"] = curve["pct"].astype("int64")
    if weight is None:
        curve = integral_counts(curve)
    return curve
