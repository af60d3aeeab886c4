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
from analytics.reference import CITY_CODE

__all__ = ["desil_distribution", "desil_shares"]

_GROUP = {"kota": "$city_code", "kecamatan": "f.kode_kecamatan", "kelurahan": "f.kode_kelurahan"}


def desil_shares(con: duckdb.DuckDBPyConnection, year: int, by: str = "kelurahan") -> pd.DataFrame:
    """kode, nama, families, persons, families_desil_1, families_desil_1_4 (and persons), their
    shares of families (``share_desil_1``, ``share_desil_1_4``) and P3KE families, per area."""
    if by not in _GROUP:
        raise InputError(f"tingkat wilayah harus kota, kecamatan atau kelurahan, bukan {by!r}")
    year = check_year(con, year)
    counts = sql.frame(con, "welfare/desil_shares", {"year": year, "city_code": CITY_CODE}, group_expr=_GROUP[by])
    table = area_names(con, by).merge(counts, on="kode", how="left")
    count_columns = [c for c in counts.columns if c != "kode"]
    table[count_columns] = table[count_columns].fillna(0).astype("int64")
    ranked = (table["families"] - table["families_without_desil"]).where(lambda s: s > 0)
    table["share_desil_1"] = table["families_desil_1"] / ranked
    table["share_desil_1_4"] = table["families_desil_1_4"] / ranked
    return table


def desil_distribution(con: duckdb.DuckDBPyConnection, year: int, area: str = CITY_CODE) -> pd.DataFrame:
    """Families and persons per national desil (1-10, then no desil) in an area."""
    year = check_year(con, year)
    kode = None if area == CITY_CODE else area
    return sql.frame(con, "welfare/desil_distribution", {"year": year, "kode": kode})
