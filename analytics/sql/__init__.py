"""The one door to SQL: every statement lives in a ``.sql`` file under this folder.

Files are grouped by the stage of the data flow they serve (``reference/``, ``staging/``,
``integrated/``, ``measures/``, ``programs/``, ``quality/``, ``access/``, ``meta/``) and
hold one statement each; a step made of several statements is a folder whose files run in
name order (:func:`execute_folder`). Queries are named by their path without ``.sql``,
e.g. ``"measures/fgt_aggregate"``.

Values are always bound parameters (``$name`` for DuckDB, ``:name`` for the SQLite user
store); only the parameters a statement names are passed to it. Identifiers cannot be
bound, so a few queries take ``{placeholders}`` filled with a fixed expression or a column
checked by :func:`quote_column`; nothing typed by a user is ever formatted into SQL.

The poverty rule (a person is poor when ``y < z``, or ``y <= z`` with ``poor_le``) and the
FGT sums exist once, as the DuckDB macros in ``macros/``. The importer stores them in every
database it builds; a connection to a database without them (an in-memory one, or a file
built by an older version) gets them as temporary macros on first use.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_ROOT = Path(__file__).resolve().parent
MACRO_FOLDER = "macros"

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

_DUCK_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_SQLITE_PARAM = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")


@cache
def _file_text(name: str) -> str:
    path = SQL_ROOT / f"{name}.sql"
    if not path.is_file():
        raise LookupError(f"no SQL file {name!r} under {SQL_ROOT}")
    return path.read_text(encoding="utf-8")


def text(name: str, **fragments: str) -> str:
    """The statement of ``<name>.sql`` with its ``{placeholders}`` filled from ``fragments``.

    A fragment is SQL the caller composed from fixed text (another file's statement, a fixed
    expression, or an identifier quoted by :func:`quote_column`).

    >>> "poor_sum(" in text("measures/fgt")
    True
    """
    sql = _file_text(name)
    return sql.format_map(fragments) if fragments else sql


def with_ctes(body: str, **ctes: str) -> str:
    """Compose ``with <name> as (<sql>), … select * from (<body>)``.

    >>> with_ctes("select 1", a="select 2")
    'with a as (\\nselect 2\\n)\\nselect * from (\\nselect 1\\n)'
    """
    parts = ",\n".join(f"{name} as (\n{sql}\n)" for name, sql in ctes.items())
    return f"with {parts}\nselect * from (\n{body}\n)"


def _bound(sql: str, params: dict | None, pattern: re.Pattern) -> dict | None:
    if not params:
        return None
    named = set(pattern.findall(sql))
    return {key: value for key, value in params.items() if key in named} or None


def _run(con, sql: str, params: dict | None):
    if isinstance(con, sqlite3.Connection):
        return con.execute(sql, _bound(sql, params, _SQLITE_PARAM) or {})
    bound = _bound(sql, params, _DUCK_PARAM)
    try:
        return con.execute(sql, bound)
    except duckdb.CatalogException as exc:
        if not _names_a_macro(str(exc)):
            raise
        install_macros(con, temporary=True)
        return con.execute(sql, bound)


def run_sql(con, sql: str, params: dict | None = None):
    """Execute composed SQL text (from :func:`text` / :func:`with_ctes`); returns the cursor."""
    return _run(con, sql, params)


def frame(
    con, name: str, params: dict | None = None, *, inputs: dict[str, str] | None = None, **fragments: str
) -> pd.DataFrame:
    """Result of the query ``name`` as a DataFrame (DuckDB).

    ``inputs`` maps the names of the relations the query reads (e.g. ``poverty_input``) to
    the SQL that produces them; they become common table expressions (:func:`with_ctes`).
    """
    statement = text(name, **fragments)
    if inputs:
        statement = with_ctes(statement, **inputs)
    return _run(con, statement, params).df()


def frame_of(con, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Result of composed SQL text as a DataFrame (DuckDB)."""
    return _run(con, sql, params).df()


def rows(con, name: str, params: dict | None = None, **fragments: str) -> list[tuple]:
    """All rows of the query ``name`` (DuckDB or SQLite)."""
    return _run(con, text(name, **fragments), params).fetchall()


def row(con, name: str, params: dict | None = None, **fragments: str) -> tuple | None:
    """The first row of the query ``name``, or None."""
    return _run(con, text(name, **fragments), params).fetchone()


def execute(con, name: str, params: dict | None = None, **fragments: str) -> None:
    """Run the statement ``name`` for its effect."""
    _run(con, text(name, **fragments), params)


def folder_statements(folder: str) -> list[str]:
    """Names of the statements of a step folder, in the order they run."""
    paths = sorted((SQL_ROOT / folder).glob("*.sql"))
    if not paths:
        raise LookupError(f"no SQL files in {folder!r}")
    return [f"{folder}/{path.stem}" for path in paths]


def execute_folder(con, folder: str, params: dict | None = None, **fragments: str) -> None:
    """Run every statement of a step folder in name order."""
    for name in folder_statements(folder):
        execute(con, name, params, **fragments)


def install_macros(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create the poverty-rule and FGT macros (stored in the database, or temporary)."""
    for name in folder_statements(MACRO_FOLDER):
        con.execute(text(name, scope="temp" if temporary else ""))


@cache
def macro_names() -> frozenset[str]:
    pattern = re.compile(r"macro\s+([a-z_][a-z0-9_]*)\s*\(", re.IGNORECASE)
    return frozenset(pattern.search(_file_text(name)).group(1) for name in folder_statements(MACRO_FOLDER))


def _names_a_macro(message: str) -> bool:
    return any(f"name {name} does not exist" in message for name in macro_names())


def quote_identifier(name: str) -> str:
    """Double-quote an identifier (only for names already checked to exist)."""
    return '"' + name.replace('"', '""') + '"'


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> DuckDB type of a table or view; empty if it does not exist."""
    return dict(rows(con, "meta/table_columns", {"table": table}))


def quote_table(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Quote a table or view name after checking that it exists."""
    from analytics.errors import InputError

    if not isinstance(table, str) or not table_columns(con, table):
        raise InputError(f"tabel {table!r} tidak ada")
    return quote_identifier(table)


def quote_column(con: duckdb.DuckDBPyConnection, table: str, column: str, *, numeric: bool = False) -> str:
    """Return the quoted column if ``table`` has it (and it is numeric when required)."""
    from analytics.errors import InputError

    columns = table_columns(con, table)
    if not isinstance(column, str) or column not in columns:
        raise InputError(f"kolom {column!r} tidak ada (kolom yang tersedia: {', '.join(columns)})")
    if numeric and not columns[column].upper().startswith(NUMERIC_TYPES):
        raise InputError(f"kolom {column!r} harus berisi angka (tipenya {columns[column]})")
    return quote_identifier(column)
