"""Per kelurahan, what the Dinas Sosial verval file of a year holds: families and persons,
linked to a register family or not, fakir miskin, desil groups and needs, families flagged
and rejected.

The figures of a kelurahan are those of the newest import holding it
(``verval/dinsos_summary``), so a file imported twice counts once. An analis or admin sees
every kelurahan and the city's total; a verifikator only its kelurahan. Shown to a pimpinan
the table covers every kelurahan, kecamatan and the city, and small counts are hidden with
the links between them (a kelurahan adds up to its kecamatan and the city; linked plus
unlinked, and the desil groups, add up to the families) by
:func:`analytics.disclosure.suppress_linked`; who imported which file is left out.
"""

from __future__ import annotations

import os

import pandas as pd

from analytics import sql
from analytics.access.scope import User, household_scope
from analytics.disclosure import Sum, suppress_linked, with_parent_rows
from analytics.disclosure.cells import is_marker
from analytics.reference import REGION_CODE, REGION_NAME, load_kecamatan, load_kelurahan
from analytics.verval import store
from analytics.verval.dinsos_families import NEED_LABELS

COUNTS = {
    "families": "Keluarga",
    "persons": "Jiwa",
    "linked": "Tertaut ke register",
    "unlinked": "Tidak tertaut",
    "fakir_miskin": "Fakir miskin (≥6 indikator)",
    "desil_1": "Desil 1",
    "desil_2": "Desil 2",
    "desil_3": "Desil 3",
    "desil_4": "Desil 4",
    "desil_other": "Desil lainnya",
    **{need: f"Butuh {label}" for need, label in NEED_LABELS.items()},
    "flagged_families": "Keluarga ditandai",
    "rejected_rows": "Baris ditolak",
    "rejected_families": "Keluarga ditolak",
}
_DESIL = ("desil_1", "desil_2", "desil_3", "desil_4", "desil_other")
SUMS = (Sum("families", ("linked", "unlinked")), Sum("families", _DESIL))
TOP_NEEDS = 2


def area_counts(db_path: str | os.PathLike, year: int, kelurahan: str | None = None) -> pd.DataFrame:
    """The stored counts per kelurahan (``kode`` and the :data:`COUNTS` columns, plus file_name,
    at, username of the import they come from); no scope applied."""
    columns = ["kode", *COUNTS, "file_name", "at", "username"]
    if not store.verval_path_for(db_path).exists():
        return pd.DataFrame(columns=columns)
    con = store.open_store(db_path)
    try:
        rows = sql.rows(con, "verval/dinsos_summary", {"year": int(year), "kelurahan": kelurahan})
    finally:
        con.close()
    table = pd.DataFrame([dict(r) for r in rows])
    if table.empty:
        return pd.DataFrame(columns=columns)
    return table.rename(columns={"kode_kelurahan": "kode"})[columns]


def _top_needs(row: pd.Series) -> str:
    counts = {label: row[need] for need, label in NEED_LABELS.items() if not is_marker(row[need]) and row[need] > 0}
    top = sorted(counts.items(), key=lambda item: -item[1])[:TOP_NEEDS]
    return ", ".join(label for label, _ in top) or "–"


def _named(table: pd.DataFrame) -> pd.DataFrame:
    kelurahan, kecamatan = load_kelurahan(), load_kecamatan()
    names = {
        **dict(zip(kelurahan["kode"], kelurahan["nama"], strict=True)),
        **dict(zip(kecamatan["kode"], kecamatan["nama"], strict=True)),
        REGION_CODE: REGION_NAME,
    }
    shown = table.assign(nama=table["kode"].map(names))
    shown["Kebutuhan terbanyak"] = [_top_needs(row) for _, row in shown.iterrows()]
    return shown


def _for_pimpinan(counts: pd.DataFrame) -> pd.DataFrame:
    every = pd.DataFrame({"kode": load_kelurahan()["kode"]}).merge(counts[["kode", *COUNTS]], on="kode", how="left")
    every[list(COUNTS)] = every[list(COUNTS)].fillna(0).astype(int)
    full = with_parent_rows(every, list(COUNTS))
    return suppress_linked(full, list(COUNTS), sums=SUMS)


def _with_total(counts: pd.DataFrame) -> pd.DataFrame:
    total = pd.DataFrame({"kode": [REGION_CODE], **{c: [int(counts[c].sum())] for c in COUNTS}})
    return pd.concat([counts, total], ignore_index=True) if len(counts) > 1 else counts


def dinsos_summary(db_path: str | os.PathLike, year: int, kelurahan: str | None = None, *, user: User) -> pd.DataFrame:
    """Per kelurahan (Indonesian columns): Kode, Kelurahan, the :data:`COUNTS`, the most common
    needs and, except for a pimpinan, the file and the time it was imported."""
    if user is not None and user.role == "pimpinan":
        table = _named(_for_pimpinan(area_counts(db_path, year)))
        imported = []
    else:
        scope = household_scope(user, kelurahan)
        counts = area_counts(db_path, year, scope)
        table = _named(_with_total(counts) if scope is None else counts)
        table["Berkas"] = table["file_name"] if "file_name" in table else None
        table["Diimpor (UTC)"] = table["at"].fillna("").str[:16].str.replace("T", " ") if "at" in table else None
        imported = ["Berkas", "Diimpor (UTC)"]
    shown = table.rename(columns={"kode": "Kode", "nama": "Wilayah", **COUNTS})
    return shown[["Kode", "Wilayah", *COUNTS.values(), "Kebutuhan terbanyak", *imported]].reset_index(drop=True)
