"""Between the verval store and a year's registers: a family's keys, and which family of a
year each record belongs to (DuckDB side; the store itself is SQLite)."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import sql
from analytics.access.scope import User, household_scope
from analytics.errors import InputError
from analytics.verval.store import FamilyKeys


def family_keys(con: duckdb.DuckDBPyConnection, year: int, family_id: str) -> FamilyKeys:
    """The pseudonyms and place of a Regsosek family of ``year``, or of the year before when it
    is no longer in this year's registers (for a new record)."""
    found = sql.row(con, "verval/family_keys", {"year": year, "family_id": family_id})
    if found is None:
        raise InputError(f"Keluarga {family_id!r} tidak ada di Regsosek {year}.")
    family, no_kk, head_nik, kelurahan, rt, rw, seen = found
    return FamilyKeys(no_kk, head_nik, family, kelurahan, rt, rw, int(seen))


def attach(con: duckdb.DuckDBPyConnection, year: int, records: pd.DataFrame) -> pd.DataFrame:
    """``records`` (from :func:`analytics.verval.store.latest_records`) with the family each
    belongs to in ``year`` (``family_id_now``, None when not found) and how it was matched
    (``matched_by``: 'no_kk' | 'head_nik' | None)."""
    if records.empty:
        return records.assign(family_id_now=pd.Series(dtype=object), matched_by=pd.Series(dtype=object))
    params = {
        "year": year,
        "record_ids": records["record_id"].tolist(),
        "no_kk_keys": records["no_kk_key"].tolist(),
        "head_nik_keys": records["head_nik_key"].tolist(),
    }
    found = sql.frame(con, "verval/attach", params).rename(columns={"family_id": "family_id_now"})
    return records.merge(found, on="record_id", how="left")


def newest_per_family(con: duckdb.DuckDBPyConnection, year: int, records: pd.DataFrame) -> pd.DataFrame:
    """``records`` attached to ``year``'s families (:func:`attach`), ``family_id`` the family
    each belongs to now (else the one it was made for), and only the newest record per family."""
    attached = attach(con, year, records)
    attached["family_id"] = attached["family_id_now"].fillna(attached["family_id"])
    return attached.sort_values("at").drop_duplicates("family_id", keep="last")


def register_values(con: duckdb.DuckDBPyConnection, year: int, family_id: str, *, user: User) -> dict:
    """The family's members, dwelling and programs as the registers hold them, in the visit
    form's fields (empty when the family is in neither this year nor last)."""
    found = sql.frame(con, "verval/family_register", {"year": year, "family_id": family_id})
    if found.empty:
        return {}
    values = found.iloc[0].to_dict()
    household_scope(user, values.pop("kode_kelurahan"))
    values["programs"] = list(values["programs"])
    return {key: (None if not isinstance(value, list) and pd.isna(value) else value) for key, value in values.items()}
