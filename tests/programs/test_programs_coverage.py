"""Program coverage, targeting errors, strategies and the uncovered list."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from programs_fixtures import PROGRAM_COLUMNS, line_of, random_families

from analytics.access.scope import User
from analytics.errors import UserError
from analytics.poverty.testing import build_database, replace_families
from analytics.programs.coverage import (
    COVERAGE_COLUMNS,
    PROGRAM_STRATEGY,
    PROGRAMS,
    STRATEGIES_WITHOUT_PROGRAMS,
    UNCOVERED_COLUMNS,
    coverage,
    coverage_by_strategy,
    normalize_program,
    uncovered_eligible,
)

ANALIS = User("analis", "analis")  # sees every kelurahan
Z_2023 = 763_661.0  # official line 2023 (BPS)
X_2023 = 351_957.0  # extreme line 2023 (BPS)


def six_families() -> pd.DataFrame:
    """Six families of 2023, checked by hand below.

    id  kelurahan       y          poor  extreme  desil  programs
    A   64.74.01.1001   300,000    yes   yes      1      PKH
    B   64.74.01.1001   500,000    yes   no       2      -
    C   64.74.01.1003   700,000    yes   no       3      SEMBAKO
    D   64.74.01.1003   900,000    no    no       4      PKH
    E   64.74.02.1001 1,200,000    no    no       6      PKH, SEMBAKO
    F   64.74.02.1001 2,000,000    no    no       -      -
    """
    return pd.DataFrame(
        {
            "year": 2023,
            "family_id": list("ABCDEF"),
            "kode_kelurahan": ["64.74.01.1001"] * 2 + ["64.74.01.1003"] * 2 + ["64.74.02.1001"] * 2,
            "size": [4, 3, 5, 2, 3, 1],
            "expenditure_pc": [300_000.0, 500_000.0, 700_000.0, 900_000.0, 1_200_000.0, 2_000_000.0],
            "desil": pd.array([1, 2, 3, 4, 6, None], dtype="Int64"),
            "receives_pkh": [True, False, False, True, True, False],
            "receives_sembako": [False, False, True, False, True, False],
            "n_working_age": pd.array([2, 0, 1, 2, 2, 1], dtype="Int64"),
            "n_disabled": pd.array([0, 0, 1, 0, 0, 0], dtype="Int64"),
            "lat": [0.13, 0.131, 0.16, 0.161, 0.12, 0.121],
            "lon": [117.5, 117.501, 117.47, 117.471, 117.48, 117.481],
            "coord_status": "ok",
        }
    )


@pytest.fixture(scope="module")
def six():
    return build_database(six_families())


def row(frame, kode, program):
    hit = frame[(frame.kode == kode) & (frame.program == program)]
    assert len(hit) == 1
    return hit.iloc[0]


class TestHandChecked:
    def test_columns_and_city_row(self, six):
        frame = coverage(six, 2023)
        assert list(frame.columns) == COVERAGE_COLUMNS
        assert frame[["kode", "nama", "program"]].values.tolist() == [["64.74", "Kota Bontang", "any"]]

    def test_pkh(self, six):
        # Eligible (poor): A, B, C. PKH reaches A among them -> 1/3. Recipients A, D, E;
        # D and E are not poor -> inclusion error 2/3.
        r = row(coverage(six, 2023, program="pkh"), "64.74", "PKH")
        assert (r.eligible_families, r.covered_eligible, r.recipients, r.recipients_not_eligible) == (3, 1, 3, 2)
        assert r.coverage == pytest.approx(1 / 3) and r.exclusion_error == pytest.approx(2 / 3)
        assert r.inclusion_error == pytest.approx(2 / 3)

    def test_all_programs(self, six):
        frame = coverage(six, 2023, program="all")
        assert frame["program"].tolist() == [*PROGRAMS, "any"]
        # SEMBAKO: covers C (1/3); recipients C, E; E not poor -> 1/2.
        s = row(frame, "64.74", "SEMBAKO")
        assert (s.covered_eligible, s.recipients, s.recipients_not_eligible) == (1, 2, 1)
        assert s.inclusion_error == pytest.approx(0.5)
        # Any: covers A and C (2/3); recipients A, C, D, E; D, E not poor -> 1/2.
        a = row(frame, "64.74", "any")
        assert (a.covered_eligible, a.recipients, a.recipients_not_eligible) == (2, 4, 2)
        assert a.coverage == pytest.approx(2 / 3) and a.inclusion_error == pytest.approx(0.5)
        # Nobody gets PBI: coverage 0 of 3 eligible, inclusion error undefined.
        p = row(frame, "64.74", "PBI")
        assert (p.eligible_families, p.covered_eligible, p.recipients) == (3, 0, 0)
        assert p.coverage == 0 and math.isnan(p.inclusion_error)

    def test_by_kecamatan(self, six):
        frame = coverage(six, 2023, by="kecamatan", program="PKH")
        assert frame["kode"].tolist() == ["64.74.01", "64.74.02", "64.74.03"]
        utara, selatan, barat = (frame.iloc[i] for i in range(3))
        # Bontang Utara: A, B, C eligible; A covered. Recipients A, D.
        assert (utara.eligible_families, utara.covered_eligible, utara.recipients) == (3, 1, 2)
        # Bontang Selatan: nobody eligible -> coverage undefined; E is a leak (1 of 1).
        assert selatan.eligible_families == 0 and math.isnan(selatan.coverage)
        assert selatan.inclusion_error == 1.0
        # Bontang Barat has no families at all.
        assert (barat.eligible_families, barat.recipients) == (0, 0) and math.isnan(barat.coverage)

    def test_by_kelurahan_lists_every_area(self, six):
        frame = coverage(six, 2023, by="kelurahan", include_city=True)
        assert len(frame) == 16 and frame["kode"].iloc[0] == "64.74"
        r = row(frame, "64.74.01.1003", "any")  # C (eligible, covered), D (recipient, not eligible)
        assert (r.eligible_families, r.covered_eligible, r.recipients, r.recipients_not_eligible) == (1, 1, 2, 1)

    def test_extreme(self, six):
        # Below the 2023 extreme line (351,957): only A, who receives PKH.
        r = row(coverage(six, 2023, eligible="extreme"), "64.74", "any")
        assert (r.eligible_families, r.covered_eligible, r.recipients, r.recipients_not_eligible) == (1, 1, 4, 3)
        assert r.coverage == 1.0 and r.inclusion_error == pytest.approx(0.75)

    def test_desil(self, six):
        # desil <= 4: A, B, C, D (F has no desil). PKH reaches A and D; E leaks.
        r = row(coverage(six, 2023, program="PKH", eligible="desil<=4"), "64.74", "PKH")
        assert (r.eligible_families, r.covered_eligible, r.recipients, r.recipients_not_eligible) == (4, 2, 3, 1)
        assert coverage(six, 2023, eligible="DESIL <= 1").loc[0, "eligible_families"] == 1

    def test_amount_line(self, six):
        # Line Rp 600,000: A and B are poor.
        assert coverage(six, 2023, line=600_000).loc[0, "eligible_families"] == 2

    def test_aliases(self, six):
        assert normalize_program("bpnt") == "SEMBAKO"
        for alias in ("PBI-JK", "pbi-jkn", "PBI"):
            assert normalize_program(alias) == "PBI"
        a = coverage(six, 2023, program="BPNT")
        b = coverage(six, 2023, program="sembako")
        pd.testing.assert_frame_equal(a, b)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"program": "BLT"},
            {"eligible": "rich"},
            {"eligible": "desil<=0"},
            {"by": "desa"},
            {"line": -5},
            {"year": 2030},
        ],
    )
    def test_bad_arguments(self, six, kwargs):
        args = {"year": 2023, **kwargs}
        with pytest.raises(UserError):
            coverage(six, **args)


class TestStrategies:
    def test_mapping(self):
        assert set(PROGRAM_STRATEGY) == set(PROGRAMS)
        spend = {p for p, s in PROGRAM_STRATEGY.items() if s == "MENGURANGI BEBAN PENGELUARAN"}
        income = {p for p, s in PROGRAM_STRATEGY.items() if s == "MENINGKATKAN PENDAPATAN"}
        assert spend == {"PKH", "SEMBAKO", "PBI", "BST"} and income == {"BPUM", "PRAKERJA", "KUR"}

    def test_hand_checked(self, six):
        frame = coverage_by_strategy(six, 2023)
        assert frame["strategy"].tolist() == ["MENGURANGI BEBAN PENGELUARAN", "MENINGKATKAN PENDAPATAN"]
        spend, income = frame.iloc[0], frame.iloc[1]
        # Spending burden: A (PKH) and C (SEMBAKO) of A, B, C -> 2/3.
        assert spend.covered_eligible == 2 and spend.coverage == pytest.approx(2 / 3)
        assert income.recipients == 0 and income.coverage == 0
        assert list(STRATEGIES_WITHOUT_PROGRAMS) == ["MEMINIMALKAN WILAYAH KANTONG KEMISKINAN"]


class TestUncovered:
    def test_hand_checked(self, six):
        # Poor and without any program: only B.
        frame = uncovered_eligible(six, 2023, user=ANALIS)
        assert list(frame.columns) == UNCOVERED_COLUMNS
        assert frame["family_id"].tolist() == ["B"]
        b = frame.iloc[0]
        assert b.gap == pytest.approx(1 - 500_000 / Z_2023)
        assert b.kelurahan == "Bontang Kuala" and b.kode_kecamatan == "64.74.01"
        assert b.segment == "assist"  # no working-age member
        assert not any(c in frame.columns for c in ("nama", "name", "nik", "no_kk"))

    def test_per_program_and_order(self, six):
        # Without PKH among the poor: C (gap 0.083) and B (gap 0.345), deepest first.
        frame = uncovered_eligible(six, 2023, program="PKH", user=ANALIS)
        assert frame["family_id"].tolist() == ["B", "C"]
        assert frame["gap"].is_monotonic_decreasing
        # C has one working-age member who is (counted as) disabled -> assist.
        assert frame.set_index("family_id").loc["C", "segment"] == "assist"

    def test_filters(self, six):
        pkh = uncovered_eligible(six, 2023, program="PKH", kode_kelurahan="6474011003", user=ANALIS)
        assert pkh["family_id"].tolist() == ["C"]
        assert uncovered_eligible(six, 2023, segment="empower", user=ANALIS).empty
        # desil <= 6 without any program: B (F has no desil). Gap is against the line.
        frame = uncovered_eligible(six, 2023, eligible="desil<=6", user=ANALIS)
        assert frame["family_id"].tolist() == ["B"]
        with pytest.raises(UserError):
            uncovered_eligible(six, 2023, kode_kelurahan="64.74.09.9999", user=ANALIS)
        with pytest.raises(UserError):
            uncovered_eligible(six, 2023, segment="other", user=ANALIS)


def reference_coverage(fam: pd.DataFrame, eligible: np.ndarray, group: pd.Series) -> pd.DataFrame:
    """Plain pandas counts per (group, program)."""
    rows = []
    received = {p: fam[c].to_numpy(bool) for p, c in PROGRAM_COLUMNS.items()}
    received["any"] = np.logical_or.reduce(list(received.values()))
    for program, got in received.items():
        for kode in sorted(group.unique()):
            m = (group == kode).to_numpy()
            rows.append(
                {
                    "kode": kode,
                    "program": program,
                    "eligible_families": int((m & eligible).sum()),
                    "covered_eligible": int((m & eligible & got).sum()),
                    "recipients": int((m & got).sum()),
                    "recipients_not_eligible": int((m & got & ~eligible).sum()),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def random_db():
    rng = np.random.default_rng(7)
    fam = random_families(rng, 600, 2023)
    return fam, build_database(fam)


@pytest.mark.parametrize("by", ["kota", "kecamatan", "kelurahan"])
@pytest.mark.parametrize("eligible", ["poor", "extreme", "desil<=3"])
def test_against_pandas(random_db, by, eligible):
    fam, con = random_db
    if eligible == "poor":
        is_eligible = fam["expenditure_pc"].to_numpy() < line_of(2023)
    elif eligible == "extreme":
        is_eligible = fam["expenditure_pc"].to_numpy() < line_of(2023, "extreme")
    else:
        is_eligible = (fam["desil"].fillna(99) <= 3).to_numpy(bool)
    group = {
        "kota": pd.Series("64.74", index=fam.index),
        "kecamatan": fam["kode_kelurahan"].str[:8],
        "kelurahan": fam["kode_kelurahan"],
    }[by]
    expected = reference_coverage(fam, is_eligible, group)
    got = coverage(con, 2023, by=by, program="all", eligible=eligible)
    merged = expected.merge(got, on=["kode", "program"], suffixes=("_ref", ""))
    assert len(merged) == len(expected)
    for column in ("eligible_families", "covered_eligible", "recipients", "recipients_not_eligible"):
        assert (merged[f"{column}_ref"] == merged[column]).all(), column
    np.testing.assert_allclose(
        merged["coverage"], merged["covered_eligible_ref"] / merged["eligible_families_ref"], rtol=1e-15
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60), program=st.sampled_from([*PROGRAMS, "any"]))
def test_identities(seed, n, program):
    rng = np.random.default_rng(seed)
    con = _property_db()
    replace_families(con, random_families(rng, n, 2023, with_nulls=False))
    city = coverage(con, 2023, program=program)
    areas = coverage(con, 2023, by="kelurahan", program=program)
    for frame in (city, areas):
        defined = frame["eligible_families"] > 0
        np.testing.assert_allclose(frame.loc[defined, "coverage"] + frame.loc[defined, "exclusion_error"], 1.0)
        assert (frame["covered_eligible"] <= frame["eligible_families"]).all()
        assert (frame["recipients_not_eligible"] <= frame["recipients"]).all()
        assert frame.loc[~defined, "coverage"].isna().all()
    for column in ("eligible_families", "covered_eligible", "recipients", "recipients_not_eligible"):
        assert areas[column].sum() == city.loc[0, column]


_PROPERTY_DB = []


def _property_db():
    # One database reused across Hypothesis examples: building the schema is the slow part.
    if not _PROPERTY_DB:
        rng = np.random.default_rng(0)
        _PROPERTY_DB.append(build_database(random_families(rng, 5, 2023)))
    return _PROPERTY_DB[0]
