"""What the Verval page takes from analytics: the worklist, the visit form's choices and
checks, saving a visit and reviewing one. Beside ``ui/data.py`` (same database and store), not
cached across runs: the verval store changes with every saved visit. The outcomes the
aggregate pages show (:func:`outcomes`) are cached per database file and per state of the
store (its files' modification times), so a saved visit or review shows at once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.access.scope import User
from analytics.errors import InputError, VervalConflict  # noqa: F401  (the page names the errors it shows)
from analytics.verval import exports, families, store, visit
from analytics.verval.worklist import REASONS  # noqa: F401  (the page's reason filter)
from analytics.views import verval_outcomes_page, verval_page
from analytics.views.selection import Selection
from ui import data

OUTCOMES, INDICATORS, DWELLING, MEMBERS = visit.OUTCOMES, visit.INDICATORS, visit.DWELLING, visit.MEMBERS
PROGRAMS, INCOME, FINDINGS, GROUPS = visit.PROGRAMS, visit.INCOME, visit.FINDINGS, visit.GROUPS
REFERRALS, SUPPORT, MAX_SIZE, MAX_NOTE = visit.REFERRALS, visit.SUPPORT, visit.MAX_SIZE, visit.MAX_NOTE
FAKIR_MISKIN_MIN = visit.FAKIR_MISKIN_MIN
STATUS_LABELS = verval_page.STATUS_LABELS
TO_VISIT = verval_page.TO_VISIT
REVIEW_ROLES = store.REVIEW_ROLES
check_visit = visit.check_visit


def worklist(
    selection: Selection, reason: str | None, rt: str | None, status: str | None, user: User
) -> verval_page.WorklistView:
    return verval_page.worklist_view(data.source(), data.db_path(), selection, reason, rt, status, user=user)


def current_visit(record_id: str | None, user: User) -> dict:
    """The newest version's visit of a record (empty for a family not visited yet)."""
    if not record_id:
        return {}
    versions = store.history(data.db_path(), record_id, user=user)
    return verval_page.record_visit(versions.iloc[-1]) if not versions.empty else {}


def record_history(record_id: str, user: User) -> pd.DataFrame:
    versions = store.history(data.db_path(), record_id, user=user)
    return pd.DataFrame({
        "Versi": versions["version"],
        "Status": versions["status"].map(store.STATUSES),
        "Oleh": versions["username"],
        "Waktu (UTC)": versions["at"].str[:16].str.replace("T", " "),
        "Alasan dikembalikan": versions["reason"].fillna(""),
    })  # fmt: skip


def register_values(year: int, family_id: str, user: User) -> dict:
    return families.register_values(data.cursor(), year, family_id, user=user)


def save_visit(year: int, family_id: str, answers: dict, expected_version: int, user: User) -> tuple[str, int]:
    keys = families.family_keys(data.cursor(), year, family_id)
    return store.save_visit(data.db_path(), keys, answers, expected_version, user=user)


def review_queue(kelurahan: str | None, user: User) -> pd.DataFrame:
    return verval_page.review_queue(data.db_path(), kelurahan, user=user)


def review(record_id: str, version: int, decision: str, reason: str, user: User) -> int:
    return store.review(data.db_path(), record_id, version, decision, reason, user=user)


CHANNELS = exports.CHANNELS


def export_channel(year: int, channel: str, user: User) -> bytes:
    """The channel's new approved records as Excel; built (and remembered, audited) on click."""
    return exports.xlsx_bytes(exports.export_channel(data.cursor(), data.db_path(), year, channel, user=user))


def _store_stamp() -> str:
    """The verval store's state: SQLite in WAL mode writes to ``-wal`` first, so both files."""
    path = store.verval_path_for(data.db_path())
    files = (path, path.with_name(path.name + "-wal"))
    return "|".join(f"{f.stat().st_mtime_ns}-{f.stat().st_size}" if f.exists() else "-" for f in files)


@st.cache_data(show_spinner=False)
def _outcomes(db: str, stamp: str, selection: Selection, user: User) -> verval_outcomes_page.VervalOutcomes:
    return verval_outcomes_page.build(data.source(), str(data.db_path()), stamp, selection, user)


def outcomes(selection: Selection, user: User) -> verval_outcomes_page.VervalOutcomes:
    """Hasil verval lapangan for the aggregate pages (protected for a pimpinan, a verifikator's
    kelurahan only)."""
    return _outcomes(data.db_key(), _store_stamp(), selection, user)
