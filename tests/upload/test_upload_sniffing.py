"""Formats are decided by content: xlsx, csv and parquet whatever their names; anything else,
including a picture or random bytes named .xlsx, is refused with an Indonesian message."""

import io
import random
import shutil
import zipfile

import pandas as pd
import pytest

from analytics.errors import UploadRefused
from analytics.upload.sniffing import sniff_format

REFUSED = "bukan spreadsheet (xlsx), CSV atau parquet"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_workbook_is_xlsx_whatever_its_name(small_raw, tmp_path):
    path = tmp_path / "laporan.csv"
    shutil.copy(small_raw / "2023" / "p3ke_keluarga.xlsx", path)
    assert sniff_format(path) == "xlsx"


def test_a_csv_named_xlsx_is_csv(small_raw, tmp_path):
    path = tmp_path / "dtks.xlsx"
    shutil.copy(small_raw / "2023" / "dtks.csv", path)
    assert sniff_format(path) == "csv"


def test_parquet_is_recognised_by_its_magic(tmp_path):
    path = tmp_path / "regsosek.xlsx"
    pd.DataFrame({"id_keluarga": ["1", "2"], "kode_wilayah": ["6474011001", "6474011002"]}).to_parquet(path)
    assert sniff_format(path) == "parquet"


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffid_keluarga;kode_wilayah\n1;6474011001\n".encode(),  # UTF-8 with BOM, Indonesian Excel separator
        b"nama,desa_kelurahan\nSITI AMINAH,Api-Api\n",
        "nama,desa_kelurahan\nJOSÉ,Api-Api\n".encode("cp1252"),  # Excel's "CSV (Comma delimited)" on Windows
        ("a,b\n" + "x,y\n" * 40_000).encode(),  # longer than the sniffed head
    ],
    ids=["bom-semicolon", "utf8", "cp1252", "long"],
)
def test_text_with_a_header_line_is_csv(tmp_path, data):
    assert sniff_format(write(tmp_path, "berkas.xlsx", data)) == "csv"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (PNG + bytes(200), "biner"),
        (random.Random(1).randbytes(4096), ""),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}), "tanpa buku kerja"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "judul kolom"),
        (b"satu_kolom\n1\n2\n", "judul kolom"),
        (b"PAR1 not really parquet", ""),
    ],
    ids=["png", "random", "docx-like-zip", "pdf", "one-column", "par1-head-only"],
)
def test_other_content_named_xlsx_is_refused(tmp_path, data, why):
    with pytest.raises(UploadRefused, match="Berkas foto.xlsx bukan spreadsheet") as refused:
        sniff_format(write(tmp_path, "foto.xlsx", data))
    assert REFUSED in refused.value.messages[0]
    assert why in refused.value.messages[0]


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(UploadRefused, match="kosong"):
        sniff_format(write(tmp_path, "kosong.csv", b""))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setenv("KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB", "10")
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": bytes(50 * 1024 * 1024),  # 50 MB of zeros, about 50 KB packed
        }
    )
    assert len(bomb) < 200_000
    with pytest.raises(UploadRefused, match=r"terlalu besar setelah dibuka \(50,0 MB; batas 10,0 MB\)"):
        sniff_format(write(tmp_path, "bom.xlsx", bomb))


def test_a_zip_that_lies_about_its_sizes_is_refused_as_damaged(tmp_path):
    data = bytearray(
        _zip(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b"<workbook/>",
                "xl/worksheets/sheet1.xml": bytes(1024 * 1024),
            }
        )
    )
    # Shrink the declared size of the sheet in the central directory to 100 bytes.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml"))
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(UploadRefused, match="arsip zip rusak"):
        sniff_format(write(tmp_path, "bohong.xlsx", bytes(data)))


def test_a_legacy_xls_is_accepted_and_a_damaged_one_is_refused_naming_its_format(tmp_path):
    from analytics.upload.source_detection import read_headers

    path = write(tmp_path, "lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert sniff_format(path) == "xls"
    with pytest.raises(UploadRefused, match=r"lama.xls: berkas Excel lama \(xls\) tidak dapat dibaca"):
        read_headers(path, "xls", "lama.xls")
