"""The verifikator's worklist: which families of a kelurahan to visit, why, and how far the
visits have got (``analytics/sql/verval/worklist.sql`` gives the reasons and their order)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import sql
from analytics.access.scope import User, household_scope
from analytics.poverty.lines import resolve_line
from analytics.programs.coverage import MIN_PROBABILITY
from analytics.quality import NEAR_PROBABILITY
from analytics.settings import settings
from analytics.verval import families, store
from analytics.welfare.family import family_welfare

#: Why a family is on the worklist, in the order they are worked.
REASONS = {
    "exclusion": "Mungkin miskin, belum menerima program",
    "desil_1": "Desil 1 (sasaran miskin ekstrem)",
    "inclusion": "Menerima program, mungkin tidak miskin",
    "conflict": "Data antarsumber berbeda",
    "identifier": "NIK / No KK tidak sah atau ganda",
    "not_seen": "Tidak ada di register tahun ini",
}


@dataclass(frozen=True)
class Worklist:
    """Families to visit (``families``) with their newest record's status, and the progress."""

    families: pd.DataFrame
    visited: int
    total: int


def worklist_families(
    con: duckdb.DuckDBPyConnection, year: int, line="official", kelurahan: str | None = None, *, user: User
) -> pd.DataFrame:
    """Families of ``year`` to visit, in the user's scope (a verifikator: its kelurahan).

    Columns family_id, kode_kelurahan, kelurahan, rt, rw, desil, probability, expenditure_pc,
    has_program, reasons (list of :data:`REASONS` codes, the first decides the order).
    """
    return worklist_all(con, year, line, household_scope(user, kelurahan))


def worklist_all(con: duckdb.DuckDBPyConnection, year: int, line="official", kelurahan: str | None = None):
    """:func:`worklist_families` without the user's scope: only for figures counted over the
    families (:mod:`analytics.verval.outcomes`), never for rows shown to a user."""
    scope = kelurahan
    pl = resolve_line(con, year, line)
    welfare = family_welfare(con, year, pl, required=False)
    statement = sql.text("verval/worklist", conflicts_sql=sql.text("quality/source_conflicts"))
    params = {
        **welfare.params,
        "year": year,
        "kelurahan": scope,
        "line": pl.amount,
        "min_probability": MIN_PROBABILITY,
        "near_probability": NEAR_PROBABILITY,
        "near_factor": settings().near_factor,
    }
    table = sql.frame_of(con, sql.with_ctes(statement, family_welfare=welfare.sql), params)
    return table.drop(columns="order_key")


def worklist(
    con: duckdb.DuckDBPyConnection,
    db_path: str | os.PathLike,
    year: int,
    line="official",
    kelurahan: str | None = None,
    *,
    user: User,
) -> Worklist:
    """The worklist with each family's verval status (``record_id``, ``version``, ``status``:
    None when not visited) from the records attached to ``year``'s families."""
    table = worklist_families(con, year, line, kelurahan, user=user)
    # A record of a family no longer in this year's registers still counts for the id it was made for.
    records = families.newest_per_family(con, year, store.latest_records(db_path, kelurahan, user=user))
    visits = records[["family_id", "record_id", "version", "status"]]
    table = table.merge(visits, on="family_id", how="left")
    return Worklist(table, int(table["status"].notna().sum()), len(table))
