"""The Dinas Sosial's extreme-poverty recap: read, stored, carried, loaded by an import, counted by a run."""

import hashlib
import json
import shutil
import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from analytics.access.scope import User
from analytics.access.users import ensure_demo_accounts, get_user, read_audit, users_path_for
from analytics.errors import AccessDenied, DataError, InputError
from analytics.ingest import run_import
from analytics.model.extreme_list import read_recap
from analytics.model.extreme_store import (
    check_carried,
    counted_of_year,
    recap_of_year,
    store_recap,
    store_recap_as,
)
from analytics.model.run import RunSettings, run_model
from analytics.paths import PROJECT_ROOT
from analytics.sae.counted import counted_values
from analytics.views.sae_counted import counted_note, recap_view

YEAR = 2024
# A recap as a Dinas Sosial office types it: names (one misspelt as the register spells it),
# codes dotted, undotted and BPS's, a decimal from Excel, a total row, and rows that cannot be used
# (a code and a name of two kelurahan among them).
RECAP = """Kelurahan;Kode Kelurahan;Jumlah Keluarga;Jumlah Jiwa
Berebas Tengah;;2;7
;6474011006;1;4
Lok Tuan;64.74.01.1003;1;3,00
Tanjung Laut;6474010005;1;2
Kelurahan Baru;;1;2
Guntung;6474011001;1;1
Kanaan;;3;2
Gunung Elai;;;lima
JUMLAH;;5;16
"""


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def recap_file(tmp_path):
    path = tmp_path / "rekap.csv"
    path.write_text(RECAP, encoding="utf-8")
    return path


@pytest.fixture
def db_copy(small_model_db, tmp_path):
    target = tmp_path / "model.duckdb"
    shutil.copy2(small_model_db, target)
    return target


def test_every_row_is_used_or_kept_with_its_reason(recap_file):
    recap = read_recap(recap_file)
    assert recap.table.to_dict("list") == {
        "kode_kelurahan": ["64.74.01.1003", "64.74.01.1006", "64.74.02.1001", "64.74.02.1002"],
        "families": [1, 1, 1, 2],
        "persons": [3, 4, 2, 7],
    }
    reasons = dict(zip(recap.rejects["baris"], recap.rejects["alasan"], strict=True))
    assert reasons == {
        6: "kelurahan tidak dikenal: 'Kelurahan Baru'",
        7: "kode dan nama kelurahan menunjuk dua kelurahan berbeda",
        8: "jumlah keluarga lebih banyak dari jumlah jiwa",
        9: "jumlah jiwa bukan bilangan bulat ≥ 0: 'lima'",
        10: "baris jumlah: tidak dipakai (jumlah dihitung dari baris per kelurahan)",
    }
    assert recap.persons == 16


def test_an_excel_recap_reads_as_the_csv_and_thousands_are_indonesian(tmp_path):
    with xlsxwriter.Workbook(tmp_path / "rekap.xlsx") as book:  # a number cell and a text cell each
        sheet = book.add_worksheet()
        for row, values in enumerate(
            [["Kode Kelurahan", "Jumlah Jiwa"], [6474021002, 1000], ["64.74.01.1001", "1.250"]]
        ):
            sheet.write_row(row, 0, values)
    recap = read_recap(tmp_path / "rekap.xlsx")
    assert recap.table["persons"].tolist() == [1250, 1000] and recap.table["families"].isna().all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Kelurahan;Jumlah Jiwa\nApi-Api;3\nAPI API;2\n", r"lebih dari sekali: 64\.74\.01\.1006 \(baris 2 dan 3\)"),
        ("Nama;Jumlah Jiwa\nBontang Baru;3\n", "tidak punya kolom kelurahan"),
        ("Kelurahan;Keluarga\nBontang Baru;3\n", "tidak punya kolom jumlah jiwa"),
        ("Kelurahan;Jumlah Jiwa\nJUMLAH;3\n", "Tidak ada baris rekap yang dapat dipakai"),
    ],
)
def test_a_recap_that_cannot_be_read_says_why(tmp_path, text, message):
    path = tmp_path / "rekap.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_recap(path)


def test_a_stored_recap_becomes_the_runs_counted_component(db_copy, recap_file):
    recap = read_recap(recap_file)
    stored = store_recap(db_copy, YEAR, recap, source="rekap.csv", content=recap_file.read_bytes(), loaded_by="uji")
    assert (stored.kelurahan, stored.persons, stored.families, stored.extreme_line) == (4, 16, 5, 370960.0)
    with duckdb.connect(str(db_copy), read_only=True) as con:
        saved = recap_of_year(con, YEAR)
        counted = counted_of_year(con, YEAR)
        assert counted_of_year(con, 2023) is None
        plain = run_model(con, YEAR, RunSettings(L=4, B=0, seed=3, counted=False), "uji")
        run = run_model(con, YEAR, RunSettings(L=4, B=0, seed=3), "uji")
    assert saved["sha256"].iloc[0] == hashlib.sha256(recap_file.read_bytes()).hexdigest()
    assert counted.persons == dict(zip(recap.table["kode_kelurahan"], recap.table["persons"], strict=True))
    assert counted.below == 370960.0
    assert json.loads(run.run["parameters"])["counted"]["persons"] == 16
    _assert_blended(run, plain, counted)
    assert "16 jiwa di 4 kelurahan" in counted_note(json.loads(run.run["parameters"]))
    table, text = recap_view(saved, YEAR)
    assert table["Jiwa"].tolist() == ["3", "4", "2", "7"] and "16 jiwa di 4 kelurahan" in text


def _assert_blended(run, plain, counted):
    """Each kelurahan's figure is the count at the extreme line blended with the model's, and the
    city's is their persons-weighted mean (no surveyed household of the small demo is below it)."""
    assert run.diagnostics["counted_survey"] == [] and run.run["n_survey"] == plain.run["n_survey"]
    for line, z in (("official", None), ("extreme", counted.below)):
        est, base = (r.estimates[(r.estimates["line"] == line)] for r in (run, plain))
        z = z or est["line_amount"].iloc[0]
        kel = est[est["level"] == "kelurahan"].pivot(index="kode", columns="indicator", values="estimate")
        kel_plain = base[base["level"] == "kelurahan"].pivot(index="kode", columns="indicator", values="estimate")
        persons = est[(est["level"] == "kelurahan") & (est["indicator"] == "p0")].set_index("kode")["persons"]
        share = pd.Series(counted.persons).reindex(kel.index, fill_value=0) / persons
        values = counted_values(counted.below, [z])[0]
        for k, indicator in enumerate(("p0", "p1", "p2")):
            expected = share * values[k] + (1 - share) * kel_plain[indicator]
            np.testing.assert_allclose(kel[indicator], expected, rtol=1e-10)
            city = est[(est["level"] == "kota") & (est["indicator"] == indicator)]["estimate"].iloc[0]
            assert city == pytest.approx(np.sum(persons * kel[indicator]) / persons.sum(), rel=1e-10)


def test_a_refused_recap_leaves_the_database_as_it_was(db_copy, tmp_path):
    before = _digest(db_copy)
    too_many = tmp_path / "rekap.csv"
    too_many.write_text("Kelurahan;Jumlah Jiwa\nKanaan;100000\n", encoding="utf-8")
    with pytest.raises(DataError, match="lebih banyak jiwa daripada kerangka keluarga kelurahan itu: Kanaan"):
        store_recap(db_copy, YEAR, read_recap(too_many), source="r.csv", content=b"", loaded_by="uji")
    assert _digest(db_copy) == before
    with duckdb.connect(str(db_copy)) as con:
        con.execute("update poverty_line set extreme_line = null where year = ?", [YEAR])
    without_line = _digest(db_copy)
    fine = tmp_path / "ok.csv"
    fine.write_text("Kelurahan;Jumlah Jiwa\nKanaan;1\n", encoding="utf-8")
    with pytest.raises(DataError, match="tidak punya garis kemiskinan ekstrem"):
        store_recap(db_copy, YEAR, read_recap(fine), source="ok.csv", content=b"", loaded_by="uji")
    assert _digest(db_copy) == without_line != before
    assert not list(db_copy.parent.glob("*.publish-*"))


def test_only_an_analyst_or_admin_loads_a_recap_and_the_load_is_audited(db_copy, recap_file):
    store = users_path_for(db_copy)
    ensure_demo_accounts(store)
    recap = read_recap(recap_file)
    with pytest.raises(AccessDenied):
        store_recap_as(db_copy, YEAR, recap, get_user(store, "pimpinan"), source="r.csv", content=b"")
    store_recap_as(db_copy, YEAR, recap, get_user(store, "analis"), source="rekap.csv", content=b"x")
    entry = read_audit(store).iloc[-1]
    assert (entry["username"], entry["action"]) == ("analis", "muat_daftar_ekstrem")
    assert json.loads(entry["detail_json"]) == {"tahun": 2024, "kelurahan": 4, "jiwa": 16, "berkas": "rekap.csv"}
    assert isinstance(get_user(store, "analis"), User)


def test_an_import_loads_the_dinsos_folder_and_carries_other_years(small_model_raw, tmp_path, recap_file):
    raw = tmp_path / "raw"
    shutil.copytree(small_model_raw, raw)
    (raw / "dinsos").mkdir(exist_ok=True)
    shutil.copy(recap_file, raw / "dinsos" / "rekap_miskin_ekstrem_2024.csv")
    (raw / "dinsos" / "rekap_miskin_ekstrem_2025.csv").write_text("Kelurahan;Jumlah Jiwa\nKanaan;1\n")
    db = tmp_path / "demo.duckdb"
    result = run_import(raw, db)
    assert "dinsos/rekap_miskin_ekstrem_2024.csv baris 6: kelurahan tidak dikenal: 'Kelurahan Baru'" in result.warnings
    with duckdb.connect(str(db), read_only=True) as con:
        assert recap_of_year(con, 2024)["persons"].sum() == 16 and recap_of_year(con, 2025)["persons"].sum() == 1
    (raw / "dinsos" / "rekap_miskin_ekstrem_2024.csv").unlink()
    (raw / "dinsos" / "rekap_miskin_ekstrem_2025.csv").write_text("Kelurahan;Jumlah Jiwa\nKanaan;2\n")
    (raw / "dinsos" / "rekap_miskin_ekstrem_2022.csv").write_text("Kelurahan;Jumlah Jiwa\nKanaan;100000\n")
    again = run_import(raw, db)
    refused = [w for w in again.warnings if w.startswith("dinsos/rekap_miskin_ekstrem_2022.csv tidak dimuat")]
    assert len(refused) == 1 and "rekap lama tahun itu, bila ada, tetap dipakai" in refused[0]
    with duckdb.connect(str(db), read_only=True) as con:  # 2024 carried, 2025 replaced by the folder's
        assert recap_of_year(con, 2024)["persons"].sum() == 16 and recap_of_year(con, 2025)["persons"].sum() == 2
        assert recap_of_year(con, 2022).empty


def test_a_recap_that_no_longer_fits_the_frame_is_dropped_on_carry_and_refused_by_a_run(db_copy):
    stale = pd.DataFrame(
        {"year": [2024, 2025], "kode_kelurahan": ["64.74.03.1003"] * 2, "families": [1, 1], "persons": [10**6, 1]}
    )
    with duckdb.connect(str(db_copy)) as con:
        kept, warnings = check_carried(con, stale)
        con.execute(  # as a recap carried by an older version, before the check existed
            "insert into extreme_list values (2024, '64.74.03.1003', 1, 1000000, 'lama.csv', '', now(), 'uji')"
        )
        with pytest.raises(DataError, match="Kanaan.*Muat rekap baru untuk tahun ini, atau jalankan model tanpa"):
            run_model(con, YEAR, RunSettings(L=3, B=0), "uji")
        assert run_model(con, YEAR, RunSettings(L=3, B=0, counted=False), "uji").run["year"] == YEAR
    assert kept["year"].tolist() == [2025]
    assert warnings == [
        "Rekap daftar miskin ekstrem tahun 2024 tidak dibawa ke impor ini: Rekap tahun 2024 mencantumkan lebih banyak "
        "jiwa daripada kerangka keluarga kelurahan itu: Kanaan (1.000.000 jiwa, kerangka "
        + warnings[0].split("kerangka ")[-1]
    ]


def test_a_second_writer_waits_for_the_first_and_keeps_its_write(db_copy, recap_file):
    import threading

    from analytics.model.lock import one_write

    recap = read_recap(recap_file)
    done = threading.Event()

    def load() -> None:
        store_recap(db_copy, YEAR, recap, source="rekap.csv", content=b"", loaded_by="uji")
        done.set()

    with one_write(db_copy):  # another writer's copy-and-swap in progress
        worker = threading.Thread(target=load)
        worker.start()
        assert not done.wait(1.0)
    worker.join(60)
    assert done.is_set()
    with duckdb.connect(str(db_copy), read_only=True) as con:
        assert recap_of_year(con, YEAR)["persons"].sum() == 16


def test_the_command_loads_a_recap_and_names_the_rows_it_left(db_copy, recap_file):
    ensure_demo_accounts(users_path_for(db_copy))
    command = [sys.executable, "-m", "analytics", "sae", "rekap-ekstrem", "--db", str(db_copy), "--year", "2024"]
    done = subprocess.run(
        [*command, "--file", str(recap_file), "--as", "analis"], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "16 jiwa (5 keluarga) di 4 kelurahan" in done.stdout and "Rp 370.960" in done.stdout
    assert "Baris 9 tidak dipakai: jumlah jiwa bukan bilangan bulat ≥ 0: 'lima'" in done.stderr
    before = _digest(db_copy)
    refused = subprocess.run(
        [*command, "--file", str(recap_file), "--as", "pimpinan"], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "yang boleh memuat rekap daftar miskin ekstrem" in refused.stderr
    assert _digest(db_copy) == before
