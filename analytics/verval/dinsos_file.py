"""The Dinas Sosial's own verval survey file: its layout, reading it, and checking one row.

One row per person (CSV or XLSX): ``no_keluarga, jumlah_indikator, kecamatan, kelurahan,
ind_1 … ind_8`` (``Memenuhi Kriteria`` / ``Tidak``, the Kemensos criteria in the order of
:data:`analytics.verval.visit.INDICATORS`), the person, the dwelling, electricity,
assistance received and needs, ``jenis_disabilitas`` and ``status_keluarga`` (desil 1–4,
5 = other). Values are numeric codes or their labels (:mod:`analytics.verval.dinsos_codes`,
``data/dinsos_codes.toml``); kelurahan and kecamatan are names, slugs (``berbas_tengah``)
or codes.

A row is read whole and *flagged*, never rejected, for what it holds wrong (:data:`FLAGS`:
a value outside its list, an age that is no age, the missing-head marker, a count of
indicators that is not theirs, an unknown kecamatan, an Excel-damaged ``no_keluarga``). Only a
row that cannot be placed is rejected (:data:`REJECTS`: no kelurahan, no ``no_keluarga``);
families are formed and checked in :mod:`analytics.verval.dinsos_rows`. A rejected row keeps
its row number and values, the No KK masked (:func:`rejects_csv`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analytics.access.pseudonym import mask_identifier_text
from analytics.csvsafe import csv_bytes
from analytics.errors import DataError
from analytics.ingest.normalize import (
    NIK_CLEANED,
    NIK_EXCEL,
    NIK_VALID,
    clean_identifier,
    kelurahan_codes_from_codes,
    kelurahan_codes_from_names,
)
from analytics.ingest.readers import read_export
from analytics.reference import REGION_NAME, UNIT, load_kecamatan, load_kelurahan, normalize_name
from analytics.verval.dinsos_codes import decode, value_key
from analytics.verval.visit import INDICATORS

MET, NOT_MET, NO_HEAD = "MEMENUHIKRITERIA", {"TIDAK", "TIDAKMEMENUHIKRITERIA"}, "TIDAKADANAMAKEPALAKELUARGA"
PERSON = ("jenis_kelamin", "status_kawin", "ijazah_tertinggi", "status_pekerjaan", "jenis_disabilitas")
#: Dinas Sosial column -> the visit form's dwelling field (its class, from the code list).
DWELLING = {
    "jenis_lantai": "floor",
    "jenis_dinding": "wall",
    "jenis_atap": "roof",
    "sumber_penerangan": "lighting",
    "fasilitas_bab": "sanitation",
    "sumber_air": "water_source",
    "bahan_bakar": "cooking_fuel",
}
ASSISTANCE = (
    "bantuan_sembako",
    "bantuan_pkh",
    "bantuan_blt",
    "subsidi_listrik",
    "subsidi_lpg",
    "bantuan_pemda",
    "bantuan_non_pemerintah",
)
NEEDS = ("butuh_pangan", "butuh_sandang", "butuh_kesehatan", "butuh_pendidikan", "butuh_dokumen")
CODED = (*PERSON, *DWELLING, "daya_listrik", *ASSISTANCE, *NEEDS)
DESIL_GROUPS = {1: "Desil 1", 2: "Desil 2", 3: "Desil 3", 4: "Desil 4", 5: "Lainnya (desil 5 ke atas)"}
MAX_AGE = 120
COLUMNS = (
    "no_keluarga",
    "jumlah_indikator",
    "kecamatan",
    "kelurahan",
    *INDICATORS,
    "jenis_kelamin",
    "status_kawin",
    "umur",
    "ijazah_tertinggi",
    "status_pekerjaan",
    *DWELLING,
    "daya_listrik",
    *ASSISTANCE,
    "jenis_disabilitas",
    *NEEDS,
    "status_keluarga",
)
#: Why a row or family is flagged (counted as the office counts, the value read as unknown).
FLAGS = {
    "umur": "umur bukan umur (nomor panjang, angka ilmiah, negatif atau kosong); umur dianggap tidak diketahui",
    "tanpa_kepala": "ind_1 berisi 'Tidak ada nama Kepala Keluarga': kepala keluarga tidak tercatat; "
    "ind_1 dihitung tidak terpenuhi",
    "jumlah_indikator": "jumlah_indikator bukan banyaknya 'Memenuhi Kriteria' atau bukan angka 0–8; dipakai "
    "jumlah_indikator bila berupa angka (seperti dasbor Dinas Sosial)",
    "kecamatan": f"kecamatan tidak dikenal atau tidak memuat kelurahannya; ditempatkan menurut {UNIT}",
    "no_keluarga_excel": "no_keluarga rusak oleh Excel (angka ilmiah); dipakai apa adanya, tidak ditautkan",
    "kelurahan_baris": f"{UNIT} baris ini tidak dikenal; ditempatkan di {UNIT} anggota lain keluarganya",
    "dua_kelurahan": f"no_keluarga yang sama tercatat di lebih dari satu {UNIT}; keluarga dihitung di "
    f"{UNIT} baris pertamanya",
    "besar": "keluarga lebih dari 30 jiwa; dihitung, tidak dijadikan catatan kunjungan",
    "berbeda": "baris satu keluarga berbeda pada nilai tingkat keluarga (rincian kolomnya di bawah)",
}
#: Why a row cannot be placed (the only rejections).
REJECTS = {
    "kelurahan": f"{UNIT} tidak dikenal (bukan nama atau kode {UNIT} di {REGION_NAME}) dan tidak ada "
    "anggota keluarganya yang kelurahannya dikenal",
    "no_keluarga": "no_keluarga kosong: baris tidak dapat ditempatkan di satu keluarga",
}


def flag_text(reason: str) -> str:
    """The Indonesian text of a flag key (``nilai:<kolom>`` and ``berbeda:<kolom>`` name a column).

    >>> flag_text("nilai:jenis_lantai")
    'nilai jenis_lantai kosong atau di luar daftar kode; dianggap tidak diketahui'
    """
    if reason in FLAGS:
        return FLAGS[reason]
    kind, _, column = reason.partition(":")
    if kind == "nilai":
        return f"nilai {column} kosong atau di luar daftar kode; dianggap tidak diketahui"
    if kind == "berbeda":
        return (
            f"baris satu keluarga berbeda pada {column}; keluarga dihitung seperti dasbor Dinas Sosial (fakir "
            "miskin bila satu anggota memenuhi ≥6 indikator, nilai lain dari baris pertama)"
        )
    raise KeyError(reason)


def read_rows(path: str | Path) -> pd.DataFrame:
    """The file's cells as written, with ``_row`` (header = row 1); every column named."""
    frame = read_export(Path(path))
    frame.columns = [c if c == "_row" else c.strip().lower() for c in frame.columns]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            f"Berkas {Path(path).name} bukan berkas verval Dinas Sosial: kolom {', '.join(missing)} tidak ada."
        )
    return frame


def kelurahan_codes(values: pd.Series) -> pd.Series:
    """Kemendagri code of each kelurahan cell, written as a name, slug, known spelling or a
    code; None where unknown."""
    return kelurahan_codes_from_names(values).fillna(kelurahan_codes_from_codes(values))


def kecamatan_codes() -> dict[str, str]:
    table = load_kecamatan()
    index = {normalize_name(n): k for k, n in zip(table["kode"], table["nama"], strict=True)}
    return {**index, **{re.sub(r"\D", "", k): k for k in table["kode"]}}


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _count(value, low: int, high: int) -> int | None:
    text = _text(value)
    text = text[:-2] if text.endswith(".0") else text
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def _family_key(row: dict, clean: dict, flags: set[str]) -> str | None:
    no_kk, status = clean_identifier(row["no_keluarga"])
    if status in (NIK_VALID, NIK_CLEANED):
        clean["no_kk"], clean["family_key"] = no_kk, no_kk
        return None
    if _text(row["no_keluarga"]) == "":
        return "no_keluarga"
    if status == NIK_EXCEL:
        flags.add("no_keluarga_excel")
    clean["family_key"] = _text(row["no_keluarga"])
    return None


def _values(row: dict, clean: dict, flags: set[str]) -> None:
    for column in CODED:
        found = decode(column, row[column])
        clean[column] = found.label
        if column in DWELLING:
            clean[DWELLING[column]] = found.klass
        if found.problem is not None:
            flags.add(f"nilai:{column}")
    for column in INDICATORS:
        key = value_key(row[column])
        clean[column] = key == MET
        if key == NO_HEAD:
            flags.add("tanpa_kepala")
        elif key != MET and key not in NOT_MET:
            flags.add(f"nilai:{column}")


def _numbers(row: dict, clean: dict, flags: set[str]) -> None:
    clean["umur"] = _count(row["umur"], 0, MAX_AGE)
    if clean["umur"] is None:
        flags.add("umur")
    clean["status_keluarga"] = _count(row["status_keluarga"], 1, 5)
    if clean["status_keluarga"] is None:
        flags.add("nilai:status_keluarga")
    stated, met = _count(row["jumlah_indikator"], 0, len(INDICATORS)), sum(clean[k] for k in INDICATORS)
    clean["jumlah_indikator"] = stated
    clean["indicator_count"] = met if stated is None else stated
    if stated != met:
        flags.add("jumlah_indikator")


def check_row(row: dict, kode: str | None, kecamatan: dict[str, str]) -> tuple[dict, set[str], list[str]]:
    """One row's clean values, its flags (keys of :data:`FLAGS`, ``nilai:<kolom>``) and why it
    cannot be placed (keys of :data:`REJECTS`; empty when it can, its kelurahan aside)."""
    clean: dict = {"_row": row["_row"], "kode_kelurahan": kode, "no_kk": None, "family_key": None}
    flags: set[str] = set()
    rejects = [r for r in [_family_key(row, clean, flags)] if r]
    kec_key = normalize_name(re.sub(r"(?i)^\s*kec(amatan)?\.?\s+", "", _text(row["kecamatan"])))
    clean["kecamatan"] = kecamatan.get(kec_key)
    if clean["kecamatan"] is None or (kode is not None and not kode.startswith(clean["kecamatan"] + ".")):
        flags.add("kecamatan")
    _values(row, clean, flags)
    _numbers(row, clean, flags)
    return clean, flags, rejects


def reject_table(raw: pd.DataFrame, problems: dict[int, str]) -> pd.DataFrame:
    """The rejected rows (row number, reason, values as written, No KK masked)."""
    rows = raw[raw["_row"].isin(problems)]
    shown = rows[list(COLUMNS)].map(_text)
    shown["no_keluarga"] = shown["no_keluarga"].map(mask_identifier_text)
    shown.insert(0, "Alasan", rows["_row"].map(problems).to_numpy())
    shown.insert(0, "Baris", rows["_row"].to_numpy())
    return shown.reset_index(drop=True)


def rejects_csv(rejects: pd.DataFrame) -> bytes:
    """The rejected rows as CSV (UTF-8 with BOM for Excel); a cell Excel would run as a formula
    starts with ``'`` (the No KK is already masked)."""
    return csv_bytes(rejects)


def known_kelurahan() -> dict[str, str]:
    """Kemendagri code -> name of the city's kelurahan."""
    table = load_kelurahan()
    return dict(zip(table["kode"], table["nama"], strict=True))
