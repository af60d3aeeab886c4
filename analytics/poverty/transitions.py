"""Poverty transitions of families between two years, by area (DuckDB SQL).

The Regsosek frame keeps a family's ``family_id`` from year to year, so two years form a
panel. Every family present in either year falls in exactly one class:

* in both years: ``stayed_poor``, ``left_poverty``, ``entered_poverty``, ``stayed_out``
  (each year judged against its own line: poor when ``expenditure_pc < z``);
* ``only_in_from``: gone by ``year_to`` (moved out, split, died out, or not matched);
* ``only_in_to``: new by ``year_to`` (formed, moved in).

A family belongs to its kelurahan of ``year_to`` (a family that moved counts where it
lives now), or of ``year_from`` when it is only in that year. The first four classes add
up to the families present in both years.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.errors import InputError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import check_year, resolve_line
from analytics.programs._area import as_int, check_by, run_grouped, with_area_names
from analytics.welfare.observed import observed_status

__all__ = ["TRANSITION_COLUMNS", "transitions"]

COUNT_COLUMNS = ["stayed_poor", "left_poverty", "entered_poverty", "stayed_out", "only_in_from", "only_in_to"]
TRANSITION_COLUMNS = ["kode", "nama", *COUNT_COLUMNS]


def transitions(
    con: duckdb.DuckDBPyConnection,
    year_from: int,
    year_to: int,
    by: str = "kota",
    line="official",
    poor_if: str = "lt",
) -> pd.DataFrame:
    """Families that stayed poor, left, entered or stayed out of poverty, by area.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year_from, year_to : int
        Two different years with families.
    by : {'kota', 'kecamatan', 'kelurahan'}, default 'kota'
    line : {'official', 'extreme'} or float, default 'official'
        'official' or 'extreme': each year's own line of that kind; an amount (Rp per
        capita per month) is used for both years.
    poor_if : {'lt', 'le'}, default 'lt'
        'lt': poor when ``y < z`` (BPS); 'le': poor when ``y <= z``.

    Returns
    -------
    pandas.DataFrame
        kode, nama, stayed_poor, left_poverty, entered_poverty, stayed_out, only_in_from,
        only_in_to (family counts).

    Examples
    --------
    >>> from analytics.poverty.testing import build_database
    >>> fam = pd.DataFrame({"year": [2022, 2023, 2022, 2023], "family_id": ["a", "a", "b", "c"],
    ...     "kode_kelurahan": ["64.74.01.1001"] * 4, "size": [2, 2, 1, 3],
    ...     "expenditure_pc": [500_000.0, 900_000.0, 500_000.0, 500_000.0]})
    >>> print(transitions(build_database(fam), 2022, 2023).iloc[:, 2:].to_string(index=False))
     stayed_poor  left_poverty  entered_poverty  stayed_out  only_in_from  only_in_to
               0             1                0           0             1           1
    """
    by = check_by(by)
    year_from = check_year(con, year_from)
    year_to = check_year(con, year_to)
    if year_from == year_to:
        raise InputError("tahun awal dan tahun akhir harus berbeda")
    line_from = resolve_line(con, year_from, line)
    line_to = resolve_line(con, year_to, line)
    params = {
        "year_from": year_from,
        "year_to": year_to,
        "line_from": line_from.amount,
        "line_to": line_to.amount,
        "poor_le": check_poor_if(poor_if) == "le",
    }
    status = observed_status(con, year_from, year_to)
    grouped = run_grouped(con, "measures/transitions", by, params, inputs={"family_status": status})
    frame = with_area_names(con, by, grouped)
    frame = as_int(frame, COUNT_COLUMNS)
    frame = frame.sort_values("kode", kind="stable").reset_index(drop=True)[TRANSITION_COLUMNS]
    return frame
