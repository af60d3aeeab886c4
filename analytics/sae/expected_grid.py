"""Exact EB area values through a grid of each area's unit means: the bootstrap's fast path.

Within an area every population unit's transformed welfare is ``N(m_i, s_d^2)`` with one
``s_d`` (:mod:`.prediction`), so each indicator's conditional expectation is one smooth
function of ``m_i`` per area: the Gaussian smooths the kink of the gap at the line. This
module evaluates P1, P2 and Watts (the same quadrature,
:func:`analytics.sae.indicators.expected_unit_lines`) on a uniform grid of at least
:data:`NODES` means spanning the area's units, at least :data:`STEPS_PER_SD` nodes per
``s_d``, and reads every unit off the grid by cubic Lagrange interpolation. P0 (a closed
form) and the mean (Gauss-Hermite, whose value near a negative lambda's pole is not smooth
in ``m``) stay unit by unit; an area with fewer units than nodes is computed unit by unit.
The grid spans only the units that can be poor at some line (``c > -8``, as the quadrature
cuts its range); above that a unit's P1 and P2 are the Box-Cox pole mass (welfare 0) and its
Watts 0, as the quadrature gives them to within 6e-16. On the log scale the closed forms
need no grid (:func:`analytics.sae.prediction.expected_lines`).

Against the unit-by-unit quadrature (``tests/sae/test_sae_expected_grid.py``): P1 and P2
within 1e-6 relative (1e-9 on the demo); Watts too where welfare stays positive, within about
3e-4 where it can reach 0 (lambda > 0, a log shift), where the unit quadrature of its singular
integrand is no more exact itself. Bootstrap MSEs move by at most 4e-6 relative on the demo,
against a Monte Carlo error of ``sqrt(2 / B)`` (10 % at B = 200).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.sae.indicators import (
    INDICATORS,
    TAIL,
    expected_mean,
    expected_unit_lines,
    pole_mass,
    poor_probability,
)
from analytics.sae.prediction import QUADRATURE_ROWS, expected_lines

__all__ = ["NODES", "STEPS_PER_SD", "grid_lines"]

#: Nodes per area at least; more where the units' means spread over many standard deviations.
NODES = 257
STEPS_PER_SD = 32
#: Above this many nodes per area the grid stops paying; such areas are computed unit by unit.
MAX_NODES = 2049


def grid_lines(pop, beta, effects, sigma2_e: float, transform, lines) -> np.ndarray:
    """The area values of :func:`analytics.sae.prediction.expected_lines`, shape ``(K, 5, D)``,
    with P1, P2 and Watts of each unit interpolated on its area's grid (exact for small areas)."""
    lines = tuple(float(z) for z in lines)
    if transform.is_log_scale:
        return expected_lines(pop, beta, effects, sigma2_e, transform, lines)
    D = len(pop.labels)
    m = pop.X @ beta + effects.mean[pop.codes]
    s_area = np.sqrt(effects.var + sigma2_e)
    top = float(transform.forward(np.array([max(lines)]))[0])
    relevant = m <= top + TAIL * s_area[pop.codes]
    grid = _grid(m[relevant], pop.codes[relevant], s_area, D)
    sums = np.zeros((len(lines), len(INDICATORS), D))
    gridded = relevant & grid.on[pop.codes]
    node_values = _node_values(grid, transform, lines) if gridded.any() else None
    for start in range(0, pop.n_units, QUADRATURE_ROWS):
        part = slice(start, start + QUADRATURE_ROWS)
        codes = pop.codes[part]
        unit = _units(m[part], s_area[codes], codes, relevant[part], gridded[part], grid, node_values, transform, lines)
        for k, per_line in enumerate(unit):
            for j, values in enumerate(per_line):
                sums[k, j] += np.bincount(codes, weights=values * pop.size[part], minlength=D)
    return sums / pop.persons


@dataclass(frozen=True, eq=False)
class _Grid:
    """Each area's nodes ``lo + step * (0..nodes-1)``; ``on``: the areas read off the grid."""

    lo: np.ndarray
    step: np.ndarray
    s_area: np.ndarray
    nodes: int
    on: np.ndarray


def _grid(m, codes, s_area, D) -> _Grid:
    lo = np.full(D, np.inf)
    hi = np.full(D, -np.inf)
    np.minimum.at(lo, codes, m)
    np.maximum.at(hi, codes, m)
    counts = np.bincount(codes, minlength=D)
    spread = np.where(counts > 0, (hi - lo) / s_area, 0.0)
    nodes = int(np.clip(np.ceil(spread.max(initial=0.0) * STEPS_PER_SD) + 1, NODES, MAX_NODES))
    step = np.where(hi > lo, (hi - lo) / (nodes - 1), 1.0)
    return _Grid(np.where(counts > 0, lo, 0.0), step, s_area, nodes, counts > nodes)


def _node_values(grid: _Grid, transform, lines) -> list[np.ndarray]:
    """Per line, P1, P2 and Watts at every node of the gridded areas, shape ``(3, D * nodes)``."""
    areas = np.flatnonzero(grid.on)
    node_m = (grid.lo[areas, None] + grid.step[areas, None] * np.arange(grid.nodes)).ravel()
    node_s = np.repeat(grid.s_area[areas], grid.nodes)
    out = [np.zeros((3, len(grid.on) * grid.nodes)) for _ in lines]
    flat = (areas[:, None] * grid.nodes + np.arange(grid.nodes)).ravel()
    for start in range(0, len(node_m), QUADRATURE_ROWS):
        part = slice(start, start + QUADRATURE_ROWS)
        for k, values in enumerate(expected_unit_lines(node_m[part], node_s[part], transform, lines)):
            out[k][:, flat[part]] = np.vstack(values[1:4])
    return out


def _units(m, s, codes, relevant, gridded, grid: _Grid, node_values, transform, lines):
    """Per line the five unit values of a chunk: P0 and the mean unit by unit; P1, P2 and
    Watts off the grid, unit by unit in small areas, the pole mass (and 0) beyond the poor range;
    the unit-by-unit ordering P2 <= P1 <= P0 kept as the quadrature keeps it."""
    mean = expected_mean(m, s, transform)
    pole = pole_mass(m, s, transform)
    exact = relevant & ~gridded
    exact_values = expected_unit_lines(m[exact], s[exact], transform, lines) if exact.any() else None
    if gridded.any():
        position = (m[gridded] - grid.lo[codes[gridded]]) / grid.step[codes[gridded]]
        left = np.clip(np.floor(position).astype(np.int64), 1, grid.nodes - 3)
        weights = _lagrange_weights(position - left)
        base = codes[gridded] * grid.nodes + left - 1
    out = []
    for k, z in enumerate(lines):
        p0 = poor_probability(m, s, transform, z)
        p1, p2, watts = pole.copy(), pole.copy(), np.zeros(len(m))
        if exact_values is not None:
            p1[exact], p2[exact], watts[exact] = exact_values[k][1:4]
        if gridded.any():
            read = [sum(w * values[base + r] for r, w in enumerate(weights)) for values in node_values[k]]
            p1[gridded], p2[gridded], watts[gridded] = read
        p1 = np.clip(p1, 0.0, p0)
        out.append((p0, p1, np.clip(p2, 0.0, p1), np.maximum(watts, 0.0), mean))
    return out


def _lagrange_weights(u: np.ndarray) -> tuple[np.ndarray, ...]:
    """Cubic Lagrange weights of nodes -1, 0, 1, 2 at offset ``u`` from node 0."""
    return (
        -u * (u - 1.0) * (u - 2.0) / 6.0,
        (u + 1.0) * (u - 1.0) * (u - 2.0) / 2.0,
        -(u + 1.0) * u * (u - 2.0) / 2.0,
        (u + 1.0) * u * (u - 1.0) / 6.0,
    )
