"""What the Verval page takes from analytics: the worklist, the visit form's choices and
checks, saving a visit and reviewing one. Beside ``ui/data.py`` (same database and store), not
cached across runs: the verval store changes with every saved visit. The outcomes the
aggregate pages show (:func:`outcomes`) are cached per database file and per state of the
store (its files' modification times), so a saved visit or review shows at once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pydeck as pdk
import streamlit as st

from analytics import formats
from analytics.access.files import upload_folder
from analytics.access.scope import User
from analytics.errors import InputError, UserError, VervalConflict  # noqa: F401  (the page names the errors it shows)
from analytics.upload.limits import check_sizes
from analytics.verval import dinsos, exports, families, store, visit
from analytics.verval.dinsos_file import rejects_csv
from analytics.verval.dinsos_summary import COUNTS as DINSOS_COUNTS
from analytics.verval.dinsos_summary import dinsos_summary as summary_of_dinsos
from analytics.verval.worklist import REASONS  # noqa: F401  (the page's reason filter)
from analytics.views import verval_outcomes_page, verval_page
from analytics.views.selection import Selection
from geo import layers
from ui import data, maps

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
    return pd.DataFrame(
        {
            "Versi": versions["version"],
            "Status": versions["status"].map(store.STATUSES),
            "Oleh": versions["username"],
            "Waktu (WITA)": formats.wita(versions["at"]),
            "Alasan dikembalikan": versions["reason"].fillna(""),
        }
    )


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


#: The worklist map's dot layer: a tapped dot names its family through this id.
WORKLIST_LAYER = "daftar_kerja"
MAP_HEIGHT_PX = 360
family_card = verval_page.family_card


def worklist_map(view: verval_page.WorklistView, chosen: str | None) -> tuple[pdk.Deck, str]:
    """The worklist's families as dots coloured by status on their kelurahan (the chosen one
    ringed), and the legend as HTML (our own labels only)."""
    boundaries = data.boundaries().frame
    points = verval_page.worklist_points(view.rows)
    codes = view.rows["kode_kelurahan"].dropna().unique()
    kode = codes[0] if len(codes) == 1 else None
    shown = [layers.base_layer(boundaries)]
    if kode is not None:
        shown.append(layers.outline_layer(boundaries, kode))
    view = layers.view_state(boundaries, kode, height_px=MAP_HEIGHT_PX)
    shown += [layers.label_layer(boundaries, view), layers.points_layer(points, WORKLIST_LAYER, radius_min_px=4)]
    here = points[points["family_id"] == chosen]
    if not here.empty:
        shown.append(layers.ring_layer(here["lon"].iloc[0], here["lat"].iloc[0], verval_page.CHOSEN_COLOUR))
    tooltip = {
        "html": "<b>{nama}</b><br/>{value_text}",
        "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "12px"},
    }
    deck = layers.deck(shown, view, tooltip)
    return deck, maps.dots_legend_html(verval_page.map_legend())


def picked_family(event) -> str | None:
    """The family whose dot was tapped on the worklist map (None when none was).

    >>> picked_family({"selection": {"objects": {"daftar_kerja": [{"family_id": "K1"}]}}})
    'K1'
    >>> picked_family({"selection": {"objects": {}}}) is None
    True
    """
    objects = ((event or {}).get("selection") or {}).get("objects") or {}
    picked = objects.get(WORKLIST_LAYER) or []
    return picked[0].get("family_id") if picked else None


DINSOS_RESULTS = dinsos.RESULTS


def dinsos_import(name: str, content: bytes, year: int, user: User) -> dinsos.DinsosImport:
    """Import an uploaded Dinas Sosial verval file for register ``year`` (size checked first;
    the bytes live in a private folder beside the database only while they are read, removed
    in every outcome; see :func:`analytics.access.files.upload_folder`)."""
    check_sizes([(name, len(content))])
    with upload_folder(data.db_path()) as folder:
        path = folder / f"berkas{Path(name).suffix.lower()}"
        path.write_bytes(content)
        return dinsos.import_dinsos(data.cursor(), data.db_path(), year, path, user=user, file_name=name)


def dinsos_rejects_csv(result: dinsos.DinsosImport) -> bytes:
    return rejects_csv(result.rejects)


def dinsos_flags(result: dinsos.DinsosImport) -> pd.DataFrame:
    """What the import flagged, one reason a row, counts in Indonesian figures."""
    table = result.flags.rename(columns={"keluarga": "Keluarga", "baris": "Baris"})
    return table[["Alasan", "Keluarga", "Baris"]].assign(
        Keluarga=table["Keluarga"].map(data.number), Baris=table["Baris"].map(data.number)
    )


def dinsos_summary(year: int, user: User) -> pd.DataFrame:
    """The per-kelurahan table of the year's Dinas Sosial file, counts in Indonesian figures."""
    table = summary_of_dinsos(data.db_path(), year, user=user)
    counts = [c for c in table.columns if c in DINSOS_COUNTS.values()]
    table[counts] = table[counts].map(lambda v: v if isinstance(v, str) else data.number(v))
    return table


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
