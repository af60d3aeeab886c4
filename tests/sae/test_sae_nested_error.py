"""Nested-error REML fits against published R ``sae`` output, and internal identities."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sae.design import build_design
from analytics.sae.nested_error import _grid_loglik, area_stats, fit_nested_error, profile_loglik
from tests.sae.conftest import read


def test_cornsoybean_reml_matches_sae_eblupBHF():
    # R sae 1.3, help page eblupBHF, example `eblupBHF(CornHec ~ CornPix + SoyBeansPix, dom = County, ...)`
    # on `cornsoybean` (Battese, Harter & Fuller 1988); the output as reproduced in samplics
    # tests/sae/test_eblup_unit_model.py (fixed effects, refvar, errorvar, loglike, gamma), atol 1e-6 there.
    data = read("cornsoybean")
    design, X, y = build_design("CornHec ~ CornPix + SoyBeansPix", data)
    fit = fit_nested_error(X, y, data["County"], columns=design.columns)
    np.testing.assert_allclose(fit.beta, [17.96398, 0.3663352, -0.0303638], atol=2e-6, rtol=1e-6)
    assert fit.sigma2_u == pytest.approx(63.3149, abs=1e-4)
    assert fit.sigma2_e == pytest.approx(297.7128, abs=1e-4)
    assert fit.loglik == pytest.approx(-161.005759, abs=1e-6)
    gamma = fit.areas.set_index("area")["gamma"]
    assert gamma[1] == pytest.approx(0.17537405, abs=1e-6)  # a county with one segment
    assert gamma[12] == pytest.approx(0.56063774, abs=1e-6)  # six segments
    u = fit.areas.set_index("area")["u"]
    np.testing.assert_allclose(u[[1, 5, 11]], [2.184574, 8.370915, -8.652532], atol=1e-5)


def test_incomedata_reml_matches_sae_ebBHF_example(incomedata):
    # R sae 1.3, help page ebBHF: `ebBHF(income ~ Xs, dom = prov, ..., constant = 3600)` with
    # Xs = age2..age5, nat1, educ1, educ3, labor1, labor2 fits log(income + 3600) by REML;
    # fixed effects and variances as reproduced in samplics tests/sae/test_eb_unit_model.py
    # (printed to 6 decimals: 0.009116 and 0.170677).
    data = incomedata.assign(t=np.log(incomedata["income"] + 3600))
    formula = "t ~ age2 + age3 + age4 + age5 + nat1 + educ1 + educ3 + labor1 + labor2"
    design, X, y = build_design(formula, data)
    fit = fit_nested_error(X, y, data["prov"], columns=design.columns)
    expected = [9.537283, -0.027813, -0.027413, 0.074673, 0.043535, -0.028042, -0.159866, 0.283830, 0.163679, -0.056200]
    np.testing.assert_allclose(fit.beta, expected, atol=1.5e-6)
    assert fit.sigma2_u == pytest.approx(0.009116, abs=5e-7)
    assert fit.sigma2_e == pytest.approx(0.170677, abs=5e-7)


def _dense_reml(X, y, area, ml=False):
    """Brute-force (n x n) REML/ML by Nelder-Mead, independent of the sufficient statistics."""
    from scipy import optimize

    Z = (np.asarray(area)[:, None] == np.unique(area)[None, :]).astype(float)

    def negative(par):
        su, se = np.exp(par)
        V = su * Z @ Z.T + se * np.eye(len(y))
        Vi = np.linalg.inv(V)
        A = X.T @ Vi @ X
        b = np.linalg.solve(A, X.T @ Vi @ y)
        r = y - X @ b
        p = 0 if ml else X.shape[1]
        return 0.5 * (
            np.linalg.slogdet(V)[1]
            + r @ Vi @ r
            + (0 if ml else np.linalg.slogdet(A)[1])
            + (len(y) - p) * np.log(2 * np.pi)
        )

    res = optimize.minimize(
        negative, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000}
    )
    return np.exp(res.x), -res.fun


@pytest.mark.parametrize("method", ["reml", "ml"])
def test_sufficient_statistics_equal_dense_likelihood(method):
    rng = np.random.default_rng(7)
    area = np.repeat(np.arange(12), rng.integers(1, 9, 12))
    n = len(area)
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.uniform(size=n)])
    y = X @ [1.0, 0.5, -2.0] + rng.normal(0, 0.7, 12)[area] + rng.normal(0, 1.0, n)
    fit = fit_nested_error(X, y, area, method=method)
    (su, se), loglik = _dense_reml(X, y, area, ml=method == "ml")
    assert fit.sigma2_u == pytest.approx(su, rel=1e-5)
    assert fit.sigma2_e == pytest.approx(se, rel=1e-5)
    assert fit.loglik == pytest.approx(loglik, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    areas=st.integers(2, 40),
    method=st.sampled_from(["reml", "ml"]),
    taus=st.lists(st.floats(0.0, 1e5), min_size=1, max_size=8),
)
def test_the_batched_grid_is_the_likelihood_point_by_point(seed, areas, method, taus):
    # The grid that brackets the maximum is evaluated in one stacked pass (speed); every point
    # must be what profile_loglik gives for it alone.
    rng = np.random.default_rng(seed)
    area = np.repeat(np.arange(areas), rng.integers(3, 12, areas))  # more units than coefficients
    n = len(area)
    dummy = rng.binomial(1, 0.4, n)
    dummy[:2] = (0, 1)  # both values present: an all-zero column would make the design singular
    X = np.column_stack([np.ones(n), rng.normal(size=n), dummy, rng.uniform(size=n)])
    y = X @ [1.0, 0.5, -0.3, 2.0] + rng.normal(0, rng.uniform(0, 2), areas)[area] + rng.normal(0, 1.0, n)
    stats = area_stats(X, y, area)
    batched = _grid_loglik(np.array(taus), stats, method)
    one_by_one = [profile_loglik(tau, stats, method)[0] for tau in taus]
    np.testing.assert_allclose(batched, one_by_one, rtol=1e-10, atol=1e-8)


def test_equal_weights_give_the_unweighted_fit(eusilc_smp):
    # With w constant, delta2_d = 1 / n_d, so gamma^w = gamma and the pseudo-EB beta is
    # the GLS (REML) beta: Guadarrama et al. (2018) reduces to Battese-Harter-Fuller.
    data = eusilc_smp.assign(t=np.log(eusilc_smp["eqIncome"]))
    design, X, y = build_design("t ~ eqsize + cash + self_empl + age_ben", data)
    plain = fit_nested_error(X, y, data["district"])
    weighted = fit_nested_error(X, y, data["district"], weights=np.full(len(y), 37.5))
    np.testing.assert_allclose(weighted.beta, plain.beta, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(weighted.areas["gamma"], plain.areas["gamma"], rtol=1e-12)
    np.testing.assert_allclose(weighted.areas["u"], plain.areas["u"], rtol=1e-8, atol=1e-12)
    assert weighted.weights == "guadarrama" and plain.weights == "none"


def test_boundary_zero_area_variance():
    # Areas with identical means: the REML maximum is sigma2_u = 0 (not a tiny positive value).
    area = np.repeat(np.arange(10), 5)
    y = np.tile([1.0, 2.0, 3.0, 4.0, 5.0], 10)
    fit = fit_nested_error(np.ones((50, 1)), y, area)
    assert fit.sigma2_u == 0.0
    assert fit.sigma2_e == pytest.approx(np.var(y, ddof=1))
    assert pd.Series(fit.areas["gamma"]).eq(0).all()
