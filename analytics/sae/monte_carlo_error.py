"""Monte Carlo error of an EBP run: how much its figures would move with another seed.

The point estimate is a mean over ``L`` simulated populations and the MSE a mean over ``B``
bootstrap replicates, so both carry simulation noise that a fixed seed hides:

* estimate: ``sd_l(theta_l) / sqrt(L)``, the standard error of a mean of ``L`` draws; after
  ratio benchmarking (``theta* = f theta``, ``f = T / theta_city``, ``f`` itself from the same
  draws) the linearised ratio ``f sd_l(theta_l - (theta / theta_city) theta_city,l) / sqrt(L)``,
  which is 0 for the benchmarked city, as it should be;
* MSE: ``sd_b(e_b^2) / sqrt(B)``, with ``e_b`` the replicate's prediction error; recorded for
  P0, P1 and P2 only (:data:`MSE_ERROR_INDICATORS`): checked against the spread over seeds,
  it is right within about 20 % for them (understated a little: skewed squared errors), while
  the mean welfare's heavy-tailed errors made it 6x too small;
* CV ``= sqrt(MSE) / theta``: by the delta method from the two (their streams are
  independent: the point estimate and the bootstrap draw from separate child seeds), so
  ``se(CV)^2 = (se(MSE) / (2 sqrt(MSE) theta))^2 + (sqrt(MSE) se(theta) / theta^2)^2``.

A BPS reliability class (borders at CV 25 % and 50 %, :mod:`.quality`) is *near its border*
when a border lies within :data:`BORDER_SE` Monte Carlo standard errors of the CV: another
seed could move the area to the other class.

The product's adequacy rule for ``L`` and ``B`` (:func:`adequacy`): the estimate's Monte
Carlo standard error at most :data:`ESTIMATE_SHARE` of its root MSE (its Monte Carlo variance
at most 1 % of the MSE), and the MSE's at most :data:`MSE_SHARE` of the MSE. A parametric
bootstrap with normal-like errors gives ``se(MSE) / MSE ~ sqrt(2 / B)`` (0,10 at B = 200);
the skewed errors of a small P0 give more, which the rule's 20 % allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.sae.quality import RELIABILITY_BORDERS

__all__ = [
    "BORDER_SE",
    "ESTIMATE_SHARE",
    "MSE_SHARE",
    "Adequacy",
    "Mse",
    "SquaredErrors",
    "adequacy",
    "add_monte_carlo_error",
    "cv_standard_error",
    "draws_standard_error",
    "estimate_standard_errors",
    "near_border",
]

MSE_ERROR_INDICATORS = ("p0", "p1", "p2")
BORDER_SE = 2.0
ESTIMATE_SHARE = 0.10
MSE_SHARE = 0.20


class SquaredErrors:
    """Running sums of squared bootstrap errors and of their squares, for the MSE and its
    Monte Carlo standard error without keeping every replicate."""

    def __init__(self, shape: tuple[int, ...]):
        self.count = 0
        self.first = np.zeros(shape)
        self.second = np.zeros(shape)

    def add(self, error: np.ndarray) -> None:
        squared = error**2
        self.first += squared
        self.second += squared**2
        self.count += 1

    def mse(self) -> np.ndarray:
        return self.first / self.count

    def standard_error(self) -> np.ndarray:
        """``sd(e^2) / sqrt(B)`` (sample standard deviation); NaN with one replicate."""
        B = self.count
        if B < 2:
            return np.full(self.first.shape, np.nan)
        mean = self.first / B
        variance = np.maximum(self.second / B - mean**2, 0.0) * B / (B - 1)
        return np.sqrt(variance / B)


@dataclass(frozen=True, eq=False)
class Mse:
    """Bootstrap MSE of the indicators (indicator x area) and its Monte Carlo standard error."""

    value: np.ndarray
    standard_error: np.ndarray

    def scaled(self, factors: np.ndarray) -> Mse:
        """The MSE of estimates multiplied by ``factors`` (one per indicator: a ratio benchmark)."""
        square = np.asarray(factors, dtype=float)[:, None] ** 2
        return Mse(self.value * square, self.standard_error * square)


def draws_standard_error(draws: np.ndarray, axis: int = 1) -> np.ndarray:
    """Monte Carlo standard error of the mean over ``axis`` (the ``L`` draws); NaN when L = 1."""
    L = draws.shape[axis]
    if L < 2:
        return np.full(np.delete(draws.shape, axis), np.nan)
    return draws.std(axis=axis, ddof=1) / np.sqrt(L)


def estimate_standard_errors(draws: np.ndarray, city_draws: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Monte Carlo standard error of every indicator's estimate, ``(indicators, areas)``.

    ``draws`` are the area (or group) values of the ``L`` populations, ``(indicators, L,
    areas)``; ``city_draws`` the city's, ``(indicators, L)``; ``factors`` the ratio benchmark of
    each indicator (1: not benchmarked), whose own Monte Carlo error the linearisation counts.
    """
    se = draws_standard_error(draws)
    for k, factor in enumerate(np.asarray(factors, dtype=float)):
        if factor == 1.0:
            continue
        city = city_draws[k]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(city.mean() != 0, draws[k].mean(axis=0) / city.mean(), 0.0)
        se[k] = factor * draws_standard_error((draws[k] - ratio[None, :] * city[:, None])[None])[0]
    return se


def cv_standard_error(estimate, mse, estimate_se, mse_se) -> np.ndarray:
    """Delta-method Monte Carlo standard error of ``CV = sqrt(MSE) / estimate``; NaN where the
    CV is undefined (estimate 0, no MSE) or a Monte Carlo error was not recorded."""
    estimate, mse = np.asarray(estimate, dtype=float), np.asarray(mse, dtype=float)
    estimate_se, mse_se = np.asarray(estimate_se, dtype=float), np.asarray(mse_se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.sqrt(mse)
        from_mse = mse_se / (2.0 * root * np.abs(estimate))
        from_estimate = root * estimate_se / estimate**2
        se = np.sqrt(from_mse**2 + from_estimate**2)
    return np.where((estimate != 0) & (mse > 0), se, np.nan)


def near_border(cv, cv_se) -> np.ndarray:
    """True where a reliability border lies within :data:`BORDER_SE` standard errors of the CV."""
    cv, cv_se = np.asarray(cv, dtype=float), np.asarray(cv_se, dtype=float)
    near = np.zeros(cv.shape, dtype=bool)
    for border in RELIABILITY_BORDERS:
        with np.errstate(invalid="ignore"):
            near |= np.abs(cv - border) <= BORDER_SE * cv_se
    return near


def add_monte_carlo_error(table: pd.DataFrame, indicator: str, estimate_se, mse_se) -> None:
    """Add ``mc_se_<indicator>`` and ``mse_mc_se_<indicator>`` (in place; NaN when not measured)."""
    missing = np.full(len(table), np.nan)
    table[f"mc_se_{indicator}"] = missing if estimate_se is None else np.asarray(estimate_se, dtype=float)
    table[f"mse_mc_se_{indicator}"] = missing if mse_se is None else np.asarray(mse_se, dtype=float)


@dataclass(frozen=True, eq=False)
class Adequacy:
    """How many areas of one indicator meet the adequacy rule, of those with an MSE;
    ``failed`` marks the areas (in the order given) that do not."""

    areas: int
    estimate_ok: int
    mse_ok: int
    both_ok: int
    largest_estimate_share: float
    largest_mse_share: float
    failed: np.ndarray

    @property
    def met(self) -> bool:
        return self.areas > 0 and self.both_ok == self.areas


def adequacy(estimate_se, mse, mse_se) -> Adequacy:
    """The adequacy rule over the areas with a positive MSE and recorded Monte Carlo errors."""
    estimate_se, mse, mse_se = (np.asarray(v, dtype=float) for v in (estimate_se, mse, mse_se))
    keep = (mse > 0) & np.isfinite(estimate_se) & np.isfinite(mse_se)
    if not keep.any():
        return Adequacy(0, 0, 0, 0, float("nan"), float("nan"), np.zeros(len(mse), dtype=bool))
    estimate_share = estimate_se[keep] / np.sqrt(mse[keep])
    mse_share = mse_se[keep] / mse[keep]
    estimate_ok, mse_ok = estimate_share <= ESTIMATE_SHARE, mse_share <= MSE_SHARE
    failed = np.zeros(len(mse), dtype=bool)
    failed[keep] = ~(estimate_ok & mse_ok)
    return Adequacy(
        int(keep.sum()),
        int(estimate_ok.sum()),
        int(mse_ok.sum()),
        int((estimate_ok & mse_ok).sum()),
        float(estimate_share.max()),
        float(mse_share.max()),
        failed,
    )
