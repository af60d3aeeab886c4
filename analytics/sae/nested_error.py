"""Nested-error linear regression (Battese, Harter & Fuller 1988) by REML or ML.

Model: ``y_dj = x_dj' beta + u_d + e_dj`` with ``u_d ~ N(0, sigma2_u)`` and
``e_dj ~ N(0, sigma2_e)``, one random intercept per area (the reporting level).

Speed: the covariance of an area is compound symmetric, ``V_d = sigma2_e (I + tau J)``
with ``tau = sigma2_u / sigma2_e``, so ``V_d^{-1} = (I - tau/(1 + tau n_d) J) / sigma2_e`` and
``|V_d| = sigma2_e^{n_d} (1 + tau n_d)``. Every quantity of the (restricted) likelihood is then
a function of per-area sums (``n_d``, ``sum x``, ``sum y``) and of ``X'X``, ``X'y``, ``y'y``:
one evaluation costs O(D p^2 + p^3) once the sums are built (O(n p)), and no n x n matrix
is ever formed. ``sigma2_e`` and ``beta`` are profiled out in closed form and the
likelihood is maximised over the variance ratio alone (a grid on the intra-class
correlation ``tau / (1 + tau)``, then the root of the closed-form score by Brent's method).

The REML log-likelihood is the restricted likelihood of the error contrasts,
``-0.5 [(n - p) log 2 pi + log|V| + log|X' V^{-1} X| + r' V^{-1} r]``, the value nlme's
``logLik.lme`` reports (and hence R ``sae``'s ``fit$loglike``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize

from analytics.errors import DataError, InputError

__all__ = ["AreaStats", "NestedErrorFit", "area_stats", "fit_nested_error", "profile_loglik", "profile_score"]

METHODS = ("reml", "ml")
_GRID = np.linspace(-14.0, 12.0, 40)  # logit of the intra-class correlation, 1e-6 to 1 - 6e-6


@dataclass(frozen=True, eq=False)
class AreaStats:
    """Per-area sufficient statistics of a sample (y enters only through ``sy``, ``xty``, ``yty``)."""

    labels: np.ndarray
    codes: np.ndarray
    n: np.ndarray
    sx: np.ndarray
    xtx: np.ndarray
    sy: np.ndarray
    xty: np.ndarray
    yty: float

    def with_response(self, X: np.ndarray, y: np.ndarray) -> AreaStats:
        """The same areas and covariates with another response (Box-Cox search, bootstrap)."""
        D = len(self.labels)
        return AreaStats(
            self.labels,
            self.codes,
            self.n,
            self.sx,
            self.xtx,
            np.bincount(self.codes, weights=y, minlength=D),
            X.T @ y,
            float(y @ y),
        )


def area_stats(X: np.ndarray, y: np.ndarray, area) -> AreaStats:
    """Build :class:`AreaStats`; areas are sorted labels of ``area``."""
    labels, codes = np.unique(np.asarray(area), return_inverse=True)
    D = len(labels)
    n = np.bincount(codes, minlength=D).astype(np.float64)
    sx = np.column_stack([np.bincount(codes, weights=X[:, j], minlength=D) for j in range(X.shape[1])])
    sy = np.bincount(codes, weights=y, minlength=D)
    return AreaStats(labels, codes, n, sx, X.T @ X, sy, X.T @ y, float(y @ y))


def profile_loglik(tau: float, stats: AreaStats, method: str = "reml") -> tuple[float, np.ndarray, float, np.ndarray]:
    """Profile log-likelihood at variance ratio ``tau``: ``(loglik, beta, sigma2_e, A)``.

    ``A = X' (I + tau J)^{-1} X`` summed over areas, so ``Var(beta) = sigma2_e A^{-1}``.
    """
    w = tau / (1.0 + tau * stats.n)
    A = stats.xtx - (stats.sx * w[:, None]).T @ stats.sx
    b = stats.xty - stats.sx.T @ (w * stats.sy)
    c = stats.yty - float(np.sum(w * stats.sy**2))
    try:
        chol = np.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        raise DataError("kovariat saling kolinear sempurna (matriks rancangan singular); buang salah satunya") from None
    beta = np.linalg.solve(A, b)
    rss = max(c - float(b @ beta), 1e-300)
    n_units, p = float(stats.n.sum()), A.shape[0]
    log_det_v = float(np.sum(np.log1p(tau * stats.n)))
    if method == "ml":
        sigma2_e = rss / n_units
        loglik = -0.5 * (n_units * (np.log(2 * np.pi * sigma2_e) + 1.0) + log_det_v)
    else:
        sigma2_e = rss / (n_units - p)
        log_det_a = 2.0 * float(np.sum(np.log(np.diag(chol))))
        loglik = -0.5 * ((n_units - p) * (np.log(2 * np.pi * sigma2_e) + 1.0) + log_det_v + log_det_a)
    return loglik, beta, sigma2_e, A


def profile_score(tau: float, stats: AreaStats, method: str = "reml") -> float:
    """Derivative of the profile log-likelihood in ``tau`` (closed form in the per-area sums).

    With ``w_d = tau / (1 + tau n_d)`` and ``w_d' = 1 / (1 + tau n_d)^2``:
    ``dRSS = -sum w_d' (sy_d - sx_d' beta)^2`` and ``dlog|A| = -sum w_d' sx_d' A^{-1} sx_d``.
    """
    _, beta, sigma2_e, A = profile_loglik(tau, stats, method)
    n_units, p = float(stats.n.sum()), A.shape[0]
    rss = sigma2_e * (n_units if method == "ml" else n_units - p)
    dw = 1.0 / (1.0 + tau * stats.n) ** 2
    d_rss = -float(np.sum(dw * (stats.sy - stats.sx @ beta) ** 2))
    d_log_det_v = float(np.sum(stats.n / (1.0 + tau * stats.n)))
    if method == "ml":
        return -0.5 * n_units * d_rss / rss - 0.5 * d_log_det_v
    leverage = np.einsum("dj,jk,dk->d", stats.sx, np.linalg.inv(A), stats.sx)
    return -0.5 * (n_units - p) * d_rss / rss - 0.5 * d_log_det_v + 0.5 * float(np.sum(dw * leverage))


def _grid_loglik(taus: np.ndarray, stats: AreaStats, method: str) -> np.ndarray:
    """``profile_loglik(tau)[0]`` at every ``tau`` of ``taus`` in one batched pass.

    The grid that brackets the maximum is most of a fit's likelihood evaluations; a Python
    call per point (small matrices) cost more than the arithmetic, and every bootstrap
    replicate refits. Same formulas as :func:`profile_loglik`, stacked over the grid.
    """
    w = taus[:, None] / (1.0 + taus[:, None] * stats.n)
    A = stats.xtx - np.einsum("gd,dj,dk->gjk", w, stats.sx, stats.sx)
    b = stats.xty - (w * stats.sy) @ stats.sx
    c = stats.yty - np.sum(w * stats.sy**2, axis=1)
    try:
        chol = np.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        raise DataError("kovariat saling kolinear sempurna (matriks rancangan singular); buang salah satunya") from None
    beta = np.linalg.solve(A, b[..., None])[..., 0]
    rss = np.maximum(c - np.einsum("gj,gj->g", b, beta), 1e-300)
    n_units, p = float(stats.n.sum()), A.shape[-1]
    log_det_v = np.sum(np.log1p(taus[:, None] * stats.n), axis=1)
    if method == "ml":
        return -0.5 * (n_units * (np.log(2 * np.pi * rss / n_units) + 1.0) + log_det_v)
    log_det_a = 2.0 * np.sum(np.log(np.diagonal(chol, axis1=1, axis2=2)), axis=1)
    return -0.5 * ((n_units - p) * (np.log(2 * np.pi * rss / (n_units - p)) + 1.0) + log_det_v + log_det_a)


def maximise_ratio(stats: AreaStats, method: str = "reml") -> float:
    """The variance ratio ``tau`` that maximises the profile likelihood (0 allowed).

    A grid on the logit of ``tau / (1 + tau)`` brackets the maximum; the root of the
    closed-form score then locates it to machine precision (maximising the likelihood value
    itself could only reach about sqrt(machine epsilon)).
    """

    def tau_of(logit_rho: float) -> float:
        return float(np.exp(logit_rho))  # tau = rho / (1 - rho) = exp(logit rho)

    values = _grid_loglik(np.exp(_GRID), stats, method)
    best = int(np.argmax(values))
    lo, hi = _GRID[max(best - 1, 0)], _GRID[min(best + 1, len(_GRID) - 1)]
    score_lo, score_hi = profile_score(tau_of(lo), stats, method), profile_score(tau_of(hi), stats, method)
    if score_lo > 0 > score_hi:
        logit_rho = optimize.brentq(lambda g: profile_score(tau_of(g), stats, method), lo, hi, xtol=1e-13)
    else:
        logit_rho = float(_GRID[best])
    value = profile_loglik(tau_of(logit_rho), stats, method)[0]
    # The boundary sigma2_u = 0 is a legitimate maximum (no area effect) that the logit scale cannot reach.
    if profile_loglik(0.0, stats, method)[0] >= value:
        return 0.0
    return tau_of(logit_rho)


@dataclass(frozen=True, eq=False)
class NestedErrorFit:
    """A fitted nested-error model.

    ``areas`` has one row per sampled area: ``area, n, gamma, u`` (``gamma`` and ``u`` are the
    pseudo-EB ones under survey weights). ``beta`` is the coefficient vector used for
    prediction (the weighted one under survey weights; ``beta_reml`` keeps the unweighted
    REML/ML one that the variance components come from).
    """

    columns: tuple[str, ...]
    beta: np.ndarray
    beta_se: np.ndarray
    sigma2_u: float
    sigma2_e: float
    loglik: float
    method: str
    areas: pd.DataFrame
    fitted_fixed: np.ndarray = field(repr=False)
    residuals_marginal: np.ndarray = field(repr=False)
    residuals_unit: np.ndarray = field(repr=False)
    beta_reml: np.ndarray = field(repr=False)
    weights: str = "none"

    @property
    def icc(self) -> float:
        """Intra-class correlation ``sigma2_u / (sigma2_u + sigma2_e)``."""
        return self.sigma2_u / (self.sigma2_u + self.sigma2_e)

    @property
    def r2_marginal(self) -> float:
        """Nakagawa & Schielzeth (2013) marginal R^2 (as MuMIn ``r.squaredGLMM`` / emdi)."""
        var_f = float(np.var(self.fitted_fixed, ddof=1))
        return var_f / (var_f + self.sigma2_u + self.sigma2_e)

    @property
    def r2_conditional(self) -> float:
        """Nakagawa & Schielzeth (2013) conditional R^2."""
        var_f = float(np.var(self.fitted_fixed, ddof=1))
        return (var_f + self.sigma2_u) / (var_f + self.sigma2_u + self.sigma2_e)

    def coefficients(self) -> pd.DataFrame:
        """``term, estimate, std_error`` (standard errors from the REML/ML fit)."""
        return pd.DataFrame({"term": list(self.columns), "estimate": self.beta, "std_error": self.beta_se})


def fit_nested_error(
    X: np.ndarray,
    y: np.ndarray,
    area,
    *,
    columns: tuple[str, ...] | None = None,
    method: str = "reml",
    weights: np.ndarray | None = None,
    stats: AreaStats | None = None,
) -> NestedErrorFit:
    """Fit the nested-error model; with ``weights`` add the Guadarrama et al. (2018) pseudo-EB.

    See :mod:`analytics.sae.survey_weights` for the weighted variant.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> area = np.repeat(np.arange(30), 10)
    >>> x = rng.normal(size=300)
    >>> y = 1 + 2 * x + rng.normal(0, 0.5, 30)[area] + rng.normal(0, 1, 300)
    >>> fit = fit_nested_error(np.column_stack([np.ones(300), x]), y, area)
    >>> bool(abs(fit.beta[1] - 2) < 0.2), fit.areas.shape
    (True, (30, 4))
    """
    if method not in METHODS:
        raise InputError(f"metode harus 'reml' atau 'ml', bukan {method!r}")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    stats = stats if stats is not None else area_stats(X, y, area)
    n_units, p = X.shape
    if len(stats.labels) < 2:
        raise DataError("model butuh sampel dari sedikitnya 2 wilayah")
    if n_units <= p + 1:
        raise DataError(f"sampel terlalu kecil: {n_units} unit untuk {p} koefisien")
    tau = maximise_ratio(stats, method)
    loglik, beta, sigma2_e, A = profile_loglik(tau, stats, method)
    cov_beta = sigma2_e * np.linalg.inv(A)
    sigma2_u = tau * sigma2_e
    gamma = tau * stats.n / (1.0 + tau * stats.n)
    beta_reml, variant = beta, "none"
    if weights is None:
        u = gamma * (stats.sy - stats.sx @ beta) / stats.n
    else:
        from analytics.sae.survey_weights import pseudo_eb

        beta, gamma, u = pseudo_eb(X, y, stats.codes, len(stats.labels), weights, sigma2_u, sigma2_e)
        variant = "guadarrama"
    fitted_fixed = X @ beta_reml
    residuals_marginal = y - fitted_fixed
    table = pd.DataFrame({"area": stats.labels, "n": stats.n.astype(np.int64), "gamma": gamma, "u": u})
    return NestedErrorFit(
        columns=tuple(columns) if columns is not None else tuple(f"x{j}" for j in range(p)),
        beta=beta,
        beta_se=np.sqrt(np.diag(cov_beta)),
        sigma2_u=float(sigma2_u),
        sigma2_e=float(sigma2_e),
        loglik=float(loglik),
        method=method,
        areas=table,
        fitted_fixed=fitted_fixed,
        residuals_marginal=residuals_marginal,
        residuals_unit=y - X @ beta - u[stats.codes],
        beta_reml=beta_reml,
        weights=variant,
    )
