"""Poverty transitions between two years of the family panel."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from programs_fixtures import line_of, random_families

from analytics.errors import UserError
from analytics.poverty.testing import build_database, replace_families
from analytics.poverty.transitions import TRANSITION_COLUMNS, transitions

Z22, Z23 = 697_326.0, 763_661.0  # official lines 2022 and 2023


def hand_panel():
    """2022 -> 2023, each year against its own line.

    id  2022                     2023                        class
    a   600k Kuala (poor)        650k Kuala (poor)           stayed_poor
    b   600k Kuala (poor)        800k Guntung (not poor)     left_poverty (counted in Guntung)
    c   720k Kuala (not poor)    740k Kuala (poor: 740k < 763,661) entered_poverty
    d   1.5M Kanaan              1.6M Kanaan                 stayed_out
    e   500k Kanaan              -                           only_in_from (Kanaan)
    f   -                        900k Satimpo                only_in_to
    """
    rows = [
        (2022, "a", "64.74.01.1001", 600e3),
        (2023, "a", "64.74.01.1001", 650e3),
        (2022, "b", "64.74.01.1001", 600e3),
        (2023, "b", "64.74.01.1004", 800e3),
        (2022, "c", "64.74.01.1001", 720e3),
        (2023, "c", "64.74.01.1001", 740e3),
        (2022, "d", "64.74.03.1003", 1.5e6),
        (2023, "d", "64.74.03.1003", 1.6e6),
        (2022, "e", "64.74.03.1003", 500e3),
        (2023, "f", "64.74.02.1004", 900e3),
    ]
    fam = pd.DataFrame(rows, columns=["year", "family_id", "kode_kelurahan", "expenditure_pc"])
    fam["size"] = 2
    return fam


@pytest.fixture(scope="module")
def panel():
    return build_database(hand_panel())


def test_city(panel):
    frame = transitions(panel, 2022, 2023)
    assert list(frame.columns) == TRANSITION_COLUMNS
    assert frame.iloc[0].tolist() == ["64.74", "Kota Bontang", 1, 1, 1, 1, 1, 1]


def test_by_kelurahan(panel):
    frame = transitions(panel, 2022, 2023, by="kelurahan").set_index("kode")
    assert len(frame) == 15
    assert frame.loc["64.74.01.1001", TRANSITION_COLUMNS[2:]].tolist() == [1, 0, 1, 0, 0, 0]
    assert frame.loc["64.74.01.1004", "left_poverty"] == 1  # b, where it lives in 2023
    assert frame.loc["64.74.03.1003", ["stayed_out", "only_in_from"]].tolist() == [1, 1]
    assert frame.loc["64.74.02.1004", "only_in_to"] == 1
    by_kec = transitions(panel, 2022, 2023, by="kecamatan").set_index("kode")
    assert by_kec.loc["64.74.01", ["stayed_poor", "left_poverty", "entered_poverty"]].tolist() == [1, 1, 1]


def test_lines(panel):
    # One amount for both years (Rp 700,000): c is not poor in either year (720k, 740k).
    frame = transitions(panel, 2022, 2023, line=700_000)
    assert frame.loc[0, "entered_poverty"] == 0 and frame.loc[0, "stayed_out"] == 2
    # Reversed direction: 'b' is in both years, counted in its 2022 kelurahan now.
    back = transitions(panel, 2023, 2022, by="kelurahan").set_index("kode")
    # b: 800k (not poor, 2023) -> 600k (poor, 2022); c: 740k (poor) -> 720k (not poor vs 697,326).
    assert back.loc["64.74.01.1001", ["stayed_poor", "left_poverty", "entered_poverty"]].tolist() == [1, 1, 1]
    with pytest.raises(UserError):
        transitions(panel, 2023, 2023)
    with pytest.raises(UserError):
        transitions(panel, 2019, 2023)


_DB = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    n0=st.integers(1, 50),
    n1=st.integers(1, 50),
    by=st.sampled_from(["kota", "kecamatan", "kelurahan"]),
)
def test_counts_add_up(seed, n0, n1, by):
    rng = np.random.default_rng(seed)
    # Ids overlap partly: both years draw from the same id range.
    a = random_families(rng, n0, 2022, id_prefix="F")
    b = random_families(rng, n1, 2023, id_prefix="F")
    b["family_id"] = [f"F{i:06d}" for i in rng.choice(max(n0, n1) + 10, size=n1, replace=False)]
    if not _DB:
        _DB.append(build_database(random_families(np.random.default_rng(0), 3, 2022)))
    con = _DB[0]
    replace_families(con, pd.concat([a, b], ignore_index=True))
    frame = transitions(con, 2022, 2023, by=by)
    both = set(a["family_id"]) & set(b["family_id"])
    total = frame[["stayed_poor", "left_poverty", "entered_poverty", "stayed_out"]].to_numpy().sum()
    assert total == len(both)
    assert frame["only_in_from"].sum() == n0 - len(both)
    assert frame["only_in_to"].sum() == n1 - len(both)
    # Against pandas for the poor-in-both count.
    m = a.merge(b, on="family_id", suffixes=("_a", "_b"))
    stayed = ((m["expenditure_pc_a"] < line_of(2022)) & (m["expenditure_pc_b"] < line_of(2023))).sum()
    assert frame["stayed_poor"].sum() == stayed
