"""The only place pages get data from: a cached read-only DuckDB connection and cached
calls of analytics functions (year, line and area are part of every cache key).

A line is 'official', 'extreme' or an amount in Rp (float). Functions of modules written
in parallel (programs, segments, MPI, simulation, transitions) are imported inside the
wrappers so that a page without them still loads.
"""

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics.access.scope import User
from analytics.demo import database_path

# path -> (file key, connection) of the file last opened under that path
_OPEN: dict[str, tuple[str, duckdb.DuckDBPyConnection]] = {}


@st.cache_resource(show_spinner="Menyiapkan database (pertama kali: membuat data demo, sekitar 1 menit)…")
def _connection(key: str) -> duckdb.DuckDBPyConnection:
    path = key.rsplit("@", 1)[0]
    previous = _OPEN.get(path)
    if previous is not None and previous[0] != key:
        # DuckDB hands a path's already-open database to new connections, so the file an
        # import swapped in is read only once the old one is closed. A query still running
        # on the old file fails once; its page shows the new data on the next run.
        previous[1].close()
    con = duckdb.connect(path, read_only=True)
    _OPEN[path] = (key, con)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(_file_key())


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor per call: one DuckDB connection shared by Streamlit's threads."""
    return connection().cursor()


def _file_key() -> str:
    # The path and the file's identity: an import swaps a new file in under the same path
    # (os.replace), and sessions must then read the new one. Open connections keep reading
    # the file they opened, so a page run in progress stays consistent.
    path = database_path()
    info = path.stat()
    return f"{path}@{info.st_ino}-{info.st_mtime_ns}"


def db_key() -> str:
    """Part of every cache key: results of one database file are never served for another."""
    return _file_key()


def db_path() -> Path:
    """The database file in use (its user store and audit log sit beside it)."""
    return database_path()


# --- import and data quality -------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _import_log(db: str) -> pd.DataFrame:
    from analytics.quality import import_log as query

    return query(cursor())


def import_log() -> pd.DataFrame:
    return _import_log(db_key())


@st.cache_data(show_spinner=False)
def _quarantine_by_reason(db: str) -> pd.DataFrame:
    from analytics.quality import quarantine_by_reason as query

    return query(cursor())


def quarantine_by_reason() -> pd.DataFrame:
    return _quarantine_by_reason(db_key())


@st.cache_data(show_spinner=False)
def _available_years(db: str) -> list[int]:
    from analytics.poverty.lines import available_years as query

    return query(cursor())


def available_years() -> list[int]:
    return _available_years(db_key())


@st.cache_data(show_spinner=False)
def _line(db: str, year: int, line) -> dict:
    from analytics.poverty.lines import resolve_line

    return resolve_line(cursor(), year, line).as_dict()


def line(year: int, line) -> dict:
    """The line used: amount, kind, status ('official' | 'estimated' | 'given')."""
    return _line(db_key(), year, line)


@st.cache_data(show_spinner=False)
def _cached(db: str, name: str, args: tuple, kwargs: tuple) -> pd.DataFrame:
    module_name, function_name = name.rsplit(".", 1)
    module = __import__(module_name, fromlist=[function_name])
    return getattr(module, function_name)(cursor(), *args, **dict(kwargs))


def call(name: str, *args, **kwargs) -> pd.DataFrame:
    """Cached call of an analytics function ``module.function(con, *args, **kwargs)``.

    Every argument (year, line, area, …) is part of the cache key, as is the database.
    The result is a copy: pages may rename columns freely.
    """
    result = _cached(db_key(), name, tuple(args), tuple(sorted(kwargs.items())))
    return result.copy() if isinstance(result, pd.DataFrame) else result


# --- poverty -------------------------------------------------------------------------------


def briefing_pack(year: int, fmt: str, line, suppress: bool = False) -> bytes:
    """The briefing file (pdf, pptx or xlsx) for the city; built only when a download
    button calls it, since one pack takes a few seconds. ``suppress``: the version for a
    role without household access (counts of 1 to 9 shown as ``<10``, see
    ``analytics.report.suppression``)."""
    from analytics.report import build_report

    return build_report(cursor(), year, fmt, line=line, suppress=suppress)


def headline(year: int, line, area: str) -> pd.DataFrame:
    return call("analytics.summary.headline", year, line, area)


def narrative(year: int, line, area: str, within: str | None) -> str:
    """The year's paragraph for a briefing, from the same cached tables the page shows."""
    from analytics.narrative import describe_year

    return describe_year(headline(year, line, area), kelurahan_change(year, line, within))


def fgt(year: int, by: str, line) -> pd.DataFrame:
    return call("analytics.poverty.area.fgt_by_area", year, by=by, line=line)


def area_table(year: int, by: str, line, within: str | None) -> pd.DataFrame:
    return call("analytics.summary.area_table", year, by, line, within)


def kelurahan_change(year: int, line, within: str | None) -> pd.DataFrame:
    return call("analytics.summary.kelurahan_change", year, line, within)


def trend(line, area: str) -> pd.DataFrame:
    return call("analytics.summary.fgt_trend", line, area)


def change_by_area(year_start: int, year_end: int, level: str, line: str) -> pd.DataFrame:
    return call("analytics.poverty.change.change_by_area", year_start, year_end, level=level, line=line)


def datt_ravallion(year_start: int, year_end: int, line: str) -> pd.DataFrame:
    return call("analytics.poverty.datt_ravallion.datt_ravallion", year_start, year_end, line=line)


def transitions(year_from: int, year_to: int, by: str, line) -> pd.DataFrame:
    return call("analytics.poverty.transitions.transitions", year_from, year_to, by, line)


def mpi(year: int, by: str, k: float = 1 / 3) -> pd.DataFrame:
    return call("analytics.mpi.alkire_foster", year, by, k)


# --- programs ------------------------------------------------------------------------------


def coverage(year: int, by: str, program: str, eligible: str, line) -> pd.DataFrame:
    return call("analytics.programs.coverage.coverage", year, by, program, eligible, line)


# Household rows: the signed-in user is an argument (and so part of the cache key), and the
# analytics function refuses what is outside the user's scope.


def uncovered_eligible(
    year: int, eligible: str, line, kode_kelurahan: str | None, segment: str | None, user: User
) -> pd.DataFrame:
    return call(
        "analytics.programs.coverage.uncovered_eligible",
        year,
        eligible,
        line,
        kode_kelurahan=kode_kelurahan,
        segment=segment,
        user=user,
    )


def uncovered_list(
    year: int, eligible: str, line, kelurahan: str | None, kecamatan: str | None, segment: str | None, user: User
) -> pd.DataFrame:
    """Uncovered eligible families of an area with the head's name and masked NIK."""
    families = uncovered_eligible(year, eligible, line, kelurahan, segment, user)
    if kecamatan is not None:
        families = families[families["kode_kecamatan"] == kecamatan]
    heads = family_heads(year, tuple(families["family_id"]), user)
    return families.merge(heads, on="family_id", how="left")


def family_heads(year: int, family_ids: tuple[str, ...], user: User) -> pd.DataFrame:
    return call("analytics.summary.family_heads", year, tuple(family_ids), user=user)


def segments(year: int, by: str, line) -> pd.DataFrame:
    return call("analytics.segments.segments", year, by, line)


def simulate_transfer(year: int, amount: float, n_families, budget, rule: str, line) -> pd.DataFrame:
    return call(
        "analytics.simulation.simulate_transfer",
        year,
        amount,
        n_families=n_families,
        budget=budget,
        rule=rule,
        line=line,
    )


# --- data quality --------------------------------------------------------------------------


def register_overlap(year: int) -> pd.DataFrame:
    return call("analytics.quality.register_overlap", year)


def link_methods(year: int) -> pd.DataFrame:
    return call("analytics.quality.link_methods", year)


def quarantine_rows(year: int | None, reason: str | None, user: User) -> pd.DataFrame:
    return call("analytics.quality.quarantine_rows", year, reason, user=user)


def source_conflicts(year: int, user: User) -> pd.DataFrame:
    return call("analytics.quality.source_conflicts", year, user=user)


def conflict_counts(year: int, user: User) -> pd.DataFrame:
    from analytics.quality import conflict_counts as count

    return count(source_conflicts(year, user))


def verification_priority(year: int, line, user: User) -> pd.DataFrame:
    return call("analytics.quality.verification_priority", year, line, user=user)


# --- geography and P4GN --------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def boundaries():
    """Kelurahan polygons (official file where configured, else schematic); not to be modified."""
    from geo import kelurahan_map

    return kelurahan_map()


def status_file() -> Path:
    from analytics.alternative_development import configured_status_file

    return configured_status_file()


@st.cache_data(show_spinner=False)
def _p4gn_status(path: str, modified: int):
    from analytics.alternative_development import read_status_table

    return read_status_table(path)


def p4gn_status():
    """The P4GN team's statuses (StatusImport); re-read when the file changes."""
    path = status_file()
    modified = path.stat().st_mtime_ns if path.exists() else 0
    return _p4gn_status(str(path), modified)


def database_label() -> str:
    """The database file name, for captions (never a full path with a user name)."""
    return os.path.basename(str(database_path()))


def p4gn_cross(year: int, line) -> pd.DataFrame:
    """The P4GN statuses crossed with each kelurahan's FGT and empowerable poor families."""
    from analytics.alternative_development import cross_with_poverty

    return cross_with_poverty(p4gn_status().table, fgt(year, "kelurahan", line), segments(year, "kelurahan", line))


def p4gn_dual_aim(year: int, line) -> pd.DataFrame:
    from analytics.alternative_development import dual_aim_kelurahan

    return dual_aim_kelurahan(p4gn_cross(year, line))
