"""Small synthetic survey/population pairs for property tests (no published numbers needed)."""

import numpy as np
import pandas as pd


def synthetic_city(seed: int, n_areas: int = 8, households: int = 60, sampled: int = 6, sigma_u: float = 0.3):
    """A population of households (area, size, x1, x2, welfare) and a simple random survey of it.

    Welfare is lognormal given the covariates, with an area effect; the first area has no sample.
    """
    rng = np.random.default_rng(seed)
    area = np.repeat(np.arange(n_areas), households)
    n = len(area)
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.4, n).astype(float)
    u = rng.normal(0, sigma_u, n_areas)
    welfare = np.exp(13.0 + 0.3 * x1 - 0.2 * x2 + u[area] + rng.normal(0, 0.5, n))
    population = pd.DataFrame({"area": area, "size": rng.integers(1, 7, n), "x1": x1, "x2": x2, "welfare": welfare})
    picks = [rng.choice(np.flatnonzero(area == d), sampled, replace=False) for d in range(1, n_areas)]
    survey = population.iloc[np.concatenate(picks)].reset_index(drop=True)
    survey["weight"] = households / sampled * rng.uniform(0.8, 1.2, len(survey))
    return survey, population.drop(columns="welfare"), population
