"""The validation report of a pending import: what the candidate holds and what would change.

Everything is read from the candidate database (and, for the comparison, the live one); the
quarantine rows keep their full original values, NIK included, for the admin who fixes the
export: :func:`validation_report` is for admins only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics import sql
from analytics.access.scope import AccessDenied, User
from analytics.errors import DataError
from analytics.poverty.area import fgt_by_area
from analytics.quality import import_log
from analytics.upload.workspace import PendingImport

HEADLINE = ("p0", "p1", "p2", "poor", "population")


@dataclass
class ValidationReport:
    """A pending import, seen from its candidate database.

    Attributes
    ----------
    log : rows per file of the year (source, file, rows_read, loaded, duplicates_merged,
        quarantined) with the live database's loaded / quarantined as ``*_before``.
    reasons : quarantined rows of the year per source and reason_code.
    quarantine : the year's quarantined rows with full original values (admin only).
    columns : unknown headers and optional columns not found, per file of the year.
    years : families and persons per year, before (live) and after (candidate).
    headline : city P0, P1, P2 (fractions), poor persons and population of the year on the
        official line, before and after (NaN where a database has no such year).
    notes : Indonesian sentences the admin should read (new year, line missing, …).
    parts : per file and sheet of the year: format, encoding, delimiter, header row, rows
        read / loaded / merged / quarantined, the warnings of the reading and the status
        (``dibaca``, or ``dilewati`` for a sheet left out).
    accounting : every year's parts, key columns (``import_key``) and families per kelurahan
        in each register (``import_register_count``) of the candidate, for the accounting
        tables (:mod:`analytics.ingest.accounting`; the year is compared with the one before).
    """

    pending: PendingImport
    log: pd.DataFrame
    reasons: pd.DataFrame
    quarantine: pd.DataFrame
    columns: pd.DataFrame
    years: pd.DataFrame
    headline: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    parts: pd.DataFrame | None = None
    accounting: dict[str, pd.DataFrame] = field(default_factory=dict)


def _year_log(con, year: int) -> pd.DataFrame:
    log = import_log(con)
    return log[log["year"] == year].drop(columns="year").reset_index(drop=True)


def _families(con) -> pd.DataFrame:
    return sql.frame(con, "reference/families_per_year")


def _headline(con, year: int) -> tuple[pd.Series | None, str | None]:
    try:
        row = fgt_by_area(con, year, "kota", "official").iloc[0]
    except DataError as exc:  # the year has no families, or no official line
        return None, str(exc)
    return row[list(HEADLINE)].astype(float), None


def validation_report(pending: PendingImport, user: User) -> ValidationReport:
    """Read the report of ``pending`` from its candidate and the live database."""
    if user is None or user.role != "admin":
        raise AccessDenied("Laporan pemeriksaan impor hanya untuk administrator data.")
    year = pending.year
    notes = list(pending.warnings)
    with duckdb.connect(pending.candidate_db, read_only=True) as con:
        log = _year_log(con, year)
        reasons = sql.frame(con, "quality/quarantine_reasons_of_year", {"year": year})
        quarantine = sql.frame(con, "quality/quarantine_of_year", {"year": year})
        columns = sql.frame(con, "quality/column_report_of_year", {"year": year})
        parts = sql.frame(con, "staging/import_parts_of_year", {"year": year})
        accounting = {
            "parts": sql.frame(con, "staging/import_parts_all"),
            "keys": sql.frame(con, "staging/import_keys_all"),
            "registers": sql.frame(con, "staging/register_counts_stored"),
        }
        after = _families(con)
        new_headline, why_not = _headline(con, year)
    if why_not:
        notes.append(f"Angka kemiskinan tahun {year} belum dapat dihitung: {why_not}.")
    with duckdb.connect(pending.live_db, read_only=True) as con:
        before_log = _year_log(con, year)
        before = _families(con)
        old_headline, _ = _headline(con, year)
    if not pending.year_existed and before_log.empty:
        notes.insert(0, f"Tahun {year} belum ada di database: tahun ini akan ditambahkan.")
    before_log = before_log[["source", "loaded", "quarantined"]].rename(
        columns={"loaded": "loaded_before", "quarantined": "quarantined_before"}
    )
    log = log.merge(before_log, on="source", how="outer").sort_values("source", ignore_index=True)
    years = before.merge(after, on="year", how="outer", suffixes=("_before", "_after")).sort_values(
        "year", ignore_index=True
    )
    headline = pd.DataFrame(
        {
            "indicator": list(HEADLINE),
            "before": [float("nan")] * len(HEADLINE) if old_headline is None else old_headline.to_list(),
            "after": [float("nan")] * len(HEADLINE) if new_headline is None else new_headline.to_list(),
        }
    )
    if pending.accept_quarantine:
        notes.append("Batas karantina sengaja dilewati oleh admin saat pemeriksaan (dicatat di log audit).")
    return ValidationReport(pending, log, reasons, quarantine, columns, years, headline, notes, parts, accounting)
