"""Checks of the data and arguments a census EBP run takes (Indonesian user errors)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.errors import DataError, InputError

__all__ = ["check_arguments", "column", "weights_of"]


def check_arguments(L, B, interval, chunk_rows, mse_draws) -> None:
    for name, value, minimum in (("L", L, 1), ("B", B, 0)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
            raise InputError(f"{name} harus bilangan bulat >= {minimum}, bukan {value!r}")
    if not isinstance(interval, float | int) or not 0 < interval < 1:
        raise InputError(f"tingkat interval harus di antara 0 dan 1 (misalnya 0.90), bukan {interval!r}")
    for name, value in (("chunk_rows", chunk_rows), ("mse_draws", mse_draws)):
        if value is not None and (not isinstance(value, int | np.integer) or value < 1):
            raise InputError(f"{name} harus bilangan bulat >= 1, bukan {value!r}")


def column(frame: pd.DataFrame, name: str, what: str) -> np.ndarray:
    if name not in frame.columns:
        raise DataError(f"kolom wilayah {name!r} tidak ada pada data {what}")
    values = frame[name].to_numpy()
    if pd.isna(values).any():
        raise DataError(f"kolom wilayah {name!r} pada data {what} berisi nilai kosong")
    return values


def weights_of(survey: pd.DataFrame, weight: str | None) -> np.ndarray | None:
    if weight is None:
        return None
    if weight not in survey.columns:
        raise DataError(f"kolom bobot {weight!r} tidak ada pada data survei")
    values = pd.to_numeric(survey[weight], errors="coerce").to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise DataError(f"kolom bobot {weight!r} harus berupa angka positif di setiap baris survei")
    return values
