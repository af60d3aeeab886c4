"""The census/register population of an EBP run: covariates, area and persons of every unit.

Units (households) are not linked to the survey. The design matrix is built chunk by
chunk with the survey's encoding and kept as one N x p float64 array (it is reused by
every bootstrap replicate); nothing of size L x N is ever held.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import DataError
from analytics.sae.design import Design, design_matrix

__all__ = ["Population", "build_population", "check_area_labels"]

DEFAULT_CHUNK_ROWS = 200_000


@dataclass(frozen=True, eq=False)
class Population:
    """Population units: ``codes`` index ``labels`` (sorted areas); ``size`` persons per unit."""

    labels: np.ndarray
    codes: np.ndarray
    X: np.ndarray
    size: np.ndarray
    units: np.ndarray
    persons: np.ndarray

    @property
    def n_units(self) -> int:
        return len(self.codes)


def build_population(
    frame: pd.DataFrame, design: Design, area: str, *, size: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> Population:
    """Encode the population file (chunked) and count units and persons per area."""
    if area not in frame.columns:
        raise DataError(f"kolom wilayah {area!r} tidak ada pada data populasi")
    if len(frame) == 0:
        raise DataError("data populasi kosong")
    if frame[area].isna().any():
        raise DataError(f"kolom wilayah {area!r} pada data populasi berisi nilai kosong")
    labels, codes = np.unique(frame[area].to_numpy(), return_inverse=True)
    persons_per_unit = _sizes(frame, size)
    X = np.empty((len(frame), len(design.columns)), dtype=np.float64)
    for start in range(0, len(frame), chunk_rows):
        X[start : start + chunk_rows] = design_matrix(design, frame.iloc[start : start + chunk_rows], what="populasi")
    D = len(labels)
    return Population(
        labels=labels,
        codes=codes.astype(np.int64),
        X=X,
        size=persons_per_unit,
        units=np.bincount(codes, minlength=D),
        persons=np.bincount(codes, weights=persons_per_unit, minlength=D),
    )


def check_area_labels(survey_areas: np.ndarray, population: Population) -> np.ndarray:
    """Position of each survey area among the population areas; every survey area must exist there."""
    position = pd.Index(population.labels).get_indexer(pd.Index(survey_areas))
    missing = [str(a) for a, pos in zip(survey_areas, position) if pos < 0]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise DataError(
            f"{len(missing)} wilayah survei tidak punya baris populasi ({shown}); "
            "periksa kode wilayah (jenis data dan penulisan harus sama di kedua berkas)"
        )
    return position


def _sizes(frame: pd.DataFrame, size: str | None) -> np.ndarray:
    if size is None:
        return np.ones(len(frame))
    if size not in frame.columns:
        raise DataError(f"kolom jumlah anggota {size!r} tidak ada pada data populasi")
    values = pd.to_numeric(frame[size], errors="coerce").to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise DataError(f"kolom jumlah anggota {size!r} harus berupa angka positif di setiap baris populasi")
    return values
