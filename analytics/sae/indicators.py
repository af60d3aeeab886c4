"""Poverty indicators of welfare values: FGT P0, P1, P2, Watts and mean, as unit-level functions.

Every indicator here is a (size-weighted) average over the units of an area of a function
of one unit's welfare ``y`` and the line ``z``: ``1[y < z]``, ``(1 - y/z)_+``,
``(1 - y/z)_+^2``, ``1[y < z] log(z / y)`` and ``y``. Hence the EB predictor of an area value
is the average of each unit's conditional expectation, which :func:`expected_unit` gives
without Monte Carlo: in closed form on the log scale (normal and lognormal partial
moments), by Gauss-Legendre quadrature over the poor region otherwise.

Welfare below 0 (possible without a transformation) counts as 0 in the gaps, so that
``0 <= gap <= 1`` and ``P2 <= P1 <= P0`` hold for every draw. Watts follows the World Bank
PIP convention (wbpip ``md_compute_watts``): a unit with welfare
``<= 0`` (possible after a shift) adds nothing to the numerator but stays in the population.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy.special import ndtr

from analytics.errors import InputError
from analytics.poverty.rule import is_poor, poor_gap
from analytics.sae.transforms import Transform

__all__ = [
    "INDICATORS",
    "check_line",
    "check_lines",
    "expected_unit",
    "expected_mean",
    "expected_unit_lines",
    "pole_mass",
    "poor_probability",
    "unit_values",
]

INDICATORS = ("p0", "p1", "p2", "watts", "mean")
_SQRT_2PI = np.sqrt(2.0 * np.pi)
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(32)
_GH_NODES, _GH_WEIGHTS = np.polynomial.hermite_e.hermegauss(24)
_GH_WEIGHTS = _GH_WEIGHTS / _SQRT_2PI
TAIL = 8.0  # beyond 8 standard deviations the normal mass (6e-16) is ignored


def unit_values(y: np.ndarray, z: float) -> tuple[np.ndarray, ...]:
    """The five unit-level functions of welfare ``y`` (any shape), in :data:`INDICATORS` order.

    >>> [v.tolist() for v in unit_values(np.array([50.0, 100.0, 200.0]), 100.0)][:3]
    [[1.0, 0.0, 0.0], [0.5, 0.0, 0.0], [0.25, 0.0, 0.0]]
    """
    poor = is_poor(y, z)
    gap = poor_gap(y, z, poor)
    positive = poor & (y > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        watts = np.where(positive, np.log(z / np.where(positive, y, z)), 0.0)
    return poor.astype(np.float64), gap, gap * gap, watts, y


def expected_unit(m: np.ndarray, s: np.ndarray, transform: Transform, z: float) -> tuple[np.ndarray, ...]:
    """``E[f(y)]`` for each indicator when ``T(y) ~ N(m, s^2)`` (arrays of units).

    This is the L -> infinity limit of the Monte Carlo EB predictor of one unit.
    """
    return expected_unit_lines(m, s, transform, (z,))[0]


def expected_unit_lines(m, s, transform: Transform, lines) -> list[tuple[np.ndarray, ...]]:
    """:func:`expected_unit` at each line of ``lines``; the line-free mean is computed once.

    Each line's values are exactly those :func:`expected_unit` gives at that line alone.
    """
    m, s = np.broadcast_arrays(np.asarray(m, dtype=np.float64), np.asarray(s, dtype=np.float64))
    if transform.is_log_scale and transform.shift == 0.0:
        moments = (np.exp(m + 0.5 * s * s), np.exp(2.0 * (m + s * s)))
        results = []
        for z in lines:
            c = (float(transform.forward(np.array([z]))[0]) - m) / s
            results.append(_lognormal(m, s, c, z, ndtr(c), moments))
        return results
    pole = pole_mass(m, s, transform)
    mean = expected_mean(m, s, transform)
    results = []
    for z in lines:
        c = (float(transform.forward(np.array([z]))[0]) - m) / s
        p1, p2, watts = _poor_region_quadrature(m, s, c, transform, z)
        p0 = ndtr(c) + pole
        # Quadrature error must not break the ordering that holds unit by unit (gap <= 1).
        p1 = np.minimum(p1 + pole, p0)
        results.append((p0, p1, np.minimum(p2 + pole, p1), watts, mean))
    return results


def expected_mean(m: np.ndarray, s: np.ndarray, transform: Transform) -> np.ndarray:
    """``E[y]`` when ``T(y) ~ N(m, s^2)``: Gauss-Hermite (``m`` itself without a transformation)."""
    return m.copy() if transform.kind == "none" else _hermite_mean(m, s, transform)


def poor_probability(m: np.ndarray, s: np.ndarray, transform: Transform, z: float) -> np.ndarray:
    """``P(y < z)`` when ``T(y) ~ N(m, s^2)``: ``Phi((T(z) - m) / s)`` (plus the Box-Cox pole region)."""
    c = (float(transform.forward(np.array([z]))[0]) - m) / s
    return ndtr(c) + pole_mass(m, s, transform)


def check_line(line) -> float:
    """A poverty line must be a positive finite number (Indonesian error otherwise)."""
    if isinstance(line, bool) or not isinstance(line, int | float | np.floating | np.integer):
        raise InputError(f"garis kemiskinan harus berupa angka positif, bukan {line!r}")
    if not math.isfinite(line) or line <= 0:
        raise InputError(f"garis kemiskinan harus berupa angka positif, bukan {line!r}")
    return float(line)


def check_lines(lines) -> dict[str, float]:
    """``{name: line}`` with at least one line, text names and positive finite lines."""
    if not isinstance(lines, Mapping) or not lines:
        raise InputError(
            "lines harus berupa dict {nama: garis kemiskinan}, misalnya {'bps': 801945, 'ekstrem': 400000}"
        )
    checked = {}
    for name, value in lines.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"nama garis kemiskinan harus berupa teks yang tidak kosong, bukan {name!r}")
        checked[name] = check_line(value)
    return checked


def _lognormal(m, s, c, z, p0, moments):
    """Closed forms for ``y = exp(t)``, ``t ~ N(m, s^2)`` (truncated lognormal moments).

    ``moments`` are the line-free ``exp(m + s^2 / 2)`` and ``exp(2 (m + s^2))``.
    """
    first, second = moments
    e1 = first / z
    below = ndtr(c - s)
    p1 = p0 - e1 * below
    p2 = p0 - 2.0 * e1 * below + second / (z * z) * ndtr(c - 2.0 * s)
    phi = np.exp(-0.5 * c * c) / _SQRT_2PI
    watts = (np.log(z) - m) * p0 + s * phi
    return p0, np.maximum(p1, 0.0), np.maximum(p2, 0.0), np.maximum(watts, 0.0), e1 * z


def _poor_region_quadrature(m, s, c, transform, z):
    """P1, P2, Watts by Gauss-Legendre over the poor region ``x < c``, cut to ``[-8, min(c, 8)]``."""
    lower = np.where(c < -TAIL, c - TAIL, -TAIL)
    upper = np.minimum(c, TAIL)
    half = 0.5 * (upper - lower)
    x = lower[..., None] + half[..., None] * (_GL_NODES + 1.0)
    weight = half[..., None] * _GL_WEIGHTS * np.exp(-0.5 * x * x) / _SQRT_2PI
    y = transform.inverse(m[..., None] + s[..., None] * x)
    y = np.where(_beyond_pole(m[..., None] + s[..., None] * x, transform), 0.0, y)
    gap = poor_gap(y, z)
    positive = y > 0
    with np.errstate(divide="ignore"):
        log_gap = np.where(positive, np.log(z / np.where(positive, y, z)), 0.0)
    return (
        np.sum(weight * gap, axis=-1),
        np.sum(weight * gap * gap, axis=-1),
        np.sum(weight * np.maximum(log_gap, 0.0), axis=-1),
    )


def _hermite_mean(m, s, transform):
    t = m[..., None] + s[..., None] * _GH_NODES
    return np.sum(_GH_WEIGHTS * transform.inverse(t), axis=-1)


def _beyond_pole(t, transform):
    """Box-Cox with lambda < 0: ``lambda t + 1 <= 0`` has no preimage; emdi maps it to 0."""
    if transform.kind != "boxcox" or transform.lam >= 0 or transform.is_log_scale:
        return np.zeros(np.shape(t), dtype=bool)
    return transform.lam * t + 1.0 <= 0


def pole_mass(m, s, transform):
    """Probability of the Box-Cox region above the pole (lambda < 0), counted as welfare 0."""
    if transform.kind != "boxcox" or transform.lam >= 0 or transform.is_log_scale:
        return np.zeros(np.shape(m))
    return ndtr((m + 1.0 / transform.lam) / s)
