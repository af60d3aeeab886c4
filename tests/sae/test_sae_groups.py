"""Groups of areas (kecamatan, city) estimated in the same run, and unit expectations."""

import numpy as np
import pandas as pd
import pytest

from analytics.errors import DataError
from analytics.sae.ebp import ebp_lines
from analytics.sae.indicators import INDICATORS
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"


def _run(groups, **options):
    survey, population, _ = synthetic_city(31)
    z = float(np.quantile(survey["welfare"], 0.3))
    kwargs = {"formula": FORMULA, "area": "area", "lines": {"z": z}, "size": "size", "L": 20, "B": 6, "seed": 9}
    return ebp_lines(survey, population, groups=groups, **(kwargs | options))["z"], population, z


def test_groups_leave_the_areas_unchanged_bit_for_bit():
    with_groups, population, _ = _run({"city": {a: "all" for a in range(8)}})
    without, _, _ = _run(None)
    pd.testing.assert_frame_equal(with_groups.table, without.table, check_exact=True)
    np.testing.assert_array_equal(with_groups.draws, without.draws)


def test_the_city_group_is_the_persons_weighted_mean_and_equals_city():
    result, population, _ = _run({"city": {a: "all" for a in range(8)}})
    city = result.groups["city"].iloc[0]
    for indicator in INDICATORS:
        assert city[indicator] == pytest.approx(result.city[indicator], rel=1e-12)
    assert city["persons"] == population["size"].sum()
    assert city["n_population"] == len(population)
    assert city["n_sample"] == result.table["n_sample"].sum()


def test_one_area_groups_have_the_areas_own_mse():
    # A group of one area is that area: the same replicates give exactly its MSE.
    result, _, _ = _run({"same": {a: f"g{a}" for a in range(8)}})
    groups = result.groups["same"]
    for indicator in ("p0", "p1", "p2"):
        np.testing.assert_allclose(groups[f"mse_{indicator}"], result.table[f"mse_{indicator}"], rtol=1e-12)
        np.testing.assert_allclose(groups[indicator], result.table[indicator], rtol=1e-12)


def test_group_mse_counts_the_shared_error_of_its_areas():
    # Two halves of the city: the group MSE is not the independent-areas sum; it lies
    # between that sum and the fully correlated bound (Cauchy-Schwarz), both from the
    # same areas' MSEs.
    result, population, _ = _run({"half": {a: ("a" if a < 4 else "b") for a in range(8)}}, B=30)
    table, groups = result.table, result.groups["half"]
    for g, members in (("a", range(0, 4)), ("b", range(4, 8))):
        part = table[table["area"].isin(list(members))]
        w = part["persons"].to_numpy() / part["persons"].sum()
        root = np.sqrt(part["mse_p0"].to_numpy())
        mse = groups.set_index("area").loc[g, "mse_p0"]
        assert mse <= (w @ root) ** 2 * (1 + 1e-12)
        assert mse > 0


def test_an_area_without_a_group_is_refused():
    with pytest.raises(DataError, match="tanpa kelompok"):
        _run({"city": {a: "all" for a in range(7)}})


def test_unit_expectations_average_to_the_exact_eb():
    result, population, z = _run(None, B=0)
    stored = result.to_stored()
    units = stored.unit_expectations(population, z)
    assert units.index.equals(population.index)
    exact = result.exact(population).set_index("area")
    weights = population["size"].to_numpy()
    for indicator in ("p0", "p1", "p2", "watts"):
        by_area = (units[indicator] * weights).groupby(population["area"]).sum() / pd.Series(weights).groupby(
            population["area"].to_numpy()
        ).sum()
        np.testing.assert_allclose(by_area.to_numpy(), exact[indicator].to_numpy(), rtol=1e-10)
    probability = stored.probability(population, z)["probability"]
    np.testing.assert_allclose(units["p0"].to_numpy(), probability.to_numpy(), rtol=1e-12)
    assert (units["p2"] <= units["p1"] + 1e-15).all() and (units["p1"] <= units["p0"] + 1e-15).all()
