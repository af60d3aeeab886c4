"""The interval of a change between two years' figures, and whether the change is supported.

A model year's figure carries a 90 % interval; the change from the previous year carries the
errors of both years, which are correlated through the model (the same covariates, the same
survey areas). Their covariance is not stored, so the interval of the change is the one that
holds whatever the correlation: the standard deviation of a difference is at most the sum of
the two standard deviations (Cauchy–Schwarz), so with normal intervals the change's 90 %
half-width is at most the sum of the two half-widths (each year's before clipping at 0:
:func:`analytics.sae.quality` clips a rate's interval there). The bound is conservative: its
coverage is at least 90 % (exactly 90 % only when the two errors are perfectly negatively
correlated), and a change it does not exclude from 0 may still be real. An observed figure
(counted from every family) adds no width.

Issue 22: the pages used to compare the previous year's figure with this year's interval
alone, which ignores the previous year's error and called changes sure too often.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["change_interval", "change_uncertain"]


def _half_width(value, lower, upper) -> np.ndarray:
    """The wider side of an interval: intervals are clipped at 0 (a rate is never negative),
    so the side away from 0 is the one the model's error gives. 0 where there is no interval
    (an observed figure, counted from every family)."""
    value, lower, upper = (np.asarray(v, dtype=float) for v in (value, lower, upper))
    half = np.fmax(value - lower, upper - value)
    return np.where(np.isnan(half), 0.0, half)


def change_interval(value, previous, lower, upper, lower_prev, upper_prev) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) of ``value - previous``: the change ± the sum of the two half-widths.
    NaN where neither year has an interval (the change is counted, not estimated) or a figure
    is missing. Arguments are numbers or arrays of the same length."""
    change = np.asarray(value, dtype=float) - np.asarray(previous, dtype=float)
    now, before = _half_width(value, lower, upper), _half_width(previous, lower_prev, upper_prev)
    half = np.where((now == 0) & (before == 0), np.nan, now + before)
    return change - half, change + half


def change_uncertain(row: pd.Series) -> bool:
    """A change whose conservative 90 % interval holds 0: not a sure change. ``row`` holds
    ``value``, ``previous``, ``lower``, ``upper`` and, when the previous year had an interval,
    ``lower_prev``, ``upper_prev`` (a headline row); False when a figure is hidden or missing
    or neither year is an estimate."""
    needed = ("value", "previous", "lower", "upper")
    if any(k not in row.index or not _number(row[k]) for k in needed):
        return False
    low, high = change_interval(
        row["value"],
        row["previous"],
        row["lower"],
        row["upper"],
        row.get("lower_prev", np.nan) if _number(row.get("lower_prev")) else np.nan,
        row.get("upper_prev", np.nan) if _number(row.get("upper_prev")) else np.nan,
    )
    return bool(low <= 0 <= high)


def _number(value) -> bool:
    """A figure that is a number: not a hidden marker ('<10', 'x'), not missing."""
    if value is None or isinstance(value, str):
        return False
    try:
        return not np.isnan(float(value))
    except (TypeError, ValueError):
        return False
