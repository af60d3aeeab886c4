"""Subgroup decomposition of P0, P1, P2 by kecamatan or kelurahan (DuckDB SQL).

FGT measures are additively decomposable (Foster, Greer and Thorbecke 1984):
``P = sum_g (N_g / N) P_g``. Each area's contribution ``(N_g / N) P_g`` is its share
of the city figure; the contributions add up to the city's P0, P1 and P2.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.area import area_names, family_input, integral_counts
from analytics.poverty.lines import PovertyLine, check_year, resolve_line

__all__ = ["SUBGROUP_COLUMNS", "SubgroupDecomposition", "subgroup_decomposition"]

MEASURES = ("p0", "p1", "p2")
SUBGROUP_COLUMNS = [
    "kode",
    "nama",
    "population",
    "population_share",
    *MEASURES,
    *(f"contribution_{m}" for m in MEASURES),
    *(f"contribution_share_{m}" for m in MEASURES),
]


@dataclass(frozen=True)
class SubgroupDecomposition:
    """Areas' shares of the city's P0, P1, P2 (``table``) and the city figures (``city``)."""

    table: pd.DataFrame
    city: dict[str, float]
    line: PovertyLine


def subgroup_decomposition(
    con: duckdb.DuckDBPyConnection,
    year: int,
    level: str = "kelurahan",
    line="official",
    poor_if: str = "lt",
    weight: str | None = None,
) -> SubgroupDecomposition:
    """Each area's population share and contribution to the city's P0, P1 and P2.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year : int
    level : str, default 'kelurahan'
        'kecamatan', 'kelurahan' or a column of ``family``. Only areas with families
        appear (an empty area contributes nothing).
    line : {'official', 'extreme'} or float, default 'official'
    poor_if : {'lt', 'le'}, default 'lt'
    weight : str, optional
        Numeric column of ``family`` multiplied into the person weight.

    Returns
    -------
    SubgroupDecomposition
        ``table``: kode, nama, population, population_share, p0, p1, p2, contribution_p0..p2
        (``population_share * p``; they add up to the city figure) and
        contribution_share_p0..p2 (contribution / city figure; they add up to 1, empty
        when the city figure is 0). ``city`` holds the city population, p0, p1 and p2.

    Examples
    --------
    >>> from analytics.poverty.testing import demo_connection
    >>> d = subgroup_decomposition(demo_connection(), 2023, level="kecamatan")
    >>> d.table[["kode", "population_share", "p0", "contribution_p0", "contribution_share_p0"]]
           kode  population_share   p0  contribution_p0  contribution_share_p0
    0  64.74.01             0.250  1.0             0.25                    1.0
    1  64.74.02             0.375  0.0             0.00                    0.0
    2  64.74.03             0.375  0.0             0.00                    0.0
    >>> d.city["p0"]
    0.25
    """
    check_poor_if(poor_if)
    if level == "kota":
        raise InputError("dekomposisi subkelompok perlu level 'kecamatan', 'kelurahan' atau kolom")
    year = check_year(con, year)
    pl = resolve_line(con, year, line)
    input_sql, params = family_input(con, level, weight, years=(year,))
    params.update({"year": year, "line": pl.amount, "poor_le": poor_if == "le"})
    table = sql.frame(con, "measures/subgroup", params, inputs={"poverty_input": input_sql})
    city = {
        "population": float(table["city_population"].iloc[0]),
        **{m: float(table[f"city_{m}"].iloc[0]) for m in MEASURES},
    }
    table = table.rename(columns={"grp": "kode"})
    names = area_names(con, level)
    if names is None:
        table.insert(1, "nama", pd.Series([None] * len(table), dtype="object"))
    else:
        table = table.merge(names, on="kode", how="left")
    table = table[SUBGROUP_COLUMNS].sort_values("kode", kind="stable").reset_index(drop=True)
    if weight is None:
        table = integral_counts(table, columns=("population",))
    return SubgroupDecomposition(table, city, pl)
