"""The administrator's pages: Impor Data (the report of a pending import), Pengguna (the
accounts) and Log Audit (who did what)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from analytics import upload
from analytics.access import users
from analytics.access.scope import ROLE_LABELS
from analytics.formats import MISSING, bps_scale, number, percent, wita
from analytics.ingest.accounting import register_table, source_accounts
from analytics.labels import AUDIT_ACTIONS, COLUMN_REPORT_KINDS, REASONS, label
from analytics.reference import REGION_KIND, REGION_SLUG, UNIT_TITLE
from analytics.views.selection import kelurahan_names

DEMO_DATABASE_NOTE = (
    "Dasbor sedang memakai database demo (data sintetis dengan akun demo). Impor register asli hanya ke "
    f"database tersendiri: jalankan `python -m analytics ingest --raw FOLDER --db var/{REGION_SLUG}.duckdb`, buat "
    f"akun dengan `python -m analytics users add`, lalu mulai dasbor dengan KEMISKINAN_DB=var/{REGION_SLUG}.duckdb."
)  # the command line refuses with analytics.demo.DEMO_IMPORT_REFUSED


@dataclass(frozen=True)
class ImportReport:
    """A pending import as the admin reads it before Terapkan or Batalkan."""

    title: str
    caption: str
    files: pd.DataFrame
    kept: str | None
    notes: list[str]
    totals: list[tuple[str, str]]
    rows: pd.DataFrame
    columns: pd.DataFrame
    reasons: pd.DataFrame
    quarantine: pd.DataFrame
    quarantined: int
    headline: pd.DataFrame
    years: pd.DataFrame
    years_caption: str
    parts: pd.DataFrame | None = None  # how each file and sheet was read, with its warnings
    accounts: list = field(default_factory=list)  # one accounting.SourceAccount per source (rows and keys)
    registers: pd.DataFrame | None = None  # families per kelurahan in Regsosek, P3KE and DTKS


def upload_limits() -> tuple[int, str, str]:
    """The largest file in whole MB (for the uploader), and the per-file and per-upload limits as text."""
    limit_mb = -(-upload.max_file_bytes() // (1024 * 1024))
    return limit_mb, f"{number(limit_mb)} MB", upload.size_text(upload.max_total_bytes())


def import_report(pending: upload.PendingImport, user) -> ImportReport:
    report = upload.validation_report(pending, user)
    log = report.log
    totals = [
        ("Baris dibaca", "rows_read"),
        ("Dimuat", "loaded"),
        ("Duplikat digabung", "duplicates_merged"),
        ("Dikarantina", "quarantined"),
    ]
    return ImportReport(
        title=f"Hasil pemeriksaan tahun {pending.year}",
        caption=f"Diperiksa oleh {pending.username} pada {wita(pd.Series([pending.created_at])).iloc[0]} WITA; "
        "database kandidat "
        f"dibangun dalam {number(pending.seconds, 1)} detik. Database yang sedang dipakai belum berubah.",
        files=_file_table(pending),
        kept=f"Dari arsip, tanpa perubahan: {', '.join(f'{pending.year}/{name}' for name in pending.kept)}."
        if pending.kept
        else None,
        notes=list(report.notes),
        totals=[(text, number(log[key].sum())) for text, key in totals],
        rows=_rows_table(pending, log),
        columns=pd.DataFrame(
            {
                "Berkas": report.columns["file"],
                "Jenis": report.columns["kind"].map(lambda k: label(COLUMN_REPORT_KINDS, k)),
                "Kolom": report.columns["column_name"],
            }
        ),
        reasons=pd.DataFrame(
            {
                "Sumber": report.reasons["source"].map(upload.source_label),
                "Alasan": report.reasons["reason_code"].map(lambda r: label(REASONS, r)),
                "Baris": report.reasons["rows"].map(number),
            }
        ),
        quarantine=_quarantine_table(report.quarantine),
        quarantined=len(report.quarantine),
        headline=_headline_table(report.headline),
        years=_years_table(report.years),
        years_caption=f"Tahun lain dibangun ulang dari arsip {pending.archive} dan seharusnya tidak berubah.",
        parts=_parts_table(report.parts),
        **_accounting(report.accounting, pending.year),
    )


def _accounting(frames: dict[str, pd.DataFrame], year: int) -> dict:
    """The year's accounting, one table per source, and the registers' families per kelurahan."""
    if not frames or frames["parts"].empty:
        return {}
    registers = frames["registers"]
    return {
        "accounts": source_accounts(frames["parts"], frames["keys"], registers, years={year}),
        "registers": register_table(registers[registers["year"] == year], kelurahan_names()),
    }


def _parts_table(parts: pd.DataFrame | None) -> pd.DataFrame | None:
    """How each file and sheet was read (format, encoding, delimiter, header row), its rows and warnings."""
    if parts is None:
        return None
    return pd.DataFrame(
        {
            "Berkas": parts["file"],
            "Lembar": parts["sheet"].fillna("–"),
            "Format": parts["format"],
            "Pengodean": parts["encoding"].fillna("–"),
            "Pemisah": parts["delimiter"].fillna("–"),
            "Baris judul": parts["header_row"].fillna("–"),
            "Dibaca": parts["rows_read"].map(number),
            "Dimuat": parts["loaded"].map(number),
            "Digabung": parts["duplicates_merged"].map(number),
            "Dikarantina": parts["quarantined"].map(number),
            "Peringatan": parts["warnings"].fillna(""),
        }
    )


def _file_table(pending: upload.PendingImport) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Berkas unggahan": [f.name for f in pending.files],
            "Dikenali sebagai": [upload.source_label(f.source) for f in pending.files],
            "Format": [f.format for f in pending.files],
            "Ukuran": [upload.size_text(f.size) for f in pending.files],
            "Disimpan sebagai": [f"{pending.year}/{f.stored_as}" for f in pending.files],
        }
    )


def _rows_table(pending: upload.PendingImport, log: pd.DataFrame) -> pd.DataFrame:
    uploaded = {f"{pending.year}/{f.stored_as}": f.name for f in pending.files}
    return pd.DataFrame(
        {
            "Sumber": log["source"].map(upload.source_label),
            "Berkas": log["file"].fillna(MISSING),
            "Asal": log["file"].map(lambda f: uploaded.get(f, "arsip") if isinstance(f, str) else MISSING),
            "Dibaca": log["rows_read"].map(number),
            "Dimuat": log["loaded"].map(number),
            "Duplikat": log["duplicates_merged"].map(number),
            "Karantina": log["quarantined"].map(number),
            "Dimuat (sebelum)": log["loaded_before"].map(number),
            "Karantina (sebelum)": log["quarantined_before"].map(number),
        }
    )


def _quarantine_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Sumber": rows["source"].map(upload.source_label),
            "Berkas": rows["file"],
            "Baris": rows["row_number"],
            "Alasan": rows["reason_code"].map(lambda r: label(REASONS, r)),
            "Pesan": rows["message"],
            "Nilai asli": rows["original"],
        }
    )


def _headline_table(headline: pd.DataFrame) -> pd.DataFrame:
    head = headline.set_index("indicator")
    shown = [
        ("P0 (%)", "p0", percent),
        ("P1 (×100)", "p1", bps_scale),
        ("P2 (×100)", "p2", lambda v: bps_scale(v, 3)),
        ("Penduduk miskin", "poor", number),
        ("Penduduk", "population", number),
    ]
    return pd.DataFrame(
        {
            f"Indikator ({REGION_KIND}, garis resmi)": [text for text, _, _ in shown],
            "Sebelum": [fmt(head.loc[key, "before"]) for _, key, fmt in shown],
            "Sesudah": [fmt(head.loc[key, "after"]) for _, key, fmt in shown],
        }
    )


def _years_table(years: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Tahun": years["year"].astype(str),
            "Keluarga sebelum": years["families_before"].map(number),
            "Keluarga sesudah": years["families_after"].map(number),
            "Jiwa sebelum": years["persons_before"].map(number),
            "Jiwa sesudah": years["persons_after"].map(number),
        }
    )


def accounts_table(accounts: pd.DataFrame) -> pd.DataFrame:
    """The accounts as the Pengguna page lists them (never a password hash)."""
    names = kelurahan_names()
    return pd.DataFrame(
        {
            "Nama pengguna": accounts["username"],
            "Peran": accounts["role"].map(ROLE_LABELS),
            UNIT_TITLE: accounts["kelurahan"].map(lambda k: names.get(k, MISSING) if isinstance(k, str) else MISSING),
            "Dibuat (WITA)": wita(accounts["created_at"]),
        }
    )


@dataclass(frozen=True)
class AuditLog:
    entries: pd.DataFrame  # newest first, as shown
    actions: pd.Series  # the action code of each entry, same order
    action_labels: dict[str, str]
    usernames: list[str]
    chain_ok: bool = True  # the hash chain verified (users.verify_chain)
    chain_message: str = ""


def readable_detail(detail: dict) -> str:
    """An entry's other details as 'key: value' text ('tahun: 2024; format: pdf'), not JSON.

    >>> readable_detail({"daftar": "x", "tahun": 2024, "format_berkas": "pdf", "baris": 1200})
    'tahun: 2024; format berkas: pdf; baris: 1200'
    """
    shown = {k: v for k, v in detail.items() if k not in ("daftar", "kelurahan", "jumlah") and v not in (None, "")}
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in shown.items())


def audit_log(path) -> AuditLog:
    log = users.read_audit(path)
    details = log["detail_json"].map(json.loads)
    table = pd.DataFrame(
        {
            "Waktu (WITA)": wita(log["at"]),
            "Pengguna": log["username"].fillna(MISSING),
            "Peran": log["role"].map(lambda r: ROLE_LABELS.get(r, MISSING) if isinstance(r, str) else MISSING),
            "Aksi": log["action"].map(lambda a: label(AUDIT_ACTIONS, a)),
            "Daftar": details.map(lambda d: d.get("daftar", "").replace("_", " ")),  # read as words
            UNIT_TITLE: details.map(lambda d: d.get("kelurahan") or ""),
            "Jumlah": details.map(lambda d: number(d["jumlah"]) if "jumlah" in d else ""),
            "Rincian": details.map(readable_detail),
        }
    ).iloc[::-1]
    actions = sorted(log["action"].unique())
    chain = users.verify_chain(path)
    return AuditLog(
        table,
        log["action"].iloc[::-1],
        {a: label(AUDIT_ACTIONS, a) for a in actions},
        sorted(log["username"].dropna().unique()),
        chain.ok,
        chain.message,
    )


def filter_audit(log: AuditLog, actions: list[str], usernames: list[str]) -> pd.DataFrame:
    shown = log.entries
    if actions:
        shown = shown[log.actions.isin(actions).to_numpy()]
    if usernames:
        shown = shown[shown["Pengguna"].isin(usernames)]
    return shown
