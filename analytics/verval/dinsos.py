"""Reading the Dinas Sosial's own verval survey file into the verval store (issues 15, 20).

The file (one row per person, :mod:`analytics.verval.dinsos_file`) is read whole: rows are
flagged, not rejected, for damaged values (:attr:`DinsosImport.flags`, each reason with its
families and rows); only rows that cannot be placed are rejected with their reasons
(:attr:`DinsosImport.rejects`, writable with :func:`~analytics.verval.dinsos_file.rejects_csv`).
Families, persons and fakir miskin are counted as the office's own dashboard counts them
(:mod:`analytics.verval.dinsos_rows`). Persons become families
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
``verval_dinsos_area`` and ``verval_dinsos_area_check`` (flagged and rejected families), the
flags' counts in ``verval_dinsos_flag`` (counts only: an unlinked family leaves no identifier
behind), under
an import row holding the file's SHA-256. The per-kelurahan figures of a year are those of
the newest import that holds the kelurahan (:mod:`analytics.verval.dinsos_summary`), so the
same file imported twice is never counted twice. Records, counts and the import are written
in one transaction. Only analis and admin import; each import is one audit entry
(``verval_impor_dinsos``, with its counts); the record versions it wrote are listed in the
store's ``verval_dinsos_record``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
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
from analytics.demo import refuse_demo_import
from analytics.errors import DataError, InputError, UserError
from analytics.formats import number
from analytics.poverty.lines import check_year
from analytics.upload.sniffing import sniff_format
from analytics.verval import store
from analytics.verval.dinsos_areas import areas
from analytics.verval.dinsos_families import family_table, visit_answers
from analytics.verval.dinsos_file import known_kelurahan, read_rows
from analytics.verval.dinsos_rows import check_rows
from analytics.verval.visit import clean_visit

#: What happened to a linked family.
RESULTS = {
    "new": "Catatan baru",
    "updated": "Versi baru (nilai berubah)",
    "unchanged": "Sama dengan catatan yang ada",
    "conflict": "Konflik (catatan lapangan atau tinjauan tidak ditimpa)",
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
    fakir_miskin_persons: int  # persons meeting at least six indicators themselves
    linked: pd.DataFrame  # family_id, kode_kelurahan, result (a key of RESULTS), record_id, version
    unlinked: int
    rejects: pd.DataFrame  # Baris, Alasan and the row's values (No KK masked)
    same_file_before: str | None  # when and by whom the same file was imported before for this year
    flags: pd.DataFrame  # kode, Alasan, keluarga, baris: what was flagged (counted, not rejected)
    areas: pd.DataFrame  # per kelurahan of the file (kode_kelurahan None: rejected rows that cannot be placed)
    flagged_families: int

    def count(self, result: str) -> int:
        return int((self.linked["result"] == result).sum())


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _link(con: duckdb.DuckDBPyConnection, year: int, table: pd.DataFrame) -> pd.Series:
    keys = table.loc[table["linkable"], "no_kk_key"].dropna().tolist()
    found = sql.frame(con, "verval/dinsos_link", {"year": year, "no_kk_keys": keys or [""]})
    linked = table["no_kk_key"].map(dict(zip(found["no_kk_key"], found["family_id"], strict=True)))
    return linked.where(table["linkable"], None)


def _same(old: dict, new: dict) -> bool:
    return {k: v for k, v in old.items() if k != "note"} == {k: v for k, v in new.items() if k != "note"}


def _prepared(con, year: int, table: pd.DataFrame, source: str) -> list[tuple[store.FamilyKeys, dict]]:
    """Each linked family's keys (its Regsosek row) and cleaned visit."""
    found = sql.frame(con, "verval/dinsos_families", {"year": year, "family_ids": table["family_id"].tolist() or [""]})
    register = {r["family_id"]: r for r in found.to_dict("records")}
    names, prepared = known_kelurahan(), []
    for family in table.to_dict("records"):
        row = register[family["family_id"]]
        keys = store.FamilyKeys(
            row["no_kk_hash"], row["head_nik_hash"], row["family_id"], row["kode_kelurahan"], row["rt"], row["rw"], year
        )
        moved = names[family["kode_kelurahan"]] if family["kode_kelurahan"] != keys.kode_kelurahan else None
        prepared.append((keys, clean_visit(visit_answers(family, row, source, moved))))
    return prepared


def _decide(con, keys: store.FamilyKeys, clean: dict) -> tuple[str, sqlite3.Row | None]:
    """What to do with a linked family's visit, given its record so far (see the module doc)."""
    latest = store.latest_of_family(con, keys)
    if latest is None:
        return "new", None
    if _same(json.loads(latest["visit_json"]), clean):
        return "unchanged", latest
    ours = bool(sql.row(con, "verval/dinsos_wrote", dict(latest))[0])
    return ("updated" if ours and latest["status"] == "submitted" else "conflict"), latest


def _write(con, import_id: str, prepared: list, user: User) -> pd.DataFrame:
    rows = []
    for keys, clean in prepared:
        result, latest = _decide(con, keys, clean)
        record_id, version = (latest["record_id"], latest["version"]) if latest is not None else (None, None)
        if result in ("new", "updated"):
            record_id, version = store.write_visit(con, keys, clean, version or 0, user=user)
            sql.execute(
                con, "verval/insert_dinsos_record", {"import_id": import_id, "record_id": record_id, "version": version}
            )
        rows.append(
            {
                "family_id": keys.family_id,
                "kode_kelurahan": keys.kode_kelurahan,
                "result": result,
                "record_id": record_id,
                "version": version,
            }
        )
    return pd.DataFrame(rows, columns=["family_id", "kode_kelurahan", "result", "record_id", "version"])


def _save(db_path, import_row: dict, areas: pd.DataFrame, flags: pd.DataFrame, prepared: list, user: User):
    """Records, the import and its per-kelurahan counts, in one transaction of the store."""
    with store.store_transaction(db_path) as con:
        linked = _write(con, import_row["import_id"], prepared, user)
        sql.execute(con, "verval/insert_dinsos_import", import_row)
        import_id = import_row["import_id"]
        for area in areas[areas["kode_kelurahan"].notna()].to_dict("records"):
            sql.execute(con, "verval/insert_dinsos_area", {"import_id": import_id, **area})
            sql.execute(con, "verval/insert_dinsos_area_check", {"import_id": import_id, **area})
        for flag in flags.to_dict("records"):
            sql.execute(con, "verval/insert_dinsos_flag", {"import_id": import_id, **flag})
    return linked


def _before(db_path, file_hash: str, year: int) -> str | None:
    if not store.verval_path_for(db_path).exists():
        return None
    con = store.open_store(db_path)
    try:
        found = sql.row(con, "verval/dinsos_same_file", {"file_hash": file_hash, "year": year})
    finally:
        con.close()
    return f"{found['at'][:16].replace('T', ' ')} UTC oleh {found['username']}" if found else None


def _read(con, year: int, path: Path, name: str, source: str):
    """The file's checked rows, its families (linked where they can be) and the linked
    families' visits; any failure is a :class:`DataError` in Indonesian."""
    try:
        rows = check_rows(read_rows(path))
        if rows.persons.empty:
            raise DataError(
                f"Berkas {name}: tidak ada baris yang dapat ditempatkan ({number(len(rows.rejects))} baris ditolak: "
                f"{rows.rejects['Alasan'].iloc[0] if len(rows.rejects) else 'kosong'}). Basis data tidak diubah."
            )
        table = family_table(rows.persons, nik_key())
        table["family_id"] = _link(con, year, table)
        return rows, table, _prepared(con, year, table[table["family_id"].notna()], source)
    except UserError:
        raise
    except Exception as exc:  # a file the checks did not foresee: say so, store nothing
        raise DataError(
            f"Berkas {name} tidak dapat dibaca sebagai berkas verval Dinas Sosial ({type(exc).__name__}: {exc}). "
            "Basis data tidak diubah."
        ) from exc


def _import_row(import_id: str, file_hash: str, name: str, year: int, rows, table, user: User) -> dict:
    return {
        "import_id": import_id,
        "file_hash": file_hash,
        "file_name": name,
        "year": year,
        "rows_read": rows.rows_read,
        "persons": len(rows.persons),
        "families": len(table),
        "linked": int(table["family_id"].notna().sum()),
        "unlinked": int(table["family_id"].isna().sum()),
        "rejected": len(rows.rejects),
        "username": user.username,
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
    }


def import_dinsos(
    con: duckdb.DuckDBPyConnection,
    db_path: str | os.PathLike,
    year: int,
    path: str | os.PathLike,
    *,
    user: User,
    file_name: str | None = None,
) -> DinsosImport:
    """Read, check, link and count the Dinas Sosial file at ``path`` for register ``year``
    (analis, admin); ``file_name`` is the name the user knows (an upload's). Whatever fails
    fails in Indonesian before the store's one transaction, which leaves it unchanged."""
    if user is None or user.role not in store.REVIEW_ROLES:
        raise AccessDenied("Akses ditolak: impor berkas verval Dinas Sosial hanya untuk Analis dan Administrator data.")
    refuse_demo_import(db_path)
    year, path = check_year(con, year), Path(path)
    name = file_name or path.name
    _check_file(path, name)
    import_id, file_hash = uuid.uuid4().hex, _file_hash(path)
    rows, table, prepared = _read(con, year, path, name, f"{name[:80]} (impor {import_id[:8]})")
    before = _before(db_path, file_hash, year)
    import_row = _import_row(import_id, file_hash, name, year, rows, table, user)
    counts = areas(rows.persons, table, rows.rejected_keys)
    linked = _save(db_path, import_row, counts, rows.flags, prepared, user)
    result = DinsosImport(
        import_id,
        name,
        year,
        rows.rows_read,
        len(rows.persons),
        len(table),
        int(table["fakir_miskin"].sum()),
        int(table["fm_persons"].sum()),
        linked,
        import_row["unlinked"],
        rows.rejects,
        before,
        rows.flags,
        counts,
        int(table["flagged"].sum()),
    )
    _record(db_path, user, result)
    return result


def _check_file(path: Path, name: str) -> None:
    """The file exists and is CSV or Excel by its content, with a name ending that says the same;
    ``name`` (the one the user knows) is the one in the messages."""
    if not path.is_file():
        raise InputError(f"Berkas {name} tidak ditemukan.")
    fmt, suffix = sniff_format(path, name), path.suffix.lower()
    if fmt not in _FORMATS or suffix not in _FORMATS[fmt]:
        raise InputError(
            f"Berkas {name} harus CSV (.csv) atau Excel (.xlsx) dengan akhiran nama yang sesuai isinya (isinya: {fmt})."
        )


def _record(db_path, user: User, result: DinsosImport) -> None:
    """The import's one audit entry (``verval_impor_dinsos``), with its counts."""
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        "verval_impor_dinsos",
        berkas=result.file_name,
        tahun=result.year,
        impor=result.import_id,
        baris=result.rows_read,
        keluarga=result.families,
        tertaut=len(result.linked),
        baru=result.count("new"),
        versi_baru=result.count("updated"),
        sama=result.count("unchanged"),
        konflik=result.count("conflict"),
        tidak_tertaut=result.unlinked,
        ditolak=len(result.rejects),
        keluarga_ditandai=result.flagged_families,
        berkas_sama_sebelumnya=result.same_file_before,
    )
