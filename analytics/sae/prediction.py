"""EB prediction over a population: Monte Carlo draws and exact conditional expectations.

Conditional distribution of the transformed welfare of a population unit of area ``d``
(Molina & Rao 2010, eq. 20): ``t = x'beta + v_d + e``, ``e ~ N(0, sigma2_e)``, with
``v_d ~ N(u_d, sigma2_u (1 - gamma_d))`` in a sampled area (``u_d`` the predicted area
effect) and ``v_d ~ N(0, sigma2_u)`` in an area without sample. As in emdi and
Corral, Molina & Nguyen (2021, census EB), every population unit is drawn, sampled areas
included (units are not linked to the survey).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.poverty.rule import is_poor
from analytics.sae.indicators import INDICATORS, expected_unit_lines, poor_probability, unit_values
from analytics.sae.nested_error import NestedErrorFit
from analytics.sae.population import Population
from analytics.sae.transforms import Transform

__all__ = [
    "AreaEffects",
    "area_effects",
    "expected_areas",
    "expected_lines",
    "monte_carlo",
    "monte_carlo_lines",
    "simulate_areas",
    "simulate_lines",
    "unit_probability",
    "welfare_blocks",
]

DRAWS_PER_CHUNK = 2_000_000  # L x rows held at once in the Monte Carlo
QUADRATURE_ROWS = 40_000


@dataclass(frozen=True, eq=False)
class AreaEffects:
    """Conditional mean and variance of the area effect of every population area."""

    mean: np.ndarray
    var: np.ndarray
    n_sample: np.ndarray


def area_effects(fit: NestedErrorFit, population: Population) -> AreaEffects:
    """Map a fit's sampled areas onto the population areas (unsampled: mean 0, variance sigma2_u)."""
    D = len(population.labels)
    mean, var, n_sample = np.zeros(D), np.full(D, fit.sigma2_u), np.zeros(D, dtype=np.int64)
    position = _positions(fit.areas["area"].to_numpy(), population.labels)
    mean[position] = fit.areas["u"].to_numpy()
    var[position] = fit.sigma2_u * (1.0 - fit.areas["gamma"].to_numpy())
    n_sample[position] = fit.areas["n"].to_numpy()
    return AreaEffects(mean, var, n_sample)


def monte_carlo(pop, beta, effects, sigma2_e, transform, line, L, rng, rows=None) -> np.ndarray:
    """Monte Carlo EB: area values of each of ``L`` simulated populations, shape ``(5, L, D)``."""
    return monte_carlo_lines(pop, beta, effects, sigma2_e, transform, (line,), L, rng, rows=rows)[0]


def monte_carlo_lines(pop, beta, effects, sigma2_e, transform, lines, L, rng, rows=None) -> np.ndarray:
    """:func:`monte_carlo` at several lines from the same draws: shape ``(K, 5, L, D)``.

    The random numbers do not depend on the lines, so line ``k`` gives exactly what
    :func:`monte_carlo` gives at that line alone with the same generator state.
    """
    U = effects.mean + np.sqrt(effects.var) * rng.standard_normal((L, len(effects.mean)))
    return simulate_lines(pop, beta, U, np.sqrt(sigma2_e), transform, lines, rng, rows=rows)


def simulate_areas(
    pop: Population,
    beta: np.ndarray,
    U: np.ndarray,
    sigma_e: float,
    transform: Transform,
    line: float,
    rng: np.random.Generator,
    *,
    rows: int | None = None,
    output_codes: np.ndarray | None = None,
) -> np.ndarray:
    """Indicators of ``L`` simulated populations with area effects ``U`` (L x D): ``(5, L, D_out)``.

    Units are processed ``rows`` at a time (default: about two million draws per chunk).
    ``output_codes`` groups units for the output (default: their areas); the draws do not
    depend on it, so a city-wide grouping reproduces the same populations.
    """
    return simulate_lines(pop, beta, U, sigma_e, transform, (line,), rng, rows=rows, output_codes=output_codes)[0]


def simulate_lines(
    pop: Population,
    beta: np.ndarray,
    U: np.ndarray,
    sigma_e: float,
    transform: Transform,
    lines,
    rng: np.random.Generator,
    *,
    rows: int | None = None,
    output_codes: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`simulate_areas` at every line of ``lines`` from one set of draws: ``(K, 5, L, D_out)``."""
    lines = tuple(float(z) for z in lines)
    L, D = U.shape
    out_codes = pop.codes if output_codes is None else output_codes
    D_out = int(out_codes.max()) + 1
    rows = rows or max(1_000, DRAWS_PER_CHUNK // L)
    sums = np.zeros((len(lines), len(INDICATORS), L * D_out))
    persons = np.bincount(out_codes, weights=pop.size, minlength=D_out)
    offsets = (np.arange(L) * D_out)[:, None]
    for start in range(0, pop.n_units, rows):
        part = slice(start, start + rows)
        codes = pop.codes[part]
        t = (pop.X[part] @ beta) + U[:, codes] + sigma_e * rng.standard_normal((L, len(codes)))
        _accumulate(sums, transform.inverse(t), (offsets + out_codes[part]), pop.size[part], lines, L * D_out)
    return sums.reshape(len(lines), len(INDICATORS), L, D_out) / persons


def welfare_blocks(pop: Population, beta, effects: AreaEffects, sigma2_e: float, transform: Transform, L: int, rng):
    """Unit welfare (back-transformed) of ``L`` populations drawn as in :func:`monte_carlo`, in blocks.

    Yields arrays of shape ``(k, N)`` (population row order), at most about two million
    values each. Draw ``l`` takes its area effects, then its unit errors, from ``rng`` in
    turn, so the draws do not depend on the block size and the first ``L'`` draws of a run
    with ``L > L'`` are those of a run with ``L'``.
    """
    mu = pop.X @ beta
    sd_area, sigma_e = np.sqrt(effects.var), np.sqrt(sigma2_e)
    per_block = max(1, DRAWS_PER_CHUNK // max(pop.n_units, 1))
    for first in range(0, L, per_block):
        t = np.empty((min(per_block, L - first), pop.n_units))
        for row in t:
            v = effects.mean + sd_area * rng.standard_normal(len(effects.mean))
            row[:] = mu + v[pop.codes] + sigma_e * rng.standard_normal(pop.n_units)
        yield transform.inverse(t)


def _accumulate(sums: np.ndarray, y: np.ndarray, index: np.ndarray, size: np.ndarray, lines, bins: int) -> None:
    """Add size-weighted unit values to ``sums`` (line x indicator x bin), visiting only poor draws for
    the gap measures (most draws are not poor; this halves the Monte Carlo time)."""
    flat_y, flat_index = y.ravel(), index.ravel()
    mean = np.bincount(flat_index, weights=(y * size).ravel(), minlength=bins)
    for k, line in enumerate(lines):
        sums[k, 4] += mean
        # Positions of the poor draws (row-major, as boolean indexing would give, but faster).
        poor = np.flatnonzero(is_poor(flat_y, line))
        y_poor, w_poor, i_poor = flat_y[poor], size[poor % len(size)], flat_index[poor]
        p0, gap, gap2, watts, _ = unit_values(y_poor, line)
        for j, values in enumerate((p0, gap, gap2, watts)):
            sums[k, j] += np.bincount(i_poor, weights=w_poor * values, minlength=bins)


def expected_areas(pop, beta, effects, sigma2_e, transform, line, *, rows=QUADRATURE_ROWS) -> np.ndarray:
    """Exact EB (the L -> infinity limit of :func:`monte_carlo`): area values, shape ``(5, D)``."""
    return expected_lines(pop, beta, effects, sigma2_e, transform, (line,), rows=rows)[0]


def expected_lines(pop, beta, effects, sigma2_e, transform, lines, *, rows=QUADRATURE_ROWS) -> np.ndarray:
    """:func:`expected_areas` at every line of ``lines``, shape ``(K, 5, D)`` (line-free parts computed once)."""
    lines = tuple(float(z) for z in lines)
    D = len(pop.labels)
    sums = np.zeros((len(lines), len(INDICATORS), D))
    for start in range(0, pop.n_units, rows):
        part = slice(start, start + rows)
        codes = pop.codes[part]
        m = pop.X[part] @ beta + effects.mean[codes]
        s = np.sqrt(effects.var[codes] + sigma2_e)
        for k, per_line in enumerate(expected_unit_lines(m, s, transform, lines)):
            for j, values in enumerate(per_line):
                sums[k, j] += np.bincount(codes, weights=values * pop.size[part], minlength=D)
    return sums / pop.persons


def unit_probability(pop, beta, effects, sigma2_e, transform, line) -> np.ndarray:
    """``P(y < z)`` of every population unit: ``Phi((T(z) - mu) / sqrt(var_u + sigma2_e))``."""
    m = pop.X @ beta + effects.mean[pop.codes]
    return poor_probability(m, np.sqrt(effects.var[pop.codes] + sigma2_e), transform, line)


def _positions(areas: np.ndarray, labels: np.ndarray) -> np.ndarray:
    import pandas as pd

    position = pd.Index(labels).get_indexer(pd.Index(areas))
    if np.any(position < 0):
        raise AssertionError("sampled area missing from the population (checked before fitting)")
    return position
