"""Fay-Herriot against R ``sae`` (milk) and the emdi Fay-Herriot vignette (Austrian districts)."""

import numpy as np
import pytest

from analytics.errors import DataError, InputError
from analytics.sae.fay_herriot import fay_herriot
from tests.sae.conftest import read

# R sae 1.3, help page mseFH, example `mseFH(yi ~ as.factor(MajorArea), SD^2)` on `milk`: the
# EBLUPs and MSEs as reproduced in samplics tests/sae/test_eblup_area_model.py (REML and ML).
MILK_REML_EBLUP = [
    1.0219703,
    1.0476018,
    1.0679513,
    0.7608170,
    0.8461574,
    0.9743727,
    1.0584523,
    1.0977762,
    1.2215449,
    1.1951455,
    0.7852155,
    1.2139456,
    1.2096593,
    0.9834967,
    1.1864247,
    1.1556982,
    1.2263411,
    1.2856486,
    1.2363247,
    1.2349600,
    1.0903019,
    1.1923057,
    1.1216470,
    1.2230296,
    1.1938054,
    0.7627195,
    0.7649550,
    0.7338443,
    0.7699294,
    0.6134418,
    0.7695558,
    0.7958250,
    0.7723187,
    0.6102302,
    0.7001782,
    0.7592787,
    0.5298867,
    0.7434466,
    0.7548996,
    0.7701918,
    0.7481164,
    0.8040773,
    0.6810870,
]
MILK_REML_MSE = [
    0.013460220,
    0.005372876,
    0.005701990,
    0.008541740,
    0.009579594,
    0.011670632,
    0.015926137,
    0.010586518,
    0.014184043,
    0.014901472,
    0.007694262,
    0.016336469,
    0.012562726,
    0.012117378,
    0.012031229,
    0.011709147,
    0.010859780,
    0.013690860,
    0.011034674,
    0.013079686,
    0.009948636,
    0.017243977,
    0.011292325,
    0.013625297,
    0.008065787,
    0.009205133,
    0.009205133,
    0.016476912,
    0.007800626,
    0.006098668,
    0.015441564,
    0.014657866,
    0.009024699,
    0.003870786,
    0.007800626,
    0.009646139,
    0.006404335,
    0.010155645,
    0.007209937,
    0.008470277,
    0.005484860,
    0.009205133,
    0.009903626,
]
MILK_ML_EBLUP = [
    1.0161733,
    1.0436968,
    1.0628168,
    0.7753489,
    0.8554903,
    0.9735857,
    1.0474786,
    1.0953436,
    1.2054092,
    1.1812565,
    0.8033701,
    1.1967756,
    1.1961592,
    0.9914053,
    1.1868829,
    1.1590363,
    1.2232369,
    1.2755188,
    1.2322850,
    1.2304422,
    1.0985768,
    1.1921598,
    1.1279920,
    1.2196285,
    1.1936256,
    0.7590651,
    0.7611232,
    0.7315647,
    0.7662730,
    0.6191454,
    0.7629389,
    0.7863747,
    0.7679782,
    0.6141348,
    0.7013109,
    0.7557564,
    0.5406643,
    0.7411316,
    0.7524506,
    0.7662423,
    0.7465360,
    0.7971405,
    0.6840976,
]
MILK_ML_MSE = [
    0.013579953,
    0.005512868,
    0.005850584,
    0.008735454,
    0.009774528,
    0.011840745,
    0.015934511,
    0.010821811,
    0.014345961,
    0.015036089,
    0.007911095,
    0.016404523,
    0.012771021,
    0.012334611,
    0.012192499,
    0.011877067,
    0.011041285,
    0.013805155,
    0.011213853,
    0.013213712,
    0.010138289,
    0.017193729,
    0.011467631,
    0.013741841,
    0.008251436,
    0.009344874,
    0.009344874,
    0.016390149,
    0.007941642,
    0.006222263,
    0.015404327,
    0.014655741,
    0.009165440,
    0.003946977,
    0.007941642,
    0.009782385,
    0.006532467,
    0.010285994,
    0.007347143,
    0.008612538,
    0.005597690,
    0.009344874,
    0.010037140,
]


@pytest.fixture(scope="module")
def milk_frame():
    return read("milk").assign(var=lambda d: d["SD"] ** 2)


def test_milk_reml_matches_sae(milk_frame):
    fit = fay_herriot(milk_frame, formula="yi ~ C(MajorArea)", area="SmallArea", variance="var")
    # sigma2_u: 0.01854996 (metafor rma() REML on the same model, "same as in 'sae' (rounded to 6
    # decimals) and SAS", W. Viechtbauer, r-sig-mixed-models, 28 June 2016); sae stops Fisher
    # scoring at a relative step of 1e-4, hence 5e-7.
    assert fit.sigma2_u == pytest.approx(0.01854996, abs=5e-7)
    # beta and SE: samplics test_fay_herriot_REML_fixed_effect (sae estcoef), 7 digits
    np.testing.assert_allclose(fit.coefficients["estimate"], [0.9681890, 0.1327801, 0.2269462, -0.2413011], atol=1e-6)
    np.testing.assert_allclose(
        fit.coefficients["std_error"], [0.06936208, 0.10300072, 0.09232981, 0.08161707], atol=1e-7
    )
    np.testing.assert_allclose(fit.table["estimate"], MILK_REML_EBLUP, atol=1e-6)
    np.testing.assert_allclose(fit.table["mse"], MILK_REML_MSE, atol=1e-8)
    assert fit.converged and fit.method == "reml"


def test_milk_ml_matches_sae(milk_frame):
    fit = fay_herriot(milk_frame, formula="yi ~ C(MajorArea)", area="SmallArea", variance="var", method="ml")
    # sigma2_u ML: 0.0155174 (metafor rma(method = "ML"), same post as above)
    assert fit.sigma2_u == pytest.approx(0.0155174, abs=5e-7)
    np.testing.assert_allclose(fit.coefficients["estimate"], [0.9677986, 0.1278756, 0.2266909, -0.2425804], atol=1e-6)
    np.testing.assert_allclose(
        fit.coefficients["std_error"], [0.06590747, 0.09840939, 0.08813973, 0.07753875], atol=1e-7
    )
    np.testing.assert_allclose(fit.table["estimate"], MILK_ML_EBLUP, atol=1e-6)
    # Datta-Lahiri MSE (sae mseFH, method = "ML")
    np.testing.assert_allclose(fit.table["mse"], MILK_ML_MSE, atol=1e-8)


def test_emdi_vignette_fh_model_and_benchmark():
    # emdi Fay-Herriot vignette (Harmening et al., emdi 2.2, vignettes/vignette_fh.pdf pp. 12-16):
    # fh(Mean ~ cash + self_empl, vardir = "Var_Mean", method = "ml") on combine_data(eusilcA_popAgg,
    # eusilcA_smpAgg): variance 1371195; coefficients 3070.51231 (635.94290), 1.05939 (0.07049),
    # 1.74564 (0.22017); loglike -847.8303, AIC 1703.661, BIC 1713.834; head(fh_bench) with
    # benchmark = 20140.09, share = ratio_n, type = "ratio": FH and FH_Bench of six districts.
    data = read("eusilcA_popAgg").merge(read("eusilcA_smpAgg"), on="Domain")
    fit = fay_herriot(
        data,
        formula="Mean ~ cash + self_empl",
        area="Domain",
        variance="Var_Mean",
        method="ml",
        benchmark=20140.09,
        share="ratio_n",
    )
    # emdi maximises the ML likelihood with its own optimiser; both stop within ~1e-5 relative.
    assert fit.sigma2_u == pytest.approx(1371195, rel=2e-5)
    np.testing.assert_allclose(fit.coefficients["estimate"], [3070.51231, 1.05939, 1.74564], rtol=5e-6)
    np.testing.assert_allclose(fit.coefficients["std_error"], [635.94290, 0.07049, 0.22017], rtol=2e-5)
    assert fit.loglik == pytest.approx(-847.8303, abs=5e-4)
    assert fit.aic == pytest.approx(1703.661, abs=5e-3)
    assert fit.bic == pytest.approx(1713.834, abs=5e-3)
    table = fit.table.set_index("area")
    head = ["Amstetten", "Baden", "Bludenz", "Braunau am Inn", "Bregenz", "Bruck-Mürzzuschlag"]
    np.testing.assert_allclose(
        table.loc[head, "estimate_unbenchmarked"],
        [14242.04, 21616.40, 12680.38, 11925.82, 32101.69, 22523.50],
        atol=0.02,
    )
    np.testing.assert_allclose(
        table.loc[head, "estimate"], [14480.61, 21978.49, 12892.79, 12125.59, 32639.43, 22900.79], atol=0.02
    )
    np.testing.assert_allclose(
        table.loc[head, "direct"], [14768.57, 21995.72, 12069.59, 10770.53, 35731.20, 23027.37], atol=0.005
    )


def test_area_without_direct_estimate_gets_the_synthetic_estimate(milk_frame):
    frame = milk_frame.copy()
    frame.loc[[3, 17], ["yi", "var"]] = np.nan
    fit = fay_herriot(frame, formula="yi ~ C(MajorArea)", area="SmallArea", variance="var")
    missing = fit.table.iloc[[3, 17]]
    assert missing["synthetic"].all() and missing["direct"].isna().all()
    beta = fit.coefficients["estimate"].to_numpy()
    major = frame["MajorArea"].iloc[[3, 17]].to_numpy()
    x = np.column_stack([np.ones(2)] + [(major == level).astype(float) for level in (2, 3, 4)])
    np.testing.assert_allclose(missing["estimate"], x @ beta[:4], rtol=1e-12)
    # MSE = sigma2_u + x' Var(beta) x, larger than sigma2_u alone
    assert np.all(missing["mse"] > fit.sigma2_u)


def test_user_mistakes_raise_indonesian_errors(milk_frame):
    with pytest.raises(InputError, match="harus reml atau ml"):
        fay_herriot(milk_frame, formula="yi ~ C(MajorArea)", area="SmallArea", variance="var", method="fh")
    with pytest.raises(DataError, match="tidak ada"):
        fay_herriot(milk_frame, formula="yi ~ C(MajorArea)", area="SmallArea", variance="nope")
    with pytest.raises(InputError, match="formula"):
        fay_herriot(milk_frame, formula="yi ~ ", area="SmallArea", variance="var")
    bad = milk_frame.assign(var=-1.0)
    with pytest.raises(DataError, match="positif"):
        fay_herriot(bad, formula="yi ~ C(MajorArea)", area="SmallArea", variance="var")
