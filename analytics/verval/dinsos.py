"""Reading the Dinas Sosial's own verval survey file into the verval store (issue 15).

The file (one row per person, :mod:`analytics.verval.dinsos_file`) is checked row by row;
rejected rows come back with their reasons (:attr:`DinsosImport.rejects`, writable with
:func:`~analytics.verval.dinsos_file.rejects_csv`). Persons become families
(:mod:`analytics.verval.dinsos_families`). A family whose ``no_keluarga`` is a valid No KK
whose keyed pseudonym (the importer's HMAC) names exactly one register family of the year
*links*: it becomes a submitted visit record (an analis still reviews it), its note saying it
came from the Dinas Sosial file. When that family already has a record:

- same values (the note aside): nothing is written (a file imported twice adds nothing);
- different values, and the newest version was written by a Dinas Sosial import (not yet
  reviewed): a new version (a corrected file replaces its own earlier data, to be reviewed);
- different values on a field visit or a reviewed record: nothing is written and the family
  is reported as a *conflict*; the field record stays as it is and the analis decides.

Every family, linked or not, is counted per kelurahan in the store's
``verval_dinsos_area`` (counts only: an unlinked family leaves no identifier behind), under
an import row holding the file's SHA-256. The per-kelurahan figures of a year are those of
the newest import that holds the kelurahan (:mod:`analytics.verval.dinsos_summary`), so the
same file imported twice is never counted twice. Only analis and admin import; each import
is audited (``verval_impor_dinsos``).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics import sql
from analytics.access import users
from analytics.access.pseudonym import nik_key
from analytics.access.scope import AccessDenied, User
from analytics.errors import InputError, VervalConflict
from analytics.poverty.lines import check_year
from analytics.upload.sniffing import sniff_format
from analytics.verval import families, store
from analytics.verval.dinsos_families import family_table, visit_answers
from analytics.verval.dinsos_file import NEEDS, check_rows, kelurahan_codes, known_kelurahan, read_rows
from analytics.verval.visit import clean_visit

#: What happened to a linked family.
RESULTS = {
    "new": "Catatan baru (diajukan)",
    "updated": "Versi baru (nilai berubah, diajukan)",
    "unchanged": "Sama dengan catatan yang ada",
    "conflict": "Konflik: sudah ada catatan lapangan atau tinjauan, tidak ditimpa",
}
#: Formats read (from the content, never the name) and the name endings each may carry.
_FORMATS = {"csv": (".csv",), "xlsx": (".xlsx", ".xlsm")}


@dataclass(frozen=True)
class DinsosImport:
    """What one import of the Dinas Sosial file did."""

    import_id: str
    file_name: str
    year: int
    rows_read: int
    persons: int
    families: int
    fakir_miskin: int
    linked: pd.DataFrame  # family_id, kode_kelurahan, result (a key of RESULTS), record_id, version
    unlinked: int
    rejects: pd.DataFrame  # baris, alasan and the row's values (No KK masked)
    same_file_before: str | None  # when and by whom the same file was imported before for this year

    def count(self, result: str) -> int:
        return int((self.linked["result"] == result).sum())


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _link(con: duckdb.DuckDBPyConnection, year: int, table: pd.DataFrame) -> pd.Series:
    keys = table["no_kk_key"].dropna().tolist()
    found = sql.frame(con, "verval/dinsos_link", {"year": year, "no_kk_keys": keys or [""]})
    return table["no_kk_key"].map(dict(zip(found["no_kk_key"], found["family_id"], strict=True)))


def _same(old: dict, new: dict) -> bool:
    return {k: v for k, v in old.items() if k != "note"} == {k: v for k, v in new.items() if k != "note"}


def _save_one(db_path, keys: store.FamilyKeys, answers: dict, user: User) -> tuple[str, str | None, int | None]:
    latest = store.family_latest(db_path, keys)
    expected = 0
    if latest is not None:
        if _same(json.loads(latest["visit_json"]), clean_visit(answers)):
            return "unchanged", latest["record_id"], latest["version"]
        con = store.open_store(db_path)
        try:
            ours = bool(sql.row(con, "verval/dinsos_wrote", latest)[0])
        finally:
            con.close()
        if not ours or latest["status"] != "submitted":
            return "conflict", latest["record_id"], latest["version"]
        expected = latest["version"]
    try:
        record_id, version = store.save_visit(db_path, keys, answers, expected, user=user)
    except VervalConflict:  # someone saved in between: theirs stands
        return "conflict", latest["record_id"] if latest else None, latest["version"] if latest else None
    return ("new" if expected == 0 else "updated"), record_id, version


def _save_linked(con, db_path, year: int, table: pd.DataFrame, source: str, user: User) -> pd.DataFrame:
    names, rows = known_kelurahan(), []
    for family in table.to_dict("records"):
        keys = families.family_keys(con, year, family["family_id"])
        register = families.register_values(con, year, family["family_id"], user=user)
        moved = names[family["kode_kelurahan"]] if family["kode_kelurahan"] != keys.kode_kelurahan else None
        answers = visit_answers(family, register, source, moved)
        result, record_id, version = _save_one(db_path, keys, answers, user)
        rows.append({"family_id": family["family_id"], "kode_kelurahan": keys.kode_kelurahan, "result": result,
                     "record_id": record_id, "version": version})  # fmt: skip
    return pd.DataFrame(rows, columns=["family_id", "kode_kelurahan", "result", "record_id", "version"])


def _areas(table: pd.DataFrame, rejects: pd.DataFrame) -> pd.DataFrame:
    """Counts per kelurahan of the file (families kept, and rows rejected whose kelurahan is known)."""
    marks = table.assign(
        families=1, linked=table["family_id"].notna(), unlinked=table["family_id"].isna(),
        persons=table["size"], **{f"desil_{d}": table["desil_group"] == d for d in (1, 2, 3, 4)},
        desil_other=table["desil_group"] == 5,
    )  # fmt: skip
    columns = ["families", "persons", "linked", "unlinked", "fakir_miskin", "desil_1", "desil_2", "desil_3",
               "desil_4", "desil_other", *NEEDS]  # fmt: skip
    kept = marks.groupby("kode_kelurahan")[columns].sum().astype(int)
    codes = kelurahan_codes(rejects["kelurahan"]) if len(rejects) else pd.Series(dtype=object)
    rejected = codes.dropna().value_counts().rename("rejected_rows")
    areas = kept.join(rejected, how="outer").fillna(0).astype(int)
    return areas.rename_axis("kode_kelurahan").reset_index()


def _remember(db_path, result: DinsosImport, file_hash: str, areas: pd.DataFrame, user: User) -> None:
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    counts = {"rows_read": result.rows_read, "persons": result.persons, "families": result.families,
              "linked": len(result.linked), "unlinked": result.unlinked, "rejected": len(result.rejects)}  # fmt: skip
    written = result.linked[result.linked["result"].isin(["new", "updated"])]
    with store.store_transaction(db_path) as con:
        sql.execute(con, "verval/insert_dinsos_import", {
            "import_id": result.import_id, "file_hash": file_hash, "file_name": result.file_name, "year": result.year,
            **counts, "username": user.username, "at": at})  # fmt: skip
        for area in areas.to_dict("records"):
            sql.execute(con, "verval/insert_dinsos_area", {"import_id": result.import_id, **area})
        for record_id, version in zip(written["record_id"], written["version"], strict=True):
            sql.execute(con, "verval/insert_dinsos_record",
                        {"import_id": result.import_id, "record_id": record_id, "version": int(version)})


def _before(db_path, file_hash: str, year: int) -> str | None:
    if not store.verval_path_for(db_path).exists():
        return None
    con = store.open_store(db_path)
    try:
        found = sql.row(con, "verval/dinsos_same_file", {"file_hash": file_hash, "year": year})
    finally:
        con.close()
    return f"{found['at'][:16].replace('T', ' ')} UTC oleh {found['username']}" if found else None


def import_dinsos(
    con: duckdb.DuckDBPyConnection, db_path: str | os.PathLike, year: int, path: str | os.PathLike, *, user: User,
    file_name: str | None = None,
) -> DinsosImport:
    """Read, check, link and count the Dinas Sosial file at ``path`` for register ``year``
    (analis, admin); ``file_name`` is the name the user knows (an upload's)."""
    if user is None or user.role not in store.REVIEW_ROLES:
        raise AccessDenied("Akses ditolak: impor berkas verval Dinas Sosial hanya untuk Analis dan Administrator data.")
    year, path = check_year(con, year), Path(path)
    name = file_name or path.name
    if not path.is_file():
        raise InputError(f"Berkas {name} tidak ditemukan.")
    fmt, suffix = sniff_format(path, name), path.suffix.lower()
    if fmt not in _FORMATS or suffix not in _FORMATS[fmt]:
        raise InputError(f"Berkas {name} harus CSV (.csv) atau Excel (.xlsx) dengan akhiran nama yang sesuai "
                         f"isinya (isinya: {fmt}).")
    file_hash, rows = _file_hash(path), check_rows(read_rows(path))
    table = family_table(rows.persons, nik_key())
    table["family_id"] = _link(con, year, table)
    import_id = uuid.uuid4().hex
    linked = _save_linked(con, db_path, year, table[table["family_id"].notna()], f"{name[:80]} (impor "
                          f"{import_id[:8]})", user)  # fmt: skip
    result = DinsosImport(import_id, name, year, rows.rows_read, len(rows.persons), len(table),
                          int(table["fakir_miskin"].sum()), linked, int(table["family_id"].isna().sum()), rows.rejects,
                          _before(db_path, file_hash, year))  # fmt: skip
    _remember(db_path, result, file_hash, _areas(table, rows.rejects), user)
    users.record(users.users_path_for(db_path), user.username, user.role, "verval_impor_dinsos", berkas=name,
                 tahun=year, impor=import_id, baris=result.rows_read, keluarga=result.families,
                 tertaut=len(linked), baru=result.count("new"), versi_baru=result.count("updated"),
                 konflik=result.count("conflict"), tidak_tertaut=result.unlinked, ditolak=len(rows.rejects),
                 berkas_sama_sebelumnya=result.same_file_before)  # fmt: skip
    return result
