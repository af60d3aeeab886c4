"""What the registers give without any money measure: the welfare rank (desil) by area.

Regsosek, P3KE, DTKS and DTSEN rank families by a proxy-means test: ``desil_nasional`` 1-10
of a predicted expenditure. A share in desil 1 or 1-4 is a statement about that rank, not a
poverty rate: Bontang's poor (about 4 % of persons) are a subset of its desil 1-4 families.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty.area import area_names
from analytics.poverty.lines import check_year
from analytics.reference import REGION_CODE

__all__ = ["desil_distribution", "desil_shares", "register_persons"]

_GROUP = {"kota": "$city_code", "kecamatan": "f.kode_kecamatan", "kelurahan": "f.kode_kelurahan"}


def desil_shares(con: duckdb.DuckDBPyConnection, year: int, by: str = "kelurahan") -> pd.DataFrame:
    """kode, nama, families, persons, families_desil_1, families_desil_1_4 (and persons), their
    shares of families (``share_desil_1``, ``share_desil_1_4``) and P3KE families, per area."""
    table = _counts_by_area(con, "welfare/desil_shares", year, by)
    ranked = (table["families"] - table["families_without_desil"]).where(lambda s: s > 0)
    table["share_desil_1"] = table["families_desil_1"] / ranked
    table["share_desil_1_4"] = table["families_desil_1_4"] / ranked
    return table


def desil_distribution(con: duckdb.DuckDBPyConnection, year: int, area: str = REGION_CODE) -> pd.DataFrame:
    """Families and persons per national desil (1-10, then no desil) in an area."""
    year = check_year(con, year)
    kode = None if area == REGION_CODE else area
    return sql.frame(con, "welfare/desil_distribution", {"year": year, "kode": kode})


def register_persons(con: duckdb.DuckDBPyConnection, year: int, by: str = "kelurahan") -> pd.DataFrame:
    """kode, nama, persons and the persons in desil 1-4, in P3KE and in DTKS, per area (every
    gazetteer area; 0 where an area has no families)."""
    return _counts_by_area(con, "welfare/register_persons", year, by)


def _counts_by_area(con: duckdb.DuckDBPyConnection, query: str, year: int, by: str) -> pd.DataFrame:
    """The counts of ``query`` per area, every gazetteer area listed (0 where it has no families)."""
    if by not in _GROUP:
        raise InputError(f"tingkat wilayah harus kota, kecamatan atau kelurahan, bukan {by!r}")
    year = check_year(con, year)
    counts = sql.frame(con, query, {"year": year, "city_code": REGION_CODE}, group_expr=_GROUP[by])
    table = area_names(con, by).merge(counts, on="kode", how="left")
    columns = [c for c in counts.columns if c != "kode"]
    table[columns] = table[columns].fillna(0).astype("int64")
    return table
