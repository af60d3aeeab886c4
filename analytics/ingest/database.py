"""Building the DuckDB file: reference tables, staging, linkage, integrated tables.

The new database is always built in a temporary file beside the target, checked, closed
and then moved over the old one with os.replace, so a failed import leaves the previous
database exactly as it was and readers never see a half-built file.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from analytics.ingest.errors import ImportFailed
from analytics.paths import SQL_DIR
from analytics.reference import load_bps_poverty, load_extreme_line, load_kecamatan, load_kelurahan

# Jaro-Winkler similarity a head's name must reach (with equal birth date and kelurahan)
# to link records whose keys were damaged; measured precision/recall is in the README.
MIN_NAME_SIMILARITY = 0.92

BOOKKEEPING_SQL = """
create table import_log (
    year integer, source varchar, file varchar, rows_read integer, loaded integer,
    duplicates_merged integer, quarantined integer
);
create table quarantine (
    year integer, source varchar, file varchar, row_number integer, reason_code varchar,
    message varchar, original varchar
);
create table duplicate_row (
    year integer, source varchar, file varchar, row_number integer, same_as_row integer
);
create table data_issue (
    year integer, source varchar, file varchar, row_number integer, issue_code varchar,
    column_name varchar, message varchar
);
create table column_report (
    year integer, source varchar, file varchar, kind varchar, column_name varchar
);
create table import_meta (key varchar primary key, value varchar);
"""


def run_sql_file(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    # Comments may hold semicolons; our SQL files have no "--" inside string literals.
    sql = re.sub(r"--[^\n]*", "", (SQL_DIR / name).read_text(encoding="utf-8"))
    for statement in [s for s in sql.split(";") if s.strip()]:
        used = {k: v for k, v in (params or {}).items() if f"${k}" in statement}
        con.execute(statement, used or None)


@contextmanager
def build_aside(target: Path):
    """Yield a connection to a fresh temporary database; on success move it over target."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        yield con
        con.execute("checkpoint")
        con.close()
        # Names and quarantined originals: readable by the dashboard's own account only.
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    run_sql_file(con, "schema.sql")
    con.execute(BOOKKEEPING_SQL)
    lines = load_bps_poverty().merge(load_extreme_line(), on="year", how="left")
    for table, frame in (("kec", load_kecamatan()), ("kel", load_kelurahan()), ("lines", lines)):
        con.register(f"ref_{table}", frame)
    con.execute("insert into kecamatan select kode, nama, population_2024 from ref_kec")
    con.execute(
        """insert into kelurahan
           select kode, nama, kode_kecamatan, centroid_lon, centroid_lat, area_km2 from ref_kel"""
    )
    con.execute(
        """insert into poverty_line
           select year, poverty_line, poverty_line_status, extreme_line, status from ref_lines"""
    )
    con.execute(
        """insert into bps_poverty
           select year, poor_persons, p0_pct / 100, p1_bps / 100, p2_bps / 100 from ref_lines"""
    )
    for table in ("kec", "kel", "lines"):
        con.unregister(f"ref_{table}")


def store_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("_frame", frame)
    try:
        con.execute(f"create table {table} as select * from _frame")
    finally:
        con.unregister("_frame")


def append_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_frame", frame)
    try:
        cols = ", ".join(frame.columns)
        con.execute(f"insert into {table} ({cols}) select {cols} from _frame")
    finally:
        con.unregister("_frame")


def link_and_integrate(con: duckdb.DuckDBPyConnection) -> None:
    params = {"min_name_similarity": MIN_NAME_SIMILARITY}
    run_sql_file(con, "link_keys.sql")
    run_sql_file(con, "link_dtks.sql", params)
    run_sql_file(con, "link_p3ke.sql", params)
    run_sql_file(con, "integrate_family.sql")
    run_sql_file(con, "integrate_person.sql")
    run_sql_file(con, "quality_after_link.sql")


def check_accounting(con: duckdb.DuckDBPyConnection) -> None:
    """Every input row is loaded, merged as a duplicate or quarantined: refuse otherwise."""
    bad = con.execute(
        "select file from import_log where rows_read <> loaded + duplicates_merged + quarantined"
    ).fetchall()
    if bad:
        raise ImportFailed(f"Perhitungan baris tidak seimbang untuk: {', '.join(r[0] for r in bad)}")
