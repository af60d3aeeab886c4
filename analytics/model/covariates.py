"""The harmonised covariates: one definition, computed alike from the survey and the frame.

A small-area model carries expenditure from the survey to every family only if each
covariate means the same on both sides. Both tables keep the Regsosek value lists (the survey
file is mapped to them by the import), and one query, ``model/household_covariates``, derives
every covariate below from either table; the contextual shares of the frame's families per
kelurahan and kecamatan come from :mod:`analytics.model.contextual`. :data:`COVARIATES` is the
documented list (the table in docs/method.md is checked against it); the query's columns are
checked against it by a test.

A household with a missing characteristic is kept: in the frame the covariate takes the
survey's weighted mean (reported with the run, never silently); a survey household with a
missing covariate is left out of the fit and counted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import sql
from analytics.errors import DataError
from analytics.model.contextual import CONTEXTUAL, add_contextual, area_shares
from analytics.reference import UNIT

__all__ = [
    "CONTEXTUAL_DEFAULT",
    "COVARIATES",
    "DEFAULT_COVARIATES",
    "HOUSEHOLD_DEFAULT",
    "Households",
    "available_covariates",
    "default_covariates",
    "frame_households",
    "survey_households",
]

FRAME = "model/frame_households"
#: name -> (label in Bahasa Indonesia, how it is derived from the Regsosek / survey fields)
COVARIATES: dict[str, tuple[str, str]] = {
    "log_size": ("Log jumlah anggota keluarga", "ln(jumlah_anggota_keluarga / jumlah_art)"),
    "children_share": (
        "Porsi anak (balita + usia sekolah)",
        "(jumlah_balita + jumlah_anak_sekolah + jumlah_anak_tidak_sekolah) / jumlah anggota",
    ),
    "elderly_share": ("Porsi lansia", "jumlah_lansia / jumlah anggota"),
    "working_share": ("Porsi anggota yang bekerja", "jumlah_bekerja / jumlah anggota"),
    "no_worker": ("Tidak ada anggota yang bekerja", "jumlah_bekerja = 0"),
    "disabled_member": ("Ada anggota penyandang disabilitas", "jumlah_disabilitas > 0"),
    "child_out_of_school": ("Ada anak tidak sekolah", "jumlah_anak_tidak_sekolah > 0"),
    "head_primary_or_less": (
        "Kepala keluarga berpendidikan SD atau kurang",
        "pendidikan_tertinggi_kepala_keluarga: tidak/belum sekolah, tidak tamat SD, tamat SD",
    ),
    "head_tertiary": (
        "Kepala keluarga tamat perguruan tinggi",
        "pendidikan_tertinggi_kepala_keluarga: tamat PT/akademi",
    ),
    "floor_earth_or_wood": ("Lantai tanah atau kayu", "jenis_lantai: TANAH, KAYU/PAPAN, BAMBU"),
    "floor_tiled": ("Lantai keramik/ubin", "jenis_lantai: KERAMIK/GRANIT/…"),
    "wall_not_masonry": ("Dinding bukan tembok", "jenis_dinding bukan TEMBOK"),
    "roof_tile": ("Atap genteng", "jenis_atap: GENTENG"),
    "water_piped": ("Air minum ledeng/PAM", "sumber_air_minum: LEDENG/PAM"),
    "water_unprotected": (
        "Air minum tidak terlindung",
        "sumber_air_minum: sumur/mata air tidak terlindung, air hujan, sungai",
    ),
    "toilet_own": ("Jamban milik sendiri", "fasilitas_bab: MILIK SENDIRI"),
    "electricity_metered": ("Listrik PLN meteran", "sumber_penerangan: LISTRIK PLN METERAN"),
    "clean_cooking_fuel": ("Memasak dengan listrik/gas", "bahan_bakar_memasak: LISTRIK/GAS"),
    "insurance_contributory": (
        "JKN mandiri atau pekerja",
        "kepemilikan_jaminan_kesehatan: JKN PEKERJA/PENERIMA UPAH, JKN MANDIRI",
    ),
    "insurance_pbi": ("JKN PBI (iuran dibayar negara)", "kepemilikan_jaminan_kesehatan: PBI JKN"),
    "area_desil_1_4": (
        f"Porsi keluarga desil 1–4 di {UNIT} (tingkat wilayah)",
        "rata-rata (desil_nasional <= 4) keluarga berdesil sekelurahan (Regsosek/DTSEN), tahun yang sama",
    ),
    "kec_desil_1_4": (
        "Porsi keluarga desil 1–4 di kecamatan (tingkat wilayah)",
        "rata-rata (desil_nasional <= 4) keluarga berdesil sekecamatan (Regsosek/DTSEN), tahun yang sama",
    ),
    **CONTEXTUAL,
}
#: The shares computed from the frame's desil: a frame without desil cannot give them.
DESIL_SHARES = ("area_desil_1_4", "kec_desil_1_4")

#: The household part of the default model: composition, education, housing and services (not
#: the insurance fields, which follow program targeting). The demo's true welfare is built on
#: exactly these (analytics.generate.welfare.COEFFICIENTS).
HOUSEHOLD_DEFAULT = (
    "log_size",
    "children_share",
    "elderly_share",
    "working_share",
    "no_worker",
    "disabled_member",
    "head_primary_or_less",
    "head_tertiary",
    "floor_earth_or_wood",
    "floor_tiled",
    "wall_not_masonry",
    "roof_tile",
    "water_piped",
    "toilet_own",
    "electricity_metered",
    "clean_cooking_fuel",
)
#: The contextual (kelurahan-level) part: the World Bank's guidelines call area covariates a
#: must, and a backward BIC search keeps the kelurahan's desil 1-4 share in every demo survey
#: year (2021-2025); in the demo's design-based simulation it took the poorest kelurahan's P0
#: from -7,8 % bias and 62 % coverage to +9,5 % and 82 % (benchmarks/README_sae.md).
CONTEXTUAL_DEFAULT = ("area_desil_1_4",)
#: The default (recommended) model.
DEFAULT_COVARIATES = HOUSEHOLD_DEFAULT + CONTEXTUAL_DEFAULT


@dataclass(frozen=True)
class Households:
    """One side of the model: ``data`` (unit_id, area codes, size, weight, expenditure_pc and
    every covariate) and how many households had a missing covariate (``incomplete``)."""

    data: pd.DataFrame
    incomplete: int


def _covariates(con, year: int, households: str) -> pd.DataFrame:
    """One side's households with every covariate, the contextual shares from the frame's."""
    data = _query(con, year, households)
    frame = data if households == FRAME else _query(con, year, FRAME)
    return add_contextual(data, area_shares(frame))


def _query(con, year: int, households: str) -> pd.DataFrame:
    return sql.frame(con, "model/household_covariates", {"year": year}, households=sql.text(households))


def survey_households(con, year: int, names=None) -> Households:
    """The year's survey households with complete covariates (``names``, default all); the
    others are counted, not used."""
    data = _covariates(con, year, "model/survey_households")
    if data.empty:
        raise DataError(f"Tidak ada data survei (Susenas) untuk tahun {year}: model tidak dapat dijalankan.")
    complete = data[list(names or COVARIATES)].notna().all(axis=1)
    return Households(data[complete].reset_index(drop=True), int((~complete).sum()))


def frame_households(con, year: int, fill: pd.Series, names=None) -> Households:
    """The year's Regsosek families; a missing covariate of ``names`` (default all) takes
    ``fill`` (the survey's weighted mean of that covariate), so every family is predicted and
    none is dropped."""
    data = _covariates(con, year, FRAME)
    if data.empty:
        raise DataError(f"Tidak ada keluarga Regsosek untuk tahun {year}.")
    names = list(names or COVARIATES)
    incomplete = int(data[names].isna().any(axis=1).sum())
    data[names] = data[names].astype(float).fillna(fill.reindex(names))
    return Households(data, incomplete)


def weighted_means(survey: pd.DataFrame) -> pd.Series:
    """The survey-weighted mean of every covariate (the fill of a missing frame value), over
    the households that have it; a covariate no household has (the desil share of a frame
    without desil) has no mean and is left out."""
    w = survey["weight"].to_numpy(dtype=float)
    means = {}
    for name in COVARIATES:
        values = survey[name].to_numpy(dtype=float)
        known = np.isfinite(values)
        if known.any():
            means[name] = float(np.average(values[known], weights=w[known]))
    return pd.Series(means, dtype=float)


def check_names(names) -> tuple[str, ...]:
    """The chosen covariates, in the documented order; an unknown name is refused."""
    unknown = [n for n in names if n not in COVARIATES]
    if unknown:
        raise DataError(f"Kovariat tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(COVARIATES)}.")
    if not names:
        raise DataError("Pilih sedikitnya satu kovariat untuk model.")
    return tuple(n for n in COVARIATES if n in set(names))


#: Covariates a frame's register cannot give: DTSEN holds PBI flags, not whether a family pays
#: JKN itself (the survey knows, the frame would read 0 for every such family).
UNAVAILABLE = {"dtsen": ("insurance_contributory",)}


def _refusals(con, year: int) -> dict[str, str]:
    """The covariates the year's frame cannot give, each with why: ``"desil"`` (no desil in the
    frame) or ``"dtsen"`` (:data:`UNAVAILABLE`)."""
    source = sql.frame(con, "model/frame_source", {"year": year}).iloc[0, 0]
    refused = dict.fromkeys(UNAVAILABLE.get(source, ()), "dtsen")
    if not sql.frame(con, "model/frame_has_desil", {"year": year}).iloc[0, 0]:
        refused.update(dict.fromkeys(DESIL_SHARES, "desil"))
    return refused


def available_covariates(con, year: int) -> tuple[str, ...]:
    """The covariates the year's frame can give (:func:`check_frame` refuses the others)."""
    refused = _refusals(con, year)
    return tuple(name for name in COVARIATES if name not in refused)


def default_covariates(con, year: int) -> tuple[str, ...]:
    """The recommended model for ``year``: :data:`DEFAULT_COVARIATES` less what the year's frame
    cannot give (a frame without desil: no desil share), as a default the run would refuse is none."""
    refused = _refusals(con, year)
    return tuple(name for name in DEFAULT_COVARIATES if name not in refused)


def check_frame(con, year: int, names) -> None:
    """Refuse a covariate the year's frame cannot give (:data:`UNAVAILABLE`, or a desil share
    from a frame without desil)."""
    refused = _refusals(con, year)
    for reason in ("desil", "dtsen"):
        chosen = [name for name in names if refused.get(name) == reason]
        if chosen:
            labels = ", ".join(f"'{COVARIATES[name][0]}'" for name in chosen)
            raise DataError(REFUSED[reason].format(labels=labels, year=year))


#: Why a covariate is refused, by the reason :func:`_refusals` gives.
REFUSED = {
    "desil": (
        "Kovariat {labels} tidak tersedia: kerangka keluarga tahun {year} tidak memuat desil. Hapus kovariat itu "
        "dari pilihan model."
    ),
    "dtsen": (
        "Kovariat {labels} tidak tersedia pada kerangka DTSEN tahun {year}: DTSEN hanya memuat status PBI, bukan "
        "kepesertaan JKN mandiri atau pekerja. Pilih kovariat lain."
    ),
}


def frame_fingerprint(con, year: int) -> str:
    """A digest of the year's frame as the model sees it (ids, areas, sizes, characteristics):
    a published run whose fingerprint differs predicted another frame (a re-import changed it)."""
    data = sql.frame(con, "model/frame_households", {"year": year}).sort_values("unit_id", kind="stable")
    kept = data.drop(columns=["weight", "expenditure_pc", "cluster"]).astype(str)
    hashed = pd.util.hash_pandas_object(kept, index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()[:32]
