"""Transformations of welfare before the nested-error model, and the choice of their parameter.

Kinds (``Transform.kind``):

* ``"boxcox"``: ``((y + s)^lambda - 1) / lambda`` (``log(y + s)`` at ``lambda = 0``); the shift
  ``s = |min y| + 1`` is added automatically when ``min y <= 0``, else ``s = 0`` (as emdi's
  ``box_cox``).
* ``"log"``: ``log(y + c)`` with a fixed ``c`` (default 0; then every y must be > 0).
* ``"log-shift"``: ``log(y + s)`` with the shift ``s`` chosen from the data (emdi's
  ``"log.shift"``).
* ``"none"``: ``y`` itself.

The data-driven parameter (Box-Cox ``lambda``, log-shift ``s``) maximises the REML profile
likelihood of the nested-error model fitted to the transformed welfare *standardised by the
geometric mean* of ``y + s`` (``(y^lambda - 1) / (lambda * gm^(lambda - 1))``, ``gm * log(y + s)``).
That standardisation is Box & Cox's (1964) device for putting the Jacobian
``(lambda - 1) sum log(y + s)`` into the likelihood, and it is exactly what emdi does
(``optimal_parameter.R``: ``optimize`` of ``-logLik(lme(..., method = "REML"))`` over
``std_data_transformation``), so the chosen lambda matches emdi's. The search is Brent's
bounded method with R's default tolerance (``.Machine$double.eps^0.25``) over emdi's
default intervals ([-1, 2] for Box-Cox; ``[max(0, |min y| + 1 if min y <= 0), range(y) / 2]``
for the log-shift).

Back-transformed values that are not finite (Box-Cox base ``lambda t + 1 <= 0``, overflow)
are set to 0, as emdi's ``prediction_y`` does (``y_pred[!is.finite(y_pred)] <- 0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from analytics.errors import DataError, InputError
from analytics.sae.nested_error import AreaStats, maximise_ratio, profile_loglik

__all__ = ["KINDS", "Transform", "choose_transform"]

KINDS = ("boxcox", "log", "log-shift", "none")
R_OPTIMIZE_TOL = np.finfo(float).eps ** 0.25  # R's optimize() default tolerance
_LAMBDA_ZERO = 1e-12  # emdi treats |lambda| <= 1e-12 as the log case


@dataclass(frozen=True)
class Transform:
    """A welfare transformation ``t = T(y)``: ``kind``, ``lam`` (Box-Cox) and ``shift``.

    >>> t = Transform("boxcox", lam=0.5)
    >>> float(t.inverse(t.forward(np.array([4.0])))[0])
    4.0
    >>> Transform("log", shift=10.0).forward(np.array([-5.0])).round(6).tolist()
    [1.609438]
    """

    kind: str
    lam: float | None = None
    shift: float = 0.0

    def forward(self, y: np.ndarray) -> np.ndarray:
        """``T(y)``."""
        y = np.asarray(y, dtype=np.float64)
        if self.kind == "none":
            return y.copy()
        base = y + self.shift
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.kind in ("log", "log-shift") or abs(self.lam) <= _LAMBDA_ZERO:
                return np.log(base)
            # expm1/log1p keep full precision when lambda is near 0
            return np.expm1(self.lam * np.log(base)) / self.lam

    def inverse(self, t: np.ndarray) -> np.ndarray:
        """``T^{-1}(t)``; non-finite results become 0 (emdi's convention)."""
        t = np.asarray(t, dtype=np.float64)
        if self.kind == "none":
            return t.copy()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.kind in ("log", "log-shift") or abs(self.lam) <= _LAMBDA_ZERO:
                y = np.exp(t) - self.shift
            else:
                y = np.exp(np.log1p(self.lam * t) / self.lam) - self.shift
        return np.where(np.isfinite(y), y, 0.0)

    def log_jacobian(self, y: np.ndarray) -> float:
        """``sum log |dT/dy|`` over ``y`` (the Jacobian term of the likelihood of y)."""
        y = np.asarray(y, dtype=np.float64)
        if self.kind == "none":
            return 0.0
        base = y + self.shift
        lam = 0.0 if self.kind in ("log", "log-shift") else self.lam
        return float((lam - 1.0) * np.sum(np.log(base)))

    @property
    def is_log_scale(self) -> bool:
        """True when ``T`` is ``log(y + c)`` (closed forms apply)."""
        return self.kind in ("log", "log-shift") or (self.kind == "boxcox" and abs(self.lam) <= _LAMBDA_ZERO)

    def label(self) -> str:
        """A short text for tables: ``boxcox(lambda=0.6047, shift=0)``."""
        if self.kind == "none":
            return "none"
        if self.kind == "boxcox":
            return f"boxcox(lambda={self.lam:.6g}, shift={self.shift:.6g})"
        return f"{self.kind}(shift={self.shift:.6g})"


def choose_transform(
    kind: str,
    y: np.ndarray,
    X: np.ndarray,
    stats: AreaStats,
    *,
    shift: float | None = None,
    interval: tuple[float, float] | None = None,
) -> Transform:
    """Fix the transformation for survey welfare ``y`` (search lambda or the shift when data-driven).

    ``stats`` are the survey's :class:`AreaStats` (their response part is replaced).
    """
    if kind not in KINDS:
        raise InputError(f"transformasi harus salah satu dari {', '.join(KINDS)}, bukan {kind!r}")
    y = np.asarray(y, dtype=np.float64)
    if shift is not None and kind != "log":
        raise InputError("--shift hanya dipakai dengan transformasi log (log(y + c))")
    if kind == "none":
        return Transform("none")
    if kind == "log":
        c = 0.0 if shift is None else float(shift)
        if not math.isfinite(c) or np.min(y) + c <= 0:
            raise DataError(
                "transformasi log butuh kesejahteraan + pergeseran > 0; ada nilai <= 0 "
                f"(min y = {np.min(y):.6g}); pakai --shift C, boxcox atau log-shift"
            )
        return Transform("log", shift=c)
    if kind == "boxcox":
        s = abs(float(np.min(y))) + 1.0 if np.min(y) <= 0 else 0.0
        lo, hi = interval if interval is not None else (-1.0, 2.0)
        lam = _search(lambda v: _std_boxcox(y, v), X, stats, lo, hi)
        return Transform("boxcox", lam=lam, shift=s)
    lo, hi = interval if interval is not None else _log_shift_interval(y)
    s = _search(lambda v: _std_log_shift(y, v), X, stats, lo, hi)
    if np.min(y + s) <= 0:  # emdi's log_shift_opt: move inside the support
        s = s + abs(float(np.min(y + s))) + 1.0
    return Transform("log-shift", shift=s)


def reml_of(z: np.ndarray, X: np.ndarray, stats: AreaStats) -> float:
    """Maximised REML log-likelihood of the nested-error model for response ``z``."""
    s = stats.with_response(X, z)
    return profile_loglik(maximise_ratio(s, "reml"), s, "reml")[0]


def _search(standardised, X, stats, lo: float, hi: float) -> float:
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(f"interval pencarian parameter transformasi tidak valid: [{lo}, {hi}]")

    def objective(value: float) -> float:
        z = standardised(value)
        if not np.all(np.isfinite(z)):
            return np.inf
        return -reml_of(z, X, stats)

    res = optimize.minimize_scalar(objective, bounds=(lo, hi), method="bounded", options={"xatol": R_OPTIMIZE_TOL})
    if not np.isfinite(res.fun):
        raise DataError("parameter transformasi tidak dapat diestimasi; coba interval lain atau transformasi lain")
    return float(res.x)


def _std_boxcox(y: np.ndarray, lam: float) -> np.ndarray:
    """emdi's ``box_cox_std``."""
    if np.min(y) <= 0:
        y = y - np.min(y) + 1.0
    gm = math.exp(float(np.mean(np.log(y))))
    if abs(lam) > _LAMBDA_ZERO:
        return (y**lam - 1.0) / (lam * gm ** (lam - 1.0))
    return gm * np.log(y)


def _std_log_shift(y: np.ndarray, s: float) -> np.ndarray:
    """emdi's ``log_shift_opt_std``."""
    if np.min(y + s) <= 0:
        s = s + abs(float(np.min(y))) + 1.0
    gm = math.exp(float(np.mean(np.log(y + s))))
    return gm * np.log(y + s)


def _log_shift_interval(y: np.ndarray) -> tuple[float, float]:
    """emdi's default interval for the log-shift parameter."""
    lo_y, hi_y = float(np.min(y)), float(np.max(y))
    lower = abs(lo_y) + 1.0 if lo_y + 1.0 <= 1.0 else 0.0
    return lower, (hi_y - lo_y) / 2.0
