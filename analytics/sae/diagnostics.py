"""Diagnostics of a fitted unit-level model, as emdi's ``summary`` / ``plot`` / ``compare`` report them.

* coefficients with standard errors and (normal) p-values;
* R^2 marginal and conditional (Nakagawa & Schielzeth 2013), ICC, lambda and shift;
* skewness and kurtosis (``moments`` definitions: ``m3 / m2^1.5`` and ``m4 / m2^2``, not excess)
  of the level-0 Pearson residuals ``(y - X beta) / sigma_e`` and of the predicted area effects,
  with Shapiro-Wilk where 3 < n < 5000 (as emdi);
* Q-Q plot data of both levels (theoretical normal quantiles ``Phi^{-1}((i - a) / (n + 1 - 2a))``,
  ``a = 3/8`` for n <= 10 else 1/2, R's ``ppoints``, against sorted standardised values);
* Cook's distance of each area: the model refitted without the area (variance components
  re-estimated, transformation kept), ``D_d = (b - b_(d))' Var(b)^{-1} (b - b_(d)) / p``;
* a model-versus-direct comparison table and the correlation of the two.

Covariate selection lives in :mod:`analytics.sae.selection` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analytics.errors import DataError
from analytics.sae.nested_error import AreaStats, NestedErrorFit, area_stats, maximise_ratio, profile_loglik
from analytics.sae.selection import SelectionResult, select_covariates
from analytics.sae.transforms import Transform

__all__ = [
    "ModelDiagnostics",
    "SelectionResult",
    "compare_with_direct",
    "cooks_distance",
    "diagnose",
    "qq_data",
    "select_covariates",
]


@dataclass(frozen=True)
class ModelDiagnostics:
    """Summary numbers (``summary``), coefficient table, residual moments and Q-Q data."""

    summary: dict
    coefficients: pd.DataFrame
    residuals: pd.DataFrame
    qq_unit: pd.DataFrame
    qq_area: pd.DataFrame


def diagnose(model: NestedErrorFit, transform: Transform | None = None) -> ModelDiagnostics:
    """Diagnostics of a fitted model (e.g. ``EbpResult.model`` with ``EbpResult.transform``)."""
    coefficients = model.coefficients()
    coefficients["z"] = coefficients["estimate"] / coefficients["std_error"]
    coefficients["p_value"] = 2 * stats.norm.sf(np.abs(coefficients["z"]))
    unit = model.residuals_marginal / np.sqrt(model.sigma2_e)
    area = model.areas["u"].to_numpy()
    residuals = pd.DataFrame([_moments("unit", unit), _moments("area", area)]).set_index("level")
    summary = {
        "n_units": int(len(unit)),
        "n_areas": int(len(area)),
        "sigma2_u": model.sigma2_u,
        "sigma2_e": model.sigma2_e,
        "icc": model.icc,
        "r2_marginal": model.r2_marginal,
        "r2_conditional": model.r2_conditional,
        "loglik": model.loglik,
        "transform": None if transform is None else transform.kind,
        "lambda": None if transform is None else transform.lam,
        "shift": None if transform is None else transform.shift,
        "weights": model.weights,
    }
    std_area = area / np.std(area, ddof=1) if len(area) > 1 and np.std(area) > 0 else area
    return ModelDiagnostics(summary, coefficients, residuals, qq_data(unit), qq_data(std_area))


def qq_data(values) -> pd.DataFrame:
    """``theoretical`` normal quantiles (R ``ppoints``) against ``sample`` (sorted values).

    >>> qq_data([3.0, 1.0, 2.0])["sample"].tolist()
    [1.0, 2.0, 3.0]
    """
    sample = np.sort(np.asarray(values, dtype=np.float64))
    n = len(sample)
    a = 3.0 / 8.0 if n <= 10 else 0.5
    theoretical = stats.norm.ppf((np.arange(1, n + 1) - a) / (n + 1 - 2 * a))
    return pd.DataFrame({"theoretical": theoretical, "sample": sample})


def cooks_distance(model: NestedErrorFit, X: np.ndarray, t: np.ndarray, area) -> pd.DataFrame:
    """Cook's distance of each area by delete-one-area refits (same method, transformed ``t``).

    One refit costs O(D p^2) with the per-area sums, so all areas together stay cheap. An area
    without which some coefficient cannot be estimated (a small survey: the only households
    with a dummy set) gets NaN, "not computable", rather than stopping the model run.
    """
    full = area_stats(X, t, area)
    D, p = len(full.labels), X.shape[1]
    xtx = np.zeros((D, p, p))
    np.add.at(xtx, full.codes, X[:, :, None] * X[:, None, :])
    xty = np.zeros((D, p))
    np.add.at(xty, full.codes, X * t[:, None])
    yty = np.bincount(full.codes, weights=t * t, minlength=D)
    _, beta, sigma2_e, A = profile_loglik(model.sigma2_u / model.sigma2_e, full, model.method)
    precision = A / sigma2_e  # inverse of Var(beta) = sigma2_e A^{-1}
    distances = np.empty(D)
    for d in range(D):
        keep = np.arange(D) != d
        reduced = AreaStats(
            full.labels[keep],
            None,
            full.n[keep],
            full.sx[keep],
            xtx[keep].sum(axis=0),
            full.sy[keep],
            xty[keep].sum(axis=0),
            float(yty[keep].sum()),
        )
        try:
            beta_d = profile_loglik(maximise_ratio(reduced, model.method), reduced, model.method)[1]
        except DataError:
            distances[d] = np.nan
            continue
        diff = beta - beta_d
        distances[d] = float(diff @ precision @ diff) / p
    return pd.DataFrame({"area": full.labels, "n": full.n.astype(int), "cooks_distance": distances})


def compare_with_direct(model_table: pd.DataFrame, direct_table: pd.DataFrame, indicator: str = "p0") -> pd.DataFrame:
    """Model-based next to direct estimates (areas with a direct variance), with CVs and their ratio.

    Areas where the direct estimator has no variance (one cluster, no sample) are left out.
    """
    left = model_table[["area", "n_sample", indicator, f"cv_{indicator}"]].rename(
        columns={indicator: "model", f"cv_{indicator}": "cv_model"}
    )
    right = direct_table[["area", indicator, f"cv_{indicator}"]].rename(
        columns={indicator: "direct", f"cv_{indicator}": "cv_direct"}
    )
    joined = left.merge(right, on="area", how="inner")
    joined = joined[np.isfinite(joined["cv_direct"])].reset_index(drop=True)
    joined["difference"] = joined["model"] - joined["direct"]
    joined["cv_ratio"] = joined["cv_model"] / joined["cv_direct"]
    return joined


def _moments(level: str, values: np.ndarray) -> dict:
    values = np.asarray(values, dtype=np.float64)
    shapiro_w, shapiro_p = (np.nan, np.nan)
    # All-equal values (area effects of a fit whose variance sits at 0, e.g. when contextual
    # covariates explain the kelurahan) have no shape to test: no figure rather than a warning.
    if 3 < len(values) < 5000 and np.ptp(values) > 0:
        shapiro_w, shapiro_p = stats.shapiro(values)
    return {
        "level": level,
        "skewness": float(stats.skew(values)),
        "kurtosis": float(stats.kurtosis(values, fisher=False)),
        "shapiro_w": float(shapiro_w),
        "shapiro_p": float(shapiro_p),
    }
