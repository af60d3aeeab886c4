"""Alkire–Foster M0 over basic needs: a published example, a NumPy reference, identities."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from programs_fixtures import random_families

from analytics.errors import UserError
from analytics.mpi import (
    CONTRIBUTION_COLUMNS,
    INDICATORS,
    MPI_COLUMNS,
    WEIGHTS,
    alkire_foster,
    alkire_foster_reference,
    deprivation_matrix,
    mpi_contributions,
)
from analytics.poverty.testing import build_database, replace_families

# Alkire, S. and Foster, J. (2011), "Counting and multidimensional poverty measurement",
# Journal of Public Economics 95, 476-487, section 3 (also OPHI Working Paper 32, 2009):
# achievement matrix of four persons in four dimensions (income, years of education,
# self-reported health, access to health insurance) and deprivation cutoffs z; a person
# is deprived when y_ij < z_j. With equal weights and k = 2 the paper reports
# H = 1/2, A = 3/4 and M0 = 6/16.
AF_ACHIEVEMENTS = np.array(
    [
        [13.1, 14, 4, 1],
        [15.2, 7, 5, 0],
        [12.5, 10, 1, 0],
        [20, 11, 3, 1],
    ]
)
AF_CUTOFFS = np.array([13, 12, 3, 1])

# The indicator table of the module docstring, restated here so the SQL is checked
# against an independent reading of it: indicator -> (field, deprived values).
TEST_DEPRIVED = {
    "water": ("water_source", {"SUMUR TIDAK TERLINDUNG", "AIR PERMUKAAN (SUNGAI, DANAU, DLL)"}),
    "sanitation": ("sanitation", {"UMUM/BERSAMA", "LAINNYA"}),
    "cooking_fuel": ("cooking_fuel", {"ARANG/KAYU"}),
    "electricity": ("lighting", {"BUKAN LISTRIK"}),
    "health_insurance": ("health_insurance", {"TIDAK MEMILIKI"}),
}
TEST_WEIGHTS = {
    "school_attendance": 1 / 3,
    "health_insurance": 1 / 3,
    "water": 1 / 15,
    "sanitation": 1 / 15,
    "housing": 1 / 15,
    "cooking_fuel": 1 / 15,
    "electricity": 1 / 15,
}


def test_weights_are_nested_equal():
    assert set(WEIGHTS) == set(TEST_WEIGHTS)
    for name, weight in TEST_WEIGHTS.items():
        assert WEIGHTS[name] == pytest.approx(weight, abs=1e-15)
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


class TestPublishedExample:
    def test_numpy_reference(self):
        g0 = (AF_ACHIEVEMENTS < AF_CUTOFFS).astype(int)
        r = alkire_foster_reference(g0, np.ones(4), k=2)
        assert r["H"] == 0.5 and r["A"] == 0.75 and r["M0"] == 6 / 16
        assert r["poor"].tolist() == [False, True, True, False]
        # Censored matrix g0(k) keeps rows 2 and 3: column sums 1, 2, 1, 2 of 4 persons.
        np.testing.assert_allclose(r["censored_headcount"], [0.25, 0.5, 0.25, 0.5])
        np.testing.assert_allclose(r["contribution"], [1 / 6, 1 / 3, 1 / 6, 1 / 3])
        # Union (k = 1) and intersection (k = d = 4) identification on the same matrix.
        assert alkire_foster_reference(g0, np.ones(4), k=1)["H"] == 0.75
        assert alkire_foster_reference(g0, np.ones(4), k=4)["H"] == 0.25

    def test_sql_reproduces_it(self):
        # Map the four dimensions onto four living-standard indicators of equal weight
        # (1/15 each), so k = 2 of 4 dimensions becomes k = 2/15. H and the censored
        # headcounts are the paper's; A and M0 scale by the indicators' total weight 4/15.
        g0 = AF_ACHIEVEMENTS < AF_CUTOFFS
        fam = pd.DataFrame(
            {
                "year": 2023,
                "kode_kelurahan": "64.74.01.1001",
                "size": 1,
                "expenditure_pc": 1e6,
                "water_source": np.where(g0[:, 0], "SUMUR TIDAK TERLINDUNG", "LEDENG/PAM"),
                "sanitation": np.where(g0[:, 1], "UMUM/BERSAMA", "MILIK SENDIRI"),
                "cooking_fuel": np.where(g0[:, 2], "ARANG/KAYU", "LISTRIK/GAS"),
                "lighting": np.where(g0[:, 3], "BUKAN LISTRIK", "LISTRIK PLN METERAN"),
                "health_insurance": "JKN MANDIRI",
                "n_out_of_school": 0,
            }
        )
        con = build_database(fam)
        k = 2 / 15
        af = alkire_foster(con, 2023, k=k).iloc[0]
        assert af.H == pytest.approx(0.5, abs=1e-15)
        assert af.A == pytest.approx(0.75 * 4 / 15, abs=1e-15)
        assert af.M0 == pytest.approx(6 / 16 * 4 / 15, abs=1e-15)
        contrib = mpi_contributions(con, 2023, k=k).set_index("indicator")
        np.testing.assert_allclose(
            contrib.loc[["water", "sanitation", "cooking_fuel", "electricity"], "censored_headcount"],
            [0.25, 0.5, 0.25, 0.5],
        )
        np.testing.assert_allclose(
            contrib.loc[["water", "sanitation", "cooking_fuel", "electricity"], "contribution"],
            [1 / 6, 1 / 3, 1 / 6, 1 / 3],
        )
        assert (contrib.loc[["school_attendance", "health_insurance", "housing"], "contribution"] == 0).all()


def test_hand_checked_housing_and_cutoff():
    # Persons: a family of 2 with an earth floor and bamboo roof (housing 1/15) and no
    # insurance (1/3): score 6/15 >= 1/3 -> poor. A family of 3 with only bamboo walls
    # and a shared toilet: 2/15 -> not poor. A single person with an out-of-school child
    # count: 1/3 exactly -> poor at k = 1/3 (a score equal to k counts).
    fam = pd.DataFrame(
        {
            "year": 2023,
            "kode_kelurahan": ["64.74.01.1001", "64.74.02.1001", "64.74.03.1001"],
            "size": [2, 3, 1],
            "expenditure_pc": 1e6,
            "floor": ["TANAH", "SEMEN", "SEMEN"],
            "roof": ["BAMBU", "GENTENG", "GENTENG"],
            "wall": ["TEMBOK", "BAMBU", "TEMBOK"],
            "sanitation": ["MILIK SENDIRI", "UMUM/BERSAMA", "MILIK SENDIRI"],
            "health_insurance": ["TIDAK MEMILIKI", "PBI JKN", "PBI JKN"],
            "n_out_of_school": [0, 0, 1],
        }
    )
    con = build_database(fam)
    city = alkire_foster(con, 2023).iloc[0]
    assert list(alkire_foster(con, 2023).columns) == MPI_COLUMNS
    assert city.population == 6
    assert city.H == pytest.approx(3 / 6)
    # Sum of poor scores over persons: 2 * 6/15 + 1 * 5/15 = 17/15, over 3 poor persons.
    assert city.A == pytest.approx(17 / 45)
    assert city.M0 == pytest.approx(17 / 90)
    by_kec = alkire_foster(con, 2023, by="kecamatan").set_index("kode")
    assert by_kec.loc["64.74.02", "H"] == 0 and np.isnan(by_kec.loc["64.74.02", "A"])
    # With k = 1/2 nobody is poor; contributions are then undefined.
    assert alkire_foster(con, 2023, k=0.5).loc[0, "M0"] == 0
    assert mpi_contributions(con, 2023, k=0.5)["contribution"].isna().all()
    contrib = mpi_contributions(con, 2023).set_index("indicator")
    assert list(mpi_contributions(con, 2023).columns) == CONTRIBUTION_COLUMNS
    assert contrib.loc["housing", "censored_headcount"] == pytest.approx(2 / 6)
    assert contrib.loc["sanitation", "censored_headcount"] == 0  # the shared toilet family is not poor


def test_bad_k():
    con = build_database(
        pd.DataFrame({"year": [2023], "kode_kelurahan": ["64.74.01.1001"], "size": [1], "expenditure_pc": [1e6]})
    )
    for k in (0, -0.1, 1.5, "1/3", float("nan")):
        with pytest.raises(UserError):
            alkire_foster(con, 2023, k=k)


def test_deprivations(fam: pd.DataFrame) -> pd.DataFrame:
    """The test's own deprivation matrix of ``fam`` (independent of analytics.mpi)."""
    out = pd.DataFrame(index=fam.index)
    for name, (field, values) in TEST_DEPRIVED.items():
        out[name] = fam[field].isin(values)
    out["housing"] = (
        (fam["floor"] == "TANAH")
        | (fam["wall"] == "BAMBU")
        | fam["roof"].isin({"BAMBU", "JERAMI/IJUK/RUMBIA/ DAUN-DAUNAN"})
    )
    out["school_attendance"] = (fam["n_out_of_school"].fillna(0) > 0).astype(bool)
    return out[list(INDICATORS)]


test_deprivations.__test__ = False  # a helper, not a test


@pytest.mark.parametrize("k", [1 / 3, 0.2, 1 / 15, 0.5])
def test_sql_against_numpy(k):
    rng = np.random.default_rng(5)
    fam = random_families(rng, 400, 2023)
    con = build_database(fam)
    g0 = test_deprivations(fam)
    # The module's own pandas reading agrees with the test's.
    pd.testing.assert_frame_equal(deprivation_matrix(fam), g0)
    weights = np.array([TEST_WEIGHTS[j] for j in INDICATORS])
    got = alkire_foster(con, 2023, by="kelurahan", k=k).set_index("kode")
    contrib = mpi_contributions(con, 2023, by="kelurahan", k=k)
    for kode, idx in fam.groupby("kode_kelurahan").groups.items():
        ref = alkire_foster_reference(g0.loc[idx].to_numpy(), weights, k, fam.loc[idx, "size"].to_numpy())
        row = got.loc[kode]
        assert row.H == pytest.approx(ref["H"], abs=1e-14)
        assert row.M0 == pytest.approx(ref["M0"], abs=1e-14)
        if ref["H"] > 0:
            assert row.A == pytest.approx(ref["A"], rel=1e-12)
        c = contrib[contrib.kode == kode].set_index("indicator").loc[list(INDICATORS)]
        np.testing.assert_allclose(c["censored_headcount"], ref["censored_headcount"], atol=1e-14)
        if ref["M0"] > 0:
            np.testing.assert_allclose(c["contribution"], ref["contribution"], rtol=1e-10, atol=1e-14)


_DB = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 60),
    k=st.sampled_from([1 / 15, 2 / 15, 1 / 5, 1 / 3, 0.4, 2 / 3, 1.0]),
    by=st.sampled_from(["kota", "kecamatan", "kelurahan"]),
)
def test_identities(seed, n, k, by):
    if not _DB:
        _DB.append(build_database(random_families(np.random.default_rng(0), 3, 2023)))
    con = _DB[0]
    replace_families(con, random_families(np.random.default_rng(seed), n, 2023))
    af = alkire_foster(con, 2023, by=by, k=k).set_index("kode")
    contrib = mpi_contributions(con, 2023, by=by, k=k)
    populated = af[af["population"] > 0]
    poor = populated[populated["H"] > 0]
    np.testing.assert_allclose(poor["M0"], poor["H"] * poor["A"], rtol=1e-12)
    assert (populated.loc[populated["H"] == 0, "M0"] == 0).all()
    assert ((populated["A"].dropna() >= k - 1e-9) & (populated["A"].dropna() <= 1 + 1e-12)).all()
    weighted = contrib.assign(w=contrib["indicator"].map(WEIGHTS))
    weighted["wh"] = weighted["w"] * weighted["censored_headcount"]
    m0_from_parts = weighted.groupby("kode")["wh"].sum()
    np.testing.assert_allclose(m0_from_parts.loc[populated.index], populated["M0"], rtol=1e-12, atol=1e-16)
    sums = contrib.groupby("kode")["contribution"].sum(min_count=1)
    np.testing.assert_allclose(sums.loc[poor.index], 1.0, rtol=1e-12)


@pytest.mark.parametrize("k", [1 / 3, 0.5])
def test_a_dtsen_year_leaves_health_out_and_reweights(k):
    """DTSEN records PBI, not other JKN: on a DTSEN frame the health dimension is left out and
    education and living standards weigh 1/2 each, checked against the NumPy reference."""
    from analytics.mpi import year_note

    rng = np.random.default_rng(7)
    fam = random_families(rng, 400, 2023).assign(frame_source="dtsen")
    con = build_database(fam)
    g0 = test_deprivations(fam)
    weights = np.array([0.0 if j == "health_insurance" else TEST_WEIGHTS[j] * 1.5 for j in INDICATORS])
    assert weights.sum() == pytest.approx(1.0)
    got = alkire_foster(con, 2023, by="kota", k=k).iloc[0]
    ref = alkire_foster_reference(g0.to_numpy(), weights, k, fam["size"].to_numpy())
    assert got.H == pytest.approx(ref["H"], abs=1e-14)
    assert got.M0 == pytest.approx(ref["M0"], abs=1e-14)
    contrib = mpi_contributions(con, 2023, by="kota", k=k).set_index("indicator")
    assert contrib.loc["health_insurance", "contribution"] == 0
    assert "tanpa dimensi kesehatan" in year_note(con, 2023)
    assert year_note(build_database(random_families(rng, 20, 2023)), 2023) == ""
