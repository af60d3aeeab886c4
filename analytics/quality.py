"""Data-quality summaries of an import: row accounting, quarantine, issues, linkage."""

import duckdb
import pandas as pd


def import_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows read, loaded, merged as exact duplicates and quarantined, per file."""
    return con.execute(
        """select year, source, file, rows_read, loaded, duplicates_merged, quarantined
           from import_log order by year, source"""
    ).df()


def quarantine_by_reason(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """select source, reason_code, count(*) as rows
           from quarantine group by all order by source, rows desc"""
    ).df()


def link_methods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """How rows of DTKS and P3KE were linked to Regsosek families, per year."""
    return con.execute(
        """select year, 'dtks' as source, coalesce(method, 'tidak_tertaut') as method, count(*) as rows
           from link_dtks group by all
           union all
           select year, 'p3ke_keluarga', coalesce(method, 'tidak_tertaut'), count(*)
           from link_p3ke_keluarga group by all
           order by 1, 2, 4 desc"""
    ).df()
