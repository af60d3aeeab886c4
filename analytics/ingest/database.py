"""Building the DuckDB file: reference tables, staging, linkage, integrated tables.

The new database is always built in a temporary file beside the target, checked, closed
and then moved over the old one with os.replace, so a failed import leaves the previous
database exactly as it was and readers never see a half-built file. The temporary file and
its ``.wal`` hold names and quarantined originals: they are created private (mode 0600) from
the first byte, and leftovers of an import that was killed are removed first
(:mod:`analytics.access.files`).
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from analytics import sql
from analytics.access.files import private_files, remove_leftovers
from analytics.errors import ImportFailed
from analytics.reference import load_bps_poverty, load_extreme_line, load_kecamatan, load_kelurahan
from analytics.settings import settings


@contextmanager
def build_aside(target: Path):
    """Yield a connection to a fresh temporary database; on success move it over target."""
    target = Path(target)
    with private_files():
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        try:
            yield con
            sql.execute(con, "meta/checkpoint")
            con.close()
            os.chmod(tmp, 0o600)  # already private (the mask); kept for a file system that ignores it
            os.replace(tmp, target)
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
            raise


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    sql.execute_folder(con, "integrated/schema")
    sql.execute_folder(con, "staging/bookkeeping")
    sql.execute_folder(con, "model/schema")
    sql.install_macros(con)
    lines = load_bps_poverty().merge(load_extreme_line(), on="year", how="left")
    for table, frame in (("kec", load_kecamatan()), ("kel", load_kelurahan()), ("lines", lines)):
        con.register(f"ref_{table}", frame)
    sql.execute_folder(con, "reference/load")
    for table in ("kec", "kel", "lines"):
        con.unregister(f"ref_{table}")


@contextmanager
def stage_folder(target: Path):
    """A folder beside the target for the workers' Parquet files; removed afterwards."""
    folder = Path(target).with_name(f"{Path(target).name}.stage-{os.getpid()}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def stage_parquet(con: duckdb.DuckDBPyConnection, table: str, path: str, create: bool) -> None:
    """A worker's checked rows into their staging table (created by the first file of a source)."""
    sql.execute(
        con, "staging/create_from_parquet" if create else "staging/insert_from_parquet", {"path": path}, table=table
    )


def store_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("_frame", frame)
    try:
        sql.execute(con, "meta/store_frame", table=table)
    finally:
        con.unregister("_frame")


def append_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_frame", frame)
    try:
        sql.execute(con, "meta/append_frame", table=table, columns=", ".join(frame.columns))
    finally:
        con.unregister("_frame")


def link_and_integrate(con: duckdb.DuckDBPyConnection) -> None:
    # Jaro-Winkler similarity a head's name must reach (with equal birth date and kelurahan)
    # to link records whose keys were damaged; measured precision/recall is in the README.
    params = {"min_name_similarity": settings().name_similarity}
    sql.execute_folder(con, "integrated/build", params)


def check_accounting(con: duckdb.DuckDBPyConnection) -> None:
    """Every input row is loaded, merged as a duplicate or quarantined: refuse otherwise."""
    bad = sql.rows(con, "staging/unbalanced_files")
    if bad:
        raise ImportFailed(f"Perhitungan baris tidak seimbang untuk: {', '.join(r[0] for r in bad)}")
