"""The bootstrap's gridded EB expectations against the unit-by-unit quadrature they replace."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.sae.design import build_design
from analytics.sae.expected_grid import NODES, grid_lines
from analytics.sae.indicators import TAIL
from analytics.sae.nested_error import fit_nested_error
from analytics.sae.population import build_population
from analytics.sae.prediction import area_effects, expected_lines
from analytics.sae.transforms import Transform
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"
#: (transform, relative tolerance of Watts). Where welfare can reach 0 (Box-Cox with lambda > 0,
#: a log shift) Watts' integrand log(z / y) is singular at the poor region's lower end, and the
#: unit-by-unit 32-node quadrature is itself no closer than about 1e-4 there; elsewhere it is smooth.
TRANSFORMS = [
    (Transform("boxcox", lam=-0.5), 1e-6),
    (Transform("boxcox", lam=0.3), 1e-3),
    (Transform("log-shift", shift=5e4), 1e-3),
]


def _setting(seed: int, transform: Transform, households: int):
    """A fit on the synthetic city's survey and a population whose areas hold ``households``
    units each (above :data:`NODES`: on the grid), plus one area of 12 units (unit by unit)."""
    survey, population, _ = synthetic_city(seed, n_areas=6, households=households)
    population = pd.concat([population, population[population["area"] == 0].head(12).assign(area=99)])
    design, X, y = build_design(FORMULA, survey)
    fit = fit_nested_error(X, transform.forward(y), survey["area"])
    pop = build_population(population, design, "area", size="size")
    lines = tuple(float(q) for q in np.quantile(y, [0.2, 0.05]))
    return pop, fit, area_effects(fit, pop), lines


@pytest.mark.parametrize(("transform", "watts_rtol"), TRANSFORMS, ids=lambda t: getattr(t, "kind", ""))
def test_the_grid_gives_the_quadrature_of_every_unit(transform, watts_rtol):
    pop, fit, effects, lines = _setting(11, transform, households=3 * NODES)
    exact = expected_lines(pop, fit.beta, effects, fit.sigma2_e, transform, lines)
    gridded = grid_lines(pop, fit.beta, effects, fit.sigma2_e, transform, lines)
    assert gridded.shape == exact.shape
    # P0 (closed form) and the mean (Gauss-Hermite) stay unit by unit
    np.testing.assert_allclose(gridded[:, [0, 4]], exact[:, [0, 4]], rtol=1e-12)
    # P1, P2 and Watts: a cubic read off 32 nodes per standard deviation
    np.testing.assert_allclose(gridded[:, 1:3], exact[:, 1:3], rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(gridded[:, 3], exact[:, 3], rtol=watts_rtol, atol=1e-12)
    small = list(pop.labels).index(99)
    np.testing.assert_allclose(gridded[..., small], exact[..., small], rtol=1e-12)


def test_a_coarse_grid_would_show_in_the_comparison(monkeypatch):
    # The tolerance above can fail: with 4 nodes per area the same comparison misses by far more.
    import analytics.sae.expected_grid as module

    monkeypatch.setattr(module, "NODES", 4)
    monkeypatch.setattr(module, "STEPS_PER_SD", 0.5)
    transform = Transform("boxcox", lam=-0.5)
    pop, fit, effects, lines = _setting(11, transform, households=3 * NODES)
    exact = expected_lines(pop, fit.beta, effects, fit.sigma2_e, transform, lines)
    coarse = module.grid_lines(pop, fit.beta, effects, fit.sigma2_e, transform, lines)
    assert np.max(np.abs(coarse[:, 1:4] - exact[:, 1:4]) / exact[:, 1:4]) > 1e-3


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), lam=st.floats(-1.0, 1.0).filter(lambda v: abs(v) > 0.05))
def test_gridded_values_keep_p2_below_p1_below_p0(seed, lam):
    transform = Transform("boxcox", lam=lam)
    pop, fit, effects, lines = _setting(seed, transform, households=NODES + 40)
    values = grid_lines(pop, fit.beta, effects, fit.sigma2_e, transform, lines)
    assert np.all(values[:, 2] <= values[:, 1]) and np.all(values[:, 1] <= values[:, 0])
    assert np.all(values[:, :4] >= 0)


def test_units_beyond_the_poor_range_keep_the_pole_mass_and_small_areas_stay_exact():
    # A spread-out city (covariate effect x 8) and a low line: many units lie more than 8
    # standard deviations above the line, where P1 and P2 are the Box-Cox pole mass alone.
    transform = Transform("boxcox", lam=-0.5)
    pop, fit, effects, lines = _setting(5, transform, households=4 * NODES)
    beta = fit.beta * np.array([1.0, 8.0, 1.0])
    lines = (lines[1],)
    m = pop.X @ beta + effects.mean[pop.codes]
    s = np.sqrt(effects.var[pop.codes] + fit.sigma2_e)
    beyond = m > transform.forward(np.array(lines))[0] + TAIL * s
    assert 0.03 < beyond.mean() < 0.97
    exact = expected_lines(pop, beta, effects, fit.sigma2_e, transform, lines)
    gridded = grid_lines(pop, beta, effects, fit.sigma2_e, transform, lines)
    np.testing.assert_allclose(gridded[:, [0, 4]], exact[:, [0, 4]], rtol=1e-12)
    np.testing.assert_allclose(gridded[:, 1:4], exact[:, 1:4], rtol=1e-6, atol=1e-15)
    small = list(pop.labels).index(99)
    np.testing.assert_allclose(gridded[..., small], exact[..., small], rtol=1e-12)
