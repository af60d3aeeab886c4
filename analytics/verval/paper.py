"""Visits collected elsewhere (on paper, typed later into CSV or Excel), read into the store.

One row per family visited, headers as the form's fields in Indonesian (:data:`COLUMNS`),
codes as the form's (``ditemukan``, ``dtsen``, ``bantu``…); indicators as ``1``/``0``,
``Ya``/``Tidak`` or the city's survey's ``Memenuhi Kriteria``/``Tidak``; programs and referrals
comma-separated. Every row is checked first (its values, and that the family lies in the
verifikator's kelurahan) and nothing is saved when one is wrong; a family
that already has a record is left out and named (correct it on the page, where the version
it changes is seen).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from analytics.access import users
from analytics.access.scope import User, household_scope
from analytics.demo import refuse_demo_import
from analytics.errors import AccessDenied, InputError, VervalConflict
from analytics.ingest.bounds import check_workbook
from analytics.verval import families, store
from analytics.verval.visit import INDICATORS, check_visit

COLUMNS = {
    "id_keluarga": "family_id",
    "hasil": "outcome",
    "jumlah_anggota": "size",
    "jumlah_usia_kerja": "n_working_age",
    "jumlah_disabilitas": "n_disabled",
    "jumlah_lansia": "n_elderly",
    "jumlah_anak_tidak_sekolah": "n_out_of_school",
    "jenis_lantai": "floor",
    "jenis_dinding": "wall",
    "jenis_atap": "roof",
    "sumber_air_minum": "water_source",
    "fasilitas_bab": "sanitation",
    "sumber_penerangan": "lighting",
    "bahan_bakar_memasak": "cooking_fuel",
    "program": "programs",
    "sumber_penghasilan": "income",
    "temuan": "finding",
    "kelompok": "group",
    "rujukan": "referrals",
    "penanganan": "support",
    "catatan": "note",
    **{key: key for key in INDICATORS},
}
_YES = {"1", "ya", "memenuhi kriteria", "true"}
_MAX_MESSAGES = 20


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"Berkas {path} tidak ditemukan.")
    if path.suffix.lower() == ".xlsx":
        check_workbook(path)
        frame = pd.read_excel(path, dtype=str, engine="calamine")
    elif path.suffix.lower() == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        raise InputError(f"Berkas {path.name} harus .csv atau .xlsx.")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "id_keluarga" not in frame.columns or "hasil" not in frame.columns:
        raise InputError("Berkas catatan verval wajib punya kolom id_keluarga dan hasil.")
    return frame.fillna("")


def _answers(row: dict) -> dict:
    answers = {COLUMNS[k]: str(v).strip() for k, v in row.items() if k in COLUMNS and str(v).strip() != ""}
    for key in INDICATORS:
        answers[key] = answers.get(key, "").lower() in _YES
    for key in ("programs", "referrals"):
        answers[key] = [p.strip() for p in answers.get(key, "").split(",") if p.strip()]
    return answers


def import_visits(
    con: duckdb.DuckDBPyConnection, db_path: str | os.PathLike, year: int, path: str | os.PathLike, *, user: User
) -> tuple[int, list[str]]:
    """Save every row of ``path`` as a submitted record of ``year``'s family; returns the number
    saved and the families left out because they already have a record."""
    refuse_demo_import(db_path)
    household_scope(user, None)  # a pimpinan or no user is refused before the file is read
    rows = _read(Path(path)).to_dict(orient="records")
    problems, ready = [], []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        answers = _answers(row)
        family_id = answers.pop("family_id", "")
        try:
            keys = families.family_keys(con, year, family_id)
            # Every row's scope is checked before the first is saved: nothing or all.
            household_scope(user, keys.kode_kelurahan)
        except (InputError, AccessDenied) as exc:
            problems.append(f"Baris {number}: {exc.message}")
            continue
        found = check_visit(answers)[1]
        problems.extend(f"Baris {number}: {p}" for p in found)
        ready.append((keys, answers))
    if problems:
        more = len(problems) - _MAX_MESSAGES
        raise InputError(problems[:_MAX_MESSAGES] + ([f"… dan {more} masalah lain."] if more > 0 else []))
    saved, skipped = 0, []
    for keys, answers in ready:
        try:
            store.save_visit(db_path, keys, answers, 0, user=user)
        except VervalConflict:
            skipped.append(keys.family_id)
            continue
        saved += 1
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        "verval_impor",
        berkas=Path(path).name,
        disimpan=saved,
        dilewati=len(skipped),
    )
    return saved, skipped
