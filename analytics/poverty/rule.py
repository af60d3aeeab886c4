"""The poverty rule and the normalised gap in Python: their one home outside SQL.

The SQL home is ``analytics/sql/macros/`` (``is_poor``, ``poverty_gap``); every NumPy
computation (the reference FGT, SST, the small-area model's Monte Carlo and quadrature, the
transfer simulation over model draws) calls these two functions, so a change of the rule is
made once per language and checked against the other by the tests.

A person is poor when welfare ``y`` is below the line ``z`` (BPS, World Bank PIP: 'lt'), or at
most the line ('le': R convey, DASP). The normalised gap of a poor person is ``1 - y / z``
(negative welfare, which a model draw may produce, counts as zero: a gap of at most 1).
"""

from __future__ import annotations

import numpy as np

__all__ = ["is_poor", "poor_gap"]


def is_poor(y, z, poor_if: str = "lt") -> np.ndarray:
    """Whether each welfare value is poor against line ``z``.

    >>> is_poor(np.array([50.0, 100.0, 200.0]), 100.0).tolist()
    [True, False, False]
    >>> is_poor(np.array([50.0, 100.0, 200.0]), 100.0, "le").tolist()
    [True, True, False]
    """
    return np.less(y, z) if poor_if == "lt" else np.less_equal(y, z)


def poor_gap(y, z, poor: np.ndarray | None = None, poor_if: str = "lt") -> np.ndarray:
    """The normalised gap ``1 - max(y, 0) / z`` of poor values, 0 for the others.

    ``poor`` may be given when it is already known (the Monte Carlo visits poor draws only).

    >>> poor_gap(np.array([-10.0, 50.0, 100.0, 200.0]), 100.0).tolist()
    [1.0, 0.5, 0.0, 0.0]
    """
    y = np.asarray(y, dtype=np.float64)
    if poor is None:
        poor = is_poor(y, z, poor_if)
    return np.where(poor, 1.0 - np.maximum(y, 0.0) / z, 0.0)
