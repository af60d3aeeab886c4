"""The Dinas Sosial's own verval survey file: its layout, reading it, and checking every row.

One row per person (CSV or XLSX): ``no_keluarga, jumlah_indikator, kecamatan, kelurahan,
ind_1 … ind_8`` (``Memenuhi Kriteria`` / ``Tidak``, the Kemensos criteria in the order of
:data:`analytics.verval.visit.INDICATORS`), the person (:data:`PERSON`), the dwelling in
Regsosek's classes (:data:`DWELLING`, ``daya_listrik``), assistance received and needs
(``Ya`` / ``Tidak``), ``jenis_disabilitas`` and ``status_keluarga`` (desil 1–4, 5 = other).
Values are compared without case, spaces or dots (``1300 watt`` is ``1.300 WATT``).

A row is rejected with every reason, in Indonesian, when a value is outside its list, the
kelurahan is unknown, ``jumlah_indikator`` is not the number of ``Memenuhi Kriteria`` or
``no_keluarga`` is empty or damaged by Excel. A family is rejected whole when one of its rows
is, or when its rows disagree on the indicators, the dwelling or the desil (a family's size
and members would be wrong otherwise); a No KK written under two kelurahan, and a family of
more than :data:`~analytics.verval.visit.MAX_SIZE` persons, are rejected too.
A rejected row keeps its row number and values, the No KK masked (:func:`rejects_csv`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
from analytics.reference import load_kecamatan, load_kelurahan, normalize_name
from analytics.verval.visit import DWELLING as VISIT_DWELLING
from analytics.verval.visit import INDICATORS, MAX_SIZE

YES_NO = {"YA": True, "TIDAK": False}
MET = {"MEMENUHIKRITERIA": True, "TIDAK": False, "TIDAKMEMENUHIKRITERIA": False}
PERSON = {
    "jenis_kelamin": ("LAKI-LAKI", "PEREMPUAN"),
    "status_kawin": ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"),
    "ijazah_tertinggi": (
        "TIDAK/BELUM SEKOLAH",
        "TDK TAMAT SD/SEDERAJAT",
        "TAMAT SD/SEDERAJAT",
        "TAMAT SLTP/SEDERAJAT",
        "TAMAT SLTA/SEDERAJAT",
        "TAMAT PT/AKADEMI",
    ),
    "status_pekerjaan": (
        "BERUSAHA SENDIRI",
        "BERUSAHA DIBANTU BURUH",
        "BURUH/KARYAWAN/PEGAWAI",
        "PNS/TNI/POLRI/BUMN/BUMD",
        "PEKERJA BEBAS PERTANIAN",
        "PEKERJA BEBAS NONPERTANIAN",
        "PEKERJA KELUARGA/TIDAK DIBAYAR",
        "TIDAK BEKERJA",
        "SEKOLAH",
        "MENGURUS RUMAH TANGGA",
    ),
    "jenis_disabilitas": ("TIDAK ADA", "FISIK", "INTELEKTUAL", "MENTAL", "SENSORIK", "GANDA"),
}
#: Dinas Sosial column -> the visit form's dwelling field (same Regsosek classes).
DWELLING = {
    "jenis_lantai": "floor",
    "jenis_dinding": "wall",
    "jenis_atap": "roof",
    "sumber_penerangan": "lighting",
    "fasilitas_bab": "sanitation",
    "sumber_air": "water_source",
    "bahan_bakar": "cooking_fuel",
}
POWER = ("450 WATT", "900 WATT", "1.300 WATT", "2.200 WATT", "> 2.200 WATT")
METERED = "LISTRIK PLN METERAN"
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
DESIL_GROUPS = {1: "Desil 1", 2: "Desil 2", 3: "Desil 3", 4: "Desil 4", 5: "Lainnya (desil 5 ke atas)"}
MAX_AGE = 120
#: What one family holds the same on every row: checked across the rows of a family.
FAMILY_FIELDS = ("kecamatan", "jumlah_indikator", *INDICATORS, *DWELLING, "daya_listrik", "status_keluarga")
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
_OPTIONAL = {"jenis_disabilitas", "daya_listrik"}  # blank: none / not metered


def value_key(value) -> str:
    """A value as compared with a list: upper case, no spaces or dots.

    >>> value_key(" memenuhi kriteria "), value_key("1300 watt"), value_key(None)
    ('MEMENUHIKRITERIA', '1300WATT', '')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return re.sub(r"[\s.]", "", str(value).upper())


def _choices(values) -> dict[str, str]:
    return {value_key(v): v for v in values}


_LISTS = {
    **{c: _choices(v) for c, v in PERSON.items()},
    **{c: _choices(VISIT_DWELLING[f][1]) for c, f in DWELLING.items()},
    "daya_listrik": _choices(POWER),
}


@dataclass(frozen=True)
class DinsosRows:
    """The file's rows that passed (``persons``: clean values, one row per person) and the
    rejected ones (``rejects``: row number, reasons, the values as written, No KK masked)."""

    persons: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int


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
    """Kemendagri code of each kelurahan cell, written as a name (or a known spelling) or a
    code; None where unknown."""
    return kelurahan_codes_from_names(values).fillna(kelurahan_codes_from_codes(values))


def _kecamatan_codes() -> dict[str, str]:
    table = load_kecamatan()
    index = {normalize_name(n): k for k, n in zip(table["kode"], table["nama"], strict=True)}
    return {**index, **{re.sub(r"\D", "", k): k for k in table["kode"]}}


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _count(value, low: int, high: int) -> int | None:
    text = _text(value)
    text = text[:-2] if text.endswith(".0") else text
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def _check_lists(row: dict, clean: dict, problems: list[str]) -> None:
    for column, choices in _LISTS.items():
        key = value_key(row[column])
        if key in choices:
            clean[column] = choices[key]
        elif key == "" and column in _OPTIONAL:
            clean[column] = "TIDAK ADA" if column == "jenis_disabilitas" else None
        else:
            shown = "kosong" if key == "" else repr(_text(row[column]))
            problems.append(f"{column}: {shown} tidak ada di daftar nilai")
    if clean.get("sumber_penerangan") == METERED and clean.get("daya_listrik") is None:
        problems.append("daya_listrik wajib diisi untuk listrik PLN meteran")
    for columns, values in ((INDICATORS, MET), (ASSISTANCE + NEEDS, YES_NO)):
        for column in columns:
            key = value_key(row[column])
            if key in values:
                clean[column] = values[key]
            else:
                problems.append(
                    f"{column}: {repr(_text(row[column])) if key else 'kosong'} bukan "
                    f"{'Memenuhi Kriteria/Tidak' if values is MET else 'Ya/Tidak'}"
                )


def _check_numbers(row: dict, clean: dict, problems: list[str]) -> None:
    clean["umur"] = _count(row["umur"], 0, MAX_AGE)
    if clean["umur"] is None:
        problems.append(f"umur {_text(row['umur'])!r} bukan bilangan bulat 0–{MAX_AGE}")
    clean["status_keluarga"] = _count(row["status_keluarga"], 1, 5)
    if clean["status_keluarga"] is None:
        problems.append(f"status_keluarga {_text(row['status_keluarga'])!r} bukan 1–5")
    stated = _count(row["jumlah_indikator"], 0, len(INDICATORS))
    clean["jumlah_indikator"] = stated
    met = sum(bool(clean.get(k)) for k in INDICATORS)
    if stated is None:
        problems.append(f"jumlah_indikator {_text(row['jumlah_indikator'])!r} bukan bilangan 0–{len(INDICATORS)}")
    elif all(k in clean for k in INDICATORS) and stated != met:
        problems.append(f"jumlah_indikator {stated} tidak sama dengan jumlah 'Memenuhi Kriteria' ({met})")


def _check_family_key(row: dict, clean: dict, problems: list[str]) -> None:
    no_kk, status = clean_identifier(row["no_keluarga"])
    if status in (NIK_VALID, NIK_CLEANED):
        clean["no_kk"], clean["family_key"] = no_kk, no_kk
    elif status == NIK_EXCEL:
        problems.append("no_keluarga rusak oleh Excel (angka ilmiah atau digit terakhir hilang)")
    elif _text(row["no_keluarga"]) == "":
        problems.append("no_keluarga kosong")
    else:
        clean["no_kk"], clean["family_key"] = None, _text(row["no_keluarga"])


def check_row(row: dict, kode: str | None, kecamatan: dict[str, str]) -> tuple[dict, list[str]]:
    """One row's clean values and its problems (Indonesian; empty when the row is good)."""
    clean: dict = {"_row": row["_row"], "kode_kelurahan": kode, "no_kk": None, "family_key": None}
    problems: list[str] = []
    if kode is None:
        problems.append(
            f"kelurahan {_text(row['kelurahan'])!r} tidak dikenal (bukan nama atau kode kelurahan di Kota Bontang)"
        )
    kec_key = normalize_name(re.sub(r"(?i)^\s*kec(amatan)?\.?\s+", "", _text(row["kecamatan"])))
    clean["kecamatan"] = kecamatan.get(kec_key)
    if clean["kecamatan"] is None:
        problems.append(f"kecamatan {_text(row['kecamatan'])!r} tidak dikenal")
    elif kode is not None and not kode.startswith(clean["kecamatan"] + "."):
        problems.append(f"kelurahan {_text(row['kelurahan'])!r} tidak berada di kecamatan {_text(row['kecamatan'])!r}")
    _check_family_key(row, clean, problems)
    _check_lists(row, clean, problems)
    _check_numbers(row, clean, problems)
    return clean, problems


def _family_problems(persons: pd.DataFrame) -> dict[int, str]:
    """Rows of families to reject whole, with the reason (row number -> reason)."""
    reasons: dict[int, str] = {}
    groups = persons.groupby(["family_key", "kode_kelurahan"], sort=False)
    for _, rows in groups:
        differ = [c for c in FAMILY_FIELDS if rows[c].nunique(dropna=False) > 1]
        if differ:
            for r in rows["_row"]:
                reasons[r] = f"baris keluarga yang sama berbeda pada {', '.join(differ)}"
    sizes = persons.groupby(["family_key", "kode_kelurahan"])["_row"].transform("size")
    for r in persons.loc[sizes > MAX_SIZE, "_row"]:
        reasons[r] = f"keluarga ini lebih dari {MAX_SIZE} jiwa (batas formulir kunjungan)"
    twice = persons[persons["no_kk"].notna()].groupby("no_kk")["kode_kelurahan"].nunique()
    for r in persons.loc[persons["no_kk"].isin(twice[twice > 1].index), "_row"]:
        reasons[r] = "no_keluarga yang sama tercatat di lebih dari satu kelurahan"
    return reasons


def check_rows(raw: pd.DataFrame) -> DinsosRows:
    """Every row checked; families with a bad or disagreeing row rejected whole (see module doc)."""
    if raw.empty:
        raise DataError("Berkas verval Dinas Sosial tidak berisi baris data.")
    codes, kecamatan = kelurahan_codes(raw["kelurahan"]), _kecamatan_codes()
    checked, problems = [], {}
    for (_, row), kode in zip(raw.iterrows(), codes, strict=True):
        clean, found = check_row(row.to_dict(), kode, kecamatan)
        if found:
            problems[row["_row"]] = "; ".join(found)
        checked.append(clean)
    persons = pd.DataFrame(checked)
    for r in _companions(persons, problems):
        problems.setdefault(r, "anggota lain keluarga ini ditolak (seluruh keluarga ditolak agar jumlahnya benar)")
    kept = persons[~persons["_row"].isin(problems)]
    problems.update(_family_problems(kept))
    return DinsosRows(kept[~kept["_row"].isin(problems)].reset_index(drop=True), _rejects(raw, problems), len(raw))


def _companions(persons: pd.DataFrame, problems: dict) -> list:
    """Rows of the families a rejected row belongs to: same no_keluarga and kelurahan, or the
    same no_keluarga anywhere when the rejected row's kelurahan is unknown."""
    bad = persons[persons["_row"].isin(problems) & persons["family_key"].notna()]
    pairs = set(zip(bad["family_key"], bad["kode_kelurahan"], strict=True))
    anywhere = set(bad.loc[bad["kode_kelurahan"].isna(), "family_key"])
    hit = [
        (k, c) in pairs or k in anywhere for k, c in zip(persons["family_key"], persons["kode_kelurahan"], strict=True)
    ]
    return persons.loc[hit, "_row"].tolist()


def _rejects(raw: pd.DataFrame, problems: dict[int, str]) -> pd.DataFrame:
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
