"""Watts poverty index: plain NumPy reference."""

from __future__ import annotations

import numpy as np

from analytics.errors import DataError, InputError
from analytics.poverty._checks import prepare

__all__ = ["watts"]

ZERO_WELFARE_CHOICES = ("raise", "exclude")


def watts(welfare, line, weights=None, poor_if: str = "lt", zero_welfare: str = "raise") -> float:
    """Watts poverty index.

    ``W = sum_i w_i * 1[poor_i] * ln(z / y_i) / sum_i w_i`` (Watts 1968; Zheng 1993).
    Dividing W by a growth rate of the incomes of the poor gives the average time to
    exit poverty (Morduch 1998).

    Parameters
    ----------
    welfare : array_like
        Welfare of each observation, >= 0.
    line : float
        Poverty line z, > 0.
    weights : array_like, optional
        Number of persons each observation stands for. Equal weights when omitted.
    poor_if : {'lt', 'le'}, default 'lt'
        'lt': poor when ``y < z`` (BPS); 'le': poor when ``y <= z``.
    zero_welfare : {'raise', 'exclude'}, default 'raise'
        The index is undefined when a poor person has zero welfare. 'raise' rejects
        such data; 'exclude' follows the World Bank PIP engine (wbpip
        ``md_compute_watts``): such persons add nothing to the numerator but stay in
        the population.

    Returns
    -------
    float
        The index, >= 0.

    Raises
    ------
    ValueError
        On bad inputs, or a poor person with zero welfare under ``zero_welfare='raise'``.

    Examples
    --------
    Haughton and Khandker (2009), chapter 4, the Watts index table: expenditures
    100, 110, 150, 160 and a poverty line of 125.

    >>> round(watts([100, 110, 150, 160], 125), 10)
    0.0877442307
    """
    if zero_welfare not in ZERO_WELFARE_CHOICES:
        raise InputError(f"zero_welfare harus 'raise' atau 'exclude', bukan {zero_welfare!r}")
    y, z, w, is_poor = prepare(welfare, line, weights, poor_if)
    zero_poor = is_poor & (y <= 0)
    if zero_welfare == "raise" and np.any(zero_poor & (w > 0)):
        raise DataError("indeks Watts tidak terdefinisi: ada penduduk miskin dengan kesejahteraan 0")
    counted = is_poor & ~zero_poor
    safe_y = np.where(counted, y, z)
    with np.errstate(over="ignore"):  # a welfare near 0 has an (almost) infinite log gap
        log_gap = np.where(counted, np.log(z / safe_y), 0.0)
    return float(np.sum(w * log_gap) / np.sum(w))
