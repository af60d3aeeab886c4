"""The register a file holds is found from its header row, never from its name."""

import shutil

import pandas as pd
import pytest

from analytics.ingest.mapping import load_mapping
from analytics.upload import IncomingFile, UploadRefused, stage_upload
from analytics.upload.sniffing import sniff_format
from analytics.upload.source_detection import identify_source, read_headers
from tests.upload.conftest import ADMIN, fingerprint, leftovers, tree_fingerprint

MAPPINGS = load_mapping()


def detect(path, name="berkas"):
    fmt = sniff_format(path, name)
    return identify_source(read_headers(path, fmt, name), MAPPINGS, name)


@pytest.mark.parametrize("stem", ["regsosek", "dtks", "p3ke_keluarga", "p3ke_individu"])
def test_each_register_is_recognised_under_a_neutral_name(small_raw, tmp_path, stem):
    original = next((small_raw / "2023").glob(f"{stem}.*"))
    path = tmp_path / "unggahan-1.bin"
    shutil.copy(original, path)
    assert detect(path) == stem


def test_headers_match_regardless_of_case_spacing_and_separator(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(
        "ID KELUARGA;Kode Wilayah;JUMLAH ART;Pengeluaran-Per-Kapita;kolom_lain\n1;6474011001;3;900000;x\n",
        encoding="utf-8-sig",
    )
    assert detect(path) == "regsosek"


def test_parquet_headers_are_read(tmp_path):
    path = tmp_path / "x"
    pd.DataFrame(
        {
            "nomor_nik": ["1"],
            "nomor_kk": ["2"],
            "nama": ["A"],
            "tanggal_lahir": ["1980-01-01"],
            "hubungan_keluarga": ["KEPALA KELUARGA"],
            "desa_kelurahan": ["Api-Api"],
        }
    ).to_parquet(path)
    assert detect(path) == "dtks"


def test_unknown_columns_are_refused_with_every_source_s_required_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("kolom_a,kolom_b,kolom_c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(UploadRefused) as refused:
        detect(path, "data.xlsx")
    message = refused.value.messages[0]
    assert message.startswith("Berkas data.xlsx: judul kolom tidak dikenali sebagai Regsosek, DTKS, P3KE, DTSEN")
    for required in ("pengeluaran_per_kapita", "nomor_nik / nik", "ID Keluarga P3KE", "NIK Kepala Keluarga"):
        assert required in message


def test_a_register_missing_a_required_column_names_it(small_raw, tmp_path):
    frame = pd.read_csv(small_raw / "2023" / "regsosek.csv", dtype=str, keep_default_na=False, nrows=20)
    path = tmp_path / "regsosek.csv"
    frame.drop(columns=["jumlah_anggota_keluarga"]).to_csv(path, index=False)
    with pytest.raises(UploadRefused) as refused:
        detect(path, "regsosek.csv")
    assert refused.value.messages == [
        "Berkas regsosek.csv tampaknya Regsosek, tetapi kolom wajib tidak ditemukan: size "
        "(jumlah_anggota_keluarga / jumlah_art / jumlah_anggota / jml_art / jml_anggota_keluarga / "
        "jumlah_anggota_rumah_tangga). Periksa judul kolom atau tambahkan judulnya ke data/column_mapping.toml."
    ]


def test_every_bad_file_of_an_upload_is_reported_and_nothing_changes(live, small_raw):
    archive = live.parent / "arsip"
    before, archive_before = fingerprint(live), tree_fingerprint(archive)
    dtks = (small_raw / "2023" / "dtks.csv").read_bytes()
    files = [
        IncomingFile("DTKS Mei.csv", dtks),
        IncomingFile("DTKS Juni.xlsx", dtks),  # a second DTKS, named as a workbook
        IncomingFile("foto.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        IncomingFile("catatan.csv", b"tanggal,catatan\n1,ok\n"),
    ]
    with pytest.raises(UploadRefused) as refused:
        stage_upload(live, 2023, files, ADMIN)
    messages = refused.value.messages
    assert any(m.startswith("Berkas foto.xlsx bukan spreadsheet (xlsx), CSV atau parquet") for m in messages)
    assert any(m.startswith("Berkas catatan.csv: judul kolom tidak dikenali") for m in messages)
    assert "Lebih dari satu berkas DTKS dalam satu unggahan: DTKS Mei.csv, DTKS Juni.xlsx." in messages
    assert fingerprint(live) == before
    assert tree_fingerprint(archive) == archive_before
    assert leftovers(live) == []
