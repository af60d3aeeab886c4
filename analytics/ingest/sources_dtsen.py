"""Preparation of the registers a Pemda holds since 2025: DTSEN keluarga and anggota, the
SIKS-NG desil export and the programme recipient lists (SIKS-NG, by NIK).

DTSEN is keyed on the No KK (keluarga) and the NIK (anggota), which leave here only as keyed
pseudonyms and masks, as in :mod:`analytics.ingest.sources`. A family without a usable No KK
cannot be placed in the frame and is quarantined; a recipient without a usable NIK likewise.
Values are read to the classes the family table uses (:mod:`analytics.ingest.dtsen_values`)
and how each was written is kept beside it (``*_form``), for the import's report.
"""

from __future__ import annotations

import re

import pandas as pd

from analytics.access.pseudonym import pseudonymise_series
from analytics.ingest import dtsen_values as dv
from analytics.ingest import normalize as nz
from analytics.ingest import plausibility as pl
from analytics.ingest.regions import bps_kecamatan_codes, code_digits, kelurahan_codes
from analytics.ingest.rules import RowChecks
from analytics.ingest.sources import (
    _col,
    _coordinates,
    _dates,
    _desil,
    _identifier,
    _masked,
    _reject_conflicting_ids,
    _text,
)
from analytics.reference import load_kelurahan

# Family-table column -> the DTSEN code list it is read with.
DWELLING_LISTS = {
    "floor": "jenis_lantai",
    "wall": "jenis_dinding",
    "roof": "jenis_atap",
    "water_source": "sumber_air",
    "lighting": "sumber_penerangan",
    "cooking_fuel": "bahan_bakar",
    "sanitation": "fasilitas_bab",
    "home_ownership": "status_kepemilikan_rumah",
    "power": "daya_terpasang",
}
# The nine Washington Group items of anggota (internal names of the mapping).
DIFFICULTY_ITEMS = (
    "seeing",
    "hearing",
    "walking",
    "hands",
    "learning",
    "behaviour",
    "speaking",
    "self_care",
    "remembering",
)
# Programme as a recipient list names it -> the family table's program.
PROGRAMS = {
    "PKH": "pkh",
    "PROGRAMKELUARGAHARAPAN": "pkh",
    "BPNT": "sembako",
    "SEMBAKO": "sembako",
    "BPNTSEMBAKO": "sembako",
    "PROGRAMSEMBAKO": "sembako",
    "PBI": "pbi",
    "PBIJK": "pbi",
    "PBIJKN": "pbi",
}


def _region(raw: pd.DataFrame, checks: RowChecks) -> pd.Series:
    """Kemendagri kelurahan code of a DTSEN row. DTSEN writes BPS codes: the kelurahan's ten
    digits, or its last three beside a seven-digit kecamatan code. A code the BPS crosswalk
    knows is read through it (data/reference/SOURCES.md); a desa it lacks (created or
    renumbered since BPS's 2018 edition) is placed by its kelurahan name, inside the kecamatan its code names
    (``region_bps_code`` when neither places it, ``region_unknown`` for any other value)."""
    values = _col(raw, "region_code")
    digits = values.map(code_digits).astype(object)
    kecamatan = _col(raw, "kecamatan_code").map(code_digits).astype(object)
    short = (digits.str.len() <= 3) & (digits != "") & (kecamatan.str.len() == 7)
    full = digits.where(~short, kecamatan + digits.str.zfill(3))
    kode, bps = kelurahan_codes(full)
    by_name = nz.kelurahan_codes_from_names(_col(raw, "kelurahan_name"))
    kelurahan = load_kelurahan().set_index("kode")["kode_kecamatan"]
    code_kecamatan = bps_kecamatan_codes(full.str[:7])
    agrees = code_kecamatan.isna() | (code_kecamatan == by_name.map(kelurahan))
    kode = kode.where(kode.notna() | ~agrees, by_name).astype(object)
    checks.reject(kode.isna() & bps, "region_bps_code", values)
    checks.reject(kode.isna(), "region_unknown", values)
    return kode


def _key(checks: RowChecks, raw: pd.DataFrame, name: str, reason: str) -> tuple[pd.Series, pd.Series]:
    """A No KK or NIK that must name the row (unusable ones quarantine it), and its status."""
    cleaned, status = _identifier(checks, raw, name)
    checks.reject(cleaned.isna(), reason, _col(raw, name))
    return cleaned, status


def _version(raw: pd.DataFrame) -> dict[str, pd.Series]:
    return {"dtsen_version": _text(raw, "dtsen_version"), "dtsen_date": _text(raw, "dtsen_date")}


def _dwelling(checks: RowChecks, raw: pd.DataFrame) -> dict[str, pd.Series]:
    out = {}
    for column, list_name in DWELLING_LISTS.items():
        values = _col(raw, column)
        klass, form = dv.classes(values, list_name)
        checks.flag(form == dv.UNKNOWN, "value_unknown", checks.headers.get(column, column), values)
        out[column] = klass
        out[f"{column}_form"] = form if column in raw else pd.Series(None, index=raw.index, dtype=object)
    return out


def prepare_dtsen_keluarga(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    pl.reject_total_rows(checks, [_col(raw, c) for c in ("no_kk", "region_code", "head_name") if c in raw])
    kode = _region(raw, checks)
    size = checks.numbers("size")
    checks.reject(size.isna() | (size < 1) | (size != size.round()), "household_size_invalid", _col(raw, "size"))
    pl.reject_implausible_sizes(checks, size, _col(raw, "size"), checks.options.max_household_size)
    no_kk, kk_status = _key(checks, raw, "no_kk", "kk_unusable")
    kk_hash = pseudonymise_series(no_kk, key)
    _reject_conflicting_ids(checks, kk_hash)
    lat, lon, coord_status = _coordinates(raw, checks)
    pbi = dv.yes(_col(raw, "pbi_nas")).eq(True) | dv.yes(_col(raw, "pbi_pemda")).eq(True)
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "no_kk_hash": kk_hash,
            "no_kk_masked": _masked(no_kk),
            "no_kk_status": kk_status,
            "kode_kelurahan": kode,
            "kode_kecamatan": kode.map(load_kelurahan().set_index("kode")["kode_kecamatan"]),
            "size": size.round().astype("Int64"),
            "desil": _desil(checks, raw),
            "desil_province": _desil(checks, raw, "desil_province"),
            "desil_city": _desil(checks, raw, "desil_city"),
            "head_name": _text(raw, "head_name"),
            "head_name_key": nz.name_key(_col(raw, "head_name")),
            "address": _text(raw, "address"),
            "lat": lat.where(coord_status == "ok"),
            "lon": lon.where(coord_status == "ok"),
            "coord_status": coord_status,
            "receives_pbi": pbi,
            **_dwelling(checks, raw),
            **_version(raw),
        }
    )
    return clean[~checks.rejected]


def prepare_dtsen_anggota(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    pl.reject_total_rows(checks, [_col(raw, c) for c in ("nik", "no_kk", "name") if c in raw])
    nik, nik_status = _key(checks, raw, "nik", "nik_unusable")
    no_kk, _ = _key(checks, raw, "no_kk", "kk_unusable")
    nik_hash = pseudonymise_series(nik, key)
    _reject_conflicting_ids(checks, nik_hash)
    birth = _dates(checks, raw, "birth_date")
    relationship = dv.labels(_col(raw, "relationship"), "status_hubungan_keluarga")
    disabled = pd.Series(False, index=raw.index)
    for item in DIFFICULTY_ITEMS:
        disabled |= dv.difficulty(_col(raw, item))
    sex, _ = dv.classes(_col(raw, "sex"), "jenis_kelamin")
    school = dv.labels(_col(raw, "school"), "partisipasi_sekolah")
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "nik_hash": nik_hash,
            "nik_masked": _masked(nik),
            "nik_status": nik_status,
            "no_kk_hash": pseudonymise_series(no_kk, key),
            "name": _text(raw, "name"),
            "name_key": nz.name_key(_col(raw, "name")),
            "birth_date": birth,
            "sex": sex,
            "relationship": relationship,
            "is_head": relationship.eq("KEPALA KELUARGA"),
            "in_school": school.eq("MASIH SEKOLAH"),
            "works": dv.yes(_col(raw, "works")).eq(True),
            "disabled": disabled,
            "education": dv.schooling(_col(raw, "diploma"), _col(raw, "school")),
            "occupation": _text(raw, "occupation"),
            "receives_pbi": dv.yes(_col(raw, "pbi_nas")).eq(True) | dv.yes(_col(raw, "pbi_pemda")).eq(True),
            **_version(raw),
        }
    )
    return clean[~checks.rejected]


def prepare_siksng_desil(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    pl.reject_total_rows(checks, [_col(raw, c) for c in ("no_kk", "nik", "name") if c in raw])
    no_kk, _ = _key(checks, raw, "no_kk", "kk_unusable")
    nik, _ = _identifier(checks, raw, "nik")
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "no_kk_hash": pseudonymise_series(no_kk, key),
            "nik_hash": pseudonymise_series(nik, key),
            "desil": _desil(checks, raw),
        }
    )
    return clean[~checks.rejected]


def _program(values: pd.Series) -> pd.Series:
    keys = values.map(lambda v: re.sub(r"[^A-Z]", "", str(v).upper()) if v is not None else "")
    return keys.map(PROGRAMS).astype(object)


def prepare_penerima_bansos(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    pl.reject_total_rows(checks, [_col(raw, c) for c in ("nik", "name", "program") if c in raw])
    nik, _ = _key(checks, raw, "nik", "nik_unusable")
    program = _program(_col(raw, "program"))
    checks.reject(program.isna(), "program_unknown", _col(raw, "program"))
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "nik_hash": pseudonymise_series(nik, key),
            "nik_masked": _masked(nik),
            "program": program,
            "period": _text(raw, "period"),
        }
    )
    return clean[~checks.rejected]


PREPARERS_DTSEN = {
    "dtsen_keluarga": prepare_dtsen_keluarga,
    "dtsen_anggota": prepare_dtsen_anggota,
    "siksng_desil": prepare_siksng_desil,
    "penerima_bansos": prepare_penerima_bansos,
}
