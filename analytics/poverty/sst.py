"""Sen–Shorrocks–Thon (SST) poverty index: plain NumPy reference.

Definition (Shorrocks 1995, "Revisiting the Sen poverty index", Econometrica 63(5):
1225-1230; Osberg and Xu 2000, Journal of Human Resources 35(1): 51-81; Haughton and
Khandker 2009, Handbook on Poverty and Inequality, chapter 4)::

    SST = P0 * P1_poor * (1 + G_gaps)

where P0 is the headcount ratio, ``P1_poor`` the mean normalised poverty gap among the
poor (so that ``P0 * P1_poor = P1``) and ``G_gaps`` the Gini coefficient of the
normalised poverty gaps over the *whole* population (the non-poor have a gap of 0).
Neither R ``convey`` (which has ``svyfgt`` and ``svywatts`` but no SST estimator) nor
this module's SQL layer computes it in the database; it is offered for analysis and
comparison with DASP.
"""

from __future__ import annotations

import numpy as np

from analytics.errors import DataError, InputError
from analytics.poverty._checks import prepare
from analytics.poverty.rule import poor_gap

__all__ = ["sst", "sst_components", "weighted_gini"]


def weighted_gini(values, weights=None) -> float:
    """Gini coefficient of non-negative values with observation weights.

    ``G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mean)``, computed in O(n log n) from
    the sorted values. Zero when all values are zero.

    Examples
    --------
    >>> weighted_gini([0.2, 0.12, 0.0, 0.0])
    0.5625
    >>> weighted_gini([1, 1, 1])
    0.0
    """
    x = np.asarray(values, dtype=float)
    w = np.ones(x.size) if weights is None else np.asarray(weights, dtype=float)
    if x.ndim != 1 or x.size == 0 or w.shape != x.shape:
        raise InputError("nilai dan bobot harus berupa deret satu dimensi sama panjang")
    if np.any(x < 0) or np.any(w < 0) or not np.all(np.isfinite(x)) or not np.all(np.isfinite(w)):
        raise DataError("nilai dan bobot harus terhingga dan nonnegatif")
    total_w = w.sum()
    total_wx = np.sum(w * x)
    if total_w <= 0:
        raise DataError("jumlah bobot harus positif")
    if total_wx == 0:
        return 0.0
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    # Each observation sits at the midpoint of its slice of the cumulative weight.
    midpoint = np.cumsum(ws) - ws / 2.0
    # Equal values give 0 up to rounding (-2e-16 was seen): a Gini is never below 0.
    return max(0.0, float(2.0 * np.sum(ws * xs * midpoint) / (total_w * total_wx) - 1.0))


def sst_components(welfare, line, weights=None, poor_if: str = "lt") -> dict[str, float]:
    """The SST index and its three factors.

    Returns
    -------
    dict
        ``headcount`` (P0), ``gap_among_poor`` (mean normalised gap of the poor, 0 when
        nobody is poor), ``gini_of_gaps`` (Gini of the gaps over the whole population)
        and ``sst`` = headcount * gap_among_poor * (1 + gini_of_gaps).

    Examples
    --------
    >>> c = sst_components([100, 110, 150, 160], 125)
    >>> round(c["gap_among_poor"], 12), c["gini_of_gaps"], round(c["sst"], 12)
    (0.16, 0.5625, 0.125)
    """
    y, z, w, is_poor = prepare(welfare, line, weights, poor_if)
    gaps = poor_gap(y, z, is_poor)
    total = w.sum()
    poor_weight = np.sum(w[is_poor])
    headcount = float(poor_weight / total)
    gap_among_poor = float(np.sum(w * gaps) / poor_weight) if poor_weight > 0 else 0.0
    gini_of_gaps = weighted_gini(gaps, w)
    return {
        "headcount": headcount,
        "gap_among_poor": gap_among_poor,
        "gini_of_gaps": gini_of_gaps,
        "sst": headcount * gap_among_poor * (1.0 + gini_of_gaps),
    }


def sst(welfare, line, weights=None, poor_if: str = "lt") -> float:
    """Sen–Shorrocks–Thon poverty index ``P0 * P1_poor * (1 + G_gaps)``.

    Parameters
    ----------
    welfare : array_like
        Welfare of each observation, >= 0.
    line : float
        Poverty line z, > 0.
    weights : array_like, optional
        Number of persons each observation stands for.
    poor_if : {'lt', 'le'}, default 'lt'
        'lt': poor when ``y < z`` (BPS); 'le': poor when ``y <= z``.

    Returns
    -------
    float
        The index, in [0, 1]; it equals ``P1 * (1 + G_gaps)``.

    Examples
    --------
    >>> round(sst([100, 110, 150, 160], 125), 12)
    0.125
    """
    return sst_components(welfare, line, weights, poor_if)["sst"]
