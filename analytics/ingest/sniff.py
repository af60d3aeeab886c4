"""What a file really is, from its bytes: the name's extension is never trusted.

One detection for the command line and the Impor Data page. Formats:

- ``xlsx`` (also ``.xlsm``, and an xlsx saved under another name such as ``.xls``): a zip
  holding ``xl/workbook.xml``; ``ods``: a zip whose ``mimetype`` is OpenDocument spreadsheet;
- ``xls``: the legacy binary workbook (an OLE container);
- ``html``: a web page (a "download as Excel" of many web applications is an HTML table
  saved as ``.xls``); ``xml2003``: Excel 2003 XML (SpreadsheetML), also often saved as ``.xls``;
- ``parquet``: ``PAR1`` at both ends;
- ``csv``: text, with its encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and its
  delimiter (comma, semicolon, tab, pipe, or the ``sep=`` line Excel writes) detected.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

FORMAT_LABELS = {
    "xlsx": "Excel (xlsx)",
    "xls": "Excel lama (xls)",
    "ods": "OpenDocument (ods)",
    "html": "halaman web HTML",
    "xml2003": "Excel 2003 XML",
    "parquet": "parquet",
    "csv": "teks CSV",
}
_HEAD_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t", "|")
DELIMITER_LABELS = {",": "koma", ";": "titik koma", "\t": "tab", "|": "garis tegak"}
# Tab, line feed and carriage return are the only control characters a CSV export holds.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


@dataclass(frozen=True)
class TextLayout:
    """How a CSV file is written: its encoding, delimiter and lines to skip before anything else."""

    encoding: str  # a Python codec name
    delimiter: str
    sep_line: bool  # the first line is Excel's "sep=;" hint

    @property
    def encoding_label(self) -> str:
        return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 dengan BOM", "utf-16": "UTF-16", "cp1252": "Windows-1252"}.get(
            self.encoding, self.encoding
        )


def detect_format(path: Path) -> str | None:
    """One of :data:`FORMAT_LABELS`' keys, or None when the bytes are no table at all."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
        size = fh.seek(0, io.SEEK_END)
        tail = b""
        if size >= 8:
            fh.seek(-4, io.SEEK_END)
            tail = fh.read(4)
    if not head:
        return None
    if head.startswith(b"PAR1") and tail == b"PAR1":
        return "parquet"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    text = decode_head(head, size > len(head))
    if text is None:
        return None
    markup = text[1:] if text.startswith("\ufeff") else text
    start = markup.lstrip()[:2048].lower()
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in markup[:_HEAD_BYTES]:
        return "xml2003"
    if start.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
        start.startswith("<") and "<table" in markup[:_HEAD_BYTES].lower()
    ):
        return "html"
    if any(ch in _CONTROL for ch in text.replace("\x00", "")) or "\x00" in text:
        return None
    return "csv"


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                return "ods"
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return None
    return None


def decode_head(head: bytes, truncated: bool) -> str | None:
    """The first bytes of a text file as text, in the first encoding that reads them."""
    encoding = head_encoding(head, truncated)
    if encoding is None:
        return None
    return codecs.getincrementaldecoder(encoding)(errors="strict").decode(head, final=not truncated)


def head_encoding(head: bytes, truncated: bool) -> str | None:
    """UTF-16 (by its BOM, or by a NUL in every other byte), UTF-8 (with or without BOM), else
    Windows-1252 as Excel saves "CSV" on Windows; None when none of them reads the bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return "utf-16-le"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=not truncated)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        return encoding
    return None


def text_layout(path: Path) -> TextLayout | None:
    """Encoding and delimiter of a CSV file (None when it is not text): the delimiter that
    splits the first lines into the same, largest number of fields."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
        more = bool(fh.read(1))
    encoding = head_encoding(head, more)
    if encoding is None:
        return None
    if encoding == "utf-8-sig" or encoding == "utf-8":
        # The whole file must be UTF-8, not only its head: else read it as Windows-1252.
        encoding = encoding if _all_utf8(path) else "cp1252"
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=not more)
    text = text.lstrip("\ufeff")
    lines = text.splitlines()[:40]
    if more and len(lines) > 1:
        lines = lines[:-1]  # the last line of the head may be cut
    sep_line = bool(lines) and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5
    if sep_line:
        return TextLayout(encoding, lines[0].strip()[4], True)
    return TextLayout(encoding, _best_delimiter(lines), False)


def _all_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _best_delimiter(lines: list[str]) -> str:
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delimiter))
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        width = max(widths)
        if width < 2:
            continue
        # Rows as wide as the widest: a header and its data rows agree on the delimiter.
        score = (sum(w == width for w in widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
