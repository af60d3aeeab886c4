"""Persons counted below a line instead of modelled (analytics.sae.counted): each figure equals
an independent computation from a run without the component on the survey it fits."""

import numpy as np
import pandas as pd
import pytest

from analytics.errors import DataError, InputError
from analytics.sae.counted import CountedPoor, counted_values
from analytics.sae.ebp import ebp_lines
from analytics.sae.indicators import INDICATORS
from analytics.sae.influence import influence
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"
OPTIONS = {"formula": FORMULA, "area": "area", "size": "size", "transform": "boxcox", "L": 12, "B": 6, "seed": 7}


@pytest.fixture(scope="module")
def city():
    survey, population, _ = synthetic_city(31)
    below = float(np.quantile(survey["welfare"], 0.04))  # a few surveyed households fall below it
    lines = {"official": float(np.quantile(survey["welfare"], 0.3)), "extreme": below * 1.2}
    persons = population.groupby("area")["size"].sum()
    counts = {2: 9, 5: 4, 6: 0}  # area 2 also has surveyed households below the line
    counted = CountedPoor(counts, below)
    groups = {"city": dict.fromkeys(persons.index, "all"), "half": {a: "a" if a < 4 else "b" for a in persons.index}}
    runs = ebp_lines(survey, population, lines=lines, groups=groups, counted=counted, **OPTIONS)
    fitted = survey[survey["welfare"] >= below].reset_index(drop=True)
    plain = ebp_lines(fitted, population, lines=lines, groups=groups, **OPTIONS)
    shares = (pd.Series(counts).reindex(persons.index, fill_value=0) / persons).to_numpy()
    data = {"survey": survey, "population": population, "lines": lines, "below": below, "counted": counted}
    return data | {"runs": runs, "plain": plain, "shares": shares, "fitted": fitted}


def test_the_survey_households_below_the_line_leave_the_fit(city):
    assert (city["survey"]["welfare"] < city["below"]).sum() >= 2  # the check has something to leave out
    for name in city["lines"]:
        np.testing.assert_array_equal(city["runs"][name].model.beta, city["plain"][name].model.beta)
        assert city["runs"][name].transform.lam == city["plain"][name].transform.lam
    recorded = city["runs"]["official"].parameters["counted"]
    assert recorded["survey_units_counted"] == int((city["survey"]["welfare"] < city["below"]).sum())
    assert recorded["persons"] == 13 and recorded["areas"] == {"2": 9, "5": 4}


def test_each_area_blends_the_count_with_the_models_value(city):
    s = city["shares"]
    for name, z in city["lines"].items():
        table, plain = city["runs"][name].table, city["plain"][name].table
        gap = 1 - city["below"] / z
        counted = {"p0": 1.0, "p1": gap, "p2": gap**2, "watts": np.log(z / city["below"]), "mean": city["below"]}
        for indicator in INDICATORS:
            expected = s * counted[indicator] + (1 - s) * plain[indicator].to_numpy()
            np.testing.assert_allclose(table[indicator].to_numpy(), expected, rtol=1e-12)
            # the count has no error: the area's bootstrap error is the model's, scaled by its share
            np.testing.assert_allclose(table[f"mse_{indicator}"], (1 - s) ** 2 * plain[f"mse_{indicator}"], rtol=1e-10)
        untouched = s == 0
        pd.testing.assert_frame_equal(table[untouched], plain[untouched])


def test_groups_and_the_city_are_the_persons_weighted_blend(city):
    run, plain = city["runs"]["official"], city["plain"]["official"]
    persons = run.table["persons"].to_numpy()
    for indicator in ("p0", "p1", "p2"):
        expected = np.sum(persons * run.table[indicator].to_numpy()) / persons.sum()
        assert run.city[indicator] == pytest.approx(expected, rel=1e-12)
        assert run.groups["city"][indicator].iloc[0] == pytest.approx(expected, rel=1e-12)
        assert run.city[indicator] > plain.city[indicator]  # the counted persons are poor and deep
    # group "b" (areas 4-7) holds area 5 with a count; "a" holds area 2: both MSEs change
    assert not np.allclose(run.groups["half"]["mse_p0"], plain.groups["half"]["mse_p0"])


def test_counts_of_zero_change_nothing(city):
    survey, population = city["fitted"], city["population"]
    zero = CountedPoor({}, city["below"])
    with_zero = ebp_lines(survey, population, lines=city["lines"], counted=zero, **OPTIONS)
    for name in city["lines"]:
        pd.testing.assert_frame_equal(with_zero[name].table, city["plain"][name].table)


def test_fgt_order_holds_in_every_blended_area(city):
    for run in city["runs"].values():
        table = run.table
        assert (table["p2"] <= table["p1"] + 1e-15).all() and (table["p1"] <= table["p0"] + 1e-15).all()


def test_exact_blends_as_the_draws_do(city):
    run, plain = city["runs"]["official"], city["plain"]["official"]
    exact, exact_plain = run.exact(city["population"]), plain.exact(city["population"])
    s, z = city["shares"], city["lines"]["official"]
    values = counted_values(city["below"], [z])[0]
    for k, indicator in enumerate(INDICATORS):
        expected = s * values[k] + (1 - s) * exact_plain[indicator].to_numpy()
        np.testing.assert_allclose(exact[indicator].to_numpy(), expected, rtol=1e-12)


def test_influence_checks_only_the_modelled_households_and_blends_its_totals(city):
    run = city["runs"]["official"]
    table = influence(run, city["survey"], city["population"], {"official": city["lines"]["official"]})
    welfare = city["survey"]["welfare"].to_numpy()
    assert not (welfare < city["below"])[table["row"].to_numpy()].any()
    # each row is the survey's own row: the positions are mapped back past the households left out
    np.testing.assert_array_equal(table["welfare"].to_numpy(), welfare[table["row"].to_numpy()])
    persons = run.table["persons"].to_numpy()
    exact = run.exact(city["population"])
    assert table["official_p0_with"].iloc[0] == pytest.approx(np.sum(persons * exact["p0"]) / persons.sum(), rel=1e-9)


def test_bad_components_are_refused(city):
    survey, population = city["survey"], city["population"]
    with pytest.raises(InputError, match="di bawah garis komponen"):
        ebp_lines(survey, population, lines={"low": city["below"] / 2}, counted=city["counted"], **OPTIONS)
    with pytest.raises(DataError, match="melebihi jiwa"):
        ebp_lines(survey, population, lines=city["lines"], counted=CountedPoor({3: 10_000}, city["below"]), **OPTIONS)
    with pytest.raises(DataError, match="tidak ada di kerangka"):
        ebp_lines(survey, population, lines=city["lines"], counted=CountedPoor({99: 1}, city["below"]), **OPTIONS)
    with pytest.raises(InputError, match="bilangan bulat"):
        CountedPoor({2: -1}, city["below"])
    with pytest.raises(InputError, match="angka positif"):
        CountedPoor({2: 1}, 0)
