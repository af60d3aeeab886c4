"""Property tests (Hypothesis): identities of the measures and SQL = NumPy reference."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from poverty_fixtures import KELURAHAN_CODES, official_line

from analytics.poverty.area import fgt_by_area
from analytics.poverty.change import change_by_area
from analytics.poverty.datt_ravallion import datt_ravallion, shapley_growth_redistribution
from analytics.poverty.fgt import fgt
from analytics.poverty.frame import fgt_frame
from analytics.poverty.sensitivity import sensitivity_curve
from analytics.poverty.sst import sst_components
from analytics.poverty.subgroup import subgroup_decomposition
from analytics.poverty.testing import build_database, replace_families
from analytics.poverty.watts import watts

REL = 1e-12
SQL_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

welfare_values = st.floats(min_value=0.0, max_value=5e6, allow_nan=False, allow_infinity=False)
positive_welfare = st.floats(min_value=1.0, max_value=5e6, allow_nan=False, allow_infinity=False)
lines = st.floats(min_value=1.0, max_value=5e6, allow_nan=False, allow_infinity=False)
poor_ifs = st.sampled_from(["lt", "le"])


@st.composite
def samples(draw, min_size=1, max_size=40, welfare=positive_welfare):
    n = draw(st.integers(min_size, max_size))
    y = draw(st.lists(welfare, min_size=n, max_size=n))
    w = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    # Put some observations exactly on the line, where 'lt' and 'le' differ.
    on_line = [v for v in y if v >= 1.0] or [1.0]
    z = draw(st.one_of(lines, st.sampled_from(on_line)))
    return np.array(y), float(z), np.array(w, dtype=float)


def close(a, b, rel=REL):
    return a == pytest.approx(b, rel=rel, abs=1e-18)


@pytest.fixture(scope="module")
def shared_con():
    """One database for all examples; each example replaces its families."""
    con = build_database(pd.DataFrame(columns=["year", "kode_kelurahan", "size", "expenditure_pc"]))
    yield con
    con.close()


def database_with(con, families):
    replace_families(con, families)
    return con


# --- identities of the NumPy reference --------------------------------------------------


@given(samples(welfare=welfare_values), poor_ifs)
def test_severity_below_gap_below_headcount(sample, poor_if):
    y, z, w = sample
    p0, p1, p2 = (fgt(y, z, a, w, poor_if) for a in (0, 1, 2))
    assert 0.0 <= p2 <= p1 <= p0 <= 1.0
    # P_alpha decreases in alpha for any alpha, not only 0, 1, 2.
    assert fgt(y, z, 2.5, w, poor_if) <= p2 <= fgt(y, z, 1.5, w, poor_if) <= p1


@given(samples(), poor_ifs)
def test_watts_above_poverty_gap(sample, poor_if):
    # ln(z/y) >= 1 - y/z for 0 < y <= z.
    y, z, w = sample
    assert watts(y, z, w, poor_if) >= fgt(y, z, 1, w, poor_if) * (1 - 1e-12)


@given(samples(welfare=welfare_values), poor_ifs, st.integers(-20, 20))
def test_invariant_to_scaling_welfare_and_line_by_powers_of_two(sample, poor_if, k):
    # Multiplying by 2**k is exact in floating point, so the results are identical.
    y, z, w = sample
    c = 2.0**k
    for alpha in (0, 1, 2):
        assert fgt(y * c, z * c, alpha, w, poor_if) == fgt(y, z, alpha, w, poor_if)


@given(samples(), poor_ifs, st.floats(min_value=1e-3, max_value=1e3))
def test_invariant_to_scaling_welfare_and_line(sample, poor_if, c):
    y, z, w = sample
    # Away from the line, rounding cannot move anybody across it.
    assume(np.all((y == z) | (np.abs(y - z) > 1e-9 * z)))
    for alpha in (0, 1, 2):
        assert close(fgt(y * c, z * c, alpha, w, poor_if), fgt(y, z, alpha, w, poor_if), rel=1e-9)
    assert close(watts(y * c, z * c, w, poor_if), watts(y, z, w, poor_if), rel=1e-9)
    assert close(sst_components(y * c, z * c, w, poor_if)["sst"], sst_components(y, z, w, poor_if)["sst"], rel=1e-9)


@given(samples(max_size=15), poor_ifs)
def test_integer_weights_equal_replicated_rows(sample, poor_if):
    y, z, w = sample
    reps = w.astype(int)
    y_rep = np.repeat(y, reps)
    for alpha in (0, 1, 2):
        assert close(fgt(y, z, alpha, w, poor_if), fgt(y_rep, z, alpha, None, poor_if))
    assert close(watts(y, z, w, poor_if), watts(y_rep, z, None, poor_if))
    assert close(sst_components(y, z, w, poor_if)["sst"], sst_components(y_rep, z, None, poor_if)["sst"])


@given(samples(min_size=2), poor_ifs, st.data())
def test_subgroup_contributions_add_up(sample, poor_if, data):
    y, z, w = sample
    groups = np.array(data.draw(st.lists(st.integers(0, 3), min_size=len(y), max_size=len(y))))
    for alpha in (0, 1, 2):
        total = 0.0
        for g in np.unique(groups):
            mask = groups == g
            total += w[mask].sum() / w.sum() * fgt(y[mask], z, alpha, w[mask], poor_if)
        assert close(total, fgt(y, z, alpha, w, poor_if))


@given(samples(), poor_ifs)
def test_sst_equals_gap_times_one_plus_gini(sample, poor_if):
    # Osberg and Xu: SST = P0 * P1_poor * (1 + G) = P1 * (1 + G).
    y, z, w = sample
    c = sst_components(y, z, w, poor_if)
    assert close(c["sst"], fgt(y, z, 1, w, poor_if) * (1 + c["gini_of_gaps"]))
    assert 0.0 <= c["gini_of_gaps"] <= 1.0


@given(st.lists(st.floats(0, 1), min_size=4, max_size=4))
def test_shapley_parts_add_up(values):
    p00, p10, p01, p11 = values
    growth, redistribution = shapley_growth_redistribution(p00, p10, p01, p11)
    assert math.isclose(growth + redistribution, p11 - p00, rel_tol=REL, abs_tol=1e-15)


# --- DuckDB SQL against the NumPy reference ---------------------------------------------


@SQL_SETTINGS
@given(samples(min_size=1, max_size=60, welfare=welfare_values), poor_ifs, st.data())
def test_sql_frame_matches_reference(sample, poor_if, data):
    y, z, w = sample
    size = np.array(data.draw(st.lists(st.integers(1, 8), min_size=len(y), max_size=len(y))))
    groups = np.array(data.draw(st.lists(st.sampled_from("abc"), min_size=len(y), max_size=len(y))))
    frame = pd.DataFrame({"g": groups, "y": y, "w": w, "n": size})
    out = fgt_frame(frame, "y", z, by="g", weight="w", size="n", poor_if=poor_if).set_index("g")
    for g in np.unique(groups):
        m = groups == g
        persons = w[m] * size[m]
        row = out.loc[g]
        assert close(row["population"], persons.sum())
        for alpha, col in ((0, "p0"), (1, "p1"), (2, "p2")):
            assert close(row[col], fgt(y[m], z, alpha, persons, poor_if))
        poor_has_zero = np.any((y[m] == 0) & (y[m] <= z))
        if poor_has_zero:
            assert np.isnan(row["watts"])
        else:
            assert close(row["watts"], watts(y[m], z, persons, poor_if))


@st.composite
def family_tables(draw, years=(2023,)):
    frames = []
    for year in years:
        n = draw(st.integers(1, 40))
        codes = draw(st.lists(st.sampled_from(KELURAHAN_CODES), min_size=n, max_size=n))
        sizes = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
        line = official_line(year)
        # Welfare as a multiple of the line, some exactly on it.
        ratios = draw(st.lists(st.one_of(st.floats(0.05, 3.0), st.just(1.0)), min_size=n, max_size=n))
        frames.append(
            pd.DataFrame(
                {
                    "year": year,
                    "family_id": [f"{year}-{i}" for i in range(n)],
                    "kode_kelurahan": codes,
                    "size": sizes,
                    "expenditure_pc": [r * line for r in ratios],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


@SQL_SETTINGS
@given(family_tables(), poor_ifs, st.sampled_from(["kota", "kecamatan", "kelurahan"]))
def test_sql_by_area_matches_reference(shared_con, families, poor_if, by):
    con = database_with(shared_con, families)
    out = fgt_by_area(con, 2023, by=by, poor_if=poor_if).set_index("kode")
    z = official_line(2023)
    key = {
        "kota": pd.Series("64.74", index=families.index),
        "kecamatan": families["kode_kelurahan"].str[:8],
        "kelurahan": families["kode_kelurahan"],
    }[by]
    for code, fam in families.groupby(key):
        y, n = fam["expenditure_pc"].to_numpy(), fam["size"].to_numpy(float)
        row = out.loc[code]
        assert row["population"] == n.sum()
        assert row["poor"] == n[(y < z) | ((y == z) & (poor_if == "le"))].sum()
        for alpha, col in ((0, "p0"), (1, "p1"), (2, "p2")):
            assert close(row[col], fgt(y, z, alpha, n, poor_if))
        assert close(row["watts"], watts(y, z, n, poor_if))
    # Areas without families are listed with no persons and no measures.
    empty = out[out["population"] == 0]
    assert empty[["p0", "p1", "p2", "watts"]].isna().all().all()


@SQL_SETTINGS
@given(family_tables(), poor_ifs)
def test_sensitivity_curve_matches_reference(shared_con, families, poor_if):
    con = database_with(shared_con, families)
    curve = sensitivity_curve(con, 2023, poor_if=poor_if, pct_from=50, pct_to=200, pct_step=10)
    z = official_line(2023)
    y, n = families["expenditure_pc"].to_numpy(), families["size"].to_numpy(float)
    assert curve["pct"].tolist() == list(range(50, 201, 10))
    for row in curve.itertuples():
        line = z * row.pct / 100
        assert row.line == line
        assert close(row.p0, fgt(y, line, 0, n, poor_if))
        assert close(row.p1, fgt(y, line, 1, n, poor_if))
        assert close(row.p2, fgt(y, line, 2, n, poor_if))
    # P0 never falls as the line rises.
    assert np.all(np.diff(curve["p0"].to_numpy()) >= 0)


@SQL_SETTINGS
@given(family_tables(), poor_ifs, st.sampled_from(["kecamatan", "kelurahan"]))
def test_subgroup_decomposition_adds_up(shared_con, families, poor_if, level):
    con = database_with(shared_con, families)
    result = subgroup_decomposition(con, 2023, level=level, poor_if=poor_if)
    d = result.table
    city = fgt_by_area(con, 2023, poor_if=poor_if).iloc[0]
    assert close(d["population_share"].sum(), 1.0)
    for m in ("p0", "p1", "p2"):
        assert close(d[f"contribution_{m}"].sum(), city[m])
        assert close(result.city[m], city[m])
        assert np.allclose(d[f"contribution_{m}"], d["population_share"] * d[m], rtol=REL, atol=1e-18)
        if city[m] > 0:
            assert close(d[f"contribution_share_{m}"].sum(), 1.0)


@SQL_SETTINGS
@given(family_tables(years=(2022, 2023)), poor_ifs, st.sampled_from(["kecamatan", "kelurahan"]))
def test_change_by_area_parts_add_up(shared_con, families, poor_if, level):
    con = database_with(shared_con, families)
    result = change_by_area(con, 2022, 2023, level=level, poor_if=poor_if)
    d = result.table
    city_start = fgt_by_area(con, 2022, poor_if=poor_if).iloc[0]
    city_end = fgt_by_area(con, 2023, poor_if=poor_if).iloc[0]
    for m in ("p0", "p1", "p2"):
        start, end = city_start[m], city_end[m]
        city = result.city[m]
        assert close(city["start"], start) and close(city["end"], end)
        assert math.isclose(d[f"total_{m}"].sum(), end - start, rel_tol=REL, abs_tol=1e-15)
        assert np.allclose(d[f"within_{m}"] + d[f"shift_{m}"], d[f"total_{m}"], rtol=0, atol=1e-16)


@SQL_SETTINGS
@given(family_tables(years=(2022, 2023)), poor_ifs)
def test_datt_ravallion_matches_reference_and_adds_up(shared_con, families, poor_if):
    con = database_with(shared_con, families)
    result = datt_ravallion(con, 2022, 2023, poor_if=poor_if)
    dr = result.table.set_index("measure")
    z0, z1 = official_line(2022), official_line(2023)
    f0, f1 = families[families.year == 2022], families[families.year == 2023]
    y0, n0 = f0["expenditure_pc"].to_numpy(), f0["size"].to_numpy(float)
    y1, n1 = f1["expenditure_pc"].to_numpy(), f1["size"].to_numpy(float)
    m0 = np.sum(n0 * (y0 / z0)) / n0.sum()
    m1 = np.sum(n1 * (y1 / z1)) / n1.sum()
    for alpha, m in ((0, "p0"), (1, "p1"), (2, "p2")):
        p00 = fgt(y0, z0, alpha, n0, poor_if)
        p11 = fgt(y1, z1, alpha, n1, poor_if)
        row = dr.loc[m]
        assert close(row["start"], p00) and close(row["end"], p11)
        assert math.isclose(row["growth"] + row["redistribution"], row["change"], rel_tol=REL, abs_tol=1e-15)
        scen = result.scenarios[m]
        # Away from the line (where rounding of the scale could move someone across it)
        # the cross scenarios equal the reference on the rescaled distributions.
        s10, s01 = m1 / m0, m0 / m1
        if np.all(np.abs(y0 * s10 - z0) > 1e-9 * z0) and np.all(np.abs(y1 * s01 - z1) > 1e-9 * z1):
            assert close(scen["p10"], fgt(y0 * s10, z0, alpha, n0, poor_if), rel=1e-9)
            assert close(scen["p01"], fgt(y1 * s01, z1, alpha, n1, poor_if), rel=1e-9)


def test_datt_ravallion_pure_growth_and_pure_redistribution():
    rng = np.random.default_rng(7)
    z0, z1 = official_line(2022), official_line(2023)
    n = 200
    base = pd.DataFrame(
        {
            "year": 2022,
            "kode_kelurahan": rng.choice(KELURAHAN_CODES, n),
            "size": rng.integers(1, 8, n),
            "expenditure_pc": z0 * np.exp(rng.normal(0.2, 0.5, n)),
        }
    )
    # Pure growth: every family's real welfare times 1.25 (the Lorenz curve is kept).
    grown = base.assign(year=2023, expenditure_pc=base["expenditure_pc"] / z0 * z1 * 1.25)
    dr = datt_ravallion(build_database(pd.concat([base, grown], ignore_index=True)), 2022, 2023).table
    assert np.allclose(dr["redistribution"], 0.0, atol=1e-12)
    assert np.allclose(dr["growth"], dr["change"], atol=1e-12)
    assert (dr["change"] < 0).all()
    # Pure redistribution: same real total, welfare squeezed towards the mean.
    real = base["expenditure_pc"].to_numpy() / z0
    mean = np.sum(base["size"] * real) / base["size"].sum()
    squeezed = base.assign(year=2023, expenditure_pc=(mean + 0.5 * (real - mean)) * z1)
    dr = datt_ravallion(build_database(pd.concat([base, squeezed], ignore_index=True)), 2022, 2023).table
    assert np.allclose(dr["growth"], 0.0, atol=1e-9)
    assert np.allclose(dr["redistribution"], dr["change"], atol=1e-9)
