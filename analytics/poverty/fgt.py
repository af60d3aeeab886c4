"""Foster–Greer–Thorbecke (FGT) poverty measures: plain NumPy reference."""

from __future__ import annotations

import numpy as np

from analytics.poverty._checks import check_alpha, prepare
from analytics.poverty.rule import poor_gap

__all__ = ["fgt", "normalised_gaps"]


def normalised_gaps(welfare, line, poor_if: str = "lt") -> np.ndarray:
    """Normalised poverty gap of each observation: ``1 - y/z`` for the poor, 0 otherwise.

    Parameters
    ----------
    welfare : array_like
        Welfare of each observation (e.g. monthly expenditure per capita), >= 0.
    line : float
        Poverty line z, > 0.
    poor_if : {'lt', 'le'}
        'lt' (default, BPS): poor when ``y < z``; 'le': poor when ``y <= z``.

    Returns
    -------
    numpy.ndarray
        Gaps in [0, 1].

    Examples
    --------
    >>> normalised_gaps([50, 100, 200], 100).tolist()
    [0.5, 0.0, 0.0]
    """
    y, z, _, is_poor = prepare(welfare, line, None, poor_if)
    return poor_gap(y, z, is_poor)


def fgt(welfare, line, alpha: float = 0, weights=None, poor_if: str = "lt") -> float:
    """Foster–Greer–Thorbecke poverty measure P_alpha.

    ``P_alpha = sum_i w_i * 1[poor_i] * (1 - y_i/z)**alpha / sum_i w_i``
    (Foster, Greer and Thorbecke 1984, Econometrica 52(3): 761-766). With ``alpha = 0``
    it is the headcount ratio P0, with 1 the poverty gap index P1, with 2 the poverty
    severity index P2; ``0**0`` counts as 1, so a person exactly on the line under
    ``poor_if='le'`` is counted by P0.

    Parameters
    ----------
    welfare : array_like
        Welfare of each observation, >= 0 (BPS: monthly expenditure per capita).
    line : float
        Poverty line z, > 0.
    alpha : float, default 0
        Poverty aversion parameter, >= 0.
    weights : array_like, optional
        Weight of each observation: the number of persons it stands for (survey weight
        times household size). Equal weights when omitted.
    poor_if : {'lt', 'le'}, default 'lt'
        'lt': poor when ``y < z`` (BPS, World Bank PIP); 'le': poor when ``y <= z``
        (R convey, DASP).

    Returns
    -------
    float
        The measure, a fraction in [0, 1].

    Raises
    ------
    ValueError
        On empty, negative or non-finite welfare, a non-positive line, negative alpha,
        bad weights or an unknown ``poor_if``.

    Examples
    --------
    Haughton and Khandker (2009), chapter 4: expenditures 100, 110, 150, 160 and a
    poverty line of 125.

    >>> y = [100, 110, 150, 160]
    >>> fgt(y, 125, alpha=0)
    0.5
    >>> round(fgt(y, 125, alpha=1), 12)
    0.08
    >>> round(fgt(y, 125, alpha=2), 12)
    0.0136

    Weights count persons: a family of 3 weighs 3.

    >>> fgt([100, 200], 150, weights=[3, 1])
    0.75
    """
    a = check_alpha(alpha)
    y, z, w, is_poor = prepare(welfare, line, weights, poor_if)
    gap = poor_gap(y, z, is_poor)
    contribution = np.where(is_poor, np.power(gap, a), 0.0)
    return float(np.sum(w * contribution) / np.sum(w))
