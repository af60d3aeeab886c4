"""The import's accounting (issue 26): every row and every sheet accounted for, every key
column measured, every source compared with its previous year and with the other registers —
one table per source, the same in the command's output and on Impor Data."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from analytics import sql
from analytics.cli.ingest import _print_accounting
from analytics.ingest import run_import
from analytics.ingest.accounting import KEY_TABLE_COLUMNS, ROW_COLUMNS
from analytics.views.admin_pages import _accounting
from tests.ingest.messy.make_messy import YEAR, base_raw, csv_text, read, replace, write_xlsx


@pytest.fixture(scope="module")
def clean(small_raw, tmp_path_factory):
    root = tmp_path_factory.mktemp("accounting")
    raw = base_raw(small_raw, root / "raw")
    db = root / "clean.duckdb"
    return raw, db, run_import(raw, db)


def test_every_row_of_every_file_is_accounted_and_every_key_measured(clean):
    _, _, result = clean
    parts = result.parts
    assert set(parts["status"]) == {"dibaca"}
    assert (parts["rows_read"] == parts["loaded"] + parts["duplicates_merged"] + parts["quarantined"]).all()
    keys = result.keys.set_index(["year", "source", "key"])
    measured = [("regsosek", "no_kk"), ("regsosek", "head_nik"), ("dtks", "nik"), ("p3ke_keluarga", "head_nik")]
    for source, key in measured:
        row = keys.loc[(int(YEAR), source, key)]
        assert row["valid"] > 0.9 * row["filled"]
        assert row["verdict"] != "rusak"
    # The frame has no family twice in the clean demo; its No KK end in 0 about one time in ten.
    frame_kk = keys.loc[(int(YEAR), "regsosek", "no_kk")]
    assert frame_kk["duplicates"] == 0
    assert 0.03 < frame_kk["ending_zero"] / frame_kk["valid"] < 0.2
    assert set(result.registers.columns) == {"year", "kode_kelurahan", "regsosek", "p3ke", "dtks", "dtsen"}
    assert (result.registers["regsosek"] > 0).all()


def test_the_command_prints_one_accounting_table_per_source(clean, capsys):
    _, _, result = clean
    _print_accounting(result)
    out = capsys.readouterr().out
    for label in ("Regsosek", "DTKS", "P3KE keluarga", "P3KE individu"):
        assert f"Akuntansi baris — {label}:" in out
        assert f"Kolom kunci — {label}:" in out
    assert "Terhadap Regsosek" in out and "Tahun sebelumnya" in out and "Berakhiran 0" in out
    assert "Keluarga per kelurahan menurut register, tahun 2024:" in out


def test_the_import_page_shows_the_same_accounting_for_its_year(clean):
    _, db, _ = clean
    with duckdb.connect(str(db), read_only=True) as con:
        frames = {
            "parts": sql.frame(con, "staging/import_parts_all"),
            "keys": sql.frame(con, "staging/import_keys_all"),
            "registers": sql.frame(con, "staging/register_counts_stored"),
        }
    shown = _accounting(frames, int(YEAR))
    accounts = {a.source: a for a in shown["accounts"]}
    assert {"regsosek", "dtks", "p3ke_keluarga", "p3ke_individu"} <= set(accounts)
    regsosek = accounts["regsosek"]
    assert list(regsosek.rows.columns) == ROW_COLUMNS and list(regsosek.keys.columns) == KEY_TABLE_COLUMNS
    assert set(regsosek.rows["Tahun"]) == {YEAR}
    total = regsosek.rows[regsosek.rows["Berkas"] == "Jumlah"].iloc[0]
    assert total["Tahun sebelumnya"] != "–" and total["Perubahan"].endswith("%")
    assert (regsosek.rows.loc[regsosek.rows["Berkas"] != "Jumlah", "Selisih"] == "0").all()
    assert len(shown["registers"]) == 15


def test_a_sheet_of_another_register_is_named_as_skipped(clean, tmp_path):
    raw, _, _ = clean
    folder = tmp_path / "raw"
    shutil.copytree(raw, folder)
    families, people = read(folder, "p3ke_keluarga"), read(folder, "p3ke_individu")
    (folder / YEAR / "p3ke_keluarga.xlsx").unlink()
    halves = {"Bagian 1": families.iloc[: len(families) // 2], "Bagian 2": families.iloc[len(families) // 2 :]}
    write_xlsx(folder / YEAR / "p3ke_keluarga.xlsx", {**halves, "Anggota": people.head(30)})
    result = run_import(folder, tmp_path / "db.duckdb")
    mine = result.parts[(result.parts["source"] == "p3ke_keluarga") & (result.parts["year"] == int(YEAR))]
    assert list(mine["status"]) == ["dibaca", "dibaca", "dilewati"]
    skipped = mine[mine["status"] == "dilewati"].iloc[0]
    assert skipped["sheet"] == "Anggota" and "dilewati" in skipped["warnings"]
    assert mine["rows_read"].sum() == len(families)


def test_an_empty_source_in_a_first_year_is_a_warning(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw / YEAR, raw / YEAR)
    replace(raw, "p3ke_keluarga", "p3ke_keluarga.csv", csv_text(read(raw, "p3ke_keluarga").head(0)))
    result = run_import(raw, tmp_path / "db.duckdb")
    assert any("P3KE keluarga" in w and "kosong" in w for w in result.warnings), result.warnings


def test_a_source_falling_far_below_its_previous_year_is_a_warning(clean, tmp_path):
    raw, _, _ = clean
    folder = tmp_path / "raw"
    shutil.copytree(raw, folder)
    dtks = read(folder, "dtks")
    replace(folder, "dtks", "dtks.csv", csv_text(dtks.head(len(dtks) // 2)))
    result = run_import(folder, tmp_path / "db.duckdb")
    assert any("DTKS tahun 2024 hanya" in w for w in result.warnings), result.warnings


def test_a_kelurahan_missing_from_the_frame_is_a_warning(clean, tmp_path):
    raw, _, _ = clean
    folder = tmp_path / "raw"
    shutil.copytree(raw, folder)
    frame = read(folder, "regsosek")
    kept = frame[frame["kode_wilayah"].str.replace(".", "", regex=False) != "6474011003"]
    replace(folder, "regsosek", "regsosek.csv", csv_text(pd.DataFrame(kept)))
    result = run_import(folder, tmp_path / "db.duckdb")
    assert any("Regsosek tidak memuat satu keluarga pun di Lok Tuan" in w for w in result.warnings), result.warnings
