"""Every poverty measure of the database, from the year's welfare source: one door for all.

The command line, the pages and the pack ask here for P0, P1, P2 and Watts by area, the
change between two years, its growth–redistribution split and the families' transitions.
Each answer comes from the year's source (:mod:`analytics.welfare.source`):

* **observed** — computed from every family's expenditure (:mod:`analytics.poverty`);
* **model** — the published small-area estimates (with ``mse_``, ``cv_``, ``lower_``,
  ``upper_`` and ``reliability_`` columns); the change by area is the same Shapley split
  applied to the model's kelurahan estimates; the growth–redistribution split and the family
  transitions refuse (:data:`analytics.welfare.observed.MODEL_REFUSALS`);
* **none** — every measure refuses with :class:`analytics.errors.NoWelfareData`.

No measure here or below reads the family expenditure column except through
:mod:`analytics.welfare.observed`, so no year can give a table of zeros.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.errors import InputError
from analytics.poverty.area import fgt_by_area
from analytics.poverty.change import ChangeByArea, change_by_area, decompose
from analytics.poverty.datt_ravallion import DattRavallion, datt_ravallion
from analytics.poverty.lines import LINE_KINDS
from analytics.poverty.transitions import transitions
from analytics.welfare.estimates import estimates_for
from analytics.welfare.request import WelfareRequest, welfare_request

__all__ = ["area_change", "area_fgt", "family_transitions", "growth_redistribution", "two_year_requests"]


def area_fgt(
    con: duckdb.DuckDBPyConnection, request: WelfareRequest, by: str = "kota", include_city: bool = False
) -> pd.DataFrame:
    """kode, nama, population, poor, p0, p1, p2, watts and ``source`` ('observed' or 'model')
    of every area at ``by``, the city row first with ``include_city``; a model year adds
    ``n_sample`` and the model's precision columns (:data:`analytics.welfare.estimates.MODEL_COLUMNS`)."""
    request.require()
    if request.kind == "observed":
        table = fgt_by_area(
            con, request.year, by=by, line=request.line, poor_if=request.poor_if, include_city=include_city
        )
        return table.assign(source="observed")
    table = estimates_for(con, request, by)
    if include_city and by != "kota":
        table = pd.concat([estimates_for(con, request, "kota"), table], ignore_index=True)
    return table.assign(source="model")


def two_year_requests(
    con: duckdb.DuckDBPyConnection, year_start: int, year_end: int, line: str = "official", poor_if: str = "lt"
) -> tuple[WelfareRequest, WelfareRequest]:
    """Both years' requests, each on its own line of kind ``line`` ('official' or 'extreme')."""
    if line not in LINE_KINDS:
        raise InputError(
            f"perbandingan antartahun memakai garis kemiskinan tiap tahun: 'official' atau 'extreme', bukan {line!r}"
        )
    start = welfare_request(con, year_start, line, poor_if)
    end = welfare_request(con, year_end, line, poor_if)
    if start.year == end.year:
        raise InputError(f"tahun awal dan tahun akhir sama ({start.year})")
    return start, end


def area_change(
    con: duckdb.DuckDBPyConnection, start: WelfareRequest, end: WelfareRequest, level: str = "kelurahan"
) -> ChangeByArea:
    """Each area's within-area and population-shift contribution to the city's change.

    Observed years: sums over families (:func:`analytics.poverty.change.change_by_area`).
    With a model year on either side: the same split of each area's persons and its
    estimated P0, P1, P2 (expected numerators = estimate x persons), so the city start and end
    are the persons-weighted means of the areas' estimates."""
    start.require()
    end.require()
    if start.kind == end.kind == "observed":
        return change_by_area(con, start.year, end.year, level=level, line=start.line.kind, poor_if=start.poor_if)
    if level not in ("kecamatan", "kelurahan"):
        raise InputError(
            f"dekomposisi perubahan dari estimasi model perlu level kecamatan atau kelurahan, bukan {level!r}"
        )
    sums = [_numerators(area_fgt(con, request, level)) for request in (start, end)]
    return decompose(con, level, sums[0], sums[1], start.line, end.line)


def _numerators(table: pd.DataFrame) -> pd.DataFrame:
    """Persons and persons x P0, P1, P2 per area code (areas without persons left out)."""
    table = table[table["population"].astype(float) > 0].set_index("kode")
    population = table["population"].astype(float)
    out = pd.DataFrame({"population": population})
    for m, n in (("p0", "n0"), ("p1", "n1"), ("p2", "n2")):
        out[n] = table[m].astype(float) * population
    return out


def growth_redistribution(con: duckdb.DuckDBPyConnection, start: WelfareRequest, end: WelfareRequest) -> DattRavallion:
    """The Datt–Ravallion split of the city's change; observed years only (a model year or a
    year without money measure refuses with its reason)."""
    return datt_ravallion(con, start.year, end.year, line=start.line.kind, poor_if=start.poor_if)


def family_transitions(
    con: duckdb.DuckDBPyConnection, start: WelfareRequest, end: WelfareRequest, by: str = "kota"
) -> pd.DataFrame:
    """Families that stayed poor, left, entered or stayed out of poverty; observed years only."""
    line = start.line.kind if start.line.kind in LINE_KINDS else start.line.amount
    return transitions(con, start.year, end.year, by, line, start.poor_if)
