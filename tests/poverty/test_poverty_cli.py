"""`python -m analytics fgt`: the stable CLI."""

import io
import json
import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest
from poverty_fixtures import build_db_file, official_line, random_families

from analytics.__main__ import main
from analytics.poverty.area import fgt_by_area
from analytics.poverty.fgt import fgt
from analytics.poverty.testing import build_database

DB_COLUMNS = ["kode", "nama", "population", "poor", "p0", "p1", "p2", "watts", "source"]


@pytest.fixture(scope="module")
def families():
    rng = np.random.default_rng(11)
    return pd.concat([random_families(rng, 300, 2023), random_families(rng, 200, 2020)], ignore_index=True)


@pytest.fixture(scope="module")
def db(families, tmp_path_factory):
    return str(build_db_file(families, tmp_path_factory.mktemp("cli") / "poverty.duckdb"))


def run(capsys, *argv):
    try:
        code = main(["fgt", *argv])
    except SystemExit as exc:  # argparse errors
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code, out, err, fragment):
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("galat: ")
    assert fragment in lines[0]
    assert "Traceback" not in err


class TestDbMode:
    def test_city_csv(self, capsys, db, families):
        code, out, err = run(capsys, "--db", db, "--year", "2023")
        assert code == 0 and err == ""
        table = pd.read_csv(io.StringIO(out), dtype={"kode": str})
        assert list(table.columns) == DB_COLUMNS
        assert table["kode"].tolist() == ["64.74"]
        fam = families[families.year == 2023]
        expected = fgt(fam["expenditure_pc"], official_line(2023), 1, fam["size"])
        assert table.loc[0, "p1"] == pytest.approx(expected, rel=1e-12)

    def test_full_precision(self, capsys, db):
        code, out, _ = run(capsys, "--db", db, "--year", "2023", "--by", "kelurahan")
        table = pd.read_csv(io.StringIO(out), dtype={"kode": str})
        con = duckdb.connect(db, read_only=True)
        direct = fgt_by_area(con, 2023, by="kelurahan", include_city=True)
        con.close()
        assert table["kode"].tolist() == direct["kode"].tolist()
        assert table["kode"].iloc[0] == "64.74" and len(table) == 16
        for column in ("p0", "p1", "p2", "watts"):
            # Printed with repr: the values read back bit for bit.
            assert np.array_equal(table[column].to_numpy(), direct[column].to_numpy(), equal_nan=True)
        p1_text = out.splitlines()[1].split(",")[5]
        assert len(p1_text.replace("0.", "", 1).lstrip("0")) >= 10

    def test_json_and_lines(self, capsys, db):
        code, out, _ = run(
            capsys, "--db", db, "--year", "2023", "--by", "kecamatan", "--line", "extreme", "--format", "json"
        )
        assert code == 0
        records = json.loads(out)
        assert [r["kode"] for r in records] == ["64.74", "64.74.01", "64.74.02", "64.74.03"]
        assert list(records[0]) == DB_COLUMNS
        code, out, _ = run(capsys, "--db", db, "--year", "2023", "--line", "1000000.5")
        assert code == 0

    def test_estimated_line_note(self, capsys, db):
        code, out, err = run(capsys, "--db", db, "--year", "2020")
        assert code == 0
        assert err.startswith("catatan: garis kemiskinan resmi tahun 2020 adalah estimasi")
        assert "Rp 622.487" in err

    def test_opens_read_only(self, capsys, db, monkeypatch):
        calls = []
        real_connect = duckdb.connect

        def spy(*args, **kwargs):
            calls.append(kwargs)
            return real_connect(*args, **kwargs)

        monkeypatch.setattr("analytics.cli.common.duckdb.connect", spy)
        code, _, _ = run(capsys, "--db", db, "--year", "2023")
        assert code == 0 and calls == [{"read_only": True}]

    @pytest.mark.parametrize(
        "argv, fragment",
        [
            (["--year", "2023"], "pilih salah satu sumber data"),
            (["--db", "{db}"], "--year wajib"),
            (["--db", "{db}", "--year", "2030"], "tidak ada data keluarga untuk tahun 2030"),
            (["--db", "{db}", "--year", "dua ribu"], "--year harus berupa bilangan bulat"),
            (["--db", "{db}", "--year", "2023", "--by", "desa"], "--by harus kota, kecamatan atau kelurahan"),
            (
                ["--db", "{db}", "--year", "2023", "--line", "resmi"],
                "--line harus official, extreme atau jumlah Rp",
            ),
            (["--db", "{db}", "--year", "2023", "--line", "-5"], "--line harus berupa jumlah positif"),
            (["--db", "{db}", "--year", "2023", "--format", "xlsx"], "--format harus csv atau json"),
            (["--db", "{db}", "--year", "2023", "--poor-if", "lte"], "--poor-if harus lt atau le"),
            (["--db", "{db}", "--year", "2023", "--welfare", "y"], "--welfare hanya dipakai dengan --csv"),
            (
                ["--db", "{db}", "--year", "2020", "--line", "extreme"],
                "garis kemiskinan ekstrem tahun 2020 tidak tersedia",
            ),
            (["--db", "missing.duckdb", "--year", "2023"], "berkas basis data tidak ditemukan"),
            (["--db", "{db}", "--csv", "x.csv"], "pilih salah satu sumber data"),
            (["--db", "{db}", "--year"], "tidak valid"),
        ],
    )
    def test_errors(self, capsys, db, argv, fragment):
        code, out, err = run(capsys, *[a.replace("{db}", db) for a in argv])
        assert_one_line_error(code, out, err, fragment)

    def test_not_a_database(self, capsys, tmp_path):
        bad = tmp_path / "bad.duckdb"
        bad.write_text("bukan basis data")
        code, out, err = run(capsys, "--db", str(bad), "--year", "2023")
        assert_one_line_error(code, out, err, "tidak dapat dibuka")

    def test_database_without_family_table(self, capsys, tmp_path):
        path = tmp_path / "other.duckdb"
        duckdb.connect(str(path)).close()
        code, out, err = run(capsys, "--db", str(path), "--year", "2023")
        assert_one_line_error(code, out, err, "tidak berisi tabel family")


class TestCsvMode:
    @pytest.fixture
    def csv(self, tmp_path):
        path = tmp_path / "rumah_tangga.csv"
        pd.DataFrame(
            {
                "desa": ["A", "A", "B", "B"],
                "pengeluaran": [100.0, 110.0, 150.0, 160.0],
                "bobot": [1.5, 2.0, 1.0, 1.0],
                "art": [4, 3, 2, 5],
            }
        ).to_csv(path, index=False)
        return str(path)

    def test_columns_and_values(self, capsys, csv):
        code, out, err = run(
            capsys,
            "--csv",
            csv,
            "--welfare",
            "pengeluaran",
            "--line",
            "125",
            "--weight",
            "bobot",
            "--size",
            "art",
            "--by",
            "desa",
        )
        assert code == 0 and err == ""
        table = pd.read_csv(io.StringIO(out))
        assert list(table.columns) == ["desa", "population", "poor", "p0", "p1", "p2", "watts"]
        w = np.array([1.5 * 4, 2.0 * 3])
        assert table.loc[0, "population"] == pytest.approx(w.sum())
        assert table.loc[0, "p1"] == pytest.approx(fgt([100, 110], 125, 1, w), rel=1e-12)

    def test_without_by_and_poor_if(self, capsys, csv):
        code, out, _ = run(
            capsys,
            "--csv",
            csv,
            "--welfare",
            "pengeluaran",
            "--line",
            "150",
            "--poor-if",
            "le",
            "--format",
            "json",
        )
        assert code == 0
        records = json.loads(out)
        assert list(records[0]) == ["population", "poor", "p0", "p1", "p2", "watts"]
        assert records[0]["poor"] == 3

    @pytest.mark.parametrize(
        "argv, fragment",
        [
            (["--welfare", "pengeluaran"], "--line wajib"),
            (["--line", "100"], "--welfare wajib"),
            (["--welfare", "pengeluaran", "--line", "official"], "perlu --line berupa jumlah Rp"),
            (["--welfare", "belanja", "--line", "100"], "kolom 'belanja' tidak ada"),
            (["--welfare", "desa", "--line", "100"], "kolom 'desa' harus berisi angka"),
            (["--welfare", "pengeluaran", "--line", "100", "--by", "rt"], "kolom 'rt' tidak ada"),
            (
                ["--welfare", "pengeluaran", "--line", "100", "--year", "2023"],
                "--year hanya dipakai dengan --db",
            ),
        ],
    )
    def test_errors(self, capsys, csv, argv, fragment):
        code, out, err = run(capsys, "--csv", csv, *argv)
        assert_one_line_error(code, out, err, fragment)

    def test_missing_file(self, capsys, tmp_path):
        code, out, err = run(capsys, "--csv", str(tmp_path / "x.csv"), "--welfare", "y", "--line", "1")
        assert_one_line_error(code, out, err, "berkas tidak ditemukan")


def test_real_process_has_no_traceback(tmp_path):
    """One end-to-end run in a fresh interpreter: exit code 2 and one line on stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "analytics", "fgt", "--db", str(tmp_path / "none.duckdb"), "--year", "2023"],
        capture_output=True,
        text=True,
        cwd=str(__import__("analytics").__path__[0] + "/.."),
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"galat: berkas basis data tidak ditemukan: {tmp_path / 'none.duckdb'}"
    ]


def test_build_database_round_trip(tmp_path):
    """The fixture file opens read-only and holds the reference tables."""
    path = tmp_path / "x.duckdb"
    build_database(random_families(np.random.default_rng(1), 5), path).close()
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select count(*) from kelurahan").fetchone()[0] == 15
    assert con.execute("select count(*) from family").fetchone()[0] == 5
    con.close()


def test_database_missing_reference_tables(capsys, tmp_path):
    """A family table without the rest of the schema: one line, no traceback."""
    path = tmp_path / "partial.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table family (year integer, size integer, expenditure_pc double)")
    con.execute("insert into family values (2023, 2, 500000)")
    con.close()
    code, out, err = run(capsys, "--db", str(path), "--year", "2023")
    assert_one_line_error(code, out, err, "basis data tidak sesuai skema")
