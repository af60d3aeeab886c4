"""Input checks shared by the poverty measures.

Error messages are in Bahasa Indonesia: they reach planners through the CLI and the app.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from analytics.errors import DataError, InputError
from analytics.poverty import rule

POOR_IF_CHOICES = ("lt", "le")


def check_poor_if(poor_if: str) -> str:
    """Return ``poor_if`` if it is 'lt' (y < z, BPS) or 'le' (y <= z), else raise."""
    if poor_if not in POOR_IF_CHOICES:
        raise InputError(f"poor_if harus 'lt' (y < z) atau 'le' (y <= z), bukan {poor_if!r}")
    return poor_if


def check_line(line) -> float:
    """Return the poverty line as a float; it must be a finite number > 0."""
    if isinstance(line, bool) or not isinstance(line, Real | np.floating | np.integer):
        raise InputError(f"garis kemiskinan harus berupa angka positif, bukan {line!r}")
    value = float(line)
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"garis kemiskinan harus berupa angka positif, bukan {line!r}")
    return value


def check_alpha(alpha) -> float:
    """Return the FGT parameter as a float; it must be a finite number >= 0."""
    if isinstance(alpha, bool) or not isinstance(alpha, Real | np.floating | np.integer):
        raise InputError(f"alpha harus berupa angka >= 0, bukan {alpha!r}")
    value = float(alpha)
    if not math.isfinite(value) or value < 0:
        raise InputError(f"alpha harus berupa angka >= 0, bukan {alpha!r}")
    return value


def check_welfare(welfare) -> np.ndarray:
    """Return welfare as a 1-D float array: non-empty, finite, non-negative."""
    try:
        y = np.asarray(welfare, dtype=float)
    except (TypeError, ValueError):
        raise InputError("kesejahteraan harus berupa deret angka") from None
    if y.ndim != 1 or y.size == 0:
        raise InputError("kesejahteraan harus berupa deret angka satu dimensi yang tidak kosong")
    if not np.all(np.isfinite(y)):
        raise DataError("kesejahteraan berisi nilai kosong atau tak hingga")
    if np.any(y < 0):
        raise DataError("kesejahteraan tidak boleh negatif")
    return y


def check_weights(weights, n: int) -> np.ndarray:
    """Return per-observation weights (ones if None): finite, >= 0, positive total."""
    if weights is None:
        return np.ones(n)
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise InputError("bobot harus berupa deret angka") from None
    if w.shape != (n,):
        raise InputError(f"panjang bobot ({w.size}) tidak sama dengan panjang kesejahteraan ({n})")
    if not np.all(np.isfinite(w)):
        raise DataError("bobot berisi nilai kosong atau tak hingga")
    if np.any(w < 0):
        raise DataError("bobot tidak boleh negatif")
    if not w.sum() > 0:
        raise DataError("jumlah bobot harus positif")
    return w


def prepare(welfare, line, weights, poor_if):
    """Validate the common inputs and return ``(y, z, w, is_poor)``."""
    y = check_welfare(welfare)
    z = check_line(line)
    w = check_weights(weights, y.size)
    check_poor_if(poor_if)
    return y, z, w, rule.is_poor(y, z, poor_if)
