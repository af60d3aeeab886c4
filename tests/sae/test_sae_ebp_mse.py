"""Bootstrap MSE, benchmarking, poverty probabilities and parameters of an EBP run."""

import numpy as np
import pytest

from analytics.errors import DataError, InputError
from analytics.sae.ebp import ebp
from analytics.sae.indicators import unit_values
from analytics.sae.probability import poverty_probability
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"


def test_bootstrap_mse_tracks_the_model_based_mse():
    # Model-based check (Molina & Rao 2010, sec. 6): populations generated from the model, the EB
    # estimate's squared error against each population's truth, averaged over 40 populations,
    # against the average bootstrap MSE of the same runs. Agreement within a factor 1.6 either way
    # for the average over areas (40 replications leave ~20 % Monte Carlo error in each).
    empirical, bootstrap = [], []
    for r in range(40):
        survey, population, full = synthetic_city(500 + r, n_areas=8, households=60, sampled=6)
        line = np.exp(13.0)
        run = ebp(
            survey, population, formula=FORMULA, area="area", line=float(line), transform="log", L=200, B=30, seed=r
        )
        truth = np.bincount(full["area"], weights=unit_values(full["welfare"].to_numpy(), line)[0]) / 60
        empirical.append((run.table["p0"].to_numpy() - truth) ** 2)
        bootstrap.append(run.table["mse_p0"].to_numpy())
    ratio = np.mean(bootstrap) / np.mean(empirical)
    print(f"bootstrap / empirical MSE = {ratio:.3f}")
    assert 1 / 1.6 < ratio < 1.6, ratio


def test_ratio_benchmark_hits_the_published_aggregate():
    survey, population, _ = synthetic_city(3)
    line = float(np.median(survey["welfare"]))
    plain = ebp(survey, population, formula=FORMULA, area="area", line=line, size="size", L=20, B=4, seed=1)
    target = 0.9 * plain.city["p0"]
    bench = ebp(
        survey,
        population,
        formula=FORMULA,
        area="area",
        line=line,
        size="size",
        L=20,
        B=4,
        seed=1,
        benchmark={"p0": target},
    )
    shares = bench.table["persons"] / bench.table["persons"].sum()
    assert float(np.sum(shares * bench.table["p0"])) == pytest.approx(target, rel=1e-12)
    np.testing.assert_allclose(bench.table["p0"], 0.9 * plain.table["p0"], rtol=1e-12)
    np.testing.assert_allclose(bench.table["mse_p0"], 0.81 * plain.table["mse_p0"], rtol=1e-12)
    np.testing.assert_allclose(bench.table["p1"], plain.table["p1"], rtol=1e-12)  # not benchmarked
    recorded = bench.parameters["benchmark"]
    assert (recorded["method"], recorded["targets"]) == ("ratio", {"p0": target})
    assert recorded["factors"] == {"p0": pytest.approx(0.9, rel=1e-12)}  # how far every area moved
    assert plain.parameters["benchmark"] is None


def test_poverty_probability_averages_to_the_exact_head_count():
    survey, population, _ = synthetic_city(4)
    line = float(np.quantile(survey["welfare"], 0.4))
    for transform in ("log", "boxcox"):
        prob = poverty_probability(survey, population, formula=FORMULA, area="area", line=line, transform=transform)
        assert prob["probability"].between(0, 1).all() and len(prob) == len(population)
        run = ebp(survey, population, formula=FORMULA, area="area", line=line, transform=transform, L=2, B=0)
        exact = run.exact(population).set_index("area")["p0"]
        np.testing.assert_allclose(prob.groupby("area")["probability"].mean(), exact, rtol=1e-10)


def test_parameters_and_precision_columns():
    survey, population, _ = synthetic_city(5)
    line = float(np.median(survey["welfare"]))
    run = ebp(survey, population, formula=FORMULA, area="area", line=line, L=10, B=5, seed=99, interval=0.8)
    p = run.parameters
    expected = (99, 10, 5, 0.8, "boxcox", "none")
    assert (p["seed"], p["L"], p["B"], p["interval"], p["transform"], p["weights"]) == expected
    assert p["lambda"] == run.transform.lam and set(p["versions"]) == {"numpy", "scipy", "pandas", "formulaic"}
    table = run.table
    cv = np.sqrt(table["mse_p0"]) / table["p0"]
    np.testing.assert_allclose(table["cv_p0"], cv)
    expected = np.where(cv <= 0.25, "reliable", np.where(cv <= 0.5, "caution", "unreliable"))
    assert table["reliability_p0"].tolist() == expected.tolist()
    assert (table["lower_p0"] >= 0).all() and (table["upper_p0"] <= 1).all()
    half = 1.2815515655446004 * np.sqrt(table["mse_p1"])  # z_0.9 for an 80 % interval
    inside = (table["p1"] - half > 0) & (table["p1"] + half < 1)
    np.testing.assert_allclose(table.loc[inside, "upper_p1"] - table.loc[inside, "p1"], half[inside])
    # the point estimate does not depend on B (separate random streams)
    again = ebp(survey, population, formula=FORMULA, area="area", line=line, L=10, B=0, seed=99, interval=0.8)
    np.testing.assert_array_equal(again.table["p0"], table["p0"])


def test_user_mistakes():
    survey, population, _ = synthetic_city(6)
    kwargs = {"formula": FORMULA, "area": "area", "line": 1e6}
    with pytest.raises(InputError, match="L harus"):
        ebp(survey, population, L=0, **kwargs)
    with pytest.raises(InputError, match="transformasi"):
        ebp(survey, population, transform="sqrt", **kwargs)
    with pytest.raises(DataError, match="<= 0"):
        ebp(survey.assign(welfare=survey["welfare"] - 1e9), population, transform="log", **kwargs)
    with pytest.raises(DataError, match="tidak punya baris populasi"):
        ebp(survey, population[population["area"] != 3], **kwargs)
    with pytest.raises(DataError, match="kolom 'x2'"):
        ebp(survey, population.drop(columns="x2"), **kwargs)
    with pytest.raises(InputError, match="benchmark"):
        ebp(survey, population, benchmark={"gini": 0.3}, **kwargs)
    with pytest.raises(DataError, match="'x1' pada data populasi berisi nilai kosong"):
        ebp(survey, population.assign(x1=population["x1"].where(population.index != 3)), **kwargs)
    with pytest.raises(DataError, match="'x1' pada data survei berisi nilai kosong"):
        ebp(survey.assign(x1=survey["x1"].where(survey.index != 3)), population, **kwargs)
    grouped = {**kwargs, "formula": FORMULA + " + C(g)"}
    with pytest.raises(DataError, match="kategori yang tidak ada pada survei"):
        ebp(survey.assign(g=np.where(survey.index % 2 == 0, "a", "b")), population.assign(g="c"), **grouped)
