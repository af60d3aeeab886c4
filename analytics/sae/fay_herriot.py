"""Fay-Herriot area-level model: REML/ML by Fisher scoring, EBLUP and analytic MSE.

Model: ``direct_d = x_d' beta + u_d + e_d``, ``u_d ~ N(0, sigma2_u)``, ``e_d ~ N(0, psi_d)``
with known sampling variances ``psi_d``. Follows R ``sae`` 1.3 (Molina & Marhuenda 2015):

* ``eblupFH``: Fisher scoring from ``sigma2_u = median(psi)``, stopping when the relative
  change is below ``precision`` (default 1e-4, as sae) or after ``max_iter`` steps; the
  estimate is truncated at 0. REML score ``-tr(P)/2 + y'PPy/2``, information ``tr(PP)/2``;
  ML score ``-sum(1/V)/2 + y'PPy/2``, information ``sum(1/V^2)/2``.
* ``mseFH``: Prasad-Rao ``g1 + g2 + 2 g3`` for REML; Datta-Lahiri ``g1 + g2 + 2 g3 - b B_d^2``
  for ML, with ``Var(sigma2_u) = 2 / sum(1/V^2)``.
* log-likelihood, AIC and BIC as sae reports them: the (unrestricted) normal likelihood at the
  estimates, ``AIC = -2 loglik + 2 (p + 1)``, ``BIC = -2 loglik + (p + 1) log D``.

Areas without a direct estimate (missing response) get the synthetic estimate ``x_d' beta``
with ``MSE = sigma2_u + x_d' Var(beta) x_d``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from analytics.errors import DataError, InputError
from analytics.sae.benchmarking import ratio_factors
from analytics.sae.design import build_design, design_matrix
from analytics.sae.quality import add_precision

__all__ = ["FhResult", "fay_herriot"]

METHODS = ("reml", "ml")


@dataclass(frozen=True)
class FhResult:
    """``table``: ``area, direct, variance, estimate, mse, gamma, synthetic`` (+ cv, interval,
    reliability of the estimate); ``coefficients``: ``term, estimate, std_error, z, p_value``."""

    table: pd.DataFrame
    sigma2_u: float
    coefficients: pd.DataFrame
    loglik: float
    aic: float
    bic: float
    iterations: int
    converged: bool
    method: str
    formula: str

    @property
    def beta(self) -> dict[str, float]:
        """Coefficient name -> estimate."""
        return dict(zip(self.coefficients["term"], self.coefficients["estimate"].astype(float)))


def fay_herriot(
    data: pd.DataFrame,
    *,
    formula: str,
    area: str,
    variance: str,
    method: str = "reml",
    precision: float = 1e-4,
    max_iter: int = 100,
    benchmark: float | None = None,
    share: str | None = None,
    interval: float = 0.90,
) -> FhResult:
    """Fit the Fay-Herriot model and predict every row (area) of ``data``.

    ``benchmark`` (with ``share``, the column of population shares) ratio-benchmarks the
    estimates so that ``sum(share * estimate) == benchmark`` (emdi ``benchmark(type = "ratio")``).
    """
    if method not in METHODS:
        raise InputError(f"--method harus reml atau ml, bukan {method!r}")
    observed, X_all, y, psi, columns = _prepare(data, formula, area, variance)
    X = X_all[observed]
    A, iterations, converged = _fisher_scoring(X, y, psi, method, precision, max_iter)
    Vi = 1.0 / (A + psi)
    Q = np.linalg.inv((X * Vi[:, None]).T @ X)
    beta = Q @ (X * Vi[:, None]).T @ y
    resid = y - X @ beta
    loglik = -0.5 * float(np.sum(np.log(2 * np.pi * (A + psi)) + resid**2 * Vi))
    mse_obs = _mse(X, psi, A, Q, method)
    synthetic = X_all @ beta
    estimate, mse = synthetic.copy(), A + np.einsum("ij,jk,ik->i", X_all, Q, X_all)
    estimate[observed] = synthetic[observed] + A * Vi * resid
    mse[observed] = mse_obs
    table = _table(data, area, observed, y, psi, estimate, mse, A)
    if benchmark is not None:
        _benchmark(table, data, share, benchmark)
    add_precision(table, "estimate", table["mse"].to_numpy(), interval)
    table = table.drop(columns=["mse_estimate"])
    p, m = X.shape[1], X.shape[0]
    return FhResult(
        table=table,
        sigma2_u=float(A),
        coefficients=_coefficients(columns, beta, np.sqrt(np.diag(Q))),
        loglik=loglik,
        aic=-2 * loglik + 2 * (p + 1),
        bic=-2 * loglik + (p + 1) * np.log(m),
        iterations=iterations,
        converged=converged,
        method=method,
        formula=formula,
    )


def _prepare(data: pd.DataFrame, formula: str, area: str, variance: str):
    for column, what in ((area, "wilayah"), (variance, "varians sampling")):
        if column not in data.columns:
            raise DataError(f"kolom {what} {column!r} tidak ada pada data")
    design, _, _ = build_design(formula, data.dropna(subset=[formula.split("~")[0].strip()]), what="area")
    X_all = design_matrix(design, data, what="area")
    y_all = data[design.response].to_numpy(dtype=np.float64)
    observed = np.isfinite(y_all)
    psi = pd.to_numeric(data[variance], errors="coerce").to_numpy(dtype=np.float64)[observed]
    if not np.all(np.isfinite(psi)) or np.any(psi <= 0):
        raise DataError(f"kolom varians {variance!r} harus positif untuk setiap area yang punya estimasi langsung")
    if observed.sum() <= X_all.shape[1] + 1:
        raise DataError("terlalu sedikit area dengan estimasi langsung untuk model Fay-Herriot")
    return observed, X_all, y_all[observed], psi, design.columns


def _fisher_scoring(X, y, psi, method, precision, max_iter) -> tuple[float, int, bool]:
    """sae's eblupFH iteration (see module docstring); returns (sigma2_u, iterations, converged).

    ``P = W - W X Q X' W`` (``W = V^{-1}``, ``Q = (X' W X)^{-1}``) is never formed: ``Py`` is
    ``W (y - X beta)``, ``tr(P) = sum W - tr(Q X'W^2 X)`` and
    ``tr(PP) = sum W^2 - 2 tr(Q X'W^3 X) + tr((Q X'W^2 X)^2)``, so a step is O(D p^2).
    """
    A, k, diff = float(np.median(psi)), 0, precision + 1.0
    while diff > precision and k < max_iter:
        k += 1
        w = 1.0 / (A + psi)
        Q = np.linalg.inv((X * w[:, None]).T @ X)
        Py = w * (y - X @ (Q @ (X.T @ (w * y))))
        if method == "reml":
            M2 = Q @ ((X * (w**2)[:, None]).T @ X)
            M3 = Q @ ((X * (w**3)[:, None]).T @ X)
            trace_p = np.sum(w) - np.trace(M2)
            trace_pp = np.sum(w**2) - 2.0 * np.trace(M3) + np.trace(M2 @ M2)
            score, info = -0.5 * trace_p + 0.5 * Py @ Py, 0.5 * trace_pp
        else:
            score, info = -0.5 * np.sum(w) + 0.5 * Py @ Py, 0.5 * np.sum(w**2)
        new = A + score / info
        diff = abs((new - A) / A) if A != 0 else abs(new - A)
        A = new
    return max(A, 0.0), k, bool(diff <= precision)


def _mse(X, psi, A, Q, method) -> np.ndarray:
    Vi = 1.0 / (A + psi)
    B = psi * Vi
    var_a = 2.0 / np.sum(Vi**2)
    g1 = psi * (1.0 - B)
    g2 = B**2 * np.einsum("ij,jk,ik->i", X, Q, X)
    g3 = B**2 * var_a * Vi
    mse = g1 + g2 + 2.0 * g3
    if method == "ml":
        bias = -np.trace(Q @ ((X * (Vi**2)[:, None]).T @ X)) / np.sum(Vi**2)
        mse = mse - bias * B**2
    return mse


def _table(data, area, observed, y, psi, estimate, mse, A) -> pd.DataFrame:
    direct = np.full(len(data), np.nan)
    direct[observed] = y
    variance = np.full(len(data), np.nan)
    variance[observed] = psi
    gamma = np.zeros(len(data))
    gamma[observed] = A / (A + psi)
    return pd.DataFrame(
        {
            "area": data[area].to_numpy(),
            "direct": direct,
            "variance": variance,
            "estimate": estimate,
            "mse": mse,
            "gamma": gamma,
            "synthetic": ~observed,
        }
    )


def _benchmark(table: pd.DataFrame, data: pd.DataFrame, share: str | None, value: float) -> None:
    if share is None or share not in data.columns:
        raise InputError("benchmark butuh kolom pangsa populasi (share) yang ada pada data")
    shares = pd.to_numeric(data[share], errors="coerce").to_numpy(dtype=np.float64)
    factor = ratio_factors(table["estimate"].to_numpy(), shares, float(value))
    table["estimate_unbenchmarked"] = table["estimate"]
    table["estimate"] = table["estimate"] * factor
    table["mse"] = table["mse"] * factor**2


def _coefficients(columns, beta, se) -> pd.DataFrame:
    z = beta / se
    return pd.DataFrame(
        {"term": list(columns), "estimate": beta, "std_error": se, "z": z, "p_value": 2 * norm.sf(np.abs(z))}
    )
