"""Diagnostics and covariate selection: identities and the emdi-published summary numbers."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.sae.design import build_design
from analytics.sae.diagnostics import compare_with_direct, cooks_distance, diagnose, qq_data, select_covariates
from analytics.sae.direct import direct
from analytics.sae.ebp import ebp
from analytics.sae.nested_error import fit_nested_error
from tests.sae.sae_fixtures import synthetic_city


def test_diagnose_reports_emdi_summary(eusilc_smp, eusilc_pop):
    # Kreutzmann et al. (2019), JSS 91(7), p. 16: ICC 0.2086841, R2 0.6325942 / 0.709266,
    # Error skewness 0.7523871, kurtosis 9.646993, Shapiro_W 0.9619824; Random_effect
    # skewness 0.4655324, kurtosis 2.837176, Shapiro_W 0.9760574, Shapiro_p 0.1995328.
    from tests.sae.conftest import EUSILC_FORMULA

    run = ebp(eusilc_smp, eusilc_pop, formula=EUSILC_FORMULA, area="district", line=10885.33, L=1, B=0)
    report = diagnose(run.model, run.transform)
    assert report.summary["icc"] == pytest.approx(0.2086841, abs=5e-6)
    assert report.summary["lambda"] == pytest.approx(0.6046901, abs=2.5e-4)
    unit, area = report.residuals.loc["unit"], report.residuals.loc["area"]
    assert unit["skewness"] == pytest.approx(0.7523871, abs=1e-4)
    assert unit["kurtosis"] == pytest.approx(9.646993, abs=1e-3)
    assert unit["shapiro_w"] == pytest.approx(0.9619824, abs=1e-5)
    assert area["skewness"] == pytest.approx(0.4655324, abs=1e-4)
    assert area["shapiro_w"] == pytest.approx(0.9760574, abs=1e-5)
    assert area["shapiro_p"] == pytest.approx(0.1995328, abs=1e-4)
    assert set(report.coefficients.columns) >= {"term", "estimate", "std_error", "p_value"}
    assert len(report.qq_unit) == len(eusilc_smp) and len(report.qq_area) == eusilc_smp["district"].nunique()


def test_qq_data_uses_r_ppoints():
    # R: qqnorm(1:4) plots qnorm(ppoints(4)) = qnorm((1:4 - 3/8) / (4 + 1/4)).
    out = qq_data([4.0, 1.0, 3.0, 2.0])
    np.testing.assert_allclose(out["theoretical"], stats.norm.ppf((np.arange(1, 5) - 0.375) / 4.25))
    assert out["sample"].tolist() == [1.0, 2.0, 3.0, 4.0]


def test_cooks_distance_equals_explicit_refits():
    survey, _, _ = synthetic_city(8, n_areas=7)
    design, X, y = build_design("welfare ~ x1 + x2", survey)
    t = np.log(y)
    fit = fit_nested_error(X, t, survey["area"])
    table = cooks_distance(fit, X, t, survey["area"])
    cov = np.diag(fit.beta_se) ** 2  # only the diagonal is needed for the check below
    assert len(table) == survey["area"].nunique()
    for d in table["area"][:3]:
        keep = survey["area"].to_numpy() != d
        refit = fit_nested_error(X[keep], t[keep], survey["area"][keep])
        diff = fit.beta - refit.beta
        full_cov = _covariance(X, t, survey["area"], fit)
        expected = diff @ np.linalg.solve(full_cov, diff) / X.shape[1]
        assert table.set_index("area").loc[d, "cooks_distance"] == pytest.approx(expected, rel=1e-6)
    assert np.all(np.diag(cov) > 0)


def test_an_area_that_alone_identifies_a_covariate_has_no_cooks_distance():
    # A small survey: only the households of one area have x3 = 1, so without that area x3 is
    # not identified. The refit cannot be made; the run must go on (it stopped every model
    # run of a 45-household survey), the area's distance NaN, the others' as before.
    survey, _, _ = synthetic_city(8, n_areas=7)
    lone = survey["area"].iloc[0]
    survey["x3"] = (survey["area"] == lone).astype(float) * (np.arange(len(survey)) % 2)
    design, X, y = build_design("welfare ~ x1 + x2 + x3", survey)
    t = np.log(y)
    fit = fit_nested_error(X, t, survey["area"])
    table = cooks_distance(fit, X, t, survey["area"]).set_index("area")
    assert np.isnan(table.loc[lone, "cooks_distance"])
    others = table.drop(index=lone)["cooks_distance"]
    assert np.all(np.isfinite(others)) and np.all(others >= 0)


def _covariance(X, t, area, fit):
    # Var(beta) = (X' V^-1 X)^-1 built densely from the fitted variance components
    Z = (np.asarray(area)[:, None] == np.unique(area)[None, :]).astype(float)
    V = fit.sigma2_u * Z @ Z.T + fit.sigma2_e * np.eye(len(t))
    return np.linalg.inv(X.T @ np.linalg.solve(V, X))


def test_select_covariates_drops_collinear_and_noise():
    rng = np.random.default_rng(3)
    n, area = 400, np.repeat(np.arange(40), 10)
    x1, x2, noise = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    frame = pd.DataFrame({"area": area, "x1": x1, "x2": x2, "noise": noise, "x1_copy": 2 * x1 + 1e-12})
    frame["y"] = np.exp(10 + 0.5 * x1 - 0.4 * x2 + rng.normal(0, 0.2, 40)[area] + rng.normal(0, 0.3, n))
    result = select_covariates(frame, formula="y ~ x1 + x2 + noise + x1_copy", area="area", transform="log")
    assert result.collinear["term"].tolist() in (["x1_copy"], ["x1"])
    assert set(result.formula.split("~")[1].replace(" ", "").split("+")) <= {"x1", "x2", "x1_copy"}
    assert "noise" not in result.formula and result.steps["bic"].is_monotonic_decreasing
    forward = select_covariates(frame, formula="y ~ x1 + x2 + noise", area="area", transform="log", direction="forward")
    assert forward.steps["action"].tolist()[:3] == ["start", "add", "add"]


def test_compare_with_direct_keeps_areas_with_a_direct_variance():
    survey, population, _ = synthetic_city(9)
    line = float(np.median(survey["welfare"]))
    model = ebp(survey, population, formula="welfare ~ x1 + x2", area="area", line=line, L=20, B=5)
    direct_table = direct(survey, welfare="welfare", area="area", line=line).table
    table = compare_with_direct(model.table, direct_table)
    usable = direct_table.loc[np.isfinite(direct_table["cv_p0"]), "area"]
    assert 0 < len(usable) and table["area"].tolist() == usable.tolist()
    assert {"model", "direct", "cv_model", "cv_direct", "difference"} <= set(table.columns)


def test_model_sae_lists_an_area_without_a_cooks_distance_first_and_says_why():
    from analytics.views.sae_page import COOKS_UNDEFINED, _cooks

    records = [
        {"area": "64.74.01.1001", "n": 40, "cooks_distance": 0.25},
        {"area": "64.74.01.1002", "n": 9, "cooks_distance": None},
        {"area": "64.74.01.1003", "n": 38, "cooks_distance": 0.5},
    ]
    shown = _cooks(records)
    assert shown["Jarak Cook"].tolist() == [COOKS_UNDEFINED, "0,500", "0,250"]
    assert shown["n survei"].tolist() == [9, 38, 40]
