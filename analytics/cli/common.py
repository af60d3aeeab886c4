"""Argument parsing, database opening and output shared by the subcommands."""

import json
import math
import os

import duckdb

from analytics import sql
from analytics.csvsafe import csv_text
from analytics.errors import DataError, InputError
from analytics.reference import check_database_region

# Tables every command reads besides family (the integrated schema of the importer).
SCHEMA_TABLES = ("kecamatan", "kelurahan", "poverty_line", "bps_poverty")


def parse_year(text: str, flag: str = "--year") -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{flag} harus berupa bilangan bulat, bukan {text!r}") from None


def parse_line(text: str, *, allow_kind: bool):
    if text in ("official", "extreme"):
        if not allow_kind:
            raise InputError("mode --csv perlu --line berupa jumlah Rp, bukan official/extreme")
        return text
    try:
        amount = float(text)
    except ValueError:
        expected = "official, extreme atau jumlah Rp" if allow_kind else "jumlah Rp"
        raise InputError(f"--line harus {expected}, bukan {text!r}") from None
    if not math.isfinite(amount) or amount <= 0:
        raise InputError(f"--line harus berupa jumlah positif, bukan {text!r}")
    return amount


def open_database(path: str) -> duckdb.DuckDBPyConnection:
    if not os.path.isfile(path):
        raise InputError(f"berkas basis data tidak ditemukan: {path}")
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise InputError(f"berkas basis data tidak dapat dibuka: {path} ({first_line(exc)})") from None
    if "expenditure_pc" not in sql.table_columns(con, "family"):
        con.close()
        raise DataError(f"berkas basis data tidak berisi tabel family: {path}")
    missing = [table for table in SCHEMA_TABLES if not sql.table_columns(con, table)]
    if missing:
        con.close()
        raise DataError(f"basis data tidak sesuai skema: tabel {', '.join(missing)} tidak ada ({path})")
    try:
        check_database_region(con, path)
    except DataError:
        con.close()
        raise
    return con


def render(frame, output_format: str) -> str:
    if output_format == "csv":
        # Default float formatting is repr: the shortest text that reads back exactly.
        return csv_text(frame, lineterminator="\n")
    records = []
    for row in frame.to_dict(orient="records"):
        records.append({key: _json_value(value) for key, value in row.items()})
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _json_value(value):
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
