"""Deciding what an uploaded file is from its bytes; the name's extension is never trusted.

- xlsx: a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``, whose entries unpack
  to at most :func:`~analytics.upload.limits.max_unpacked_bytes` (checked entry by entry
  with their CRC, so a zip that lies about its sizes is refused as damaged);
- parquet: ``PAR1`` at both ends;
- csv: text without NUL or control bytes, UTF-8 (with or without BOM) or Windows-1252 as
  Excel saves it, whose first line holds at least two columns separated by ``,`` or ``;``.
"""

import codecs
import csv
import io
import zipfile
from pathlib import Path

from analytics.errors import UploadRefused
from analytics.upload.limits import max_unpacked_bytes, size_text

FORMATS = ("xlsx", "csv", "parquet")
SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "parquet": ".parquet"}
_PARQUET_MAGIC = b"PAR1"
# A header line longer than this is not a register export.
_CSV_HEAD_BYTES = 64 * 1024
# Tab, line feed and carriage return are the only control characters a CSV export holds.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def not_a_spreadsheet(name: str, why: str = "") -> UploadRefused:
    reason = f" ({why})" if why else ""
    return UploadRefused(
        f"Berkas {name} bukan spreadsheet (xlsx), CSV atau parquet{reason}. "
        "Isi berkas yang diperiksa, bukan nama atau ekstensinya."
    )


def sniff_format(path: Path, name: str | None = None) -> str:
    """'xlsx', 'csv' or 'parquet' from the content of ``path``; else :class:`UploadRefused`.

    ``name`` is the file name the admin knows (used in messages only).
    """
    path = Path(path)
    name = name or path.name
    with open(path, "rb") as fh:
        head = fh.read(_CSV_HEAD_BYTES)
        size = fh.seek(0, io.SEEK_END)
        if size >= 2 * len(_PARQUET_MAGIC):
            fh.seek(-len(_PARQUET_MAGIC), io.SEEK_END)
            tail = fh.read(len(_PARQUET_MAGIC))
        else:
            tail = b""
    if not head:
        raise UploadRefused(f"Berkas {name} kosong.")
    if head.startswith(_PARQUET_MAGIC) and tail == _PARQUET_MAGIC:
        return "parquet"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        _check_workbook_zip(path, name)
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # The pre-2007 binary format (and password-protected xlsx) are OLE containers.
        raise not_a_spreadsheet(name, "format Excel lama .xls atau berkas terkunci kata sandi; simpan sebagai .xlsx")
    _check_csv_head(head, size > len(head), name)
    return "csv"


def _check_workbook_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
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


def _check_csv_head(head: bytes, truncated: bool, name: str) -> None:
    if b"\x00" in head:
        raise not_a_spreadsheet(name, "berisi byte biner")
    text = _decode_head(head, truncated)
    if text is None or any(ch in _CONTROL for ch in text):
        raise not_a_spreadsheet(name, "bukan teks")
    lines = text.splitlines()
    if truncated and len(lines) < 2:
        raise not_a_spreadsheet(name, "baris judul kolom terlalu panjang")
    first = lines[0] if lines else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    columns = [c.strip() for c in next(csv.reader([first], delimiter=sep), [])]
    if len([c for c in columns if c]) < 2:
        raise not_a_spreadsheet(name, "baris pertama bukan judul kolom yang dipisah koma atau titik koma")


def _decode_head(head: bytes, truncated: bool) -> str | None:
    # The head may end inside a multi-byte character: an incremental decoder keeps it pending.
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=not truncated)
    except UnicodeDecodeError:
        pass
    try:
        return head.decode("cp1252")  # what Excel in Windows saves as "CSV (Comma delimited)"
    except UnicodeDecodeError:
        return None
