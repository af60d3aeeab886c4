"""`python -m analytics coverage`: columns, order, precision, exit codes."""

import io
import json
import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest
from programs_fixtures import random_families

from analytics.__main__ import main
from analytics.paths import PROJECT_ROOT
from analytics.poverty.testing import build_database
from analytics.programs.coverage import coverage

COLUMNS = [
    "kode",
    "nama",
    "program",
    "eligible_families",
    "covered_eligible",
    "coverage",
    "exclusion_error",
    "recipients",
    "recipients_not_eligible",
    "inclusion_error",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    fam = random_families(np.random.default_rng(21), 400, 2023)
    path = tmp_path_factory.mktemp("coverage_cli") / "db.duckdb"
    build_database(fam, path).close()
    return str(path)


def run(capsys, *argv):
    try:
        code = main(["coverage", *argv])
    except SystemExit as exc:  # argparse errors
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read(out):
    return pd.read_csv(io.StringIO(out), dtype={"kode": str})


def test_city_csv(capsys, db):
    code, out, err = run(capsys, "--db", db, "--year", "2023")
    assert code == 0 and err == ""
    table = read(out)
    assert list(table.columns) == COLUMNS
    assert table[["kode", "nama", "program"]].values.tolist() == [["64.74", "Kota Bontang", "any"]]


def test_matches_function_with_full_precision(capsys, db):
    code, out, _ = run(capsys, "--db", db, "--year", "2023", "--by", "kelurahan", "--program", "bpnt")
    assert code == 0
    table = read(out)
    con = duckdb.connect(db, read_only=True)
    direct = coverage(con, 2023, by="kelurahan", program="SEMBAKO", include_city=True)
    con.close()
    assert table["kode"].tolist() == direct["kode"].tolist() and len(table) == 16
    assert set(table["program"]) == {"SEMBAKO"}
    for column in ("coverage", "exclusion_error", "inclusion_error"):
        assert np.array_equal(table[column].to_numpy(), direct[column].to_numpy(), equal_nan=True)
    # At least 10 significant digits for a ratio that is not a short fraction.
    values = [v for v in out.splitlines()[1:] if v.split(",")[5] not in ("", "0.0", "1.0")]
    digits = values[0].split(",")[5].replace("0.", "", 1).lstrip("0")
    assert len(digits) >= 10


def test_json_all_programs_desil(capsys, db):
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "--year",
        "2023",
        "--by",
        "kecamatan",
        "--program",
        "all",
        "--eligible",
        "desil<=3",
        "--format",
        "json",
    )
    assert code == 0
    records = json.loads(out)
    assert list(records[0]) == COLUMNS
    assert len(records) == 8 * 4  # 7 programs + any, city + 3 kecamatan


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--year", "2023"], "--db"),
        (["--db", "DB"], "--year"),
        (["--db", "DB", "--year", "dua"], "--year"),
        (["--db", "DB", "--year", "2019"], "2019"),
        (["--db", "/nonexistent/x.duckdb", "--year", "2023"], "tidak ditemukan"),
        (["--db", "DB", "--year", "2023", "--program", "BLT"], "program"),
        (["--db", "DB", "--year", "2023", "--eligible", "kaya"], "kelayakan"),
        (["--db", "DB", "--year", "2023", "--by", "desa"], "--by"),
        (["--db", "DB", "--year", "2023", "--format", "xml"], "--format"),
        (["--db", "DB", "--year", "2023", "--line", "-1"], "--line"),
        (["--db", "DB", "--year", "2023", "--bogus"], "--bogus"),
        (["--db", "DB", "--year"], "coverage"),
    ],
)
def test_errors_one_line(capsys, db, argv, fragment):
    argv = [db if a == "DB" else a for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("galat: ") and fragment in lines[0]
    assert "Traceback" not in err


def test_not_a_database(capsys, tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("bukan basis data")
    code, out, err = run(capsys, "--db", str(bad), "--year", "2023")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_subprocess_read_only(db):
    # A second, writing connection stays possible only if the CLI opens read-only; here
    # we check the real entry point end to end and that the file is unchanged.
    before = open(db, "rb").read()
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "coverage", "--db", db, "--year", "2023", "--program", "PKH"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ",".join(COLUMNS)
    assert open(db, "rb").read() == before
    failed = subprocess.run(
        [sys.executable, "-m", "analytics", "coverage", "--db", db, "--year", "1990"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
