"""Transfer simulation on the stored model: identities that hold draw by draw, and agreement with EBP."""

import numpy as np
import pytest

from analytics.sae.ebp import ebp
from analytics.sae.transfer import TRANSFER_INDICATORS, city_fgt
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"


@pytest.fixture(scope="module")
def city():
    survey, population, _ = synthetic_city(41)
    lines = {"bps": float(np.quantile(survey["welfare"], 0.35)), "ekstrem": float(np.quantile(survey["welfare"], 0.1))}
    run = ebp(survey, population, formula=FORMULA, area="area", line=lines["bps"], size="size", L=300, B=0, seed=8)
    return population, lines, run


def test_no_transfer_changes_nothing(city):
    population, lines, run = city
    result = run.to_stored().simulate_transfer(population, lines, np.zeros(len(population)), L=30, size="size")
    assert result.draws.shape == (2, 3, 2, 30)
    np.testing.assert_array_equal(result.draws[:, :, 0], result.draws[:, :, 1])
    for column in ("change", "change_lower", "change_upper"):
        assert (result.table[column] == 0).all()
    assert list(result.table["line"]) == ["bps"] * 3 + ["ekstrem"] * 3
    assert list(result.table["indicator"]) == list(TRANSFER_INDICATORS) * 2


def test_a_transfer_lifting_every_unit_above_every_line_ends_poverty(city):
    # Welfare draws are >= 0 (Box-Cox values beyond the pole count as 0), so adding twice the
    # highest line to every unit puts each unit of each draw above each line.
    population, lines, run = city
    extra = 2 * max(lines.values())
    result = run.to_stored().simulate_transfer(population, lines, extra, L=30, size="size")
    after, before = result.draws[:, :, 1], result.draws[:, :, 0]
    assert np.all(after == 0) and np.all(before[:, 0] > 0)
    np.testing.assert_array_equal(result.table["after"], 0.0)
    np.testing.assert_array_equal(result.table["change"], -result.table["before"])


def test_fgt_ordering_holds_in_every_draw_before_and_after(city):
    population, lines, run = city
    reached = np.random.default_rng(3).random(len(population)) < 0.4
    extra = np.where(reached, 0.3 * lines["bps"], 0.0)
    result = run.to_stored().simulate_transfer(population, lines, extra, L=50, seed=11)
    p0, p1, p2 = (result.draws[:, k] for k in range(3))
    assert np.all(p2 <= p1) and np.all(p1 <= p0) and np.all(p2 >= 0) and np.all(p0 <= 1)
    assert np.all(result.draws[:, :, 1] <= result.draws[:, :, 0])  # a gift never raises poverty
    table = result.table
    assert np.all(table["change"] < 0)
    assert np.all((table["change_lower"] <= table["change"]) & (table["change"] <= table["change_upper"]))
    # Same draws before and after: the change varies far less than the poverty level does.
    width = table["change_upper"] - table["change_lower"]
    assert np.all(width < table["before_upper"] - table["before_lower"])


def test_before_equals_the_ebp_city_values_within_monte_carlo_error(city):
    population, lines, run = city
    stored = run.to_stored()
    result = stored.simulate_transfer(population, {"bps": lines["bps"]}, 0.0, L=300, size="size", seed=2)
    exact = run.exact(population)
    persons = run.table["persons"].to_numpy()
    for k, name in enumerate(TRANSFER_INDICATORS):
        before = result.draws[0, k, 0]
        se = before.std() / np.sqrt(len(before))
        city_exact = float(np.sum(persons * exact[name]) / persons.sum())
        assert abs(before.mean() - city_exact) < 4 * se, name
        city_draws = (persons * run.draws[k]).sum(axis=1) / persons.sum()
        combined = np.sqrt(se**2 + city_draws.var() / len(city_draws))
        assert abs(before.mean() - run.city[name]) < 4 * combined, name


def test_transfer_uses_the_welfare_draws(city):
    population, lines, run = city
    stored = run.to_stored()
    size = population["size"].to_numpy(dtype=float)
    extra = np.where(population["x2"].to_numpy() > 0, 50_000.0, 0.0)
    result = stored.simulate_transfer(population, lines, extra, L=7, seed=5, size="size", interval=0.8)
    draws = np.stack(list(stored.welfare_draws(population, 7, seed=5)))
    for k, z in enumerate(lines.values()):
        np.testing.assert_array_equal(result.draws[k, :, 0], city_fgt(draws, z, size))
        np.testing.assert_array_equal(result.draws[k, :, 1], city_fgt(draws + extra, z, size))
    row = result.table.iloc[0]
    assert row["before_lower"] == pytest.approx(np.quantile(result.draws[0, 0, 0], 0.1))
    assert (result.L, result.seed, result.interval, result.lines) == (7, 5, 0.8, lines)
