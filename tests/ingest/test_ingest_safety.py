"""Import safety: fatal problems stop the import and leave the previous database intact;
re-importing the same files gives the same database; the mapping file is honoured."""

import shutil

import duckdb
import pandas as pd
import pytest

from analytics.ingest import ImportFailed, run_import
from analytics.paths import COLUMN_MAPPING_FILE


@pytest.fixture()
def raw_copy(small_raw, tmp_path):
    dest = tmp_path / "raw"
    shutil.copytree(small_raw, dest, ignore=shutil.ignore_patterns("truth"))
    return dest


def table_contents(db, table):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"select * from {table} order by all").df()


def test_reimport_of_the_same_files_gives_the_same_database(raw_copy, tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    run_import(raw_copy, a)
    run_import(raw_copy, b)
    for table in ("family", "person", "quarantine", "data_issue", "import_log", "link_dtks", "link_p3ke_keluarga"):
        pd.testing.assert_frame_equal(table_contents(a, table), table_contents(b, table))


def _snapshot(db):
    return db.read_bytes()


def test_missing_required_column_stops_and_keeps_old_database(raw_copy, tmp_path):
    db = tmp_path / "live.duckdb"
    run_import(raw_copy, db)
    before = _snapshot(db)
    dtks = raw_copy / "2023" / "dtks.csv"
    frame = pd.read_csv(dtks, dtype=str, keep_default_na=False).drop(columns=["nomor_nik"])
    frame.to_csv(dtks, index=False)
    with pytest.raises(ImportFailed, match=r"2023/dtks.csv: kolom wajib tidak ditemukan: nik \(nomor_nik / nik / "):
        run_import(raw_copy, db)
    assert _snapshot(db) == before
    assert not list(tmp_path.glob("live.duckdb.tmp*")), "the aside build is cleaned up"


def test_unreadable_file_stops_and_keeps_old_database(raw_copy, tmp_path):
    db = tmp_path / "live.duckdb"
    run_import(raw_copy, db)
    before = _snapshot(db)
    (raw_copy / "2022" / "p3ke_keluarga.xlsx").write_bytes(b"this is not a spreadsheet")
    with pytest.raises(ImportFailed, match=r"p3ke_keluarga.xlsx: file tidak dapat dibaca"):
        run_import(raw_copy, db)
    assert _snapshot(db) == before


def test_two_files_for_one_source_is_refused(raw_copy, tmp_path):
    shutil.copy(raw_copy / "2021" / "dtks.csv", raw_copy / "2021" / "DTKS.csv.bak")  # not a source file
    (raw_copy / "2021" / "dtks.parquet").write_bytes(b"")
    with pytest.raises(ImportFailed, match=r"lebih dari satu file untuk sumber yang sama: dtks.csv, dtks.parquet"):
        run_import(raw_copy, tmp_path / "x.duckdb")


def test_headers_match_regardless_of_case_and_spacing_and_unknown_columns_are_reported(raw_copy, tmp_path):
    path = raw_copy / "2024" / "regsosek.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [c.upper().replace("_", " ") for c in frame.columns]
    frame["KOLOM BARU"] = "x"
    frame.to_csv(path, index=False, sep=";")  # an Indonesian-locale Excel export
    result = run_import(raw_copy, tmp_path / "x.duckdb")
    report = result.column_report
    unknown = report[(report["file"] == "2024/regsosek.csv") & (report["kind"] == "unknown")]
    assert unknown["column_name"].tolist() == ["KOLOM BARU"]
    log = result.log.set_index("file")
    assert log.loc["2024/regsosek.csv", "loaded"] > 0.95 * log.loc["2024/regsosek.csv", "rows_read"]


def test_a_user_mapping_file_adds_header_aliases(raw_copy, tmp_path):
    path = raw_copy / "2025" / "regsosek.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).rename(
        columns={"jumlah_anggota_keluarga": "jml anggota kel"}
    )
    frame.to_csv(path, index=False)
    with pytest.raises(ImportFailed, match="jumlah_anggota_keluarga"):
        run_import(raw_copy, tmp_path / "x.duckdb")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        COLUMN_MAPPING_FILE.read_text(encoding="utf-8").replace(
            'size = ["jumlah_anggota_keluarga", "jumlah_art"',
            'size = ["jumlah_anggota_keluarga", "jml_anggota_kel", "jumlah_art"',
            1,
        ),
        encoding="utf-8",
    )
    result = run_import(raw_copy, tmp_path / "x.duckdb", mapping_path=mapping)
    assert result.log.set_index("file").loc["2025/regsosek.csv", "loaded"] > 0


def test_missing_source_file_is_reported_not_fatal(raw_copy, tmp_path):
    (raw_copy / "2023" / "p3ke_individu.xlsx").unlink()
    result = run_import(raw_copy, tmp_path / "x.duckdb")
    assert result.missing_files == ["2023/p3ke_individu"]


def test_no_year_folders_is_a_clear_error(tmp_path):
    (tmp_path / "kosong").mkdir()
    with pytest.raises(ImportFailed, match="Tidak ada folder tahun"):
        run_import(tmp_path / "kosong", tmp_path / "x.duckdb")


def test_cli_reports_failure_in_one_line_without_traceback(raw_copy, tmp_path):
    import subprocess
    import sys

    (raw_copy / "2022" / "regsosek.csv").write_text("a,b\n1,2\n")
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "ingest", "--raw", str(raw_copy), "--db", str(tmp_path / "x.duckdb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("galat: impor dibatalkan, database lama tidak diubah.")
    assert "2022/regsosek.csv" in done.stderr and "kolom wajib" in done.stderr
