"""Row-level checks shared by every source: quarantine reasons and data issues.

A quarantined row is not loaded; it is kept with file, row number, a reason code, a
message in Bahasa Indonesia and its original values. A data issue is a flag on a row that
is loaded (a damaged NIK, missing coordinates): the row stays, the issue is reported.
"""

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.access.pseudonym import mask_identifier_text
from analytics.errors import ImportFailed
from analytics.ingest.numerals import CONVENTION_LABELS, number_column
from analytics.reference import REGION_NAME


@dataclass(frozen=True)
class ImportOptions:
    """The import's thresholds (settings) and the admin's explicit override."""

    max_quarantine_share: float = 0.05
    max_household_size: int = 30
    expenditure_factor: float = 10.0
    accept_quarantine: bool = False  # the recorded override of the quarantine-share guard


# reason code -> message template (Bahasa Indonesia; {value} is the offending value)
QUARANTINE_REASONS = {
    "id_missing": "ID kosong: baris tidak dapat dikenali.",
    "id_duplicate_different": "ID {value} sudah muncul di baris lain dengan isi berbeda.",
    "region_unknown": "Wilayah '{value}' tidak dikenal di gazetteer " + REGION_NAME + ".",
    "household_size_invalid": "Jumlah anggota keluarga kosong atau kurang dari 1 ('{value}').",
    "expenditure_missing": "Pengeluaran per kapita kosong.",
    "expenditure_not_a_number": "Pengeluaran per kapita bukan angka ('{value}').",
    "expenditure_not_positive": "Pengeluaran per kapita nol atau negatif ('{value}').",
    "census_block_missing": "Nomor blok sensus (NKS) kosong: rumah tangga survei tidak dapat ditempatkan.",
    "weight_invalid": "Bobot survei kosong, bukan angka, nol atau negatif ('{value}').",
    "survey_household_twice": "Rumah tangga {value} (blok sensus/nomor urut) sudah ada di baris lain.",
    "date_unreadable": (
        "Tanggal '{value}' tidak dapat dibaca (format yang diterima: DD/MM/YYYY, DD-MM-YYYY, YYYY-MM-DD)."
    ),
    "row_shape": "Baris tidak sesuai judul kolom ({value}); tidak dibaca agar isi kolom tidak bergeser.",
    "region_bps_code": (
        "Kode wilayah '{value}' adalah kode BPS, bukan kode Kemendagri, dan padanannya tidak ada di tabel "
        "padanan BPS–Kemendagri (data/reference/bps_kemendagri.csv atau tabel nasional BPS 2018)."
    ),
    "total_row": "Baris jumlah/subtotal, bukan satu keluarga ({value}).",
    "household_size_implausible": "Jumlah anggota keluarga {value} melebihi batas wajar (baris jumlah? salah ketik?).",
    "id_excel_damaged": "ID '{value}' rusak oleh Excel (notasi ilmiah): angka aslinya hilang.",
    "year_mismatch": "Tahun data {value} berbeda dengan tahun folder.",
    "kk_unusable": (
        "No KK '{value}' kosong, rusak atau bukan 16 digit: keluarga DTSEN/SIKS-NG dikenali dari No KK-nya."
    ),
    "nik_unusable": "NIK '{value}' kosong, rusak atau bukan 16 digit: penerima tidak dapat dikenali.",
    "program_unknown": "Program '{value}' tidak dikenal (diterima: PKH, BPNT/Sembako, PBI).",
}

ISSUE_MESSAGES = {
    "nik_excel_damaged": "NIK/No KK rusak oleh Excel (angka 15 digit: '{value}'); tidak ditebak, perlu verifikasi.",
    "nik_invalid": "NIK/No KK bukan 16 digit ('{value}').",
    "nik_missing": "NIK/No KK kosong.",
    "nik_cleaned": "NIK/No KK dibersihkan (apostrof, spasi atau titik dihapus): '{value}'.",
    "nik_birth_date_mismatch": "Tanggal lahir dalam NIK berbeda dengan tanggal lahir tercatat ({value}).",
    "coordinates_missing": "Koordinat rumah kosong.",
    "coordinates_outside": "Koordinat rumah di luar " + REGION_NAME + " ({value}).",
    "yes_no_unknown": "Nilai ya/tidak '{value}' tidak dikenal; dibaca sebagai 'tidak'.",
    "birth_date_missing": "Tanggal lahir kosong.",
    "date_unreadable": "Tanggal '{value}' tidak dapat dibaca; dibiarkan kosong (kolom ini tidak wajib).",
    "desil_unreadable": "Desil '{value}' bukan angka 1-10; dibiarkan kosong.",
    "coordinates_scale": "Koordinat '{value}' bukan derajat (titik desimal hilang?); dibiarkan kosong.",
    "value_unknown": "Nilai '{value}' tidak ada di daftar kode DTSEN (data/dtsen_codes.toml); dibiarkan kosong.",
}

NIK_STATUS_ISSUE = {
    "excel_damaged": "nik_excel_damaged",
    "invalid": "nik_invalid",
    "empty": "nik_missing",
    "cleaned": "nik_cleaned",
}


@dataclass
class FileContext:
    """What the checks of one chunk of a file need from the whole file: the ids already taken
    by earlier rows, the sum of household sizes per kelurahan (a total row repeats it), and
    the measures of its key columns (:mod:`analytics.ingest.keys`)."""

    seen_ids: set = field(default_factory=set)
    size_totals: dict | None = None  # {"kota": (sum, rows), kode: (sum, rows), ...}
    source: str = ""
    keys: dict = field(default_factory=dict)  # internal key column -> keys.KeyStats, summed over chunks
    key_seen: dict = field(default_factory=dict)  # internal key column -> keys of earlier rows


class RowChecks:
    """Collects quarantine reasons (first reason wins) and issues for one file."""

    def __init__(
        self,
        raw: pd.DataFrame,
        original: pd.DataFrame,
        label: str = "",
        headers: dict | None = None,
        options: ImportOptions | None = None,
        merged: pd.Series | None = None,
        context: FileContext | None = None,
    ):
        self.options = options or ImportOptions()
        self.raw = raw
        self.original = original
        self.label = label  # the file as messages name it
        self.headers = headers or {}  # internal name -> the file's own header
        self.notes: list[str] = []  # warnings about the whole file (shown in the import report)
        self.context = context or FileContext()
        # Rows merged as exact duplicates: not loaded, not quarantined (counted apart).
        self.merged = merged if merged is not None else pd.Series(False, index=raw.index)
        self.rejected = self.merged.copy()
        self.reason = pd.Series(None, index=raw.index, dtype=object)
        self.message = pd.Series(None, index=raw.index, dtype=object)
        self.issues: list[pd.DataFrame] = []

    def numbers(self, name: str, measure: bool = False) -> pd.Series:
        """The column's numbers (NaN where none); a column mixing Indonesian and English
        separators stops the import with examples of both, and an English column is noted."""
        values = self.raw[name] if name in self.raw else pd.Series(None, index=self.raw.index, dtype=object)
        header = self.headers.get(name, name)
        column = number_column(values, measure)
        if column.mixed:
            indonesian, english = column.mixed
            raise ImportFailed(
                f"{self.label}, kolom {header}: angka ditulis dengan dua cara sekaligus — gaya Indonesia "
                f"({', '.join(indonesian)}) dan gaya Inggris ({', '.join(english)}); tidak ditebak. Samakan "
                "pemisah ribuan dan desimal di kolom ini, lalu impor lagi."
            )
        if column.convention == "en" and not measure:
            self.notes.append(f"kolom {header}: angka {CONVENTION_LABELS['en']}")
        return column.values

    def reject(self, mask: pd.Series, code: str, values: pd.Series | None = None) -> None:
        mask = mask.fillna(False).astype(bool) & ~self.rejected
        if not mask.any():
            return
        shown = values[mask] if values is not None else pd.Series("", index=mask[mask].index)
        template = QUARANTINE_REASONS[code]
        self.reason[mask] = code
        self.message[mask] = [template.format(value=_show(v)) for v in shown]
        self.rejected |= mask

    def flag(self, mask: pd.Series, code: str, column: str, values: pd.Series | None = None) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        shown = values[mask] if values is not None else pd.Series("", index=mask[mask].index)
        template = ISSUE_MESSAGES[code]
        self.issues.append(
            pd.DataFrame(
                {
                    "_index": mask[mask].index,
                    "issue_code": code,
                    "column_name": column,
                    "message": [template.format(value=_show(v)) for v in shown],
                }
            )
        )

    def flag_identifier_status(self, status: pd.Series, column: str, raw_values: pd.Series) -> None:
        # A cleaned cell, or a number cell Excel left intact, still holds the whole NIK; the
        # data_issue table is shown on the dashboard, so only the quarantine keeps originals.
        flagged = status.isin(list(NIK_STATUS_ISSUE))
        if not flagged.any():
            return
        # Only the flagged cells are shown (masked); a million valid ones need no text.
        shown = raw_values[flagged].map(lambda v: None if _show(v) == "" else mask_identifier_text(_show(v)))
        shown = shown.reindex(status.index)
        for st, code in NIK_STATUS_ISSUE.items():
            self.flag(status == st, code, column, shown)

    def quarantine_frame(self) -> pd.DataFrame:
        quarantined = self.rejected & ~self.merged
        rows = self.raw[quarantined]
        originals = self.original[quarantined].drop(columns=["_row", "_part"], errors="ignore")
        return pd.DataFrame(
            {
                "_part": rows["_part"].to_numpy() if "_part" in rows else 0,
                "row_number": rows["_row"].astype(int).to_numpy(),
                "reason_code": self.reason[quarantined].to_numpy(),
                "message": self.message[quarantined].to_numpy(),
                "original": [json.dumps(_jsonable(r), ensure_ascii=False) for r in originals.to_dict("records")],
            }
        )

    def issue_frame(self, loaded_index: pd.Index) -> pd.DataFrame:
        if not self.issues:
            return pd.DataFrame(columns=["_part", "row_number", "issue_code", "column_name", "message"])
        issues = pd.concat(self.issues, ignore_index=True)
        issues = issues[issues["_index"].isin(loaded_index)]
        issues.insert(0, "row_number", self.raw.loc[issues["_index"], "_row"].astype(int).to_numpy())
        issues.insert(0, "_part", self.raw.loc[issues["_index"], "_part"].to_numpy() if "_part" in self.raw else 0)
        return issues.drop(columns=["_index"]).reset_index(drop=True)


def _show(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)[:80]


def _jsonable(record: dict) -> dict:
    return {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)) for k, v in record.items()}


def exact_duplicates(raw: pd.DataFrame) -> pd.DataFrame:
    """Rows identical in every column to an earlier row: merged, with the row they repeat.

    Indexed like ``raw`` (a workbook's sheets share row numbers, so rows are dropped by index)."""
    values = raw.drop(columns=["_row", "_part"], errors="ignore").astype(str)
    key = pd.util.hash_pandas_object(values, index=False)
    dup = key.duplicated()
    first_row = raw["_row"].groupby(key.to_numpy()).transform("first")
    part = raw["_part"] if "_part" in raw else pd.Series(0, index=raw.index)
    return pd.DataFrame(
        {"_part": part[dup], "row_number": raw.loc[dup, "_row"].astype(int), "same_as_row": first_row[dup].astype(int)}
    )
