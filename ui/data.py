"""The only place pages get data from: the read-only database, and cached, typed calls of the
page views in :mod:`analytics.views` (the database file, the selection and the signed-in
user are part of every cache key).

Pages import the functions below; each is a real function of this module calling a real
function of ``analytics`` (no lookup by name), so a rename breaks at import, not at run time.
The module is longer because it holds one three-line cached function per page view: split, it
would no longer be the one place pages get data from.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import alternative_development as p4gn
from analytics import upload
from analytics.access import scope, users
from analytics.access.scope import User, can_see_quarantine
from analytics.demo import database_path, is_demo_database, planned_database
from analytics.errors import DataError, UserError  # noqa: F401  (the pages name the errors they show)
from analytics.formats import number  # noqa: F401  (pages format counts with it)
from analytics.poverty.lines import PovertyLine, resolve_line
from analytics.poverty.lines import available_years as _years
from analytics.reference import (
    REGION_KIND,  # noqa: F401  (pages say "angka kota" or "angka kabupaten" with it)
    REGION_NAME,  # noqa: F401  (pages name the region with it)
    UNIT,  # noqa: F401  (and its areas)
    UNIT_TITLE,  # noqa: F401
    check_database_region,
)
from analytics.views import (
    admin_pages,
    alternative_development_page,
    evaluation_page,
    map_page,
    programs_page,
    quality_page,
    sae_counted,
    sae_page,
    summary_page,
    tables,
    trend_page,
    welfare_page,
)
from analytics.views.sae_counted import COUNTED_HELP, COUNTED_LABEL  # noqa: F401  (the run option's words)
from analytics.views.sae_counted import stored_text as recap_stored_text  # noqa: F401
from analytics.views.sae_influence import SET_ASIDE_HELP, SET_ASIDE_LABEL  # noqa: F401  (the run option's words)
from analytics.views.selection import Selection
from analytics.views.source import Source

SCHEMATIC_WARNING = map_page.SCHEMATIC_WARNING

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
    try:
        check_database_region(con, Path(path).name)
    except DataError:
        con.close()
        raise
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
    """The database file in use (its user store and audit log sit beside it); on the first
    start the demo database's path while it is still being built."""
    return planned_database()


def database_label() -> str:
    """The database file name, for captions (never a full path with a user name)."""
    return os.path.basename(str(database_path()))


@st.cache_resource(show_spinner=False)
def _source(key: str) -> Source:
    return Source(lambda: _connection(key).cursor())


def source() -> Source:
    """The database in use with a memo of what was computed from it (one per database file)."""
    return _source(db_key())


@st.cache_data(show_spinner=False)
def _cached(db: str, name: str, _function, args: tuple, kwargs: tuple):
    # ``name`` (module and qualified name of the function) stands in the cache key for the
    # function object, which Streamlit cannot hash.
    return _function(_source(db), *args, **dict(kwargs))


def _view(function, *args, **kwargs):
    """``function(source, *args, **kwargs)``, cached per database file and arguments."""
    name = f"{function.__module__}.{function.__qualname__}"
    result = _cached(db_key(), name, function, args, tuple(sorted(kwargs.items())))
    return result.copy() if isinstance(result, pd.DataFrame) else result


def _with_source(function):
    """A function of a connection as a function of a Source (for :func:`_view`)."""

    def call(source: Source, *args, **kwargs):
        return source.get(function, *args, **kwargs)

    call.__module__, call.__qualname__ = function.__module__, function.__qualname__
    return call


# --- the sidebar --------------------------------------------------------------------------


def available_years() -> list[int]:
    return _view(_with_source(_years))


def line(year: int, line) -> PovertyLine:
    """The line used: amount, kind, status ('official' | 'estimated' | 'given')."""
    return _view(_with_source(resolve_line), year, line)


# --- pages ----------------------------------------------------------------------------------


def welfare(year: int) -> str:
    """Where the year's poverty figures come from: 'observed', 'model' or 'none'."""
    return _view(programs_page.welfare_kind, year)


def rank_page(selection: Selection, user: User) -> welfare_page.RankPage:
    """The page shown for a year without any money measure (desil ranks, BPS city figures)."""
    return _view(welfare_page.rank_page, selection, user)


def map_indicators(year: int) -> list[str]:
    return _view(map_page.indicator_choices, year)


def uncovered_title(year: int) -> str:
    return _view(map_page.uncovered_title, year)


def summary(selection: Selection, user: User) -> summary_page.SummaryPage:
    return _view(summary_page.build, selection, user)


def briefing_pack(year: int, fmt: str, line, suppress: bool = False, kecamatan=None, kelurahan=None) -> bytes:
    """The briefing file (pdf, pptx or xlsx) for the city, or for the sidebar's kecamatan or
    kelurahan; built only when a download button calls it, since one pack takes a few seconds.
    ``suppress``: the version for a role without household access (:mod:`analytics.disclosure`)."""
    from analytics.report import build_report

    return build_report(cursor(), year, fmt, line=line, suppress=suppress, kecamatan=kecamatan, kelurahan=kelurahan)


def trend(selection: Selection, user: User) -> trend_page.TrendSeries:
    return _view(trend_page.trend, selection, user)


def changes(selection: Selection, year_start: int, year_end: int, level: str, user: User) -> trend_page.ChangePage:
    return _view(trend_page.changes, selection, year_start, year_end, level, user)


def map_caption(selection: Selection) -> str:
    return _view(map_page.caption, selection)


def indicator_values(year: int, line, indicator: str, protected: bool) -> pd.DataFrame:
    return _view(map_page.indicator_values, year, line, indicator, protected)


def uncovered_points(selection: Selection, user: User, kelurahan: str | None = None) -> map_page.UncoveredPoints:
    return _view(map_page.uncovered_points, selection, user, kelurahan)


def profile(selection: Selection, kode: str, user: User) -> map_page.Profile:
    return _view(map_page.profile, selection, kode, user)


eligibility_choices = programs_page.eligibility_choices
program_choices = programs_page.program_choices
simulator_offered = programs_page.simulator_offered


def coverage(selection: Selection, eligible: str, program: str, user: User) -> programs_page.CoverageView:
    return _view(programs_page.coverage_view, selection, eligible, program, user)


def segments(selection: Selection, user: User) -> programs_page.SegmentsView:
    return _view(programs_page.segments_view, selection, user)


def uncovered_list(
    selection: Selection, eligible: str, kelurahan: str | None, segment: str | None, user: User
) -> programs_page.UncoveredList:
    return _view(programs_page.uncovered_list, selection, eligible, kelurahan, segment, user)


def simulation(selection: Selection, amount: float, target: str, size: int, rule: str) -> programs_page.SimulationView:
    return _view(programs_page.simulate, selection, amount, target, size, rule)


def imports() -> quality_page.ImportSummary:
    return _view(quality_page.imports)


def registers(year: int) -> quality_page.Registers:
    return _view(quality_page.registers, year)


def frame(year: int) -> quality_page.Frame:
    return _view(quality_page.frame, year)


def quarantine_reasons() -> pd.DataFrame:
    return _view(quality_page.quarantine_reasons)


quarantine_readable = can_see_quarantine
VERIFICATION_NOTES = quality_page.VERIFICATION_NOTES
PRIORITY_RULE = quality_page.PRIORITY_RULE


def quarantine_reason_codes() -> dict[str, str]:
    return _view(quality_page.quarantine_reason_codes)


def quarantine_export(year: int, reason: str | None, user: User) -> quality_page.QuarantineExport | None:
    return _view(quality_page.quarantine_export, year, reason, user)


def conflicts(year: int, user: User) -> quality_page.Conflicts:
    return _view(quality_page.conflicts, year, user)


def verification_list(selection: Selection, user: User) -> tables.Listing:
    return _view(quality_page.verification_list, selection, user)


def alternative_development(
    selection: Selection, user: User
) -> alternative_development_page.AlternativeDevelopmentPage:
    return _view(alternative_development_page.build, selection, user, p4gn_status())


def evaluation(selection: Selection, user: User) -> evaluation_page.EvaluationPage:
    """Evaluasi Tahunan: the six chapters of the year's review for ``user``."""
    return _view(evaluation_page.build, selection, user)


def evaluation_word(selection: Selection, user: User) -> bytes:
    """The review as a Word file, built only when its download button calls it."""
    return evaluation_page.word_file(source(), selection, user)


# --- the small-area model ---------------------------------------------------------------------

MODEL_TRANSFORMS = sae_page.TRANSFORMS
COVARIATE_LABELS = sae_page.COVARIATE_LABELS


def sae_survey_year(year: int) -> sae_page.SurveyYear:
    return _view(sae_page.survey_year, year)


def sae_published(run_id: str) -> sae_page.RunView:
    return _view(sae_page.published_view, run_id)


def sae_suggestion(year: int) -> sae_page.Suggestion:
    return _view(sae_page.suggest_covariates, year)


def sae_run(
    year: int,
    covariates: tuple[str, ...],
    transform: str,
    benchmark: bool,
    user: User,
    set_aside: bool = False,
    counted: bool = True,
):
    """Run the model (about half a minute); not cached: the page keeps the run until it is
    published or discarded."""
    from analytics.model.lock import one_run
    from analytics.model.run import RunSettings, run_model

    settings = RunSettings(
        covariates=covariates, transform=transform, benchmark=benchmark, set_aside=set_aside, counted=counted
    )
    with one_run(db_path()):  # one run at a time per database, the command line's too
        return run_model(cursor(), year, settings, user.username)


def sae_run_view(run) -> sae_page.RunView:
    return sae_page.run_view(run)


def sae_publish(run, user: User) -> None:
    """Publish ``run`` (the database is swapped; every page then reads the new file) and audit it."""
    from analytics.model.publish import publish_as

    publish_as(db_path(), run, user)


def sae_store_recap(year: int, name: str, content: bytes, user: User):
    """Read an uploaded extreme-poverty recap and store it as the year's (the database is swapped);
    returns what was stored and the rows not used, each with its reason."""
    from pathlib import Path

    from analytics.access.files import upload_folder
    from analytics.model.extreme_list import read_recap
    from analytics.model.extreme_store import store_recap_as
    from analytics.upload.limits import check_sizes

    check_sizes([(name, len(content))])
    with upload_folder(db_path()) as folder:  # private beside the database, removed in every outcome
        path = folder / f"rekap{Path(name).suffix.lower()}"
        path.write_bytes(content)
        recap = read_recap(path)
    stored = store_recap_as(db_path(), year, recap, user, source=name, content=content)
    return stored, sae_counted.rejects_table(recap.rejects)


# --- files beside the database ---------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def boundaries():
    """Kelurahan polygons (official file where configured, else schematic); not to be modified."""
    from geo import kelurahan_map

    return kelurahan_map()


@st.cache_data(show_spinner=False)
def _p4gn_status(path: str, modified: int) -> p4gn.StatusImport:
    return p4gn.read_status_table(path)


def p4gn_status() -> p4gn.StatusImport:
    """The P4GN team's statuses; re-read when the file changes."""
    path = p4gn.configured_status_file()
    modified = path.stat().st_mtime_ns if path.exists() else 0
    return _p4gn_status(str(path), modified)


# --- the administrator's pages ------------------------------------------------------------------

DEMO_DATABASE_NOTE = admin_pages.DEMO_DATABASE_NOTE
ROLE_LABELS = scope.ROLE_LABELS
ROLES = scope.ROLES
AccountError = users.AccountError
UploadRefused = upload.UploadRefused
IncomingFile = upload.IncomingFile
upload_limits = admin_pages.upload_limits
filter_audit = admin_pages.filter_audit


def users_path() -> Path:
    """The user store and audit log of the database in use."""
    return users.users_path_for(db_path())


def is_demo() -> bool:
    """True when the dashboard reads the demo database (which takes no import)."""
    return is_demo_database(db_path())


def accounts() -> pd.DataFrame:
    """username, role, kelurahan, created_at of every account (never a password hash)."""
    return users.list_users(users_path())


def accounts_table() -> pd.DataFrame:
    return admin_pages.accounts_table(accounts())


def add_user(name: str, password: str, role: str, kelurahan: str | None, by: User) -> None:
    users.add_user(users_path(), name, password, role, kelurahan, by=by)


def set_role(name: str, role: str, kelurahan: str | None, by: User) -> None:
    users.set_role(users_path(), name, role, kelurahan, by=by)


def set_password(name: str, password: str, by: User) -> None:
    users.set_password(users_path(), name, password, by=by)


def remove_user(name: str, by: User) -> None:
    users.remove_user(users_path(), name, by=by)


def audit_log() -> admin_pages.AuditLog:
    return admin_pages.audit_log(users_path())


def pending_import() -> upload.PendingImport | None:
    return upload.pending_import(db_path())


def stage_upload(year: int, files: list, user: User, accept_quarantine: bool = False) -> None:
    upload.stage_upload(
        db_path(),
        year,
        [upload.IncomingFile(f.name, f.getbuffer()) for f in files],
        user,
        accept_quarantine=accept_quarantine,
    )


def commit_import(staging_id: str, user: User):
    return upload.commit_import(db_path(), staging_id, user)


def cancel_import(staging_id: str, user: User) -> None:
    upload.cancel_import(db_path(), staging_id, user)


def import_report(pending: upload.PendingImport, user: User) -> admin_pages.ImportReport:
    return admin_pages.import_report(pending, user)
