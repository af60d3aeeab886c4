"""Each population unit's probability of being poor under the census EB model, in closed form."""

from __future__ import annotations

import pandas as pd

from analytics.sae.design import build_design
from analytics.sae.indicators import check_line
from analytics.sae.inputs import column, weights_of
from analytics.sae.nested_error import area_stats
from analytics.sae.population import build_population, check_area_labels
from analytics.sae.prediction import area_effects, unit_probability
from analytics.sae.unit_model import ModelSettings, fit_unit_model

__all__ = ["poverty_probability"]


def poverty_probability(
    survey: pd.DataFrame,
    population: pd.DataFrame,
    *,
    formula: str,
    area: str,
    line: float,
    weight: str | None = None,
    transform: str = "boxcox",
    shift: float | None = None,
    lambda_interval: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Each population unit's probability of being below the line, in closed form.

    ``Phi((T(z) - mu_dj) / sqrt(sigma2_u (1 - gamma_d) + sigma2_e))`` with ``mu_dj = x'beta + u_d``
    (unsampled area: ``u_d = 0`` and variance ``sigma2_u + sigma2_e``). Returns the population
    rows' ``area`` and ``probability`` in the population's row order.
    """
    line = check_line(line)
    design, X_s, y_s = build_design(formula, survey)
    weights = weights_of(survey, weight)
    settings = ModelSettings(transform, shift, lambda_interval, "reml", design.columns)
    settings.check(weighted=weights is not None)
    pop = build_population(population, design, area)
    stats = area_stats(X_s, y_s, column(survey, area, "survei"))
    check_area_labels(stats.labels, pop)
    transform_fit, fit = fit_unit_model(X_s, y_s, stats, settings, weights=weights)
    effects = area_effects(fit, pop)
    probability = unit_probability(pop, fit.beta, effects, fit.sigma2_e, transform_fit, line)
    return pd.DataFrame({"area": population[area].to_numpy(), "probability": probability}, index=population.index)
