"""Row-level checks shared by every source: quarantine reasons and data issues.

A quarantined row is not loaded; it is kept with file, row number, a reason code, a
message in Bahasa Indonesia and its original values. A data issue is a flag on a row that
is loaded (a damaged NIK, missing coordinates): the row stays, the issue is reported.
"""

import json

import numpy as np
import pandas as pd

from analytics.access.pseudonym import mask_identifier_text

# reason code -> message template (Bahasa Indonesia; {value} is the offending value)
QUARANTINE_REASONS = {
    "id_missing": "ID kosong: baris tidak dapat dikenali.",
    "id_duplicate_different": "ID {value} sudah muncul di baris lain dengan isi berbeda.",
    "region_unknown": "Wilayah '{value}' tidak dikenal di gazetteer Kota Bontang.",
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
}

ISSUE_MESSAGES = {
    "nik_excel_damaged": "NIK/No KK rusak oleh Excel (angka 15 digit: '{value}'); tidak ditebak, perlu verifikasi.",
    "nik_invalid": "NIK/No KK bukan 16 digit ('{value}').",
    "nik_missing": "NIK/No KK kosong.",
    "nik_cleaned": "NIK/No KK dibersihkan (apostrof, spasi atau titik dihapus): '{value}'.",
    "nik_birth_date_mismatch": "Tanggal lahir dalam NIK berbeda dengan tanggal lahir tercatat ({value}).",
    "coordinates_missing": "Koordinat rumah kosong.",
    "coordinates_outside": "Koordinat rumah di luar Kota Bontang ({value}).",
    "yes_no_unknown": "Nilai ya/tidak '{value}' tidak dikenal; dibaca sebagai 'tidak'.",
    "birth_date_missing": "Tanggal lahir kosong.",
}

NIK_STATUS_ISSUE = {
    "excel_damaged": "nik_excel_damaged",
    "invalid": "nik_invalid",
    "empty": "nik_missing",
    "cleaned": "nik_cleaned",
}


class RowChecks:
    """Collects quarantine reasons (first reason wins) and issues for one file."""

    def __init__(self, raw: pd.DataFrame, original: pd.DataFrame):
        self.raw = raw
        self.original = original
        self.rejected = pd.Series(False, index=raw.index)
        self.reason = pd.Series(None, index=raw.index, dtype=object)
        self.message = pd.Series(None, index=raw.index, dtype=object)
        self.issues: list[pd.DataFrame] = []

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
        shown = raw_values.map(lambda v: None if _show(v) == "" else mask_identifier_text(_show(v)))
        for st, code in NIK_STATUS_ISSUE.items():
            self.flag(status == st, code, column, shown)

    def quarantine_frame(self) -> pd.DataFrame:
        rows = self.raw[self.rejected]
        originals = self.original[self.rejected].drop(columns=["_row"])
        return pd.DataFrame(
            {
                "row_number": rows["_row"].astype(int).to_numpy(),
                "reason_code": self.reason[self.rejected].to_numpy(),
                "message": self.message[self.rejected].to_numpy(),
                "original": [json.dumps(_jsonable(r), ensure_ascii=False) for r in originals.to_dict("records")],
            }
        )

    def issue_frame(self, loaded_index: pd.Index) -> pd.DataFrame:
        if not self.issues:
            return pd.DataFrame(columns=["row_number", "issue_code", "column_name", "message"])
        issues = pd.concat(self.issues, ignore_index=True)
        issues = issues[issues["_index"].isin(loaded_index)]
        issues.insert(0, "row_number", self.raw.loc[issues["_index"], "_row"].astype(int).to_numpy())
        return issues.drop(columns=["_index"]).reset_index(drop=True)


def _show(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)[:80]


def _jsonable(record: dict) -> dict:
    return {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)) for k, v in record.items()}


def exact_duplicates(raw: pd.DataFrame) -> pd.DataFrame:
    """Rows identical in every column to an earlier row: merged, with the row they repeat."""
    values = raw.drop(columns=["_row"]).astype(str)
    key = pd.util.hash_pandas_object(values, index=False)
    dup = key.duplicated()
    first_row = raw["_row"].groupby(key.to_numpy()).transform("first")
    return pd.DataFrame({"row_number": raw.loc[dup, "_row"].astype(int), "same_as_row": first_row[dup].astype(int)})
