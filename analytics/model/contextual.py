"""Contextual covariates: shares of the year's frame families per kelurahan and kecamatan.

The World Bank's guidelines for poverty mapping (Corral et al. 2022) call area-level
covariates a must: they carry what the household covariates miss about a place, which is what
keeps the poorest areas from being shrunk towards the regression. Each share here is the mean,
over the year's frame families of an area (Regsosek or DTSEN, every family, not the survey),
of one household covariate of :mod:`analytics.model.covariates`, so it is the same number for
a survey household and a frame family of the same area. The desil 1-4 shares of the kelurahan
(``area_desil_1_4``) and of the kecamatan (``kec_desil_1_4``) are computed in SQL beside the
household covariates (the survey has no desil); these are computed here from the same query's
frame rows.

The previous year's estimates are never a covariate: a model must not feed on its own output.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["CONTEXTUAL", "add_contextual", "area_shares"]

LEVELS = {"kel": ("kode_kelurahan", "kelurahan"), "kec": ("kode_kecamatan", "kecamatan")}
#: household covariate -> what its share counts
SOURCES = {
    "no_worker": "keluarga tanpa anggota bekerja",
    "floor_earth_or_wood": "keluarga berlantai tanah atau kayu",
    "water_unprotected": "keluarga dengan air minum tidak terlindung",
    "head_primary_or_less": "kepala keluarga berpendidikan SD atau kurang",
}
#: name -> (label, how), in the form of analytics.model.covariates.COVARIATES.
CONTEXTUAL: dict[str, tuple[str, str]] = {
    f"{prefix}_{source}": (
        f"Porsi {label} di {level} (tingkat wilayah)",
        f"rata-rata {source} keluarga kerangka se{level}, tahun yang sama",
    )
    for prefix, (_, level) in LEVELS.items()
    for source, label in SOURCES.items()
}


def area_shares(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per level prefix, the mean of each source covariate over the frame's families of each
    area (missing values left out): ``{"kel": DataFrame by kode_kelurahan, ...}``."""
    return {prefix: frame.groupby(column)[list(SOURCES)].mean() for prefix, (column, _) in LEVELS.items()}


def add_contextual(data: pd.DataFrame, shares: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``data`` with every :data:`CONTEXTUAL` column, by each row's kelurahan and kecamatan (an
    area the frame does not hold: missing, never 0)."""
    out = data.copy()
    for name in CONTEXTUAL:
        prefix, source = name.split("_", 1)
        out[name] = out[LEVELS[prefix][0]].map(shares[prefix][source]).astype(float)
    return out
