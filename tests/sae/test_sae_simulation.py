"""Design-based simulation: the sampler's weights, and a small end-to-end run."""

import numpy as np
import pandas as pd

from analytics.sae.simulation import design_simulation, true_values, two_stage_sample


def clustered_city(seed: int = 0, areas: int = 6, clusters: int = 8) -> pd.DataFrame:
    """Households in census blocks of unequal size; lognormal welfare with area and block effects."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(areas):
        for c in range(clusters):
            m = int(rng.integers(15, 60))
            rows.append(pd.DataFrame({"area": a, "block": f"{a}-{c}", "hh": np.arange(m)}))
    frame = pd.concat(rows, ignore_index=True)
    n = len(frame)
    frame["size"] = rng.integers(1, 7, n)
    frame["x1"] = rng.normal(size=n)
    area_effect = rng.normal(0, 0.25, areas)[frame["area"]]
    frame["welfare"] = np.exp(13 + 0.4 * frame["x1"] + area_effect + rng.normal(0, 0.45, n))
    return frame


def test_sampler_weights_are_unbiased_for_household_counts():
    # E[sum of weights in an area] = number of households (Horvitz-Thompson); 400 samples.
    city = clustered_city(1)
    rng = np.random.default_rng(5)
    totals = []
    for _ in range(400):
        sample = two_stage_sample(
            city, area="area", cluster="block", clusters_per_area=3, households_per_cluster=5, rng=rng
        )
        totals.append(sample.groupby("area")["weight"].sum().to_numpy())
    totals = np.array(totals)
    truth = city.groupby("area").size().to_numpy()
    se = totals.std(axis=0, ddof=1) / np.sqrt(len(totals))
    assert np.all(np.abs(totals.mean(axis=0) - truth) <= 4 * se + 1e-9)
    assert sample.groupby("area")["block"].nunique().eq(3).all()


def test_true_values_are_person_weighted():
    city = clustered_city(2)
    line = float(city["welfare"].median())
    table = true_values(city, area="area", welfare="welfare", line=line, size="size")
    rows = city[city["area"] == 0]
    expected = np.sum(rows["size"] * (rows["welfare"] < line)) / rows["size"].sum()
    assert table.loc[0, "p0"] == expected


def test_design_simulation_reports_bias_rmse_and_coverage():
    city = clustered_city(3)
    line = float(city["welfare"].quantile(0.3))
    result = design_simulation(
        city.drop(columns="hh"),
        formula="welfare ~ x1",
        area="area",
        cluster="block",
        welfare="welfare",
        line=line,
        size="size",
        replicates=3,
        clusters_per_area=2,
        households_per_cluster=6,
        ebp_options={"L": 20, "B": 8, "transform": "log"},
    )
    summary = result.summary.set_index(["method", "indicator"])
    assert set(summary.index.get_level_values("method")) == {"ebp", "direct"}
    assert (summary["n"] == 3 * 6).all()
    assert summary["coverage"].between(0, 1).all()
    # the model holds exactly here, and each area has only 12 households in the sample
    assert summary.loc[("ebp", "p0"), "rmse"] < summary.loc[("direct", "p0"), "rmse"]
    assert len(result.areas) == 2 * 5 * 6
