"""Direct (design-based) estimates per area: Hájek FGT P0, P1, P2, Watts and mean, with variances.

Each indicator is a ratio of weighted totals over persons,
``R_d = sum_i w_i s_i f(y_i) / sum_i w_i s_i`` (``w`` survey weight, ``s`` household size,
``f`` the unit function of :mod:`analytics.sae.indicators`): the Hájek estimator.

Variance: Taylor linearisation of the ratio, ``z_i = w_i s_i (f_i - R_d) / sum w s``, with the
area's sample treated as a with-replacement sample of primary units (the ``cluster`` column,
e.g. census blocks; each unit when no cluster is given): ``v = k/(k-1) sum_c (z_c - zbar)^2``
over the ``k`` clusters of the area (the "ultimate cluster" approximation; strata and finite
population corrections are ignored, which errs on the safe side). An area with a single
cluster has no variance estimate (NaN). Intervals use Student's t with ``k - 1`` degrees of
freedom (``k`` sampled clusters of the area), as R ``survey`` does with its design degrees
of freedom.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import DataError, InputError
from analytics.sae.indicators import INDICATORS, unit_values
from analytics.sae.quality import add_precision

__all__ = ["DirectResult", "direct"]


@dataclass(frozen=True)
class DirectResult:
    """``table``: ``area, n_sample, n_clusters, persons`` (estimated), the five indicators and,
    per indicator, ``var_`` plus ``mse_, cv_, lower_, upper_, reliability_`` (mse = variance)."""

    table: pd.DataFrame
    parameters: dict


def direct(
    survey: pd.DataFrame,
    *,
    welfare: str,
    area: str,
    line: float,
    weight: str | None = None,
    size: str | None = None,
    cluster: str | None = None,
    interval: float = 0.90,
) -> DirectResult:
    """Hájek estimates of P0, P1, P2, Watts and mean welfare per area, with linearised variances.

    >>> frame = pd.DataFrame({"a": [1, 1, 2, 2], "y": [50.0, 150.0, 80.0, 120.0], "w": [1.0, 3.0, 1.0, 1.0]})
    >>> direct(frame, welfare="y", area="a", line=100.0, weight="w").table["p0"].tolist()
    [0.25, 0.5]
    """
    if not isinstance(line, int | float) or isinstance(line, bool) or not np.isfinite(line) or line <= 0:
        raise InputError(f"garis kemiskinan harus berupa angka positif, bukan {line!r}")
    y = _numeric(survey, welfare, "kesejahteraan", positive=False)
    w = np.ones(len(survey)) if weight is None else _numeric(survey, weight, "bobot", positive=True)
    s = np.ones(len(survey)) if size is None else _numeric(survey, size, "jumlah anggota", positive=True)
    labels, codes = _codes(survey, area, "wilayah")
    psu = np.arange(len(survey)) if cluster is None else _codes(survey, cluster, "klaster")[1]
    D = len(labels)
    ws = w * s
    total = np.bincount(codes, weights=ws, minlength=D)
    table = pd.DataFrame(
        {
            "area": labels,
            "n_sample": np.bincount(codes, minlength=D),
            "n_clusters": _clusters_per_area(codes, psu, D),
            "persons": total,
        }
    )
    variances = []
    for name, values in zip(INDICATORS, unit_values(y, float(line))):
        estimate = np.bincount(codes, weights=ws * values, minlength=D) / total
        table[name] = estimate
        z = ws * (values - estimate[codes]) / total[codes]
        variances.append(_ultimate_cluster_variance(z, codes, psu, D))
    for name, variance in zip(INDICATORS, variances):
        table[f"var_{name}"] = variance
        add_precision(table, name, variance, interval, df=table["n_clusters"].to_numpy() - 1)
    parameters = {
        "line": float(line),
        "weight": weight,
        "size": size,
        "cluster": cluster,
        "interval": interval,
        "variance": "Taylor linearisation, ultimate clusters with replacement",
        "interval_method": "estimate -/+ t(k - 1) * sqrt(variance), truncated",
    }
    return DirectResult(table, parameters)


def _ultimate_cluster_variance(z: np.ndarray, codes: np.ndarray, psu: np.ndarray, D: int) -> np.ndarray:
    pairs = pd.DataFrame({"area": codes, "psu": psu, "z": z}).groupby(["area", "psu"], sort=False)["z"].sum()
    area_of = pairs.index.get_level_values("area").to_numpy()
    k = np.bincount(area_of, minlength=D).astype(np.float64)
    mean = np.bincount(area_of, weights=pairs.to_numpy(), minlength=D) / np.maximum(k, 1)
    squares = np.bincount(area_of, weights=(pairs.to_numpy() - mean[area_of]) ** 2, minlength=D)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(k > 1, k / (k - 1) * squares, np.nan)


def _clusters_per_area(codes: np.ndarray, psu: np.ndarray, D: int) -> np.ndarray:
    unique = pd.DataFrame({"area": codes, "psu": psu}).drop_duplicates()
    return np.bincount(unique["area"].to_numpy(), minlength=D)


def _numeric(frame: pd.DataFrame, column: str, what: str, *, positive: bool) -> np.ndarray:
    if column not in frame.columns:
        raise DataError(f"kolom {what} {column!r} tidak ada pada data survei")
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(values)) or (positive and np.any(values <= 0)):
        condition = "angka positif" if positive else "angka"
        raise DataError(f"kolom {what} {column!r} harus berupa {condition} di setiap baris survei")
    return values


def _codes(frame: pd.DataFrame, column: str, what: str) -> tuple[np.ndarray, np.ndarray]:
    if column not in frame.columns:
        raise DataError(f"kolom {what} {column!r} tidak ada pada data survei")
    if frame[column].isna().any():
        raise DataError(f"kolom {what} {column!r} pada data survei berisi nilai kosong")
    labels, codes = np.unique(frame[column].to_numpy(), return_inverse=True)
    return labels, codes
