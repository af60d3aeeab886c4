"""Segments of the poor: 'empower' versus 'assist', and their part of P1 and P2."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from programs_fixtures import line_of, random_families

from analytics.poverty.area import fgt_by_area
from analytics.poverty.testing import build_database, replace_families
from analytics.segments import SEGMENT_COLUMNS, segments

Z = 763_661.0  # official line 2023


def hand_families():
    """Four families, 2023, all in Bontang Kuala (10 persons).

    id  size  y (share of z)  working-age  disabled  segment
    A   4     0.5 z           2            0         empower  (gap 0.5)
    B   2     0.8 z           1            1         assist   (gap 0.2; the one adult is counted disabled)
    C   1     0.9 z           0            0         assist   (gap 0.1; e.g. a widow over 60)
    D   3     1.5 z           2            0         not poor
    """
    return pd.DataFrame(
        {
            "year": 2023,
            "kode_kelurahan": "64.74.01.1001",
            "size": [4, 2, 1, 3],
            "expenditure_pc": [0.5 * Z, 0.8 * Z, 0.9 * Z, 1.5 * Z],
            "n_working_age": pd.array([2, 1, 0, 2], dtype="Int64"),
            "n_disabled": pd.array([0, 1, 0, 0], dtype="Int64"),
        }
    )


def test_hand_checked():
    frame = segments(build_database(hand_families()), 2023)
    assert list(frame.columns) == SEGMENT_COLUMNS
    empower, assist = frame.iloc[0], frame.iloc[1]
    assert (empower.segment, empower.families, empower.persons) == ("empower", 1, 4)
    assert (assist.segment, assist.families, assist.persons) == ("assist", 2, 3)
    # P1 = (4*0.5 + 2*0.2 + 1*0.1) / 10 = 0.25; empower 0.2, assist 0.05.
    assert empower.gap_contribution == pytest.approx(0.2)
    assert assist.gap_contribution == pytest.approx(0.05)
    assert empower.p1_share == pytest.approx(0.8) and assist.p1_share == pytest.approx(0.2)
    # P2: empower 4*0.25/10 = 0.1; assist (2*0.04 + 0.01)/10 = 0.009.
    assert empower.p2_contribution == pytest.approx(0.1)
    assert assist.p2_contribution == pytest.approx(0.009)


def test_missing_counts_are_assist():
    fam = hand_families().drop(columns=["n_working_age", "n_disabled"])
    frame = segments(build_database(fam), 2023)
    assert frame["families"].tolist() == [0, 3]


def test_every_area_listed():
    frame = segments(build_database(hand_families()), 2023, by="kelurahan")
    assert len(frame) == 30 and set(frame["segment"]) == {"empower", "assist"}
    empty = frame[frame.kode == "64.74.03.1003"]
    assert (empty["families"] == 0).all() and empty["gap_contribution"].isna().all()


def reference(fam: pd.DataFrame, z: float) -> pd.DataFrame:
    """Plain pandas: per kelurahan and segment, poor families/persons, gap sums / population."""
    y = fam["expenditure_pc"].to_numpy()
    w = fam["size"].to_numpy(float)
    poor = y < z
    gap = np.where(poor, 1 - y / z, 0.0)
    able = fam["n_working_age"].fillna(0).to_numpy(float) - fam["n_disabled"].fillna(0).to_numpy(float) > 0
    seg = np.where(able, "empower", "assist")
    rows = []
    for kode, idx in fam.groupby("kode_kelurahan").groups.items():
        m = fam.index.isin(idx)
        pop = w[m].sum()
        for s in ("empower", "assist"):
            ms = m & poor & (seg == s)
            rows.append(
                {
                    "kode": kode,
                    "segment": s,
                    "families_ref": int(ms.sum()),
                    "persons_ref": w[ms].sum(),
                    "gap_ref": (w[ms] * gap[ms]).sum() / pop,
                    "gap2_ref": (w[ms] * gap[ms] ** 2).sum() / pop,
                }
            )
    return pd.DataFrame(rows)


def test_against_pandas():
    rng = np.random.default_rng(3)
    fam = random_families(rng, 500, 2023)
    got = segments(build_database(fam), 2023, by="kelurahan")
    merged = reference(fam, line_of(2023)).merge(got, on=["kode", "segment"])
    assert len(merged) == 2 * fam["kode_kelurahan"].nunique()
    assert (merged["families_ref"] == merged["families"]).all()
    np.testing.assert_allclose(merged["persons"], merged["persons_ref"])
    np.testing.assert_allclose(merged["gap_contribution"], merged["gap_ref"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(merged["p2_contribution"], merged["gap2_ref"], rtol=1e-12, atol=1e-15)


_DB = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 80), by=st.sampled_from(["kota", "kecamatan", "kelurahan"]))
def test_contributions_add_up_to_fgt(seed, n, by):
    if not _DB:
        _DB.append(build_database(random_families(np.random.default_rng(0), 3, 2023)))
    con = _DB[0]
    replace_families(con, random_families(np.random.default_rng(seed), n, 2023))
    seg = segments(con, 2023, by=by)
    fgt = fgt_by_area(con, 2023, by=by).set_index("kode")
    sums = seg.groupby("kode")[["gap_contribution", "p2_contribution", "persons", "p1_share"]].sum(min_count=1)
    present = fgt[fgt["population"] > 0]
    np.testing.assert_allclose(sums.loc[present.index, "gap_contribution"], present["p1"], rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(sums.loc[present.index, "p2_contribution"], present["p2"], rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(sums.loc[present.index, "persons"], present["poor"])
    with_poor = present[present["p1"] > 0].index
    np.testing.assert_allclose(sums.loc[with_poor, "p1_share"], 1.0)
