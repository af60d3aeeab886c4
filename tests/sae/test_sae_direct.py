"""Direct (Hájek) estimator: published laeken/emdi head counts and textbook variance identities."""

import numpy as np
import pandas as pd
import pytest

from analytics.errors import DataError, InputError
from analytics.poverty.fgt import fgt
from analytics.sae.direct import direct


def emdi_weighted_quantile(x, w, p):
    """emdi's wtd.quantile (R/framework_direct.R): smallest x with cumulative weight share >= p."""
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    share = np.cumsum(w) / w.sum()
    i = int(np.flatnonzero(share >= p)[0])
    return (x[i] + x[i + 1]) / 2 if share[i] == p else x[i]


def test_head_count_by_state_matches_laeken(eusilc_smp):
    # emdi 2.2 tests/testthat/test_direct_estimation.R: direct(y = as.integer(eqIncome), weights =
    # "weight", smp_domains = "state", threshold = 0.6 * wtd.quantile(y, weights, 0.5)); benchmark
    # values from laeken's arpr, tests/testthat/Direct/arpr_naive_value.csv (percent).
    published = {
        "Burgenland": 29.3032786885246,
        "Carinthia": 11.7498989953555,
        "Lower Austria": 11.1265891683543,
        "Salzburg": 18.9332292444734,
        "Styria": 17.7339305438496,
        "Tyrol": 19.3586067232151,
        "Upper Austria": 13.6664827854381,
        "Vienna": 16.0,
        "Vorarlberg": 11.750801535812,
    }
    data = eusilc_smp.assign(y=np.trunc(eusilc_smp["eqIncome"]))
    line = 0.6 * emdi_weighted_quantile(data["y"].to_numpy(), data["weight"].to_numpy(), 0.5)
    table = direct(data, welfare="y", area="state", line=line, weight="weight").table.set_index("area")
    for state, percent in published.items():
        assert table.loc[state, "p0"] == pytest.approx(percent / 100, abs=1e-12)


def test_agrees_with_the_project_fgt_and_weights_persons(eusilc_smp):
    data = eusilc_smp.assign(size=np.ceil(eusilc_smp["eqsize"]))
    table = direct(data, welfare="eqIncome", area="state", line=11000.0, weight="weight", size="size").table
    for state, rows in data.groupby("state"):
        persons = rows["weight"] * rows["size"]
        row = table.set_index("area").loc[state]
        for alpha, name in ((0, "p0"), (1, "p1"), (2, "p2")):
            assert row[name] == pytest.approx(fgt(rows["eqIncome"], 11000.0, alpha, persons), rel=1e-12)


def test_linearised_variance_of_a_proportion_under_srs():
    # Unweighted, one unit per cluster: v(p) = k/(k-1) sum((f_i - p)/n)^2 = p (1 - p) / (n - 1).
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"a": np.repeat([1, 2, 3], [40, 25, 7]), "y": rng.lognormal(10, 0.6, 72)})
    table = direct(frame, welfare="y", area="a", line=float(np.exp(10))).table
    expected = table["p0"] * (1 - table["p0"]) / (table["n_sample"] - 1)
    np.testing.assert_allclose(table["var_p0"], expected, rtol=1e-12)


def test_cluster_variance_uses_cluster_totals():
    # Every cluster holding identical units: the clustered variance equals the variance computed
    # on one unit per cluster with the cluster's total weight (ultimate-cluster identity).
    rng = np.random.default_rng(4)
    base = pd.DataFrame({"a": np.repeat([1, 2], 12), "c": np.arange(24), "y": rng.lognormal(10, 0.5, 24)})
    copies = pd.concat([base] * 3, ignore_index=True)
    clustered = direct(copies, welfare="y", area="a", line=float(np.exp(10)), cluster="c").table
    single = direct(base.assign(w=3.0), welfare="y", area="a", line=float(np.exp(10)), weight="w").table
    for name in ("p0", "p1", "p2", "watts", "mean"):
        np.testing.assert_allclose(clustered[f"var_{name}"], single[f"var_{name}"], rtol=1e-10)
    one_cluster = direct(copies.assign(c=copies["a"]), welfare="y", area="a", line=1e4, cluster="c").table
    assert one_cluster["var_p0"].isna().all() and one_cluster["reliability_p0"].isna().all()


def test_mistakes():
    frame = pd.DataFrame({"a": [1, 2], "y": [1.0, 2.0], "w": [1.0, -1.0]})
    with pytest.raises(DataError, match="bobot"):
        direct(frame, welfare="y", area="a", line=1.5, weight="w")
    with pytest.raises(DataError, match="tidak ada"):
        direct(frame, welfare="x", area="a", line=1.5)
    with pytest.raises(InputError, match="garis"):
        direct(frame, welfare="y", area="a", line=0)


def test_interval_uses_t_with_cluster_degrees_of_freedom():
    from scipy.stats import t

    rng = np.random.default_rng(8)
    frame = pd.DataFrame(
        {"a": np.repeat([1, 2], 30), "c": np.repeat(np.arange(12), 5), "y": rng.lognormal(10, 0.5, 60)}
    )
    table = direct(frame, welfare="y", area="a", line=float(np.exp(10)), cluster="c", interval=0.9).table
    half = t.ppf(0.95, table["n_clusters"] - 1) * np.sqrt(table["var_mean"])
    np.testing.assert_allclose(table["upper_mean"] - table["mean"], half, rtol=1e-12)
    assert table["n_clusters"].tolist() == [6, 6]
