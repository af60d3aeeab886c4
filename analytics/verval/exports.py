"""What goes back: approved verval records, per channel, in the layout the office sends on.

``dtsen`` holds proposals to the social-affairs office's DTSEN upload: add a family found poor
by the Kemensos criteria that DTKS lacks, update one whose register data were corrected, and
deactivate one that died, moved away or was found not poor. ``apbd``, ``tjsl`` and ``baznas``
are referral lists for the city's programmes, company CSR partners and BAZNAS. Only approved
records leave, each export is audited and remembered (record and version), so the next export
of a channel holds only what is new: records approved since, or a newer approved version.

The database holds no full NIK (only its keyed pseudonym and the masked form), so no export
can carry one: the office matches a row by the Regsosek family id.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import sql
from analytics.access import users
from analytics.access.scope import AccessDenied, User
from analytics.errors import InputError
from analytics.reference import UNIT
from analytics.summary import family_heads
from analytics.verval import families, store, visit

CHANNELS = {
    "dtsen": "Usulan DTSEN (tambah, ubah, nonaktif)",
    "apbd": "Rujukan program APBD",
    "tjsl": "Rujukan TJSL / CSR perusahaan",
    "baznas": "Rujukan BAZNAS",
}
PROPOSALS = {"add": "TAMBAH", "update": "UBAH", "deactivate": "NONAKTIF"}


@dataclass(frozen=True)
class VervalExport:
    channel: str
    export_id: str
    table: pd.DataFrame  # Indonesian columns, one row per record

    @property
    def count(self) -> int:
        return len(self.table)


def dtsen_proposal(answers: dict, in_dtks: bool) -> str | None:
    """What DTSEN should do with the family a visit found (None: nothing to propose).

    >>> found_poor = {"outcome": "ditemukan", "group": "dtsen"}
    >>> dtsen_proposal({"outcome": "meninggal"}, True), dtsen_proposal(found_poor, False)
    ('deactivate', 'add')
    """
    outcome, group = answers.get("outcome"), answers.get("group")
    if outcome in ("meninggal", "pindah"):
        return "deactivate" if in_dtks else None
    if outcome != "ditemukan":
        return None
    if group == "dtsen":
        return "update" if in_dtks and answers.get("finding") == "dikoreksi" else None if in_dtks else "add"
    return "deactivate" if group == "tidak_miskin" and in_dtks else None


def _wanted(channel: str, answers: dict, in_dtks: bool) -> bool:
    if channel == "dtsen":
        return dtsen_proposal(answers, in_dtks) is not None
    return answers.get("outcome") == "ditemukan" and channel in answers.get("referrals", [])


def _new_approved(db_path, channel: str, user: User) -> pd.DataFrame:
    records = store.latest_records(db_path, user=user)
    approved = records[records["status"] == "approved"]
    sent = store.exported_versions(db_path, channel)
    done = set(zip(sent["record_id"], sent["version"], strict=True))
    keep = [(r, v) not in done for r, v in zip(approved["record_id"], approved["version"], strict=True)]
    return approved[keep].reset_index(drop=True)


EXPORT_COLUMNS = [
    "ID keluarga (Regsosek)",
    f"Kode {UNIT}",
    "RT",
    "RW",
    "Alamat",
    "Nama kepala keluarga",
    "NIK kepala keluarga (disamarkan)",
    "Hasil kunjungan",
    "Jumlah anggota",
    "Indikator terpenuhi",
    "Fakir miskin",
    "Penanganan",
    "Catatan",
    "Disetujui oleh",
    "Disetujui (UTC)",
    "_record_id",
    "_version",
]


def _table(con, year: int, channel: str, records: pd.DataFrame, user: User) -> pd.DataFrame:
    if records.empty:  # nothing new since the last export: the same columns, no rows
        return pd.DataFrame(columns=(["Jenis usulan"] if channel == "dtsen" else []) + EXPORT_COLUMNS)
    attached = families.attach(con, year, records)
    attached["family_id"] = attached["family_id_now"].fillna(attached["family_id"])
    ids = attached["family_id"].tolist()
    places = sql.frame(con, "verval/export_families", {"year": year, "family_ids": ids})
    heads = pd.concat([family_heads(con, y, ids, user=user) for y in (year, year - 1)]).drop_duplicates("family_id")
    table = attached.merge(places, on="family_id", how="left").merge(heads, on="family_id", how="left")
    answers = [json.loads(v) for v in table["visit_json"]]
    keep = [_wanted(channel, a, bool(d)) for a, d in zip(answers, table["in_dtks"].fillna(False), strict=True)]
    table, answers = table[keep].reset_index(drop=True), [a for a, k in zip(answers, keep, strict=True) if k]
    shown = pd.DataFrame(
        {
            "ID keluarga (Regsosek)": table["family_id"],
            f"Kode {UNIT}": table["kode_kelurahan"],
            "RT": table["rt"],
            "RW": table["rw"],
            "Alamat": table["address"],
            "Nama kepala keluarga": table["head_name"],
            "NIK kepala keluarga (disamarkan)": table["nik_masked"],
            "Hasil kunjungan": [visit.OUTCOMES[a["outcome"]] for a in answers],
            "Jumlah anggota": [a.get("size") for a in answers],
            "Indikator terpenuhi": [a["indicator_count"] for a in answers],
            "Fakir miskin": ["Ya" if a["fakir_miskin"] else "Tidak" for a in answers],
            "Penanganan": [visit.SUPPORT.get(a.get("support"), "") for a in answers],
            "Catatan": [a.get("note", "") for a in answers],
            "Disetujui oleh": table["username"],
            "Disetujui (UTC)": table["at"].str[:16].str.replace("T", " "),
            "_record_id": table["record_id"],
            "_version": table["version"],
        }
    )
    if channel == "dtsen":
        usulan = [PROPOSALS[dtsen_proposal(a, bool(d))] for a, d in zip(answers, table["in_dtks"], strict=True)]
        shown.insert(0, "Jenis usulan", usulan)
    return shown


def export_channel(
    con: duckdb.DuckDBPyConnection, db_path: str | os.PathLike, year: int, channel: str, *, user: User
) -> VervalExport:
    """The channel's new approved records, recorded as exported and audited (analis, admin)."""
    if user is None or user.role not in store.REVIEW_ROLES:
        raise AccessDenied("Akses ditolak: ekspor verval hanya untuk Analis dan Administrator data.")
    if channel not in CHANNELS:
        raise InputError(f"Saluran {channel!r} tidak dikenal; pilih salah satu: {', '.join(CHANNELS)}.")
    table = _table(con, year, channel, _new_approved(db_path, channel, user), user)
    export_id = uuid.uuid4().hex
    sent = list(zip(table.pop("_record_id"), table.pop("_version"), strict=True))
    store.remember_export(db_path, export_id, channel, sent, user=user)
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        "verval_ekspor",
        saluran=channel,
        ekspor=export_id,
        jumlah=len(table),
        tahun=year,
    )
    return VervalExport(channel, export_id, table)


def xlsx_bytes(export: VervalExport) -> bytes:
    """The export as an Excel workbook; register text stays text (no formulas or links)."""
    buffer = io.BytesIO()
    options = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        export.table.to_excel(writer, sheet_name=export.channel.upper(), index=False)
        writer.sheets[export.channel.upper()].freeze_panes(1, 0)
    return buffer.getvalue()
