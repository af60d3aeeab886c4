"""What a workbook may hold before any reader parses it: a hostile file is refused, never read.

calamine lays every worksheet out as one dense block from A1 to its last cell, so a valid
xlsx of 2 KB with one cell at XFD1048576 asks for 17 billion cells (half a terabyte) and the
process aborts. Before a workbook reaches calamine, :func:`check_workbook` therefore

- adds up the unpacked size of every zip entry (their declared sizes; zipfile stops an entry at
  its declared size and checks its CRC) and refuses more than ``KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB``;
- streams each worksheet's XML through expat (a few kilobytes of memory, markup only, no tree)
  and takes the last row and column any cell reaches, with or without its ``r`` reference;
  an area from A1 of more than :data:`MAX_CELLS` cells, or more than :data:`MAX_COLUMNS`
  columns, is refused;
- in an OpenDocument sheet counts repeated rows and cells that hold a value.

Markup files (HTML, Excel 2003 XML) are bounded by the same size before they are parsed, and a
legacy xls by its format (65 536 rows by 256 columns). Every refusal is an
:class:`~analytics.errors.ImportFailed` with an Indonesian message naming the file.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from analytics.errors import ImportFailed
from analytics.formats import number
from analytics.settings import settings

MAX_CELLS = 10_000_000  # a year of Regsosek for Kota Bontang is about 2 million cells
MAX_COLUMNS = 2_000
_CHUNK = 1 << 20
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def max_unpacked_bytes() -> int:
    return int(settings().upload_unpacked_mb * 1024 * 1024)


def _too_big(name: str, what: str, size: int, limit: int) -> ImportFailed:
    return ImportFailed(
        f"Berkas {name} ditolak: {what} {number(size / 1048576, 1)} MB setelah dibuka (batas "
        f"{number(limit / 1048576, 1)} MB). Berkas ini bukan ekspor biasa."
    )


def check_workbook(path: Path, name: str | None = None) -> None:
    """Refuse ``path`` (any format) when reading it would exceed the bounds above."""
    path, name = Path(path), name or Path(path).name
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_zip(path, name)
    elif not head.startswith(b"\xd0\xcf\x11\xe0") and path.stat().st_size > max_unpacked_bytes():
        _raise_markup_size(path, name)


def _raise_markup_size(path: Path, name: str) -> None:
    raise _too_big(name, "isi", path.stat().st_size, max_unpacked_bytes())


def _check_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            declared, limit = sum(e.file_size for e in entries), max_unpacked_bytes()
            if declared > limit:
                raise _too_big(name, "isi", declared, limit)
            for entry in entries:
                if _SHEET.match(entry.filename):
                    with archive.open(entry) as stream:
                        _check_area(stream, name, _XlsxArea())
                elif entry.filename == "content.xml":
                    with archive.open(entry) as stream:
                        _check_area(stream, name, _OdsArea())
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise ImportFailed(f"Berkas {name} ditolak: arsip zip rusak ({exc}).") from exc


def _check_area(stream, name: str, area: _Area) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = area.start
    parser.EndElementHandler = area.end
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            area.check(name)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ImportFailed(f"Berkas {name} ditolak: isi lembar kerja bukan XML yang sah ({exc}).") from exc
    area.check(name)


class _Area:
    """The last row and column a sheet's cells reach, counted from its markup."""

    def __init__(self) -> None:
        self.row = 0  # 1-based row of the current (or last) row
        self.col = 0  # 1-based column of the last cell of the current row
        self.rows = 0
        self.cols = 0

    def start(self, tag: str, attrs: dict) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def end(self, tag: str) -> None:
        return None

    def check(self, name: str) -> None:
        if self.cols > MAX_COLUMNS or self.rows * self.cols > MAX_CELLS:
            raise ImportFailed(
                f"Berkas {name} ditolak: lembar kerjanya terisi sampai baris {number(self.rows)} kolom "
                f"{number(self.cols)} (batas {number(MAX_CELLS)} sel dan {number(MAX_COLUMNS)} kolom). "
                "Hapus sel kosong yang terformat di luar tabel, lalu simpan ulang."
            )


def _column(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


class _XlsxArea(_Area):
    def start(self, tag: str, attrs: dict) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            ref = attrs.get("r", "")
            self.row = int(ref) if ref.isdigit() else self.row + 1
            self.col = 0
            self.rows = max(self.rows, self.row)
        elif local == "c":
            match = _REF.match(attrs.get("r", ""))
            if match:
                self.col = _column(match.group(1))
                self.rows = max(self.rows, int(match.group(2)))
            else:
                self.col += 1
            self.cols = max(self.cols, self.col)


class _OdsArea(_Area):
    """Rows and cells repeated by ``number-*-repeated`` count only when they hold a value
    (LibreOffice closes every sheet with a million repeated empty rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.repeat = 1
        self.valued = False

    def start(self, tag: str, attrs: dict) -> None:
        local = tag.rpartition(":")[2]
        if local == "table":
            self.row = 0
        elif local == "table-row":
            self.repeat = _int(attrs.get("table:number-rows-repeated"))
            self.col, self.valued = 0, False
        elif local in ("table-cell", "covered-table-cell"):
            span = _int(attrs.get("table:number-columns-repeated"))
            if "office:value-type" in attrs:
                self.col += span
                self.cols = max(self.cols, self.col)
                self.valued = True
            else:
                self.col += 1

    def end(self, tag: str) -> None:
        if tag.rpartition(":")[2] == "table-row":
            self.row += self.repeat if self.valued else 1
            if self.valued:
                self.rows = max(self.rows, self.row)


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 1
