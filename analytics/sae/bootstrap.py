"""Parametric bootstrap MSE of the EBP (González-Manteiga et al. 2008; Molina & Rao 2010, sec. 4).

For ``b = 1..B``:

1. draw a bootstrap population from the fitted model on the transformed scale,
   ``t*_dj = x_dj' beta + u*_d + e*_dj`` with ``u*_d ~ N(0, sigma2_u)`` for every
   population area and ``e*_dj ~ N(0, sigma2_e)``, back-transform, and compute the true
   area indicators of that population;
2. draw the bootstrap sample at the survey's covariates with the same ``u*_d`` and new
   unit errors (emdi's ``bootstrap_par``);
3. refit the model on the bootstrap sample (transformation parameter re-estimated, as
   emdi's ``mse_estim``), predict the indicators, and add the squared error.

Step 3 predicts with the exact conditional expectation of each unit
(:func:`analytics.sae.prediction.expected_areas`), the L -> infinity limit of the Monte
Carlo EB that emdi runs with L draws inside every replicate; this removes Monte Carlo
noise from the MSE and makes B = 200 affordable. The quadrature is read off a grid of each
area's unit means (:mod:`.expected_grid`), which changes the MSE by at most a few 1e-6.
Pass ``mc_draws`` to use the Monte Carlo instead. One departure from emdi: its
``superpopulation`` gives units of unsampled areas an extra ``sigma2_u`` of unit-level
variance on top of the area effect; here every unit gets ``sigma2_e``, as in the model and
in González-Manteiga et al. (2008).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.sae.expected_grid import grid_lines
from analytics.sae.monte_carlo_error import Mse, SquaredErrors
from analytics.sae.nested_error import AreaStats, NestedErrorFit
from analytics.sae.population import Population
from analytics.sae.prediction import area_effects, monte_carlo_lines, simulate_lines
from analytics.sae.transforms import Transform
from analytics.sae.unit_model import ModelSettings, fit_unit_model

__all__ = ["BootstrapMse", "parametric_bootstrap"]


@dataclass(frozen=True, eq=False)
class BootstrapMse:
    """The bootstrap's squared errors of the areas and, with ``aggregate``, of the groups:
    ``.mse()`` and its Monte Carlo ``.standard_error()``, shape ``(K, 5, D)`` (or ``G``)."""

    areas: SquaredErrors
    groups: SquaredErrors | None = None

    def line(self, k: int) -> tuple[Mse, Mse | None]:
        """The MSE and its Monte Carlo error at line ``k``: of the areas, and of the groups."""
        areas = Mse(self.areas.mse()[k], self.areas.standard_error()[k])
        if self.groups is None:
            return areas, None
        return areas, Mse(self.groups.mse()[k], self.groups.standard_error()[k])


def parametric_bootstrap(
    *,
    pop: Population,
    X_s: np.ndarray,
    stats: AreaStats,
    sample_in_pop: np.ndarray,
    fit: NestedErrorFit,
    transform: Transform,
    settings: ModelSettings,
    lines: tuple[float, ...],
    B: int,
    rng: np.random.Generator,
    weights: np.ndarray | None = None,
    mc_draws: int | None = None,
    aggregate: np.ndarray | None = None,
    keep: np.ndarray | None = None,
) -> BootstrapMse:
    """Bootstrap MSE of the five indicators at every line of ``lines``, shape ``(K, 5, D)``,
    with its Monte Carlo standard error (:mod:`.monte_carlo_error`).

    ``sample_in_pop`` maps each survey unit to its population area code. One replicate
    (population, sample, refit) serves every line; the random numbers do not depend on the
    lines, so line ``k`` gets exactly the MSE a run at that line alone would get.

    With ``aggregate`` (groups x areas weights, see :mod:`.groups`) also the MSE of the
    groups, ``(K, 5, G)``, from the same replicates.

    ``keep`` (per area) scales each replicate's area errors: the modelled share of an area
    whose other persons are counted, with no error (:mod:`.counted`).
    """
    D = len(pop.labels)
    sigma_u, sigma_e = np.sqrt(fit.sigma2_u), np.sqrt(fit.sigma2_e)
    mu_s = X_s @ fit.beta
    errors = BootstrapMse(
        SquaredErrors((len(lines), 5, D)),
        None if aggregate is None else SquaredErrors((len(lines), 5, len(aggregate))),
    )
    for _ in range(B):
        u_star = sigma_u * rng.standard_normal(D)
        truth = simulate_lines(pop, fit.beta, u_star[None, :], sigma_e, transform, lines, rng)[:, :, 0, :]
        t_s = mu_s + u_star[sample_in_pop] + sigma_e * rng.standard_normal(len(mu_s))
        y_s = transform.inverse(t_s)
        transform_b, fit_b = fit_unit_model(X_s, y_s, stats, settings, weights=weights)
        effects_b = area_effects(fit_b, pop)
        if mc_draws:
            draws = monte_carlo_lines(pop, fit_b.beta, effects_b, fit_b.sigma2_e, transform_b, lines, mc_draws, rng)
            predicted = draws.mean(axis=2)
        else:
            predicted = grid_lines(pop, fit_b.beta, effects_b, fit_b.sigma2_e, transform_b, lines)
        error = predicted - truth if keep is None else (predicted - truth) * keep
        errors.areas.add(error)
        if aggregate is not None:
            errors.groups.add(error @ aggregate.T)
    return errors
