"""Transfer simulation: NumPy reference, identities and costs."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from programs_fixtures import PROGRAM_COLUMNS, line_of, random_families

from analytics.errors import UserError
from analytics.poverty.testing import build_database, replace_families
from analytics.simulation import SIMULATION_COLUMNS, simulate_transfer

Z = 763_661.0  # official line 2023


def fgt_persons(y, w, z):
    gap = np.where(y < z, 1 - y / z, 0.0)
    return np.array([(w * (y < z)).sum(), (w * gap).sum(), (w * gap**2).sum()]) / w.sum()


def reference(fam: pd.DataFrame, amount: float, n: int | None, rule: str, z: float):
    """Plain NumPy: pick candidates, poorest first, add amount / size."""
    y = fam["expenditure_pc"].to_numpy(float)
    w = fam["size"].to_numpy(float)
    if rule == "poorest":
        cand = np.ones(len(fam), bool)
    elif rule == "uncovered_poorest":
        cand = ~np.logical_or.reduce([fam[c].to_numpy(bool) for c in PROGRAM_COLUMNS.values()])
    else:
        cand = (fam["desil"].fillna(99) <= int(rule.split("<=")[1])).to_numpy(bool)
    if n is None:
        if not rule.startswith("desil"):
            cand &= y < z
        n = int(cand.sum())
    order = np.lexsort((fam["family_id"].to_numpy(), y))
    chosen = [i for i in order if cand[i]][:n]
    y_after = y.copy()
    y_after[chosen] += amount / w[chosen]
    return fgt_persons(y, w, z), fgt_persons(y_after, w, z), len(chosen)


def test_hand_checked():
    # Two poor singles (gaps 0.5 and 0.25) and two families of 3 above the line; 8 persons.
    # Giving 0.5 z to the poorest lifts her exactly to the line: no longer poor (y < z).
    fam = pd.DataFrame(
        {
            "year": 2023,
            "kode_kelurahan": "64.74.01.1001",
            "size": [1, 1, 3, 3],
            "expenditure_pc": [0.5 * Z, 0.75 * Z, 1e6, 1.5e6],
        }
    )
    r = simulate_transfer(build_database(fam), 2023, 0.5 * Z, n_families=1)
    assert list(r.table.columns) == SIMULATION_COLUMNS and r.table["measure"].tolist() == ["p0", "p1", "p2"]
    np.testing.assert_allclose(r.table["before"], [2 / 8, 0.75 / 8, 0.3125 / 8])
    np.testing.assert_allclose(r.table["after"], [1 / 8, 0.25 / 8, 0.0625 / 8])
    assert r.families_reached == 1 and r.cost_per_month == pytest.approx(0.5 * Z)
    # P2 fell by 0.25/8 = 0.03125 = 312.5 points of 0.0001.
    assert r.cost_per_p2_point == pytest.approx(0.5 * Z / 312.5)


@pytest.fixture(scope="module")
def random_db():
    fam = random_families(np.random.default_rng(11), 500, 2023)
    return fam, build_database(fam)


@pytest.mark.parametrize(
    ("rule", "n"),
    [("poorest", 40), ("uncovered_poorest", 25), ("desil<=3", 30), ("poorest", None), ("desil<=2", None)],
)
def test_against_numpy(random_db, rule, n):
    fam, con = random_db
    amount = 250_000.0
    before, after, reached = reference(fam, amount, n, rule, line_of(2023))
    r = simulate_transfer(con, 2023, amount, n_families=n, rule=rule)
    np.testing.assert_allclose(r.table["before"], before, rtol=1e-12)
    np.testing.assert_allclose(r.table["after"], after, rtol=1e-12, atol=1e-16)
    assert r.families_reached == reached
    assert r.cost_per_month == reached * amount


def test_budget_equals_n_times_amount(random_db):
    _, con = random_db
    by_n = simulate_transfer(con, 2023, 300_000, n_families=17)
    by_budget = simulate_transfer(con, 2023, 300_000, budget=17 * 300_000 + 299_999)
    pd.testing.assert_frame_equal(by_n.table, by_budget.table)
    assert by_budget.families_reached == 17
    assert by_budget.cost_per_month == 17 * 300_000


def test_bad_arguments(random_db):
    _, con = random_db
    for kwargs in (
        {"amount_per_family_month": -1},
        {"amount_per_family_month": 1, "n_families": 2, "budget": 5},
        {"amount_per_family_month": 1, "rule": "richest"},
        {"amount_per_family_month": 1, "n_families": -3},
        {"amount_per_family_month": 0, "budget": 100},
    ):
        with pytest.raises(UserError):
            simulate_transfer(con, 2023, **kwargs)


_DB = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 60),
    amount=st.floats(0, 2e6),
    reach=st.integers(0, 70),
    rule=st.sampled_from(["poorest", "uncovered_poorest", "desil<=4"]),
)
def test_identities(seed, n, amount, reach, rule):
    if not _DB:
        _DB.append(build_database(random_families(np.random.default_rng(0), 3, 2023)))
    con = _DB[0]
    replace_families(con, random_families(np.random.default_rng(seed), n, 2023))
    r = simulate_transfer(con, 2023, amount, n_families=reach, rule=rule)
    assert (r.table["after"] <= r.table["before"] + 1e-15).all()
    np.testing.assert_allclose(r.table["change"], r.table["after"] - r.table["before"])
    assert r.families_reached <= min(reach, n)
    assert r.cost_per_month == r.families_reached * amount
    zero = simulate_transfer(con, 2023, 0, n_families=reach, rule=rule)
    np.testing.assert_array_equal(zero.table["after"], zero.table["before"])
    assert np.isnan(zero.cost_per_p2_point)
