"""Deciding what an uploaded file is from its bytes; the name's extension is never trusted.

The format is decided by :func:`analytics.ingest.sniff.detect_format`, the one detection the
importer uses too (xlsx, legacy xls, ods, an HTML table or Excel 2003 XML saved as ``.xls``,
parquet, CSV in UTF-8, UTF-16 or Windows-1252 with any usual delimiter). On top of it an
upload is checked before it is parsed: a zip workbook whose entries unpack to more than
:func:`~analytics.upload.limits.max_unpacked_bytes` (checked entry by entry with their CRC,
so a zip that lies about its sizes is refused as damaged), and a text file whose first
lines hold no table, are refused.
"""

import io
import zipfile
from pathlib import Path

from analytics.errors import UploadRefused
from analytics.ingest.sniff import FORMAT_LABELS, decode_head, detect_format, text_layout
from analytics.upload.limits import max_unpacked_bytes, size_text

FORMATS = tuple(FORMAT_LABELS)
SUFFIX = {
    "xlsx": ".xlsx",
    "xls": ".xls",
    "ods": ".ods",
    "html": ".html",
    "xml2003": ".xml",
    "csv": ".csv",
    "parquet": ".parquet",
}
# A header line longer than this is not a register export.
_CSV_HEAD_BYTES = 64 * 1024


def not_a_spreadsheet(name: str, why: str = "") -> UploadRefused:
    reason = f" ({why})" if why else ""
    return UploadRefused(
        f"Berkas {name} bukan spreadsheet (xlsx), CSV atau parquet{reason}. "
        "Isi berkas yang diperiksa, bukan nama atau ekstensinya."
    )


def sniff_format(path: Path, name: str | None = None) -> str:
    """The format of ``path`` from its content (a key of :data:`FORMAT_LABELS`); else
    :class:`UploadRefused`. ``name`` is the file name the admin knows (used in messages only).
    """
    path = Path(path)
    name = name or path.name
    with open(path, "rb") as fh:
        head = fh.read(_CSV_HEAD_BYTES)
        size = fh.seek(0, io.SEEK_END)
    if not head:
        raise UploadRefused(f"Berkas {name} kosong.")
    fmt = detect_format(path)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_workbook_zip(path, name)
        return fmt
    if fmt is None:
        why = "berisi byte biner" if b"\x00" in head and not head.startswith(b"\xd0\xcf") else "bukan teks"
        raise not_a_spreadsheet(name, why)
    if fmt == "csv":
        _check_csv_head(path, head, size > len(head), name)
    return fmt


def _check_workbook_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            if not ("[Content_Types].xml" in names and "xl/workbook.xml" in names) and "content.xml" not in names:
                raise not_a_spreadsheet(name, "arsip zip tanpa buku kerja Excel")
            limit = max_unpacked_bytes()
            declared = sum(e.file_size for e in entries)
            if declared > limit:
                raise UploadRefused(
                    f"Berkas {name} terlalu besar setelah dibuka ({size_text(declared)}; batas "
                    f"{size_text(limit)}). Berkas ini mungkin bukan ekspor biasa."
                )
            # zipfile stops each entry at its declared size and checks its CRC, so this
            # reads at most `declared` bytes and catches an archive lying about its sizes.
            damaged = archive.testzip()
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise not_a_spreadsheet(name, f"arsip zip rusak: {exc}") from exc
    if damaged is not None:
        raise not_a_spreadsheet(name, f"arsip zip rusak pada {damaged}")


def _check_csv_head(path: Path, head: bytes, truncated: bool, name: str) -> None:
    text = decode_head(head, truncated)
    layout = text_layout(path)
    if text is None or layout is None:
        raise not_a_spreadsheet(name, "bukan teks")
    lines = text.splitlines()
    if truncated and len(lines) < 2:
        raise not_a_spreadsheet(name, "baris judul kolom terlalu panjang")
    if not any(len([c for c in line.split(layout.delimiter) if c.strip()]) >= 2 for line in lines[:40]):
        raise not_a_spreadsheet(name, "tidak ada baris judul kolom yang dipisah koma, titik koma atau tab")
