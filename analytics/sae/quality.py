"""Precision columns of an estimate table: CV, confidence interval and BPS reliability flag.

* ``cv = sqrt(mse) / estimate`` (BPS calls it RSE, *relative standard error*).
* Interval: ``estimate -/+ z_{(1 + level)/2} sqrt(mse)`` (normal approximation with the
  bootstrap MSE), truncated to [0, 1] for P0, P1, P2 and to [0, inf) for Watts and the
  mean welfare. With ``df`` (design degrees of freedom of a direct estimate) Student's t
  quantile replaces z, as survey software does for few clusters.
* Reliability as BPS publishes small-area figures: RSE <= 25 % ``reliable``; 25-50 %
  ``caution`` (use with caution); > 50 % ``unreliable``. Without an MSE the flag is empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from scipy.stats import t as t_dist

__all__ = ["RELIABILITY_BORDERS", "RELIABILITY_LEVELS", "add_precision", "reliability"]

RELIABILITY_LEVELS = ("reliable", "caution", "unreliable")
#: The CV borders between the classes (``reliable`` up to the first, ``caution`` up to the second).
RELIABILITY_BORDERS = (0.25, 0.50)
BOUNDED = ("p0", "p1", "p2")


def reliability(cv) -> np.ndarray:
    """BPS reliability code of each coefficient of variation (a fraction).

    >>> reliability([0.1, 0.25, 0.3, 0.8, np.nan]).tolist()
    ['reliable', 'reliable', 'caution', 'unreliable', None]
    """
    cv = np.asarray(cv, dtype=np.float64)
    first, second = RELIABILITY_BORDERS
    codes = np.where(cv <= first, "reliable", np.where(cv <= second, "caution", "unreliable")).astype(object)
    codes[np.isnan(cv)] = None
    return codes


def add_precision(
    table: pd.DataFrame, indicator: str, mse: np.ndarray | None, level: float, df: np.ndarray | None = None
) -> None:
    """Add ``mse_, cv_, lower_, upper_, reliability_`` columns for one indicator (in place)."""
    estimate = table[indicator].to_numpy(dtype=np.float64)
    mse = np.full(len(table), np.nan) if mse is None else np.asarray(mse, dtype=np.float64)
    root = np.sqrt(mse)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(estimate != 0, root / np.abs(estimate), np.where(root > 0, np.inf, np.nan))
    if df is None:
        quantile = norm.ppf(0.5 + level / 2.0)
    else:
        with np.errstate(invalid="ignore"):
            quantile = t_dist.ppf(0.5 + level / 2.0, np.where(np.asarray(df) > 0, df, np.nan))
    half = quantile * root
    upper_bound = 1.0 if indicator in BOUNDED else np.inf
    table[f"mse_{indicator}"] = mse
    table[f"cv_{indicator}"] = cv
    table[f"lower_{indicator}"] = np.clip(estimate - half, 0.0, upper_bound)
    table[f"upper_{indicator}"] = np.clip(estimate + half, 0.0, upper_bound)
    table[f"reliability_{indicator}"] = reliability(cv)
