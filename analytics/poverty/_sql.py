"""Loading and composing the poverty SQL files.

Every query lives in ``analytics/sql/poverty_*.sql``; values are always bound parameters
(``$name``). Identifiers cannot be bound, so the few queries that group by or weight with
a user-named column take it through :func:`quote_column`, which accepts only a column
that exists in the named table and double-quotes it.
"""

from __future__ import annotations

from functools import cache

import duckdb
import pandas as pd

from analytics.paths import SQL_DIR

NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)


@cache
def load_sql(name: str) -> str:
    """Text of ``analytics/sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Run a query with bound parameters and return a DataFrame."""
    return con.execute(sql, params or {}).df()


def with_input(input_sql: str, body_sql: str) -> str:
    """Compose ``with poverty_input as (<input>) select * from (<body>)``."""
    return f"with poverty_input as (\n{input_sql}\n)\nselect * from (\n{body_sql}\n)"


def quote_identifier(name: str) -> str:
    """Double-quote an identifier (only for names already checked to exist)."""
    return '"' + name.replace('"', '""') + '"'


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> DuckDB type of a table or view; empty if it does not exist."""
    rows = con.execute(load_sql("poverty_table_columns"), {"table": table}).fetchall()
    return {name: dtype for name, dtype in rows}


def quote_column(con: duckdb.DuckDBPyConnection, table: str, column: str, *, numeric: bool = False) -> str:
    """Return the quoted column if ``table`` has it (and it is numeric when required)."""
    columns = table_columns(con, table)
    if not isinstance(column, str) or column not in columns:
        raise ValueError(f"kolom {column!r} tidak ada (kolom yang tersedia: {', '.join(columns)})")
    if numeric and not columns[column].upper().startswith(NUMERIC_TYPES):
        raise ValueError(f"kolom {column!r} harus berisi angka (tipenya {columns[column]})")
    return quote_identifier(column)
