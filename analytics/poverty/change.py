"""Change in P0, P1, P2 between two years, split by area (DuckDB SQL + Shapley).

The city's change ``P_end - P_start = sum_g (s_g1 P_g1 - s_g0 P_g0)`` (s = population
share, P = the area's measure at the line of its own year) is split for each area into

* within-area change ``((s_g0 + s_g1) / 2) * (P_g1 - P_g0)`` and
* population shift ``((P_g0 + P_g1) / 2) * (s_g1 - s_g0)``,

the symmetric (Shapley) form of the Ravallion–Huppi (1991) sectoral decomposition, which
leaves no interaction term: the two parts of every area add up to its contribution
``s_g1 P_g1 - s_g0 P_g0`` and the contributions add up to the city change. An area
present in one year only takes the same P in both years (its change is all population
shift).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.area import area_names, family_input
from analytics.poverty.lines import LINE_KINDS, PovertyLine, check_year, resolve_line

__all__ = ["ChangeByArea", "change_by_area", "change_input", "decompose"]

MEASURES = ("p0", "p1", "p2")


@dataclass(frozen=True)
class ChangeByArea:
    """The areas' contributions to the city's change between two years.

    ``city[m]`` holds the city's ``start``, ``end`` and ``change`` of measure m; the areas'
    ``total_m`` add up to ``change``.
    """

    table: pd.DataFrame
    city: dict[str, dict[str, float]]
    population_start: float
    population_end: float
    line_start: PovertyLine
    line_end: PovertyLine


def change_input(
    con: duckdb.DuckDBPyConnection,
    year_start: int,
    year_end: int,
    by: str,
    line: str,
    poor_if: str,
    weight: str | None,
) -> tuple[str, dict, PovertyLine, PovertyLine]:
    """Checked input SQL, parameters and the two lines for a two-year comparison."""
    check_poor_if(poor_if)
    if line not in LINE_KINDS:
        raise InputError(
            f"perbandingan antartahun memakai garis kemiskinan tiap tahun: 'official' atau 'extreme', bukan {line!r}"
        )
    year_start = check_year(con, year_start)
    year_end = check_year(con, year_end)
    if year_start == year_end:
        raise InputError(f"tahun awal dan tahun akhir sama ({year_start})")
    line_start = resolve_line(con, year_start, line)
    line_end = resolve_line(con, year_end, line)
    input_sql, params = family_input(con, by, weight, years=(year_start, year_end))
    params.update(
        {
            "year_start": year_start,
            "year_end": year_end,
            "line_start": line_start.amount,
            "line_end": line_end.amount,
            "poor_le": poor_if == "le",
        }
    )
    return input_sql, params, line_start, line_end


def change_by_area(
    con: duckdb.DuckDBPyConnection,
    year_start: int,
    year_end: int,
    level: str = "kelurahan",
    line: str = "official",
    poor_if: str = "lt",
    weight: str | None = None,
) -> ChangeByArea:
    """Each area's within-area and population-shift contribution to the city's change.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year_start, year_end : int
        The two years compared (both must have families and a line).
    level : str, default 'kelurahan'
        'kecamatan', 'kelurahan' or a column of ``family``.
    line : {'official', 'extreme'}, default 'official'
        Each year is measured against its own line of that kind.
    poor_if : {'lt', 'le'}, default 'lt'
    weight : str, optional
        Numeric column of ``family`` multiplied into the person weight.

    Returns
    -------
    ChangeByArea
        ``table``: kode, nama, share_start, share_end and, for m in p0, p1, p2:
        ``m_start``, ``m_end`` (the area's measure; empty in a year without families),
        ``within_m``, ``shift_m`` and ``total_m`` (= within + shift). The totals add up to
        the city change ``city[m]['change']`` (with ``start`` and ``end``).

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics.poverty.testing import build_database, demo_families
    >>> later = demo_families().assign(year=2024, expenditure_pc=lambda d: d.expenditure_pc * 1.1)
    >>> con = build_database(pd.concat([demo_families(), later]))
    >>> d = change_by_area(con, 2023, 2024, level="kecamatan")
    >>> d.table[["kode", "within_p0", "shift_p0", "total_p0"]]
           kode  within_p0  shift_p0  total_p0
    0  64.74.01        0.0       0.0       0.0
    1  64.74.02        0.0       0.0       0.0
    2  64.74.03        0.0       0.0       0.0
    >>> bool(abs(d.city["p1"]["change"] - d.table["total_p1"].sum()) < 1e-12)
    True
    """
    if level == "kota":
        raise InputError("dekomposisi perubahan perlu level 'kecamatan', 'kelurahan' atau kolom")
    input_sql, params, line_start, line_end = change_input(con, year_start, year_end, level, line, poor_if, weight)
    sums = sql.frame(con, "measures/change_sums", params, inputs={"poverty_input": input_sql})
    start = sums[sums["year"] == year_start].set_index("grp")
    end = sums[sums["year"] == year_end].set_index("grp")
    return decompose(con, level, start, end, line_start, line_end)


def decompose(
    con: duckdb.DuckDBPyConnection,
    level: str,
    start: pd.DataFrame,
    end: pd.DataFrame,
    line_start: PovertyLine,
    line_end: PovertyLine,
) -> ChangeByArea:
    """The Shapley split of the change from each area's persons and FGT numerators.

    ``start`` and ``end`` are indexed by area code with columns ``population`` and ``n0``,
    ``n1``, ``n2`` (persons times P0, P1, P2): sums over observed families, or a model's
    expected numerators (:func:`analytics.welfare.measures.area_change`).
    """
    keys = start.index.union(end.index)
    start, end = start.reindex(keys), end.reindex(keys)
    n_start, n_end = start["population"].sum(), end["population"].sum()
    table = pd.DataFrame(index=keys)
    table["share_start"] = (start["population"] / n_start).fillna(0.0)
    table["share_end"] = (end["population"] / n_end).fillna(0.0)
    city = {}
    for m, n_col in zip(MEASURES, ("n0", "n1", "n2"), strict=True):
        p_start = start[n_col] / start["population"]
        p_end = end[n_col] / end["population"]
        table[f"{m}_start"] = p_start
        table[f"{m}_end"] = p_end
        p_start_filled = p_start.fillna(p_end)
        p_end_filled = p_end.fillna(p_start)
        mean_share = (table["share_start"] + table["share_end"]) / 2
        mean_p = (p_start_filled + p_end_filled) / 2
        table[f"within_{m}"] = mean_share * (p_end_filled - p_start_filled)
        table[f"shift_{m}"] = mean_p * (table["share_end"] - table["share_start"])
        table[f"total_{m}"] = table[f"within_{m}"] + table[f"shift_{m}"]
        city_start = float(start[n_col].sum() / n_start)
        city_end = float(end[n_col].sum() / n_end)
        city[m] = {"start": city_start, "end": city_end, "change": city_end - city_start}
    table = table.rename_axis("kode").reset_index()
    names = area_names(con, level)
    table.insert(
        1,
        "nama",
        None if names is None else table["kode"].map(dict(zip(names["kode"], names["nama"], strict=True))),
    )
    table = table.sort_values("kode", kind="stable").reset_index(drop=True)
    return ChangeByArea(table, city, float(n_start), float(n_end), line_start, line_end)
