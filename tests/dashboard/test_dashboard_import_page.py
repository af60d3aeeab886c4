"""The Impor Data page with AppTest: admins only; a malformed upload (wrong columns, not a
spreadsheet, too large) shows an Indonesian error and leaves the database file as it was; a
good upload shows its report and is applied only on "Terapkan"."""

import hashlib
import re
import shutil

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.access.keys import session_key
from analytics.access.scope import User, issue_token
from analytics.access.users import ensure_demo_accounts, read_audit, stored_account, users_path_for
from analytics.paths import PROJECT_ROOT
from analytics.upload import pending_import
from tests.dashboard.conftest import TIMEOUT, open_page, session

FULL_NIK = re.compile(r"\b\d{16}\b")


@pytest.fixture
def live(small_db, small_raw, tmp_path, monkeypatch):
    """A copy of the small demo database (and of its raw archive) as the dashboard's database."""
    archive = tmp_path / "arsip"
    shutil.copytree(small_raw, archive, ignore=shutil.ignore_patterns("truth"))
    db = tmp_path / "bontang.duckdb"
    shutil.copy2(small_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("update import_meta set value = ? where key = 'raw_dir'", [str(archive)])
    ensure_demo_accounts(users_path_for(db))
    monkeypatch.setenv("KEMISKINAN_DB", str(db))
    return db


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def texts(elements) -> list[str]:
    """The messages as read on screen: the page escapes markdown characters of file names
    and headers (ui.text.plain), shown without the backslashes."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def check(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    uploader = at.file_uploader(key="impor_berkas")
    for name, data in files:
        uploader.upload(name, data)
    at.button(key="impor_periksa").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def regsosek_bytes(small_raw, year=2023) -> bytes:
    return (small_raw / str(year) / "regsosek.csv").read_bytes()


MALFORMED = {
    "kolom-salah": (
        [("regsosek.csv", b"nama,alamat,umur\nSITI,Jl. Awang Long,40\n")],
        "judul kolom tidak dikenali sebagai Regsosek, DTKS, P3KE, DTSEN atau daftar SIKS-NG",
    ),
    "bukan-spreadsheet": (
        [("regsosek.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(300))],
        "Berkas regsosek.xlsx bukan spreadsheet (xlsx), CSV atau parquet",
    ),
    "terlalu-besar": (None, "Berkas regsosek.csv terlalu besar"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_upload_shows_an_error_and_leaves_the_database_unchanged(live, small_raw, monkeypatch, case):
    files, expected = MALFORMED[case]
    if files is None:
        monkeypatch.setenv("KEMISKINAN_UPLOAD_MAX_MB", "0.5")
        files = [("regsosek.csv", regsosek_bytes(small_raw))]
        assert len(files[0][1]) > 0.5 * 1024 * 1024
    before = sha256(live)
    at = open_page(session("admin"), "impor")
    assert texts(at.title) == ["Impor Data"]
    check(at, *files)
    errors = texts(at.error)
    assert errors[0] == "Unggahan ditolak; database tidak berubah."
    assert any(expected in e for e in errors[1:]), errors
    assert sha256(live) == before
    assert pending_import(live) is None
    assert not (live.parent / "bontang.kandidat.duckdb").exists()
    assert not (live.parent / "bontang.impor").exists()


def test_periksa_without_files_asks_for_them(live):
    at = open_page(session("admin"), "impor")
    at.button(key="impor_periksa").click()
    at.run()
    assert texts(at.warning) == ["Pilih minimal satu berkas untuk diunggah."]


def test_a_good_upload_is_reported_then_applied(live, small_raw):
    before = sha256(live)
    frame = pd.read_csv(small_raw / "2023" / "regsosek.csv", dtype=str, keep_default_na=False)
    frame.loc[:9, "jumlah_anggota_keluarga"] = "0"  # ten families to quarantine
    at = open_page(session("admin"), "impor")
    at.number_input(key="impor_tahun").set_value(2023)
    check(at, ("Regsosek 2023 (revisi).xlsx", frame.to_csv(index=False, sep=";").encode()))

    assert "Hasil pemeriksaan tahun 2023" in [h.value for h in at.header]
    assert sha256(live) == before, "nothing changes before Terapkan"
    files = next(d.value for d in at.dataframe if "Berkas unggahan" in d.value.columns)
    assert files[["Berkas unggahan", "Dikenali sebagai", "Format"]].values.tolist() == [
        ["Regsosek 2023 (revisi).xlsx", "Regsosek", "csv"]
    ]
    quarantine = next(d.value for d in at.dataframe if "Nilai asli" in d.value.columns)
    assert set(range(2, 12)) <= set(quarantine.loc[quarantine["Sumber"] == "Regsosek", "Baris"])
    assert quarantine["Nilai asli"].str.contains(FULL_NIK).any(), "full original values for the admin"
    assert "lihat_rumah_tangga" in read_audit(users_path_for(live))["action"].tolist()

    at.button(key="impor_terapkan").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.startswith("Data tahun 2023 diterapkan") for s in texts(at.success))
    assert sha256(live) != before
    assert pending_import(live) is None
    assert at.file_uploader(key="impor_berkas"), "the form is offered again"
    assert read_audit(users_path_for(live))["action"].tolist()[-1] == "impor_terapkan"


def test_batalkan_leaves_the_database_unchanged(live, small_raw):
    before = sha256(live)
    at = open_page(session("admin"), "impor")
    at.number_input(key="impor_tahun").set_value(2024)
    check(at, ("dtks.bin", (small_raw / "2024" / "dtks.csv").read_bytes()))
    at.button(key="impor_batalkan").click()
    at.run()
    assert texts(at.info) == ["Impor dibatalkan; database dan arsip tidak berubah."]
    assert sha256(live) == before
    assert pending_import(live) is None


def test_an_analis_is_not_offered_the_page_and_the_page_refuses_them(live):
    at = session("analis")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/page_impor.py")  # the menu of an analis has no such page

    page = AppTest.from_file(str(PROJECT_ROOT / "pages" / "page_impor.py"), default_timeout=TIMEOUT)
    stored = stored_account(users_path_for(live), "analis")
    page.session_state["_sesi"] = issue_token(User("analis", "analis"), session_key(), epoch=stored.session_epoch)
    page.run()
    assert texts(page.error) == ["Halaman ini tidak tersedia untuk peran Analis."]
    assert not page.file_uploader


def test_the_demo_database_takes_no_import(live, monkeypatch):
    # Registers imported into the demo database would be readable with the demo accounts.
    import analytics.demo

    monkeypatch.setattr(analytics.demo, "DEMO_DB", live)
    before = sha256(live)
    at = open_page(session("admin"), "impor")
    assert any("database demo" in i.value for i in at.info)
    assert not at.get("file_uploader")
    assert sha256(live) == before
