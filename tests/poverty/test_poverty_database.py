"""DuckDB functions on small fixture databases built from schema.sql."""

import duckdb
import numpy as np
import pandas as pd
import pytest
from poverty_fixtures import official_line, random_families

from analytics.errors import UserError
from analytics.poverty.area import fgt_alpha_by_area, fgt_by_area
from analytics.poverty.change import change_by_area
from analytics.poverty.datt_ravallion import datt_ravallion
from analytics.poverty.fgt import fgt
from analytics.poverty.frame import fgt_csv, fgt_frame, fgt_table, read_csv
from analytics.poverty.lines import available_years, resolve_line
from analytics.poverty.sensitivity import sensitivity_curve
from analytics.poverty.subgroup import subgroup_decomposition
from analytics.poverty.testing import build_database, reference_lines
from analytics.poverty.watts import watts


@pytest.fixture(scope="module")
def con():
    rng = np.random.default_rng(2024)
    families = pd.concat(
        [random_families(rng, 400, 2022), random_families(rng, 500, 2023), random_families(rng, 300, 2018)],
        ignore_index=True,
    )
    families["desil"] = rng.integers(1, 11, len(families))
    # The schema has no survey weight; any numeric family column exercises `weight`.
    families["percentile"] = rng.integers(1, 101, len(families))
    connection = build_database(families)
    yield connection
    connection.close()


def persons(con, year):
    return con.execute(
        "select expenditure_pc, size, kode_kelurahan, desil, percentile from family where year = ?",
        [year],
    ).df()


class TestFgtByArea:
    def test_city_row(self, con):
        out = fgt_by_area(con, 2023)
        assert list(out.columns) == ["kode", "nama", "population", "poor", "p0", "p1", "p2", "watts"]
        assert out["kode"].tolist() == ["64.74"] and out["nama"].tolist() == ["Kota Bontang"]
        fam = persons(con, 2023)
        assert out.loc[0, "population"] == fam["size"].sum()
        assert resolve_line(con, 2023, "official").as_dict() == {
            "amount": official_line(2023),
            "kind": "official",
            "status": "official",
            "year": 2023,
        }

    def test_kelurahan_with_city_first(self, con):
        out = fgt_by_area(con, 2023, by="kelurahan", include_city=True)
        assert out["kode"].iloc[0] == "64.74"
        assert len(out) == 16
        assert out["kode"].iloc[1:].tolist() == sorted(out["kode"].iloc[1:])
        assert out.loc[out.kode == "64.74.01.1003", "nama"].item() == "Lok Tuan"
        assert out["population"].iloc[1:].sum() == out["population"].iloc[0]
        assert out["poor"].dtype == np.int64

    def test_kecamatan_names(self, con):
        out = fgt_by_area(con, 2023, by="kecamatan")
        assert out["nama"].tolist() == ["Bontang Utara", "Bontang Selatan", "Bontang Barat"]

    def test_extreme_and_amount_lines(self, con):
        fam = persons(con, 2023)
        y, n = fam["expenditure_pc"].to_numpy(), fam["size"].to_numpy(float)
        extreme = fgt_by_area(con, 2023, line="extreme")
        assert resolve_line(con, 2023, "extreme").amount == 351957
        assert extreme.loc[0, "p0"] == pytest.approx(fgt(y, 351957, 0, n), rel=1e-12)
        amount = fgt_by_area(con, 2023, line=1_000_000)
        assert resolve_line(con, 2023, 1_000_000).kind == "amount"
        assert amount.loc[0, "p2"] == pytest.approx(fgt(y, 1e6, 2, n), rel=1e-12)

    def test_estimated_line_is_flagged(self, con):
        # 2018 has no published line; the reference file carries an estimate.
        assert resolve_line(con, 2018, "official").status == "estimated"
        assert not fgt_by_area(con, 2018).empty
        assert resolve_line(con, 2022, "official").status == "official"

    def test_weight_column_and_arbitrary_grouping(self, con):
        fam = persons(con, 2023)
        out = fgt_by_area(con, 2023, by="desil", weight="percentile")
        assert out["kode"].tolist() == sorted(fam["desil"].unique())
        z = official_line(2023)
        for row in out.itertuples():
            f = fam[fam.desil == row.kode]
            w = f["size"] * f["percentile"]
            assert row.population == pytest.approx(w.sum(), rel=1e-12)
            assert row.p1 == pytest.approx(fgt(f["expenditure_pc"], z, 1, w), rel=1e-12)
            assert row.watts == pytest.approx(watts(f["expenditure_pc"], z, w), rel=1e-12)

    def test_alpha(self, con):
        fam = persons(con, 2023)
        y, n = fam["expenditure_pc"].to_numpy(), fam["size"].to_numpy(float)
        for alpha in (0, 0.5, 2, 3.7):
            out = fgt_alpha_by_area(con, 2023, alpha)
            assert out.loc[0, "fgt"] == pytest.approx(fgt(y, official_line(2023), alpha, n), rel=1e-12)

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"year": 2030}, "tidak ada data keluarga untuk tahun 2030"),
            ({"year": "2023"}, "tahun harus berupa bilangan bulat"),
            ({"year": 2023, "by": "nope"}, "kolom 'nope' tidak ada"),
            ({"year": 2023, "weight": "kode_kelurahan"}, "harus berisi angka"),
            ({"year": 2023, "line": "resmi"}, "garis kemiskinan harus"),
            ({"year": 2023, "line": -3}, "garis kemiskinan harus"),
            ({"year": 2023, "poor_if": "<="}, "poor_if"),
            ({"year": 2018, "line": "extreme"}, "garis kemiskinan ekstrem tahun 2018 tidak tersedia"),
        ],
    )
    def test_errors(self, con, kwargs, message):
        with pytest.raises(UserError, match=message):
            fgt_by_area(con, **kwargs)

    def test_available_years(self, con):
        assert available_years(con) == [2018, 2022, 2023]


class TestFrameMode:
    def test_ungrouped_and_grouped(self):
        df = pd.DataFrame({"y": [50.0, 150.0, 80.0], "g": ["x", "y", "x"], "hh": [2, 1, 3]})
        out = fgt_frame(df, "y", 100, size="hh")
        assert out.loc[0, "population"] == 6 and out.loc[0, "poor"] == 5
        by = fgt_frame(df, "y", 100, by="g", size="hh")
        assert by["g"].tolist() == ["x", "y"]

    def test_zero_welfare_makes_watts_empty(self):
        out = fgt_frame(pd.DataFrame({"y": [0.0, 50.0, 150.0]}), "y", 100)
        assert np.isnan(out.loc[0, "watts"])
        assert out.loc[0, "p1"] == pytest.approx((1 + 0.5) / 3)

    @pytest.mark.parametrize(
        "frame, kwargs, message",
        [
            (pd.DataFrame({"y": [1.0]}), {"welfare": "x"}, "kolom 'x' tidak ada"),
            (pd.DataFrame({"y": ["a"]}), {"welfare": "y"}, "harus berisi angka"),
            (pd.DataFrame({"y": [1.0, None]}), {"welfare": "y"}, "nilai kosong"),
            (pd.DataFrame({"y": [1.0, -2.0]}), {"welfare": "y"}, "negatif"),
            (pd.DataFrame({"y": [1.0], "w": [-1.0]}), {"welfare": "y", "weight": "w"}, "negatif"),
            (pd.DataFrame({"y": [1.0], "w": [0.0]}), {"welfare": "y", "weight": "w"}, "harus positif"),
            (pd.DataFrame({"y": pd.Series([], dtype=float)}), {"welfare": "y"}, "kosong"),
            (pd.DataFrame({"y": [1.0]}), {"welfare": "y", "by": "g"}, "kolom 'g' tidak ada"),
        ],
    )
    def test_errors(self, frame, kwargs, message):
        with pytest.raises(UserError, match=message):
            fgt_frame(frame, line=100, **kwargs)

    def test_table_mode_unknown_table(self):
        con = duckdb.connect()
        with pytest.raises(UserError, match="tabel 'nope' tidak ada"):
            fgt_table(con, "nope", "y", 100)

    def test_csv_file(self, tmp_path):
        path = tmp_path / "data.csv"
        path.write_text("desa;pengeluaran\nA;100\nA;200\nB;50\n")
        out = fgt_csv(path, "pengeluaran", 150, by="desa")
        assert out["p0"].tolist() == [0.5, 1.0]
        with pytest.raises(UserError, match="berkas tidak ditemukan"):
            read_csv(tmp_path / "missing.csv")


class TestSensitivity:
    def test_by_kecamatan(self, con):
        curve = sensitivity_curve(con, 2023, by="kecamatan", pct_from=80, pct_to=120, pct_step=20)
        assert curve.groupby("kode").size().tolist() == [3, 3, 3]
        assert set(curve["nama"]) == {"Bontang Utara", "Bontang Selatan", "Bontang Barat"}
        base = curve[curve.pct == 100].set_index("kode")["p0"]
        direct = fgt_by_area(con, 2023, by="kecamatan").set_index("kode")["p0"]
        assert np.allclose(base, direct.loc[base.index], rtol=1e-12, atol=0)

    def test_default_grid(self, con):
        curve = sensitivity_curve(con, 2023)
        assert len(curve) == 151 and curve["pct"].iloc[0] == 50 and curve["pct"].iloc[-1] == 200

    @pytest.mark.parametrize("kwargs", [{"pct_from": 0}, {"pct_step": 1.5}, {"pct_from": 150, "pct_to": 100}])
    def test_errors(self, con, kwargs):
        with pytest.raises(UserError, match="pct_"):
            sensitivity_curve(con, 2023, **kwargs)


class TestSubgroupAndChange:
    def test_subgroup_columns(self, con):
        d = subgroup_decomposition(con, 2023, level="kelurahan").table
        assert d["kode"].str.len().eq(13).all()
        assert d["population"].sum() == persons(con, 2023)["size"].sum()
        with pytest.raises(UserError, match="level"):
            subgroup_decomposition(con, 2023, level="kota")

    def test_change_area_missing_in_one_year(self):
        # An area with families only in the end year: its change is all population shift.
        z22, z23 = official_line(2022), official_line(2023)
        families = pd.DataFrame(
            {
                "year": [2022, 2022, 2023, 2023, 2023],
                "kode_kelurahan": [
                    "64.74.01.1001",
                    "64.74.02.1001",
                    "64.74.01.1001",
                    "64.74.02.1001",
                    "64.74.03.1001",
                ],
                "size": [2, 2, 2, 2, 4],
                "expenditure_pc": [0.5 * z22, 2 * z22, 0.5 * z23, 2 * z23, 0.8 * z23],
            }
        )
        result = change_by_area(build_database(families), 2022, 2023, level="kecamatan")
        d = result.table.set_index("kode")
        assert np.isnan(d.loc["64.74.03", "p0_start"])
        assert d.loc["64.74.03", "within_p0"] == 0
        assert d.loc["64.74.03", "shift_p0"] == pytest.approx(0.5)  # P = 1, share 0 -> 0.5
        assert d["total_p0"].sum() == pytest.approx(result.city["p0"]["change"], abs=1e-15)
        assert result.city["p0"]["start"] == 0.5 and result.city["p0"]["end"] == 0.75

    @pytest.mark.parametrize(
        "args, message",
        [
            ((2023, 2023), "sama"),
            ((2021, 2023), "tidak ada data keluarga untuk tahun 2021"),
        ],
    )
    def test_change_errors(self, con, args, message):
        with pytest.raises(UserError, match=message):
            change_by_area(con, *args)
        with pytest.raises(UserError, match=message):
            datt_ravallion(con, *args)

    def test_change_needs_line_of_each_year(self, con):
        with pytest.raises(UserError, match="garis kemiskinan tiap tahun"):
            change_by_area(con, 2022, 2023, line=800_000)

    def test_datt_ravallion_real_means(self, con):
        dr = datt_ravallion(con, 2022, 2023)
        lines = reference_lines().set_index("year")["official_line"]
        for year, key in ((2022, "mean_real_start"), (2023, "mean_real_end")):
            fam = persons(con, year)
            real = fam["expenditure_pc"] / lines[year]
            assert getattr(dr, key) == pytest.approx(np.average(real, weights=fam["size"]), rel=1e-12)
        assert dr.table["measure"].tolist() == ["p0", "p1", "p2"]
